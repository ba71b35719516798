"""SAKTI-shaped exports of given budget lines, in the real layout (sample satker, tests, benchmarks).

`grid_glp039` lays budget lines out exactly as the real GLP039 exports do (title
block, two-row header, JUMLAH SELURUHNYA, one column per level, amounts in their
real columns, an item row under every akun, a footnote row ending every printed
page, and a line that wrapped over a page break repeated after it); `tulis_xlsx`
stores it the way SAKTI does (inline strings, a declared dimension of ``A1``).
`tulis_csv` is SAKTI's ``;`` save with Indonesian numbers; `tulis_monsakti` a
MonSAKTI detail. `python -m kinerja_xl.contoh_sakti` regenerates the sample
satker's exports in ``kinerja_xl/data/contoh_satker/sakti/``.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from kinerja_xl.domain.angka import baca_rupiah
from kinerja_xl.domain.sakti import BULAN_PANJANG, KOLOM_MONSAKTI, TINGKAT, BarisAnggaran, Laporan
from kinerja_xl.xml_teks import escape_text

LEBAR = 32  # columns A..AF
# level -> (code column, name column), 0-based, as in the real exports
_KOLOM = {
    "program": (1, 3),
    "kegiatan": (1, 8),
    "kro": (2, 6),
    "ro": (2, 10),
    "komponen": (4, 9),
    "subkomponen": (5, 11),
    "akun": (7, 12),
}
_ITEM = 13
_ANGKA = {"pagu": 16, "lock": 18, "lalu": 22, "ini": 23, "sd": 25, "persen": 28, "sisa": 30}
_ANGKA_JUMLAH = {**_ANGKA, "sd": 24, "sisa": 29}
CATATAN = (
    "*Lock Pagu adalah jumlah pagu yang sedang dalam proses usulan revisi DIPA atau POK. Lock pagu akan hilang "
    "setelah usulan revisi DIPA/POK selesai menjadi DIPA."
)
NAMA_LEMBAR = "GLP039_LAPORAN REALISASI SUPER "


def kode_tampil(b: BarisAnggaran) -> str:
    """The code as GLP039 prints it on its level's line (``WA.6336``, ``EBA.963``, ``051.0A``)."""
    s = b.segmen
    if b.tingkat == "kegiatan":
        return f"{s[0]}.{s[1]}"
    if b.tingkat == "ro":
        return f"{s[2]}.{s[3]}"
    if b.tingkat == "subkomponen":
        return f"{s[4]}.{s[5].rjust(2, '0')}"
    return s[-1]


def dengan_induk(akun: Sequence[BarisAnggaran], nama: dict[tuple[str, ...], str]) -> list[BarisAnggaran]:
    """Akun lines with every parent line before them, each parent the sum of its akun (depth-first order)."""
    pertama: dict[tuple[str, ...], int] = {}
    for a in akun:
        for d in range(1, len(a.segmen) + 1):
            pertama.setdefault(a.segmen[:d], len(pertama))
    urut = sorted(akun, key=lambda a: [pertama[a.segmen[:d]] for d in range(1, len(a.segmen) + 1)])
    induk: dict[tuple[str, ...], BarisAnggaran] = {}
    hasil: list[BarisAnggaran] = []
    for a in urut:
        for d in range(1, len(a.segmen)):
            s = a.segmen[:d]
            p = induk.get(s)
            if p is None:
                p = induk[s] = BarisAnggaran(TINGKAT[d - 1], s, nama.get(s, ""), 0)
                hasil.append(p)
            p.pagu, p.lock, p.lalu, p.ini, p.sd = (
                p.pagu + a.pagu,
                p.lock + a.lock,
                p.lalu + a.lalu,
                p.ini + a.ini,
                p.sd + a.sd,
            )
        hasil.append(a)
    return hasil


def _baris(sel: dict[int, Any]) -> list[Any]:
    r: list[Any] = [None] * LEBAR
    for j, v in sel.items():
        r[j] = v
    return r


def _angka(b: BarisAnggaran, kolom: dict[str, int]) -> dict[int, Any]:
    persen = b.sd / b.pagu if b.pagu else 0.0
    nilai = {
        "pagu": b.pagu,
        "lock": b.lock,
        "lalu": b.lalu,
        "ini": b.ini,
        "sd": b.sd,
        "persen": persen,
        "sisa": b.pagu - b.sd,
    }
    return {kolom[k]: v for k, v in nilai.items()}


def _judul(lap: Laporan, halaman: int, nama_ba: str, nama_es1: str) -> list[list[Any]]:
    bulan = BULAN_PANJANG[(lap.bulan or 1) - 1].capitalize()
    return [
        _baris({0: f"LAPORAN KETERSEDIAAN DANA DETAIL TA {lap.tahun}"}),
        _baris({0: "Per Program; Kegiatan; Output; SubOutput; Komponen; SubKomponen; Akun; Item;"}),
        _baris({0: f"Periode {bulan} {lap.tahun}"}),
        _baris({0: "Kementerian\t:", 14: lap.kode_ba, 15: nama_ba}),
        _baris({0: "Unit Organisasi\t", 14: lap.kode_es1, 15: nama_es1}),
        _baris(
            {0: "Satuan Kerja   \t:", 14: lap.kode_satker, 15: lap.nama_satker, 28: "Hal 1 dari", 31: f" {halaman}"}
        ),
        _baris({0: "Uraian", 17: "Pagu Revisi", 19: "Lock Pagu", 21: f"Realisasi TA {lap.tahun}", 30: "SISA ANGGARAN"}),
        _baris({21: "Periode Lalu", 23: "Periode Ini", 24: "s.d. Periode ", 27: "%"}),
    ]


def grid_glp039(
    lap: Laporan,
    *,
    per_halaman: int = 40,
    ulang_tiap: int = 2,
    nama_ba: str = "KOMISI PEMILIHAN UMUM",
    nama_es1: str = "SEKRETARIAT JENDERAL KOMISI PEMILIHAN UMUM",
) -> list[list[Any]]:
    """The cells of a GLP039 export of ``lap.baris`` (program..akun lines, parents already summed).

    Every ``per_halaman`` body rows a footnote row ends the page; on every ``ulang_tiap``-th
    page break the row before it is repeated after it (0: never).
    """
    akun = lap.akun
    total = BarisAnggaran(
        "program",
        (),
        "",
        sum(a.pagu for a in akun),
        sum(a.lock for a in akun),
        sum(a.lalu for a in akun),
        sum(a.ini for a in akun),
        sum(a.sd for a in akun),
    )
    badan: list[list[Any]] = []
    for b in lap.baris:
        kode, nama = _KOLOM[b.tingkat]
        badan.append(_baris({kode: kode_tampil(b), nama: b.uraian, **_angka(b, _ANGKA)}))
        if b.tingkat == "akun":
            item = replace(b, uraian=f"{b.baris or 1:06d}. {b.uraian}")
            badan.append(_baris({_ITEM: item.uraian, **_angka(item, _ANGKA)}))
    halaman: list[list[Any]] = []
    for i, r in enumerate(badan, start=1):
        halaman.append(r)
        if i % per_halaman == 0:
            halaman.append(_baris({1: CATATAN}))
            if ulang_tiap and (i // per_halaman) % ulang_tiap == 0:
                halaman.append(list(r))
    if not halaman or halaman[-1][1] != CATATAN:
        halaman.append(_baris({1: CATATAN}))
    n_hal = sum(1 for r in halaman if r[1] == CATATAN)
    jumlah = _baris({0: "JUMLAH SELURUHNYA", **_angka(total, _ANGKA_JUMLAH)})
    return [*_judul(lap, n_hal, nama_ba, nama_es1), jumlah, *halaman]


def _huruf(j: int) -> str:
    s = ""
    j += 1
    while j:
        j, r = divmod(j - 1, 26)
        s = chr(65 + r) + s
    return s


def _sel_xml(ref: str, v: Any) -> str:
    if isinstance(v, str):
        return f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{escape_text(v)}</t></is></c>'
    return f'<c r="{ref}"><v>{v!r}</v></c>' if isinstance(v, float) else f'<c r="{ref}"><v>{v}</v></c>'


_NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
_NS_R = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
_BAGIAN_TETAP = {
    "[Content_Types].xml": (
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
        'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships'
        '+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override '
        'PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.'
        'spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>'
    ),
    "_rels/.rels": (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
        'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
    ),
    "xl/_rels/workbook.xml.rels": (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
        'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://'
        'schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>'
    ),
    "xl/styles.xml": (
        f'<?xml version="1.0" encoding="UTF-8"?><styleSheet {_NS}><fonts count="1"><font><sz val="11"/>'
        '<name val="Calibri"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill>'
        '<patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/>'
        '<bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" '
        'borderId="0"/></cellStyleXfs><cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" '
        'xfId="0"/></cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
        "</styleSheet>"
    ),
    "xl/workbook.xml": (
        f'<?xml version="1.0" encoding="UTF-8"?><workbook {_NS} {_NS_R}><sheets><sheet name="{NAMA_LEMBAR}" '
        'sheetId="1" r:id="rId1"/></sheets></workbook>'
    ),
}


def tulis_xlsx(grid: Sequence[Sequence[Any]], path: Path | str) -> Path:
    """Store the cells as SAKTI does: inline strings and ``<dimension ref="A1"/>``; byte-identical on rerun."""
    baris = []
    for i, r in enumerate(grid, start=1):
        sel = "".join(_sel_xml(f"{_huruf(j)}{i}", v) for j, v in enumerate(r) if v is not None and v != "")
        baris.append(f'<row r="{i}">{sel}</row>')
    sheet = (
        f'<?xml version="1.0" encoding="UTF-8"?><worksheet {_NS} {_NS_R}><dimension ref="A1"/>'
        f"<sheetData>{''.join(baris)}</sheetData></worksheet>"
    )
    path = Path(path)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for nama, isi in [*_BAGIAN_TETAP.items(), ("xl/worksheets/sheet1.xml", sheet)]:
            z.writestr(zipfile.ZipInfo(nama, date_time=(1980, 1, 1, 0, 0, 0)), isi, zipfile.ZIP_DEFLATED)
    return path


def _angka_id(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    if isinstance(v, float):
        return f"{v:.2f}".replace(".", ",")
    if isinstance(v, int):
        return f"{v:,}".replace(",", ".")
    return str(v)


def tulis_csv(grid: Sequence[Sequence[Any]], path: Path | str) -> Path:
    """SAKTI's ``;``-separated save: the same rows, numbers written the Indonesian way (``500.919.458``)."""
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=";", lineterminator="\r\n")
    for r in grid:
        w.writerow([_angka_id(v) for v in r])
    Path(path).write_text(buf.getvalue(), encoding="utf-8")
    return Path(path)


def tulis_monsakti(
    akun: Sequence[BarisAnggaran],
    kode_satker: str,
    path: Path | str,
    nama_sub: dict[tuple[str, ...], str] | None = None,
) -> Path:
    """A MonSAKTI 'Download Data Detail' CSV: a header row (HEADER1=1) per sub-komponen, one item per akun line."""
    kolom = [
        *KOLOM_MONSAKTI[:8],
        "URAIAN_SUBKOMPONEN",
        "KODE_ITEM",
        "URAIAN_ITEM",
        "SUMBER_DANA",
        *KOLOM_MONSAKTI[8:],
        *(f"POK_NILAI_{b}" for b in range(1, 13)),
    ]
    baris = []
    sub_lalu: tuple[str, ...] | None = None
    for a in akun:
        s = a.segmen
        umum = {
            "KDSATKER": kode_satker,
            "KODE_PROGRAM": s[0],
            "KODE_KEGIATAN": s[1],
            "KODE_OUTPUT": s[2],
            "KODE_SUBOUTPUT": s[3],
            "KODE_KOMPONEN": s[4],
            "KODE_SUBKOMPONEN": s[5].rjust(2, "0"),
            "URAIAN_SUBKOMPONEN": (nama_sub or {}).get(s[:6], ""),
        }
        if s[:6] != sub_lalu:
            baris.append({**umum, "KODE_AKUN": s[6], "HEADER1": "1", "HEADER2": "0", "TOTAL": "0"})
            sub_lalu = s[:6]
        rpd = a.rpd or (0,) * 12
        baris.append(
            {
                **umum,
                "KODE_AKUN": s[6],
                "KODE_ITEM": "1",
                "URAIAN_ITEM": a.uraian,
                "SUMBER_DANA": a.sumber_dana or "RM",
                "HEADER1": "0",
                "HEADER2": "0",
                "TOTAL": str(a.pagu),
                **{f"POK_NILAI_{b}": str(v) for b, v in enumerate(rpd, 1)},
            }
        )
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=kolom, lineterminator="\r\n", restval="")
    w.writeheader()
    w.writerows(baris)
    Path(path).write_text(buf.getvalue(), encoding="utf-8")
    return Path(path)


def seri_bulanan(akun: Sequence[BarisAnggaran], realisasi: Sequence[Sequence[int]]) -> list[list[BarisAnggaran]]:
    """Akun lines per month 1..12: Periode Ini from ``realisasi[i][m]``, Lalu and s.d. chained."""
    hasil = []
    sd = [0] * len(akun)
    for m in range(12):
        bulan = []
        for i, a in enumerate(akun):
            ini = int(realisasi[i][m])
            bulan.append(replace(a, lalu=sd[i], ini=ini, sd=sd[i] + ini))
            sd[i] += ini
        hasil.append(bulan)
    return hasil


# --- the sample satker's exports ----------------------------------------------------------------

FOLDER_CONTOH = Path(__file__).resolve().parent / "data" / "contoh_satker" / "sakti"


def _rp(v: Any) -> int:
    return baca_rupiah(v) or 0


def berkas_contoh() -> list[Path]:
    """The sample satker's SAKTI exports, in the order the demo imports them."""
    return sorted(FOLDER_CONTOH.glob("GLP039_*.xlsx")) + sorted(FOLDER_CONTOH.glob("MonSAKTI_*.csv"))


def _sebelum_revisi(akun: list[BarisAnggaran], revisi: dict[tuple[str, ...], int]) -> list[BarisAnggaran]:
    """The DIPA before the mid-year revision: each revised RO's first akun carries the difference."""
    sisa = {ro: d for ro, d in revisi.items() if d}
    hasil = []
    for a in akun:
        d = sisa.pop(a.segmen[:4], 0)
        hasil.append(replace(a, pagu=a.pagu + d) if d else a)
    return hasil


def buat_contoh(folder: Path = FOLDER_CONTOH) -> list[Path]:
    """Twelve monthly GLP039 exports and a MonSAKTI detail of the sample satker's (clean) budget."""
    from kinerja_xl.contoh import _perbaiki, satker_contoh
    from kinerja_xl.template import contract as c

    tabel = _perbaiki(satker_contoh())
    konf = dict(zip(tabel[c.KONFIGURASI_TABLE.name]["Kunci"], tabel[c.KONFIGURASI_TABLE.name]["Nilai"], strict=True))
    pagu = tabel[c.PAGU_TABLE.name]
    nama: dict[tuple[str, ...], str] = {}
    revisi: dict[tuple[str, ...], int] = {}  # RO -> Pagu Awal minus Pagu (the revision made in July)
    akun, realisasi = [], []
    for r in pagu.to_dict("records"):
        seg = tuple(str(r["Kode"]).split("."))
        if len(seg) < 7:
            nama[seg] = r["Uraian"] or ""
            if len(seg) == 4 and r["Pagu Awal"]:
                revisi[seg] = _rp(r["Pagu Awal"]) - _rp(r["Pagu"])
            continue
        rpd = tuple(_rp(r[f"RPD {b}"]) for b in c.BULAN)
        akun.append(
            BarisAnggaran(
                "akun", seg, r["Uraian"] or "", _rp(r["Pagu"]), rpd=rpd, sumber_dana="RM", baris=len(akun) + 1
            )
        )
        realisasi.append([_rp(r[f"Realisasi {b}"]) for b in c.BULAN])
    folder.mkdir(parents=True, exist_ok=True)
    for lama in folder.glob("*"):
        lama.unlink()
    tahun = int(konf[c.Kunci.TAHUN])
    hasil = []
    for m, bulan in enumerate(seri_bulanan(akun, realisasi), start=1):
        if m <= 6:
            bulan = _sebelum_revisi(bulan, revisi)
        lap = Laporan(
            "",
            "GLP039",
            tahun,
            m,
            "076",
            "01",
            str(konf[c.Kunci.KODE_SATKER]),
            str(konf[c.Kunci.NAMA_SATKER]).upper(),
            baris=dengan_induk(bulan, nama),
        )
        hasil.append(
            tulis_xlsx(grid_glp039(lap), folder / f"GLP039_{m:02d}_{BULAN_PANJANG[m - 1].capitalize()}{tahun}.xlsx")
        )
    sub = {s: n for s, n in nama.items() if len(s) == 6}
    hasil.append(tulis_monsakti(akun, str(konf[c.Kunci.KODE_SATKER]), folder / f"MonSAKTI_Detail_{tahun}.csv", sub))
    return hasil


if __name__ == "__main__":  # pragma: no cover - the generator's command line
    for p in buat_contoh():
        print(p)

"""Build workbook/Template_LKj.xlsm from the repository, deterministically.

Every name comes from contract.py; the VBA comes from kinerja_xl/template/*.bas (ours), the pinned
xlwings package (xlwings.bas, Dictionary.cls) and the UDF wrappers generated from
kinerja_xl.xl.udfs. The VBA project is compiled with pyOpenVBA and embedded with
XlsxWriter's add_vba_project, so the same sources always give the same bytes (fixed
document dates; pyOpenVBA writes no timestamps).

Run: ``python -m kinerja_xl.template.build workbook/Template_LKj.xlsm``.
"""

from __future__ import annotations

import importlib
import importlib.util
import io
import re
import sys
import tempfile
import textwrap
import warnings
from datetime import datetime
from pathlib import Path

import xlsxwriter
import xlwings
from pyopenvba import ExcelFile, VBAModuleKind
from xlsxwriter.utility import xl_cell_to_rowcol, xl_col_to_name

from kinerja_xl.gateway.grafik_xlsxwriter import gambar_grafik
from kinerja_xl.template import contract as c
from kinerja_xl.template import petunjuk, ringkasan
from kinerja_xl.template.cetak import (  # noqa: F401 - WARNA_* re-exported: the builder's names
    BULAN_RA,
    GAYA_TINGKAT,
    TEKS_PANJANG,
    TINGGI_KEPALA,
    WARNA_KATEGORI,
    WARNA_TINGKAT,
    atur_xlsxwriter,
    format_kolom,
    lebar_bungkus,
    sifat_sel,
)
from kinerja_xl.template.profil import profil_bawaan
from kinerja_xl.template.vba_udf import modul_vba_udf

__all__ = ["bangun_template", "JUDUL", "sumber_vba", "nama_kode_lembar", "BARIS_AKHIR"]

# Data validation and conditional formatting cover this many rows: tables grow down.
BARIS_AKHIR = 5000
# Fixed so two builds of the same sources are byte-identical.
_TANGGAL_DOKUMEN = datetime(2025, 1, 1, 0, 0, 0)

_VBA_DIR = Path(__file__).resolve().parent  # KinerjaMacros.bas ships inside the package (no symlink)
_XLWINGS_DIR = Path(xlwings.__file__).resolve().parent

_WARNA_INPUT = "#FFF8DC"
_WARNA_RUMUS = "#EDEDED"

_BANTUAN = {
    c.KONFIGURASI: "Isi kolom Nilai (kuning). Versi Skema diisi oleh alat, jangan diubah.",
    c.PK: "Satu baris per indikator kinerja. Target ketik seperti di dokumen PK (95%, 1 laporan, BB).",
    c.REALISASI: "Satu baris per Kode Indikator di lembar PK. Realisasi kosong dihitung dari TW I–IV.",
    c.PAGU: "Isi dengan tombol Impor dari SAKTI (ekspor GLP039/MonSAKTI satker) atau ketik pagu dan realisasi dalam "
    "rupiah (angka bulat). Sisa dan Penyerapan dihitung otomatis.",
    c.REFERENSI: "Daftar kode anggaran dan uraiannya; tambahkan kode satker Anda bila belum ada.",
    c.PROFIL: "Teks BAB I, II dan IV LKj (ubah teks bawaan sesuai satker). Letakkan gambar logo satker di lembar "
    "ini bila ingin tampil di sampul.",
    c.RENSTRA: "Target Renstra setiap indikator per tahun (satu baris per indikator dan tahun); rentang boleh, "
    "misalnya 80-90%. Di kanan: Standar Nasional indikator bila ada (angka, rentang atau predikat, dengan "
    "sumbernya), dibandingkan di LKj.",
    c.RIWAYAT: "Realisasi indikator pada tahun-tahun sebelumnya (satu baris per indikator dan tahun).",
    c.CAPAIAN: "Diisi oleh tombol Hitung Capaian: capaian per indikator (kiri) dan per sasaran (kanan).",
    c.ANGGARAN: "Diisi oleh tombol Hitung Capaian: pagu, realisasi, sisa dan penyerapan per kode.",
    c.VALIDASI: "Diisi oleh tombol Validasi: setiap temuan dengan lembar dan sel asalnya.",
    c.NARASI: "Diisi oleh tombol Buat Narasi: paragraf BAB III LKj yang dapat disalin ke Word.",
    c.RINGKASAN: "Diisi oleh tombol Proses Semua: jumlah indikator per kategori, pagu, realisasi, penyerapan.",
    c.LOG: "Catatan setiap proses yang dijalankan alat.",
    c.RENCANA_AKSI: "Satu baris per kegiatan; tanda apa saja (√) di B1–B12 = bulan rencana, di Realisasi B1–B12 = "
    "bulan terlaksana. Kode Indikator kosong = lanjutan indikator baris di atasnya.",
    c.CAPAIAN_UNIT: "Diisi oleh tombol Proses Semua: capaian per unit kerja dan sasaran (kiri) dan narasinya (kanan).",
    c.RENCANA_AKSI_HASIL: "Diisi oleh tombol Proses Semua: bulan rencana yang terlaksana sampai Bulan Pelaporan.",
    c.MATRIKS_RENCANA_AKSI: "Diisi oleh tombol Proses Semua: matriks Rencana Aksi siap cetak.",
    **{
        lembar: "Diisi oleh tombol Proses Semua: naskah Perjanjian Kinerja dan lampirannya, siap cetak."
        for lembar in c.LEMBAR_PK_BAWAAN
    },
}
JUDUL = c.JUDUL_LEMBAR  # re-exported: the builder's and the tests' name
_HINT_TOMBOL = (
    "Tombol " + ", ".join(t[0] for t in c.TOMBOL[:-1]) + f" dan {c.TOMBOL[-1][0]} ada di lembar {c.PETUNJUK}."
)

# xlwings reads A1 downwards (no header row); keys are case-insensitive.
XLWINGS_CONF = (
    ("Interpreter_Win", ""),
    ("Interpreter_Mac", ""),
    ("PYTHONPATH", ""),
    ("Conda Path", ""),
    ("Conda Env", ""),
    ("UDF Modules", c.MODUL_UDF),
    ("Debug UDFs", False),
    ("Use UDF Server", False),
    ("Show Console", False),
)


def nama_kode_lembar(sheet: str) -> str:
    """VBA code name of a sheet: ``ws`` + its letters (xlwings.conf -> wsXlwingsConf)."""
    bagian = re.split(r"[^A-Za-z0-9]+", sheet)
    return "ws" + "".join(b[:1].upper() + b[1:] for b in bagian if b)


def _tabel_lembar(sheet: str) -> list[c.TableSpec]:
    return [t for t in c.TABLES if t.sheet == sheet]


def _kolom(spec: c.TableSpec) -> list[c.Kolom]:
    return c.kolom_template(spec)


# --- VBA --------------------------------------------------------------------------------


def _crlf(teks: str) -> str:
    return teks.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\r\n")


def _nama_modul(sumber: str, cadangan: str) -> str:
    m = re.search(r'^Attribute VB_Name = "([^"]+)"', sumber, re.M)
    return m.group(1) if m else cadangan


def sumber_vba() -> list[tuple[str, str, bool]]:
    """(module name, source, is class) of every module the template carries, in order.

    Ours from kinerja_xl/template/*.bas; xlwings.bas and Dictionary.cls from the installed (pinned)
    xlwings; the UDF wrappers when kinerja_xl.xl.udfs is importable.
    """
    modul: list[tuple[str, str, bool]] = []
    bas = sorted(_VBA_DIR.glob("*.bas")) or sorted(Path(__file__).parent.glob("*.bas"))
    if not bas:
        raise FileNotFoundError(f"Tidak ada modul VBA (*.bas) di {_VBA_DIR}.")
    for path in bas:
        teks = _crlf(path.read_text(encoding="utf-8"))
        modul.append((_nama_modul(teks, path.stem), teks, False))
    teks = _crlf((_XLWINGS_DIR / "xlwings.bas").read_text(encoding="utf-8"))
    modul.append((_nama_modul(teks, "xlwings"), teks, False))
    teks = _crlf((_XLWINGS_DIR / "addin" / "Dictionary.cls").read_text(encoding="utf-8"))
    modul.append(("Dictionary", teks, True))
    udf = _modul_udf()
    if udf is not None:
        teks = modul_vba_udf(udf)
        modul.append((_nama_modul(teks, "xlwings_udfs"), teks, False))
    return modul


def _modul_udf():
    """kinerja_xl.xl.udfs when it imports; None (with a warning) while it cannot.

    The committed template is checked against a fresh build, so a template built
    without the wrappers is caught as stale once the module imports again.
    """
    try:
        if importlib.util.find_spec(c.MODUL_UDF) is None:
            return None
        return importlib.import_module(c.MODUL_UDF)
    except ImportError as exc:
        warnings.warn(f"{c.MODUL_UDF} tidak dapat diimpor ({exc}); template dibangun tanpa UDF.", stacklevel=2)
        return None


def _vba_project() -> bytes:
    """Compile the modules into a vbaProject.bin whose document modules match our sheets.

    pyOpenVBA makes the document modules from the code names in workbook.xml, so a
    skeleton with the same sheets and code names is built first.
    """
    with tempfile.TemporaryDirectory(prefix="kinerja-vba-") as tmp:
        kerangka = Path(tmp) / "kerangka.xlsm"
        wb = xlsxwriter.Workbook(str(kerangka))
        wb.set_vba_name("ThisWorkbook")
        for sheet in c.SHEETS:
            wb.add_worksheet(sheet).set_vba_name(nama_kode_lembar(sheet))
        wb.close()
        hasil = Path(tmp) / "vba.xlsm"
        with ExcelFile(kerangka) as f:
            project = f.add_vba_project()
            for nama, sumber, kelas in sumber_vba():
                kind = VBAModuleKind.other if kelas else VBAModuleKind.standard
                project.add_module(nama, sumber, kind=kind)
            f.save(hasil)
        with ExcelFile(hasil) as f:
            return f.vba_project_bytes()


# --- sheets -----------------------------------------------------------------------------


class _Gaya:
    """The workbook's cell formats, made once."""

    def __init__(self, wb: xlsxwriter.Workbook) -> None:
        f = wb.add_format
        self.judul = f({"bold": True, "font_size": 14, "font_color": "#1F3864"})
        self.bantuan = f({"italic": True, "font_color": "#595959"})
        self.subjudul = f({"bold": True, "font_size": 12, "font_color": "#1F3864"})
        self.paragraf = f({"valign": "top"})
        # Header colours are written as cell formats too: LibreOffice and print preview
        # do not draw Excel's table styles.
        header = {"bold": True, "text_wrap": True, "valign": "vcenter", "border": 1, "border_color": "#BFBFBF"}
        self.header_input = f({**header, "bg_color": "#BF8F00", "font_color": "#FFFFFF"})
        self.header_output = f({**header, "bg_color": "#2F5597", "font_color": "#FFFFFF"})
        self.kunci = f({"bold": True, "bg_color": _WARNA_RUMUS, "border": 1, "border_color": "#BFBFBF"})
        self._cache: dict[tuple, object] = {}
        self._wb = wb

    def sel(self, *, input: bool, num_format: str = "General", wrap: bool = False, rumus: bool = False, jumlah=False):
        key = (input, num_format, wrap, rumus, jumlah)
        if key not in self._cache:
            props: dict = sifat_sel(num_format, wrap, jumlah=jumlah)
            if rumus:
                props["bg_color"] = _WARNA_RUMUS
            elif input:
                props["bg_color"] = _WARNA_INPUT
                props["locked"] = False
            self._cache[key] = self._wb.add_format(props)
        return self._cache[key]


def _lebar(kolom: c.Kolom, num_format: str) -> float:
    if kolom.header in TEKS_PANJANG:
        return TEKS_PANJANG[kolom.header]
    if BULAN_RA.match(kolom.header):
        return 6 if kolom.header.startswith("B") else 12
    lebar = max(len(kolom.header) + 4, 12)
    return max(lebar, 18) if num_format == "#,##0" else lebar


def _data_awal(spec: c.TableSpec) -> list[list]:
    kosong = [None] * len(_kolom(spec))
    if spec is c.KONFIGURASI_TABLE:
        nilai = {
            c.Kunci.VERSI_SKEMA: c.VERSI_SKEMA,
            c.Kunci.METODE_AGREGASI: c.METODE_AGREGASI[0],
            c.Kunci.JUDUL_RKT: c.JUDUL_RKT_BAWAAN,
        }
        return [[k, nilai.get(k)] for k in c.KUNCI_KONFIGURASI]
    if spec is c.SKALA_TABLE:
        return [[bawah, atas, kategori] for bawah, atas, kategori in c.SKALA_DEFAULT]
    if spec is c.SKALA_PREDIKAT_TABLE:
        return [list(baris) for baris in c.SKALA_PREDIKAT_BAWAAN]
    if spec is c.PROFIL_TABLE:
        return [[kunci, teks] for kunci, teks in profil_bawaan().items()]
    if spec is c.UNIT_TABLE:
        # The Sekretariat's Pejabat and NIP are formulas on Konfigurasi (written after the table).
        return [[kode, nama, None, None] for kode, nama in c.UNIT_BAWAAN]
    # One empty, styled row: the file writer copies its style per column.
    return [kosong]


def _tulis_tabel(ws, gaya: _Gaya, spec: c.TableSpec) -> tuple[int, int, int, int]:
    row0, col0 = xl_cell_to_rowcol(c.ANCHOR[spec.name])
    kolom = _kolom(spec)
    data = _data_awal(spec)
    rumus = c.RUMUS.get(spec.name, {})
    columns, jumlah = [], []  # jumlah: the total row's format per column (a table with one)
    for j, k in enumerate(kolom):
        num_format, wrap = format_kolom(spec, k)
        fmt = gaya.sel(input=spec.input, num_format=num_format, wrap=wrap, rumus=k.header in rumus)
        if spec is c.KONFIGURASI_TABLE and k.header == "Kunci":
            fmt = gaya.kunci
        col: dict = {
            "header": k.header,
            "format": fmt,
            "header_format": gaya.header_input if spec.input else gaya.header_output,
        }
        if k.header in rumus:
            col["formula"] = rumus[k.header]
        jumlah.append(gaya.sel(input=False, num_format=num_format, wrap=wrap, jumlah=True))
        columns.append(col)
        ws.set_column(col0 + j, col0 + j, _lebar(k, num_format))
    baris = max(len(data), 1) + 1 if spec.kolom_jumlah else len(data)  # + the total row, below one body row
    row1, col1 = row0 + baris, col0 + len(kolom) - 1
    ws.add_table(
        row0,
        col0,
        row1,
        col1,
        {
            "name": spec.name,
            "columns": columns,
            "data": data,
            "style": "Table Style Medium 9" if spec.input else "Table Style Medium 2",
            "banded_rows": True,
            "autofilter": True,
            "total_row": bool(spec.kolom_jumlah),
        },
    )
    for j, (k, fmt) in enumerate(zip(kolom, jumlah, strict=True) if spec.kolom_jumlah else ()):
        ws.write(
            row1, col0 + j, c.JUMLAH if k.header == spec.kolom_jumlah else None, fmt
        )  # the engine's totals go here
    if lebar_bungkus(spec):
        ws.set_row(row0, TINGGI_KEPALA)  # an output table's headers wrap in the printed widths
    if spec is c.UNIT_TABLE:
        _rumus_sekretariat(ws, gaya, row0, col0)  # after the table: its data would blank them
    return row0, col0, row1, col1


def _rumus_sekretariat(ws, gaya: _Gaya, row0: int, col0: int) -> None:
    """Pejabat and NIP of the Sekretariat row: looked up in tblKonfigurasi, never typed twice."""
    baris = row0 + 1 + [k for k, _ in c.UNIT_BAWAAN].index(c.KODE_UNIT_SEKRETARIAT)
    for j, kunci in ((2, c.Kunci.NAMA_SEKRETARIS), (3, c.Kunci.NIP_SEKRETARIS)):
        rumus = f'=IFERROR(INDEX(tblKonfigurasi[Nilai],MATCH("{kunci}",tblKonfigurasi[Kunci],0))&"","")'
        kolom = c.UNIT_TABLE.columns[j]
        ws.write_formula(baris, col0 + j, rumus, gaya.sel(input=True, num_format="@" if kolom.teks else "General"), "")


def _daftar_pilihan(judul: str, pilihan: tuple[str, ...]) -> dict:
    """A drop-down of fixed choices, with the Indonesian prompt and error Excel shows."""
    return {
        "validate": "list",
        "source": list(pilihan),
        "input_title": judul,
        "input_message": "Pilih dari daftar: " + ", ".join(pilihan),
        "error_title": "Nilai tidak dikenal",
        "error_message": f"{judul} harus salah satu dari: " + ", ".join(pilihan) + ".",
    }


def _validasi(ws, spec: c.TableSpec, row0: int, col0: int) -> None:
    for header, pilihan in c.DAFTAR_PILIHAN.get(spec.name, {}).items():
        col = col0 + [k.header for k in _kolom(spec)].index(header)
        ws.data_validation(row0 + 1, col, BARIS_AKHIR, col, _daftar_pilihan(header, pilihan))
    for header, rujukan in c.DAFTAR_RUJUKAN.get(spec.name, {}).items():
        col = col0 + [k.header for k in _kolom(spec)].index(header)
        tabel = rujukan.split("[", 1)[0]
        ws.data_validation(
            row0 + 1,
            col,
            BARIS_AKHIR,
            col,
            {
                "validate": "list",
                # Structured references are not allowed in a list source; INDIRECT makes the
                # list follow the table as rows are added.
                "source": f'=INDIRECT("{rujukan}")',
                "input_title": header,
                "input_message": f"Pilih dari daftar {tabel} di lembar Konfigurasi; kosong berarti Sekretariat.",
                "error_title": "Nilai tidak dikenal",
                "error_message": f"{header} harus salah satu Kode Unit dari tabel {tabel} (lembar Konfigurasi).",
            },
        )


def _validasi_konfigurasi(ws, row0: int, col0: int) -> None:
    for kunci, pilihan in c.PILIHAN_KONFIGURASI.items():
        row = row0 + 1 + c.KUNCI_KONFIGURASI.index(kunci)
        ws.data_validation(row, col0 + 1, row, col0 + 1, _daftar_pilihan(kunci, pilihan))


def _warna_menurut(
    ws, wb, spec: c.TableSpec, row0: int, col0: int, kunci: str, warna: dict[str, str], sasaran: tuple[str, ...]
) -> None:
    """Colour the `sasaran` columns of each row by the text of its `kunci` column."""
    headers = [k.header for k in _kolom(spec)]
    kol_kunci = xl_col_to_name(col0 + headers.index(kunci))
    first = row0 + 1
    for h in sasaran:
        col = col0 + headers.index(h)
        for teks, bg in warna.items():
            ws.conditional_format(
                first,
                col,
                BARIS_AKHIR,
                col,
                {
                    "type": "formula",
                    "criteria": f'=${kol_kunci}{first + 1}="{teks}"',
                    "format": wb.add_format({"bg_color": bg}),
                },
            )


def _gaya_tingkat(ws, wb, spec: c.TableSpec, row0: int, col0: int) -> None:
    """Anggaran's levels as a printed budget shows them (cetak.GAYA_TINGKAT), by the row's Tingkat:
    upper levels bold, the Uraian indented (a conditional format cannot indent: leading spaces in its
    number format do)."""
    headers = [k.header for k in _kolom(spec)]
    kol = xl_col_to_name(col0 + headers.index("Tingkat"))
    uraian = col0 + headers.index("Uraian")
    first = row0 + 1
    for tingkat, (tebal, inden) in GAYA_TINGKAT.items():
        kriteria = f'=${kol}{first + 1}="{tingkat}"'
        if tebal:
            ws.conditional_format(
                first, col0, BARIS_AKHIR, col0 + len(headers) - 1,
                {"type": "formula", "criteria": kriteria, "format": wb.add_format({"bold": True})},
            )  # fmt: skip
        if inden:
            fmt = wb.add_format({"num_format": '"' + " " * 3 * inden + '"@'})
            ws.conditional_format(
                first, uraian, BARIS_AKHIR, uraian, {"type": "formula", "criteria": kriteria, "format": fmt}
            )


def _tanda_validasi(ws, wb, spec: c.TableSpec, row0: int, col0: int) -> None:
    """Hide the mark column and colour every cell its row's marks name (the Excel door).

    A mark line reads "[galat:Target] pesan": a cell is coloured when its own
    header appears in such a line of its row, galat red before peringatan amber.
    """
    headers = [k.header for k in _kolom(spec)]
    kol_tanda = col0 + headers.index(c.KOLOM_TANDA.header)
    ws.set_column(kol_tanda, kol_tanda, 40, None, {"hidden": True})
    huruf_tanda = xl_col_to_name(kol_tanda)
    kiri = xl_col_to_name(col0)
    first = row0 + 1
    for tingkat in ("galat", "peringatan"):
        ws.conditional_format(
            first,
            col0,
            BARIS_AKHIR,
            kol_tanda - 1,
            {
                "type": "formula",
                "criteria": f'=ISNUMBER(SEARCH("[{tingkat}:"&{kiri}${row0 + 1}&"]",${huruf_tanda}{first + 1}))',
                "format": wb.add_format({"bg_color": WARNA_TINGKAT[tingkat]}),
                "stop_if_true": True,
            },
        )


def _cetak(ws, gaya: _Gaya, sheet: str) -> None:
    """The sheet's print layout from the one table (template/cetak.py), and the titles of its page parts."""
    tata = atur_xlsxwriter(ws, sheet)
    for alamat, judul in tata.judul_bagian if tata else ():
        r, k = xl_cell_to_rowcol(alamat)
        ws.write_string(r, k, judul, gaya.judul)


def _lembar_template_narasi(ws, gaya: _Gaya) -> None:
    """The override sheet: empty table, help naming every shipped template key."""
    from kinerja_xl.narasi.render import template_bawaan

    kunci = ", ".join(template_bawaan())
    _judul(
        ws,
        gaya,
        c.TEMPLATE_NARASI,
        f"Opsional: isi Kunci dengan nama template bawaan untuk menggantinya (Jinja2). Kunci: {kunci}. {_HINT_TOMBOL}",
    )


def _tombol(ws, baris: int = 2, tombol: tuple[tuple[str, str, str], ...] = c.TOMBOL, x_awal: int = 4) -> None:
    ws.set_row(baris, 30)
    for i, (caption, macro, _) in enumerate(tombol):
        ws.insert_button(
            baris,
            0,
            {
                "macro": macro,
                "caption": caption,
                "width": 140,
                "height": 32,
                "x_offset": x_awal + i * 148,
                "y_offset": 4,
            },
        )


def _judul(ws, gaya: _Gaya, sheet: str, bantuan: str | None) -> None:
    ws.write_string(0, 0, JUDUL[sheet], gaya.judul)
    ws.set_row(0, 22)
    if bantuan:
        ws.write_string(1, 0, bantuan, gaya.bantuan)


def _tulis_teks(ws, gaya: _Gaya, teks: petunjuk.Teks, row: int, lebar: int = 95) -> int:
    """Headings and paragraphs in column A, one row per line; returns the next free row.

    Lines are broken here: wrapped cells are broken differently by each renderer
    (LibreOffice clips the last word at the page edge)."""
    awal = row
    for jenis, isi in teks:
        if jenis == "h":
            row += 1 if row > awal else 0
            ws.write_string(row, 0, isi, gaya.subjudul)
            row += 1
            continue
        for i, baris in enumerate(textwrap.wrap(isi, lebar)):
            ws.write_string(row, 0, ("    " if i else "") + baris, gaya.paragraf)
            row += 1
    return row


def _lembar_petunjuk(ws, gaya: _Gaya) -> None:
    _judul(ws, gaya, c.PETUNJUK, "Template ini dibangun otomatis oleh kinerja_xl; jangan diubah strukturnya.")
    _tombol(ws)
    # Petunjuk's own buttons (Tahun Baru), right of the shared ones
    _tombol(ws, tombol=c.TOMBOL_LEMBAR.get(c.PETUNJUK, ()), x_awal=4 + 148 * len(c.TOMBOL))
    ws.set_column(0, 0, 100)
    _tulis_teks(ws, gaya, petunjuk.PETUNJUK, 4)
    ws.freeze_panes(3, 0)
    _cetak(ws, gaya, c.PETUNJUK)


def _lembar_catatan_teknis(ws, gaya: _Gaya) -> None:
    _judul(ws, gaya, c.CATATAN_TEKNIS, "Untuk petugas TI kantor: pemasangan dan hal teknis di balik tombol.")
    ws.set_column(0, 0, 100)
    _tulis_teks(ws, gaya, petunjuk.CATATAN_TEKNIS, 3)
    _cetak(ws, gaya, c.CATATAN_TEKNIS)


def _lembar_glosarium(ws, wb, gaya: _Gaya) -> None:
    """Every kind of finding from the rule registry, in words: a bordered table, wrapped text in rows
    whose height is set from the number of lines (renderers never guess it)."""
    _judul(ws, gaya, c.GLOSARIUM, "Arti setiap temuan di lembar Validasi dan cara memperbaikinya.")
    row = _tulis_teks(ws, gaya, petunjuk.GLOSARIUM_TINGKAT, 2, lebar=88)
    kepala = wb.add_format(
        {"bold": True, "border": 1, "bg_color": "#D9E1F2", "text_wrap": True, "valign": "top", "font_size": 10}
    )
    sel = wb.add_format({"border": 1, "text_wrap": True, "valign": "top", "font_size": 10})
    for i, (judul, lebar) in enumerate(petunjuk.GLOSARIUM_KOLOM):
        ws.set_column(i, i, lebar)
        ws.write_string(row + 1, i, judul, kepala)
    ws.set_row(row + 1, 15)
    for r, nilai in enumerate(petunjuk.glosarium(), start=row + 2):
        baris = 1
        for i, teks in enumerate(nilai):
            ws.write_string(r, i, teks, sel)
            baris = max(baris, len(textwrap.wrap(teks, int(petunjuk.GLOSARIUM_KOLOM[i][1] * 1.2)) or [""]))
        ws.set_row(r, 13 * baris + 3)
    _cetak(ws, gaya, c.GLOSARIUM)
    ws.repeat_rows(0, row + 1)  # the title and the table header on every page


def _lembar_xlwings_conf(ws, wb) -> None:
    catatan = wb.add_format({"italic": True, "font_color": "#595959"})
    for i, (kunci, nilai) in enumerate(XLWINGS_CONF):
        ws.write_string(i, 0, kunci)
        if isinstance(nilai, bool):
            ws.write_boolean(i, 1, nilai)
        elif nilai:
            ws.write_string(i, 1, nilai)
    ws.write_comment(
        0,
        1,
        "Isi dengan path lengkap python.exe (mis. C:\\Users\\nama\\AppData\\Local\\"
        "Programs\\Python\\Python311\\pythonw.exe) bila Python tidak ada di PATH.",
    )
    ws.write_string(
        len(XLWINGS_CONF) + 2,
        0,
        "Lembar pengaturan xlwings: kolom A kunci, kolom B nilai. Lihat docs/windows.md.",
        catatan,
    )
    ws.set_column(0, 0, 22)
    ws.set_column(1, 1, 60)
    ws.hide()


def _lembar_khusus(ws, wb, gaya: _Gaya, sheet: str) -> bool:
    """The sheets without tables (Petunjuk, the reading sheets, xlwings.conf); False for any other."""
    if sheet == c.PETUNJUK:
        _lembar_petunjuk(ws, gaya)
    elif sheet == c.XLWINGS_CONF:
        _lembar_xlwings_conf(ws, wb)
    elif sheet == c.CATATAN_TEKNIS:
        _lembar_catatan_teknis(ws, gaya)
    elif sheet == c.GLOSARIUM:
        _lembar_glosarium(ws, wb, gaya)
    else:
        return False
    return True


def _tulis_tabel_lembar(ws, wb, gaya: _Gaya, sheet: str) -> None:
    """Write the sheet's tables with their data validation and conditional colours (Kategori, Tingkat)."""
    for spec in _tabel_lembar(sheet):
        row0, col0, _, _ = _tulis_tabel(ws, gaya, spec)
        _validasi(ws, spec, row0, col0)
        if spec is c.KONFIGURASI_TABLE:
            _validasi_konfigurasi(ws, row0, col0)
        if spec in (c.CAPAIAN_TABLE, c.CAPAIAN_SASARAN_TABLE, c.CAPAIAN_UNIT_TABLE):
            _warna_menurut(ws, wb, spec, row0, col0, "Kategori", WARNA_KATEGORI, ("Capaian (%)", "Kategori"))
        if spec is c.VALIDASI_TABLE:
            _warna_menurut(ws, wb, spec, row0, col0, "Tingkat", WARNA_TINGKAT, ("Tingkat",))
        if spec is c.ANGGARAN_TABLE:
            _gaya_tingkat(ws, wb, spec, row0, col0)
        if spec.input:
            _tanda_validasi(ws, wb, spec, row0, col0)


def _grafik_ringkasan(ws, wb) -> None:
    """The Ringkasan's three charts, drawn once here over the fixed data blocks that Proses Semua fills
    (template/ringkasan.py); the doors never draw a chart. The block headers name the default skala's
    kategori until the first run writes the satker's own."""
    slot = ringkasan.slot_kategori([k for _, _, k in c.SKALA_DEFAULT])
    for nama, i in slot.items():
        ws.write_string(
            ringkasan.BLOK_SASARAN.kepala - 1, xl_cell_to_rowcol(ringkasan.KOLOM_KATEGORI[i] + "1")[1], nama
        )
    for g in ringkasan.GRAFIK_RINGKASAN:
        gambar_grafik(wb, ws, c.RINGKASAN, g)
    # As a run with no data leaves it: the empty charts show no empty categories nor unnamed series.
    # One empty row stays visible in each block: a chart whose every row is hidden is drawn by LibreOffice
    # with every series, hidden or not.
    for r in ringkasan.baris_tersembunyi(len(c.SKALA_DEFAULT), 1, 1):
        ws.set_row(r - 1, None, None, {"hidden": True})
    for h in ringkasan.kolom_tersembunyi(slot):
        k = xl_cell_to_rowcol(h + "1")[1]
        ws.set_column(k, k, None, None, {"hidden": True})
    ws.print_area(ringkasan.AREA_CETAK)


def _tulis_buku(target: Path | io.BytesIO, vba: bytes | None) -> None:
    wb = xlsxwriter.Workbook(
        target, {"strings_to_numbers": False, "strings_to_formulas": False, "strings_to_urls": False}
    )
    wb.set_properties(
        {
            "title": "Template Laporan Kinerja (LKj)",
            "subject": "Laporan Kinerja Sekretariat KPU Kabupaten/Kota",
            "author": "kinerja_xl",
            "company": "KPU",
            "keywords": f"LKj, SAKIP, kinerja_xl, skema {c.VERSI_SKEMA}",
            "comments": "Dibangun otomatis dari repositori kinerja_xl; jangan diubah dengan tangan.",
            "created": _TANGGAL_DOKUMEN,
        }
    )
    wb.set_vba_name("ThisWorkbook")
    if vba is not None:
        wb.add_vba_project(io.BytesIO(vba), is_stream=True)
    gaya = _Gaya(wb)

    for sheet in c.SHEETS:
        ws = wb.add_worksheet(sheet)
        ws.set_vba_name(nama_kode_lembar(sheet))
        if _lembar_khusus(ws, wb, gaya, sheet):
            continue
        masukan = sheet in c.INPUT_SHEETS
        if sheet in c.LEMBAR_DOKUMEN:
            _judul(ws, gaya, sheet, _BANTUAN[sheet])
            _cetak(ws, gaya, sheet)
            ws.protect("", {"format_cells": True, "format_columns": True, "format_rows": True})
            continue
        if sheet == c.TEMPLATE_NARASI:
            _lembar_template_narasi(ws, gaya)
        else:
            bantuan = _BANTUAN[sheet] + (f" {_HINT_TOMBOL}" if masukan else "")
            _judul(ws, gaya, sheet, bantuan)
        if masukan:
            ws.write_string(2, 0, "Sel kuning diisi; sel abu-abu berisi rumus (jangan ditimpa).", gaya.bantuan)
        if sheet in c.LEMBAR_TOMBOL:
            _tombol(ws)
        if sheet in c.TOMBOL_LEMBAR:
            _tombol(ws, tombol=c.TOMBOL_LEMBAR[sheet], x_awal=440)  # right of the "Sel kuning ..." line
        _tulis_tabel_lembar(ws, wb, gaya, sheet)
        if sheet == c.RINGKASAN:
            _grafik_ringkasan(ws, wb)
        ws.freeze_panes(c.BARIS_HEADER, 2 if sheet == c.PAGU else 0)
        _cetak(ws, gaya, sheet)
        if not masukan:
            # No password: the tool (xlwings) unprotects, writes and protects again.
            ws.protect(
                "",
                {"format_cells": True, "format_columns": True, "format_rows": True, "sort": True, "autofilter": True},
            )
    wb.close()


def bangun_template(path: Path | str) -> Path:
    """Build the macro-enabled template at `path` (parent folders created); return it."""
    path = Path(path)
    if path.suffix.lower() != ".xlsm":
        raise ValueError(f"Template harus berekstensi .xlsm, bukan {path.suffix or '(kosong)'}.")
    path.parent.mkdir(parents=True, exist_ok=True)
    vba = _vba_project()
    buf = io.BytesIO()
    _tulis_buku(buf, vba)
    path.write_bytes(buf.getvalue())
    return path


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    target = Path(args[0]) if args else Path("workbook/Template_LKj.xlsm")
    print(bangun_template(target))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

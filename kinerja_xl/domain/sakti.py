"""SAKTI exports as budget lines: recognise a report by its content and read its rows.

Pure functions over rows of cell values (what a door read from an xlsx or CSV);
no file is opened here. Two reports are recognised, never by file name:

- GLP039 "Laporan Ketersediaan Dana Detail": a title block (report title, period,
  BA, eselon I, satker), a two-row header, ``JUMLAH SELURUHNYA``, then one line per
  program, kegiatan, KRO, RO, komponen, sub-komponen, akun and item. The level of a
  line is told by the form of its code (``WA``, ``WA.6336``, ``EBA``, ``EBA.963``,
  ``051``, ``051.0A``, ``521211``, ``002514. Item``), not by its column, and the
  amount columns are learnt from the rows themselves (the export puts an amount one
  column left or right of its label, and the JUMLAH row elsewhere than the lines).
  Each printed page ends with a footnote row ``*Lock Pagu ...``; a line that wrapped
  over a page break is repeated after it with the same amounts and is read once.
- MonSAKTI "Anggaran - Download Data Detail" CSV: one row per item, columns by
  header name (KDSATKER, KODE_PROGRAM ... POK_NILAI_1..12).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from kinerja_xl.domain.angka import baca_rupiah
from kinerja_xl.domain.temuan import KinerjaError, NilaiTidakValid

JENIS_GLP039 = "GLP039"
JENIS_MONSAKTI = "MONSAKTI_DETAIL"
NAMA_JENIS = {JENIS_GLP039: "GLP039", JENIS_MONSAKTI: "MonSAKTI Detail"}
BULAN_PANJANG = (
    "januari",
    "februari",
    "maret",
    "april",
    "mei",
    "juni",
    "juli",
    "agustus",
    "september",
    "oktober",
    "november",
    "desember",
)
TINGKAT = ("program", "kegiatan", "kro", "ro", "komponen", "subkomponen", "akun")
NAMA_TINGKAT = {
    "program": "program",
    "kegiatan": "kegiatan",
    "kro": "KRO",
    "ro": "RO",
    "komponen": "komponen",
    "subkomponen": "sub-komponen",
    "akun": "akun",
}

# GLP039 amount fields in the order the report prints them, and the header label of each.
BIDANG = ("pagu", "lock", "lalu", "ini", "sd", "persen", "sisa")
_LABEL = {
    "pagu": "pagu revisi",
    "lock": "lock pagu",
    "lalu": "periode lalu",
    "ini": "periode ini",
    "sd": "s.d. periode",
    "persen": "%",
    "sisa": "sisa anggaran",
}

# MonSAKTI detail: headers a file must have, and the optional ones read when present.
KOLOM_MONSAKTI = (
    "KDSATKER",
    "KODE_PROGRAM",
    "KODE_KEGIATAN",
    "KODE_OUTPUT",
    "KODE_SUBOUTPUT",
    "KODE_KOMPONEN",
    "KODE_SUBKOMPONEN",
    "KODE_AKUN",
    "HEADER1",
    "HEADER2",
    "TOTAL",
)
# The code segments, program to akun, in the order a code is built.
_SLOT_MONSAKTI = KOLOM_MONSAKTI[KOLOM_MONSAKTI.index("KODE_PROGRAM") : KOLOM_MONSAKTI.index("KODE_AKUN") + 1]

DIKENALI = (
    "laporan SAKTI GLP039 'Laporan Ketersediaan Dana Detail' (xlsx, atau CSV bertanda ';' dari SAKTI): "
    "dicari judul 'LAPORAN KETERSEDIAAN DANA DETAIL', baris Periode/Kementerian/Satuan Kerja dan kolom "
    "'Pagu Revisi', 'Periode Ini', 's.d. Periode'; dan MonSAKTI 'Anggaran - Download Data Detail' (CSV): "
    "dicari kolom " + ", ".join(KOLOM_MONSAKTI) + " dan POK_NILAI_1..12"
)


class LayoutTidakDikenal(KinerjaError):
    """A file that is none of the recognised reports, or one whose rows do not fit its layout."""


class RekonsiliasiGagal(KinerjaError):
    """The source's own figures do not add up (exit 1): nothing is written."""

    def __init__(self, pesan: str, selisih: dict[str, int] | None = None) -> None:
        super().__init__(pesan)
        self.selisih = selisih or {"pagu": 0, "realisasi": 0}


@dataclass
class BarisAnggaran:
    """One budget line of a source at program..akun level, amounts in whole rupiah."""

    tingkat: str
    segmen: tuple[str, ...]  # the path from the program down: ("WA", "6336", "EBA", "963", "126", "A", "521211")
    uraian: str
    pagu: int
    lock: int = 0
    lalu: int = 0
    ini: int = 0
    sd: int = 0
    sumber_dana: str = ""
    rpd: tuple[int, ...] = ()
    baris: int = 0  # 1-based row in its file, for messages

    def kode(self, ba_es1: str) -> str:
        """The canonical code (``076.01.WA.6336.EBA.963.126.A.521211``)."""
        return ".".join((ba_es1, *self.segmen))

    @property
    def teks(self) -> str:
        return f"{NAMA_TINGKAT[self.tingkat]} {'.'.join(self.segmen)} (baris {self.baris})"


@dataclass
class Laporan:
    """One source file, read."""

    berkas: str
    jenis: str
    tahun: int | None = None
    bulan: int | None = None
    kode_ba: str = ""
    kode_es1: str = ""
    kode_satker: str = ""
    nama_satker: str = ""
    baris: list[BarisAnggaran] = field(default_factory=list)
    jumlah: dict[str, int] | None = None  # the JUMLAH SELURUHNYA row (GLP039)
    nama: dict[tuple[str, ...], str] = field(default_factory=dict)  # names of codes that are no line (MonSAKTI)

    @property
    def periode(self) -> str:
        if self.tahun and self.bulan:
            return f"{self.tahun}-{self.bulan:02d}"
        return str(self.tahun or "")

    @property
    def ba_es1(self) -> str:
        return f"{self.kode_ba}.{self.kode_es1}"

    @property
    def akun(self) -> list[BarisAnggaran]:
        return [b for b in self.baris if b.tingkat == "akun"]


# --- cells ------------------------------------------------------------------------------------


def _teks(v: Any) -> str:
    if v is None or isinstance(v, bool):
        return ""
    if isinstance(v, float):
        if v != v:
            return ""
        if v.is_integer():
            return str(int(v))
    return " ".join(str(v).split())


_RE_ANGKA = re.compile(r"^-?\d[\d.,]*$")


def _angka(v: Any) -> bool:
    """Does this cell hold a number (a float from xlsx, or Indonesian-formatted CSV text)?"""
    if isinstance(v, bool) or v is None:
        return False
    if isinstance(v, (int, float)):
        return v == v
    return bool(_RE_ANGKA.match(str(v).strip()))


def _rupiah(v: Any, tempat: str) -> int:
    try:
        n = baca_rupiah(v)
    except NilaiTidakValid as e:
        raise LayoutTidakDikenal(f"{tempat}: {e}") from None
    return 0 if n is None else n


# --- recognising ------------------------------------------------------------------------------


def _judul_glp039(rows: Sequence[Sequence[Any]]) -> bool:
    for r in rows[:15]:
        for v in r:
            if isinstance(v, str) and "KETERSEDIAAN DANA" in v.upper():
                return True
    return False


def _kepala_monsakti(rows: Sequence[Sequence[Any]]) -> dict[str, int] | None:
    if not rows:
        return None
    kepala = {_teks(v).upper(): j for j, v in enumerate(rows[0]) if _teks(v)}
    return kepala if all(k in kepala for k in KOLOM_MONSAKTI) else None


def kenali(rows: Sequence[Sequence[Any]], berkas: str) -> str:
    """Which report the rows are (JENIS_GLP039 / JENIS_MONSAKTI); LayoutTidakDikenal otherwise."""
    if _judul_glp039(rows):
        return JENIS_GLP039
    if _kepala_monsakti(rows) is not None:
        return JENIS_MONSAKTI
    raise LayoutTidakDikenal(f"Berkas '{berkas}' bukan laporan SAKTI yang dikenali. Yang dikenali: {DIKENALI}.")


def baca_laporan(rows: Sequence[Sequence[Any]], berkas: str) -> Laporan:
    """Recognise and read one source's rows."""
    jenis = kenali(rows, berkas)
    return baca_glp039(rows, berkas) if jenis == JENIS_GLP039 else baca_monsakti(rows, berkas)


# --- GLP039 -----------------------------------------------------------------------------------

_POLA = (
    ("program", re.compile(r"^([A-Z]{2})$")),
    ("kegiatan", re.compile(r"^([A-Z]{2})\.(\d{4})$")),
    ("kro", re.compile(r"^([A-Z]{3})$")),
    ("ro", re.compile(r"^([A-Z]{3})\.([0-9A-Z]{3})$")),
    ("komponen", re.compile(r"^(\d{3})$")),
    ("subkomponen", re.compile(r"^(\d{3})\.([0-9A-Z]{1,3})$")),
    ("akun", re.compile(r"^(\d{6})$")),
)
_RE_ITEM = re.compile(r"^\d{6}\.\s*\S")


def subkomponen_baku(teks: str) -> str:
    """SAKTI's ``0A`` (as in ``051.0A``) is the code form's ``A``."""
    kode = teks.strip().upper()
    tanpa_nol = kode.lstrip("0")
    return tanpa_nol if tanpa_nol.isalpha() else kode


# Patterns worth trying, by where the code's first dot is (one or two regex matches per row, not seven).
_POLA_MENURUT_TITIK = {
    -1: tuple(p for p in _POLA if p[0] in ("program", "kro", "komponen", "akun")),
    2: tuple(p for p in _POLA if p[0] == "kegiatan"),
    3: tuple(p for p in _POLA if p[0] in ("ro", "subkomponen")),
}


def _tingkat_kode(teks: str) -> tuple[str, re.Match[str]] | None:
    t = teks.strip().upper()
    for tingkat, pola in _POLA_MENURUT_TITIK.get(t.find("."), ()):
        m = pola.match(t)
        if m:
            return tingkat, m
    return None


@dataclass
class _Kepala:
    """Where the parts of a GLP039 sheet are."""

    baris_jumlah: int | None
    mulai_data: int
    kolom_angka: int  # the first column that can hold an amount
    peta: dict[int, str]  # column -> amount field


def _blok_judul(rows: Sequence[Sequence[Any]], lap: Laporan) -> int:
    """Read title, period, BA, eselon I and satker; return the row index of the column header."""
    for i, r in enumerate(rows[:30]):
        teks = [_teks(v) for v in r]
        kiri = next((t for t in teks if t), "").lower()
        nilai = [t for t in teks[1:] if t]
        gabung = " ".join(t for t in teks if t)
        if m := re.search(r"KETERSEDIAAN DANA.*?TA\s*(\d{4})", gabung.upper()):
            lap.tahun = int(m.group(1))
        elif m := re.match(r"periode\s+([a-z]+)\s+(\d{4})", kiri):
            if m.group(1) in BULAN_PANJANG:
                lap.bulan, lap.tahun = BULAN_PANJANG.index(m.group(1)) + 1, int(m.group(2))
        elif kiri.startswith("kementerian"):
            lap.kode_ba = next((t for t in nilai if re.fullmatch(r"\d{3}", t)), "")
        elif kiri.startswith("unit organisasi"):
            lap.kode_es1 = next((t for t in nilai if re.fullmatch(r"\d{2}", t)), "")
        elif kiri.startswith("satuan kerja"):
            kode = next((j for j, t in enumerate(nilai) if re.fullmatch(r"\d{6}", t)), None)
            if kode is not None:
                lap.kode_satker = nilai[kode]
                lap.nama_satker = next((t for t in nilai[kode + 1 :] if not t.lower().startswith("hal")), "")
        elif any(t.lower() == _LABEL["pagu"] for t in teks):
            return i
    kurang = [
        n
        for n, ada in (
            ("judul 'LAPORAN KETERSEDIAAN DANA DETAIL TA <tahun>'", lap.tahun),
            ("baris 'Periode <Bulan> <Tahun>'", lap.bulan),
            ("kode Kementerian (BA)", lap.kode_ba),
            ("kode Unit Organisasi", lap.kode_es1),
            ("kode Satuan Kerja", lap.kode_satker),
        )
        if not ada
    ]
    raise LayoutTidakDikenal(
        f"Berkas '{lap.berkas}' tampak seperti GLP039 tetapi tidak lengkap: tidak ditemukan "
        + ", ".join(kurang + ["baris judul kolom 'Pagu Revisi'"])
        + f". Yang dikenali: {DIKENALI}."
    )


def _kepala(rows: Sequence[Sequence[Any]], lap: Laporan, h: int) -> _Kepala:
    label: dict[str, int] = {}
    for r in rows[h : h + 2]:
        for j, v in enumerate(r):
            t = _teks(v).lower()
            for b, lb in _LABEL.items():
                if t == lb and b not in label:
                    label[b] = j
    kurang = [_LABEL[b] for b in BIDANG if b not in label]
    if kurang:
        raise LayoutTidakDikenal(
            f"Berkas '{lap.berkas}': judul kolom GLP039 tidak lengkap, tidak ditemukan "
            f"{', '.join(repr(k) for k in kurang)}. Yang dikenali: {DIKENALI}."
        )
    mulai = label["pagu"] - 1
    peta: dict[int, str] = {}
    # a row with all seven amounts shows which column is which field (JUMLAH row, top lines);
    # a few such rows show every column the layout uses
    lengkap = 0
    for r in rows[h + 2 :]:
        if lengkap >= 40:
            break
        kolom = [j for j in range(mulai, len(r)) if r[j] != "" and _angka(r[j])]
        if len(kolom) != len(BIDANG):
            continue
        lengkap += 1
        for j, b in zip(kolom, BIDANG, strict=True):
            if peta.setdefault(j, b) != b:
                raise LayoutTidakDikenal(f"Berkas '{lap.berkas}': kolom angka {j + 1} dipakai untuk dua judul kolom.")
    if "pagu" not in peta.values():
        raise LayoutTidakDikenal(
            f"Berkas '{lap.berkas}': tidak ada baris dengan ketujuh angka GLP039 (pagu, lock, "
            "realisasi periode lalu, periode ini, s.d. periode, %, sisa)."
        )
    jumlah = next(
        (i for i in range(h + 1, len(rows)) if any(_teks(v).upper() == "JUMLAH SELURUHNYA" for v in rows[i][:mulai])),
        None,
    )
    return _Kepala(jumlah, (jumlah if jumlah is not None else h + 1) + 1, mulai, peta)


def _angka_baris(r: Sequence[Any], kp: _Kepala, lap: Laporan, i: int) -> dict[str, int]:
    nilai = {"pagu": 0, "lock": 0, "lalu": 0, "ini": 0, "sd": 0, "sisa": 0}
    peta = kp.peta
    for j, v in enumerate(r[kp.kolom_angka :], kp.kolom_angka):
        if v == "" or v is None:
            continue
        angka = type(v) is float  # the common case (xlsx), without the text parser
        if not angka and not _angka(v):
            continue
        b = peta.get(j)
        if b is None:
            raise LayoutTidakDikenal(
                f"Berkas '{lap.berkas}' baris {i + 1}: angka {v!r} di kolom {j + 1} tidak berada "
                "di bawah judul kolom GLP039 mana pun."
            )
        if b != "persen":
            nilai[b] = int(v) if angka and v.is_integer() else _rupiah(v, f"Berkas '{lap.berkas}' baris {i + 1}")
    return nilai


def _kiri(r: Sequence[Any], batas: int) -> tuple[str, str] | None:
    """The first two texts left of the amounts (code, uraian); None for a row with none."""
    kode = None
    for v in r[:batas]:
        if v == "" or v is None:
            continue
        t = " ".join(v.split()) if type(v) is str else _teks(v)
        if not t:
            continue
        if kode is not None:
            return kode, t
        kode = t
    return None if kode is None else (kode, "")


def baca_glp039(rows: Sequence[Sequence[Any]], berkas: str) -> Laporan:
    """Read a GLP039 export: title block, JUMLAH SELURUHNYA and every line from program to akun."""
    lap = Laporan(berkas, JENIS_GLP039)
    kp = _kepala(rows, lap, _blok_judul(rows, lap))
    if kp.baris_jumlah is not None:
        lap.jumlah = _angka_baris(rows[kp.baris_jumlah], kp, lap, kp.baris_jumlah)
    jalur: list[str] = []
    terakhir: tuple[str, dict[str, int] | None] | None = None
    lewat_catatan = False
    for i in range(kp.mulai_data, len(rows)):
        kiri = _kiri(rows[i], kp.kolom_angka)
        if kiri is None:
            continue
        kode, uraian = kiri
        if kode.startswith("*"):
            lewat_catatan = True  # the footnote that ends a printed page
            continue
        kenal = _tingkat_kode(kode)
        if kenal is None and _RE_ITEM.match(kode):
            lewat_catatan, terakhir = False, (kode, None)  # an item: its akun carries the amounts
            continue
        angka = _angka_baris(rows[i], kp, lap, i)
        if (
            lewat_catatan
            and terakhir is not None
            and (kode == terakhir[0] or kenal is None)
            and (terakhir[1] is None or angka == terakhir[1])
        ):
            lewat_catatan = False  # the line before the page break, repeated: read once
            continue
        lewat_catatan, terakhir = False, (kode, angka)
        if kenal is None:
            raise LayoutTidakDikenal(
                f"Berkas '{berkas}' baris {i + 1}: kode '{kode}' bukan kode program, "
                "kegiatan, KRO, RO, komponen, sub-komponen, akun atau item GLP039."
            )
        tingkat, m = kenal
        jalur = _turun(jalur, tingkat, m, berkas, i)
        lap.baris.append(
            BarisAnggaran(
                tingkat,
                tuple(jalur),
                uraian,
                angka["pagu"],
                angka["lock"],
                angka["lalu"],
                angka["ini"],
                angka["sd"],
                baris=i + 1,
            )
        )
    if not lap.baris:
        raise LayoutTidakDikenal(f"Berkas '{berkas}' adalah GLP039 tanpa satu pun baris anggaran.")
    return lap


def _turun(jalur: list[str], tingkat: str, m: re.Match[str], berkas: str, i: int) -> list[str]:
    """The path after a line at ``tingkat``; a code whose prefix is not its parent's is refused."""
    d = TINGKAT.index(tingkat)
    if len(jalur) < d:
        raise LayoutTidakDikenal(
            f"Berkas '{berkas}' baris {i + 1}: {NAMA_TINGKAT[tingkat]} '{m.group(0)}' "
            f"muncul sebelum {NAMA_TINGKAT[TINGKAT[len(jalur)]]}-nya."
        )
    awalan = {"kegiatan": 0, "ro": 2, "subkomponen": 4}.get(tingkat)
    if awalan is not None and jalur[awalan] != m.group(1):
        raise LayoutTidakDikenal(
            f"Berkas '{berkas}' baris {i + 1}: {NAMA_TINGKAT[tingkat]} '{m.group(0)}' berada di "
            f"bawah {NAMA_TINGKAT[TINGKAT[awalan]]} '{jalur[awalan]}'."
        )
    kode = m.group(m.lastindex or 1)
    if tingkat == "subkomponen":
        kode = subkomponen_baku(kode)
    return [*jalur[:d], kode]


# --- MonSAKTI detail --------------------------------------------------------------------------


def _segmen_monsakti(nilai: dict[str, str]) -> tuple[str, ...]:
    """KRO/RO/sub-komponen may come as ``EBA.963`` or ``963``, ``051.0A`` or ``0A``: keep the last part."""
    seg = []
    for k in _SLOT_MONSAKTI:
        v = nilai[k].strip().upper().rsplit(".", 1)[-1]
        if k == "KODE_SUBKOMPONEN":
            v = subkomponen_baku(v)
        elif k == "KODE_KOMPONEN" and v.isdigit():
            v = v.zfill(3)
        seg.append(v)
    return tuple(seg)


def baca_monsakti(rows: Sequence[Sequence[Any]], berkas: str) -> Laporan:
    """Read a MonSAKTI detail: item rows summed per akun line and sumber dana (never merged across)."""
    kepala = _kepala_monsakti(rows)
    assert kepala is not None  # kenali() said so
    pok = [kepala.get(f"POK_NILAI_{b}") for b in range(1, 13)]
    lap = Laporan(berkas, JENIS_MONSAKTI)
    per_baris: dict[tuple[tuple[str, ...], str], BarisAnggaran] = {}
    satker: set[str] = set()
    for i, r in enumerate(rows[1:], start=1):
        sel = {k: _teks(r[j]) if j < len(r) else "" for k, j in kepala.items()}
        if not any(sel.values()):
            continue
        if sel["HEADER1"] not in ("", "0") or sel["HEADER2"] not in ("", "0"):
            continue  # a header row of the POK, not an amount
        tempat = f"Berkas '{berkas}' baris {i + 1}"
        segmen = _segmen_monsakti(sel)
        if not all(segmen):
            raise LayoutTidakDikenal(f"{tempat}: kode anggaran tidak lengkap ({'.'.join(segmen)}).")
        satker.add(sel["KDSATKER"])
        kunci = (segmen, sel.get("SUMBER_DANA", ""))
        b = per_baris.get(kunci)
        if b is None:
            b = per_baris[kunci] = BarisAnggaran(
                "akun", segmen, "", 0, sumber_dana=kunci[1], rpd=(0,) * 12, baris=i + 1
            )
        b.pagu += _rupiah(r[kepala["TOTAL"]], tempat)
        bulanan = [_rupiah(r[j], tempat) if j is not None and j < len(r) else 0 for j in pok]
        b.rpd = tuple(a + n for a, n in zip(b.rpd, bulanan, strict=True))
        if sel.get("URAIAN_SUBKOMPONEN"):
            lap.nama[segmen[:6]] = sel["URAIAN_SUBKOMPONEN"]
    if len(satker) > 1:
        raise LayoutTidakDikenal(f"Berkas '{berkas}' memuat lebih dari satu satker ({', '.join(sorted(satker))}).")
    if not per_baris:
        raise LayoutTidakDikenal(f"Berkas '{berkas}' adalah MonSAKTI Detail tanpa satu pun baris item.")
    lap.kode_satker = satker.pop()
    lap.baris = list(per_baris.values())
    return lap

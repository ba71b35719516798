"""KPU budget codes (kode anggaran): parse, validate, normalise, find the parent.

Two code systems live side by side in KPU workbooks: the structure used since
2021 (``076.01.CQ.6709.QGE.001.051.A.521211``: program, kegiatan, KRO, RO
(3 digits or capitals: ``001``, ``U09``),
komponen, sub-komponen, akun) and the older one (``076.01.01.3355.003``:
program, kegiatan, output). Staff type short forms (``3355.003``,
``(01.3355)``, ``6709.QGE.001``) with stray spaces and dots; every form is
turned into one canonical dotted code (``baku``) so that lines can be compared,
rolled up and matched with the reference list.

The column parser is vectorised (one regex pass per distinct code) because a
national DIPA detail has tens of thousands of lines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from kinerja_xl.domain.aturan import Jenis
from kinerja_xl.domain.kosakata import Tabel
from kinerja_xl.domain.sel import rekaman
from kinerja_xl.domain.sel import sel_kosong as _kosong
from kinerja_xl.domain.temuan import KinerjaError, Lokasi, NilaiTidakValid, Temuan

BA_ES1 = "076.01"  # Bagian Anggaran KPU, eselon I Sekretariat Jenderal
FORMAT_2021 = "2021"
FORMAT_LAMA = "lama"

# Slots from the top down; in the old format slot "ro" is the output and "kro" is empty.
SLOT = ("program", "kegiatan", "kro", "ro", "komponen", "subkomponen", "akun")
TINGKAT_LAMA = {"ro": "output"}
# The level names a row's tingkat may take (contract.TINGKAT_KODE).
TINGKAT = ("program", "kegiatan", "kro", "ro", "output", "komponen", "subkomponen", "akun")

KRO_KELAS = "ABCDEF"
KRO_PN = {"A": "P", "B": "Q", "C": "R", "D": "S", "F": "U"}  # E (dukungan manajemen) has no PN twin
_KRO_HURUF = KRO_KELAS + "".join(KRO_PN.values())

# An RO (sub-output) is 3 characters, digits or capitals: 001, 994, and in SAKTI exports 963 or U09.
_RO = r"[0-9A-Z]{3}"
_SEG_BAWAH = r"(?:\.(?P<{p}_komponen>\d{{3}})(?:\.(?P<{p}_subkomponen>[A-Z]{{1,2}})(?:\.(?P<{p}_akun>\d{{6}}))?)?)?"
_RE_2021 = (
    r"(?:(?:076\.01\.)?(?P<a_program>[A-Z]{2})\.)?(?P<a_kegiatan>\d{4})"
    rf"\.(?P<a_kro>[{_KRO_HURUF}][A-Z]{{2}})(?:\.(?P<a_ro>{_RO})" + _SEG_BAWAH.format(p="a") + r")?"
)
_RE_2021_ATAS = r"(?:076\.01\.)?(?P<b_program>[A-Z]{2})(?:\.(?P<b_kegiatan>\d{4}))?"
_RE_LAMA = (
    r"(?:(?:076\.01\.)?(?P<c_program>\d{2})\.)?(?P<c_kegiatan>\d{4})"
    r"(?:\.(?P<c_ro>\d{3})" + _SEG_BAWAH.format(p="c") + r")?"
)
_RE_LAMA_ATAS = r"076\.01\.(?P<d_program>\d{2})"
_RE_KODE = re.compile(rf"^(?:{_RE_2021}|{_RE_2021_ATAS}|{_RE_LAMA}|{_RE_LAMA_ATAS})$")
_GRUP = [
    ("a", ("program", "kegiatan", "kro", "ro", "komponen", "subkomponen", "akun"), FORMAT_2021),
    ("b", ("program", "kegiatan"), FORMAT_2021),
    ("c", ("program", "kegiatan", "ro", "komponen", "subkomponen", "akun"), FORMAT_LAMA),
    ("d", ("program",), FORMAT_LAMA),
]
_RE_BERSIH = re.compile(r"^[0-9A-Z]+(?:\.[0-9A-Z]+)*$")
_RE_PEMISAH = re.compile(r"\s*[.,/\\\-–]\s*|\s+")


def normalkan(teks: object) -> str:
    """What staff typed -> dotted upper-case text (``( 01. 3355 )`` -> ``01.3355``)."""
    if teks is None:
        return ""
    if isinstance(teks, float):
        if teks != teks:  # NaN: an empty cell
            return ""
        if teks.is_integer():
            teks = int(teks)
    s = str(teks).strip().upper()
    s = re.sub(r"[()\[\]]", " ", s).strip()
    s = _RE_PEMISAH.sub(".", s)
    s = re.sub(r"\.{2,}", ".", s).strip(".")
    return s


def _diagnosa(norm: str) -> str:
    """An Indonesian explanation of why a normalised code does not fit any pattern."""
    if not norm:
        return "Kode kosong."
    seg = norm.split(".")
    if seg[:2] == ["076", "01"]:
        seg = seg[2:]
    elif seg[0] == "076" or (len(seg[0]) == 3 and seg[0].isdigit() and len(seg) > 1 and seg[1] == "01"):
        return f"Awalan {seg[0]}.{seg[1] if len(seg) > 1 else ''} bukan kode BA.Eselon I KPU (076.01)."
    if not seg:
        return "Kode hanya berisi BA.Eselon I (076.01) tanpa program."
    if re.fullmatch(r"[A-Z]{2}|\d{2}", seg[0]):
        seg = seg[1:]
    if not seg:
        return "Kode program tidak dikenali."
    if not re.fullmatch(r"\d{4}", seg[0]):
        return (
            f"Segmen '{seg[0]}' seharusnya kode kegiatan 4 angka (mis. 6709 atau 3355) atau kode program (CQ, WA, 01)."
        )
    if len(seg) == 1:
        return "Kode tidak dikenali."
    if re.fullmatch(r"[A-Z]{3}", seg[1]):
        if seg[1][0] not in _KRO_HURUF:
            return (
                f"KRO '{seg[1]}' berawalan huruf {seg[1][0]}; huruf pertama KRO harus salah satu "
                f"kelas {', '.join(_KRO_HURUF)}."
            )
        harap = [
            ("RO", _RO, "3 karakter angka atau huruf kapital (mis. 001 atau U09)"),
            ("komponen", r"\d{3}", "3 angka"),
            ("sub-komponen", r"[A-Z]{1,2}", "1-2 huruf"),
            ("akun", r"\d{6}", "6 angka"),
        ]
        sisa = seg[2:]
    elif re.fullmatch(r"\d+", seg[1]) and not re.fullmatch(r"\d{3}", seg[1]):
        return (
            f"Segmen '{seg[1]}' setelah kegiatan {seg[0]} seharusnya 3 angka (output, mis. {seg[0]}.003) "
            "atau KRO 3 huruf (mis. QGE). Bila kode diketik sebagai angka, Excel membuang nol di belakang: "
            "ketik kode sebagai teks."
        )
    elif re.fullmatch(r"\d{3}", seg[1]):
        harap = [
            ("komponen", r"\d{3}", "3 angka"),
            ("sub-komponen", r"[A-Z]{1,2}", "1-2 huruf"),
            ("akun", r"\d{6}", "6 angka"),
        ]
        sisa = seg[2:]
    else:
        return f"Segmen '{seg[1]}' setelah kegiatan {seg[0]} bukan KRO (3 huruf) dan bukan output (3 angka)."
    for i, s in enumerate(sisa):
        if i >= len(harap):
            return f"Kode terlalu panjang: segmen '{s}' setelah akun tidak dikenal."
        nama, pola, uraian = harap[i]
        if not re.fullmatch(pola, s):
            return f"Segmen {nama} '{s}' seharusnya {uraian}."
    return "Kode tidak sesuai pola kode anggaran KPU."


def _pesan_format(teks: object, norm: str) -> str:
    return (
        f"Kode '{teks}' tidak sesuai pola kode anggaran KPU: {_diagnosa(norm)} "
        "Contoh yang benar: 076.01.CQ.6709.QGE.001 (sejak 2021) atau 076.01.01.3355.003 / 3355.003 (sebelum 2021)."
    )


# --- reference list --------------------------------------------------------------------

_KOLOM_REF = ["kode", "uraian", "tingkat"]


@lru_cache(maxsize=1)
def _referensi_bawaan() -> pd.DataFrame:
    # a path beside the package: works for a source tree, a wheel and the editable install
    berkas = Path(__file__).resolve().parent.parent / "data" / "referensi_kode.csv"
    df = pd.read_csv(berkas, dtype=str, keep_default_na=False, encoding="utf-8")
    return df[_KOLOM_REF + ["sumber"]]


def _peta_program(ref: pd.DataFrame) -> dict[str, dict[str, str]]:
    """kegiatan -> program per format, from reference rows at kegiatan level."""
    peta: dict[str, dict[str, str]] = {FORMAT_2021: {}, FORMAT_LAMA: {}}
    for kode in ref.loc[ref["tingkat"] == "kegiatan", "kode"]:
        seg = kode.split(".")
        if len(seg) == 4 and seg[:2] == ["076", "01"]:
            fmt = FORMAT_2021 if seg[2].isalpha() else FORMAT_LAMA
            peta[fmt].setdefault(seg[3], seg[2])
    return peta


def _kunci_referensi(teks: object, tingkat: str | None, peta: dict[str, dict[str, str]]) -> tuple[str, str] | None:
    """A reference row's code -> (kode, tingkat); national KRO/RO codes stay bare (``EBA``, ``EBA.994``)."""
    norm = normalkan(teks)
    t = (tingkat or "").strip().lower().replace("-", "").replace(" ", "")
    if re.fullmatch(r"[A-Z]", norm) and t in ("", "kelas_kro", "kelaskro"):
        return norm, "kelas_kro"
    if re.fullmatch(rf"[{_KRO_HURUF}][A-Z]{{2}}", norm) and t in ("", "kro"):
        return norm, "kro"
    if re.fullmatch(rf"[{_KRO_HURUF}][A-Z]{{2}}\.{_RO}", norm) and t in ("", "ro"):
        return norm, "ro"
    kode = _parse(norm, peta)
    if kode is None:
        return None
    return kode[0], kode[2]


def muat_referensi_dengan_temuan(tambahan: pd.DataFrame | None = None) -> tuple[pd.DataFrame, list[Temuan]]:
    """The shipped reference list merged with the user's rows, plus findings on unreadable user rows.

    A user row wins over a shipped row with the same code (the user knows this year's names).
    """
    bawaan = _referensi_bawaan()[_KOLOM_REF].copy()
    temuan: list[Temuan] = []
    if tambahan is None or len(tambahan) == 0:
        return bawaan.reset_index(drop=True), temuan
    peta = _peta_program(bawaan)
    baris_baru = []
    for i, row in enumerate(rekaman(tambahan)):
        kode_raw = row.get("kode")
        uraian = row.get("uraian")
        if all(_kosong(v) for v in (kode_raw, uraian, row.get("tingkat"))):
            continue
        tingkat = None if _kosong(row.get("tingkat")) else str(row.get("tingkat"))
        kunci = None if _kosong(kode_raw) else _kunci_referensi(kode_raw, tingkat, peta)
        if kunci is None:
            temuan.append(
                Temuan(
                    Jenis.KODE_FORMAT,
                    f"Kode referensi '{'' if _kosong(kode_raw) else kode_raw}' tidak dapat dibaca; "
                    "baris referensi ini diabaikan. " + _diagnosa(normalkan(kode_raw)),
                    lokasi=Lokasi(tabel=Tabel.REFERENSI, baris=i, kolom="kode"),
                    kode="" if _kosong(kode_raw) else str(kode_raw),
                    nilai_tercatat=None if _kosong(kode_raw) else str(kode_raw),
                )
            )
            continue
        baris_baru.append(
            {"kode": kunci[0], "uraian": "" if _kosong(uraian) else str(uraian).strip(), "tingkat": kunci[1]}
        )
        if kunci[1] == "kegiatan":
            seg = kunci[0].split(".")
            if len(seg) == 4:
                peta[FORMAT_2021 if seg[2].isalpha() else FORMAT_LAMA].setdefault(seg[3], seg[2])
    if baris_baru:
        user = pd.DataFrame(baris_baru, columns=_KOLOM_REF)
        gabung = pd.concat([user, bawaan], ignore_index=True)
        gabung = gabung.drop_duplicates("kode", keep="first").reset_index(drop=True)
        return gabung, temuan
    return bawaan.reset_index(drop=True), temuan


def muat_referensi(tambahan: pd.DataFrame | None = None) -> pd.DataFrame:
    """Reference list of KPU program/kegiatan/KRO/RO codes: columns kode (baku), uraian, tingkat."""
    return muat_referensi_dengan_temuan(tambahan)[0]


# --- parsing ---------------------------------------------------------------------------


def _parse(norm: str, peta: dict[str, dict[str, str]]) -> tuple[str, str, str, tuple[tuple[str, str], ...]] | None:
    """Normalised text -> (baku, format, tingkat, segmen) or None when it fits no pattern."""
    m = _RE_KODE.match(norm)
    if m is None:
        return None
    g = m.groupdict()
    for p, slots, fmt in _GRUP:  # noqa: B007 - the matching group's format is used after the loop
        if g.get(f"{p}_program") is not None or g.get(f"{p}_kegiatan") is not None:
            nilai = {s: g.get(f"{p}_{s}") for s in slots}
            break
    else:  # pragma: no cover - the regex guarantees one group matched
        return None
    if p == "c" and nilai["program"] is None and nilai["ro"] is None:
        # a bare kegiatan: its format is that of the program the reference knows for it
        if nilai["kegiatan"] not in peta[FORMAT_LAMA] and nilai["kegiatan"] in peta[FORMAT_2021]:
            fmt = FORMAT_2021
    if nilai.get("program") is None and nilai.get("kegiatan") is not None:
        nilai["program"] = peta[fmt].get(nilai["kegiatan"])
    segmen = tuple(
        (TINGKAT_LAMA.get(s, s) if fmt == FORMAT_LAMA else s, nilai[s]) for s in SLOT if nilai.get(s) is not None
    )
    isi = ".".join(v for _, v in segmen)
    baku = f"{BA_ES1}.{isi}" if nilai.get("program") is not None else isi
    return baku, fmt, segmen[-1][0], segmen


@dataclass(frozen=True)
class Kode:
    """One parsed budget code."""

    teks: str
    baku: str
    format: str
    tingkat: str
    segmen: tuple[tuple[str, str], ...]

    @property
    def induk(self) -> str | None:
        """Canonical code of the parent line; None at the top of what is known."""
        if len(self.segmen) <= 1:
            return None
        isi = ".".join(v for _, v in self.segmen[:-1])
        return f"{BA_ES1}.{isi}" if self.segmen[0][0] == "program" else isi

    @property
    def program(self) -> str | None:
        return dict(self.segmen).get("program")

    @property
    def kegiatan(self) -> str | None:
        return dict(self.segmen).get("kegiatan")


@lru_cache(maxsize=1)
def _peta_bawaan() -> dict[str, dict[str, str]]:
    return _peta_program(_referensi_bawaan())


def parse_kode(teks: object) -> Kode:
    """Parse one code as typed; raises NilaiTidakValid with an Indonesian reason."""
    if _kosong(teks):
        raise NilaiTidakValid("Kode anggaran kosong.")
    if not isinstance(teks, (str, int, float)) or isinstance(teks, bool):
        raise NilaiTidakValid(f"Kode anggaran '{teks}' bukan teks.")
    norm = normalkan(teks)
    hasil = _parse(norm, _peta_bawaan())
    if hasil is None:
        raise NilaiTidakValid(_pesan_format(teks, norm))
    baku, fmt, tingkat, segmen = hasil
    return Kode(str(teks), baku, fmt, tingkat, segmen)


def kode_valid(teks: object) -> bool:
    try:
        parse_kode(teks)
    except KinerjaError:
        return False
    return True


def kode_induk(teks: object) -> str | None:
    """Canonical code of the parent; None at the top or when the code is invalid."""
    try:
        return parse_kode(teks).induk
    except KinerjaError:
        return None


def tingkat_kode(teks: object) -> str | None:
    try:
        return parse_kode(teks).tingkat
    except KinerjaError:
        return None


# --- jenis belanja ---------------------------------------------------------------------

_JENIS_521 = {
    "521": "barang",
    "522": "jasa",
    "523": "pemeliharaan",
    "524": "perjalanan",
    "525": "barang_blu",
    "526": "barang_diserahkan",
}
_JENIS_2 = {
    "51": "pegawai",
    "53": "modal",
    "54": "bunga",
    "55": "subsidi",
    "56": "hibah",
    "57": "bantuan_sosial",
    "58": "lain_lain",
}
KELOMPOK_BELANJA = {"51": "pegawai", "52": "barang", "53": "modal"}


def jenis_belanja(akun: object) -> str | None:
    """Jenis belanja from an akun (6 digits, or a full code ending in one); None if not an akun.

    51 pegawai; 52 barang, split 521 barang, 522 jasa, 523 pemeliharaan, 524 perjalanan; 53 modal.
    """
    if _kosong(akun) or isinstance(akun, bool):
        return None
    if isinstance(akun, float):
        if not akun.is_integer():
            return None
        akun = int(akun)
    s = normalkan(akun)
    if not re.fullmatch(r"\d{6}", s):
        try:
            k = parse_kode(akun)
        except KinerjaError:
            return None
        if k.tingkat != "akun":
            return None
        s = k.segmen[-1][1]
    return _jenis_dari_akun(s)


def _jenis_dari_akun(s: str) -> str | None:
    if s[:2] == "52":
        return _JENIS_521.get(s[:3], "barang")
    return _JENIS_2.get(s[:2])


def kelompok_belanja(akun: str) -> str | None:
    """The two-digit group of an akun: pegawai, barang, modal (None outside 51-53)."""
    return KELOMPOK_BELANJA.get(str(akun)[:2])


# --- vectorised column parser ----------------------------------------------------------

KOLOM_PARSE = ["baku", "format", "tingkat", "induk", "valid", "pesan", "kedalaman", *SLOT]


def parse_kode_kolom(
    s: pd.Series, referensi: pd.DataFrame | None = None, program_tambahan: dict[str, dict[str, str]] | None = None
) -> pd.DataFrame:
    """Parse a whole column of typed codes at once.

    Returns one row per input row (same index) with columns baku, format, tingkat,
    induk, valid, pesan (Indonesian reason when invalid), kedalaman (0 = top of
    what is known) and one column per slot (program, kegiatan, kro, ro, komponen,
    subkomponen, akun). ``program_tambahan`` adds kegiatan -> program pairs (per
    format) learnt from the table itself, used before the reference's.
    Each distinct code is parsed once.
    """
    if len(s) == 0:
        return pd.DataFrame({c: pd.Series([], dtype=object) for c in KOLOM_PARSE}, index=s.index)
    peta = _peta_kolom(referensi, program_tambahan)
    kode_unik, posisi = _faktor(s.to_numpy(dtype=object))
    norm = _normal_unik(kode_unik)
    slot_val, fmt = _slot_format(norm)
    valid = fmt.notna().to_numpy()
    _lengkapi_program(slot_val, fmt, peta)
    hasil_unik = _pohon_unik(slot_val, fmt, valid)
    pesan = np.full(len(kode_unik), None, dtype=object)
    for i in np.flatnonzero(~valid):
        pesan[i] = _pesan_format(kode_unik[i], norm[i]) if not _kosong(kode_unik[i]) else "Kode anggaran kosong."
    hasil_unik["pesan"] = pesan
    df = pd.DataFrame({k: v[posisi] for k, v in hasil_unik.items()}, index=s.index)
    df["valid"] = df["valid"].astype(bool)
    df["kedalaman"] = df["kedalaman"].astype(np.int64)
    return df[[*_KOLOM_URUT, *[k for k in df.columns if k not in _KOLOM_URUT]]]


_KOLOM_URUT = ("baku", "format", "tingkat", "induk", "valid", "pesan", "kedalaman")


def _peta_kolom(
    referensi: pd.DataFrame | None, tambahan: dict[str, dict[str, str]] | None
) -> dict[str, dict[str, str]]:
    """kegiatan -> program per format: the table's own pairs first, then the reference's."""
    peta = _peta_program(referensi) if referensi is not None else {k: dict(v) for k, v in _peta_bawaan().items()}
    for fmt, pasangan in (tambahan or {}).items():
        peta[fmt] = {**peta[fmt], **pasangan}
    return peta


def _normal_unik(kode_unik: np.ndarray) -> np.ndarray:
    """Normalise only what is not already clean dotted upper-case text."""
    norm = np.empty(len(kode_unik), dtype=object)
    for i, v in enumerate(kode_unik):
        norm[i] = v if (type(v) is str and _RE_BERSIH.match(v)) else normalkan(v)
    return norm


def _slot_format(norm: np.ndarray) -> tuple[dict[str, pd.Series], pd.Series]:
    """Each code's segments per slot and its format (None when no pattern matches)."""
    m = len(norm)
    ext = pd.Series(norm, dtype=object).str.extract(_RE_KODE)
    slot_val = {sl: pd.Series([None] * m, dtype=object) for sl in SLOT}
    fmt = pd.Series([None] * m, dtype=object)
    for p, slots, f in _GRUP:
        kena = ext[f"{p}_kegiatan"].notna() if f"{p}_kegiatan" in ext else ext[f"{p}_program"].notna()
        if f"{p}_kegiatan" in ext:
            kena = kena | ext[f"{p}_program"].notna()
        kena = kena & fmt.isna()
        if not kena.any():
            continue
        fmt[kena] = f
        for sl in slots:
            slot_val[sl][kena] = ext.loc[kena, f"{p}_{sl}"]
    return slot_val, fmt


def _lengkapi_program(slot_val: dict[str, pd.Series], fmt: pd.Series, peta: dict[str, dict[str, str]]) -> None:
    """A bare kegiatan takes the format whose program is known; a missing program comes from ``peta``."""
    bare = (fmt == FORMAT_LAMA) & slot_val["program"].isna() & slot_val["ro"].isna() & slot_val["kegiatan"].notna()
    if bare.any():
        keg = slot_val["kegiatan"][bare]
        ke_2021 = ~keg.isin(list(peta[FORMAT_LAMA])) & keg.isin(list(peta[FORMAT_2021]))
        fmt[ke_2021[ke_2021].index] = FORMAT_2021
    tanpa_prog = slot_val["program"].isna() & slot_val["kegiatan"].notna()
    if tanpa_prog.any():
        for f in (FORMAT_2021, FORMAT_LAMA):
            sel = tanpa_prog & (fmt == f)
            if sel.any():
                slot_val["program"][sel] = slot_val["kegiatan"][sel].map(peta[f])
    slot_val["program"] = slot_val["program"].where(slot_val["program"].notna(), None)


def _kumulatif(slot_val: dict[str, pd.Series], m: int) -> np.ndarray:
    """Per slot, the canonical string of the code cut at that slot (the ancestors' baku)."""
    awal = np.where(slot_val["program"].notna().to_numpy(), BA_ES1 + ".", "").astype(object)
    jalan = pd.Series([""] * m, dtype=object)
    kumulatif: list[np.ndarray] = []
    for sl in SLOT:
        v = slot_val[sl]
        ada = v.notna().to_numpy()
        teks = v.where(v.notna(), "").astype(str).to_numpy(dtype=object)
        jalan = jalan + pd.Series(np.where(ada, "." + teks, ""), dtype=object)
        kumulatif.append(np.where(ada, awal + jalan.str.lstrip(".").to_numpy(dtype=object), None))
    return np.column_stack(kumulatif)


def _pohon_unik(slot_val: dict[str, pd.Series], fmt: pd.Series, valid: np.ndarray) -> dict[str, np.ndarray]:
    """baku, format, tingkat, induk, valid, kedalaman and the slots of each distinct code."""
    m = len(fmt)
    kum_mat = _kumulatif(slot_val, m)
    ada_mat = np.column_stack([slot_val[sl].notna().to_numpy() for sl in SLOT])
    jumlah = ada_mat.sum(axis=1)
    terdalam = np.where(jumlah > 0, 6 - np.argmax(ada_mat[:, ::-1], axis=1), -1)
    baris = np.arange(m)
    # parent: the cumulative string at the deepest present slot above the deepest
    atas = ada_mat.copy()
    atas[baris, np.clip(terdalam, 0, 6)] = False
    ada_atas = atas.any(axis=1)
    slot_induk = np.where(ada_atas, 6 - np.argmax(atas[:, ::-1], axis=1), 0)
    fmt_arr = fmt.to_numpy(dtype=object)
    tingkat = np.where(valid, np.array(SLOT, dtype=object)[np.clip(terdalam, 0, 6)], None)
    tingkat = np.where((tingkat == "ro") & (fmt_arr == FORMAT_LAMA), "output", tingkat)
    hasil = {
        "baku": np.where(valid, kum_mat[baris, np.clip(terdalam, 0, 6)], None),
        "format": np.where(valid, fmt_arr, None),
        "tingkat": tingkat,
        "induk": np.where(valid & ada_atas, kum_mat[baris, slot_induk], None),
        "valid": valid,
        "kedalaman": np.where(valid, jumlah - 1, -1),
    }
    for sl in SLOT:
        v = slot_val[sl]
        hasil[sl] = np.where(valid & v.notna().to_numpy(), v.to_numpy(dtype=object), None)
    return hasil


def _faktor(nilai: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Distinct values and positions; falls back to str keys for unhashable cells."""
    try:
        kode, unik = pd.factorize(pd.Series(nilai, dtype=object), use_na_sentinel=False)
        return np.asarray(unik, dtype=object), kode
    except TypeError:
        kunci = np.array([f"{type(v).__name__}:{v!r}" for v in nilai], dtype=object)
        kode, unik_kunci = pd.factorize(kunci)
        pertama = np.zeros(len(unik_kunci), dtype=np.int64)
        pertama[kode[::-1]] = np.arange(len(nilai))[::-1]
        return nilai[pertama], kode

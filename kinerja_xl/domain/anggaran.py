"""The anggaran engine: budget lines as staff typed them -> checked, rolled-up budget.

Input is the tblPagu table as raw cell values. Output is the code tree in
depth-first order (typed lines plus the parent lines the tool derived), the
figures at every level (sisa, penyerapan), per jenis belanja, per month, the
efisiensi per PMK 214/2017, and every problem as a ``Temuan``.

Rupiah are Python/NumPy integers end to end (no tolerance in any sum);
percentages are exact then rounded half-up to 2 decimals. Column operations do
the work so that a national DIPA detail (50,000 lines) stays fast; per-row
Python runs only for the rows that have a problem.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import Any

import numpy as np
import pandas as pd

from kinerja_xl.domain.angka import baca_rupiah as _rupiah
from kinerja_xl.domain.angka import baca_volume
from kinerja_xl.domain.angka import bulatkan as _bulatkan
from kinerja_xl.domain.angka import format_rupiah as _rp
from kinerja_xl.domain.kode import (
    BA_ES1,
    FORMAT_LAMA,
    _jenis_dari_akun,
    kelompok_belanja,
    muat_referensi_dengan_temuan,
    parse_kode_kolom,
)
from kinerja_xl.domain.kosakata import BULAN, KOLOM_PAGU, NAMA_KOLOM, Tabel
from kinerja_xl.domain.temuan import Lokasi, NilaiTidakValid, Temuan

_HEADER = NAMA_KOLOM[Tabel.PAGU]
_KOLOM_RUPIAH = ["pagu", "pagu_awal", "realisasi"]
_KOLOM_RPD = [f"rpd_{i}" for i in range(1, 13)]
_KOLOM_REAL_BULAN = [f"realisasi_{i}" for i in range(1, 13)]
_SLOT_2021 = ("program", "kegiatan", "kro", "ro", "komponen", "subkomponen", "akun")
_SLOT_LAMA = ("program", "kegiatan", "output", "komponen", "subkomponen", "akun")
_DICEK_REFERENSI = ("program", "kegiatan", "kro", "ro", "output")
_BATAS_AMAN = 4 * 10**14  # realisasi * 20000 stays inside int64 below this


@dataclass
class HasilAnggaran:
    """The checked, rolled-up budget."""

    baris: pd.DataFrame
    per_jenis: pd.DataFrame
    bulanan: pd.DataFrame
    efisiensi: pd.DataFrame
    efisiensi_total: dict[str, Decimal | None]
    total: dict[str, Any]
    temuan: list[Temuan] = field(default_factory=list)


# --- small number helpers ---------------------------------------------------------------

_DUA_DESIMAL = Decimal("0.01")


# How a level is written in a sentence (the codes' own abbreviations stay upper-case).
_NAMA_TINGKAT = {"kro": "KRO", "ro": "RO", "subkomponen": "sub-komponen"}


def penyerapan(pagu: int, realisasi: int) -> Decimal | None:
    """realisasi / pagu x 100, exact, then half-up to 2 decimals; None when pagu is 0."""
    if not pagu:
        return None
    return _bulatkan(Fraction(int(realisasi) * 100, int(pagu)))


# --- column parsing --------------------------------------------------------------------


def _kosong_kolom(s: pd.Series) -> np.ndarray:
    """True where a cell is empty (None, NaN or blank text)."""
    kosong = s.isna().to_numpy()
    if s.dtype == object:
        teks = s.map(lambda v: isinstance(v, str)).to_numpy(dtype=bool) if len(s) < 64 else None
        if teks is None:
            try:
                kosong = kosong | (s.str.strip() == "").fillna(False).to_numpy(dtype=bool)
            except AttributeError:
                kosong = kosong | np.array([isinstance(v, str) and not v.strip() for v in s], dtype=bool)
        elif teks.any():
            kosong = kosong | np.array([isinstance(v, str) and not v.strip() for v in s], dtype=bool)
    return kosong


def _rupiah_kolom(s: pd.Series) -> tuple[np.ndarray, np.ndarray, dict[int, str]]:
    """A column -> (int64 values, 0 where empty/bad; present mask; {position: reason} for bad cells)."""
    n = len(s)
    nilai = np.zeros(n, dtype=np.int64)
    salah: dict[int, str] = {}
    if n == 0:
        return nilai, np.zeros(0, dtype=bool), salah
    if s.dtype.kind in "iu":
        nilai = s.to_numpy().astype(np.int64)
        ada = np.ones(n, dtype=bool)
    elif s.dtype.kind == "f":
        arr = s.to_numpy()
        ada = ~np.isnan(arr)
        bulat = ada & np.isfinite(arr) & (np.floor(arr) == arr) & (np.abs(arr) < 2**53)
        nilai = np.where(bulat, arr, 0).astype(np.int64)
        for i in np.flatnonzero(ada & ~bulat):
            salah[int(i)] = f"{arr[i]} bukan jumlah rupiah bulat."
    else:
        jenis = pd.api.types.infer_dtype(s, skipna=True)
        if jenis in ("integer", "floating", "mixed-integer-float", "empty"):
            arr = pd.to_numeric(s, errors="coerce").to_numpy(dtype=float) if jenis != "integer" else None
            if arr is None:
                ada = s.notna().to_numpy()
                if ada.all():
                    try:
                        nilai = s.to_numpy().astype(np.int64)
                    except OverflowError:
                        return _rupiah_lambat(s)
                    return _tanda_negatif(nilai, ada, salah)
                return _rupiah_lambat(s)
            if np.nanmax(np.abs(arr), initial=0) >= 2**53:
                return _rupiah_lambat(s)
            ada = ~np.isnan(arr)
            bulat = ada & np.isfinite(arr) & (np.floor(arr) == arr)
            nilai = np.where(bulat, arr, 0).astype(np.int64)
            for i in np.flatnonzero(ada & ~bulat):
                salah[int(i)] = f"{arr[i]} bukan jumlah rupiah bulat."
        else:
            return _rupiah_lambat(s)
    return _tanda_negatif(nilai, ada, salah)


def _rupiah_lambat(s: pd.Series) -> tuple[np.ndarray, np.ndarray, dict[int, str]]:
    n = len(s)
    nilai = np.zeros(n, dtype=np.int64)
    ada = np.zeros(n, dtype=bool)
    salah: dict[int, str] = {}
    for i, v in enumerate(s.to_numpy(dtype=object)):
        try:
            r = _rupiah(v)
        except NilaiTidakValid as e:
            ada[i] = True
            salah[i] = str(e)
            continue
        if r is None:
            continue
        ada[i] = True
        if abs(r) >= 2**62:
            salah[i] = f"{_rp(r)} terlalu besar untuk sebuah baris anggaran."
            continue
        nilai[i] = r
    return _tanda_negatif(nilai, ada, salah)


def _tanda_negatif(
    nilai: np.ndarray, ada: np.ndarray, salah: dict[int, str]
) -> tuple[np.ndarray, np.ndarray, dict[int, str]]:
    for i in np.flatnonzero(nilai < 0):
        salah[int(i)] = f"{_rp(int(nilai[i]))} negatif; jumlah rupiah tidak boleh negatif."
        nilai[i] = 0
    return nilai, ada, salah


# --- penyerapan, vectorised ------------------------------------------------------------

_CACHE_PERSEN: np.ndarray | None = None


def _persen_decimal(ratus: np.ndarray) -> np.ndarray:
    """Hundredths of a percent (ints) -> Decimals with 2 places, via a cache for 0.00..200.00."""
    global _CACHE_PERSEN
    if _CACHE_PERSEN is None:
        _CACHE_PERSEN = np.array([Decimal(i).scaleb(-2) for i in range(20001)], dtype=object)
    out = np.empty(len(ratus), dtype=object)
    dalam = (ratus >= 0) & (ratus <= 20000)
    out[dalam] = _CACHE_PERSEN[ratus[dalam]]
    for i in np.flatnonzero(~dalam):
        out[i] = Decimal(int(ratus[i])).scaleb(-2)
    return out


def _penyerapan_kolom(pagu: np.ndarray, realisasi: np.ndarray) -> np.ndarray:
    """Vectorised ``penyerapan``: same half-up result, None where pagu is 0."""
    out = np.full(len(pagu), None, dtype=object)
    ok = pagu > 0
    if not ok.any():
        return out
    p = pagu[ok]
    r = realisasi[ok]
    if p.dtype == object or r.dtype == object or (r.size and (r.max() >= _BATAS_AMAN or r.min() < 0)):
        out[np.flatnonzero(ok)] = [penyerapan(int(a), int(b)) for a, b in zip(p, r, strict=True)]
        return out
    ratus = (r * 20000 + p) // (2 * p)
    out[ok] = _persen_decimal(ratus)
    return out


# --- the engine ------------------------------------------------------------------------


def _lokasi(baris: int | None, kunci: str) -> Lokasi:
    return Lokasi(tabel=Tabel.PAGU, baris=None if baris is None else int(baris), kolom=kunci)


def _siapkan(pagu: pd.DataFrame) -> tuple[pd.DataFrame, np.ndarray]:
    """All contract columns present; entirely empty rows dropped; returns (rows, source row numbers)."""
    df = pagu.copy() if isinstance(pagu, pd.DataFrame) else pd.DataFrame(pagu)
    df = df.reset_index(drop=True)
    for k in KOLOM_PAGU:
        if k not in df.columns:
            df[k] = None
    df = df[list(KOLOM_PAGU)]
    df = df.loc[:, ~df.columns.duplicated()]
    kosong = np.ones(len(df), dtype=bool)
    for k in df.columns:
        kol = df[k]
        try:
            kol.isna()
        except (ArithmeticError, TypeError, ValueError):
            # Decimal('sNaN') and friends: an unreadable cell is treated as empty
            kol = kol.map(lambda v: None if isinstance(v, Decimal) and v.is_nan() else v)
            df[k] = kol
        if kol.isna().all():
            continue
        kosong &= _kosong_kolom(kol)
    sumber = np.flatnonzero(~kosong)
    return df.iloc[sumber].reset_index(drop=True), sumber


def _induk_teks(baku: pd.Series) -> pd.Series:
    """Parent canonical code by string: drop the last segment; None above program / kegiatan."""
    induk = baku.str.rsplit(".", n=1).str[0]
    puncak = (induk == BA_ES1) | ~baku.str.contains(".", regex=False)
    return induk.where(~puncak, None)


def _tingkat_teks(baku: pd.Series, fmt: pd.Series) -> tuple[pd.Series, pd.Series]:
    """tingkat and kedalaman of canonical codes from their segment count and format."""
    titik = baku.str.count(r"\.").to_numpy()
    ada_ba = baku.str.startswith(BA_ES1 + ".").to_numpy()
    kedalaman = np.where(ada_ba, titik - 2, titik)
    posisi = np.where(ada_ba, kedalaman, kedalaman + 1)
    s21 = np.array(_SLOT_2021, dtype=object)
    slm = np.array(_SLOT_LAMA, dtype=object)
    f = fmt.to_numpy(dtype=object)
    t = np.where(f == FORMAT_LAMA, slm[np.clip(posisi, 0, 5)], s21[np.clip(posisi, 0, 6)])
    return pd.Series(t, index=baku.index, dtype=object), pd.Series(kedalaman, index=baku.index)


@dataclass
class Baris:
    """The typed lines after parsing: codes, amounts (int64 + present mask) and monthly figures."""

    data: pd.DataFrame
    sumber: np.ndarray  # source row (0-based data row of tblPagu) of each kept line
    kode: pd.DataFrame  # parse_kode_kolom result
    kode_kosong: np.ndarray
    angka: dict[str, tuple[np.ndarray, np.ndarray]]
    salah: dict[str, dict[int, str]]
    real_v: np.ndarray
    real_ada: np.ndarray
    real_kosong: np.ndarray
    dari_bulan: np.ndarray
    rb: np.ndarray
    rb_ada: np.ndarray
    rpd: np.ndarray
    rpd_ada: np.ndarray
    utama: np.ndarray  # valid and not a later duplicate: the lines that are summed
    ganda: list[tuple[str, int, int]]  # (canonical code, first position, duplicate position)
    kode_teks: np.ndarray = field(init=False)

    def __post_init__(self) -> None:
        self.kode_teks = self.data["kode"].to_numpy(dtype=object)

    @property
    def n(self) -> int:
        return len(self.data)

    @property
    def valid(self) -> np.ndarray:
        return self.kode["valid"].to_numpy()

    def teks_kode(self, i: int | np.integer[Any]) -> str:
        v = self.kode_teks[i]
        return "" if v is None or (isinstance(v, float) and v != v) else str(v)


@dataclass
class Pohon:
    """The code tree (typed lines + every ancestor) in code order, with the rolled-up figures."""

    kb: np.ndarray  # canonical codes
    pos: np.ndarray  # position in Baris, -1 for a derived parent
    induk_i: np.ndarray
    kedalaman: np.ndarray
    tingkat: np.ndarray
    fmt: np.ndarray
    induk: np.ndarray
    ketik: dict[str, tuple[np.ndarray, np.ndarray]] = field(default_factory=dict)  # typed (value, present)
    jumlah: dict[str, np.ndarray] = field(default_factory=dict)  # children's sums
    pakai: dict[str, np.ndarray] = field(default_factory=dict)  # figures used: pagu, realisasi, pagu_awal
    awal_has: np.ndarray | None = None
    pagu_dihitung: np.ndarray | None = None
    punya_anak: np.ndarray = field(init=False)

    @property
    def m(self) -> int:
        return len(self.kb)

    @property
    def diketik(self) -> np.ndarray:
        return self.pos >= 0

    def __post_init__(self) -> None:
        ada = self.induk_i >= 0
        self.punya_anak = np.bincount(self.induk_i[ada], minlength=self.m) > 0 if self.m else np.zeros(0, dtype=bool)


@dataclass
class Volume:
    """Volume targets per tree node and the parse problems met reading them."""

    target: np.ndarray
    realisasi: np.ndarray
    satuan: np.ndarray
    progres: np.ndarray
    capaian: np.ndarray
    capaian_ro: dict[int, Fraction]
    salah: list[tuple[int, str, Any, str]]  # (position, key, raw, reason)


@dataclass
class KonteksAnggaran:
    """Everything the anggaran checks read: prepared once, then every registered rule runs over it."""

    ref: pd.DataFrame
    temuan_referensi: list[Temuan]
    b: Baris
    p: Pohon
    vol: Volume

    def baris_sumber(self, i: int | np.integer[Any]) -> int | None:
        return int(self.b.sumber[self.p.pos[i]]) if self.p.pos[i] >= 0 else None

    def kode_simpul(self, i: int | np.integer[Any]) -> str:
        return self.b.teks_kode(int(self.p.pos[i])) if self.p.pos[i] >= 0 else str(self.p.kb[i])


def hitung_anggaran(pagu: pd.DataFrame, referensi: pd.DataFrame | None = None) -> HasilAnggaran:
    """Check and roll up the budget lines of tblPagu (raw cells, keys of kosakata.KOLOM_PAGU).

    A pipeline: read the lines, build and roll up the code tree, read the volumes, run the
    registered rules (``ATURAN_ANGGARAN``), then shape the outputs.
    """
    k = siapkan_anggaran(pagu, referensi)
    temuan = _aturan.ATURAN_ANGGARAN.jalankan(k)
    baris = _baris_keluaran(k)
    efisiensi, efisiensi_total = _efisiensi(k, baris)
    return HasilAnggaran(
        baris=baris,
        per_jenis=_per_jenis(baris),
        bulanan=_bulanan(k),
        efisiensi=efisiensi,
        efisiensi_total=efisiensi_total,
        total=_total(k.p),
        temuan=temuan,
    )


def siapkan_anggaran(pagu: pd.DataFrame, referensi: pd.DataFrame | None = None) -> KonteksAnggaran:
    """The prepared context the anggaran rules run over (no checks run yet)."""
    ref, temuan_ref = muat_referensi_dengan_temuan(referensi)
    b = _baca_baris(pagu, ref)
    p = _gulung(_bangun_pohon(b), b)
    return KonteksAnggaran(ref, temuan_ref, b, p, _baca_volume(b, p))


def _baca_kode(data: pd.DataFrame, ref: pd.DataFrame) -> pd.DataFrame:
    """Parse the Kode column; kegiatan -> program learnt from the table's own full codes beats the reference."""
    pk = parse_kode_kolom(data["kode"], ref)
    if len(data) and (pk["valid"] & pk["program"].isna() & pk["kegiatan"].notna()).any():
        lengkap = pk[pk["valid"] & pk["program"].notna() & pk["kegiatan"].notna()]
        tambahan = {f: dict(zip(g["kegiatan"], g["program"], strict=True)) for f, g in lengkap.groupby("format")}
        if tambahan:
            pk = parse_kode_kolom(data["kode"], ref, program_tambahan=tambahan)
    return pk


def _baca_angka(data: pd.DataFrame) -> tuple[dict[str, tuple[np.ndarray, np.ndarray]], dict[str, dict[int, str]]]:
    """Every rupiah column -> (int64 values, present mask) and the unreadable cells per column."""
    angka: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    salah_semua: dict[str, dict[int, str]] = {}
    for k in _KOLOM_RUPIAH + _KOLOM_RPD + _KOLOM_REAL_BULAN:
        v, ada, salah = _rupiah_kolom(data[k]) if len(data) else (np.zeros(0, np.int64), np.zeros(0, bool), {})
        for i in salah:
            ada[i] = False
        angka[k], salah_semua[k] = (v, ada), salah
    return angka, salah_semua


def _kolom_bulan(
    angka: dict[str, tuple[np.ndarray, np.ndarray]], keys: list[str], n: int
) -> tuple[np.ndarray, np.ndarray]:
    if not n:
        return np.zeros((0, 12), np.int64), np.zeros((0, 12), bool)
    return np.column_stack([angka[k][0] for k in keys]), np.column_stack([angka[k][1] for k in keys])


def _pilih_utama(
    data: pd.DataFrame, pk: pd.DataFrame, angka: dict[str, tuple[np.ndarray, np.ndarray]]
) -> tuple[np.ndarray, list[tuple[str, int, int]]]:
    """Valid lines minus later duplicates of a canonical code; the duplicate pairs for the checks."""
    valid = pk["valid"].to_numpy()
    baku = pk["baku"]
    utama = valid.copy()
    ganda: list[tuple[str, int, int]] = []
    dup = baku.duplicated(keep=False).to_numpy() & valid
    if dup.any():
        for kode_baku, grup in pd.Series(np.flatnonzero(dup)).groupby(baku.to_numpy()[dup]):
            posisi = list(grup)
            for q in posisi[1:]:
                utama[q] = False
                ganda.append((kode_baku, posisi[0], q))
    return utama, ganda


def _baca_baris(pagu: pd.DataFrame, ref: pd.DataFrame) -> Baris:
    """Step 1: the typed lines, their codes and amounts; monthly realisasi fills an empty annual one."""
    data, sumber = _siapkan(pagu)
    n = len(data)
    kode_kosong = _kosong_kolom(data["kode"]) if n else np.zeros(0, dtype=bool)
    pk = _baca_kode(data, ref)
    angka, salah = _baca_angka(data)
    real_v, real_ada = angka["realisasi"][0].copy(), angka["realisasi"][1]
    rb, rb_ada = _kolom_bulan(angka, _KOLOM_REAL_BULAN, n)
    rpd, rpd_ada = _kolom_bulan(angka, _KOLOM_RPD, n)
    real_kosong = _kosong_kolom(data["realisasi"]) if n else np.zeros(0, dtype=bool)
    dari_bulan = rb_ada.any(axis=1) & real_kosong
    real_v[dari_bulan] = rb[dari_bulan].sum(axis=1)
    utama, ganda = _pilih_utama(data, pk, angka)
    return Baris(
        data,
        sumber,
        pk,
        kode_kosong,
        angka,
        salah,
        real_v,
        real_ada | dari_bulan,
        real_kosong,
        dari_bulan,
        rb,
        rb_ada,
        rpd,
        rpd_ada,
        utama,
        ganda,
    )


def _bangun_pohon(b: Baris) -> Pohon:
    """Step 2: typed lines plus every ancestor, sorted by canonical code."""
    pk = b.kode
    pos_ketik = np.flatnonzero(b.utama)
    ketik = pd.DataFrame(
        {
            "kode_baku": pk["baku"].to_numpy()[pos_ketik],
            "format": pk["format"].to_numpy()[pos_ketik],
            "tingkat": pk["tingkat"].to_numpy()[pos_ketik],
            "induk": pk["induk"].to_numpy()[pos_ketik],
            "kedalaman": pk["kedalaman"].to_numpy()[pos_ketik],
            "pos": pos_ketik,
        }
    )
    kenal = set(ketik["kode_baku"])
    turunan = []
    lapis = ketik[["induk", "format"]]
    while True:
        lapis = lapis[lapis["induk"].notna()]
        lapis = lapis[~lapis["induk"].isin(kenal)].drop_duplicates("induk")
        if lapis.empty:
            break
        baru = pd.DataFrame({"kode_baku": lapis["induk"].to_numpy(), "format": lapis["format"].to_numpy()})
        t, d = _tingkat_teks(baru["kode_baku"], baru["format"])
        baru["tingkat"], baru["kedalaman"] = t.to_numpy(), d.to_numpy()
        baru["induk"] = _induk_teks(baru["kode_baku"]).to_numpy()
        baru["pos"] = -1
        turunan.append(baru)
        kenal.update(baru["kode_baku"])
        lapis = baru[["induk", "format"]]
    simpul = pd.concat([ketik, *turunan], ignore_index=True) if turunan else ketik
    m = len(simpul)
    kb = simpul["kode_baku"].to_numpy(dtype=object)
    urut = np.argsort(kb.astype(str), kind="stable") if m else np.zeros(0, dtype=np.int64)
    simpul = simpul.iloc[urut].reset_index(drop=True)
    kb = simpul["kode_baku"].to_numpy(dtype=object)
    induk_i = pd.Index(kb).get_indexer(simpul["induk"].to_numpy(dtype=object)) if m else np.zeros(0, dtype=np.int64)
    induk_i = np.where(simpul["induk"].isna().to_numpy(), -1, induk_i)
    return Pohon(
        kb=kb,
        pos=simpul["pos"].to_numpy(),
        induk_i=induk_i,
        kedalaman=simpul["kedalaman"].to_numpy().astype(np.int64),
        tingkat=simpul["tingkat"].to_numpy(dtype=object),
        fmt=simpul["format"].to_numpy(dtype=object),
        induk=simpul["induk"].to_numpy(dtype=object),
    )


def _ambil(p: Pohon, arr: np.ndarray, isi: Any) -> np.ndarray:
    """A per-line array spread onto the tree (``isi`` on derived parents)."""
    out = np.full(p.m, isi, dtype=arr.dtype)
    d = p.diketik
    out[d] = arr[p.pos[d]]
    return out


def _gulung(p: Pohon, b: Baris) -> Pohon:
    """Step 3: roll up, deepest first: a typed figure is used, a missing one is the children's sum."""
    m, punya_anak, induk_i = p.m, p.punya_anak, p.induk_i
    pagu_salah = ~b.angka["pagu"][1] & ~_kosong_kolom(b.data["pagu"]) if b.n else np.zeros(0, dtype=bool)
    p.ketik = {
        "pagu": (_ambil(p, b.angka["pagu"][0], 0), _ambil(p, b.angka["pagu"][1], False)),
        "realisasi": (_ambil(p, b.real_v, 0), _ambil(p, b.real_ada, False)),
        "pagu_awal": (_ambil(p, b.angka["pagu_awal"][0], 0), _ambil(p, b.angka["pagu_awal"][1], False)),
        "pagu_salah": (_ambil(p, pagu_salah, False), _ambil(p, pagu_salah, False)),
    }
    (p_ketik, p_ada), (r_ketik, r_ada), (a_ketik, a_ada) = (p.ketik[k] for k in ("pagu", "realisasi", "pagu_awal"))
    jenis = object if (p_ketik.size and np.abs(p_ketik).max() >= _BATAS_AMAN) else np.int64
    s = {k: np.zeros(m, dtype=jenis) for k in ("pagu", "realisasi", "pagu_awal")}
    u = {k: np.zeros(m, dtype=jenis) for k in ("pagu", "realisasi", "pagu_awal")}
    s_awal_ada, awal_has, pagu_dihitung = (np.zeros(m, dtype=bool) for _ in range(3))
    for d in range(int(p.kedalaman.max()) if m else -1, -1, -1):
        sel = np.flatnonzero(p.kedalaman == d)
        pa = punya_anak[sel]
        pagu_pakai = np.where(p_ada[sel] | ~pa, p_ketik[sel], s["pagu"][sel])
        pagu_dihitung[sel] = pa & ~p_ada[sel]
        real_pakai = np.where(r_ada[sel] | ~pa, r_ketik[sel], s["realisasi"][sel])
        awal_dr_anak = pa & ~a_ada[sel] & s_awal_ada[sel]
        awal_pakai = np.where(a_ada[sel], a_ketik[sel], np.where(awal_dr_anak, s["pagu_awal"][sel], pagu_pakai))
        u["pagu"][sel], u["realisasi"][sel], u["pagu_awal"][sel] = pagu_pakai, real_pakai, awal_pakai
        awal_has[sel] = a_ada[sel] | awal_dr_anak
        ke = induk_i[sel]
        naik = ke >= 0
        if naik.any():
            np.add.at(s["pagu"], ke[naik], pagu_pakai[naik])
            np.add.at(s["realisasi"], ke[naik], real_pakai[naik])
            np.add.at(s["pagu_awal"], ke[naik], awal_pakai[naik])
            np.logical_or.at(s_awal_ada, ke[naik], awal_has[sel][naik])
    p.jumlah, p.pakai, p.awal_has, p.pagu_dihitung = s, u, awal_has, pagu_dihitung
    return p


def _volume_sel(raw: Any) -> Decimal | None:
    v = baca_volume(None if isinstance(raw, str) and not raw.strip() else raw)
    if v is not None and v < 0:
        raise NilaiTidakValid(f"{raw} negatif; volume tidak boleh negatif.")
    return v


def _baca_volume(b: Baris, p: Pohon) -> Volume:
    """Step 4: volume target and realisasi per typed line; progres and capaian keluaran (RO/output)."""
    m = p.m
    vol = Volume(*(np.full(m, None, dtype=object) for _ in range(5)), capaian_ro={}, salah=[])
    if not b.n:
        return vol
    kolom = {k: b.data[k].to_numpy(dtype=object) for k in ("target_volume", "realisasi_volume", "satuan_volume")}
    ada_vol = ~(_kosong_kolom(b.data["target_volume"]) & _kosong_kolom(b.data["realisasi_volume"]))
    for i in np.flatnonzero(p.diketik & ada_vol[np.clip(p.pos, 0, None)]):
        q = int(p.pos[i])
        nilai = []
        for kunci in ("target_volume", "realisasi_volume"):
            raw = kolom[kunci][q]
            try:
                v = _volume_sel(raw)
            except NilaiTidakValid as e:
                vol.salah.append((q, kunci, raw, str(e)))
                v = None
            nilai.append(v)
        vol.target[i], vol.realisasi[i] = nilai
        vol.satuan[i] = None if pd.isna(kolom["satuan_volume"][q]) else kolom["satuan_volume"][q]
        if vol.target[i] is not None and vol.target[i] > 0:
            r = vol.realisasi[i] if vol.realisasi[i] is not None else Decimal(0)
            f = Fraction(r) / Fraction(vol.target[i])
            vol.progres[i], vol.capaian[i] = _bulatkan(f * 100), _bulatkan(f, 4)
            if p.tingkat[i] in ("ro", "output"):
                vol.capaian_ro[i] = f
    return vol


def _uraian_keluaran(k: KonteksAnggaran) -> np.ndarray:
    """Uraian as typed; a derived or blank one from the reference list."""
    p = k.p
    uraian = np.full(p.m, None, dtype=object)
    d = p.diketik
    uraian[d] = k.b.data["uraian"].to_numpy(dtype=object)[p.pos[d]]
    uraian = np.where(pd.isna(uraian), None, uraian)
    tanpa = pd.isna(uraian) if p.m else np.zeros(0, dtype=bool)
    if tanpa.any():
        dari_ref = pd.Series(p.kb[tanpa]).map(dict(zip(k.ref["kode"], k.ref["uraian"], strict=True)))
        dari_ref = dari_ref.to_numpy(dtype=object)
        uraian[tanpa] = np.where(pd.isna(dari_ref), None, dari_ref)
    return uraian


def _jenis_belanja(p: Pohon) -> np.ndarray:
    akun = p.tingkat == "akun"
    out = np.full(p.m, None, dtype=object)
    if p.m:
        out[akun] = [_jenis_dari_akun(a) for a in pd.Series(p.kb[akun], dtype=object).str[-6:]]
    return out


def _baris_keluaran(k: KonteksAnggaran) -> pd.DataFrame:
    """The output tree: one row per node in code order."""
    p, b, vol = k.p, k.b, k.vol
    d = p.diketik
    kode_out = p.kb.copy()
    kode_out[d] = b.data["kode"].to_numpy(dtype=object)[p.pos[d]]
    pagu_u, real_u, awal_u = p.pakai["pagu"], p.pakai["realisasi"], p.pakai["pagu_awal"]
    serap = _penyerapan_kolom(
        np.asarray(pagu_u, dtype=np.int64) if pagu_u.dtype != object else pagu_u,
        np.asarray(real_u, dtype=np.int64) if real_u.dtype != object else real_u,
    )
    awal_has = p.awal_has if p.awal_has is not None else np.zeros(p.m, dtype=bool)
    baris = pd.DataFrame(
        {
            "kode": kode_out,
            "kode_baku": p.kb,
            "dihitung": ~d | p.pagu_dihitung,
            "tingkat": p.tingkat,
            "uraian": _uraian_keluaran(k),
            "pagu": pagu_u,
            "realisasi": real_u,
            "sisa": pagu_u - real_u,
            "penyerapan": serap,
            "induk": p.induk,
            "kedalaman": p.kedalaman,
            "baris": pd.array(np.where(d, b.sumber[np.clip(p.pos, 0, None)] if b.n else 0, 0), dtype="Int64"),
            "pagu_awal": np.where(awal_has, awal_u, None),
            "perubahan_pagu": np.where(awal_has, pagu_u - np.where(awal_has, awal_u, 0), None),
            "jenis_belanja": _jenis_belanja(p),
            "format": p.fmt,
            "target_volume": vol.target,
            "realisasi_volume": vol.realisasi,
            "satuan_volume": vol.satuan,
            "progres_volume": vol.progres,
            "capaian_keluaran": vol.capaian,
        }
    )
    baris.loc[~d, "baris"] = pd.NA
    baris["induk"] = baris["induk"].where(baris["induk"].notna(), None)
    return baris


def _per_jenis(baris: pd.DataFrame) -> pd.DataFrame:
    """Pagu and realisasi per jenis belanja (akun lines)."""
    akun_rows = baris[baris["tingkat"] == "akun"]
    if not len(akun_rows):
        return pd.DataFrame(columns=["jenis_belanja", "pagu", "realisasi", "sisa", "penyerapan", "kelompok"])
    g = akun_rows.groupby(akun_rows["jenis_belanja"].fillna("lainnya"), sort=True)[["pagu", "realisasi"]].sum()
    per_jenis = g.reset_index().rename(columns={"index": "jenis_belanja"})
    per_jenis["pagu"] = [int(v) for v in per_jenis["pagu"]]
    per_jenis["realisasi"] = [int(v) for v in per_jenis["realisasi"]]
    per_jenis["sisa"] = per_jenis["pagu"] - per_jenis["realisasi"]
    per_jenis["penyerapan"] = [penyerapan(p, r) for p, r in zip(per_jenis["pagu"], per_jenis["realisasi"], strict=True)]
    kel = akun_rows["kode_baku"].str[-6:].map(kelompok_belanja)
    per_jenis["kelompok"] = per_jenis["jenis_belanja"].map(
        dict(zip(akun_rows["jenis_belanja"].fillna("lainnya"), kel, strict=True))
    )
    return per_jenis


def _bulanan(k: KonteksAnggaran) -> pd.DataFrame:
    """RPD against realisasi per month, over the typed leaves."""
    b, p = k.b, k.p
    if not (b.n and (b.rpd_ada.any() or b.rb_ada.any())):
        return pd.DataFrame(columns=["bulan", "nama_bulan", "rpd", "realisasi", "deviasi", "deviasi_persen"])
    daun_pos = p.pos[p.diketik & ~p.punya_anak]
    rpd_b = [int(x) for x in b.rpd[daun_pos].sum(axis=0)]
    rb_b = [int(x) for x in b.rb[daun_pos].sum(axis=0)]
    dev = [r - q for q, r in zip(rpd_b, rb_b, strict=True)]
    return pd.DataFrame(
        {
            "bulan": range(1, 13),
            "nama_bulan": BULAN,
            "rpd": rpd_b,
            "realisasi": rb_b,
            "deviasi": dev,
            "deviasi_persen": [
                None if q == 0 else _bulatkan(Fraction(e * 100, q)) for q, e in zip(rpd_b, dev, strict=True)
            ],
        }
    )


def _efisiensi(k: KonteksAnggaran, baris: pd.DataFrame) -> tuple[pd.DataFrame, dict[str, Decimal | None]]:
    """Efisiensi per RO/output line with a volume target, and overall (PMK 214/2017)."""
    p, vol = k.p, k.vol
    pagu_u, real_u = p.pakai["pagu"], p.pakai["realisasi"]
    kode_out = baris["kode"].to_numpy(dtype=object)
    rows = []
    sum_pck, sum_real = Fraction(0), 0
    for i, f in vol.capaian_ro.items():
        pck = Fraction(int(pagu_u[i])) * f
        e = None if pck == 0 else (pck - int(real_u[i])) / pck * 100
        rows.append(
            {
                "kode_baku": p.kb[i],
                "kode": kode_out[i],
                "pagu": int(pagu_u[i]),
                "realisasi": int(real_u[i]),
                "capaian_keluaran": vol.capaian[i],
                "efisiensi": None if e is None else _bulatkan(e),
                "nilai_efisiensi": None if e is None else _nilai_efisiensi(e),
            }
        )
        sum_pck += pck
        sum_real += int(real_u[i])
    efisiensi = pd.DataFrame(
        rows, columns=["kode_baku", "kode", "pagu", "realisasi", "capaian_keluaran", "efisiensi", "nilai_efisiensi"]
    )
    if not rows or sum_pck == 0:
        return efisiensi, {"efisiensi": None, "nilai": None}
    e_tot = (sum_pck - sum_real) / sum_pck * 100
    return efisiensi, {"efisiensi": _bulatkan(e_tot), "nilai": _nilai_efisiensi(e_tot)}


def _total(p: Pohon) -> dict[str, Any]:
    """Totals over the top-level lines."""
    atas = p.induk_i < 0
    tp = int(np.asarray(p.pakai["pagu"][atas], dtype=object).sum()) if p.m else 0
    tr = int(np.asarray(p.pakai["realisasi"][atas], dtype=object).sum()) if p.m else 0
    return {"pagu": tp, "realisasi": tr, "sisa": tp - tr, "penyerapan": penyerapan(tp, tr)}


def _nilai_efisiensi(e: Fraction) -> Decimal:
    """PMK 214/2017: 50 + (E / 20) x 50, clipped to 0..100."""
    nilai = 50 + e / 20 * 50
    return _bulatkan(min(max(nilai, Fraction(0)), Fraction(100)))


def _uraian_baku(v: Any) -> str:
    if v is None or (isinstance(v, float) and v != v):
        return ""
    return " ".join(str(v).split()).casefold().rstrip(".;")


def _wakil_ketik(induk_i: np.ndarray, diketik: np.ndarray, kedalaman: np.ndarray) -> np.ndarray:
    """For each node, a typed node at or below it (itself if typed), -1 if none: where to point a finding."""
    m = len(induk_i)
    wakil = np.where(diketik, np.arange(m), -1)
    for d in range(int(kedalaman.max()) if m else -1, 0, -1):
        sel = np.flatnonzero((kedalaman == d) & (wakil >= 0) & (induk_i >= 0))
        ke = induk_i[sel]
        kosong = wakil[ke] < 0
        # the first typed descendant in code order wins (numpy keeps the last write: reverse)
        wakil[ke[kosong][::-1]] = wakil[sel][kosong][::-1]
    return wakil


# The checks register themselves on import; they need the names above (hence at the end).
from kinerja_xl.domain import anggaran_aturan as _aturan  # noqa: E402

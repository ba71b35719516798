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

import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any

import numpy as np
import pandas as pd

from kinerja_xl.domain.angka import baca_rupiah as _rupiah, bulatkan as _bulatkan
from kinerja_xl.domain.kode import (
    BA_ES1,
    FORMAT_2021,
    FORMAT_LAMA,
    _jenis_dari_akun,
    kelompok_belanja,
    muat_referensi_dengan_temuan,
    parse_kode_kolom,
)
from kinerja_xl.domain.temuan import Lokasi, NilaiTidakValid, Temuan, Tingkat
from kinerja_xl.template.contract import BULAN, PAGU, PAGU_TABLE

_HEADER = {k.key: k.header for k in PAGU_TABLE.columns}
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
    efisiensi_total: dict
    total: dict
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


def _angka(raw: Any) -> Decimal | None:
    """A volume cell -> Decimal (``1,5`` and ``1.500`` read the Indonesian way)."""
    if raw is None:
        return None
    if isinstance(raw, bool):
        raise NilaiTidakValid(f"'{raw}' bukan angka volume.")
    if isinstance(raw, (int, np.integer)):
        return Decimal(int(raw))
    if isinstance(raw, (float, np.floating)):
        if raw != raw:
            return None
        if not np.isfinite(raw):
            raise NilaiTidakValid(f"'{raw}' bukan angka volume.")
        return Decimal(repr(float(raw)))
    if isinstance(raw, Decimal):
        if not raw.is_finite():
            raise NilaiTidakValid(f"'{raw}' bukan angka volume.")
        return raw
    if not isinstance(raw, str):
        raise NilaiTidakValid(f"'{raw}' bukan angka volume.")
    s = raw.replace("\u00a0", " ").strip().replace(" ", "")
    if not s:
        return None
    if re.fullmatch(r"-?\d{1,3}(?:\.\d{3})+(?:,\d+)?", s):
        return Decimal(s.replace(".", "").replace(",", "."))
    if re.fullmatch(r"-?\d+(?:[.,]\d+)?", s):
        return Decimal(s.replace(",", "."))
    raise NilaiTidakValid(f"'{raw}' bukan angka volume; tulis angka saja (satuan di kolom Satuan Volume).")


def _rp(n: int) -> str:
    tanda = "-" if n < 0 else ""
    return f"{tanda}Rp {abs(int(n)):,}".replace(",", ".")


def _persen(d: Decimal | None) -> str:
    return "-" if d is None else f"{d:.2f}".replace(".", ",") + "%"


# --- column parsing --------------------------------------------------------------------


def _kosong_kolom(s: pd.Series) -> np.ndarray:
    """True where a cell is empty (None, NaN or blank text)."""
    kosong = s.isna().to_numpy()
    if s.dtype == object:
        teks = s.map(type).to_numpy() == str if len(s) < 64 else None
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


def _tanda_negatif(nilai: np.ndarray, ada: np.ndarray, salah: dict[int, str]):
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
        out[np.flatnonzero(ok)] = [penyerapan(int(a), int(b)) for a, b in zip(p, r)]
        return out
    ratus = (r * 20000 + p) // (2 * p)
    out[ok] = _persen_decimal(ratus)
    return out


# --- the engine ------------------------------------------------------------------------


def _lokasi(baris: int | None, kunci: str) -> Lokasi:
    return Lokasi(lembar=PAGU, baris=None if baris is None else int(baris), kolom=_HEADER.get(kunci, kunci))


def _siapkan(pagu: pd.DataFrame) -> tuple[pd.DataFrame, np.ndarray]:
    """All contract columns present; entirely empty rows dropped; returns (rows, source row numbers)."""
    df = pagu.copy() if isinstance(pagu, pd.DataFrame) else pd.DataFrame(pagu)
    df = df.reset_index(drop=True)
    for k in PAGU_TABLE.keys:
        if k not in df.columns:
            df[k] = None
    df = df[PAGU_TABLE.keys]
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


def hitung_anggaran(pagu: pd.DataFrame, referensi: pd.DataFrame | None = None) -> HasilAnggaran:
    """Check and roll up the budget lines of tblPagu (raw cells, keys of PAGU_TABLE)."""
    ref, temuan = muat_referensi_dengan_temuan(referensi)
    data, sumber = _siapkan(pagu)
    n = len(data)

    # --- codes ---
    kode_kosong = _kosong_kolom(data["kode"]) if n else np.zeros(0, dtype=bool)
    pk = parse_kode_kolom(data["kode"], ref)
    # kegiatan -> program learnt from the table's own full codes beats the reference
    if n and (pk["valid"] & pk["program"].isna() & pk["kegiatan"].notna()).any():
        lengkap = pk[pk["valid"] & pk["program"].notna() & pk["kegiatan"].notna()]
        tambahan = {f: dict(zip(g["kegiatan"], g["program"])) for f, g in lengkap.groupby("format")}
        tambahan = {f: {k: v for k, v in p.items()} for f, p in tambahan.items()}
        if tambahan:
            pk = parse_kode_kolom(data["kode"], ref, program_tambahan=tambahan)
    valid = pk["valid"].to_numpy()
    kode_teks = data["kode"].to_numpy(dtype=object)

    def teks_kode(i: int) -> str:
        v = kode_teks[i]
        return "" if v is None or (isinstance(v, float) and v != v) else str(v)

    for i in np.flatnonzero(kode_kosong):
        temuan.append(Temuan("nilai_kosong", "Kode anggaran kosong; isi kode baris ini (mis. 3355.003 atau "
                                             "CQ.6709.QGE.001) agar dapat dijumlahkan.",
                             lokasi=_lokasi(sumber[i], "kode")))
    for i in np.flatnonzero(~valid & ~kode_kosong):
        temuan.append(Temuan("kode_format", pk["pesan"].iat[i] + " Baris ini tidak ikut dijumlahkan.",
                             lokasi=_lokasi(sumber[i], "kode"), kode=teks_kode(i), nilai_tercatat=teks_kode(i)))

    # --- amounts ---
    angka: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    for k in _KOLOM_RUPIAH + _KOLOM_RPD + _KOLOM_REAL_BULAN:
        v, ada, salah = _rupiah_kolom(data[k]) if n else (np.zeros(0, np.int64), np.zeros(0, bool), {})
        for i, alasan in salah.items():
            ada[i] = False
            temuan.append(Temuan("nilai_tidak_valid", f"{_HEADER[k]} baris kode '{teks_kode(i)}': {alasan}",
                                 lokasi=_lokasi(sumber[i], k), kode=teks_kode(i),
                                 nilai_tercatat=data[k].iat[i]))
        angka[k] = (v, ada)
    pagu_v, pagu_ada = angka["pagu"]
    real_v, real_ada = angka["realisasi"]
    real_v = real_v.copy()
    pa_v, pa_ada = angka["pagu_awal"]
    pagu_salah = ~pagu_ada & ~_kosong_kolom(data["pagu"]) if n else np.zeros(0, dtype=bool)

    # monthly realisasi fills an empty annual Realisasi
    rb = np.column_stack([angka[k][0] for k in _KOLOM_REAL_BULAN]) if n else np.zeros((0, 12), np.int64)
    rb_ada = np.column_stack([angka[k][1] for k in _KOLOM_REAL_BULAN]) if n else np.zeros((0, 12), bool)
    rpd = np.column_stack([angka[k][0] for k in _KOLOM_RPD]) if n else np.zeros((0, 12), np.int64)
    rpd_ada = np.column_stack([angka[k][1] for k in _KOLOM_RPD]) if n else np.zeros((0, 12), bool)
    ada_bulanan = rb_ada.any(axis=1)
    real_kosong = _kosong_kolom(data["realisasi"]) if n else np.zeros(0, dtype=bool)
    dari_bulan = ada_bulanan & real_kosong
    real_v[dari_bulan] = rb[dari_bulan].sum(axis=1)
    real_ada = real_ada | dari_bulan

    # --- formats mixed ---
    fmt = pk["format"]
    if fmt[valid].nunique() > 1:
        contoh = {f: teks_kode(int(np.flatnonzero(valid & (fmt == f).to_numpy())[0])) for f in (FORMAT_2021, FORMAT_LAMA)}
        temuan.append(Temuan(
            "format_kode_campuran",
            f"Tabel memuat kode format sejak 2021 (mis. {contoh[FORMAT_2021]}) dan format sebelum 2021 "
            f"(mis. {contoh[FORMAT_LAMA]}). Keduanya dijumlahkan terpisah; pastikan semua baris dari tahun anggaran yang sama.",
            tingkat=Tingkat.PERINGATAN, lokasi=_lokasi(None, "kode")))

    # --- duplicates and conflicting uraian ---
    baku = pk["baku"]
    utama = valid.copy()
    dup = baku.duplicated(keep=False).to_numpy() & valid
    uraian = data["uraian"]
    if dup.any():
        for b, grup in pd.Series(np.flatnonzero(dup)).groupby(baku.to_numpy()[dup]):
            pos = list(grup)
            p0 = pos[0]
            for p in pos[1:]:
                utama[p] = False
                sama = all(
                    (angka[k][1][p] == angka[k][1][p0]) and (angka[k][0][p] == angka[k][0][p0])
                    for k in _KOLOM_RUPIAH
                )
                if sama:
                    temuan.append(Temuan(
                        "kode_ganda",
                        f"Kode {teks_kode(p)} tercatat dua kali dengan angka yang sama (juga di baris data "
                        f"{sumber[p0] + 1}); baris ini tidak ikut dijumlahkan. Hapus salah satunya.",
                        tingkat=Tingkat.PERINGATAN, lokasi=_lokasi(sumber[p], "kode"), kode=teks_kode(p),
                        nilai_tercatat=b))
                else:
                    temuan.append(Temuan(
                        "kode_ganda",
                        f"Kode {teks_kode(p)} tercatat dua kali dengan angka berbeda (pagu {_rp(pagu_v[p])} di sini, "
                        f"{_rp(pagu_v[p0])} di baris data {sumber[p0] + 1}); hanya baris pertama dijumlahkan. "
                        "Satukan menjadi satu baris dengan angka yang benar.",
                        tingkat=Tingkat.GALAT, lokasi=_lokasi(sumber[p], "pagu"), kode=teks_kode(p),
                        nilai_tercatat=int(pagu_v[p]), nilai_seharusnya=int(pagu_v[p0])))
                u0, u1 = _uraian_baku(uraian.iat[p0]), _uraian_baku(uraian.iat[p])
                if u0 and u1 and u0 != u1:
                    temuan.append(Temuan(
                        "uraian_bertentangan",
                        f"Kode {teks_kode(p)} memakai uraian '{uraian.iat[p]}' padahal di baris data {sumber[p0] + 1} "
                        f"uraiannya '{uraian.iat[p0]}'. Satu kode hanya boleh satu uraian.",
                        lokasi=_lokasi(sumber[p], "uraian"), kode=teks_kode(p),
                        nilai_tercatat=str(uraian.iat[p]), nilai_seharusnya=str(uraian.iat[p0])))

    # --- nodes: typed lines + every ancestor ---
    pos_ketik = np.flatnonzero(utama)
    ketik = pd.DataFrame({
        "kode_baku": baku.to_numpy()[pos_ketik],
        "format": fmt.to_numpy()[pos_ketik],
        "tingkat": pk["tingkat"].to_numpy()[pos_ketik],
        "induk": pk["induk"].to_numpy()[pos_ketik],
        "kedalaman": pk["kedalaman"].to_numpy()[pos_ketik],
        "pos": pos_ketik,
    })
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
    pos = simpul["pos"].to_numpy()
    diketik = pos >= 0
    indeks = pd.Index(kb)
    induk_i = indeks.get_indexer(simpul["induk"].to_numpy(dtype=object)) if m else np.zeros(0, dtype=np.int64)
    induk_i = np.where(simpul["induk"].isna().to_numpy(), -1, induk_i)
    kedalaman = simpul["kedalaman"].to_numpy().astype(np.int64)
    jumlah_anak = np.bincount(induk_i[induk_i >= 0], minlength=m) if m else np.zeros(0, dtype=np.int64)
    punya_anak = jumlah_anak > 0

    def ambil(arr: np.ndarray, isi):
        out = np.full(m, isi, dtype=arr.dtype)
        out[diketik] = arr[pos[diketik]]
        return out

    p_ketik, p_ada = ambil(pagu_v, 0), ambil(pagu_ada, False)
    r_ketik, r_ada = ambil(real_v, 0), ambil(real_ada, False)
    a_ketik, a_ada = ambil(pa_v, 0), ambil(pa_ada, False)
    p_salah = ambil(pagu_salah, False)

    # --- roll-up, deepest first: a typed figure is used, a missing one is the children's sum ---
    s_pagu = np.zeros(m, dtype=object if (p_ketik.size and np.abs(p_ketik).max() >= _BATAS_AMAN) else np.int64)
    s_real = np.zeros(m, dtype=s_pagu.dtype)
    s_awal = np.zeros(m, dtype=s_pagu.dtype)
    s_awal_ada = np.zeros(m, dtype=bool)
    pagu_u = np.zeros(m, dtype=s_pagu.dtype)
    real_u = np.zeros(m, dtype=s_pagu.dtype)
    awal_u = np.zeros(m, dtype=s_pagu.dtype)
    awal_has = np.zeros(m, dtype=bool)
    pagu_dihitung = np.zeros(m, dtype=bool)
    for d in range(int(kedalaman.max()) if m else -1, -1, -1):
        sel = np.flatnonzero(kedalaman == d)
        pa = punya_anak[sel]
        pagu_pakai = np.where(p_ada[sel] | ~pa, p_ketik[sel], s_pagu[sel])
        pagu_dihitung[sel] = pa & ~p_ada[sel]
        real_pakai = np.where(r_ada[sel] | ~pa, r_ketik[sel], s_real[sel])
        awal_dr_anak = pa & ~a_ada[sel] & s_awal_ada[sel]
        awal_pakai = np.where(a_ada[sel], a_ketik[sel], np.where(awal_dr_anak, s_awal[sel], pagu_pakai))
        pagu_u[sel], real_u[sel], awal_u[sel] = pagu_pakai, real_pakai, awal_pakai
        awal_has[sel] = a_ada[sel] | awal_dr_anak
        ke = induk_i[sel]
        naik = ke >= 0
        if naik.any():
            np.add.at(s_pagu, ke[naik], pagu_pakai[naik])
            np.add.at(s_real, ke[naik], real_pakai[naik])
            np.add.at(s_awal, ke[naik], awal_pakai[naik])
            np.logical_or.at(s_awal_ada, ke[naik], awal_has[sel][naik])

    def baris_sumber(i: int) -> int | None:
        return int(sumber[pos[i]]) if pos[i] >= 0 else None

    def kode_simpul(i: int) -> str:
        return teks_kode(int(pos[i])) if pos[i] >= 0 else str(kb[i])

    # typed parent vs its children
    for kunci, ketik_v, ada_v, jumlah, nama in (
        ("pagu", p_ketik, p_ada, s_pagu, "pagu"), ("realisasi", r_ketik, r_ada, s_real, "realisasi")):
        beda = diketik & punya_anak & ada_v & (ketik_v != jumlah)
        for i in np.flatnonzero(beda):
            temuan.append(Temuan(
                "jumlah_tidak_sesuai",
                f"{nama.capitalize()} {kode_simpul(i)} tertulis {_rp(ketik_v[i])}, sedangkan jumlah {nama} "
                f"rinciannya {_rp(jumlah[i])} (selisih {_rp(int(ketik_v[i]) - int(jumlah[i]))}). "
                "Perbaiki angka baris ini atau rinciannya.",
                lokasi=_lokasi(baris_sumber(i), kunci), kode=kode_simpul(i),
                nilai_tercatat=int(ketik_v[i]), nilai_seharusnya=int(jumlah[i])))

    # empty Pagu on a typed line without children
    for i in np.flatnonzero(diketik & ~punya_anak & ~p_ada & ~p_salah):
        temuan.append(Temuan("nilai_kosong", f"Pagu kode {kode_simpul(i)} kosong; isi pagu baris ini.",
                             lokasi=_lokasi(baris_sumber(i), "pagu"), kode=kode_simpul(i)))

    # realisasi above pagu (figures of typed lines)
    lebih = diketik & (real_u > pagu_u) & (p_ada | r_ada)
    for i in np.flatnonzero(lebih):
        temuan.append(Temuan(
            "realisasi_melebihi_pagu",
            f"Realisasi {kode_simpul(i)} {_rp(real_u[i])} melebihi pagunya {_rp(pagu_u[i])} "
            f"(lebih {_rp(int(real_u[i]) - int(pagu_u[i]))}); periksa realisasi atau revisi pagu.",
            lokasi=_lokasi(baris_sumber(i), "realisasi"), kode=kode_simpul(i),
            nilai_tercatat=int(real_u[i]), nilai_seharusnya=int(pagu_u[i])))

    # monthly figures against the annual ones
    pos_d = pos[diketik]
    if n:
        rpd_beda = rpd_ada.any(axis=1) & (rpd.sum(axis=1) != pagu_v) & pagu_ada & utama
        # months left empty before the last filled one are known only as a total (a SAKTI import
        # of some months): such a row's months cannot be held against its annual Realisasi
        terakhir = 11 - np.argmax(rb_ada[:, ::-1], axis=1)
        tanpa_celah = rb_ada.cumsum(axis=1)[np.arange(n), terakhir] == terakhir + 1
        rb_beda = ada_bulanan & tanpa_celah & ~real_kosong & real_ada & (rb.sum(axis=1) != real_v) & utama
        for i in np.flatnonzero(rpd_beda):
            temuan.append(Temuan(
                "jumlah_tidak_sesuai",
                f"Jumlah RPD Jan-Des kode {teks_kode(i)} {_rp(rpd[i].sum())} tidak sama dengan pagunya {_rp(pagu_v[i])}.",
                lokasi=_lokasi(sumber[i], "rpd_1"), kode=teks_kode(i),
                nilai_tercatat=int(rpd[i].sum()), nilai_seharusnya=int(pagu_v[i])))
        for i in np.flatnonzero(rb_beda):
            temuan.append(Temuan(
                "jumlah_tidak_sesuai",
                f"Jumlah realisasi Jan-Des kode {teks_kode(i)} {_rp(rb[i].sum())} tidak sama dengan "
                f"Realisasi setahun {_rp(real_v[i])}.",
                lokasi=_lokasi(sumber[i], "realisasi"), kode=teks_kode(i),
                nilai_tercatat=int(real_v[i]), nilai_seharusnya=int(rb[i].sum())))
        n_dari_bulan = int((dari_bulan & utama).sum())
        if n_dari_bulan:
            temuan.append(Temuan(
                "nilai_diturunkan",
                f"Realisasi {n_dari_bulan} baris yang kosong diisi dari jumlah realisasi bulanannya.",
                lokasi=_lokasi(None, "realisasi")))

    # child without a fitting parent
    tingkat = simpul["tingkat"].to_numpy(dtype=object)
    fmt_s = simpul["format"].to_numpy(dtype=object)
    tingkat_diketik = {(f, t) for f, t in zip(fmt_s[diketik], tingkat[diketik])}
    induk_tidak_diketik = (induk_i >= 0) & ~np.where(induk_i >= 0, diketik[np.clip(induk_i, 0, None)], True)
    for i in np.flatnonzero(diketik & induk_tidak_diketik):
        j = induk_i[i]
        if (fmt_s[j], tingkat[j]) in tingkat_diketik:
            temuan.append(Temuan(
                "kode_tanpa_induk",
                f"Kode {kode_simpul(i)} tidak punya baris induk {kb[j]} di tabel, padahal baris {_NAMA_TINGKAT.get(tingkat[j], tingkat[j])} lain "
                "diketik. Induknya dihitung dari rinciannya; tambahkan baris induk bila memang ada.",
                lokasi=_lokasi(baris_sumber(i), "kode"), kode=kode_simpul(i), nilai_seharusnya=str(kb[j])))
    tanpa_program = diketik & ~pd.Series(kb).str.startswith(BA_ES1 + ".").to_numpy() & (induk_i < 0)
    if tanpa_program.any() and (~tanpa_program & diketik).any() and pd.Series(kb).str.startswith(BA_ES1 + ".").any():
        for i in np.flatnonzero(tanpa_program):
            temuan.append(Temuan(
                "kode_tanpa_induk",
                f"Kode {kode_simpul(i)} tidak memuat program dan programnya tidak diketahui dari referensi, "
                "padahal baris lain berprogram. Tulis kode lengkap (mis. CQ.6709.QGE.001) atau tambahkan "
                "kegiatannya di lembar Referensi.",
                lokasi=_lokasi(baris_sumber(i), "kode"), kode=kode_simpul(i)))

    # a line that stops one level early while all its siblings go deeper
    if m:
        daun_ketik = diketik & ~punya_anak & np.isin(tingkat, ["kegiatan", "kro", "ro", "output", "komponen", "subkomponen"])
        kelompok = np.where(induk_i >= 0, induk_i, -1 - (fmt_s == FORMAT_LAMA).astype(np.int64))
        saudara = pd.DataFrame({"k": kelompok, "anak": punya_anak.astype(np.int64)}).groupby("k")["anak"].agg(["sum", "count"])
        jml_anak = saudara["sum"].reindex(kelompok).to_numpy()
        jml = saudara["count"].reindex(kelompok).to_numpy()
        patah = daun_ketik & (jml >= 2) & (jml_anak == jml - 1)
        for i in np.flatnonzero(patah):
            temuan.append(Temuan(
                "kode_format",
                f"Kode {kode_simpul(i)} berhenti di tingkat {tingkat[i]}, padahal semua kode sejenis di bawah "
                f"{kb[induk_i[i]] if induk_i[i] >= 0 else 'tingkat yang sama'} dirinci lebih dalam; "
                "kemungkinan segmen terakhir kodenya tertinggal.",
                lokasi=_lokasi(baris_sumber(i), "kode"), kode=kode_simpul(i), nilai_tercatat=kode_simpul(i)))

    # reference: unknown program/kegiatan/KRO/RO/output
    ref_kode = set(ref["kode"])
    ref_uraian = dict(zip(ref["kode"], ref["uraian"]))
    cek = np.isin(tingkat, _DICEK_REFERENSI) | (tingkat == "akun")
    if cek.any():
        kbs = pd.Series(kb)
        dikenal = kbs.isin(ref_kode).to_numpy()
        akhir = kbs.str.rpartition(".")[2].to_numpy(dtype=object)
        dua = kbs.str.extract(r"([^.]+\.[^.]+)$", expand=False).to_numpy(dtype=object)
        kro_kenal = (tingkat == "kro") & pd.Series(akhir).isin(ref_kode).to_numpy()
        ro_kenal = (tingkat == "ro") & pd.Series(dua).isin(ref_kode).to_numpy()
        akun_kenal = (tingkat == "akun") & pd.Series(akhir).str.startswith("5").to_numpy()
        asing = cek & ~(dikenal | kro_kenal | ro_kenal | akun_kenal)
        if asing.any():
            wakil = _wakil_ketik(induk_i, diketik, kedalaman)
            for i in np.flatnonzero(asing):
                w = wakil[i]
                if tingkat[i] == "akun":
                    pesan = (f"Akun {akhir[i]} pada kode {kode_simpul(i)} bukan akun belanja (51 pegawai, 52 barang, "
                             "53 modal, ...); periksa kode akunnya.")
                else:
                    pesan = (f"Kode {tingkat[i]} {kb[i]} tidak ada di daftar referensi KPU. Periksa kodenya, atau "
                             "tambahkan kode dan uraiannya di lembar Referensi bila memang benar.")
                temuan.append(Temuan("kode_tidak_dikenal", pesan,
                                     lokasi=_lokasi(int(sumber[pos[w]]) if w >= 0 else None, "kode"),
                                     kode=kode_simpul(w) if w >= 0 else str(kb[i]), nilai_tercatat=str(kb[i])))

    # one info line for what the tool derived
    n_turunan = int((~diketik).sum() + (diketik & pagu_dihitung).sum())
    if n_turunan:
        temuan.append(Temuan(
            "induk_dihitung",
            f"{n_turunan} baris induk (program/kegiatan/KRO/RO/...) tidak diketik lengkap; pagu dan realisasinya "
            "dihitung dari jumlah rinciannya.",
            lokasi=_lokasi(None, "kode")))

    # --- the output tree ---
    dihitung = ~diketik | pagu_dihitung
    uraian_ketik = np.full(m, None, dtype=object)
    uraian_arr = data["uraian"].to_numpy(dtype=object)
    uraian_ketik[diketik] = uraian_arr[pos[diketik]]
    uraian_ketik = np.where(pd.isna(uraian_ketik), None, uraian_ketik)
    tanpa_uraian = pd.isna(uraian_ketik) if m else np.zeros(0, dtype=bool)
    if tanpa_uraian.any():
        dari_ref = pd.Series(kb[tanpa_uraian]).map(ref_uraian).to_numpy(dtype=object)
        uraian_ketik[tanpa_uraian] = np.where(pd.isna(dari_ref), None, dari_ref)
    kode_out = kb.copy()
    kode_out[diketik] = kode_teks[pos[diketik]]
    sisa = pagu_u - real_u
    serap = _penyerapan_kolom(np.asarray(pagu_u, dtype=np.int64) if pagu_u.dtype != object else pagu_u,
                              np.asarray(real_u, dtype=np.int64) if real_u.dtype != object else real_u)
    awal_out = np.where(awal_has, awal_u, None)
    ubah_out = np.where(awal_has, pagu_u - np.where(awal_has, awal_u, 0), None)
    akun_seg = np.where(tingkat == "akun", pd.Series(kb).str[-6:].to_numpy(dtype=object), None) if m else np.zeros(0, dtype=object)
    jenis = np.array([_jenis_dari_akun(a) if a is not None else None for a in akun_seg[tingkat == "akun"]], dtype=object)
    jenis_out = np.full(m, None, dtype=object)
    jenis_out[tingkat == "akun"] = jenis

    # volumes and efisiensi, per RO / output line with a volume target
    tv = np.full(m, None, dtype=object)
    rv = np.full(m, None, dtype=object)
    sv = np.full(m, None, dtype=object)
    progres = np.full(m, None, dtype=object)
    ck = np.full(m, None, dtype=object)
    ck_frac: dict[int, Fraction] = {}
    t_col = data["target_volume"].to_numpy(dtype=object)
    r_col = data["realisasi_volume"].to_numpy(dtype=object)
    s_col = data["satuan_volume"].to_numpy(dtype=object)
    ada_vol = ~(_kosong_kolom(data["target_volume"]) & _kosong_kolom(data["realisasi_volume"])) if n else np.zeros(0, bool)
    for i in np.flatnonzero(diketik & ada_vol[np.clip(pos, 0, None)] if n else np.zeros(m, bool)):
        p = int(pos[i])
        vals = []
        for kunci, raw in (("target_volume", t_col[p]), ("realisasi_volume", r_col[p])):
            try:
                v = _angka(None if isinstance(raw, str) and not raw.strip() else raw)
                if v is not None and v < 0:
                    raise NilaiTidakValid(f"{raw} negatif; volume tidak boleh negatif.")
            except NilaiTidakValid as e:
                temuan.append(Temuan("nilai_tidak_valid", f"{_HEADER[kunci]} kode {teks_kode(p)}: {e}",
                                     lokasi=_lokasi(sumber[p], kunci), kode=teks_kode(p), nilai_tercatat=raw))
                v = None
            vals.append(v)
        tv[i], rv[i] = vals
        sv[i] = None if pd.isna(s_col[p]) else s_col[p]
        if tv[i] is not None and tv[i] > 0:
            r = rv[i] if rv[i] is not None else Decimal(0)
            f = Fraction(r) / Fraction(tv[i])
            progres[i] = _bulatkan(f * 100)
            ck[i] = _bulatkan(f, 4)
            if tingkat[i] in ("ro", "output"):
                ck_frac[i] = f

    baris = pd.DataFrame({
        "kode": kode_out, "kode_baku": kb, "dihitung": dihitung, "tingkat": tingkat, "uraian": uraian_ketik,
        "pagu": pagu_u, "realisasi": real_u, "sisa": sisa, "penyerapan": serap,
        "induk": simpul["induk"].to_numpy(dtype=object), "kedalaman": kedalaman,
        "baris": pd.array(np.where(diketik, sumber[np.clip(pos, 0, None)] if n else 0, 0), dtype="Int64"),
        "pagu_awal": awal_out, "perubahan_pagu": ubah_out, "jenis_belanja": jenis_out, "format": fmt_s,
        "target_volume": tv, "realisasi_volume": rv, "satuan_volume": sv,
        "progres_volume": progres, "capaian_keluaran": ck,
    })
    baris.loc[~diketik, "baris"] = pd.NA
    baris["induk"] = baris["induk"].where(baris["induk"].notna(), None)

    # --- per jenis belanja ---
    akun_rows = baris[baris["tingkat"] == "akun"]
    if len(akun_rows):
        g = akun_rows.groupby(akun_rows["jenis_belanja"].fillna("lainnya"), sort=True)[["pagu", "realisasi"]].sum()
        per_jenis = g.reset_index().rename(columns={"index": "jenis_belanja"})
        per_jenis["pagu"] = [int(v) for v in per_jenis["pagu"]]
        per_jenis["realisasi"] = [int(v) for v in per_jenis["realisasi"]]
        per_jenis["sisa"] = per_jenis["pagu"] - per_jenis["realisasi"]
        per_jenis["penyerapan"] = [penyerapan(p, r) for p, r in zip(per_jenis["pagu"], per_jenis["realisasi"])]
        kel = akun_rows["kode_baku"].str[-6:].map(kelompok_belanja)
        per_jenis["kelompok"] = per_jenis["jenis_belanja"].map(
            dict(zip(akun_rows["jenis_belanja"].fillna("lainnya"), kel)))
    else:
        per_jenis = pd.DataFrame(columns=["jenis_belanja", "pagu", "realisasi", "sisa", "penyerapan", "kelompok"])

    # --- monthly, over the typed leaves ---
    if n and (rpd_ada.any() or rb_ada.any()):
        daun_pos = pos[diketik & ~punya_anak]
        rpd_b = [int(x) for x in rpd[daun_pos].sum(axis=0)]
        rb_b = [int(x) for x in rb[daun_pos].sum(axis=0)]
        dev = [r - p for p, r in zip(rpd_b, rb_b)]
        bulanan = pd.DataFrame({
            "bulan": range(1, 13), "nama_bulan": BULAN, "rpd": rpd_b, "realisasi": rb_b, "deviasi": dev,
            "deviasi_persen": [None if p == 0 else _bulatkan(Fraction(d * 100, p)) for p, d in zip(rpd_b, dev)],
        })
    else:
        bulanan = pd.DataFrame(columns=["bulan", "nama_bulan", "rpd", "realisasi", "deviasi", "deviasi_persen"])

    # --- efisiensi (PMK 214/2017) ---
    ef_rows = []
    sum_pck = Fraction(0)
    sum_real = 0
    for i, f in ck_frac.items():
        pck = Fraction(int(pagu_u[i])) * f
        e = None if pck == 0 else (pck - int(real_u[i])) / pck * 100
        ef_rows.append({"kode_baku": kb[i], "kode": kode_out[i], "pagu": int(pagu_u[i]), "realisasi": int(real_u[i]),
                        "capaian_keluaran": ck[i], "efisiensi": None if e is None else _bulatkan(e),
                        "nilai_efisiensi": None if e is None else _nilai_efisiensi(e)})
        sum_pck += pck
        sum_real += int(real_u[i])
    efisiensi = pd.DataFrame(ef_rows, columns=["kode_baku", "kode", "pagu", "realisasi", "capaian_keluaran",
                                               "efisiensi", "nilai_efisiensi"])
    if ef_rows and sum_pck != 0:
        e_tot = (sum_pck - sum_real) / sum_pck * 100
        efisiensi_total = {"efisiensi": _bulatkan(e_tot), "nilai": _nilai_efisiensi(e_tot)}
    else:
        efisiensi_total = {"efisiensi": None, "nilai": None}

    # --- total over the top-level lines ---
    atas = induk_i < 0
    tp = int(np.asarray(pagu_u[atas], dtype=object).sum()) if m else 0
    tr = int(np.asarray(real_u[atas], dtype=object).sum()) if m else 0
    total = {"pagu": tp, "realisasi": tr, "sisa": tp - tr, "penyerapan": penyerapan(tp, tr)}
    return HasilAnggaran(baris=baris, per_jenis=per_jenis, bulanan=bulanan, efisiensi=efisiensi,
                         efisiensi_total=efisiensi_total, total=total, temuan=temuan)


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

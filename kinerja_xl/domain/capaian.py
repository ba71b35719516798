"""Capaian: realisasi against target, per indikator and per sasaran (DOMAIN.md, "Capaian rules").

Arithmetic is exact (``Fraction``); the order is fixed: compute, clip at 0,
apply the optional cap, round half-up to 2 decimals, then judge the kategori on
the rounded figure. A capaian that cannot be computed is never a silent 0: the
result carries a :class:`Status` and an Indonesian reason.

Defaults chosen here (also written into each row's ``keterangan``):

* empty Polaritas is Positif; a range target (``80–90%``) is always judged by
  the rentang rule; Polaritas Rentang with a single-number target treats it as
  the range [T, T].
* empty Akumulasi is Akhir for a percentage, range or predikat target (a
  percentage of an annual target is not summed over quarters) and Kumulatif for
  counts (``1 laporan`` per quarter adds up).
* TW consistency (``tw_tidak_konsisten``) is checked only when Realisasi TW IV
  is filled (the year's quarters are complete); rata-rata compares at the
  precision the annual figure was typed with.
* A derived mean that does not terminate is carried with 28 significant digits
  and shown rounded to 2 decimals.
* A percentage is comparable only with a percentage: a bare number (no unit
  typed, Satuan empty) against ``100%`` is ``satuan_tidak_sesuai``, never
  10.000%. With Satuan ``%`` a bare number is itself a percentage.
* An empty Kode Sasaran continues the sasaran of the row above (staff copy PK
  tables with merged cells); completely empty PK rows are skipped.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from decimal import Decimal, localcontext
from enum import Enum
from fractions import Fraction
from typing import Any, Iterable, Sequence

import pandas as pd

from kinerja_xl.domain.angka import (
    PERINGKAT_PREDIKAT,
    JenisNilai,
    Nilai,
    bulatkan,
    format_angka,
    format_nilai,
    parse_nilai,
)
from kinerja_xl.domain.kategori import Skala
from kinerja_xl.domain.satuan import satuan_sama
from kinerja_xl.domain.aturan import Jenis
from kinerja_xl.domain.temuan import KinerjaError, Lokasi, NilaiTidakValid, Temuan, Tingkat
from kinerja_xl.template import contract
from kinerja_xl.domain.sel import rekaman

__all__ = [
    "Status",
    "HasilSatu",
    "hitung_capaian",
    "capaian_massal",
    "AturanCapaian",
    "HasilCapaian",
    "hitung_capaian_tabel",
    "rata_rata_sasaran",
    "normalisasi_polaritas",
    "normalisasi_akumulasi",
]


class Status(str, Enum):
    DIHITUNG = "dihitung"
    KUALITATIF = "kualitatif"
    TIDAK_DAPAT_DIHITUNG = "tidak_dapat_dihitung"
    TIDAK_ADA_KEJADIAN = "tidak_ada_kejadian"


@dataclass(frozen=True)
class HasilSatu:
    """One indikator's capaian; ``eksak`` keeps the exact capped value for sasaran means."""

    status: Status
    capaian: Decimal | None  # capped then rounded half-up 2dp
    mentah: Decimal | None  # capped, unrounded
    alasan: str = ""
    eksak: Fraction | None = field(default=None, compare=False, repr=False)


ALASAN_SATUAN = "satuan tidak sesuai"
_SERATUS = Fraction(100)
_PRESISI = 40


def _ke_decimal(f: Fraction, presisi: int = _PRESISI) -> Decimal:
    """A Fraction as Decimal: exact when it terminates, else ``presisi`` significant digits."""
    d = f.denominator
    for p in (2, 5):
        while d % p == 0:
            d //= p
    with localcontext() as ctx:
        if d == 1:
            ctx.prec = max(presisi, len(str(f.numerator)) + len(str(f.denominator)) + 2)
        else:
            ctx.prec = presisi
        hasil = Decimal(f.numerator) / Decimal(f.denominator)
    return Decimal(0) if hasil == 0 else hasil


def _kata(v: Any) -> str:
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return ""
    return " ".join(str(v).replace("-", " ").replace("_", " ").split()).lower()


def normalisasi_polaritas(v: Any) -> str | None:
    """"positif" / "negatif" / "rentang" from what staff typed (any case); empty -> "positif"; unknown -> None."""
    k = _kata(v)
    if not k:
        return "positif"
    return k if k in ("positif", "negatif", "rentang") else None


def normalisasi_akumulasi(v: Any) -> str | None:
    """"kumulatif" / "akhir" / "rata-rata" from staff text; empty -> "" (caller picks the default); unknown -> None."""
    k = _kata(v).replace(" ", "")
    if not k:
        return ""
    return {"kumulatif": "kumulatif", "akhir": "akhir", "ratarata": "rata-rata", "rerata": "rata-rata"}.get(k)


def _tidak(alasan: str) -> HasilSatu:
    return HasilSatu(Status.TIDAK_DAPAT_DIHITUNG, None, None, alasan)


def _rasio_angka(t: Fraction, r: Fraction, pol: str) -> Fraction | str:
    if pol == "positif":
        if t == 0:
            return "target 0 dengan polaritas positif"
        if t < 0:
            return "target negatif"
        return r / t * _SERATUS
    # negatif
    if t == 0:
        return _SERATUS if r <= 0 else Fraction(0)
    if t < 0:
        return "target negatif"
    return (2 * t - r) / t * _SERATUS


def _rasio_rentang(a: Fraction, b: Fraction, r: Fraction) -> Fraction:
    if a <= r <= b:
        return _SERATUS
    if r < a:
        return r / a * _SERATUS if a > 0 else Fraction(0)
    return (2 * b - r) / b * _SERATUS if b > 0 else Fraction(0)


def hitung_capaian(
    target: Nilai, realisasi: Nilai, polaritas: str = "positif", batas: Decimal | None = None
) -> HasilSatu:
    """Capaian of one indikator; never raises for typed values, returns a status instead."""
    pol = normalisasi_polaritas(polaritas)
    if realisasi.jenis is JenisNilai.KOSONG:
        return _tidak("realisasi kosong")
    if target.jenis is JenisNilai.KOSONG:
        return _tidak("target kosong")
    if realisasi.jenis is JenisNilai.KUALITATIF:
        return HasilSatu(Status.KUALITATIF, None, None, f"realisasi kualitatif ('{realisasi.teks}')")
    if target.jenis is JenisNilai.KUALITATIF:
        return HasilSatu(Status.KUALITATIF, None, None, f"target kualitatif ('{target.teks}')")
    if pol is None:
        return _tidak(f"polaritas '{polaritas}' tidak dikenal")

    if target.jenis is JenisNilai.PREDIKAT or realisasi.jenis is JenisNilai.PREDIKAT:
        if target.jenis is not realisasi.jenis:
            return _tidak("predikat tidak dapat dibandingkan dengan angka")
        if target.skala_predikat != realisasi.skala_predikat:
            return _tidak("skala predikat target dan realisasi berbeda")
        ranks = PERINGKAT_PREDIKAT[target.skala_predikat]
        rt, rr = ranks[target.predikat], ranks[realisasi.predikat]
        c: Fraction | str = _SERATUS if rr >= rt else Fraction(rr, rt) * _SERATUS
    elif realisasi.jenis is JenisNilai.RENTANG:
        return _tidak("realisasi berupa rentang")
    else:
        # a percentage compares only with a percentage: "1" against "100%" is not 10.000%
        if not satuan_sama(target.satuan, realisasi.satuan) or (target.satuan == "%") != (realisasi.satuan == "%"):
            return _tidak(
                f"{ALASAN_SATUAN} (target {target.satuan or 'tanpa satuan'}, "
                f"realisasi {realisasi.satuan or 'tanpa satuan'})"
            )
        r = Fraction(realisasi.angka)
        if target.jenis is JenisNilai.RENTANG:
            c = _rasio_rentang(Fraction(target.bawah), Fraction(target.atas), r)
        elif pol == "rentang":
            t = Fraction(target.angka)
            c = _rasio_rentang(t, t, r)
        else:
            c = _rasio_angka(Fraction(target.angka), r, pol)
    if isinstance(c, str):
        return _tidak(c)
    if c < 0:
        c = Fraction(0)
    if batas is not None and c > Fraction(batas):
        c = Fraction(batas)
    return HasilSatu(Status.DIHITUNG, bulatkan(c), _ke_decimal(c), "", c)


def _kosong(v: Any) -> bool:
    return v is None or (isinstance(v, float) and math.isnan(v)) or v is pd.NA


def capaian_massal(
    target: Sequence[object],
    realisasi: Sequence[object],
    polaritas: Sequence[str] | str = "positif",
    batas: Decimal | None = None,
    persen_target: Sequence[bool] | None = None,
    persen_realisasi: Sequence[bool] | None = None,
) -> list[HasilSatu]:
    """Capaian over raw cell values, row by row; repeated cells are parsed and computed once."""
    n = len(target)
    if len(realisasi) != n:
        raise KinerjaError("Jumlah target dan realisasi tidak sama.")
    pols = [polaritas] * n if isinstance(polaritas, str) or polaritas is None else list(polaritas)
    pt = list(persen_target) if persen_target is not None else [False] * n
    pr = list(persen_realisasi) if persen_realisasi is not None else [False] * n
    cache_nilai: dict[tuple, Nilai | str] = {}
    cache_hasil: dict[tuple, HasilSatu] = {}

    def baca(raw: object, persen: bool) -> Nilai | str:
        if _kosong(raw):
            return Nilai(JenisNilai.KOSONG)
        kunci = (type(raw), raw, bool(persen))
        got = cache_nilai.get(kunci)
        if got is None:
            try:
                got = parse_nilai(raw, persen_format=bool(persen))
            except NilaiTidakValid as e:
                got = f"nilai tidak valid: {e}"
            cache_nilai[kunci] = got
        return got

    hasil: list[HasilSatu] = []
    for i in range(n):
        t = baca(target[i], pt[i])
        r = baca(realisasi[i], pr[i])
        if isinstance(t, str):
            hasil.append(_tidak(t))
            continue
        if isinstance(r, str):
            hasil.append(_tidak(r))
            continue
        kunci = (t, r, pols[i])
        h = cache_hasil.get(kunci)
        if h is None:
            h = hitung_capaian(t, r, pols[i], batas)
            cache_hasil[kunci] = h
        hasil.append(h)
    return hasil


@dataclass(frozen=True)
class AturanCapaian:
    """The Konfigurasi choices that change capaian: cap, sasaran mean, reporting quarter, scale."""

    batas: Decimal | None = None
    metode: str = "rata-rata"  # or "geometrik"
    triwulan: int = 4
    skala: Skala = field(default_factory=Skala.default)

    def __post_init__(self) -> None:
        metode = _kata(self.metode).replace(" ", "")
        metode = {"ratarata": "rata-rata", "geometrik": "geometrik", "": "rata-rata"}.get(metode)
        if metode is None:
            raise KinerjaError(f"Metode Agregasi '{self.metode}' tidak dikenal; pilih Rata-rata atau Geometrik.")
        object.__setattr__(self, "metode", metode)
        try:
            tw = int(str(self.triwulan).strip())
        except ValueError:
            tw = 0
        if tw not in (1, 2, 3, 4):
            raise KinerjaError(f"Triwulan Pelaporan '{self.triwulan}' tidak sah; isi 1, 2, 3 atau 4.")
        object.__setattr__(self, "triwulan", tw)
        if self.batas is not None and not isinstance(self.batas, Decimal):
            object.__setattr__(self, "batas", Decimal(str(self.batas)))


@dataclass
class HasilCapaian:
    indikator: pd.DataFrame
    sasaran: pd.DataFrame
    temuan: list[Temuan]


def rata_rata_sasaran(nilai: Iterable[Fraction], metode: str = "rata-rata") -> tuple[Decimal | None, Decimal | None]:
    """(rounded, unrounded) mean of capped indikator capaian; geometric mean rounds exactly half-up."""
    xs = [Fraction(x) for x in nilai]
    if not xs:
        return None, None
    if metode != "geometrik":
        m = sum(xs, Fraction(0)) / len(xs)
        return bulatkan(m), _ke_decimal(m)
    if any(x <= 0 for x in xs):
        return bulatkan(Fraction(0)), Decimal(0)
    n = len(xs)
    prod = math.prod(xs, start=Fraction(1))
    with localcontext() as ctx:
        ctx.prec = 60
        g = (sum((_ke_decimal(x, 60).ln() for x in xs), Decimal(0)) / n).exp()
    # g is approximate; decide the rounding exactly: g >= tie  <=>  prod >= tie**n
    lantai = Fraction(math.floor(Fraction(g) * 100), 100)
    tie = lantai + Fraction(1, 200)
    hasil = lantai + Fraction(1, 100) if prod >= tie**n else lantai
    return bulatkan(hasil), +g


# --- the table ---------------------------------------------------------------------

_PK_HEADER = {c.key: c.header for c in contract.PK_TABLE.columns}
_RE_HEADER = {c.key: c.header for c in contract.REALISASI_TABLE.columns}
_TW_TARGET = ("target_tw1", "target_tw2", "target_tw3", "target_tw4")
_TW_REAL = ("realisasi_tw1", "realisasi_tw2", "realisasi_tw3", "realisasi_tw4")
_ROMAWI = contract.TW
_AKUMULASI_TAMPIL = {"kumulatif": "Kumulatif", "akhir": "Akhir", "rata-rata": "Rata-rata"}
_POLARITAS_TAMPIL = {"positif": "Positif", "negatif": "Negatif", "rentang": "Rentang"}


def _teks(v: Any) -> str | None:
    if _kosong(v):
        return None
    if isinstance(v, str):
        s = " ".join(v.split())
        return s or None
    if isinstance(v, bool):
        return "Ya" if v else "Tidak"
    if isinstance(v, (int, float, Decimal)):
        try:
            return format_angka(Decimal(repr(v)) if isinstance(v, float) else Decimal(v))
        except Exception:  # noqa: BLE001 - odd numerics are shown as Python prints them
            return str(v)
    return str(v)


def _teks_sel(raw: Any, nilai: Nilai | None) -> str | None:
    """What a cell shows: typed text as typed, a numeric cell as the value it was read as (0,95 -> 95%)."""
    if isinstance(raw, str) or nilai is None or nilai.jenis is JenisNilai.KOSONG:
        return _teks(raw)
    return format_nilai(nilai)


def _kode(v: Any) -> str:
    if _kosong(v):
        return ""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v).strip()


def _baris_kosong(row: dict, keys: Iterable[str]) -> bool:
    return all(_teks(row.get(k)) is None for k in keys)


def _ya(v: Any) -> bool:
    if isinstance(v, bool):
        return v
    return _kata(v) in ("ya", "y", "true", "1")


def _jumlahkan(vals: list[tuple[int, Nilai]], mode: str) -> tuple[Nilai, str] | None:
    """Aggregate filled quarter values under an akumulasi mode -> (value, how) or None if nothing filled."""
    if not vals:
        return None
    k_akhir, akhir = vals[-1]
    if mode == "akhir":
        return akhir, f"TW {_ROMAWI[k_akhir - 1]}"
    pertama = vals[0][1]
    numerik = all(v.numerik for _, v in vals) and all(
        v.jenis is pertama.jenis and satuan_sama(v.satuan, pertama.satuan) for _, v in vals
    )
    if not numerik:
        return akhir, f"TW {_ROMAWI[k_akhir - 1]} (nilai triwulan bukan angka sejenis)"
    total = sum((Fraction(v.angka) for _, v in vals), Fraction(0))
    daftar = ", ".join(_ROMAWI[k - 1] for k, _ in vals)
    if mode == "rata-rata":
        total /= len(vals)
        cara = f"rata-rata TW {daftar}"
    else:
        cara = f"jumlah TW {daftar}"
    satuan = next((v.satuan for _, v in vals if v.satuan), None)
    return Nilai(pertama.jenis, angka=_ke_decimal(total, 28), satuan=satuan), cara


def _tampil(n: Nilai) -> str:
    """Text of a derived value: numbers shown to at most 2 decimals."""
    if n.numerik and n.angka is not None and n.angka != bulatkan(n.angka, 2):
        teks = format_angka(bulatkan(n.angka, 2))
        if n.jenis is JenisNilai.PERSEN:
            return teks + "%"
        return f"{teks} {n.satuan}" if n.satuan else teks
    return format_nilai(n)


def _digit(d: Decimal) -> int:
    eks = d.as_tuple().exponent
    return max(0, -eks) if isinstance(eks, int) else 0


def _sama(turunan: Nilai, tercatat: Nilai, mode: str) -> bool:
    if not (turunan.numerik and tercatat.numerik):
        if turunan.jenis is JenisNilai.KUALITATIF or tercatat.jenis is JenisNilai.KUALITATIF:
            return True  # qualitative quarters cannot contradict a figure
        return turunan == tercatat
    if mode == "rata-rata":
        return bulatkan(turunan.angka, _digit(tercatat.angka)) == tercatat.angka
    return turunan.angka == tercatat.angka


class _Pembaca:
    """Parses one table's cells, collecting nilai_tidak_valid findings."""

    def __init__(self, lembar: str, header: dict[str, str], persen: Iterable[tuple[int, str]], temuan: list[Temuan]):
        self.lembar, self.header, self.persen, self.temuan = lembar, header, set(persen), temuan
        self._cache: dict[tuple, Nilai | str] = {}  # tables repeat the same cells ("100%", "1 laporan")

    def baca(self, row: dict, i: int, key: str, satuan: str | None, kode: str) -> Nilai | None:
        raw = row.get(key)
        if _kosong(raw):
            return Nilai(JenisNilai.KOSONG)
        persen = (i, key) in self.persen
        kunci = (type(raw), raw, persen, satuan)
        hasil = self._cache.get(kunci)
        if hasil is None:
            try:
                hasil = parse_nilai(raw, persen_format=persen, satuan=satuan)
            except NilaiTidakValid as e:
                hasil = str(e)
            self._cache[kunci] = hasil
        if isinstance(hasil, str):
            lok = Lokasi(lembar=self.lembar, baris=i, kolom=self.header[key])
            self.temuan.append(Temuan(Jenis.NILAI_TIDAK_VALID, hasil, lokasi=lok, kode=kode, nilai_tercatat=raw))
            return None
        return hasil


def hitung_capaian_tabel(
    pk: pd.DataFrame,
    realisasi: pd.DataFrame,
    aturan: AturanCapaian = AturanCapaian(),
    persen_pk: set[tuple[int, str]] = frozenset(),
    persen_realisasi: set[tuple[int, str]] = frozenset(),
) -> HasilCapaian:
    """Capaian of every PK indikator and every sasaran, with the findings on the way."""
    temuan: list[Temuan] = []
    n_tw = aturan.triwulan
    baca_pk = _Pembaca(contract.PK, _PK_HEADER, persen_pk, temuan)
    baca_re = _Pembaca(contract.REALISASI, _RE_HEADER, persen_realisasi, temuan)

    def t(jenis: Jenis, pesan: str, lembar: str, baris: int | None, kolom: str | None, kode: str = "", **kw: Any) -> None:
        temuan.append(Temuan(jenis, pesan, lokasi=Lokasi(lembar=lembar, baris=baris, kolom=kolom), kode=kode, **kw))

    pk_rows = rekaman(pk) if len(pk) else []
    re_rows = rekaman(realisasi) if len(realisasi) else []

    # --- Realisasi rows by kode --------------------------------------------------
    kode_pk = {_kode(r.get("kode_indikator")).upper() for r in pk_rows}
    re_by_kode: dict[str, int] = {}
    re_data_keys = [*_TW_REAL, "realisasi", "tidak_ada_kejadian"]
    for j, r in enumerate(re_rows):
        kode = _kode(r.get("kode_indikator"))
        if not kode:
            if not _baris_kosong(r, re_data_keys):
                t(Jenis.NILAI_KOSONG, f"Baris Realisasi {j + 1} berisi data tetapi Kode Indikator kosong.",
                  contract.REALISASI, j, _RE_HEADER["kode_indikator"])
            continue
        kunci = kode.upper()
        if kunci in re_by_kode:
            t(Jenis.KODE_GANDA, f"Kode Indikator {kode} muncul lebih dari sekali di lembar Realisasi; "
              "yang dipakai baris pertama.", contract.REALISASI, j, _RE_HEADER["kode_indikator"], kode)
            continue
        re_by_kode[kunci] = j
        if kunci not in kode_pk:
            t(Jenis.REALISASI_TANPA_INDIKATOR, f"Kode Indikator {kode} di lembar Realisasi tidak ada di PK.",
              contract.REALISASI, j, _RE_HEADER["kode_indikator"], kode)

    # --- PK rows ------------------------------------------------------------------
    baris_out: list[dict] = []
    hasil_eksak: list[Fraction | None] = []
    sasaran_urut: list[str] = []
    sasaran_uraian: dict[str, str] = {}
    kode_dilihat: dict[str, int] = {}
    sasaran_berjalan = ""
    pk_keys = [k for k in _PK_HEADER]
    for i, row in enumerate(pk_rows):
        if _baris_kosong(row, pk_keys):
            continue
        catatan: list[str] = []
        kode = _kode(row.get("kode_indikator"))
        ks = _kode(row.get("kode_sasaran"))
        sasaran_berjalan = ks or sasaran_berjalan
        if sasaran_berjalan not in sasaran_uraian:
            sasaran_urut.append(sasaran_berjalan)
            sasaran_uraian[sasaran_berjalan] = ""
        if not sasaran_uraian[sasaran_berjalan] and _teks(row.get("sasaran")):
            sasaran_uraian[sasaran_berjalan] = _teks(row.get("sasaran"))
        if not kode:
            t(Jenis.NILAI_KOSONG, f"Baris PK {i + 1}: Kode Indikator kosong.", contract.PK, i, _PK_HEADER["kode_indikator"])
        elif kode.upper() in kode_dilihat:
            pertama = pk_rows[kode_dilihat[kode.upper()]]
            sama = all(_teks(pertama.get(k)) == _teks(row.get(k)) for k in pk_keys)
            t(Jenis.KODE_GANDA, f"Kode Indikator {kode} muncul lebih dari sekali di PK (baris "
              f"{kode_dilihat[kode.upper()] + 1} dan {i + 1})" + (" dengan isi sama." if sama else " dengan isi berbeda."),
              contract.PK, i, _PK_HEADER["kode_indikator"], kode,
              tingkat=Tingkat.PERINGATAN if sama else Tingkat.GALAT)
        else:
            kode_dilihat[kode.upper()] = i

        satuan_pk = _teks(row.get("satuan"))
        target = baca_pk.baca(row, i, "target", satuan_pk, kode)
        if target is not None and target.jenis is JenisNilai.KOSONG:
            t(Jenis.NILAI_KOSONG, f"Target indikator {kode or f'baris {i + 1}'} kosong.", contract.PK, i,
              _PK_HEADER["target"], kode)
        tw_target = [baca_pk.baca(row, i, k, satuan_pk, kode) for k in _TW_TARGET]

        pol = normalisasi_polaritas(row.get("polaritas"))
        if pol is None:
            t(Jenis.NILAI_TIDAK_VALID, f"Polaritas '{_teks(row.get('polaritas'))}' tidak dikenal; pilih Positif, "
              "Negatif atau Rentang.", contract.PK, i, _PK_HEADER["polaritas"], kode,
              nilai_tercatat=row.get("polaritas"))
        elif _kosong(row.get("polaritas")) or not _kata(row.get("polaritas")):
            catatan.append("polaritas kosong, dianggap Positif")
        if target is not None and target.jenis is JenisNilai.RENTANG and pol not in (None, "rentang"):
            catatan.append("target berupa rentang, dihitung dengan rumus rentang")
            pol = "rentang"

        akm = normalisasi_akumulasi(row.get("akumulasi"))
        akm_default = False
        if akm is None:
            t(Jenis.NILAI_TIDAK_VALID, f"Akumulasi '{_teks(row.get('akumulasi'))}' tidak dikenal; pilih Kumulatif, "
              "Akhir atau Rata-rata.", contract.PK, i, _PK_HEADER["akumulasi"], kode,
              nilai_tercatat=row.get("akumulasi"))
        elif akm == "":
            akm_default = True
            hitungan = target is not None and target.jenis is JenisNilai.ANGKA
            akm = "kumulatif" if hitungan else "akhir"

        # --- realisasi row
        j = re_by_kode.get(kode.upper()) if kode else None
        rrow = re_rows[j] if j is not None else {}
        tidak_ada = j is not None and _ya(rrow.get("tidak_ada_kejadian"))
        r_tahun = baca_re.baca(rrow, j, "realisasi", satuan_pk, kode) if j is not None else Nilai(JenisNilai.KOSONG)
        r_tw = [baca_re.baca(rrow, j, k, satuan_pk, kode) if j is not None else Nilai(JenisNilai.KOSONG) for k in _TW_REAL]

        hasil: HasilSatu | None = None
        sudah_dilaporkan = False
        target_pakai: Nilai | None = None
        real_pakai: Nilai | None = None
        target_teks = _teks_sel(row.get("target"), target)
        real_teks = _teks_sel(rrow.get("realisasi"), r_tahun) if j is not None else None

        semua_kosong = j is None or all(
            v is not None and v.jenis is JenisNilai.KOSONG for v in (r_tahun, *r_tw)
        )
        if tidak_ada:
            hasil = HasilSatu(Status.TIDAK_ADA_KEJADIAN, None, None, "tidak ada kejadian")
        elif semua_kosong:
            t(Jenis.INDIKATOR_TANPA_REALISASI, f"Indikator {kode or f'baris {i + 1}'} belum memiliki realisasi.",
              contract.PK, i, _PK_HEADER["kode_indikator"], kode)
            hasil = _tidak("realisasi belum diisi")
            sudah_dilaporkan = True
        elif target is None or pol is None or akm is None or any(v is None for v in (r_tahun, *r_tw)):
            hasil = _tidak("ada nilai yang tidak valid")
            sudah_dilaporkan = True
        elif target.jenis is JenisNilai.KOSONG:
            hasil = _tidak("target kosong")
            sudah_dilaporkan = True
        else:
            tw_isi = [(k, v) for k, v in enumerate(r_tw[:n_tw], 1) if v.jenis is not JenisNilai.KOSONG]
            twt_isi = [(k, v) for k, v in enumerate(tw_target[:n_tw], 1) if v is not None and v.jenis is not JenisNilai.KOSONG]
            if any(v is None for v in tw_target[:n_tw]):
                hasil = _tidak("target triwulan tidak valid")
                sudah_dilaporkan = True
            elif n_tw == 4:
                target_pakai = target
                if r_tahun.jenis is not JenisNilai.KOSONG:
                    real_pakai = r_tahun
                    if r_tw[3].jenis is not JenisNilai.KOSONG and tw_isi:
                        turunan = _jumlahkan(tw_isi, akm)
                        if turunan and not _sama(turunan[0], r_tahun, akm):
                            t(Jenis.TW_TIDAK_KONSISTEN,
                              f"Realisasi tahunan {kode} ({format_nilai(r_tahun)}) tidak sesuai dengan "
                              f"{turunan[1]} ({_tampil(turunan[0])}) menurut akumulasi {_AKUMULASI_TAMPIL[akm]}.",
                              contract.REALISASI, j, _RE_HEADER["realisasi"], kode,
                              nilai_tercatat=format_nilai(r_tahun), nilai_seharusnya=_tampil(turunan[0]))
                else:
                    turunan = _jumlahkan(tw_isi, akm)
                    real_pakai = turunan[0]
                    real_teks = _tampil(real_pakai)
                    catatan.append(f"realisasi diturunkan dari {turunan[1]}")
                    t(Jenis.NILAI_DITURUNKAN, f"Realisasi tahunan {kode} kosong; diturunkan dari {turunan[1]} = "
                      f"{real_teks} (akumulasi {_AKUMULASI_TAMPIL[akm]}).", contract.REALISASI, j,
                      _RE_HEADER["realisasi"], kode, nilai_seharusnya=real_teks)
                # PK: quarterly targets against the annual target
                if all(v is not None and v.jenis is not JenisNilai.KOSONG for v in tw_target):
                    tt = _jumlahkan(list(enumerate(tw_target, 1)), akm)
                    if tt and tt[0].numerik and target.numerik and not _sama(tt[0], target, akm):
                        t(Jenis.TW_TIDAK_KONSISTEN,
                          f"Target tahunan {kode} ({format_nilai(target)}) tidak sesuai dengan {tt[1]} target "
                          f"({_tampil(tt[0])}) menurut akumulasi {_AKUMULASI_TAMPIL[akm]}.",
                          contract.PK, i, _PK_HEADER["target"], kode,
                          nilai_tercatat=format_nilai(target), nilai_seharusnya=_tampil(tt[0]))
            else:
                batas_tw = f"TW I–{_ROMAWI[n_tw - 1]}" if n_tw > 1 else "TW I"
                turunan = _jumlahkan(tw_isi, akm)
                if turunan is None:
                    t(Jenis.INDIKATOR_TANPA_REALISASI, f"Indikator {kode} belum memiliki realisasi {batas_tw}.",
                      contract.REALISASI, j, _RE_HEADER[_TW_REAL[n_tw - 1]], kode)
                    hasil = _tidak(f"realisasi {batas_tw} belum diisi")
                    sudah_dilaporkan = True
                else:
                    real_pakai = turunan[0]
                    real_teks = _tampil(real_pakai)
                    catatan.append(f"realisasi triwulan {n_tw}: {turunan[1]}")
                    if akm == "kumulatif":
                        tt = _jumlahkan(twt_isi, akm)
                        if tt is None:
                            hasil = _tidak(f"target {batas_tw} kosong")
                        else:
                            target_pakai = tt[0]
                            catatan.append(f"target: {tt[1]}")
                    elif akm == "akhir":
                        k_akhir = tw_isi[-1][0]
                        tk = tw_target[k_akhir - 1]
                        if tk is not None and tk.jenis is not JenisNilai.KOSONG:
                            target_pakai = tk
                            catatan.append(f"target: TW {_ROMAWI[k_akhir - 1]}")
                        else:
                            target_pakai = target
                            catatan.append("target: target tahunan")
                    else:
                        tt = _jumlahkan(twt_isi, akm)
                        if tt is None:
                            target_pakai = target
                            catatan.append("target: target tahunan")
                        else:
                            target_pakai = tt[0]
                            catatan.append(f"target: {tt[1]}")
                    if target_pakai is not None and target_pakai is not target:
                        target_teks = _tampil(target_pakai)
            if hasil is None and target_pakai is not None and real_pakai is not None:
                hasil = hitung_capaian(target_pakai, real_pakai, pol, aturan.batas)
            if akm_default and (n_tw < 4 or any(v.jenis is not JenisNilai.KOSONG for v in r_tw)):
                catatan.insert(0, f"akumulasi kosong, dianggap {_AKUMULASI_TAMPIL[akm]}")

        # --- findings on the result
        if hasil.status is Status.KUALITATIF:
            t(Jenis.CAPAIAN_TIDAK_DAPAT_DIHITUNG, f"Capaian {kode} tidak dapat dihitung: {hasil.alasan}.",
              contract.REALISASI if j is not None else contract.PK, j if j is not None else i,
              _RE_HEADER["realisasi"] if j is not None else _PK_HEADER["target"], kode)
        elif hasil.status is Status.TIDAK_DAPAT_DIHITUNG and not sudah_dilaporkan:
            if hasil.alasan.startswith(ALASAN_SATUAN):
                t(Jenis.SATUAN_TIDAK_SESUAI, f"Satuan target dan realisasi {kode} berbeda: target "
                  f"'{format_nilai(target_pakai)}', realisasi '{format_nilai(real_pakai)}'; capaian tidak dihitung.",
                  contract.REALISASI, j, _RE_HEADER["realisasi"], kode,
                  nilai_tercatat=format_nilai(real_pakai), nilai_seharusnya=format_nilai(target_pakai))
            else:
                t(Jenis.CAPAIAN_TIDAK_DAPAT_DIHITUNG, f"Capaian {kode} tidak dapat dihitung: {hasil.alasan}.",
                  contract.PK, i, _PK_HEADER["target"], kode)

        # nilai_mencurigakan: 0,95 typed where the indikator's percentages are near 95
        if j is not None and target is not None:
            acuan = [v.angka for v in (target, *tw_target, *r_tw, r_tahun)
                     if v is not None and v.jenis is JenisNilai.PERSEN and v.angka is not None]
            if target.jenis is JenisNilai.RENTANG and target.satuan == "%":
                acuan.append(target.atas)
            if any(a >= 10 for a in acuan):
                for key, v in zip((*_TW_REAL, "realisasi"), (*r_tw, r_tahun)):
                    raw = rrow.get(key)
                    polos = (j, key) not in baca_re.persen and not (isinstance(raw, str) and "%" in raw)
                    if polos and v is not None and v.jenis is JenisNilai.PERSEN and 0 < v.angka < Decimal("1.5"):
                        t(Jenis.NILAI_MENCURIGAKAN, f"Realisasi {kode} tertulis {format_nilai(v)}, padahal nilai persen "
                          f"lain indikator ini puluhan persen; mungkin maksudnya {format_angka(v.angka * 100)}%.",
                          contract.REALISASI, j, _RE_HEADER[key], kode,
                          nilai_tercatat=format_nilai(v), nilai_seharusnya=f"{format_angka(v.angka * 100)}%")

        if hasil.status is not Status.DIHITUNG and hasil.alasan:
            catatan.append(hasil.alasan)
        kategori = aturan.skala.kategori(hasil.capaian) if hasil.status is Status.DIHITUNG else None
        baris_out.append({
            "kode": kode,
            "sasaran": sasaran_berjalan,
            "indikator": _teks(row.get("indikator")),
            "satuan": satuan_pk,
            "target": target_teks,
            "realisasi": real_teks,
            "target_nilai": target_pakai.angka if target_pakai is not None and target_pakai.numerik else None,
            "realisasi_nilai": real_pakai.angka if real_pakai is not None and real_pakai.numerik else None,
            "capaian": hasil.capaian,
            "kategori": kategori,
            "status": hasil.status.value,
            "keterangan": "; ".join(catatan),
            "mentah": hasil.mentah,
            "polaritas": _POLARITAS_TAMPIL.get(pol or "", _teks(row.get("polaritas"))),
            "akumulasi": _AKUMULASI_TAMPIL.get(akm or "", _teks(row.get("akumulasi"))),
            "kode_anggaran": _teks(row.get("kode_anggaran")),
            "realisasi_tahun_lalu": _teks(row.get("realisasi_tahun_lalu")),
            "target_renstra": _teks(row.get("target_renstra")),
            "analisis_penyebab": _teks(rrow.get("analisis_penyebab")),
            "upaya_perbaikan": _teks(rrow.get("upaya_perbaikan")),
            "penanggung_jawab": _teks(row.get("penanggung_jawab")),
            "uraian_sasaran": sasaran_uraian[sasaran_berjalan] or _teks(row.get("sasaran")),
            "baris_pk": i,
            "baris_realisasi": j,
        })
        hasil_eksak.append(hasil.eksak if hasil.status is Status.DIHITUNG else None)

    kolom = [c.key for c in contract.CAPAIAN_TABLE.columns] + [
        "mentah", "polaritas", "akumulasi", "kode_anggaran", "realisasi_tahun_lalu", "target_renstra",
        "analisis_penyebab", "upaya_perbaikan", "penanggung_jawab", "uraian_sasaran", "baris_pk", "baris_realisasi",
    ]
    indikator = pd.DataFrame(baris_out, columns=kolom, dtype=object)

    # --- sasaran --------------------------------------------------------------------
    per_sasaran: dict[str, list[int]] = {ks: [] for ks in sasaran_urut}
    for n, b in enumerate(baris_out):
        per_sasaran[b["sasaran"]].append(n)
    sas_rows = []
    for ks in sasaran_urut:
        idx = per_sasaran[ks]
        nilai = [hasil_eksak[n] for n in idx if hasil_eksak[n] is not None]
        cap, mentah = rata_rata_sasaran(nilai, aturan.metode)
        sas_rows.append({
            "kode": ks,
            "uraian": sasaran_uraian[ks] or None,
            "capaian": cap,
            "kategori": aturan.skala.kategori(cap),
            "jumlah_indikator": len(idx),
            "jumlah_dihitung": len(nilai),
            "mentah": mentah,
        })
    sasaran = pd.DataFrame(
        sas_rows, columns=[c.key for c in contract.CAPAIAN_SASARAN_TABLE.columns] + ["mentah"], dtype=object
    )
    return HasilCapaian(indikator, sasaran, temuan)

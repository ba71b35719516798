"""Capaian: realisasi against target, per indikator and per sasaran (docs/domain.md, "Capaian rules").

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
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, localcontext
from fractions import Fraction
from typing import Any, TypeGuard

import pandas as pd

from kinerja_xl.domain.angka import (
    PERINGKAT_PREDIKAT,
    JenisNilai,
    Nilai,
    angka_pasti,
    bulatkan,
    format_angka,
    format_nilai,
    parse_nilai,
)
from kinerja_xl.domain.aturan import Jenis
from kinerja_xl.domain.kategori import Skala
from kinerja_xl.domain.kosakata import KOLOM_CAPAIAN, KOLOM_CAPAIAN_SASARAN, KOLOM_PK, TW, Status, Tabel
from kinerja_xl.domain.satuan import satuan_sama
from kinerja_xl.domain.sel import rekaman
from kinerja_xl.domain.temuan import KinerjaError, Lokasi, NilaiTidakValid, Temuan

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
    """ "positif" / "negatif" / "rentang" from what staff typed (any case); empty -> "positif"; unknown -> None."""
    k = _kata(v)
    if not k:
        return "positif"
    return k if k in ("positif", "negatif", "rentang") else None


def normalisasi_akumulasi(v: Any) -> str | None:
    """ "kumulatif" / "akhir" / "rata-rata" from staff text; empty -> "" (caller picks the default); unknown -> None."""
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
        assert target.skala_predikat is not None and target.predikat is not None and realisasi.predikat is not None
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
        r = Fraction(angka_pasti(realisasi.angka))
        if target.jenis is JenisNilai.RENTANG:
            c = _rasio_rentang(Fraction(angka_pasti(target.bawah)), Fraction(angka_pasti(target.atas)), r)
        elif pol == "rentang":
            t = Fraction(angka_pasti(target.angka))
            c = _rasio_rentang(t, t, r)
        else:
            c = _rasio_angka(Fraction(angka_pasti(target.angka)), r, pol)
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
    cache_nilai: dict[tuple[Any, ...], Nilai | str] = {}
    cache_hasil: dict[tuple[Any, ...], HasilSatu] = {}

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
        pilihan = {"ratarata": "rata-rata", "geometrik": "geometrik", "": "rata-rata"}
        baku = pilihan.get(_kata(self.metode).replace(" ", ""))
        metode = baku
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

_TW_TARGET = ("target_tw1", "target_tw2", "target_tw3", "target_tw4")
_TW_REAL = ("realisasi_tw1", "realisasi_tw2", "realisasi_tw3", "realisasi_tw4")
_ROMAWI = TW
_PK_KEYS = list(KOLOM_PK)
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


def _baris_kosong(row: dict[str, Any], keys: Iterable[str]) -> bool:
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
    total = sum((Fraction(angka_pasti(v.angka)) for _, v in vals), Fraction(0))
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
        return bulatkan(angka_pasti(turunan.angka), _digit(angka_pasti(tercatat.angka))) == tercatat.angka
    return turunan.angka == tercatat.angka


class _Pembaca:
    """Parses one table's cells, collecting nilai_tidak_valid findings."""

    def __init__(self, tabel: Tabel, persen: Iterable[tuple[int, str]], temuan: list[Temuan]):
        self.tabel, self.persen, self.temuan = tabel, set(persen), temuan
        self._cache: dict[tuple[Any, ...], Nilai | str] = {}  # tables repeat the same cells ("100%", "1 laporan")

    def baca(self, row: dict[str, Any], i: int, key: str, satuan: str | None, kode: str) -> Nilai | None:
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
            lok = Lokasi(tabel=self.tabel, baris=i, kolom=key)
            self.temuan.append(Temuan(Jenis.NILAI_TIDAK_VALID, hasil, lokasi=lok, kode=kode, nilai_tercatat=raw))
            return None
        return hasil


@dataclass
class KonteksCapaian:
    """The prepared PK and Realisasi tables: what every capaian check and step reads."""

    aturan: AturanCapaian
    pk_rows: list[dict[str, Any]]
    re_rows: list[dict[str, Any]]
    baca_pk: _Pembaca
    baca_re: _Pembaca
    temuan: list[Temuan]
    kode_pk: set[str] = field(default_factory=set)
    re_by_kode: dict[str, int] = field(default_factory=dict)
    pertama_pk: dict[int, int] = field(default_factory=dict)  # PK row -> first PK row with the same kode
    sasaran_urut: list[str] = field(default_factory=list)
    sasaran_uraian: dict[str, str] = field(default_factory=dict)

    def lapor(self, t: Iterable[Temuan]) -> None:
        self.temuan.extend(t)


@dataclass
class Indikator:
    """One PK row on its way to a capaian: what was read, chosen and derived (``keterangan`` in catatan)."""

    i: int
    row: dict[str, Any]
    kode: str
    sasaran: str
    catatan: list[str] = field(default_factory=list)
    target: Nilai | None = None
    tw_target: list[Nilai | None] = field(default_factory=list)
    pol: str | None = None
    akm: str | None = None
    akm_default: bool = False
    j: int | None = None
    rrow: dict[str, Any] = field(default_factory=dict)
    r_tahun: Nilai | None = None
    r_tw: list[Nilai | None] = field(default_factory=list)
    hasil: HasilSatu | None = None
    sudah_dilaporkan: bool = False
    target_pakai: Nilai | None = None
    real_pakai: Nilai | None = None
    target_teks: str | None = None
    real_teks: str | None = None

    def lokasi_pk(self, key: str) -> Lokasi:
        return Lokasi(tabel=Tabel.PK, baris=self.i, kolom=key)

    def lokasi_re(self, key: str) -> Lokasi:
        return Lokasi(tabel=Tabel.REALISASI, baris=self.j, kolom=key)

    def tidak(self, alasan: str, dilaporkan: bool = True) -> None:
        self.hasil = _tidak(alasan)
        self.sudah_dilaporkan = dilaporkan


_KOSONG = Nilai(JenisNilai.KOSONG)


def _isi(v: Nilai | None) -> TypeGuard[Nilai]:
    return v is not None and v.jenis is not JenisNilai.KOSONG


def hitung_capaian_tabel(
    pk: pd.DataFrame,
    realisasi: pd.DataFrame,
    aturan: AturanCapaian = AturanCapaian(),
    persen_pk: Iterable[tuple[int, str]] = frozenset(),
    persen_realisasi: Iterable[tuple[int, str]] = frozenset(),
) -> HasilCapaian:
    """Capaian of every PK indikator and every sasaran, with the findings on the way.

    A pipeline: index the Realisasi rows (``ATURAN_REALISASI``), then per PK row read it,
    check it (``ATURAN_INDIKATOR``), pick and derive the figures, compute the capaian and
    check the result (``ATURAN_HASIL``); then the sasaran means.
    """
    k, daftar = jalankan_capaian(pk, realisasi, aturan, persen_pk, persen_realisasi)
    indikator = pd.DataFrame([_baris_indikator(k, ind) for ind in daftar], columns=_KOLOM_INDIKATOR, dtype=object)
    return HasilCapaian(indikator, _sasaran(k, daftar), k.temuan)


def jalankan_capaian(
    pk: pd.DataFrame,
    realisasi: pd.DataFrame,
    aturan: AturanCapaian,
    persen_pk: Iterable[tuple[int, str]] = frozenset(),
    persen_realisasi: Iterable[tuple[int, str]] = frozenset(),
) -> tuple[KonteksCapaian, list[Indikator]]:
    """The steps and checks of every PK row; the prepared context and rows (for the outputs and tests)."""
    temuan: list[Temuan] = []
    k = KonteksCapaian(
        aturan,
        rekaman(pk) if len(pk) else [],
        rekaman(realisasi) if len(realisasi) else [],
        _Pembaca(Tabel.PK, persen_pk, temuan),
        _Pembaca(Tabel.REALISASI, persen_realisasi, temuan),
        temuan,
    )
    _indeks(k)
    k.lapor(_aturan.ATURAN_REALISASI.jalankan(k))
    daftar: list[Indikator] = []
    for ind in _baris_pk(k):
        k.lapor(_aturan.ATURAN_IDENTITAS.jalankan((k, ind)))
        _baca_target(k, ind)
        k.lapor(_aturan.ATURAN_INDIKATOR.jalankan((k, ind)))
        _baca_realisasi(k, ind)
        _tentukan(k, ind)
        k.lapor(_aturan.ATURAN_HASIL.jalankan((k, ind)))
        daftar.append(ind)
    return k, daftar


def _indeks(k: KonteksCapaian) -> None:
    """Realisasi rows by kode (first wins) and, per PK row, the first PK row with the same kode."""
    k.kode_pk = {_kode(r.get("kode_indikator")).upper() for r in k.pk_rows}
    for j, r in enumerate(k.re_rows):
        kunci = _kode(r.get("kode_indikator")).upper()
        if kunci and kunci not in k.re_by_kode:
            k.re_by_kode[kunci] = j
    dilihat: dict[str, int] = {}
    for i, row in enumerate(k.pk_rows):
        kode = _kode(row.get("kode_indikator")).upper()
        if kode and not _baris_kosong(row, _PK_KEYS):
            k.pertama_pk[i] = dilihat.setdefault(kode, i)


def _baris_pk(k: KonteksCapaian) -> Iterator[Indikator]:
    """The filled PK rows; an empty Kode Sasaran continues the sasaran of the row above."""
    sasaran = ""
    for i, row in enumerate(k.pk_rows):
        if _baris_kosong(row, _PK_KEYS):
            continue
        sasaran = _kode(row.get("kode_sasaran")) or sasaran
        if sasaran not in k.sasaran_uraian:
            k.sasaran_urut.append(sasaran)
            k.sasaran_uraian[sasaran] = ""
        if not k.sasaran_uraian[sasaran] and _teks(row.get("sasaran")):
            k.sasaran_uraian[sasaran] = _teks(row.get("sasaran")) or ""
        yield Indikator(i, row, _kode(row.get("kode_indikator")), sasaran)


def _baca_target(k: KonteksCapaian, ind: Indikator) -> None:
    """Target and quarterly targets read; polaritas and akumulasi normalised (with their defaults)."""
    row, satuan = ind.row, _teks(ind.row.get("satuan"))
    ind.target = k.baca_pk.baca(row, ind.i, "target", satuan, ind.kode)
    ind.tw_target = [k.baca_pk.baca(row, ind.i, key, satuan, ind.kode) for key in _TW_TARGET]
    ind.pol = normalisasi_polaritas(row.get("polaritas"))
    if ind.pol is not None and (_kosong(row.get("polaritas")) or not _kata(row.get("polaritas"))):
        ind.catatan.append("polaritas kosong, dianggap Positif")
    if ind.target is not None and ind.target.jenis is JenisNilai.RENTANG and ind.pol not in (None, "rentang"):
        ind.catatan.append("target berupa rentang, dihitung dengan rumus rentang")
        ind.pol = "rentang"
    ind.akm = normalisasi_akumulasi(row.get("akumulasi"))
    if ind.akm == "":
        ind.akm_default = True
        hitungan = ind.target is not None and ind.target.jenis is JenisNilai.ANGKA
        ind.akm = "kumulatif" if hitungan else "akhir"


def _baca_realisasi(k: KonteksCapaian, ind: Indikator) -> None:
    """The indikator's Realisasi row (if any): annual and quarterly values."""
    satuan = _teks(ind.row.get("satuan"))
    ind.j = k.re_by_kode.get(ind.kode.upper()) if ind.kode else None
    ind.target_teks = _teks_sel(ind.row.get("target"), ind.target)
    if ind.j is None:
        ind.r_tahun, ind.r_tw = _KOSONG, [_KOSONG] * 4
        return
    ind.rrow = k.re_rows[ind.j]
    ind.r_tahun = k.baca_re.baca(ind.rrow, ind.j, "realisasi", satuan, ind.kode)
    ind.r_tw = [k.baca_re.baca(ind.rrow, ind.j, key, satuan, ind.kode) for key in _TW_REAL]
    ind.real_teks = _teks_sel(ind.rrow.get("realisasi"), ind.r_tahun)


def _tentukan(k: KonteksCapaian, ind: Indikator) -> None:
    """Pick target and realisasi for the reporting quarter, then compute the capaian."""
    semua_kosong = ind.j is None or all(
        v is not None and v.jenis is JenisNilai.KOSONG for v in (ind.r_tahun, *ind.r_tw)
    )
    if ind.j is not None and _ya(ind.rrow.get("tidak_ada_kejadian")):
        ind.hasil = HasilSatu(Status.TIDAK_ADA_KEJADIAN, None, None, "tidak ada kejadian")
        return
    if semua_kosong:
        k.lapor(_aturan.belum_ada_realisasi(k, ind))
        ind.tidak("realisasi belum diisi")
        return
    if ind.target is None or ind.pol is None or ind.akm is None or any(v is None for v in (ind.r_tahun, *ind.r_tw)):
        ind.tidak("ada nilai yang tidak valid")
        return
    if ind.target.jenis is JenisNilai.KOSONG:
        ind.tidak("target kosong")
        return
    n_tw = k.aturan.triwulan
    if any(v is None for v in ind.tw_target[:n_tw]):
        ind.tidak("target triwulan tidak valid")
    elif n_tw == 4:
        _tahunan(k, ind)
    else:
        _triwulan(k, ind, n_tw)
    if ind.hasil is None and ind.target_pakai is not None and ind.real_pakai is not None:
        ind.hasil = hitung_capaian(ind.target_pakai, ind.real_pakai, ind.pol, k.aturan.batas)
    if ind.akm_default and (n_tw < 4 or any(_isi(v) for v in ind.r_tw)):
        ind.catatan.insert(0, f"akumulasi kosong, dianggap {_AKUMULASI_TAMPIL[ind.akm]}")


def _tahunan(k: KonteksCapaian, ind: Indikator) -> None:
    """The full year: the annual figures, checked against (or derived from) the quarters."""
    assert ind.target is not None and ind.r_tahun is not None and ind.akm is not None
    ind.target_pakai = ind.target
    tw_isi = [(q, v) for q, v in enumerate(ind.r_tw, 1) if _isi(v)]
    if ind.r_tahun.jenis is not JenisNilai.KOSONG:
        ind.real_pakai = ind.r_tahun
        if _isi(ind.r_tw[3]) and tw_isi:
            k.lapor(_aturan.realisasi_tidak_sama_triwulan(k, ind, _jumlahkan(tw_isi, ind.akm)))
    else:
        turunan = _jumlahkan(tw_isi, ind.akm)
        assert turunan is not None
        ind.real_pakai = turunan[0]
        ind.real_teks = _tampil(ind.real_pakai)
        ind.catatan.append(f"realisasi diturunkan dari {turunan[1]}")
        k.lapor(_aturan.realisasi_diturunkan(k, ind, turunan[1]))
    if all(_isi(v) for v in ind.tw_target):
        semua_tw = [(q, v) for q, v in enumerate(ind.tw_target, 1) if _isi(v)]
        k.lapor(_aturan.target_tidak_sama_triwulan(k, ind, _jumlahkan(semua_tw, ind.akm)))


def _target_triwulan(ind: Indikator, n_tw: int, tw_isi: list[tuple[int, Nilai]]) -> None:
    """The target that goes with a part-year realisasi, per akumulasi."""
    twt_isi = [(q, v) for q, v in enumerate(ind.tw_target[:n_tw], 1) if _isi(v)]
    batas_tw = f"TW I–{_ROMAWI[n_tw - 1]}" if n_tw > 1 else "TW I"
    if ind.akm == "akhir":
        k_akhir = tw_isi[-1][0]
        tk = ind.tw_target[k_akhir - 1]
        if _isi(tk):
            ind.target_pakai = tk
            ind.catatan.append(f"target: TW {_ROMAWI[k_akhir - 1]}")
        else:
            ind.target_pakai = ind.target
            ind.catatan.append("target: target tahunan")
        return
    tt = _jumlahkan(twt_isi, ind.akm or "")
    if tt is None and ind.akm == "kumulatif":
        ind.tidak(f"target {batas_tw} kosong", dilaporkan=False)
    elif tt is None:
        ind.target_pakai = ind.target
        ind.catatan.append("target: target tahunan")
    else:
        ind.target_pakai = tt[0]
        ind.catatan.append(f"target: {tt[1]}")


def _triwulan(k: KonteksCapaian, ind: Indikator, n_tw: int) -> None:
    """A reporting quarter before IV: realisasi and target from the quarters so far."""
    tw_isi = [(q, v) for q, v in enumerate(ind.r_tw[:n_tw], 1) if _isi(v)]
    batas_tw = f"TW I–{_ROMAWI[n_tw - 1]}" if n_tw > 1 else "TW I"
    turunan = _jumlahkan(tw_isi, ind.akm or "")
    if turunan is None:
        k.lapor(_aturan.belum_ada_realisasi_triwulan(k, ind, n_tw, batas_tw))
        ind.tidak(f"realisasi {batas_tw} belum diisi")
        return
    ind.real_pakai = turunan[0]
    ind.real_teks = _tampil(ind.real_pakai)
    ind.catatan.append(f"realisasi triwulan {n_tw}: {turunan[1]}")
    _target_triwulan(ind, n_tw, tw_isi)
    if ind.target_pakai is not None and ind.target_pakai is not ind.target:
        ind.target_teks = _tampil(ind.target_pakai)


_KOLOM_INDIKATOR = [
    *KOLOM_CAPAIAN,
    "mentah",
    "polaritas",
    "akumulasi",
    "kode_anggaran",
    "realisasi_tahun_lalu",
    "target_renstra",
    "analisis_penyebab",
    "upaya_perbaikan",
    "penanggung_jawab",
    "uraian_sasaran",
    "baris_pk",
    "baris_realisasi",
]


def _baris_indikator(k: KonteksCapaian, ind: Indikator) -> dict[str, Any]:
    """One output row of the indikator table."""
    hasil, row, rrow = ind.hasil, ind.row, ind.rrow
    assert hasil is not None
    catatan = ind.catatan + ([hasil.alasan] if hasil.status is not Status.DIHITUNG and hasil.alasan else [])
    tp, rp = ind.target_pakai, ind.real_pakai
    return {
        "kode": ind.kode,
        "sasaran": ind.sasaran,
        "indikator": _teks(row.get("indikator")),
        "satuan": _teks(row.get("satuan")),
        "target": ind.target_teks,
        "realisasi": ind.real_teks,
        "target_nilai": tp.angka if tp is not None and tp.numerik else None,
        "realisasi_nilai": rp.angka if rp is not None and rp.numerik else None,
        "capaian": hasil.capaian,
        "kategori": k.aturan.skala.kategori(hasil.capaian) if hasil.status is Status.DIHITUNG else None,
        "status": hasil.status.value,
        "keterangan": "; ".join(catatan),
        "mentah": hasil.mentah,
        "polaritas": _POLARITAS_TAMPIL.get(ind.pol or "", _teks(row.get("polaritas"))),
        "akumulasi": _AKUMULASI_TAMPIL.get(ind.akm or "", _teks(row.get("akumulasi"))),
        "kode_anggaran": _teks(row.get("kode_anggaran")),
        "realisasi_tahun_lalu": _teks(row.get("realisasi_tahun_lalu")),
        "target_renstra": _teks(row.get("target_renstra")),
        "analisis_penyebab": _teks(rrow.get("analisis_penyebab")),
        "upaya_perbaikan": _teks(rrow.get("upaya_perbaikan")),
        "penanggung_jawab": _teks(row.get("penanggung_jawab")),
        "uraian_sasaran": k.sasaran_uraian[ind.sasaran] or _teks(row.get("sasaran")),
        "baris_pk": ind.i,
        "baris_realisasi": ind.j,
    }


def _sasaran(k: KonteksCapaian, daftar: list[Indikator]) -> pd.DataFrame:
    """Capaian per sasaran: the mean (per Metode Agregasi) of its computed indikator."""
    per_sasaran: dict[str, list[Indikator]] = {ks: [] for ks in k.sasaran_urut}
    for ind in daftar:
        per_sasaran[ind.sasaran].append(ind)
    rows = []
    for ks in k.sasaran_urut:
        nilai = [
            ind.hasil.eksak
            for ind in per_sasaran[ks]
            if ind.hasil is not None and ind.hasil.status is Status.DIHITUNG and ind.hasil.eksak is not None
        ]
        cap, mentah = rata_rata_sasaran(nilai, k.aturan.metode)
        rows.append(
            {
                "kode": ks,
                "uraian": k.sasaran_uraian[ks] or None,
                "capaian": cap,
                "kategori": k.aturan.skala.kategori(cap),
                "jumlah_indikator": len(per_sasaran[ks]),
                "jumlah_dihitung": len(nilai),
                "mentah": mentah,
            }
        )
    return pd.DataFrame(rows, columns=[*KOLOM_CAPAIAN_SASARAN, "mentah"], dtype=object)


# The checks register themselves on import; they need the names above (hence at the end).
from kinerja_xl.domain import capaian_aturan as _aturan  # noqa: E402

"""Excel worksheet functions (=CAPAIAN(...), =PENYERAPAN(...)) over the engine.

Excel calls a UDF once per cell and every call crosses into Python, so each
function here takes a single cell *or* whole columns and answers a whole column
in one call: 2,000 capaian are one ``=CAPAIAN(tblPK[Target]; ...)`` that spills
(Microsoft 365 / Excel 2021) or one Ctrl+Shift+Enter array formula (Excel
2016/2019). Each call hands all its rows to the engine at once; no rule lives
here, only the conversion of Excel values in and out.

On Linux and macOS the xlwings decorators are no-ops and these are plain
functions taking scalars or 2-D lists (what xlwings passes for ``ndim=2``).
A value that cannot be computed is a short Indonesian reason, never a Python
error text. Function docstrings are Indonesian: Excel's function wizard shows them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any

import pandas as pd
import xlwings as xw

from kinerja_xl.domain import capaian as _capaian
from kinerja_xl.domain.anggaran import penyerapan as _penyerapan
from kinerja_xl.domain.angka import (
    bulatkan,
    format_rupiah,
    parse_angka,
    parse_nilai,
    parse_rupiah,
)
from kinerja_xl.domain.angka import (
    terbilang as _terbilang,
)
from kinerja_xl.domain.kategori import Skala, periksa_skala
from kinerja_xl.domain.kode import jenis_belanja as _jenis_belanja
from kinerja_xl.domain.kode import parse_kode_kolom
from kinerja_xl.domain.sel import rekaman
from kinerja_xl.domain.sel import sel_kosong as _kosong
from kinerja_xl.domain.temuan import KinerjaError
from kinerja_xl.gateway.xlsx_galat import GALAT_EXCEL

__all__ = [
    "CAPAIAN",
    "KATEGORI",
    "PENYERAPAN",
    "SISA",
    "TERBILANG",
    "RUPIAH",
    "KODE_VALID",
    "KODE_INDUK",
    "TINGKAT_KODE",
    "JENIS_BELANJA",
]

# Excel's error values, as xlwings passes them with err_to_str=True, and as the raw
# COM integers (xlErrDiv0 ...) when a caller forgot that option.
_GALAT_COM = {
    -2146826288: "#NULL!",
    -2146826281: "#DIV/0!",
    -2146826273: "#VALUE!",
    -2146826265: "#REF!",
    -2146826259: "#NAME?",
    -2146826252: "#NUM!",
    -2146826246: "#N/A",
}

Grid = list[list[Any]]
TIDAK_TERBACA = "nilai tidak dapat dibaca"


class _Galat(Exception):
    """A cell this function cannot compute; ``str()`` is the short reason shown in the cell."""


# --- conversion in and out ---------------------------------------------------------------


def _grid(x: Any) -> Grid:
    """A scalar, a 1-D list (a column) or a 2-D list as a 2-D list of rows."""
    if isinstance(x, (list, tuple)):
        if not x:
            return [[None]]
        if isinstance(x[0], (list, tuple)):
            return x  # rows are only read, never changed: no copy
        return [[v] for v in x]
    return [[x]]


def _bentuk(g: Grid) -> tuple[int, int]:
    return len(g), max((len(r) for r in g), default=0)


def _sebar(args: Sequence[Any]) -> tuple[tuple[int, int], list[list[Any]]]:
    """Broadcast arguments: one cell goes with every row; ranges must have one shape.

    Returns the result shape and, per argument, its cells flattened row by row.
    """
    grids = [_grid(a) for a in args]
    shapes = [_bentuk(g) for g in grids]
    besar = [s for s in shapes if s != (1, 1)]
    bentuk = besar[0] if besar else (1, 1)
    if any(s != bentuk for s in besar):
        raise _Galat("ukuran rentang berbeda")
    n = bentuk[0] * bentuk[1]
    datar = []
    for g, s in zip(grids, shapes, strict=False):
        if s == (1, 1):
            datar.append([g[0][0]] * n)
        elif bentuk[1] == 1:
            datar.append([r[0] if r else None for r in g])
        else:
            datar.append([v for r in g for v in (r + [None] * (bentuk[1] - len(r)))])
    return bentuk, datar


def _keluaran(bentuk: tuple[int, int], nilai: list[Any]) -> Any:
    """One cell in, one value out; a range in, the same shape out (a spilling array)."""
    if bentuk == (1, 1):
        return nilai[0]
    baris, kolom = bentuk
    return [nilai[i * kolom : (i + 1) * kolom] for i in range(baris)]


def _galat_excel(v: Any) -> str | None:
    if isinstance(v, str) and v.strip().upper() in GALAT_EXCEL:
        return v.strip().upper()
    if isinstance(v, int) and not isinstance(v, bool) and v in _GALAT_COM:
        return _GALAT_COM[v]
    return None


_BELUM = object()


def _galat_cepat(v: Any) -> str | None:
    """Excel error value or None, with the common cases (numbers, plain text) decided at once."""
    tipe = type(v)
    if tipe is float or v is None:
        return None
    if tipe is str:
        return _galat_excel(v) if v[:1] == "#" else None
    return _galat_excel(v)


def _bersih(v: Any) -> Any:
    """Excel hands numbers over as floats: a whole float becomes an int (6709.0 -> 6709)."""
    if isinstance(v, float) and v == v and v.is_integer():
        return int(v)
    return v


def _periksa(v: Any) -> Any:
    """Raise the cell's reason for an Excel error value; else the cleaned value."""
    galat = _galat_excel(v)
    if galat:
        raise _Galat(f"galat {galat}")
    return _bersih(v)


def _angka_excel(d: Decimal | None) -> float | None:
    """An exact engine figure as the number Excel stores (a double), 2 decimals already applied."""
    return None if d is None else float(d)


def _per_sel(args: Sequence[Any], fungsi: Callable[..., Any], *, kosong_jika: Sequence[int] = (0,)) -> Any:
    """Apply a per-row function over broadcast arguments (for engine calls that are cheap per row).

    A row whose arguments at ``kosong_jika`` are all blank gives "" (so a column
    with empty rows below the data stays empty); a row that cannot be computed
    gives its short reason.
    """
    try:
        bentuk, datar = _sebar(args)
    except _Galat as e:
        return str(e)
    hasil = []
    for baris in zip(*datar, strict=False):
        if all(_kosong(baris[i]) for i in kosong_jika):
            hasil.append("")
            continue
        try:
            hasil.append(fungsi(*(_periksa(v) for v in baris)))
        except _Galat as e:
            hasil.append(str(e))
        except KinerjaError as e:
            hasil.append(_alasan(e))
        except (ValueError, TypeError, ArithmeticError, OverflowError):
            hasil.append(TIDAK_TERBACA)
    return _keluaran(bentuk, hasil)


def _alasan(e: Exception) -> str:
    """The engine's Indonesian sentence, cut to what fits a cell."""
    teks = str(e).strip().rstrip(".")
    return teks if len(teks) <= 80 else teks[:77].rstrip() + "..."


# --- the functions ---------------------------------------------------------------------

_POLARITAS = {"positif": "positif", "negatif": "negatif", "rentang": "rentang", "+": "positif", "-": "negatif"}


def _polaritas(v: Any) -> str:
    if _kosong(v):
        return "positif"
    p = _POLARITAS.get(str(v).strip().lower())
    if p is None:
        raise _Galat("polaritas tidak dikenal")
    return p


def _batas(v: Any) -> Decimal | None:
    if _kosong(v):
        return None
    try:
        return parse_angka(str(v).replace("%", "").strip() if isinstance(v, str) else v)
    except KinerjaError as e:
        raise _Galat("batas bukan angka") from e


@xw.func
@xw.arg("target", ndim=2, err_to_str=True, doc="Target indikator: satu sel atau satu kolom (mis. tblPK[Target]).")
@xw.arg("realisasi", ndim=2, err_to_str=True, doc="Realisasi: satu sel atau kolom yang sama panjangnya dengan target.")
@xw.arg(
    "polaritas",
    ndim=2,
    err_to_str=True,
    doc="Opsional: Positif (bawaan), Negatif atau Rentang; satu sel atau satu kolom.",
)
@xw.arg(
    "batas", ndim=2, err_to_str=True, doc="Opsional: batas atas capaian dalam persen (mis. 120); kosong = tanpa batas."
)
def CAPAIAN(target, realisasi, polaritas=None, batas=None):
    """Capaian (%) dari target dan realisasi, dibulatkan 2 desimal (Positif R/T, Negatif (2T-R)/T, Rentang, predikat). Bila tidak dapat dihitung, sel berisi alasannya (mis. "kualitatif", "target 0")."""  # noqa: E501
    try:
        bentuk, (ts, rs, ps, bs) = _sebar([target, realisasi, polaritas, batas])
    except _Galat as e:
        return str(e)
    hasil: list[Any] = [""] * len(ts)
    antre: list[int] = []  # rows the engine computes, all in one call
    t_in, r_in, p_in, b_in = [], [], [], []
    # Per-distinct-value caches: the loop below is the door's only per-row cost.
    cache_pol: dict[Any, Any] = {}
    cache_bat: dict[Any, Any] = {}
    for i, (t, r, p, b) in enumerate(zip(ts, rs, ps, bs, strict=False)):
        if _kosong(t) and _kosong(r):
            continue
        galat = _galat_cepat(t) or _galat_cepat(r)
        if galat:
            hasil[i] = f"galat {galat}"
            continue
        try:
            pol = cache_pol.get(p)
            if pol is None:
                pol = cache_pol[p] = _polaritas(_periksa(p))
            bat = cache_bat.get(b, _BELUM)
            if bat is _BELUM:
                bat = cache_bat[b] = _batas(_periksa(b))
        except _Galat as e:
            hasil[i] = str(e)
            continue
        except TypeError:  # an unhashable cell value
            hasil[i] = TIDAK_TERBACA
            continue
        antre.append(i)
        t_in.append(t)
        r_in.append(r)
        p_in.append(pol)
        b_in.append(bat)
    if antre:
        # One engine call for every row; a per-row cap is rare, so rows are grouped by it.
        for bat in dict.fromkeys(b_in):
            idx = [j for j, b in enumerate(b_in) if b == bat]
            try:
                keluar = _capaian.capaian_massal(
                    [t_in[j] for j in idx], [r_in[j] for j in idx], [p_in[j] for j in idx], batas=bat
                )
            except (KinerjaError, ValueError, TypeError, ArithmeticError):
                keluar = [_satu_aman(t_in[j], r_in[j], p_in[j], bat) for j in idx]  # only after a failure
            for j, satu in zip(idx, keluar, strict=False):
                hasil[antre[j]] = satu if isinstance(satu, str) else _hasil_capaian(satu)
    return _keluaran(bentuk, hasil)


def _satu_aman(t: Any, r: Any, p: str, batas: Decimal | None) -> Any:
    """One row on its own, so one unreadable cell does not blank the whole column."""
    try:
        return _capaian.capaian_massal([t], [r], [p], batas=batas)[0]
    except KinerjaError as e:
        return _alasan(e)
    except (ValueError, TypeError, ArithmeticError):
        return TIDAK_TERBACA


def _hasil_capaian(satu: Any) -> Any:
    if satu.capaian is not None:
        return _angka_excel(satu.capaian)
    alasan = satu.alasan or getattr(satu.status, "tampil", str(satu.status))  # words, never the code
    return _alasan(Exception(alasan))


@xw.func
@xw.arg("capaian", ndim=2, err_to_str=True, doc="Capaian dalam persen (mis. 105,26): satu sel atau satu kolom.")
@xw.arg(
    "skala",
    ndim=2,
    err_to_str=True,
    doc="Opsional: tabel skala (Batas Bawah, Batas Atas, Kategori), mis. tblSkala; kosong = skala bawaan KPU.",
)
def KATEGORI(capaian, skala=None):
    """Kategori capaian (Sangat Berhasil, Berhasil, Cukup Berhasil, Kurang Berhasil, Tidak Berhasil) menurut skala bawaan atau tabel skala yang diberikan."""  # noqa: E501
    if _kosong(skala) or skala == [[None]]:
        sk = Skala.default()
    else:
        sk, temuan = periksa_skala([list(r) for r in _grid(skala)])
        if sk is None:
            return "skala tidak valid"

    def satu(c: Any) -> str:
        if isinstance(c, str):
            n = parse_nilai(c)
            if not n.numerik:
                raise _Galat("capaian bukan angka")
            c = n.angka
        return sk.kategori(bulatkan(parse_angka(c), 2)) or "di luar skala"

    return _per_sel([capaian], satu)


@xw.func
@xw.arg("pagu", ndim=2, err_to_str=True, doc="Pagu (rupiah): satu sel atau satu kolom.")
@xw.arg("realisasi", ndim=2, err_to_str=True, doc="Realisasi anggaran (rupiah), sepanjang pagu.")
def PENYERAPAN(pagu, realisasi):
    """Penyerapan anggaran (%) = realisasi / pagu x 100, dibulatkan 2 desimal; "pagu 0" bila pagu nol."""

    def satu(p: Any, r: Any) -> Any:
        pg = parse_rupiah(p)
        rl = 0 if _kosong(r) else parse_rupiah(r)
        hasil = _penyerapan(pg, rl)
        if hasil is None:
            raise _Galat("pagu 0")
        return _angka_excel(bulatkan(hasil, 2))

    return _per_sel([pagu, realisasi], satu)


@xw.func
@xw.arg("pagu", ndim=2, err_to_str=True, doc="Pagu (rupiah): satu sel atau satu kolom.")
@xw.arg("realisasi", ndim=2, err_to_str=True, doc="Realisasi anggaran (rupiah), sepanjang pagu; kosong = 0.")
def SISA(pagu, realisasi):
    """Sisa anggaran (rupiah) = pagu - realisasi."""

    def satu(p: Any, r: Any) -> int:
        return parse_rupiah(p) - (0 if _kosong(r) else parse_rupiah(r))

    return _per_sel([pagu, realisasi], satu)


def _ya(v: Any) -> bool:
    if _kosong(v):
        return False
    if isinstance(v, str):
        return v.strip().lower() in ("ya", "y", "true", "benar", "1", "rupiah", "rp")
    return bool(v)


@xw.func
@xw.arg("angka", ndim=2, err_to_str=True, doc="Bilangan yang ditulis dengan huruf: satu sel atau satu kolom.")
@xw.arg("rupiah", ndim=2, err_to_str=True, doc='Opsional: TRUE/"Ya" untuk menambahkan kata "rupiah".')
def TERBILANG(angka, rupiah=False):
    """Bilangan dalam huruf bahasa Indonesia (26.555.194.000 -> "dua puluh enam miliar ... ribu"), dengan "rupiah" bila diminta."""  # noqa: E501

    def satu(a: Any, rp: Any) -> str:
        return _terbilang(parse_angka(a), rupiah=_ya(rp))

    return _per_sel([angka, rupiah], satu)


@xw.func
@xw.arg("angka", ndim=2, err_to_str=True, doc="Jumlah rupiah (bilangan bulat): satu sel atau satu kolom.")
def RUPIAH(angka):
    """Jumlah rupiah sebagai teks bergaya Indonesia: "Rp 26.555.194.000"."""
    return _per_sel([angka], lambda a: format_rupiah(parse_rupiah(a)))


def _kode_kolom(kode: Any, ambil: Callable[[dict], Any]) -> Any:
    """Parse every code of the argument in one engine call (parse_kode_kolom)."""
    try:
        bentuk, (ks,) = _sebar([kode])
    except _Galat as e:
        return str(e)
    hasil: list[Any] = [""] * len(ks)
    idx, isi = [], []
    for i, k in enumerate(ks):
        if _kosong(k):
            continue
        galat = _galat_excel(k)
        if galat:
            hasil[i] = f"galat {galat}"
            continue
        idx.append(i)
        isi.append(_bersih(k))
    if idx:
        df = parse_kode_kolom(pd.Series(isi, dtype=object))
        for i, rec in zip(idx, rekaman(df), strict=False):
            hasil[i] = ambil(rec)
    return _keluaran(bentuk, hasil)


@xw.func
@xw.arg("kode", ndim=2, err_to_str=True, doc="Kode anggaran (mis. 076.01.CQ.6709.QGE.001): satu sel atau satu kolom.")
def KODE_VALID(kode):
    """TRUE bila kode anggaran sesuai pola KPU (format 2021 atau format lama), FALSE bila tidak."""
    return _kode_kolom(kode, lambda rec: bool(rec["valid"]))


@xw.func
@xw.arg("kode", ndim=2, err_to_str=True, doc="Kode anggaran: satu sel atau satu kolom.")
def KODE_INDUK(kode):
    """Kode induk (baku) dari kode anggaran, mis. 076.01.CQ.6709.QGE.001 -> 076.01.CQ.6709.QGE; "tingkat teratas" bila tidak berinduk."""  # noqa: E501

    def ambil(rec: dict) -> str:
        if not rec["valid"]:
            return "kode tidak valid"
        return rec["induk"] or "tingkat teratas"

    return _kode_kolom(kode, ambil)


@xw.func
@xw.arg("kode", ndim=2, err_to_str=True, doc="Kode anggaran: satu sel atau satu kolom.")
def TINGKAT_KODE(kode):
    """Tingkat kode anggaran: program, kegiatan, kro, ro, output, komponen, subkomponen atau akun."""
    return _kode_kolom(kode, lambda rec: rec["tingkat"] if rec["valid"] else "kode tidak valid")


@xw.func
@xw.arg(
    "akun", ndim=2, err_to_str=True, doc="Kode akun 6 digit (mis. 521211) atau kode lengkap yang berakhir dengan akun."
)
def JENIS_BELANJA(akun):
    """Jenis belanja dari akun: pegawai (51), barang (521), jasa (522), pemeliharaan (523), perjalanan (524), modal (53)."""  # noqa: E501

    def satu(a: Any) -> str:
        return _jenis_belanja(a) or "bukan akun"

    return _per_sel([akun], satu)

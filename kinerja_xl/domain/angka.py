"""Numbers as Indonesian staff type them: parse to exact values, format back, say in words.

Every target and realisasi cell passes through :func:`parse_nilai`. A wrong
number is worse than no number, so anything that could be read two ways is
rejected with an Indonesian message saying how to write it.

Ambiguity rules (the tool's users type Indonesian, locale ``id``):

* ``26.555.194.000``, ``1.234`` -- dots between groups of exactly three digits
  (first group 1-3 digits, not starting with 0) are Indonesian thousands.
* ``99,52``, ``0,5`` -- a single comma is the Indonesian decimal comma.
* ``1.234,5`` -- dot thousands plus decimal comma: Indonesian, accepted.
* ``1,868,000`` -- two or more comma groups of three: comma thousands, accepted
  (some sources copy English-formatted figures).
* ``1,234.5`` -- comma-grouped thousands followed by a decimal dot: English,
  accepted, because no Indonesian reading exists for it.
* ``1,234`` alone (1-3 digits without leading zero, one comma, exactly three
  digits) is **rejected**: it is 1,234 in Indonesian but 1234 in the sources
  that use comma thousands. Write ``1.234`` (thousands) or ``1,2340`` / ``1,23``.
  ``0,125`` is accepted (comma thousands never start with 0).
* ``1.5``, ``99.52``, ``0.500``, ``1234.567`` (a dot that is not a thousands
  separator) are **rejected** with a suggestion to use the comma (``99,52``).
* A value that starts like a number but carries anything other than a unit
  (``2 dari 3``, ``1 2 3``) is rejected; text that does not start like a number
  (``Baik``, ``Tidak ada kasus``) is qualitative. ``-`` and empty cells are
  :attr:`JenisNilai.KOSONG`.
* Ranges: ``80-90%``, ``80 – 90 %``, ``80% - 90%``, ``80 s.d. 90``, ``80 sampai 90``;
  bounds must be non-negative and the lower not above the upper.
* A cell that already holds a number is in the unit of its Satuan, unless its
  cell format is a percentage: Excel stores a typed ``95%`` as 0,95, so the
  caller passes ``persen_format=True`` and the value is multiplied by 100.

Formatting uses babel (locale ``id``) after quantizing half-up ourselves, since
babel rounds half-even. :func:`format_nilai` writes ``1,234`` as ``1,2340`` so
that what it writes always reads back to the same value.
"""

from __future__ import annotations

import datetime as _dt
import functools
import math
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation, localcontext
from enum import Enum
from fractions import Fraction
from numbers import Integral, Number, Real
from typing import Any

from babel.numbers import NumberFormatError, format_decimal, parse_decimal
from num2words import num2words

from kinerja_xl.domain.satuan import normalisasi_satuan
from kinerja_xl.domain.temuan import NilaiTidakValid

__all__ = [
    "JenisNilai",
    "Nilai",
    "PERINGKAT_PREDIKAT",
    "parse_nilai",
    "format_nilai",
    "parse_angka",
    "parse_rupiah",
    "bulatkan",
    "format_angka",
    "format_rupiah",
    "format_persen",
    "terbilang",
    "ke_decimal",
]

LOCALE = "id"


class JenisNilai(str, Enum):  # noqa: UP042 - a StrEnum would change str()/format() of published values
    ANGKA = "angka"
    PERSEN = "persen"
    PREDIKAT = "predikat"
    RENTANG = "rentang"
    KUALITATIF = "kualitatif"
    KOSONG = "kosong"


@dataclass(frozen=True)
class Nilai:
    """A typed cell value. ``teks`` is what was typed and is not part of equality."""

    jenis: JenisNilai
    angka: Decimal | None = None  # the number (percent as 95, not 0.95)
    satuan: str | None = None  # normalised unit ("laporan", "%", "rupiah", None)
    bawah: Decimal | None = None
    atas: Decimal | None = None
    predikat: str | None = None
    skala_predikat: str | None = None  # "sakip" / "bpk"
    teks: str = ""

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Nilai) and self._kunci() == other._kunci()

    def __hash__(self) -> int:
        return hash(self._kunci())

    def _kunci(self) -> tuple[Any, ...]:
        teks = self.teks if self.jenis is JenisNilai.KUALITATIF else ""
        return (self.jenis, self.angka, self.satuan, self.bawah, self.atas, self.predikat, self.skala_predikat, teks)

    @property
    def numerik(self) -> bool:
        """Whether the value is a single number (angka or persen)."""
        return self.jenis in (JenisNilai.ANGKA, JenisNilai.PERSEN)


# Ordinal scales, ranks counted from the bottom (docs/domain.md, "Capaian rules": D = 1 ... AA = 7).
PERINGKAT_PREDIKAT: dict[str, dict[str, int]] = {
    "sakip": {"D": 1, "C": 2, "CC": 3, "B": 4, "BB": 5, "A": 6, "AA": 7},
    "bpk": {"TMP": 1, "TW": 2, "WDP": 3, "WTP": 4},
}
_SKALA_DARI_PREDIKAT = {p: s for s, ranks in PERINGKAT_PREDIKAT.items() for p in ranks}
_OPINI_PANJANG = {
    "wajar tanpa pengecualian": "WTP",
    "wajar dengan pengecualian": "WDP",
    "tidak wajar": "TW",
    "tidak menyatakan pendapat": "TMP",
}

_KOSONG_TEKS = {"", "-", "–", "—", "--"}
_SPASI = re.compile(r"\s+")
_NUM = r"\d[\d.,]*"
_RE_PREDIKAT = re.compile(r"^(?:(?:predikat|opini|nilai)\s+)?([a-z]{1,3})$", re.IGNORECASE)
_RE_RP = re.compile(r"^([-+−]?)\s*rp\.?\s*(?=[-+−]?\s*\d)", re.IGNORECASE)
_RE_RENTANG = re.compile(
    rf"^({_NUM})\s*(%?)\s*(?:-|–|—|s\.?\s?d\.?|s/d|sampai|hingga)\s*({_NUM})\s*(.*)$", re.IGNORECASE
)
_RE_TUNGGAL = re.compile(rf"^([-+−]?)\s*({_NUM})\s*(.*)$")
_RE_MULAI_ANGKA = re.compile(r"^[-+−]?\s*\d")
_RE_EKOR_RUPIAH = re.compile(r"(?:,-|\.-|,\s*-)$")

_RE_BULAT = re.compile(r"^\d+$")
_RE_DESIMAL_KOMA = re.compile(r"^\d+,\d+$")
_RE_KOMA_MERAGUKAN = re.compile(r"^[1-9]\d{0,2},\d{3}$")
_RE_TITIK_RIBUAN = re.compile(r"^[1-9]\d{0,2}(?:\.\d{3})+$")
_RE_ID_CAMPUR = re.compile(r"^[1-9]\d{0,2}(?:\.\d{3})+,\d+$")
_RE_KOMA_RIBUAN = re.compile(r"^[1-9]\d{0,2}(?:,\d{3}){2,}$")
_RE_EN_CAMPUR = re.compile(r"^[1-9]\d{0,2}(?:,\d{3})+\.\d+$")
_RE_TITIK_DESIMAL = re.compile(r"^\d+\.\d+$")


def _bersih(teks: str) -> str:
    return _SPASI.sub(" ", teks.replace("\u00a0", " ").replace("\u202f", " ")).strip()


def _baca_token(tok: str, asli: str) -> Decimal:
    """One numeric token (digits, dots, commas) to a Decimal, under the module's rules."""
    with localcontext() as ctx:  # babel's strict check re-formats the number in the current context
        ctx.prec = max(28, len(tok) + 4)
        return _baca_token_ctx(tok, asli)


def _baca_token_ctx(tok: str, asli: str) -> Decimal:
    try:
        if _RE_BULAT.match(tok):
            return Decimal(tok)
        if _RE_DESIMAL_KOMA.match(tok):
            if _RE_KOMA_MERAGUKAN.match(tok):
                ribuan = tok.replace(",", ".")
                raise NilaiTidakValid(
                    f"Nilai '{asli}' meragukan: '{tok}' bisa berarti {ribuan} (ribuan) atau {tok} (desimal). "
                    f"Tulis '{ribuan}' untuk ribuan, atau tambahkan angka nol ('{tok}0') untuk desimal."
                )
            return parse_decimal(tok, locale=LOCALE, strict=True)
        if _RE_TITIK_RIBUAN.match(tok) or _RE_ID_CAMPUR.match(tok):
            return parse_decimal(tok, locale=LOCALE, strict=True)
        if _RE_KOMA_RIBUAN.match(tok) or _RE_EN_CAMPUR.match(tok):
            return parse_decimal(tok, locale="en", strict=True)
        if _RE_TITIK_DESIMAL.match(tok):
            saran = tok.replace(".", ",")
            raise NilaiTidakValid(
                f"Nilai '{asli}' meragukan: titik dipakai sebagai pemisah ribuan. "
                f"Jika yang dimaksud desimal, tulis '{saran}' (dengan koma)."
            )
    except NumberFormatError as exc:  # the regexes admit only what babel reads; keep the message Indonesian
        raise NilaiTidakValid(f"Angka '{asli}' tidak dapat dibaca.") from exc
    raise NilaiTidakValid(
        f"Angka '{asli}' tidak dapat dibaca: gunakan titik untuk ribuan dan koma untuk desimal, "
        "mis. 26.555.194.000 atau 99,52."
    )


def _nol_bersih(x: Decimal) -> Decimal:
    return Decimal(0) if x == 0 else x


def ke_decimal(raw: object) -> Decimal:
    """A numeric cell value (int, float, Decimal, Fraction) as an exact-as-typed Decimal.

    Floats go through their shortest repr, so 0.95 becomes Decimal("0.95"),
    which is the number the user typed, not the binary approximation.
    """
    if isinstance(raw, bool):
        raise NilaiTidakValid(f"Nilai '{raw}' bukan angka.")
    if isinstance(raw, Decimal):
        hasil = raw
    elif isinstance(raw, int):
        hasil = Decimal(raw)
    elif isinstance(raw, float):
        if not math.isfinite(raw):
            raise NilaiTidakValid(f"Nilai '{raw}' bukan angka yang sah.")
        hasil = Decimal(repr(raw))
    elif isinstance(raw, Fraction):
        hasil = Decimal(raw.numerator) / Decimal(raw.denominator)
    elif isinstance(raw, Number):
        try:
            hasil = Decimal(repr(float(raw)))  # type: ignore[arg-type]  # numpy scalars and the like
        except (TypeError, ValueError, InvalidOperation) as exc:
            raise NilaiTidakValid(f"Nilai '{raw}' bukan angka.") from exc
    else:
        raise NilaiTidakValid(f"Nilai '{raw}' bukan angka.")
    if not hasil.is_finite():
        raise NilaiTidakValid(f"Nilai '{raw}' bukan angka yang sah.")
    return _nol_bersih(hasil)


def _kosong(raw: object) -> bool:
    if raw is None:
        return True
    if isinstance(raw, float) and math.isnan(raw):
        return True
    try:
        import pandas as pd

        return raw is pd.NA or raw is pd.NaT
    except ImportError:  # pragma: no cover - pandas is a dependency
        return False


def _dari_angka(x: Decimal, satuan: str | None, teks: str) -> Nilai:
    if satuan == "%":
        return Nilai(JenisNilai.PERSEN, angka=x, satuan="%", teks=teks)
    return Nilai(JenisNilai.ANGKA, angka=x, satuan=satuan, teks=teks)


def _baca_satuan(ekor: str, asli: str) -> str | None:
    ekor = ekor.strip()
    if not ekor:
        return None
    if re.search(r"\d", ekor) or not re.match(r"^%|^\(%\)$|^[^\W\d_]", ekor):
        raise NilaiTidakValid(
            f"Nilai '{asli}' tidak dapat dibaca: setelah angka hanya boleh satuan (mis. '1 laporan', '95%')."
        )
    return normalisasi_satuan(ekor)


def parse_nilai(raw: object, *, persen_format: bool = False, satuan: str | None = None) -> Nilai:
    """Read a target/realisasi cell into a typed :class:`Nilai`.

    ``satuan`` is the indikator's Satuan: a bare number takes it as its unit.
    ``persen_format`` says the cell holding a number is formatted as a
    percentage (Excel stores 95% as 0,95). Raises :class:`NilaiTidakValid`
    for anything that looks numeric but cannot be read without guessing.
    """
    satuan_baku = normalisasi_satuan(satuan)
    if _kosong(raw):
        return Nilai(JenisNilai.KOSONG)
    if isinstance(raw, bool):
        return Nilai(JenisNilai.KUALITATIF, teks="Ya" if raw else "Tidak")
    if isinstance(raw, (_dt.date, _dt.time, _dt.datetime)):
        raise NilaiTidakValid(
            f"Sel berisi tanggal/waktu ({raw}), bukan nilai kinerja: Excel mengubah ketikan menjadi tanggal. "
            "Format sel sebagai Teks lalu ketik ulang."
        )
    if not isinstance(raw, str):
        x = ke_decimal(raw)
        teks = str(raw)
        if persen_format:
            return Nilai(JenisNilai.PERSEN, angka=_nol_bersih(x * 100), satuan="%", teks=teks)
        return _dari_angka(x, satuan_baku, teks)
    return _parse_teks(_bersih(raw), satuan_baku)


@functools.lru_cache(maxsize=65536)
def _parse_teks(teks: str, satuan_baku: str | None) -> Nilai:
    """Cached: the same typed texts ("100%", "1 Laporan") recur across a workbook and
    are read again by capaian, validasi and narasi; a Nilai is immutable, and a text
    that raises is not cached (it raises again)."""
    return _parse_teks_baru(teks, satuan_baku)


def _parse_teks_baru(teks: str, satuan_baku: str | None) -> Nilai:
    if teks in _KOSONG_TEKS:
        return Nilai(JenisNilai.KOSONG, teks=teks)
    # predikat (SAKIP grade, BPK opinion)
    m = _RE_PREDIKAT.match(teks)
    if m and m.group(1).upper() in _SKALA_DARI_PREDIKAT:
        p = m.group(1).upper()
        return Nilai(JenisNilai.PREDIKAT, predikat=p, skala_predikat=_SKALA_DARI_PREDIKAT[p], teks=teks)
    panjang = re.sub(r"^opini\s+", "", teks.lower())
    if panjang in _OPINI_PANJANG:
        p = _OPINI_PANJANG[panjang]
        return Nilai(JenisNilai.PREDIKAT, predikat=p, skala_predikat="bpk", teks=teks)

    # rupiah: "Rp 1.868.000,-", "-Rp 5.000"
    m = _RE_RP.match(teks)
    if m:
        sisa = _RE_EKOR_RUPIAH.sub("", teks[m.end() :]).strip()
        tanda = m.group(1)
        m2 = _RE_TUNGGAL.match(sisa)
        if not m2 or m2.group(3).strip():
            raise NilaiTidakValid(f"Nilai rupiah '{teks}' tidak dapat dibaca; tulis mis. 'Rp 1.868.000'.")
        if tanda and m2.group(1):
            raise NilaiTidakValid(f"Nilai rupiah '{teks}' memiliki dua tanda.")
        x = _baca_token(m2.group(2), teks)
        if (tanda or m2.group(1)) in ("-", "−"):
            x = -x
        return Nilai(JenisNilai.ANGKA, angka=_nol_bersih(x), satuan="rupiah", teks=teks)

    if not _RE_MULAI_ANGKA.match(teks):
        return Nilai(JenisNilai.KUALITATIF, teks=teks)

    m = _RE_RENTANG.match(teks)
    if m:
        bawah = _baca_token(m.group(1), teks)
        atas = _baca_token(m.group(3), teks)
        satuan = _baca_satuan(m.group(4), teks)
        if m.group(2) and satuan not in (None, "%"):
            raise NilaiTidakValid(f"Rentang '{teks}' mencampur persen dengan satuan lain.")
        if m.group(2):
            satuan = "%"
        satuan = satuan or satuan_baku
        if bawah > atas:
            raise NilaiTidakValid(f"Rentang '{teks}': batas bawah lebih besar dari batas atas.")
        return Nilai(JenisNilai.RENTANG, satuan=satuan, bawah=_nol_bersih(bawah), atas=_nol_bersih(atas), teks=teks)

    m = _RE_TUNGGAL.match(teks)
    if not m:  # pragma: no cover - _RE_MULAI_ANGKA guarantees a match
        raise NilaiTidakValid(f"Nilai '{teks}' tidak dapat dibaca.")
    x = _baca_token(m.group(2), teks)
    if m.group(1) in ("-", "−"):
        x = -x
    satuan = _baca_satuan(m.group(3), teks) or satuan_baku
    return _dari_angka(_nol_bersih(x), satuan, teks)


def parse_angka(raw: object) -> Decimal:
    """A plain number (no unit, no percent sign) in Indonesian or unambiguous comma-thousands style."""
    if _kosong(raw):
        raise NilaiTidakValid("Sel kosong; diperlukan angka.")
    if not isinstance(raw, str):
        return ke_decimal(raw)
    teks = _bersih(raw)
    m = _RE_TUNGGAL.match(teks)
    if not m or m.group(3):
        raise NilaiTidakValid(f"'{teks}' bukan angka; tulis mis. 26.555.194.000 atau 99,52.")
    x = _baca_token(m.group(2), teks)
    return _nol_bersih(-x if m.group(1) in ("-", "−") else x)


_RE_TANDA_RP = re.compile(r"^([-−])\s*(?=(?:RP\.?|IDR)\b)", re.IGNORECASE)
_RE_RP_DEPAN = re.compile(r"^(?:RP\.?|IDR)\s*", re.IGNORECASE)
_RE_TITIK_RIBU = re.compile(r"^\d{1,3}(?:\.\d{3})+(?:,(\d{1,2}))?$")
_RE_KOMA_RIBU = re.compile(r"^\d{1,3}(?:,\d{3})+(?:\.(\d{1,2}))?$")
_RE_POLOS = re.compile(r"^\d+(?:[.,](\d{1,2}))?$")


def baca_bulat(v: Any) -> int | None:
    """A whole number typed anywhere (Tahun, Triwulan): None when empty, fractional or not a number."""
    if v is None or isinstance(v, bool):
        return None
    try:
        d = Decimal(str(v).strip())
    except InvalidOperation:
        return None
    return int(d) if d.is_finite() and d == d.to_integral_value() else None


def baca_volume(raw: Any) -> Decimal | None:
    """A volume cell -> Decimal (``1,5`` and ``1.500`` read the Indonesian way, ``1.5`` too); None when empty."""
    if raw is None:
        return None
    if isinstance(raw, bool):
        raise NilaiTidakValid(f"'{raw}' bukan angka volume.")
    if isinstance(raw, Integral):
        return Decimal(int(raw))
    if isinstance(raw, Real) and not isinstance(raw, Decimal):
        if raw != raw:
            return None
        if not math.isfinite(raw):
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


def baca_rupiah(raw: object) -> int | None:
    """One cell -> whole rupiah; None for an empty cell; NilaiTidakValid when unreadable.

    Reads 27404000, 27404000.0, "27.404.000", "Rp 1.868.000,-", "1,868,000",
    "27.404.000,00" and "-" (nil). Fractions of a rupiah and ambiguous text are rejected.
    """
    if _kosong(raw):
        return None
    if isinstance(raw, bool):
        raise NilaiTidakValid(f"'{raw}' bukan nilai rupiah.")
    if isinstance(raw, Integral):
        return int(raw)
    if isinstance(raw, Real) and not isinstance(raw, Decimal):
        if raw != raw:
            return None
        if not math.isfinite(raw) or not float(raw).is_integer():
            raise NilaiTidakValid(f"{raw} memuat pecahan; rupiah ditulis bulat.")
        return int(float(raw))
    if isinstance(raw, Decimal):
        if not raw.is_finite() or raw != raw.to_integral_value():
            raise NilaiTidakValid(f"{raw} memuat pecahan; rupiah ditulis bulat.")
        return int(raw)
    if not isinstance(raw, str):
        raise NilaiTidakValid(f"'{raw}' bukan nilai rupiah.")
    s = raw.replace("\u00a0", " ").strip()
    if not s:
        return None
    depan = _RE_TANDA_RP.match(s)  # "-Rp 5.000": a sign written before the currency
    negatif_depan = bool(depan and depan.group(1))
    if depan:
        s = s[depan.end() :]
    s = _RE_RP_DEPAN.sub("", s).replace(" ", "")
    if s in ("-", "–"):
        return 0
    s = re.sub(r"[,.]-$", "", s)
    negatif = False
    if s.startswith("(") and s.endswith(")"):
        negatif, s = True, s[1:-1]
    elif s.startswith("-"):
        negatif, s = True, s[1:]
    for pola, pemisah in ((_RE_TITIK_RIBU, "."), (_RE_KOMA_RIBU, ","), (_RE_POLOS, None)):
        m = pola.match(s)
        if m:
            sen = m.group(1)
            if sen is not None and int(sen) != 0:
                raise NilaiTidakValid(f"'{raw}' memuat pecahan rupiah; pagu dan realisasi ditulis dalam rupiah bulat.")
            utuh = s[: m.start(1) - 1] if sen is not None else s
            if pemisah:
                utuh = utuh.replace(pemisah, "")
            n = int(utuh)
            return -n if negatif != negatif_depan else n
    raise NilaiTidakValid(f"'{raw}' bukan nilai rupiah; tulis angka saja, mis. 27.404.000 atau 27404000.")


def parse_rupiah(raw: object) -> int:
    """An amount of rupiah as an int ("Rp 1.868.000,-", 1868000, "1,868,000", "-" for nil).

    The one reading of budget cells for every door (engine, UDFs, narrative tests);
    an empty cell is an error here, :func:`baca_rupiah` returns None for it.
    """
    n = baca_rupiah(raw)
    if n is None:
        raise NilaiTidakValid("Sel kosong; diperlukan nilai rupiah.")
    return n


def bulatkan(x: Decimal | Fraction | int | float, digits: int = 2) -> Decimal:
    """Round half-up (away from zero on a tie) to ``digits`` decimals, exactly."""
    if isinstance(x, Fraction):
        skala = 10**digits
        neg = x < 0
        a = -x if neg else x
        q = (2 * a.numerator * skala + a.denominator) // (2 * a.denominator)
        return Decimal(f"{'-' if neg and q else ''}{q}E-{digits}")  # built from the string: exact, no context
    d = x if isinstance(x, Decimal) else ke_decimal(x)
    with localcontext() as ctx:
        ctx.prec = max(28, d.adjusted() + digits + 2)
        return _nol_bersih(d.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP))


def _digit_pecahan(d: Decimal) -> int:
    if d == 0:
        return 0
    eks = d.normalize().as_tuple().exponent
    return max(0, -eks) if isinstance(eks, int) else 0


def format_angka(x: Decimal | Fraction | int | float, digits: int | None = None) -> str:
    """Indonesian number text: "26.555.194.000", "99,52".

    ``digits=None`` writes every significant decimal (and "1,2340" for a value
    that would otherwise print as the ambiguous "1,234"); a number of digits
    quantizes half-up first and prints exactly that many.
    """
    if isinstance(x, Fraction) and digits is None:
        digits = 2
    if digits is not None:
        d = bulatkan(x, digits)
        k = digits
    else:
        d = x if isinstance(x, Decimal) else ke_decimal(x)
        d = _nol_bersih(d)
        k = _digit_pecahan(d)
        if k == 3 and 1 <= abs(d) < 1000:
            k = 4
        with localcontext() as ctx:
            ctx.prec = max(28, d.adjusted() + k + 2)
            d = d.quantize(Decimal(1).scaleb(-k))
    return _format_id(d, k)


_KE_ID = str.maketrans(",.", ".,")


def _format_id(d: Decimal, k: int) -> str:
    """``d`` (already quantized to ``k`` decimals) in the id locale's "#,##0.00" form.

    Decimal's own formatting is exact and gives the same text as babel's id
    pattern with the separators swapped (tests check the two agree); babel is
    kept for what the fast path does not cover (non-finite values).
    """
    if d.is_finite():
        return format(d, f",.{k}f").translate(_KE_ID)
    return _format_babel(d, k)


def _format_babel(d: Decimal, k: int) -> str:
    pola = "#,##0" + ("." + "0" * k if k else "")
    with localcontext() as ctx:  # babel quantizes in the current context: give it room for big figures
        ctx.prec = max(28, d.adjusted() + k + 4)
        return format_decimal(d, format=pola, locale=LOCALE, decimal_quantization=False)


def format_rupiah(x: int) -> str:
    """ "Rp 26.555.194.000"; a negative amount is "-Rp 5.000"."""
    n = int(x)
    if n != x:
        raise NilaiTidakValid(f"Nilai rupiah {x} memuat pecahan.")
    teks = f"{abs(n):,}".replace(",", ".")  # whole rupiah: Indonesian grouping, no decimals
    return f"-Rp {teks}" if n < 0 else f"Rp {teks}"


def format_persen(x: Decimal | Fraction | None, digits: int = 2) -> str:
    """ "105,26%" (rounded half-up first); ``None`` is "-"."""
    if x is None:
        return "-"
    return format_angka(x, digits) + "%"


def format_nilai(n: Nilai) -> str:
    """Indonesian text for a value; :func:`parse_nilai` reads it back to an equal :class:`Nilai`."""
    if n.jenis is JenisNilai.KOSONG:
        return ""
    if n.jenis is JenisNilai.KUALITATIF:
        return n.teks
    if n.jenis is JenisNilai.PREDIKAT:
        return n.predikat or ""
    if n.jenis is JenisNilai.RENTANG:
        ekor = "%" if n.satuan == "%" else (f" {n.satuan}" if n.satuan else "")
        return f"{format_angka(angka_pasti(n.bawah))}–{format_angka(angka_pasti(n.atas))}{ekor}"
    angka = angka_pasti(n.angka)
    if n.jenis is JenisNilai.PERSEN:
        return format_angka(angka) + "%"
    if n.satuan == "rupiah":
        if angka < 0:
            return "-Rp " + format_angka(-angka)
        return "Rp " + format_angka(angka)
    teks = format_angka(angka)
    return f"{teks} {n.satuan}" if n.satuan else teks


def angka_pasti(d: Decimal | None) -> Decimal:
    """A figure a numeric Nilai always carries."""
    assert d is not None
    return d


def _terbilang_bulat(n: int) -> str:
    """num2words (id) with its one wrong group fixed: a thousands group of exactly 1 is "seribu"."""
    if n < 0:
        return "minus " + _terbilang_bulat(-n)
    juta, sisa = divmod(n, 1_000_000)
    if juta and sisa // 1000 == 1:
        kata = str(num2words(juta * 1_000_000, lang="id")) + " seribu"
        if sisa % 1000:
            kata += " " + str(num2words(sisa % 1000, lang="id"))
        return kata
    return str(num2words(n, lang="id"))


def terbilang(n: int | Decimal, rupiah: bool = False) -> str:
    """The amount in Indonesian words ("satu juta seribu rupiah")."""
    if isinstance(n, bool):
        raise NilaiTidakValid("Nilai bukan angka.")
    d = n if isinstance(n, Decimal) else ke_decimal(n)
    if d == d.to_integral_value():
        kata = _terbilang_bulat(int(d))
    else:
        if rupiah:
            raise NilaiTidakValid(f"Nilai rupiah {format_angka(d)} memuat pecahan; rupiah harus bilangan bulat.")
        bulat = int(abs(d))
        penuh = num2words(abs(d), lang="id")
        ekor = penuh[len(num2words(bulat, lang="id")) :]
        kata = ("minus " if d < 0 else "") + _terbilang_bulat(bulat) + ekor
    return kata + " rupiah" if rupiah else kata


def daftar_kata(items: Any, penghubung: str = "dan") -> str:
    """An Indonesian list per PUEBI: "a", "a dan b", "a, b, dan c" (empty items skipped)."""
    xs = [str(i) for i in items if str(i)]
    if not xs:
        return ""
    if len(xs) == 1:
        return xs[0]
    if len(xs) == 2:
        return f"{xs[0]} {penghubung} {xs[1]}"
    return ", ".join(xs[:-1]) + f", {penghubung} {xs[-1]}"

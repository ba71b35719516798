"""Canonical form of a table, its SHA-256, and the province's HMAC signature.

An export is checked by hashing its tables again after they have travelled
through Excel files: a number written as ``5`` comes back as ``5.0``, a date
as ``date``, an empty cell as ``""`` or ``None``. The canonical form makes all
of those the same string, so only a real change of content changes the hash.

What the two checks prove differs and the messages must say so: a plain
SHA-256 catches accidental edits, but anyone who edits on purpose can compute
it again; an HMAC-SHA256 with the province's secret key can only be recomputed
by whoever holds that key.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import hmac
import json
import math
import secrets
import unicodedata
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import Any, Iterable, Sequence

__all__ = [
    "nilai_kanonik",
    "baris_kanonik",
    "teks_kanonik",
    "sha256_tabel",
    "sha256_teks",
    "buat_kunci",
    "baca_kunci",
    "teks_kunci",
    "sidik_kunci",
    "tanda_tangan",
    "tanda_tangan_sah",
]

# Excel keeps 15 significant digits; a float is cut to that before hashing so a
# value that went through a file (XlsxWriter writes at most 16 digits) hashes alike.
_DIGIT_EXCEL = 15


def _angka(d: Decimal) -> str:
    """A Decimal as a plain decimal string: no exponent, no trailing zeros, no -0."""
    if d.is_nan() or d.is_infinite():
        return ""
    if d == 0:
        return "0"
    d = d.normalize()
    teks = format(d, "f")
    if "." in teks:
        teks = teks.rstrip("0").rstrip(".")
    return teks


def nilai_kanonik(v: Any) -> str:
    """One cell as a canonical string (None/NaN -> "", numbers as decimals, text NFC-stripped)."""
    t = type(v)
    if t is str:  # fast paths first: the rekap canonicalises every cell of every file
        return v.strip() if v.isascii() else unicodedata.normalize("NFC", v).strip()
    if t is float and v.is_integer() and -1e15 < v < 1e15:
        return str(int(v))
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, str):
        return unicodedata.normalize("NFC", v).strip()
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        if math.isnan(v) or math.isinf(v):
            return ""
        return _angka(Decimal(format(v, f".{_DIGIT_EXCEL}g")))
    if isinstance(v, Decimal):
        return _angka(v)
    if isinstance(v, Fraction):
        return _angka(Decimal(v.numerator) / Decimal(v.denominator))
    if isinstance(v, _dt.datetime):
        if v.time() == _dt.time(0, 0):
            return v.date().isoformat()
        return v.replace(microsecond=0).isoformat()
    if isinstance(v, _dt.date):
        return v.isoformat()
    if isinstance(v, _dt.time):
        return v.replace(microsecond=0).isoformat()
    if isinstance(v, _dt.timedelta):
        return _angka(Decimal(str(v.total_seconds())))
    # numpy / pandas scalars (np.int64, np.float64, pd.NA, pd.NaT, pd.Timestamp)
    if hasattr(v, "to_pydatetime"):
        try:
            return nilai_kanonik(v.to_pydatetime())
        except (ValueError, TypeError):
            return ""
    if hasattr(v, "item") and not isinstance(v, (bytes, bytearray)):
        try:
            return nilai_kanonik(v.item())
        except (ValueError, TypeError):
            pass
    try:
        if v != v:  # pd.NA raises TypeError here; NaN-like objects compare unequal
            return ""
    except TypeError:
        return ""
    return unicodedata.normalize("NFC", str(v)).strip()


def baris_kanonik(rows: Iterable[Sequence[Any]]) -> list[list[str]]:
    return [[nilai_kanonik(v) for v in row] for row in rows]


def teks_kanonik(headers: Sequence[str], rows: Iterable[Sequence[Any]], persen: Iterable[tuple[int, str]] = ()) -> str:
    """The JSON text a table's hash is taken over.

    ``persen`` (row, header) cells are part of the content: a number typed as
    ``95%`` means something else than the same number unformatted.
    """
    dok = {
        "kolom": [nilai_kanonik(h) for h in headers],
        "baris": baris_kanonik(rows),
        "persen": sorted([int(r), str(h)] for r, h in persen),
    }
    return json.dumps(dok, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def sha256_teks(teks: str) -> str:
    return hashlib.sha256(teks.encode("utf-8")).hexdigest()


def sha256_tabel(headers: Sequence[str], rows: Iterable[Sequence[Any]], persen: Iterable[tuple[int, str]] = ()) -> str:
    """SHA-256 (hex) of a table's canonical form."""
    return sha256_teks(teks_kanonik(headers, rows, persen))


# --- the province's key -------------------------------------------------------------
_AWALAN_KUNCI = "kinerja-xl-kunci-v1:"


def buat_kunci() -> bytes:
    """A fresh 256-bit secret for HMAC-SHA256."""
    return secrets.token_bytes(32)


def teks_kunci(kunci: bytes) -> str:
    """The key as the one-line text stored in a key file."""
    return _AWALAN_KUNCI + kunci.hex() + "\n"


def baca_kunci(teks: str | bytes) -> bytes:
    """Parse a key file's content (as written by ``teks_kunci``)."""
    from kinerja_xl.domain.temuan import KinerjaError

    if isinstance(teks, bytes):
        teks = teks.decode("utf-8", errors="replace")
    teks = teks.strip()
    if teks.startswith(_AWALAN_KUNCI):
        teks = teks[len(_AWALAN_KUNCI):]
    try:
        kunci = bytes.fromhex(teks)
    except ValueError:
        kunci = b""
    if len(kunci) < 16:
        raise KinerjaError(
            "Berkas kunci tidak dapat dibaca: isinya bukan kunci kinerja-xl. "
            "Gunakan berkas yang dibuat dengan 'kinerja-xl kunci buat'."
        )
    return kunci


def sidik_kunci(kunci: bytes) -> str:
    """A short public fingerprint naming which key signed (never the key itself)."""
    return hashlib.sha256(b"sidik:" + kunci).hexdigest()[:16]


def tanda_tangan(kunci: bytes, teks: str) -> str:
    """HMAC-SHA256 (hex) of a manifest text."""
    return hmac.new(kunci, teks.encode("utf-8"), hashlib.sha256).hexdigest()


def tanda_tangan_sah(kunci: bytes, teks: str, tanda: str) -> bool:
    return hmac.compare_digest(tanda_tangan(kunci, teks), (tanda or "").strip().lower())

"""Canonical form of a table, its SHA-256, and the satker's Ed25519 signature.

An export is checked by hashing its tables again after they have travelled
through Excel files: a number written as ``5`` comes back as ``5.0``, a date
as ``date``, an empty cell as ``""`` or ``None``. The canonical form makes all
of those the same string, so only a real change of content changes the hash.

What the two checks prove differs and the messages must say so: a plain
SHA-256 catches accidental edits, but anyone who edits on purpose can compute
it again; an Ed25519 signature can only be made with the satker's private key,
and the province checks it with that satker's public key from its registry.
"""

from __future__ import annotations

import base64
import binascii
import datetime as _dt
import hashlib
import json
import math
import unicodedata
from collections.abc import Iterable, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

__all__ = [
    "nilai_kanonik",
    "baris_kanonik",
    "teks_kanonik",
    "sha256_tabel",
    "sha256_teks",
    "buat_kunci",
    "pem_kunci",
    "baca_kunci",
    "kunci_publik",
    "baca_kunci_publik",
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
    if t is float:
        if v.is_integer() and -1e15 < v < 1e15:
            return str(int(v))
        teks = format(v, f".{_DIGIT_EXCEL}g")  # already without trailing zeros: the canonical decimal
        if "e" not in teks and "n" not in teks:  # not 1e+16, nan or inf: those take the general path
            return teks
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
    """``nilai_kanonik`` of every cell; ASCII text and empty cells (most of a table) without a call each."""
    k = nilai_kanonik
    return [
        [(v.strip() if v.isascii() else k(v)) if type(v) is str else ("" if v is None else k(v)) for v in row]
        for row in rows
    ]


def teks_kanonik(headers: Sequence[str], rows: Iterable[Sequence[Any]], persen: Iterable[tuple[int, str]] = ()) -> str:
    """The JSON text a table's hash is taken over.

    ``persen`` (row, header) cells are part of the content: a number typed as
    ``95%`` means something else than the same number unformatted.
    """
    return _teks_dok(headers, baris_kanonik(rows), persen)


def _teks_dok(headers: Sequence[str], baris: list[list[str]], persen: Iterable[tuple[int, str]]) -> str:
    dok = {
        "kolom": [nilai_kanonik(h) for h in headers],
        "baris": baris,
        "persen": sorted([int(r), str(h)] for r, h in persen),
    }
    return json.dumps(dok, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def sha256_teks(teks: str) -> str:
    return hashlib.sha256(teks.encode("utf-8")).hexdigest()


def sha256_tabel(headers: Sequence[str], rows: Iterable[Sequence[Any]], persen: Iterable[tuple[int, str]] = ()) -> str:
    """SHA-256 (hex) of a table's canonical form."""
    return sha256_teks(teks_kanonik(headers, rows, persen))


def sha256_kanonik(headers: Sequence[str], baris: list[list[str]], persen: Iterable[tuple[int, str]] = ()) -> str:
    """``sha256_tabel`` of rows already in canonical form (``baris_kanonik``): a reader that keeps the
    canonical rows for other checks does not canonicalise every cell twice."""
    return sha256_teks(_teks_dok(headers, baris, persen))


# --- the satker's Ed25519 key ---------------------------------------------------------
def buat_kunci() -> Ed25519PrivateKey:
    """A fresh Ed25519 private key for one satker (one PC / one operator)."""
    return Ed25519PrivateKey.generate()


def pem_kunci(kunci: Ed25519PrivateKey, sandi: bytes | None = None) -> bytes:
    """The private key as PEM PKCS#8, encrypted with ``sandi`` when given."""
    enkripsi = serialization.BestAvailableEncryption(sandi) if sandi else serialization.NoEncryption()
    return kunci.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, enkripsi)


def baca_kunci(pem: bytes, sandi: bytes | None = None) -> Ed25519PrivateKey:
    """Parse a private key file written by ``pem_kunci``; KinerjaError with the reason otherwise."""
    from kinerja_xl.domain.temuan import KinerjaError

    try:
        kunci = serialization.load_pem_private_key(pem, password=sandi or None)
    except TypeError:
        raise KinerjaError(
            "Berkas kunci dilindungi sandi: berikan sandinya (--sandi)."
            if not sandi
            else "Berkas kunci tidak dilindungi sandi; jalankan tanpa --sandi."
        ) from None
    except ValueError:
        raise KinerjaError(
            "Berkas kunci tidak dapat dibaca: sandi salah atau isinya bukan kunci satker kinerja-xl "
            "(buat dengan 'kinerja-xl kunci buat --satker KODE FILE')."
        ) from None
    if not isinstance(kunci, Ed25519PrivateKey):
        raise KinerjaError("Berkas kunci bukan kunci Ed25519 satker kinerja-xl.")
    return kunci


def kunci_publik(kunci: Ed25519PrivateKey) -> str:
    """The raw 32-byte public key, base64: the text of the province's registry."""
    mentah = kunci.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return base64.b64encode(mentah).decode("ascii")


def baca_kunci_publik(teks: str) -> Ed25519PublicKey | None:
    """A registry's base64 public key, or None when it is not one."""
    try:
        mentah = base64.b64decode(teks.strip(), validate=True)
        return Ed25519PublicKey.from_public_bytes(mentah) if len(mentah) == 32 else None
    except (ValueError, binascii.Error):
        return None


def tanda_tangan(kunci: Ed25519PrivateKey, teks: str) -> str:
    """Ed25519 signature (base64) of a text."""
    return base64.b64encode(kunci.sign(teks.encode("utf-8"))).decode("ascii")


def tanda_tangan_sah(publik: str, teks: str, tanda: str) -> bool:
    """Whether ``tanda`` is a signature of ``teks`` by the base64 public key ``publik``."""
    kunci = baca_kunci_publik(publik)
    if kunci is None:
        return False
    try:
        kunci.verify(base64.b64decode((tanda or "").strip(), validate=True), teks.encode("utf-8"))
    except (InvalidSignature, ValueError, binascii.Error):
        return False
    return True

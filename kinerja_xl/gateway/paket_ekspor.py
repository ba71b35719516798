"""The export package seal: a SHA-256 of every part of the .xlsx, signed with the satker's key.

Export format 2. After XlsxWriter has written the export, ``segel``
hashes every part (ZIP entry) of the package and stores, in the custom document
properties (``docProps/custom.xml``):

- ``kinerja-xl Sidik Bagian``: JSON ``{part name: SHA-256}`` of every part;
- ``kinerja-xl Kunci Publik``: the signer's Ed25519 public key (base64), or ``-``;
- ``kinerja-xl Tanda Tangan``: the Ed25519 signature (base64) of the seal text, or ``-``.

``docProps/custom.xml`` is hashed with those three values replaced by ``-``, so
the seal covers its own part too. Any part, sheet, cell or formula that ``ekspor``
did not write changes some part's bytes (or adds a part), which ``cek_segel``
reports with the part and, for a worksheet, the sheet's name. Re-saving the file
in Excel rewrites every part: a re-saved export is no longer the one exported.
"""

from __future__ import annotations

import hashlib
import json
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape, unescape

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from kinerja_xl.domain import kanonik
from kinerja_xl.domain.temuan import KinerjaError

__all__ = [
    "PROP_SIDIK",
    "PROP_KUNCI",
    "PROP_TANDA",
    "KOSONG",
    "siapkan",
    "segel",
    "Segel",
    "cek_segel",
    "baca_berkas_kunci",
]

PROP_SIDIK = "kinerja-xl Sidik Bagian"
PROP_KUNCI = "kinerja-xl Kunci Publik"
PROP_TANDA = "kinerja-xl Tanda Tangan"
KOSONG = "-"
_CUSTOM = "docProps/custom.xml"
_FORMAT_SEGEL = "kinerja-xl segel paket 2"


def siapkan(workbook) -> None:
    """Reserve the seal's properties on an XlsxWriter workbook before it is closed."""
    for nama in (PROP_SIDIK, PROP_KUNCI, PROP_TANDA):
        workbook.set_custom_property(nama, KOSONG)


def _pola(nama: str) -> re.Pattern[bytes]:
    nama_b = re.escape(nama.encode())
    return re.compile(rb'(<property [^>]*name="' + nama_b + rb'"[^>]*><vt:lpwstr>)(.*?)(</vt:lpwstr>)', re.S)


def _normal(custom: bytes) -> bytes:
    for nama in (PROP_SIDIK, PROP_KUNCI, PROP_TANDA):
        custom = _pola(nama).sub(lambda m: m.group(1) + KOSONG.encode() + m.group(3), custom)
    return custom


def _nilai(custom: bytes, nama: str) -> str | None:
    m = _pola(nama).search(custom)
    return unescape(m.group(2).decode("utf-8", errors="replace")) if m else None


def _sidik(bagian: dict[str, bytes]) -> dict[str, str]:
    return {n: hashlib.sha256(_normal(b) if n == _CUSTOM else b).hexdigest() for n, b in bagian.items()}


def teks_segel(sidik: dict[str, str], kunci_publik: str) -> str:
    """The text the signature is taken over."""
    dok = {"format": _FORMAT_SEGEL, "bagian": sidik, "kunci_publik": kunci_publik}
    return json.dumps(dok, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def segel(path: Path, kunci: Ed25519PrivateKey | None) -> None:
    """Hash every part of the written package, sign, and store the seal in its custom properties."""
    with zipfile.ZipFile(path) as z:
        info = z.infolist()
        bagian = {i.filename: z.read(i) for i in info}
    sidik = _sidik(bagian)
    publik = kanonik.kunci_publik(kunci) if kunci is not None else ""
    tanda = kanonik.tanda_tangan(kunci, teks_segel(sidik, publik)) if kunci is not None else ""
    isi = {
        PROP_SIDIK: json.dumps(sidik, sort_keys=True, separators=(",", ":")),
        PROP_KUNCI: publik or KOSONG,
        PROP_TANDA: tanda or KOSONG,
    }
    custom = bagian[_CUSTOM]
    for nama, v in isi.items():
        custom = _pola(nama).sub(lambda m, v=v: m.group(1) + escape(v).encode() + m.group(3), custom)
    bagian[_CUSTOM] = custom
    with zipfile.ZipFile(path, "w") as z:
        for i in info:
            z.writestr(i, bagian[i.filename], compress_type=i.compress_type)


@dataclass
class Segel:
    """The seal as found in a package, and what differs from it."""

    ada: bool
    kunci_publik: str = ""
    tanda_sah: bool = False
    ditambah: list[str] = field(default_factory=list)
    dihapus: list[str] = field(default_factory=list)
    diubah: list[str] = field(default_factory=list)
    lembar: dict[str, str] = field(default_factory=dict)  # worksheet part -> sheet name

    @property
    def utuh(self) -> bool:
        return self.ada and not (self.ditambah or self.dihapus or self.diubah)


def _nama_lembar(bagian: dict[str, bytes]) -> dict[str, str]:
    """Worksheet part name -> sheet name, from xl/workbook.xml and its relationships."""
    try:
        from lxml import etree

        wb = etree.fromstring(bagian["xl/workbook.xml"])
        rels = etree.fromstring(bagian["xl/_rels/workbook.xml.rels"])
    except Exception:  # noqa: BLE001 - a damaged workbook part: parts are then named as they are
        return {}
    target = {r.get("Id"): r.get("Target", "") for r in rels}
    r_id = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
    hasil = {}
    for s in wb.iter("{*}sheet"):
        t = target.get(s.get(r_id), "")
        hasil[t.lstrip("/") if t.startswith("/") else "xl/" + t] = s.get("name", "")
    return hasil


_BACA_SELALU = (_CUSTOM, "xl/workbook.xml", "xl/_rels/workbook.xml.rels")


def cek_segel(path: Path, sidik_bagian: dict[str, str] | None = None) -> Segel:
    """Compare every part of the package with the seal; check the signature over the recorded seal.

    ``sidik_bagian``: the SHA-256 of every part as already taken while the package was checked
    (``batas.cek_paket(..., sidik=...)``), so only the seal's own part and the sheet list are read again."""
    with zipfile.ZipFile(path) as z:
        if sidik_bagian is None:
            bagian = {i.filename: z.read(i) for i in z.infolist()}
        else:
            bagian = {i.filename: z.read(i) for i in z.infolist() if i.filename in _BACA_SELALU}
    custom = bagian.get(_CUSTOM, b"")
    teks_sidik = _nilai(custom, PROP_SIDIK)
    try:
        tercatat = json.loads(teks_sidik) if teks_sidik and teks_sidik != KOSONG else None
    except ValueError:
        tercatat = None
    if not isinstance(tercatat, dict):
        return Segel(False, lembar=_nama_lembar(bagian))
    sidik = _sidik(bagian) if sidik_bagian is None else {**sidik_bagian, **_sidik({_CUSTOM: custom})}
    publik = _nilai(custom, PROP_KUNCI) or ""
    publik = "" if publik == KOSONG else publik
    tanda = _nilai(custom, PROP_TANDA) or ""
    sah = bool(publik and tanda != KOSONG and kanonik.tanda_tangan_sah(publik, teks_segel(tercatat, publik), tanda))
    return Segel(
        True,
        publik,
        sah,
        ditambah=sorted(n for n in sidik if n not in tercatat),
        dihapus=sorted(n for n in tercatat if n not in sidik),
        diubah=sorted(n for n in sidik if n in tercatat and tercatat[n] != sidik[n]),
        lembar=_nama_lembar(bagian),
    )


def baca_berkas_kunci(path: Path, minta_sandi: Callable[[], str | None]) -> Ed25519PrivateKey:
    """The satker's private key file for signing; ``minta_sandi`` is asked only when the file is
    encrypted (None: the user cancelled, and nothing is signed or written)."""
    if not path.is_file():
        raise KinerjaError(f"Berkas kunci '{path}' tidak ditemukan.")
    pem = path.read_bytes()
    sandi = None
    if b"ENCRYPTED" in pem:
        teks = minta_sandi()
        if teks is None:
            raise KinerjaError("Ekspor dibatalkan: sandi kunci satker tidak diisi; berkas ekspor tidak dibuat.")
        sandi = teks.encode("utf-8")
    return kanonik.baca_kunci(pem, sandi)

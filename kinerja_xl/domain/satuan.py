"""Units of measure (Satuan) as staff type them, normalised so they can be compared.

Staff write the same unit many ways ("Lap", "Laporan", "lap."); target and
realisasi are only comparable once both sides name the same unit. A unit we do
not know is kept (lower-cased, spaces collapsed) rather than guessed at.
"""

from __future__ import annotations

import re
from functools import lru_cache

# short form / variant -> normalised unit (all keys lower-case, no trailing dot)
_ALIAS: dict[str, str] = {
    "%": "%",
    "persen": "%",
    "prosen": "%",
    "persentase": "%",
    "(%)": "%",
    "lap": "laporan",
    "lapor": "laporan",
    "laporan": "laporan",
    "dok": "dokumen",
    "doc": "dokumen",
    "dokumen": "dokumen",
    "bln": "bulan",
    "bulan": "bulan",
    "keg": "kegiatan",
    "kgt": "kegiatan",
    "kegiatan": "kegiatan",
    "org": "orang",
    "orang": "orang",
    "satker": "satker",
    "unit": "unit",
    "layanan": "layanan",
    "lay": "layanan",
    "kasus": "kasus",
    "kali": "kali",
    "kl": "kali",
    "hari": "hari",
    "hr": "hari",
    "thn": "tahun",
    "th": "tahun",
    "tahun": "tahun",
    "pkt": "paket",
    "paket": "paket",
    "bh": "buah",
    "buah": "buah",
    "eks": "eksemplar",
    "eksemplar": "eksemplar",
    "berkas": "berkas",
    "rp": "rupiah",
    "rupiah": "rupiah",
    "predikat": "predikat",
    "opini": "opini",
    "nilai": "nilai",
    "indeks": "indeks",
    "poin": "poin",
}

_SPASI = re.compile(r"\s+")


@lru_cache(maxsize=4096)
def normalisasi_satuan(s: str | None) -> str | None:
    """The canonical spelling of a unit ("Lap" -> "laporan", "Dok." -> "dokumen").

    Empty input is ``None`` (no unit given). Unknown units are returned
    lower-cased with single spaces, so two spellings of the same unknown
    unit still compare equal.
    """
    if s is None:
        return None
    teks = _SPASI.sub(" ", str(s).replace("\u00a0", " ")).strip().lower()
    if not teks:
        return None
    kunci = teks.rstrip(".").strip()
    if kunci in _ALIAS:
        return _ALIAS[kunci]
    kunci = kunci.replace(" ", "")
    if kunci in _ALIAS:
        return _ALIAS[kunci]
    if "%" in kunci or kunci.startswith(("persen", "prosen")):  # "Persen (%)", "% (persen)"
        return "%"
    return teks.rstrip(".").strip()


def satuan_sama(a: str | None, b: str | None) -> bool:
    """Whether two units agree; a missing unit agrees with any (the number takes the other's unit)."""
    na, nb = normalisasi_satuan(a), normalisasi_satuan(b)
    if na is None or nb is None:
        return True
    return na == nb

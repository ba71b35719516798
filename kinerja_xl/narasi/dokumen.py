"""The parts of a document beyond plain paragraphs: printed tables, the cover, placeholders.

Kept apart from :mod:`kinerja_xl.narasi.susun` so the narrative and the whole LKj
(:mod:`kinerja_xl.narasi.lkj`) share one vocabulary of blocks that the Word writer
(:mod:`kinerja_xl.services.word`) knows how to print.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

# Text staff still have to write: "[isi analisis penyebab]", "[belum diisi: Visi]". The Word
# writer highlights every match; `dokumen lkj` exits 1 and `ekspor` refuses while one is left.
POLA_PENANDA = re.compile(r"\[(?:isi|belum diisi)[^\]]*\]")


def penanda(teks: str) -> list[str]:
    """The placeholders in one paragraph, in order."""
    return POLA_PENANDA.findall(teks or "")


def isi_belum(apa: str) -> str:
    """The placeholder for a text staff have not written yet."""
    return f"[belum diisi: {apa}]"


@dataclass
class TabelDokumen:
    """A printed table: caption, rows, the columns shown, their widths (cm, summing to the text width)."""

    judul: str
    data: pd.DataFrame
    kolom: tuple[str, ...]
    lebar: tuple[float, ...]
    kanan: frozenset[str] = frozenset()
    ukuran: int = 9  # font size (pt) of the cells


@dataclass
class Sampul:
    """The cover: title lines, the satker, the year, and the logo image (PNG/JPEG bytes) if any."""

    baris: list[str]
    logo: bytes | None = None


__all__ = ["POLA_PENANDA", "Sampul", "TabelDokumen", "isi_belum", "penanda"]

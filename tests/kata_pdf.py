"""The words of a PDF page with their boxes, as ``pdftotext -bbox`` prints them (poppler-utils)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

_KATA = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>')
Kata = tuple[float, float, float, float, str]  # xMin, yMin, xMax, yMax, text


def halaman(pdf: Path) -> list[tuple[float, float, list[Kata]]]:
    """(width, height, words) per page."""
    pdftotext = shutil.which("pdftotext")
    assert pdftotext, "pdftotext (poppler-utils) diperlukan"
    xml = subprocess.run([pdftotext, "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    hasil = []
    for p in re.finditer(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', xml, re.S):
        kata = [(float(a), float(b), float(x), float(y), t) for a, b, x, y, t in _KATA.findall(p.group(3))]
        hasil.append((float(p.group(1)), float(p.group(2)), kata))
    return hasil

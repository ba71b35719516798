"""Cells holding an Excel error value (``t="e"``), read from the raw sheet XML.

python-calamine reads an error cell as an empty string, which would make
``#DIV/0!`` in a Realisasi cell look like "not reported yet". The file door asks
this module which cells hold errors and reports them (``nilai_galat_excel``).
"""

from __future__ import annotations

import re

__all__ = ["GALAT_EXCEL", "sel_galat"]

GALAT_EXCEL = frozenset(
    {
        "#NULL!",
        "#DIV/0!",
        "#VALUE!",
        "#REF!",
        "#NAME?",
        "#NUM!",
        "#N/A",
        "#GETTING_DATA",
        "#SPILL!",
        "#CALC!",
        "#FIELD!",
        "#BLOCKED!",
        "#CONNECT!",
        "#BUSY!",
        "#UNKNOWN!",
        "#PYTHON!",
    }
)

_SEL = re.compile(rb"<(?:\w+:)?c\b([^>]*?)(/?)>")
_REF = re.compile(rb'\br="([A-Z]+[0-9]+)"')
_JENIS_E = re.compile(rb'\bt="e"')
_NILAI = re.compile(rb"(?:\s*<(?:\w+:)?f\b[^>]*?/>|\s*<(?:\w+:)?f\b[^>]*>[^<]*</(?:\w+:)?f>)?\s*<(?:\w+:)?v>([^<]*)<")


def sel_galat(xml: bytes) -> dict[str, str]:
    """``{"G7": "#DIV/0!"}`` for every error cell of a worksheet part."""
    if b't="e"' not in xml:
        return {}
    hasil: dict[str, str] = {}
    for m in _SEL.finditer(xml):
        attrs = m.group(1)
        if not _JENIS_E.search(attrs) or m.group(2):
            continue
        ref = _REF.search(attrs)
        v = _NILAI.match(xml, m.end())
        if ref is not None:
            hasil[ref.group(1).decode()] = v.group(1).decode("utf-8", "replace") if v else "#N/A"
    return hasil

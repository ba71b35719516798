"""The one XML text escaper of the package (workbook parts and Word documents alike).

XML 1.0 cannot carry most C0 control characters at all, escaped or not: a
vertical tab pasted into an Uraian would make the part unreadable (Excel repairs
the file, Word refuses it). They are dropped here, once, for every writer.
"""

from __future__ import annotations

import re

_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def teks_xml_sah(s: str) -> str:
    """``s`` without the characters XML 1.0 cannot hold (tab, LF and CR stay)."""
    return _XML_ILLEGAL.sub("", s)


def escape_text(s: str) -> str:
    """Element text: legal characters only, markup escaped, CR kept as a character reference."""
    s = teks_xml_sah(s)
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")


def escape_attr(s: str) -> str:
    """An attribute value in double quotes (tab and LF as references so parsers do not fold them)."""
    return escape_text(s).replace('"', "&quot;").replace("\t", "&#9;").replace("\n", "&#10;")

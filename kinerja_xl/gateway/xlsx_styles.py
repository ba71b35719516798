"""styles.xml: which cells are percentages, and the few formats the tool adds.

New cell formats are appended only when no identical one exists, so running
the tool twice leaves styles.xml as it was after the first run.
"""

from __future__ import annotations

import copy
import re

from lxml import etree

from kinerja_xl.gateway.base import GAYA, UKURAN_BAWAAN
from kinerja_xl.gateway.xlsx_package import NS_MAIN, parse_xml, xml_bytes

_Q = f"{{{NS_MAIN}}}"
_BUILTIN_PERSEN = {9, 10}

# Fills of the validation marks (ARGB): red-ish for galat, amber for peringatan, pale blue for info.
WARNA_TANDA = {"galat": "FFFFC7CE", "peringatan": "FFFFEB9C", "info": "FFDDEBF7"}

# name -> (font (bold, size) or None, number format or None, alignment attrs or None, bordered sides),
# from the one table GAYA
GAYA_NAMA: dict[str, tuple[tuple[bool, float] | None, str | None, dict[str, str] | None, str]] = {
    nama: (
        (g.tebal, g.ukuran or UKURAN_BAWAAN) if g.tebal or g.ukuran else None,
        g.format_angka,
        {"wrapText": "1", "vertical": "top"} if g.bungkus else None,
        g.garis,
    )
    for nama, g in GAYA.items()
}
_SISI = (("l", "left"), ("r", "right"), ("t", "top"), ("b", "bottom"), ("", "diagonal"))


def _is_persen_code(code: str) -> bool:
    code = re.sub(r'"[^"]*"', "", code)
    code = re.sub(r"\\.", "", code)
    code = re.sub(r"\[[^\]]*\]", "", code)
    return "%" in code


def _canon(el: etree._Element) -> tuple:
    """A prefix-independent identity of an element, so an existing format is found again."""
    if not isinstance(el.tag, str):
        return ()
    return (
        etree.QName(el).localname,
        tuple(sorted(el.attrib.items())),
        tuple(_canon(c) for c in el if isinstance(c.tag, str)),
    )


_NUMFMT_KUSTOM_AWAL = 164  # ids below are Excel's built-in number formats


class Gaya:
    """The workbook's styles part, parsed once."""

    def __init__(self, data: bytes):
        self.root = parse_xml(data)
        self.changed = False
        self._numfmts = {int(e.get("numFmtId")): e.get("formatCode", "") for e in self.root.iter(_Q + "numFmt")}
        self._persen: dict[int, bool] = {}
        self._bernama: dict[str, int] = {}
        self._isian: dict[tuple[int, str], int] = {}

    def _section(self, name: str) -> etree._Element:
        el = self.root.find(_Q + name)
        if el is None:
            order = ["numFmts", "fonts", "fills", "borders", "cellStyleXfs", "cellXfs"]
            el = etree.Element(_Q + name)
            idx = 0
            for i, ch in enumerate(self.root):
                if isinstance(ch.tag, str) and etree.QName(ch).localname in order[: order.index(name)]:
                    idx = i + 1
            self.root.insert(idx, el)
        return el

    def _xfs(self) -> etree._Element:
        return self._section("cellXfs")

    def xf(self, s: int) -> etree._Element | None:
        xfs = self._xfs()
        return xfs[s] if 0 <= s < len(xfs) else None

    def is_persen(self, s: int) -> bool:
        if s not in self._persen:
            x = self.xf(s)
            nid = int(x.get("numFmtId", "0")) if x is not None else 0
            self._persen[s] = nid in _BUILTIN_PERSEN or _is_persen_code(self._numfmts.get(nid, ""))
        return self._persen[s]

    # --- adding ----------------------------------------------------------------------
    def _add_unique(self, section: str, el: etree._Element) -> int:
        sec = self._section(section)
        key = _canon(el)
        for i, ex in enumerate(sec):
            if _canon(ex) == key:
                return i
        sec.append(el)
        sec.set("count", str(len(sec)))
        self.changed = True
        return len(sec) - 1

    def _fill(self, rgb: str) -> int:
        f = etree.Element(_Q + "fill")
        p = etree.SubElement(f, _Q + "patternFill", patternType="solid")
        etree.SubElement(p, _Q + "fgColor", rgb=rgb)
        etree.SubElement(p, _Q + "bgColor", indexed="64")
        return self._add_unique("fills", f)

    def _font(self, bold: bool, size: float) -> int:
        fonts = self._section("fonts")
        base = copy.deepcopy(fonts[0]) if len(fonts) else etree.Element(_Q + "font")
        for tag in ("b", "sz"):
            for e in base.findall(_Q + tag):
                base.remove(e)
        if bold:
            base.insert(0, etree.Element(_Q + "b"))
        sz = etree.Element(_Q + "sz", val=f"{size:g}")
        base.insert(1 if bold else 0, sz)
        return self._add_unique("fonts", base)

    def _numfmt(self, code: str) -> int:
        for nid, c in self._numfmts.items():
            if c == code:
                return nid
        nid = max([163, *self._numfmts]) + 1
        sec = self._section("numFmts")
        etree.SubElement(sec, _Q + "numFmt", numFmtId=str(nid), formatCode=code)
        sec.set("count", str(len(sec)))
        self._numfmts[nid] = code
        self.changed = True
        return nid

    def dengan_isian(self, s: int, rgb: str) -> int:
        """A cell format equal to ``s`` but with a solid ``rgb`` fill (found once per pair: formats are only
        appended, so an index found stays right)."""
        if (s, rgb) not in self._isian:
            self._isian[(s, rgb)] = self._isian_baru(s, rgb)
        return self._isian[(s, rgb)]

    def _salinan_xf(self, s: int) -> etree._Element:
        """A copy of cell format ``s`` to derive a new one from. A custom number format the workbook never
        defines (some writers leave one) becomes General: copying it would hand Excel a format to repair."""
        base = self.xf(s)
        if base is None:
            return etree.Element(_Q + "xf", numFmtId="0", fontId="0", fillId="0", borderId="0", xfId="0")
        x = copy.deepcopy(base)
        nid = int(x.get("numFmtId", "0"))
        if nid >= _NUMFMT_KUSTOM_AWAL and nid not in self._numfmts:
            x.set("numFmtId", "0")
        return x

    def _isian_baru(self, s: int, rgb: str) -> int:
        x = self._salinan_xf(s)
        x.set("fillId", str(self._fill(rgb)))
        x.set("applyFill", "1")
        return self._add_unique("cellXfs", x)

    def dengan_awalan_kutip(self, s: int) -> int:
        """A cell format equal to ``s`` but with quotePrefix: Excel shows the text as typed after an apostrophe,
        so editing the cell never turns "=a/b" into a formula."""
        base = self.xf(s)
        if base is not None and base.get("quotePrefix") in ("1", "true"):
            return s
        x = self._salinan_xf(s)
        x.set("quotePrefix", "1")
        return self._add_unique("cellXfs", x)

    def bernama(self, nama: str) -> int:
        """The cell format index for one of the named output styles (found once per name)."""
        if nama not in self._bernama:
            self._bernama[nama] = self._bernama_baru(nama)
        return self._bernama[nama]

    def _bernama_baru(self, nama: str) -> int:
        font, fmt, align, garis = GAYA_NAMA[nama]
        x = etree.Element(_Q + "xf", numFmtId="0", fontId="0", fillId="0", borderId="0", xfId="0")
        if fmt is not None:
            x.set("numFmtId", str(self._numfmt(fmt)))
            x.set("applyNumberFormat", "1")
        if font is not None:
            x.set("fontId", str(self._font(*font)))
            x.set("applyFont", "1")
        if align is not None:
            x.set("applyAlignment", "1")
            etree.SubElement(x, _Q + "alignment", **align)
        if garis:
            x.set("borderId", str(self._border(garis)))
            x.set("applyBorder", "1")
        return self._add_unique("cellXfs", x)

    def _border(self, garis: str) -> int:
        """A thin black border on the sides ``garis`` names ("lrt"), in the schema's order of sides."""
        b = etree.Element(_Q + "border")
        for huruf, sisi in _SISI:
            el = etree.SubElement(b, _Q + sisi)
            if huruf and huruf in garis:
                el.set("style", "thin")
                etree.SubElement(el, _Q + "color", indexed="64")
        return self._add_unique("borders", b)

    def to_bytes(self) -> bytes:
        return xml_bytes(self.root)

"""A worksheet part edited row by row without parsing the whole sheet.

A sheet of 6,000 budget lines is megabytes of XML; parsing it into a tree
just to change a few styles costs more than the whole calculation. The rows
are kept as raw strings and only the rows we touch are split into cells.
Everything outside ``sheetData`` is small and edited as an lxml tree, with
children kept in the schema order Excel insists on.
"""

from __future__ import annotations

import datetime as dt
import functools
import html
import math
import re
from decimal import Decimal
from numbers import Integral, Number
from typing import Any

from lxml import etree

from kinerja_xl.gateway.base import Rumus, kolom_huruf
from kinerja_xl.gateway.xlsx_package import NS_MAIN, parse_xml, tanpa_awalan, xml_bytes
from kinerja_xl.xml_teks import escape_attr, escape_text

_ROW = re.compile(r"<row\b[^>]*?(?:/>|>.*?</row>)", re.S)
_ESC_X = re.compile(r"_x[0-9A-Fa-f]{4}_")
_ROW_TAG = re.compile(r"<row[\s/>]")
_CELL = re.compile(r"<c\b[^>]*?(?:/>|>.*?</c>)", re.S)
_TAG_ATTRS = re.compile(r"<\w+\b([^>]*?)/?>", re.S)
_ATTR = re.compile(r"([\w:.-]+)\s*=\s*(?:\"([^\"]*)\"|'([^']*)')")
_REF = re.compile(r"^\$?([A-Za-z]{1,3})\$?(\d+)$")
# The column letters of a <c>'s r= attribute, read without building an attribute dict:
# parsing cells is the hot path when a large output table is replaced.
_ROW_NUM = re.compile(r"<row\b[^>]*?\sr\s*=\s*[\"'](\d+)[\"']")
_CELL_COL = re.compile(r"<c\b[^>]*?\sr\s*=\s*[\"']\$?([A-Za-z]{1,3})\$?\d+[\"']")

SHEET_ORDER = (
    "sheetPr dimension sheetViews sheetFormatPr cols sheetData sheetCalcPr sheetProtection protectedRanges "
    "scenarios autoFilter sortState dataConsolidate customSheetViews mergeCells phoneticPr conditionalFormatting "
    "dataValidations hyperlinks printOptions pageMargins pageSetup headerFooter rowBreaks colBreaks "
    "customProperties cellWatches ignoredErrors smartTags drawing legacyDrawing legacyDrawingHF drawingHF picture "
    "oleObjects controls webPublishItems tableParts extLst"
).split()
_RANK = {n: i for i, n in enumerate(SHEET_ORDER)}
_RANK["AlternateContent"] = _RANK["controls"]


def col_index(letters: str) -> int:
    n = 0
    for ch in letters.upper():
        n = n * 26 + ord(ch) - 64
    return n


@functools.lru_cache(maxsize=4096)
def _col_cached(letters: str) -> int:
    return col_index(letters)


def split_ref(ref: str) -> tuple[int, int]:
    """``G7`` -> (column 7, row 7)."""
    m = _REF.match(ref.strip())
    if not m:
        raise ValueError(ref)
    return col_index(m.group(1)), int(m.group(2))


def parse_range(ref: str) -> tuple[int, int, int, int]:
    """``A1:C9`` -> (c1, r1, c2, r2)."""
    a, _, b = ref.partition(":")
    c1, r1 = split_ref(a)
    c2, r2 = split_ref(b or a)
    return c1, r1, c2, r2


def attrs_of(tag_xml: str) -> dict[str, str]:
    m = _TAG_ATTRS.match(tag_xml)
    if not m:
        return {}
    return {k: html.unescape(dq or sq) for k, dq, sq in _ATTR.findall(m.group(1))}


def _attr_str(attrs: dict[str, str]) -> str:
    return "".join(f' {k}="{escape_attr(v)}"' for k, v in attrs.items())


_EPOCH = dt.datetime(1899, 12, 30)


def cell_xml(ref: str, value: Any, s: int | None) -> str | None:
    """One ``<c>`` element for a Python value; None when the cell should not exist."""
    sa = f' s="{s}"' if s else ""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return f'<c r="{ref}"{sa}/>' if s else None
    if isinstance(value, Rumus):
        return f'<c r="{ref}"{sa}><f>{escape_text(value[1:] if value.startswith("=") else value)}</f></c>'
    if isinstance(value, bool) or type(value).__name__ == "bool_":
        value = "Ya" if value else ""
    if isinstance(value, (dt.datetime, dt.date)):
        value = value.isoformat(sep=" ", timespec="seconds") if isinstance(value, dt.datetime) else value.isoformat()
    if isinstance(value, str):
        if value == "":
            return f'<c r="{ref}"{sa}/>' if s else None
        # Excel reads "_x000B_" in cell text as an escaped character; a literal one is written "_x005F_x000B_"
        teks = escape_text(_ESC_X.sub(r"_x005F\g<0>", value)) if "_x" in value else escape_text(value)
        return f'<c r="{ref}"{sa} t="inlineStr"><is><t xml:space="preserve">{teks}</t></is></c>'
    if isinstance(value, (Number, Decimal)):
        try:
            f = float(value)
        except (TypeError, ValueError):
            f = math.nan
        if math.isnan(f) or math.isinf(f):
            return f'<c r="{ref}"{sa}/>' if s else None
        if isinstance(value, Integral):
            return f'<c r="{ref}"{sa}><v>{int(value)}</v></c>'
        return f'<c r="{ref}"{sa}><v>{repr(f)}</v></c>'
    return cell_xml(ref, str(value), s)


class BarisTakTerbaca(ValueError):
    """The sheet holds rows this parser did not read: saving it would lose them."""

    def __init__(self, ada: int, terbaca: int):
        super().__init__(f"{ada} rows present, {terbaca} read")
        self.ada, self.terbaca = ada, terbaca


class SheetXml:
    """A worksheet: a small skeleton tree plus rows held as raw XML strings."""

    def __init__(self, data: bytes):
        text = data.decode("utf-8")
        m = re.search(r"<((?:\w+:)?)sheetData\b[^>]*?(/?)>", text)
        if m and m.group(1):  # <x:sheetData>: rewrite once with the main namespace as default (checked)
            text = tanpa_awalan(data).decode("utf-8")
            m = re.search(r"<((?:\w+:)?)sheetData\b[^>]*?(/?)>", text)
        if not m:
            raise ValueError("sheetData not found")
        self.prefix = m.group(1)
        if m.group(2):
            body, end = "", m.end()
        else:
            close = text.index(f"</{self.prefix}sheetData>", m.end())
            body, end = text[m.end() : close], close + len(f"</{self.prefix}sheetData>")
        self.root = parse_xml((text[: m.start()] + f"<{self.prefix}sheetData/>" + text[end:]).encode("utf-8"))
        self._raw: dict[int, str] = {}
        self._rows: dict[int, tuple[dict[str, str], dict[int, str]]] = {}
        n = 0
        for rm in _ROW.finditer(body):
            row = rm.group(0)
            r = _ROW_NUM.match(row)
            n = int(r.group(1)) if r else n + 1
            self._raw[n] = row
        # Rows present by a second, independent count: a row the parser missed (or two rows with one
        # number) would be dropped on save, so a sheet where the counts differ is never written.
        self.baris_ada = len(_ROW_TAG.findall(body))
        self.baris_terbaca = len(self._raw)

    # --- rows and cells --------------------------------------------------------------
    def row_numbers(self) -> list[int]:
        return sorted(set(self._raw) | set(self._rows))

    def _row(self, r: int) -> tuple[dict[str, str], dict[int, str]]:
        if r not in self._rows:
            raw = self._raw.pop(r, None)
            attrs: dict[str, str] = {"r": str(r)}
            cells: dict[int, str] = {}
            if raw is not None:
                attrs = attrs_of(raw)
                attrs["r"] = str(r)
                attrs.pop("spans", None)
                col = 0
                for cm in _CELL.finditer(raw):
                    c = cm.group(0)
                    ref = _CELL_COL.match(c)
                    col = _col_cached(ref.group(1)) if ref else col + 1
                    if not ref:  # a cell without r: give it one so edits stay unambiguous
                        c = c.replace("<c", f'<c r="{kolom_huruf(col)}{r}"', 1)
                    cells[col] = c
            self._rows[r] = (attrs, cells)
        return self._rows[r]

    def cells(self, r: int) -> dict[int, str]:
        """Column -> raw ``<c>`` XML of row ``r`` (editable through set_cell)."""
        return self._row(r)[1]

    def cell(self, ref: str) -> str | None:
        c, r = split_ref(ref)
        if r not in self._raw and r not in self._rows:
            return None
        return self.cells(r).get(c)

    def style_of(self, ref: str) -> int:
        x = self.cell(ref)
        return int(attrs_of(x).get("s", "0")) if x else 0

    def set_cell(self, ref: str, xml: str | None) -> None:
        c, r = split_ref(ref)
        cells = self.cells(r)
        if xml is None:
            cells.pop(c, None)
        else:
            cells[c] = xml

    def set_style(self, ref: str, s: int) -> None:
        """Change only the s= of a cell, creating an empty cell if there is none."""
        x = self.cell(ref)
        if x is None:
            self.set_cell(ref, f'<c r="{ref}" s="{s}"/>' if s else None)
            return
        tag_end = x.index(">")
        head = x[: tag_end + 1]
        a = attrs_of(head)
        closing = "/>" if head.endswith("/>") else ">"
        if s:
            a["s"] = str(s)
        else:
            a.pop("s", None)
        new_head = "<c" + _attr_str(a) + closing
        self.set_cell(ref, new_head + x[tag_end + 1 :])

    def set_tinggi(self, r: int, tinggi: float | None) -> None:
        """Give row ``r`` an explicit height in points (None: the renderer's default again)."""
        attrs = self._row(r)[0]
        if tinggi:
            attrs["ht"], attrs["customHeight"] = f"{tinggi:g}", "1"
        else:
            attrs.pop("ht", None)
            attrs.pop("customHeight", None)

    def set_tersembunyi(self, r: int, tersembunyi: bool) -> None:
        """Hide row ``r`` (or show it again)."""
        attrs = self._row(r)[0]
        if tersembunyi:
            attrs["hidden"] = "1"
        else:
            attrs.pop("hidden", None)

    def clear(self, r1: int, r2: int, c1: int, c2: int) -> None:
        """Remove every cell in the block (values and styles)."""
        for r in [r for r in self.row_numbers() if r1 <= r <= r2]:
            cells = self.cells(r)
            for c in [c for c in cells if c1 <= c <= c2]:
                del cells[c]

    def clear_all(self) -> None:
        self._raw.clear()
        self._rows.clear()

    # --- the skeleton ----------------------------------------------------------------
    def q(self, local: str) -> str:
        return f"{{{self.root.nsmap.get(self.prefix[:-1] or None, NS_MAIN)}}}{local}"

    def child(self, local: str) -> etree._Element | None:
        return self.root.find(self.q(local))

    def remove_child(self, local: str) -> None:
        for el in self.root.findall(self.q(local)):
            self.root.remove(el)

    def set_child(self, el: etree._Element) -> etree._Element:
        """Put ``el`` in its schema position, replacing any element of the same name."""
        local = etree.QName(el).localname
        self.remove_child(local)
        rank = _RANK[local]
        for i, ch in enumerate(self.root):
            if not isinstance(ch.tag, str):
                continue
            if _RANK.get(etree.QName(ch).localname, -1) > rank:
                self.root.insert(i, el)
                return el
        self.root.append(el)
        return el

    def new(self, local: str, **attrs: str) -> etree._Element:
        el = etree.Element(self.q(local))
        for k, v in attrs.items():
            el.set(k, v)
        return el

    def used_range(self) -> str:
        rows = self.row_numbers()
        cols: list[int] = []
        live = []
        for r in rows:
            cs = self.cells(r) if r in self._rows else None
            if cs is None:
                raw = self._raw[r]
                refs = [attrs_of(m.group(0)).get("r") for m in _CELL.finditer(raw)]
                cc = [split_ref(x)[0] for x in refs if x]
            else:
                cc = list(cs)
            if cc:
                cols.extend((min(cc), max(cc)))
                live.append(r)
        if not live:
            return "A1"
        return f"{kolom_huruf(min(cols))}{min(live)}:{kolom_huruf(max(cols))}{max(live)}"

    def to_bytes(self, dimension: bool = True) -> bytes:
        if self.baris_ada != self.baris_terbaca:
            raise BarisTakTerbaca(self.baris_ada, self.baris_terbaca)
        if dimension:
            d = self.child("dimension")
            if d is not None:
                d.set("ref", self._cheap_dimension(d.get("ref", "A1")))
        parts: list[str] = []
        for r in self.row_numbers():
            if r in self._rows:
                attrs, cells = self._rows[r]
                if not cells and set(attrs) <= {"r"}:
                    continue
                body = "".join(cells[c] for c in sorted(cells))
                parts.append(f"<row{_attr_str(attrs)}>{body}</row>" if body else f"<row{_attr_str(attrs)}/>")
            else:
                parts.append(self._raw[r])
        p = self.prefix
        skeleton = xml_bytes(self.root).decode("utf-8")
        marker = f"<{p}sheetData/>"
        i = skeleton.index(marker)
        data = f"<{p}sheetData>{''.join(parts)}</{p}sheetData>" if parts else marker
        return (skeleton[:i] + data + skeleton[i + len(marker) :]).encode("utf-8")

    def _cheap_dimension(self, old: str) -> str:
        """Union of the edited rows' extent with the rows left raw (whose extent the old ref covers)."""
        rows = self.row_numbers()
        if not rows:
            return "A1"
        c1 = c2 = None
        if self._raw:
            try:
                oc1, _, oc2, _ = parse_range(old)
                c1, c2 = oc1, oc2
            except ValueError:
                pass
        for _, cells in self._rows.values():
            if cells:
                c1 = min(cells) if c1 is None else min(c1, min(cells))
                c2 = max(cells) if c2 is None else max(c2, max(cells))
        live = [r for r in rows if r in self._raw or self._rows[r][1]]
        if not live or c1 is None:
            return "A1"
        return f"{kolom_huruf(c1)}{min(live)}:{kolom_huruf(c2)}{max(live)}"

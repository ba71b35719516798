"""Native DrawingML charts (bar and line) and the drawing part that anchors them.

Charts reference cell ranges on their own sheet, so Excel and LibreOffice
redraw them from the cells; a cache of the values is included so viewers
that do not recalculate still show the figures.
"""

from __future__ import annotations

from typing import Any

from kinerja_xl.gateway.base import Grafik
from kinerja_xl.gateway.xlsx_sheet import kolom_huruf, parse_range, split_ref
from kinerja_xl.xml_teks import escape_attr, escape_text

EMU_CM = 360000
EMU_COL_DEFAULT = 609600  # 8.43 characters = 64 px
EMU_ROW = 190500  # 15 pt = 20 px
_NS_C = "http://schemas.openxmlformats.org/drawingml/2006/chart"
_NS_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
_NS_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_NS_XDR = "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing"
_WARNA_DEFAULT = ("1F4E79", "ED7D31", "A5A5A5", "FFC000", "5B9BD5", "70AD47")


def _abs_range(sheet: str, rng: str) -> str:
    c1, r1, c2, r2 = parse_range(rng)
    name = "'" + sheet.replace("'", "''") + "'"
    a = f"${kolom_huruf(c1)}${r1}"
    b = f"${kolom_huruf(c2)}${r2}"
    return f"{name}!{a}" if a == b else f"{name}!{a}:{b}"


def _cells_of(rng: str) -> list[str]:
    c1, r1, c2, r2 = parse_range(rng)
    return [f"{kolom_huruf(c)}{r}" for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)]


def _num(v: Any) -> str | None:
    try:
        f = float(v)
    except (TypeError, ValueError):
        return None
    return None if f != f else repr(f)


def _title(text: str, size: int = 1400) -> str:
    return (
        f'<c:title><c:tx><c:rich><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz="{size}" b="1"/></a:pPr>'
        f'<a:r><a:rPr lang="id-ID" sz="{size}" b="1"/><a:t>{escape_text(text)}</a:t></a:r></a:p></c:rich></c:tx>'
        '<c:overlay val="0"/></c:title>'
    )


def _seri_xml(g: Grafik, i: int, nama: str, rng: str, sheet: str, cells: dict[str, Any], kategori: str) -> str:
    """One series: its colour, the category reference (with ``kategori`` as cache) and its values."""
    warna = (g.warna[i] if i < len(g.warna) else _WARNA_DEFAULT[i % len(_WARNA_DEFAULT)]).lstrip("#").upper()
    vals = _cells_of(rng)
    pts = "".join(
        f'<c:pt idx="{j}"><c:v>{n}</c:v></c:pt>' for j, a in enumerate(vals) if (n := _num(cells.get(a))) is not None
    )
    if g.jenis == "line":
        sp = (
            f'<c:spPr><a:ln w="28575" cap="rnd"><a:solidFill><a:srgbClr val="{warna}"/></a:solidFill>'
            "<a:round/></a:ln></c:spPr>"
            f'<c:marker><c:symbol val="circle"/><c:size val="5"/><c:spPr><a:solidFill><a:srgbClr val="{warna}"/>'
            "</a:solidFill></c:spPr></c:marker>"
        )
    else:
        sp = f'<c:spPr><a:solidFill><a:srgbClr val="{warna}"/></a:solidFill></c:spPr><c:invertIfNegative val="0"/>'
    return (
        f'<c:ser><c:idx val="{i}"/><c:order val="{i}"/><c:tx><c:v>{escape_text(nama)}</c:v></c:tx>{sp}'
        f"<c:cat><c:strRef><c:f>{escape_text(_abs_range(sheet, g.kategori))}</c:f><c:strCache>{kategori}"
        f"</c:strCache></c:strRef></c:cat>"
        f"<c:val><c:numRef><c:f>{escape_text(_abs_range(sheet, rng))}</c:f><c:numCache><c:formatCode>General"
        f'</c:formatCode><c:ptCount val="{len(vals)}"/>{pts}</c:numCache></c:numRef></c:val>'
        + ('<c:smooth val="0"/>' if g.jenis == "line" else "")
        + "</c:ser>"
    )


def _plot_xml(g: Grafik, series: str) -> str:
    ax = '<c:axId val="50010001"/><c:axId val="50010002"/>'
    if g.jenis == "line":
        return (
            f'<c:lineChart><c:grouping val="standard"/><c:varyColors val="0"/>{series}<c:marker '
            f'val="1"/>{ax}</c:lineChart>'
        )
    if g.jenis == "bar":
        grouping = "stacked" if g.bertumpuk else "clustered"
        overlap = '<c:overlap val="100"/>' if g.bertumpuk else ""
        return (
            f'<c:barChart><c:barDir val="col"/><c:grouping val="{grouping}"/><c:varyColors val="0"/>'
            f'{series}<c:gapWidth val="150"/>{overlap}{ax}</c:barChart>'
        )
    raise ValueError(f"jenis grafik tidak dikenal: {g.jenis}")


def _sumbu_xml(g: Grafik) -> str:
    y_title = _title(g.judul_sumbu_y, 1000) if g.judul_sumbu_y else ""
    val_min = f'<c:min val="{g.sumbu_min:g}"/>' if g.sumbu_min is not None else ""
    return (
        '<c:catAx><c:axId val="50010001"/><c:scaling><c:orientation val="minMax"/></c:scaling><c:delete val="0"/>'
        '<c:axPos val="b"/><c:numFmt formatCode="General" sourceLinked="1"/><c:majorTickMark val="out"/>'
        '<c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/><c:crossAx val="50010002"/><c:crosses '
        'val="autoZero"/>'
        '<c:auto val="1"/><c:lblAlgn val="ctr"/><c:lblOffset val="100"/><c:noMultiLvlLbl val="0"/></c:catAx>'
        f'<c:valAx><c:axId val="50010002"/><c:scaling><c:orientation val="minMax"/>{val_min}</c:scaling><c:delete '
        'val="0"/>'
        f'<c:axPos val="l"/><c:majorGridlines/>{y_title}<c:numFmt formatCode="{escape_attr(g.format_sumbu)}" '
        'sourceLinked="0"/>'
        '<c:majorTickMark val="out"/><c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/>'
        f'<c:crossAx val="50010001"/><c:crosses val="autoZero"/><c:crossBetween val="between"/></c:valAx>'
    )


def chart_xml(g: Grafik, sheet: str, cells: dict[str, Any]) -> bytes:
    """The chartN.xml of one Grafik over ranges of ``sheet`` whose values are ``cells``."""
    cat_cells = _cells_of(g.kategori)
    kategori = f'<c:ptCount val="{len(cat_cells)}"/>' + "".join(
        f'<c:pt idx="{i}"><c:v>{escape_text(str(cells.get(a, "")))}</c:v></c:pt>' for i, a in enumerate(cat_cells)
    )
    series = "".join(_seri_xml(g, i, nama, rng, sheet, cells, kategori) for i, (nama, rng) in enumerate(g.seri))
    xml = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<c:chartSpace xmlns:c="{_NS_C}" xmlns:a="{_NS_A}" xmlns:r="{_NS_R}"><c:lang val="id-ID"/>'
        '<c:roundedCorners val="0"/>'
        f'<c:chart>{_title(g.judul)}<c:autoTitleDeleted val="0"/><c:plotArea><c:layout/>{_plot_xml(g, series)}'
        f"{_sumbu_xml(g)}</c:plotArea>"
        '<c:legend><c:legendPos val="b"/><c:overlay val="0"/></c:legend><c:plotVisOnly val="1"/>'
        '<c:dispBlanksAs val="gap"/></c:chart>'
        '<c:spPr><a:solidFill><a:schemeClr val="bg1"/></a:solidFill><a:ln><a:noFill/></a:ln></c:spPr>'
        '<c:printSettings><c:headerFooter/><c:pageMargins b="0.75" l="0.7" r="0.7" t="0.75" header="0.3" '
        'footer="0.3"/><c:pageSetup/></c:printSettings></c:chartSpace>'
    )
    return xml.encode("utf-8")


def _to_marker(start: int, length_emu: int, size_of) -> tuple[int, int]:
    """Walk cells from ``start`` (0-based) until ``length_emu`` is used up: (cell, offset)."""
    i = start
    left = length_emu
    while left >= size_of(i):
        left -= size_of(i)
        i += 1
    return i, left


def drawing_xml(grafik: list[Grafik], rids: list[str], lebar_kolom: dict[str, float]) -> bytes:
    """drawingN.xml anchoring each chart at its cell with its size in cm."""
    widths = {}
    for letters, w in lebar_kolom.items():
        widths[split_ref(letters + "1")[0] - 1] = int(round((w * 7 + 5) * 9525))

    def col_w(i: int) -> int:
        return widths.get(i, EMU_COL_DEFAULT)

    anchors = []
    for n, (g, rid) in enumerate(zip(grafik, rids, strict=False), start=1):
        c, r = split_ref(g.anchor)
        c0, r0 = c - 1, r - 1
        cx, cy = int(g.lebar_cm * EMU_CM), int(g.tinggi_cm * EMU_CM)
        c1, cof = _to_marker(c0, cx, col_w)
        r1, rof = _to_marker(r0, cy, lambda _i: EMU_ROW)
        anchors.append(
            '<xdr:twoCellAnchor editAs="oneCell">'
            f"<xdr:from><xdr:col>{c0}</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>{r0}</xdr:row><xdr:rowOff>0</xdr:rowOff>"
            f"</xdr:from><xdr:to><xdr:col>{c1}</xdr:col><xdr:colOff>{cof}</xdr:colOff><xdr:row>{r1}</xdr:row>"
            f"<xdr:rowOff>{rof}</xdr:rowOff></xdr:to>"
            f'<xdr:graphicFrame macro=""><xdr:nvGraphicFramePr><xdr:cNvPr id="{n + 1}" name="Grafik {n}" '
            f'descr="{escape_attr(g.judul)}"/><xdr:cNvGraphicFramePr/></xdr:nvGraphicFramePr>'
            '<xdr:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/></xdr:xfrm><a:graphic>'
            f'<a:graphicData uri="{_NS_C}"><c:chart xmlns:c="{_NS_C}" r:id="{rid}"/></a:graphicData></a:graphic>'
            "</xdr:graphicFrame><xdr:clientData/></xdr:twoCellAnchor>"
        )
    xml = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<xdr:wsDr xmlns:xdr="{_NS_XDR}" xmlns:a="{_NS_A}" xmlns:r="{_NS_R}">{"".join(anchors)}</xdr:wsDr>'
    )
    return xml.encode("utf-8")

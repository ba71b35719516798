"""Cell comments (commentsN.xml plus the legacy VML boxes Excel needs to show them)
and the record of the marks the tool made, so removing a mark restores the cell
exactly.

The record lives in a custom XML part (customXml/itemN.xml, linked from the
workbook): Excel keeps such parts when the user saves, so the next run can
still tell its own marks and comments from the user's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kinerja_xl.gateway.xlsx_package import NS_MAIN, parse_xml, tanpa_awalan
from kinerja_xl.gateway.xlsx_sheet import split_ref
from kinerja_xl.xml_teks import escape_attr, escape_text

NS_TANDA = "urn:kinerja-xl:tanda"
PENULIS = "kinerja_xl"
_Q = f"{{{NS_MAIN}}}"


@dataclass(frozen=True)
class CatatanTanda:
    """One marked cell: the style before the mark and the style the mark gave it."""

    lembar: str
    sel: str
    s_asli: int
    s_tanda: int


def record_xml(items: list[CatatanTanda]) -> bytes:
    rows = "".join(
        f'<sel lembar="{escape_attr(c.lembar)}" r="{c.sel}" s="{c.s_asli}" tanda="{c.s_tanda}"/>' for c in items
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<tandaKinerja xmlns="{NS_TANDA}">{rows}'
        "</tandaKinerja>"
    ).encode()


def parse_record(data: bytes) -> list[CatatanTanda]:
    root = parse_xml(data)
    return [
        CatatanTanda(e.get("lembar", ""), e.get("r", ""), int(e.get("s", "0")), int(e.get("tanda", "0")))
        for e in root.iter(f"{{{NS_TANDA}}}sel")
    ]


def is_record(data: bytes) -> bool:
    return NS_TANDA.encode() in data[:400]


def item_props_xml(guid: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n'
        f'<ds:datastoreItem ds:itemID="{guid}" '
        'xmlns:ds="http://schemas.openxmlformats.org/officeDocument/2006/customXml">'
        f'<ds:schemaRefs><ds:schemaRef ds:uri="{NS_TANDA}"/></ds:schemaRefs></ds:datastoreItem>'
    ).encode()


@dataclass
class Komentar:
    sel: str
    penulis: str
    body_xml: str  # inner XML of <text>, kept verbatim for the user's own comments


def parse_comments(data: bytes) -> list[Komentar]:
    root = parse_xml(tanpa_awalan(data))  # kept bodies are written back under the default namespace
    authors = [a.text or "" for a in root.iter(_Q + "author")]
    out = []
    for c in root.iter(_Q + "comment"):
        text = c.find(_Q + "text")
        inner = "".join(
            re.sub(r"\sxmlns(:\w+)?=\"[^\"]*\"", "", _tostr(ch)) for ch in (text if text is not None else [])
        )
        aid = int(c.get("authorId", "0"))
        out.append(Komentar(c.get("ref", ""), authors[aid] if aid < len(authors) else "", inner))
    return out


def _tostr(el) -> str:
    from lxml import etree

    return etree.tostring(el, encoding="unicode", with_tail=False)


def komentar_baru(sel: str, pesan: str) -> Komentar:
    body = (
        '<r><rPr><b/><sz val="9"/><color indexed="81"/><rFont val="Tahoma"/><family val="2"/></rPr>'
        f'<t xml:space="preserve">{PENULIS}:\n</t></r>'
        '<r><rPr><sz val="9"/><color indexed="81"/><rFont val="Tahoma"/><family val="2"/></rPr>'
        f'<t xml:space="preserve">{escape_text(pesan)}</t></r>'
    )
    return Komentar(sel, PENULIS, body)


def comments_xml(items: list[Komentar]) -> bytes:
    authors: list[str] = []
    for k in items:
        if k.penulis not in authors:
            authors.append(k.penulis)
    a = "".join(f"<author>{escape_text(x)}</author>" for x in authors)
    cl = "".join(
        f'<comment ref="{k.sel}" authorId="{authors.index(k.penulis)}"><text>{k.body_xml}</text></comment>'
        for k in items
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<comments xmlns="{NS_MAIN}">'
        f"<authors>{a}</authors><commentList>{cl}</commentList></comments>"
    ).encode()


BENTUK_PER_BLOK = 1023  # block n owns shape ids n*1024 .. n*1024+1023; Excel starts each block at +1


def blok_vml(jumlah: int) -> int:
    """How many 1,024-id blocks ``jumlah`` note shapes need (at least one)."""
    return max(1, -(-jumlah // BENTUK_PER_BLOK))


def vml_xml(
    sels: list[str], idmap: list[int], tetap: bytes = b"", idmap_tetap: set[int] | frozenset[int] = frozenset()
) -> bytes:
    """The hidden note boxes for the comments (Excel shows a comment only with one).

    Shape ids are taken block by block from ``idmap`` (see :func:`blok_vml`), and
    ``o:idmap`` lists every block, so ids never run into another drawing's block.
    ``tetap``: other shapes of the sheet's one legacy drawing (form-control buttons, see
    `bukan_catatan`), kept as they are, with the id blocks ``idmap_tetap`` they use.
    """
    if len(idmap) < blok_vml(len(sels)):
        raise ValueError(f"{len(sels)} shapes need {blok_vml(len(sels))} id blocks, got {len(idmap)}")
    shapes = []
    for n, sel in enumerate(sels, start=1):
        col, row = split_ref(sel)
        c0, r0 = col - 1, row - 1
        top = max(r0 - 1, 0)
        blok, ke = divmod(n - 1, BENTUK_PER_BLOK)
        shapes.append(
            f'<v:shape id="_x0000_s{idmap[blok] * 1024 + ke + 1}" type="#_x0000_t202" '
            'style="position:absolute;margin-left:59.25pt;margin-top:1.5pt;width:180pt;height:60pt;z-index:'
            f'{n};visibility:hidden" fillcolor="#ffffe1" o:insetmode="auto"><v:fill color2="#ffffe1"/>'
            '<v:shadow on="t" color="black" obscured="t"/><v:path o:connecttype="none"/>'
            '<v:textbox style="mso-direction-alt:auto"><div style="text-align:left"></div></v:textbox>'
            '<x:ClientData ObjectType="Note"><x:MoveWithCells/><x:SizeWithCells/>'
            f"<x:Anchor>{c0 + 1}, 15, {top}, 10, {c0 + 4}, 15, {top + 4}, 4</x:Anchor>"
            f"<x:AutoFill>False</x:AutoFill><x:Row>{r0}</x:Row><x:Column>{c0}</x:Column></x:ClientData></v:shape>"
        )
    return (
        '<xml xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" '
        'xmlns:x="urn:schemas-microsoft-com:office:excel">'
        f'<o:shapelayout v:ext="edit"><o:idmap v:ext="edit" data="{_daftar_id(idmap, idmap_tetap)}"/>'
        "</o:shapelayout>"
        '<v:shapetype id="_x0000_t202" coordsize="21600,21600" o:spt="202" path="m,l,21600r21600,l21600,xe">'
        '<v:stroke joinstyle="miter"/><v:path gradientshapeok="t" o:connecttype="rect"/></v:shapetype>'
        + tetap.decode("utf-8")
        + "".join(shapes)
        + "</xml>"
    ).encode("utf-8")


_IDMAP = re.compile(rb'<o:idmap[^>]*data="([\d,\s]+)"')


def _daftar_id(idmap: list[int], lain: set[int] | frozenset[int]) -> str:
    return ",".join(map(str, sorted({*idmap, *lain})))


_SHAPETYPE = re.compile(rb"<v:shapetype\b.*?</v:shapetype>", re.S)
_SHAPE = re.compile(rb"<v:shape\b.*?</v:shape>", re.S)
_ID_BENTUK = re.compile(rb'(?:\sid|o:spid)="_x0000_s(\d+)"')  # Excel's buttons: id="Button 1" o:spid=...


def bukan_catatan(vml: bytes) -> tuple[bytes, set[int]]:
    """What a legacy drawing holds besides comment boxes (a sheet's form-control buttons): their
    shapetypes and shapes, and its id blocks, so comments can share the sheet's one VML part."""
    shapes = [m.group(0) for m in _SHAPE.finditer(vml) if b'ObjectType="Note"' not in m.group(0)]
    if not shapes:
        return b"", set()
    types = [m.group(0) for m in _SHAPETYPE.finditer(vml) if b'id="_x0000_t202"' not in m.group(0)]
    # only the blocks the kept shapes use (shapes without a numbered id, as LibreOffice writes them,
    # use none): the old comment boxes' blocks are freed with them
    blok = {int(m.group(1)) // 1024 for sh in shapes for m in _ID_BENTUK.finditer(sh.split(b">", 1)[0])}
    return b"".join(types + shapes), blok


def idmaps_in(vml: bytes) -> set[int]:
    out: set[int] = set()
    for m in _IDMAP.finditer(vml):
        out.update(int(x) for x in re.split(rb"[,\s]+", m.group(1)) if x)
    return out

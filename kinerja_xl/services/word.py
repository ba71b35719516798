"""Word export of the narrative: an A4 document ready to paste into the LKj.

Headings, paragraphs and the two tables (pengukuran kinerja, realisasi
anggaran) with repeated header rows and fixed column widths that add up to the
text width, so no table runs past the right margin in Word or LibreOffice.
Table rows are built as one XML fragment: python-docx's per-cell API is far
too slow for a budget table of a few thousand lines.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

import pandas as pd
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Pt, RGBColor

from kinerja_xl.narasi.susun import KOLOM_ANGGARAN, KOLOM_PENGUKURAN, Naskah
from kinerja_xl.xml_teks import escape_text

HURUF = "Times New Roman"
UKURAN = 12
UKURAN_TABEL = 9
HALAMAN = (Cm(21), Cm(29.7))  # A4
MARGIN = {"left": Cm(3), "right": Cm(2), "top": Cm(2), "bottom": Cm(2)}
LEBAR_TEKS_CM = 21 - 3 - 2

# Column widths (cm) of each table; each set sums to LEBAR_TEKS_CM.
LEBAR_PENGUKURAN = (0.8, 3.0, 3.6, 1.6, 1.6, 1.8, 1.8, 1.8)
LEBAR_ANGGARAN = (3.0, 4.6, 3.0, 3.0, 2.4)
_RATA_KANAN_PENGUKURAN = {"Target", "Realisasi", "Capaian"}
_RATA_KANAN_ANGGARAN = {"Pagu (Rp)", "Realisasi (Rp)", "Penyerapan"}
_TWIP_PER_CM = 1440 / 2.54  # exact: a twip is 1/1440 inch


def _atur_gaya(doc: Document) -> None:
    normal = doc.styles["Normal"]
    normal.font.name = HURUF
    normal.font.size = Pt(UKURAN)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), HURUF)
    pf = normal.paragraph_format
    pf.space_after = Pt(6)
    pf.line_spacing = 1.15
    for nama, ukuran in (("Heading 1", 14), ("Heading 2", 12), ("Heading 3", 12), ("Title", 14)):
        st = doc.styles[nama]
        st.font.name = HURUF
        st.font.size = Pt(ukuran)
        st.font.bold = True
        st.font.italic = False
        st.font.color.rgb = RGBColor(0, 0, 0)
        rfonts = st.element.get_or_add_rPr().get_or_add_rFonts()
        for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
            rfonts.set(qn(attr), HURUF)
        for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            if rfonts.get(qn(attr)) is not None:
                del rfonts.attrib[qn(attr)]
        st.paragraph_format.space_before = Pt(12)
        st.paragraph_format.space_after = Pt(6)
        st.paragraph_format.keep_with_next = True


def _zoom_sah(doc: Document) -> None:
    """python-docx's stock settings have <w:zoom w:val="bestFit"/> without the w:percent the schema requires."""
    zoom = doc.settings.element.find(qn("w:zoom"))
    if zoom is not None and zoom.get(qn("w:percent")) is None:
        zoom.set(qn("w:percent"), "100")


def _atur_halaman(doc: Document) -> None:
    for s in doc.sections:
        s.orientation = WD_ORIENT.PORTRAIT
        s.page_width, s.page_height = HALAMAN
        s.left_margin, s.right_margin = MARGIN["left"], MARGIN["right"]
        s.top_margin, s.bottom_margin = MARGIN["top"], MARGIN["bottom"]


def _sel(teks: str, lebar_cm: float, *, tebal: bool = False, kanan: bool = False, latar: str | None = None,
         indent_cm: float = 0.0) -> str:
    tcpr = f'<w:tcW w:w="{round(lebar_cm * _TWIP_PER_CM)}" w:type="dxa"/>'
    if latar:
        tcpr += f'<w:shd w:val="clear" w:color="auto" w:fill="{latar}"/>'
    ppr = '<w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/>'
    if indent_cm:
        ppr += f'<w:ind w:left="{round(indent_cm * _TWIP_PER_CM)}"/>'
    if kanan:
        ppr += '<w:jc w:val="right"/>'
    rpr = f'<w:rFonts w:ascii="{HURUF}" w:hAnsi="{HURUF}" w:cs="{HURUF}"/>'
    if tebal:
        rpr += "<w:b/>"
    rpr += f'<w:sz w:val="{UKURAN_TABEL * 2}"/><w:szCs w:val="{UKURAN_TABEL * 2}"/>'
    run = f'<w:r><w:rPr>{rpr}</w:rPr><w:t xml:space="preserve">{escape_text(teks)}</w:t></w:r>' if teks else ""
    return f"<w:tc><w:tcPr>{tcpr}</w:tcPr><w:p><w:pPr>{ppr}<w:rPr>{rpr}</w:rPr></w:pPr>{run}</w:p></w:tc>"


def _tabel_xml(df: pd.DataFrame, kolom: tuple[str, ...], lebar: tuple[float, ...], kanan: set[str]) -> str:
    """One w:tbl: fixed layout, grid borders, header row repeated on every page."""
    batas = "".join(
        f'<w:{s} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
        for s in ("top", "left", "bottom", "right", "insideH", "insideV")
    )
    twip = [round(w * _TWIP_PER_CM) for w in lebar]
    twip[-1] -= sum(twip) - round(sum(lebar) * _TWIP_PER_CM)  # rounding must not widen the table
    total = sum(twip)
    xml = [
        f"<w:tbl {nsdecls('w')}><w:tblPr><w:tblW w:w=\"{total}\" w:type=\"dxa\"/>"
        f'<w:jc w:val="left"/><w:tblInd w:w="0" w:type="dxa"/><w:tblBorders>{batas}</w:tblBorders>'
        '<w:tblLayout w:type="fixed"/>'
        '<w:tblCellMar><w:left w:w="57" w:type="dxa"/><w:right w:w="57" w:type="dxa"/></w:tblCellMar>'
        '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" w:noHBand="0" w:noVBand="1"/>'
        "</w:tblPr><w:tblGrid>"
        + "".join(f'<w:gridCol w:w="{w}"/>' for w in twip)
        + "</w:tblGrid>"
    ]
    xml.append('<w:tr><w:trPr><w:tblHeader/><w:cantSplit/></w:trPr>')
    xml.extend(_sel(k, w, tebal=True, latar="D9D9D9") for k, w in zip(kolom, lebar))
    xml.append("</w:tr>")
    kedalaman = df["_kedalaman"].tolist() if "_kedalaman" in df else [0] * len(df)
    for values, dalam in zip(df[list(kolom)].itertuples(index=False, name=None), kedalaman):
        tebal = dalam in (-1, 0) and "_kedalaman" in df
        xml.append("<w:tr><w:trPr><w:cantSplit/></w:trPr>")
        for i, (k, v, w) in enumerate(zip(kolom, values, lebar)):
            indent = 0.15 * max(0, int(dalam)) if (i == 0 and "_kedalaman" in df) else 0.0
            xml.append(_sel("" if v is None else str(v), w, tebal=tebal, kanan=k in kanan, indent_cm=indent))
        xml.append("</w:tr>")
    xml.append("</w:tbl>")
    return "".join(xml)


def tambah_tabel(doc: Any, df: pd.DataFrame, kolom: tuple[str, ...], lebar_cm: tuple[float, ...],
                 kanan: set[str] = frozenset()) -> None:
    """Append a printed table to ``doc`` as one XML fragment (python-docx's cell API is
    quadratic in the rows: a lampiran of a few hundred indikator took seconds)."""
    tabel = parse_xml(_tabel_xml(df, kolom, lebar_cm, set(kanan)))
    body = doc.element.body
    sect = body.find(qn("w:sectPr"))
    if sect is not None:
        sect.addprevious(tabel)
    else:
        body.append(tabel)


def _paragraf_xml(teks: str, gaya: str | None = None, *, jc: str | None = None, kiri_cm: float = 0.0,
                  baris_pertama_cm: float = 0.0, tebal: bool = False, bersama_berikut: bool = False) -> str:
    ppr = f'<w:pStyle w:val="{gaya}"/>' if gaya else ""
    if bersama_berikut:
        ppr += "<w:keepNext/>"
    if kiri_cm or baris_pertama_cm:
        ppr += (f'<w:ind w:left="{round(kiri_cm * _TWIP_PER_CM)}" '
                f'w:firstLine="{round(baris_pertama_cm * _TWIP_PER_CM)}"/>')
    if jc:
        ppr += f'<w:jc w:val="{jc}"/>'
    rpr = "<w:rPr><w:b/></w:rPr>" if tebal else ""
    run = f'<w:r>{rpr}<w:t xml:space="preserve">{escape_text(teks)}</w:t></w:r>' if teks else ""
    return f"<w:p><w:pPr>{ppr}</w:pPr>{run}</w:p>"


def tulis_docx(naskah: Naskah, path: Path | str, lampiran: Callable[[Any], None] | None = None) -> Path:
    """Write the narrative as a .docx (A4, 3/2/2/2 cm margins, Times New Roman 12).

    ``lampiran`` appends further pages (the PK forms per unit) after the narrative.

    The body is built as one XML fragment and parsed once: python-docx's
    add_paragraph looks the style up on every call, which dominates the run
    time for a satker with thousands of budget lines.
    """
    path = Path(path)
    doc = Document()
    _zoom_sah(doc)
    _atur_gaya(doc)
    _atur_halaman(doc)
    gid = {n: doc.styles[n].style_id for n in ("Heading 1", "Heading 2", "Heading 3", "Title")}
    xml = [_paragraf_xml(naskah.judul, gid["Title"], jc="center")]
    for b in naskah.blok:
        if b.gaya == "judul1":
            xml.append(_paragraf_xml(b.teks, gid["Heading 1"], jc="center"))
        elif b.gaya == "judul2":
            xml.append(_paragraf_xml(b.teks, gid["Heading 2"]))
        elif b.gaya == "judul3":
            xml.append(_paragraf_xml(b.teks, gid["Heading 3"]))
        elif b.gaya in ("tabel_pengukuran", "tabel_anggaran"):
            xml.append(_paragraf_xml(b.teks, jc="center", tebal=True, bersama_berikut=True))
            if b.gaya == "tabel_pengukuran":
                xml.append(_tabel_xml(naskah.tabel_pengukuran, KOLOM_PENGUKURAN, LEBAR_PENGUKURAN,
                                      _RATA_KANAN_PENGUKURAN))
            else:
                xml.append(_tabel_xml(naskah.tabel_anggaran, KOLOM_ANGGARAN, LEBAR_ANGGARAN, _RATA_KANAN_ANGGARAN))
            xml.append(_paragraf_xml(""))  # Word needs a paragraph between a table and what follows
        elif b.indent:
            xml.append(_paragraf_xml(b.teks, jc="both", kiri_cm=0.75 * min(b.indent, 3)))
        else:
            xml.append(_paragraf_xml(b.teks, jc="both", baris_pertama_cm=1.25))
    badan = parse_xml(f"<w:body {nsdecls('w')}>{''.join(xml)}</w:body>")
    body = doc.element.body
    for el in list(body):
        if el.tag != qn("w:sectPr"):
            body.remove(el)
    sect = body.find(qn("w:sectPr"))
    for el in list(badan):
        sect.addprevious(el)
    if lampiran is not None:
        lampiran(doc)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    doc.save(str(tmp))
    tmp.replace(path)
    return path


__all__ = ["tulis_docx", "tambah_tabel", "LEBAR_ANGGARAN", "LEBAR_PENGUKURAN", "LEBAR_TEKS_CM"]

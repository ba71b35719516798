"""Word export of the LKj: an A4 document a secretariat can sign and send.

Headings in Word's Heading styles (navigation pane, TOC), a Daftar Isi and a
Daftar Tabel as TOC fields marked for update, captions numbered by SEQ fields,
the satker in the page header and the page number in the footer, placeholders
highlighted, and tables with repeated header rows, rows that never split, and
fixed column widths that add up to the text width, so no table runs past the
right margin in Word or LibreOffice. The body is built as XML fragments:
python-docx's per-paragraph and per-cell API is far too slow for a budget table
of a few thousand lines.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Pt, RGBColor

from kinerja_xl.narasi.dokumen import POLA_PENANDA, TabelDokumen
from kinerja_xl.narasi.susun import KOLOM_ANGGARAN, KOLOM_PENGUKURAN, Naskah, Paragraf
from kinerja_xl.xml_teks import escape_text

HURUF = "Times New Roman"
UKURAN = 12
UKURAN_TABEL = 9
HALAMAN = (Cm(21), Cm(29.7))  # A4
MARGIN = {"left": Cm(3), "right": Cm(2), "top": Cm(2), "bottom": Cm(2)}
LEBAR_TEKS_CM = 21 - 3 - 2
LEBAR_TEKS_LANSKAP_CM = 29.7 - 3 - 2  # Naskah.lanskap (the RKT)

# Column widths (cm) of each table; each set sums to LEBAR_TEKS_CM.
LEBAR_PENGUKURAN = (0.8, 3.0, 3.6, 1.6, 1.6, 1.8, 1.8, 1.8)
LEBAR_ANGGARAN = (3.4, 4.6, 2.9, 2.9, 2.2)
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


def _atur_halaman(doc: Document, lanskap: bool = False) -> None:
    for s in doc.sections:
        s.orientation = WD_ORIENT.LANDSCAPE if lanskap else WD_ORIENT.PORTRAIT
        s.page_width, s.page_height = HALAMAN[::-1] if lanskap else HALAMAN
        s.left_margin, s.right_margin = MARGIN["left"], MARGIN["right"]
        s.top_margin, s.bottom_margin = MARGIN["top"], MARGIN["bottom"]


def _sel(
    teks: str,
    lebar_cm: float,
    *,
    tebal: bool = False,
    kanan: bool = False,
    latar: str | None = None,
    indent_cm: float = 0.0,
    ukuran: int = UKURAN_TABEL,
) -> str:
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
    rpr += f'<w:sz w:val="{ukuran * 2}"/><w:szCs w:val="{ukuran * 2}"/>'
    run = f'<w:r><w:rPr>{rpr}</w:rPr><w:t xml:space="preserve">{escape_text(teks)}</w:t></w:r>' if teks else ""
    return f"<w:tc><w:tcPr>{tcpr}</w:tcPr><w:p><w:pPr>{ppr}<w:rPr>{rpr}</w:rPr></w:pPr>{run}</w:p></w:tc>"


def _tabel_xml(
    df: pd.DataFrame,
    kolom: tuple[str, ...],
    lebar: tuple[float, ...],
    kanan: set[str] | frozenset[str],
    ukuran: int = UKURAN_TABEL,
) -> str:
    """One w:tbl: fixed layout, grid borders, header row repeated on every page."""
    batas = "".join(
        f'<w:{s} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
        for s in ("top", "left", "bottom", "right", "insideH", "insideV")
    )
    twip = [round(w * _TWIP_PER_CM) for w in lebar]
    twip[-1] -= sum(twip) - round(sum(lebar) * _TWIP_PER_CM)  # rounding must not widen the table
    total = sum(twip)
    xml = [
        f'<w:tbl {nsdecls("w")}><w:tblPr><w:tblW w:w="{total}" w:type="dxa"/>'
        f'<w:jc w:val="left"/><w:tblInd w:w="0" w:type="dxa"/><w:tblBorders>{batas}</w:tblBorders>'
        '<w:tblLayout w:type="fixed"/>'
        '<w:tblCellMar><w:left w:w="57" w:type="dxa"/><w:right w:w="57" w:type="dxa"/></w:tblCellMar>'
        '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" w:noHBand="0" '
        'w:noVBand="1"/>'
        "</w:tblPr><w:tblGrid>" + "".join(f'<w:gridCol w:w="{w}"/>' for w in twip) + "</w:tblGrid>"
    ]
    xml.append("<w:tr><w:trPr><w:tblHeader/><w:cantSplit/></w:trPr>")
    xml.extend(_sel(k, w, tebal=True, latar="D9D9D9", ukuran=ukuran) for k, w in zip(kolom, lebar, strict=True))
    xml.append("</w:tr>")
    kedalaman = df["_kedalaman"].tolist() if "_kedalaman" in df else [0] * len(df)
    for values, dalam in zip(df[list(kolom)].itertuples(index=False, name=None), kedalaman, strict=True):
        tebal = dalam in (-1, 0) and "_kedalaman" in df
        xml.append("<w:tr><w:trPr><w:cantSplit/></w:trPr>")
        for i, (k, v, w) in enumerate(zip(kolom, values, lebar, strict=True)):
            indent = 0.15 * max(0, int(dalam)) if (i == 0 and "_kedalaman" in df) else 0.0
            xml.append(
                _sel("" if v is None else str(v), w, tebal=tebal, kanan=k in kanan, indent_cm=indent, ukuran=ukuran)
            )
        xml.append("</w:tr>")
    xml.append("</w:tbl>")
    return "".join(xml)


def tambah_tabel(
    doc: Any, df: pd.DataFrame, kolom: tuple[str, ...], lebar_cm: tuple[float, ...], kanan: set[str] = frozenset()
) -> None:
    """Append a printed table to ``doc`` as one XML fragment (python-docx's cell API is
    quadratic in the rows: a lampiran of a few hundred indikator took seconds)."""
    tabel = parse_xml(_tabel_xml(df, kolom, lebar_cm, set(kanan)))
    body = doc.element.body
    sect = body.find(qn("w:sectPr"))
    if sect is not None:
        sect.addprevious(tabel)
    else:
        body.append(tabel)


def _runs_xml(teks: str, rpr: str = "") -> str:
    """Runs of one paragraph; every placeholder ("[isi ...]") is its own highlighted run."""
    out, awal = [], 0
    for m in POLA_PENANDA.finditer(teks):
        if m.start() > awal:
            out.append(f'<w:r>{rpr}<w:t xml:space="preserve">{escape_text(teks[awal : m.start()])}</w:t></w:r>')
        tanda = rpr.replace("</w:rPr>", "") if rpr else "<w:rPr>"
        out.append(
            f'<w:r>{tanda}<w:highlight w:val="yellow"/></w:rPr>'
            f'<w:t xml:space="preserve">{escape_text(m.group())}</w:t></w:r>'
        )
        awal = m.end()
    if awal < len(teks):
        out.append(f'<w:r>{rpr}<w:t xml:space="preserve">{escape_text(teks[awal:])}</w:t></w:r>')
    return "".join(out)


def _paragraf_xml(
    teks: str,
    gaya: str | None = None,
    *,
    jc: str | None = None,
    kiri_cm: float = 0.0,
    baris_pertama_cm: float = 0.0,
    tebal: bool = False,
    bersama_berikut: bool = False,
    halaman_baru: bool = False,
    ukuran: int | None = None,
) -> str:
    ppr = f'<w:pStyle w:val="{gaya}"/>' if gaya else ""
    if bersama_berikut:
        ppr += "<w:keepNext/>"
    if halaman_baru:
        ppr += "<w:pageBreakBefore/>"
    if kiri_cm or baris_pertama_cm:
        ppr += (
            f'<w:ind w:left="{round(kiri_cm * _TWIP_PER_CM)}" w:firstLine="{round(baris_pertama_cm * _TWIP_PER_CM)}"/>'
        )
    if jc:
        ppr += f'<w:jc w:val="{jc}"/>'
    rpr = ("<w:b/>" if tebal else "") + (f'<w:sz w:val="{ukuran * 2}"/>' if ukuran else "")
    return f"<w:p><w:pPr>{ppr}</w:pPr>{_runs_xml(teks, f'<w:rPr>{rpr}</w:rPr>' if rpr else '')}</w:p>"


def _field_xml(instr: str, hasil: str = "", *, kotor: bool = True) -> str:
    """A complex field (TOC, SEQ, PAGE): begin, instruction, separate, cached result, end."""
    dirty = ' w:dirty="true"' if kotor else ""
    return (
        f'<w:r><w:fldChar w:fldCharType="begin"{dirty}/></w:r>'
        f'<w:r><w:instrText xml:space="preserve"> {escape_text(instr)} </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        f'<w:r><w:t xml:space="preserve">{escape_text(hasil)}</w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )


_PETUNJUK_DAFTAR = "Perbarui daftar ini: klik kanan, Perbarui Bidang (Update Field)."


class _Penulis:
    """Turns the blocks of a Naskah into body XML, flushing to the document where python-docx
    must do the work itself (the cover's picture, the PK forms)."""

    def __init__(self, doc: Any, naskah: Naskah, lampiran: Callable[[Any], None] | None) -> None:
        self.doc, self.naskah, self.lampiran = doc, naskah, lampiran
        self.gid = {n: doc.styles[n].style_id for n in ("Heading 1", "Heading 2", "Heading 3", "Title", "Caption")}
        self.xml: list[str] = []
        self.nomor_tabel = 0
        self.halaman_baru = False

    def flush(self) -> None:
        if not self.xml:
            return
        badan = parse_xml(f"<w:body {nsdecls('w')}>{''.join(self.xml)}</w:body>")
        sect = self.doc.element.body.find(qn("w:sectPr"))
        for el in list(badan):
            sect.addprevious(el)
        self.xml = []

    def _p(self, teks: str, gaya: str | None = None, **kw: Any) -> None:
        self.xml.append(_paragraf_xml(teks, gaya, halaman_baru=self.halaman_baru, **kw))
        self.halaman_baru = False

    def blok(self, b: Paragraf) -> None:
        gaya = b.gaya
        if gaya == "halaman_baru":
            self.halaman_baru = True
        elif gaya in ("judul1", "judul2", "judul3"):
            nama = {"judul1": "Heading 1", "judul2": "Heading 2", "judul3": "Heading 3"}[gaya]
            self._p(b.teks, self.gid[nama], jc="center" if gaya == "judul1" else None)
        elif gaya == "judul_daftar":  # Daftar Isi/Tabel: looks like a chapter, stays out of the TOC
            self._p(b.teks, jc="center", tebal=True, ukuran=14)
        elif gaya in ("daftar_isi", "daftar_tabel"):
            instr = 'TOC \\o "1-3" \\h \\z \\u' if gaya == "daftar_isi" else 'TOC \\h \\z \\c "Tabel"'
            self.xml.append(f"<w:p>{_field_xml(instr, _PETUNJUK_DAFTAR)}</w:p>")
        elif gaya == "sampul":
            self._sampul()
        elif gaya == "ttd":
            for baris in b.teks.split("\n"):
                self._p(baris, kiri_cm=9.0)
        elif gaya == "lampiran_pk":
            self.flush()
            if self.naskah.lampiran_pk:
                from kinerja_xl.services.dokumen_pk import tambah_halaman_pk

                tambah_halaman_pk(self.doc, self.naskah.lampiran_pk, lanjut_halaman=True)
        elif gaya == "tabel":
            self._tabel(self.naskah.tabel[b.kode])
        elif gaya in ("tabel_pengukuran", "tabel_anggaran"):
            self._tabel(_tabel_naskah(self.naskah, b))
        elif b.indent:
            self._p(b.teks, jc="both", kiri_cm=0.75 * min(b.indent, 3))
        else:
            self._p(b.teks, jc="both", baris_pertama_cm=1.25)

    def _tabel(self, t: TabelDokumen) -> None:
        self.nomor_tabel += 1
        seq = _field_xml("SEQ Tabel \\* ARABIC", str(self.nomor_tabel), kotor=False)
        self.xml.append(
            f'<w:p><w:pPr><w:pStyle w:val="{self.gid["Caption"]}"/><w:keepNext/><w:jc w:val="center"/></w:pPr>'
            f'<w:r><w:t xml:space="preserve">Tabel </w:t></w:r>{seq}'
            f'<w:r><w:t xml:space="preserve">. {escape_text(t.judul)}</w:t></w:r></w:p>'
        )
        self.xml.append(_tabel_xml(t.data, t.kolom, t.lebar, t.kanan, t.ukuran))
        self.xml.append(_paragraf_xml(""))  # Word needs a paragraph between a table and what follows

    def _sampul(self) -> None:
        from docx.enum.text import WD_ALIGN_PARAGRAPH

        sampul = self.naskah.sampul
        if sampul is None:
            return
        self.flush()
        baris = [x for x in sampul.baris if x]
        for teks in baris[:2]:
            judul = self.doc.add_paragraph()
            judul.alignment = WD_ALIGN_PARAGRAPH.CENTER
            run = judul.add_run(teks)
            run.bold = True
            run.font.size = Pt(20)
        p = self.doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.paragraph_format.space_before = Pt(96)
        p.paragraph_format.space_after = Pt(96)
        if sampul.logo:
            import io

            p.add_run().add_picture(io.BytesIO(sampul.logo), width=Cm(5))
        for teks in baris[2:]:
            q = self.doc.add_paragraph()
            q.alignment = WD_ALIGN_PARAGRAPH.CENTER
            run = q.add_run(teks)
            run.bold = True
            run.font.size = Pt(14)


def _tabel_naskah(naskah: Naskah, b: Paragraf) -> TabelDokumen:
    if b.gaya == "tabel_pengukuran":
        return TabelDokumen(
            b.teks, naskah.tabel_pengukuran, KOLOM_PENGUKURAN, LEBAR_PENGUKURAN, frozenset(_RATA_KANAN_PENGUKURAN)
        )
    return TabelDokumen(b.teks, naskah.tabel_anggaran, KOLOM_ANGGARAN, LEBAR_ANGGARAN, frozenset(_RATA_KANAN_ANGGARAN))


def _kepala_kaki(doc: Any, kepala: str, sampul: bool) -> None:
    """Satker in the header, the page number in the footer; none on the cover page."""
    s = doc.sections[0]
    s.different_first_page_header_footer = sampul
    if kepala:
        p = s.header.paragraphs[0]
        p.text = kepala
        p.alignment = 2  # right
        for r in p.runs:
            r.font.size = Pt(9)
            r.italic = True
    kaki = s.footer.paragraphs[0]
    kaki.alignment = 1  # center
    for el in parse_xml(f"<w:p {nsdecls('w')}>{_field_xml('PAGE', '1', kotor=False)}</w:p>"):
        kaki._p.append(el)


_SESUDAH_UPDATE_FIELDS = (
    "hdrShapeDefaults",
    "footnotePr",
    "endnotePr",
    "compat",
    "docVars",
    "rsids",
    "mathPr",
    "attachedSchema",
    "themeFontLang",
    "clrSchemeMapping",
    "doNotIncludeSubdocsInStats",
    "doNotAutoCompressPictures",
    "forceUpgrade",
    "captions",
    "readModeInkLockDown",
    "smartTagType",
    "schemaLibrary",
    "shapeDefaults",
    "doNotEmbedSmartTags",
    "decimalSymbol",
    "listSeparator",
)


def _perbarui_saat_dibuka(doc: Any) -> None:
    """w:updateFields: Word offers to update the TOC fields when the file is opened."""
    settings = doc.settings.element
    if settings.find(qn("w:updateFields")) is not None:
        return
    medan = parse_xml(f'<w:updateFields {nsdecls("w")} w:val="true"/>')
    # CT_Settings is a sequence: updateFields goes before the first of the elements that follow it.
    sesudah = next((el for el in settings if el.tag in {qn(f"w:{n}") for n in _SESUDAH_UPDATE_FIELDS}), None)
    if sesudah is not None:
        sesudah.addprevious(medan)
    else:
        settings.append(medan)


def tulis_docx(naskah: Naskah, path: Path | str, lampiran: Callable[[Any], None] | None = None) -> Path:
    """Write the document as a .docx (A4, 3/2/2/2 cm margins, Times New Roman 12); atomic.

    ``lampiran`` appends further pages after the body (used when the Naskah has no
    ``lampiran_pk`` block of its own).
    """
    path = Path(path)
    doc = Document()
    _zoom_sah(doc)
    _atur_gaya(doc)
    _atur_halaman(doc, naskah.lanskap)
    body = doc.element.body
    for el in list(body):
        if el.tag != qn("w:sectPr"):
            body.remove(el)
    penulis = _Penulis(doc, naskah, lampiran)
    if naskah.sampul is None:
        penulis._p(naskah.judul, penulis.gid["Title"], jc="center")
    for b in naskah.blok:
        penulis.blok(b)
    penulis.flush()
    if lampiran is not None:
        lampiran(doc)
    _kepala_kaki(doc, naskah.kepala, naskah.sampul is not None)
    if any(b.gaya in ("daftar_isi", "daftar_tabel") for b in naskah.blok):
        _perbarui_saat_dibuka(doc)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    doc.save(str(tmp))
    tmp.replace(path)
    return path


__all__ = ["tulis_docx", "tambah_tabel", "LEBAR_ANGGARAN", "LEBAR_PENGUKURAN", "LEBAR_TEKS_CM", "LEBAR_TEKS_LANSKAP_CM"]

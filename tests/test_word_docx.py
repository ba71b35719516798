"""The Word export: opens with python-docx, A4 with government margins, tables that fit the page."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import numpy as np
import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Cm

from kinerja_xl.contoh import satker_contoh
from kinerja_xl.gateway.recording import RecordingGateway
from kinerja_xl.libreoffice import konversi
from kinerja_xl.narasi.lkj import URUTAN_BAGIAN
from kinerja_xl.narasi.susun import KOLOM_ANGGARAN, KOLOM_PENGUKURAN
from kinerja_xl.services.narasi import narasi
from kinerja_xl.services.word import LEBAR_TEKS_CM
from kinerja_xl.template import contract as c

PT_PER_CM = 72 / 2.54


@pytest.fixture(scope="module")
def dokumen(tmp_path_factory) -> tuple[Path, RecordingGateway]:
    out = tmp_path_factory.mktemp("docx") / "narasi.docx"
    g = RecordingGateway(satker_contoh())
    narasi(g, docx=out)
    return out, g


def test_docx_terbuka_a4_dengan_margin(dokumen):
    path, _ = dokumen
    doc = Document(str(path))
    s = doc.sections[0]
    assert abs(s.page_width - Cm(21)) < Cm(0.01) and abs(s.page_height - Cm(29.7)) < Cm(0.01)
    assert abs(s.left_margin - Cm(3)) < Cm(0.01)
    for m in (s.right_margin, s.top_margin, s.bottom_margin):
        assert abs(m - Cm(2)) < Cm(0.01)
    assert doc.styles["Normal"].font.name == "Times New Roman"
    assert doc.styles["Normal"].font.size.pt == 12


def test_docx_judul_paragraf_dan_tabel(dokumen):
    path, g = dokumen
    doc = Document(str(path))
    judul = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    # narasi --docx writes the whole LKj (issue 16): its chapters in PermenPAN-RB order
    bab = [j for j in judul if j in URUTAN_BAGIAN]
    assert bab == [j for j in URUTAN_BAGIAN if j not in ("DAFTAR ISI", "DAFTAR TABEL")]
    assert "A. Capaian Kinerja Organisasi" in judul and "B. Realisasi Anggaran" in judul
    teks = {p.text for p in doc.paragraphs}
    for par in g.tables[c.NARASI_TABLE.name]["Paragraf"]:
        assert par in teks  # the sheet and the document say the same thing
    # The two narrative tables come first; the PK forms per unit follow as appendix pages.
    kepala = {tuple(x.text for x in t.rows[0].cells): t for t in doc.tables}
    pengukuran, anggaran = kepala[KOLOM_PENGUKURAN], kepala[KOLOM_ANGGARAN]
    assert len(pengukuran.rows) == 1 + 8  # the satker's own PK: the Sekretariat's 8 indikator
    assert anggaran.rows[-1].cells[1].text == "Jumlah"
    for t in [t for t in doc.tables if t._tbl.tblPr.find(qn("w:tblBorders")) is not None]:  # not layout grids
        assert all(tr.trPr is not None and tr.trPr.find(qn("w:cantSplit")) is not None for tr in t._tbl.tr_lst)
        tr_pr = t.rows[0]._tr.trPr
        assert tr_pr is not None and tr_pr.find(qn("w:tblHeader")) is not None  # header repeats on each page
        lebar = [int(gc.get(qn("w:w"))) for gc in t._tbl.tblGrid.findall(qn("w:gridCol"))]
        assert sum(lebar) <= round(LEBAR_TEKS_CM * 567)
        assert t._tbl.tblPr.find(qn("w:tblLayout")).get(qn("w:type")) == "fixed"


def _kata_pdf(pdf: Path) -> list[tuple[int, float, float, float, float, str]]:
    html = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    hasil, halaman = [], 0
    for baris in html.splitlines():
        if "<page " in baris:
            halaman += 1
        m = re.search(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', baris)
        if m:
            hasil.append((halaman, *map(float, m.groups()[:4]), m.group(5)))
    return hasil


def _baca_pgm(path: Path) -> np.ndarray:
    data = path.read_bytes()
    parts = data.split(maxsplit=4)
    assert parts[0] == b"P5"
    w, h = int(parts[1]), int(parts[2])
    return np.frombuffer(parts[4][-w * h :], dtype=np.uint8).reshape(h, w)


@pytest.mark.libreoffice
def test_pdf_tabel_bertinta_dan_tidak_melewati_margin(dokumen, soffice, tmp_path):
    path, _ = dokumen
    pdf = konversi(path, "pdf", outdir=tmp_path)
    dpi = 40
    subprocess.run(["pdftoppm", "-gray", "-r", str(dpi), str(pdf), str(tmp_path / "hal")], check=True)
    halaman = sorted(tmp_path.glob("hal-*.pgm"))
    assert len(halaman) >= 3
    batas_kanan_cm = 21 - 2 + 0.25  # right margin, plus the cell padding LibreOffice draws outside the text
    for f in halaman:
        img = _baca_pgm(f)
        px_cm = img.shape[1] / 21.0
        assert img.shape[0] / img.shape[1] == pytest.approx(29.7 / 21, rel=0.02)  # A4 portrait
        kanan = img[:, int(batas_kanan_cm * px_cm) + 1 :]
        assert (kanan < 160).sum() == 0, f"tinta melewati margin kanan pada {f.name}"
    kata = _kata_pdf(pdf)
    assert max(x1 for _, _, _, x1, _, _ in kata) <= (21 - 2) * PT_PER_CM + 1
    # the table regions: from each header row down a few rows, between the margins, hold ink
    for kepala in ("Kategori", "Penyerapan"):
        hal, x0, y0, x1, y1, _ = next(k for k in kata if k[5] == kepala and k[1] > 15 * PT_PER_CM)
        img = _baca_pgm(halaman[hal - 1])
        px_pt = img.shape[1] / (21 * PT_PER_CM)
        atas, bawah = int(y0 * px_pt), int(min(y1 + 3 * PT_PER_CM, 27.7 * PT_PER_CM) * px_pt)
        kiri, kanan_ = int(3 * PT_PER_CM * px_pt), int(19 * PT_PER_CM * px_pt)
        wilayah = img[atas:bawah, kiri:kanan_]
        assert (wilayah < 128).mean() > 0.02, f"tabel dengan kolom {kepala} tidak tergambar"

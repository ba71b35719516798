"""Issue 9: the PK forms: who signs, the lampiran rows, the sheet layout, the Word page,
and (LibreOffice) each statement on one A4 page with its lampiran fitted to the page width."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest
from docx import Document

from kinerja_xl import api, contoh
from kinerja_xl.cli import isi_workbook
from kinerja_xl.gateway.file import FileGateway
from kinerja_xl.gateway.recording import RecordingGateway
from kinerja_xl.libreoffice import konversi
from kinerja_xl.services.dokumen_pk import dokumen_pk, lembar_pk, tambah_halaman_pk
from kinerja_xl.services.hitung import nilai
from kinerja_xl.services.masukan import baca_masukan
from kinerja_xl.services.proses import proses
from kinerja_xl.template import contract as c

TABEL = contoh.satker_contoh()
PK = TABEL[c.PK_TABLE.name]
UNIT = TABEL[c.UNIT_TABLE.name].set_index("Kode Unit")
KONF = dict(zip(TABEL[c.KONFIGURASI_TABLE.name]["Kunci"], TABEL[c.KONFIGURASI_TABLE.name]["Nilai"], strict=False))


@pytest.fixture(scope="module")
def dokumen():
    return {d.unit.kode: d for d in dokumen_pk(nilai(baca_masukan(RecordingGateway(contoh.satker_contoh()))))}


def test_one_form_per_unit_with_the_right_signatories(dokumen):
    assert list(dokumen) == [k for k, _ in c.UNIT_BAWAAN]
    sek = dokumen["SEK"]
    assert (sek.pertama.nama, sek.pertama.nip) == (KONF[c.Kunci.NAMA_SEKRETARIS], KONF[c.Kunci.NIP_SEKRETARIS])
    assert sek.pertama.jabatan == "Sekretaris KPU Kota Contoh"
    assert (sek.kedua.nama, sek.kedua.jabatan, sek.kedua.nip) == (KONF[c.Kunci.NAMA_KETUA], "Ketua KPU Kota Contoh", "")
    kul = dokumen["KUL"]
    assert (kul.pertama.nama, kul.pertama.nip) == (UNIT.loc["KUL", "Pejabat"], UNIT.loc["KUL", "NIP"])
    assert kul.pertama.jabatan == "Kepala Subbagian Keuangan, Umum dan Logistik"
    assert kul.kedua == sek.pertama  # a subbagian signs with the Sekretaris
    assert (kul.tempat, kul.tanggal, kul.tahun) == ("Kota Contoh", "31 Januari 2025", "2025")
    assert kul.judul == [
        "PERJANJIAN KINERJA TAHUN 2025",
        "SUBBAGIAN KEUANGAN, UMUM DAN LOGISTIK",
        "SEKRETARIAT KPU KOTA CONTOH",
    ]
    assert sek.judul == ["PERJANJIAN KINERJA TAHUN 2025", "SEKRETARIAT KPU KOTA CONTOH"]


def test_lampiran_rows_are_the_units_pk_rows_in_order(dokumen):
    for kode, dok in dokumen.items():
        milik = PK[PK["Unit Kerja"].fillna(c.KODE_UNIT_SEKRETARIAT) == kode]
        assert [b[2] for b in dok.baris] == list(milik["Indikator Kinerja"]), kode
        assert [b[3] for b in dok.baris] == list(milik["Target"]), kode
        # a sasaran is numbered and named on its first row only
        nomor = [b[0] for b in dok.baris if b[0]]
        assert nomor == [str(i) for i in range(1, milik["Kode Sasaran"].nunique() + 1)], kode
        assert [b[1] for b in dok.baris if b[1]] == list(milik.drop_duplicates("Kode Sasaran")["Sasaran"]), kode
    assert sum(len(d.baris) for d in dokumen.values()) == len(PK)


def test_sheet_layout_statement_above_the_break_lampiran_below(dokumen):
    for kode, dok in dokumen.items():
        lb = lembar_pk(dok)
        assert lb.nama == f"PK {kode}" and lb.lebar_kolom == c.LEBAR_KOLOM_PK
        baris = {int(re.sub(r"^[A-Z]+", "", a)) for a in lb.cells}
        atas = [r for r in baris if r < c.BARIS_LAMPIRAN_PK]
        assert lb.cells["A1"] == "PERJANJIAN KINERJA TAHUN 2025" and lb.gaya["A1"] == "judul"
        assert lb.cells[f"A{c.BARIS_LAMPIRAN_PK}"] == "LAMPIRAN PERJANJIAN KINERJA TAHUN 2025"
        teks_atas = " ".join(str(lb.cells[a]) for a in lb.cells if int(re.sub(r"^[A-Z]+", "", a)) in atas)
        assert "Pihak Pertama," in teks_atas and "Pihak Kedua," in teks_atas and dok.pertama.nama in teks_atas
        assert f"NIP. {dok.kedua.nip}" in teks_atas if dok.kedua.nip else "NIP." in teks_atas
        for alamat, v in lb.cells.items():  # no text runs past its column (A: paragraph rows)
            kolom = re.match(r"[A-Z]+", alamat).group(0)
            if kolom != "A":
                assert len(str(v)) <= c.LEBAR_KOLOM_PK[kolom], (kode, alamat, v)
        # the lampiran table's header row, then one row per indikator line
        hdr = next(r for r in sorted(baris) if r > c.BARIS_LAMPIRAN_PK and lb.cells.get(f"A{r}") == "No")
        assert [lb.cells[f"{h}{hdr}"] for h in "ABCD"] == ["No", "Sasaran Strategis", "Indikator Kinerja", "Target"]


def test_removed_default_unit_gets_a_notice_sheet():
    t = contoh.satker_contoh()
    t[c.UNIT_TABLE.name] = t[c.UNIT_TABLE.name][t[c.UNIT_TABLE.name]["Kode Unit"] != "HSDM"].reset_index(drop=True)
    t[c.PK_TABLE.name].loc[t[c.PK_TABLE.name]["Unit Kerja"] == "HSDM", "Unit Kerja"] = "SEK"
    g = RecordingGateway(t)
    proses(g)
    assert "tidak ada di tabel Unit Kerja" in g.lembar["PK HSDM"].cells["A1"]
    assert g.lembar["PK SEK"].cells["A1"] == "PERJANJIAN KINERJA TAHUN 2025"


def test_word_pages(dokumen, tmp_path):
    doc = Document()
    tambah_halaman_pk(doc, [dokumen["SEK"], dokumen["KUL"]])
    path = tmp_path / "pk.docx"
    doc.save(path)
    doc = Document(path)
    teks = "\n".join(p.text for p in doc.paragraphs)
    baris = teks.splitlines()
    assert (
        baris.count("PERJANJIAN KINERJA TAHUN 2025") == 2 and baris.count("LAMPIRAN PERJANJIAN KINERJA TAHUN 2025") == 2
    )
    assert "SUBBAGIAN KEUANGAN, UMUM DAN LOGISTIK" in teks
    # a page break before each lampiran and before the second form
    breaks = sum(1 for p in doc.paragraphs for r in p.runs if 'w:type="page"' in r._r.xml)
    assert breaks == 3
    s = doc.sections[-1]
    lebar = int(s.page_width - s.left_margin - s.right_margin)
    lampiran = [t for t in doc.tables if t.rows[0].cells[0].text == "No"]
    assert len(lampiran) == 2 and len(lampiran[1].rows) == 1 + len(dokumen["KUL"].baris)
    for t in lampiran:
        assert sum(cell.width for cell in t.rows[0].cells) == lebar
        assert [cell.text for cell in t.rows[0].cells] == ["No", "Sasaran Strategis", "Indikator Kinerja", "Target"]
    names = [cell.text for t in doc.tables for row in t.rows for cell in row.cells]
    assert any(dokumen["KUL"].pertama.nama in n for n in names)


# --- LibreOffice: print the filled sheets --------------------------------------------------


def _pdfinfo(pdf: Path) -> list[tuple[float, float]]:
    pdfinfo = shutil.which("pdfinfo")
    assert pdfinfo, "pdfinfo (poppler-utils) diperlukan"
    out = subprocess.run([pdfinfo, "-f", "1", "-l", "999", str(pdf)], capture_output=True, text=True, check=True).stdout
    return [(float(a), float(b)) for a, b in re.findall(r"^Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)", out, re.M)]


def _halaman(pdf: Path, i: int) -> str:
    return subprocess.run(
        [shutil.which("pdftotext"), "-layout", "-f", str(i), "-l", str(i), str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout


@pytest.fixture(scope="module")
def pdf_pk(tmp_path_factory, soffice) -> tuple[Path, list[str]]:
    folder = tmp_path_factory.mktemp("pk")
    wb_path = isi_workbook(folder / "contoh.xlsm", contoh.satker_contoh())
    api.proses(FileGateway(wb_path))
    # print only the PK sheets: a copy without the other sheets
    wb = openpyxl.load_workbook(wb_path)
    for nama in wb.sheetnames:
        if nama not in c.LEMBAR_PK_BAWAAN:
            del wb[nama]
    cetak = folder / "pk.xlsx"
    wb.save(cetak)
    return konversi(cetak, "pdf", outdir=folder), wb.sheetnames


@pytest.mark.libreoffice
def test_each_statement_one_a4_page_and_lampiran_fitted_to_width(pdf_pk):
    pdf, lembar = pdf_pk
    assert lembar == list(c.LEMBAR_PK_BAWAAN)
    ukuran = _pdfinfo(pdf)
    # every unit of the sample fits its lampiran on one page: statement + lampiran per unit
    assert len(ukuran) == 2 * len(lembar)
    for lebar, tinggi in ukuran:  # A4 portrait: the paper form (template/cetak.py)
        assert abs(lebar - 595.3) < 2 and abs(tinggi - 841.9) < 2
    dok = {d.unit.kode: d for d in dokumen_pk(nilai(baca_masukan(RecordingGateway(contoh.satker_contoh()))))}
    for n, (kode, _) in enumerate(c.UNIT_BAWAAN):
        d = dok[kode]
        pernyataan, lampiran = _halaman(pdf, 2 * n + 1), _halaman(pdf, 2 * n + 2)
        assert pernyataan.strip().startswith("PERJANJIAN KINERJA TAHUN 2025"), kode
        # the whole statement, down to both signatures, is on this one page
        for teks in (
            "pihak pertama",
            "Pihak Kedua,",
            "Pihak Pertama,",
            d.pertama.nama,
            d.kedua.nama,
            "pemberian penghargaan dan sanksi",
        ):
            assert teks in pernyataan, (kode, teks)
        assert "LAMPIRAN" not in pernyataan
        assert lampiran.strip().startswith("LAMPIRAN PERJANJIAN KINERJA TAHUN 2025"), kode
        # fitted to the width: the last column (Target) prints on the same page as No,
        # on the same line as its indikator, for the first and the last row
        kepala = next(line for line in lampiran.splitlines() if line.strip().startswith("No"))
        assert kepala.split()[-1] == "Target", kode
        for _, _, indikator, target in (d.baris[0], d.baris[-1]):
            awal = indikator[:30]
            baris = next(line for line in lampiran.splitlines() if awal in line)
            assert baris.rstrip().endswith(target), (kode, baris, target)
        assert d.pertama.nama in lampiran and d.kedua.nama in lampiran  # signed again under the table


def test_word_export_carries_a_pk_page_per_unit(tmp_path):
    """`kinerja-xl narasi --docx` appends the PK form of every unit after the narrative."""
    import docx

    from kinerja_xl.cli import isi_workbook
    from kinerja_xl.contoh import satker_contoh
    from kinerja_xl.gateway.file import FileGateway
    from kinerja_xl.services.narasi import narasi

    path = isi_workbook(tmp_path / "contoh.xlsm", satker_contoh())
    out = tmp_path / "lkj.docx"
    narasi(FileGateway(path), docx=out)
    teks = [p.text for p in docx.Document(str(out)).paragraphs]
    judul_pk = [t for t in teks if t.strip().upper().startswith("PERJANJIAN KINERJA")]
    assert len(judul_pk) >= 5  # the Sekretariat and the four subbagian
    assert teks.index(judul_pk[0]) > 10  # after the narrative, not instead of it

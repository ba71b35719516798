"""Every output sheet prints like the paper form: the processed sample and its export through LibreOffice.

One conversion per file (module fixtures): ``pdftotext -bbox`` of every page of an output sheet shows
the sheet's orientation (template/cetak.py), no text under 8 pt, no two text lines overlapping, and
no code name from the rule registry or the status vocabulary.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from kata_pdf import Kata, halaman

from kinerja_xl import contoh
from kinerja_xl.api import proses
from kinerja_xl.cli import isi_workbook
from kinerja_xl.domain.aturan import Jenis
from kinerja_xl.domain.kosakata import Status
from kinerja_xl.gateway.file import FileGateway
from kinerja_xl.libreoffice import konversi
from kinerja_xl.services.ekspor import ekspor
from kinerja_xl.template import contract as c
from kinerja_xl.template.cetak import UKURAN_TERKECIL, tata_cetak

pytestmark = pytest.mark.libreoffice

# The output sheets whose pages are checked; Log holds the tool's technical detail for the IT person.
KELUARAN = [s for s in c.OUTPUT_SHEETS if s != c.LOG]


def _lembar(kata: list[Kata], tinggi: float) -> str | None:
    """The sheet of a page: its footer names it (left, bottom); a PK form (no footer) by its heading."""
    if not kata:
        return None
    bawah = max(k[3] for k in kata)
    kaki = " ".join(k[4] for k in sorted(kata, key=lambda k: k[0]) if k[3] > tinggi - 60 and abs(k[3] - bawah) < 2)
    nama = re.sub(r"\s*Halaman \d+ dari \d+$", "", kaki).strip()
    if nama:
        return nama
    teks = " ".join(k[4] for k in kata[:6])
    return c.lembar_pk("SEK") if "PERJANJIAN KINERJA" in teks else None  # every PK form prints alike


def _tumpang(kata: list[Kata]) -> tuple[str, str] | None:
    """Two words of different lines whose boxes overlap (adjacent lines may touch by 2 points)."""
    urut = sorted(kata, key=lambda k: (k[1], k[0]))
    for i, a in enumerate(urut):
        for b in urut[i + 1 : i + 60]:
            if b[1] >= a[3] - 2:
                break
            if abs(a[1] - b[1]) > 1 and min(a[2], b[2]) - max(a[0], b[0]) > 0.5:
                return a[4], b[4]
    return None


def _periksa_pdf(pdf: Path) -> set[str]:
    """Check every output sheet's pages; return the sheets seen."""
    kode = [j.value for j in Jenis] + [s.value for s in Status if "_" in s.value]
    dilihat = set()
    for lebar, tinggi, kata in halaman(pdf):
        sheet = _lembar(kata, tinggi)
        if sheet not in KELUARAN and not (sheet or "").startswith(c.PREFIKS_LEMBAR_PK):
            continue
        dilihat.add(sheet)
        tata = tata_cetak(sheet)
        assert (lebar < tinggi) == tata.tegak, (sheet, "orientation")
        kecil = [k for k in kata if k[3] - k[1] < UKURAN_TERKECIL]
        assert not kecil, (sheet, kecil[:5])
        assert _tumpang(kata) is None, (sheet, _tumpang(kata))
        teks = " ".join(k[4] for k in kata)
        bocor = [k for k in kode if re.search(rf"\b{re.escape(k)}\b", teks)]
        assert not bocor, (sheet, bocor)
    return dilihat


@pytest.fixture(scope="module")
def contoh_diproses(tmp_path_factory, soffice) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("cetak_keluaran")
    path = isi_workbook(folder / "contoh.xlsm", contoh.satker_contoh())
    proses(FileGateway(path))
    hasil = ekspor(FileGateway(path), ke=folder / "ekspor", paksa="contoh berisi galat yang disengaja")
    return path, hasil.berkas


def test_the_export_prints_like_the_paper_form(contoh_diproses):
    _, berkas = contoh_diproses
    pdf = konversi(berkas, "pdf", outdir=berkas.parent / "pdf")
    dilihat = _periksa_pdf(pdf)
    assert {s for s in KELUARAN if not s.startswith(c.PREFIKS_LEMBAR_PK)} <= dilihat


def test_the_processed_workbook_prints_like_the_paper_form(contoh_diproses):
    path, _ = contoh_diproses
    pdf = konversi(path, "pdf", outdir=path.parent / "pdf_buku")
    dilihat = _periksa_pdf(pdf)
    assert {s for s in KELUARAN if not s.startswith(c.PREFIKS_LEMBAR_PK)} <= dilihat


def test_the_empty_template_prints_like_the_paper_form(tmp_path, soffice):
    """Before any run: the output sheets hold their titles and headers only, and print as their forms."""
    templat = tmp_path / "Template_LKj.xlsm"
    shutil.copyfile(Path(__file__).resolve().parents[1] / "workbook" / "Template_LKj.xlsm", templat)
    dilihat = _periksa_pdf(konversi(templat, "pdf", outdir=tmp_path / "pdf"))
    assert {c.CAPAIAN, c.ANGGARAN, c.VALIDASI, c.NARASI} <= dilihat, dilihat

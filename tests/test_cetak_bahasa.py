"""Issue 17: what is printed is for people — read through LibreOffice -> PDF -> ``pdftotext -bbox``.

The reading sheets (Petunjuk, Glosarium, Catatan Teknis) print A4 portrait at 8 pt or more with no two
lines overlapping; no code name of the rule registry appears anywhere in the printed template or in
the processed sample.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from kata_pdf import halaman

from kinerja_xl.domain.aturan import Jenis
from kinerja_xl.libreoffice import konversi
from kinerja_xl.template import contract as c
from kinerja_xl.template.build import JUDUL, bangun_template


def _lembar(kata: list[tuple[float, float, float, float, str]]) -> str | None:
    """The sheet whose title starts the page (words of the first line joined)."""
    if not kata:
        return None
    y0 = min(k[1] for k in kata)
    baris = " ".join(k[4] for k in sorted(kata, key=lambda k: k[0]) if abs(k[1] - y0) < 2)
    return next((s for s, j in JUDUL.items() if j == baris), None)


def _tanpa_kode(pdf: Path) -> None:
    teks = " ".join(k[4] for _, _, kata in halaman(pdf) for k in kata)
    bocor = [j.value for j in Jenis if re.search(rf"\b{re.escape(j.value)}\b", teks)]
    assert not bocor, bocor


@pytest.fixture(scope="module")
def pdf_template(tmp_path_factory, soffice) -> Path:
    folder = tmp_path_factory.mktemp("cetak")
    return konversi(bangun_template(folder / "Template_LKj.xlsm"), "pdf", outdir=folder / "pdf")


def test_reading_sheets_print_portrait_at_8pt_without_overlap(pdf_template: Path):
    dilihat = set()
    for lebar, tinggi, kata in halaman(pdf_template):
        sheet = _lembar(kata)
        if sheet not in (c.PETUNJUK, *c.LEMBAR_BACAAN):
            continue
        dilihat.add(sheet)
        assert lebar < tinggi, (sheet, "portrait")
        kecil = [k for k in kata if k[3] - k[1] < 8]
        assert not kecil, (sheet, kecil[:5])
        # no two words of different lines overlap: boxes that intersect horizontally never share height
        urut = sorted(kata, key=lambda k: (k[1], k[0]))
        for i, a in enumerate(urut):
            for b in urut[i + 1 : i + 40]:
                if b[1] >= a[3] - 2:  # word boxes of adjacent lines touch; a real overlap is more
                    break
                if abs(a[1] - b[1]) > 1 and min(a[2], b[2]) - max(a[0], b[0]) > 0.5:
                    pytest.fail(f"{sheet}: '{a[4]}' and '{b[4]}' overlap")
    assert dilihat == {c.PETUNJUK, *c.LEMBAR_BACAAN}


def test_no_registry_code_in_the_printed_template(pdf_template: Path):
    _tanpa_kode(pdf_template)


def test_no_registry_code_in_the_printed_processed_sample(tmp_path: Path, soffice):
    from typer.testing import CliRunner

    from kinerja_xl.cli import app

    hasil = CliRunner().invoke(app, ["demo", str(tmp_path / "demo")])
    assert hasil.exit_code == 0, hasil.output
    pdf = konversi(tmp_path / "demo" / "LKj_KPU_Kota_Contoh.xlsm", "pdf", outdir=tmp_path / "pdf")
    _tanpa_kode(pdf)

"""The one table of print layouts (template/cetak.py): readable when printed, and applied by the file door.

A workbook made with an older template (other page setup, other widths, a PK sheet of a unit added
later) prints as the table says after its next ``proses``: the file door applies the layout to
every output sheet it writes.
"""

from __future__ import annotations

import openpyxl
import pandas as pd
import pytest
from openpyxl.utils import column_index_from_string

from kinerja_xl import contoh
from kinerja_xl.api import proses
from kinerja_xl.cli import isi_workbook
from kinerja_xl.gateway.file import FileGateway
from kinerja_xl.template import contract as c
from kinerja_xl.template.cetak import (
    TATA_CETAK,
    UKURAN_TERKECIL,
    TataCetak,
    lebar_tersimpan,
    skala_efektif,
    tata_cetak,
)


def test_every_sheet_but_the_settings_has_a_layout():
    for sheet in c.SHEETS:
        assert (tata_cetak(sheet) is None) == (sheet == c.XLWINGS_CONF), sheet
    assert tata_cetak("PK XYZ") == tata_cetak(c.lembar_pk("SEK"))  # a unit added later prints as a PK form


@pytest.mark.parametrize("sheet", [s for s, t in TATA_CETAK.items() if t.lebar_kolom])
def test_each_page_width_prints_at_8pt_or_more(sheet):
    tata = TATA_CETAK[sheet]
    assert 11 * skala_efektif(tata) >= UKURAN_TERKECIL, sheet
    if tata.skala is not None:  # a fixed scale: each part between breaks fits its page at that scale
        assert skala_efektif(tata) == tata.skala / 100, sheet


def test_skala_efektif_cuts_at_the_column_breaks():
    lebar = {"A": 150, "B": 150}
    satu = TataCetak(lebar_kolom=lebar)
    dua = TataCetak(lebar_kolom=lebar, skala=90, putus_kolom=("B",))
    assert skala_efektif(satu) < 0.6  # 2 x 150 characters do not fit A4 landscape at 60 %
    assert skala_efektif(dua) == pytest.approx(0.9)  # one column a page width: the fixed scale holds
    assert skala_efektif(TataCetak(lebar_kolom=lebar, tersembunyi=("B",))) > skala_efektif(satu)


def test_stored_width_is_what_xlsxwriter_writes():
    assert lebar_tersimpan(4.3) == "5"
    assert float(lebar_tersimpan(10)) == pytest.approx(10.7109375)


@pytest.fixture(scope="module")
def lama(tmp_path_factory):
    """A processed sample whose output sheets had another page setup (an older template), and a unit
    added after the template was made (its PK sheet is created by the file door)."""
    folder = tmp_path_factory.mktemp("tata_lama")
    tabel = contoh.satker_contoh()
    unit = tabel[c.UNIT_TABLE.name]
    tabel[c.UNIT_TABLE.name] = pd.concat(
        [unit, pd.DataFrame([{"Kode Unit": "HUKUM", "Nama Unit": "Subbagian Hukum"}])], ignore_index=True
    )
    path = isi_workbook(folder / "lama.xlsm", tabel)
    wb = openpyxl.load_workbook(path, keep_vba=True)
    for nama in (c.CAPAIAN, c.ANGGARAN, c.MATRIKS_RENCANA_AKSI, c.lembar_pk("SEK"), c.RINGKASAN, c.VALIDASI):
        ws = wb[nama]
        ws.page_setup.orientation = "portrait" if ws.page_setup.orientation == "landscape" else "landscape"
        ws.page_setup.scale = 40
        ws.print_title_rows = "1:2"
        ws.column_dimensions["C"].width = 99
        ws.col_breaks.brk = []
    wb.save(path)
    proses(FileGateway(path))
    return openpyxl.load_workbook(path)


@pytest.mark.parametrize(
    "nama", [c.CAPAIAN, c.ANGGARAN, c.MATRIKS_RENCANA_AKSI, c.lembar_pk("SEK"), c.lembar_pk("HUKUM"), c.VALIDASI]
)
def test_proses_gives_an_older_workbook_the_layout(lama, nama):
    ws = lama[nama]
    tata = tata_cetak(nama)
    assert ws.page_setup.orientation == ("portrait" if tata.tegak else "landscape"), nama
    assert str(ws.page_setup.paperSize) == "9"
    if tata.skala is None:
        assert ws.sheet_properties.pageSetUpPr.fitToPage and int(ws.page_setup.fitToHeight) == 0
    else:
        assert int(ws.page_setup.scale) == tata.skala
    judul = f"${tata.baris_judul[0]}:${tata.baris_judul[1]}" if tata.baris_judul else None
    assert ws.print_title_rows == judul, nama
    assert [b.id for b in ws.col_breaks.brk] == [column_index_from_string(h) - 1 for h in tata.putus_kolom]
    assert [b.id for b in ws.row_breaks.brk] == [r - 1 for r in tata.putus_baris]
    assert bool(ws.print_options.horizontalCentered) == tata.tengah
    for huruf, w in tata.lebar_kolom.items():
        d = ws.column_dimensions[huruf]
        assert d.width == pytest.approx(float(lebar_tersimpan(w)), abs=0.01), (nama, huruf)
        assert bool(d.hidden) == (huruf in tata.tersembunyi), (nama, huruf)


def test_ringkasan_title_no_longer_repeated(lama):
    assert lama[c.RINGKASAN].print_title_rows is None

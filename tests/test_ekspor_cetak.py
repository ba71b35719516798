"""The export is the finished report: every output sheet travels as the processed workbook shows and prints it.

For every output sheet the export equals the workbook after ``proses`` in values, number formats,
column widths and page setup (read back with openpyxl), and both follow the one table of print
layouts (template/cetak.py).
"""

from __future__ import annotations

import re
from pathlib import Path

import openpyxl
import pytest
from openpyxl.utils import column_index_from_string, range_boundaries

from kinerja_xl import contoh
from kinerja_xl.api import proses
from kinerja_xl.cli import isi_workbook
from kinerja_xl.domain import kanonik
from kinerja_xl.gateway.ekspor_xlsx import EksporXlsx
from kinerja_xl.gateway.file import FileGateway
from kinerja_xl.services.ekspor import ekspor
from kinerja_xl.services.periksa import periksa
from kinerja_xl.template import contract as c
from kinerja_xl.template.cetak import GAYA_TINGKAT, lebar_tersimpan, tata_cetak

# Log holds the workbook's own runs; the export holds its one export row: only its layout is compared.
LEMBAR_NILAI = [s for s in c.OUTPUT_SHEETS if s != c.LOG]


@pytest.fixture(scope="module")
def dua(tmp_path_factory) -> tuple[openpyxl.Workbook, openpyxl.Workbook, Path]:
    folder = tmp_path_factory.mktemp("ekspor_cetak")
    path = isi_workbook(folder / "contoh.xlsm", contoh.satker_contoh())
    proses(FileGateway(path))
    hasil = ekspor(FileGateway(path), ke=folder / "ekspor", paksa="contoh berisi galat yang disengaja")
    return openpyxl.load_workbook(path), openpyxl.load_workbook(hasil.berkas), hasil.berkas


def _tampak(v):
    """What a reader sees: a HYPERLINK formula (the workbook's Validasi Sel) reads as its label."""
    if isinstance(v, str) and v.startswith("=HYPERLINK("):
        m = re.search(r',\s*"([^"]*)"\s*\)\s*$', v)
        return m.group(1) if m else v
    return kanonik.nilai_kanonik(v)


def _sel(ws, rentang: str | None = None) -> dict[str, tuple[str, str]]:
    """(visible value, number format) of every non-empty cell in ``rentang`` (else the whole sheet)."""
    hasil = {}
    if rentang:
        k1, r1, k2, r2 = range_boundaries(rentang)
        baris = ws.iter_rows(min_row=r1, max_row=r2, min_col=k1, max_col=k2)
    else:
        baris = ws.iter_rows()
    for row in baris:
        for sel in row:
            if sel.value is not None and sel.value != "":
                hasil[sel.coordinate] = (_tampak(sel.value), sel.number_format)
    return hasil


def _tata(ws) -> dict:
    ps = ws.page_setup
    pr = ws.sheet_properties.pageSetUpPr
    return {
        "kertas": str(ps.paperSize),
        "arah": ps.orientation,
        "skala": None if ps.scale in (None, 100, "100") else int(ps.scale),
        "muat": bool(pr and pr.fitToPage),
        "lebar_halaman": int(ps.fitToWidth or 1),
        "tinggi_halaman": int(ps.fitToHeight if ps.fitToHeight is not None else 1),
        "judul": ws.print_title_rows,
        "area": ws.print_area,
        "putus_baris": [b.id for b in ws.row_breaks.brk],
        "putus_kolom": [b.id for b in ws.col_breaks.brk],
        "tengah": bool(ws.print_options.horizontalCentered),
        "margin": tuple(round(float(x), 2) for x in (ws.page_margins.left, ws.page_margins.right)),
    }


def _lebar(ws, huruf: list[str]) -> dict[str, tuple[float, bool]]:
    per_kolom = {}
    for d in ws.column_dimensions.values():
        if d.min is None:
            continue
        for i in range(d.min, d.max + 1):
            per_kolom[i] = (round(float(d.width or 0), 2), bool(d.hidden))
    return {h: per_kolom.get(column_index_from_string(h)) for h in huruf}


def test_every_output_sheet_travels(dua):
    wb, ek, _ = dua
    for nama in c.OUTPUT_SHEETS:
        assert nama in ek.sheetnames, nama


@pytest.mark.parametrize("nama", c.OUTPUT_SHEETS)
def test_page_setup_and_widths_equal_the_workbook_and_the_layout(dua, nama):
    wb, ek, _ = dua
    tata = tata_cetak(nama)
    assert tata is not None, nama
    a, b = wb[nama], ek[nama]
    assert _tata(a) == _tata(b), nama
    harap = {
        "arah": "portrait" if tata.tegak else "landscape",
        "skala": tata.skala,
        "muat": tata.skala is None,
        "judul": f"${tata.baris_judul[0]}:${tata.baris_judul[1]}" if tata.baris_judul else None,
    }
    assert {k: _tata(b)[k] for k in harap} == harap, nama
    huruf = list(tata.lebar_kolom)
    assert _lebar(a, huruf) == _lebar(b, huruf), nama
    for h, w in tata.lebar_kolom.items():
        assert _lebar(b, [h])[h] == (round(float(lebar_tersimpan(w)), 2), h in tata.tersembunyi), (nama, h)


@pytest.mark.parametrize("nama", LEMBAR_NILAI)
def test_values_and_number_formats_equal_the_workbook(dua, nama):
    wb, ek, _ = dua
    a, b = wb[nama], ek[nama]
    if a.tables:
        assert sorted(a.tables) == sorted(b.tables), nama
        for tabel in a.tables:
            ref_a, ref_b = a.tables[tabel].ref, b.tables[tabel].ref
            assert ref_a == ref_b, (nama, tabel)
            sa, sb = _sel(a, ref_a), _sel(b, ref_b)
            assert {k: v[0] for k, v in sa.items()} == {k: v[0] for k, v in sb.items()}, (nama, tabel)
            data = range_boundaries(ref_a)[1] + 1  # number formats of the data rows (headers differ in colour only)
            fa = {k: v[1] for k, v in sa.items() if int(re.sub(r"\D", "", k)) >= data}
            fb = {k: v[1] for k, v in sb.items() if int(re.sub(r"\D", "", k)) >= data}
            assert fa == fb, (nama, tabel)
    else:  # a form or the Ringkasan: every cell
        assert _sel(a) == _sel(b), nama


def test_ringkasan_prints_its_figures_and_charts_not_their_data(dua):
    wb, ek, _ = dua
    for buku in (wb, ek):
        area = buku[c.RINGKASAN].print_area
        assert area and area.startswith(f"'{c.RINGKASAN}'!$A$1:$G$"), area
        akhir = int(area.rsplit("$", 1)[1])
        data = [
            s.row
            for row in buku[c.RINGKASAN].iter_rows()
            for s in row
            if s.value == "Capaian per sasaran (data grafik)"
        ]
        assert data and data[0] > akhir  # the chart data sits below the printed part


def test_anggaran_levels_read_as_a_printed_budget(dua):
    """Upper levels bold and each level indented: in the export by cell format, in the workbook by the
    template's conditional formats over the Tingkat column (the same table, cetak.GAYA_TINGKAT)."""
    wb, ek, _ = dua
    ws = ek[c.ANGGARAN]
    kepala = {ws.cell(4, j).value: j for j in range(1, 10)}
    dilihat = set()
    for r in range(5, ws.max_row + 1):
        tingkat = ws.cell(r, kepala["Tingkat"]).value
        if tingkat is None:
            continue
        assert tingkat in GAYA_TINGKAT, tingkat  # "KRO", "RO", "Akun": never the code
        tebal, inden = GAYA_TINGKAT[tingkat]
        assert ws.cell(r, kepala["Kode"]).font.b == tebal, (r, tingkat)
        assert (ws.cell(r, kepala["Uraian"]).alignment.indent or 0) == inden, (r, tingkat)
        dilihat.add(tingkat)
    assert {"Program", "Kegiatan", "KRO", "RO", "Akun"} <= dilihat
    aturan = " ".join(r.formula[0] for cf in wb[c.ANGGARAN].conditional_formatting for r in cf.rules)
    for tingkat in GAYA_TINGKAT:
        assert f'="{tingkat}"' in aturan, tingkat


def _garis(ws) -> dict[str, str]:
    """Cell -> the sides with a border ("lrtb" letters) of every bordered cell."""
    hasil = {}
    for row in ws.iter_rows():
        for sel in row:
            b = sel.border
            sisi = "".join(h for h, s in (("l", b.left), ("r", b.right), ("t", b.top), ("b", b.bottom)) if s.style)
            if sisi:
                hasil[sel.coordinate] = sisi
    return hasil


@pytest.mark.parametrize("nama", [c.MATRIKS_RENCANA_AKSI, c.lembar_pk("SEK"), c.lembar_pk("KUL")])
def test_forms_print_bordered_tables_in_workbook_and_export(dua, nama):
    wb, ek, _ = dua
    a, b = _garis(wb[nama]), _garis(ek[nama])
    assert a == b, nama
    kepala = [k for k, v in a.items() if v == "lrtb"]
    assert len(kepala) >= 4, nama  # the header row boxed on every side
    assert sum(1 for v in a.values() if v == "lrt") > 4  # records closed above, each
    assert any(v == "t" for v in a.values())  # and the table closed below


def test_export_with_the_forms_is_still_intact(dua):
    _, _, berkas = dua
    h = periksa(EksporXlsx(berkas))
    assert h.utuh, h.pesan()

"""Anggaran's total row ("Jumlah"): Excel's table total row, written by every door with the engine's
totals and never read back as a budget line (the file door, the Excel door, the export and its readers)."""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl
import pytest
from fake_xlwings import book_dari_xlsx
from ooxml_conformance import cacat

from kinerja_xl import api
from kinerja_xl.cli import isi_workbook
from kinerja_xl.contoh import satker_contoh
from kinerja_xl.gateway.ekspor_xlsx import VERSI_FORMAT, EksporXlsx, KumpulanXlsx
from kinerja_xl.gateway.excel import ExcelGateway, _isi_tabel
from kinerja_xl.gateway.file import FileGateway
from kinerja_xl.services import hitung as hitung_service
from kinerja_xl.services.ekspor import ekspor
from kinerja_xl.services.periksa import periksa
from kinerja_xl.services.rekap import rekap
from kinerja_xl.template import contract as c

FIXTURES = Path(__file__).parent / "fixtures"
SPEC = c.ANGGARAN_TABLE
_TOTAL = ("Pagu", "Realisasi", "Sisa", "Penyerapan (%)")


@pytest.fixture(scope="module")
def diproses(tmp_path_factory) -> tuple[Path, hitung_service.Hasil]:
    path = isi_workbook(tmp_path_factory.mktemp("jumlah") / "contoh.xlsm", satker_contoh())
    hasil = api.proses(FileGateway(path))
    return path, hasil.hasil


def _harapan(hasil: hitung_service.Hasil) -> list:
    total = hasil.anggaran.total
    return [float(total[k]) for k in ("pagu", "realisasi", "sisa", "penyerapan")]


def _baris_total(path: Path) -> tuple[str, list, openpyxl.worksheet.worksheet.Worksheet]:
    ws = openpyxl.load_workbook(path)[SPEC.sheet]
    tabel = ws.tables[SPEC.name]
    awal, akhir = tabel.ref.split(":")
    r = ws[akhir].row
    sel = [ws.cell(r, ws[awal].column + j) for j in range(len(SPEC.headers))]
    return tabel.ref, sel, ws


def test_file_door_writes_the_engines_totals_below_the_rows(diproses):
    path, hasil = diproses
    ref, sel, ws = _baris_total(path)
    tabel = ws.tables[SPEC.name]
    assert tabel.totalsRowCount == 1
    nilai = dict(zip(SPEC.headers, (s.value for s in sel), strict=True))
    assert nilai["Uraian"] == c.JUMLAH and nilai["Kode"] is None and nilai["Tingkat"] is None
    assert [float(nilai[h]) for h in _TOTAL] == _harapan(hasil)
    assert all(s.font.b for s in sel if s.value is not None)
    assert sel[SPEC.headers.index("Pagu")].number_format == "#,##0"
    # the filter covers header and rows only; readers see every budget line and no total
    n = len(hasil.anggaran.baris)
    assert tabel.autoFilter.ref.split(":")[1] == f"I{c.BARIS_HEADER + n}"
    baca = FileGateway(path).baca_tabel(SPEC).data
    assert len(baca) == n and c.JUMLAH not in set(baca["Uraian"].dropna())
    assert cacat(path) == []


def test_a_shorter_budget_moves_the_total_row_up_and_leaves_nothing_below(diproses, tmp_path):
    path, hasil = diproses
    kecil = tmp_path / "kecil.xlsm"
    shutil.copyfile(path, kecil)
    gw = FileGateway(kecil)
    rows = hitung_service.baris_tabel(hasil.anggaran.baris.head(3), SPEC)
    gw.tulis_tabel(SPEC, rows, {"Pagu": 7, "Realisasi": 5, "Sisa": 2, "Penyerapan (%)": 71.43})
    gw.simpan()
    ref, sel, ws = _baris_total(kecil)
    assert ref == f"A{c.BARIS_HEADER}:I{c.BARIS_HEADER + 4}"
    assert [s.value for s in sel][4:] == [c.JUMLAH, 7, 5, 2, 71.43]
    below = [ws.cell(c.BARIS_HEADER + 5 + i, j).value for i in range(5) for j in range(1, 10)]
    assert below == [None] * 45
    assert len(FileGateway(kecil).baca_tabel(SPEC).data) == 3


def test_older_workbook_gains_the_total_row_at_its_next_run(tmp_path):
    """A schema-6 workbook processed without migrasi: its tblAnggaran had no total row; the file door
    adds Excel's (totalsRowCount, the label) and the file stays conformant."""
    path = tmp_path / "skema6.xlsm"
    shutil.copyfile(FIXTURES / "skema6_contoh.xlsm", path)
    assert not openpyxl.load_workbook(path)[SPEC.sheet].tables[SPEC.name].totalsRowCount
    hasil = api.proses(FileGateway(path)).hasil
    ref, sel, ws = _baris_total(path)
    assert ws.tables[SPEC.name].totalsRowCount == 1
    assert [float(s.value) for s in sel[5:]] == _harapan(hasil) and sel[4].value == c.JUMLAH
    assert len(FileGateway(path).baca_tabel(SPEC).data) == len(hasil.anggaran.baris)
    assert cacat(path) == []


def test_a_total_row_staff_added_to_an_input_table_moves_with_it(diproses, tmp_path):
    """Staff switched on Excel's total row on tblPagu with a SUBTOTAL: rewriting the table (an import) keeps
    the formula below the new rows, and no reader takes it for a budget line."""
    path, _ = diproses
    salinan = tmp_path / "total_staf.xlsm"
    shutil.copyfile(path, salinan)
    pagu = FileGateway(salinan).baca_tabel(c.PAGU_TABLE).data
    wb = openpyxl.load_workbook(salinan, keep_vba=True)
    ws = wb[c.PAGU]
    t = ws.tables[c.PAGU_TABLE.name]
    awal, akhir = t.ref.split(":")
    r = ws[akhir].row + 1
    kol = c.PAGU_TABLE.headers.index("Pagu") + 1
    ws.cell(r, kol).value = f"=SUBTOTAL(109,{c.PAGU_TABLE.name}[Pagu])"
    t.ref, t.totalsRowCount = f"{awal}:{akhir.rstrip('0123456789')}{r}", 1
    wb.save(salinan)
    gw = FileGateway(salinan)
    gw.tulis_tabel(c.PAGU_TABLE, pagu.head(5))
    gw.simpan()
    ws = openpyxl.load_workbook(salinan)[c.PAGU]
    t = ws.tables[c.PAGU_TABLE.name]
    akhir = ws[t.ref.split(":")[1]].row
    assert akhir == c.BARIS_HEADER + 6 and t.totalsRowCount == 1
    assert ws.cell(akhir, kol).value == f"=SUBTOTAL(109,{c.PAGU_TABLE.name}[Pagu])"
    assert len(FileGateway(salinan).baca_tabel(c.PAGU_TABLE).data) == 5


def test_excel_door_hides_the_total_row_to_resize_then_fills_it(diproses, tmp_path):
    """Through the recording fake: ListObject.Resize never runs with the total row shown, the total row
    holds the engine's totals, and reading the table gives the budget lines only."""
    path, hasil = diproses
    book = book_dari_xlsx(path)
    tbl = book.sheets.ambil(SPEC.sheet).tables._daftar[SPEC.name]
    assert tbl.show_totals
    gw = ExcelGateway(book)
    rows = hitung_service.baris_tabel(hasil.anggaran.baris.head(4), SPEC)
    gw.tulis_tabel(SPEC, rows, hitung_service.jumlah_tabel(hasil, SPEC))
    gw.simpan()
    assert tbl.show_totals and tbl.r2 == c.BARIS_HEADER + 5
    total = dict(zip(SPEC.headers, tbl.baris_total(), strict=True))
    assert total["Uraian"] == c.JUMLAH and [float(total[h]) for h in _TOTAL] == _harapan(hasil)
    baca = ExcelGateway(book).baca_tabel(SPEC).data
    assert len(baca) == 4 and list(baca["Kode"]) == list(rows["Kode"])


def test_excel_door_undo_brings_the_old_total_row_back(diproses):
    path, hasil = diproses
    book = book_dari_xlsx(path)
    tbl = book.sheets.ambil(SPEC.sheet).tables._daftar[SPEC.name]
    sebelum = (tbl.r2, tbl.baris_total(), len(tbl.baris()))
    total = [None, None, None, None, c.JUMLAH, 1, 1, 0, 100]
    undo = _isi_tabel(book.sheets.ambil(SPEC.sheet), tbl, SPEC.headers, [["x"] * 9], total)
    assert tbl.r2 == c.BARIS_HEADER + 2
    undo()
    assert (tbl.r2, tbl.baris_total(), len(tbl.baris())) == sebelum


@pytest.fixture(scope="module")
def berkas_ekspor(diproses, tmp_path_factory) -> Path:
    path, _ = diproses
    return ekspor(FileGateway(path), ke=tmp_path_factory.mktemp("ekspor"), paksa="uji baris jumlah").berkas


def test_export_carries_the_total_row_and_reads_intact(berkas_ekspor, diproses):
    _, hasil = diproses
    assert VERSI_FORMAT == "3"
    berkas = EksporXlsx(berkas_ekspor).baca()
    assert berkas.versi == "3" and len(berkas.tabel[SPEC.name]) == len(hasil.anggaran.baris)
    total = dict(zip(SPEC.headers, berkas.jumlah[SPEC.name], strict=True))
    assert total["Uraian"] == c.JUMLAH and [float(total[h]) for h in _TOTAL] == _harapan(hasil)
    h = periksa(EksporXlsx(berkas_ekspor))
    assert h.utuh, h.pesan()
    assert cacat(berkas_ekspor) == []


def test_a_row_typed_below_the_exported_total_is_still_caught(berkas_ekspor, tmp_path):
    salinan = tmp_path / berkas_ekspor.name
    shutil.copyfile(berkas_ekspor, salinan)
    wb = openpyxl.load_workbook(salinan)
    ws = wb[SPEC.sheet]
    akhir = ws[ws.tables[SPEC.name].ref.split(":")[1]].row
    ws.cell(akhir + 1, 1).value = "076.01.WA.9999"
    wb.save(salinan)
    masalah = EksporXlsx(salinan).baca().masalah
    assert [(m.jenis, m.sel) for m in masalah] == [("baris_ditambah", f"A{akhir + 1}")]


@pytest.mark.parametrize("versi", ["3", "2"])
def test_rekap_sums_budget_lines_never_the_total_row(berkas_ekspor, diproses, tmp_path, versi):
    """A format-3 export and a format-2 one (schema 6, no total row): both read, each satker's pagu the sum of
    its top-level (Program) lines, as the engine totals it."""
    _, hasil = diproses
    sumber = berkas_ekspor if versi == "3" else FIXTURES / "ekspor_v2_LKj_654987_2025.xlsx"
    h = periksa(EksporXlsx(sumber))
    assert h.utuh and h.metadata["Versi Format Ekspor"] == versi, h.pesan()
    folder = tmp_path / "kiriman"
    folder.mkdir()
    shutil.copyfile(sumber, folder / sumber.name)
    r = rekap(KumpulanXlsx([folder]), tmp_path / "Rekap.xlsx", pekerja=1)
    baris = EksporXlsx(sumber).baca().df(SPEC)
    program = baris[baris["Tingkat"] == "Program"]
    harapan = [(int(program["Pagu"].astype(float).sum()), int(program["Realisasi"].astype(float).sum()))]
    assert [(s.pagu, s.realisasi) for s in r.diterima] == harapan
    if versi == "3":
        assert harapan == [(hasil.anggaran.total["pagu"], hasil.anggaran.total["realisasi"])]

"""The Ringkasan's three charts: built once into the template over fixed data blocks (template/ringkasan.py).

The doors never draw or delete a chart of a current workbook: they write the blocks and hide the unused
rows and columns; an older schema's stale charts are removed with a finding that asks for `migrasi`.
"""

from __future__ import annotations

import posixpath
import re
import shutil
import zipfile
from pathlib import Path

import openpyxl
import pytest
from lxml import etree
from typer.testing import CliRunner

from kinerja_xl.api import proses
from kinerja_xl.cli import app, isi_workbook, template_bawaan
from kinerja_xl.contoh import satker_contoh, satker_sintetis
from kinerja_xl.gateway.excel import ExcelGateway
from kinerja_xl.gateway.file import FileGateway
from kinerja_xl.services.proses import proses as proses_layanan
from kinerja_xl.template import contract as c
from kinerja_xl.template import ringkasan as tr

runner = CliRunner()
_R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


def _rels(z: zipfile.ZipFile, part: str) -> dict[str, str]:
    """rId -> target part of ``part``'s relationships."""
    folder, nama = posixpath.split(part)
    path = f"{folder}/_rels/{nama}.rels"
    if path not in z.namelist():
        return {}
    akar = etree.fromstring(z.read(path))
    return {r.get("Id"): posixpath.normpath(posixpath.join(folder, r.get("Target"))).lstrip("/") for r in akar}


def _grafik(path: Path, lembar: str = c.RINGKASAN) -> dict[str, bytes]:
    """The chart parts drawn on ``lembar``, by part name."""
    with zipfile.ZipFile(path) as z:
        wb = etree.fromstring(z.read("xl/workbook.xml"))
        rid = next(s.get(_R) for s in wb.iter("{*}sheet") if s.get("name") == lembar)
        part = _rels(z, "xl/workbook.xml")[rid]
        sheet = etree.fromstring(z.read(part))
        hasil = {}
        for d in sheet.iter("{*}drawing"):
            dpart = _rels(z, part)[d.get(_R)]
            for target in _rels(z, dpart).values():
                if "/charts/" in target:
                    hasil[target] = z.read(target)
        return hasil


def _rujukan(chart: bytes) -> list[str]:
    """Every cell reference of a chart (series names, categories, values), without sheet and dollars."""
    return [re.sub(r"^.*!", "", f.text).replace("$", "") for f in etree.fromstring(chart).iter("{*}f")]


def _rujukan_spec(g) -> list[str]:
    hasil = []
    for nama, nilai in g.seri:
        if g.nama_dari_sel:
            hasil.append(nama)
        hasil += [g.kategori, nilai]
    return hasil


def test_template_has_the_three_charts_over_the_layout_blocks():
    grafik = _grafik(template_bawaan())
    assert len(grafik) == 3
    rujukan = sorted(_rujukan(x) for x in grafik.values())
    assert rujukan == sorted(_rujukan_spec(g) for g in tr.GRAFIK_RINGKASAN)
    semua = b"".join(grafik.values())
    assert semua.count(b'<c:plotVisOnly val="1"/>') == 3  # hidden rows and columns are not plotted
    # the sasaran chart: one series per kategori slot, named by its header cell, coloured by slot
    sasaran = next(x for x in grafik.values() if b"Capaian per Sasaran" in x)
    assert sasaran.count(b"<c:ser>") == tr.K_MAKS
    for warna in tr.WARNA_SLOT:
        assert warna.encode() in sasaran


def test_layout_keeps_hidden_rows_and_columns_off_the_printed_part():
    akhir_cetak = int(re.findall(r"\d+", tr.AREA_CETAK)[-1])
    assert tr.BLOK_SASARAN.judul > akhir_cetak
    assert tr.BLOK_SASARAN.akhir < tr.BLOK_PROGRAM.judul and tr.BLOK_PROGRAM.akhir < tr.BLOK_BULANAN.judul
    assert min(tr.KOLOM_KATEGORI) > "G" and len(tr.KOLOM_KATEGORI) == tr.K_MAKS
    atas = min(int(g.anchor[1:]) for g in tr.GRAFIK_RINGKASAN)
    assert tr.BARIS_KATEGORI + tr.K_MAKS <= atas  # the hidden kategori rows lie above every chart


def test_slots_keep_the_default_kategori_colours():
    bawaan = tr.slot_kategori([k for _, _, k in c.SKALA_DEFAULT])
    assert bawaan == {k: i for i, (_, _, k) in enumerate(c.SKALA_DEFAULT)}
    lain = tr.slot_kategori(["Baik", "Berhasil", "Buruk"])
    assert lain == {"Berhasil": 1, "Baik": 5, "Buruk": 6}
    assert len(tr.slot_kategori([f"K{i}" for i in range(tr.K_MAKS + 2)])) == tr.K_MAKS


@pytest.fixture(scope="module")
def diproses(tmp_path_factory) -> Path:
    path = isi_workbook(tmp_path_factory.mktemp("grafik") / "contoh.xlsm", satker_contoh())
    proses(FileGateway(path))
    return path


def test_processing_fills_the_blocks_hides_the_rest_and_keeps_the_charts(diproses: Path):
    assert _grafik(diproses) == _grafik(template_bawaan())  # the same chart parts, byte for byte
    ws = openpyxl.load_workbook(diproses)[c.RINGKASAN]
    tersembunyi = {r for r, d in ws.row_dimensions.items() if d.hidden}
    n_kategori = len(c.SKALA_DEFAULT)
    n_sasaran = sum(1 for r in range(tr.BLOK_SASARAN.awal, tr.BLOK_SASARAN.akhir + 1) if ws[f"A{r}"].value)
    n_program = sum(1 for r in range(tr.BLOK_PROGRAM.awal, tr.BLOK_PROGRAM.akhir + 1) if ws[f"A{r}"].value)
    assert 0 < n_sasaran < tr.MAKS_SASARAN and 0 < n_program < tr.MAKS_PROGRAM
    assert tersembunyi == (
        set(range(tr.BARIS_KATEGORI + n_kategori, tr.BARIS_KATEGORI + tr.K_MAKS))
        | set(range(tr.BLOK_SASARAN.awal + n_sasaran, tr.BLOK_SASARAN.akhir + 1))
        | set(range(tr.BLOK_PROGRAM.awal + n_program, tr.BLOK_PROGRAM.akhir + 1))
    )
    kolom = {h for h in tr.KOLOM_KATEGORI if ws.column_dimensions[h].hidden}
    assert kolom == set(tr.KOLOM_KATEGORI[n_kategori:])
    kepala = [ws[f"{h}{tr.BLOK_SASARAN.kepala}"].value for h in tr.KOLOM_KATEGORI[:n_kategori]]
    assert kepala == [k for _, _, k in c.SKALA_DEFAULT]
    assert [ws[f"A{tr.BLOK_BULANAN.awal + i}"].value for i in range(12)] == list(c.BULAN)


def test_export_draws_the_same_three_charts(diproses: Path, tmp_path: Path):
    res = runner.invoke(app, ["ekspor", str(diproses), "--ke", str(tmp_path), "--paksa", "uji grafik"])
    assert res.exit_code == 0, res.output
    ekspor = next(tmp_path.glob("*.xlsx"))
    grafik = _grafik(ekspor)
    assert sorted(_rujukan(x) for x in grafik.values()) == sorted(_rujukan_spec(g) for g in tr.GRAFIK_RINGKASAN)
    ws = openpyxl.load_workbook(ekspor)[c.RINGKASAN]
    asli = openpyxl.load_workbook(diproses)[c.RINGKASAN]
    assert {r for r, d in ws.row_dimensions.items() if d.hidden} == {
        r for r, d in asli.row_dimensions.items() if d.hidden
    }


def _proses_excel(tmp_path: Path, nama: str, tabel, sembunyi: set[int]):
    from fake_xlwings import book_dari_xlsx

    book = book_dari_xlsx(isi_workbook(tmp_path / nama, tabel))
    book.sheets.ambil(c.RINGKASAN).baris_tersembunyi.update(sembunyi)  # as an earlier run left it
    g = ExcelGateway(book)
    proses_layanan(g)
    g.simpan()
    return book, book.sheets.ambil(c.RINGKASAN)


def test_xlwings_door_shows_and_hides_block_rows_and_never_draws(tmp_path: Path):
    sasaran = set(range(tr.BLOK_SASARAN.awal, tr.BLOK_SASARAN.akhir + 1))
    book, sheet = _proses_excel(tmp_path, "contoh.xlsm", satker_contoh(), set())
    terlihat = len(sasaran - sheet.baris_tersembunyi)
    assert 0 < terlihat < tr.MAKS_SASARAN
    assert sheet.kolom_tersembunyi == {9 + i for i in range(len(c.SKALA_DEFAULT), tr.K_MAKS)}  # slots past 5
    # a satker with more sasaran, after a run that hid every sasaran row: the rows it needs show again
    book2, sheet2 = _proses_excel(tmp_path, "dua.xlsm", satker_sintetis(2, bersih=True), sasaran)
    assert terlihat < len(sasaran - sheet2.baris_tersembunyi) <= tr.MAKS_SASARAN
    for b in (book, book2):
        assert not [op for op in b.app.hitung.log if op.startswith(("charts.", "chart."))]


def _skema6_dengan_grafik_lama(tmp_path: Path) -> Path:
    """The schema-6 fixture with a chart on Ringkasan, as the old file door drew it after Proses Semua."""
    path = tmp_path / "skema6.xlsm"
    shutil.copyfile(Path(__file__).parent / "fixtures" / "skema6_contoh.xlsm", path)
    wb = openpyxl.load_workbook(path, keep_vba=True)
    ws = wb[c.RINGKASAN]
    grafik = openpyxl.chart.BarChart()
    grafik.add_data(openpyxl.chart.Reference(ws, min_col=2, min_row=30, max_row=40))
    ws.add_chart(grafik, "A20")
    wb.save(path)
    assert len(_grafik(path)) == 1
    return path


def test_older_schema_loses_its_stale_charts_with_a_finding_and_migrasi_brings_them_back(tmp_path: Path):
    path = _skema6_dengan_grafik_lama(tmp_path)
    hasil = proses(FileGateway(path))
    assert _grafik(path) == {}
    temuan = [t for t in hasil.laporan.temuan if t.jenis == "grafik_perlu_migrasi"]
    assert len(temuan) == 1 and "migrasi" in temuan[0].pesan
    res = runner.invoke(app, ["migrasi", str(path)])
    assert res.exit_code == 0, res.output
    proses(FileGateway(path))
    assert len(_grafik(path)) == 3


def test_xlwings_door_deletes_an_older_schemas_charts(tmp_path: Path):
    from fake_xlwings import book_dari_xlsx

    book = book_dari_xlsx(Path(__file__).parent / "fixtures" / "skema6_contoh.xlsm")
    book.sheets.ambil(c.RINGKASAN).charts.add()
    g = ExcelGateway(book)
    hasil = proses_layanan(g)
    g.simpan()
    assert len(book.sheets.ambil(c.RINGKASAN).charts) == 0
    assert any(t.jenis == "grafik_perlu_migrasi" for t in hasil.laporan.temuan)

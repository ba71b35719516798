"""The committed template, read back: sheets, tables, validation, formats, print setup,
protection, buttons, VBA, and that it is exactly what the sources build."""

from __future__ import annotations

import importlib
import re
import zipfile
from pathlib import Path, PurePosixPath
from xml.etree import ElementTree as ET

import openpyxl
import pytest
from oletools.olevba import VBA_Parser

from kinerja_xl.template import contract as c
from kinerja_xl.template.build import XLWINGS_CONF, bangun_template, nama_kode_lembar
from kinerja_xl.template.cetak import skala_efektif, tata_cetak

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE = ROOT / "workbook" / "Template_LKj.xlsm"
NS = {
    "m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "rel": "http://schemas.openxmlformats.org/package/2006/relationships",
}


@pytest.fixture(scope="module")
def wb():
    return openpyxl.load_workbook(TEMPLATE, keep_vba=True)


@pytest.fixture(scope="module")
def baru(tmp_path_factory) -> Path:
    return bangun_template(tmp_path_factory.mktemp("build") / "Template_LKj.xlsm")


def _kolom(spec: c.TableSpec) -> list[str]:
    return [k.header for k in c.kolom_template(spec)]


# --- the committed file is what the sources build ----------------------------------


def test_committed_template_is_not_stale(baru):
    """Fails when the sources changed and `make template` was not run (or the reverse)."""
    with zipfile.ZipFile(TEMPLATE) as lama, zipfile.ZipFile(baru) as kini:
        assert sorted(lama.namelist()) == sorted(kini.namelist())
        beda = [n for n in kini.namelist() if lama.read(n) != kini.read(n)]
    assert not beda, f"workbook/Template_LKj.xlsm basi; jalankan `make template`. Bagian berbeda: {beda}"


def test_build_is_deterministic(baru, tmp_path):
    kedua = bangun_template(tmp_path / "lagi.xlsm")
    assert kedua.read_bytes() == baru.read_bytes()


def test_build_refuses_non_xlsm(tmp_path):
    with pytest.raises(ValueError, match=r"\.xlsm"):
        bangun_template(tmp_path / "Template.xlsx")


# --- sheets and tables --------------------------------------------------------------


def test_sheets_in_contract_order_with_hidden_conf(wb):
    assert wb.sheetnames == list(c.SHEETS)
    assert wb.sheetnames.index(c.PAGU) < wb.sheetnames.index(c.REFERENSI) < wb.sheetnames.index(c.CAPAIAN)
    assert wb[c.XLWINGS_CONF].sheet_state == "hidden"
    assert all(wb[s].sheet_state == "visible" for s in c.SHEETS if s != c.XLWINGS_CONF)
    assert wb.active.title == c.PETUNJUK


@pytest.mark.parametrize("spec", c.TABLES, ids=lambda t: t.name)
def test_every_table_at_its_anchor_with_contract_headers(wb, spec):
    ws = wb[spec.sheet]
    tabel = ws.tables[spec.name]
    awal = tabel.ref.split(":")[0]
    assert awal == c.ANCHOR[spec.name]
    headers = [col.name for col in tabel.tableColumns]
    assert headers == _kolom(spec)
    row0, col0 = ws[awal].row, ws[awal].column
    assert [ws.cell(row0, col0 + j).value for j in range(len(headers))] == headers
    assert row0 == c.BARIS_HEADER
    assert tabel.tableStyleInfo.showRowStripes is True
    assert tabel.autoFilter is not None


@pytest.mark.parametrize("spec", c.OUTPUT_TABLES, ids=lambda t: t.name)
def test_output_tables_have_exactly_one_empty_styled_row(wb, spec):
    ws = wb[spec.sheet]
    tabel = ws.tables[spec.name]
    awal, akhir = (ws[x] for x in tabel.ref.split(":"))
    assert akhir.row == awal.row + 1 + bool(spec.kolom_jumlah)  # + the total row below the empty one
    assert (tabel.totalsRowCount or 0) == bool(spec.kolom_jumlah)
    for j, header in enumerate(_kolom(spec)):
        sel = ws.cell(awal.row + 1, awal.column + j)
        assert sel.value is None
        if header.endswith("(%)"):
            assert sel.number_format == "0.00", header
    if spec is c.ANGGARAN_TABLE:
        for header in ("Pagu", "Realisasi", "Sisa"):
            sel = ws.cell(awal.row + 1, awal.column + _kolom(spec).index(header))
            assert sel.number_format == "#,##0", header
            total = ws.cell(akhir.row, awal.column + _kolom(spec).index(header))
            assert total.number_format == "#,##0" and total.font.b, header
        label = ws.cell(akhir.row, awal.column + _kolom(spec).index("Uraian"))
        assert label.value == c.JUMLAH and label.font.b
        assert tabel.autoFilter.ref == f"{awal.coordinate}:{ws.cell(akhir.row - 1, akhir.column).coordinate}"


def test_side_by_side_tables_do_not_overlap(wb):
    for kiri, kanan in (
        (c.KONFIGURASI_TABLE, c.SKALA_TABLE),
        (c.CAPAIAN_TABLE, c.CAPAIAN_SASARAN_TABLE),
        (c.SKALA_TABLE, c.UNIT_TABLE),
        (c.CAPAIAN_UNIT_TABLE, c.NARASI_UNIT_TABLE),
    ):
        ws = wb[kiri.sheet]
        akhir_kiri = ws[ws.tables[kiri.name].ref.split(":")[1]].column
        awal_kanan = ws[ws.tables[kanan.name].ref.split(":")[0]].column
        assert awal_kanan >= akhir_kiri + 2, (kiri.name, kanan.name)
        assert ws[ws.tables[kiri.name].ref.split(":")[0]].row == ws[ws.tables[kanan.name].ref.split(":")[0]].row


def test_konfigurasi_keys_versi_skema_and_default_scale(wb):
    ws = wb[c.KONFIGURASI]
    row0 = c.BARIS_HEADER
    kunci = [ws.cell(row0 + 1 + i, 1).value for i in range(len(c.KUNCI_KONFIGURASI))]
    assert kunci == list(c.KUNCI_KONFIGURASI)
    nilai = {ws.cell(r, 1).value: ws.cell(r, 2).value for r in range(row0 + 1, row0 + 1 + len(kunci))}
    assert nilai[c.Kunci.VERSI_SKEMA] == c.VERSI_SKEMA
    assert ws.tables[c.KONFIGURASI_TABLE.name].ref == f"A4:C{row0 + len(kunci)}"  # C: the hidden mark column
    skala = ws.tables[c.SKALA_TABLE.name]
    rows = ws[skala.ref][1:]
    assert [tuple(cell.value for cell in r[:3]) for r in rows] == list(c.SKALA_DEFAULT)
    # half-open bands without gaps: each row's Batas Bawah is the next row's Batas Atas
    for (bawah, _, _), (_, atas_berikut, _) in zip(c.SKALA_DEFAULT, c.SKALA_DEFAULT[1:], strict=False):
        assert bawah == atas_berikut


# --- validation lists and text formats ----------------------------------------------


def _daftar(ws) -> dict[str, list[str]]:
    hasil = {}
    for dv in ws.data_validations.dataValidation:
        assert dv.type == "list"
        pilihan = dv.formula1.strip('"').split(",")
        for rng in str(dv.sqref).split():
            hasil[rng] = pilihan
    return hasil


def test_dropdowns_on_table_columns(wb):
    for nama, kolom in c.DAFTAR_PILIHAN.items():
        spec = c.table(nama)
        ws = wb[spec.sheet]
        daftar = _daftar(ws)
        col0 = ws[c.ANCHOR[nama]].column
        for header, pilihan in kolom.items():
            huruf = openpyxl.utils.get_column_letter(col0 + _kolom(spec).index(header))
            rng = next(r for r in daftar if r.startswith(f"{huruf}{c.BARIS_HEADER + 1}:"))
            assert int(rng.split(":")[1][len(huruf) :]) >= 5000
            assert daftar[rng] == list(pilihan), header
    # the lists the issue names
    assert set(c.DAFTAR_PILIHAN[c.PK_TABLE.name]) == {"Polaritas", "Akumulasi"}
    assert "Tidak Ada Kejadian" in c.DAFTAR_PILIHAN[c.REALISASI_TABLE.name]


def test_dropdowns_on_konfigurasi_values(wb):
    ws = wb[c.KONFIGURASI]
    daftar = _daftar(ws)
    for kunci, pilihan in c.PILIHAN_KONFIGURASI.items():
        row = c.BARIS_HEADER + 1 + c.KUNCI_KONFIGURASI.index(kunci)
        assert daftar[f"B{row}"] == list(pilihan), kunci
    assert {c.Kunci.TRIWULAN, c.Kunci.METODE_AGREGASI, c.Kunci.BASIS_REALISASI} <= set(c.PILIHAN_KONFIGURASI)


@pytest.mark.parametrize("spec", c.INPUT_TABLES, ids=lambda t: t.name)
def test_text_columns_are_text_formatted_unlocked_input(wb, spec):
    ws = wb[spec.sheet]
    awal = ws[c.ANCHOR[spec.name]]
    for j, k in enumerate(spec.columns):
        sel = ws.cell(awal.row + 1, awal.column + j)
        if k.teks:
            assert sel.number_format == "@", (spec.name, k.header)
        if spec is not c.KONFIGURASI_TABLE or k.header != "Kunci":
            assert sel.protection.locked is False, (spec.name, k.header)
            assert sel.fill.fgColor.rgb != wb[c.CAPAIAN]["A5"].fill.fgColor.rgb  # input styled apart


def test_target_realisasi_and_tw_columns_are_text(wb):
    for spec in (c.PK_TABLE, c.REALISASI_TABLE):
        for k in spec.columns:
            if k.header.startswith(("Target", "Realisasi")) and k.header != "Realisasi Tahun Lalu":
                assert k.teks, k.header
    test_text_columns_are_text_formatted_unlocked_input(wb, c.PK_TABLE)


def test_calculated_columns_carry_contract_formulas(wb):
    for nama, rumus in c.RUMUS.items():
        spec = c.table(nama)
        ws = wb[spec.sheet]
        tabel = ws.tables[nama]
        awal = ws[c.ANCHOR[nama]]
        for col in tabel.tableColumns:
            if col.name in rumus:
                assert "=" + col.calculatedColumnFormula.attr_text == rumus[col.name]
                sel = ws.cell(awal.row + 1, awal.column + _kolom(spec).index(col.name))
                assert sel.value == rumus[col.name]
                assert sel.number_format == ("#,##0" if col.name == "Sisa" else "0.00%")
        # full structured references, comma separators: no bare [@...] or ';'
        for f in rumus.values():
            assert "[@" not in f and ";" not in f
            assert f.startswith("=")
    assert c.RUMUS["tblPagu"]["Penyerapan"] == (
        '=IFERROR(tblPagu[[#This Row],[Realisasi]]/tblPagu[[#This Row],[Pagu]],"")'
    )


# --- look, print, protection --------------------------------------------------------


@pytest.mark.parametrize("sheet", [s for s in c.SHEETS if s != c.XLWINGS_CONF])
def test_print_setup_a4_landscape_fit_width_header_repeated(wb, sheet):
    ws = wb[sheet]
    assert ws.page_setup.paperSize in ("9", 9)
    tata = tata_cetak(sheet)
    assert ws.page_setup.orientation == ("portrait" if tata.tegak else "landscape")
    if tata.skala is not None:  # a sheet whose tables print on page widths of their own: manual breaks hold
        assert not ws.sheet_properties.pageSetUpPr or not ws.sheet_properties.pageSetUpPr.fitToPage
        assert int(ws.page_setup.scale) == tata.skala
        assert [b.id for b in ws.col_breaks.brk] == [
            openpyxl.utils.column_index_from_string(h) - 1 for h in tata.putus_kolom
        ]
        assert ws.print_title_rows == f"${c.BARIS_HEADER}:${c.BARIS_HEADER}"
        return
    assert ws.sheet_properties.pageSetUpPr.fitToPage is True
    assert ws.page_setup.fitToWidth in (None, 1, "1")  # 1 is the default, left out
    assert ws.page_setup.fitToHeight in (0, "0")
    if sheet in c.LEMBAR_PK_BAWAAN:
        # a signed form repeats nothing; its lampiran starts on a page of its own
        assert ws.print_title_rows is None
        assert [b.id for b in ws.row_breaks.brk] == [c.BARIS_LAMPIRAN_PK - 1]
        return
    if sheet == c.MATRIKS_RENCANA_AKSI:
        assert ws.print_title_rows == "$5:$5"  # the month header row of the matrix
        return
    if sheet in c.LEMBAR_BACAAN:
        return  # reading sheets: Glosarium repeats its table header, Catatan Teknis its title
    if sheet == c.RINGKASAN:
        assert ws.print_title_rows is None  # its title is on page 1 only: never printed over page 2's charts
        return
    harap = "$1:$1" if sheet == c.PETUNJUK else f"${c.BARIS_HEADER}:${c.BARIS_HEADER}"
    assert ws.print_title_rows == harap


def test_document_sheets_column_widths_fit_a4_landscape(wb):
    """The PK form and the matrix are laid out in their contract widths, narrower than the page."""
    for sheet in c.LEMBAR_DOKUMEN:
        ws = wb[sheet]
        lebar = c.LEBAR_KOLOM_MATRIKS if sheet == c.MATRIKS_RENCANA_AKSI else c.LEBAR_KOLOM_PK
        per_kolom = {i: d.width for d in ws.column_dimensions.values() for i in range(d.min, d.max + 1)}
        for huruf, w in lebar.items():
            i = openpyxl.utils.column_index_from_string(huruf)
            assert per_kolom[i] == pytest.approx(w, abs=0.72), (sheet, huruf)
    # every printed sheet's columns, fitted to its page width, print at 8 pt or more (11 pt x scale)
    for sheet in c.SHEETS:
        tata = tata_cetak(sheet)
        if tata is not None and tata.lebar_kolom:
            assert 11 * skala_efektif(tata) >= 8, sheet
    assert skala_efektif(tata_cetak(c.lembar_pk("SEK"))) > 0.95  # the PK form prints almost unscaled


@pytest.mark.parametrize("sheet", [s for s in c.SHEETS if s not in (c.XLWINGS_CONF, c.PETUNJUK, *c.LEMBAR_BACAAN)])
def test_frozen_header_and_protection(wb, sheet):
    ws = wb[sheet]
    if sheet in c.LEMBAR_DOKUMEN:
        assert ws.freeze_panes is None  # a printable form: nothing to freeze
    else:
        assert ws.freeze_panes is not None and ws[ws.freeze_panes].row == c.BARIS_HEADER + 1
    if sheet in c.OUTPUT_SHEETS:
        assert ws.protection.sheet is True
        assert not ws.protection.password  # no password: the tool must be able to unprotect
        assert ws.protection.formatCells is False and ws.protection.formatColumns is False  # allowed
    else:
        assert not ws.protection.sheet


def test_kategori_conditional_formatting(wb):
    ws = wb[c.CAPAIAN]
    aturan = [(str(rng.sqref), rule.formula[0]) for rng in ws.conditional_formatting for rule in rng.rules]
    for spec in (c.CAPAIAN_TABLE, c.CAPAIAN_SASARAN_TABLE):
        col0 = ws[c.ANCHOR[spec.name]].column
        for header in ("Capaian (%)", "Kategori"):
            huruf = openpyxl.utils.get_column_letter(col0 + _kolom(spec).index(header))
            kategori = {f for rng, f in aturan if rng == f"{huruf}5:{huruf}5001"}
            assert {re.search(r'"(.+)"', f).group(1) for f in kategori} == {k for _, _, k in c.SKALA_DEFAULT}


def test_input_sheets_say_where_the_buttons_are(wb):
    for sheet in (c.KONFIGURASI, c.PK, c.REALISASI, c.PAGU, c.REFERENSI):
        teks = " ".join(str(wb[sheet].cell(r, 1).value or "") for r in (1, 2))
        assert c.PETUNJUK in teks and all(t[0] in teks for t in c.TOMBOL), sheet


def test_xlwings_conf_sheet(wb):
    ws = wb[c.XLWINGS_CONF]
    isi = {ws.cell(r, 1).value: ws.cell(r, 2).value for r in range(1, len(XLWINGS_CONF) + 1)}
    assert ws["A1"].value == "Interpreter_Win"
    assert isi["UDF Modules"] == c.MODUL_UDF
    assert isi["Use UDF Server"] is False
    assert "PYTHONPATH" in isi
    # xlwings reads A1 down to the first empty cell: the keys must be contiguous
    assert all(ws.cell(r, 1).value for r in range(1, len(XLWINGS_CONF) + 1))
    assert ws.cell(len(XLWINGS_CONF) + 1, 1).value is None


# --- buttons and VBA ----------------------------------------------------------------


def _tombol_per_lembar(path: Path) -> dict[str, list[str]]:
    """Sheet name -> macro names of its form buttons, from the VML drawings."""
    hasil: dict[str, list[str]] = {}
    with zipfile.ZipFile(path) as z:
        book = ET.fromstring(z.read("xl/workbook.xml"))
        rels = ET.fromstring(z.read("xl/_rels/workbook.xml.rels"))
        target = {r.get("Id"): r.get("Target") for r in rels.findall("rel:Relationship", NS)}
        for sh in book.find("m:sheets", NS):
            part = PurePosixPath("xl") / target[sh.get(f"{{{NS['r']}}}id")]
            rels_path = part.parent / "_rels" / (part.name + ".rels")
            macros: list[str] = []
            if str(rels_path) in z.namelist():
                for r in ET.fromstring(z.read(str(rels_path))).findall("rel:Relationship", NS):
                    if r.get("Target").endswith(".vml"):
                        vml_path = PurePosixPath(*[p for p in (part.parent / r.get("Target")).parts])
                        vml = z.read(str(_normal(vml_path))).decode("utf-8")
                        macros += re.findall(r"<x:FmlaMacro>\[0\]!(\w+)</x:FmlaMacro>", vml)
            hasil[sh.get("name")] = macros
    return hasil


def _normal(p: PurePosixPath) -> PurePosixPath:
    parts: list[str] = []
    for part in p.parts:
        if part == "..":
            parts.pop()
        else:
            parts.append(part)
    return PurePosixPath(*parts)


def test_buttons_on_petunjuk_and_output_sheets_only():
    tombol = _tombol_per_lembar(TEMPLATE)
    semua = [m for _, m, _ in c.TOMBOL]
    for sheet in c.SHEETS:
        if sheet in c.LEMBAR_TOMBOL:
            assert tombol[sheet] == semua + [m for _, m, _ in c.TOMBOL_LEMBAR.get(sheet, ())], sheet
        elif sheet in c.TOMBOL_LEMBAR:
            assert tombol[sheet] == [m for _, m, _ in c.TOMBOL_LEMBAR[sheet]], sheet
        else:
            assert tombol[sheet] == [], sheet
    assert set(c.LEMBAR_TOMBOL) == {c.PETUNJUK, c.CAPAIAN, c.VALIDASI, c.RINGKASAN}
    assert tombol[c.PAGU] == ["ImporDariSakti"]
    assert tombol[c.PETUNJUK][-1] == "TahunBaru"  # issue 18


def test_impor_button_uses_excels_multi_select_dialog_and_passes_the_paths(modul_vba):
    kode = modul_vba["KinerjaMacros"]
    sub = re.search(r"Public Sub ImporDariSakti\(\)(.*?)End Sub", kode, re.S).group(1)
    assert "Application.GetOpenFilename(" in sub and "MultiSelect:=True" in sub
    assert "If Not IsArray(pilihan) Then Exit Sub" in sub  # Cancel: Python is not called
    assert f'RunPython "import {c.MODUL_MACRO} as m; m.impor(r""" & daftar & """)"' in sub


@pytest.fixture(scope="module")
def modul_vba() -> dict[str, str]:
    parser = VBA_Parser(str(TEMPLATE))
    try:
        assert parser.detect_vba_macros()
        return {Path(vba_filename).stem: code for _, _, vba_filename, code in parser.extract_macros()}
    finally:
        parser.close()


def test_olevba_lists_our_modules_and_document_modules(modul_vba):
    assert {"KinerjaMacros", "xlwings", "Dictionary", "ThisWorkbook"} <= set(modul_vba)
    assert {nama_kode_lembar(s) for s in c.SHEETS} <= set(modul_vba)
    xlwings_bas = (Path(importlib.import_module("xlwings").__file__).parent / "xlwings.bas").read_text()
    assert "'Version: 0.37.8" in xlwings_bas and "'Version: 0.37.8" in modul_vba["xlwings"]
    assert "Public Function RunPython(" in modul_vba["xlwings"]


def test_every_button_macro_is_a_public_sub_calling_runpython(modul_vba):
    kode = modul_vba["KinerjaMacros"]
    subs = {
        nama: re.search(r'RunPython "([^"]+)"', badan).group(1)
        for nama, badan in re.findall(r"^Public Sub (\w+)\(\)(.*?)^End Sub", kode, re.M | re.S)
        if "RunPython" in badan
    }
    for _, macro, fungsi in c.TOMBOL:
        # m.hitung(), or (Ekspor ke Provinsi) with the key file chosen in its dialog: m.ekspor(r""" & kunci & """)
        assert subs[macro] in (
            f"import {c.MODUL_MACRO} as m; m.{fungsi}()",
            f"import {c.MODUL_MACRO} as m; m.{fungsi}(r",
        ), macro
    for macro in _tombol_per_lembar(TEMPLATE)[c.PETUNJUK]:
        assert macro in subs


def test_runpython_targets_are_importable_callables(modul_vba):
    """Each RunPython command names a callable of kinerja_xl (kinerja_xl.xl.macros)."""
    kode = modul_vba["KinerjaMacros"]
    for perintah in re.findall(r'RunPython "([^"]+)"', kode):
        # m.hitung() or, with the chosen files as its argument, m.impor(r""" & daftar & """)
        m = re.fullmatch(r"import ([\w.]+) as (\w+); \2\.(\w+)\((?:\)|r)", perintah)
        assert m, perintah
        modul = importlib.import_module(m.group(1))
        assert callable(getattr(modul, m.group(3))), perintah


def test_installed_package_builds_the_same_template(baru, tmp_path, monkeypatch):
    """An installed package builds from the .bas it ships (kinerja_xl/template/, a real file)."""
    from kinerja_xl.template import build

    monkeypatch.setattr(build, "_VBA_DIR", tmp_path / "tidak-ada")
    assert build.bangun_template(tmp_path / "terpasang.xlsm").read_bytes() == baru.read_bytes()


# --- issue 9: units, Rencana Aksi, PK forms, Template Narasi -----------------------------


def test_issue9_sheet_order(wb):
    nama = wb.sheetnames
    assert nama.index(c.RENCANA_AKSI) == nama.index(c.PAGU) + 1
    assert nama.index(c.TEMPLATE_NARASI) == nama.index(c.REFERENSI) + 1
    assert set(c.INPUT_SHEETS) >= {c.RENCANA_AKSI, c.TEMPLATE_NARASI}
    # output sheets after the inputs; the unit table right after Capaian
    assert nama.index(c.CAPAIAN) == max(nama.index(s) for s in c.INPUT_SHEETS) + 1
    assert nama.index(c.CAPAIAN_UNIT) == nama.index(c.CAPAIAN) + 1
    ringkasan, log = nama.index(c.RINGKASAN), nama.index(c.LOG)
    for s in c.LEMBAR_DOKUMEN:
        assert ringkasan < nama.index(s) < log, s
    assert c.LEMBAR_PK_BAWAAN == tuple(f"PK {k}" for k, _ in c.UNIT_BAWAAN)
    assert c.LEMBAR_PK_BAWAAN[0] == "PK SEK" and "PK KUL" in c.LEMBAR_PK_BAWAAN


def test_issue9_contract_columns():
    assert c.PK_TABLE.headers[-2:] == ["Unit Kerja", "Indikator Induk"]
    assert c.UNIT_TABLE.headers == ["Kode Unit", "Nama Unit", "Pejabat", "NIP"]
    assert c.UNIT_TABLE.sheet == c.KONFIGURASI
    assert c.RENCANA_AKSI_TABLE.headers == (
        ["Kode Indikator", "Kegiatan"]
        + [f"B{i}" for i in range(1, 13)]
        + ["Pelaksana"]
        + [f"Realisasi B{i}" for i in range(1, 13)]
    )
    assert c.CAPAIAN_UNIT_TABLE.headers[:2] == ["Unit Kerja", "Kode Sasaran"]
    assert c.RENCANA_AKSI_HASIL_TABLE.headers[:7] == [
        "Kode Indikator",
        "Indikator Kinerja",
        "Bulan Direncanakan",
        "Bulan Terlaksana",
        "Persentase Terlaksana",
        "Terlaksana Tanpa Rencana",
        "Rencana Belum Terlaksana",
    ]
    assert c.Kunci.BULAN_PELAPORAN in c.KUNCI_KONFIGURASI
    assert c.PILIHAN_KONFIGURASI[c.Kunci.BULAN_PELAPORAN] == tuple(str(i) for i in range(1, 13))
    # the narrative module takes its table from the contract
    from kinerja_xl import narasi

    assert narasi.TEMPLATE_NARASI_TABLE is c.TEMPLATE_NARASI_TABLE and narasi.TEMPLATE_NARASI == "Template Narasi"


def test_unit_kerja_dropdown_follows_tblunit(wb):
    ws = wb[c.PK]
    col0 = ws[c.ANCHOR[c.PK_TABLE.name]].column
    huruf = openpyxl.utils.get_column_letter(col0 + _kolom(c.PK_TABLE).index("Unit Kerja"))
    dv = [d for d in ws.data_validations.dataValidation if str(d.sqref).startswith(f"{huruf}{c.BARIS_HEADER + 1}:")]
    assert len(dv) == 1 and dv[0].type == "list"
    assert dv[0].formula1 == 'INDIRECT("tblUnit[Kode Unit]")'
    assert int(str(dv[0].sqref).split(":")[1][len(huruf) :]) >= 5000
    # Indikator Induk is free text (any Kode Indikator of the Sekretariat)
    induk = openpyxl.utils.get_column_letter(col0 + _kolom(c.PK_TABLE).index("Indikator Induk"))
    assert not [d for d in ws.data_validations.dataValidation if str(d.sqref).startswith(f"{induk}5:")]


def test_tblunit_prefilled_with_sekretariat_from_konfigurasi(wb):
    ws = wb[c.KONFIGURASI]
    tabel = ws.tables[c.UNIT_TABLE.name]
    rows = [[cell.value for cell in r] for r in ws[tabel.ref][1:]]
    assert [r[:2] for r in rows] == [list(u) for u in c.UNIT_BAWAAN]
    sek = rows[0]
    assert sek[0] == c.KODE_UNIT_SEKRETARIAT
    assert 'MATCH("Nama Sekretaris",tblKonfigurasi[Kunci],0)' in sek[2]
    assert 'MATCH("NIP Sekretaris",tblKonfigurasi[Kunci],0)' in sek[3]
    # subbagian officials are typed by staff
    assert all(r[2] is None and r[3] is None for r in rows[1:])


def test_template_narasi_sheet_lists_shipped_keys(wb):
    from kinerja_xl.narasi.render import template_bawaan

    ws = wb[c.TEMPLATE_NARASI]
    bantuan = ws["A2"].value
    kunci = list(template_bawaan())
    assert len(kunci) >= 5 and all(k in bantuan for k in kunci)
    tabel = ws.tables[c.TEMPLATE_NARASI_TABLE.name]
    assert tabel.ref == "A4:C5"  # Kunci, Template and the hidden mark column
    assert not ws.protection.sheet


@pytest.mark.parametrize("spec", [t for t in c.TABLES if t.input], ids=lambda t: t.name)
def test_input_tables_end_with_hidden_mark_column_read_by_conditional_formatting(wb, spec):
    """The Excel door marks cells with one write per table: a hidden "Tanda Validasi" column."""
    ws = wb[spec.sheet]
    tabel = ws.tables[spec.name]
    assert [col.name for col in tabel.tableColumns][-1] == c.KOLOM_TANDA.header
    akhir = tabel.ref.split(":")[1].rstrip("0123456789")
    assert ws.column_dimensions[akhir].hidden
    rumus = [r.formula[0] for rng in ws.conditional_formatting for r in rng.rules if r.formula]
    for tingkat in ("galat", "peringatan"):
        assert any(f'"[{tingkat}:"' in f and f"${akhir}" in f for f in rumus), (spec.name, tingkat)


def test_glosarium_names_every_finding_in_words_and_no_code(wb):
    """Issue 17: the Glosarium is the registry in words; no code name of a jenis reaches staff."""
    from kinerja_xl.domain.aturan import Jenis

    teks = [
        str(v)
        for ws in (wb[c.GLOSARIUM], wb[c.CATATAN_TEKNIS], wb[c.PETUNJUK])
        for row in ws.iter_rows(values_only=True)
        for v in row
        if v is not None
    ]
    semua = "\n".join(teks)
    for j in Jenis:
        assert j.nama in teks and j.saran in teks, j
        assert j.value not in semua, j.value
    petunjuk = "\n".join(str(v) for row in wb[c.PETUNJUK].iter_rows(values_only=True) for v in row if v)
    for kata in ("dynamic array", "Ctrl+Shift+Enter", "tblPagu[", "docs/", "Python"):
        assert kata not in petunjuk, kata
    for kata in (
        "Batas Capaian",
        "Metode Agregasi",
        "Basis Realisasi",
        "Bulan Pelaporan",
        "Sangat Berhasil: lebih dari 100%",
        "Berhasil: lebih dari 90% sampai dengan 100%",
    ):
        assert kata in " ".join(petunjuk.split()), kata

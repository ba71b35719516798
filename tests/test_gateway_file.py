"""FileGateway on small workbooks built here with XlsxWriter (VBA project and a button included)."""

from __future__ import annotations

import os
import re
import stat
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
import xlsxwriter
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kinerja_xl.domain.temuan import KinerjaError
from kinerja_xl.gateway.base import Lembar, Rumus, Tanda
from kinerja_xl.gateway.file import FileGateway
from kinerja_xl.gateway.xlsx_sheet import SheetXml
from kinerja_xl.template import contract as C

QUICKSTART = Path(xlsxwriter.__file__).parent.parent / "xlwings" / "quickstart.xlsm"


def vba_bin(tmp: Path) -> Path:
    p = tmp / "vbaProject.bin"
    if not p.exists():
        p.write_bytes(zipfile.ZipFile(QUICKSTART).read("xl/vbaProject.bin"))
    return p


def buat_buku(path: Path, pk_rows: int = 3) -> Path:
    wb = xlsxwriter.Workbook(str(path))
    wb.add_vba_project(str(vba_bin(path.parent)))
    teks = wb.add_format({"num_format": "@"})
    persen = wb.add_format({"num_format": "0%"})
    rupiah = wb.add_format({"num_format": "#,##0"})

    ws = wb.add_worksheet(C.PK)
    headers = [h for h in C.PK_TABLE.headers if h != "Penanggung Jawab"] + ["Catatan Staf"]
    data = []
    for i in range(pk_rows):
        row = [f"S{i // 2 + 1}", "Sasaran", f"IK{i + 1}", f"Indikator {i + 1}", "%", "Positif", "95%"]
        row += [None] * (len(headers) - len(row))
        row[-1] = f"catatan {i}"
        data.append(row)
    ws.add_table(
        0,
        0,
        pk_rows + 2,
        len(headers) - 1,
        {
            "name": "tblPK",
            "columns": [{"header": h, "format": teks if "Target" in h else None} for h in headers],
            "data": data,
        },
    )
    ws.write_number(2, 6, 0.95, persen)  # Target of IK2 typed as a percentage cell

    ws = wb.add_worksheet(C.PAGU)
    ws.add_table(
        0,
        0,
        4,
        2,
        {
            "name": "tblPagu",
            "columns": [{"header": "Kode"}, {"header": "Uraian"}, {"header": "Pagu", "format": rupiah}],
            "data": [
                ["3565", "Program", 1000],
                ["3565.BAA", "Kegiatan", 600],
                ["3565.BAA.001", "RO", 400],
                ["=1+1", "teks", 5],
            ],
        },
    )

    ws = wb.add_worksheet(C.CAPAIAN)
    ws.write(0, 0, "Capaian kinerja")
    styled = wb.add_format({"num_format": "0.00", "bg_color": "#EEEEEE"})
    ws.add_table(
        2,
        0,
        3,
        3,
        {
            "name": "tblCapaian",
            "columns": [
                {"header": "Kode Indikator"},
                {"header": "Target"},
                {"header": "Capaian (%)", "format": styled},
                {"header": "Selisih", "formula": "[@[Capaian (%)]]-100"},
            ],
        },
    )
    ws.write_blank(3, 2, None, styled)  # the template's one empty, styled data row
    ws.insert_button("H1", {"macro": "SampleCall", "caption": "Hitung Capaian"})

    ws = wb.add_worksheet(C.VALIDASI)
    ws.add_table(
        0, 0, 1, 3, {"name": "tblValidasi", "columns": [{"header": h} for h in ("Jenis", "Sel", "Pesan", "Nilai")]}
    )
    wb.add_worksheet(C.RINGKASAN)
    wb.close()
    return path


@pytest.fixture
def buku(tmp_path: Path) -> Path:
    return buat_buku(tmp_path / "lkj.xlsm")


def members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist()}


CAP = C.TableSpec(
    C.CAPAIAN,
    "tblCapaian",
    (C.K("Kode Indikator", "kode"), C.K("Target", "target"), C.K("Capaian (%)", "capaian"), C.K("Selisih", "selisih")),
    input=False,
)
VAL = C.TableSpec(
    C.VALIDASI,
    "tblValidasi",
    (C.K("Jenis", "jenis"), C.K("Sel", "sel"), C.K("Pesan", "pesan"), C.K("Nilai", "nilai")),
    input=False,
)


def capaian_rows(n: int) -> pd.DataFrame:
    return pd.DataFrame(
        {"kode": [f"IK{i}" for i in range(n)], "target": ["95%"] * n, "capaian": [100 + i / 4 for i in range(n)]}
    )


# --- reading --------------------------------------------------------------------------
def test_baca_tabel_maps_headers_in_spec_order_and_keeps_extras(buku: Path) -> None:
    t = FileGateway(buku).baca_tabel(C.PK_TABLE)
    assert list(t.data.columns) == C.PK_TABLE.headers + ["Catatan Staf"]
    assert len(t.data) == 3  # two empty trailing rows of the table dropped
    assert t.data["Penanggung Jawab"].tolist() == [None, None, None]  # header missing in the sheet
    assert t.data["Kode Indikator"].tolist() == ["IK1", "IK2", "IK3"]
    assert t.data["Catatan Staf"].tolist() == ["catatan 0", "catatan 1", "catatan 2"]
    assert t.baris_awal == 2 and t.kolom["Target"] == "G" and t.sel(1, "Target") == "G3"
    assert t.data.loc[1, "Target"] == 0.95 and t.is_persen(1, "Target")
    assert not t.is_persen(0, "Target") and t.data.loc[0, "Target"] == "95%"


def test_baca_tabel_raw_values_and_formula_text(buku: Path) -> None:
    t = FileGateway(buku).baca_tabel(C.PAGU_TABLE)
    assert t.data["Kode"].tolist()[:3] == ["3565", "3565.BAA", "3565.BAA.001"]
    assert [float(x) for x in t.data["Pagu"]] == [1000, 600, 400, 5]


def test_missing_table_names_table_and_sheet(buku: Path) -> None:
    with pytest.raises(KinerjaError, match="tblRealisasi.*Realisasi"):
        FileGateway(buku).baca_tabel(C.REALISASI_TABLE)


@pytest.mark.parametrize("isi,nama", [(b"bukan zip", "x.xlsx"), (b"PK\x03\x04rusak", "y.xlsm"), (b"", "z.csv")])
def test_unreadable_file_gives_indonesian_message(tmp_path: Path, isi: bytes, nama: str) -> None:
    p = tmp_path / nama
    p.write_bytes(isi)
    with pytest.raises(KinerjaError, match="tidak dapat dibaca"):
        FileGateway(p).baca_tabel(C.PK_TABLE)


# --- writing tables --------------------------------------------------------------------
def test_tulis_tabel_resizes_keeps_style_and_calculated_column(buku: Path) -> None:
    g = FileGateway(buku)
    g.tulis_tabel(CAP, capaian_rows(5))
    g.simpan()
    wb = openpyxl.load_workbook(buku, keep_vba=True)
    ws = wb[C.CAPAIAN]
    assert ws.tables["tblCapaian"].ref == "A3:D8"
    assert ws.tables["tblCapaian"].autoFilter.ref == "A3:D8"
    assert [ws.cell(r, 1).value for r in range(4, 9)] == [f"IK{i}" for i in range(5)]
    assert ws["C5"].value == 100.25 and ws["C5"].number_format == "0.00" and ws["C8"].number_format == "0.00"
    assert ws["D6"].value.startswith("=") and "Capaian" in ws["D6"].value
    assert ws["A1"].value == "Capaian kinerja"  # cells outside the table stay

    g2 = FileGateway(buku)
    g2.tulis_tabel(CAP, capaian_rows(2))
    g2.simpan()
    ws = openpyxl.load_workbook(buku, keep_vba=True)[C.CAPAIAN]
    assert ws.tables["tblCapaian"].ref == "A3:D5"
    assert all(ws.cell(r, c).value is None for r in range(6, 9) for c in range(1, 5))


def test_tulis_tabel_empty_keeps_one_styled_row(buku: Path) -> None:
    g = FileGateway(buku)
    g.tulis_tabel(CAP, capaian_rows(0))
    g.simpan()
    ws = openpyxl.load_workbook(buku)[C.CAPAIAN]
    assert ws.tables["tblCapaian"].ref == "A3:D4"
    assert ws["C4"].value is None and ws["C4"].number_format == "0.00"


def test_text_starting_with_equals_is_text_but_rumus_is_formula(buku: Path) -> None:
    g = FileGateway(buku)
    g.tulis_tabel(
        VAL,
        pd.DataFrame(
            {
                "Jenis": ["kode_format", "x"],
                "Sel": [Rumus('=HYPERLINK("#PK!A2","PK!A2")'), "=A1"],
                "Pesan": ["=SUM(1,2)", "a < b & c"],
                "Nilai": [True, False],
            }
        ),
    )
    g.simpan()
    ws = openpyxl.load_workbook(buku)[C.VALIDASI]
    assert ws["B2"].data_type == "f" and ws["B2"].value == '=HYPERLINK("#PK!A2","PK!A2")'
    assert ws["B3"].data_type == "s" and ws["B3"].value == "=A1"
    assert ws["C2"].data_type == "s" and ws["C2"].value == "=SUM(1,2)"
    assert ws["C3"].value == "a < b & c"
    assert ws["D2"].value == "Ya" and ws["D3"].value is None


def test_overlapping_tables_refused(tmp_path: Path) -> None:
    p = tmp_path / "dua.xlsx"
    wb = xlsxwriter.Workbook(str(p))
    ws = wb.add_worksheet(C.CAPAIAN)
    ws.add_table(0, 0, 1, 3, {"name": "tblCapaian", "columns": [{"header": h} for h in CAP.headers]})
    ws.add_table(4, 0, 5, 1, {"name": "tblLain", "columns": [{"header": "A"}, {"header": "B"}]})
    wb.close()
    with pytest.raises(KinerjaError, match="menimpa tabel tblLain"):
        FileGateway(p).tulis_tabel(CAP, capaian_rows(6))


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(
        st.one_of(
            st.text(min_size=1, max_size=30).filter(lambda s: s.strip() == s and s != ""),
            st.integers(-(10**12), 10**12),
        ),
        min_size=1,
        max_size=6,
    )
)
def test_written_values_read_back_unchanged(tmp_path_factory, values) -> None:
    p = buat_buku(tmp_path_factory.mktemp("rt") / "rt.xlsm")
    # characters XML cannot hold at all are dropped; everything else must survive, \r included
    legal = [
        "".join(ch for ch in v if (ch >= " " or ch in "\t\n\r") and ch not in "\ufffe\uffff")
        if isinstance(v, str)
        else v
        for v in values
    ]
    legal = [v if v != "" else None for v in legal]
    g = FileGateway(p)
    g.tulis_tabel(VAL, pd.DataFrame({"Pesan": values}))
    g.simpan()
    got = FileGateway(p).baca_tabel(VAL).data["Pesan"].tolist()
    while legal and legal[-1] is None:
        legal.pop()
    assert [v if not isinstance(v, float) else int(v) for v in got] == legal


# --- marks ----------------------------------------------------------------------------
def test_tandai_adds_fill_and_comment_then_removes_them_exactly(buku: Path) -> None:
    before = SheetXml(members(buku)["xl/worksheets/sheet1.xml"])
    styles_before = {ref: before.style_of(ref) for ref in ("C2", "G3", "A4", "Z9")}
    g = FileGateway(buku)
    g.tandai(
        [
            Tanda(C.PK, "C2", "galat", "Kode ganda"),
            Tanda(C.PK, "C2", "peringatan", "Satuan aneh"),
            Tanda(C.PK, "G3", "peringatan", "Target persen"),
            Tanda(C.PK, "Z9", "galat", "Sel kosong"),
        ]
    )
    g.simpan()
    wb = openpyxl.load_workbook(buku)
    ws = wb[C.PK]
    assert ws["C2"].fill.fgColor.rgb == "FFFFC7CE" and "Kode ganda" in ws["C2"].comment.text
    assert "Satuan aneh" in ws["C2"].comment.text
    assert ws["G3"].fill.fgColor.rgb == "FFFFEB9C" and ws["G3"].number_format == "0%"  # format kept
    assert ws["Z9"].comment is not None and ws["A4"].comment is None
    assert ws["C2"].value == "IK1" and ws["G3"].value == 0.95

    g = FileGateway(buku)
    g.tandai([Tanda(C.PK, "A4", "galat", "Baru")])
    g.simpan()
    ws = openpyxl.load_workbook(buku)[C.PK]
    assert ws["C2"].comment is None and ws["G3"].comment is None and "Baru" in ws["A4"].comment.text
    g = FileGateway(buku)
    g.tandai([])
    g.simpan()
    after = SheetXml(members(buku)["xl/worksheets/sheet1.xml"])
    assert {ref: after.style_of(ref) for ref in styles_before} == styles_before
    names = members(buku)
    assert not any(n.startswith("xl/comments") or n.startswith("customXml/") for n in names)
    assert (
        FileGateway(buku)
        .baca_tabel(C.PK_TABLE)
        .data.equals(FileGateway(buat_buku(buku.parent / "b2.xlsm")).baca_tabel(C.PK_TABLE).data)
    )


def test_input_values_never_change(buku: Path) -> None:
    asli = {s.name: FileGateway(buku).baca_tabel(s).data for s in (C.PK_TABLE, C.PAGU_TABLE)}
    g = FileGateway(buku)
    g.tandai([Tanda(C.PAGU, f"C{r}", "galat", "x") for r in range(2, 6)])
    g.tulis_tabel(CAP, capaian_rows(4))
    g.simpan()
    for s in (C.PK_TABLE, C.PAGU_TABLE):
        pd.testing.assert_frame_equal(FileGateway(buku).baca_tabel(s).data, asli[s.name])


# --- package integrity ----------------------------------------------------------------
def test_vba_and_button_survive_byte_for_byte(buku: Path) -> None:
    asli = members(buku)
    g = FileGateway(buku)
    g.tulis_tabel(CAP, capaian_rows(7))
    g.tandai([Tanda(C.PK, "A2", "galat", "x")])
    g.tulis_lembar(Lembar(C.RINGKASAN, cells={"A1": "Ringkasan"}))
    g.simpan()
    baru = members(buku)
    assert baru["xl/vbaProject.bin"] == asli["xl/vbaProject.bin"]
    vml = [n for n in asli if n.endswith(".vml")]
    assert vml and all(baru[n] == asli[n] for n in vml)  # the button's drawing with its macro binding
    assert b"SampleCall" in baru[vml[0]]
    cap = SheetXml(baru["xl/worksheets/sheet3.xml"])
    assert cap.child("legacyDrawing") is not None
    assert "macroEnabled" in baru["[Content_Types].xml"].decode()
    unchanged = [
        n
        for n in asli
        if n in baru
        and n
        not in (
            "xl/worksheets/sheet1.xml",
            "xl/worksheets/sheet3.xml",
            "xl/worksheets/sheet5.xml",
            "xl/tables/table3.xml",
            "xl/styles.xml",
            "[Content_Types].xml",
            "xl/_rels/workbook.xml.rels",
            "xl/worksheets/_rels/sheet1.xml.rels",
            "xl/sharedStrings.xml",
            "xl/workbook.xml",  # the print titles of the output sheets written (template/cetak.py)
        )
    ]  # its count follows the shared-string cells the sheets still hold
    assert all(baru[n] == asli[n] for n in unchanged)
    refs = sum(len(re.findall(rb'<c [^>]*t="s"', baru[n])) for n in baru if n.startswith("xl/worksheets/sheet"))
    assert f'count="{refs}"'.encode() in baru["xl/sharedStrings.xml"][:300]
    wb = openpyxl.load_workbook(buku, keep_vba=True)
    assert wb.vba_archive is not None


def test_running_twice_gives_identical_output(tmp_path: Path) -> None:
    hasil = []
    for run in range(2):
        p = buat_buku(tmp_path / f"r{run}.xlsm")
        for _ in range(2 if run else 1):  # run 1 processes the same file twice
            g = FileGateway(p)
            g.tulis_tabel(CAP, capaian_rows(6))
            g.tandai([Tanda(C.PK, "C3", "galat", "x")])
            g.tulis_lembar(lembar_ringkasan())
            g.simpan()
        hasil.append(members(p))
    a, b = hasil
    assert sorted(a) == sorted(b)
    for n in a:
        if n != "docProps/core.xml":
            assert a[n] == b[n], n


def lembar_ringkasan() -> Lembar:
    cells = {"A1": "Ringkasan Kinerja", "A3": "Sasaran", "B3": "Capaian", "C3": "Target"}
    for i in range(4):
        cells[f"A{4 + i}"] = f"S{i + 1}"
        cells[f"B{4 + i}"] = 80 + 10 * i
        cells[f"C{4 + i}"] = 100
    cells["B9"] = "=AVERAGE(B4:B7)"
    return Lembar(
        C.RINGKASAN,
        cells=cells,
        gaya={"A1": "judul", "A3": "label", "B4": "persen", "B9": "persen"},
        lebar_kolom={"A": 24, "B": 12},
        baris_tersembunyi=(8, 10),
        kolom_tersembunyi=("J",),  # right of the print layout's columns A..G (those keep their own)
        tampilkan="A4:J11",
        tables=[(CAP_RINGKAS, "A12", pd.DataFrame({"Sasaran": ["S1", "S2"], "Nilai": [1, 2]}))],
    )


CAP_RINGKAS = C.TableSpec(C.RINGKASAN, "tblRingkas", (C.K("Sasaran", "sasaran"), C.K("Nilai", "nilai")), input=False)


def test_tulis_lembar_replaces_content_and_hides_rows_and_columns(buku: Path) -> None:
    g = FileGateway(buku)
    g.tulis_lembar(lembar_ringkasan())
    g.simpan()
    ws = openpyxl.load_workbook(buku)[C.RINGKASAN]
    assert [r for r in range(1, 12) if ws.row_dimensions[r].hidden] == [8, 10]
    assert ws.column_dimensions["J"].hidden and not ws.column_dimensions["B"].hidden
    g = FileGateway(buku)  # the next run hides other rows and no column: the earlier ones show again
    g.tulis_lembar(Lembar(C.RINGKASAN, cells={"A1": "Baru"}, baris_tersembunyi=(5,), tampilkan="A4:J11"))
    g.simpan()
    ws = openpyxl.load_workbook(buku)[C.RINGKASAN]
    assert ws["A1"].value == "Baru" and ws["A4"].value is None
    assert [r for r in range(1, 12) if ws.row_dimensions[r].hidden] == [5]
    assert not ws.column_dimensions["J"].hidden


def test_tulis_lembar_creates_missing_sheet(buku: Path) -> None:
    g = FileGateway(buku)
    g.tulis_lembar(Lembar("Narasi", cells={"A1": "Bab III", "A2": "Paragraf panjang"}, gaya={"A2": "paragraf"}))
    g.simpan()
    wb = openpyxl.load_workbook(buku, keep_vba=True)
    assert wb["Narasi"]["A1"].value == "Bab III" and wb["Narasi"]["A2"].alignment.wrap_text


# --- saving ---------------------------------------------------------------------------
def test_simpan_keeps_bak_and_replaces_atomically(buku: Path) -> None:
    asli = buku.read_bytes()
    g = FileGateway(buku)
    g.tulis_tabel(CAP, capaian_rows(3))
    g.simpan()
    assert (buku.parent / "lkj.xlsm.bak").read_bytes() == asli
    assert buku.read_bytes() != asli
    assert not [p for p in buku.parent.iterdir() if p.name.startswith(".~kinerja")]


def test_locked_by_excel_owner_file(buku: Path) -> None:
    asli = buku.read_bytes()
    (buku.parent / ("~$" + buku.name)).write_bytes(b"owner")
    g = FileGateway(buku)
    g.tulis_tabel(CAP, capaian_rows(3))
    with pytest.raises(KinerjaError, match="sedang dibuka program lain"):
        g.simpan()
    assert buku.read_bytes() == asli
    assert not (buku.parent / "lkj.xlsm.bak").exists()
    assert sorted(p.name for p in buku.parent.iterdir()) == ["lkj.xlsm", "vbaProject.bin", "~$lkj.xlsm"]


def test_read_only_file(buku: Path) -> None:
    asli = buku.read_bytes()
    os.chmod(buku, stat.S_IRUSR | stat.S_IRGRP)
    try:
        g = FileGateway(buku)
        g.tulis_tabel(CAP, capaian_rows(3))
        with pytest.raises(KinerjaError, match="hanya-baca"):
            g.simpan()
    finally:
        os.chmod(buku, stat.S_IRUSR | stat.S_IWUSR)
    assert buku.read_bytes() == asli


CRASH = """
import os, sys, pandas as pd
from kinerja_xl.gateway import xlsx_package
from kinerja_xl.gateway.file import FileGateway
from kinerja_xl.template import contract as C
n = [0]
orig = xlsx_package._ZipWriter.{step}
def boom(self, *a, **k):
    n[0] += 1
    if n[0] == {after}:
        os._exit(17)
    return orig(self, *a, **k)
xlsx_package._ZipWriter.{step} = boom
spec = C.TableSpec(C.CAPAIAN, "tblCapaian", (C.K("Kode Indikator", "kode"),), input=False)
g = FileGateway(sys.argv[1])
g.tulis_tabel(spec, pd.DataFrame({{"kode": ["A", "B"]}}))
g.simpan()
"""


@pytest.mark.parametrize("step,after", [("add_raw", 3), ("add", 2), ("close", 1)])
def test_crash_during_save_leaves_original_intact(buku: Path, step: str, after: int) -> None:
    asli = buku.read_bytes()
    r = subprocess.run([sys.executable, "-c", CRASH.format(step=step, after=after), str(buku)], capture_output=True)
    assert r.returncode == 17, r.stderr.decode()
    assert buku.read_bytes() == asli
    assert FileGateway(buku).baca_tabel(C.PK_TABLE).data["Kode Indikator"].tolist() == ["IK1", "IK2", "IK3"]

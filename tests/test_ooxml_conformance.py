"""Issue 13: typed text stays text, and every file the tool writes is valid OOXML Excel opens without repair.

The checker (tests/ooxml_conformance.py) validates every part against the ECMA-376
schemas in tests/ooxml_schemas and adds the semantic checks Excel's repairs are about.
"""

from __future__ import annotations

import csv
import re
import shutil
import sys
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from typer.testing import CliRunner

sys.path.insert(0, str(Path(__file__).parent))

import korpus  # noqa: E402
from ooxml_conformance import cacat, rumus_di  # noqa: E402

from kinerja_xl.api import proses  # noqa: E402
from kinerja_xl.cli import app, isi_workbook, template_bawaan  # noqa: E402
from kinerja_xl.contoh import satker_contoh  # noqa: E402
from kinerja_xl.domain.aturan import Jenis
from kinerja_xl.gateway.base import BATAS_TEKS_SEL, PENANDA_TERPOTONG, Lembar, Rumus  # noqa: E402
from kinerja_xl.gateway.file import FileGateway  # noqa: E402
from kinerja_xl.template import contract as c  # noqa: E402

runner = CliRunner()
KETIKAN = list(korpus.KETIKAN.values())


def _jalankan(*args: str) -> str:
    res = runner.invoke(app, list(args))
    assert res.exit_code in (0, 1), res.output
    return res.output


# --- the checker itself must fail on each planted defect ------------------------------------
def _ganti(src: Path, dst: Path, part: str, ubah) -> Path:
    with zipfile.ZipFile(src) as z:
        isi = {n: z.read(n) for n in z.namelist()}
    isi[part] = ubah(isi[part])
    with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as z:
        for n, b in isi.items():
            z.writestr(n, b)
    return dst


@pytest.fixture(scope="module")
def contoh(tmp_path_factory) -> tuple[Path, object]:
    """The built-in sample satker, processed: (workbook, laporan)."""
    path = isi_workbook(tmp_path_factory.mktemp("contoh") / "contoh.xlsm", satker_contoh())
    return path, proses(FileGateway(path)).laporan


@pytest.fixture(scope="module")
def diproses(tmp_path_factory) -> Path:
    """The korpus base workbook (sample satker + typed '=' text + 1,150 bad codes), processed."""
    path = korpus.dasar(tmp_path_factory.mktemp("ooxml") / "lkj.xlsm")
    proses(FileGateway(path))
    return path


def _part_lembar(path: Path, nama: str) -> str:
    """The worksheet part of sheet ``nama`` (sheet numbers move when the template gains sheets)."""
    with zipfile.ZipFile(path) as z:
        wb, rels = z.read("xl/workbook.xml").decode(), z.read("xl/_rels/workbook.xml.rels").decode()
    rid = re.search(rf'<sheet [^>]*name="{re.escape(nama)}"[^>]*r:id="([^"]+)"', wb).group(1)
    target = re.search(rf'Id="{rid}"[^>]*Target="/?(?:xl/)?([^"]+)"', rels)
    if target is None:
        target = re.search(rf'Target="/?(?:xl/)?([^"]+)"[^>]*Id="{rid}"', rels)
    return "xl/" + target.group(1)


def _sel_baru(xml: bytes) -> bytes:
    """Plant a text cell that looks like a formula nobody typed, at the end of the first row."""
    m = re.search(rb'<row r="(\d+)"[^>]*>.*?(</row>)', xml, re.S)
    sel = b'<c r="ZZ' + m.group(1) + b'" t="inlineStr"><is><t>=SUM(A1:A9)</t></is></c>'
    return xml[: m.start(2)] + sel + xml[m.start(2) :]


def _rumus_ketikan(xml: bytes) -> bytes:
    """Plant a formula made of a typed text."""
    m = re.search(rb'<row r="(\d+)"[^>]*>.*?(</row>)', xml, re.S)
    sel = b'<c r="ZZ' + m.group(1) + b'"><f>HYPERLINK("http://contoh.invalid/x","klik di sini")</f></c>'
    return xml[: m.start(2)] + sel + xml[m.start(2) :]


@pytest.mark.parametrize(
    ("part", "ubah", "harap"),
    [
        ("xl/worksheets/sheet9.xml", lambda b: b.replace(b"<sheetData", b"<bukanElemen/><sheetData", 1), "xsd"),
        ("xl/sharedStrings.xml", lambda b: re.sub(rb'count="\d+"', b'count="1"', b, count=1), "count="),
        (
            "xl/worksheets/sheet14.xml",
            lambda b: re.sub(rb'(<t xml:space="preserve">)', b"\\1" + b"y" * 40000, b, count=1),
            "characters",
        ),
        ("xl/drawings/vmlDrawing1.vml", lambda b: re.sub(rb'data="[\d,]+"', b'data="40"', b, count=1), "outside"),
        ("xl/worksheets/sheet9.xml", _sel_baru, "formula written as text"),
        ("xl/worksheets/sheet9.xml", _rumus_ketikan, "typed text became the formula"),
    ],
)
def test_pemeriksa_menangkap_cacat_yang_ditanam(contoh, tmp_path: Path, part, ubah, harap) -> None:
    rusak = _ganti(contoh[0], tmp_path / "rusak.xlsm", part, ubah)
    hasil = cacat(rusak, teks_ketikan=KETIKAN)
    assert any(harap in h for h in hasil), hasil


def test_pemeriksa_menangkap_calcchain_basi(contoh, tmp_path: Path) -> None:
    salin = Path(shutil.copy(contoh[0], tmp_path / "cc.xlsm"))
    korpus.tambah_calc_chain(salin)
    with zipfile.ZipFile(salin) as z:
        assert "xl/calcChain.xml" in z.namelist()
    assert cacat(salin, teks_ketikan=KETIKAN) == []
    basi = _ganti(
        salin,
        tmp_path / "basi.xlsm",
        "xl/calcChain.xml",
        lambda b: b.replace(b"</calcChain>", b'<c r="ZZ9" i="1"/></calcChain>'),
    )
    assert any("stale" in h for h in cacat(basi, teks_ketikan=KETIKAN))


# --- the template, the processed sample and its Validasi links --------------------------
def test_template_konform() -> None:
    assert cacat(template_bawaan()) == []


def test_contoh_diproses_konform_dan_tautan_validasi_rumus(contoh) -> None:
    path, lap = contoh
    assert cacat(path) == []
    ws = openpyxl.load_workbook(path)[c.VALIDASI]
    r1 = int(re.match(r"[A-Z]+(\d+)", ws.tables["tblValidasi"].ref).group(1))
    kepala = {cel.value: cel.column for cel in ws[r1] if cel.value}
    awal = r1 + 1
    dengan_sel = [t for t in lap.temuan if t.lokasi.sel and t.lokasi.lembar]
    assert dengan_sel
    for i, t in enumerate(lap.temuan):
        cel = ws.cell(awal + i, kepala["Sel"])
        if not (t.lokasi.sel and t.lokasi.lembar):
            continue
        assert cel.data_type == "f", (cel.coordinate, cel.value)
        assert cel.value == f'=HYPERLINK("#\'{t.lokasi.lembar}\'!{t.lokasi.sel}","{t.lokasi.sel}")'
        assert ws.cell(awal + i, kepala["Lembar"]).value == t.lokasi.lembar


# --- typed text stays text everywhere ------------------------------------------------------
def _sel_teks(path: Path) -> dict[str, list[tuple[str, str, bool]]]:
    """Sheet -> (cell, text, quotePrefix) of every text cell starting with "=" (openpyxl read-back)."""
    wb = openpyxl.load_workbook(path)
    out: dict[str, list[tuple[str, str, bool]]] = {}
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cel in row:
                if isinstance(cel.value, str) and cel.value.startswith("=") and cel.data_type != "f":
                    out.setdefault(ws.title, []).append((cel.coordinate, cel.value, bool(cel.quotePrefix)))
    return out


def test_ketikan_berawalan_sama_dengan_tetap_teks_di_semua_keluaran(diproses: Path) -> None:
    assert cacat(diproses, teks_ketikan=KETIKAN) == []
    teks = _sel_teks(diproses)
    # The typed texts reach the output sheets and the printed PK forms as text...
    for lembar in (c.CAPAIAN, c.ANGGARAN, c.CAPAIAN_UNIT):
        assert lembar in teks, sorted(teks)
    assert any(nama.startswith("PK ") for nama in teks if nama != c.PK)
    for lembar, sel in teks.items():
        if lembar in c.INPUT_SHEETS:
            continue
        for ref, nilai, kutip in sel:
            assert any(nilai.startswith(k[:16]) for k in KETIKAN), (lembar, ref, nilai)
            assert kutip, f"{lembar}!{ref} shows typed '=' text without quotePrefix"
    # ...and no formula anywhere but the Validasi links and the template's own.
    for lembar in teks:
        for ref, f in rumus_di(diproses, lembar).items():
            assert not any(f.startswith(k[:16]) for k in KETIKAN), (lembar, ref, f)
    assert all(f.startswith("=HYPERLINK(\"#'") for f in rumus_di(diproses, c.VALIDASI).values())


@pytest.fixture(scope="module")
def ekspor_rekap(diproses: Path, tmp_path_factory) -> dict[str, Path]:
    d = tmp_path_factory.mktemp("ekspor")
    kerja = Path(shutil.copy(diproses, d / "lkj.xlsm"))
    _jalankan("narasi", str(kerja), "--docx", str(d / "narasi.docx"))
    _jalankan("ekspor", str(kerja), "--ke", str(d / "eks"), "--paksa", "uji kesesuaian berkas")
    eks = next((d / "eks").glob("*.xlsx"))
    _jalankan("rekap", str(d / "eks"), "--keluar", str(d / "rekap.xlsx"), "--csv", str(d / "csv"))
    return {"docx": d / "narasi.docx", "ekspor": eks, "rekap": d / "rekap.xlsx", "csv": d / "csv"}


@pytest.mark.parametrize("jenis", ["ekspor", "rekap", "docx"])
def test_ekspor_rekap_dan_word_konform(ekspor_rekap: dict[str, Path], jenis: str) -> None:
    assert cacat(ekspor_rekap[jenis], teks_ketikan=KETIKAN) == []


def test_ekspor_dan_rekap_menulis_ketikan_sebagai_teks(ekspor_rekap: dict[str, Path]) -> None:
    for jenis in ("ekspor", "rekap"):
        teks = [v for sel in _sel_teks(ekspor_rekap[jenis]).values() for _, v, _ in sel]
        assert teks and all(any(v.startswith(k[:16]) for k in KETIKAN) for v in teks), (jenis, teks[:5])
    kutip = [k for lembar, sel in _sel_teks(ekspor_rekap["ekspor"]).items() for _, _, k in sel]
    assert kutip and all(kutip)


def test_rekap_csv_melindungi_dari_injeksi_rumus(ekspor_rekap: dict[str, Path]) -> None:
    sel = []
    for f in ekspor_rekap["csv"].glob("*.csv"):
        with open(f, encoding="utf-8", newline="") as fh:
            sel += [v for row in csv.reader(fh) for v in row]
    assert not [v for v in sel if v[:1] in ("=", "+", "@", "\t", "\r")]
    assert not [v for v in sel if v[:1] == "-" and not re.fullmatch(r"-\d+(\.\d+)?", v)]
    for k in (korpus.KETIKAN["indikator"], korpus.KETIKAN["uraian"]):  # the typed texts the CSV files carry
        assert "'" + k in sel
    assert any(re.fullmatch(r"-\d+", v) for v in sel)  # a negative sisa stays a number


def test_sel_csv_owasp() -> None:
    from kinerja_xl.services.rekap import sel_csv

    for v in ("=1+1", "+A1", "-2+3", "@SUM(A1)", "\tx", "\rx", "=cmd|' /c calc'!A1"):
        assert sel_csv(v) == "'" + v
    for v in (-5, -3.5, 12, "-5", "-1.250,5", "12", "teks", "", None):
        assert sel_csv(v) == v


def test_uraian_dengan_tab_vertikal_tidak_merusak_word(diproses: Path, tmp_path: Path) -> None:
    from kinerja_xl.template.contract import PAGU_TABLE

    uraian = FileGateway(diproses).baca_tabel(PAGU_TABLE).data.loc[0, "Uraian"]
    # How Excel stores a vertical tab typed or pasted into a cell: the escape _x000B_ in the XML.
    kerja = _ganti(
        diproses,
        tmp_path / "vt.xlsm",
        _part_lembar(diproses, c.PAGU),
        lambda b: b.replace(f">{uraian}<".encode(), b">Belanja_x000B_Modal<", 1),
    )
    assert FileGateway(kerja).baca_tabel(PAGU_TABLE).data.loc[0, "Uraian"] == "Belanja\x0bModal"
    _jalankan("narasi", str(kerja), "--docx", str(tmp_path / "vt.docx"))
    assert cacat(tmp_path / "vt.docx") == []


# --- file-door mechanics --------------------------------------------------------------------
def test_teks_terlalu_panjang_dipotong_dengan_penanda_dan_peringatan(tmp_path: Path) -> None:
    path = Path(shutil.copy(template_bawaan(), tmp_path / "p.xlsm"))
    g = FileGateway(path)
    g.tulis_lembar(Lembar(c.NARASI, cells={"A1": "a" * 40000, "A2": "pendek"}))
    temuan = g.ambil_temuan_tulis()
    g.simpan()
    assert [(t.jenis, t.tingkat.value, t.lokasi.lembar, t.lokasi.sel) for t in temuan] == [
        ("teks_terpotong", "peringatan", c.NARASI, "A1")
    ]
    ws = openpyxl.load_workbook(path)[c.NARASI]
    assert len(ws["A1"].value) == BATAS_TEKS_SEL and ws["A1"].value.endswith(PENANDA_TERPOTONG)
    assert ws["A2"].value == "pendek"
    assert cacat(path) == []


def test_proses_melaporkan_teks_terpotong(tmp_path: Path) -> None:
    data = satker_contoh()
    # a budget line's Uraian goes out on the Anggaran sheet whatever the unit of an indikator
    data[c.PAGU_TABLE.name].loc[0, "Uraian"] = "uraian panjang " * 2900  # 43,500 chars
    path = isi_workbook(tmp_path / "panjang.xlsm", data)
    lap = proses(FileGateway(path)).laporan
    terpotong = [t for t in lap.temuan if t.jenis == "teks_terpotong"]
    assert terpotong and all(t.tingkat.value == "peringatan" for t in terpotong)
    val = pd.DataFrame(FileGateway(path).baca_tabel(c.VALIDASI_TABLE).data)
    assert Jenis.TEKS_TERPOTONG.nama in set(val["Jenis"])  # Validasi names a finding in words
    assert cacat(path) == []


def test_rumus_hanya_satu_jenis() -> None:
    import kinerja_xl.gateway.excel as excel
    import kinerja_xl.gateway.file as file
    import kinerja_xl.gateway.xlsx_sheet as xlsx_sheet
    from kinerja_xl.gateway import base

    assert xlsx_sheet.Rumus is base.Rumus and file.Rumus is base.Rumus and excel.Rumus is base.Rumus
    assert "class Rumus" not in Path(xlsx_sheet.__file__).read_text(encoding="utf-8")


def test_pintu_excel_menulis_teks_sebagai_teks() -> None:
    from kinerja_xl.gateway.excel import nilai_sel

    assert nilai_sel("=1+1") == "'=1+1"
    assert nilai_sel(Rumus('=HYPERLINK("#A1","A1")')) == '=HYPERLINK("#A1","A1")'
    assert nilai_sel("x" * 40000) == "'" + "x" * (BATAS_TEKS_SEL - len(PENANDA_TERPOTONG)) + PENANDA_TERPOTONG


def test_lembar_tulis_teks_sama_dengan_sebagai_teks_berkutip(tmp_path: Path) -> None:
    path = Path(shutil.copy(template_bawaan(), tmp_path / "l.xlsm"))
    g = FileGateway(path)
    g.tulis_lembar(Lembar(c.NARASI, cells={"A1": "= a / b", "A2": Rumus("=1+1"), "A3": "biasa"}))
    g.simpan()
    ws = openpyxl.load_workbook(path)[c.NARASI]
    assert ws["A1"].data_type == "s" and ws["A1"].value == "= a / b" and ws["A1"].quotePrefix
    assert ws["A2"].data_type == "f" and ws["A2"].value == "=1+1"
    assert ws["A3"].value == "biasa" and not ws["A3"].quotePrefix
    assert cacat(path, teks_ketikan=["= a / b"]) == []


def test_lembar_baru_tercatat_di_app_xml_dan_punya_code_name(tmp_path: Path) -> None:
    path = Path(shutil.copy(template_bawaan(), tmp_path / "baru.xlsm"))
    g = FileGateway(path)
    g.tulis_lembar(Lembar("PK UMUM", cells={"A1": "Perjanjian Kinerja"}))
    g.tulis_lembar(Lembar("PK-UMUM", cells={"A1": "dua"}))  # same letters: the code name must still be unique
    g.simpan()
    with zipfile.ZipFile(path) as z:
        app_xml = z.read("docProps/app.xml").decode()
        lembar = [z.read(n).decode() for n in z.namelist() if n.startswith("xl/worksheets/sheet")]
    assert "<vt:lpstr>PK UMUM</vt:lpstr><vt:lpstr>PK-UMUM</vt:lpstr>" in app_xml
    kode = [m for x in lembar for m in re.findall(r'codeName="([^"]+)"', x)]
    assert "wsPKUMUM" in kode and "wsPKUMUM2" in kode and len(kode) == len(set(kode))
    assert cacat(path) == []


def test_vml_memakai_blok_id_sebanyak_yang_perlu() -> None:
    from kinerja_xl.gateway.xlsx_comments import blok_vml, vml_xml

    sels = [f"A{r}" for r in range(2, 2102)]  # 2,100 notes: three blocks of 1,023
    assert blok_vml(2100) == 3 and blok_vml(1023) == 1 and blok_vml(1024) == 2 and blok_vml(0) == 1
    xml = vml_xml(sels, [4, 7, 9]).decode()
    assert 'o:idmap v:ext="edit" data="4,7,9"' in xml
    ids = [int(x) for x in re.findall(r'id="_x0000_s(\d+)"', xml)]
    assert len(ids) == len(set(ids)) == 2100
    assert {i // 1024 for i in ids} == {4, 7, 9} and all(i % 1024 for i in ids)
    with pytest.raises(ValueError):
        vml_xml(sels, [4, 7])


_PREFIXED = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<x:dimension ref="A1:B2"/><x:sheetData>'
    '<x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>satu</x:t></x:is></x:c></x:row>'
    '<x:row r="2"><x:c r="B2"><x:v>2</x:v></x:c></x:row>'
    "</x:sheetData></x:worksheet>"
)


def test_lembar_berawalan_dibaca_dan_disimpan_tanpa_kehilangan_baris() -> None:
    from lxml import etree

    from kinerja_xl.gateway.xlsx_sheet import SheetXml

    sx = SheetXml(_PREFIXED.encode())
    assert sx.row_numbers() == [1, 2] and "satu" in sx.cell("A1")
    sx.set_cell("C1", '<c r="C1"><v>3</v></c>')
    root = etree.fromstring(sx.to_bytes())
    x = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
    assert [c.get("r") for c in root.iter(x + "c")] == ["A1", "C1", "B2"]
    assert [t.text for t in root.iter(x + "t")] == ["satu"]


def test_baris_yang_tidak_terbaca_menolak_simpan(tmp_path: Path) -> None:
    from kinerja_xl.domain.temuan import KinerjaError
    from kinerja_xl.gateway.xlsx_sheet import BarisTakTerbaca, SheetXml

    dua_kali = _PREFIXED.replace('<x:row r="2">', '<x:row r="1">')  # two rows numbered 1: one would be lost
    with pytest.raises(BarisTakTerbaca):
        SheetXml(dua_kali.encode()).to_bytes()
    path = Path(shutil.copy(template_bawaan(), tmp_path / "rusak.xlsm"))
    part = _part_lembar(path, c.NARASI)
    rusak = _ganti(
        path,
        tmp_path / "rusak2.xlsm",
        part,
        lambda b: (
            re.sub(rb'<row r="(\d+)"', b'<row r="1"', b)
            if b.count(b"<row ") > 1
            else b.replace(b"<sheetData/>", b'<sheetData><row r="1"/><row r="1"/></sheetData>')
        ),
    )
    asli = rusak.read_bytes()
    g = FileGateway(rusak)
    g.tulis_lembar(Lembar(c.NARASI, cells={"A1": "x"}))
    with pytest.raises(KinerjaError, match=r"Lembar Narasi .* tidak disimpan"):
        g.simpan()
    assert rusak.read_bytes() == asli

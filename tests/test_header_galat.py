"""Headers retyped, duplicated or missing, and error values in input cells: never a silent figure (issue 12)."""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import pytest

from kinerja_xl.api import migrasi
from kinerja_xl.cli import isi_workbook, template_bawaan
from kinerja_xl.contoh import satker_contoh
from kinerja_xl.domain.temuan import TINGKAT_JENIS, Tingkat
from kinerja_xl.gateway.file import FileGateway
from kinerja_xl.gateway.xlsx_galat import sel_galat
from kinerja_xl.services.hitung import hitung
from kinerja_xl.services.kolom import normal_header
from kinerja_xl.template import contract as C


@pytest.fixture(scope="module")
def contoh(tmp_path_factory) -> Path:
    return isi_workbook(tmp_path_factory.mktemp("contoh") / "LKj.xlsm", satker_contoh())


def ganti_header(src: Path, dst: Path, tabel: str, lama: str, baru: str) -> Path:
    """Rename a table column the way Excel stores it (tableColumn name)."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename.startswith("xl/tables/") and f'displayName="{tabel}"'.encode() in data:
                cari = f'name="{lama}"'.encode()
                assert cari in data, (tabel, lama)
                data = data.replace(cari, f'name="{baru}"'.encode(), 1)
            zout.writestr(info, data)
    return dst


def _temuan(path: Path, jenis: str) -> list:
    hasil = hitung(FileGateway(path))
    return [t for t in hasil.temuan if t.jenis == jenis]


def _capaian(path: Path) -> list:
    hasil = hitung(FileGateway(path))
    return hasil.capaian.indikator[["kode", "realisasi", "capaian", "kategori"]].astype(str).values.tolist()


def test_normal_header() -> None:
    assert normal_header("Realisasi TW 1") == normal_header("realisasi  tw I") == normal_header("Realisasi TW I")
    assert normal_header("Realisasi TW 4") == normal_header("REALISASI TW IV")
    assert normal_header("Realisasi TW II") != normal_header("Realisasi TW I")


def test_tingkat_jenis_baru() -> None:
    for j in ("kolom_hilang", "kolom_ganda", "kolom_berubah", "nilai_galat_excel"):
        assert TINGKAT_JENIS[j] is Tingkat.GALAT
    assert TINGKAT_JENIS["kolom_opsional_hilang"] is Tingkat.INFO


def test_kolom_berubah_galat_dibaca_benar_lalu_migrasi_mengembalikan(contoh: Path, tmp_path: Path) -> None:
    p = ganti_header(contoh, tmp_path / "LKj.xlsm", "tblRealisasi", "Realisasi TW I", "Realisasi TW 1")
    (t,) = _temuan(p, "kolom_berubah")
    assert t.galat and t.lokasi.lembar == C.REALISASI and re.fullmatch(r"[A-Z]+\d+", t.lokasi.sel)
    assert "'Realisasi TW 1'" in t.pesan and "seharusnya 'Realisasi TW I'" in t.pesan
    assert _capaian(p) == _capaian(contoh)  # the figures do not change silently
    asli = FileGateway(contoh).baca_tabel(C.REALISASI_TABLE).data
    migrasi(p, template_bawaan())
    baru = FileGateway(p).baca_tabel(C.REALISASI_TABLE)
    assert "Realisasi TW 1" not in baru.data.columns
    assert baru.data["Realisasi TW I"].tolist() == asli["Realisasi TW I"].tolist()
    assert not _temuan(p, "kolom_berubah")


def test_kolom_ganda(contoh: Path, tmp_path: Path) -> None:
    p = ganti_header(contoh, tmp_path / "LKj.xlsm", "tblRealisasi", "Sumber Data", "realisasi")
    ganda = _temuan(p, "kolom_ganda")
    assert len(ganda) == 1 and ganda[0].galat and ganda[0].kode == "Realisasi"
    assert _capaian(p) == _capaian(contoh)  # the exact header is the one read


def test_kolom_hilang_dan_opsional(contoh: Path, tmp_path: Path) -> None:
    p = ganti_header(contoh, tmp_path / "a.xlsm", "tblPK", "Target", "Target Kinerja Tahunan")
    (t,) = _temuan(p, "kolom_hilang")
    assert t.galat and t.kode == "Target" and t.lokasi.lembar == C.PK
    q = ganti_header(contoh, tmp_path / "b.xlsm", "tblRealisasi", "Sumber Data", "Sumber")
    (o,) = _temuan(q, "kolom_opsional_hilang")
    assert o.tingkat is Tingkat.INFO and o.kode == "Sumber Data"
    assert not _temuan(q, "kolom_hilang")


def _isi_galat(src: Path, dst: Path, sel: str, nilai: str, rumus: str | None) -> Path:
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        gw = FileGateway(src)
        part = gw._sheet_part(C.REALISASI)
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == part:
                f = f"<f>{rumus}</f>" if rumus else ""
                baru = f'<c r="{sel}" t="e">{f}<v>{nilai}</v></c>'.encode()
                pola = re.compile(rb'<c r="' + sel.encode() + rb'"(?:[^>]*/>|[^>]*>.*?</c>)', re.S)
                data, n = pola.subn(baru, data, count=1)
                assert n == 1, sel
            zout.writestr(info, data)
    return dst


@pytest.mark.parametrize("nilai, rumus", [("#DIV/0!", "1/0"), ("#REF!", "#REF!+1"), ("#N/A", "NA()")])
def test_nilai_galat_excel_di_sel_masukan(contoh: Path, tmp_path: Path, nilai: str, rumus: str) -> None:
    t = FileGateway(contoh).baca_tabel(C.REALISASI_TABLE)
    sel = t.sel(0, "Realisasi TW I")
    p = _isi_galat(contoh, tmp_path / "LKj.xlsm", sel, nilai, rumus)
    (g,) = _temuan(p, "nilai_galat_excel")
    assert g.galat and g.lokasi.lembar == C.REALISASI and g.lokasi.sel == sel and g.nilai_tercatat == nilai
    assert nilai in g.pesan


def test_sel_galat_membaca_xml_mentah() -> None:
    xml = (
        b'<sheetData><row r="2"><c r="A2" s="3" t="e"><f>1/0</f><v>#DIV/0!</v></c><c r="B2" t="s"><v>0</v></c>'
        b'<c t="e" r="C2"><v>#N/A</v></c><c r="D2" t="e"/></row></sheetData>'
    )
    assert sel_galat(xml) == {"A2": "#DIV/0!", "C2": "#N/A"}


def test_template_tanpa_temuan_header(tmp_path: Path) -> None:
    p = tmp_path / "T.xlsm"
    shutil.copyfile(template_bawaan(), p)
    hasil = hitung(FileGateway(p))
    assert not [t for t in hasil.temuan if t.jenis.startswith("kolom_") or t.jenis == "nilai_galat_excel"]

"""The button "Impor dari SAKTI" (lembar Pagu) through the recording fake of xlwings.

The VBA Sub shows Excel's own multi-select file dialog and passes the chosen paths
joined by "|" to ``kinerja_xl.xl.macros.impor``; here that call is made directly,
as RunPython would, on a fake book built from the real template.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
import sakti_data as sd
from fake_xlwings import book_dari_xlsx
from test_xl_macros import tabel_fake

from kinerja_xl.api import impor_berkas
from kinerja_xl.cli import isi_workbook
from kinerja_xl.contoh import satker_contoh
from kinerja_xl.gateway.file import FileGateway
from kinerja_xl.template import contract as c
from kinerja_xl.xl import macros


def _norm(df: pd.DataFrame) -> pd.DataFrame:
    return df.map(
        lambda v: (
            None
            if v is None or v == "" or (isinstance(v, float) and v != v)
            else int(v)
            if isinstance(v, float) and v.is_integer()
            else v
        )
    )


@pytest.fixture
def okt(tmp_path: Path) -> Path:
    return sd.ba_076(sd.OKTOBER, tmp_path)


def _book(tmp_path: Path, nama: str, tabel: dict | None = None):
    return book_dari_xlsx(isi_workbook(tmp_path / nama, tabel or {}))


def test_button_writes_what_the_file_door_writes(tmp_path: Path, okt: Path, monkeypatch) -> None:
    berkas = isi_workbook(tmp_path / "berkas.xlsm", {})
    impor_berkas(FileGateway(berkas), [okt])
    book = _book(tmp_path, "excel.xlsm")
    monkeypatch.setattr(macros, "_buku", lambda: book)

    hasil = macros.impor(f"{okt}|")
    assert hasil is not None, book.app.alerts
    for spec in (c.PAGU_TABLE, c.REFERENSI_TABLE, c.KONFIGURASI_TABLE):
        dari_berkas = _norm(FileGateway(berkas).baca_tabel(spec).data[spec.headers])
        pd.testing.assert_frame_equal(_norm(tabel_fake(book, spec)), dari_berkas, check_dtype=False)
    pesan = book.app.alerts[-1]
    assert pesan["mode"] == "info" and "Impor selesai: 23 baris akun" in pesan["prompt"]
    assert "Realisasi Jan–Sep" in pesan["prompt"]  # the peringatan reaches the message box
    # the calculated columns keep their formulas on every imported row
    t = book.sheets.ambil(c.PAGU).tables._daftar[c.PAGU_TABLE.name]
    sisa = t.headers().index("Sisa")
    rumus = t.rumus_baris()[: hasil.gabungan.baris_akun + hasil.gabungan.baris_induk]
    assert all(isinstance(r[sisa], str) and r[sisa].startswith("=") for r in rumus)


def test_round_trips_do_not_grow_with_the_export(tmp_path: Path, okt: Path, monkeypatch) -> None:
    besar, _ = sd.perbesar(sd.OKTOBER, tmp_path / "besar.xlsx", salinan=20)
    jumlah = []
    for i, sumber in enumerate((okt, besar)):
        book = _book(tmp_path, f"b{i}.xlsm")
        book.app.hitung.reset()
        monkeypatch.setattr(macros, "_buku", lambda book=book: book)
        assert macros.impor(str(sumber)) is not None, book.app.alerts
        jumlah.append(len(book.app.hitung))
    assert jumlah[0] == jumlah[1]


@pytest.mark.parametrize("jawaban", ["yes", "no"])
def test_typed_pagu_is_replaced_only_after_yes(tmp_path: Path, okt: Path, monkeypatch, jawaban: str) -> None:
    pagu_lama = satker_contoh()[c.PAGU_TABLE.name]
    book = _book(tmp_path, "terisi.xlsm", {c.PAGU_TABLE.name: pagu_lama})
    sebelum = tabel_fake(book, c.PAGU_TABLE)
    book.app.jawaban = [jawaban]
    monkeypatch.setattr(macros, "_buku", lambda: book)

    hasil = macros.impor(str(okt))
    tanya = next(a for a in book.app.alerts if a["buttons"] == "yes_no")
    assert f"sudah berisi {len(pagu_lama)} baris" in tanya["prompt"]
    if jawaban == "yes":
        assert hasil is not None and hasil.baris_diganti == len(pagu_lama)
        assert "076.01.WA.6336.EBA.963" in set(tabel_fake(book, c.PAGU_TABLE)["Kode"])
    else:
        assert hasil is None
        assert "Impor dibatalkan" in book.app.alerts[-1]["prompt"] and book.app.alerts[-1]["mode"] == "critical"
        pd.testing.assert_frame_equal(tabel_fake(book, c.PAGU_TABLE), sebelum)


def test_a_refused_file_is_one_message_and_the_book_is_unchanged(tmp_path: Path, monkeypatch) -> None:
    book = _book(tmp_path, "x.xlsm")
    sebelum = tabel_fake(book, c.PAGU_TABLE)
    monkeypatch.setattr(macros, "_buku", lambda: book)
    assert macros.impor(str(sd.OKTOBER)) is None  # BA 036: not a KPU satker
    pesan = book.app.alerts[-1]
    assert pesan["mode"] == "critical" and "bukan satker KPU" in pesan["prompt"] and "tidak diubah" in pesan["prompt"]
    pd.testing.assert_frame_equal(tabel_fake(book, c.PAGU_TABLE), sebelum)


def test_marks_on_pagu_share_the_sheets_drawing_with_the_button(tmp_path: Path) -> None:
    """Comments and the Impor dari SAKTI button live in the Pagu sheet's one legacy drawing."""
    import re
    import zipfile

    from typer.testing import CliRunner

    from kinerja_xl.cli import app

    def vml_pagu(path: Path) -> tuple[str, bool]:
        with zipfile.ZipFile(path) as z:
            wb = z.read("xl/workbook.xml").decode()
            rid = re.search(r'<sheet [^>]*name="Pagu"[^>]*r:id="(\w+)"', wb).group(1)
            target = re.search(rf'Id="{rid}"[^>]*Target="([^"]+)"', z.read("xl/_rels/workbook.xml.rels").decode())
            sheet = "xl/" + target.group(1).lstrip("/").removeprefix("xl/")
            rels = z.read(sheet.replace("worksheets/", "worksheets/_rels/") + ".rels").decode()
            vml = re.search(r'Target="\.\./(drawings/vmlDrawing\d+\.vml)"', rels).group(1)
            return z.read("xl/" + vml).decode(), "comments" in rels

    path = isi_workbook(tmp_path / "contoh.xlsm", satker_contoh())
    assert CliRunner().invoke(app, ["validasi", str(path)]).exit_code in (0, 1)
    vml, ada_komentar = vml_pagu(path)
    assert ada_komentar and "[0]!ImporDariSakti" in vml and vml.count('ObjectType="Note"') >= 5
    ids = re.findall(r'<v:shape id="(_x0000_s\d+)"', vml)
    assert len(ids) == len(set(ids))  # the button's shape id is not reused by a comment box

    from kinerja_xl.contoh_sakti import berkas_contoh

    impor_berkas(FileGateway(path), berkas_contoh(), ganti=True)  # the same budget, as SAKTI has it: no marks
    assert CliRunner().invoke(app, ["validasi", str(path)]).exit_code in (0, 1)
    vml, ada_komentar = vml_pagu(path)
    assert not ada_komentar and "[0]!ImporDariSakti" in vml and 'ObjectType="Note"' not in vml

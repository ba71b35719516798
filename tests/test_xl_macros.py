"""The buttons end to end against the recording fake of xlwings (no Excel on Linux).

Each macro runs the real service over ExcelGateway on a fake book built from the
real template filled with the sample satker, and must write what the file door
writes; its number of Excel round trips must not depend on the number of rows;
a failure must leave the workbook as it was, with one message box and a Log row.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import fake_xlwings
import pandas as pd
import pytest
from fake_xlwings import FakeBook, book_dari_xlsx, huruf_ke_kolom

from kinerja_xl.cli import isi_workbook, template_bawaan
from kinerja_xl.contoh import satker_contoh, satker_sintetis
from kinerja_xl.gateway.base import satu_kerja
from kinerja_xl.gateway.excel import KOLOM_TANDA, ExcelGateway
from kinerja_xl.gateway.file import FileGateway
from kinerja_xl.services import hitung as hitung_service
from kinerja_xl.services import narasi as narasi_service
from kinerja_xl.services import proses as proses_service
from kinerja_xl.services import validasi as validasi_service
from kinerja_xl.template import contract as c
from kinerja_xl.xl import macros

OUTPUT = (c.CAPAIAN_TABLE, c.CAPAIAN_SASARAN_TABLE, c.ANGGARAN_TABLE, c.VALIDASI_TABLE, c.NARASI_TABLE)


@pytest.fixture(autouse=True)
def _dokumen_ke_tmp(tmp_path, monkeypatch):
    """Buat Narasi writes the LKj beside the book or in Documents: keep it in tmp, and leave the
    PDF (LibreOffice) to the test that asks for it."""
    monkeypatch.setenv("HOME", str(tmp_path / "rumah"))
    (tmp_path / "rumah" / "Documents").mkdir(parents=True)
    monkeypatch.setattr("kinerja_xl.libreoffice.cari_soffice", lambda: None)


@pytest.fixture(scope="module")
def template_fake() -> FakeBook:
    """The committed/built template as a fake book (loaded once; tests copy its cells)."""
    return book_dari_xlsx(template_bawaan())


def salin_book(asal: FakeBook, fullname: str = "/tmp/LKj.xlsm") -> FakeBook:
    book = FakeBook(fullname=fullname)
    for s in asal.sheets._daftar:
        baru = book.sheets.baru(s.name)
        for (r, k), sel in s.sel.items():
            baru.isi(r, k, sel.nilai, sel.rumus, sel.format)
        for t in s.tables._daftar.values():
            baru.tables.baru(t.name, t.r1, t.c1, t.r2, t.c2)._total = t._total
    return book


def isi_fake(book: FakeBook, tabel: dict[str, pd.DataFrame]) -> FakeBook:
    """Type the input tables into the fake as staff would (set-up: not counted)."""
    for spec in c.INPUT_TABLES:
        if spec.name not in tabel:
            continue
        df = tabel[spec.name]
        sheet = book.sheets.ambil(spec.sheet)
        t = sheet.tables._daftar[spec.name]
        kepala = t.headers()
        n = max(len(df), 1)
        fmt = {
            j: (sheet.sel[(t.r1 + 1, t.c1 + j)].format if (t.r1 + 1, t.c1 + j) in sheet.sel else "General")
            for j in range(len(kepala))
        }
        for r in range(t.r1 + 1, max(t.r2, t.r1 + n) + 1):
            for j in range(len(kepala)):
                sheet.isi(r, t.c1 + j, None, fmt=fmt[j])
        t.r2 = t.r1 + n
        for i, rec in enumerate(df.to_dict("records")):
            for h, v in rec.items():
                if h not in kepala or v is None or (isinstance(v, float) and v != v):
                    continue
                if isinstance(v, int) and not isinstance(v, bool):
                    v = float(v)
                sheet.isi(t.r1 + 1 + i, t.c1 + kepala.index(h), v)
    book.app.hitung.reset()
    return book


def tabel_dari(gw: Any, spec: c.TableSpec, rumus: dict[str, str] | None = None) -> pd.DataFrame:
    """A table as the file door reads it; with ``rumus`` (cell -> formula), a formula where the cell holds one,
    as in :func:`tabel_fake` (the Validasi links are formulas in both doors)."""
    t = gw.baca_tabel(spec)
    df = t.data[spec.headers].copy()
    for i in range(len(df)):
        for h in spec.headers:
            if rumus and t.sel(i, h) in rumus:
                df.at[i, h] = rumus[t.sel(i, h)]
    return df.map(_norm)


def _rumus_berkas(berkas: Path, lembar: str) -> dict[str, str]:
    import openpyxl

    ws = openpyxl.load_workbook(berkas)[lembar]
    return {cel.coordinate: cel.value for row in ws.iter_rows() for cel in row if cel.data_type == "f"}


def tabel_fake(book: FakeBook, spec: c.TableSpec) -> pd.DataFrame:
    """An output table as stored in the fake Excel: a formula where the cell holds one."""
    t = book.sheets.ambil(spec.sheet).tables._daftar[spec.name]
    baris = [
        [f if f is not None else v for v, f in zip(rv, rf, strict=False)]
        for rv, rf in zip(t.baris(), t.rumus_baris(), strict=False)
    ]
    while baris and all(v is None for v in baris[-1]):
        baris.pop()
    df = pd.DataFrame(baris, columns=t.headers(), dtype=object)[spec.headers]
    return df.map(lambda v: _norm(int(v) if isinstance(v, float) and v.is_integer() else v))


def _norm(v: Any) -> Any:
    if v is None or (isinstance(v, str) and v == ""):
        return None
    if isinstance(v, float):
        return round(v, 9)
    return v


# --- the same output as the file door ----------------------------------------------------


@pytest.fixture(scope="module")
def contoh_xlsm(tmp_path_factory) -> Path:
    return isi_workbook(tmp_path_factory.mktemp("contoh") / "contoh.xlsm", satker_contoh())


@pytest.mark.parametrize(
    "macro, layanan, tabel",
    [
        ("hitung", lambda gw: hitung_service.hitung(gw), (c.CAPAIAN_TABLE, c.CAPAIAN_SASARAN_TABLE, c.ANGGARAN_TABLE)),
        ("validasi", lambda gw: validasi_service.validasi(gw), (c.VALIDASI_TABLE,)),
        ("narasi", lambda gw: narasi_service.narasi(gw), (c.NARASI_TABLE,)),
        ("proses", lambda gw: proses_service.proses(gw), OUTPUT),
    ],
)
def test_macro_menulis_sama_dengan_pintu_berkas(contoh_xlsm, tmp_path, macro, layanan, tabel):
    berkas = tmp_path / "berkas.xlsm"
    shutil.copyfile(contoh_xlsm, berkas)
    with satu_kerja(FileGateway(berkas)) as gw:  # the command line's unit of work
        layanan(gw)
    book = book_dari_xlsx(contoh_xlsm)
    aksi, fungsi = macros.LAYANAN[macro]
    hasil = macros._jalankan(aksi, book, fungsi)
    assert hasil is not None, book.app.alerts
    assert book.app.alerts[-1]["mode"] == "info"
    file_gw = FileGateway(berkas)
    for spec in tabel:
        rumus = _rumus_berkas(berkas, spec.sheet) if spec is c.VALIDASI_TABLE else None
        dari_berkas, dari_excel = tabel_dari(file_gw, spec, rumus), tabel_fake(book, spec)
        assert len(dari_excel) > 0, spec.name
        pd.testing.assert_frame_equal(dari_excel, dari_berkas, check_dtype=False, obj=spec.name)


def test_validasi_menautkan_sel_dengan_hyperlink_dalam_satu_blok(contoh_xlsm):
    book = book_dari_xlsx(contoh_xlsm)
    aksi, fungsi = macros.LAYANAN["validasi"]
    lap = macros._jalankan(aksi, book, fungsi)
    t = book.sheets.ambil(c.VALIDASI).tables._daftar[c.VALIDASI_TABLE.name]
    j = t.headers().index("Sel")
    rumus = [r[j] for r in t.rumus_baris()]
    lokasi = [x for x in lap.temuan if x.lokasi.sel and x.lokasi.lembar]
    assert len(lokasi) > 0
    assert sum(1 for r in rumus if r and r.startswith("=HYPERLINK(")) == len(lokasi)
    tulis = [op for op in book.app.hitung.log if op == "range.formula.set"]
    # one block per output table touched plus the flag column of each input table and the Log
    assert len(tulis) == 1 + len(c.INPUT_TABLES) + 1


def test_tanda_validasi_satu_kolom_per_tabel_masukan(contoh_xlsm):
    book = book_dari_xlsx(contoh_xlsm)
    aksi, fungsi = macros.LAYANAN["validasi"]
    lap = macros._jalankan(aksi, book, fungsi)
    tanda = validasi_service.tanda_sel(lap)
    assert tanda, "the sample satker has planted mistakes"
    for t in tanda:
        sheet = book.sheets.ambil(t.lembar)
        tabel = [
            tb
            for tb in sheet.tables._daftar.values()
            if KOLOM_TANDA in tb.headers() and tb.r1 < int(t.sel.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")) <= tb.r2
        ]
        assert tabel, t
        tb = tabel[0]
        baris = int(t.sel.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ"))
        kolom = t.sel[: len(t.sel) - len(str(baris))]
        header = tb.headers()[huruf_ke_kolom(kolom) - tb.c1]
        isi = sheet.nilai(baris, tb.c1 + tb.headers().index(KOLOM_TANDA))
        assert f"[{t.tingkat}:{header}]" in isi
        assert t.pesan.split("\n")[0] in isi
    # a second run after the cells are fixed clears the marks: every flag cell is rewritten
    spec = next(s for s in c.INPUT_TABLES if s.sheet == tanda[0].lembar)
    sheet = book.sheets.ambil(spec.sheet)
    tb = sheet.tables._daftar[spec.name]
    kol = tb.c1 + tb.headers().index(KOLOM_TANDA)
    assert [r for r in range(tb.r1 + 1, tb.r2 + 1) if sheet.nilai(r, kol)]
    gw = ExcelGateway(book)
    gw.tandai([])
    gw.simpan()
    assert not [r for r in range(tb.r1 + 1, tb.r2 + 1) if sheet.nilai(r, kol)]


# --- round trips do not grow with rows ----------------------------------------------------


@pytest.fixture(scope="module")
def buku_kecil_besar(template_fake) -> tuple[FakeBook, FakeBook]:
    kecil = isi_fake(salin_book(template_fake), satker_sintetis(skala=1))
    besar = isi_fake(salin_book(template_fake), satker_sintetis(skala=100))
    return kecil, besar


@pytest.mark.parametrize("macro", ["hitung", "validasi", "narasi", "proses"])
def test_jumlah_panggilan_excel_tidak_bergantung_jumlah_baris(buku_kecil_besar, macro):
    kecil, besar = buku_kecil_besar
    aksi, fungsi = macros.LAYANAN[macro]
    hitungan = []
    for book in (kecil, besar):
        jml = len(book.sheets.ambil(c.PK).tables._daftar[c.PK_TABLE.name].baris())
        book.app.hitung.reset()
        assert macros._jalankan(aksi, book, fungsi) is not None, book.app.alerts
        hitungan.append((jml, list(book.app.hitung.log)))
    (n_kecil, log_kecil), (n_besar, log_besar) = hitungan
    assert n_kecil <= 50 and n_besar >= 4500
    assert log_kecil == log_besar
    # the run itself wrote rows (the count is not trivially equal because nothing happened)
    cap = besar.sheets.ambil(c.CAPAIAN).tables._daftar[c.CAPAIAN_TABLE.name]
    if macro in ("hitung", "proses"):
        assert len(cap.baris()) >= 4500


# --- failure: one message, a Log row, the workbook as it was ---------------------------------


def _potret_buku(book: FakeBook) -> dict:
    return {
        s.name: (
            {k: (v.nilai, v.rumus) for k, v in s.sel.items() if v.nilai is not None or v.rumus is not None},
            {t.name: (t.r1, t.c1, t.r2, t.c2) for t in s.tables._daftar.values()},
        )
        for s in book.sheets._daftar
        if s.name != c.LOG
    }


def test_kegagalan_di_tengah_meninggalkan_buku_seperti_semula(contoh_xlsm, monkeypatch):
    book = book_dari_xlsx(contoh_xlsm)
    sebelum = _potret_buku(book)
    log = book.sheets.ambil(c.LOG).tables._daftar[c.LOG_TABLE.name]
    baris_log = len([r for r in log.baris() if any(v is not None for v in r)])

    def rusak(gateway, hasil, **_):
        raise RuntimeError("disk penuh (simulasi)")

    monkeypatch.setattr(proses_service.narasi_service, "tulis_narasi", rusak)
    aksi, fungsi = macros.LAYANAN["proses"]
    assert macros._jalankan(aksi, book, fungsi) is None
    assert _potret_buku(book) == sebelum
    assert len(book.app.alerts) == 1
    alert = book.app.alerts[0]
    assert alert["mode"] == "critical" and "Proses Semua" in alert["prompt"] and "tidak diubah" in alert["prompt"]
    assert "Traceback" not in alert["prompt"] and "RuntimeError" not in alert["prompt"]
    isi_log = [r for r in log.baris() if any(v is not None for v in r)]
    assert len(isi_log) == baris_log + 1
    waktu, aksi_log, pesan, detail = isi_log[-1][:4]
    assert aksi_log == "Proses Semua" and "disk penuh (simulasi)" in detail and "RuntimeError" in detail
    # Excel state restored
    assert book.app._screen_updating is True and book.app._calculation == "automatic"
    assert book.app._status_bar is False


def test_kegagalan_saat_menulis_dipulihkan(contoh_xlsm, monkeypatch):
    """A write that fails half-way (after earlier tables were written) is rolled back."""
    book = book_dari_xlsx(contoh_xlsm)
    sebelum = _potret_buku(book)
    asli = fake_xlwings.FakeTable.resize

    def resize(self, rng):
        if self.name == c.VALIDASI_TABLE.name:
            raise OSError("COM: Excel sibuk (simulasi)")
        return asli(self, rng)

    monkeypatch.setattr(fake_xlwings.FakeTable, "resize", resize)
    aksi, fungsi = macros.LAYANAN["proses"]
    assert macros._jalankan(aksi, book, fungsi) is None
    assert _potret_buku(book) == sebelum
    assert book.app.alerts[-1]["mode"] == "critical"


def test_galat_pengguna_dijelaskan_dalam_bahasa_indonesia(template_fake):
    """Ekspor on an empty workbook is refused with the service's own Indonesian reason."""
    book = salin_book(template_fake)
    aksi, fungsi = macros.LAYANAN["ekspor"]
    assert macros._jalankan(aksi, book, fungsi) is None
    prompt = book.app.alerts[-1]["prompt"]
    assert "Ekspor ke Provinsi tidak dapat diselesaikan" in prompt
    assert "Ekspor ditolak" in prompt or "Konfigurasi" in prompt


def test_ekspor_menulis_berkas_di_samping_buku(contoh_xlsm, tmp_path):
    from kinerja_xl.contoh import satker_sintetis as sintetis

    berkas = isi_workbook(tmp_path / "bersih.xlsm", sintetis(skala=1, bersih=True))
    book = book_dari_xlsx(berkas)
    aksi, fungsi = macros.LAYANAN["ekspor"]
    hasil = macros._jalankan(aksi, book, fungsi)
    assert hasil is not None, book.app.alerts
    assert hasil.berkas.parent == tmp_path and hasil.berkas.exists()
    assert str(hasil.berkas) in book.app.alerts[-1]["prompt"]


def _kunci_satker(tmp_path: Path, sandi: str = "") -> tuple[Path, str]:
    from kinerja_xl.domain import kanonik

    k = kanonik.buat_kunci()
    path = tmp_path / "kunci satker" / "700000.pem"
    path.parent.mkdir()
    path.write_bytes(kanonik.pem_kunci(k, sandi.encode("utf-8") if sandi else None))
    return path, kanonik.kunci_publik(k)


def _buku_bersih(tmp_path: Path) -> FakeBook:
    from kinerja_xl.contoh import satker_sintetis as sintetis

    return book_dari_xlsx(isi_workbook(tmp_path / "bersih.xlsm", sintetis(skala=1, bersih=True)))


def _isi_semua(book: FakeBook) -> str:
    return repr({s.name: {k: (v.nilai, v.rumus) for k, v in s.sel.items()} for s in book.sheets._daftar})


def test_ekspor_batal_pilih_kunci_tanpa_tanda_tangan_dan_dikatakan(tmp_path):
    book = _buku_bersih(tmp_path)
    hasil = macros._jalankan(macros.AKSI_EKSPOR, book, lambda gw: macros._ekspor(gw, ""))
    assert hasil is not None and not hasil.ditandatangani
    assert "TIDAK ditandatangani karena dialog kunci satker dibatalkan" in book.app.alerts[-1]["prompt"]


def test_ekspor_dari_excel_ditandatangani_kunci_pilihan(tmp_path):
    from kinerja_xl.gateway.ekspor_xlsx import EksporXlsx
    from kinerja_xl.gateway.paket_ekspor import cek_segel
    from kinerja_xl.services.periksa import periksa

    book = _buku_bersih(tmp_path)
    kunci, publik = _kunci_satker(tmp_path)
    hasil = macros._jalankan(macros.AKSI_EKSPOR, book, lambda gw: macros._ekspor(gw, str(kunci)))
    assert hasil is not None and hasil.ditandatangani, book.app.alerts
    assert "TIDAK ditandatangani" not in book.app.alerts[-1]["prompt"]
    sg = cek_segel(hasil.berkas)
    assert sg.utuh and sg.tanda_sah and sg.kunci_publik == publik
    assert periksa(EksporXlsx(hasil.berkas)).utuh
    # the key's location is remembered per user by the VBA (SaveSetting), never in the workbook sent on
    assert str(kunci) not in _isi_semua(book) and kunci.name not in _isi_semua(book)


def test_ekspor_dari_excel_kunci_bersandi_ditanya_sandinya(tmp_path, monkeypatch):
    book = _buku_bersih(tmp_path)
    kunci, publik = _kunci_satker(tmp_path, sandi="rahasia kpu")
    ditanya: list[Path] = []
    monkeypatch.setattr(macros, "_minta_sandi", lambda p: ditanya.append(p) or "rahasia kpu")
    hasil = macros._jalankan(macros.AKSI_EKSPOR, book, lambda gw: macros._ekspor(gw, str(kunci)))
    assert hasil is not None and hasil.ditandatangani and ditanya == [kunci]
    assert hasil.metadata["Kunci Publik Penanda Tangan"] == publik


def test_ekspor_dari_excel_sandi_dibatalkan_atau_salah_tidak_menulis(tmp_path, monkeypatch):
    kunci, _ = _kunci_satker(tmp_path, sandi="rahasia kpu")
    for jawaban, pesan in ((None, "sandi kunci satker tidak diisi"), ("salah", "sandi salah")):
        book = _buku_bersih(tmp_path)
        monkeypatch.setattr(macros, "_minta_sandi", lambda p, j=jawaban: j)
        assert macros._jalankan(macros.AKSI_EKSPOR, book, lambda gw: macros._ekspor(gw, str(kunci))) is None
        assert book.app.alerts[-1]["mode"] == "critical" and pesan in book.app.alerts[-1]["prompt"]
        assert not list(tmp_path.glob("LKj_*.xlsx"))


def test_tombol_ekspor_vba_memilih_kunci_dan_mengingatnya_di_luar_buku():
    """The VBA asks for the key file (Batal = unsigned) and remembers it per user with SaveSetting,
    outside the workbook; the Python macro takes the chosen path."""
    import inspect
    import re

    vba = (Path(macros.__file__).parents[1] / "template" / "KinerjaMacros.bas").read_text(encoding="utf-8")
    sub = re.search(r"Public Sub EksporKeProvinsi\(\)(.*?)End Sub", vba, re.S).group(1)
    assert "FileDialog(3)" in sub and ".Show = -1 Then kunci = .SelectedItems(1)" in sub
    assert 'GetSetting("kinerja-xl", "Ekspor", "BerkasKunci", "")' in sub
    assert 'SaveSetting "kinerja-xl", "Ekspor", "BerkasKunci", kunci' in sub
    assert 'm.ekspor(r""" & kunci & """)' in sub
    assert not re.search(r"Range\(|Cells\(|Names\.Add|CustomDocumentProperties|ThisWorkbook", sub)
    assert list(inspect.signature(macros.ekspor).parameters) == ["berkas_kunci"]


def test_layar_dan_kalkulasi_dimatikan_saat_menulis_lalu_dipulihkan(contoh_xlsm):
    book = book_dari_xlsx(contoh_xlsm)
    book.app._calculation = "semiautomatic"
    aksi, fungsi = macros.LAYANAN["hitung"]
    assert macros._jalankan(aksi, book, fungsi) is not None
    log = book.app.hitung.log
    pertama_tulis = log.index("range.formula.set")
    assert log.index("app.screen_updating.set") < pertama_tulis
    assert log.index("app.calculation.set") < pertama_tulis
    assert book.app._calculation == "semiautomatic" and book.app._screen_updating is True
    assert any(isinstance(s, str) and "Hitung Capaian" in s for s in book.app.riwayat_status)
    assert book.app._status_bar is False


def test_macro_publik_memakai_book_caller(contoh_xlsm, monkeypatch):
    book = book_dari_xlsx(contoh_xlsm)
    monkeypatch.setattr(macros, "_buku", lambda: book)
    for caption, _, nama in c.TOMBOL:
        assert callable(getattr(macros, nama)), caption
        assert nama in macros.LAYANAN and macros.LAYANAN[nama][0] == caption
    assert macros.hitung() is not None
    assert book.sheets.ambil(c.CAPAIAN).tables._daftar[c.CAPAIAN_TABLE.name].baris()[0][0] is not None


# --- Buat Narasi: the whole LKj beside the workbook (issue 16) --------------------------------------


@pytest.mark.libreoffice
def test_buat_narasi_menulis_docx_dan_pdf_di_samping_buku(contoh_xlsm, tmp_path, monkeypatch, soffice):
    from kinerja_xl.libreoffice import docx_ke_pdf  # noqa: F401  (the real converter)

    monkeypatch.setattr("kinerja_xl.libreoffice.cari_soffice", lambda: soffice)
    berkas = tmp_path / "Kota.xlsm"
    shutil.copyfile(contoh_xlsm, berkas)
    book = book_dari_xlsx(berkas)
    aksi, fungsi = macros.LAYANAN["narasi"]
    hasil = macros._jalankan(aksi, book, fungsi)
    assert hasil is not None, book.app.alerts
    assert hasil.docx == tmp_path / "Kota_LKj.docx" and hasil.docx.exists()
    assert hasil.pdf == tmp_path / "Kota_LKj.pdf" and hasil.pdf.read_bytes().startswith(b"%PDF")
    pesan = book.app.alerts[-1]["prompt"]
    assert str(hasil.docx) in pesan and str(hasil.pdf) in pesan and "Documents" not in pesan


def test_buat_narasi_onedrive_ke_documents(contoh_xlsm, tmp_path):
    book = book_dari_xlsx(contoh_xlsm)
    book._fullname = "https://d.docs.live.net/abc123/Dokumen/LKj Kota.xlsm"
    book.name = "LKj Kota.xlsm"
    aksi, fungsi = macros.LAYANAN["narasi"]
    hasil = macros._jalankan(aksi, book, fungsi)
    assert hasil is not None, book.app.alerts
    assert hasil.docx == tmp_path / "rumah" / "Documents" / "LKj Kota_LKj.docx" and hasil.docx.exists()
    assert hasil.pdf is None and hasil.di_dokumen
    pesan = book.app.alerts[-1]["prompt"]
    assert "Documents" in pesan and "OneDrive" in pesan and "PDF" in pesan

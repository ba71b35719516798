"""Ekspor -> periksa: no macros, no formulas from user text, tamper detection."""

from __future__ import annotations

import datetime as dt
import zipfile
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from python_calamine import CalamineWorkbook

from kinerja_xl.contoh import satker_sintetis
from kinerja_xl.domain import kanonik
from kinerja_xl.gateway import ekspor_xlsx as px
from kinerja_xl.gateway.ekspor_xlsx import EksporXlsx, baca_ekspor
from kinerja_xl.gateway.recording import RecordingGateway
from kinerja_xl.services import ekspor as ek
from kinerja_xl.services.ekspor import EksporDitolak, ekspor
from kinerja_xl.services.periksa import _cek_hitung_ulang, periksa
from kinerja_xl.template import contract as c

TEKS_JAHAT = ("=1+1", "+62 812 555", "-5 kasus", "@SUM(A1:A2)")


def _satker(seed: int, **kw):
    return satker_sintetis(skala=1, seed=seed, bersih=True, **kw)


@pytest.fixture(scope="module")
def berkas(tmp_path_factory) -> Path:
    tabel = _satker(1)
    pk = tabel[c.PK_TABLE.name]
    for i, teks in enumerate(TEKS_JAHAT):
        pk.loc[i, "Penanggung Jawab"] = teks
    return ekspor(RecordingGateway(tabel), ke=tmp_path_factory.mktemp("ekspor")).berkas


def _salin(src: Path, tmp_path: Path, nama: str = "salinan.xlsx") -> Path:
    dst = tmp_path / nama
    dst.write_bytes(src.read_bytes())
    return dst


def _ubah(path: Path, lembar: str, sel: str, nilai) -> None:
    wb = openpyxl.load_workbook(path)
    wb[lembar][sel] = nilai
    wb.save(path)


def test_nama_dan_isi_ekspor(berkas):
    assert berkas.name == "LKj_700001_2025.xlsx"
    wb = CalamineWorkbook.from_path(str(berkas))
    assert ek.METADATA in wb.sheet_names
    for nama in (c.PK, c.PAGU, c.CAPAIAN, c.ANGGARAN, c.VALIDASI, c.NARASI, c.RINGKASAN):
        assert nama in wb.sheet_names
    md = baca_ekspor(berkas).metadata
    assert md[ek.MK.KODE_SATKER] == "700001"
    assert int(md[ek.MK.TAHUN]) == 2025
    assert md[ek.MK.VERSI_SKEMA] == c.VERSI_SKEMA
    assert md[ek.MK.BASIS] in c.BASIS_REALISASI


def test_tanpa_makro_tanpa_rumus_dan_terkunci(berkas):
    with zipfile.ZipFile(berkas) as z:
        nama = z.namelist()
        assert not any("vbaProject" in n for n in nama)
        sheets = [n for n in nama if n.startswith("xl/worksheets/sheet")]
        assert sheets
        for n in sheets:
            xml = z.read(n).decode("utf-8")
            assert "<f>" not in xml and "<f " not in xml, n
            assert "<sheetProtection" in xml, n
        ct = z.read("[Content_Types].xml").decode()
        assert "macroEnabled" not in ct
    pk = baca_ekspor(berkas).df(c.PK_TABLE)
    assert list(pk["Penanggung Jawab"][: len(TEKS_JAHAT)]) == list(TEKS_JAHAT)


def test_utuh_setelah_ekspor(berkas):
    h = periksa(EksporXlsx(berkas))
    assert h.status == "utuh" and h.kode_keluar == 0, h.pesan()
    assert h.jaminan == "sha256" and h.hitung_ulang
    assert "tidak sengaja" in h.pesan() and h.tanda_tangan == {"status": "tidak_ada", "kode_satker": ""}


def test_ubah_angka_pagu_ketahuan_di_barisnya(berkas, tmp_path):
    p = _salin(berkas, tmp_path)
    _ubah(p, c.PAGU, "C9", 123456789)  # Pagu column, data row 5 (sheet row 9)
    h = periksa(EksporXlsx(p))
    assert h.status == "diubah" and h.kode_keluar == 1
    diubah = [m for m in h.masalah if m.jenis == "baris_diubah"]
    assert diubah and diubah[0].tabel == "tblPagu" and diubah[0].sel == "A9"
    assert any(m.jenis == "angka_berbeda" for m in h.masalah)  # outputs no longer follow the inputs


def test_hapus_baris_ketahuan(berkas, tmp_path):
    p = _salin(berkas, tmp_path)
    wb = openpyxl.load_workbook(p)
    wb[c.PK].delete_rows(7)
    wb.save(p)
    h = periksa(EksporXlsx(p))
    assert h.kode_keluar == 1
    assert any(m.jenis == "baris_dihapus" and m.tabel == "tblPK" and "semula baris 7" in m.pesan for m in h.masalah), (
        h.pesan()
    )


def test_ubah_tahun_ketahuan(berkas, tmp_path):
    p = _salin(berkas, tmp_path)
    wb = openpyxl.load_workbook(p)
    ws = wb[c.KONFIGURASI]
    baris = next(r for r in range(5, 30) if ws[f"A{r}"].value == c.Kunci.TAHUN)
    ws[f"B{baris}"] = "2024"
    wb.save(p)
    h = periksa(EksporXlsx(p))
    assert h.kode_keluar == 1
    assert any(m.tabel == "tblKonfigurasi" for m in h.masalah)
    p2 = _salin(berkas, tmp_path, "meta.xlsx")
    wb = openpyxl.load_workbook(p2)
    ws = wb[ek.METADATA]
    baris = next(r for r in range(5, 40) if ws[f"A{r}"].value == ek.MK.TAHUN)
    ws[f"B{baris}"] = 2024
    wb.save(p2)
    h2 = periksa(EksporXlsx(p2))
    assert h2.masalah[0].jenis == "metadata_diubah"
    assert {m.jenis for m in h2.masalah[1:]} <= {"bagian_diubah", "bagian_ditambah", "bagian_dihapus", "segel_hilang"}


def test_bukan_ekspor(tmp_path):
    teks = tmp_path / "bukan.xlsx"
    teks.write_text("bukan excel")
    assert periksa(EksporXlsx(teks)).kode_keluar == 2
    biasa = tmp_path / "biasa.xlsx"
    wb = openpyxl.Workbook()
    wb.active["A1"] = "halo"
    wb.save(biasa)
    h = periksa(EksporXlsx(biasa))
    assert h.status == "bukan_ekspor" and "Metadata" in h.pesan()


def test_hitung_ulang_menangkap_angka_keluaran_yang_diubah(berkas):
    b = baca_ekspor(berkas)
    assert _cek_hitung_ulang(b) == []
    kolom = c.CAPAIAN_TABLE.headers.index("Capaian (%)")
    b.tabel[c.CAPAIAN_TABLE.name][2][kolom] = 123.45
    masalah = _cek_hitung_ulang(b)
    assert [(m.lembar, m.sel) for m in masalah if m.tabel == "tblCapaian"] == [(c.CAPAIAN, "I7")]


def test_galat_menolak_ekspor_kecuali_dipaksa_dengan_alasan(tmp_path):
    tabel = satker_sintetis(skala=1, seed=5)  # the sample's planted mistakes include galat
    with pytest.raises(EksporDitolak) as e:
        ekspor(RecordingGateway(tabel), ke=tmp_path)
    assert e.value.galat and "galat" in str(e.value) and "--paksa" in str(e.value)
    assert not list(tmp_path.glob("*.xlsx"))
    with pytest.raises(EksporDitolak):
        ekspor(RecordingGateway(satker_sintetis(skala=1, seed=5)), ke=tmp_path, paksa="   ")
    h = ekspor(
        RecordingGateway(satker_sintetis(skala=1, seed=5)), ke=tmp_path, paksa="Batas waktu dari provinsi hari ini"
    )
    md = baca_ekspor(h.berkas).metadata
    assert md[ek.MK.DIPAKSA] == "Ya" and md[ek.MK.ALASAN] == "Batas waktu dari provinsi hari ini"
    assert int(md[ek.MK.JUMLAH_GALAT]) == len([t for t in h.laporan.temuan if t.galat]) > 0
    assert periksa(EksporXlsx(h.berkas)).utuh


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.none(),
            st.integers(-(10**15), 10**15),
            st.floats(allow_nan=False, allow_infinity=False, min_value=-1e12, max_value=1e12),
            st.text(max_size=12),
            st.booleans(),
            st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2100, 1, 1)),
        ),
        min_size=1,
        max_size=6,
    )
)
@example([137438953472.11548])  # 17 digits: XlsxWriter alone would round it differently
def test_kanonik_tahan_perjalanan_lewat_berkas(tmp_path_factory, nilai):
    """What XlsxWriter writes and calamine reads back hashes like the original."""
    import xlsxwriter

    p = tmp_path_factory.mktemp("k") / "k.xlsx"
    wb = xlsxwriter.Workbook(
        str(p), {"strings_to_formulas": False, "strings_to_numbers": False, "strings_to_urls": False}
    )
    ws = wb.add_worksheet("A")
    f = px._Format(wb)
    for j, v in enumerate(nilai):
        px._tulis_sel(ws, 0, j, v, f)
    ws.write_string(1, 0, "akhir")
    wb.close()
    baris = CalamineWorkbook.from_path(str(p)).get_sheet_by_name("A").to_python(skip_empty_area=False)[0]
    baris = (baris + [""] * len(nilai))[: len(nilai)]
    assert kanonik.baris_kanonik([baris]) == kanonik.baris_kanonik([nilai])


def test_kanonik_angka_dan_teks():
    assert kanonik.nilai_kanonik(5) == kanonik.nilai_kanonik(5.0) == kanonik.nilai_kanonik(Decimal("5.00")) == "5"
    assert kanonik.nilai_kanonik(0.1 + 0.2) == "0.3"
    assert kanonik.nilai_kanonik(26555194000.0) == "26555194000"
    assert kanonik.nilai_kanonik(None) == kanonik.nilai_kanonik(float("nan")) == kanonik.nilai_kanonik("  ") == ""
    assert kanonik.nilai_kanonik("Cafe\u0301 ") == "Caf\u00e9"
    assert kanonik.sha256_tabel(["a"], [[1]]) != kanonik.sha256_tabel(["a"], [[1]], persen=[(0, "a")])


@pytest.mark.libreoffice
def test_pdf_lembar_cetak(soffice, tmp_path, monkeypatch):
    """One PDF: the LKj document, then the tables; numbers in id-ID whatever the machine's locale."""
    import re
    import shutil
    import subprocess

    monkeypatch.setenv("LANG", "C")
    monkeypatch.setenv("LC_ALL", "en_US.UTF-8")
    h = ekspor(RecordingGateway(_satker(4)), ke=tmp_path, pdf=True)
    assert h.pdf == tmp_path / "LKj_700004_2025.pdf"
    assert h.pdf.read_bytes().startswith(b"%PDF") and h.pdf.stat().st_size > 10_000
    pdftotext = shutil.which("pdftotext")
    assert pdftotext, "pdftotext (poppler-utils) diperlukan"
    teks = subprocess.run([pdftotext, "-layout", str(h.pdf), "-"], capture_output=True, text=True, check=True).stdout
    halaman = teks.split("\f")
    awal_tabel = next(i for i, hal in enumerate(halaman) if "Ringkasan Kinerja KPU" in hal)
    lkj = "\f".join(halaman[:awal_tabel])
    assert "KATA PENGANTAR" in lkj and "BAB I PENDAHULUAN" in lkj and "BAB IV PENUTUP" in lkj
    tabel = "\f".join(halaman[awal_tabel:])
    assert "Realisasi Anggaran" in tabel and "BAB I PENDAHULUAN" not in tabel
    assert not re.search(r"\b\d{1,3}(,\d{3}){2,}\b", teks)  # never 10,499,312,980
    assert re.search(r"\b\d{1,3}(\.\d{3}){2,}\b", tabel)  # the tables' rupiah as 10.499.312.980
    assert periksa(EksporXlsx(h.berkas)).utuh  # printing never touches the export itself


def test_hash_dari_baris_kanonik_sama_dengan_hash_tabel():
    """The reader hashes the canonical rows it keeps for the rekap: the same SHA-256 as the writer's."""
    rows = [[1, 2.5, "  a\u0301 ", None], [Decimal("3.10"), float("nan"), "=1+1", True]]
    assert kanonik.sha256_kanonik(["A", "B", "C", "D"], kanonik.baris_kanonik(rows), [(1, "B")]) == (
        kanonik.sha256_tabel(["A", "B", "C", "D"], rows, [(1, "B")])
    )


def test_segel_dengan_sidik_dari_pemeriksaan_paket_sama(tmp_path):
    """The seal checked from the part digests taken while the package was checked (one inflate)
    reports exactly what a full re-read reports, for an intact and for a changed export."""
    import zipfile

    from kinerja_xl.gateway.batas import cek_paket
    from kinerja_xl.gateway.paket_ekspor import cek_segel

    h = ekspor(RecordingGateway(_satker(5)), ke=tmp_path)
    ubah = tmp_path / "ubah.xlsx"
    with zipfile.ZipFile(h.berkas) as zin, zipfile.ZipFile(ubah, "w") as zout:
        for i in zin.infolist():
            isi = zin.read(i)
            if i.filename == "xl/worksheets/sheet2.xml":
                isi = isi.replace(
                    b"</sheetData>", b'<row r="900"><c r="A900" t="inlineStr"><is><t>x</t></is></c></row></sheetData>'
                )
            zout.writestr(i, isi)
    for berkas in (h.berkas, ubah):
        sidik: dict[str, str] = {}
        cek_paket(berkas, berkas.name, sidik)
        assert cek_segel(berkas, sidik) == cek_segel(berkas)
    assert cek_segel(h.berkas).utuh and cek_segel(ubah).diubah

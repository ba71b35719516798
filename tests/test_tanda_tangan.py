"""Issue 19: per-satker Ed25519 signatures, the key registry, the package seal, format versions 1 and 2."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import openpyxl
import pytest
import typer
from typer.testing import CliRunner

from kinerja_xl.cli_provinsi import daftarkan
from kinerja_xl.contoh import satker_sintetis
from kinerja_xl.domain import kanonik
from kinerja_xl.domain.daftar_kunci import HEADER, baca_daftar_kunci
from kinerja_xl.gateway.ekspor_xlsx import EksporXlsx, KumpulanXlsx
from kinerja_xl.gateway.recording import RecordingGateway
from kinerja_xl.services import ekspor as ek
from kinerja_xl.services.ekspor import ekspor
from kinerja_xl.services.periksa import periksa
from kinerja_xl.services.rekap import rekap
from kinerja_xl.template import contract as c

FIXTURE_V1 = Path(__file__).parent / "fixtures" / "ekspor_v1_LKj_654987_2025.xlsx"


def _tabel(seed: int, kode: str | None = None) -> dict:
    tabel = satker_sintetis(skala=1, seed=seed, bersih=True)
    if kode is not None:
        konf = tabel[c.KONFIGURASI_TABLE.name]
        konf.loc[konf["Kunci"] == c.Kunci.KODE_SATKER, "Nilai"] = kode
    return tabel


def _baris(kode: str, kunci, dicabut: str = "") -> str:
    return f"{kode},Satker {kode},{kanonik.kunci_publik(kunci)},2025-01-01,{dicabut}"


@pytest.fixture(scope="module")
def kunci():
    return {
        "a": kanonik.buat_kunci(),
        "a2": kanonik.buat_kunci(),
        "b": kanonik.buat_kunci(),
        "dicabut": kanonik.buat_kunci(),
        "asing": kanonik.buat_kunci(),
    }


@pytest.fixture(scope="module")
def daftar(kunci):
    teks = "\n".join(
        [
            ",".join(HEADER),
            _baris("700001", kunci["a"]),
            _baris("700001", kunci["a2"]),
            _baris("700002", kunci["b"]),
            _baris("700001", kunci["dicabut"], "2025-06-30"),
            "700009,Satker rusak,bukan-base64!!,,",
        ]
    )
    return baca_daftar_kunci(teks, "daftar.csv")


@pytest.fixture(scope="module")
def ekspor_a(tmp_path_factory, kunci) -> Path:
    return ekspor(RecordingGateway(_tabel(1, "700001")), ke=tmp_path_factory.mktemp("a"), kunci=kunci["a"]).berkas


def test_daftar_kunci_baris_rusak_disebut_sisanya_dipakai(daftar):
    assert len(daftar.entri) == 4
    assert daftar.catatan == [
        "daftar.csv baris 6 diabaikan: kunci_publik bukan kunci publik Ed25519 (base64, 32 bita)."
    ]
    with pytest.raises(Exception, match="baris pertama"):
        baca_daftar_kunci("kode,kunci\n1,2\n")


def test_sah_dengan_kunci_satker_sendiri(ekspor_a, daftar):
    h = periksa(EksporXlsx(ekspor_a), daftar)
    assert h.utuh and h.tanda_tangan == {"status": "sah", "kode_satker": "700001"} and h.kode_keluar == 0, h.pesan()
    assert h.as_json()["tanda_tangan"]["status"] == "sah"
    tanpa_daftar = periksa(EksporXlsx(ekspor_a))
    assert tanpa_daftar.tanda_tangan["status"] == "tidak_dikenal" and tanpa_daftar.kode_keluar == 0


@pytest.mark.parametrize(
    ("pemilik", "klaim", "status", "kode_kunci"),
    [
        ("b", "700001", "milik_satker_lain", "700002"),  # satker B signs a file claiming to be A
        ("dicabut", "700001", "kunci_dicabut", "700001"),
        ("asing", "700001", "tidak_dikenal", ""),
        ("a2", "700001", "sah", "700001"),  # a second valid key of the same satker
    ],
)
def test_status_tanda_tangan(tmp_path, kunci, daftar, pemilik, klaim, status, kode_kunci):
    h = ekspor(RecordingGateway(_tabel(2, klaim)), ke=tmp_path, kunci=kunci[pemilik])
    p = periksa(EksporXlsx(h.berkas), daftar, hitung_ulang=False)
    assert p.utuh and p.tanda_tangan == {"status": status, "kode_satker": kode_kunci}
    assert p.kode_keluar == (0 if status == "sah" else 1)


def test_tanpa_tanda_tangan_dengan_daftar_keluar_1(tmp_path, daftar):
    h = ekspor(RecordingGateway(_tabel(3, "700001")), ke=tmp_path)
    p = periksa(EksporXlsx(h.berkas), daftar, hitung_ulang=False)
    assert p.utuh and p.tanda_tangan["status"] == "tidak_ada" and p.kode_keluar == 1


def _ganti_bagian(src: Path, dst: Path, ubah) -> None:
    """Rewrite a package part by part (what a hand edit or another tool does to the zip)."""
    with zipfile.ZipFile(src) as z:
        bagian = [(i, z.read(i)) for i in z.infolist()]
    with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as z:
        for i, data in bagian:
            data = ubah(i.filename, data)
            if data is not None:
                z.writestr(i.filename, data)
        tambahan = ubah(None, None)
        if tambahan:
            z.writestr(*tambahan)


def _bagian_lembar(path: Path, nama: str) -> str:
    from kinerja_xl.gateway.paket_ekspor import cek_segel

    return next(b for b, n in cek_segel(path).lembar.items() if n == nama)


def test_sel_jadi_rumus_dengan_nilai_lama_ketahuan(ekspor_a, tmp_path, daftar):
    """A cell becomes a formula but keeps its cached value: the table hash alone cannot see it."""
    bagian = _bagian_lembar(ekspor_a, c.PAGU)
    dst = tmp_path / "rumus.xlsx"

    def ubah(nama, data):
        if nama == bagian:
            teks = data.decode()
            awal = teks.index('<c r="C6"')
            akhir = teks.index("<v>", awal)
            return (teks[:akhir] + "<f>1+1</f>" + teks[akhir:]).encode()
        return data

    _ganti_bagian(ekspor_a, dst, ubah)
    p = periksa(EksporXlsx(dst), daftar, hitung_ulang=False)
    assert p.status == "diubah" and p.kode_keluar == 1
    assert any(m.jenis == "bagian_diubah" and m.lembar == c.PAGU for m in p.masalah), p.pesan()
    # the signature still covers the recorded seal; the part no longer matches it, so the file is not accepted
    assert p.tanda_tangan["status"] == "sah" and not p.utuh


def test_sel_ditambah_di_luar_tabel_ketahuan(ekspor_a, tmp_path):
    dst = shutil.copy(ekspor_a, tmp_path / "sel.xlsx")
    wb = openpyxl.load_workbook(dst)
    wb[c.NARASI]["Z200"] = '=HYPERLINK("http://contoh","klik")'
    wb.save(dst)
    p = periksa(EksporXlsx(dst), hitung_ulang=False)
    assert p.status == "diubah"
    assert any(m.jenis in ("bagian_diubah", "segel_hilang") for m in p.masalah), p.pesan()


def test_lembar_dan_bagian_ditambah_ketahuan(ekspor_a, tmp_path):
    dst = tmp_path / "lembar.xlsx"
    _ganti_bagian(ekspor_a, dst, lambda n, d: ("xl/worksheets/sheet99.xml", "<worksheet/>") if n is None else d)
    p = periksa(EksporXlsx(dst), hitung_ulang=False)
    assert p.status == "diubah"
    assert [m.jenis for m in p.masalah if m.jenis.startswith("bagian")] == ["bagian_ditambah"]
    assert "sheet99" in p.masalah[0].pesan or any("sheet99" in m.pesan for m in p.masalah)
    dst2 = shutil.copy(ekspor_a, tmp_path / "lembar2.xlsx")
    wb = openpyxl.load_workbook(dst2)
    wb.create_sheet("Tambahan")["A1"] = "isi"
    wb.save(dst2)
    assert periksa(EksporXlsx(dst2), hitung_ulang=False).status == "diubah"


def test_format_1_dan_kini_dibaca_periksa_dan_rekap(ekspor_a, tmp_path, daftar):
    v1 = periksa(EksporXlsx(FIXTURE_V1))
    assert v1.utuh and v1.metadata[ek.MK.VERSI_FORMAT] == "1", v1.pesan()
    assert v1.tanda_tangan["status"] == "tidak_ada"
    v2 = periksa(EksporXlsx(ekspor_a))
    assert v2.utuh and v2.metadata[ek.MK.VERSI_FORMAT] == ek.VERSI_FORMAT == "3"
    folder = tmp_path / "kiriman"
    folder.mkdir()
    shutil.copy(FIXTURE_V1, folder)
    shutil.copy(ekspor_a, folder)
    h = rekap(KumpulanXlsx([folder]), tmp_path / "R.xlsx", pekerja=1)
    assert sorted(s.kode_satker for s in h.diterima) == ["654987", "700001"], h.pesan()
    # with the registry only the sah export is consolidated; the unsigned v1 is listed with its status
    h2 = rekap(KumpulanXlsx([folder]), tmp_path / "R2.xlsx", daftar_kunci=daftar, pekerja=1)
    assert [s.kode_satker for s in h2.diterima] == ["700001"]
    assert [d.jenis for d in h2.ditolak] == ["tidak_ada"]


def test_cli_kunci_buat_sandi_dan_periksa(tmp_path, ekspor_a):
    app = typer.Typer()
    daftarkan(app)

    @app.command()
    def versi() -> None:  # a second command so Typer keeps sub-command names
        pass

    r = CliRunner()
    pem = tmp_path / "satker.pem"
    hasil = r.invoke(
        app,
        ["kunci", "buat", "--satker", "700001", "--nama", "KPU Kota Uji", str(pem), "--sandi"],
        input="rahasia\nrahasia\n",
    )
    assert hasil.exit_code == 0, hasil.output
    baris = next(b for b in hasil.stdout.splitlines() if b.startswith("700001,"))
    kode, nama, publik = baris.split(",")
    assert (kode, nama) == ("700001", "KPU Kota Uji") and kanonik.baca_kunci_publik(publik) is not None
    assert b"ENCRYPTED PRIVATE KEY" in pem.read_bytes()
    assert kanonik.kunci_publik(kanonik.baca_kunci(pem.read_bytes(), b"rahasia")) == publik
    with pytest.raises(Exception, match="sandi"):
        kanonik.baca_kunci(pem.read_bytes(), b"salah")
    assert r.invoke(app, ["kunci", "buat", str(tmp_path / "x.pem")]).exit_code != 0  # --satker is required
    reg = tmp_path / "daftar.csv"
    reg.write_text(",".join(HEADER) + "\n" + f"700001,KPU Kota Uji,{publik},,\n", encoding="utf-8")
    hasil = r.invoke(app, ["periksa", str(ekspor_a), "--daftar-kunci", str(reg)])
    assert hasil.exit_code == 1 and "tidak ada di daftar" in hasil.output  # signed by another key of 700001


def test_segel_dihitung_ulang_tanpa_kunci_tidak_sah(ekspor_a, tmp_path, daftar):
    """Someone edits a sheet and rewrites the recorded part digests, keeping the old signature."""
    import json
    import re

    from kinerja_xl.gateway import paket_ekspor as paket

    bagian = _bagian_lembar(ekspor_a, c.NARASI)
    dst = tmp_path / "palsu.xlsx"
    _ganti_bagian(
        ekspor_a,
        dst,
        lambda n, d: (
            d.replace(b"</sheetData>", b'<row r="999"><c r="A999"><v>1</v></c></row></sheetData>') if n == bagian else d
        ),
    )
    sidik = paket._sidik({i.filename: zipfile.ZipFile(dst).read(i) for i in zipfile.ZipFile(dst).infolist()})
    baru = json.dumps(sidik, sort_keys=True, separators=(",", ":")).encode()
    _ganti_bagian(
        dst,
        tmp_path / "palsu2.xlsx",
        lambda n, d: (
            re.sub(
                rb'(name="kinerja-xl Sidik Bagian"[^>]*><vt:lpwstr>).*?(</vt:lpwstr>)',
                lambda m: m.group(1) + baru + m.group(2),
                d,
            )
            if n == "docProps/custom.xml"
            else d
        ),
    )
    p = periksa(EksporXlsx(tmp_path / "palsu2.xlsx"), daftar, hitung_ulang=False)
    assert not [m for m in p.masalah if m.jenis.startswith("bagian")]  # the digests now match the parts...
    assert p.status == "diubah" and "tanda_tangan_tidak_sah" in [m.jenis for m in p.masalah]  # ...not the signature
    assert p.tanda_tangan["status"] == "tidak_ada" and p.kode_keluar == 1

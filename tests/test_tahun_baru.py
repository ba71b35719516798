"""`kinerja-xl tahun-baru` and the Tahun Baru button (issue 18): next year's workbook from this year's."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from kinerja_xl.cli import app, isi_workbook, template_bawaan
from kinerja_xl.contoh import satker_contoh
from kinerja_xl.gateway.file import FileGateway
from kinerja_xl.services.dokumen import naskah_lkj
from kinerja_xl.services.hitung import nilai
from kinerja_xl.services.masukan import baca_masukan
from kinerja_xl.services.tahun_baru import gulirkan
from kinerja_xl.services.validasi import laporan
from kinerja_xl.template import contract as c
from kinerja_xl.xl import macros

runner = CliRunner()
FIXTURE_SKEMA_3 = Path(__file__).parent / "fixtures" / "skema3_contoh.xlsm"


def _md5(p: Path) -> str:
    return hashlib.md5(p.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def diproses(tmp_path_factory) -> Path:
    """The processed sample: `kinerja-xl demo` (SAKTI import, proses), without the PDFs."""
    folder = tmp_path_factory.mktemp("tb")
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr("kinerja_xl.libreoffice.cari_soffice", lambda: None)
        res = runner.invoke(app, ["demo", str(folder)])
    assert res.exit_code == 0, res.output
    return folder / "LKj_KPU_Kota_Contoh.xlsm"


@pytest.fixture(scope="module")
def tahun_depan(diproses, tmp_path_factory) -> tuple[Path, Path, str, str]:
    folder = tmp_path_factory.mktemp("tb_baru")
    lama = folder / "Kota.xlsm"
    shutil.copyfile(diproses, lama)
    sebelum = _md5(lama)
    res = runner.invoke(app, ["tahun-baru", str(lama)])
    assert res.exit_code == 0, res.output
    return lama, folder / "Kota_2026.xlsm", sebelum, " ".join(res.output.split())  # the console wraps lines


def _tabel(path: Path, spec: c.TableSpec) -> pd.DataFrame:
    return FileGateway(path).baca_tabel(spec).data[spec.headers]


def _konf(path: Path) -> dict[str, object]:
    df = _tabel(path, c.KONFIGURASI_TABLE)
    return dict(zip(df["Kunci"], df["Nilai"], strict=False))


def test_berkas_lama_tidak_berubah_dan_nama_bawaan(tahun_depan):
    lama, baru, sebelum, keluaran = tahun_depan
    assert _md5(lama) == sebelum
    assert baru.exists() and not baru.with_name(baru.name + ".bak").exists()
    assert "Workbook tahun 2026 dibuat" in keluaran and "tidak diubah" in keluaran
    assert "Temuan workbook tahun 2025 yang ikut terbawa" in keluaran and "S12.03" in keluaran  # galat carried


def test_konfigurasi_pk_riwayat_realisasi_rencana_aksi_pagu(tahun_depan):
    lama, baru, _, _ = tahun_depan
    k = _konf(baru)
    assert k[c.Kunci.TAHUN] == "2026" and k[c.Kunci.VERSI_SKEMA] == c.VERSI_SKEMA
    assert all(
        k[kunci] is None
        for kunci in (c.Kunci.TANGGAL_PK, c.Kunci.TANGGAL_LAPORAN, c.Kunci.TRIWULAN, c.Kunci.BULAN_PELAPORAN)
    )
    assert k[c.Kunci.NAMA_SATKER] == _konf(lama)[c.Kunci.NAMA_SATKER]
    pk_lama, pk = _tabel(lama, c.PK_TABLE), _tabel(baru, c.PK_TABLE)
    for kolom in (
        "Kode Indikator",
        "Indikator Kinerja",
        "Polaritas",
        "Satuan",
        "Unit Kerja",
        "Kode Anggaran",
        "Target",
    ):  # no 2026 row in tblRenstra: this year's target proposed
        assert list(pk[kolom]) == list(pk_lama[kolom]), kolom
    assert pk["Target TW I"].isna().all()
    hasil_lama = nilai(baca_masukan(FileGateway(lama)))
    real = {r["kode"]: r["realisasi"] for _, r in hasil_lama.capaian.indikator.iterrows() if r["realisasi"]}
    tahun_lalu = dict(zip(pk["Kode Indikator"], pk["Realisasi Tahun Lalu"], strict=False))
    assert all(tahun_lalu[kd] == v for kd, v in real.items())
    riwayat = _tabel(baru, c.RIWAYAT_TABLE)
    baru_2025 = riwayat[riwayat["Tahun"].astype(str).str.removesuffix(".0") == "2025"]
    assert len(riwayat) == len(_tabel(lama, c.RIWAYAT_TABLE)) + len(baru_2025) and len(baru_2025) == len(real)
    realisasi = _tabel(baru, c.REALISASI_TABLE)
    assert list(realisasi["Kode Indikator"]) == list(pk["Kode Indikator"])
    assert realisasi.drop(columns=["Kode Indikator"]).isna().all().all()
    ra_lama, ra = _tabel(lama, c.RENCANA_AKSI_TABLE), _tabel(baru, c.RENCANA_AKSI_TABLE)
    assert list(ra["Kegiatan"]) == list(ra_lama["Kegiatan"])
    assert ra[[f"B{i}" for i in range(1, 13)] + [f"Realisasi B{i}" for i in range(1, 13)]].isna().all().all()
    assert _tabel(baru, c.PAGU_TABLE)["Kode"].isna().all()
    for spec in (
        c.REFERENSI_TABLE,
        c.PROFIL_TABLE,
        c.SKALA_TABLE,
        c.SKALA_PREDIKAT_TABLE,
        c.TEMPLATE_NARASI_TABLE,
        c.UNIT_TABLE,
    ):
        pd.testing.assert_frame_equal(_tabel(baru, spec), _tabel(lama, spec), check_dtype=False, obj=spec.name)


def test_setelah_realisasi_dan_pagu_diisi_tanpa_galat_dan_lkj_membandingkan(tahun_depan, tmp_path):
    """Filled as staff fill it during the year: Realisasi, Pagu (from SAKTI: here the old one) and the
    Triwulan Pelaporan the realisasi is for (cleared by the roll-over, a required key)."""
    lama, baru, _, _ = tahun_depan
    p = tmp_path / "isi.xlsm"
    shutil.copyfile(baru, p)
    gw = FileGateway(p)
    real_lama = _tabel(lama, c.REALISASI_TABLE).drop_duplicates("Kode Indikator")
    isi = _tabel(p, c.REALISASI_TABLE)[["Kode Indikator"]].merge(real_lama, on="Kode Indikator", how="left")
    gw.tulis_tabel(c.REALISASI_TABLE, isi[c.REALISASI_TABLE.headers])
    gw.tulis_tabel(c.PAGU_TABLE, _tabel(lama, c.PAGU_TABLE))
    konf = _tabel(p, c.KONFIGURASI_TABLE)
    konf.loc[konf["Kunci"] == c.Kunci.TRIWULAN, "Nilai"] = "4"
    gw.tulis_tabel(c.KONFIGURASI_TABLE, konf)
    gw.simpan()
    hasil = nilai(baca_masukan(FileGateway(p)))
    galat = [t for t in laporan(hasil).temuan if t.galat]
    assert galat == [], [t.pesan for t in galat]
    assert runner.invoke(app, ["validasi", str(p)]).exit_code == 0
    teks = " ".join(b.teks for b in naskah_lkj(hasil).blok)
    assert "realisasi tahun 2025" in teks or "Dibandingkan tahun 2025" in teks


def test_tujuan_ada_tanpa_ganti_keluar_2_dan_dengan_ganti_0(tahun_depan):
    lama, baru, sebelum, _ = tahun_depan
    isi = baru.read_bytes()
    res = runner.invoke(app, ["tahun-baru", str(lama)])
    assert res.exit_code == 2 and "sudah ada" in res.output and "--ganti" in res.output and baru.read_bytes() == isi
    lain = lama.with_name("lain.xlsm")
    assert runner.invoke(app, ["tahun-baru", str(lama), "--keluar", str(lain)]).exit_code == 0 and lain.exists()
    res = runner.invoke(app, ["tahun-baru", str(lama), "--keluar", str(lain), "--ganti"])
    assert res.exit_code == 0, res.output
    assert _md5(lama) == sebelum


def test_target_renstra_tahun_baru_dan_peringatan():
    tabel = satker_contoh()
    tabel[c.RENSTRA_TABLE.name] = pd.concat(
        [tabel[c.RENSTRA_TABLE.name], pd.DataFrame([{"Kode Indikator": "S02.01", "Tahun": "2026", "Target": "A"}])],
        ignore_index=True,
    )
    tabel = {k: v.copy() for k, v in tabel.items()}
    tahun, peringatan = gulirkan(tabel)
    pk = tabel[c.PK_TABLE.name].set_index("Kode Indikator")
    assert tahun == 2026 and pk.at["S02.01", "Target"] == "A"
    assert not any("S02.01" in p for p in peringatan)
    assert any(p.startswith("Indikator S01.01:") and "Renstra" in p for p in peringatan)
    assert len(peringatan) == len(pk) - 1


def test_template_lama_dimigrasi_dulu(tmp_path):
    lama = tmp_path / "skema3.xlsm"
    shutil.copyfile(FIXTURE_SKEMA_3, lama)
    sebelum = _md5(lama)
    res = runner.invoke(app, ["tahun-baru", str(lama), "--keluar", str(tmp_path / "baru.xlsm")])
    assert res.exit_code == 0, res.output
    keluaran = " ".join(res.output.split())
    assert "dibuat dengan template skema 3" in keluaran and f"ke skema {c.VERSI_SKEMA}" in keluaran
    k = _konf(tmp_path / "baru.xlsm")
    assert k[c.Kunci.VERSI_SKEMA] == c.VERSI_SKEMA and k[c.Kunci.JUDUL_RKT] == c.JUDUL_RKT_BAWAAN
    assert _md5(lama) == sebelum


def test_tombol_tahun_baru_lewat_fake(tmp_path, monkeypatch):
    from fake_xlwings import book_dari_xlsx

    monkeypatch.setattr("kinerja_xl.libreoffice.cari_soffice", lambda: None)
    berkas = isi_workbook(tmp_path / "Kota.xlsm", satker_contoh())
    sebelum = _md5(berkas)
    book = book_dari_xlsx(berkas)
    aksi, fungsi = macros.LAYANAN["tahun_baru"]
    assert aksi == "Tahun Baru" == c.TOMBOL_LEMBAR[c.PETUNJUK][0][0]
    hasil = macros._jalankan(aksi, book, fungsi)
    assert hasil is not None, book.app.alerts
    assert hasil.tujuan == tmp_path / "Kota_2026.xlsm" and hasil.tujuan.exists()
    assert str(hasil.tujuan) in book.app.alerts[-1]["prompt"]
    assert _konf(hasil.tujuan)[c.Kunci.TAHUN] == "2026" and _md5(berkas) == sebelum
    # again: the file exists, staff answer No -> nothing replaced, one message
    isi = hasil.tujuan.read_bytes()
    book.app.jawaban = ["no"]
    assert macros._jalankan(aksi, book, fungsi) is None
    assert hasil.tujuan.read_bytes() == isi
    assert "Kota_2026.xlsm sudah ada" in book.app.alerts[-2]["prompt"] and "dibatalkan" in book.app.alerts[-1]["prompt"]
    book.app.jawaban = ["yes"]
    assert macros._jalankan(aksi, book, fungsi) is not None


def test_template_bawaan_punya_kunci_judul_rkt():
    assert _konf(template_bawaan())[c.Kunci.JUDUL_RKT] == c.JUDUL_RKT_BAWAAN

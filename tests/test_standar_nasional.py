"""The national standard of an indikator (tblStandarNasional, schema 6): compared in the LKj when given."""

from __future__ import annotations

import pandas as pd
import pytest

from kinerja_xl.contoh import satker_contoh, satker_sintetis
from kinerja_xl.domain.aturan import Jenis
from kinerja_xl.domain.temuan import Tingkat
from kinerja_xl.gateway.ekspor_xlsx import EksporXlsx, baca_ekspor
from kinerja_xl.gateway.recording import RecordingGateway
from kinerja_xl.services.dokumen import naskah_lkj
from kinerja_xl.services.ekspor import ekspor
from kinerja_xl.services.hitung import nilai
from kinerja_xl.services.masukan import baca_masukan
from kinerja_xl.services.narasi import susun_narasi
from kinerja_xl.services.periksa import periksa
from kinerja_xl.services.validasi import laporan
from kinerja_xl.template import contract as c

KALIMAT = "Standar nasional indikator ini"


def _hasil(tabel: dict[str, pd.DataFrame]):
    return nilai(baca_masukan(RecordingGateway(tabel)))


def _standar(tabel: dict[str, pd.DataFrame], *baris: tuple[str, str, str | None]) -> dict[str, pd.DataFrame]:
    tabel[c.STANDAR_NASIONAL_TABLE.name] = pd.DataFrame(list(baris), columns=c.STANDAR_NASIONAL_TABLE.headers)
    return tabel


def _paragraf(hasil, kode: str) -> str:
    """The comparison paragraph of one indikator in the Narasi rows."""
    rows, _ = susun_narasi(hasil)
    teks = [str(p) for k, p in zip(rows["Kode"], rows["Paragraf"], strict=True) if k == kode and KALIMAT in str(p)]
    assert len(teks) <= 1
    return teks[0] if teks else ""


def _realisasi(tabel: dict[str, pd.DataFrame], kode: str, teks: str) -> None:
    real = tabel[c.REALISASI_TABLE.name]
    real.loc[real["Kode Indikator"] == kode, "Realisasi"] = teks


def test_contoh_membandingkan_dengan_standar_nasional_di_lkj():
    naskah = naskah_lkj(_hasil(satker_contoh()))
    teks = [b.teks for b in naskah.blok if KALIMAT in b.teks]
    assert len(teks) == 2  # the sample gives two standards, both on the satker's own PK
    ikm = next(t for t in teks if "PermenPAN-RB Nomor 14 Tahun 2017" in t)
    assert "rentang 76,61–88,3 nilai" in ikm and "telah memenuhi standar nasional" in ikm


def test_tanpa_standar_tidak_ada_kalimat():
    tabel = _standar(satker_contoh())
    hasil = _hasil(tabel)
    assert not [b for b in naskah_lkj(hasil).blok if KALIMAT in b.teks]
    assert not any(KALIMAT in str(p) for p in susun_narasi(hasil)[0]["Paragraf"])


@pytest.mark.parametrize(
    ("realisasi", "standar", "kata"),
    [
        ("85", "76,61-88,30", "telah memenuhi standar nasional"),  # inside the range
        ("90", "76,61-88,30", "telah memenuhi standar nasional"),  # above a range, positive polarity
        ("70", "76,61-88,30", "belum memenuhi standar nasional"),  # below the range
        ("82", "85", "belum memenuhi standar nasional"),
        ("86", "85", "telah memenuhi standar nasional"),
    ],
)
def test_standar_angka_dan_rentang(realisasi: str, standar: str, kata: str):
    tabel = _standar(satker_contoh(), ("S19.02", standar, "Contoh"))
    _realisasi(tabel, "S19.02", realisasi)
    teks = _paragraf(_hasil(tabel), "S19.02")
    assert kata in teks, teks
    assert "(Contoh)" in teks


def test_polaritas_negatif():
    """S07.01 (negatif: fewer sanctions are better): at or below the standard meets it."""
    tabel = _standar(satker_contoh(), ("S07.01", "5%", None))
    _realisasi(tabel, "S07.01", "2%")
    assert "telah memenuhi standar nasional" in _paragraf(_hasil(tabel), "S07.01")
    _realisasi(tabel, "S07.01", "8%")
    teks = _paragraf(_hasil(tabel), "S07.01")
    assert "belum memenuhi standar nasional" in teks and "()" not in teks


def test_standar_predikat_memakai_skala():
    tabel = _standar(satker_contoh(), ("S10.02", "Menuju Informatif", "Komisi Informasi"))
    teks = _paragraf(_hasil(tabel), "S10.02")
    assert "Menuju Informatif" in teks and "standar nasional" in teks


def test_standar_tidak_terbaca_dilaporkan_di_selnya(tmp_path):
    from kinerja_xl.cli import isi_workbook
    from kinerja_xl.gateway.file import FileGateway

    tabel = _standar(
        satker_contoh(),
        ("S19.02", "baik sekali", None),
        ("S03.02", "95%", None),
        ("X99.99", "90%", None),
        ("S02.01", None, "tanpa standar"),
    )
    path = isi_workbook(tmp_path / "standar.xlsm", tabel)
    hasil = nilai(baca_masukan(FileGateway(path)))
    temuan = [t for t in laporan(hasil).temuan if t.jenis == Jenis.STANDAR_NASIONAL_TIDAK_TERBACA]
    # tblStandarNasional sits at F4 of the Renstra sheet: Kode Indikator in F, Standar in G, data from row 5
    assert sorted((t.kode, t.lokasi.lembar, t.lokasi.sel) for t in temuan) == [
        ("S02.01", c.RENSTRA, "G8"),
        ("S19.02", c.RENSTRA, "G5"),
        ("X99.99", c.RENSTRA, "F7"),
    ]
    assert all(t.tingkat is Tingkat.PERINGATAN for t in temuan)
    assert "'baik sekali'" in next(t.pesan for t in temuan if t.kode == "S19.02")
    # an unreadable standard is said to be not comparable, never guessed
    assert "belum dapat dibandingkan secara langsung dengan standar tersebut" in _paragraf(hasil, "S19.02")


def test_ekspor_membawa_standar_dan_tetap_utuh(tmp_path):
    tabel = satker_sintetis(skala=1, seed=5, bersih=True)
    assert len(tabel[c.STANDAR_NASIONAL_TABLE.name]) == 2
    berkas = ekspor(RecordingGateway(tabel), ke=tmp_path).berkas
    dibaca = baca_ekspor(berkas)
    assert list(dibaca.df(c.STANDAR_NASIONAL_TABLE)["Kode Indikator"]) == ["S03.02", "S19.02"]
    assert any(KALIMAT in str(p) for p in dibaca.df(c.NARASI_TABLE)["Paragraf"])
    h = periksa(EksporXlsx(berkas))
    assert h.status == "utuh" and h.kode_keluar == 0, h.pesan()

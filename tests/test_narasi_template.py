"""Template overrides from the workbook's Template Narasi sheet: used when valid, reported when broken."""

from __future__ import annotations

import pandas as pd
import pytest

from kinerja_xl import api
from kinerja_xl.contoh import satker_contoh
from kinerja_xl.domain.aturan import Jenis
from kinerja_xl.gateway.recording import RecordingGateway
from kinerja_xl.narasi import JENIS_RUSAK, TEMPLATE_NARASI, TEMPLATE_NARASI_TABLE, TemplateNarasi, template_bawaan
from kinerja_xl.narasi.susun import ISI_PENYEBAB, ISI_UPAYA
from kinerja_xl.services.narasi import narasi
from kinerja_xl.template import contract as c


def _gateway(override: list[tuple[str, str]] | None):
    tabel = satker_contoh()
    if override is not None:
        tabel[TEMPLATE_NARASI_TABLE.name] = pd.DataFrame(override, columns=TEMPLATE_NARASI_TABLE.headers)
    return RecordingGateway(tabel)


def _paragraf(g) -> pd.DataFrame:
    return g.tables[c.NARASI_TABLE.name]


def _validasi(g) -> pd.DataFrame:
    return g.tables[c.VALIDASI_TABLE.name]


def test_tanpa_lembar_template_memakai_bawaan():
    g = _gateway(None)
    rows = narasi(g)
    assert list(rows.columns) == c.NARASI_TABLE.headers
    assert rows["Paragraf"].str.startswith("Pada Tahun 2025").any()
    assert JENIS_RUSAK.nama not in set(_validasi(g)["Jenis"])
    assert g.disimpan == 0


def test_override_mengganti_kalimat():
    teks = "Sasaran ke-{{ nomor }} ({{ kode }}) tercapai {{ capaian|persen }}."
    g = _gateway([("sasaran", teks)])
    rows = api.narasi(g)  # the Python door commits; the service itself never saves
    par = rows[rows["Kode"] == "S02"]["Paragraf"].tolist()
    # the LKj narrates the satker's own PK: S02 is its first sasaran, SAKIP B of BB (issue 16)
    assert par == ["Sasaran ke-1 (S02) tercapai 80,00%."]
    sasaran = rows[rows["Kode"].str.fullmatch(r"S\d\d")]
    assert len(sasaran) == 7 and sasaran["Paragraf"].str.startswith("Sasaran ke-").all()
    assert JENIS_RUSAK.nama not in set(_validasi(g)["Jenis"])
    assert g.disimpan == 1


def test_template_salah_tulis_dilaporkan_dengan_kunci_dan_baris():
    rusak = "Baris pertama baik.\nCapaian {{ capaian|persen }\n"
    g = _gateway([("sasaran", rusak)])
    rows = narasi(g)
    # the shipped wording is used instead, so the report is complete
    assert rows[rows["Kode"] == "S02"]["Paragraf"].str.contains("diukur dengan 1 \\(satu\\) indikator").all()
    val = _validasi(g)
    temuan = val[val["Jenis"] == JENIS_RUSAK.nama]
    assert len(temuan) == 1
    pesan = temuan.iloc[0]["Pesan"]
    assert "'sasaran'" in pesan and "baris 2" in pesan
    assert temuan.iloc[0]["Tingkat"] == "peringatan"
    assert temuan.iloc[0]["Lembar"] == TEMPLATE_NARASI
    assert "B2" in str(temuan.iloc[0]["Sel"])


def test_template_gagal_saat_dijalankan_dilaporkan_sekali():
    rusak = "Indikator {{ ind.nama }}.\n{{ tidak_ada.sama_sekali }}"
    g = _gateway([("indikator", rusak)])
    rows = narasi(g)
    assert rows["Paragraf"].str.startswith("Indikator ").any()
    temuan = _validasi(g)[lambda v: v["Jenis"] == JENIS_RUSAK.nama]
    assert len(temuan) == 1
    assert "'indikator'" in temuan.iloc[0]["Pesan"] and "baris 2" in temuan.iloc[0]["Pesan"]


def test_sandbox_menolak_akses_internal():
    t = TemplateNarasi.muat({"sasaran": "{{ nomor.__class__.__mro__ }}"})
    teks = t.render(
        "sasaran", nomor=1, kode="S01", uraian="U", jumlah_indikator=1, jumlah_dihitung=1, capaian=None, kategori=""
    )
    assert "class" not in teks and teks.startswith("Sasaran 1")
    assert [x.kode for x in t.temuan] == ["sasaran"]


def test_kunci_tidak_dikenal_diperingatkan():
    t = TemplateNarasi.muat({"bab9": "x"})
    assert len(t.temuan) == 1 and "bab9" in t.temuan[0].pesan
    assert set(t.aktif) == set(template_bawaan())


def test_analisis_kosong_jadi_penanda_bukan_karangan():
    tabel = satker_contoh()
    re_ = tabel[c.REALISASI_TABLE.name]
    pk = tabel[c.PK_TABLE.name]
    satker = set(pk.loc[pk["Unit Kerja"].isin([None, "", c.KODE_UNIT_SEKRETARIAT]), "Kode Indikator"])
    re_.loc[re_["Kode Indikator"] == "S09.02", ["Analisis Penyebab", "Upaya Perbaikan"]] = None
    g = RecordingGateway(tabel)
    rows = narasi(g)
    val = _validasi(g)
    kosong = set(val[val["Jenis"] == Jenis.ANALISIS_KOSONG.nama]["Kode"]) & satker  # unit PKs: lampiran only
    assert kosong == {"S09.02"}
    for kode in kosong:
        teks = " ".join(rows[rows["Kode"] == kode]["Paragraf"])
        assert ISI_PENYEBAB in teks and ISI_UPAYA in teks
    # every analysis sentence quotes what staff typed, verbatim
    ditulis = [
        str(x)
        for k, x in zip(re_["Kode Indikator"], re_["Analisis Penyebab"], strict=True)
        if k in satker and isinstance(x, str) and x.strip()
    ]
    semua = " ".join(rows["Paragraf"])
    for x in ditulis:
        assert x.rstrip(".") in semua


@pytest.mark.parametrize("kunci", sorted(template_bawaan()))
def test_template_bawaan_terkompilasi(kunci):
    t = TemplateNarasi.muat()
    assert kunci in t.aktif and t.temuan == []


def test_temuan_narasi_digabung_sama_apa_pun_urutannya():
    """Narasi returns its findings; merging them before or after the report is built gives one report."""
    from kinerja_xl.services.hitung import nilai
    from kinerja_xl.services.masukan import baca_masukan
    from kinerja_xl.services.narasi import tulis_narasi
    from kinerja_xl.services.validasi import laporan

    g = _gateway([("sasaran", "Capaian {{ capaian|persen }\n")])
    hasil = nilai(baca_masukan(g))
    rows, temuan = tulis_narasi(g, hasil)
    assert [t.jenis for t in temuan] == [JENIS_RUSAK] and len(rows)
    dulu = laporan(hasil)
    dulu.gabung(temuan)
    dulu.gabung(temuan)  # each finding once
    kemudian = laporan(hasil)
    kemudian.temuan = list(temuan) + kemudian.temuan
    kemudian.gabung([])
    assert dulu.temuan == kemudian.temuan
    assert sum(t.jenis is JENIS_RUSAK for t in dulu.temuan) == 1

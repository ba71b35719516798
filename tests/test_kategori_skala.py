"""The kategori scale: half-open bands and the gap/overlap checker."""

from __future__ import annotations

from decimal import Decimal

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kinerja_xl.domain.kategori import Pita, Skala, periksa_skala
from kinerja_xl.domain.temuan import Tingkat

D = Decimal
DEFAULT_ROWS = [
    (100, None, "Sangat Berhasil"),
    (90, 100, "Berhasil"),
    (70, 90, "Cukup Berhasil"),
    (50, 70, "Kurang Berhasil"),
    (0, 50, "Tidak Berhasil"),
]


@pytest.mark.parametrize(
    "capaian, kategori",
    [
        ("105.26", "Sangat Berhasil"),
        ("100.01", "Sangat Berhasil"),
        ("100.00", "Berhasil"),
        ("90.50", "Berhasil"),
        ("90.01", "Berhasil"),
        ("90.00", "Cukup Berhasil"),
        ("70.00", "Kurang Berhasil"),
        ("50.01", "Kurang Berhasil"),
        ("50.00", "Tidak Berhasil"),
        ("0.00", "Tidak Berhasil"),
        ("-3", "Tidak Berhasil"),
    ],
)
def test_skala_default_setengah_terbuka(capaian, kategori):
    assert Skala.default().kategori(D(capaian)) == kategori


def test_kategori_none():
    assert Skala.default().kategori(None) is None


def test_periksa_skala_default_diterima_dari_dataframe_dan_teks():
    df = pd.DataFrame(
        [
            ("100", None, "Sangat Berhasil"),
            ("90", "100", "Berhasil"),
            (70, 90.0, "Cukup Berhasil"),
            ("50", "70", "Kurang Berhasil"),
            ("0", "50", "Tidak Berhasil"),
        ],
        columns=["batas_bawah", "batas_atas", "kategori"],
    )
    skala, temuan = periksa_skala(df)
    assert temuan == []
    assert skala.kategori(D("90.5")) == "Berhasil"
    assert {p.kategori for p in skala.pita} == {r[2] for r in DEFAULT_ROWS}
    assert periksa_skala(DEFAULT_ROWS)[0].kategori(D(101)) == "Sangat Berhasil"


def test_celah_ditolak():
    # the published mistake: "kurang dari 5%" then "55% sampai 75%"
    rows = [(75, None, "Baik"), (55, 75, "Cukup"), (0, 5, "Kurang")]
    skala, temuan = periksa_skala(rows)
    assert skala is None
    assert [t.jenis for t in temuan] == ["skala_kategori_tidak_valid"]
    t = temuan[0]
    assert t.tingkat is Tingkat.GALAT
    assert t.lokasi.tabel == "skala" and t.lokasi.baris == 1 and t.lokasi.kolom == "batas_bawah"
    assert "bercelah" in t.pesan


def test_tumpang_tindih_ditolak():
    skala, temuan = periksa_skala([(100, None, "A"), (85, 100, "B"), (0, 90, "C")])
    assert skala is None and "tumpang tindih" in temuan[0].pesan


def test_puncak_harus_terbuka_dan_satu():
    _, temuan = periksa_skala([(100, 120, "A"), (0, 100, "B")])
    assert any("batas_atas" == t.lokasi.kolom for t in temuan)
    _, temuan = periksa_skala([(100, None, "A"), (50, None, "B"), (0, 50, "C")])
    assert temuan


@pytest.mark.parametrize(
    "rows, kolom",
    [
        ([("abc", None, "A")], "batas_bawah"),
        ([(None, 5, "A")], "batas_bawah"),
        ([(0, "x", "A")], "batas_atas"),
        ([(0, None, "")], "kategori"),
        ([(10, 5, "A"), (5, None, "B")], "batas_atas"),
        ([("1.5", None, "A")], "batas_bawah"),
    ],
)
def test_baris_tidak_sah(rows, kolom):
    skala, temuan = periksa_skala(rows)
    assert skala is None
    assert temuan[0].lokasi.kolom == kolom


def test_skala_kosong_ditolak_baris_kosong_dilewati():
    assert periksa_skala([])[0] is None
    skala, temuan = periksa_skala([(None, None, None), (0, None, "Semua")])
    assert temuan == [] and skala.kategori(D(5)) == "Semua"


@st.composite
def skala_rusak(draw):
    """A valid integer scale with one bound moved, making a gap or an overlap."""
    batas = sorted(draw(st.sets(st.integers(min_value=1, max_value=300), min_size=2, max_size=6)))
    titik = [0, *batas]
    rows = [(titik[i], titik[i + 1], f"K{i}") for i in range(len(titik) - 1)] + [(titik[-1], None, "Puncak")]
    i = draw(st.integers(min_value=0, max_value=len(rows) - 2))
    geser = draw(st.integers(min_value=-5, max_value=5).filter(lambda g: g != 0))
    b, a, k = rows[i]
    a_baru = a + geser if a + geser > b else a + abs(geser)  # stays a valid band, but no longer meets the next
    rows[i] = (b, a_baru, k)
    draw(st.randoms()).shuffle(rows)
    return rows


@settings(max_examples=300, deadline=None)
@given(skala_rusak())
def test_setiap_celah_dan_tumpang_tindih_ditolak(rows):
    skala, temuan = periksa_skala(rows)
    assert skala is None
    assert temuan and all(t.jenis == "skala_kategori_tidak_valid" for t in temuan)


@settings(max_examples=200, deadline=None)
@given(
    st.sets(st.integers(min_value=1, max_value=300), min_size=1, max_size=6),
    st.decimals(min_value=0, max_value=400, places=2),
)
def test_skala_utuh_diterima_dan_tiap_nilai_satu_kategori(batas, x):
    titik = [0, *sorted(batas)]
    rows = [(titik[i], titik[i + 1], f"K{i}") for i in range(len(titik) - 1)] + [(titik[-1], None, "Puncak")]
    skala, temuan = periksa_skala(rows)
    assert temuan == []
    cocok = [p for p in skala.pita if p.memuat(x, terendah=p.bawah == 0)]
    assert len(cocok) == 1
    assert skala.kategori(x) == cocok[0].kategori


def test_pita_setengah_terbuka():
    p = Pita(D(90), D(100), "Berhasil")
    assert not p.memuat(D(90)) and p.memuat(D("90.01")) and p.memuat(D(100)) and not p.memuat(D("100.01"))

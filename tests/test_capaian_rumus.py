"""Per-indikator capaian rules (DOMAIN.md) and the bulk entry point."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kinerja_xl.domain.angka import JenisNilai, Nilai, parse_nilai
from kinerja_xl.domain.capaian import (
    AturanCapaian,
    HasilSatu,
    Status,
    capaian_massal,
    hitung_capaian,
    normalisasi_akumulasi,
    normalisasi_polaritas,
    rata_rata_sasaran,
)
from kinerja_xl.domain.kategori import Skala
from kinerja_xl.domain.temuan import KinerjaError

D = Decimal
SKALA = Skala.default()

CONTOH = [
    ("95%", "100%", "positif", "105.26", "Sangat Berhasil"),
    ("85%", "100%", "positif", "117.65", "Sangat Berhasil"),
    ("85%", "80%", "positif", "94.12", "Berhasil"),
    ("1 laporan", "1 Lap", "positif", "100.00", "Berhasil"),
    ("3", "2,5", "negatif", "116.67", "Sangat Berhasil"),
    ("0", "0", "negatif", "100.00", "Berhasil"),
    ("0,2%", "0,5%", "negatif", "0.00", "Tidak Berhasil"),
    ("0,2%", "0,3%", "negatif", "50.00", "Tidak Berhasil"),
    ("90%", "81%", "positif", "90.00", "Cukup Berhasil"),
    ("BB", "B", "positif", "80.00", "Cukup Berhasil"),
    ("80–90%", "95%", "rentang", "94.44", "Berhasil"),
]


@pytest.mark.parametrize("t, r, pol, capaian, kategori", CONTOH)
def test_contoh_issue(t, r, pol, capaian, kategori):
    h = hitung_capaian(parse_nilai(t), parse_nilai(r), pol)
    assert h.status is Status.DIHITUNG
    assert h.capaian == D(capaian) and str(h.capaian) == capaian  # always 2 decimals
    assert SKALA.kategori(h.capaian) == kategori


def test_contoh_kualitatif():
    h = hitung_capaian(parse_nilai("1 Dokumen"), parse_nilai("Baik"), "positif")
    assert h.status is Status.KUALITATIF and h.capaian is None and "Baik" in h.alasan
    assert SKALA.kategori(h.capaian) is None


def test_negatif_tepat_bukan_float():
    h = hitung_capaian(parse_nilai("0,2%"), parse_nilai("0,3%"), "negatif")
    assert h.mentah == D(50) and h.eksak == Fraction(50)


def test_positif_target_nol_tidak_dapat_dihitung():
    h = hitung_capaian(parse_nilai("0"), parse_nilai("3"), "positif")
    assert h.status is Status.TIDAK_DAPAT_DIHITUNG and "target 0" in h.alasan and h.capaian is None


def test_negatif_target_nol_realisasi_positif_nol():
    h = hitung_capaian(parse_nilai("0 kasus"), parse_nilai("2 kasus"), "Negatif")
    assert h.capaian == D("0.00") and h.status is Status.DIHITUNG


def test_negatif_tidak_pernah_di_bawah_nol():
    assert hitung_capaian(parse_nilai("10"), parse_nilai("35"), "negatif").capaian == D(0)


@pytest.mark.parametrize(
    "r, capaian",
    [("80%", "100.00"), ("85%", "100.00"), ("90%", "100.00"), ("72%", "90.00"), ("99%", "90.00"), ("200%", "0.00")],
)
def test_rentang(r, capaian):
    assert hitung_capaian(parse_nilai("80-90%"), parse_nilai(r), "rentang").capaian == D(capaian)


def test_target_rentang_selalu_rumus_rentang():
    assert hitung_capaian(parse_nilai("80-90%"), parse_nilai("85%"), "positif").capaian == D(100)


def test_polaritas_rentang_target_tunggal_sebagai_titik():
    assert hitung_capaian(parse_nilai("80%"), parse_nilai("80%"), "rentang").capaian == D(100)
    assert hitung_capaian(parse_nilai("80%"), parse_nilai("88%"), "rentang").capaian == D(90)


@pytest.mark.parametrize(
    "t, r, capaian",
    [
        ("BB", "B", "80.00"),
        ("BB", "A", "100.00"),
        ("A", "A", "100.00"),
        ("AA", "D", "14.29"),
        ("WTP", "WDP", "75.00"),
        ("WTP", "WTP", "100.00"),
        ("WDP", "TMP", "33.33"),
    ],
)
def test_predikat(t, r, capaian):
    assert hitung_capaian(parse_nilai(t), parse_nilai(r)).capaian == D(capaian)


def test_predikat_skala_berbeda_atau_angka():
    assert hitung_capaian(parse_nilai("WTP"), parse_nilai("A")).status is Status.TIDAK_DAPAT_DIHITUNG
    assert hitung_capaian(parse_nilai("A"), parse_nilai("90%")).status is Status.TIDAK_DAPAT_DIHITUNG


@pytest.mark.parametrize(
    "t, r", [("1 Dokumen", "80%"), ("1", "100%"), ("95%", "100"), ("2 laporan", "2 kegiatan"), ("80-90", "95%")]
)
def test_satuan_tidak_sesuai(t, r):
    h = hitung_capaian(parse_nilai(t), parse_nilai(r))
    assert h.status is Status.TIDAK_DAPAT_DIHITUNG and h.alasan.startswith("satuan tidak sesuai")


def test_angka_tanpa_satuan_mengikuti_satuan_indikator():
    assert hitung_capaian(parse_nilai("95", satuan="%"), parse_nilai("100%")).capaian == D("105.26")
    assert hitung_capaian(parse_nilai("1"), parse_nilai("1 laporan")).capaian == D("100.00")


@pytest.mark.parametrize("r", ["-", "", None])
def test_kosong(r):
    h = hitung_capaian(parse_nilai("1 laporan"), parse_nilai(r))
    assert h.status is Status.TIDAK_DAPAT_DIHITUNG and "kosong" in h.alasan


def test_target_kualitatif():
    assert hitung_capaian(parse_nilai("Tersedia"), parse_nilai("1 laporan")).status is Status.KUALITATIF


def test_polaritas_tidak_dikenal():
    h = hitung_capaian(parse_nilai("1"), parse_nilai("1"), "naik")
    assert h.status is Status.TIDAK_DAPAT_DIHITUNG and "naik" in h.alasan


def test_batas_diterapkan_sebelum_pembulatan_dan_kategori():
    h = hitung_capaian(parse_nilai("85%"), parse_nilai("100%"), batas=D(110))
    assert h.capaian == D("110.00") and h.mentah == D(110)
    h = hitung_capaian(parse_nilai("95%"), parse_nilai("100%"), batas=D(100))
    assert h.capaian == D("100.00") and SKALA.kategori(h.capaian) == "Berhasil"
    # without a cap the true figure stands
    assert hitung_capaian(parse_nilai("85%"), parse_nilai("100%")).capaian == D("117.65")


def test_kategori_dari_angka_bulat():
    # 90,004 rounds to 90,00 -> Cukup Berhasil, although the raw figure is above 90
    h = hitung_capaian(parse_nilai("100000"), parse_nilai("90004"))
    assert h.mentah > 90 and h.capaian == D("90.00")
    assert SKALA.kategori(h.capaian) == "Cukup Berhasil"
    # 90,005 rounds half-up to 90,01 -> Berhasil
    h = hitung_capaian(parse_nilai("100000"), parse_nilai("90005"))
    assert h.capaian == D("90.01") and SKALA.kategori(h.capaian) == "Berhasil"


def test_normalisasi_teks_staf():
    assert normalisasi_polaritas("Positif") == normalisasi_polaritas(" positif ") == "positif"
    assert normalisasi_polaritas(None) == "positif"
    assert normalisasi_polaritas("NEGATIF") == "negatif"
    assert normalisasi_polaritas("turun") is None
    assert normalisasi_akumulasi("Rata-rata") == normalisasi_akumulasi("rata rata") == "rata-rata"
    assert normalisasi_akumulasi("KUMULATIF") == "kumulatif"
    assert normalisasi_akumulasi("") == ""
    assert normalisasi_akumulasi("total") is None


# --- property: never raises ------------------------------------------------------------

_angka = st.decimals(min_value=-1000, max_value=10**6, places=3, allow_nan=False, allow_infinity=False)


@st.composite
def nilai_apa_saja(draw):
    jenis = draw(st.sampled_from(list(JenisNilai)))
    if jenis is JenisNilai.ANGKA:
        return Nilai(jenis, angka=draw(_angka), satuan=draw(st.sampled_from([None, "laporan", "dokumen", "rupiah"])))
    if jenis is JenisNilai.PERSEN:
        return Nilai(jenis, angka=draw(_angka), satuan="%")
    if jenis is JenisNilai.RENTANG:
        a, b = sorted([draw(_angka), draw(_angka)])
        return Nilai(jenis, bawah=a, atas=b, satuan=draw(st.sampled_from([None, "%"])))
    if jenis is JenisNilai.PREDIKAT:
        p = draw(st.sampled_from(["AA", "A", "BB", "B", "CC", "C", "D", "WTP", "WDP", "TW", "TMP"]))
        return parse_nilai(p)
    if jenis is JenisNilai.KUALITATIF:
        return Nilai(jenis, teks=draw(st.text(max_size=10)))
    return Nilai(jenis)


@settings(max_examples=500, deadline=None)
@given(
    nilai_apa_saja(),
    nilai_apa_saja(),
    st.sampled_from(["positif", "negatif", "rentang", "Positif", "", "x"]),
    st.one_of(st.none(), st.decimals(min_value=0, max_value=200, places=2)),
)
def test_capaian_tidak_pernah_raise(t, r, pol, batas):
    h = hitung_capaian(t, r, pol, batas)
    assert isinstance(h, HasilSatu)
    if h.status is Status.DIHITUNG:
        assert h.capaian is not None and h.capaian >= 0
        assert h.capaian.as_tuple().exponent == -2
        if batas is not None:
            assert h.capaian <= batas
    else:
        assert h.capaian is None and h.alasan


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.one_of(st.none(), st.text(max_size=8), st.floats(allow_nan=True), st.integers(-10, 10**6)),
        min_size=2,
        max_size=2,
    )
)
def test_massal_tidak_pernah_raise(sel):
    (h,) = capaian_massal([sel[0]], [sel[1]])
    assert isinstance(h, HasilSatu)


# --- bulk ----------------------------------------------------------------------------


def test_massal_sama_dengan_satu_per_satu():
    t = [c[0] for c in CONTOH]
    r = [c[1] for c in CONTOH]
    pol = [c[2] for c in CONTOH]
    hasil = capaian_massal(t, r, pol)
    assert [h.capaian for h in hasil] == [D(c[3]) for c in CONTOH]


def test_massal_format_persen_dan_nilai_tidak_valid():
    hasil = capaian_massal(
        [0.95, "1.5"], [1.0, "1"], "positif", persen_target=[True, False], persen_realisasi=[True, False]
    )
    assert hasil[0].capaian == D("105.26")
    assert hasil[1].status is Status.TIDAK_DAPAT_DIHITUNG and "tidak valid" in hasil[1].alasan


def test_massal_100rb_baris():
    # Speed is measured by bench/bench_udf.py (ratios, never a wall time in a test).
    n = 100_000
    t = ["95%", "1 laporan", "3", "80-90%", "BB"] * (n // 5)
    r = ["100%", "1 Lap", "2,5", "95%", "B"] * (n // 5)
    hasil = capaian_massal(t, r, "positif")
    assert len(hasil) == n and hasil[0].capaian == D("105.26")


# --- sasaran means ---------------------------------------------------------------------


def test_rata_rata_sasaran_memakai_nilai_belum_dibulatkan():
    # 100/3 and 200/3 are 33,33 and 66,67 rounded; the mean of the exact values is 50 exactly
    cap, _ = rata_rata_sasaran([Fraction(100, 3), Fraction(200, 3)])
    assert cap == D("50.00")
    # exact ties round half-up: (90,005 + 90,005) / 2
    assert rata_rata_sasaran([Fraction(90005, 1000)] * 2)[0] == D("90.01")
    assert rata_rata_sasaran([]) == (None, None)


def test_geometrik():
    assert rata_rata_sasaran([Fraction(100), Fraction(25)], "geometrik")[0] == D("50.00")
    assert rata_rata_sasaran([Fraction(0), Fraction(100)], "geometrik")[0] == D("0.00")
    # sqrt(81 * 121) = 99 exactly; sqrt(2)*100 = 141.42135...
    assert rata_rata_sasaran([Fraction(81), Fraction(121)], "geometrik")[0] == D("99.00")
    assert rata_rata_sasaran([Fraction(100), Fraction(200)], "geometrik")[0] == D("141.42")
    # a tie exactly on .xx5 rounds up: all equal 90,005
    assert rata_rata_sasaran([Fraction(90005, 1000)] * 3, "geometrik")[0] == D("90.01")


@settings(max_examples=200, deadline=None)
@given(st.lists(st.fractions(min_value=Fraction(1, 100), max_value=300, max_denominator=1000), min_size=1, max_size=6))
def test_geometrik_tidak_melebihi_aritmetik(xs):
    g = rata_rata_sasaran(xs, "geometrik")[0]
    a = rata_rata_sasaran(xs)[0]
    assert g <= a
    assert min(xs) - Fraction(1, 100) <= Fraction(g) <= max(xs) + Fraction(1, 100)


def test_aturan_validasi():
    assert AturanCapaian(metode="Geometrik", triwulan="2").metode == "geometrik"
    assert AturanCapaian(triwulan="3").triwulan == 3
    with pytest.raises(KinerjaError):
        AturanCapaian(triwulan=5)
    with pytest.raises(KinerjaError):
        AturanCapaian(metode="median")

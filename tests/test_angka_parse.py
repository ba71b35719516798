"""Parsing and formatting of Indonesian numbers, units, predikat and ranges."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kinerja_xl.domain.angka import (
    JenisNilai,
    Nilai,
    bulatkan,
    format_angka,
    format_nilai,
    format_persen,
    format_rupiah,
    parse_angka,
    parse_nilai,
    parse_rupiah,
)
from kinerja_xl.domain.satuan import normalisasi_satuan, satuan_sama
from kinerja_xl.domain.temuan import NilaiTidakValid

D = Decimal


@pytest.mark.parametrize(
    "teks, angka",
    [
        ("26.555.194.000", D("26555194000")),
        ("1.234", D(1234)),
        ("99,52", D("99.52")),
        ("0,5", D("0.5")),
        ("0,125", D("0.125")),
        ("1.234,5", D("1234.5")),
        ("1,868,000", D(1868000)),
        ("1,234.5", D("1234.5")),
        ("12", D(12)),
        ("-5", D(-5)),
        ("  7\u00a0", D(7)),
    ],
)
def test_angka_indonesia(teks, angka):
    n = parse_nilai(teks)
    assert n.jenis is JenisNilai.ANGKA
    assert n.angka == angka
    assert parse_angka(teks) == angka


@pytest.mark.parametrize(
    "teks", ["1,234", "999,000", "1.5", "99.52", "0.500", "1234.567", "1.234.5", "1,5,5", "12,34,56"]
)
def test_ambigu_ditolak_dengan_pesan_indonesia(teks):
    with pytest.raises(NilaiTidakValid) as e:
        parse_nilai(teks)
    pesan = str(e.value)
    assert teks in pesan
    assert any(w in pesan for w in ("meragukan", "tidak dapat dibaca"))


def test_titik_desimal_menyarankan_koma():
    with pytest.raises(NilaiTidakValid, match="99,52"):
        parse_nilai("99.52")
    with pytest.raises(NilaiTidakValid, match="1.234"):
        parse_angka("1,234")


@pytest.mark.parametrize(
    "teks, rupiah",
    [
        ("Rp 1.868.000,-", 1868000),
        ("Rp1.868.000", 1868000),
        ("Rp. 26.555.194.000,00", 26555194000),
        ("1,868,000", 1868000),
        ("-Rp 5.000", -5000),
        ("Rp -5.000", -5000),
        (1868000, 1868000),
        (1868000.0, 1868000),
        (D("15"), 15),
        ("Rp 1,234", 1234),  # rupiah are whole: a comma group of three can only be thousands
        ("-", 0),  # nil, as budget tables print it
        ("(5.000)", -5000),
    ],
)
def test_parse_rupiah(teks, rupiah):
    assert parse_rupiah(teks) == rupiah
    assert isinstance(parse_rupiah(teks), int)


@pytest.mark.parametrize("raw", ["Rp 1.868.000,5", 10.5, "abc", "", None, "Rp 1,2", "1.23.456", True])
def test_parse_rupiah_menolak(raw):
    with pytest.raises(NilaiTidakValid):
        parse_rupiah(raw)


def test_rupiah_sebagai_nilai():
    n = parse_nilai("Rp 1.868.000,-")
    assert (n.jenis, n.angka, n.satuan) == (JenisNilai.ANGKA, D(1868000), "rupiah")


@pytest.mark.parametrize("teks", ["95%", "95 %", "95 persen", "95\u00a0%"])
def test_persen(teks):
    n = parse_nilai(teks)
    assert (n.jenis, n.angka, n.satuan) == (JenisNilai.PERSEN, D(95), "%")


@pytest.mark.parametrize(
    "teks, angka, satuan",
    [
        ("1 laporan", 1, "laporan"),
        ("1 Lap", 1, "laporan"),
        ("1 Lap.", 1, "laporan"),
        ("12 Bln", 12, "bulan"),
        ("2 Dokumen", 2, "dokumen"),
        ("2 Dok.", 2, "dokumen"),
        ("1 kasus", 1, "kasus"),
        ("3 Keg", 3, "kegiatan"),
        ("40 Org", 40, "orang"),
        ("1 Satker", 1, "satker"),
        ("5 titik lokasi", 5, "titik lokasi"),
    ],
)
def test_kuantitas_dengan_satuan(teks, angka, satuan):
    n = parse_nilai(teks)
    assert (n.jenis, n.angka, n.satuan) == (JenisNilai.ANGKA, D(angka), satuan)


@pytest.mark.parametrize(
    "teks, predikat, skala",
    [
        ("AA", "AA", "sakip"),
        ("bb", "BB", "sakip"),
        ("D", "D", "sakip"),
        ("Predikat A", "A", "sakip"),
        ("WTP", "WTP", "bpk"),
        ("wdp", "WDP", "bpk"),
        ("TW", "TW", "bpk"),
        ("TMP", "TMP", "bpk"),
        ("Opini WTP", "WTP", "bpk"),
        ("Wajar Tanpa Pengecualian", "WTP", "bpk"),
    ],
)
def test_predikat(teks, predikat, skala):
    n = parse_nilai(teks)
    assert (n.jenis, n.predikat, n.skala_predikat) == (JenisNilai.PREDIKAT, predikat, skala)


@pytest.mark.parametrize(
    "teks, bawah, atas, satuan",
    [
        ("80-90%", 80, 90, "%"),
        ("80 – 90 %", 80, 90, "%"),
        ("80%-90%", 80, 90, "%"),
        ("80 s.d. 90 %", 80, 90, "%"),
        ("80 s/d 90", 80, 90, None),
        ("1 - 2 laporan", 1, 2, "laporan"),
        ("70,5–80,25%", D("70.5"), D("80.25"), "%"),
    ],
)
def test_rentang(teks, bawah, atas, satuan):
    n = parse_nilai(teks)
    assert (n.jenis, n.bawah, n.atas, n.satuan) == (JenisNilai.RENTANG, D(bawah), D(atas), satuan)


def test_rentang_terbalik_ditolak():
    with pytest.raises(NilaiTidakValid, match="batas bawah"):
        parse_nilai("90-80%")


@pytest.mark.parametrize("teks", ["Baik", "Tidak ada kasus", "Sangat Baik", "RPJMN", "Tersedia"])
def test_kualitatif(teks):
    n = parse_nilai(teks)
    assert n.jenis is JenisNilai.KUALITATIF and n.teks == teks


@pytest.mark.parametrize("raw", [None, "", "   ", "-", "–", float("nan")])
def test_kosong(raw):
    assert parse_nilai(raw).jenis is JenisNilai.KOSONG


@pytest.mark.parametrize("teks", ["2 dari 3", "1 2 3", "100-", "5 (lima)"])
def test_angka_dengan_sampah_ditolak(teks):
    with pytest.raises(NilaiTidakValid, match="satuan"):
        parse_nilai(teks)


def test_sel_angka_mengikuti_satuan_dan_format_persen():
    # Excel stores a typed 95% as 0.95 in a percent-formatted cell
    n = parse_nilai(0.95, persen_format=True)
    assert (n.jenis, n.angka) == (JenisNilai.PERSEN, D(95))
    assert parse_nilai(95, satuan="%") == Nilai(JenisNilai.PERSEN, D(95), "%")
    assert parse_nilai(95, satuan="Persen").jenis is JenisNilai.PERSEN
    assert parse_nilai(3, satuan="Lap") == Nilai(JenisNilai.ANGKA, D(3), "laporan")
    assert parse_nilai("3", satuan="Dok") == Nilai(JenisNilai.ANGKA, D(3), "dokumen")
    assert parse_nilai(0.95, satuan="%") == Nilai(JenisNilai.PERSEN, D("0.95"), "%")
    # a float is read as typed, not its binary approximation
    assert parse_nilai(0.1).angka == D("0.1")


def test_sel_tanggal_ditolak():
    with pytest.raises(NilaiTidakValid, match="tanggal"):
        parse_nilai(dt.datetime(2024, 1, 2))


def test_sel_boolean_kualitatif():
    assert parse_nilai(True) == Nilai(JenisNilai.KUALITATIF, teks="Ya")


def test_nilai_tak_hingga_ditolak():
    with pytest.raises(NilaiTidakValid):
        parse_nilai(float("inf"))


def test_kesamaan_nilai_mengabaikan_teks_kecuali_kualitatif():
    assert parse_nilai("1 Lap") == parse_nilai("1 laporan")
    assert parse_nilai("Baik") != parse_nilai("Cukup")


@pytest.mark.parametrize(
    "x, digits, teks",
    [
        (D("26555194000"), None, "26.555.194.000"),
        (D("99.52"), None, "99,52"),
        (D("105.265"), 2, "105,27"),
        (D("105.275"), 2, "105,28"),
        (D("0.125"), 2, "0,13"),
        (D("1.234"), None, "1,2340"),
        (D("-1234.5"), None, "-1.234,5"),
        (D("1E+3"), None, "1.000"),
        (12, None, "12"),
        (Fraction(2000, 19), None, "105,26"),
        (D("0.00001"), None, "0,00001"),
    ],
)
def test_format_angka(x, digits, teks):
    assert format_angka(x, digits) == teks


def test_format_persen_dan_rupiah():
    assert format_persen(D("105.265")) == "105,27%"  # babel alone would print 105,26 (half-even)
    assert format_persen(D("105.26315")) == "105,26%"
    assert format_persen(None) == "-"
    assert format_rupiah(26555194000) == "Rp 26.555.194.000"
    assert format_rupiah(-5000) == "-Rp 5.000"


def test_bulatkan_half_up():
    assert bulatkan(D("2.675")) == D("2.68")
    assert bulatkan(D("-2.675")) == D("-2.68")
    assert bulatkan(Fraction(1, 8)) == D("0.13")
    assert bulatkan(Fraction(2000, 19)) == D("105.26")
    assert bulatkan(D("0.004")) == D("0.00")
    assert str(bulatkan(D(100))) == "100.00"


def test_satuan():
    assert normalisasi_satuan("Lap") == "laporan"
    assert normalisasi_satuan("Dok.") == "dokumen"
    assert normalisasi_satuan("%") == "%"
    assert normalisasi_satuan("Persen") == "%"
    assert normalisasi_satuan("  ") is None
    assert normalisasi_satuan("Titik  Lokasi") == "titik lokasi"
    assert normalisasi_satuan("Persen (%)") == normalisasi_satuan("% (persen)") == "%"
    assert normalisasi_satuan("KEG.") == "kegiatan" and normalisasi_satuan("Org") == "orang"
    assert satuan_sama("laporan", "Lap")
    assert satuan_sama(None, "%")
    assert not satuan_sama("dokumen", "%")


# --- round trip -----------------------------------------------------------------------

_desimal = st.decimals(
    min_value=D("-1e15"), max_value=D("1e15"), places=None, allow_nan=False, allow_infinity=False
).map(lambda d: d.quantize(D(1).scaleb(-min(6, max(0, -d.as_tuple().exponent)))) if d.as_tuple().exponent < 0 else d)
_positif = st.decimals(min_value=D(0), max_value=D("1e9"), places=4, allow_nan=False, allow_infinity=False)
_satuan = st.sampled_from([None, "laporan", "dokumen", "bulan", "kegiatan", "orang", "kasus", "titik lokasi"])


@st.composite
def nilai_st(draw):
    jenis = draw(st.sampled_from(list(JenisNilai)))
    if jenis is JenisNilai.ANGKA:
        satuan = draw(st.sampled_from([None, "laporan", "dokumen", "rupiah", "kasus"]))
        return Nilai(jenis, angka=draw(_desimal) + 0, satuan=satuan)
    if jenis is JenisNilai.PERSEN:
        return Nilai(jenis, angka=draw(_desimal) + 0, satuan="%")
    if jenis is JenisNilai.RENTANG:
        a, b = sorted([draw(_positif), draw(_positif)])
        return Nilai(jenis, satuan=draw(st.sampled_from([None, "%", "laporan"])), bawah=a + 0, atas=b + 0)
    if jenis is JenisNilai.PREDIKAT:
        p, s = draw(
            st.sampled_from(
                [
                    ("AA", "sakip"),
                    ("A", "sakip"),
                    ("BB", "sakip"),
                    ("CC", "sakip"),
                    ("D", "sakip"),
                    ("WTP", "bpk"),
                    ("WDP", "bpk"),
                    ("TW", "bpk"),
                    ("TMP", "bpk"),
                ]
            )
        )
        return Nilai(jenis, predikat=p, skala_predikat=s)
    if jenis is JenisNilai.KUALITATIF:
        return Nilai(jenis, teks=draw(st.sampled_from(["Baik", "Tidak ada kasus", "Sangat Memuaskan", "Tersedia"])))
    return Nilai(JenisNilai.KOSONG)


@settings(max_examples=400, deadline=None)
@given(nilai_st())
def test_parse_format_bolak_balik(n):
    teks = format_nilai(n)
    kembali = parse_nilai(teks)
    assert kembali == n
    assert dataclasses.replace(kembali, teks="") == dataclasses.replace(n, teks="") or n.jenis is JenisNilai.KUALITATIF


_sel_teks = st.one_of(
    st.text(alphabet="0123456789.,%- RpLapDokBln", max_size=14),
    st.from_regex(r"\A[1-9]\d{0,2}(\.\d{3}){0,3}(,\d{1,4})?\s?(%|laporan|Dok)?\Z"),
    st.from_regex(r"\A[1-9]\d{0,2}(,\d{3}){2,3}\Z"),
    st.from_regex(r"\A\d{1,3}\s?-\s?\d{1,3}\s?%\Z"),
)


@settings(max_examples=400, deadline=None)
@given(_sel_teks)
def test_yang_terbaca_selalu_bolak_balik(teks):
    """Every value the parser produces formats back to text that reads to the same value."""
    try:
        n = parse_nilai(teks)
    except NilaiTidakValid as e:
        assert str(e)  # a rejection always carries a message
        return
    assert parse_nilai(format_nilai(n)) == n


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=-(10**15), max_value=10**15))
def test_rupiah_bolak_balik(x):
    assert parse_rupiah(format_rupiah(x)) == x
    assert parse_nilai(format_rupiah(x)) == Nilai(JenisNilai.ANGKA, D(x), "rupiah")


def test_angka_besar_tidak_kehabisan_presisi():
    big = D(10) ** 30
    assert bulatkan(big) == big and str(bulatkan(Fraction(10**26))) == "100000000000000000000000000.00"
    assert format_angka(big, 2) == "1" + ".000" * 10 + ",00"
    assert format_rupiah(10**30) == "Rp 1" + ".000" * 10
    assert parse_rupiah(format_rupiah(10**30)) == 10**30


@given(st.decimals(allow_nan=False, allow_infinity=False, min_value=-(10**15), max_value=10**15), st.integers(0, 4))
def test_format_cepat_sama_dengan_babel(x, k):
    from kinerja_xl.domain.angka import _format_babel, _format_id, bulatkan

    d = bulatkan(x, k)
    assert _format_id(d, k) == _format_babel(d, k)

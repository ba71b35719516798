"""Budget codes: every form staff type, their level, parent, canonical form and jenis belanja."""

import pandas as pd
import pytest

from kinerja_xl.domain.kode import (
    jenis_belanja,
    kode_induk,
    kode_valid,
    muat_referensi,
    muat_referensi_dengan_temuan,
    parse_kode,
    parse_kode_kolom,
    tingkat_kode,
)
from kinerja_xl.domain.temuan import NilaiTidakValid


@pytest.mark.parametrize(
    "teks, baku, fmt, tingkat, induk",
    [
        (
            "076.01.CQ.6709.QGE.001.051.A.521211",
            "076.01.CQ.6709.QGE.001.051.A.521211",
            "2021",
            "akun",
            "076.01.CQ.6709.QGE.001.051.A",
        ),
        ("CQ.6709.QGE.001", "076.01.CQ.6709.QGE.001", "2021", "ro", "076.01.CQ.6709.QGE"),
        ("6709.QGE.001", "6709.QGE.001", "2021", "ro", "6709.QGE"),
        ("WA.3355.EBA.994", "076.01.WA.3355.EBA.994", "2021", "ro", "076.01.WA.3355.EBA"),
        ("076.01.01.3355.003", "076.01.01.3355.003", "lama", "output", "076.01.01.3355"),
        ("3355.003", "076.01.01.3355.003", "lama", "output", "076.01.01.3355"),
        ("(01.3355)", "076.01.01.3355", "lama", "kegiatan", "076.01.01"),
        ("(01. 3358)", "076.01.01.3358", "lama", "kegiatan", "076.01.01"),
        ("3364.027", "076.01.06.3364.027", "lama", "output", "076.01.06.3364"),
        ("CQ . 6709", "076.01.CQ.6709", "2021", "kegiatan", "076.01.CQ"),
        ("3355.003.", "076.01.01.3355.003", "lama", "output", "076.01.01.3355"),
        (
            " cq.6709.qge.001.051.a ",
            "076.01.CQ.6709.QGE.001.051.A",
            "2021",
            "subkomponen",
            "076.01.CQ.6709.QGE.001.051",
        ),
        ("CQ.6709.QGE.001.051", "076.01.CQ.6709.QGE.001.051", "2021", "komponen", "076.01.CQ.6709.QGE.001"),
        ("CQ.6709.QGE", "076.01.CQ.6709.QGE", "2021", "kro", "076.01.CQ.6709"),
        ("076.01.CQ", "076.01.CQ", "2021", "program", None),
        ("076.01.06", "076.01.06", "lama", "program", None),
    ],
)
def test_parse_kode_forms(teks, baku, fmt, tingkat, induk):
    k = parse_kode(teks)
    assert (k.baku, k.format, k.tingkat, k.induk) == (baku, fmt, tingkat, induk)
    assert k.teks == teks
    assert kode_induk(teks) == induk and tingkat_kode(teks) == tingkat and kode_valid(teks)


def test_segmen_names_levels_from_the_top():
    k = parse_kode("076.01.CQ.6709.QGE.001.051.A.521211")
    assert k.segmen == (
        ("program", "CQ"),
        ("kegiatan", "6709"),
        ("kro", "QGE"),
        ("ro", "001"),
        ("komponen", "051"),
        ("subkomponen", "A"),
        ("akun", "521211"),
    )
    assert parse_kode("3355.003").segmen == (("program", "01"), ("kegiatan", "3355"), ("output", "003"))


@pytest.mark.parametrize(
    "teks, potongan",
    [
        ("3355.03", "3 angka"),
        ("3357.01", "ketik kode sebagai teks"),
        ("6709.XYZ.001", "huruf pertama KRO"),
        ("6709.QGE.01", "RO '01'"),
        ("076.02.01.3355", "076.01"),
        ("CQ.6709.QGE.001.051.A.5212", "akun"),
        ("Layanan Perkantoran", "kegiatan 4 angka"),
    ],
)
def test_invalid_codes_say_why(teks, potongan):
    assert not kode_valid(teks)
    with pytest.raises(NilaiTidakValid) as e:
        parse_kode(teks)
    assert potongan in str(e.value)


@pytest.mark.parametrize("teks", [None, "", "   ", float("nan"), True, ["3355"]])
def test_empty_or_foreign_cells_are_invalid(teks):
    assert not kode_valid(teks)
    assert kode_induk(teks) is None and tingkat_kode(teks) is None


def test_kro_class_letters_and_priority_twins():
    for huruf in "ABCDEFPQRSU":
        assert kode_valid(f"6709.{huruf}GE.001"), huruf
    for huruf in "GHTVXZ":
        assert not kode_valid(f"6709.{huruf}GE.001"), huruf


@pytest.mark.parametrize(
    "akun, jenis",
    [
        ("511111", "pegawai"),
        ("521211", "barang"),
        ("522151", "jasa"),
        ("523111", "pemeliharaan"),
        ("524111", "perjalanan"),
        ("532111", "modal"),
        (511111, "pegawai"),
        (524113.0, "perjalanan"),
        ("076.01.CQ.6709.QGE.001.051.A.537112", "modal"),
        ("3355.003", None),
        ("52121", None),
        (None, None),
        (True, None),
    ],
)
def test_jenis_belanja(akun, jenis):
    assert jenis_belanja(akun) == jenis


def test_column_parser_matches_single_parser():
    teks = [
        "076.01.CQ.6709.QGE.001.051.A.521211",
        "CQ.6709.QGE.001",
        "6709.QGE.001",
        "3355.003",
        "(01.3355)",
        "CQ . 6709",
        "3355.03",
        None,
        3355.0,
        "3355.003",
    ]
    df = parse_kode_kolom(pd.Series(teks, dtype=object, index=range(10, 20)))
    assert list(df.index) == list(range(10, 20))
    for t, (_, row) in zip(teks, df.iterrows(), strict=False):
        if kode_valid(t):
            k = parse_kode(t)
            assert (row["baku"], row["format"], row["tingkat"], row["induk"]) == (k.baku, k.format, k.tingkat, k.induk)
            assert row["valid"] and row["pesan"] is None
        else:
            assert not row["valid"] and row["baku"] is None and row["pesan"]


def test_reference_list_and_user_rows():
    ref = muat_referensi()
    assert set(ref.columns) >= {"kode", "uraian", "tingkat"}
    d = dict(zip(ref["kode"], ref["tingkat"], strict=False))
    assert d["076.01.01.3355"] == "kegiatan" and d["076.01.06.3364"] == "kegiatan" and d["076.01.CQ"] == "program"
    kelas = set(ref.loc[ref["tingkat"] == "kelas_kro", "kode"])
    assert kelas == set("ABCDEFPQRSU")
    tambahan = pd.DataFrame(
        {
            "kode": ["CQ.6709", "3355.003", "zz.1"],
            "uraian": ["Kegiatan X", "Nama baru", "?"],
            "tingkat": ["kegiatan", None, None],
        }
    )
    ref2, temuan = muat_referensi_dengan_temuan(tambahan)
    u = dict(zip(ref2["kode"], ref2["uraian"], strict=False))
    assert u["076.01.CQ.6709"] == "Kegiatan X" and u["076.01.01.3355.003"] == "Nama baru"
    assert [t.jenis for t in temuan] == ["kode_format"] and temuan[0].lokasi.tabel == "referensi"
    # the user's kegiatan now gives the short form its program
    assert parse_kode_kolom(pd.Series(["6709.QGE.001"]), ref2)["baku"].iat[0] == "076.01.CQ.6709.QGE.001"


@pytest.mark.parametrize(
    "teks, baku",
    [
        ("WA.6336.EBA.963", "076.01.WA.6336.EBA.963"),  # a real SAKTI export (GLP039)
        ("CQ.6709.QGE.U09", "076.01.CQ.6709.QGE.U09"),
        ("076.01.WA.6336.EBA.963.126.A.521211", "076.01.WA.6336.EBA.963.126.A.521211"),
    ],
)
def test_ro_is_three_digits_or_capitals(teks, baku):
    k = parse_kode(teks)
    assert k.baku == baku
    assert dict(k.segmen)["ro"] == baku.split(".")[5]


@pytest.mark.parametrize("teks", ["6709.QGE.u0", "6709.QGE.0-9A", "6709.QGE.AB"])
def test_ro_of_other_length_says_what_an_ro_is(teks):
    with pytest.raises(NilaiTidakValid) as e:
        parse_kode(teks)
    assert "3 karakter angka atau huruf kapital" in str(e.value)

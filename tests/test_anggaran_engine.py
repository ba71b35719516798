"""The anggaran engine: Bontang 2017 by hand, each finding, and properties of the roll-up."""

from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kinerja_xl.domain.anggaran import _rupiah, hitung_anggaran, penyerapan
from kinerja_xl.domain.temuan import NilaiTidakValid, Tingkat

FIXTURE = Path(__file__).parent / "fixtures" / "bontang_2017_pagu.csv"


def tabel(*rows, **kolom):
    keys = ["kode", "uraian", "pagu", "realisasi"]
    df = pd.DataFrame([dict(zip(keys, r, strict=False)) for r in rows], columns=keys)
    for k, v in kolom.items():
        df[k] = v
    return df


def jenis(h):
    return [t.jenis for t in h.temuan]


def test_bontang_2017_totals_by_hand():
    src = pd.read_csv(FIXTURE, dtype=str).rename(columns=str.lower)  # the fixture has the sheet's headers
    h = hitung_anggaran(src[["kode", "uraian", "pagu", "realisasi"]])
    # totals: the report states Rp 3.511.812.000; realisasi added by hand from the 22 lines
    assert h.total == {
        "pagu": 3_511_812_000,
        "realisasi": 3_127_524_380,
        "sisa": 384_287_620,
        "penyerapan": Decimal("89.06"),
    }
    assert not any(t.galat for t in h.temuan)
    assert jenis(h) == ["induk_dihitung"]
    b = h.baris.set_index("kode_baku")
    # each typed line's sisa equals the Sisa column printed in the report ("-" is nil)
    ketik = h.baris[~h.baris["dihitung"]]
    assert len(ketik) == 22
    dicetak = [0 if s == "-" else int(s.replace(".", "")) for s in src["sisa"]]
    assert list(ketik.sort_values("baris")["sisa"]) == dicetak
    # derived parents: programs 01 and 06 and kegiatan 3355, by hand
    assert b.loc["076.01.01.3355", ["pagu", "realisasi", "sisa"]].tolist() == [
        1_998_944_000,
        1_734_104_605,
        264_839_395,
    ]
    assert b.loc["076.01.01.3355", "penyerapan"] == Decimal("86.75")
    assert b.loc["076.01.01", "pagu"] + b.loc["076.01.06", "pagu"] == 3_511_812_000
    assert b.loc["076.01.06.3363", "pagu"] == 5_000_000 + 536_452_000 + 2_300_000
    assert b.loc["076.01.01.3355.003", "penyerapan"] == Decimal("99.82")
    assert b.loc["076.01.01.3360.009", "penyerapan"] == Decimal("100.00")
    assert b.loc["076.01.01.3355", "dihitung"] and b.loc["076.01.01.3355", "uraian"].startswith(
        "Pelaksanaan Akuntabilitas"
    )
    # depth-first order: each parent right before its children
    assert list(h.baris["kode_baku"][:3]) == ["076.01.01", "076.01.01.3355", "076.01.01.3355.003"]


@pytest.mark.parametrize(
    "pagu, realisasi, hasil",
    [
        (3, 2, Decimal("66.67")),
        (8, 1, Decimal("12.50")),
        (200, 1, Decimal("0.50")),
        (0, 5, None),
        (27_404_000, 27_355_950, Decimal("99.82")),
        (100, 150, Decimal("150.00")),
    ],
)
def test_penyerapan_half_up(pagu, realisasi, hasil):
    assert penyerapan(pagu, realisasi) == hasil


@pytest.mark.parametrize(
    "raw, nilai",
    [
        (27404000, 27404000),
        (27404000.0, 27404000),
        ("27.404.000", 27404000),
        ("Rp 1.868.000,-", 1868000),
        ("1,868,000", 1868000),
        ("27.404.000,00", 27404000),
        ("-", 0),
        (None, None),
        ("", None),
        ("Rp. 500", 500),
    ],
)
def test_rupiah_reads_typed_forms(raw, nilai):
    assert _rupiah(raw) == nilai


@pytest.mark.parametrize("raw", ["1.5", "27.404.000,50", "abc", True, 1.5, "1.000,000.0"])
def test_rupiah_rejects_unreadable(raw):
    with pytest.raises(NilaiTidakValid):
        _rupiah(raw)


def test_typed_parent_checked_against_children():
    h = hitung_anggaran(tabel(("3355", "Keg", 1000, 500), ("3355.003", "A", 600, 300), ("3355.007", "B", 300, 200)))
    t = [x for x in h.temuan if x.jenis == "jumlah_tidak_sesuai"]
    assert len(t) == 1 and t[0].galat and t[0].kode == "3355"
    assert (t[0].nilai_tercatat, t[0].nilai_seharusnya) == (1000, 900)
    assert t[0].lokasi.tabel == "pagu" and t[0].lokasi.baris == 0 and t[0].lokasi.kolom == "pagu"
    # a typed parent with empty figures is computed, not flagged
    h2 = hitung_anggaran(tabel(("3355", "Keg", None, None), ("3355.003", "A", 600, 300), ("3355.007", "B", 300, 200)))
    assert "jumlah_tidak_sesuai" not in jenis(h2)
    row = h2.baris.set_index("kode_baku").loc["076.01.01.3355"]
    assert (row["pagu"], row["realisasi"], row["dihitung"], row["kode"]) == (900, 500, True, "3355")


def test_duplicate_codes_identical_and_different():
    h = hitung_anggaran(tabel(("3355.003", "A", 100, 50), ("3355.003", "A", 100, 50)))
    t = [x for x in h.temuan if x.jenis == "kode_ganda"]
    assert len(t) == 1 and t[0].tingkat is Tingkat.PERINGATAN and t[0].lokasi.baris == 1
    assert h.total["pagu"] == 100
    h = hitung_anggaran(tabel(("3355.003", "A", 100, 50), ("3355.003", "Lain", 120, 50)))
    t = [x for x in h.temuan if x.jenis == "kode_ganda"]
    assert len(t) == 1 and t[0].galat and (t[0].nilai_tercatat, t[0].nilai_seharusnya) == (120, 100)
    u = [x for x in h.temuan if x.jenis == "uraian_bertentangan"]
    assert len(u) == 1 and u[0].galat and u[0].nilai_seharusnya == "A"


def test_realisasi_above_pagu_negative_and_non_numeric():
    h = hitung_anggaran(tabel(("3355.003", "A", 100, 150), ("3355.007", "B", -5, 0), ("3355.994", "C", "banyak", 0)))
    lebih = [x for x in h.temuan if x.jenis == "realisasi_melebihi_pagu"]
    assert len(lebih) == 1 and lebih[0].galat and (lebih[0].nilai_tercatat, lebih[0].nilai_seharusnya) == (150, 100)
    salah = [x for x in h.temuan if x.jenis == "nilai_tidak_valid"]
    assert {x.lokasi.baris for x in salah} == {1, 2} and all(x.galat and x.lokasi.kolom == "pagu" for x in salah)


def test_empty_required_cells_and_empty_rows():
    df = tabel(("3355.003", "A", None, None), (None, "Tanpa kode", 10, 0), (None, None, None, None))
    h = hitung_anggaran(df)
    kosong = [x for x in h.temuan if x.jenis == "nilai_kosong"]
    assert {(x.lokasi.baris, x.lokasi.kolom) for x in kosong} == {(0, "pagu"), (1, "kode")}
    assert all(x.galat for x in kosong)
    # empty realisasi is 0, not an error
    h = hitung_anggaran(tabel(("3355.003", "A", 100, None)))
    assert h.total["realisasi"] == 0 and not any(t.galat for t in h.temuan)


def test_invalid_code_format_and_unknown_code():
    h = hitung_anggaran(tabel(("3355.03", "A", 100, 0), ("3399.001", "B", 10, 0)))
    fmt = [x for x in h.temuan if x.jenis == "kode_format"]
    assert len(fmt) == 1 and fmt[0].galat and fmt[0].kode == "3355.03"
    asing = [x for x in h.temuan if x.jenis == "kode_tidak_dikenal"]
    assert asing and all(x.tingkat is Tingkat.PERINGATAN for x in asing)
    assert {x.nilai_tercatat for x in asing} >= {"3399.001", "3399"}
    # a user's reference row makes it known
    ref = pd.DataFrame({"kode": ["3399", "3399.001"], "uraian": ["K", "O"], "tingkat": ["kegiatan", "output"]})
    h2 = hitung_anggaran(tabel(("3399.001", "B", 10, 0)), referensi=ref)
    assert "kode_tidak_dikenal" not in jenis(h2)


def test_child_without_parent_and_sibling_pattern_break():
    h = hitung_anggaran(tabel(("01.3355", "K1", 100, 0), ("3355.003", "A", 100, 0), ("3356.008", "B", 10, 0)))
    t = [x for x in h.temuan if x.jenis == "kode_tanpa_induk"]
    assert len(t) == 1 and t[0].kode == "3356.008" and t[0].tingkat is Tingkat.PERINGATAN
    h = hitung_anggaran(
        tabel(
            ("CQ.6709.QGE.001", "RO 1", 10, 0),
            ("CQ.6709.QGE.002", "RO 2", 10, 0),
            ("CQ.6709.EBA.994", "RO 3", 10, 0),
            ("CQ.6709.RAN", "RO 4", 10, 0),
        )
    )
    patah = [x for x in h.temuan if x.jenis in ("kode_format", "kode_berhenti_di_kro")]
    # issue 17: a KRO-level line whose siblings go deeper is a peringatan (possible missing segment)
    assert len(patah) == 1 and patah[0].kode == "CQ.6709.RAN" and patah[0].tingkat is Tingkat.PERINGATAN


def test_mixed_formats_warn_once():
    h = hitung_anggaran(tabel(("3355.003", "A", 100, 0), ("WA.3355.EBA.994", "B", 10, 0)))
    t = [x for x in h.temuan if x.jenis == "format_kode_campuran"]
    assert len(t) == 1 and t[0].tingkat is Tingkat.PERINGATAN
    assert h.total["pagu"] == 110


def test_jenis_belanja_pagu_awal_and_months():
    df = tabel(
        ("CQ.6709.QGE.001.051.A.521211", "ATK", 1000, 800),
        ("CQ.6709.QGE.001.051.A.524111", "Perjalanan", 3000, 3000),
        ("CQ.6709.QGE.001.051.A.511111", "Gaji", 500, 500),
    )
    df["pagu_awal"] = [1200, 3000, None]
    for i in range(1, 13):
        df[f"rpd_{i}"] = [0, 0, 0]
        df[f"realisasi_{i}"] = [None, None, None]
    df.loc[0, "rpd_1"], df.loc[0, "rpd_2"], df.loc[0, "realisasi_1"], df.loc[0, "realisasi_2"] = 400, 600, 500, 300
    df.loc[1, "rpd_3"], df.loc[2, "rpd_1"] = 3000, 500
    h = hitung_anggaran(df)
    pj = h.per_jenis.set_index("jenis_belanja")
    assert pj.loc["barang", "pagu"] == 1000 and pj.loc["perjalanan", "realisasi"] == 3000
    assert pj.loc["pegawai", "penyerapan"] == Decimal("100.00")
    b = h.baris.set_index("kode_baku")
    assert b.loc["076.01.CQ.6709.QGE.001.051.A.521211", "perubahan_pagu"] == -200
    assert b.loc["076.01.CQ.6709.QGE.001.051.A", "pagu_awal"] == 1200 + 3000 + 500
    assert b.loc["076.01.CQ", "pagu"] == 4500
    bl = h.bulanan.set_index("bulan")
    assert bl.loc[1, "rpd"] == 900 and bl.loc[1, "realisasi"] == 500 and bl.loc[1, "deviasi"] == -400
    assert bl.loc[2, "deviasi_persen"] == Decimal("-50.00")
    # the ATK line: monthly realisasi 800 = annual 800, RPD 1000 = pagu: no finding
    assert "jumlah_tidak_sesuai" not in jenis(h)
    df.loc[0, "realisasi_2"] = 200
    h = hitung_anggaran(df)
    t = [x for x in h.temuan if x.jenis == "jumlah_tidak_sesuai"]
    assert len(t) == 1 and (t[0].nilai_tercatat, t[0].nilai_seharusnya) == (800, 700)


def test_volume_progress_and_efisiensi():
    df = tabel(("CQ.6709.QGE.001", "RO 1", 1000, 800), ("CQ.6709.QGE.002", "RO 2", 1000, 1000))
    df["target_volume"] = [10, "4"]
    df["realisasi_volume"] = [10, "2"]
    df["satuan_volume"] = ["Dokumen", "Laporan"]
    h = hitung_anggaran(df)
    e = h.efisiensi.set_index("kode_baku")
    # RO 1: CK 1, E = (1000 - 800) / 1000 = 20 % -> nilai 100; RO 2: CK 0,5, E = (500 - 1000)/500 = -100 %
    assert e.loc["076.01.CQ.6709.QGE.001", "efisiensi"] == Decimal("20.00")
    assert e.loc["076.01.CQ.6709.QGE.001", "nilai_efisiensi"] == Decimal("100.00")
    assert e.loc["076.01.CQ.6709.QGE.002", "efisiensi"] == Decimal("-100.00")
    assert e.loc["076.01.CQ.6709.QGE.002", "nilai_efisiensi"] == Decimal("0.00")
    # total: (1000 + 500 - 1800) / 1500 = -20 % -> 50 + (-20/20)*50 = 0
    assert h.efisiensi_total == {"efisiensi": Decimal("-20.00"), "nilai": Decimal("0.00")}
    b = h.baris.set_index("kode_baku")
    assert b.loc["076.01.CQ.6709.QGE.002", "progres_volume"] == Decimal("50.00")
    assert b.loc["076.01.CQ.6709.QGE.002", "capaian_keluaran"] == Decimal("0.5000")


def test_efisiensi_ten_percent_gives_75():
    df = tabel(("CQ.6709.QGE.001", "RO 1", 1000, 900))
    df["target_volume"], df["realisasi_volume"] = [1], [1]
    assert hitung_anggaran(df).efisiensi_total == {"efisiensi": Decimal("10.00"), "nilai": Decimal("75.00")}


# --- properties -----------------------------------------------------------------------

kode_keg = st.sampled_from(["3355", "3356", "3357", "3363", "3364"])


@st.composite
def pohon(draw):
    """Leaf lines under distinct output codes; the roll-up must equal the sum of leaves."""
    outputs = draw(st.lists(st.tuples(kode_keg, st.integers(1, 999)), min_size=1, max_size=25, unique=True))
    rows = []
    for keg, out in outputs:
        p = draw(st.integers(0, 10**12))
        r = draw(st.integers(0, p))
        rows.append((f"{keg}.{out:03d}", "x", p, r))
    return rows


@given(pohon())
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_rollup_equals_sum_of_leaves(rows):
    h = hitung_anggaran(tabel(*rows))
    assert h.total["pagu"] == sum(r[2] for r in rows)
    assert h.total["realisasi"] == sum(r[3] for r in rows)
    b = h.baris
    for _, induk in b[b["dihitung"]].iterrows():
        anak = b[b["induk"] == induk["kode_baku"]]
        assert induk["pagu"] == anak["pagu"].sum() and induk["realisasi"] == anak["realisasi"].sum()
    assert not any(t.galat for t in h.temuan)


sel = st.one_of(
    st.none(),
    st.integers(-(10**15), 10**15),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
    st.booleans(),
    st.decimals(allow_nan=True),
    st.sampled_from(["3355.003", "CQ.6709.QGE.001", "Rp 1.000,-", "(01.3355)", "-", " "]),
)


@given(st.lists(st.lists(sel, min_size=6, max_size=6), max_size=12))
@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_no_row_crashes_the_engine(rows):
    df = pd.DataFrame(rows, columns=["kode", "uraian", "pagu", "realisasi", "target_volume", "rpd_1"], dtype=object)
    h = hitung_anggaran(df)
    assert isinstance(h.total["pagu"], int)
    assert all(t.pesan for t in h.temuan)

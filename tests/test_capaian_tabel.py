"""hitung_capaian_tabel: PK + Realisasi tables -> capaian per indikator and sasaran, with findings."""

from __future__ import annotations

from decimal import Decimal

import pandas as pd
import pytest

from kinerja_xl.domain.capaian import AturanCapaian, Status, hitung_capaian_tabel
from kinerja_xl.domain.kategori import periksa_skala
from kinerja_xl.domain.temuan import Tingkat
from kinerja_xl.template import contract

D = Decimal
PK_KEYS = contract.PK_TABLE.keys
RE_KEYS = contract.REALISASI_TABLE.keys


def pk(*rows: dict) -> pd.DataFrame:
    return pd.DataFrame([{k: r.get(k) for k in PK_KEYS} for r in rows], columns=PK_KEYS)


def re(*rows: dict) -> pd.DataFrame:
    return pd.DataFrame([{k: r.get(k) for k in RE_KEYS} for r in rows], columns=RE_KEYS)


def ind(kode, target, satuan=None, sasaran="S1", **kw):
    return {
        "kode_sasaran": sasaran,
        "sasaran": f"Uraian {sasaran}",
        "kode_indikator": kode,
        "indikator": f"Indikator {kode}",
        "satuan": satuan,
        "target": target,
        **kw,
    }


def jenis(hasil, j):
    return [t for t in hasil.temuan if t.jenis == j]


def baris(hasil, kode):
    df = hasil.indikator
    return df[df["kode"] == kode].iloc[0]


def test_contoh_dan_kolom_keluaran():
    h = hitung_capaian_tabel(
        pk(
            ind("1.1", "95%", "%"),
            ind("1.2", "1 laporan", "Laporan"),
            ind("2.1", "3", "Kasus", "S2", polaritas="Negatif"),
            ind("2.2", "80–90%", "%", "S2", polaritas="Rentang"),
        ),
        re(
            {"kode_indikator": "1.1", "realisasi": "100%"},
            {"kode_indikator": "1.2", "realisasi": "1 Lap"},
            {"kode_indikator": "2.1", "realisasi": "2,5"},
            {"kode_indikator": "2.2", "realisasi": "95%"},
        ),
    )
    df = h.indikator
    for k in contract.CAPAIAN_TABLE.keys + [
        "mentah",
        "polaritas",
        "akumulasi",
        "kode_anggaran",
        "realisasi_tahun_lalu",
        "target_renstra",
        "analisis_penyebab",
        "upaya_perbaikan",
        "penanggung_jawab",
        "uraian_sasaran",
        "baris_pk",
        "baris_realisasi",
    ]:
        assert k in df.columns
    assert list(df["kode"]) == ["1.1", "1.2", "2.1", "2.2"]
    assert list(df["capaian"]) == [D("105.26"), D("100.00"), D("116.67"), D("94.44")]
    assert list(df["kategori"]) == ["Sangat Berhasil", "Berhasil", "Sangat Berhasil", "Berhasil"]
    assert set(df["status"]) == {"dihitung"}
    assert list(df["baris_pk"]) == [0, 1, 2, 3] and list(df["baris_realisasi"]) == [0, 1, 2, 3]
    assert df.iloc[0]["target_nilai"] == D(95) and df.iloc[0]["realisasi_nilai"] == D(100)
    assert df.iloc[0]["target"] == "95%" and df.iloc[0]["realisasi"] == "100%"
    assert df.iloc[2]["polaritas"] == "Negatif" and df.iloc[0]["uraian_sasaran"] == "Uraian S1"
    s = h.sasaran
    assert list(s["kode"]) == ["S1", "S2"]
    # S1 mean of exact 2000/19 and 100 = 102.6315... -> 102.63
    assert s.iloc[0]["capaian"] == D("102.63") and s.iloc[0]["kategori"] == "Sangat Berhasil"
    assert s.iloc[0]["jumlah_indikator"] == 2 and s.iloc[0]["jumlah_dihitung"] == 2
    # S2: mean of exact 350/3 and 850/9 = 1900/18 = 105.555... -> 105.56
    assert s.iloc[1]["capaian"] == D("105.56")
    assert not [t for t in h.temuan if t.tingkat is not Tingkat.INFO]


def test_sel_angka_berformat_persen():
    h = hitung_capaian_tabel(
        pk(ind("1", 0.95, "%")),
        re({"kode_indikator": "1", "realisasi": 1}),
        persen_pk={(0, "target")},
        persen_realisasi={(0, "realisasi")},
    )
    r = baris(h, "1")
    assert r["capaian"] == D("105.26") and r["target"] == "95%" and r["realisasi"] == "100%"


def test_sel_angka_dalam_satuan_indikator():
    h = hitung_capaian_tabel(pk(ind("1", 95, "%")), re({"kode_indikator": "1", "realisasi": 100}))
    assert baris(h, "1")["capaian"] == D("105.26")


def test_nilai_tidak_valid_dengan_lokasi():
    h = hitung_capaian_tabel(pk(ind("1", "99.52", "%")), re({"kode_indikator": "1", "realisasi": "1,234"}))
    tv = jenis(h, "nilai_tidak_valid")
    assert {(t.lokasi.tabel, t.lokasi.baris, t.lokasi.kolom) for t in tv} == {
        ("pk", 0, "target"),
        ("realisasi", 0, "realisasi"),
    }
    assert all(t.galat and t.kode == "1" for t in tv)
    assert baris(h, "1")["status"] == Status.TIDAK_DAPAT_DIHITUNG.value
    assert not jenis(h, "capaian_tidak_dapat_dihitung")  # already reported as invalid


def test_nilai_kosong_kode_dan_target():
    h = hitung_capaian_tabel(pk(ind(None, "1 laporan"), ind("2", None)), re({"kode_indikator": "2", "realisasi": "1"}))
    kosong = jenis(h, "nilai_kosong")
    assert {(t.lokasi.baris, t.lokasi.kolom) for t in kosong} == {(0, "kode_indikator"), (1, "target")}
    assert all(t.galat for t in kosong)


def test_baris_pk_kosong_dilewati_dan_kode_sasaran_diteruskan():
    rows = [ind("1", "1"), {}, {**ind("2", "2"), "kode_sasaran": None, "sasaran": None}]
    h = hitung_capaian_tabel(
        pk(*rows), re({"kode_indikator": "1", "realisasi": "1"}, {"kode_indikator": "2", "realisasi": "2"})
    )
    assert list(h.indikator["kode"]) == ["1", "2"]
    assert list(h.indikator["baris_pk"]) == [0, 2]
    assert list(h.indikator["sasaran"]) == ["S1", "S1"]
    assert h.sasaran.iloc[0]["jumlah_indikator"] == 2


def test_realisasi_tanpa_indikator_dan_indikator_tanpa_realisasi():
    h = hitung_capaian_tabel(
        pk(ind("1", "1"), ind("2", "2")),
        re({"kode_indikator": "9", "realisasi": "1"}, {"kode_indikator": "2", "analisis_penyebab": "belum"}),
    )
    (rt,) = jenis(h, "realisasi_tanpa_indikator")
    assert rt.galat and rt.lokasi.tabel == "realisasi" and rt.lokasi.baris == 0 and rt.kode == "9"
    tanpa = jenis(h, "indikator_tanpa_realisasi")
    assert {t.kode for t in tanpa} == {"1", "2"} and all(t.tingkat is Tingkat.PERINGATAN for t in tanpa)
    assert h.sasaran.iloc[0]["capaian"] is None and h.sasaran.iloc[0]["kategori"] is None


def test_kode_ganda_pk():
    h = hitung_capaian_tabel(
        pk(ind("1", "1"), ind("1", "2"), ind("3", "1"), ind("3", "1")),
        re({"kode_indikator": "1", "realisasi": "1"}, {"kode_indikator": "3", "realisasi": "1"}),
    )
    g = jenis(h, "kode_ganda")
    assert [(t.kode, t.tingkat, t.lokasi.baris) for t in g] == [("1", Tingkat.GALAT, 1), ("3", Tingkat.PERINGATAN, 3)]


def test_kode_ganda_realisasi():
    h = hitung_capaian_tabel(
        pk(ind("1", "1")), re({"kode_indikator": "1", "realisasi": "1"}, {"kode_indikator": "1", "realisasi": "5"})
    )
    (g,) = jenis(h, "kode_ganda")
    assert g.lokasi.tabel == "realisasi" and g.lokasi.baris == 1
    assert baris(h, "1")["capaian"] == D(100)


def test_kualitatif_status_dan_peringatan():
    h = hitung_capaian_tabel(pk(ind("1", "1 Dokumen", "Dokumen")), re({"kode_indikator": "1", "realisasi": "Baik"}))
    r = baris(h, "1")
    assert r["status"] == "kualitatif" and r["capaian"] is None and r["kategori"] is None and "Baik" in r["keterangan"]
    (t,) = jenis(h, "capaian_tidak_dapat_dihitung")
    assert t.tingkat is Tingkat.PERINGATAN and "Baik" in t.pesan


def test_satuan_tidak_sesuai():
    h = hitung_capaian_tabel(pk(ind("1", "1 Dokumen", "Dokumen")), re({"kode_indikator": "1", "realisasi": "80%"}))
    (t,) = jenis(h, "satuan_tidak_sesuai")
    assert t.tingkat is Tingkat.PERINGATAN and t.nilai_tercatat == "80%"
    assert baris(h, "1")["status"] == "tidak_dapat_dihitung"


def test_hitungan_tanpa_satuan_terhadap_persen():
    h = hitung_capaian_tabel(pk(ind("1", "1")), re({"kode_indikator": "1", "realisasi": "100%"}))
    assert baris(h, "1")["capaian"] is None
    assert [t.kode for t in jenis(h, "satuan_tidak_sesuai")] == ["1"]


def test_target_nol_positif_dilaporkan():
    h = hitung_capaian_tabel(pk(ind("1", "0")), re({"kode_indikator": "1", "realisasi": "3"}))
    (t,) = jenis(h, "capaian_tidak_dapat_dihitung")
    assert "target 0" in t.pesan and baris(h, "1")["capaian"] is None


def test_nilai_mencurigakan():
    h = hitung_capaian_tabel(pk(ind("1", "95%", "%")), re({"kode_indikator": "1", "realisasi": "0,95"}))
    (t,) = jenis(h, "nilai_mencurigakan")
    assert t.tingkat is Tingkat.PERINGATAN and t.nilai_seharusnya == "95%"
    # typed with an explicit percent sign, or a small target: not suspicious
    h = hitung_capaian_tabel(pk(ind("1", "95%", "%")), re({"kode_indikator": "1", "realisasi": "0,95%"}))
    assert not jenis(h, "nilai_mencurigakan")
    h = hitung_capaian_tabel(
        pk(ind("1", "0,2%", "%", polaritas="Negatif")), re({"kode_indikator": "1", "realisasi": "0,3"})
    )
    assert not jenis(h, "nilai_mencurigakan")


def test_tidak_ada_kejadian_dikeluarkan_dari_rata_rata():
    h = hitung_capaian_tabel(
        pk(ind("1", "0 kasus", "Kasus", polaritas="Negatif"), ind("2", "90%", "%")),
        re({"kode_indikator": "1", "tidak_ada_kejadian": "Ya"}, {"kode_indikator": "2", "realisasi": "81%"}),
    )
    assert baris(h, "1")["status"] == "tidak_ada_kejadian" and baris(h, "1")["capaian"] is None
    s = h.sasaran.iloc[0]
    assert s["capaian"] == D("90.00") and s["jumlah_dihitung"] == 1 and s["jumlah_indikator"] == 2
    assert not jenis(h, "indikator_tanpa_realisasi") and not jenis(h, "capaian_tidak_dapat_dihitung")


def test_batas_dan_skala_dari_aturan():
    skala, _ = periksa_skala([(100, None, "Sangat Baik"), (0, 100, "Belum")])
    h = hitung_capaian_tabel(
        pk(ind("1", "85%", "%")),
        re({"kode_indikator": "1", "realisasi": "100%"}),
        AturanCapaian(batas=D(110), skala=skala),
    )
    assert baris(h, "1")["capaian"] == D("110.00") and baris(h, "1")["kategori"] == "Sangat Baik"


def test_sasaran_geometrik():
    h = hitung_capaian_tabel(
        pk(ind("1", "100"), ind("2", "100")),
        re({"kode_indikator": "1", "realisasi": "100"}, {"kode_indikator": "2", "realisasi": "25"}),
        AturanCapaian(metode="Geometrik"),
    )
    assert h.sasaran.iloc[0]["capaian"] == D("50.00")


def test_polaritas_dan_akumulasi_dari_teks_staf():
    h = hitung_capaian_tabel(
        pk(ind("1", "3", polaritas="NEGATIF"), ind("2", "3", polaritas="turun"), ind("3", "3", akumulasi="total")),
        re(*({"kode_indikator": k, "realisasi": "2,5"} for k in "123")),
    )
    assert baris(h, "1")["capaian"] == D("116.67")
    tv = jenis(h, "nilai_tidak_valid")
    assert {(t.kode, t.lokasi.kolom) for t in tv} == {("2", "polaritas"), ("3", "akumulasi")}
    assert baris(h, "2")["status"] == baris(h, "3")["status"] == "tidak_dapat_dihitung"


def test_polaritas_kosong_dianggap_positif():
    h = hitung_capaian_tabel(pk(ind("1", "3")), re({"kode_indikator": "1", "realisasi": "2,5"}))
    r = baris(h, "1")
    assert r["polaritas"] == "Positif" and r["capaian"] == D("83.33") and "dianggap Positif" in r["keterangan"]


# --- annual vs quarterly ---------------------------------------------------------------

TW4 = dict(target_tw1="1", target_tw2="1", target_tw3="1", target_tw4="1")


def test_realisasi_tahunan_diturunkan_kumulatif_default_untuk_hitungan():
    h = hitung_capaian_tabel(
        pk(ind("1", "4 laporan", "Laporan", **TW4)),
        re(
            {
                "kode_indikator": "1",
                "realisasi_tw1": "1",
                "realisasi_tw2": "1",
                "realisasi_tw3": "2",
                "realisasi_tw4": "1",
            }
        ),
    )
    r = baris(h, "1")
    assert r["realisasi_nilai"] == D(5) and r["capaian"] == D("125.00") and r["akumulasi"] == "Kumulatif"
    assert "dianggap Kumulatif" in r["keterangan"]
    (info,) = jenis(h, "nilai_diturunkan")
    assert info.tingkat is Tingkat.INFO and info.nilai_seharusnya == r["realisasi"] == "5 laporan"


def test_akhir_default_untuk_persen():
    h = hitung_capaian_tabel(
        pk(ind("1", "100%", "%")),
        re(
            {
                "kode_indikator": "1",
                "realisasi_tw1": "20%",
                "realisasi_tw2": "50%",
                "realisasi_tw3": "80%",
                "realisasi_tw4": "95%",
            }
        ),
    )
    r = baris(h, "1")
    assert r["akumulasi"] == "Akhir" and r["realisasi_nilai"] == D(95) and r["capaian"] == D("95.00")
    assert "dianggap Akhir" in r["keterangan"]


def test_rata_rata_diturunkan():
    h = hitung_capaian_tabel(
        pk(ind("1", "90%", "%", akumulasi="rata rata")),
        re(
            {
                "kode_indikator": "1",
                "realisasi_tw1": "80%",
                "realisasi_tw2": "90%",
                "realisasi_tw3": "90%",
                "realisasi_tw4": "100%",
            }
        ),
    )
    assert baris(h, "1")["realisasi_nilai"] == D(90) and baris(h, "1")["capaian"] == D("100.00")


@pytest.mark.parametrize(
    "akumulasi, tahunan, konsisten",
    [
        ("Kumulatif", "5", True),
        ("Kumulatif", "4", False),
        ("Akhir", "1", True),
        ("Akhir", "2", False),
        ("Rata-rata", "1,25", True),
        ("Rata-rata", "1,3", True),
        ("Rata-rata", "1", True),
        ("Rata-rata", "1,5", False),
    ],
)
def test_tw_tidak_konsisten(akumulasi, tahunan, konsisten):
    h = hitung_capaian_tabel(
        pk(ind("1", "4", akumulasi=akumulasi)),
        re(
            {
                "kode_indikator": "1",
                "realisasi": tahunan,
                "realisasi_tw1": "1",
                "realisasi_tw2": "1",
                "realisasi_tw3": "2",
                "realisasi_tw4": "1",
            }
        ),
    )
    tk = jenis(h, "tw_tidak_konsisten")
    assert (not tk) == konsisten
    if tk:
        assert tk[0].galat and tk[0].lokasi.tabel == "realisasi" and tk[0].lokasi.kolom == "realisasi"
    # the typed annual figure is what is used
    assert baris(h, "1")["realisasi_nilai"] == D(tahunan.replace(",", "."))


def test_tw_belum_lengkap_tidak_diperiksa():
    h = hitung_capaian_tabel(
        pk(ind("1", "4", akumulasi="Kumulatif")),
        re({"kode_indikator": "1", "realisasi": "4", "realisasi_tw1": "1", "realisasi_tw2": "1"}),
    )
    assert not jenis(h, "tw_tidak_konsisten")


def test_target_tw_bertentangan_dengan_target_tahunan():
    h = hitung_capaian_tabel(
        pk(ind("1", "5", akumulasi="Kumulatif", **TW4)), re({"kode_indikator": "1", "realisasi": "5"})
    )
    (t,) = jenis(h, "tw_tidak_konsisten")
    assert t.lokasi.tabel == "pk" and t.lokasi.kolom == "target"


TRIWULAN_RE = {
    "kode_indikator": "1",
    "realisasi_tw1": "1",
    "realisasi_tw2": "2",
    "realisasi_tw3": "3",
    "realisasi_tw4": "9",
    "realisasi": "15",
}


def test_triwulan_pelaporan_kumulatif():
    h = hitung_capaian_tabel(
        pk(ind("1", "12", akumulasi="Kumulatif", target_tw1="2", target_tw2="2", target_tw3="4", target_tw4="4")),
        re(TRIWULAN_RE),
        AturanCapaian(triwulan=2),
    )
    r = baris(h, "1")
    # (1 + 2) / (2 + 2)
    assert r["realisasi_nilai"] == D(3) and r["target_nilai"] == D(4) and r["capaian"] == D("75.00")
    assert r["target"] == "4" and r["realisasi"] == "3"


def test_triwulan_pelaporan_kumulatif_tanpa_target_tw():
    h = hitung_capaian_tabel(pk(ind("1", "12", akumulasi="Kumulatif")), re(TRIWULAN_RE), AturanCapaian(triwulan=3))
    r = baris(h, "1")
    assert r["status"] == "tidak_dapat_dihitung" and "target TW I–III kosong" in r["keterangan"]
    assert jenis(h, "capaian_tidak_dapat_dihitung")


def test_triwulan_pelaporan_akhir():
    # last filled TW within TW I-III is TW III (3) against its target 4
    h = hitung_capaian_tabel(
        pk(ind("1", "12", akumulasi="Akhir", target_tw3="4")), re(TRIWULAN_RE), AturanCapaian(triwulan=3)
    )
    assert baris(h, "1")["capaian"] == D("75.00")
    # without a TW target the annual target is used
    h = hitung_capaian_tabel(pk(ind("1", "12", akumulasi="Akhir")), re(TRIWULAN_RE), AturanCapaian(triwulan=3))
    assert baris(h, "1")["capaian"] == D("25.00") and "target tahunan" in baris(h, "1")["keterangan"]


def test_triwulan_pelaporan_rata_rata():
    h = hitung_capaian_tabel(
        pk(ind("1", "3", akumulasi="Rata-rata", target_tw1="2", target_tw2="4")),
        re(TRIWULAN_RE),
        AturanCapaian(triwulan=2),
    )
    # mean(1, 2) / mean(2, 4) = 1,5 / 3
    assert baris(h, "1")["capaian"] == D("50.00")
    h = hitung_capaian_tabel(pk(ind("1", "3", akumulasi="Rata-rata")), re(TRIWULAN_RE), AturanCapaian(triwulan=3))
    assert baris(h, "1")["capaian"] == D("66.67")  # mean(1,2,3) = 2 against the annual 3


def test_triwulan_pelaporan_belum_ada_realisasi():
    h = hitung_capaian_tabel(
        pk(ind("1", "12")), re({"kode_indikator": "1", "realisasi_tw3": "5"}), AturanCapaian(triwulan=1)
    )
    assert baris(h, "1")["status"] == "tidak_dapat_dihitung"
    assert jenis(h, "indikator_tanpa_realisasi")


def test_tabel_kosong():
    h = hitung_capaian_tabel(pk(), re())
    assert h.indikator.empty and h.sasaran.empty and [t.jenis for t in h.temuan] == ["pk_kosong"]  # issue 17
    assert list(h.indikator.columns)[:12] == contract.CAPAIAN_TABLE.keys


# --- robustness ------------------------------------------------------------------------

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_sel = st.one_of(
    st.none(),
    st.sampled_from(
        [
            "95%",
            "100 %",
            "1 laporan",
            "1 Lap",
            "0",
            "0,95",
            "Baik",
            "-",
            "80-90%",
            "BB",
            "B",
            "WTP",
            "1.5",
            "1,234",
            "Rp 1.000",
            "Ya",
            "2 dari 3",
            "",
        ]
    ),
    st.integers(-5, 200),
    st.floats(min_value=-1, max_value=200),
    st.just(float("nan")),
    st.text(max_size=6),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.fixed_dictionaries(
            {
                "kode_sasaran": st.sampled_from(["S1", "S2", None]),
                "kode_indikator": st.sampled_from(["1", "2", "3", None]),
                "satuan": st.sampled_from(["%", "Laporan", None, "Predikat"]),
                "polaritas": st.sampled_from(["Positif", "negatif", "Rentang", None, "x"]),
                "target": _sel,
                "target_tw1": _sel,
                "target_tw4": _sel,
                "akumulasi": st.sampled_from(["Kumulatif", "akhir", "rata rata", None, "?"]),
            }
        ),
        max_size=5,
    ),
    st.lists(
        st.fixed_dictionaries(
            {
                "kode_indikator": st.sampled_from(["1", "2", "3", "9", None]),
                "realisasi": _sel,
                "realisasi_tw1": _sel,
                "realisasi_tw2": _sel,
                "realisasi_tw4": _sel,
                "tidak_ada_kejadian": st.sampled_from([None, "Ya", "tidak"]),
            }
        ),
        max_size=5,
    ),
    st.integers(1, 4),
    st.sampled_from(["rata-rata", "geometrik"]),
)
def test_tabel_tidak_pernah_raise(pk_rows, re_rows, tw, metode):
    h = hitung_capaian_tabel(
        pk(*pk_rows),
        re(*re_rows),
        AturanCapaian(triwulan=tw, metode=metode),
        persen_pk={(0, "target")},
        persen_realisasi={(0, "realisasi")},
    )
    assert set(h.indikator["status"]) <= {s.value for s in Status}
    for _, r in h.indikator.iterrows():
        assert (r["capaian"] is None) == (r["status"] != "dihitung")
        if r["status"] not in ("dihitung", "tidak_ada_kejadian"):
            assert r["keterangan"]
    assert all(t.lokasi.tabel in ("pk", "realisasi") for t in h.temuan)


def test_tabel_besar():
    # Speed is measured by bench/bench_proses.py (ratios, never a wall time in a test).
    n = 5000
    pk_df = pk(*(ind(f"I{i}", "95%", "%", f"S{i // 5}", polaritas="Positif") for i in range(n)))
    re_df = re(*({"kode_indikator": f"I{i}", "realisasi": "100%"} for i in range(n)))
    h = hitung_capaian_tabel(pk_df, re_df)
    assert len(h.indikator) == n and len(h.sasaran) == n // 5

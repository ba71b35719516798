"""The synthetic satker: size, determinism, unique codes, consistent sums, distinct satker per seed."""

from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_contoh_satker import _selisih_induk, rupiah

from kinerja_xl import contoh
from kinerja_xl.template import contract as c

PAGU, PK, REAL, KONF = (t.name for t in (c.PAGU_TABLE, c.PK_TABLE, c.REALISASI_TABLE, c.KONFIGURASI_TABLE))


@pytest.fixture(scope="module")
def besar():
    return contoh.satker_sintetis(skala=20, seed=7)


def _konf(t):
    return dict(zip(t[KONF]["Kunci"], t[KONF]["Nilai"], strict=False))


def test_skala_20_size(besar):
    assert 850 <= len(besar[PK]) <= 1000
    assert 5800 <= len(besar[PAGU]) <= 6600
    for spec in c.INPUT_TABLES:
        assert list(besar[spec.name].columns) == spec.headers


def test_codes_unique(besar):
    assert besar[PAGU]["Kode"].is_unique
    assert besar[PK]["Kode Indikator"].is_unique
    assert besar[c.REFERENSI_TABLE.name]["Kode"].is_unique
    kegiatan = {k.split(".")[1] for k in besar[PAGU]["Kode"] if "." in k}
    assert all(len(k) == 4 and k.isdigit() for k in kegiatan)
    assert len(kegiatan) == 20 * 8


def test_sums_consistent_and_mistakes_kept_once(besar):
    assert _selisih_induk(besar[PAGU]) == {("WA.3356.EBA.962", "Pagu")}
    assert (besar[REAL]["Realisasi"] == "Baik").sum() == 1
    assert set(besar[REAL]["Kode Indikator"]) - set(besar[PK]["Kode Indikator"]) == {"S12.03"}
    assert set(besar[PK]["Kode Anggaran"].dropna()) <= set(besar[PAGU]["Kode"])


def test_bersih_has_no_planted_mistakes():
    t = contoh.satker_sintetis(skala=3, seed=1, bersih=True)
    assert _selisih_induk(t[PAGU]) == set()
    assert not any(rupiah(r) > rupiah(p) for r, p in zip(t[PAGU]["Realisasi"], t[PAGU]["Pagu"], strict=False))
    assert set(t[REAL]["Kode Indikator"]) == set(t[PK]["Kode Indikator"])
    assert "Baik" not in set(t[REAL]["Realisasi"])


def test_deterministic():
    a, b = contoh.satker_sintetis(skala=2, seed=11), contoh.satker_sintetis(skala=2, seed=11)
    for k in a:
        assert a[k].equals(b[k])


def test_seeds_give_distinct_satker_and_parameters_apply():
    # 514 kab/kota nationally: every seed a different name (the name is all the seed changes in it)
    assert len({contoh._nama_satker(s) for s in range(514)}) == 514
    contoh_seed = range(0, 514, 57)
    konf = [_konf(contoh.satker_sintetis(skala=1, seed=s)) for s in contoh_seed]
    assert [k[c.Kunci.NAMA_SATKER] for k in konf] == [contoh._nama_satker(s) for s in contoh_seed]
    assert len({k[c.Kunci.KODE_SATKER] for k in konf}) == len(contoh_seed)
    k = _konf(contoh.satker_sintetis(skala=1, seed=3, kode_satker="123456", tahun=2026))
    assert k[c.Kunci.KODE_SATKER] == "123456" and k[c.Kunci.TAHUN] == "2026"


def test_seed_scales_rupiah_exactly():
    dasar = contoh.satker_contoh()[PAGU]
    t = contoh.satker_sintetis(skala=1, seed=1)[PAGU]  # faktor 97 %
    for asli, baru in zip(dasar["Pagu"], t["Pagu"], strict=False):
        assert rupiah(baru) * 100 == rupiah(asli) * 97
        assert ("." in baru) == ("." in asli)


@settings(max_examples=8, deadline=None)
@given(skala=st.integers(1, 3), seed=st.integers(0, 10_000), bersih=st.booleans())
def test_program_lines_equal_sum_of_kegiatan(skala, seed, bersih):
    t = contoh.satker_sintetis(skala=skala, seed=seed, bersih=bersih)
    pg = t[PAGU]
    harus = set() if bersih else {("WA.3356.EBA.962", "Pagu")}
    assert _selisih_induk(pg) == harus
    assert len(t[PK]) == skala * len(contoh.satker_contoh()[PK])


def test_skala_1_speed_printed():
    contoh.satker_sintetis(skala=1)
    t0 = time.perf_counter()
    for s in range(20):
        contoh.satker_sintetis(skala=1, seed=s)
    print(f"satker_sintetis(skala=1): {(time.perf_counter() - t0) / 20 * 1000:.1f} ms")

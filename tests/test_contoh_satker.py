"""The built-in sample satker: contract headers, size, variety, consistent sums, planted mistakes."""

from __future__ import annotations

import re
from fractions import Fraction

import pandas as pd

from kinerja_xl import contoh
from kinerja_xl.template import contract as c

TABEL = contoh.satker_contoh()
PAGU = TABEL[c.PAGU_TABLE.name]
PK = TABEL[c.PK_TABLE.name]
REAL = TABEL[c.REALISASI_TABLE.name]

POLA_TINGKAT = [r"[A-Z]{2}", r"\d{4}", r"[A-Z]{3}", r"\d{3}", r"\d{3}", r"[A-Z]{1,2}", r"\d{6}"]


def rupiah(v) -> int:
    return 0 if v is None else int(str(v).replace(".", ""))


def angka(v) -> Fraction | None:
    """Leading number of a staff-typed cell ("93,21%", "3 Dok", "12 Bln"); None for words."""
    if v is None:
        return None
    m = re.match(r"^\s*(\d+(?:,\d+)?)", str(v))
    return Fraction(m.group(1).replace(",", ".")) if m else None


def test_every_table_has_exactly_the_contract_headers():
    assert set(TABEL) == {t.name for t in c.INPUT_TABLES}
    for spec in c.INPUT_TABLES:
        assert list(TABEL[spec.name].columns) == spec.headers, spec.name


def test_cells_are_text_or_none():
    for nama, df in TABEL.items():
        for v in df.to_numpy().ravel():
            assert v is None or (isinstance(v, str) and v != ""), (nama, v)


def test_fresh_copies_each_call():
    a = contoh.satker_contoh()
    a[c.PK_TABLE.name].loc[0, "Target"] = "diubah"
    assert contoh.satker_contoh()[c.PK_TABLE.name].loc[0, "Target"] != "diubah"


def test_konfigurasi_complete():
    konf = dict(zip(TABEL[c.KONFIGURASI_TABLE.name]["Kunci"], TABEL[c.KONFIGURASI_TABLE.name]["Nilai"], strict=False))
    assert list(konf) == list(c.KUNCI_KONFIGURASI)
    for k in c.KUNCI_WAJIB:
        assert konf[k]
    assert konf[c.Kunci.TAHUN] == "2025" and konf[c.Kunci.TRIWULAN] == "4"


def test_counts():
    assert 18 <= PK["Kode Sasaran"].nunique() <= 22
    assert 42 <= len(PK) <= 50
    assert PK["Kode Indikator"].is_unique
    assert 280 <= len(PAGU) <= 330
    print(f"sasaran={PK['Kode Sasaran'].nunique()} indikator={len(PK)} pagu={len(PAGU)}")


def test_variety_of_indikator():
    assert set(PK["Polaritas"]) == set(c.POLARITAS)
    assert set(PK["Akumulasi"]) == set(c.AKUMULASI)
    targets = set(PK["Target"])
    assert {"BB", "WTP", "80-90%", "0%"} <= targets
    assert any(re.fullmatch(r"\d+ (Laporan|Dokumen|Kegiatan|Orang)", t) for t in targets)
    assert "Baik" in set(REAL["Realisasi"])
    assert (REAL["Tidak Ada Kejadian"] == "Ya").sum() == 1
    # annual realisasi left empty but TW figures given: the tool derives it
    tw = [f"Realisasi TW {x}" for x in c.TW]
    turunan = REAL[REAL["Realisasi"].isna() & REAL[tw].notna().any(axis=1)]
    assert len(turunan) >= 3
    assert PK["Realisasi Tahun Lalu"].notna().sum() >= 5 and PK["Target Renstra"].notna().sum() >= 5


def test_kode_anggaran_points_at_pagu_lines():
    kode_pagu = set(PAGU["Kode"])
    tertaut = PK["Kode Anggaran"].dropna()
    assert len(tertaut) >= 35
    for k in tertaut:
        assert k in kode_pagu, k


def _baris_pk_real():
    return PK.merge(REAL, on="Kode Indikator", how="inner")


def test_tw_figures_agree_with_annual_under_akumulasi():
    for _, r in _baris_pk_real().iterrows():
        for pre, tahunan in (("Target TW ", "Target"), ("Realisasi TW ", "Realisasi")):
            tw = [angka(r[pre + x]) for x in c.TW]
            isi = [v for v in tw if v is not None]
            if not isi or r[tahunan] is None:
                continue
            if r["Akumulasi"] == "Kumulatif":
                harus = sum(isi)
            elif r["Akumulasi"] == "Akhir":
                harus = isi[-1]
            else:
                harus = sum(isi) / len(isi)
            assert angka(r[tahunan]) == harus, (r["Kode Indikator"], tahunan)


def _capaian_sederhana(r) -> Fraction | None:
    t, real = angka(r["Target"]), angka(r["Realisasi"])
    if real is None:
        tw = [angka(r[f"Realisasi TW {x}"]) for x in c.TW]
        isi = [v for v in tw if v is not None]
        if isi and r["Akumulasi"] == "Kumulatif":
            real = sum(isi)
        elif isi:
            real = isi[-1]
    if t is None or real is None or "-" in r["Target"] or r["Polaritas"] != "Positif" or t == 0:
        return None
    return real / t * 100


def test_below_100_indikator_have_analysis_except_the_planted_one():
    kurang = []
    for _, r in _baris_pk_real().iterrows():
        cap = _capaian_sederhana(r)
        if cap is not None and cap < 100:
            kurang.append(r["Kode Indikator"])
            if r["Kode Indikator"] != "S20.01":
                assert r["Analisis Penyebab"] and r["Upaya Perbaikan"], r["Kode Indikator"]
    assert len(kurang) >= 8
    s20 = REAL[REAL["Kode Indikator"] == "S20.01"].iloc[0]
    assert s20["Analisis Penyebab"] is None


def _pagu_per_kode():
    return {r["Kode"]: r for _, r in PAGU.iterrows()}


def _selisih_induk(df: pd.DataFrame) -> set[tuple[str, str]]:
    """(kode, header) of typed parent lines that differ from the sum of their children.

    Children are found by code prefix; a parent level that was not typed is derived
    from its own children, as the tool does.
    """
    baris = {r["Kode"]: r for _, r in df.iterrows()}
    semua = set(baris)
    for k in list(baris):
        bagian = k.split(".")
        semua.update(".".join(bagian[:i]) for i in range(1, len(bagian)))
    anak: dict[str, list[str]] = {k: [] for k in semua}
    for k in semua:
        if "." in k:
            anak[k.rsplit(".", 1)[0]].append(k)

    def nilai(k, kol):
        if k in baris:
            return rupiah(baris[k][kol])
        return sum(nilai(a, kol) for a in anak[k])

    salah = set()
    for k in baris:
        if anak[k]:
            for kol in ("Pagu", "Realisasi"):
                if rupiah(baris[k][kol]) != sum(nilai(a, kol) for a in anak[k]):
                    salah.add((k, kol))
    return salah


def test_parent_sums_consistent_except_planted_mistake():
    assert _selisih_induk(PAGU) == {("WA.3356.EBA.962", "Pagu")}


def test_leaf_months_add_up_and_only_one_overspend():
    daun = PAGU[PAGU["Kode"].str.count(r"\.") == 6]
    assert len(daun) >= 150
    lebih = []
    for _, r in daun.iterrows():
        assert sum(rupiah(r[f"RPD {b}"]) for b in c.BULAN) == rupiah(r["Pagu"]), r["Kode"]
        assert sum(rupiah(r[f"Realisasi {b}"]) for b in c.BULAN) == rupiah(r["Realisasi"]), r["Kode"]
        if rupiah(r["Realisasi"]) > rupiah(r["Pagu"]):
            lebih.append(r["Kode"])
    assert lebih == ["WA.3356.EBA.994.002.B.522111"]


def test_code_patterns_only_one_malformed():
    salah = []
    for k in PAGU["Kode"]:
        seg = k.split(".")
        if not all(re.fullmatch(p, s) for p, s in zip(POLA_TINGKAT, seg, strict=False)) or len(seg) > 7:
            salah.append(k)
    assert salah == ["WA.3356.EBA.956.051.A.52411"]
    assert PAGU["Kode"].is_unique


def test_amounts_realistic_and_in_both_typed_styles():
    total = rupiah(PAGU.loc[PAGU["Kode"] == "CQ", "Pagu"].iloc[0]) + rupiah(
        PAGU.loc[PAGU["Kode"] == "WA", "Pagu"].iloc[0]
    )
    assert 8_000_000_000 <= total <= 30_000_000_000
    assert PAGU["Pagu"].str.contains(".", regex=False).sum() >= 5
    assert all(rupiah(v) % 1000 == 0 for v in PAGU["Pagu"])
    ro = PAGU[PAGU["Kode"].str.count(r"\.") == 3]
    assert ro["Target Volume"].notna().all() and ro["Satuan Volume"].notna().all()
    assert PAGU["Pagu Awal"].notna().sum() >= 3


def test_referensi_covers_every_program_to_ro_code():
    ref = set(TABEL[c.REFERENSI_TABLE.name]["Kode"])
    for k in PAGU["Kode"]:
        seg = k.split(".")
        for i in range(1, min(len(seg), 4) + 1):
            assert ".".join(seg[:i]) in ref


def test_kesalahan_sengaja_documented_and_few():
    assert 1 <= len(contoh.KESALAHAN_SENGAJA) <= 8
    for s in contoh.KESALAHAN_SENGAJA:
        spec = {c.PAGU: c.PAGU_TABLE, c.REALISASI: c.REALISASI_TABLE, c.PK: c.PK_TABLE}[s["lembar"]]
        assert s["header"] in spec.headers
        assert s["kode"] in set(TABEL[spec.name][spec.columns[0].header])
        assert s["jenis"] in __import__("kinerja_xl.domain.temuan", fromlist=["x"]).TINGKAT_JENIS
    assert "S12.03" not in set(PK["Kode Indikator"])


def test_repairs_remove_every_planted_mistake():
    bersih = contoh._perbaiki(contoh.satker_contoh())
    pg = bersih[c.PAGU_TABLE.name]
    assert _selisih_induk(pg) == set()
    assert not any(rupiah(r) > rupiah(p) for r, p in zip(pg["Realisasi"], pg["Pagu"], strict=False))
    assert "WA.3356.EBA.956.051.A.524113" in set(pg["Kode"])
    rl = bersih[c.REALISASI_TABLE.name]
    assert "S12.03" not in set(rl["Kode Indikator"])
    assert set(rl["Kode Indikator"]) == set(PK["Kode Indikator"])
    assert "Baik" not in set(rl["Realisasi"])


def _dengan_kunci(df: pd.DataFrame, spec: c.TableSpec) -> pd.DataFrame:
    return df.rename(columns=dict(zip(spec.headers, spec.keys, strict=False)))


def test_anggaran_engine_finds_exactly_the_planted_budget_mistakes():
    from kinerja_xl.domain import anggaran

    hasil = anggaran.hitung_anggaran(
        _dengan_kunci(PAGU, c.PAGU_TABLE), _dengan_kunci(TABEL[c.REFERENSI_TABLE.name], c.REFERENSI_TABLE)
    )
    galat = {(t.jenis, t.kode, t.lokasi.kolom) for t in hasil.temuan if t.galat}
    harus = set()
    for s in contoh.KESALAHAN_SENGAJA:
        if s["lembar"] == c.PAGU:
            harus.add((s["jenis"], s["kode"], s["header"]))
            harus.update((a["jenis"], a["kode"], a["header"]) for a in s.get("akibat", []))
    assert {(j, k) for j, k, _ in galat} == {(j, k) for j, k, _ in harus}
    bersih = contoh._perbaiki(contoh.satker_contoh())
    hasil_bersih = anggaran.hitung_anggaran(_dengan_kunci(bersih[c.PAGU_TABLE.name], c.PAGU_TABLE))
    assert [t for t in hasil_bersih.temuan if t.galat] == []
    assert hasil_bersih.total["pagu"] == 10_824_034_000
    assert hasil_bersih.total["realisasi"] == 10_089_083_500


def test_capaian_engine_sees_the_planted_pk_mistakes_and_nothing_else_blocking():
    from kinerja_xl.domain import capaian

    hasil = capaian.hitung_capaian_tabel(_dengan_kunci(PK, c.PK_TABLE), _dengan_kunci(REAL, c.REALISASI_TABLE))
    temuan = {(t.jenis, t.kode) for t in hasil.temuan}
    assert ("realisasi_tanpa_indikator", "S12.03") in temuan
    assert ("capaian_tidak_dapat_dihitung", "S14.02") in temuan
    assert {(t.jenis, t.kode) for t in hasil.temuan if t.galat} == {("realisasi_tanpa_indikator", "S12.03")}
    per_kode = dict(zip(hasil.indikator["kode"], hasil.indikator["status"], strict=False))
    assert per_kode["S11.01"] == "tidak_ada_kejadian"
    assert per_kode["S20.01"] == "dihitung"  # 85,33: below 100, Analisis Penyebab left empty on purpose
    kategori = set(hasil.indikator["kategori"].dropna())
    assert {"Sangat Berhasil", "Berhasil", "Cukup Berhasil", "Tidak Berhasil"} <= kategori

"""Issue 9: capaian per unit kerja against hand-computed figures, the cascade warnings,
unknown units, old workbooks without the new tables, and one write per table or sheet."""

from __future__ import annotations

from decimal import Decimal

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kinerja_xl import contoh
from kinerja_xl.gateway.recording import RecordingGateway
from kinerja_xl.services.hitung import nilai
from kinerja_xl.services.masukan import baca_masukan
from kinerja_xl.services.proses import proses
from kinerja_xl.services.unit import nilai_unit
from kinerja_xl.services.validasi import laporan
from kinerja_xl.template import contract as c

KONF = [
    ("Nama Satker", "KPU Kota Contoh"),
    ("Kode Satker", "111111"),
    ("Provinsi", "Jawa Barat"),
    ("Tahun", "2025"),
    ("Triwulan Pelaporan", "4"),
    ("Nama Sekretaris", "Sekretaris Contoh"),
    ("NIP Sekretaris", "197001012000031001"),
    ("Nama Ketua", "Ketua Contoh"),
    ("Tempat", "Contoh"),
    ("Tanggal PK", "2 Januari 2025"),
]


def _pk(rows: list[dict]) -> pd.DataFrame:
    return pd.DataFrame([{h: r.get(h) for h in c.PK_TABLE.headers} for r in rows], columns=c.PK_TABLE.headers)


def _baris(ks, kode, target, satuan, unit=None, induk=None, sasaran=None):
    return {
        "Kode Sasaran": ks,
        "Sasaran": sasaran or f"Sasaran {ks}",
        "Kode Indikator": kode,
        "Indikator Kinerja": f"Indikator {kode}",
        "Satuan": satuan,
        "Polaritas": "Positif",
        "Target": target,
        "Akumulasi": "Akhir",
        "Unit Kerja": unit,
        "Indikator Induk": induk,
    }


def _tabel(pk_rows, realisasi: dict[str, str], unit_rows=None) -> dict[str, pd.DataFrame]:
    t = {
        c.KONFIGURASI_TABLE.name: pd.DataFrame(KONF, columns=c.KONFIGURASI_TABLE.headers),
        c.SKALA_TABLE.name: pd.DataFrame(list(c.SKALA_DEFAULT), columns=c.SKALA_TABLE.headers),
        c.PK_TABLE.name: _pk(pk_rows),
        c.REALISASI_TABLE.name: pd.DataFrame(
            [{"Kode Indikator": k, "Realisasi": v, "Analisis Penyebab": "ada"} for k, v in realisasi.items()],
            columns=c.REALISASI_TABLE.headers,
        ),
        c.PAGU_TABLE.name: pd.DataFrame(columns=c.PAGU_TABLE.headers),
        c.REFERENSI_TABLE.name: pd.DataFrame(columns=c.REFERENSI_TABLE.headers),
    }
    if unit_rows is not None:
        t[c.UNIT_TABLE.name] = pd.DataFrame(unit_rows, columns=c.UNIT_TABLE.headers)
    return t


# SEK: I1 95% -> 100% (2000/19 = 105,263...), I2 1 Dokumen -> 1 Dokumen (100).
# KUL: K1 10 -> 8 Laporan (80), K2 4 -> 3 Dokumen (75) in S2; K3 3 -> 2 Laporan (66,666...) in S1.
PK_KECIL = [
    _baris("S1", "I1", "95%", "%", "SEK"),
    _baris("S1", "I2", "1 Dokumen", "Dokumen"),  # empty Unit Kerja: the Sekretariat
    _baris("S2", "K1", "10 Laporan", "Laporan", "KUL", "I1"),
    _baris("S2", "K2", "4 Dokumen", "Dokumen", "subbagian keuangan, umum dan logistik", "I9"),  # by Nama Unit
    _baris("S1", "K3", "3 Laporan", "Laporan", "KUL", "K1"),
]
REAL_KECIL = {"I1": "100%", "I2": "1 Dokumen", "K1": "8 Laporan", "K2": "3 Dokumen", "K3": "2 Laporan"}
UNIT_KECIL = [("SEK", "Sekretariat", None, None), ("KUL", "Subbagian Keuangan, Umum dan Logistik", "Dewi", "1980")]


@pytest.fixture(scope="module")
def kecil():
    g = RecordingGateway(_tabel(PK_KECIL, REAL_KECIL, UNIT_KECIL))
    hasil = nilai(baca_masukan(g))
    return hasil, nilai_unit(hasil)


def test_capaian_per_unit_hand_computed(kecil):
    hasil, hu = kecil
    per = {(r["unit"], r["kode"]): r for r in hu.capaian.to_dict("records")}
    assert list(per) == [("SEK", "S1"), ("KUL", "S2"), ("KUL", "S1")]
    assert per[("SEK", "S1")]["capaian"] == Decimal("102.63")  # (2000/19 + 100) / 2 = 3950/38
    assert per[("SEK", "S1")]["kategori"] == "Sangat Berhasil"
    assert per[("KUL", "S2")]["capaian"] == Decimal("77.50") and per[("KUL", "S2")]["kategori"] == "Cukup Berhasil"
    assert per[("KUL", "S1")]["capaian"] == Decimal("66.67") and per[("KUL", "S1")]["kategori"] == "Kurang Berhasil"
    assert per[("KUL", "S2")]["jumlah_indikator"] == 2 and per[("KUL", "S2")]["jumlah_dihitung"] == 2
    # the whole satker keeps all three S1 indikator: (2000/19 + 100 + 200/3) / 3 = 15500/171 = 90,64...
    sas = dict(zip(hasil.capaian.sasaran["kode"], hasil.capaian.sasaran["capaian"], strict=False))
    assert sas["S1"] == Decimal("90.64")
    # per indikator nothing is recomputed: the unit rows use the satker's own figures
    assert dict(zip(hasil.capaian.indikator["kode"], hasil.capaian.indikator["capaian"], strict=False))[
        "K3"
    ] == Decimal("66.67")


def test_unit_narrative_names_counts_and_sasaran(kecil):
    _, hu = kecil
    par = dict(zip(hu.narasi["unit"], hu.narasi["paragraf"], strict=False))
    assert set(par) == {"SEK", "KUL"}
    assert par["KUL"].startswith(
        "Pada tahun 2025 Subbagian Keuangan, Umum dan Logistik memiliki 3 indikator kinerja pada 2 sasaran"
    )
    assert "capaian 3 indikator dapat dihitung: 2 Cukup Berhasil dan 1 Kurang Berhasil." in par["KUL"]
    assert "sasaran S2 77,50% (Cukup Berhasil)" in par["KUL"]
    assert "sasaran S1 66,67% (Kurang Berhasil)" in par["KUL"]
    assert "sasaran S1 102,63% (Sangat Berhasil)" in par["SEK"]


def test_cascade_warnings_located(kecil):
    _, hu = kecil
    kaskade = [t for t in hu.temuan if t.jenis == "kaskade_terputus"]
    assert all(t.tingkat.value == "peringatan" for t in kaskade)
    per_kode = {t.kode: t for t in kaskade}
    assert set(per_kode) == {"K2", "K3", "I2"}
    # PK columns in the recording gateway: Unit Kerja is Q, Indikator Induk R; data starts on row 2
    assert per_kode["K2"].lokasi.sel == "R5" and per_kode["K2"].nilai_tercatat == "I9"
    assert "tidak ada di PK Sekretariat" in per_kode["K2"].pesan
    assert per_kode["K3"].lokasi.sel == "R6" and "indikator unit KUL" in per_kode["K3"].pesan
    assert per_kode["I2"].lokasi.sel == "C3" and "tidak didukung" in per_kode["I2"].pesan


def test_no_cascade_check_without_unit_rows():
    rows = [_baris("S1", "I1", "95%", "%"), _baris("S1", "I2", "1 Dokumen", "Dokumen")]
    hasil = nilai(baca_masukan(RecordingGateway(_tabel(rows, {"I1": "100%", "I2": "1 Dokumen"}, UNIT_KECIL))))
    hu = nilai_unit(hasil)
    assert hu.temuan == []
    assert list(hu.capaian["unit"]) == ["SEK"]


def test_unknown_unit_is_a_warning_and_left_out():
    rows = [_baris("S1", "I1", "95%", "%"), _baris("S1", "X1", "1 Dokumen", "Dokumen", "XYZ", "I1")]
    hasil = nilai(baca_masukan(RecordingGateway(_tabel(rows, {"I1": "100%", "X1": "1 Dokumen"}, UNIT_KECIL))))
    lap = laporan(hasil)
    tak = [t for t in lap.temuan if t.jenis == "unit_tidak_dikenal"]
    assert len(tak) == 1 and tak[0].kode == "X1" and tak[0].lokasi.sel == "Q3" and tak[0].tingkat.value == "peringatan"
    hu = nilai_unit(hasil)
    assert int(hu.capaian["jumlah_indikator"].sum()) == 1


def test_sekretariat_official_comes_from_konfigurasi_and_defaults_without_table():
    rows = [_baris("S1", "I1", "95%", "%")]
    tanpa = _tabel(rows, {"I1": "100%"})  # a workbook made before issue 9: no tblUnit, no tblRencanaAksi
    hu = nilai_unit(nilai(baca_masukan(RecordingGateway(tanpa))))
    assert [u.kode for u in hu.daftar.unit] == [k for k, _ in c.UNIT_BAWAAN]
    sek = hu.daftar.sekretariat
    assert (sek.pejabat, sek.nip) == ("Sekretaris Contoh", "197001012000031001")


def test_bad_unit_codes_are_reported():
    units = [
        ("SEK", "Sekretariat", None, None),
        ("A/B", "Salah", None, None),
        ("KUL", "Satu", None, None),
        ("KUL", "Dua", None, None),
        (None, "Tanpa kode", None, None),
    ]
    hu = nilai_unit(
        nilai(baca_masukan(RecordingGateway(_tabel([_baris("S1", "I1", "95%", "%")], {"I1": "95%"}, units))))
    )
    jenis = sorted((t.jenis, t.lokasi.sel) for t in hu.temuan)
    assert jenis == [("kode_ganda", "A5"), ("nilai_kosong", "A6"), ("nilai_tidak_valid", "A3")]
    assert [u.kode for u in hu.daftar.unit] == ["SEK", "KUL"]


def test_sample_has_exactly_the_planted_cascade_break():
    salah = next(s for s in contoh.KESALAHAN_SENGAJA if s["jenis"] == "kaskade_terputus")
    lap = laporan(nilai(baca_masukan(RecordingGateway(contoh.satker_contoh()))))
    kaskade = [t for t in lap.temuan if t.jenis == "kaskade_terputus"]
    assert [(t.kode, t.nilai_tercatat, t.lokasi.lembar) for t in kaskade] == [
        (salah["kode_indikator"], salah["nilai_tercatat"], c.PK)
    ]
    assert not [t for t in lap.temuan if t.jenis in ("unit_tidak_dikenal", "rencana_aksi_tanpa_indikator")]
    bersih = contoh._perbaiki(contoh.satker_contoh())
    lap2 = laporan(nilai(baca_masukan(RecordingGateway(bersih))))
    assert not [t for t in lap2.temuan if t.jenis == "kaskade_terputus"]
    # every unit of the sample signs a PK with its own indikator
    hu = nilai_unit(nilai(baca_masukan(RecordingGateway(contoh.satker_contoh()))))
    assert set(hu.capaian["unit"]) == {k for k, _ in c.UNIT_BAWAAN}


def test_proses_writes_each_unit_table_and_sheet_once_whatever_the_size():
    def tulis(tabel):
        g = RecordingGateway(tabel)
        proses(g)
        return sorted((m, n) for m, n, _ in g.calls if m in ("tulis_tabel", "tulis_lembar")), g

    kecil, g = tulis(contoh.satker_contoh())
    besar, g3 = tulis(contoh.satker_sintetis(skala=3, seed=1))
    assert kecil == besar
    for nama in (c.CAPAIAN_UNIT_TABLE.name, c.NARASI_UNIT_TABLE.name, c.RENCANA_AKSI_HASIL_TABLE.name):
        assert kecil.count(("tulis_tabel", nama)) == 1
    for lembar in c.LEMBAR_DOKUMEN:
        assert kecil.count(("tulis_lembar", lembar)) == 1
    assert len(g3.tables[c.CAPAIAN_UNIT_TABLE.name]) > len(g.tables[c.CAPAIAN_UNIT_TABLE.name])


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.sampled_from(["SEK", "KUL", "PDI", None]), min_size=5, max_size=5),
    st.lists(st.integers(min_value=0, max_value=120), min_size=5, max_size=5),
)
def test_units_partition_the_satker(units, realisasi):
    """Every computed indikator counts for exactly one unit; a unit holding a whole sasaran
    gets the satker's own figure for it."""
    rows = [_baris("S1" if i < 3 else "S2", f"I{i}", "100", "Persen", units[i]) for i in range(5)]
    real = {f"I{i}": str(v) for i, v in enumerate(realisasi)}
    units_tbl = [(k, n, None, None) for k, n in c.UNIT_BAWAAN]
    hasil = nilai(baca_masukan(RecordingGateway(_tabel(rows, real, units_tbl))))
    hu = nilai_unit(hasil)
    assert int(hu.capaian["jumlah_indikator"].sum()) == 5
    assert int(hu.capaian["jumlah_dihitung"].sum()) == int((hasil.capaian.indikator["status"] == "dihitung").sum())
    sas = {r["kode"]: r for r in hasil.capaian.sasaran.to_dict("records")}
    for r in hu.capaian.to_dict("records"):
        if r["jumlah_indikator"] == sas[r["kode"]]["jumlah_indikator"]:
            assert r["capaian"] == sas[r["kode"]]["capaian"] and r["kategori"] == sas[r["kode"]]["kategori"]


def test_unit_rows_without_any_induk_give_one_finding_for_the_table():
    """Issue 17: unit indikator exist but none names an Indikator Induk -> one peringatan, not one per indikator."""
    rows = [
        _baris("S1", "I1", "95%", "%"),
        _baris("S1", "I2", "1 Dokumen", "Dokumen"),
        _baris("S1", "K1", "10 Laporan", "Laporan", "KUL"),
        _baris("S1", "K2", "4 Dokumen", "Dokumen", "KUL"),
        _baris("S1", "K3", "3 Laporan", "Laporan", "KUL"),
    ]
    real = {"I1": "100%", "I2": "1 Dokumen", "K1": "8 Laporan", "K2": "3 Dokumen", "K3": "2 Laporan"}
    hu = nilai_unit(nilai(baca_masukan(RecordingGateway(_tabel(rows, real, UNIT_KECIL)))))
    kaskade = [t for t in hu.temuan if t.jenis == "kaskade_terputus"]
    assert len(kaskade) == 1
    assert kaskade[0].tingkat.value == "peringatan" and "3 indikator unit kerja" in kaskade[0].pesan
    assert kaskade[0].lokasi.sel == "R4"  # the first unit row (data from row 2)

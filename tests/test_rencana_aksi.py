"""Issue 9: Rencana Aksi shares per indikator, what counts as a mark, Bulan Pelaporan,
rows for unknown indikator, and the printed matrix."""

from __future__ import annotations

from decimal import Decimal

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kinerja_xl import contoh
from kinerja_xl.domain.rencana_aksi import hitung_rencana_aksi, tanda
from kinerja_xl.gateway.recording import RecordingGateway
from kinerja_xl.services.hitung import nilai
from kinerja_xl.services.masukan import baca_masukan
from kinerja_xl.services.unit import lembar_matriks, nilai_unit
from kinerja_xl.services.validasi import laporan
from kinerja_xl.template import contract as c

KEYS = [k.key for k in c.RENCANA_AKSI_TABLE.columns]


def _ra(rows: list[dict]) -> pd.DataFrame:
    return pd.DataFrame([{k: r.get(k) for k in KEYS} for r in rows], columns=KEYS)


def _row(kode, kegiatan, rencana=(), realisasi=(), pelaksana="KUL", mark="√"):
    r = {"kode_indikator": kode, "kegiatan": kegiatan, "pelaksana": pelaksana}
    r.update({f"b{m}": mark for m in rencana})
    r.update({f"realisasi_b{m}": mark for m in realisasi})
    return r


def _hasil_contoh(bulan: str | None):
    t = contoh.satker_contoh()
    konf = t[c.KONFIGURASI_TABLE.name]
    konf.loc[konf["Kunci"] == c.Kunci.BULAN_PELAPORAN, "Nilai"] = bulan
    return nilai_unit(nilai(baca_masukan(RecordingGateway(t))))


def test_sample_shares_hand_computed_at_december():
    ra = _hasil_contoh("12").rencana_aksi.indikator.set_index("kode")
    # (planned, done, %, done without plan, planned not done), counted by hand from rencana_aksi.csv
    harus = {
        "S01.02": (6, 6, Decimal("100.00"), 0, 0),
        "S02.02": (5, 4, Decimal("80.00"), 1, 1),  # B10 not done, B11 done unplanned
        "S03.03": (12, 12, Decimal("100.00"), 0, 0),
        "S05.02": (12, 12, Decimal("100.00"), 0, 0),
        "S09.01": (10, 9, Decimal("90.00"), 0, 1),  # B4 missed
        "S11.02": (12, 12, Decimal("100.00"), 0, 0),
        "S15.01": (4, 3, Decimal("75.00"), 0, 1),  # B9 missed
        "S20.01": (12, 10, Decimal("83.33"), 0, 2),  # B6 and B11 missed
    }
    assert list(ra.index) == list(harus)
    for kode, (rencana, laksana, persen, tanpa, belum) in harus.items():
        r = ra.loc[kode]
        assert (r["direncanakan"], r["terlaksana"], r["persentase"], r["tanpa_rencana"], r["belum_terlaksana"]) == (
            rencana,
            laksana,
            persen,
            tanpa,
            belum,
        ), kode
    assert "belum terlaksana: Penyusunan laporan kinerja triwulanan (Okt)" in ra.loc["S02.02", "keterangan"]
    assert "terlaksana tanpa rencana: Penyusunan laporan kinerja triwulanan (Nov)" in ra.loc["S02.02", "keterangan"]


def test_bulan_pelaporan_cuts_the_count():
    ra = _hasil_contoh("6").rencana_aksi.indikator.set_index("kode")
    assert tuple(ra.loc["S20.01", ["direncanakan", "terlaksana", "persentase"]]) == (6, 5, Decimal("83.33"))
    assert tuple(ra.loc["S15.01", ["direncanakan", "terlaksana", "belum_terlaksana"]]) == (2, 2, 0)
    assert tuple(ra.loc["S01.02", ["direncanakan", "terlaksana"]]) == (3, 3)  # the POK months are later


def test_empty_bulan_pelaporan_is_the_end_of_the_triwulan_and_bad_value_is_reported():
    assert _hasil_contoh(None).rencana_aksi.bulan == 12  # Triwulan Pelaporan 4
    t = contoh.satker_contoh()
    konf = t[c.KONFIGURASI_TABLE.name]
    konf.loc[konf["Kunci"] == c.Kunci.BULAN_PELAPORAN, "Nilai"] = "13"
    konf.loc[konf["Kunci"] == c.Kunci.TRIWULAN, "Nilai"] = "2"
    hasil = nilai(baca_masukan(RecordingGateway(t)))
    salah = [x for x in hasil.temuan if x.kode == c.Kunci.BULAN_PELAPORAN]
    assert len(salah) == 1 and salah[0].jenis == "konfigurasi_tidak_lengkap" and salah[0].galat
    assert salah[0].lokasi.lembar == c.KONFIGURASI and salah[0].lokasi.sel
    assert nilai_unit(hasil).rencana_aksi.bulan == 6


@pytest.mark.parametrize("v", ["√", "x", "v", 1, 0, 1.0, True, "ya", " ✓ "])
def test_any_non_empty_cell_is_a_mark(v):
    assert tanda(v)


@pytest.mark.parametrize("v", [None, "", "   ", float("nan")])
def test_blank_cells_are_not_marks(v):
    assert not tanda(v)


def test_unknown_indikator_flagged_and_continuation_rows_inherit():
    ra = _ra(
        [
            _row("I1", "Kegiatan a", (1, 2), (1, 2)),
            _row(None, "Kegiatan b", (3,), ()),  # continues I1
            _row("ZZ9", "Kegiatan asing", (1,), (1,)),
            _row(None, "Lanjutan asing", (2,), ()),  # continues ZZ9: also unknown
            {"kode_indikator": None, "kegiatan": None},  # empty row: ignored
        ]
    )
    h = hitung_rencana_aksi(ra, ["I1", "I2"], 12)
    assert list(h.indikator["kode"]) == ["I1"]
    r = h.indikator.iloc[0]
    assert (r["direncanakan"], r["terlaksana"], r["belum_terlaksana"]) == (3, 2, 1)
    assert [(t.jenis, t.kode, t.lokasi.baris, t.tingkat.value) for t in h.temuan] == [
        ("rencana_aksi_tanpa_indikator", "ZZ9", 2, "peringatan"),
        ("rencana_aksi_tanpa_indikator", "ZZ9", 3, "peringatan"),
    ]
    tanpa_kode = hitung_rencana_aksi(_ra([_row(None, "Tanpa indikator", (1,))]), ["I1"], 12)
    assert tanpa_kode.temuan[0].kode == "" and "tidak menyebut Kode Indikator" in tanpa_kode.temuan[0].pesan


def test_validation_report_locates_rencana_aksi_findings():
    t = contoh.satker_contoh()
    ra = t[c.RENCANA_AKSI_TABLE.name]
    ra.loc[0, "Kode Indikator"] = "S99.01"
    lap = laporan(nilai(baca_masukan(RecordingGateway(t))))
    temuan = [x for x in lap.temuan if x.jenis == "rencana_aksi_tanpa_indikator"]
    # row 1 and its continuation row 2 both name the unknown indikator
    assert [(x.lokasi.lembar, x.lokasi.sel) for x in temuan] == [(c.RENCANA_AKSI, "A2"), (c.RENCANA_AKSI, "A3")]


def test_no_plan_gives_no_percentage():
    h = hitung_rencana_aksi(_ra([_row("I1", "Tak terencana", (), (4,))]), ["I1"], 12)
    r = h.indikator.iloc[0]
    assert (
        r["persentase"] is None and r["tanpa_rencana"] == 1 and "tidak ada bulan yang direncanakan" in r["keterangan"]
    )
    with pytest.raises(ValueError):
        hitung_rencana_aksi(_ra([]), ["I1"], 13)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.tuples(st.sets(st.integers(1, 12)), st.sets(st.integers(1, 12))), min_size=1, max_size=6),
    st.integers(1, 12),
)
def test_counts_add_up(kegiatan, bulan):
    rows = [_row("I1" if i % 2 == 0 else "I2", f"K{i}", sorted(r), sorted(d)) for i, (r, d) in enumerate(kegiatan)]
    h = hitung_rencana_aksi(_ra(rows), ["I1", "I2"], bulan)
    for rec in h.indikator.to_dict("records"):
        mine = [k for i, k in enumerate(kegiatan) if ("I1" if i % 2 == 0 else "I2") == rec["kode"]]
        rencana = sum(len([m for m in r if m <= bulan]) for r, _ in mine)
        laksana = sum(len([m for m in r & d if m <= bulan]) for r, d in mine)
        tanpa = sum(len([m for m in d - r if m <= bulan]) for r, d in mine)
        assert (rec["direncanakan"], rec["terlaksana"], rec["tanpa_rencana"]) == (rencana, laksana, tanpa)
        assert rec["terlaksana"] + rec["belum_terlaksana"] == rec["direncanakan"]
        if rencana:
            assert rec["persentase"] == (Decimal(laksana * 100) / Decimal(rencana)).quantize(
                Decimal("0.01"), "ROUND_HALF_UP"
            )


def test_matrix_prints_ticks_in_month_columns_and_pelaksana():
    t = contoh.satker_contoh()
    hasil = nilai(baca_masukan(RecordingGateway(t)))
    lb = lembar_matriks(hasil, nilai_unit(hasil))
    assert lb.nama == c.MATRIKS_RENCANA_AKSI
    kepala = [lb.cells[f"{h}5"] for h in c.LEBAR_KOLOM_MATRIKS]
    assert kepala == [
        "Sasaran Kegiatan",
        "Indikator Kinerja",
        "Target",
        "TW I",
        "TW II",
        "TW III",
        "TW IV",
        "Kegiatan",
        "Jan",
        "Feb",
        "Mar",
        "Apr",
        "Mei",
        "Jun",
        "Jul",
        "Agu",
        "Sep",
        "Okt",
        "Nov",
        "Des",
        "Pelaksana",
    ]
    # S15.01 (Penataan arsip): planned B3, B6, B9, B12 -> ticks in K, N, Q, T of its first row
    baris = next(int(a[1:]) for a, v in lb.cells.items() if a.startswith("H") and v.startswith("Penataan,"))
    ticks = sorted(a[0] for a, v in lb.cells.items() if v == "√" and a[1:] == str(baris))
    assert ticks == ["K", "N", "Q", "T"]
    # the unit's name, not its code (broken at the column width)
    assert lb.cells[f"U{baris}"] == "Subbagian" and lb.cells[f"C{baris}"] == "80%"
    # the quarterly targets of the PK beside the yearly one (S15.01: 20%, 40%, 60%, 80%)
    assert [lb.cells[f"{h}{baris}"] for h in "DEFG"] == ["20%", "40%", "60%", "80%"]
    k = hasil.masukan.konfigurasi
    assert f"NIP. {k.teks(c.Kunci.NIP_SEKRETARIS)}" in lb.cells.values()
    assert k.teks(c.Kunci.NAMA_SEKRETARIS) in lb.cells.values()
    # no printed text of the matrix is longer than its column (the signature block below it spans K..Q)
    ttd = min(int(a[1:]) for a, v in lb.cells.items() if a.startswith("O") and str(v).startswith("Kota Contoh, "))
    for alamat, v in lb.cells.items():
        kolom = alamat.rstrip("0123456789")
        if 5 < int(alamat[len(kolom) :]) < ttd and kolom in c.LEBAR_KOLOM_MATRIKS and kolom >= "A" and len(kolom) == 1:
            assert len(str(v)) <= max(int(c.LEBAR_KOLOM_MATRIKS[kolom]), 4), alamat

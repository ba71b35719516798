"""KPU Kota Bontang 2017 seed fixtures: transcribed as printed, with the report's own capaian."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pandas as pd

from kinerja_xl import contoh
from kinerja_xl.template import contract as c

FIX = Path(__file__).parent / "fixtures"
T = contoh.bontang_2017()
PK = T[c.PK_TABLE.name]
REAL = T[c.REALISASI_TABLE.name]
UKUR = pd.read_csv(FIX / "bontang_2017_pengukuran.csv", dtype=str, keep_default_na=False)


def test_headers_and_tables():
    for spec in c.INPUT_TABLES:
        assert list(T[spec.name].columns) == spec.headers
    konf = dict(zip(T[c.KONFIGURASI_TABLE.name]["Kunci"], T[c.KONFIGURASI_TABLE.name]["Nilai"], strict=False))
    assert konf[c.Kunci.NAMA_SATKER] == "KPU Kota Bontang" and konf[c.Kunci.TAHUN] == "2017"
    for k in c.KUNCI_WAJIB:
        assert konf[k]


def test_transcription_counts():
    # 22 output indikator of Tabel 3.1, 9 of the Sekretariat PK, 29 of the four Kasubbag PK
    assert len(PK) == 61 and PK["Kode Indikator"].is_unique
    assert PK["Kode Indikator"].str.match(r"33\d\d\.[A-D]$").sum() == 22
    assert PK["Kode Indikator"].str.startswith("PK.").sum() == 9
    # the Sekretariat PK has no printed realisasi: no row, so the tool reports it
    assert not REAL["Kode Indikator"].str.startswith("PK.").any()
    assert set(REAL["Kode Indikator"]) <= set(PK["Kode Indikator"])


def test_the_three_known_problems_are_present():
    gabung = PK.merge(REAL, on="Kode Indikator")
    baris = {r["Kode Indikator"]: r for _, r in gabung.iterrows()}
    # a count target against a percentage realisasi
    assert (baris["KUL.2.1"]["Target"], baris["KUL.2.1"]["Realisasi"]) == ("2 Laporan", "100%")
    # a target of 0 with a realisasi
    assert (baris["HK.2.2"]["Target"], baris["HK.2.2"]["Realisasi"]) == ("0", "100%")
    # 'Tidak ada kasus'
    assert baris["3363.A"]["Realisasi"] == "Tidak ada kasus"


def test_pengukuran_expected_capaian_is_realisasi_over_target():
    dihitung = UKUR[UKUR["Capaian Seharusnya"] != ""]
    assert len(dihitung) >= 40
    for _, r in dihitung.iterrows():
        t = Decimal(r["Target"].rstrip("%").split()[0].replace(",", "."))
        x = Decimal(r["Realisasi"].rstrip("%").split()[0].replace(",", "."))
        harus = (x / t * 100).quantize(Decimal("0.01"), ROUND_HALF_UP)
        assert Decimal(r["Capaian Seharusnya"].replace(",", ".")) == harus, r["Kode Indikator"]
    # the report would have printed 100 for these; the true figures are above it
    seharusnya = dict(zip(UKUR["Kode Indikator"], UKUR["Capaian Seharusnya"], strict=False))
    assert seharusnya["PD.2.1"] == "125,00" and seharusnya["PD.3.1"] == "117,65"
    masalah = UKUR[UKUR["Temuan Diharapkan"] != ""]
    assert set(masalah["Temuan Diharapkan"]) == {
        "satuan_tidak_sesuai",
        "capaian_tidak_dapat_dihitung",
        "indikator_tanpa_realisasi",
    }
    assert set(UKUR.loc[UKUR["Kode Indikator"] == "3363.A", "Capaian Tercetak"]) == {"100", "0"}


def _hitung_capaian():
    from kinerja_xl.domain import capaian

    pk = PK.rename(columns=dict(zip(c.PK_TABLE.headers, c.PK_TABLE.keys, strict=False)))
    rl = REAL.rename(columns=dict(zip(c.REALISASI_TABLE.headers, c.REALISASI_TABLE.keys, strict=False)))
    return capaian.hitung_capaian_tabel(pk, rl)


def test_capaian_engine_on_bontang():
    hasil = _hitung_capaian()
    per_kode = {r["kode"]: r for _, r in hasil.indikator.iterrows()}
    for _, r in UKUR[UKUR["Capaian Seharusnya"] != ""].iterrows():
        assert per_kode[r["Kode Indikator"]]["capaian"] == Decimal(r["Capaian Seharusnya"].replace(",", ".")), r[
            "Kode Indikator"
        ]
    temuan = {(t.jenis, t.kode) for t in hasil.temuan}
    for _, r in UKUR[UKUR["Temuan Diharapkan"] != ""].iterrows():
        # issue 17: "tidak ada kasus" as realisasi gets the Tidak Ada Kejadian hint instead
        lain = "realisasi_tidak_ada_kejadian" if r["Temuan Diharapkan"] == "capaian_tidak_dapat_dihitung" else None
        assert (r["Temuan Diharapkan"], r["Kode Indikator"]) in temuan or (lain, r["Kode Indikator"]) in temuan
        assert per_kode[r["Kode Indikator"]]["capaian"] is None


def test_unitless_count_against_percentage():
    hasil = _hitung_capaian()
    th = hasil.indikator[hasil.indikator["kode"] == "TH.3.1"].iloc[0]
    assert th["capaian"] is None
    assert ("satuan_tidak_sesuai", "TH.3.1") in {(t.jenis, t.kode) for t in hasil.temuan}


def test_pagu_fixture_is_read_when_present():
    pagu = T[c.PAGU_TABLE.name]
    assert list(pagu.columns) == c.PAGU_TABLE.headers
    if (FIX / "bontang_2017_pagu.csv").exists():
        assert len(pagu) == 22 and pagu["Kode"].notna().all() and pagu["Pagu"].notna().all()
    else:
        assert pagu.empty


def test_lkj_bab3b_dan_capaian_sesuai_laporan():
    """The LKj of the Bontang 2017 workbook: BAB III B pagu and realisasi equal the report's to the
    rupiah (table and text), capaian equal the report's true figures (issue 16)."""
    from kinerja_xl.gateway.recording import RecordingGateway
    from kinerja_xl.services.dokumen import naskah_lkj
    from kinerja_xl.services.hitung import nilai
    from kinerja_xl.services.masukan import baca_masukan

    hasil = nilai(baca_masukan(RecordingGateway(contoh.bontang_2017())))
    naskah = naskah_lkj(hasil)
    tabel = naskah.tabel_anggaran.set_index("Kode")
    bab3b: dict[str, str] = {}
    for b in naskah.blok:
        if b.bagian == "BAB III B" and b.gaya == "paragraf":
            bab3b[b.kode] = bab3b.get(b.kode, "") + " " + b.teks
    laporan = pd.read_csv(FIX / "bontang_2017_pagu.csv", dtype=str, keep_default_na=False)
    for _, r in laporan.iterrows():
        assert tabel.loc[r["Kode"], "Pagu (Rp)"] == r["Pagu"]
        assert tabel.loc[r["Kode"], "Realisasi (Rp)"] == r["Realisasi"]
        assert f"sebesar Rp {r['Pagu']},-" in bab3b[r["Kode"]] and f"sebesar Rp {r['Realisasi']},-" in bab3b[r["Kode"]]
    total = sum(int(x.replace(".", "")) for x in laporan["Pagu"])
    assert tabel.loc["", "Pagu (Rp)"] == f"{total:,}".replace(",", ".")
    seharusnya = {k: v for k, v in zip(UKUR["Kode Indikator"], UKUR["Capaian Seharusnya"], strict=True) if v}
    dibanding = 0
    for _, r in hasil.capaian.indikator.iterrows():
        if r["kode"] in seharusnya:
            assert r["capaian"] == Decimal(seharusnya[r["kode"]].replace(",", ".")), r["kode"]
            dibanding += 1
    assert dibanding >= 40
    cetak = dict(zip(naskah.tabel_pengukuran["Indikator Kinerja"], naskah.tabel_pengukuran["Capaian"], strict=True))
    for _, r in hasil.satker.capaian.indikator.iterrows():
        if r["kode"] in seharusnya:
            assert cetak[r["indikator"]] == seharusnya[r["kode"]] + "%"

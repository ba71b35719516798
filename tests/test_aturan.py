"""The rule registry: the catalogue, its CLI and doc, misspelt jenis, and one case per rule.

Each registered rule is run on a small input that must trigger it and on one that must not.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from typer.testing import CliRunner

from kinerja_xl import contoh
from kinerja_xl.cli import app
from kinerja_xl.dokumentasi import aturan_md, pemeriksa
from kinerja_xl.domain import anggaran_aturan as aa
from kinerja_xl.domain import capaian_aturan as ca
from kinerja_xl.domain.anggaran import siapkan_anggaran
from kinerja_xl.domain.aturan import SEMUA_DAFTAR, Jenis, Tingkat, katalog
from kinerja_xl.domain.capaian import AturanCapaian, jalankan_capaian
from kinerja_xl.domain.temuan import Temuan
from kinerja_xl.gateway.recording import RecordingGateway
from kinerja_xl.services import masukan as ms
from kinerja_xl.services import validasi as vs
from kinerja_xl.services.hitung import nilai
from kinerja_xl.template import contract as c

DOCS = Path(__file__).resolve().parent.parent / "docs"


# --- the catalogue -----------------------------------------------------------------------


def test_cli_aturan_json_is_the_catalogue():
    hasil = CliRunner().invoke(app, ["aturan", "--json"])
    assert hasil.exit_code == 0, hasil.output
    daftar = json.loads(hasil.output)
    assert daftar == katalog()
    assert [d["jenis"] for d in daftar] == [j.value for j in Jenis]
    for d in daftar:
        assert list(d) == ["jenis", "tingkat", "nama", "deskripsi", "saran"]
        assert d["tingkat"] in {t.value for t in Tingkat}
        assert d["nama"] and d["deskripsi"] and d["saran"]


def test_cli_aturan_table_names_every_jenis():
    hasil = CliRunner().invoke(app, ["aturan"], env={"COLUMNS": "400"})
    assert hasil.exit_code == 0
    for j in Jenis:
        assert j.value in hasil.output


def test_docs_aturan_is_current():
    assert (DOCS / "aturan.md").read_text(encoding="utf-8") == aturan_md(), (
        "docs/aturan.md is stale: run `python -m kinerja_xl.dokumentasi`"
    )


def test_misspelt_jenis_is_refused():
    with pytest.raises(ValueError, match="tidak terdaftar"):
        Temuan("kode_formaat", "x")  # type: ignore[arg-type]
    t = Temuan("kode_format", "x")  # type: ignore[arg-type]
    assert t.jenis is Jenis.KODE_FORMAT and t.jenis == "kode_format" and t.tingkat is Tingkat.GALAT


def test_every_jenis_has_a_check():
    for j in Jenis:
        assert pemeriksa(j), f"no registered check reports {j}"


def test_registered_rules_declare_real_jenis():
    for daftar in SEMUA_DAFTAR:
        for a in daftar.aturan_:
            assert a.jenis and all(isinstance(j, Jenis) for j in a.jenis), a.nama


@pytest.mark.parametrize(
    "tabel",
    [
        pytest.param(contoh.satker_contoh, id="contoh"),
        pytest.param(lambda: contoh.satker_sintetis(2), id="sintetis"),
        pytest.param(lambda: contoh._perbaiki(contoh.satker_contoh()), id="contoh-diperbaiki"),
    ],
)
def test_findings_use_registered_jenis(tabel: Callable[[], dict[str, pd.DataFrame]]):
    lap = vs.laporan(nilai(ms.baca_masukan(RecordingGateway(tabel()))))
    assert lap.temuan
    dideklarasikan = {j for d in SEMUA_DAFTAR for a in d.aturan_ for j in a.jenis} | {Jenis.TEMPLATE_NARASI_RUSAK}
    for t in lap.temuan:
        assert isinstance(t.jenis, Jenis) and t.jenis in dideklarasikan, t


# --- anggaran rules: one case that triggers each, one that does not -----------------------

_RANTAI = [  # a komponen, its sub-komponen and four akun: the sums agree to the rupiah
    ("CQ.6709.QGE.001.051", "Persiapan Pemutakhiran", "189635000", "170104600"),
    ("CQ.6709.QGE.001.051.A", "Koordinasi Data Kependudukan", "189635000", "170104600"),
    ("CQ.6709.QGE.001.051.A.521211", "Belanja Bahan", "44552000", "36378500"),
    ("CQ.6709.QGE.001.051.A.521219", "Belanja Barang Non Operasional Lainnya", "67114000", "66057300"),
    ("CQ.6709.QGE.001.051.A.524113", "Belanja Perjalanan Dinas Dalam Kota", "27211000", "24275500"),
    ("CQ.6709.QGE.001.051.A.524114", "Belanja Perjalanan Dinas Paket Meeting", "50758000", "43393300"),
]
_INDUK = [("CQ", "Program"), ("CQ.6709", "Kegiatan"), ("CQ.6709.QGE", "KRO"), ("CQ.6709.QGE.001", "RO")]


def pagu(*tambah: tuple[str | None, ...], lengkap: bool = False, **ubah: dict[str, Any]) -> pd.DataFrame:
    """The chain above (with its typed parents when ``lengkap``), extra rows, and cell changes by kode."""
    rows = [(k, u, "189635000", "170104600") for k, u in _INDUK] if lengkap else []
    df = pd.DataFrame([*rows, *_RANTAI, *tambah], columns=["kode", "uraian", "pagu", "realisasi"], dtype=object)
    for kolom, per_kode in ubah.items():
        for kode, v in per_kode.items():
            df.loc[df["kode"] == kode, kolom] = v
    return df


_A1 = "CQ.6709.QGE.001.051.A.521211"
ANGGARAN: dict[str, tuple[Jenis, Callable[[], Any], Callable[[], Any]]] = {
    "referensi_tambahan": (
        Jenis.KODE_FORMAT,
        lambda: (pagu(), pd.DataFrame({"kode": ["?!"], "uraian": ["x"], "tingkat": [None]})),
        lambda: (pagu(), None),
    ),
    "kode_kosong": (Jenis.NILAI_KOSONG, lambda: pagu((None, "tanpa kode", "5", "0")), pagu),
    "kode_tidak_terbaca": (Jenis.KODE_FORMAT, lambda: pagu(("CQ.67O9.QGE", "huruf O", "5", "0")), pagu),
    "rupiah_tidak_terbaca": (Jenis.NILAI_TIDAK_VALID, lambda: pagu(pagu={_A1: "12,5"}), pagu),
    "format_kode_campuran": (Jenis.FORMAT_KODE_CAMPURAN, lambda: pagu(("076.01.01.3355.003", "lama", "5", "0")), pagu),
    "kode_ganda": (Jenis.KODE_GANDA, lambda: pagu((_A1, "Belanja Bahan", "1", "0")), pagu),
    "induk_tidak_sama_rincian": (
        Jenis.JUMLAH_TIDAK_SESUAI,
        lambda: pagu(pagu={"CQ.6709.QGE.001.051.A": "189635001"}),
        pagu,
    ),
    "pagu_kosong": (Jenis.NILAI_KOSONG, lambda: pagu(pagu={_A1: None}), pagu),
    "realisasi_melebihi_pagu": (Jenis.REALISASI_MELEBIHI_PAGU, lambda: pagu(realisasi={_A1: "44552001"}), pagu),
    "bulanan_tidak_sama_setahun": (
        Jenis.JUMLAH_TIDAK_SESUAI,
        lambda: pagu(rpd_1={_A1: "1"}),
        lambda: pagu(rpd_1={_A1: "44552000"}),
    ),
    "induk_tidak_diketik": (
        Jenis.KODE_TANPA_INDUK,
        lambda: pagu(("CQ.6709.QGE.001.051.B.521211", "Belanja Bahan", "10", "0")),
        pagu,
    ),
    "program_tidak_diketahui": (
        Jenis.KODE_TANPA_INDUK,
        lambda: pagu(("9999", "kegiatan tanpa program", "5", "0")),
        pagu,
    ),
    "segmen_tertinggal": (Jenis.KODE_FORMAT, lambda: pagu(("CQ.6709.QGE.001.051.B", "berhenti", "0", "0")), pagu),
    "kode_tidak_dikenal": (
        Jenis.KODE_TIDAK_DIKENAL,
        lambda: pagu(("CQ.6709.QGE.001.051.A.421211", "bukan belanja", "0", "0")),
        pagu,
    ),
    "induk_dihitung": (Jenis.INDUK_DIHITUNG, pagu, lambda: pagu(lengkap=True)),
    "volume_tidak_terbaca": (
        Jenis.NILAI_TIDAK_VALID,
        lambda: pagu(target_volume={"CQ.6709.QGE.001.051": "abc"}),
        lambda: pagu(target_volume={"CQ.6709.QGE.001.051": "3"}),
    ),
}


def _referensi() -> pd.DataFrame:
    """The sample's own Referensi rows (its kegiatan are not in the shipped list)."""
    ref = contoh.satker_contoh()[c.REFERENSI_TABLE.name]
    return ref.rename(columns={k.header: k.key for k in c.REFERENSI_TABLE.columns})


def _jalan_anggaran(nama: str, masukan: Any) -> list[Temuan]:
    df, ref = masukan if isinstance(masukan, tuple) else (masukan, _referensi())
    fungsi = getattr(aa, nama)
    return list(fungsi(siapkan_anggaran(df, ref)))


def test_every_anggaran_rule_has_a_case():
    assert {a.nama for a in aa.ATURAN_ANGGARAN.aturan_} == set(ANGGARAN)


@pytest.mark.parametrize("nama", list(ANGGARAN))
def test_anggaran_rule(nama: str):
    jenis, kena, bersih = ANGGARAN[nama]
    temuan = _jalan_anggaran(nama, kena())
    assert temuan and {t.jenis for t in temuan} == {jenis}, temuan
    assert _jalan_anggaran(nama, bersih()) == []


# --- capaian rules ----------------------------------------------------------------------------


def pk(*rows: dict[str, Any]) -> pd.DataFrame:
    dasar = {
        "kode_sasaran": "S1",
        "sasaran": "Sasaran",
        "kode_indikator": "1",
        "indikator": "Indikator",
        "satuan": "%",
        "target": "90%",
        "polaritas": "Positif",
        "akumulasi": "Akhir",
    }
    return pd.DataFrame(
        [{k: {**dasar, **r}.get(k) for k in c.PK_TABLE.keys} for r in rows or [{}]], columns=c.PK_TABLE.keys
    )


def re(*rows: dict[str, Any]) -> pd.DataFrame:
    dasar = {"kode_indikator": "1", "realisasi": "95%", "analisis_penyebab": "-"}
    return pd.DataFrame(
        [{k: {**dasar, **r}.get(k) for k in c.REALISASI_TABLE.keys} for r in rows], columns=c.REALISASI_TABLE.keys
    )


_LAPORAN = {"target": "4 laporan", "satuan": "laporan", "akumulasi": "Kumulatif"}
_TW = {
    "realisasi": "4 laporan",
    "realisasi_tw1": "1 laporan",
    "realisasi_tw2": "1 laporan",
    "realisasi_tw3": "1 laporan",
    "realisasi_tw4": "1 laporan",
}
_TARGET_TW = {
    "target_tw1": "1 laporan",
    "target_tw2": "1 laporan",
    "target_tw3": "1 laporan",
    "target_tw4": "1 laporan",
}
_DASAR = (pk(), re({}), 4)
CAPAIAN: dict[str, tuple[Jenis, tuple[Any, ...], tuple[Any, ...]]] = {
    "kode_realisasi": (Jenis.REALISASI_TANPA_INDIKATOR, (pk(), re({}, {"kode_indikator": "9"}), 4), _DASAR),
    "kode_indikator": (Jenis.KODE_GANDA, (pk({}, {"target": "80%"}), re({}), 4), _DASAR),
    "target_kosong": (Jenis.NILAI_KOSONG, (pk({"target": None}), re({}), 4), _DASAR),
    "polaritas_tidak_dikenal": (Jenis.NILAI_TIDAK_VALID, (pk({"polaritas": "Naik"}), re({}), 4), _DASAR),
    "akumulasi_tidak_dikenal": (Jenis.NILAI_TIDAK_VALID, (pk({"akumulasi": "Sering"}), re({}), 4), _DASAR),
    "belum_ada_realisasi": (Jenis.INDIKATOR_TANPA_REALISASI, (pk(), re(), 4), _DASAR),
    "belum_ada_realisasi_triwulan": (
        Jenis.INDIKATOR_TANPA_REALISASI,
        (pk(), re({}), 2),
        (pk(), re({"realisasi_tw1": "95%"}), 2),
    ),
    "realisasi_tidak_sama_triwulan": (
        Jenis.TW_TIDAK_KONSISTEN,
        (pk(_LAPORAN), re({**_TW, "realisasi_tw4": "2 laporan"}), 4),
        (pk(_LAPORAN), re(_TW), 4),
    ),
    "realisasi_diturunkan": (
        Jenis.NILAI_DITURUNKAN,
        (pk(_LAPORAN), re({**_TW, "realisasi": None}), 4),
        (pk(_LAPORAN), re(_TW), 4),
    ),
    "target_tidak_sama_triwulan": (
        Jenis.TW_TIDAK_KONSISTEN,
        (pk({**_LAPORAN, **_TARGET_TW, "target": "5 laporan"}), re(_TW), 4),
        (pk({**_LAPORAN, **_TARGET_TW}), re(_TW), 4),
    ),
    "capaian_tidak_dihitung": (Jenis.CAPAIAN_TIDAK_DAPAT_DIHITUNG, (pk(), re({"realisasi": "baik"}), 4), _DASAR),
    "nilai_mencurigakan": (Jenis.NILAI_MENCURIGAKAN, (pk(), re({"realisasi": 0.95}), 4), _DASAR),
    "pk_kosong": (Jenis.PK_KOSONG, (pd.DataFrame(columns=c.PK_TABLE.keys), re(), 4), _DASAR),
    "realisasi_tidak_ada_kejadian": (
        Jenis.REALISASI_TIDAK_ADA_KEJADIAN,
        (pk(), re({"realisasi": "Tidak ada kasus"}), 4),
        (pk(), re({"realisasi": "baik"}), 4),
    ),
}


def _jalan_capaian(nama: str, masukan: tuple[Any, ...]) -> list[Temuan]:
    tabel_pk, tabel_re, tw = masukan
    k, daftar = jalankan_capaian(tabel_pk, tabel_re, AturanCapaian(triwulan=tw))
    fungsi = getattr(ca, nama)
    if any(a.periksa is fungsi for a in ca.ATURAN_REALISASI.aturan_):
        return list(fungsi(k))
    if any(a.periksa is fungsi for a in ca.ATURAN_TURUNAN.aturan_):
        # called by the deriving step: what it reported is in the run's findings
        jenis = next(a.jenis for a in ca.ATURAN_TURUNAN.aturan_ if a.periksa is fungsi)
        tabel = {"target_tidak_sama_triwulan": "pk", "realisasi_tidak_sama_triwulan": "realisasi"}.get(nama)
        return [t for t in k.temuan if t.jenis in jenis and tabel in (None, t.lokasi.tabel)]
    return [t for ind in daftar for t in fungsi((k, ind))]


def test_every_capaian_rule_has_a_case():
    semua = [ca.ATURAN_REALISASI, ca.ATURAN_IDENTITAS, ca.ATURAN_INDIKATOR, ca.ATURAN_HASIL, ca.ATURAN_TURUNAN]
    assert {a.nama for d in semua for a in d.aturan_} == set(CAPAIAN)


@pytest.mark.parametrize("nama", list(CAPAIAN))
def test_capaian_rule(nama: str):
    jenis, kena, bersih = CAPAIAN[nama]
    temuan = _jalan_capaian(nama, kena)
    assert temuan and {t.jenis for t in temuan} == {jenis}, temuan
    assert _jalan_capaian(nama, bersih) == []


# --- cross-sheet and Konfigurasi rules -----------------------------------------------------------


def _hasil(tabel: dict[str, pd.DataFrame]):
    return nilai(ms.baca_masukan(RecordingGateway(tabel)))


def _bersih() -> dict[str, pd.DataFrame]:
    return contoh._perbaiki(contoh.satker_contoh())


def _kode_anggaran_salah() -> dict[str, pd.DataFrame]:
    t = _bersih()
    t[c.PK_TABLE.name].loc[0, "Kode Anggaran"] = "XX.9999"
    return t


def _penyerapan_lain() -> dict[str, pd.DataFrame]:
    """S03.02 "Persentase realisasi anggaran" claims 50% while the Pagu sheet computes far more."""
    t = _bersih()
    real = t[c.REALISASI_TABLE.name]
    real.loc[real["Kode Indikator"] == "S03.02", "Realisasi"] = "50%"
    return t


def _keberhasilan_kosong() -> dict[str, pd.DataFrame]:
    t = _bersih()
    t[c.REALISASI_TABLE.name]["Analisis Keberhasilan"] = None
    return t


def _standar_tak_terbaca() -> dict[str, pd.DataFrame]:
    t = _bersih()
    t[c.STANDAR_NASIONAL_TABLE.name] = pd.DataFrame(
        [("S19.02", "sangat baik", None)], columns=c.STANDAR_NASIONAL_TABLE.headers
    )
    return t


def _sasaran_banyak() -> dict[str, pd.DataFrame]:
    """Six copies of the sample: more sasaran and program/kegiatan lines than the Ringkasan charts hold."""
    return contoh.satker_sintetis(6, bersih=True)


def _skema_lama() -> dict[str, pd.DataFrame]:
    t = _bersih()
    konf = t[c.KONFIGURASI_TABLE.name]
    konf.loc[konf["Kunci"] == c.Kunci.VERSI_SKEMA, "Nilai"] = "6"
    return t


LINTAS = {
    "kode_anggaran_tidak_ada": (Jenis.KODE_ANGGARAN_TIDAK_ADA, _kode_anggaran_salah, _bersih),
    "analisis_kosong": (Jenis.ANALISIS_KOSONG, contoh.satker_contoh, _bersih),
    "penyerapan_berbeda": (Jenis.PENYERAPAN_BERBEDA, _penyerapan_lain, _bersih),
    "keberhasilan_tanpa_analisis": (Jenis.ANALISIS_KOSONG, _keberhasilan_kosong, _bersih),
    "standar_nasional_tidak_terbaca": (Jenis.STANDAR_NASIONAL_TIDAK_TERBACA, _standar_tak_terbaca, _bersih),
    "grafik_terpotong": (Jenis.GRAFIK_TERPOTONG, _sasaran_banyak, _bersih),
    "grafik_perlu_migrasi": (Jenis.GRAFIK_PERLU_MIGRASI, _skema_lama, _bersih),
}


def test_every_cross_sheet_rule_has_a_case():
    assert {a.nama for a in vs.ATURAN_LINTAS.aturan_} == set(LINTAS)


@pytest.mark.parametrize("nama", list(LINTAS))
def test_cross_sheet_rule(nama: str):
    jenis, kena, bersih = LINTAS[nama]
    fungsi = getattr(vs, nama)
    temuan = list(fungsi(_hasil(kena())))
    assert temuan and {t.jenis for t in temuan} == {jenis}
    assert list(fungsi(_hasil(bersih()))) == []


def _konfigurasi(**ubah: Any) -> ms.Konfigurasi:
    k = ms.baca_masukan(RecordingGateway(contoh.satker_contoh())).konfigurasi
    return ms.Konfigurasi({**k.nilai, **ubah}, k.sel)


KONFIGURASI = {
    "konfigurasi_wajib": (Jenis.KONFIGURASI_TIDAK_LENGKAP, lambda: _konfigurasi(**{c.Kunci.NAMA_SATKER: None})),
    "konfigurasi_rentang": (Jenis.KONFIGURASI_TIDAK_LENGKAP, lambda: _konfigurasi(**{c.Kunci.TRIWULAN: "5"})),
    "batas_capaian": (Jenis.NILAI_TIDAK_VALID, lambda: _konfigurasi(**{c.Kunci.BATAS_CAPAIAN: "seratus"})),
}


def test_every_konfigurasi_rule_has_a_case():
    assert {a.nama for a in ms.ATURAN_KONFIGURASI.aturan_} == set(KONFIGURASI)


@pytest.mark.parametrize("nama", list(KONFIGURASI))
def test_konfigurasi_rule(nama: str):
    jenis, kena = KONFIGURASI[nama]
    fungsi = getattr(ms, nama)
    temuan = list(fungsi(kena()))
    assert temuan and {t.jenis for t in temuan} == {jenis}
    assert list(fungsi(_konfigurasi())) == []


def test_docs_cli_is_current():
    from kinerja_xl.dokumentasi import cli_md

    teks = cli_md()
    assert (DOCS / "cli.md").read_text(encoding="utf-8") == teks, (
        "docs/cli.md is stale: run `python -m kinerja_xl.dokumentasi`"
    )
    for perintah in ("hitung", "validasi", "aturan", "proses", "ekspor", "rekap", "kunci buat"):
        assert f"## `kinerja-xl {perintah}`" in teks


# --- issue 17: findings that fit the satker ---------------------------------------------------


def test_kro_line_without_ro_is_a_peringatan_not_a_galat():
    """A KRO line with no RO while its sibling KRO goes deeper: possible missing segment, never blocks export."""
    temuan = _jalan_anggaran("segmen_tertinggal", pagu(("CQ.6709.QGD", "KRO tanpa RO", "0", "0"), lengkap=True))
    assert [(t.jenis, t.tingkat) for t in temuan] == [(Jenis.KODE_BERHENTI_DI_KRO, Tingkat.PERINGATAN)]
    assert "tingkat KRO" in temuan[0].pesan and "kro" not in temuan[0].pesan


@pytest.mark.parametrize("teks", ["Tidak ada kasus", "tidak ada kejadian", "Nihil", "Tidak terdapat pelanggaran"])
def test_no_incident_text_suggests_the_column_and_is_not_guessed(teks: str):
    k, daftar = jalankan_capaian(pk(), re({"realisasi": teks}), AturanCapaian(triwulan=4))
    kena = [t for t in k.temuan if t.jenis is Jenis.REALISASI_TIDAK_ADA_KEJADIAN]
    assert len(kena) == 1 and kena[0].tingkat is Tingkat.PERINGATAN and "Tidak Ada Kejadian = Ya" in kena[0].pesan
    assert not [t for t in k.temuan if t.jenis is Jenis.CAPAIAN_TIDAK_DAPAT_DIHITUNG]
    assert daftar[0].hasil is not None and daftar[0].hasil.capaian is None  # never guessed as 100%


def test_empty_pk_is_a_galat_through_the_whole_validation():
    tabel = contoh.satker_contoh()
    tabel[c.PK_TABLE.name] = tabel[c.PK_TABLE.name].iloc[0:0]
    lap = vs.laporan(nilai(ms.baca_masukan(RecordingGateway(tabel))))
    kosong = [t for t in lap.temuan if t.jenis is Jenis.PK_KOSONG]
    assert len(kosong) == 1 and kosong[0].tingkat is Tingkat.GALAT and kosong[0].lokasi.lembar == "PK"

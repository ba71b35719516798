"""End to end through the CLI on real workbook files built from the template."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from python_calamine import CalamineWorkbook
from typer.testing import CliRunner

from kinerja_xl.cli import app, isi_workbook
from kinerja_xl.template import contract as c

runner = CliRunner()

KONFIGURASI = [
    ("Nama Satker", "KPU Kota Uji"),
    ("Kode Satker", "999001"),
    ("Provinsi", "Provinsi Uji"),
    ("Tahun", "2025"),
    ("Triwulan Pelaporan", "4"),
    ("Nama Sekretaris", "Sekretaris Uji"),
    ("NIP Sekretaris", "197001012000031001"),
    ("Nama Ketua", "Ketua Uji"),
    ("Tempat", "Kota Uji"),
    ("Tanggal PK", "2 Januari 2025"),
    ("Batas Capaian", None),
    ("Metode Agregasi", "Rata-rata"),
    ("Basis Realisasi Anggaran", "SP2D"),
    ("Versi Skema", c.VERSI_SKEMA),
]


def _df(spec: c.TableSpec, rows: list[dict]) -> pd.DataFrame:
    return pd.DataFrame([{h: r.get(h) for h in spec.headers} for r in rows], columns=spec.headers)


def kecil() -> dict[str, pd.DataFrame]:
    """A satker small enough to compute by hand (figures in the test below)."""
    pk = [
        {
            "Kode Sasaran": "S1",
            "Sasaran": "Sasaran satu",
            "Kode Indikator": "I1",
            "Indikator Kinerja": "Persentase satu",
            "Satuan": "%",
            "Polaritas": "Positif",
            "Target": "95%",
            "Akumulasi": "Akhir",
        },
        {
            "Kode Sasaran": "S1",
            "Sasaran": "Sasaran satu",
            "Kode Indikator": "I2",
            "Indikator Kinerja": "Persentase pelanggaran",
            "Satuan": "%",
            "Polaritas": "Negatif",
            "Target": "3",
            "Akumulasi": "Akhir",
        },
        {
            "Kode Sasaran": "S2",
            "Sasaran": "Sasaran dua",
            "Kode Indikator": "I3",
            "Indikator Kinerja": "Nilai SAKIP",
            "Satuan": "predikat",
            "Polaritas": "Positif",
            "Target": "BB",
            "Akumulasi": "Akhir",
        },
        {
            "Kode Sasaran": "S2",
            "Sasaran": "Sasaran dua",
            "Kode Indikator": "I4",
            "Indikator Kinerja": "Dokumen renstra",
            "Satuan": "dokumen",
            "Polaritas": "Positif",
            "Target": "1 Dokumen",
            "Akumulasi": "Akhir",
        },
    ]
    realisasi = [
        {"Kode Indikator": "I1", "Realisasi": "100%"},
        {"Kode Indikator": "I2", "Realisasi": "2,5"},
        {
            "Kode Indikator": "I3",
            "Realisasi": "B",
            "Analisis Penyebab": "Nilai evaluasi turun.",
            "Upaya Perbaikan": "Pendampingan.",
        },
        {"Kode Indikator": "I4", "Realisasi": "Baik"},
    ]
    pagu = [
        {
            "Kode": "WA.3355.EBA.994.001.A.521211",
            "Uraian": "Belanja barang operasional",
            "Pagu": 10_000_000,
            "Realisasi": 9_500_000,
        },
        {
            "Kode": "WA.3355.EBA.994.001.A.524111",
            "Uraian": "Belanja perjalanan dinas",
            "Pagu": 5_000_000,
            "Realisasi": 2_000_000,
        },
    ]
    return {
        "tblKonfigurasi": pd.DataFrame(KONFIGURASI, columns=c.KONFIGURASI_TABLE.headers),
        "tblSkala": pd.DataFrame([(b, a, k) for b, a, k in c.SKALA_DEFAULT], columns=c.SKALA_TABLE.headers),
        "tblPK": _df(c.PK_TABLE, pk),
        "tblRealisasi": _df(c.REALISASI_TABLE, realisasi),
        "tblPagu": _df(c.PAGU_TABLE, pagu),
    }


@pytest.fixture()
def workbook_kecil(tmp_path: Path) -> Path:
    return isi_workbook(tmp_path / "kecil.xlsm", kecil())


def _sheet(path: Path, name: str) -> list[list]:
    return CalamineWorkbook.from_path(str(path)).get_sheet_by_name(name).to_python()


def test_hitung_json_matches_hand_computed(workbook_kecil: Path, tmp_path: Path) -> None:
    out = tmp_path / "hasil.json"
    res = runner.invoke(app, ["hitung", str(workbook_kecil), "--json", str(out)])
    assert res.exit_code in (0, 1), res.output
    data = json.loads(out.read_text(encoding="utf-8"))
    ind = {r["kode"]: r for r in data["indikator"]}
    assert set(ind["I1"]) == {*c.CAPAIAN_TABLE.keys, "unit"}  # every indikator with its unit (issue 16)
    assert ind["I1"]["unit"] == c.KODE_UNIT_SEKRETARIAT
    assert ind["I1"]["capaian"] == 105.26 and ind["I1"]["kategori"] == "Sangat Berhasil"
    assert ind["I2"]["capaian"] == 116.67
    assert ind["I3"]["capaian"] == 80.0 and ind["I3"]["kategori"] == "Cukup Berhasil"
    assert ind["I4"]["capaian"] is None and ind["I4"]["status"] == "kualitatif"
    assert ind["I1"]["target"] == "95%" and ind["I1"]["target_nilai"] == 95
    sas = {r["kode"]: r for r in data["sasaran"]}
    # (100/95*100 + (2*3-2.5)/3*100) / 2 = (105.2631.. + 116.6666..) / 2 = 110.9649..
    assert sas["S1"]["capaian"] == 110.96 and sas["S1"]["jumlah_dihitung"] == 2
    assert sas["S2"]["capaian"] == 80.0 and sas["S2"]["jumlah_indikator"] == 2 and sas["S2"]["jumlah_dihitung"] == 1
    ang = {r["kode_baku"]: r for r in data["anggaran"]}
    top = [r for r in data["anggaran"] if r["tingkat"] == "program"]
    assert len(top) == 1 and top[0]["pagu"] == 15_000_000 and top[0]["realisasi"] == 11_500_000
    assert top[0]["sisa"] == 3_500_000 and top[0]["penyerapan"] == 76.67 and top[0]["dihitung"] is True
    leaf = [r for r in data["anggaran"] if r["kode"] == "WA.3355.EBA.994.001.A.524111"][0]
    assert leaf["penyerapan"] == 40.0 and leaf["dihitung"] is False and leaf["tingkat"] == "akun"
    assert len(ang) == len(data["anggaran"])

    # The sheet tables carry the same figures under Indonesian headers.
    rows = _sheet(workbook_kecil, c.CAPAIAN)
    header_row = next(i for i, r in enumerate(rows) if "Kode Indikator" in r)
    hdr = rows[header_row]
    body = {r[hdr.index("Kode Indikator")]: r for r in rows[header_row + 1 :] if r[hdr.index("Kode Indikator")]}
    assert body["I1"][hdr.index("Capaian (%)")] == pytest.approx(105.26)
    assert body["I4"][hdr.index("Status")] == "Kualitatif"  # in words on the sheet; the JSON keeps the code


def test_validasi_json_and_exit_code(workbook_kecil: Path, tmp_path: Path) -> None:
    out = tmp_path / "validasi.json"
    res = runner.invoke(app, ["validasi", str(workbook_kecil), "--json", str(out)])
    data = json.loads(out.read_text(encoding="utf-8"))
    assert set(data["ringkasan"]) == {"galat", "peringatan", "info"}
    assert res.exit_code == (1 if data["ringkasan"]["galat"] else 0)
    for t in data["temuan"]:
        assert set(t) == {"jenis", "tingkat", "lembar", "sel", "kode", "pesan", "nilai_tercatat", "nilai_seharusnya"}
    jenis = {(t["jenis"], t["kode"]) for t in data["temuan"]}
    # "Baik" against "1 Dokumen" cannot be computed: a warning pointing at the realisasi.
    assert any(j == "capaian_tidak_dapat_dihitung" or j == "satuan_tidak_sesuai" for j, k in jenis if k == "I4")
    # I3 is below 100 but has an analysis: no analisis_kosong for it.
    assert ("analisis_kosong", "I3") not in jenis
    cells = [t for t in data["temuan"] if t["lembar"] in c.INPUT_SHEETS and t["tingkat"] != "info"]
    assert all(t["sel"] for t in cells)


def test_proses_twice_gives_identical_outputs_and_keeps_inputs_and_vba(workbook_kecil: Path) -> None:
    before = {n: _sheet(workbook_kecil, n) for n in (c.PK, c.REALISASI, c.PAGU, c.KONFIGURASI)}
    with zipfile.ZipFile(workbook_kecil) as z:
        vba = z.read("xl/vbaProject.bin")
    first = runner.invoke(app, ["proses", str(workbook_kecil)])
    assert first.exit_code in (0, 1), first.output
    out1 = {n: _sheet(workbook_kecil, n) for n in (c.CAPAIAN, c.ANGGARAN, c.VALIDASI, c.NARASI, c.RINGKASAN)}
    second = runner.invoke(app, ["proses", str(workbook_kecil)])
    assert second.exit_code == first.exit_code
    out2 = {n: _sheet(workbook_kecil, n) for n in (c.CAPAIAN, c.ANGGARAN, c.VALIDASI, c.NARASI, c.RINGKASAN)}
    assert out1 == out2
    after = {n: _sheet(workbook_kecil, n) for n in before}
    assert after == before
    with zipfile.ZipFile(workbook_kecil) as z:
        assert z.read("xl/vbaProject.bin") == vba
    assert workbook_kecil.with_name(workbook_kecil.name + ".bak").exists()


def test_unreadable_file_exits_2(tmp_path: Path) -> None:
    bad = tmp_path / "rusak.xlsm"
    bad.write_bytes(b"bukan workbook")
    res = runner.invoke(app, ["hitung", str(bad)])
    assert res.exit_code == 2
    assert "Traceback" not in res.output
    res = runner.invoke(app, ["hitung", str(tmp_path / "tidak_ada.xlsm")])
    assert res.exit_code == 2


def test_every_command_has_indonesian_help() -> None:
    for cmd in ("hitung", "validasi", "narasi", "proses", "demo", "template"):
        res = runner.invoke(app, [cmd, "--help"])
        assert res.exit_code == 0, cmd
        assert "Berkas" in res.output or "Folder" in res.output or "Lokasi" in res.output

"""rekap against a hostile folder: links, pipes, leftovers, its own output, dying workers (issue 12)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kinerja_xl.cli import app
from kinerja_xl.contoh import satker_sintetis
from kinerja_xl.domain.temuan import KinerjaError
from kinerja_xl.gateway.ekspor_xlsx import KumpulanXlsx
from kinerja_xl.gateway.recording import RecordingGateway
from kinerja_xl.services.ekspor import ekspor
from kinerja_xl.services.proses import proses
from kinerja_xl.services.rekap import rekap

ROOT = Path(__file__).resolve().parents[1]
runner = CliRunner()


@pytest.fixture(scope="module")
def kiriman(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("kiriman")
    for seed in range(3):
        gw = RecordingGateway(satker_sintetis(skala=1, seed=seed, bersih=True))
        proses(gw)
        ekspor(gw, ke=folder)
    return folder


@pytest.fixture
def folder(kiriman: Path, tmp_path: Path) -> Path:
    f = tmp_path / "kiriman"
    shutil.copytree(kiriman, f)
    return f


def _ekspor(folder: Path) -> list[Path]:
    return sorted(folder.glob("LKj_*.xlsx"))


def test_symlink_pipa_dan_sisa_dilewati_dengan_alasan(folder: Path, tmp_path: Path) -> None:
    asli = _ekspor(folder)
    (folder / "loop.xlsx").symlink_to(folder / "loop.xlsx")  # a symlink loop
    (folder / "tautan.xlsx").symlink_to(asli[0])
    os.mkfifo(folder / "pipa.xlsx")
    (folder / f".~kinerja-{asli[0].name}.abcd1234.tmp").write_bytes(b"setengah")
    (folder / ".ekspor-abcd1234.xlsx").write_bytes(b"setengah")  # an older version's temporary name
    (folder / f".~lock.{asli[1].name}#").write_text("x")
    (folder / f"~${asli[2].name}").write_bytes(b"x")
    h = rekap(KumpulanXlsx([folder]), tmp_path / "Rekap.xlsx", pekerja=1)
    assert len(h.diterima) == 3
    alasan = {Path(d.berkas).name: (d.jenis, d.alasan) for d in h.ditolak}
    assert set(alasan) == {"loop.xlsx", "tautan.xlsx", "pipa.xlsx"}
    assert alasan["pipa.xlsx"][0] == "bukan_berkas_biasa" and "pipa" in alasan["pipa.xlsx"][1]
    assert "symlink" in alasan["tautan.xlsx"][1] and "symlink" in alasan["loop.xlsx"][1]
    assert h.kode_keluar == 1


def test_keluaran_yang_juga_masukan_ditolak(folder: Path) -> None:
    sasaran = _ekspor(folder)[0]
    sebelum = sasaran.read_bytes()
    with pytest.raises(KinerjaError, match="salah satu berkas masukan rekap"):
        rekap(KumpulanXlsx([folder]), sasaran, pekerja=1)
    assert sasaran.read_bytes() == sebelum
    res = runner.invoke(app, ["rekap", str(folder), "--keluar", str(sasaran)])
    assert res.exit_code == 2 and "salah satu berkas masukan rekap" in " ".join(res.output.split())
    assert sasaran.read_bytes() == sebelum


def test_rekap_ulang_ke_folder_masukan(folder: Path) -> None:
    """A previous Rekap_*.xlsx in the input folder is the output, not an input."""
    h1 = rekap(KumpulanXlsx([folder]), folder, pekerja=1)
    h2 = rekap(KumpulanXlsx([folder]), folder, pekerja=1)
    assert h1.keluar == h2.keluar and h2.kode_keluar == 0 and len(h2.diterima) == 3


def test_pekerja_yang_mati_hanya_menolak_berkasnya(folder: Path, tmp_path: Path, monkeypatch) -> None:
    mati = _ekspor(folder)[1]
    monkeypatch.setenv("KINERJA_XL_GANGGUAN", f"pekerja_{mati.name}")
    h = rekap(KumpulanXlsx([folder]), tmp_path / "Rekap.xlsx", pekerja=2)
    assert len(h.diterima) == 2 and [Path(d.berkas).name for d in h.ditolak] == [mati.name]
    assert "berhenti mendadak" in h.ditolak[0].alasan
    assert (tmp_path / "Rekap.xlsx").is_file()


def test_rekap_dimatikan_saat_menulis_rekap_lama_utuh(folder: Path) -> None:
    keluar = folder / "Rekap_Uji_2025.xlsx"
    rekap(KumpulanXlsx([folder]), keluar, pekerja=1)
    sebelum = keluar.read_bytes()
    kode = "import sys; from kinerja_xl.cli import app; sys.argv[0] = 'kinerja-xl'; app()"
    env = dict(os.environ, PYTHONPATH=str(ROOT), KINERJA_XL_GANGGUAN="tengah_tulis")
    res = subprocess.run(
        [sys.executable, "-c", kode, "rekap", str(folder), "--keluar", str(keluar), "--pekerja", "1"],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )
    assert res.returncode == 70, res.stderr
    assert keluar.read_bytes() == sebelum
    assert any(p.name.startswith(".~kinerja-Rekap_Uji") for p in folder.iterdir())
    h = rekap(KumpulanXlsx([folder]), keluar, pekerja=1)  # the leftover is never read as an export
    assert not h.ditolak and len(h.diterima) == 3, h.ditolak
    assert not any(p.name.startswith(".~kinerja-Rekap_Uji") for p in folder.iterdir())


def test_csv_dan_json_ditulis_atomik_ke_folder_baru(folder: Path, tmp_path: Path) -> None:
    res = runner.invoke(
        app,
        [
            "rekap",
            str(folder),
            "--keluar",
            str(tmp_path / "out"),
            "--csv",
            str(tmp_path / "a" / "csv"),
            "--json",
            str(tmp_path / "b" / "c" / "r.json"),
            "--pekerja",
            "1",
        ],
    )
    assert res.exit_code == 0, res.output
    assert sorted(p.name for p in (tmp_path / "a" / "csv").iterdir()) == [
        "anggaran.csv",
        "belum_mengirim.csv",
        "ditolak.csv",
        "indikator.csv",
        "satker.csv",
    ]
    assert (tmp_path / "b" / "c" / "r.json").is_file()
    assert [p.name for p in (tmp_path / "out").iterdir()][0].startswith("Rekap_")

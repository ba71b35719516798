"""Issue 17: the command line speaks Bahasa Indonesia only, click's own strings included."""

from __future__ import annotations

import re

import pytest
import typer
from typer.testing import CliRunner

from kinerja_xl import __version__
from kinerja_xl.cli import app
from kinerja_xl.cli_bahasa import pesan_galat

runner = CliRunner()

# click's and typer's English words as they appear in help and usage errors.
INGGRIS = re.compile(
    r"\b(Usage|Options|Arguments|Commands|Show this message|and exit|required|default|Missing|"
    r"Error|Try|for help|No such|Invalid value|Got unexpected|list\[Path\]|COMMAND|ARGS|OPTIONS|"
    r"<path>|<text>|<integer>)\b"
)


def _semua_perintah() -> list[list[str]]:
    """Every command path of the CLI (groups and their subcommands)."""
    jalur: list[list[str]] = []

    def telusur(cmd: typer.core.TyperGroup | typer.core.TyperCommand, awal: list[str]) -> None:
        jalur.append(awal)
        for nama, sub in getattr(cmd, "commands", {}).items():
            telusur(sub, [*awal, nama])

    telusur(typer.main.get_command(app), [])
    return jalur


def test_every_command_is_listed():
    nama = {" ".join(j) for j in _semua_perintah()}
    assert {"", "hitung", "validasi", "proses", "migrasi", "impor", "kunci buat", "dokumen lkj"} <= nama


@pytest.mark.parametrize("jalur", _semua_perintah(), ids=lambda j: " ".join(j) or "kinerja-xl")
@pytest.mark.parametrize("opsi", ["--help", "-h"])
def test_help_has_no_english_click_words(jalur: list[str], opsi: str):
    hasil = runner.invoke(app, [*jalur, opsi], env={"COLUMNS": "200"})
    assert hasil.exit_code == 0, hasil.output
    assert "Pemakaian: kinerja-xl" in hasil.output
    assert not INGGRIS.search(hasil.output), INGGRIS.search(hasil.output)


def test_version():
    hasil = runner.invoke(app, ["--version"])
    assert hasil.exit_code == 0 and hasil.output.strip() == f"kinerja-xl {__version__}"


@pytest.mark.parametrize(
    "argumen, kata",
    [
        (["hitung"], "Argumen 'berkas' belum diisi."),
        (["hitung", "a", "b"], "Argumen berlebih: b."),
        (["hitung", "--apa", "x"], "Pilihan --apa tidak dikenal."),
        (["hitungan"], "Perintah 'hitungan' tidak dikenal; mungkin maksudnya 'hitung'."),
        (["xyz"], "Perintah 'xyz' tidak dikenal."),
        (["hitung", "x.xlsm", "--json"], "Pilihan '--json' memerlukan nilai."),
    ],
)
def test_usage_errors_are_indonesian_one_line(argumen: list[str], kata: str):
    hasil = runner.invoke(app, argumen)
    assert hasil.exit_code == 2
    keluaran = hasil.output
    assert not INGGRIS.search(keluaran), keluaran
    galat = [b for b in keluaran.splitlines() if b.startswith("Galat: ")]
    assert galat == [f"Galat: {kata}"], keluaran


def test_nested_invalid_value_is_translated():
    assert pesan_galat("Invalid value for '--n': 'x' is not a valid integer.") == (
        "Nilai '--n' tidak sah: 'x' bukan angka atau pilihan yang sah."
    )


def test_hitung_exit_1_says_why(tmp_path):
    from kinerja_xl import contoh
    from kinerja_xl.cli import isi_workbook

    path = isi_workbook(tmp_path / "c.xlsm", contoh.satker_contoh())
    hasil = runner.invoke(app, ["hitung", str(path)], env={"COLUMNS": "200"})
    assert hasil.exit_code == 1
    assert "galat isian; jalankan 'kinerja-xl validasi" in hasil.output


def test_migrasi_on_current_schema_says_nothing_to_do(tmp_path):
    from kinerja_xl import contoh
    from kinerja_xl.cli import isi_workbook

    path = isi_workbook(tmp_path / "c.xlsm", contoh.satker_contoh())
    sebelum = path.read_bytes()
    hasil = runner.invoke(app, ["migrasi", str(path)])
    assert hasil.exit_code == 0 and "sudah versi terbaru" in hasil.output
    assert path.read_bytes() == sebelum and not (tmp_path / "c.xlsm.bak").exists()


def test_command_line_runs_are_logged(tmp_path):
    """Issue 17: the Log sheet records runs from the command line as it does the Excel buttons'."""
    from kinerja_xl import contoh
    from kinerja_xl.cli import isi_workbook
    from kinerja_xl.gateway.file import FileGateway
    from kinerja_xl.template import contract as c

    path = isi_workbook(tmp_path / "c.xlsm", contoh.satker_contoh())
    assert runner.invoke(app, ["validasi", str(path)]).exit_code == 1
    assert runner.invoke(app, ["proses", str(path)]).exit_code == 1
    log = FileGateway(path).baca_tabel(c.LOG_TABLE).data
    assert list(log["Aksi"]) == ["Validasi", "Proses Semua"]
    assert all("baris perintah" in p for p in log["Pesan"]) and log["Waktu"].notna().all()

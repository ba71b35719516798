"""Generated documentation: ``docs/aturan.md`` from the rule registry, ``docs/cli.md`` from the CLI help.

Regenerate with ``python -m kinerja_xl.dokumentasi`` (a test fails while a committed file is stale).
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

from kinerja_xl.domain.aturan import SEMUA_DAFTAR, Jenis

# The engine modules whose checks are registered (importing them fills the registry).
MODUL_ATURAN = (
    "kinerja_xl.domain.anggaran",
    "kinerja_xl.domain.capaian",
    "kinerja_xl.services.validasi",
    "kinerja_xl.services.masukan",
    "kinerja_xl.domain.kategori",
    "kinerja_xl.domain.unit",
    "kinerja_xl.domain.rencana_aksi",
)
# Findings reported outside an engine's rules (the narrative templates of the workbook).
_DILUAR = {
    Jenis.TEMPLATE_NARASI_RUSAK: "narasi.render (template narasi di workbook)",
    Jenis.KOLOM_HILANG: "services.kolom.periksa_kolom (judul kolom tabel input)",
    Jenis.KOLOM_GANDA: "services.kolom.periksa_kolom (judul kolom tabel input)",
    Jenis.KOLOM_BERUBAH: "services.kolom.periksa_kolom (judul kolom tabel input)",
    Jenis.KOLOM_OPSIONAL_HILANG: "services.kolom.periksa_kolom (judul kolom tabel input)",
    Jenis.NILAI_GALAT_EXCEL: "services.kolom (nilai galat Excel di sel input)",
    Jenis.TEKS_TERPOTONG: "gateway (teks keluaran melebihi batas sel Excel)",
    Jenis.REALISASI_BULAN_TIDAK_LENGKAP: "domain.sakti_gabung (impor dari SAKTI)",
    Jenis.PERIODE_BELUM_AKHIR_TAHUN: "domain.sakti_gabung (impor dari SAKTI)",
    Jenis.SUMBER_DANA_BERCAMPUR: "domain.sakti_gabung (impor dari SAKTI)",
    Jenis.LOCK_PAGU: "domain.sakti_gabung (impor dari SAKTI)",
    Jenis.RPD_TANPA_PAGU: "domain.sakti_gabung (impor dari SAKTI)",
    Jenis.BASIS_REALISASI_BERBEDA: "services.impor (impor dari SAKTI)",
    Jenis.NARASI_BELUM_LENGKAP: "services.dokumen.narasi_belum_lengkap (isian dokumen LKj, saat ekspor)",
}


def _sel(teks: str) -> str:
    return teks.replace("|", "\\|").replace("\n", " ")


def pemeriksa(jenis: Jenis) -> list[str]:
    """``engine.check`` names of the registered checks that may report ``jenis``."""
    for modul in MODUL_ATURAN:
        importlib.import_module(modul)
    nama = [f"{d.mesin}.{a.nama}" for d in SEMUA_DAFTAR for a in d.aturan_ if jenis in a.jenis]
    return sorted(nama) + ([_DILUAR[jenis]] if jenis in _DILUAR else [])


def aturan_md() -> str:
    """``docs/aturan.md``: every jenis, its tingkat, words for users and the checks reporting it."""
    baris = [
        "# Aturan pemeriksaan (jenis temuan)",
        "",
        "<!-- Dibuat otomatis oleh `python -m kinerja_xl.dokumentasi` dari `kinerja_xl/domain/aturan.py`;",
        "     jangan disunting tangan. Cara menambah jenis atau aturan: docs/menambah_aturan.md -->",
        "",
        "`kinerja-xl aturan --json` mencetak daftar yang sama. Tingkat `galat` menahan ekspor ke provinsi.",
        "",
        "| jenis | tingkat | nama | saran |",
        "| --- | --- | --- | --- |",
    ]
    baris += [f"| `{j.value}` | {j.tingkat.value} | {_sel(j.nama)} | {_sel(j.saran)} |" for j in Jenis]
    for j in Jenis:
        cek = pemeriksa(j)
        baris += ["", f"## `{j.value}` — {j.nama}", "", j.deskripsi, "", f"Saran: {j.saran}", ""]
        baris.append("Diperiksa oleh: " + ", ".join(f"`{c}`" for c in cek) + ".")
    return "\n".join(baris) + "\n"


def _bantuan(argumen: list[str]) -> str:
    """The help text of ``kinerja-xl <argumen> --help`` at a fixed width."""
    from typer.testing import CliRunner

    from kinerja_xl.cli import app

    hasil = CliRunner().invoke(
        app, [*argumen, "--help"], prog_name="kinerja-xl", env={"COLUMNS": "100", "TERM": "dumb", "NO_COLOR": "1"}
    )
    return "\n".join(baris.rstrip() for baris in hasil.output.strip().splitlines())


def _perintah(argumen: list[str]) -> list[list[str]]:
    """Every command path under ``argumen`` (groups first, then their subcommands), in order."""
    from typer.main import get_command

    from kinerja_xl.cli import app

    grup: Any = get_command(app)
    for a in argumen:
        grup = grup.commands[a]
    if not hasattr(grup, "commands"):
        return []
    hasil = []
    for nama in grup.commands:
        hasil.append([*argumen, nama])
        hasil.extend(_perintah([*argumen, nama]))
    return hasil


def cli_md() -> str:
    """``docs/cli.md``: the help of ``kinerja-xl`` and of every command, as the command line prints it."""
    baris = [
        "# Baris perintah `kinerja-xl`",
        "",
        "<!-- Dibuat otomatis oleh `python -m kinerja_xl.dokumentasi` dari bantuan baris perintah;",
        "     jangan disunting tangan. -->",
        "",
        "```text",
        _bantuan([]),
        "```",
    ]
    for argumen in _perintah([]):
        baris += ["", f"## `kinerja-xl {' '.join(argumen)}`", "", "```text", _bantuan(argumen), "```"]
    return "\n".join(baris) + "\n"


def tulis(folder: Path) -> list[Path]:
    """Write every generated document under ``folder`` (the repository's ``docs/``)."""
    isi = {"aturan.md": aturan_md(), "cli.md": cli_md()}
    hasil = []
    for nama, teks in isi.items():
        p = folder / nama
        p.write_text(teks, encoding="utf-8")
        hasil.append(p)
    return hasil


if __name__ == "__main__":  # pragma: no cover - maintainer's regeneration command
    for p in tulis(Path(__file__).resolve().parent.parent / "docs"):
        print(p)

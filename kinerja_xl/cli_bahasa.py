"""The command line in Bahasa Indonesia, click's own words included.

Typer ships its own copy of click whose help and error strings are English and not
translatable (f-strings, no gettext). Staff must read Indonesian only, so this module
gives the CLI an Indonesian help formatter (usage line, section headings, the help
option's text, ``[required]``, type metavars) and Indonesian usage errors. ``pasang()``
installs both on the click copy typer uses; ``cli.py`` calls it once at import.
The words chosen are listed in docs/bahasa.md.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import IO, Any

from typer import _click
from typer._click import core as _core
from typer._click import exceptions as _exc
from typer._click import formatting as _fmt

JUDUL = {"Options": "Pilihan", "Arguments": "Argumen", "Commands": "Perintah"}

# (English fragment -> Indonesian), applied in order to usage lines and help rows.
_FRASA: tuple[tuple[str, str], ...] = (
    ("Show this message and exit.", "Tampilkan bantuan ini lalu keluar."),
    ("Show the version and exit.", "Tampilkan versi lalu keluar."),
    ("[required]", "[wajib]"),
    ("[default: ", "[bawaan: "),
    ("default: ", "bawaan: "),
    ("COMMAND [ARGS]...", "PERINTAH [ARGUMEN]..."),
    ("[OPTIONS]", "[PILIHAN]"),
    ("<list[Path]>", "<berkas>..."),
    ("<list[str]>", "<teks>..."),
    ("<path>", "<berkas>"),
    ("<text>", "<teks>"),
    ("<str>", "<teks>"),
    ("<integer>", "<angka>"),
    ("<int>", "<angka>"),
    ("<boolean>", "<ya/tidak>"),
    ("(dynamic)", "(dinamis)"),
)

# click's error messages (format_message) -> one Indonesian sentence.
_GALAT: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(p), t)
    for p, t in (
        (r"^Missing argument ('?[^']+?'?)\.?$", "Argumen {0} belum diisi."),
        (r"^Missing option ('?[^']+?'?)\.?$", "Pilihan {0} wajib diisi."),
        (r"^Missing parameter:? ?'?([^']*?)'?\.?$", "Nilai {0} belum diisi."),
        (r"^No such option: (\S+?)(?: \(Possible options: (.+)\))?$", "Pilihan {0} tidak dikenal."),
        (
            r"^No such command ('[^']+')\. Did you mean ('[^']+')\?$",
            "Perintah {0} tidak dikenal; mungkin maksudnya {1}.",
        ),
        (r"^No such command ('?[^']+?'?)\.?$", "Perintah {0} tidak dikenal."),
        (r"^Got unexpected extra argument(?:s|\(s\))? \((.+)\)$", "Argumen berlebih: {0}."),
        (r"^Option ('?[^']+?'?) requires an argument\.?$", "Pilihan {0} memerlukan nilai."),
        (r"^Option ('?[^']+?'?) requires (\d+) arguments\.?$", "Pilihan {0} memerlukan {1} nilai."),
        (r"^Option ('?[^']+?'?) does not take a value\.?$", "Pilihan {0} tidak menerima nilai."),
        (r"^Invalid value for (.+?): (.+)$", "Nilai {0} tidak sah: {1}"),
        (r"^Invalid value: (.+)$", "Nilai tidak sah: {0}"),
        (r"^'?(.+?)'? is not a valid (integer|float|boolean)\.?$", "'{0}' bukan angka atau pilihan yang sah."),
        (r"^'?(.+?)'? is not one of (.+)\.?$", "'{0}' bukan salah satu dari {1}."),
        (r"^'?(.+?)'? is not (.+)\.?$", "'{0}' bukan {1}."),
        (r"^(?:File|Path|Directory) '?(.+?)'? does not exist\.?$", "Berkas atau folder '{0}' tidak ditemukan."),
        (r"^(?:File|Path) '?(.+?)'? is a directory\.?$", "'{0}' adalah folder, bukan berkas."),
        (r"^Directory '?(.+?)'? is a file\.?$", "'{0}' adalah berkas, bukan folder."),
    )
)


def terjemahkan(teks: str) -> str:
    """English fragments of click's help text in Indonesian (unknown text unchanged)."""
    for en, id_ in _FRASA:
        teks = teks.replace(en, id_)
    return teks


def pesan_galat(pesan: str) -> str:
    """One click error message in Indonesian; nested messages (invalid value: reason) too."""
    pesan = pesan.strip()
    for pola, templat in _GALAT:
        m = pola.match(pesan)
        if m:
            bagian = [g or "" for g in m.groups()]
            if templat.startswith("Nilai") and "tidak sah" in templat:  # the reason after the colon, too
                bagian[-1] = pesan_galat(bagian[-1])
            return templat.format(*bagian)
    return pesan


class FormatterIndonesia(_fmt.HelpFormatter):
    """click's help formatter with Indonesian headings, usage prefix and help rows."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, terjemahkan(args), "Pemakaian: " if prefix is None else prefix)

    def write_heading(self, heading: str) -> None:
        super().write_heading(JUDUL.get(heading, heading))

    def write_dl(self, rows: Sequence[tuple[str, str]], col_max: int = 30, col_spacing: int = 2) -> None:
        super().write_dl([(terjemahkan(a), terjemahkan(b)) for a, b in rows], col_max, col_spacing)


def _tampilkan_galat_pemakaian(self: _exc.UsageError, file: IO[Any] | None = None) -> None:
    petunjuk = ""
    if self.ctx is not None and self.ctx.command.get_help_option(self.ctx) is not None:
        petunjuk = f"Coba '{self.ctx.command_path} {self.ctx.help_option_names[0]}' untuk bantuan.\n"
    if self.ctx is not None:
        _click.echo(f"{self.ctx.get_usage()}\n{petunjuk}", file=file, err=file is None, color=self.ctx.color)
    _click.echo(f"Galat: {pesan_galat(self.format_message())}", file=file, err=file is None)


def _tampilkan_galat(self: _exc.ClickException, file: IO[Any] | None = None) -> None:
    _click.echo(f"Galat: {pesan_galat(self.format_message())}", file=file, err=file is None)


def pasang() -> None:
    """Install the Indonesian formatter and error display on typer's click (idempotent)."""
    _core.Context.formatter_class = FormatterIndonesia
    _exc.ClickException.show = _tampilkan_galat  # type: ignore[method-assign]
    _exc.UsageError.show = _tampilkan_galat_pemakaian  # type: ignore[method-assign]

"""The workbook gateway: the one port through which services touch a workbook.

Services (hitung, validasi, narasi, proses, ekspor) take a gateway and never
know whether it is a live Excel (xlwings), a file on disk (calamine + openpyxl)
or a recording fake in a test. Every call is one round trip: a gateway reads a
whole table at once and writes a whole output table at once, so the number of
calls a service makes never depends on the number of rows.

Saving is a unit of work on the port: services only read and write; the entry
point commits (``simpan``) when the run succeeds and discards (``batalkan``)
when it fails (``satu_kerja``).
"""

from __future__ import annotations

import abc
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import pandas as pd
from xlsxwriter.utility import xl_cell_to_rowcol, xl_col_to_name

from kinerja_xl.domain.aturan import Jenis
from kinerja_xl.domain.temuan import Lokasi, Temuan
from kinerja_xl.template.contract import JUMLAH, TableSpec


class Rumus(str):
    """A cell value that is a formula on purpose (``=HYPERLINK(...)``): the only one in the package.

    Every door writes a ``Rumus`` as a formula and any other string as text, so
    typed "=1+1" or "=HYPERLINK(...)" copied into an output sheet, a printed form,
    an export or a rekap stays the text staff typed.
    """


BATAS_TEKS_SEL = 32767  # the most characters an Excel cell holds
PENANDA_TERPOTONG = " …[teks terpotong]"


def potong_teks(teks: str) -> str:
    """Text an output cell can hold: longer text is cut with a visible marker at its end."""
    if len(teks) <= BATAS_TEKS_SEL:
        return teks
    return teks[: BATAS_TEKS_SEL - len(PENANDA_TERPOTONG)] + PENANDA_TERPOTONG


def kolom_huruf(n: int) -> str:
    """1-based column number -> Excel letters (1 -> A, 27 -> AA); the one column-letter helper."""
    return str(xl_col_to_name(n - 1))


def huruf_kolom(huruf: str) -> int:
    """Excel letters -> 1-based column number (A -> 1, AA -> 27)."""
    return int(xl_cell_to_rowcol(f"{huruf}1")[1]) + 1


@dataclass(frozen=True)
class Gaya:
    """What a named style does to a cell, in every door (file, xlwings, export)."""

    tebal: bool = False
    ukuran: float | None = None  # points; None keeps the workbook's 11
    format_angka: str | None = None
    bungkus: bool = False
    garis: str = ""  # the sides with a thin border: any of "l", "r", "t", "b" (a printed form's table)


UKURAN_BAWAAN = 11.0
# The one style table: the names ``Lembar.gaya`` may use. Figures in percent units (95 = 95%), so "persen"
# shows the number with two decimals under a "(%)" heading, never Excel's x100 percentage format.
GAYA: dict[str, Gaya] = {
    "judul": Gaya(tebal=True, ukuran=14),
    "subjudul": Gaya(tebal=True, ukuran=UKURAN_BAWAAN),
    "label": Gaya(tebal=True, ukuran=UKURAN_BAWAAN),
    "angka": Gaya(format_angka="#,##0"),
    "rupiah": Gaya(format_angka='"Rp "#,##0'),
    "persen": Gaya(format_angka="0.00"),
    "paragraf": Gaya(bungkus=True),
    # A bordered table on a printed form (PK lampiran, Rencana Aksi matrix): a record may span several
    # rows (its text broken at the column width), so only its first row draws the line above it.
    "kepala_kotak": Gaya(tebal=True, garis="lrtb"),
    "kotak_atas": Gaya(garis="lrt"),
    "kotak": Gaya(garis="lr"),
    "garis_atas": Gaya(garis="t"),  # the row under the table closes it
}


def kotak(lembar: Lembar, awal: int, akhir: int, kolom: Iterable[str]) -> None:
    """Border rows ``awal``..``akhir`` (one record) of a form's table in columns ``kolom``."""
    for h in kolom:
        for r in range(awal, akhir + 1):
            lembar.gaya[f"{h}{r}"] = "kotak_atas" if r == awal else "kotak"


@dataclass
class Tabel:
    """An input table as read: raw cell values plus what is needed to point at a cell.

    ``data`` has one column per header of the spec (a header missing from the
    sheet gives a column of ``None``), in the spec's order, then any extra
    columns the user added. Values are raw: ``str``, ``int``/``float``,
    ``bool``, ``datetime`` or ``None`` for an empty cell. ``persen`` holds the
    (row, header) pairs of numeric cells whose format is a percentage, so
    ``0.95`` there means 95 %.
    """

    spec: TableSpec
    data: pd.DataFrame
    baris_awal: int = 2  # sheet row of data row 0
    kolom: dict[str, str] = field(default_factory=dict)  # header -> column letter
    persen: set[tuple[int, str]] = field(default_factory=set)
    header_asli: list[str] = field(default_factory=list)  # the headers as found, in sheet order ([] = not known)
    galat_excel: dict[tuple[int, str], str] = field(default_factory=dict)  # (row, header) -> "#DIV/0!" (read as None)

    def sel(self, baris: int, header: str) -> str:
        """The cell address (``G7``) of data row ``baris`` (0-based) in column ``header``."""
        huruf = self.kolom.get(header)
        if huruf is None:
            huruf = kolom_huruf(self.spec.headers.index(header) + 1) if header in self.spec.headers else "A"
        return f"{huruf}{self.baris_awal + baris}"

    def is_persen(self, baris: int, header: str) -> bool:
        return (baris, header) in self.persen


@dataclass(frozen=True)
class Tanda:
    """A validation mark on an input cell: fill plus a comment with the message."""

    lembar: str
    sel: str
    tingkat: str  # galat / peringatan / info
    pesan: str


@dataclass(frozen=True)
class Grafik:
    """A native chart on an output sheet, over a block of cells the same call writes."""

    jenis: str  # "bar" | "line" | "pie" (pie: the XlsxWriter writer only, ``warna`` per slice)
    judul: str
    anchor: str  # top-left cell of the chart
    kategori: str  # range of category labels, e.g. "A20:A40" on the same sheet
    seri: tuple[tuple[str, str], ...]  # (name, value range)
    warna: tuple[str, ...] = ()  # hex colour per series
    lebar_cm: float = 16.0
    tinggi_cm: float = 7.5
    judul_sumbu_y: str = ""
    bertumpuk: bool = False
    sumbu_min: float | None = 0.0  # value axis starts at 0 unless told otherwise: no exaggerated bars
    format_sumbu: str = "General"  # number format of the value axis labels
    # Drawn by the XlsxWriter writer only (the province's rekap): ranges on another sheet,
    # horizontal bars (long category labels such as satker names), no legend.
    lembar_data: str = ""
    mendatar: bool = False
    legenda: bool = True
    nama_dari_sel: bool = False  # each series name is a cell address (the Ringkasan's kategori headers)


@dataclass
class Lembar:
    """A free-form output sheet (Narasi, Ringkasan, the forms): rows of cells, styles, tables.

    ``cells`` maps "A1"-style addresses to values (only a :class:`Rumus` is a
    formula; any other string is text, even one starting with ``=``); ``gaya`` maps addresses to a style
    name of ``GAYA``
    ("judul", "subjudul", "angka", "rupiah", "persen", "paragraf", "label").
    """

    nama: str
    cells: dict[str, Any] = field(default_factory=dict)
    gaya: dict[str, str] = field(default_factory=dict)
    lebar_kolom: dict[str, float] = field(default_factory=dict)
    tables: list[tuple[TableSpec, str, pd.DataFrame]] = field(default_factory=list)  # spec, top-left, rows
    area_cetak: str | None = None  # "A1:G60": the part printed (chart data below it stays on screen only)
    # Charts are the template's (template/ringkasan.py), never drawn by a door: a run hides the unused
    # rows and columns of their fixed data blocks. ``tampilkan`` is the range whose rows and columns the
    # door shows again first (an earlier run may have hidden others).
    baris_tersembunyi: tuple[int, ...] = ()
    kolom_tersembunyi: tuple[str, ...] = ()
    tampilkan: str | None = None
    grafik_usang: bool = False  # a sheet of an older schema: its charts were drawn over other cells; remove them


def baris_jumlah(spec: TableSpec, jumlah: Mapping[str, Any] | None) -> list[Any]:
    """A table's total row in header order: JUMLAH under ``spec.kolom_jumlah``, the given totals, else empty."""
    isi = dict(jumlah or {})
    return [JUMLAH if h == spec.kolom_jumlah else isi.get(h) for h in spec.headers]


class WorkbookGateway(abc.ABC):
    """The small interface services need; implementations live beside this file."""

    @abc.abstractmethod
    def baca_tabel(self, spec: TableSpec) -> Tabel:
        """Read a whole input table in one call."""

    @abc.abstractmethod
    def tulis_tabel(self, spec: TableSpec, rows: pd.DataFrame, jumlah: Mapping[str, Any] | None = None) -> None:
        """Replace the rows of an output table (headers as in the spec) in one call.

        A table with a total row (``spec.kolom_jumlah``) gets it below the rows: the label JUMLAH and
        ``jumlah`` (header -> value, the engine's totals); that row is never read back as data."""

    @abc.abstractmethod
    def tulis_lembar(self, lembar: Lembar) -> None:
        """Replace a free-form output sheet's content in one call."""

    @abc.abstractmethod
    def tandai(self, tanda: list[Tanda]) -> None:
        """Replace all validation marks on input cells by these (one write per table)."""

    def progres(self, pesan: str, fraksi: float | None = None) -> None:  # noqa: B027 - optional hook, no-op default
        """Tell the user how far along we are (status bar, terminal); optional."""

    def catat_log(self, aksi: str, pesan: str, detail: str = "") -> None:  # noqa: B027 - optional hook
        """Queue one row for the Log sheet, written with the run's save; a door without a Log ignores it."""

    def catat_teks_terpotong(self, lembar: str, sel: str, panjang: int) -> None:
        """Remember an output text the door cut to the cell limit (see :func:`potong_teks`)."""

        def ribuan(n: int) -> str:
            return f"{n:,}".replace(",", ".")

        pesan = (
            f"Teks untuk lembar {lembar} sel {sel} sepanjang {ribuan(panjang)} karakter melebihi batas Excel "
            f"{ribuan(BATAS_TEKS_SEL)} karakter; teks dipotong dan diakhiri '{PENANDA_TERPOTONG.strip()}'."
        )
        self.__dict__.setdefault("_temuan_tulis", []).append(
            Temuan(Jenis.TEKS_TERPOTONG, pesan, lokasi=Lokasi(lembar, sel), nilai_tercatat=panjang)
        )

    def ambil_temuan_tulis(self) -> list[Temuan]:
        """The findings of writing since the last call (texts cut to fit a cell), handed over once."""
        temuan: list[Temuan] = self.__dict__.pop("_temuan_tulis", [])
        return temuan

    def baca_gambar(self, lembar: str) -> bytes | None:
        """The first picture placed on ``lembar`` (PNG/JPEG bytes), or None.

        The Profil sheet's logo goes on the LKj cover. A door that cannot read
        pictures (the recording fake) has none: the cover is printed without it.
        """
        return None

    @property
    def berkas(self) -> Path | None:
        """The workbook's file on disk, where there is one (exports go beside it)."""
        return None

    # --- the unit of work: services write, the entry point commits or discards -------------------
    @abc.abstractmethod
    def simpan(self) -> None:
        """Commit: make the writes durable (a file gateway saves atomically; Excel applies its queue)."""

    @abc.abstractmethod
    def batalkan(self) -> None:
        """Discard: drop every write since the last commit (the run failed; the workbook stays as it was)."""


G = TypeVar("G", bound=WorkbookGateway)


@contextmanager
def satu_kerja(gateway: G) -> Iterator[G]:
    """One unit of work over ``gateway``: commit when the block ends normally, discard when it raises.

    Services never save; every entry point (the command line, the Excel buttons, the Python
    API's ``buka``) runs them inside this::

        with satu_kerja(FileGateway(path)) as gw:
            proses(gw)
    """
    try:
        yield gateway
    except BaseException:
        gateway.batalkan()
        raise
    gateway.simpan()

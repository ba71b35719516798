"""The Ringkasan sheet's fixed layout: where its figures, its three charts and their data blocks sit.

The three charts are drawn ONCE, by the template builder, with the one chart writer
(`gateway.grafik_xlsxwriter.gambar_grafik`), over the FIXED data blocks below; a run
(`services/ringkasan.py`) only writes figures into the blocks and hides the rows and
columns it does not use. Charts plot visible cells only, so a hidden row drops out of
the categories and a hidden column's series out of the plot and the legend. The export
draws the same specs with the same writer.

Hidden rows and columns hide whole sheet rows and columns, so:
- the kategori rows at the top reserve ``K_MAKS`` rows (unused ones hidden, above every chart:
  the charts move up with their cells, never over a hidden row);
- the data blocks sit below the print area, each in rows of its own;
- the kategori columns of the sasaran block sit right of the printed columns A..G.
"""

from __future__ import annotations

from kinerja_xl.domain.kosakata import SKALA_DEFAULT
from kinerja_xl.gateway.base import Grafik, kolom_huruf
from kinerja_xl.template.cetak import WARNA_GRAFIK, WARNA_LAIN

__all__ = [
    "K_MAKS",
    "MAKS_SASARAN",
    "MAKS_PROGRAM",
    "SKEMA_GRAFIK",
    "BARIS_JUMLAH",
    "BARIS_KATEGORI",
    "BARIS_TIDAK_DIHITUNG",
    "BARIS_ANGGARAN",
    "AREA_CETAK",
    "BLOK_SASARAN",
    "BLOK_PROGRAM",
    "BLOK_BULANAN",
    "KOLOM_KATEGORI",
    "WARNA_SLOT",
    "GRAFIK_RINGKASAN",
    "TAMPILKAN",
    "slot_kategori",
    "grafik_usang",
    "baris_tersembunyi",
    "kolom_tersembunyi",
]

# The Versi Skema whose template carries the charts: a workbook of an older schema has charts the old
# file door drew over other cells (removed on Proses Semua; `migrasi` brings the template's back).
SKEMA_GRAFIK = 7

K_MAKS = 8  # kategori slots: rows at the top, series (columns) of the sasaran chart
MAKS_SASARAN = 30  # sasaran rows of the sasaran chart's block
MAKS_PROGRAM = 60  # program and kegiatan rows of the penyerapan chart's block

# --- the printed part: figures, then the three charts ------------------------------------------
BARIS_JUMLAH = 5  # "Jumlah indikator"; row 3 holds the template's buttons
BARIS_KATEGORI = BARIS_JUMLAH + 1  # K_MAKS rows, one per kategori of the skala (unused ones hidden)
BARIS_TIDAK_DIHITUNG = BARIS_KATEGORI + K_MAKS
BARIS_ANGGARAN = BARIS_TIDAK_DIHITUNG + 2  # pagu, realisasi, sisa, penyerapan, terbilang
_BARIS_GRAFIK = BARIS_ANGGARAN + 7  # the first chart's top row; each chart takes 16 rows
AREA_CETAK = f"A1:G{_BARIS_GRAFIK + 47}"  # the figures and the three charts; their data is not for print


class Blok:
    """A data block: its title row, header row and ``kapasitas`` data rows (1-based sheet rows)."""

    def __init__(self, judul: int, kapasitas: int) -> None:
        self.judul = judul
        self.kepala = judul + 1
        self.awal = judul + 2
        self.akhir = self.awal + kapasitas - 1
        self.kapasitas = kapasitas

    def kolom(self, huruf: str) -> str:
        """The range of the block's data rows in column ``huruf``."""
        return f"{huruf}{self.awal}:{huruf}{self.akhir}"


BLOK_SASARAN = Blok(_BARIS_GRAFIK + 49, MAKS_SASARAN)
BLOK_PROGRAM = Blok(BLOK_SASARAN.akhir + 2, MAKS_PROGRAM)
BLOK_BULANAN = Blok(BLOK_PROGRAM.akhir + 2, 12)  # always twelve months: last, so no row of it is ever hidden

# The sasaran chart's kategori columns (one series per slot), right of the printed columns A..G.
KOLOM_KATEGORI = tuple(kolom_huruf(9 + i) for i in range(K_MAKS))  # I..P
# Rows and columns a run may hide: the doors show them again first (a satker with 5 sasaran after one with 3).
TAMPILKAN = f"A{BARIS_KATEGORI}:{KOLOM_KATEGORI[-1]}{BLOK_BULANAN.akhir}"

# Slot colours in the order of the default skala's kategori, then the other colours.
_BAWAAN = tuple(k for _, _, k in SKALA_DEFAULT)
WARNA_SLOT = tuple(WARNA_GRAFIK[k] for k in _BAWAAN) + WARNA_LAIN[: K_MAKS - len(_BAWAAN)]


def grafik_usang(versi_skema: str) -> bool:
    """A workbook of a schema before the template's charts: its charts are the old door's, over other cells."""
    versi = versi_skema.strip()
    return versi.isdigit() and int(versi) < SKEMA_GRAFIK


def slot_kategori(kategori: list[str]) -> dict[str, int]:
    """The slot (0..K_MAKS-1) of each kategori: a default kategori keeps its own slot (and colour), any
    other takes the next free one; a kategori past the last slot has none (the chart cannot show it)."""
    slot = {k: _BAWAAN.index(k) for k in kategori if k in _BAWAAN}
    bebas = [i for i in range(K_MAKS) if i not in slot.values()]
    bebas = [i for i in bebas if i >= len(_BAWAAN)] + [i for i in bebas if i < len(_BAWAAN)]
    for k in kategori:
        if k not in slot and bebas:
            slot[k] = bebas.pop(0)
    return slot


def baris_tersembunyi(n_kategori: int, n_sasaran: int, n_program: int) -> list[int]:
    """The rows a Ringkasan with these counts hides: kategori rows past the skala's, block rows past the data
    (the template itself: the default skala and no data, so its empty charts show no empty categories)."""
    return [
        *range(BARIS_KATEGORI + min(n_kategori, K_MAKS), BARIS_KATEGORI + K_MAKS),
        *range(BLOK_SASARAN.awal + min(n_sasaran, BLOK_SASARAN.kapasitas), BLOK_SASARAN.akhir + 1),
        *range(BLOK_PROGRAM.awal + min(n_program, BLOK_PROGRAM.kapasitas), BLOK_PROGRAM.akhir + 1),
    ]


def kolom_tersembunyi(slot: dict[str, int]) -> tuple[str, ...]:
    """The kategori columns no kategori of the skala takes (their series drop out of the chart and legend)."""
    return tuple(h for i, h in enumerate(KOLOM_KATEGORI) if i not in slot.values())


GRAFIK_RINGKASAN = (
    Grafik(
        "bar",
        "Capaian per Sasaran (%)",
        f"A{_BARIS_GRAFIK}",
        BLOK_SASARAN.kolom("A"),
        tuple((f"{h}{BLOK_SASARAN.kepala}", BLOK_SASARAN.kolom(h)) for h in KOLOM_KATEGORI),
        WARNA_SLOT,
        judul_sumbu_y="Capaian (%)",
        bertumpuk=True,
        nama_dari_sel=True,
    ),
    Grafik(
        "bar",
        "Penyerapan Anggaran per Program/Kegiatan (%)",
        f"A{_BARIS_GRAFIK + 16}",
        BLOK_PROGRAM.kolom("A"),
        (("Penyerapan (%)", BLOK_PROGRAM.kolom("B")),),
        (WARNA_GRAFIK["Berhasil"],),
        judul_sumbu_y="Penyerapan (%)",
    ),
    Grafik(
        "line",
        "Realisasi Bulanan terhadap RPD (Rp)",
        f"A{_BARIS_GRAFIK + 32}",
        BLOK_BULANAN.kolom("A"),
        (("RPD", BLOK_BULANAN.kolom("B")), ("Realisasi", BLOK_BULANAN.kolom("C"))),
        ("1F77B4", "D62728"),
        judul_sumbu_y="Rupiah",
        format_sumbu="#,##0",
    ),
)

"""How every sheet prints: the one table of print layouts.

Each sheet's A4 page set-up is defined here once: orientation, fitting (pages wide, or a fixed
scale where a manual break must hold), repeated title rows, margins, centring, column widths,
hidden helper columns and page breaks. Three writers apply it: the template builder, the file door
for every output sheet it writes (so a workbook made with an older template prints the new way
after its next ``proses``), and the export writer.

Widths are in Excel character units. A sheet printed at a fixed scale is laid out so that each
page width holds one table at no less than 8 pt (11 pt text x scale); a sheet fitted to the page
width is checked the same way by the tests (:func:`skala_efektif`).
"""

from __future__ import annotations

import functools
import re
import textwrap
from collections.abc import Mapping
from dataclasses import dataclass, field

from xlsxwriter.utility import xl_cell_to_rowcol, xl_col_to_name

from kinerja_xl.template import contract as c

__all__ = [
    "TataCetak",
    "TATA_CETAK",
    "tata_cetak",
    "atur_xlsxwriter",
    "skala_efektif",
    "KAKI",
    "UKURAN_TERKECIL",
    "WARNA_KATEGORI",
    "WARNA_TINGKAT",
    "WARNA_GRAFIK",
    "WARNA_LAIN",
    "TEKS_PANJANG",
    "BULAN_RA",
    "format_kolom",
    "lebar_tersimpan",
    "tinggi_baris",
    "lebar_bungkus",
    "TINGGI_KEPALA",
    "GAYA_TINGKAT",
    "sifat_sel",
]

KAKI = "&L&A&RHalaman &P dari &N"  # sheet name left, "Halaman x dari y" right
UKURAN_TERKECIL = 8.0  # points: nothing prints smaller
_A4 = (595.0, 842.0)  # points, portrait


@dataclass(frozen=True)
class TataCetak:
    """The print layout of one sheet."""

    tegak: bool = False  # portrait (else landscape)
    halaman_lebar: int = 1  # fit to this many pages wide (as many down as needed) when skala is None
    skala: int | None = None  # a fixed scale in percent: manual column breaks hold only without fitting
    baris_judul: tuple[int, int] | None = None  # 1-based first and last row repeated on every page
    margin: tuple[float, float, float, float] = (0.4, 0.4, 0.6, 0.6)  # left, right, top, bottom (inches)
    tengah: bool = False  # centred between the side margins
    lebar_kolom: Mapping[str, float] = field(default_factory=dict)  # column letters -> width
    tersembunyi: tuple[str, ...] = ()  # helper columns not printed (hidden)
    putus_baris: tuple[int, ...] = ()  # 1-based rows that begin a new page
    putus_kolom: tuple[str, ...] = ()  # columns (letters) that begin a new page
    judul_bagian: tuple[tuple[str, str], ...] = ()  # (cell, title) over a table printed on its own page width
    kaki: str = KAKI

    @property
    def muat_lebar(self) -> bool:
        return self.skala is None


def _lebar(*pasangan: tuple[str, float]) -> dict[str, float]:
    return dict(pasangan)


_TABEL = (c.BARIS_HEADER, c.BARIS_HEADER)  # the header row of a table sheet, repeated on every page

# Capaian: tblCapaian (A:L) on the first page width, tblCapaianSasaran (O:T) on the next, never
# side by side at 3 pt. Excel ignores manual breaks when fitting to pages, hence the fixed scale.
_CAPAIAN = TataCetak(
    skala=75,
    baris_judul=_TABEL,
    lebar_kolom=_lebar(
        ("A", 10),
        ("B", 9),
        ("C", 30),
        ("D", 9),
        ("E", 10),
        ("F", 10),
        ("G", 9),
        ("H", 9),
        ("I", 9),
        ("J", 14),
        ("K", 14),
        ("L", 22),
        ("M", 2),
        ("N", 2),
        ("O", 10),
        ("P", 44),
        ("Q", 10),
        ("R", 15),
        ("S", 11),
        ("T", 11),
    ),  # fmt: skip
    tersembunyi=("G", "H"),  # Nilai Target / Nilai Realisasi: the engine's reading of the typed text
    putus_kolom=("M",),
    judul_bagian=(("O1", "Capaian Kinerja per Sasaran"),),
)
_CAPAIAN_UNIT = TataCetak(
    skala=80,
    baris_judul=_TABEL,
    lebar_kolom=_lebar(
        ("A", 12),
        ("B", 10),
        ("C", 44),
        ("D", 10),
        ("E", 15),
        ("F", 11),
        ("G", 11),
        ("H", 2),
        ("I", 2),
        ("J", 14),
        ("K", 110),
    ),  # fmt: skip
    putus_kolom=("H",),
    judul_bagian=(("J1", "Narasi Capaian per Unit Kerja"),),
)
# Anggaran portrait: Kode Baku and Dihitung are the engine's helpers, hidden from the reader.
_ANGGARAN = TataCetak(
    tegak=True,
    baris_judul=_TABEL,
    lebar_kolom=_lebar(
        ("A", 22),
        ("B", 20),
        ("C", 9),
        ("D", 9),
        ("E", 34),
        ("F", 15),
        ("G", 15),
        ("H", 15),
        ("I", 11),
    ),  # fmt: skip
    tersembunyi=("B", "C"),
)
_VALIDASI = TataCetak(
    baris_judul=_TABEL,
    lebar_kolom=_lebar(
        ("A", 22),
        ("B", 10),
        ("C", 11),
        ("D", 7),
        ("E", 14),
        ("F", 50),
        ("G", 14),
        ("H", 14),
        ("I", 40),
    ),  # fmt: skip
)
_NARASI = TataCetak(tegak=True, baris_judul=_TABEL, lebar_kolom=_lebar(("A", 18), ("B", 16), ("C", 64)))
_HASIL_RA = TataCetak(
    baris_judul=_TABEL,
    lebar_kolom=_lebar(
        ("A", 10),
        ("B", 44),
        ("C", 13),
        ("D", 13),
        ("E", 13),
        ("F", 14),
        ("G", 14),
        ("H", 40),
    ),  # fmt: skip
)
_LOG = TataCetak(baris_judul=_TABEL, lebar_kolom=_lebar(("A", 19), ("B", 12), ("C", 60), ("D", 50)))
# A signed form: portrait, centred, nothing repeated; the lampiran starts on a page of its own.
_PK = TataCetak(
    tegak=True,
    margin=(0.6, 0.6, 0.6, 0.6),
    tengah=True,
    lebar_kolom=dict(c.LEBAR_KOLOM_PK),
    putus_baris=(c.BARIS_LAMPIRAN_PK,),
    kaki="",
)
_MATRIKS = TataCetak(
    margin=(0.5, 0.5, 0.5, 0.5),
    tengah=True,
    baris_judul=(5, 5),  # the month header row of the matrix
    lebar_kolom=dict(c.LEBAR_KOLOM_MATRIKS),
)
# Ringkasan portrait: its title on page 1 only (repeated, it printed over the charts of page 2); the
# widths are the sheet's own (services/ringkasan.py takes them from here), narrow enough for 8 pt.
_RINGKASAN = TataCetak(
    tegak=True,
    lebar_kolom=_lebar(("A", 30), ("B", 20), ("C", 18), ("D", 12), ("E", 12), ("F", 12), ("G", 12)),
)
_BACAAN = TataCetak(tegak=True, baris_judul=(1, 1))

TATA_CETAK: dict[str, TataCetak] = {
    # input sheets: landscape, fitted to the width, the header row repeated (widths: the builder's)
    **{s: TataCetak(baris_judul=_TABEL) for s in c.INPUT_SHEETS if s != c.PETUNJUK},
    c.PETUNJUK: _BACAAN,
    c.CAPAIAN: _CAPAIAN,
    c.CAPAIAN_UNIT: _CAPAIAN_UNIT,
    c.RENCANA_AKSI_HASIL: _HASIL_RA,
    c.ANGGARAN: _ANGGARAN,
    c.VALIDASI: _VALIDASI,
    c.NARASI: _NARASI,
    c.RINGKASAN: _RINGKASAN,
    c.MATRIKS_RENCANA_AKSI: _MATRIKS,
    c.LOG: _LOG,
    c.CATATAN_TEKNIS: _BACAAN,
    c.GLOSARIUM: _BACAAN,  # the builder also repeats the table header (its row depends on the text above)
}


# Kategori and finding colours: the same in the workbook (conditional formats) and the export (fills).
WARNA_KATEGORI = {
    "Sangat Berhasil": "#63BE7B",
    "Berhasil": "#C6EFCE",
    "Cukup Berhasil": "#FFEB9C",
    "Kurang Berhasil": "#F8CBAD",
    "Tidak Berhasil": "#FFC7CE",
}
WARNA_TINGKAT = {"galat": "#FFC7CE", "peringatan": "#FFEB9C", "info": "#DDEBF7"}
# Kategori colours of the charts (Ringkasan in the workbook and the export, the province's rekap): saturated
# versions of the fills above, so a bar reads as its row's fill; other series take the next of WARNA_LAIN.
WARNA_GRAFIK = {
    "Sangat Berhasil": "1F77B4",
    "Berhasil": "2CA02C",
    "Cukup Berhasil": "F2C200",
    "Kurang Berhasil": "FF7F0E",
    "Tidak Berhasil": "D62728",
}
WARNA_LAIN = ("7F7F7F", "9467BD", "8C564B", "E377C2", "17BECF")

# Width of a long-text column (characters), wrapped in its cells.
TEKS_PANJANG = {
    "Sasaran": 40,
    "Indikator Kinerja": 45,
    "Uraian": 45,
    "Analisis Penyebab": 45,
    "Upaya Perbaikan": 45,
    "Keterangan": 40,
    "Pesan": 60,
    "Paragraf": 100,
    "Saran Perbaikan": 45,
    "Detail Teknis": 50,
    "Penanggung Jawab": 24,
    "Sumber Data": 24,
    "Kunci": 26,
    "Nilai": 34,
    "Kode": 34,
    "Kode Baku": 34,
    "Kode Anggaran": 30,
    "Kategori": 18,
    "Kegiatan": 40,
    "Nama Unit": 44,
    "Pejabat": 30,
    "NIP": 22,
    "Unit Kerja": 12,
    "Indikator Induk": 16,
    "Template": 100,
    "Teks": 100,
    "Analisis Keberhasilan": 45,
    "Penjelasan": 45,
    "Skala": 14,
    "Jenis": 22,  # tblValidasi: the finding's name in words
}
# Rencana Aksi month columns: narrow, one tick each.
BULAN_RA = re.compile(r"^(Realisasi )?B\d{1,2}$")
_ANGKA_BULAT = {
    "Tahun",
    "Peringkat",
    "Bulan Direncanakan",
    "Bulan Terlaksana",
    "Terlaksana Tanpa Rencana",
    "Rencana Belum Terlaksana",
}
_RUPIAH = re.compile(r"^(Pagu|Pagu Awal|Realisasi|Sisa|RPD \w+|Realisasi (?!TW|Volume)\w+)$")


def format_kolom(spec: c.TableSpec, kolom: c.Kolom) -> tuple[str, bool]:
    """(number format, wrap) of a column's data cells: in the template, the file door's rows and the export."""
    h = kolom.header
    if kolom.teks:
        return "@", h in TEKS_PANJANG
    if spec.name in c.KOLOM_RUMUS and kolom in c.KOLOM_RUMUS[spec.name]:
        return ("#,##0" if h == "Sisa" else "0.00%"), False
    if h.endswith("(%)"):
        return "0.00", False
    if spec.name in (c.PAGU_TABLE.name, c.ANGGARAN_TABLE.name) and _RUPIAH.match(h):
        return "#,##0", False
    if h.startswith("Jumlah"):
        return "0", False
    if h == "Persentase Terlaksana":
        return "0.00", False
    if h in _ANGKA_BULAT:
        return "0", False
    if h == "Waktu":
        return "yyyy-mm-dd hh:mm:ss", False
    if h in (
        "Batas Bawah",
        "Batas Atas",
        "Target Volume",
        "Realisasi Volume",
        "Nilai Target",
        "Nilai Realisasi",
        "Nilai Tercatat",
        "Nilai Seharusnya",
        "Dihitung",
    ):
        return "General", h.startswith("Nilai T") or h.startswith("Nilai S")
    # Codes and free text: text format, so 001 and 6709 stay what was typed.
    return "@", h in TEKS_PANJANG


# Anggaran: each budget level as printed budgets show it: the upper levels bold, each level indented
# under its parent (Tingkat as the sheet shows it -> bold, indent steps of the Uraian).
GAYA_TINGKAT: dict[str, tuple[bool, int]] = {
    "Program": (True, 0),
    "Kegiatan": (True, 1),
    "KRO": (True, 2),
    "RO": (True, 3),
    "Output": (True, 3),
    "Komponen": (False, 4),
    "Subkomponen": (False, 5),
    "Akun": (False, 6),
}


def sifat_sel(num_format: str, bungkus: bool, isian: str | None = None, jumlah: bool = False) -> dict[str, object]:
    """XlsxWriter properties of a table data cell (bordered, top-aligned), in the template and the export;
    a cell of the total row (``jumlah``) bold under a double rule, as printed budgets close their table."""
    sifat: dict[str, object] = {"num_format": num_format, "valign": "top", "border": 1, "border_color": "#BFBFBF"}
    if jumlah:
        sifat.update({"bold": True, "top": 6, "top_color": "#000000"})
    if bungkus:
        sifat["text_wrap"] = True
    if isian:
        sifat["bg_color"] = isian
    return sifat


def tinggi_baris(teks: Mapping[str, object], lebar: Mapping[str, float]) -> float | None:
    """The height (points) of a table row whose wrapped cells hold ``teks`` (header -> value) in columns of
    ``lebar`` characters; None when every value fits one line. Renderers do not size such rows themselves."""
    baris = 1
    for h, v in teks.items():
        if isinstance(v, str) and h in lebar:
            muat = max(int(lebar[h] * 0.85), 4)  # renderers fit fewer characters than the width
            if len(v) > muat:  # shorter text is one line: no need to wrap it (most cells; a 20x satker's 30,000)
                baris = max(baris, _jumlah_baris(v, muat))
    return None if baris == 1 else 15.0 * baris


@functools.lru_cache(maxsize=4096)
def _jumlah_baris(teks: str, muat: int) -> int:
    """Lines ``teks`` wraps to at ``muat`` characters; budget Uraian repeat ("Belanja Bahan" under every RO)."""
    return len(textwrap.wrap(teks, muat))


def lebar_bungkus(spec: c.TableSpec) -> dict[str, float]:
    """Header -> printed width of an output table's wrapped columns: their rows get explicit heights."""
    tata = tata_cetak(spec.sheet)
    if spec.input or tata is None:
        return {}
    c0 = xl_cell_to_rowcol(c.ANCHOR.get(spec.name, "A4"))[1]
    hasil = {}
    for j, k in enumerate(spec.columns):
        huruf = xl_col_to_name(c0 + j)
        if format_kolom(spec, k)[1] and huruf in tata.lebar_kolom:
            hasil[k.header] = float(tata.lebar_kolom[huruf])
    return hasil


TINGGI_KEPALA = 30.0  # points: a header row whose headers wrap to two lines


def tata_cetak(lembar: str) -> TataCetak | None:
    """The print layout of a sheet; every "PK <kode>" sheet (a unit added later too) prints as a PK form."""
    if lembar in TATA_CETAK:
        return TATA_CETAK[lembar]
    if lembar.startswith(c.PREFIKS_LEMBAR_PK):
        return _PK
    return None


def _nomor(huruf: str) -> int:
    return int(xl_cell_to_rowcol(f"{huruf}1")[1]) + 1


def lebar_tersimpan(lebar: float) -> str:
    """A column width as the file stores it: characters plus Excel's cell padding, as XlsxWriter writes it."""
    px = int(lebar * 7 + 0.5) + 5
    return f"{int(px / 7 * 256) / 256:.12g}"


def _px(lebar: float) -> int:
    """Excel's on-screen pixel width of a column of ``lebar`` characters (Calibri 11: 7 px a digit, 5 padding)."""
    return int(lebar * 7 + 5 + 0.5)


def skala_efektif(tata: TataCetak, lebar_kolom: Mapping[str, float] | None = None) -> float:
    """The scale (1.0 = 100 %) the widest page width of ``tata`` prints at; 11 pt text prints at 11 x this.

    With a fixed scale, every part between column breaks must fit the page at that scale (else the
    part is cut across pages): the result is the smaller of the scale and what fitting would need.
    """
    lebar = dict(lebar_kolom if lebar_kolom is not None else tata.lebar_kolom)
    kertas = _A4[0] if tata.tegak else _A4[1]
    tersedia = kertas - 72 * (tata.margin[0] + tata.margin[1])
    urut = sorted((_nomor(h), w) for h, w in lebar.items() if h not in tata.tersembunyi)
    batas = sorted(_nomor(h) for h in tata.putus_kolom)
    bagian: list[float] = [0.0]
    for kol, w in urut:
        while batas and kol >= batas[0]:
            batas.pop(0)
            bagian.append(0.0)
        bagian[-1] += _px(w) * 0.75
    perlu = min(1.0, tersedia / max(bagian)) if max(bagian) else 1.0
    if tata.skala is None:
        return perlu
    return min(tata.skala / 100, perlu)


def atur_xlsxwriter(ws, lembar: str) -> TataCetak | None:
    """Apply a sheet's print layout to an XlsxWriter worksheet (the builder and the export)."""
    tata = tata_cetak(lembar)
    if tata is None:
        return None
    ws.set_paper(9)  # A4
    if tata.tegak:
        ws.set_portrait()
    else:
        ws.set_landscape()
    if tata.skala is None:
        ws.fit_to_pages(tata.halaman_lebar, 0)
    else:
        ws.set_print_scale(tata.skala)
    if tata.baris_judul:
        ws.repeat_rows(tata.baris_judul[0] - 1, tata.baris_judul[1] - 1)
    kiri, kanan, atas, bawah = tata.margin
    ws.set_margins(left=kiri, right=kanan, top=atas, bottom=bawah)
    if tata.tengah:
        ws.center_horizontally()
    if tata.kaki:
        ws.set_footer(tata.kaki)
    for huruf, w in tata.lebar_kolom.items():
        kol = xl_cell_to_rowcol(f"{huruf}1")[1]
        ws.set_column(kol, kol, w, None, {"hidden": True} if huruf in tata.tersembunyi else None)
    if tata.putus_baris:
        ws.set_h_pagebreaks([r - 1 for r in tata.putus_baris])
    if tata.putus_kolom:
        ws.set_v_pagebreaks([xl_cell_to_rowcol(f"{h}1")[1] for h in tata.putus_kolom])
    return tata

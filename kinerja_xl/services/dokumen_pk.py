"""The signed-form layout of each Perjanjian Kinerja: a printable sheet and a Word page.

Per unit (the Sekretariat and each subbagian): the statement page (pihak pertama
and kedua, the promise, place, date and signature blocks) and, from row
``BARIS_LAMPIRAN_PK`` on its own page, the lampiran table (sasaran, indikator,
target) signed again. Every PK sheet, a unit added later included, prints as
template/cetak.py lays it out (A4 portrait, centred, the page break).
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from kinerja_xl.domain.angka import format_nilai, parse_nilai
from kinerja_xl.domain.sel import rekaman
from kinerja_xl.domain.sel import sel_teks as _teks
from kinerja_xl.domain.temuan import KinerjaError, NilaiTidakValid
from kinerja_xl.domain.unit import Unit
from kinerja_xl.gateway.base import Lembar, WorkbookGateway, kotak
from kinerja_xl.services.hitung import Hasil
from kinerja_xl.services.unit import HasilUnit, nilai_unit
from kinerja_xl.template import contract as c
from kinerja_xl.xml_teks import teks_xml_sah

__all__ = [
    "Pihak",
    "DokumenPK",
    "dokumen_pk",
    "lembar_pk",
    "lembar_dokumen_pk",
    "tulis_dokumen_pk",
    "tambah_halaman_pk",
]

# Statement text after PermenPAN-RB 53/2014 (Petunjuk Teknis Perjanjian Kinerja).
PEMBUKA = (
    "Dalam rangka mewujudkan manajemen pemerintahan yang efektif, transparan, dan akuntabel serta "
    "berorientasi pada hasil, kami yang bertanda tangan di bawah ini:"
)
JANJI_PERTAMA = (
    "Pihak pertama berjanji akan mewujudkan target kinerja yang seharusnya sesuai lampiran perjanjian "
    "ini, dalam rangka mencapai target kinerja jangka menengah seperti yang telah ditetapkan dalam "
    "dokumen perencanaan. Keberhasilan dan kegagalan pencapaian target kinerja tersebut menjadi "
    "tanggung jawab kami."
)
JANJI_KEDUA = (
    "Pihak kedua akan melakukan supervisi yang diperlukan serta akan melakukan evaluasi terhadap capaian "
    "kinerja dari perjanjian ini dan mengambil tindakan yang diperlukan dalam rangka pemberian "
    "penghargaan dan sanksi."
)
# Characters per printed line of the statement: each line is its own row (no merged cells:
# the gateway rewrites the sheet whole), overflowing into the empty cells to its right.
_LEBAR_BARIS = 92


@dataclass(frozen=True)
class Pihak:
    nama: str
    jabatan: str
    nip: str = ""


@dataclass
class DokumenPK:
    """Everything one PK form prints."""

    unit: Unit
    tahun: str
    satker: str
    tempat: str
    tanggal: str
    pertama: Pihak
    kedua: Pihak
    baris: list[tuple[str, str, str, str]] = field(default_factory=list)  # no, sasaran, indikator, target

    @property
    def lembar(self) -> str:
        return c.lembar_pk(self.unit.kode)

    @property
    def judul(self) -> list[str]:
        """Heading lines: title, unit (for a subbagian), Sekretariat of the satker."""
        baris = [f"PERJANJIAN KINERJA TAHUN {self.tahun}".strip()]
        if not self.unit.sekretariat:
            baris.append(self.unit.nama.upper())
        baris.append(f"SEKRETARIAT {self.satker.upper()}".strip())
        return baris


def _target(raw: Any, persen: bool, satuan: str) -> str:
    """A Target cell as printed: typed text as typed, a number in its satuan (0,95 as 95%)."""
    if raw is None or isinstance(raw, str):
        return _teks(raw)
    try:
        return format_nilai(parse_nilai(raw, persen_format=persen, satuan=satuan or None))
    except (NilaiTidakValid, ValueError):
        return _teks(raw)


def dokumen_pk(hasil: Hasil, hu: HasilUnit | None = None) -> list[DokumenPK]:
    """One PK form per unit of tblUnit (the Sekretariat first), lampiran rows in PK order."""
    hu = hu or nilai_unit(hasil)
    m = hasil.masukan
    k = m.konfigurasi
    satker = k.teks(c.Kunci.NAMA_SATKER)
    sekretaris = Pihak(k.teks(c.Kunci.NAMA_SEKRETARIS), f"Sekretaris {satker}".strip(), k.teks(c.Kunci.NIP_SEKRETARIS))
    ketua = Pihak(k.teks(c.Kunci.NAMA_KETUA), f"Ketua {satker}".strip())
    pk = m.df(c.PK_TABLE)
    persen = m.persen(c.PK_TABLE)
    rows = rekaman(pk) if len(pk) else []
    hasil_dok = []
    for u in hu.daftar.unit:
        if u.sekretariat:
            pertama = Pihak(u.pejabat, sekretaris.jabatan, u.nip)
            kedua = ketua
        else:
            pertama = Pihak(u.pejabat, f"Kepala {u.nama}", u.nip)
            kedua = sekretaris
        baris: list[tuple[str, str, str, str]] = []
        sasaran_lalu, no = None, 0
        for i in sorted(i for i, kode in hu.unit_baris.items() if kode == u.kode):
            r = rows[i]
            ks = _teks(r.get("kode_sasaran")) or sasaran_lalu
            baru = ks != sasaran_lalu
            if baru:
                no += 1
            sasaran_lalu = ks
            baris.append(
                (
                    str(no) if baru else "",
                    (_teks(r.get("sasaran")) or ks or "") if baru else "",
                    _teks(r.get("indikator")) or _teks(r.get("kode_indikator")),
                    _target(r.get("target"), (i, "target") in persen, _teks(r.get("satuan"))),
                )
            )
        hasil_dok.append(
            DokumenPK(
                u,
                k.teks(c.Kunci.TAHUN),
                satker,
                k.teks(c.Kunci.TEMPAT),
                k.teks(c.Kunci.TANGGAL_PK),
                pertama,
                kedua,
                baris,
            )
        )
    return hasil_dok


def _potong(teks: str, lebar: float) -> list[str]:
    """Lines of at most the column's width in characters (at least one line)."""
    return textwrap.wrap(teks, max(int(lebar), 4)) or [""]


def tulis_baris(lb: Lembar, r: int, isi: dict[str, str], lebar: dict[str, float], gaya: str | None = None) -> int:
    """Write texts side by side, each broken into rows at its column width; returns the next row."""
    potongan = {h: _potong(t or "", lebar[h]) for h, t in isi.items()}
    for h, baris in potongan.items():
        for j, teks in enumerate(baris):
            if teks:
                lb.cells[f"{h}{r + j}"] = teks
                if gaya:
                    lb.gaya[f"{h}{r + j}"] = gaya
    return r + max(len(b) for b in potongan.values())


def _tanda_tangan(lb: Lembar, r: int, dok: DokumenPK) -> int:
    """Place/date, then pihak kedua (left, B) and pihak pertama (right, C); returns the next row."""
    lebar = c.LEBAR_KOLOM_PK
    lb.cells[f"C{r}"] = ", ".join(x for x in (dok.tempat, dok.tanggal) if x) or "......................, ..........."
    r += 1
    lb.cells[f"B{r}"], lb.cells[f"C{r}"] = "Pihak Kedua,", "Pihak Pertama,"
    r = tulis_baris(lb, r + 1, {"B": dok.kedua.jabatan, "C": dok.pertama.jabatan}, lebar)
    r += 4
    r = tulis_baris(
        lb,
        r,
        {
            "B": dok.kedua.nama or "(.................................)",
            "C": dok.pertama.nama or "(.................................)",
        },
        lebar,
        "label",
    )
    if dok.kedua.nip:
        lb.cells[f"B{r}"] = f"NIP. {dok.kedua.nip}"
    if dok.pertama.nip:
        lb.cells[f"C{r}"] = f"NIP. {dok.pertama.nip}"
    return r + 1


def _paragraf(lb: Lembar, r: int, teks: str) -> int:
    return tulis_baris(lb, r, {"A": teks}, {"A": _LEBAR_BARIS}) + 1


def lembar_pk(dok: DokumenPK) -> Lembar:
    """The "PK <kode>" sheet: statement page (rows 1 .. BARIS_LAMPIRAN_PK-1), then the lampiran."""
    lebar = c.LEBAR_KOLOM_PK
    lb = Lembar(dok.lembar, lebar_kolom=dict(lebar))
    r = 1
    for i, teks in enumerate(dok.judul):
        lb.cells[f"A{r}"] = teks
        lb.gaya[f"A{r}"] = "judul" if i == 0 else "subjudul"
        r += 1
    r = _paragraf(lb, r + 1, PEMBUKA)
    for pihak, sebutan in (
        (dok.pertama, "selanjutnya disebut pihak pertama."),
        (dok.kedua, "selaku atasan pihak pertama, selanjutnya disebut pihak kedua."),
    ):
        r = tulis_baris(lb, r, {"B": "Nama", "C": f": {pihak.nama}"}, lebar)
        r = tulis_baris(lb, r, {"B": "Jabatan", "C": f": {pihak.jabatan}"}, lebar)
        lb.cells[f"A{r}"] = sebutan
        r += 2
    r = _paragraf(lb, r, JANJI_PERTAMA)
    r = _paragraf(lb, r, JANJI_KEDUA)
    r = _tanda_tangan(lb, r, dok)
    if r > c.BARIS_LAMPIRAN_PK:
        raise KinerjaError(  # bad input (a very long name), not a bug: one message, nothing written
            f"Halaman pernyataan PK {dok.unit.kode} tidak muat satu halaman (melewati baris {c.BARIS_LAMPIRAN_PK}): "
            f"nama unit, pejabat atau jabatan di tabel {c.UNIT_TABLE.name} atau lembar {c.KONFIGURASI} terlalu "
            "panjang. Persingkat isian itu lalu ulangi."
        )

    r = c.BARIS_LAMPIRAN_PK
    lb.cells[f"A{r}"] = f"LAMPIRAN PERJANJIAN KINERJA TAHUN {dok.tahun}".strip()
    lb.gaya[f"A{r}"] = "judul"
    for teks in dok.judul[1:]:
        r += 1
        lb.cells[f"A{r}"] = teks
        lb.gaya[f"A{r}"] = "subjudul"
    r += 2
    awal = r
    r = tulis_baris(
        lb,
        r,
        dict(zip("ABCD", ("No", "Sasaran Strategis", "Indikator Kinerja", "Target"), strict=False)),
        lebar,
    )
    for alamat in (f"{h}{b}" for h in "ABCD" for b in range(awal, r)):
        lb.gaya[alamat] = "kepala_kotak"  # the lampiran is a bordered table, as on the signed form
    if not dok.baris:
        lb.cells[f"B{r}"] = f"Belum ada indikator untuk unit {dok.unit.kode} di lembar PK (kolom Unit Kerja)."
        kotak(lb, r, r, "ABCD")
        r += 1
    for no, sasaran, indikator, target in dok.baris:
        awal = r
        r = tulis_baris(lb, r, dict(zip("ABCD", (no, sasaran, indikator, target), strict=False)), lebar)
        kotak(lb, awal, r - 1, "ABCD")
        if not no:  # a further indikator of the same sasaran: No and Sasaran stay one open cell
            lb.gaya[f"A{awal}"] = lb.gaya[f"B{awal}"] = "kotak"
    for h in "ABCD":
        lb.gaya[f"{h}{r}"] = "garis_atas"
    _tanda_tangan(lb, r + 1, dok)
    return lb


def _lembar_tanpa_unit(kode: str) -> Lembar:
    """A default PK sheet whose unit was removed from tblUnit: say so rather than keep stale text."""
    lb = Lembar(c.lembar_pk(kode), lebar_kolom=dict(c.LEBAR_KOLOM_PK))
    lb.cells["A1"] = f"Unit {kode} tidak ada di tabel Unit Kerja (lembar Konfigurasi); lembar ini tidak dipakai."
    return lb


def lembar_dokumen_pk(dokumen: list[DokumenPK]) -> list[Lembar]:
    """Every PK sheet a run writes: one per unit, then the default sheets of removed units, blanked."""
    lembar = [lembar_pk(dok) for dok in dokumen]
    ada = {dok.lembar for dok in dokumen}
    lembar += [_lembar_tanpa_unit(kode) for kode, _ in c.UNIT_BAWAAN if c.lembar_pk(kode) not in ada]
    return lembar


def tulis_dokumen_pk(gateway: WorkbookGateway, hasil: Hasil, hu: HasilUnit | None = None) -> list[DokumenPK]:
    """Write every unit's PK sheet (one call per sheet) and blank the default sheets of removed units."""
    dokumen = dokumen_pk(hasil, hu)
    gateway.progres("Menulis lembar PK per unit", None)
    for lb in lembar_dokumen_pk(dokumen):
        gateway.tulis_lembar(lb)
    return dokumen


# --- Word -------------------------------------------------------------------------------


def _lebar_teks(doc) -> int:
    """Text width of the document's last section, in EMU."""
    s = doc.sections[-1]
    return int(s.page_width - s.left_margin - s.right_margin)


def _tabel_tanpa_garis(doc, dok: DokumenPK) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    p = doc.add_paragraph(teks_xml_sah(", ".join(x for x in (dok.tempat, dok.tanggal) if x)))
    p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    t = doc.add_table(rows=4, cols=2)
    t.autofit = False
    isi = (
        ("Pihak Kedua,", "Pihak Pertama,"),
        (dok.kedua.jabatan, dok.pertama.jabatan),
        (f"\n\n\n{dok.kedua.nama}", f"\n\n\n{dok.pertama.nama}"),
        (f"NIP. {dok.kedua.nip}" if dok.kedua.nip else "", f"NIP. {dok.pertama.nip}" if dok.pertama.nip else ""),
    )
    lebar = _lebar_teks(doc) // 2
    for i, (kiri, kanan) in enumerate(isi):
        for j, teks in enumerate((kiri, kanan)):
            sel = t.cell(i, j)
            sel.width = lebar
            sel.text = teks_xml_sah(teks)
            sel.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
            if i == 2:
                for run in sel.paragraphs[0].runs:
                    run.bold = True


def tambah_halaman_pk(doc, dokumen: DokumenPK | Iterable[DokumenPK], *, lanjut_halaman: bool = False) -> None:
    """Append the PK form(s) to a python-docx Document: statement page, then lampiran page.

    Each form starts on a new page (the first continues the current page when
    ``lanjut_halaman``: the LKj puts its Lampiran heading above it); the lampiran
    table's columns add up to the text width.
    """
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK

    daftar = [dokumen] if isinstance(dokumen, DokumenPK) else list(dokumen)
    for n, dok in enumerate(daftar):
        if (doc.paragraphs or doc.tables) and not (lanjut_halaman and n == 0):
            doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        for teks in dok.judul:
            p = doc.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            run = p.add_run(teks_xml_sah(teks))
            run.bold = True
        doc.add_paragraph(PEMBUKA)
        for pihak, sebutan in (
            (dok.pertama, "selanjutnya disebut pihak pertama."),
            (dok.kedua, "selaku atasan pihak pertama, selanjutnya disebut pihak kedua."),
        ):
            t = doc.add_table(rows=2, cols=2)
            t.autofit = False
            lebar = _lebar_teks(doc)
            for j, (label, nilai) in enumerate((("Nama", pihak.nama), ("Jabatan", pihak.jabatan))):
                t.cell(j, 0).width = lebar // 5
                t.cell(j, 1).width = lebar - lebar // 5
                t.cell(j, 0).text = label
                t.cell(j, 1).text = teks_xml_sah(f": {nilai}")
            doc.add_paragraph(sebutan)
        doc.add_paragraph(JANJI_PERTAMA)
        doc.add_paragraph(JANJI_KEDUA)
        _tabel_tanpa_garis(doc, dok)

        doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        for teks in [f"LAMPIRAN PERJANJIAN KINERJA TAHUN {dok.tahun}".strip(), *dok.judul[1:]]:
            p = doc.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            p.add_run(teks_xml_sah(teks)).bold = True
        from kinerja_xl.services.word import tambah_tabel

        lebar_cm = _lebar_teks(doc) / 360000  # EMU per cm
        bagian = (0.07, 0.33, 0.43, 0.17)
        kepala = ("No", "Sasaran Strategis", "Indikator Kinerja", "Target")
        isi = dok.baris or [("", "", "Belum ada indikator untuk unit ini.", "")]
        tambah_tabel(doc, pd.DataFrame(list(isi), columns=list(kepala)), kepala, tuple(lebar_cm * b for b in bagian))
        doc.add_paragraph()  # Word needs a paragraph between a table and what follows
        _tabel_tanpa_garis(doc, dok)

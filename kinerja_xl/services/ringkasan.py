"""Use case `ringkasan`: the dashboard sheet people look at before they read.

Key figures at the top (indikator per kategori, pagu, realisasi, penyerapan with
terbilang), then the template's three charts over fixed data blocks on the same sheet
(template/ringkasan.py): a run writes the blocks and hides what it does not use.
"""

from __future__ import annotations

from typing import Any

from kinerja_xl.domain.angka import format_persen, format_rupiah, terbilang
from kinerja_xl.domain.kosakata import Status
from kinerja_xl.domain.sel import rekaman
from kinerja_xl.gateway.base import Lembar, WorkbookGateway
from kinerja_xl.gateway.base import kolom_huruf as _kol
from kinerja_xl.services.hitung import Hasil, json_value
from kinerja_xl.template import contract as c
from kinerja_xl.template import ringkasan as tr
from kinerja_xl.template.cetak import TATA_CETAK


def lembar_ringkasan(hasil: Hasil) -> Lembar:
    """Build the Ringkasan sheet content from a run's figures: key figures, then the data blocks of the
    template's three charts (template/ringkasan.py), with the rows and columns they do not use hidden."""
    lb = Lembar(c.RINGKASAN, lebar_kolom=dict(TATA_CETAK[c.RINGKASAN].lebar_kolom))
    k = hasil.masukan.konfigurasi
    lb.cells["A1"] = f"Ringkasan Kinerja {k.teks(c.Kunci.NAMA_SATKER)} Tahun {k.teks(c.Kunci.TAHUN)}"
    lb.gaya["A1"] = "judul"
    lb.cells["A2"] = "Lembar ini ditulis ulang oleh kinerja_xl setiap kali tombol Proses Semua dijalankan."
    _angka_indikator(lb, hasil)
    _angka_anggaran(lb, hasil, tr.BARIS_ANGGARAN)
    slot, n_sasaran = _blok_sasaran(lb, hasil)
    n_program = _blok_penyerapan(lb, hasil)
    _blok_bulanan(lb, hasil)
    lb.area_cetak = tr.AREA_CETAK
    lb.baris_tersembunyi = tuple(tr.baris_tersembunyi(len(hasil.skala.pita), n_sasaran, n_program))
    lb.kolom_tersembunyi = tr.kolom_tersembunyi(slot)
    lb.tampilkan = tr.TAMPILKAN
    lb.grafik_usang = tr.grafik_usang(k.teks(c.Kunci.VERSI_SKEMA))
    return lb


def _angka_indikator(lb: Lembar, hasil: Hasil) -> None:
    """Indikator per kategori, one reserved row per kategori slot (unused ones hidden)."""
    ind = hasil.satker.capaian.indikator  # the satker's own PK; unit PKs are on Capaian Unit
    lb.cells[f"A{tr.BARIS_JUMLAH}"] = "Jumlah indikator"
    lb.cells[f"B{tr.BARIS_JUMLAH}"] = int(len(ind))
    lb.gaya[f"A{tr.BARIS_JUMLAH}"] = "label"
    pita = list(hasil.skala.pita)[: tr.K_MAKS]
    for i, p in enumerate(pita):
        row = tr.BARIS_KATEGORI + i
        lb.cells[f"A{row}"] = f"  {p.kategori}"
        lb.cells[f"B{row}"] = int((ind["kategori"] == p.kategori).sum())
    lb.cells[f"A{tr.BARIS_TIDAK_DIHITUNG}"] = "  Tidak dihitung"
    lb.cells[f"B{tr.BARIS_TIDAK_DIHITUNG}"] = int((ind["status"] != Status.DIHITUNG).sum())


def _angka_anggaran(lb: Lembar, hasil: Hasil, row: int) -> None:
    """Pagu, realisasi, sisa, penyerapan and the pagu in words."""
    total = hasil.anggaran.total
    pagu, realisasi = int(total["pagu"]), int(total["realisasi"])
    for label, nilai_, gaya in (
        ("Total pagu", pagu, "rupiah"),
        ("Total realisasi anggaran", realisasi, "rupiah"),
        ("Sisa anggaran", pagu - realisasi, "rupiah"),
    ):
        lb.cells[f"A{row}"] = label
        lb.cells[f"B{row}"] = nilai_
        lb.gaya[f"A{row}"] = "label"
        lb.gaya[f"B{row}"] = gaya
        row += 1
    lb.cells[f"A{row}"] = "Penyerapan"
    lb.gaya[f"A{row}"] = "label"
    lb.cells[f"B{row}"] = format_persen(total.get("penyerapan"))
    row += 1
    lb.cells[f"A{row}"] = "Terbilang pagu"
    lb.gaya[f"A{row}"] = "label"
    # Not wrapped: the long text runs on over the empty cells to its right.
    lb.cells[f"B{row}"] = f"{format_rupiah(pagu)},- ({terbilang(pagu, rupiah=True)})"


def _judul_blok(lb: Lembar, blok: tr.Blok, judul: str, kepala: tuple[str, ...]) -> None:
    lb.cells[f"A{blok.judul}"] = judul
    lb.gaya[f"A{blok.judul}"] = "subjudul"
    for j, teks in enumerate(kepala):
        lb.cells[f"{_kol(j + 1)}{blok.kepala}"] = teks


def _blok_sasaran(lb: Lembar, hasil: Hasil) -> tuple[dict[str, int], int]:
    """Block 1: capaian per sasaran, one column per kategori slot so each bar takes its kategori's colour;
    returns each kategori's slot and the number of sasaran."""
    b = tr.BLOK_SASARAN
    _judul_blok(lb, b, "Capaian per sasaran (data grafik)", ("Sasaran", "Capaian (%)", "Kategori"))
    slot = tr.slot_kategori([p.kategori for p in hasil.skala.pita])
    for nama, i in slot.items():
        lb.cells[f"{tr.KOLOM_KATEGORI[i]}{b.kepala}"] = nama
    baris = rekaman(hasil.satker.capaian.sasaran)
    for r, rec in zip(range(b.awal, b.akhir + 1), baris, strict=False):
        lb.cells[f"A{r}"] = str(rec["kode"])
        cap = json_value(rec.get("capaian"))
        if cap is not None:
            lb.cells[f"B{r}"] = cap
            lb.gaya[f"B{r}"] = "persen"
        kategori = json_value(rec.get("kategori"))
        lb.cells[f"C{r}"] = "" if kategori is None else str(kategori)
        i = slot.get(lb.cells[f"C{r}"])
        if i is not None and cap is not None:
            lb.cells[f"{tr.KOLOM_KATEGORI[i]}{r}"] = cap
            lb.gaya[f"{tr.KOLOM_KATEGORI[i]}{r}"] = "persen"
    return slot, len(baris)


def _blok_penyerapan(lb: Lembar, hasil: Hasil) -> int:
    """Block 2: penyerapan per program and kegiatan; returns how many there are."""
    b = tr.BLOK_PROGRAM
    _judul_blok(lb, b, "Penyerapan per program/kegiatan (data grafik)", ("Kode", "Penyerapan (%)"))
    bar = hasil.anggaran.baris
    baris = rekaman(bar[bar["tingkat"].isin(["program", "kegiatan"])])
    for r, rec in zip(range(b.awal, b.akhir + 1), baris, strict=False):
        lb.cells[f"A{r}"] = str(rec["kode"])
        lb.cells[f"B{r}"] = json_value(rec.get("penyerapan"))
        lb.gaya[f"B{r}"] = "persen"
    return len(baris)


def _blok_bulanan(lb: Lembar, hasil: Hasil) -> None:
    """Block 3: monthly realisasi against RPD."""
    b = tr.BLOK_BULANAN
    _judul_blok(lb, b, "Realisasi bulanan terhadap RPD (data grafik)", ("Bulan", "RPD", "Realisasi"))
    bulanan = hasil.anggaran.bulanan
    for i, nama in enumerate(c.BULAN, 1):
        r = b.awal + i - 1
        rec = bulanan[bulanan["bulan"] == i]
        lb.cells[f"A{r}"] = nama
        lb.cells[f"B{r}"] = _int(rec["rpd"].iloc[0]) if len(rec) else 0
        lb.cells[f"C{r}"] = _int(rec["realisasi"].iloc[0]) if len(rec) else 0
        lb.gaya[f"B{r}"] = lb.gaya[f"C{r}"] = "rupiah"


def _int(v: Any) -> int:
    v = json_value(v)
    return int(v) if v is not None else 0


def ringkasan(gateway: WorkbookGateway, hasil: Hasil) -> None:
    """Write the Ringkasan sheet in one call."""
    gateway.progres("Menulis lembar Ringkasan", None)
    gateway.tulis_lembar(lembar_ringkasan(hasil))

"""Use case `ringkasan`: the dashboard sheet people look at before they read.

Key figures at the top (indikator per kategori, pagu, realisasi, penyerapan with
terbilang), then three native charts over data blocks on the same sheet.
"""

from __future__ import annotations

from typing import Any

from kinerja_xl.domain.angka import format_persen, format_rupiah, terbilang
from kinerja_xl.domain.kosakata import Status
from kinerja_xl.domain.sel import rekaman
from kinerja_xl.gateway.base import Grafik, Lembar, WorkbookGateway
from kinerja_xl.gateway.base import kolom_huruf as _kol
from kinerja_xl.services.hitung import Hasil, json_value
from kinerja_xl.template import contract as c
from kinerja_xl.template.cetak import TATA_CETAK, WARNA_GRAFIK, WARNA_LAIN


def lembar_ringkasan(hasil: Hasil) -> Lembar:
    """Build the Ringkasan sheet content from a run's figures: key figures, then three charts over data blocks."""
    lb = Lembar(c.RINGKASAN, lebar_kolom=dict(TATA_CETAK[c.RINGKASAN].lebar_kolom))
    k = hasil.masukan.konfigurasi
    lb.cells["A1"] = f"Ringkasan Kinerja {k.teks(c.Kunci.NAMA_SATKER)} Tahun {k.teks(c.Kunci.TAHUN)}"
    lb.gaya["A1"] = "judul"
    lb.cells["A2"] = "Lembar ini ditulis ulang oleh kinerja_xl setiap kali tombol Proses Semua dijalankan."
    # Row 3 holds the template's buttons; the figures start below them.
    row = _angka_indikator(lb, hasil, 5)
    grafik_atas = _angka_anggaran(lb, hasil, row)
    r = _blok_sasaran(lb, hasil, grafik_atas, grafik_atas + 48)  # data blocks sit below the three charts
    r = _blok_penyerapan(lb, hasil, grafik_atas + 16, r + 3)
    _blok_bulanan(lb, hasil, grafik_atas + 32, r + 3)
    lb.area_cetak = f"A1:G{grafik_atas + 47}"  # the figures and the three charts; their data is not for print
    return lb


def _angka_indikator(lb: Lembar, hasil: Hasil, row: int) -> int:
    """Indikator per kategori; returns the next free row."""
    ind = hasil.satker.capaian.indikator  # the satker's own PK; unit PKs are on Capaian Unit
    lb.cells[f"A{row}"] = "Jumlah indikator"
    lb.cells[f"B{row}"] = int(len(ind))
    lb.gaya[f"A{row}"] = "label"
    row += 1
    for p in hasil.skala.pita:
        lb.cells[f"A{row}"] = f"  {p.kategori}"
        lb.cells[f"B{row}"] = int((ind["kategori"] == p.kategori).sum())
        row += 1
    lb.cells[f"A{row}"] = "  Tidak dihitung"
    lb.cells[f"B{row}"] = int((ind["status"] != Status.DIHITUNG).sum())
    return row + 2


def _angka_anggaran(lb: Lembar, hasil: Hasil, row: int) -> int:
    """Pagu, realisasi, sisa, penyerapan and the pagu in words; returns the row the charts start at."""
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
    return row + 2


def _blok_sasaran(lb: Lembar, hasil: Hasil, jangkar: int, r: int) -> int:
    """Block 1: capaian per sasaran, one column per kategori so each bar takes its colour."""
    kategori = [p.kategori for p in hasil.skala.pita]
    lb.cells[f"A{r}"] = "Capaian per sasaran (data grafik)"
    lb.gaya[f"A{r}"] = "subjudul"
    r += 1
    lb.cells[f"A{r}"] = "Sasaran"
    for j, nama in enumerate(kategori):
        lb.cells[f"{_kol(j + 2)}{r}"] = nama
    awal = r + 1
    for rec in rekaman(hasil.satker.capaian.sasaran):
        r += 1
        lb.cells[f"A{r}"] = str(rec["kode"])
        cap = json_value(rec.get("capaian"))
        for j, nama in enumerate(kategori):
            if rec.get("kategori") == nama and cap is not None:
                lb.cells[f"{_kol(j + 2)}{r}"] = cap
                lb.gaya[f"{_kol(j + 2)}{r}"] = "persen"
    akhir = max(r, awal)
    warna = tuple(WARNA_GRAFIK.get(n, WARNA_LAIN[i % len(WARNA_LAIN)]) for i, n in enumerate(kategori))
    seri = tuple((nama, f"{_kol(j + 2)}{awal}:{_kol(j + 2)}{akhir}") for j, nama in enumerate(kategori))
    lb.grafik.append(
        Grafik(
            "bar",
            "Capaian per Sasaran (%)",
            f"A{jangkar}",
            f"A{awal}:A{akhir}",
            seri,
            warna,
            judul_sumbu_y="Capaian (%)",
            bertumpuk=True,
        )
    )
    return r


def _blok_penyerapan(lb: Lembar, hasil: Hasil, jangkar: int, r: int) -> int:
    """Block 2: penyerapan per program and kegiatan."""
    lb.cells[f"A{r}"] = "Penyerapan per program/kegiatan (data grafik)"
    lb.gaya[f"A{r}"] = "subjudul"
    r += 1
    lb.cells[f"A{r}"], lb.cells[f"B{r}"] = "Kode", "Penyerapan (%)"
    bar = hasil.anggaran.baris
    awal = r + 1
    for rec in rekaman(bar[bar["tingkat"].isin(["program", "kegiatan"])]):
        r += 1
        lb.cells[f"A{r}"] = str(rec["kode"])
        lb.cells[f"B{r}"] = json_value(rec.get("penyerapan"))
        lb.gaya[f"B{r}"] = "persen"
    akhir = max(r, awal)
    lb.grafik.append(
        Grafik(
            "bar",
            "Penyerapan Anggaran per Program/Kegiatan (%)",
            f"A{jangkar}",
            f"A{awal}:A{akhir}",
            (("Penyerapan (%)", f"B{awal}:B{akhir}"),),
            ("2CA02C",),
            judul_sumbu_y="Penyerapan (%)",
        )
    )
    return r


def _blok_bulanan(lb: Lembar, hasil: Hasil, jangkar: int, r: int) -> int:
    """Block 3: monthly realisasi against RPD."""
    lb.cells[f"A{r}"] = "Realisasi bulanan terhadap RPD (data grafik)"
    lb.gaya[f"A{r}"] = "subjudul"
    r += 1
    lb.cells[f"A{r}"], lb.cells[f"B{r}"], lb.cells[f"C{r}"] = "Bulan", "RPD", "Realisasi"
    bulanan = hasil.anggaran.bulanan
    awal = r + 1
    for i, nama in enumerate(c.BULAN, 1):
        r += 1
        rec = bulanan[bulanan["bulan"] == i]
        lb.cells[f"A{r}"] = nama
        lb.cells[f"B{r}"] = _int(rec["rpd"].iloc[0]) if len(rec) else 0
        lb.cells[f"C{r}"] = _int(rec["realisasi"].iloc[0]) if len(rec) else 0
        lb.gaya[f"B{r}"] = lb.gaya[f"C{r}"] = "rupiah"
    lb.grafik.append(
        Grafik(
            "line",
            "Realisasi Bulanan terhadap RPD (Rp)",
            f"A{jangkar}",
            f"A{awal}:A{r}",
            (("RPD", f"B{awal}:B{r}"), ("Realisasi", f"C{awal}:C{r}")),
            ("1F77B4", "D62728"),
            judul_sumbu_y="Rupiah",
            format_sumbu="#,##0",
        )
    )
    return r


def _int(v: Any) -> int:
    v = json_value(v)
    return int(v) if v is not None else 0


def ringkasan(gateway: WorkbookGateway, hasil: Hasil) -> None:
    """Write the Ringkasan sheet in one call."""
    gateway.progres("Menulis lembar Ringkasan", None)
    gateway.tulis_lembar(lembar_ringkasan(hasil))

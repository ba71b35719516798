"""Use case `ringkasan`: the dashboard sheet people look at before they read.

Key figures at the top (indikator per kategori, pagu, realisasi, penyerapan with
terbilang), then three native charts over data blocks on the same sheet.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pandas as pd

from kinerja_xl.domain.angka import format_persen, format_rupiah, terbilang
from kinerja_xl.gateway.base import Grafik, Lembar, WorkbookGateway, kolom_huruf as _kol
from kinerja_xl.services.hitung import Hasil, json_value
from kinerja_xl.template import contract as c
from kinerja_xl.domain.sel import rekaman

WARNA_KATEGORI = {
    "Sangat Berhasil": "1F77B4",
    "Berhasil": "2CA02C",
    "Cukup Berhasil": "F2C200",
    "Kurang Berhasil": "FF7F0E",
    "Tidak Berhasil": "D62728",
}
_WARNA_LAIN = ("7F7F7F", "9467BD", "8C564B", "E377C2", "17BECF")


def lembar_ringkasan(hasil: Hasil) -> Lembar:
    """Build the Ringkasan sheet content from a run's figures."""
    lb = Lembar(c.RINGKASAN, lebar_kolom={"A": 34, "B": 22, "C": 18, "D": 18, "E": 18, "F": 18, "G": 18})
    k = hasil.masukan.konfigurasi
    lb.cells["A1"] = f"Ringkasan Kinerja {k.teks(c.Kunci.NAMA_SATKER)} Tahun {k.teks(c.Kunci.TAHUN)}"
    lb.gaya["A1"] = "judul"
    lb.cells["A2"] = "Lembar ini ditulis ulang oleh kinerja_xl setiap kali tombol Proses Semua dijalankan."
    # Row 3 holds the template's buttons; the figures start below them.
    ind = hasil.satker.capaian.indikator  # the satker's own PK; unit PKs are on Capaian Unit
    kategori = [p.kategori for p in hasil.skala.pita]
    lb.cells["A5"] = "Jumlah indikator"
    lb.cells["B5"] = int(len(ind))
    lb.gaya["A5"] = "label"
    row = 6
    for nama in kategori:
        lb.cells[f"A{row}"] = f"  {nama}"
        lb.cells[f"B{row}"] = int((ind["kategori"] == nama).sum())
        row += 1
    tidak = int((ind["status"] != "dihitung").sum())
    lb.cells[f"A{row}"] = "  Tidak dihitung"
    lb.cells[f"B{row}"] = tidak
    row += 2

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
    row += 2

    grafik_atas = row
    data_awal = grafik_atas + 48  # data blocks sit below the three charts
    r = data_awal
    # Block 1: capaian per sasaran, one column per kategori so each bar takes its colour.
    sas = hasil.satker.capaian.sasaran
    lb.cells[f"A{r}"] = "Capaian per sasaran (data grafik)"
    lb.gaya[f"A{r}"] = "subjudul"
    r += 1
    lb.cells[f"A{r}"] = "Sasaran"
    for j, nama in enumerate(kategori):
        lb.cells[f"{_kol(j + 2)}{r}"] = nama
    awal1 = r + 1
    for rec in rekaman(sas):
        r += 1
        lb.cells[f"A{r}"] = str(rec["kode"])
        cap = json_value(rec.get("capaian"))
        for j, nama in enumerate(kategori):
            if rec.get("kategori") == nama and cap is not None:
                lb.cells[f"{_kol(j + 2)}{r}"] = cap
                lb.gaya[f"{_kol(j + 2)}{r}"] = "persen"
    akhir1 = max(r, awal1)
    warna = tuple(WARNA_KATEGORI.get(n, _WARNA_LAIN[i % len(_WARNA_LAIN)]) for i, n in enumerate(kategori))
    lb.grafik.append(
        Grafik(
            "bar",
            "Capaian per Sasaran (%)",
            f"A{grafik_atas}",
            f"A{awal1}:A{akhir1}",
            tuple((nama, f"{_kol(j + 2)}{awal1}:{_kol(j + 2)}{akhir1}") for j, nama in enumerate(kategori)),
            warna,
            judul_sumbu_y="Capaian (%)",
            bertumpuk=True,
        )
    )

    # Block 2: penyerapan per program and kegiatan.
    r += 3
    lb.cells[f"A{r}"] = "Penyerapan per program/kegiatan (data grafik)"
    lb.gaya[f"A{r}"] = "subjudul"
    r += 1
    lb.cells[f"A{r}"], lb.cells[f"B{r}"] = "Kode", "Penyerapan (%)"
    bar = hasil.anggaran.baris
    atas = bar[bar["tingkat"].isin(["program", "kegiatan"])]
    awal2 = r + 1
    for rec in rekaman(atas):
        r += 1
        lb.cells[f"A{r}"] = str(rec["kode"])
        lb.cells[f"B{r}"] = json_value(rec.get("penyerapan"))
        lb.gaya[f"B{r}"] = "persen"
    akhir2 = max(r, awal2)
    lb.grafik.append(
        Grafik(
            "bar",
            "Penyerapan Anggaran per Program/Kegiatan (%)",
            f"A{grafik_atas + 16}",
            f"A{awal2}:A{akhir2}",
            (("Penyerapan (%)", f"B{awal2}:B{akhir2}"),),
            ("2CA02C",),
            judul_sumbu_y="Penyerapan (%)",
        )
    )

    # Block 3: monthly realisasi against RPD.
    r += 3
    lb.cells[f"A{r}"] = "Realisasi bulanan terhadap RPD (data grafik)"
    lb.gaya[f"A{r}"] = "subjudul"
    r += 1
    lb.cells[f"A{r}"], lb.cells[f"B{r}"], lb.cells[f"C{r}"] = "Bulan", "RPD", "Realisasi"
    bulanan = hasil.anggaran.bulanan
    awal3 = r + 1
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
            f"A{grafik_atas + 32}",
            f"A{awal3}:A{r}",
            (("RPD", f"B{awal3}:B{r}"), ("Realisasi", f"C{awal3}:C{r}")),
            ("1F77B4", "D62728"),
            judul_sumbu_y="Rupiah",
            format_sumbu="#,##0",
        )
    )
    return lb


def _int(v: Any) -> int:
    v = json_value(v)
    return int(v) if v is not None else 0


def ringkasan(gateway: WorkbookGateway, hasil: Hasil) -> None:
    """Write the Ringkasan sheet in one call."""
    gateway.progres("Menulis lembar Ringkasan", None)
    gateway.tulis_lembar(lembar_ringkasan(hasil))

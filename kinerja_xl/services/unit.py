"""Use case: capaian per unit kerja, the PK cascade and the Rencana Aksi.

``nilai_unit`` works from a run's ``Hasil`` without touching a workbook; the
``tulis_*`` functions write one table or sheet per gateway call, whatever the
number of rows, units or Rencana Aksi lines.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

import pandas as pd

from kinerja_xl.domain.rencana_aksi import HasilRencanaAksi, hitung_rencana_aksi
from kinerja_xl.domain.sel import rekaman
from kinerja_xl.domain.sel import sel_teks as _teks
from kinerja_xl.domain.temuan import Temuan
from kinerja_xl.domain.unit import (
    DaftarUnit,
    baca_unit,
    capaian_unit,
    narasi_unit,
    periksa_kaskade,
    unit_per_baris,
)
from kinerja_xl.gateway.base import Lembar, WorkbookGateway, kotak
from kinerja_xl.services.hitung import Hasil, baris_tabel
from kinerja_xl.template import contract as c

__all__ = ["HasilUnit", "nilai_unit", "temuan_unit", "lembar_matriks", "tulis_unit"]


@dataclass
class HasilUnit:
    """Units, which PK row belongs to which unit, figures per unit, Rencana Aksi, findings (located)."""

    daftar: DaftarUnit
    unit_baris: dict[int, str]  # tblPK data row -> Kode Unit
    capaian: pd.DataFrame  # tblCapaianUnit keys (+ mentah)
    narasi: pd.DataFrame  # tblNarasiUnit keys
    rencana_aksi: HasilRencanaAksi
    temuan: list[Temuan]


def nilai_unit(hasil: Hasil) -> HasilUnit:
    """Group the computed capaian by unit, check the cascade, evaluate the Rencana Aksi.

    Validasi and the unit sheets both need it in one run: it is computed once per Hasil.
    """
    if "unit" not in hasil.turunan:
        hasil.turunan["unit"] = _nilai_unit(hasil)
    return hasil.turunan["unit"]


def _nilai_unit(hasil: Hasil) -> HasilUnit:
    m = hasil.masukan
    k = m.konfigurasi
    daftar = baca_unit(m.df(c.UNIT_TABLE), k.teks(c.Kunci.NAMA_SEKRETARIS), k.teks(c.Kunci.NIP_SEKRETARIS))
    pk = m.df(c.PK_TABLE)
    unit_baris, temuan_unit_ = unit_per_baris(pk, daftar)
    temuan = list(daftar.temuan) + temuan_unit_ + periksa_kaskade(pk, unit_baris, daftar)
    per_unit = capaian_unit(hasil.capaian.indikator, unit_baris, daftar, hasil.skala, k.metode)
    # the unit paragraphs speak in the satker's wording too (key "unit" of Template Narasi)
    narasi = narasi_unit(
        hasil.capaian.indikator,
        per_unit,
        unit_baris,
        daftar,
        hasil.skala,
        k.teks(c.Kunci.TAHUN),
        tulis=lambda data: m.templat.render("unit", **data),
    )
    nama = (
        {_teks(kd): _teks(n) for kd, n in zip(pk["kode_indikator"], pk["indikator"], strict=True) if _teks(kd)}
        if len(pk)
        else {}
    )
    ra = hitung_rencana_aksi(m.df(c.RENCANA_AKSI_TABLE), list(nama), k.bulan, nama)
    temuan += ra.temuan
    return HasilUnit(daftar, unit_baris, per_unit, narasi, ra, m.letakkan(temuan))


def temuan_unit(hasil: Hasil) -> list[Temuan]:
    """The findings of this part (cascade, units, Rencana Aksi) for the validation report."""
    return nilai_unit(hasil).temuan


def _tulis_baris(lb: Lembar, r: int, isi: dict[str, str], lebar: dict[str, float]) -> int:
    """Texts side by side, broken into rows at their column width; returns the next row."""
    potongan = {h: textwrap.wrap(t or "", max(int(lebar[h]), 4)) or [""] for h, t in isi.items()}
    for h, baris in potongan.items():
        for j, teks in enumerate(baris):
            if teks:
                lb.cells[f"{h}{r + j}"] = teks
    return r + max(len(b) for b in potongan.values())


def lembar_matriks(hasil: Hasil, hu: HasilUnit) -> Lembar:
    """The Rencana Aksi matrix as the LKj prints it: months as columns, ticks, pelaksana."""
    k = hasil.masukan.konfigurasi
    lb = Lembar(c.MATRIKS_RENCANA_AKSI, lebar_kolom=dict(c.LEBAR_KOLOM_MATRIKS))
    lb.cells["A1"] = "RENCANA AKSI KINERJA"
    lb.gaya["A1"] = "judul"
    lb.cells["A2"] = f"Nama/Unit Organisasi : SEKRETARIAT {k.teks(c.Kunci.NAMA_SATKER).upper()}"
    lb.cells["A3"] = f"Tahun Anggaran : {k.teks(c.Kunci.TAHUN)}"
    kepala = ["Sasaran Kegiatan", "Indikator Kinerja", "Target", *(f"TW {t}" for t in c.TW), "Kegiatan"]
    kepala += [*c.BULAN, "Pelaksana"]
    huruf = list(c.LEBAR_KOLOM_MATRIKS)
    for h, teks in zip(huruf, kepala, strict=False):
        lb.cells[f"{h}5"] = teks
        lb.gaya[f"{h}5"] = "kepala_kotak"  # a bordered table, as the printed matrix
    ind = {str(r["kode"]).upper(): r for r in rekaman(hasil.capaian.indikator)}
    pk = hasil.masukan.df(c.PK_TABLE)
    target_pk = _target_pk(pk)
    lebar = c.LEBAR_KOLOM_MATRIKS
    r = 6
    sebelumnya = None
    for b in rekaman(hu.rencana_aksi.baris):
        kode = b["kode"]
        isi = {"H": b["kegiatan"], "U": _nama_pelaksana(hu, b["pelaksana"])}
        if kode != sebelumnya:
            info = ind.get(kode.upper(), {})
            isi.update(
                {
                    "A": info.get("uraian_sasaran") or info.get("sasaran") or "",
                    "B": info.get("indikator") or kode,
                    **dict(zip("CDEFG", target_pk.get(kode.upper(), ("",) * 5), strict=True)),
                }
            )
        baru = kode != sebelumnya
        sebelumnya = kode
        for i, ada in enumerate(b["rencana"]):
            if ada:
                lb.cells[f"{huruf[8 + i]}{r}"] = "√"
        awal, r = r, _tulis_baris(lb, r, isi, lebar)
        kotak(lb, awal, r - 1, huruf[7:])  # each activity boxed
        kotak(lb, awal, r - 1, huruf[:7])  # the indikator's own columns: closed above its first activity only
        if not baru:
            for h in huruf[:7]:
                lb.gaya[f"{h}{awal}"] = "kotak"
    if r == 6:
        lb.cells["A6"] = "Belum ada Rencana Aksi: isi lembar RencanaAksi."
        kotak(lb, 6, 6, huruf)
        r = 7
    for h in huruf:
        lb.gaya[f"{h}{r}"] = "garis_atas"
    _tanda_tangan(lb, hasil, r + 1)
    return lb


def _target_pk(pk: pd.DataFrame) -> dict[str, tuple[str, ...]]:
    """Kode Indikator -> the PK's yearly target and its quarterly targets (TW I..IV), as typed."""
    kolom = ["target", *(f"target_tw{i}" for i in range(1, 5))]
    if not len(pk):
        return {}
    nilai = [pk[k].tolist() if k in pk else [None] * len(pk) for k in kolom]
    return {_teks(kd).upper(): tuple(_teks(v[i]) for v in nilai) for i, kd in enumerate(pk["kode_indikator"])}


def _nama_pelaksana(hu: HasilUnit, pelaksana: str | None) -> str:
    """A unit's name where the Pelaksana cell gives its code; any other text as typed."""
    teks = _teks(pelaksana)
    if not teks:
        return ""
    u = hu.daftar.cari(teks)
    return u.nama if u is not None else teks


def _tanda_tangan(lb: Lembar, hasil: Hasil, r: int) -> None:
    """The signature block under the matrix, right-aligned as on the paper form (columns O..U)."""
    k = hasil.masukan.konfigurasi
    tempat, tanggal = k.teks(c.Kunci.TEMPAT), k.teks(c.Kunci.TANGGAL_PK)
    baris = [
        ", ".join(t for t in (tempat, tanggal) if t),
        f"Sekretaris {k.teks(c.Kunci.NAMA_SATKER)}".strip(),
        "",
        "",
        "",
        k.teks(c.Kunci.NAMA_SEKRETARIS),
        f"NIP. {k.teks(c.Kunci.NIP_SEKRETARIS)}",
    ]
    for i, teks in enumerate(baris):
        if teks:
            lb.cells[f"O{r + i}"] = teks


def tulis_unit(gateway: WorkbookGateway, hasil: Hasil, hu: HasilUnit | None = None) -> HasilUnit:
    """Write Capaian Unit (two tables), Rencana Aksi results and the matrix: four calls."""
    hu = hu or nilai_unit(hasil)
    gateway.progres("Menulis lembar Capaian Unit", None)
    gateway.tulis_tabel(c.CAPAIAN_UNIT_TABLE, baris_tabel(hu.capaian, c.CAPAIAN_UNIT_TABLE))
    gateway.tulis_tabel(c.NARASI_UNIT_TABLE, baris_tabel(hu.narasi, c.NARASI_UNIT_TABLE))
    gateway.progres("Menulis lembar Rencana Aksi", None)
    gateway.tulis_tabel(c.RENCANA_AKSI_HASIL_TABLE, baris_tabel(hu.rencana_aksi.indikator, c.RENCANA_AKSI_HASIL_TABLE))
    gateway.tulis_lembar(lembar_matriks(hasil, hu))
    return hu

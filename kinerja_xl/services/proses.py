"""Use case `proses`: hitung, validasi, narasi, Ringkasan, unit outputs and PK forms in one run.

One read of the inputs, one computation, one write per output sheet; the
`Proses Semua` button and `kinerja-xl proses` run it and save once.
"""

from __future__ import annotations

from dataclasses import dataclass

from kinerja_xl.gateway.base import WorkbookGateway
from kinerja_xl.services import narasi as narasi_service
from kinerja_xl.services.dokumen_pk import tulis_dokumen_pk
from kinerja_xl.services.hitung import Hasil, nilai, tulis_hasil
from kinerja_xl.services.masukan import baca_masukan
from kinerja_xl.services.ringkasan import ringkasan
from kinerja_xl.services.unit import nilai_unit, tulis_unit
from kinerja_xl.services.validasi import Laporan, laporan, laporkan_temuan_tulis, tulis_validasi


@dataclass
class HasilProses:
    hasil: Hasil
    laporan: Laporan

    @property
    def ada_galat(self) -> bool:
        return self.laporan.ada_galat


def proses(gateway: WorkbookGateway) -> HasilProses:
    """Run every step on the workbook behind ``gateway``; the caller commits (``satu_kerja``)."""
    gateway.progres("Membaca masukan", 0.0)
    masukan = baca_masukan(gateway)
    gateway.progres("Menghitung capaian dan anggaran", 0.2)
    hasil = nilai(masukan)
    lap = laporan(hasil)
    gateway.progres("Menulis hasil", 0.4)
    tulis_hasil(gateway, hasil)
    gateway.progres("Menyusun narasi", 0.5)
    _, temuan_narasi = narasi_service.tulis_narasi(gateway, hasil)
    lap.gabung(temuan_narasi)  # a broken template override's finding joins the report
    tulis_validasi(gateway, lap)
    gateway.progres("Menyusun ringkasan", 0.8)
    ringkasan(gateway, hasil)
    gateway.progres("Menulis hasil per unit, Rencana Aksi dan lembar PK", 0.85)
    hu = nilai_unit(hasil)
    tulis_unit(gateway, hasil, hu)
    tulis_dokumen_pk(gateway, hasil, hu)
    laporkan_temuan_tulis(gateway, lap)
    return HasilProses(hasil, lap)

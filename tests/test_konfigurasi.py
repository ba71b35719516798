"""Konfigurasi: required keys and ranges give findings on the Nilai cell of their key."""

from __future__ import annotations

import pandas as pd

from kinerja_xl.gateway.base import Tabel
from kinerja_xl.services.masukan import _konfigurasi, periksa_konfigurasi
from kinerja_xl.template import contract as c


def _konf(**nilai) -> Tabel:
    rows = [(k, nilai.get(k, "x")) for k in c.KUNCI_KONFIGURASI]
    data = pd.DataFrame(rows, columns=c.KONFIGURASI_TABLE.headers, dtype=object)
    return Tabel(c.KONFIGURASI_TABLE, data, baris_awal=5, kolom={"Kunci": "A", "Nilai": "B"})


def test_complete_configuration_is_clean():
    k = _konfigurasi(_konf(**{"Tahun": 2025, "Triwulan Pelaporan": "4", "Bulan Pelaporan": 12, "Batas Capaian": None}))
    assert periksa_konfigurasi(k) == []
    assert (k.tahun, k.triwulan, k.batas) == (2025, 4, None)


def test_missing_and_out_of_range_values_point_at_their_cells():
    k = _konfigurasi(
        _konf(
            **{
                "Nama Satker": None,
                "Tahun": "25",
                "Triwulan Pelaporan": 5,
                "Bulan Pelaporan": "13",
                "Batas Capaian": "seratus",
            }
        )
    )
    temuan = {t.kode: t for t in periksa_konfigurasi(k)}
    baris = {kunci: 5 + i for i, kunci in enumerate(c.KUNCI_KONFIGURASI)}
    assert temuan["Nama Satker"].jenis == "konfigurasi_tidak_lengkap" and temuan["Nama Satker"].galat
    assert temuan["Nama Satker"].lokasi.sel == f"B{baris['Nama Satker']}"
    assert temuan["Tahun"].nilai_tercatat == "25"
    assert temuan["Triwulan Pelaporan"].nilai_seharusnya == "1-4"
    assert temuan["Bulan Pelaporan"].nilai_seharusnya == "1-12"
    assert temuan["Batas Capaian"].jenis == "nilai_tidak_valid"
    assert k.triwulan == 4  # an impossible quarter falls back to the year, and is reported
    assert "tercatat '5'" in temuan["Triwulan Pelaporan"].pesan

"""Findings: the one shape every check in the engine reports problems in.

Capaian, anggaran and the cross-sheet validation all return ``Temuan``; the
Validasi sheet, the JSON report, the cell marks and the export gate read them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Any, Iterable


class Tingkat(str, Enum):
    """How serious a finding is: galat blocks the export."""

    GALAT = "galat"
    PERINGATAN = "peringatan"
    INFO = "info"


# jenis -> default tingkat (DOMAIN.md, "How serious each finding is").
# `kode_ganda` is galat with different figures, peringatan with identical ones:
# the check that finds it passes the tingkat explicitly.
TINGKAT_JENIS: dict[str, Tingkat] = {
    "kode_format": Tingkat.GALAT,
    "kode_ganda": Tingkat.GALAT,
    "uraian_bertentangan": Tingkat.GALAT,
    "jumlah_tidak_sesuai": Tingkat.GALAT,
    "realisasi_melebihi_pagu": Tingkat.GALAT,
    "nilai_kosong": Tingkat.GALAT,
    "nilai_tidak_valid": Tingkat.GALAT,
    "realisasi_tanpa_indikator": Tingkat.GALAT,
    "tw_tidak_konsisten": Tingkat.GALAT,
    "skala_kategori_tidak_valid": Tingkat.GALAT,
    "konfigurasi_tidak_lengkap": Tingkat.GALAT,
    "kode_tidak_dikenal": Tingkat.PERINGATAN,
    "kode_tanpa_induk": Tingkat.PERINGATAN,
    "satuan_tidak_sesuai": Tingkat.PERINGATAN,
    "indikator_tanpa_realisasi": Tingkat.PERINGATAN,
    "capaian_tidak_dapat_dihitung": Tingkat.PERINGATAN,
    "analisis_kosong": Tingkat.PERINGATAN,
    "nilai_mencurigakan": Tingkat.PERINGATAN,
    "kaskade_terputus": Tingkat.PERINGATAN,
    "kode_anggaran_tidak_ada": Tingkat.PERINGATAN,
    # SAKTI import (issue 15)
    "realisasi_bulan_tidak_lengkap": Tingkat.PERINGATAN,
    "periode_belum_akhir_tahun": Tingkat.PERINGATAN,
    "sumber_dana_bercampur": Tingkat.PERINGATAN,
    "basis_realisasi_berbeda": Tingkat.PERINGATAN,
    "rpd_tanpa_pagu": Tingkat.PERINGATAN,
    "lock_pagu": Tingkat.INFO,
    "nilai_diturunkan": Tingkat.INFO,
    "induk_dihitung": Tingkat.INFO,
}


@dataclass(frozen=True)
class Lokasi:
    """Where a finding points: a sheet and a cell (``C5``), or a row and column header.

    The engine knows rows and headers, not cells; the service that read the
    table turns (lembar, baris, kolom) into a cell address with ``Tabel.sel``.
    ``baris`` is the 0-based data row of the input table.
    """

    lembar: str = ""
    sel: str = ""
    baris: int | None = None
    kolom: str | None = None


@dataclass(frozen=True)
class Temuan:
    """One finding: what, how serious, where, and what was expected."""

    jenis: str
    pesan: str
    tingkat: Tingkat | None = None
    lokasi: Lokasi = field(default_factory=Lokasi)
    kode: str = ""
    nilai_tercatat: Any = None
    nilai_seharusnya: Any = None

    def __post_init__(self) -> None:
        if self.tingkat is None:
            object.__setattr__(self, "tingkat", TINGKAT_JENIS.get(self.jenis, Tingkat.PERINGATAN))
        elif not isinstance(self.tingkat, Tingkat):
            object.__setattr__(self, "tingkat", Tingkat(self.tingkat))

    @property
    def galat(self) -> bool:
        return self.tingkat is Tingkat.GALAT

    def di(self, lembar: str, sel: str) -> "Temuan":
        """The same finding placed on a sheet cell."""
        lok = Lokasi(lembar, sel, self.lokasi.baris, self.lokasi.kolom)
        return Temuan(self.jenis, self.pesan, self.tingkat, lok, self.kode, self.nilai_tercatat, self.nilai_seharusnya)

    def as_dict(self) -> dict[str, Any]:
        """The JSON shape of `kinerja-xl validasi --json`."""
        return {
            "jenis": self.jenis,
            "tingkat": self.tingkat.value,
            "lembar": self.lokasi.lembar,
            "sel": self.lokasi.sel,
            "kode": self.kode,
            "pesan": self.pesan,
            "nilai_tercatat": _json_value(self.nilai_tercatat),
            "nilai_seharusnya": _json_value(self.nilai_seharusnya),
        }


def _json_value(v: Any) -> Any:
    if v is None or isinstance(v, (bool, int, float, str)):
        return v
    return str(v)


def ringkas(temuan: Iterable[Temuan]) -> dict[str, int]:
    """Counts per tingkat: the ``ringkasan`` of the validation report."""
    hitung = {t.value: 0 for t in Tingkat}
    for t in temuan:
        hitung[t.tingkat.value] += 1
    return hitung


def ada_galat(temuan: Iterable[Temuan]) -> bool:
    return any(t.galat for t in temuan)


class KinerjaError(Exception):
    """A problem the user can fix; ``str()`` is an Indonesian sentence naming where."""


class NilaiTidakValid(KinerjaError, ValueError):
    """A typed value that cannot be read without guessing."""

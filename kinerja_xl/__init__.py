"""kinerja_xl: the Laporan Kinerja (LKj) of a KPU Kabupaten/Kota, computed and checked.

The public Python API mirrors the command line: each use case takes a workbook
gateway (``FileGateway(path)`` for a file on disk) and runs one command::

    from kinerja_xl import FileGateway, proses
    hasil = proses(FileGateway("LKj_2025.xlsm"))

Each of these calls is one unit of work: saved when it succeeds, the file left
as it was when it fails. ``with buka(path) as gw:`` runs several use cases
(``kinerja_xl.services``, which never save) and saves once at the end.

An export sent to the province is read through its own adapter:
``periksa(EksporXlsx("LKj_001_2025.xlsx"))``, ``rekap(KumpulanXlsx(["masuk/"]), "Rekap.xlsx")``.

Names are imported on first use, so ``import kinerja_xl`` stays light (the Excel
door imports it for every cell function).
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

# public name -> module that defines it
_API = {
    "FileGateway": "kinerja_xl.gateway.file",
    "WorkbookGateway": "kinerja_xl.gateway.base",
    "EksporXlsx": "kinerja_xl.gateway.ekspor_xlsx",
    "KumpulanXlsx": "kinerja_xl.gateway.ekspor_xlsx",
    "buka": "kinerja_xl.api",
    "satu_kerja": "kinerja_xl.api",
    "hitung": "kinerja_xl.api",
    "validasi": "kinerja_xl.api",
    "narasi": "kinerja_xl.api",
    "proses": "kinerja_xl.api",
    "impor_berkas": "kinerja_xl.api",
    "migrasi": "kinerja_xl.api",
    "ekspor": "kinerja_xl.services.ekspor",
    "periksa": "kinerja_xl.services.periksa",
    "rekap": "kinerja_xl.services.rekap",
    "katalog": "kinerja_xl.domain.aturan",
    "Jenis": "kinerja_xl.domain.aturan",
    "Tingkat": "kinerja_xl.domain.aturan",
    "Temuan": "kinerja_xl.domain.temuan",
    "KinerjaError": "kinerja_xl.domain.temuan",
    "hitung_capaian": "kinerja_xl.domain.capaian",
    "hitung_capaian_tabel": "kinerja_xl.domain.capaian",
    "hitung_anggaran": "kinerja_xl.domain.anggaran",
}

__all__ = ["__version__", *_API]


def __getattr__(nama: str) -> Any:
    if nama in _API:
        nilai = getattr(importlib.import_module(_API[nama]), nama)
        globals()[nama] = nilai
        return nilai
    raise AttributeError(f"module 'kinerja_xl' has no attribute '{nama}'")


def __dir__() -> list[str]:
    return sorted(__all__)

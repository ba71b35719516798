"""The Python door: the use cases as a Python user calls them, each run one unit of work.

Services never save. Here, as on the command line and behind the Excel buttons,
a run commits when it succeeds and discards its writes when it fails::

    from kinerja_xl import FileGateway, buka, proses
    hasil = proses(FileGateway("LKj_2025.xlsm"))       # one use case, saved

    from kinerja_xl.services import impor, proses as layanan
    with buka("LKj_2025.xlsm") as gw:                  # several use cases, saved once at the end
        impor.impor_berkas(gw, ["GLP039.xlsx"], ganti=True)
        layanan.proses(gw)
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import pandas as pd

from kinerja_xl.gateway.base import WorkbookGateway, satu_kerja
from kinerja_xl.gateway.file import FileGateway
from kinerja_xl.services import hitung as _hitung
from kinerja_xl.services import impor as _impor
from kinerja_xl.services import migrasi as _migrasi
from kinerja_xl.services import narasi as _narasi
from kinerja_xl.services import proses as _proses
from kinerja_xl.services import tahun_baru as _tahun_baru
from kinerja_xl.services import validasi as _validasi

__all__ = ["buka", "hitung", "impor_berkas", "migrasi", "narasi", "proses", "satu_kerja", "tahun_baru", "validasi"]


@contextmanager
def buka(path: str | Path, *, progres: Callable[[str, float | None], None] | None = None) -> Iterator[FileGateway]:
    """The workbook at ``path`` for a block of use cases: saved once (atomically, with .bak) when the
    block ends normally, left untouched when it raises."""
    with satu_kerja(FileGateway(path, progres=progres)) as gw:
        yield gw


def hitung(gateway: WorkbookGateway) -> _hitung.Hasil:
    """`kinerja-xl hitung`: compute and write Capaian and Anggaran, then save."""
    with satu_kerja(gateway):
        return _hitung.hitung(gateway)


def validasi(gateway: WorkbookGateway) -> _validasi.Laporan:
    """`kinerja-xl validasi`: write the Validasi sheet and mark input cells, then save."""
    with satu_kerja(gateway):
        return _validasi.validasi(gateway)


def narasi(gateway: WorkbookGateway, *, docx: Path | None = None, pdf: Path | None = None) -> pd.DataFrame:
    """`kinerja-xl narasi`: write the Narasi sheet (and the .docx when asked), then save."""
    with satu_kerja(gateway):
        return _narasi.narasi(gateway, docx=docx, pdf=pdf)


def proses(gateway: WorkbookGateway) -> _proses.HasilProses:
    """`kinerja-xl proses`: every step, then one save."""
    with satu_kerja(gateway):
        return _proses.proses(gateway)


def impor_berkas(gateway: WorkbookGateway, berkas: Sequence[Path | str], *, ganti: bool = False) -> _impor.HasilImpor:
    """`kinerja-xl impor`: fill Pagu, Referensi and Konfigurasi from SAKTI exports, then save."""
    with satu_kerja(gateway):
        return _impor.impor_berkas(gateway, berkas, ganti=ganti)


def migrasi(path: str | Path, template: str | Path) -> _migrasi.HasilMigrasi:
    """`kinerja-xl migrasi`: the workbook at ``path`` moved onto ``template`` and saved over ``path``
    (the old file kept as .bak), unless someone saved ``path`` while it ran."""
    lama, baru = FileGateway(path), FileGateway(template)
    hasil = _migrasi.migrasi(lama, baru)
    if not hasil.terbaru:
        baru.simpan(path, sidik=lama.sidik)  # the user's file, unless they saved it meanwhile
    return hasil


def tahun_baru(
    gateway: WorkbookGateway,
    tujuan: Path | None,
    template: str | Path,
    *,
    asal: Path | None = None,
    ganti: bool = False,
) -> _tahun_baru.HasilTahunBaru:
    """`kinerja-xl tahun-baru`: next year's workbook, made from ``template``, saved to ``tujuan`` (default
    `<name>_<Tahun+1>.xlsm` beside ``asal``, the workbook's file: the gateway's own when not given).
    This year's workbook is only read."""
    asal = asal if asal is not None else gateway.berkas
    baru = FileGateway(template)
    hasil = _tahun_baru.tahun_baru(gateway, baru)
    tujuan = _tahun_baru.tujuan_tahun_baru(tujuan, asal, hasil.tahun_baru, ganti=ganti)
    baru.simpan(tujuan)
    if not ganti:  # a new file: nothing was replaced, so no .bak to keep
        tujuan.with_name(tujuan.name + ".bak").unlink(missing_ok=True)
    hasil.tujuan = tujuan
    return hasil

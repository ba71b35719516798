"""Reading SAKTI export files: the door between a file on disk and the rows the domain parses.

A GLP039 xlsx declares ``<dimension ref="A1"/>`` and stores every text inline;
python-calamine reads the cells themselves, not the declared dimension, so every
column arrives. A CSV (SAKTI's ``;`` save of GLP039, MonSAKTI's detail) is read as
text cells; numbers stay text and the domain reads them as Indonesian numbers.
What is not a spreadsheet (junk, an empty file, a password-protected workbook, an
HTML page saved with an .xls name) is refused with one Indonesian sentence.
"""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path
from typing import Any

from kinerja_xl.domain.sakti import DIKENALI, LayoutTidakDikenal

_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _tolak(path: Path, alasan: str) -> LayoutTidakDikenal:
    return LayoutTidakDikenal(f"Berkas '{path.name}' tidak dapat diimpor: {alasan}. Yang dikenali: {DIKENALI}.")


def _baris_calamine(path: Path) -> list[list[Any]]:
    from python_calamine import CalamineWorkbook

    try:
        wb = CalamineWorkbook.from_path(str(path))
        if not wb.sheet_names:
            raise _tolak(path, "workbook tanpa lembar")
        return wb.get_sheet_by_index(0).to_python(skip_empty_area=False)
    except LayoutTidakDikenal:
        raise
    except Exception as e:  # noqa: BLE001 - calamine raises its own types for every broken file
        raise _tolak(path, f"berkas spreadsheet rusak atau tidak terbaca ({type(e).__name__})") from None


def _ole(path: Path) -> list[list[Any]]:
    """An OLE compound file: a password-protected xlsx (EncryptedPackage) or an old binary .xls."""
    import olefile

    try:
        with olefile.OleFileIO(str(path)) as ole:
            if ole.exists("EncryptedPackage") or ole.exists("EncryptionInfo"):
                raise _tolak(
                    path,
                    "workbook dilindungi kata sandi; buka di Excel, hapus kata sandinya "
                    "(File > Info > Protect Workbook), simpan, lalu impor lagi",
                )
    except LayoutTidakDikenal:
        raise
    except Exception:  # noqa: BLE001 - a damaged compound file
        raise _tolak(path, "berkas Office rusak") from None
    return _baris_calamine(path)


def _teks(path: Path, data: bytes) -> list[list[Any]]:
    if b"\x00" in data[:4096]:
        raise _tolak(path, "bukan berkas spreadsheet atau CSV")
    for enc in ("utf-8-sig", "cp1252"):
        try:
            teks = data.decode(enc)
            break
        except UnicodeDecodeError:
            continue
    awal = teks.lstrip()[:2048].lower()
    if awal.startswith("<") and ("<html" in awal or "<table" in awal or "<!doctype" in awal):
        raise _tolak(
            path,
            "ini halaman HTML yang diberi nama .xls (begitulah sebagian aplikasi 'mengekspor ke "
            "Excel'); buka di Excel lalu Simpan Sebagai Excel Workbook (.xlsx), lalu impor lagi",
        )
    contoh = teks[:8192]
    pemisah = max(";,\t", key=contoh.count)
    if not contoh.count(pemisah):
        raise _tolak(path, "bukan spreadsheet dan bukan CSV bertanda ';' atau ','")
    return [list(r) for r in csv.reader(io.StringIO(teks), delimiter=pemisah)]


def baca_baris(path: Path | str) -> list[list[Any]]:
    """The first sheet's rows (xlsx/xls/ods) or the CSV's rows; LayoutTidakDikenal when unreadable."""
    path = Path(path)
    if not path.is_file():
        raise LayoutTidakDikenal(f"Berkas '{path}' tidak ditemukan.")
    data = path.read_bytes()
    if not data.strip():
        raise _tolak(path, "berkas kosong")
    if data.startswith(_ZIP):
        if not zipfile.is_zipfile(io.BytesIO(data)):
            raise _tolak(path, "arsip xlsx rusak")
        return _baris_calamine(path)
    if data.startswith(_OLE):
        return _ole(path)
    return _teks(path, data)

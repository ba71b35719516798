"""Limits on what a workbook package may be, checked before anything is inflated or parsed.

A hostile or damaged file must end in one Indonesian sentence, never in a
traceback, a hang or gigabytes of memory. :func:`buka_paket` wraps the package
constructor: it refuses a file that is not a zip, lacks the parts every
workbook has, has a part whose inflated size is beyond :data:`MAKS_BAGIAN`
(read from the zip directory, so a zip bomb is refused before a byte of it is
inflated), has corrupt compressed data (every member's CRC is checked while
streaming, a megabyte at a time), or declares a DTD (entities are never expanded).
:func:`cek_baris` refuses row numbers Excel cannot hold and input tables too large
to be one satker's.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import stat
import zipfile
import zlib
from pathlib import Path
from typing import Any

from kinerja_xl.domain.temuan import KinerjaError
from kinerja_xl.gateway.xlsx_package import Paket

__all__ = [
    "MAKS_BAGIAN",
    "MAKS_BARIS_EXCEL",
    "MAKS_BARIS_TABEL",
    "buka_paket",
    "cek_paket",
    "cek_baris",
    "cek_baris_lembar",
]

MAKS_BAGIAN = 256 * 1024 * 1024  # inflated bytes of one part
MAKS_ANGGOTA = 20_000  # members in one package
MAKS_BARIS_EXCEL = 1_048_576
MAKS_BARIS_TABEL = 200_000
_WAJIB = ("[Content_Types].xml", "xl/workbook.xml")
_XML = (".xml", ".rels", ".vml")
_DTD = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)
_BARIS = re.compile(rb"<(?:\w+:)?row\b[^>]*?\br=\"(\d{7,})\"")


def _rusak(nama: str, alasan: str) -> KinerjaError:
    return KinerjaError(f"Berkas {nama} tidak dapat dibaca: {alasan}. Berkas tidak diubah.")


def buka_paket(data: bytes, nama: str) -> Paket:
    """The package of ``data`` after the checks above; KinerjaError naming the file otherwise."""
    cek_paket(data, nama)
    try:
        return Paket(data)
    except (zipfile.BadZipFile, ValueError, KeyError) as e:
        raise _rusak(nama, f"paket zip rusak ({e})") from None


def cek_paket(sumber: bytes | Path, nama: str, sidik: dict[str, str] | None = None) -> None:
    """Check a package in memory or on disk (streamed: memory stays small whatever the file holds).

    With ``sidik`` the SHA-256 of every part is taken in the same pass (part name -> hex), so a
    reader that also verifies a seal over the parts (the export) inflates the package once."""
    if isinstance(sumber, Path):
        try:
            st = os.stat(sumber)
        except OSError as e:
            raise _rusak(nama, f"berkas tidak dapat dibuka ({e.strerror or e})") from None
        if not stat.S_ISREG(st.st_mode):
            raise _rusak(nama, "bukan berkas biasa (folder, pipa atau perangkat)")
    try:
        with zipfile.ZipFile(io.BytesIO(sumber) if isinstance(sumber, bytes) else sumber) as zf:
            _cek_isi(zf, nama, sidik)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError):
        raise _rusak(nama, "bukan workbook Excel (isinya bukan paket .xlsx/.xlsm yang utuh)") from None
    except OSError as e:
        raise _rusak(nama, f"berkas tidak dapat dibaca ({e.strerror or e})") from None


def _cek_isi(zf: zipfile.ZipFile, nama: str, sidik: dict[str, str] | None = None) -> None:
    infos = zf.infolist()
    if len(infos) > MAKS_ANGGOTA:
        raise _rusak(nama, f"paket memuat {len(infos)} bagian (batas {MAKS_ANGGOTA})")
    ada = {i.filename for i in infos}
    for wajib in _WAJIB:
        if wajib not in ada:
            raise _rusak(nama, f"bagian {wajib} tidak ada (berkas rusak atau bukan workbook Excel)")
    for info in infos:
        h = _cek_anggota(zf, info, nama, sidik is not None)
        if sidik is not None and h is not None:
            sidik[info.filename] = h.hexdigest()


def _cek_anggota(zf: zipfile.ZipFile, info: zipfile.ZipInfo, nama: str, hash_: bool = False) -> Any:
    if info.file_size > MAKS_BAGIAN:
        raise _rusak(
            nama,
            f"bagian {info.filename} mengembang menjadi {info.file_size // (1024 * 1024)} MiB "
            f"(batas {MAKS_BAGIAN // (1024 * 1024)} MiB); ini bukan workbook satker yang wajar",
        )
    if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        raise _rusak(nama, f"bagian {info.filename} memakai kompresi yang tidak didukung")
    awal = b""
    h = hashlib.sha256() if hash_ else None
    try:
        with zf.open(info) as f:
            while True:
                blok = f.read(1 << 20)
                if not blok:
                    break
                if h is not None:
                    h.update(blok)
                if len(awal) < 4096:
                    awal += blok[: 4096 - len(awal)]
    # NotImplementedError is zipfile's error for a compression method it does not support (a damaged or
    # foreign package), not unfinished code here.
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, NotImplementedError):
        raise _rusak(nama, f"data terkompresi bagian {info.filename} rusak") from None
    if info.filename.lower().endswith(_XML) and _DTD.search(awal):
        raise _rusak(nama, f"bagian {info.filename} memuat DTD/entitas XML (tidak diizinkan; tidak diuraikan)")
    return h


def _angka(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def cek_baris(nama: str, lembar: str, tabel: str, baris_awal: int, baris_akhir: int, masukan: bool) -> None:
    """Refuse a table whose range Excel cannot hold, or an input table no satker has."""
    if baris_akhir > MAKS_BARIS_EXCEL:
        raise _rusak(
            nama,
            f"tabel {tabel} di lembar {lembar} sampai baris {_angka(baris_akhir)}, melebihi batas "
            f"Excel ({_angka(MAKS_BARIS_EXCEL)} baris)",
        )
    jumlah = baris_akhir - baris_awal
    if masukan and jumlah > MAKS_BARIS_TABEL:
        raise _rusak(
            nama,
            f"tabel {tabel} di lembar {lembar} berisi {_angka(jumlah)} baris "
            f"(batas {_angka(MAKS_BARIS_TABEL)}); ini bukan data satu satker",
        )


def cek_lebar(nama: str, lembar: str, tabel: str, lebar: int, jumlah_judul: int) -> None:
    """Refuse a table whose range and column list disagree (Excel would repair the file first)."""
    if jumlah_judul and lebar != jumlah_judul:
        raise _rusak(
            nama,
            f"tabel {tabel} di lembar {lembar} rusak: rentangnya {lebar} kolom, judul kolomnya "
            f"{jumlah_judul}. Buka dan simpan ulang berkas di Excel, lalu ulangi",
        )


def cek_baris_lembar(nama: str, lembar: str, xml: bytes) -> None:
    """Refuse a sheet part with a row number beyond Excel's last row."""
    for m in _BARIS.finditer(xml):
        if len(m.group(1)) >= 7 and int(m.group(1)) > MAKS_BARIS_EXCEL:
            raise _rusak(
                nama,
                f"lembar {lembar} memuat baris {_angka(int(m.group(1)))}, melebihi batas Excel "
                f"({_angka(MAKS_BARIS_EXCEL)} baris)",
            )

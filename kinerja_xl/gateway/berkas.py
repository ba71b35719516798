"""Saving files safely: the one atomic writer, the per-workbook lock and the read fingerprint.

Every file the tool writes (the workbook, its ``.bak``, exports, the rekap
workbook, CSV and JSON reports) goes through :func:`tulis_atomik`: the bytes go
to a temporary file beside the target named after it (``.~kinerja-<name>.<random>.tmp``),
are flushed to disk, get the mode the target had (or the user's umask for a new
file), and only then replace the target in one rename. A symlinked target is
written through its link. A failure at any step removes the temporary file and
leaves the old target as it was.

One run per workbook: :func:`kunci` holds ``<FILE>.kinerja.lock`` (filelock)
for the whole run and records who holds it; a second run waits
:data:`TUNGGU_KUNCI` seconds and then stops with a message naming the holder.
While the lock is held, temporary files of killed runs on the same target are
removed (only names this module makes).

No lost update: :func:`baca_dengan_sidik` remembers size, mtime and SHA-256 of
what was read; the writer compares just before the replace and refuses with
:class:`BerkasDiubah` when the file changed in between (someone saved it in Excel).

Fault injection for tests: ``KINERJA_XL_GANGGUAN="titik[:aksi],..."`` with titik
``setelah_baca``, ``tengah_tulis``, ``sebelum_ganti`` and aksi ``mati`` (the
process ends at once, like a kill; the default), ``penuh`` (ENOSPC) or ``izin`` (EACCES).
"""

from __future__ import annotations

import errno
import getpass
import hashlib
import json
import os
import re
import shutil
import socket
import stat
import sys
import tempfile
import threading
import time
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from filelock import FileLock, Timeout

from kinerja_xl.domain.temuan import KinerjaError

__all__ = [
    "AKHIRAN_KUNCI",
    "BerkasDiubah",
    "Sidik",
    "TUNGGU_KUNCI",
    "baca_dengan_sidik",
    "bersihkan_sisa",
    "cek_bisa_ditulis",
    "cek_disk_sejak_dibuka",
    "jalur_nyata",
    "kunci",
    "milik_alat",
    "tulis_atomik",
    "tulis_teks_atomik",
    "titik_gangguan",
    "waktu_simpan_disk",
]

AKHIRAN_KUNCI = ".kinerja.lock"
TUNGGU_KUNCI = 10.0
ENV_GANGGUAN = "KINERJA_XL_GANGGUAN"
KODE_MATI = 70  # exit status of a simulated kill (fault injection)
_AWALAN_TMP = ".~kinerja-"
_POLA_MILIK = re.compile(r"^\.~kinerja-.+\.[a-z0-9_]{8}\.(tmp|bak\.tmp)$")
# Temporary names of earlier versions of the tool (mkstemp, 8 random characters).
_POLA_LAMA = re.compile(r"^(\.~kinerja-(bak-)?[a-z0-9_]{8}\.tmp|\.ekspor-[a-z0-9_]{8}\.xlsx)$")


class BerkasDiubah(KinerjaError):
    """The file on disk changed between reading and saving; nothing was written."""


@dataclass(frozen=True)
class Sidik:
    """What a file was when it was read: size, modification time and SHA-256."""

    ukuran: int
    mtime_ns: int
    sha256: str

    @classmethod
    def dari(cls, data: bytes, st: os.stat_result) -> Sidik:
        return cls(len(data), st.st_mtime_ns, hashlib.sha256(data).hexdigest())


# --- fault injection ---------------------------------------------------------------------
def titik_gangguan(titik: str) -> None:
    """A named point where a test can kill the run or make the disk fail (see module doc)."""
    spek = os.environ.get(ENV_GANGGUAN)
    if not spek:
        return
    for bagian in spek.split(","):
        nama, _, aksi = bagian.strip().partition(":")
        if nama != titik:
            continue
        if aksi == "penuh":
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        if aksi == "izin":
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES))
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(KODE_MATI)


# --- reading -----------------------------------------------------------------------------
def jalur_nyata(path: str | Path) -> Path:
    """The file a path names after following symlinks (saving replaces that file, not the link)."""
    return Path(os.path.realpath(path))


def baca_dengan_sidik(path: str | Path) -> tuple[bytes, Sidik]:
    """The file's bytes and their fingerprint, from one open (stat and read agree)."""
    with open(path, "rb") as f:
        st = os.fstat(f.fileno())
        if not stat.S_ISREG(st.st_mode):
            raise KinerjaError(f"{Path(path).name} bukan berkas biasa (folder, pipa atau perangkat); tidak dibaca.")
        data = f.read()
    titik_gangguan("setelah_baca")
    return data, Sidik.dari(data, st)


def _sidik_berkas(path: Path) -> Sidik | None:
    try:
        with open(path, "rb") as f:
            st = os.fstat(f.fileno())
            return Sidik.dari(f.read(), st)
    except FileNotFoundError:
        return None


def _cek_tidak_berubah(path: Path, sidik: Sidik) -> None:
    try:
        st = path.stat()
    except FileNotFoundError:
        st = None
    berubah = st is None or st.st_size != sidik.ukuran
    if not berubah and st is not None and st.st_mtime_ns != sidik.mtime_ns:
        sekarang = _sidik_berkas(path)
        berubah = sekarang is None or sekarang.sha256 != sidik.sha256
    if berubah:
        raise BerkasDiubah(
            f"Berkas diubah sejak dibaca; jalankan lagi. ({path.name} disimpan program lain selama proses berjalan; "
            "tidak ada yang ditulis, isian terbaru tetap utuh.)"
        )


def waktu_simpan_disk(path: Path) -> datetime | None:
    """When the file on disk was last saved, from its ``docProps/core.xml`` (UTC), or None when unknown."""
    try:
        with zipfile.ZipFile(path) as zf:
            info = zf.getinfo("docProps/core.xml")
            if info.file_size > 1 << 20:
                return None
            teks = zf.read(info).decode("utf-8", "replace")
    except (OSError, KeyError, zipfile.BadZipFile, ValueError):
        return None
    m = re.search(r"<dcterms:modified[^>]*>\s*([^<\s]+)\s*<", teks)
    if m is None:
        return None
    try:
        waktu = datetime.fromisoformat(m.group(1).replace("Z", "+00:00"))
    except ValueError:
        return None
    return waktu if waktu.tzinfo else waktu.replace(tzinfo=UTC)


def cek_disk_sejak_dibuka(path: Path, disimpan_excel: datetime | None) -> None:
    """The Excel door's lost-update check: refuse when the file on disk was saved after the copy Excel holds.

    ``disimpan_excel`` is the open workbook's "Last Save Time" (local time when naive).
    """
    disk = waktu_simpan_disk(path)
    if disk is None or disimpan_excel is None:
        return
    buka = disimpan_excel.astimezone(UTC) if disimpan_excel.tzinfo is None else disimpan_excel
    if disk > buka + timedelta(seconds=2):
        raise BerkasDiubah(
            f"Berkas diubah sejak dibaca; jalankan lagi. {path.name} di disk disimpan orang lain "
            f"({disk.astimezone().strftime('%d-%m-%Y %H:%M')}) setelah Anda membukanya; tidak ada yang ditulis. "
            "Tutup workbook ini tanpa menyimpan, buka lagi berkas terbaru, lalu ulangi."
        )


# --- the lock ----------------------------------------------------------------------------
_kunci_proses: dict[str, tuple[FileLock, int]] = {}
_kunci_mutex = threading.Lock()


def _info_pemegang(perintah: str) -> dict[str, object]:
    try:
        pengguna = getpass.getuser()
    except Exception:  # no user name in some containers/services
        pengguna = str(os.getuid()) if hasattr(os, "getuid") else "?"
    return {
        "pid": os.getpid(),
        "pengguna": pengguna,
        "host": socket.gethostname(),
        "perintah": perintah,
        "mulai": time.strftime("%Y-%m-%d %H:%M:%S %z"),
    }


def _pemegang(lock_path: Path) -> str:
    try:
        info = json.loads(lock_path.read_text(encoding="utf-8") or "{}")
    except (OSError, ValueError):
        info = {}
    if not info:
        return "proses lain (tidak diketahui)"
    return (
        f"{info.get('perintah', '?')} oleh {info.get('pengguna', '?')} di {info.get('host', '?')} "
        f"(PID {info.get('pid', '?')}, mulai {info.get('mulai', '?')})"
    )


def _tulis_pemegang(info: dict[str, object]) -> Callable[[int], None]:
    def tulis(fd: int) -> None:
        data = json.dumps(info, ensure_ascii=False).encode("utf-8")
        try:
            os.ftruncate(fd, 0)
            os.lseek(fd, 0, os.SEEK_SET)  # no os.pwrite on Windows
            os.write(fd, data)
        except OSError:
            pass  # who holds the lock is a courtesy for the message; the lock itself holds

    return tulis


@contextmanager
def kunci(path: str | Path, perintah: str = "kinerja-xl", tunggu: float | None = None) -> Iterator[Path]:
    """Hold ``<FILE>.kinerja.lock`` while the body runs; reentrant within one process.

    Yields the real path of the file (symlinks followed). Raises KinerjaError naming
    the holder when another run keeps the lock longer than ``tunggu`` seconds.
    """
    nyata = jalur_nyata(path)
    lock_path = nyata.with_name(nyata.name + AKHIRAN_KUNCI)
    key = str(lock_path)
    with _kunci_mutex:
        lock, n = _kunci_proses.get(key, (None, 0))
        if lock is None:
            lock = FileLock(
                key,
                timeout=TUNGGU_KUNCI if tunggu is None else tunggu,
                on_acquired=_tulis_pemegang(_info_pemegang(perintah)),
            )
        _kunci_proses[key] = (lock, n + 1)
    try:
        _ambil(lock, lock_path, nyata)
        try:
            if n == 0:
                bersihkan_sisa(nyata)
            yield nyata
        finally:
            lock.release()
    finally:
        with _kunci_mutex:
            lock, n = _kunci_proses[key]
            if n <= 1:
                del _kunci_proses[key]
            else:
                _kunci_proses[key] = (lock, n - 1)


def _ambil(lock: FileLock, lock_path: Path, nyata: Path) -> None:
    try:
        lock.acquire()
    except Timeout:
        raise KinerjaError(
            f"Berkas {nyata.name} sedang diproses oleh {_pemegang(lock_path)}; tunggu sampai selesai lalu ulangi."
        ) from None
    except OSError as e:
        if not nyata.parent.is_dir():
            raise KinerjaError(f"Folder {nyata.parent} tidak ada; periksa nama folder lalu ulangi.") from None
        raise KinerjaError(
            f"Folder {nyata.parent} tidak dapat ditulisi ({e.strerror or e}); simpan ke folder lain lalu ulangi."
        ) from None


def milik_alat(nama: str) -> bool:
    """Whether a file name is one of this tool's temporary or lock files (rekap never reads them)."""
    return bool(_POLA_MILIK.match(nama) or _POLA_LAMA.match(nama)) or nama.endswith(AKHIRAN_KUNCI)


def bersihkan_sisa(nyata: Path) -> list[Path]:
    """Remove temporary files killed runs left for this target; call only while holding its lock."""
    awalan = f"{_AWALAN_TMP}{nyata.name}."
    dibuang = []
    try:
        isi = list(os.scandir(nyata.parent))
    except OSError:
        return []
    for e in isi:
        if e.name.startswith(awalan) and _POLA_MILIK.match(e.name) and e.is_file(follow_symlinks=False):
            try:
                os.unlink(e.path)
                dibuang.append(Path(e.path))
            except OSError:
                pass
    return dibuang


# --- writing -----------------------------------------------------------------------------
def cek_bisa_ditulis(target: Path) -> None:
    """Refuse before writing anything if Excel or LibreOffice holds the file, or it is read-only."""
    pemilik = {
        target.with_name("~$" + target.name),
        target.with_name("~$" + target.name[2:]),
        target.with_name(f".~lock.{target.name}#"),
    }
    for owner in pemilik:
        if owner.exists():
            program = "LibreOffice" if owner.name.startswith(".~lock.") else "Excel"
            raise KinerjaError(
                f"Berkas {target.name} sedang dibuka program lain ({program}); tutup berkas itu lalu ulangi."
            )
    if target.exists():
        if not target.is_file():
            raise KinerjaError(f"{target.name} bukan berkas biasa; simpan ke nama lain lalu ulangi.")
        mode = target.stat().st_mode
        if not (mode & stat.S_IWUSR) or not os.access(target, os.W_OK):
            raise KinerjaError(f"Berkas {target.name} hanya-baca; ubah izinnya atau simpan ke berkas lain lalu ulangi.")
    if not target.parent.is_dir():
        raise KinerjaError(f"Folder {target.parent} tidak ada; periksa nama folder lalu ulangi.")
    if not os.access(target.parent, os.W_OK):
        raise KinerjaError(f"Folder {target.parent} tidak dapat ditulisi; simpan ke folder lain lalu ulangi.")


def _mode_untuk(target: Path) -> int:
    """Keep the original's permissions; a new file gets the mode the user's umask gives."""
    try:
        return stat.S_IMODE(target.stat().st_mode)
    except FileNotFoundError:
        pass
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _pesan_os(e: OSError, target: Path) -> str:
    utuh = "berkas lama tidak berubah" if target.exists() else "tidak ada berkas yang dibuat"
    if e.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", -1)):
        return f"Ruang disk penuh saat menyimpan {target.name}; {utuh}. Kosongkan ruang lalu ulangi."
    if e.errno in (errno.EACCES, errno.EPERM):
        return (
            f"Berkas {target.name} tidak dapat ditulis (sedang dibuka program lain, hanya-baca, "
            f"atau folder tanpa izin tulis); {utuh}. Tutup atau ubah izinnya lalu ulangi."
        )
    if e.errno == errno.EROFS:
        return f"Folder {target.parent} hanya-baca; {utuh}. Simpan ke folder lain lalu ulangi."
    return f"Berkas {target.name} tidak dapat disimpan ({e.strerror or e}); {utuh}."


def _buang(p: str | Path) -> None:
    try:
        os.unlink(p)
    except FileNotFoundError:
        pass


def _fsync_dir(d: Path) -> None:
    try:
        fd = os.open(str(d), os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _sementara(nyata: Path, akhiran: str = ".tmp") -> str:
    fd, tmp = tempfile.mkstemp(prefix=f"{_AWALAN_TMP}{nyata.name}.", suffix=akhiran, dir=str(nyata.parent))
    os.close(fd)
    return tmp


def _salin_bak(nyata: Path) -> None:
    """Copy the target to ``<target>.bak`` so that the .bak is either the old or the full new copy."""
    bak = nyata.with_name(nyata.name + ".bak")
    if bak.is_symlink() or (bak.exists() and not bak.is_file()):
        raise KinerjaError(f"{bak.name} bukan berkas biasa; pindahkan lalu ulangi.")
    tmp = _sementara(nyata, ".bak.tmp")
    try:
        with open(tmp, "wb") as out, open(nyata, "rb") as inp:
            shutil.copyfileobj(inp, out, 1 << 20)
            out.flush()
            os.fsync(out.fileno())
        shutil.copystat(nyata, tmp)
        os.chmod(tmp, os.stat(tmp).st_mode | stat.S_IWUSR)
        os.replace(tmp, bak)
    except BaseException:
        _buang(tmp)
        raise


def tulis_atomik(
    target: str | Path,
    tulis: Callable[[Path], None],
    *,
    bak: bool = False,
    sidik: Sidik | None = None,
    perintah: str = "kinerja-xl",
    kunci_target: bool = True,
) -> Sidik:
    """Write ``target`` through ``tulis(tmp_path)`` and replace it atomically; returns the new file's fingerprint.

    ``sidik`` is what was read from ``target``: if the file changed since, nothing is
    written (:class:`BerkasDiubah`). ``bak`` keeps the previous file as ``<target>.bak``.
    ``kunci_target`` holds the target's lock while writing (reports pass False: no lock
    file beside a CSV or JSON).
    """
    nyata = jalur_nyata(target)
    cek_bisa_ditulis(nyata)
    with kunci(nyata, perintah) if kunci_target else nullcontext(nyata):
        return _tulis_lalu_ganti(nyata, tulis, bak, sidik)


def _tulis_lalu_ganti(nyata: Path, tulis: Callable[[Path], None], bak: bool, sidik: Sidik | None) -> Sidik:
    try:
        tmp = _sementara(nyata)
    except OSError as e:
        raise KinerjaError(_pesan_os(e, nyata)) from None
    try:
        tulis(Path(tmp))
        titik_gangguan("tengah_tulis")
        with open(tmp, "rb+") as f:
            data = f.read()
            os.fsync(f.fileno())
        os.chmod(tmp, _mode_untuk(nyata))
        titik_gangguan("sebelum_ganti")
        if sidik is not None:
            _cek_tidak_berubah(nyata, sidik)
        if bak and nyata.exists():
            _salin_bak(nyata)
        os.replace(tmp, nyata)
    except OSError as e:
        _buang(tmp)
        raise KinerjaError(_pesan_os(e, nyata)) from None
    except BaseException:
        _buang(tmp)
        raise
    _fsync_dir(nyata.parent)
    return Sidik.dari(data, nyata.stat())


def tulis_teks_atomik(target: str | Path, teks: str, perintah: str = "kinerja-xl") -> None:
    """A text file (JSON, CSV) written atomically, its folder created when missing."""
    target = Path(target)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise KinerjaError(f"Folder {target.parent} tidak dapat dibuat ({e.strerror or e}).") from None
    data = teks.encode("utf-8")
    tulis_atomik(target, lambda p: p.write_bytes(data), perintah=perintah, kunci_target=False)

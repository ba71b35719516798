"""LibreOffice headless runner: convert and recalculate workbooks without Excel.

Used by the tests (recalculate the template's fallback formulas, print it to PDF) and
by product code that needs cached formula values on a machine without Excel. Each call
gets its own fresh user profile, so two calls never share one (LibreOffice refuses to
run two instances on one profile) and no user setting leaks in; a process-wide lock
keeps calls from this process serial because the machine's cores are few.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import threading
from pathlib import Path

from kinerja_xl.domain.temuan import KinerjaError

__all__ = ["LibreOfficeError", "cari_soffice", "docx_ke_pdf", "konversi", "hitung_ulang_xlsx"]

_KUNCI = threading.Lock()

# Filters by target extension: xlsx must be written by the Excel 2007+ filter so the
# recalculated values are cached in the file openpyxl reads.
_FILTER = {
    "pdf": "pdf:calc_pdf_Export",
    "xlsx": "xlsx:Calc MS Excel 2007 XML",
    "ods": "ods",
    "csv": "csv",
}

# RecalcMode 0 = "always recalculate" on load, for OOXML and ODF files; without it LO
# shows the cached values the writer stored (none, for XlsxWriter/openpyxl formulas).
_REGISTRY = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry"
 xmlns:xs="http://www.w3.org/2001/XMLSchema"
 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>{mode}</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>{mode}</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Security/Scripting"><prop oor:name="MacroSecurityLevel" oor:op="fuse"><value>3</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Misc"><prop oor:name="FirstRun" oor:op="fuse"><value>false</value></prop></item>
{lokal}</oor:items>
"""

# The locale a printout's numbers are shown in ("1.234,5"), whatever the machine's own locale.
_LOKAL = """<item oor:path="/org.openoffice.Setup/L10N"><prop oor:name="ooSetupSystemLocale" oor:op="fuse"><value>{lokal}</value></prop></item>
<item oor:path="/org.openoffice.Office.Linguistic/General"><prop oor:name="DefaultLocale" oor:op="fuse"><value>{lokal}</value></prop></item>
"""


class LibreOfficeError(KinerjaError):
    """LibreOffice is missing or failed to convert a file."""


def cari_soffice() -> str | None:
    """Path of the soffice executable, or None when LibreOffice is not installed."""
    for nama in ("soffice", "libreoffice"):
        path = shutil.which(nama)
        if path:
            return path
    for kandidat in (
        "/usr/bin/soffice",
        "/usr/lib/libreoffice/program/soffice",
        "/opt/libreoffice/program/soffice",
        "/Applications/LibreOffice.app/Contents/MacOS/soffice",
        r"C:\Program Files\LibreOffice\program\soffice.exe",
    ):
        if os.path.exists(kandidat):
            return kandidat
    return None


def _profil(root: Path, hitung_ulang: bool, lokal: str | None = None) -> str:
    user = root / "user"
    user.mkdir(parents=True)
    teks = _REGISTRY.format(mode=0 if hitung_ulang else 1, lokal=_LOKAL.format(lokal=lokal) if lokal else "")
    (user / "registrymodifications.xcu").write_text(teks, encoding="utf-8")
    return root.resolve().as_uri()


def konversi(
    src: Path | str,
    fmt: str = "pdf",
    outdir: Path | str | None = None,
    hitung_ulang: bool = True,
    timeout: float = 180,
    lokal: str | None = None,
) -> Path:
    """Convert `src` with LibreOffice headless; return the path of the new file.

    `fmt` is a target extension (pdf, xlsx, ods, csv) or a full LibreOffice ``ext:Filter`` string. With
    `hitung_ulang` every formula is recalculated on load; with `lokal` ("id-ID") numbers print in that locale."""
    soffice = cari_soffice()
    if soffice is None:
        raise LibreOfficeError("LibreOffice (soffice) tidak ditemukan; pasang LibreOffice terlebih dahulu.")
    src = Path(src).resolve()
    if not src.is_file():
        raise LibreOfficeError(f"Berkas {src} tidak ditemukan.")
    ext = fmt.split(":", 1)[0]
    target_dir = Path(outdir) if outdir is not None else src.parent
    target_dir.mkdir(parents=True, exist_ok=True)
    hasil = target_dir / f"{src.stem}.{ext}"
    if hasil.resolve() == src:
        raise LibreOfficeError(f"Hasil konversi akan menimpa berkas sumber {src.name}; pilih folder lain.")

    with _KUNCI, tempfile.TemporaryDirectory(prefix="kinerja-lo-") as tmp:
        profil = _profil(Path(tmp) / "profil", hitung_ulang, lokal)
        cmd = [
            soffice,
            f"-env:UserInstallation={profil}",
            "--headless",
            "--norestore",
            "--nolockcheck",
            "--convert-to",
            _FILTER.get(fmt, fmt),
            "--outdir",
            str(target_dir.resolve()),
            str(src),
        ]
        if hasil.exists():
            hasil.unlink()
        try:
            proses = subprocess.run(
                cmd,
                capture_output=True,
                text=True,
                timeout=timeout,
                cwd=tmp,
                env={**os.environ, "HOME": tmp},
            )
        except subprocess.TimeoutExpired as exc:
            raise LibreOfficeError(
                f"LibreOffice tidak selesai mengonversi {src.name} dalam {timeout:g} detik."
            ) from exc
    if proses.returncode != 0 or not hasil.exists():
        raise LibreOfficeError(
            f"LibreOffice gagal mengonversi {src.name} ke {ext} (kode {proses.returncode}): "
            f"{(proses.stderr or proses.stdout).strip()[:500]}"
        )
    return hasil


def hitung_ulang_xlsx(src: Path | str, dst: Path | str) -> Path:
    """Round-trip `src` through LibreOffice so `dst` (xlsx) carries recalculated values.

    openpyxl's ``data_only=True`` then reads what the formulas evaluate to.
    """
    dst = Path(dst)
    with tempfile.TemporaryDirectory(prefix="kinerja-lo-out-") as out:
        hasil = konversi(src, "xlsx", outdir=out, hitung_ulang=True)
        dst.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(str(hasil), dst)
    return dst


# A Basic macro in the fresh profile: open the document hidden, update every index (the
# Daftar Isi and Daftar Tabel fields of a docx become LibreOffice indexes) twice, since the
# first update can move pages, then export to PDF. `--convert-to` alone prints the TOC
# as the .docx cached it, without page numbers.
_MAKRO_PDF = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE script:module PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "module.dtd">
<script:module xmlns:script="http://openoffice.org/2000/script" script:name="Kinerja" script:language="StarBasic">
Sub KePdf(sumber As String, tujuan As String)
  Dim buka(0) As New com.sun.star.beans.PropertyValue
  buka(0).Name = "Hidden" : buka(0).Value = True
  doc = StarDesktop.loadComponentFromURL(ConvertToURL(sumber), "_blank", 0, buka())
  For putaran = 1 To 2
    daftar = doc.getDocumentIndexes()
    For i = 0 To daftar.getCount() - 1
      daftar.getByIndex(i).update()
    Next i
    doc.getTextFields().refresh()
  Next putaran
  Dim simpan(0) As New com.sun.star.beans.PropertyValue
  simpan(0).Name = "FilterName" : simpan(0).Value = "writer_pdf_Export"
  doc.storeToURL(ConvertToURL(tujuan), simpan())
  doc.close(True)
  StarDesktop.terminate()
End Sub
</script:module>
"""
_XLB = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE library:library PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "library.dtd">
<library:library xmlns:library="http://openoffice.org/2000/library" library:name="Standard" library:readonly="false"
 library:passwordprotected="false">{isi}</library:library>
"""
_XLC = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE library:libraries PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "libraries.dtd">
<library:libraries xmlns:library="http://openoffice.org/2000/library" xmlns:xlink="http://www.w3.org/1999/xlink">
 <library:library library:name="Standard" library:link="false"/>
</library:libraries>
"""


def _pasang_makro(profil_root: Path) -> None:
    basic = profil_root / "user" / "basic"
    std = basic / "Standard"
    std.mkdir(parents=True, exist_ok=True)
    (std / "Kinerja.xba").write_text(_MAKRO_PDF, encoding="utf-8")
    (std / "script.xlb").write_text(_XLB.format(isi='<library:element library:name="Kinerja"/>'), encoding="utf-8")
    (std / "dialog.xlb").write_text(_XLB.format(isi=""), encoding="utf-8")
    (basic / "script.xlc").write_text(_XLC, encoding="utf-8")
    (basic / "dialog.xlc").write_text(_XLC, encoding="utf-8")


def docx_ke_pdf(src: Path | str, dst: Path | str, timeout: float = 300, lokal: str | None = "id-ID") -> Path:
    """Print a Word document to PDF with its Daftar Isi/Daftar Tabel updated (page numbers right)."""
    soffice = cari_soffice()
    if soffice is None:
        raise LibreOfficeError(
            "LibreOffice (soffice) tidak ditemukan; PDF tidak dapat dibuat. "
            "Pasang LibreOffice atau buat PDF dari Word (Simpan Sebagai PDF)."
        )
    src, dst = Path(src).resolve(), Path(dst).resolve()
    dst.parent.mkdir(parents=True, exist_ok=True)
    with _KUNCI, tempfile.TemporaryDirectory(prefix="kinerja-lo-") as tmp:
        root = Path(tmp) / "profil"
        profil = _profil(root, hitung_ulang=False, lokal=lokal)
        sementara = Path(tmp) / "hasil.pdf"
        makro = f'macro:///Standard.Kinerja.KePdf("{src}","{sementara}")'
        awal = [soffice, f"-env:UserInstallation={profil}", "--headless", "--norestore", "--nolockcheck"]
        try:
            # The first start fills the new profile with LibreOffice's own Basic libraries;
            # ours goes in after it, or it would be overwritten.
            subprocess.run(
                [*awal, "--terminate_after_init"],
                capture_output=True,
                timeout=timeout,
                cwd=tmp,
                env={**os.environ, "HOME": tmp},
            )
            _pasang_makro(root)
            proses = subprocess.run(
                [*awal, makro],
                capture_output=True,
                text=True,
                timeout=timeout,
                cwd=tmp,
                env={**os.environ, "HOME": tmp},
            )
        except subprocess.TimeoutExpired as exc:
            raise LibreOfficeError(f"LibreOffice tidak selesai mencetak {src.name} dalam {timeout:g} detik.") from exc
        if not sementara.exists():
            raise LibreOfficeError(
                f"LibreOffice gagal mencetak {src.name} ke PDF (kode {proses.returncode}): "
                f"{(proses.stderr or proses.stdout).strip()[:500]}"
            )
        tmp_dst = dst.with_name(dst.name + ".tmp")
        shutil.copyfile(sementara, tmp_dst)
        tmp_dst.replace(dst)
    return dst

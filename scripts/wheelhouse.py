"""Build an offline install bundle: every wheel kinerja_xl needs, the template, an install script.

District offices often have slow or no internet. `make wheelhouse` (this script with
``--platform win_amd64``) downloads the wheels for Windows x64 / Python 3.11 once, on a
machine with internet; the folder is then copied (USB stick) and installed with
``install.bat``, which never touches the network. ``--platform linux`` builds the
Linux counterpart, which the test suite installs offline into a fresh venv to prove
the bundle is complete.

pip evaluates environment markers against the machine it runs on, not the target,
so Windows-only dependencies (pywin32 for xlwings, colorama for click) are named
explicitly. docopt (needed by num2words) exists only as an sdist: its wheel is
built locally first.
"""

from __future__ import annotations

import argparse
import hashlib
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

AKAR = Path(__file__).resolve().parent.parent
PYTHON_VERSI = "3.11"
PLATFORM = {
    "win_amd64": ["win_amd64"],
    "linux": ["manylinux2014_x86_64", "manylinux_2_17_x86_64", "manylinux_2_28_x86_64", "linux_x86_64"],
}
# Dependencies pip would skip on the build machine because of their markers.
TAMBAHAN = {"win_amd64": ["pywin32>=224", "colorama"], "linux": []}
SDIST_SAJA = ["docopt==0.6.2"]
WAJIB_VERSI = {"num2words": "0.5.14", "xlwings": "0.37.8", "pandas": "2.3.3", "python_calamine": "0.9.1"}

INSTALL_BAT = r"""@echo off
rem Memasang kinerja-xl dari folder ini tanpa internet (Python 3.11 64-bit harus sudah terpasang).
setlocal
set HERE=%~dp0
py -3.11 -m pip install --no-index --find-links "%HERE%wheels" kinerja-xl
if errorlevel 1 (
  echo.
  echo Pemasangan gagal. Pastikan Python 3.11 64-bit terpasang: py -3.11 --version
  pause
  exit /b 1
)
py -3.11 -m kinerja_xl.cli --help >nul 2>&1 || py -3.11 -c "import kinerja_xl"
echo.
echo kinerja-xl terpasang. Salin Template_LKj.xlsm ke folder kerja Anda, lalu buka dengan Excel.
pause
"""

INSTALL_SH = """#!/bin/sh
# Install kinerja-xl from this folder without network access (python3.11 must exist).
set -e
HERE=$(cd "$(dirname "$0")" && pwd)
PY=${PYTHON:-python3.11}
"$PY" -m pip install --no-index --find-links "$HERE/wheels" kinerja-xl
echo "kinerja-xl terpasang."
"""


def persyaratan() -> list[str]:
    """The runtime requirements exactly as pinned in pyproject.toml."""
    data = tomllib.loads((AKAR / "pyproject.toml").read_text(encoding="utf-8"))
    return list(data["project"]["dependencies"])


def _jalankan(cmd: list[str]) -> None:
    print("+", " ".join(cmd), flush=True)
    subprocess.run(cmd, check=True)


def bangun(platform: str, keluar: Path, python: str = sys.executable) -> Path:
    """Fill ``keluar`` with wheels/, the template and the install script; return it."""
    if platform not in PLATFORM:
        raise SystemExit(f"platform tidak dikenal: {platform} (pilih: {', '.join(PLATFORM)})")
    roda = keluar / "wheels"
    if keluar.exists():
        shutil.rmtree(keluar)
    roda.mkdir(parents=True)
    pip = [python, "-m", "pip", "--disable-pip-version-check"]
    _jalankan(pip + ["wheel", "--no-deps", "-w", str(roda), *SDIST_SAJA])
    _jalankan(pip + ["wheel", "--no-deps", "-w", str(roda), str(AKAR)])
    plat = [a for p in PLATFORM[platform] for a in ("--platform", p)]
    _jalankan(
        pip
        + [
            "download",
            "--only-binary=:all:",
            "--python-version",
            PYTHON_VERSI,
            "--implementation",
            "cp",
            *plat,
            "--find-links",
            str(roda),
            "-d",
            str(roda),
        ]
        + persyaratan()
        + TAMBAHAN[platform]
    )
    shutil.copyfile(AKAR / "workbook" / "Template_LKj.xlsm", keluar / "Template_LKj.xlsm")
    if platform == "win_amd64":
        (keluar / "install.bat").write_bytes(INSTALL_BAT.replace("\n", "\r\n").encode("ascii"))
    else:
        sh = keluar / "install.sh"
        sh.write_text(INSTALL_SH, encoding="ascii")
        sh.chmod(0o755)
    periksa(keluar, platform)
    with open(keluar / "SHA256SUMS", "w", encoding="ascii") as f:
        for p in sorted(keluar.rglob("*")):
            if p.is_file() and p.name != "SHA256SUMS":
                f.write(f"{hashlib.sha256(p.read_bytes()).hexdigest()}  {p.relative_to(keluar).as_posix()}\n")
    return keluar


def _nama_versi(whl: Path) -> tuple[str, str]:
    nama, versi = whl.name.split("-")[:2]
    return re.sub(r"[-_.]+", "_", nama).lower(), versi


def periksa(keluar: Path, platform: str) -> None:
    """Fail loudly when the bundle is not what it claims to be."""
    roda = {}
    for w in (keluar / "wheels").glob("*.whl"):
        nama, versi = _nama_versi(w)
        roda.setdefault(nama, set()).add(versi)
    salah = []
    for nama, versi in WAJIB_VERSI.items():
        if roda.get(nama) != {versi}:
            salah.append(f"{nama}: ada {sorted(roda.get(nama, []))}, harus tepat {versi}")
    for nama in ("kinerja_xl", "docopt"):
        if nama not in roda:
            salah.append(f"{nama}: wheel tidak ada")
    if platform == "win_amd64":
        if "pywin32" not in roda:
            salah.append("pywin32: wheel tidak ada (xlwings di Windows memerlukannya)")
        bukan_win = [
            w.name
            for w in (keluar / "wheels").glob("*.whl")
            if not (w.name.endswith("-none-any.whl") or "win_amd64" in w.name)
        ]
        if bukan_win:
            salah.append(f"wheel bukan untuk Windows x64: {bukan_win}")
    if not (keluar / "Template_LKj.xlsm").exists():
        salah.append("Template_LKj.xlsm tidak ada")
    if salah:
        raise SystemExit("Bundel wheelhouse tidak lengkap:\n- " + "\n- ".join(salah))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--platform", default="win_amd64", choices=sorted(PLATFORM))
    ap.add_argument("--out", type=Path, default=None, help="folder tujuan (bawaan: dist/wheelhouse-<platform>)")
    a = ap.parse_args(argv)
    keluar = a.out or AKAR / "dist" / f"wheelhouse-{a.platform}"
    bangun(a.platform, keluar)
    print(f"Bundel siap: {keluar}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Hostile and damaged packages: one Indonesian message, exit 2, file untouched, memory bounded (issue 12)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kinerja_xl.cli import app, isi_workbook
from kinerja_xl.contoh import satker_contoh
from kinerja_xl.gateway import batas

ROOT = Path(__file__).resolve().parents[1]
runner = CliRunner()
MiB = 1024 * 1024


@pytest.fixture(scope="module")
def contoh(tmp_path_factory) -> Path:
    return isi_workbook(tmp_path_factory.mktemp("contoh") / "LKj.xlsm", satker_contoh())


def salin_ubah(src: Path, dst: Path, ubah: Callable[[str, bytes], bytes | None]) -> Path:
    """Copy a package member by member; ``ubah(name, data)`` returns new bytes or None to drop the member."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = ubah(info.filename, zin.read(info))
            if data is not None:
                zout.writestr(info.filename, data)
    return dst


def part_lembar(src: Path, lembar: str) -> str:
    """The worksheet part behind a sheet name."""
    with zipfile.ZipFile(src) as z:
        wb = z.read("xl/workbook.xml").decode()
        rels = z.read("xl/_rels/workbook.xml.rels").decode()
    rid = re.search(rf'<sheet [^>]*name="{re.escape(lembar)}"[^>]*r:id="(rId\d+)"', wb).group(1)
    target = re.search(rf'Id="{rid}"[^>]*Target="([^"]+)"|Target="([^"]+)"[^>]*Id="{rid}"', rels)
    t = target.group(1) or target.group(2)
    return t.lstrip("/") if t.startswith("/") else "xl/" + t


def part_tabel(src: Path, nama: str) -> str:
    with zipfile.ZipFile(src) as z:
        for n in z.namelist():
            if n.startswith("xl/tables/") and f'displayName="{nama}"'.encode() in z.read(n):
                return n
    raise AssertionError(nama)


def _gagal_rapi(path: Path, potongan: str, perintah: str = "hitung") -> None:
    sebelum = path.read_bytes()
    res = runner.invoke(app, [perintah, str(path)])
    teks = " ".join(res.output.split())
    assert res.exit_code == 2, res.output
    assert "Traceback" not in res.output and res.exception is None or isinstance(res.exception, SystemExit)
    assert teks.startswith("Gagal:") and potongan in teks, teks
    assert path.read_bytes() == sebelum


def test_bukan_zip(tmp_path: Path) -> None:
    p = tmp_path / "LKj.xlsm"
    p.write_bytes(b"PK\x03\x04 ini bukan zip")
    _gagal_rapi(p, "bukan workbook Excel")


def test_tanpa_content_types(contoh: Path, tmp_path: Path) -> None:
    p = salin_ubah(contoh, tmp_path / "LKj.xlsm", lambda n, d: None if n == "[Content_Types].xml" else d)
    _gagal_rapi(p, "bagian [Content_Types].xml tidak ada")


def test_tanpa_bagian_lembar(contoh: Path, tmp_path: Path) -> None:
    part = part_lembar(contoh, "PK")
    p = salin_ubah(contoh, tmp_path / "LKj.xlsm", lambda n, d: None if n == part else d)
    _gagal_rapi(p, f"bagian {part} (lembar PK) tidak ada")


def test_deflate_rusak(contoh: Path, tmp_path: Path) -> None:
    p = tmp_path / "LKj.xlsm"
    shutil.copyfile(contoh, p)
    part = part_lembar(contoh, "PK")
    with zipfile.ZipFile(p) as z:
        info = z.getinfo(part)
    data = bytearray(p.read_bytes())
    awal = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    for i in range(awal + 10, awal + min(info.compress_size - 10, 200)):
        data[i] ^= 0x5A
    p.write_bytes(bytes(data))
    _gagal_rapi(p, f"data terkompresi bagian {part} rusak")


@pytest.mark.parametrize(
    "dtd",
    [
        b'<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
        b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>',
        b'<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>',
    ],
)
def test_dtd_dan_entitas_ditolak(contoh: Path, tmp_path: Path, dtd: bytes) -> None:
    part = part_lembar(contoh, "PK")

    def sisip(n: str, d: bytes) -> bytes:
        if n != part:
            return d
        i = d.index(b"?>") + 2
        return d[:i] + dtd + d[i:]

    p = salin_ubah(contoh, tmp_path / "LKj.xlsm", sisip)
    _gagal_rapi(p, "memuat DTD/entitas XML")


def _bom(path: Path, ukuran: int, contoh: Path) -> Path:
    """The sample with its PK sheet part inflating to ``ukuran`` bytes (honest sizes in the zip)."""
    part = part_lembar(contoh, "PK")
    with zipfile.ZipFile(contoh) as zin, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            if info.filename != part:
                zout.writestr(info.filename, zin.read(info))
                continue
            with zout.open(part, "w", force_zip64=True) as f:
                f.write(
                    b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                )
                blok = b" " * MiB
                for _ in range(ukuran // MiB):
                    f.write(blok)
                f.write(b"<sheetData/></worksheet>")
    return path


def test_bagian_mengembang_melebihi_batas(contoh: Path, tmp_path: Path) -> None:
    p = _bom(tmp_path / "LKj.xlsm", batas.MAKS_BAGIAN + MiB, contoh)
    assert p.stat().st_size < 5 * MiB
    _gagal_rapi(p, "mengembang menjadi 257 MiB (batas 256 MiB)")


def test_bom_1_gib_memori_terbatas(contoh: Path, tmp_path: Path) -> None:
    """Peak RSS of a whole `hitung` run on a 1 GiB bomb, measured in a child process."""
    p = _bom(tmp_path / "LKj.xlsm", 1024 * MiB, contoh)
    kode = (
        "import resource, sys\n"
        "from kinerja_xl.cli import app\n"
        "try:\n    app(['hitung', sys.argv[1]], prog_name='kinerja-xl')\n"
        "except SystemExit as e:\n    kode = e.code\n"
        "print(kode, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)\n"
    )
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    res = subprocess.run([sys.executable, "-c", kode, str(p)], capture_output=True, text=True, env=env, timeout=600)
    kode_keluar, rss_kib = res.stdout.split()[-2:]
    assert kode_keluar == "2", res.stdout + res.stderr
    assert int(rss_kib) < 500 * 1024, f"peak RSS {int(rss_kib) // 1024} MiB"
    assert "mengembang menjadi 1024 MiB" in " ".join(res.stderr.split())


def test_baris_melebihi_batas_excel(contoh: Path, tmp_path: Path) -> None:
    part = part_lembar(contoh, "PK")
    baris = b'<row r="1048577"><c r="A1048577" t="inlineStr"><is><t>x</t></is></c></row>'

    def sisip(n: str, d: bytes) -> bytes:
        return d.replace(b"</sheetData>", baris + b"</sheetData>") if n == part else d

    p = salin_ubah(contoh, tmp_path / "LKj.xlsm", sisip)
    _gagal_rapi(p, "lembar PK memuat baris 1.048.577, melebihi batas Excel (1.048.576 baris)")


def test_tabel_masukan_terlalu_besar(contoh: Path, tmp_path: Path) -> None:
    part = part_tabel(contoh, "tblRealisasi")

    def perbesar(n: str, d: bytes) -> bytes:
        if n != part:
            return d
        return re.sub(rb'ref="([A-Z]+)(\d+):([A-Z]+)\d+"', rb'ref="\g<1>\g<2>:\g<3>200005"', d)

    p = salin_ubah(contoh, tmp_path / "LKj.xlsm", perbesar)
    _gagal_rapi(p, "tabel tblRealisasi di lembar Realisasi berisi 200.0")
    _gagal_rapi(p, "baris (batas 200.000); ini bukan data satu satker")


def test_periksa_menolak_bom_sebagai_bukan_ekspor(contoh: Path, tmp_path: Path) -> None:
    p = _bom(tmp_path / "LKj_1_2025.xlsx", batas.MAKS_BAGIAN + MiB, contoh)
    res = runner.invoke(app, ["periksa", str(p)])
    assert res.exit_code == 2 and "mengembang menjadi" in " ".join(res.output.split())

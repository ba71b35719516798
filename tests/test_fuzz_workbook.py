"""Seeded fuzz: damaged workbooks never end in a traceback, a changed typed value or a corrupt file (issue 12).

Each case takes a small filled workbook and damages it one way (random typed cells,
retyped headers, or a damaged package), runs a command through the CLI, then checks:
exit 0/1/2 with no unexpected error; on exit 2 the file is byte for byte as before;
otherwise the package is sound, the VBA project unchanged and every typed input value
reads back as it was.

``make test`` runs ``KINERJA_XL_FUZZ_N`` cases (300 by default); seeds are fixed when
``CI`` is set and drawn afresh otherwise (``KINERJA_XL_FUZZ_SEED`` replays a run).
``make fuzz N=10000`` is the long run.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import re
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from typer.testing import CliRunner

from kinerja_xl.cli import app, isi_workbook
from kinerja_xl.contoh import satker_contoh
from kinerja_xl.gateway.file import FileGateway
from kinerja_xl.template import contract as C

N = int(os.environ.get("KINERJA_XL_FUZZ_N", "300"))
BASIS = 0 if os.environ.get("CI") else int(os.environ.get("KINERJA_XL_FUZZ_SEED", random.randrange(1 << 30)))
runner = CliRunner()

NILAI_ACAK: list[Any] = [
    None,
    "",
    "=1+1",
    '=HYPERLINK("http://contoh")',
    "#DIV/0!",
    "95%",
    "1.234,56",
    "1,5",
    "-0",
    "1e308",
    "NaN",
    "∞",
    "Rp 1.000.000",
    "😀 emoji",
    "  spasi  ",
    "x" * 2000,
    0,
    -5,
    10**15,
    3.14159,
    1e-9,
    True,
    False,
    dt.datetime(2025, 1, 1),
    dt.datetime(1900, 1, 1, 12, 30),
    "TW I",
    "Ya",
    "Tidak",
    "S1",
    "IK1",
    "5.1.2.3",
    "<b>&amp;</b>",
    "'kutip",
    '"kutip ganda"',
    "baris\nbaru",
    "Positif",
    "Negatif",
    "%",
    "100",
    "0,0",
]
PERINTAH = ("hitung", "validasi", "hitung", "validasi", "proses", "narasi")


@pytest.fixture(scope="module")
def basis(tmp_path_factory) -> Path:
    """The sample satker cut to a few rows per table: a full run takes a fraction of a second."""
    utuh = (C.KONFIGURASI_TABLE.name, C.SKALA_TABLE.name)
    data = {k: (v if k in utuh else v.head(6)) for k, v in satker_contoh().items()}
    return isi_workbook(tmp_path_factory.mktemp("fuzz") / "basis.xlsm", data)


# --- damage ------------------------------------------------------------------------------------
def sel_acak(path: Path, rng: random.Random) -> str:
    gw = FileGateway(path)
    spec = rng.choice([s for s in C.INPUT_TABLES if s.name != C.KONFIGURASI_TABLE.name] * 3 + [C.KONFIGURASI_TABLE])
    df = gw.baca_tabel(spec).data[spec.headers].copy()
    if df.empty:
        df.loc[0] = [None] * len(spec.headers)
    for _ in range(rng.randint(1, 6)):
        df.iat[rng.randrange(len(df)), rng.randrange(len(spec.headers))] = rng.choice(NILAI_ACAK)
    gw.tulis_tabel(spec, df)
    gw.simpan()
    path.with_name(path.name + ".bak").unlink()
    return f"sel {spec.name}"


def _ubah_anggota(path: Path, ubah: Callable[[str, bytes], bytes | None]) -> None:
    tmp = path.with_suffix(".tmpzip")
    with zipfile.ZipFile(path) as zin, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = ubah(info.filename, zin.read(info))
            if data is not None:
                zout.writestr(info.filename, data)
    os.replace(tmp, path)


def header_acak(path: Path, rng: random.Random) -> str:
    spec = rng.choice(C.INPUT_TABLES)
    h = rng.choice(spec.headers)
    baru = rng.choice(
        [
            h.upper(),
            h.lower(),
            h.replace(" ", "  "),
            re.sub(r"\bI\b", "1", h) + "",
            h + " ",
            rng.choice(spec.headers),
            "Kolom Baru",
            h.replace("TW I", "TW 1"),
        ]
    )

    def ubah(nama: str, data: bytes) -> bytes:
        if nama.startswith("xl/tables/") and f'displayName="{spec.name}"'.encode() in data:
            return data.replace(f'name="{h}"'.encode(), f'name="{baru}"'.encode(), 1)
        return data

    _ubah_anggota(path, ubah)
    return f"header {spec.name}.{h} -> {baru!r}"


def paket_acak(path: Path, rng: random.Random) -> str:
    jenis = rng.choice(["hapus", "potong", "balik", "dtd", "sampah", "ref", "kosong"])
    with zipfile.ZipFile(path) as z:
        nama = rng.choice(z.namelist())
    data = bytearray(path.read_bytes())
    if jenis == "hapus":
        _ubah_anggota(path, lambda n, d: None if n == nama else d)
    elif jenis == "potong":
        path.write_bytes(bytes(data[: rng.randrange(len(data))]))
    elif jenis == "balik":
        for _ in range(rng.randint(1, 20)):
            data[rng.randrange(len(data))] ^= 1 << rng.randrange(8)
        path.write_bytes(bytes(data))
    elif jenis == "dtd":
        _ubah_anggota(path, lambda n, d: d.replace(b"?>", b'?><!DOCTYPE x [<!ENTITY a "b">]>', 1) if n == nama else d)
    elif jenis == "sampah":
        _ubah_anggota(path, lambda n, d: rng.randbytes(rng.randint(0, 500)) if n == nama else d)
    elif jenis == "ref":
        ref = f'ref="A1:{rng.choice(["B", "ZZ", "XFD"])}{rng.choice([1, 2, 250_000, 1_048_577])}"'.encode()
        _ubah_anggota(path, lambda n, d: re.sub(rb'ref="[^"]*"', ref, d, count=1) if n.startswith("xl/tables/") else d)
    else:
        path.write_bytes(b"")
    return f"paket {jenis} {nama}"


# --- checks ------------------------------------------------------------------------------------
def _masukan(path: Path) -> dict[str, list | None] | None:
    """Every input table's typed values, or None when the file does not read.

    An optional table (one an older template lacks) that does not read is None, as the tool reads it
    as empty; a required one that does not read makes the whole file unreadable: the run must refuse it.
    """
    try:
        gw = FileGateway(path)
        isi: dict[str, list | None] = {}
        for s in C.INPUT_TABLES:
            try:
                isi[s.name] = _nilai(gw.baca_tabel(s).data)
            except Exception:  # noqa: BLE001
                if s not in C.TABEL_OPSIONAL:
                    raise
                isi[s.name] = None
        return isi
    except Exception:  # noqa: BLE001 - a damaged file may not read at all; the run must then refuse it
        return None


def _nilai(df: pd.DataFrame) -> list:
    return [[None if (isinstance(v, float) and v != v) else v for v in r] for r in df.astype(object).values.tolist()]


def _vba(path: Path) -> bytes | None:
    with zipfile.ZipFile(path) as z:
        return z.read("xl/vbaProject.bin") if "xl/vbaProject.bin" in z.namelist() else None


@pytest.mark.parametrize("kasus", range(N))
def test_fuzz_workbook(basis: Path, tmp_path: Path, kasus: int) -> None:
    seed = BASIS + kasus
    rng = random.Random(seed)
    p = tmp_path / "LKj.xlsm"
    shutil.copyfile(basis, p)
    rusak = rng.choice([sel_acak, sel_acak, header_acak, paket_acak, paket_acak, paket_acak])(p, rng)
    perintah = rng.choice(PERINTAH)
    ulang = f"seed {seed} ({rusak}, {perintah}); ulangi dengan KINERJA_XL_FUZZ_SEED={BASIS}"
    sebelum, masukan, vba = p.read_bytes(), _masukan(p), None
    if masukan is not None:
        vba = _vba(p)
    res = runner.invoke(app, [perintah, str(p)])
    teks = " ".join(res.output.split())
    assert res.exit_code in (0, 1, 2), f"{ulang}: exit {res.exit_code} {teks}"
    assert "tidak terduga" not in teks and "Traceback" not in res.output, f"{ulang}: {teks}"
    if res.exit_code == 2:
        assert p.read_bytes() == sebelum, f"{ulang}: refused but the file changed"
        return
    assert masukan is not None, f"{ulang}: ran on a file that does not read"
    with zipfile.ZipFile(p) as z:
        assert z.testzip() is None, ulang
    assert _vba(p) == vba, f"{ulang}: VBA project changed"
    assert _masukan(p) == masukan, f"{ulang}: a typed value changed"

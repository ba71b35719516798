"""Benchmark the file gateway against the floor (import pandas+openpyxl, read every sheet with calamine).

Builds a 20x satker workbook (900 PK rows, 6,000 budget lines), then times in
fresh subprocesses (a) the floor and (b) reading all input tables through
FileGateway, writing three output tables of those sizes, 200 marks, saving.
Prints the ratio (goal <= 4x). Usage: python bench/bench_gateway.py [--runs N]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import xlsxwriter

from kinerja_xl.template import contract as C

FLOOR = """
import sys, pandas, openpyxl, python_calamine
wb = python_calamine.CalamineWorkbook.from_path(sys.argv[1])
for n in wb.sheet_names:
    wb.get_sheet_by_name(n).to_python()
"""

GATEWAY = """
import sys, pandas as pd, openpyxl
from kinerja_xl.gateway.base import Tanda
from kinerja_xl.gateway.file import FileGateway
from kinerja_xl.template import contract as C
g = FileGateway(sys.argv[1])
t = {s.name: g.baca_tabel(s) for s in C.INPUT_TABLES}
pk, pagu = t["tblPK"].data, t["tblPagu"].data
n = len(pk)
g.tulis_tabel(C.CAPAIAN_TABLE, pd.DataFrame({"kode": pk["Kode Indikator"], "sasaran": pk["Kode Sasaran"],
    "indikator": pk["Indikator Kinerja"], "satuan": pk["Satuan"], "target": pk["Target"], "realisasi": pk["Target"],
    "target_nilai": [95.0] * n, "realisasi_nilai": [96.0] * n, "capaian": [101.05] * n,
    "kategori": ["Sangat Berhasil"] * n, "status": ["Dihitung"] * n, "keterangan": [""] * n}))
m = len(pagu)
g.tulis_tabel(C.ANGGARAN_TABLE, pd.DataFrame({"kode": pagu["Kode"], "kode_baku": pagu["Kode"], "dihitung": [True] * m,
    "tingkat": ["akun"] * m, "uraian": pagu["Uraian"], "pagu": pagu["Pagu"], "realisasi": pagu["Realisasi"],
    "sisa": [0] * m, "penyerapan": [93.5] * m}))
g.tulis_tabel(C.VALIDASI_TABLE, pd.DataFrame({"jenis": ["nilai_kosong"] * 200, "tingkat": ["galat"] * 200,
    "lembar": ["Pagu"] * 200, "sel": [f"C{5 + i}" for i in range(200)], "pesan": ["Pagu kosong"] * 200}))
g.tandai([Tanda("Pagu" if i % 2 else "PK", f"C{5 + i}", "galat" if i % 3 else "peringatan", "Periksa nilai ini")
          for i in range(200)])
g.simpan()
"""


def build(path: Path, pk_rows: int = 900, pagu_rows: int = 6000) -> Path:
    wb = xlsxwriter.Workbook(str(path), {"constant_memory": False})
    for spec in C.INPUT_TABLES + C.OUTPUT_TABLES:
        if spec.sheet not in wb.sheetnames:
            wb.add_worksheet(spec.sheet)
    teks = wb.add_format({"num_format": "@"})
    placed: dict[str, int] = {}
    for spec in C.INPUT_TABLES + C.OUTPUT_TABLES:
        ws = wb.get_worksheet_by_name(spec.sheet)
        col0 = placed.get(spec.sheet, 0)
        if spec is C.PK_TABLE:
            data = [
                [
                    f"S{i // 10}",
                    "Sasaran",
                    f"IK{i}",
                    f"Indikator {i}",
                    "%",
                    "Positif",
                    "95",
                    "20",
                    "45",
                    "70",
                    "95",
                    "Kumulatif",
                    "3565.BAA",
                    "90",
                    "100",
                    "Kasubbag",
                ]
                for i in range(pk_rows)
            ]
        elif spec is C.PAGU_TABLE:
            data = [
                [
                    f"3565.BAA.{i // 100:03d}.{i % 100:03d}",
                    f"Uraian belanja {i}",
                    1_000_000 + i,
                    1_000_000,
                    900_000 + i,
                    1,
                    1,
                    "Dokumen",
                ]
                + [83_333] * 24
                for i in range(pagu_rows)
            ]
        elif spec is C.REALISASI_TABLE:
            data = [
                [f"IK{i}", "20", "45", "70", "96", "96", "", "Analisis", "Upaya", "Laporan"] for i in range(pk_rows)
            ]
        elif spec is C.KONFIGURASI_TABLE:
            data = [[k, "1"] for k in C.KUNCI_KONFIGURASI]
        elif spec is C.SKALA_TABLE:
            data = [[b, a, k] for b, a, k in C.SKALA_DEFAULT]
        elif spec is C.REFERENSI_TABLE:
            data = [[f"3565.BAA.{i:03d}", f"RO {i}", "ro"] for i in range(300)]
        else:
            data = None
        rows = len(data) if data else 1
        opts = {
            "name": spec.name,
            "columns": [
                {"header": h, "format": teks if k.teks else None}
                for h, k in zip(spec.headers, spec.columns, strict=False)
            ],
        }
        if data:
            opts["data"] = data
        ws.add_table(3, col0, 3 + rows, col0 + len(spec.columns) - 1, opts)
        placed[spec.sheet] = col0 + len(spec.columns) + 2
    wb.close()
    return path


def timed(code: str, path: Path) -> float:
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-c", code, str(path)], check=True)
    return time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as d:
        src = build(Path(d) / "besar.xlsx")
        print(f"workbook: {src.stat().st_size / 1e6:.1f} MB")
        floor, gw = [], []
        for _ in range(args.runs):
            floor.append(timed(FLOOR, src))
            work = Path(d) / "kerja.xlsx"
            work.write_bytes(src.read_bytes())
            gw.append(timed(GATEWAY, work))
        f, g = statistics.median(floor), statistics.median(gw)
        print(f"floor (import + calamine read all sheets): {f:.2f} s")
        print(f"gateway (read inputs, write 3 outputs, 200 marks, save): {g:.2f} s")
        print(f"ratio: {g / f:.2f}x (goal <= 4x)")


if __name__ == "__main__":
    main()

"""Benchmark: `kinerja-xl proses` against the floor of merely reading the same file.

The floor is a Python process that imports pandas and openpyxl and reads every
sheet of the workbook with python-calamine. Both run as fresh processes, each
three times; the medians' ratio is printed (goal on the 20x satker: <= 4x).
Run: .venv/bin/python bench/bench_proses.py
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from kinerja_xl.cli import isi_workbook
from kinerja_xl.contoh import satker_contoh, satker_sintetis

FLOOR = (
    "import sys, pandas, openpyxl\n"
    "from python_calamine import CalamineWorkbook\n"
    "wb = CalamineWorkbook.from_path(sys.argv[1])\n"
    "[wb.get_sheet_by_name(n).to_python() for n in wb.sheet_names]\n"
)
PROSES = "import sys\nfrom kinerja_xl.cli import app\nsys.argv = ['kinerja-xl', 'proses', sys.argv[1]]\napp()\n"


def _median(kode: str, path: Path, kali: int = 3) -> float:
    waktu = []
    for _ in range(kali):
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-c", kode, str(path)], check=False, capture_output=True)
        waktu.append(time.perf_counter() - t0)
    return statistics.median(waktu)


def main() -> None:
    folder = Path(tempfile.mkdtemp(prefix="bench_proses_"))
    try:
        for nama, data in (("contoh", satker_contoh()), ("sintetis 20x", satker_sintetis(skala=20))):
            path = isi_workbook(folder / f"{nama.split()[0]}.xlsm", data)
            # One warm-up run so both measure a processed workbook of the same size.
            subprocess.run([sys.executable, "-c", PROSES, str(path)], check=False, capture_output=True)
            lantai = _median(FLOOR, path)
            proses = _median(PROSES, path)
            n_ind, n_pagu = len(data["tblPK"]), len(data["tblPagu"])
            print(
                f"{nama:13s} ({n_ind} indikator, {n_pagu} baris pagu): floor {lantai:.2f} s, "
                f"proses {proses:.2f} s, ratio {proses / lantai:.2f}x"
            )
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()

"""CAPAIAN over 100,000 rows as one array call, against the engine's own bulk function.

The Excel door must add no per-row cost: the ratio (UDF time / capaian_massal time on
the same rows) should stay at or below 1.5. Run: `.venv/bin/python bench/bench_udf.py`.
"""

from __future__ import annotations

import random
import sys
import time

from kinerja_xl.domain.capaian import capaian_massal
from kinerja_xl.xl.udfs import CAPAIAN

N = 100_000
TUJUAN = 1.5


def data(n: int, seed: int = 0) -> tuple[list, list, list]:
    """Cells as Excel hands them over: floats, Indonesian text, percent text, some blanks and text."""
    rnd = random.Random(seed)
    target, realisasi, polaritas = [], [], []
    for i in range(n):
        jenis = i % 10
        if jenis < 5:
            t, r = float(rnd.randint(1, 500)), float(rnd.randint(0, 600))
        elif jenis < 7:
            t, r = f"{rnd.randint(1, 100)}%", f"{rnd.randint(0, 100)},{rnd.randint(0, 99):02d}%"
        elif jenis == 7:
            t, r = f"{rnd.randint(1, 12)} laporan", f"{rnd.randint(0, 12)} Lap"
        elif jenis == 8:
            t, r = "1 Dokumen", "Baik"
        else:
            t, r = float(rnd.randint(1, 50)), None
        target.append(t)
        realisasi.append(r)
        polaritas.append("Negatif" if i % 7 == 0 else "Positif")
    return target, realisasi, polaritas


def terbaik(fungsi, ulang: int = 3) -> float:
    waktu = []
    for _ in range(ulang):
        t0 = time.perf_counter()
        fungsi()
        waktu.append(time.perf_counter() - t0)
    return min(waktu)


def main() -> int:
    target, realisasi, polaritas = data(N)
    kol_t = [[v] for v in target]
    kol_r = [[v] for v in realisasi]
    kol_p = [[v] for v in polaritas]
    pol_mesin = [p.lower() for p in polaritas]
    t_mesin = terbaik(lambda: capaian_massal(target, realisasi, pol_mesin))
    t_udf = terbaik(lambda: CAPAIAN(kol_t, kol_r, kol_p))
    rasio = t_udf / t_mesin
    print(f"CAPAIAN (satu panggilan array, {N:,} baris): {t_udf:.3f} s")
    print(f"capaian_massal (mesin, baris yang sama):      {t_mesin:.3f} s")
    print(f"rasio: {rasio:.2f}x (tujuan <= {TUJUAN}x)")
    return 0 if rasio <= TUJUAN else 1


if __name__ == "__main__":
    sys.exit(main())

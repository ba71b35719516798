"""Benchmark: 50,000 DIPA detail lines through hitung_anggaran vs a plain pandas groupby-sum.

Prints the ratio; never asserts wall time (the machine is shared).
Run: python bench/bench_anggaran.py
"""

from __future__ import annotations

import time

import numpy as np
import pandas as pd

from kinerja_xl.domain.anggaran import hitung_anggaran

N = 50_000
AKUN = ["511111", "511121", "521211", "521213", "522151", "523111", "524111", "524113", "532111", "537112"]


def buat_baris(n: int = N, seed: int = 2024) -> pd.DataFrame:
    """A national-scale DIPA detail at akun level, raw cells as a gateway reads them (object columns)."""
    rng = np.random.default_rng(seed)
    kodes: list[str] = []
    while len(kodes) < n:
        prog = rng.choice(["CQ", "WA"])
        keg = 6700 + int(rng.integers(0, 40))
        kro = rng.choice(["QGE", "EBA", "EBD", "RAN", "QMA"])
        ro = int(rng.integers(1, 30))
        kom = int(rng.integers(1, 60))
        sub = rng.choice(["A", "B", "C", "AA"])
        for akun in rng.choice(AKUN, size=int(rng.integers(1, 8)), replace=False):
            kodes.append(f"076.01.{prog}.{keg}.{kro}.{ro:03d}.{kom:03d}.{sub}.{akun}")
    kodes = kodes[:n]
    pagu = rng.integers(1, 5_000) * 1000 + rng.integers(0, 10**9, size=n) // 1000 * 1000
    real = (pagu * rng.uniform(0.5, 1.0, size=n)).astype(np.int64)
    df = pd.DataFrame(
        {
            "kode": pd.Series(kodes, dtype=object),
            "uraian": pd.Series(["Belanja"] * n, dtype=object),
            "pagu": pd.Series(pagu.tolist(), dtype=object),
            "realisasi": pd.Series(real.tolist(), dtype=object),
        }
    )
    return df


def main() -> None:
    df = buat_baris()
    hitung_anggaran(df.head(200))  # warm caches (reference list, percent table)
    lantai = []
    mesin = []
    for _ in range(3):
        t = time.perf_counter()
        df.groupby("kode")[["pagu", "realisasi"]].sum()
        lantai.append(time.perf_counter() - t)
        t = time.perf_counter()
        hasil = hitung_anggaran(df)
        mesin.append(time.perf_counter() - t)
    f, e = min(lantai), min(mesin)
    print(f"baris input        : {len(df):,}")
    print(f"baris pohon        : {len(hasil.baris):,}; temuan: {len(hasil.temuan):,}")
    print(f"groupby-sum pandas : {f * 1000:.1f} ms (lantai)")
    print(f"hitung_anggaran    : {e * 1000:.1f} ms")
    print(f"rasio              : {e / f:.1f}x lantai (target <= 50x, moonshot 20x)")


if __name__ == "__main__":
    main()

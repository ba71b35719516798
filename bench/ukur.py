"""Timing shared by the benchmarks: the best of several runs (the least disturbed by a busy machine)."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any


def terbaik(fungsi: Callable[[], Any], kali: int) -> float:
    """The shortest wall time of ``kali`` calls of ``fungsi``, in seconds."""
    waktu = []
    for _ in range(kali):
        t0 = time.perf_counter()
        fungsi()
        waktu.append(time.perf_counter() - t0)
    return min(waktu)

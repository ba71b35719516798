"""Benchmark: rekap of N synthetic exports vs merely reading them with python-calamine.

Usage: PYTHONPATH=. .venv/bin/python bench/bench_rekap.py [N=514] [PEKERJA=2]
Exports are generated once (a few distinct satker, copied under distinct satker
codes by re-exporting is too slow for 514, so each export is made from its own
seed at skala=1, the realistic size of one kab/kota). The floor reads every sheet
of every file sequentially with python-calamine; the rekap checks hashes, the
consolidated figures and the package seal, and writes the rekap workbook, with
PEKERJA processes, given a --daftar of N+6 satker of which the 6 extra never sent.
"""

from __future__ import annotations

import resource
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path


def _buat(args):
    seed, folder = args
    from kinerja_xl.contoh import satker_sintetis
    from kinerja_xl.gateway.recording import RecordingGateway
    from kinerja_xl.services.ekspor import ekspor

    return str(ekspor(RecordingGateway(satker_sintetis(skala=1, seed=seed, bersih=True)), ke=Path(folder)).berkas)


def _baca_saja(paths):
    from python_calamine import CalamineWorkbook

    sel = 0
    for p in paths:
        wb = CalamineWorkbook.from_path(str(p))
        for nama in wb.sheet_names:
            sel += sum(len(r) for r in wb.get_sheet_by_name(nama).to_python(skip_empty_area=False))
    return sel


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 514
    pekerja = int(sys.argv[2]) if len(sys.argv) > 2 else 2
    with tempfile.TemporaryDirectory(prefix="bench-rekap-") as tmp:
        folder = Path(tmp) / "ekspor"
        folder.mkdir()
        t = time.perf_counter()
        with ProcessPoolExecutor(pekerja) as pool:
            paths = list(pool.map(_buat, [(i, str(folder)) for i in range(n)], chunksize=8))
        t_buat = time.perf_counter() - t
        ukuran = sum(Path(p).stat().st_size for p in paths) / len(paths)

        from kinerja_xl.gateway.ekspor_xlsx import KumpulanXlsx
        from kinerja_xl.services.rekap import rekap

        t = time.perf_counter()
        _baca_saja(paths)
        t_lantai = time.perf_counter() - t
        from kinerja_xl.gateway.ekspor_xlsx import baca_ekspor
        from kinerja_xl.services.ekspor import MK

        kode = [baca_ekspor(p).teks(MK.KODE_SATKER) for p in paths]
        daftar = [(k, f"Satker {k}") for k in kode] + [(f"9{i:05d}", f"KPU Belum {i}") for i in range(6)]
        t = time.perf_counter()
        h = rekap(KumpulanXlsx([folder]), Path(tmp) / "Rekap.xlsx", pekerja=pekerja, daftar_satker=daftar)
        t_rekap = time.perf_counter() - t
        assert h.kode_keluar == 0 and len(h.diterima) == n, h.pesan()[:500]
        assert len(h.belum_mengirim) == 6, h.belum_mengirim
        rss_induk = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        rss_anak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        print(f"berkas: {n} ekspor, rata-rata {ukuran / 1024:.0f} KiB (dibuat dalam {t_buat:.1f} s)")
        print(f"lantai (baca calamine berurutan): {t_lantai:.2f} s")
        print(f"rekap ({pekerja} pekerja): {t_rekap:.2f} s  -> rasio {t_rekap / t_lantai:.2f}x")
        print(f"memori puncak: proses induk {rss_induk:.0f} MiB, proses anak terbesar {rss_anak:.0f} MiB")


if __name__ == "__main__":
    main()

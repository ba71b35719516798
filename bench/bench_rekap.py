"""Benchmark: rekap of N synthetic exports vs merely reading them with python-calamine.

Usage: PYTHONPATH=. .venv/bin/python bench/bench_rekap.py [N=514] [PEKERJA=2] [--cache DIR]
Each export is made from its own seed at skala=1 (the realistic size of one kab/kota), all
in one province (the rekap rejects another province's exports).
Making 514 exports takes a while, so ``--cache DIR`` keeps them: exports already in DIR
(LKj_<700000+seed>_2025.xlsx) are reused and only the missing ones are made. The floor
reads every sheet of every file sequentially with python-calamine; the rekap checks
hashes, the consolidated figures and the package seal, and writes the rekap workbook,
with PEKERJA processes, given a --daftar of N+6 satker of which the 6 extra never sent
(the bench checks that exactly those 6 are listed as Belum Mengirim).
"""

from __future__ import annotations

import argparse
import resource
import shutil
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

PROVINSI = "Jawa Barat"  # one rekap is one province's: every export names the same one


def _buat(args):
    seed, folder = args
    from kinerja_xl.contoh import satker_sintetis
    from kinerja_xl.gateway.recording import RecordingGateway
    from kinerja_xl.services.ekspor import ekspor
    from kinerja_xl.template import contract as c

    tabel = satker_sintetis(skala=1, seed=seed, bersih=True)
    konf = tabel[c.KONFIGURASI_TABLE.name]
    konf.loc[konf["Kunci"] == c.Kunci.PROVINSI, "Nilai"] = PROVINSI
    return str(ekspor(RecordingGateway(tabel), ke=Path(folder)).berkas)


def _baca_saja(paths):
    from python_calamine import CalamineWorkbook

    sel = 0
    for p in paths:
        wb = CalamineWorkbook.from_path(str(p))
        for nama in wb.sheet_names:
            sel += sum(len(r) for r in wb.get_sheet_by_name(nama).to_python(skip_empty_area=False))
    return sel


def _cpu_anak() -> float:
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    return ru.ru_utime + ru.ru_stime


def _siapkan(folder: Path, n: int, pekerja: int) -> tuple[list[Path], float]:
    """The N exports in ``folder``: those already there are kept, the missing ones made."""
    folder.mkdir(parents=True, exist_ok=True)
    kurang = [i for i in range(n) if not (folder / f"LKj_{700000 + i}_2025.xlsx").exists()]
    t = time.perf_counter()
    if kurang:
        with ProcessPoolExecutor(pekerja) as pool:
            list(pool.map(_buat, [(i, str(folder)) for i in kurang], chunksize=8))
    paths = [folder / f"LKj_{700000 + i}_2025.xlsx" for i in range(n)]
    return paths, time.perf_counter() - t


def _ukur(folder: Path, n: int, pekerja: int, keluar: Path) -> None:
    from kinerja_xl.gateway.ekspor_xlsx import KumpulanXlsx, baca_ekspor
    from kinerja_xl.services.ekspor import MK
    from kinerja_xl.services.rekap import rekap

    paths, t_buat = _siapkan(folder, n, pekerja)
    ukuran = sum(p.stat().st_size for p in paths) / len(paths)
    masuk = keluar / "masuk"  # exactly the N files (a cache may hold more)
    masuk.mkdir()
    for p in paths:
        shutil.copy2(p, masuk / p.name)
    t, cpu = time.perf_counter(), time.process_time()
    _baca_saja(paths)
    t_lantai, cpu_lantai = time.perf_counter() - t, time.process_time() - cpu
    kode = [baca_ekspor(p).teks(MK.KODE_SATKER) for p in paths]
    belum = [(f"9{i:05d}", f"KPU Belum {i}") for i in range(6)]
    daftar = [(k, f"Satker {k}") for k in kode] + belum
    t, cpu, anak = time.perf_counter(), time.process_time(), _cpu_anak()
    h = rekap(KumpulanXlsx([masuk]), keluar / "Rekap.xlsx", pekerja=pekerja, daftar_satker=daftar, provinsi=PROVINSI)
    t_rekap = time.perf_counter() - t
    cpu_rekap = time.process_time() - cpu + _cpu_anak() - anak
    assert h.kode_keluar == 0 and len(h.diterima) == n, h.pesan()[:500]
    assert h.belum_mengirim == belum, h.belum_mengirim
    rss_induk = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    rss_anak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"berkas: {n} ekspor, rata-rata {ukuran / 1024:.0f} KiB (yang belum ada dibuat dalam {t_buat:.1f} s)")
    print(f"daftar satker: {len(daftar)}; belum mengirim: {', '.join(k for k, _ in h.belum_mengirim)}")
    print(f"lantai (baca calamine berurutan): {t_lantai:.2f} s")
    print(f"rekap ({pekerja} pekerja): {t_rekap:.2f} s  -> rasio {t_rekap / t_lantai:.2f}x")
    # On a machine other work shares, wall times swing; CPU seconds do not: rekap's CPU over the
    # floor's, divided by the workers, is the wall ratio the rekap reaches on that many idle cores.
    print(
        f"CPU: lantai {cpu_lantai:.2f} s, rekap {cpu_rekap:.2f} s (induk + pekerja) -> {cpu_rekap / cpu_lantai:.2f}x, "
        f"dibagi {pekerja} pekerja {cpu_rekap / cpu_lantai / pekerja:.2f}x"
    )
    print(f"memori puncak: proses induk {rss_induk:.0f} MiB, proses anak terbesar {rss_anak:.0f} MiB")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("n", nargs="?", type=int, default=514)
    ap.add_argument("pekerja", nargs="?", type=int, default=2)
    ap.add_argument("--cache", type=Path, default=None, help="folder that keeps the generated exports")
    a = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-rekap-") as tmp:
        folder = a.cache if a.cache is not None else Path(tmp) / "ekspor"
        _ukur(folder, a.n, a.pekerja, Path(tmp))


if __name__ == "__main__":
    main()

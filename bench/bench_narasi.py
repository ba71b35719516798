"""Benchmark: narrative + DOCX for the 20x synthetic satker vs `hitung` alone (target ratio < 3).

Run: PYTHONPATH=. .venv/bin/python bench/bench_narasi.py [--skala 20] [--ulang 3]
Both sides start from the same in-memory workbook (RecordingGateway), so the
ratio measures computation, not file I/O. hitung = read inputs + compute + write
the Capaian/Anggaran tables; narasi = the text, the Narasi sheet and the .docx,
given the computed figures (what the `Buat Narasi` step adds on top of hitung).
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from ukur import terbaik

from kinerja_xl.contoh import satker_sintetis
from kinerja_xl.gateway.recording import RecordingGateway
from kinerja_xl.services.hitung import hitung
from kinerja_xl.services.narasi import tulis_narasi


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--skala", type=int, default=20)
    ap.add_argument("--ulang", type=int, default=3)
    args = ap.parse_args()
    tabel = satker_sintetis(skala=args.skala, seed=0)
    g = RecordingGateway(tabel)
    t_hitung = terbaik(lambda: hitung(g), args.ulang)
    hasil = hitung(g)
    with tempfile.TemporaryDirectory() as d:
        out = Path(d) / "narasi.docx"
        t_narasi = terbaik(lambda: tulis_narasi(g, hasil, docx=out), args.ulang)
        ukuran = out.stat().st_size
    n_par = len(g.tables["tblNarasi"])
    print(f"skala {args.skala}: {len(hasil.capaian.indikator)} indikator, {len(hasil.anggaran.baris)} baris anggaran")
    print(f"hitung            : {t_hitung:.3f} s")
    print(f"narasi + docx     : {t_narasi:.3f} s  ({n_par} paragraf, docx {ukuran // 1024} KiB)")
    print(f"rasio narasi/hitung: {t_narasi / t_hitung:.2f} (batas 3)")


if __name__ == "__main__":
    main()

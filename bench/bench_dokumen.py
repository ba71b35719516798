"""Benchmark: the whole LKj (.docx, no PDF) of the 20x synthetic satker vs `hitung` on it (goal <= 3x).

Run: PYTHONPATH=. .venv/bin/python bench/bench_dokumen.py [--skala 20] [--ulang 3]
Both sides start from the same in-memory workbook (RecordingGateway), so the ratio
measures computation and document writing, not file I/O: hitung = read the inputs,
compute, write the Capaian/Anggaran tables; dokumen = `kinerja-xl dokumen lkj` without
PDF: read the inputs, compute, compose every part (cover to lampiran), write the .docx.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from ukur import terbaik

from kinerja_xl.contoh import satker_sintetis
from kinerja_xl.gateway.recording import RecordingGateway
from kinerja_xl.services.dokumen import dokumen_lkj
from kinerja_xl.services.hitung import hitung


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--skala", type=int, default=20)
    ap.add_argument("--ulang", type=int, default=3)
    args = ap.parse_args()
    g = RecordingGateway(satker_sintetis(skala=args.skala, seed=0))
    t_hitung = terbaik(lambda: hitung(g), args.ulang)
    with tempfile.TemporaryDirectory() as d:
        out = Path(d) / "lkj.docx"
        t_dok = terbaik(lambda: dokumen_lkj(g, docx=out), args.ulang)
        hasil = dokumen_lkj(g, docx=out)
        ukuran = out.stat().st_size
    n_blok = len(hasil.naskah.blok)
    print(f"skala {args.skala}: {len(hasil.naskah.tabel_pengukuran)} indikator satker, {n_blok} blok naskah")
    print(f"hitung              : {t_hitung:.3f} s")
    print(f"dokumen lkj (docx)  : {t_dok:.3f} s  (docx {ukuran // 1024} KiB)")
    print(f"rasio dokumen/hitung: {t_dok / t_hitung:.2f} (batas 3)")


if __name__ == "__main__":
    main()

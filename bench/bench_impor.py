"""Benchmark the SAKTI import against the floor (a calamine read of the same export).

Expands the real October GLP039 export (tests/fixtures/sakti/) to 5,000+ rows with its
page layout (footnote rows, page-break continuation rows; tests/sakti_data.py), then
times, best of N runs in this process:
  floor   python-calamine reading the export's sheet;
  impor   what the import adds to that: the file adapter reading the rows, recognising the
          report, reading every line, reconciling and merging into tblPagu/Referensi rows;
  total   `impor` on a workbook end to end (read Konfigurasi/Pagu/Referensi, write, save).
Prints impor/floor (goal <= 3x) and total/floor. Usage: python bench/bench_impor.py [--runs N]
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

from python_calamine import CalamineWorkbook

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

import sakti_data as sd  # noqa: E402
from ukur import terbaik  # noqa: E402

from kinerja_xl.cli import isi_workbook  # noqa: E402
from kinerja_xl.domain.sakti import baca_laporan  # noqa: E402
from kinerja_xl.domain.sakti_gabung import gabung  # noqa: E402
from kinerja_xl.gateway.file import FileGateway  # noqa: E402
from kinerja_xl.gateway.sakti import baca_baris  # noqa: E402
from kinerja_xl.services.impor import impor_berkas  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--runs", type=int, default=5)
    args = p.parse_args(argv)
    with tempfile.TemporaryDirectory() as d:
        folder = Path(d)
        asal = sd.ba_076(sd.OKTOBER, folder)
        besar, _ = sd.perbesar(asal, folder / "GLP039_besar.xlsx")
        kosong = isi_workbook(folder / "kosong.xlsm", {})
        n_baris = len(sd.baris_nyata(besar))

        def lantai() -> None:
            CalamineWorkbook.from_path(str(besar)).get_sheet_by_index(0).to_python(skip_empty_area=False)

        def impor() -> None:
            lap = baca_laporan(baca_baris(besar), besar.name)
            gabung([lap])

        def total() -> None:
            wb = folder / "LKj.xlsm"
            shutil.copyfile(kosong, wb)
            impor_berkas(FileGateway(wb), [besar])

        lantai()  # warm the imports
        t_lantai, t_impor, t_total = (terbaik(f, args.runs) for f in (lantai, impor, total))
    print(f"GLP039 export of {n_baris:,} rows".replace(",", "."))
    print(f"floor (calamine read)      {t_lantai * 1000:8.1f} ms")
    print(f"impor (read + parse + merge) {t_impor * 1000:6.1f} ms   ratio {t_impor / t_lantai:.2f}x (goal <= 3x)")
    print(f"total (workbook written)   {t_total * 1000:8.1f} ms   ratio {t_total / t_lantai:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())

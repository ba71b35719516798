"""Test data for the SAKTI import, built from the two real GLP039 exports in tests/fixtures/sakti/.

- `ba_076`: a real export with only its BA cell changed to 076 in the sheet XML (a KPU satker's
  export has the same layout with BA 076);
- `laporan_nyata`: a real export read by the importer's own parser (lines program..akun);
- `perbesar`: the real export expanded to 5,000+ rows with its page layout (the komponen blocks
  repeated under new komponen codes, an item row per akun, a footnote row ending every page,
  30+ page-break continuation rows repeating the row before the break);
- `seri_12_bulan`: twelve monthly exports built from the October file's akun lines.
"""

from __future__ import annotations

import zipfile
from dataclasses import replace
from pathlib import Path

from python_calamine import CalamineWorkbook

from kinerja_xl.contoh_sakti import dengan_induk, grid_glp039, seri_bulanan, tulis_xlsx
from kinerja_xl.domain.sakti import BarisAnggaran, Laporan, baca_laporan

FIXTURES = Path(__file__).parent / "fixtures" / "sakti"
JANUARI = FIXTURES / "GLP039_Januari2025.xlsx"
OKTOBER = FIXTURES / "GLP039_Oktober2025.xlsx"
# From the files themselves (and the notes in tests/fixtures/SUMBER.md): JUMLAH SELURUHNYA, akun lines.
PAGU_NYATA = 906_800_000
REALISASI_OKTOBER = 566_253_585
REALISASI_LALU_OKTOBER = 562_458_585
AKUN = {JANUARI.name: 28, OKTOBER.name: 23}


def ganti_xml(asal: Path, tujuan: Path, ganti: list[tuple[bytes, bytes]]) -> Path:
    """Copy an xlsx, replacing byte strings in its sheet XML only (each must occur)."""
    with zipfile.ZipFile(asal) as zi, zipfile.ZipFile(tujuan, "w", zipfile.ZIP_DEFLATED) as zo:
        for info in zi.infolist():
            data = zi.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                for lama, baru in ganti:
                    assert lama in data, lama
                    data = data.replace(lama, baru)
            zo.writestr(info, data)
    return tujuan


def ba_076(asal: Path, folder: Path) -> Path:
    """The real export with its Kementerian code 036 patched to 076 (nothing else changes)."""
    return ganti_xml(asal, folder / asal.name, [(b">036<", b">076<")])


def baris_nyata(asal: Path) -> list[list]:
    return CalamineWorkbook.from_path(str(asal)).get_sheet_by_index(0).to_python(skip_empty_area=False)


def laporan_nyata(asal: Path) -> Laporan:
    lap = baca_laporan(baris_nyata(asal), asal.name)
    lap.kode_ba = "076"
    return lap


def _nama(lap: Laporan) -> dict[tuple[str, ...], str]:
    return {b.segmen: b.uraian for b in lap.baris}


def perbesar(asal: Path, tujuan: Path, salinan: int = 100, per_halaman: int = 60) -> tuple[Path, Laporan]:
    """The real export with its komponen blocks repeated ``salinan`` times (new komponen codes)."""
    lap = laporan_nyata(asal)
    nama = _nama(lap)
    akun: list[BarisAnggaran] = []
    for k in range(salinan):
        for a in lap.akun:
            s = a.segmen
            komponen = s[4] if k == 0 else f"{200 + k * 2 + (s[4] == '127'):03d}"
            seg = (*s[:4], komponen, *s[5:])
            for d in (5, 6):
                nama.setdefault(seg[:d], nama[s[:d]])
            akun.append(replace(a, segmen=seg, baris=len(akun) + 1))
    besar = replace(lap, baris=dengan_induk(akun, nama))
    return tulis_xlsx(grid_glp039(besar, per_halaman=per_halaman, ulang_tiap=1), tujuan), besar


def seri_12_bulan(folder: Path) -> list[Path]:
    """Twelve monthly exports of the October file's lines: each akun's s.d. October spread over the year."""
    lap = laporan_nyata(OKTOBER)
    akun = lap.akun
    realisasi = [[a.sd // 12] * 11 + [a.sd - 11 * (a.sd // 12)] for a in akun]
    hasil = []
    for m, bulan in enumerate(seri_bulanan(akun, realisasi), start=1):
        lap_m = replace(lap, bulan=m, baris=dengan_induk(bulan, _nama(lap)))
        hasil.append(tulis_xlsx(grid_glp039(lap_m), folder / f"GLP039_{m:02d}.xlsx"))
    return hasil

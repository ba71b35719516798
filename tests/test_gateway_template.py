"""FileGateway on the real template, and the output opened by LibreOffice (charts drawn)."""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from gambar import Gambar

from kinerja_xl.gateway.base import Lembar, Tanda
from kinerja_xl.gateway.file import FileGateway
from kinerja_xl.template import contract as C

TEMPLATE = Path(__file__).resolve().parent.parent / "workbook" / "Template_LKj.xlsm"


@pytest.fixture
def salinan(tmp_path: Path) -> Path:
    if not TEMPLATE.exists():
        pytest.fail("workbook/Template_LKj.xlsm belum dibangun")
    p = tmp_path / "LKj.xlsm"
    shutil.copyfile(TEMPLATE, p)
    return p


def isi_keluaran(g: FileGateway, n: int) -> None:
    g.tulis_tabel(
        C.CAPAIAN_TABLE,
        pd.DataFrame({"kode": [f"IK{i}" for i in range(n)], "capaian": [99.5] * n, "kategori": ["Berhasil"] * n}),
    )
    g.tulis_tabel(C.ANGGARAN_TABLE, pd.DataFrame({"Kode": ["3565"] * n, "Pagu": [1_000_000] * n}))
    g.tulis_tabel(C.VALIDASI_TABLE, pd.DataFrame({"jenis": ["nilai_kosong"], "pesan": ["Target kosong"]}))


def test_template_tables_read_and_outputs_rewritten_twice_identically(salinan: Path) -> None:
    g = FileGateway(salinan)
    for spec in C.INPUT_TABLES:
        t = g.baca_tabel(spec)
        assert list(t.data.columns[: len(spec.headers)]) == spec.headers
    konf = g.baca_tabel(C.KONFIGURASI_TABLE).data
    assert set(C.KUNCI_WAJIB) <= set(konf["Kunci"])
    vba = zipfile.ZipFile(salinan).read("xl/vbaProject.bin")
    hasil = []
    for _ in range(2):
        g = FileGateway(salinan)
        isi_keluaran(g, 25)
        g.tandai([Tanda(C.PK, "A5", "galat", "Kode sasaran kosong")])
        g.simpan()
        with zipfile.ZipFile(salinan) as z:
            hasil.append({n: z.read(n) for n in z.namelist()})
    a, b = hasil
    assert a.keys() == b.keys()
    assert all(a[n] == b[n] for n in a if n != "docProps/core.xml")
    assert a["xl/vbaProject.bin"] == vba
    wb = openpyxl.load_workbook(salinan, keep_vba=True)
    ws = wb[C.CAPAIAN]
    awal, akhir = ws.tables["tblCapaian"].ref.split(":")
    assert int(akhir.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")) == int(awal.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")) + 25
    assert wb[C.PK]["A5"].comment is not None


@pytest.mark.libreoffice
def test_libreoffice_opens_output_and_draws_charts(salinan: Path, soffice: str, tmp_path: Path) -> None:
    """The template's charts plot what a run writes into their blocks (template/ringkasan.py)."""
    from kinerja_xl.libreoffice import konversi
    from kinerja_xl.template import ringkasan as tr

    g = FileGateway(salinan)
    isi_keluaran(g, 10)
    b, merah_slot = tr.BLOK_SASARAN, tr.KOLOM_KATEGORI[4]  # slot 4: Tidak Berhasil, red
    cells: dict[str, object] = {"A1": "Ringkasan", f"{merah_slot}{b.kepala}": "Tidak Berhasil"}
    for i in range(4):
        cells[f"A{b.awal + i}"] = f"S{i + 1}"
        cells[f"{merah_slot}{b.awal + i}"] = 60 + 12 * i
    g.tulis_lembar(
        Lembar(
            C.RINGKASAN,
            cells=cells,
            gaya={"A1": "judul"},
            baris_tersembunyi=tuple(range(b.awal + 4, b.akhir + 1)),
            kolom_tersembunyi=tuple(h for h in tr.KOLOM_KATEGORI if h != merah_slot),
            area_cetak=tr.AREA_CETAK,
        )
    )
    g.simpan()
    assert len(openpyxl.load_workbook(salinan)[C.RINGKASAN]._charts) == 3  # the template's charts parse
    pdf = konversi(salinan, "pdf", outdir=tmp_path / "pdf")
    subprocess.run(["pdftoppm", "-r", "30", str(pdf), str(tmp_path / "hal")], check=True)
    merah = sum(Gambar.baca(p).hitung((0xD6, 0x27, 0x28)) for p in tmp_path.glob("hal*.ppm"))
    assert merah > 20  # the red bars are drawn from the block the run wrote

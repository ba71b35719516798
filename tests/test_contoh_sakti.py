"""The sample satker ships its budget as SAKTI exports; the demo fills Pagu through the import."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from typer.testing import CliRunner

from kinerja_xl.api import impor_berkas
from kinerja_xl.cli import app, isi_workbook
from kinerja_xl.contoh import _perbaiki, satker_contoh
from kinerja_xl.contoh_sakti import FOLDER_CONTOH, berkas_contoh, buat_contoh
from kinerja_xl.domain.angka import baca_rupiah
from kinerja_xl.gateway.file import FileGateway
from kinerja_xl.template import contract as c


def test_committed_exports_are_what_the_generator_writes(tmp_path: Path) -> None:
    baru = buat_contoh(tmp_path)
    assert [p.name for p in baru] == [p.name for p in berkas_contoh()]
    for p in baru:
        assert p.read_bytes() == (FOLDER_CONTOH / p.name).read_bytes(), (
            f"{p.name} is stale: run python -m kinerja_xl.contoh_sakti"
        )


def test_importing_the_sample_exports_gives_the_sample_budget(tmp_path: Path) -> None:
    data = satker_contoh()
    data.pop(c.PAGU_TABLE.name)
    wb = isi_workbook(tmp_path / "contoh.xlsm", data)
    hasil = impor_berkas(FileGateway(wb), berkas_contoh())
    assert [s["periode"] for s in hasil.as_json()["sumber"]] == [f"2025-{m:02d}" for m in range(1, 13)] + ["2025"]
    assert not [t for t in hasil.temuan if t.tingkat.value != "info"]  # twelve months, December: nothing missing

    asli = _perbaiki(satker_contoh())[c.PAGU_TABLE.name]
    asli = asli[asli["Kode"].str.count(r"\.") == 6].set_index("Kode")
    pagu = FileGateway(wb).baca_tabel(c.PAGU_TABLE).data
    pagu = pagu[pagu["Kode"].str.count(r"\.") == 8]
    pagu.index = pagu["Kode"].str.removeprefix("076.01.")
    assert set(pagu.index) == set(asli.index)
    kolom = ["Pagu", "Realisasi", *(f"RPD {b}" for b in c.BULAN), *(f"Realisasi {b}" for b in c.BULAN)]
    harap = asli[kolom].map(lambda v: baca_rupiah(v) or 0)
    pd.testing.assert_frame_equal(pagu.loc[harap.index, kolom].astype(int), harap.astype(int), check_names=False)
    assert set(pagu["Sumber Dana"]) == {"RM"}
    # the mid-year revisions of the sample: Pagu Awal from the January export
    semua = FileGateway(wb).baca_tabel(c.PAGU_TABLE).data.set_index("Kode")
    assert semua.at["076.01.CQ.6709.QGE.001", "Pagu Awal"] == 588_813_000
    assert semua.at["076.01.WA.3357.EBC.996", "Pagu Awal"] == 211_882_000


def test_demo_fills_pagu_through_the_import(tmp_path: Path) -> None:
    res = CliRunner().invoke(app, ["demo", str(tmp_path)])
    assert res.exit_code == 0, res.output
    assert "Impor selesai: 186 baris akun" in " ".join(res.output.split())
    wb = tmp_path / "LKj_KPU_Kota_Contoh.xlsm"
    ref = FileGateway(wb).baca_tabel(c.REFERENSI_TABLE).data
    assert (ref["Sumber"] == "GLP039 2025-12").sum() > 100  # codes the import brought in

"""Saving is a unit of work on the port: services write, the entry point commits or discards."""

from __future__ import annotations

import inspect
from pathlib import Path

import pandas as pd
import pytest

import kinerja_xl
from kinerja_xl.cli import isi_workbook
from kinerja_xl.contoh import satker_contoh
from kinerja_xl.gateway.base import Lembar, Tanda, WorkbookGateway, satu_kerja
from kinerja_xl.gateway.excel import ExcelGateway
from kinerja_xl.gateway.file import FileGateway
from kinerja_xl.gateway.recording import RecordingGateway
from kinerja_xl.services import hitung, impor, narasi, proses, validasi
from kinerja_xl.template import contract as c


@pytest.fixture(scope="module")
def wb(tmp_path_factory) -> Path:
    return isi_workbook(tmp_path_factory.mktemp("uow") / "LKj.xlsm", satker_contoh())


def test_services_never_take_simpan():
    for fungsi in (hitung.hitung, validasi.validasi, narasi.narasi, proses.proses, impor.impor, impor.impor_berkas):
        assert "simpan" not in inspect.signature(fungsi).parameters, fungsi.__name__


def test_the_port_has_commit_and_discard_and_every_public_method_of_the_excel_door():
    assert {"simpan", "batalkan"} <= WorkbookGateway.__abstractmethods__
    publik = {n for n in vars(ExcelGateway) if not n.startswith("_")} - {"book"}
    assert publik <= set(dir(WorkbookGateway)), publik - set(dir(WorkbookGateway))


def test_recording_discard_goes_back_to_the_last_commit():
    g = RecordingGateway({"tblReferensi": pd.DataFrame({"Kode": ["3565"]})})
    g.tulis_tabel(c.CAPAIAN_TABLE, pd.DataFrame({"kode": ["IK1"]}))
    g.simpan()
    g.tulis_tabel(c.CAPAIAN_TABLE, pd.DataFrame({"kode": ["IK2"]}))
    g.tulis_lembar(Lembar(c.RINGKASAN))
    g.tandai([Tanda(c.PK, "A5", "galat", "x")])
    g.catat_teks_terpotong(c.NARASI, "C2", 40000)
    g.batalkan()
    assert g.tables[c.CAPAIAN_TABLE.name]["Kode Indikator"].tolist() == ["IK1"]
    assert g.lembar == {} and g.tanda == [] and g.ambil_temuan_tulis() == []
    assert set(g.tables) == {"tblReferensi", c.CAPAIAN_TABLE.name}


def test_unit_of_work_commits_on_success_and_discards_on_error():
    g = RecordingGateway(satker_contoh())
    with satu_kerja(g):
        hitung.hitung(g)
    assert g.disimpan == 1 and c.CAPAIAN_TABLE.name in g.tables
    sebelum = dict(g.tables)
    with pytest.raises(RuntimeError), satu_kerja(g):
        validasi.validasi(g)
        raise RuntimeError("gagal di tengah jalan")
    assert g.disimpan == 1 and g.tables == sebelum and c.VALIDASI_TABLE.name not in g.tables
    assert [x[0] for x in g.calls[-2:]] == ["tandai", "batalkan"]


def test_file_discard_drops_buffered_writes(wb: Path):
    isi = wb.read_bytes()
    gw = FileGateway(wb)
    with pytest.raises(RuntimeError), satu_kerja(gw):
        proses.proses(gw)
        raise RuntimeError("gagal")
    assert wb.read_bytes() == isi
    # the discarded writes are gone: a later commit saves the file as it was read, plus this run
    gw.catat_log("Uji", "tanpa hasil proses")
    gw.simpan()
    assert FileGateway(wb).baca_tabel(c.CAPAIAN_TABLE).data.dropna(how="all").empty
    assert wb.with_name(wb.name + ".bak").read_bytes() == isi


def test_python_api_runs_and_saves(wb: Path):
    hasil = kinerja_xl.hitung(FileGateway(wb))
    capaian = FileGateway(wb).baca_tabel(c.CAPAIAN_TABLE).data
    assert len(capaian) == len(hasil.capaian.indikator)
    with kinerja_xl.buka(wb) as gw:
        validasi.validasi(gw)
        narasi.narasi(gw)
    assert len(FileGateway(wb).baca_tabel(c.NARASI_TABLE).data)
    isi = wb.read_bytes()
    with pytest.raises(KeyError), kinerja_xl.buka(wb) as gw:
        proses.proses(gw)
        raise KeyError("gagal")
    assert wb.read_bytes() == isi

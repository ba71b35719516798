"""A satker's Template Narasi applies to every narrative: the LKj, the Narasi sheet, the export (issue 16).

The export carries tblTemplateNarasi as one of its input tables, so ``periksa`` recomputes the
export's Narasi with the same wording and finds the file intact.
"""

from __future__ import annotations

from pathlib import Path

import docx
import pandas as pd
import pytest

from kinerja_xl.contoh import satker_sintetis
from kinerja_xl.gateway.ekspor_xlsx import EksporXlsx, baca_ekspor
from kinerja_xl.gateway.recording import RecordingGateway
from kinerja_xl.narasi import JENIS_RUSAK, template_bawaan
from kinerja_xl.services.dokumen import dokumen_lkj
from kinerja_xl.services.ekspor import ekspor
from kinerja_xl.services.hitung import nilai
from kinerja_xl.services.masukan import baca_masukan
from kinerja_xl.services.narasi import narasi
from kinerja_xl.services.periksa import periksa
from kinerja_xl.services.proses import proses
from kinerja_xl.template import contract as c

PENANDA = "Kalimat ikhtisar milik satker"
OVERRIDE = f"{PENANDA}: {{{{ jumlah_sasaran }}}} sasaran."


def _tabel(override: list[tuple[str, str]] | None) -> dict[str, pd.DataFrame]:
    tabel = satker_sintetis(skala=1, seed=3, bersih=True)
    if override is not None:
        tabel[c.TEMPLATE_NARASI_TABLE.name] = pd.DataFrame(override, columns=c.TEMPLATE_NARASI_TABLE.headers)
    return tabel


def _teks_docx(path: Path) -> str:
    return "\n".join(p.text for p in docx.Document(str(path)).paragraphs)


def _paragraf_narasi(rows: pd.DataFrame) -> list[str]:
    return [str(p) for p in rows["Paragraf"]]


def test_template_narasi_masuk_tabel_masukan_dan_opsional():
    assert c.TEMPLATE_NARASI_TABLE in c.INPUT_TABLES and c.TEMPLATE_NARASI_TABLE in c.TABEL_OPSIONAL
    masukan = baca_masukan(RecordingGateway(_tabel([("ikhtisar", OVERRIDE)])))
    assert masukan.templat is masukan.templat  # compiled once per run
    tanpa = baca_masukan(RecordingGateway(_tabel(None)))
    assert not len(tanpa.tabel[c.TEMPLATE_NARASI_TABLE.name].data)


@pytest.fixture(scope="module")
def ekspor_override(tmp_path_factory) -> tuple[Path, RecordingGateway]:
    g = RecordingGateway(_tabel([("ikhtisar", OVERRIDE)]))
    return ekspor(g, ke=tmp_path_factory.mktemp("ekspor")).berkas, g


def test_override_mengubah_lkj_lembar_narasi_dan_ekspor(ekspor_override, tmp_path):
    berkas, _ = ekspor_override
    g = RecordingGateway(_tabel([("ikhtisar", OVERRIDE)]))
    rows = narasi(g)
    assert any(p.startswith(PENANDA) for p in _paragraf_narasi(rows))
    dokumen_lkj(g, docx=tmp_path / "lkj.docx")
    assert PENANDA in _teks_docx(tmp_path / "lkj.docx")
    dikirim = baca_ekspor(berkas).df(c.NARASI_TABLE)
    assert any(p.startswith(PENANDA) for p in _paragraf_narasi(dikirim))
    # the export carries the override itself, so the province sees the wording's source too
    assert list(baca_ekspor(berkas).df(c.TEMPLATE_NARASI_TABLE)["Kunci"]) == ["ikhtisar"]


def test_tanpa_override_kalimat_bawaan(tmp_path):
    g = RecordingGateway(_tabel(None))
    assert not any(PENANDA in p for p in _paragraf_narasi(narasi(g)))
    dokumen_lkj(g, docx=tmp_path / "lkj.docx")
    assert PENANDA not in _teks_docx(tmp_path / "lkj.docx")


def test_ekspor_dengan_override_tetap_utuh_saat_diperiksa(ekspor_override):
    berkas, _ = ekspor_override
    h = periksa(EksporXlsx(berkas))
    assert h.status == "utuh" and h.kode_keluar == 0, h.pesan()
    assert h.hitung_ulang


def test_periksa_menangkap_override_yang_diubah_setelah_ekspor(ekspor_override, tmp_path):
    """The wording is an input of the export: editing it afterwards is an edit like any other."""
    import openpyxl

    berkas, _ = ekspor_override
    p = tmp_path / "ubah.xlsx"
    p.write_bytes(berkas.read_bytes())
    wb = openpyxl.load_workbook(p)
    ws = wb[c.TEMPLATE_NARASI]
    ws["B5"] = "Kalimat lain: {{ jumlah_sasaran }}."
    wb.save(p)
    h = periksa(EksporXlsx(p))
    assert h.status == "diubah"
    assert any(m.tabel == c.TEMPLATE_NARASI_TABLE.name for m in h.masalah), h.pesan()


def test_override_rusak_tetap_temuan_dengan_kunci_juga_di_ekspor(tmp_path):
    rusak = [("ikhtisar", "Capaian {{ jumlah_sasaran }")]
    g = RecordingGateway(_tabel(rusak))
    rows = narasi(g)
    val = g.tables[c.VALIDASI_TABLE.name]
    baris = val[val["Jenis"] == JENIS_RUSAK.nama]
    assert list(baris["Kode"]) == ["ikhtisar"]
    assert not any(PENANDA in p for p in _paragraf_narasi(rows))  # the shipped wording stands in
    hasil = nilai(baca_masukan(RecordingGateway(_tabel(rusak))))
    assert [t.kode for t in hasil.masukan.templat.temuan] == ["ikhtisar"]
    berkas = ekspor(RecordingGateway(_tabel(rusak)), ke=tmp_path).berkas
    assert periksa(EksporXlsx(berkas)).status == "utuh"


# --- the unit narrative (unit.j2) --------------------------------------------------------------

PENANDA_UNIT = "Paragraf unit versi satker"
OVERRIDE_UNIT = f"{PENANDA_UNIT}: {{{{ unit }}}} dengan {{{{ jumlah_indikator }}}} indikator."


def test_kunci_unit_disebut_di_lembar_template_narasi():
    import openpyxl

    assert "unit" in template_bawaan()
    templat = Path(__file__).resolve().parents[1] / "workbook" / "Template_LKj.xlsm"
    bantuan = openpyxl.load_workbook(templat, keep_vba=True)[c.TEMPLATE_NARASI]["A2"].value
    assert "unit" in [k.strip() for k in bantuan.split("Kunci:")[1].split(".")[0].split(",")]


def test_override_unit_mengubah_capaian_unit_dan_lampiran_lkj(tmp_path):
    g = RecordingGateway(_tabel([("unit", OVERRIDE_UNIT)]))
    proses(g)
    paragraf = list(g.tables[c.NARASI_UNIT_TABLE.name]["Paragraf"])
    assert paragraf and all(p.startswith(PENANDA_UNIT) for p in paragraf)
    assert any("Sekretariat dengan" in p for p in paragraf)
    dokumen_lkj(g, docx=tmp_path / "lkj.docx")
    assert PENANDA_UNIT in _teks_docx(tmp_path / "lkj.docx")
    tanpa = RecordingGateway(_tabel(None))
    proses(tanpa)
    assert not any(PENANDA_UNIT in p for p in tanpa.tables[c.NARASI_UNIT_TABLE.name]["Paragraf"])


def test_override_unit_rusak_dilaporkan_dan_kalimat_bawaan_dipakai():
    # valid syntax, fails when rendered: a name the unit template does not have
    g = RecordingGateway(_tabel([("unit", f"{PENANDA_UNIT} {{{{ nama_pejabat }}}}.")]))
    proses(g)
    paragraf = list(g.tables[c.NARASI_UNIT_TABLE.name]["Paragraf"])
    assert paragraf and not any(PENANDA_UNIT in p for p in paragraf)
    assert all("indikator kinerja pada" in p for p in paragraf)  # the shipped unit.j2
    val = g.tables[c.VALIDASI_TABLE.name]
    rusak = val[val["Jenis"] == JENIS_RUSAK.nama]
    assert list(rusak["Kode"]) == ["unit"]
    assert "nama_pejabat" in rusak["Pesan"].iloc[0]

"""`kinerja-xl migrasi`: a workbook from an older template keeps every typed value."""

from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
from typer.testing import CliRunner

from kinerja_xl.cli import app, isi_workbook, template_bawaan
from kinerja_xl.contoh import satker_contoh
from kinerja_xl.gateway.file import FileGateway
from kinerja_xl.template import contract as c

runner = CliRunner()


def _tabel(path: Path, spec: c.TableSpec) -> pd.DataFrame:
    return FileGateway(path).baca_tabel(spec).data.reindex(columns=spec.headers)


_DIKETIK = (c.PK_TABLE, c.REALISASI_TABLE, c.PAGU_TABLE)


def _migrasi_fixture(tmp_path: Path, versi: int) -> tuple[Path, dict[str, pd.DataFrame]]:
    """tests/fixtures/skemaN_contoh.xlsm copied, its typed PK, Realisasi and Pagu as read, then migrated."""
    path = tmp_path / f"skema{versi}.xlsm"
    path.write_bytes((Path(__file__).parent / "fixtures" / f"skema{versi}_contoh.xlsm").read_bytes())
    lama = {spec.name: FileGateway(path).baca_tabel(spec).data for spec in _DIKETIK}
    res = runner.invoke(app, ["migrasi", str(path)])
    assert res.exit_code == 0, res.output
    assert f"dari skema {versi} ke skema {c.VERSI_SKEMA}" in " ".join(res.output.split())
    return path, lama


def _isian_terbawa(path: Path, lama: dict[str, pd.DataFrame]) -> None:
    """Every typed value of a contract column is in the migrated workbook, row for row."""
    for nama, df in lama.items():
        spec = c.table(nama)
        baru = _tabel(path, spec)
        for kolom in [h for h in df.columns if h in spec.headers]:
            pd.testing.assert_series_equal(baru[kolom], df[kolom].reindex(baru.index), check_dtype=False)


def test_old_workbook_moves_onto_current_template(tmp_path: Path) -> None:
    path = isi_workbook(tmp_path / "lama.xlsm", satker_contoh())
    # Make it look like a workbook from before issue 9: no tblUnit / tblRencanaAksi, an
    # old Versi Skema, and a Target typed into a percentage-formatted number cell.
    wb = openpyxl.load_workbook(path, keep_vba=True)
    ws = wb[c.KONFIGURASI]
    del ws.tables[c.UNIT_TABLE.name]
    for row in ws.iter_rows():
        if row[0].value == c.Kunci.VERSI_SKEMA:
            row[1].value = "0"
    del wb[c.RENCANA_AKSI].tables[c.RENCANA_AKSI_TABLE.name]
    pk = wb[c.PK]
    target = pk.cell(c.BARIS_HEADER + 1, c.PK_TABLE.headers.index("Target") + 1)
    target.value, target.number_format = 0.95, "0%"
    wb.save(path)
    sebelum = {spec.name: _tabel(path, spec) for spec in (c.PK_TABLE, c.REALISASI_TABLE, c.PAGU_TABLE)}

    res = runner.invoke(app, ["migrasi", str(path)])
    assert res.exit_code == 0, res.output
    assert "tblUnit" in res.output and path.with_name(path.name + ".bak").exists()

    for nama, df in sebelum.items():
        baru = _tabel(path, c.table(nama))
        if nama == c.PK_TABLE.name:
            assert baru.at[0, "Target"] == "95%"  # the meaning of the percent cell survives as text
            df.at[0, "Target"], baru.at[0, "Target"] = None, None
        pd.testing.assert_frame_equal(baru, df, check_dtype=False)
    konf = _tabel(path, c.KONFIGURASI_TABLE)
    assert konf.loc[konf["Kunci"] == c.Kunci.VERSI_SKEMA, "Nilai"].iloc[0] == c.VERSI_SKEMA
    assert len(_tabel(path, c.UNIT_TABLE)) == len(c.UNIT_BAWAAN)  # the new table with its defaults
    with zipfile.ZipFile(path) as z, zipfile.ZipFile(template_bawaan()) as t:
        assert z.read("xl/vbaProject.bin") == t.read("xl/vbaProject.bin")  # buttons' macros are back
    assert runner.invoke(app, ["proses", str(path)]).exit_code in (0, 1)


def test_missing_table_message_names_the_fix(tmp_path: Path) -> None:
    path = isi_workbook(tmp_path / "x.xlsm", satker_contoh())
    wb = openpyxl.load_workbook(path, keep_vba=True)
    del wb[c.CAPAIAN].tables[c.CAPAIAN_TABLE.name]
    wb.save(path)
    res = runner.invoke(app, ["hitung", str(path)])
    assert res.exit_code == 2
    assert "kinerja-xl migrasi" in res.output


FIXTURE_SKEMA_1 = Path(__file__).parent / "fixtures" / "skema1_contoh.xlsm"


def test_schema_1_workbook_gains_sumber_dana_and_sumber(tmp_path: Path) -> None:
    """tests/fixtures/skema1_contoh.xlsm: the schema-1 template filled with the sample satker."""
    path = tmp_path / "skema1.xlsm"
    path.write_bytes(FIXTURE_SKEMA_1.read_bytes())
    lama = FileGateway(path)
    assert "Sumber Dana" not in lama.baca_tabel(c.PAGU_TABLE).kolom  # really the old contract
    pagu_lama = _tabel(path, c.PAGU_TABLE).drop(columns=["Sumber Dana"])
    ref_lama = _tabel(path, c.REFERENSI_TABLE)

    res = runner.invoke(app, ["migrasi", str(path)])
    assert res.exit_code == 0, res.output
    assert f"skema 1 ke skema {c.VERSI_SKEMA}" in res.output

    baru = FileGateway(path)
    pagu = baru.baca_tabel(c.PAGU_TABLE)
    assert "Sumber Dana" in pagu.kolom and "Sumber" in baru.baca_tabel(c.REFERENSI_TABLE).kolom
    pd.testing.assert_frame_equal(pagu.data[pagu_lama.columns], pagu_lama, check_dtype=False)
    assert pagu.data["Sumber Dana"].isna().all()  # an old line does not say where its money came from
    ref = _tabel(path, c.REFERENSI_TABLE)
    assert len(ref) == len(ref_lama) > 0
    pd.testing.assert_frame_equal(
        ref[["Kode", "Uraian", "Tingkat"]], ref_lama[["Kode", "Uraian", "Tingkat"]], check_dtype=False
    )
    assert set(ref["Sumber"]) == {"Diketik"}
    konf = _tabel(path, c.KONFIGURASI_TABLE)
    assert konf.loc[konf["Kunci"] == c.Kunci.VERSI_SKEMA, "Nilai"].iloc[0] == c.VERSI_SKEMA


def test_schema_2_workbook_gains_the_lkj_inputs(tmp_path: Path) -> None:
    """Schema 2 -> 3: Profil, Riwayat, Renstra, tblSkalaPredikat with their shipped
    defaults, Konfigurasi 'Tanggal Laporan', the new columns empty; every typed value kept."""
    path, lama = _migrasi_fixture(tmp_path, 2)
    _isian_terbawa(path, lama)
    assert _tabel(path, c.REALISASI_TABLE)["Analisis Keberhasilan"].isna().all()
    assert _tabel(path, c.PAGU_TABLE)["Penjelasan"].isna().all()
    konf = _tabel(path, c.KONFIGURASI_TABLE)
    assert c.Kunci.TANGGAL_LAPORAN in set(konf["Kunci"])
    assert konf.loc[konf["Kunci"] == c.Kunci.VERSI_SKEMA, "Nilai"].iloc[0] == c.VERSI_SKEMA
    profil = _tabel(path, c.PROFIL_TABLE)
    assert list(profil["Kunci"]) == list(c.KUNCI_PROFIL) and profil["Teks"].notna().all()
    skala = _tabel(path, c.SKALA_PREDIKAT_TABLE)
    assert {"SAKIP", "KIP", "Opini BPK", "IKM"} <= set(skala["Skala"])
    assert runner.invoke(app, ["proses", str(path)]).exit_code in (0, 1)


def test_schema_3_workbook_gains_judul_rkt(tmp_path: Path) -> None:
    """Schema 3 -> 4: Konfigurasi gains 'Judul RKT' with the usual title; every typed value kept.
    tests/fixtures/skema3_contoh.xlsm: the schema-3 template filled with the sample satker."""
    fixture = Path(__file__).parent / "fixtures" / "skema3_contoh.xlsm"
    path = tmp_path / "skema3.xlsm"
    path.write_bytes(fixture.read_bytes())
    konf_lama = _tabel(path, c.KONFIGURASI_TABLE)
    assert c.Kunci.JUDUL_RKT not in set(konf_lama["Kunci"])  # really the old contract
    lama = {spec.name: _tabel(path, spec) for spec in (c.PK_TABLE, c.REALISASI_TABLE, c.PAGU_TABLE, c.RENSTRA_TABLE)}
    res = runner.invoke(app, ["migrasi", str(path)])
    assert res.exit_code == 0, res.output
    assert f"dari skema 3 ke skema {c.VERSI_SKEMA}" in " ".join(res.output.split())
    konf = _tabel(path, c.KONFIGURASI_TABLE)
    nilai = dict(zip(konf["Kunci"], konf["Nilai"], strict=True))
    assert nilai[c.Kunci.JUDUL_RKT] == c.JUDUL_RKT_BAWAAN and nilai[c.Kunci.VERSI_SKEMA] == c.VERSI_SKEMA
    for k, v in zip(konf_lama["Kunci"], konf_lama["Nilai"], strict=True):
        if k != c.Kunci.VERSI_SKEMA:
            assert nilai[k] == v, k
    for nama, df in lama.items():
        pd.testing.assert_frame_equal(_tabel(path, c.table(nama)), df, check_dtype=False, obj=nama)


def test_schema_4_workbook_gains_glosarium_and_catatan_teknis(tmp_path: Path) -> None:
    """Schema 4 -> 5: the reading sheets come with the new template; every typed value kept."""
    path, lama = _migrasi_fixture(tmp_path, 4)
    _isian_terbawa(path, lama)
    wb = openpyxl.load_workbook(path, read_only=True)
    assert {c.GLOSARIUM, c.CATATAN_TEKNIS} <= set(wb.sheetnames)
    konf = _tabel(path, c.KONFIGURASI_TABLE)
    assert konf.loc[konf["Kunci"] == c.Kunci.VERSI_SKEMA, "Nilai"].iloc[0] == c.VERSI_SKEMA
    ulang = runner.invoke(app, ["migrasi", str(path)])
    assert ulang.exit_code == 0 and "sudah versi terbaru" in ulang.output


def test_schema_5_workbook_gains_standar_nasional_and_keeps_template_narasi(tmp_path: Path) -> None:
    """Schema 5 -> 6: the Renstra sheet gains tblStandarNasional (empty); every typed value kept, the
    satker's Template Narasi too. tests/fixtures/skema5_contoh.xlsm: the schema-5 template, sample satker."""
    fixture = Path(__file__).parent / "fixtures" / "skema5_contoh.xlsm"
    path = tmp_path / "skema5.xlsm"
    path.write_bytes(fixture.read_bytes())
    with zipfile.ZipFile(path) as z:
        assert not any(b"tblStandarNasional" in z.read(n) for n in z.namelist() if n.startswith("xl/tables/"))
    gw = FileGateway(path)
    override = pd.DataFrame([("sasaran", "Sasaran {{ kode }}: {{ capaian|persen }}.")], columns=["Kunci", "Template"])
    gw.tulis_tabel(c.TEMPLATE_NARASI_TABLE, override)
    gw.simpan()
    specs = (c.PK_TABLE, c.REALISASI_TABLE, c.PAGU_TABLE, c.RENSTRA_TABLE, c.TEMPLATE_NARASI_TABLE)
    lama = {spec.name: _tabel(path, spec) for spec in specs}
    res = runner.invoke(app, ["migrasi", str(path)])
    assert res.exit_code == 0, res.output
    assert f"dari skema 5 ke skema {c.VERSI_SKEMA}" in " ".join(res.output.split())
    for nama, df in lama.items():
        pd.testing.assert_frame_equal(_tabel(path, c.table(nama)), df, check_dtype=False, obj=nama)
    standar = _tabel(path, c.STANDAR_NASIONAL_TABLE)
    assert list(standar.columns) == ["Kode Indikator", "Standar", "Sumber"] and standar.dropna(how="all").empty
    konf = _tabel(path, c.KONFIGURASI_TABLE)
    assert konf.loc[konf["Kunci"] == c.Kunci.VERSI_SKEMA, "Nilai"].iloc[0] == c.VERSI_SKEMA


def test_schema_6_workbook_moves_onto_schema_7(tmp_path: Path) -> None:
    """Schema 6 -> 7 (tblAnggaran's total row, Ringkasan's template charts): every typed value kept.
    tests/fixtures/skema6_contoh.xlsm: the schema-6 template, sample satker."""
    path, lama = _migrasi_fixture(tmp_path, 6)
    _isian_terbawa(path, lama)
    assert openpyxl.load_workbook(path)[c.ANGGARAN].tables[c.ANGGARAN_TABLE.name].totalsRowCount == 1
    konf = _tabel(path, c.KONFIGURASI_TABLE)
    assert konf.loc[konf["Kunci"] == c.Kunci.VERSI_SKEMA, "Nilai"].iloc[0] == c.VERSI_SKEMA == "7"
    # the migrated workbook is the fresh template: the Ringkasan's three charts are there
    assert len(openpyxl.load_workbook(path)[c.RINGKASAN]._charts) == 3

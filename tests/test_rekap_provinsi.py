"""process -> ekspor -> periksa -> rekap on several generated satker."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import openpyxl
import pytest
import typer
from typer.testing import CliRunner

from kinerja_xl.cli_provinsi import daftarkan
from kinerja_xl.contoh import satker_sintetis
from kinerja_xl.gateway.ekspor_xlsx import KumpulanXlsx
from kinerja_xl.gateway.recording import RecordingGateway
from kinerja_xl.services.ekspor import ekspor
from kinerja_xl.services.proses import proses
from kinerja_xl.services.rekap import rekap
from kinerja_xl.template import contract as c


def _tabel(seed, **kw):
    return satker_sintetis(skala=1, seed=seed, bersih=True, **kw)


@pytest.fixture(scope="module")
def provinsi(tmp_path_factory):
    folder = tmp_path_factory.mktemp("prov")
    totals = {}
    for seed in range(4):
        gw = RecordingGateway(_tabel(seed))
        hp = proses(gw)
        assert not hp.ada_galat
        h = ekspor(gw, ke=folder)
        totals[h.kode_satker] = hp.hasil.anggaran.total
    return folder, totals


def test_rekap_semua_diterima_dan_total_tepat(provinsi, tmp_path):
    folder, totals = provinsi
    h = rekap(
        KumpulanXlsx([folder]),
        tmp_path / "Rekap.xlsx",
        json_out=tmp_path / "r.json",
        csv_dir=tmp_path / "csv",
        pekerja=2,
    )
    assert h.kode_keluar == 0 and not h.ditolak
    assert [s.kode_satker for s in h.diterima] == sorted(totals)
    assert h.total["pagu"] == sum(t["pagu"] for t in totals.values())
    assert h.total["realisasi"] == sum(t["realisasi"] for t in totals.values())
    for s in h.diterima:
        assert (s.pagu, s.realisasi) == (totals[s.kode_satker]["pagu"], totals[s.kode_satker]["realisasi"])
    ws = openpyxl.load_workbook(h.keluar)["Per Satker"]
    header = [c.value for c in ws[1]]
    kp = header.index("Pagu") + 1
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    assert rows[-1][0] == "TOTAL PROVINSI"
    assert sum(r[kp - 1] for r in rows[:-1]) == rows[-1][kp - 1] == h.total["pagu"]
    wb = openpyxl.load_workbook(h.keluar)
    assert {"Ringkasan", "Per Satker", "Peringkat", "Capaian Sasaran", "Indikator Bersama", "Ditolak"} <= set(
        wb.sheetnames
    )
    bersama = wb["Indikator Bersama"]
    assert bersama.max_row > 2 and bersama["B3"].value == 4  # the synthetic satker share their indikator
    doc = json.loads((tmp_path / "r.json").read_text())
    assert doc["total"]["pagu"] == h.total["pagu"] and len(doc["satker"]) == 4
    with open(tmp_path / "csv" / "anggaran.csv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert {r["kode_satker"] for r in rows} == set(totals)
    # budget lines of every satker, none dropped or doubled
    per = {}
    for r in rows:
        per[r["kode_satker"]] = per.get(r["kode_satker"], 0) + 1
    assert all(n == len(next(s for s in h.diterima if s.kode_satker == k).anggaran) for k, n in per.items())


def test_satu_berkas_rusak_tidak_menghentikan_rekap(provinsi, tmp_path):
    folder, totals = provinsi
    kerja = tmp_path / "masuk"
    shutil.copytree(folder, kerja)
    korban = sorted(kerja.glob("*.xlsx"))[1]
    wb = openpyxl.load_workbook(korban)
    wb["Pagu"]["C7"] = 1
    wb.save(korban)
    (kerja / "catatan.xlsx").write_text("bukan workbook")
    h = rekap(KumpulanXlsx([kerja]), tmp_path / "Rekap.xlsx", pekerja=2)
    assert h.kode_keluar == 1
    alasan = {Path(d.berkas).name: d for d in h.ditolak}
    assert alasan["catatan.xlsx"].jenis == "bukan_ekspor"
    assert alasan[korban.name].jenis == "baris_diubah" and "tblPagu" in alasan[korban.name].alasan
    assert len(h.diterima) == 3
    assert h.total["pagu"] == sum(t["pagu"] for k, t in totals.items() if k != alasan[korban.name].kode_satker)


def test_satker_ganda_dan_tahun_campur(provinsi, tmp_path):
    folder, totals = provinsi
    kerja = tmp_path / "masuk"
    shutil.copytree(folder, kerja)
    pertama = sorted(kerja.glob("*.xlsx"))[0]
    shutil.copy(pertama, kerja / "salinan.xlsx")
    lain_tahun = tmp_path / "2024"
    ekspor(RecordingGateway(_tabel(9, tahun=2024)), ke=lain_tahun)
    baru = tmp_path / "revisi"
    t = _tabel(2)
    ekspor(RecordingGateway(t), ke=baru)  # satker 700002 sends a second, later export
    revisi = baru / "LKj_700002_2025.xlsx"
    shutil.copy(revisi, kerja / "LKj_700002_2025_revisi.xlsx")
    h = rekap(KumpulanXlsx([kerja, *lain_tahun.glob("*.xlsx")]), tmp_path / "out", pekerja=2)
    jenis = sorted((Path(d.berkas).name, d.jenis) for d in h.ditolak)
    assert ("LKj_700009_2024.xlsx", "tahun_berbeda") in jenis
    assert ("salinan.xlsx", "satker_ganda") in jenis or (pertama.name, "satker_ganda") in jenis
    assert ("LKj_700002_2025.xlsx", "satker_ganda") in jenis  # the earlier of the two
    assert sorted(s.kode_satker for s in h.diterima) == sorted(totals)  # each satker counted once
    assert h.total["pagu"] == sum(t["pagu"] for t in totals.values())
    assert h.keluar.name == f"Rekap_{h.diterima[0].provinsi.replace(' ', '_')}_2025.xlsx"


def test_tanpa_berkas_baik_kode_2(tmp_path):
    (tmp_path / "a.xlsx").write_text("x")
    h = rekap(KumpulanXlsx([tmp_path]), tmp_path / "Rekap.xlsx", pekerja=1)
    assert h.kode_keluar == 2 and not (tmp_path / "Rekap.xlsx").exists()


def test_cli_kunci_ekspor_periksa_rekap(provinsi, tmp_path):
    folder, _ = provinsi
    app = typer.Typer()
    daftarkan(app)

    @app.command()
    def versi() -> None:  # a second command so Typer keeps sub-command names
        pass

    r = CliRunner()
    kunci = tmp_path / "satker.pem"
    hasil = r.invoke(app, ["kunci", "buat", "--satker", "700099", str(kunci)])
    assert hasil.exit_code == 0 and hasil.stdout.startswith("700099,,")
    assert (
        r.invoke(app, ["kunci", "buat", "--satker", "700099", str(kunci)]).exit_code == 2
    )  # never overwritten silently
    daftar = tmp_path / "daftar.csv"
    daftar.write_text(
        "kode_satker,nama_satker,kunci_publik,berlaku_mulai,dicabut\n" + hasil.stdout.splitlines()[0] + ",,\n",
        encoding="utf-8",
    )
    berkas = sorted(folder.glob("*.xlsx"))[0]
    hasil = r.invoke(app, ["periksa", str(berkas)])
    assert hasil.exit_code == 0 and "utuh" in hasil.output
    hasil = r.invoke(app, ["periksa", str(berkas), "--daftar-kunci", str(daftar)])
    assert hasil.exit_code == 1 and "tidak bertanda tangan" in hasil.output
    hasil = r.invoke(app, ["rekap", str(folder), "--keluar", str(tmp_path / "R.xlsx"), "--pekerja", "1"])
    assert hasil.exit_code == 0 and "SHA-256" in hasil.output
    hasil = r.invoke(
        app,
        ["rekap", str(folder), "--keluar", str(tmp_path / "R2.xlsx"), "--daftar-kunci", str(daftar), "--pekerja", "1"],
    )
    assert hasil.exit_code == 2  # none of these exports was signed with a registered key


def test_waktu_ekspor_dibandingkan_sebagai_instan():
    from kinerja_xl.services.rekap import waktu_instan

    wita = waktu_instan("2025-01-10T10:00:00+08:00")  # 02:00 UTC
    wib = waktu_instan("2025-01-10T09:30:00+07:00")  # 02:30 UTC: later, though its clock reads earlier
    wit = waktu_instan("2025-01-10T11:15:00+09:00")  # 02:15 UTC
    assert wita < wit < wib
    assert waktu_instan("bukan waktu") < wita


def test_daftar_belum_mengirim_provinsi_lain_csv_excel_dan_cetak_a4(provinsi, tmp_path):
    folder, totals = provinsi
    kiriman = tmp_path / "kiriman"
    shutil.copytree(folder, kiriman)
    tabel = _tabel(9)
    konf = tabel[c.KONFIGURASI_TABLE.name]
    konf.loc[konf["Kunci"] == c.Kunci.PROVINSI, "Nilai"] = "Provinsi Lain"
    konf.loc[konf["Kunci"] == c.Kunci.KODE_SATKER, "Nilai"] = "799999"
    lain = ekspor(RecordingGateway(tabel), ke=kiriman).berkas
    daftar = [(k, f"Satker {k}") for k in sorted(totals)] + [("800001", "KPU Kab. Belum"), ("800002", "KPU Kota Belum")]
    h = rekap(
        KumpulanXlsx([kiriman]),
        tmp_path / "R.xlsx",
        json_out=tmp_path / "r.json",
        csv_dir=tmp_path / "csv",
        csv_excel=tmp_path / "csvx",
        daftar_satker=daftar,
        pekerja=1,
    )
    assert sorted(s.kode_satker for s in h.diterima) == sorted(totals)
    assert [(Path(d.berkas).name, d.jenis) for d in h.ditolak] == [(lain.name, "provinsi_berbeda")]
    assert h.belum_mengirim == [("800001", "KPU Kab. Belum"), ("800002", "KPU Kota Belum")]
    js = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert [b["kode_satker"] for b in js["belum_mengirim"]] == ["800001", "800002"]
    assert all(s["tanda_tangan"] == {"status": "tidak_ada", "kode_satker": ""} for s in js["satker"])
    assert (tmp_path / "csv" / "belum_mengirim.csv").read_text(encoding="utf-8").splitlines()[
        1
    ] == "800001,KPU Kab. Belum"
    excel = (tmp_path / "csvx" / "satker.csv").read_bytes()
    assert excel.startswith(b"\xef\xbb\xbf") and b";" in excel.splitlines()[0]
    mesin = (tmp_path / "csv" / "satker.csv").read_text(encoding="utf-8").splitlines()
    baris_x = excel.decode("utf-8-sig").splitlines()
    kol = mesin[0].split(",")
    j = kol.index("penyerapan")
    assert baris_x[1].split(";")[j] == mesin[1].split(",")[j].replace(".", ",")
    wb = openpyxl.load_workbook(tmp_path / "R.xlsx")
    assert "Belum Mengirim" in wb.sheetnames
    for ws in wb.worksheets:
        assert ws.page_setup.paperSize == 9 and ws.page_setup.orientation == "landscape", ws.title
        assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth in (None, 1)  # 1 is the default
        assert ws.page_setup.fitToHeight == 0
    assert wb["Per Satker"].print_title_rows == "$1:$1"


def _grafik_xml(path: Path) -> dict[str, str]:
    import zipfile

    with zipfile.ZipFile(path) as z:
        return {n: z.read(n).decode("utf-8") for n in z.namelist() if n.startswith("xl/charts/chart")}


def test_grafik_rekap_dari_nol_dengan_warna_kategori_satker(provinsi, tmp_path):
    """The rekap's charts come from Grafik specs drawn by the one XlsxWriter writer: value axes
    start at zero, Berhasil is the satker workbook's green, one horizontal bar per satker."""
    from kinerja_xl.template.cetak import WARNA_GRAFIK

    folder, totals = provinsi
    h = rekap(KumpulanXlsx([folder]), tmp_path / "Rekap.xlsx", pekerja=1)
    grafik = _grafik_xml(h.keluar)
    assert len(grafik) == 3
    pie = [x for x in grafik.values() if "<c:pieChart>" in x]
    batang = [x for x in grafik.values() if "<c:barChart>" in x]
    assert len(pie) == 1 and len(batang) == 2
    assert f'val="{WARNA_GRAFIK["Berhasil"]}"' in pie[0]
    for x in batang:
        assert '<c:barDir val="bar"/>' in x  # horizontal: satker names are the category labels
        assert '<c:min val="0' in x.split("<c:valAx>")[1]
        assert f"'Per Satker'!$B$2:$B${len(totals) + 1}" in x
    assert any(f'val="{WARNA_GRAFIK["Berhasil"]}"' in x for x in batang)


def test_grafik_per_satker_tumbuh_dengan_jumlah_satker():
    from kinerja_xl.services.rekap import grafik_per_satker

    kol = ["Kode Satker", "Nama Satker", "Jumlah Indikator", "Berhasil", "Tidak Dihitung", "Penyerapan (%)"]
    kecil, besar = (
        grafik_per_satker(5, ["Berhasil", "Tidak Dihitung"], kol),
        grafik_per_satker(60, ["Berhasil", "Tidak Dihitung"], kol),
    )
    assert grafik_per_satker(0, ["Berhasil"], kol) == []
    assert all(g.sumbu_min == 0 and g.mendatar and g.lembar_data == "Per Satker" for g in kecil + besar)
    assert besar[0].tinggi_cm > kecil[0].tinggi_cm and besar[0].tinggi_cm >= 0.5 * 60
    assert besar[0].seri == (("Penyerapan (%)", "F2:F61"),)
    assert besar[1].seri[0] == ("Berhasil", "D2:D61") and besar[1].warna[0] == "2CA02C"


def test_grafik_ekspor_dari_nol_lewat_penulis_yang_sama(provinsi):
    """The export's Ringkasan charts are drawn by the same writer: every value axis starts at zero."""
    folder, _ = provinsi
    grafik = _grafik_xml(sorted(folder.glob("LKj_*.xlsx"))[0])
    assert grafik
    for x in grafik.values():
        assert '<c:min val="0' in x.split("<c:valAx>")[1]


def test_judul_kolom_rekap_muat_tidak_terpotong(provinsi, tmp_path):
    """Every header row of the rekap wraps and is tall enough for its longest header; columns fit totals."""
    from kinerja_xl.services.rekap import baris_teks

    assert baris_teks("Peringkat", 11) == 1 and baris_teks("Jumlah Indikator", 12) == 2
    assert baris_teks("700000 KPU Kota Tanjung Sari", 16) >= 2 and baris_teks("x" * 30, 10) >= 3
    folder, _ = provinsi
    h = rekap(KumpulanXlsx([folder]), tmp_path / "Rekap.xlsx", pekerja=1)
    wb = openpyxl.load_workbook(h.keluar)
    for nama, baris_judul in (("Per Satker", 1), ("Peringkat", 2), ("Capaian Sasaran", 1), ("Indikator Bersama", 2)):
        ws = wb[nama]
        tinggi = ws.row_dimensions[baris_judul].height
        for sel in ws[baris_judul]:
            if sel.value:
                lebar = _lebar(ws, sel.column)
                assert sel.alignment.wrap_text, (nama, sel.value)
                assert tinggi >= 15 * baris_teks(sel.value, lebar), (nama, sel.value, tinggi)
    ws = wb["Per Satker"]
    judul = [s.value for s in ws[1]]
    for k in ("Pagu", "Realisasi"):  # a province of 514 satker's total in rupiah, bold, fits (never ###)
        assert _lebar(ws, judul.index(k) + 1) >= len(f"{514 * 12_000_000_000:,}") + 2


def _lebar(ws, kolom: int) -> float:
    """A column's width (openpyxl keeps a run of equal widths under the run's first column)."""
    for d in ws.column_dimensions.values():
        if d.min and d.max and d.min <= kolom <= d.max and d.customWidth:
            return d.width
    return 8.43


@pytest.mark.parametrize(
    "realisasi,pagu",
    [(9_786_410_995, 10_499_312_980), (1, 8), (5, 1000), (-5, 1000), (1, 3), (0, 7), (7, 0), (2, -3), (-1, -200_000)],
)
def test_persen_kanonik_sama_dengan_bulatkan(realisasi, pagu):
    """The rekap's integer penyerapan text equals the engine's half-up rounding, ties and signs included."""
    from fractions import Fraction

    from kinerja_xl.domain import kanonik
    from kinerja_xl.domain.angka import bulatkan
    from kinerja_xl.services.rekap import persen_kanonik

    harap = kanonik.nilai_kanonik(bulatkan(Fraction(realisasi * 100, pagu))) if pagu else ""
    assert persen_kanonik(realisasi, pagu) == harap

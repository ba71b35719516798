"""`kinerja-xl impor`: the budget comes in from the satker's own SAKTI exports (issue 15).

The real exports are tests/fixtures/sakti/ (see tests/fixtures/SUMBER.md); a KPU satker's
export has the same layout with BA 076, so the tests patch only that cell in the sheet XML.
"""

from __future__ import annotations

import io
import json
from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest
import sakti_data as sd
from typer.testing import CliRunner

from kinerja_xl.api import impor_berkas
from kinerja_xl.cli import app, isi_workbook
from kinerja_xl.contoh_sakti import dengan_induk, grid_glp039, tulis_csv, tulis_monsakti, tulis_xlsx
from kinerja_xl.domain.sakti import BarisAnggaran, baca_laporan
from kinerja_xl.gateway.file import FileGateway
from kinerja_xl.template import contract as c

runner = CliRunner()
BULAN = c.BULAN


@pytest.fixture
def wb(tmp_path: Path) -> Path:
    """An empty workbook from the current template (Konfigurasi as shipped: satker, tahun empty)."""
    return isi_workbook(tmp_path / "LKj.xlsm", {})


@pytest.fixture
def jan(tmp_path: Path) -> Path:
    return sd.ba_076(sd.JANUARI, tmp_path)


@pytest.fixture
def okt(tmp_path: Path) -> Path:
    return sd.ba_076(sd.OKTOBER, tmp_path)


def _impor(wb: Path, *sumber: Path, opsi: tuple[str, ...] = ()) -> tuple[int, str, dict | None]:
    out = wb.with_name("impor.json")
    out.unlink(missing_ok=True)
    res = runner.invoke(app, ["impor", str(wb), *map(str, sumber), "--json", str(out), *opsi])
    assert "Traceback" not in res.output
    return res.exit_code, res.output, json.loads(out.read_text()) if out.exists() else None


def _pagu(wb: Path) -> pd.DataFrame:
    return FileGateway(wb).baca_tabel(c.PAGU_TABLE).data.set_index("Kode")


def _validasi(wb: Path) -> list[dict]:
    out = wb.with_name("validasi.json")
    res = runner.invoke(app, ["validasi", str(wb), "--json", str(out)])
    assert res.exit_code in (0, 1), res.output
    return json.loads(out.read_text())["temuan"]


# --- the real exports ----------------------------------------------------------------------------


@pytest.mark.parametrize("asal", [sd.JANUARI, sd.OKTOBER], ids=["januari", "oktober"])
def test_real_export_imports_to_the_rupiah(wb: Path, tmp_path: Path, asal: Path) -> None:
    code, out, hasil = _impor(wb, sd.ba_076(asal, tmp_path))
    assert code == 0, out
    realisasi = sd.REALISASI_OKTOBER if asal == sd.OKTOBER else 0
    assert hasil["total"] == {"pagu": sd.PAGU_NYATA, "realisasi": realisasi}
    assert hasil["rekonsiliasi"] == {"pagu": 0, "realisasi": 0}
    assert hasil["baris_akun"] == sd.AKUN[asal.name] and hasil["baris_induk"] > 0
    periode = "2025-10" if asal == sd.OKTOBER else "2025-01"
    assert hasil["sumber"] == [{"berkas": asal.name, "jenis": "GLP039", "periode": periode, "kode_satker": "427768"}]
    assert hasil["baris_diganti"] == 0 and hasil["referensi_baru"] == hasil["baris_akun"] + hasil["baris_induk"]

    pagu = _pagu(wb)
    assert pagu.at["076.01.WA.6336.EBA.963", "Uraian"] == "Layanan Data dan Informasi"
    assert pagu.at["076.01.WA.6336.EBA.963.126.A.521211", "Pagu"] == 7_290_000  # SAKTI's 126.0A is A
    temuan = _validasi(wb)
    assert not [t for t in temuan if t["tingkat"] == "galat" and t["lembar"] in (c.PAGU, c.REFERENSI)]
    assert not [t for t in temuan if t["jenis"] == "kode_tidak_dikenal"]
    konf = FileGateway(wb).baca_tabel(c.KONFIGURASI_TABLE).data.set_index("Kunci")["Nilai"]
    assert (konf[c.Kunci.KODE_SATKER], konf[c.Kunci.TAHUN], konf[c.Kunci.BASIS_REALISASI]) == ("427768", "2025", "SP2D")
    assert konf[c.Kunci.NAMA_SATKER] == "SEKRETARIAT KEMENKO BIDANG PMK"
    ref = FileGateway(wb).baca_tabel(c.REFERENSI_TABLE).data.set_index("Kode")
    assert ref.at["076.01.WA.6336.EBA.963", "Sumber"] == f"GLP039 {periode}"


def test_two_real_months_give_january_and_october_and_say_what_is_missing(wb: Path, jan: Path, okt: Path) -> None:
    code, out, hasil = _impor(wb, okt, jan)  # any order
    assert code == 0, out
    assert hasil["total"] == {"pagu": sd.PAGU_NYATA, "realisasi": sd.REALISASI_OKTOBER}
    pagu = _pagu(wb)
    baris = "076.01.WA.6336.EBA.963.127.C.521211"
    assert pagu.at[baris, "Realisasi"] == 7_422_000  # October's s.d.
    assert pagu.at[baris, "Realisasi Okt"] == 3_795_000 and pagu.at[baris, "Realisasi Jan"] == 0
    assert all(pagu[f"Realisasi {b}"].isna().all() for b in BULAN[1:9])  # Feb..Sep: not given
    assert pagu.at[baris, "Pagu Awal"] == 18_780_000 and pagu.at[baris, "Pagu"] == 43_300_000
    gone = "076.01.WA.6336.EBA.963.126.C.524113"  # in January only: kept with Pagu 0
    assert (pagu.at[gone, "Pagu"], pagu.at[gone, "Pagu Awal"]) == (0, 340_000)
    teks = " ".join(out.split())
    assert "Realisasi Feb–Sep" in teks and "Rp 562.458.585" in teks  # known only as one total
    assert not [t for t in _validasi(wb) if t["tingkat"] == "galat" and t["lembar"] == c.PAGU]


def test_twelve_months_fill_every_month_and_chain(wb: Path, tmp_path: Path) -> None:
    berkas = sd.seri_12_bulan(tmp_path)
    code, out, hasil = _impor(wb, *reversed(berkas))
    assert code == 0, out
    pagu = _pagu(wb)
    bulanan = pagu[[f"Realisasi {b}" for b in BULAN]]
    assert bulanan.notna().all().all()
    assert (bulanan.sum(axis=1) == pagu["Realisasi"]).all()
    assert hasil["total"]["realisasi"] == sd.REALISASI_OKTOBER
    assert "tidak ada berkas" not in out and "Desember" not in out


def test_months_that_do_not_chain_exit_1_naming_the_line(wb: Path, tmp_path: Path) -> None:
    berkas = sd.seri_12_bulan(tmp_path)
    lap = baca_laporan(sd.baris_nyata(berkas[9]), "okt")
    akun = [replace(a, lalu=a.lalu + 1000, sd=a.sd + 1000) if i == 0 else a for i, a in enumerate(lap.akun)]
    nama = {b.segmen: b.uraian for b in lap.baris}
    tulis_xlsx(grid_glp039(replace(lap, baris=dengan_induk(akun, nama))), berkas[9])
    sebelum = wb.read_bytes()
    code, out, hasil = _impor(wb, berkas[8], berkas[9])
    assert code == 1
    teks = " ".join(out.split())
    assert "tidak bersambung" in teks and "akun WA.6336.EBA.963.126.A.521211" in teks and "Rp 1.000" in teks
    assert wb.read_bytes() == sebelum


def test_totals_that_do_not_reconcile_exit_1_with_the_difference(wb: Path, okt: Path, tmp_path: Path) -> None:
    rows = sd.baris_nyata(okt)
    i = next(i for i, r in enumerate(rows) if r[7] == "524113" and r[16] == 510_000.0)
    rows[i][16] = 520_000.0  # one akun's pagu retyped
    csv_ = tulis_csv(rows, tmp_path / "glp039.csv")
    sebelum = wb.read_bytes()
    code, out, hasil = _impor(wb, csv_)
    assert code == 1
    teks = " ".join(out.split())
    assert "berbeda Rp 10.000 dari JUMLAH SELURUHNYA" in teks
    assert f"akun WA.6336.EBA.963.127.B.524113 (baris {i + 1})" not in teks  # an akun has no children
    assert "sub-komponen WA.6336.EBA.963.127.B (baris" in teks  # the parent that no longer adds up
    assert hasil["rekonsiliasi"] == {"pagu": 10_000, "realisasi": 0}
    assert wb.read_bytes() == sebelum


def test_semicolon_csv_with_indonesian_numbers_reads_as_the_xlsx(wb: Path, okt: Path, tmp_path: Path) -> None:
    csv_ = tulis_csv(sd.baris_nyata(okt), tmp_path / "GLP039_okt.csv")
    assert "906.800.000" in csv_.read_text() and ";" in csv_.read_text()
    code, out, hasil = _impor(wb, csv_)
    assert code == 0, out
    assert hasil["total"] == {"pagu": sd.PAGU_NYATA, "realisasi": sd.REALISASI_OKTOBER}
    assert hasil["baris_akun"] == 23


def test_expanded_export_with_page_layout_imports_exactly(wb: Path, tmp_path: Path) -> None:
    besar, lap = sd.perbesar(sd.OKTOBER, tmp_path / "GLP039_besar.xlsx")
    rows = sd.baris_nyata(besar)
    catatan = [i for i, r in enumerate(rows) if isinstance(r[1], str) and r[1].startswith("*Lock Pagu")]
    ulang = [i for i in catatan if i + 1 < len(rows) and rows[i + 1] == rows[i - 1]]
    assert len(rows) >= 5000 and len(catatan) >= 60 and len(ulang) >= 30
    code, out, hasil = _impor(wb, besar)
    assert code == 0, out
    assert hasil["baris_akun"] == len(lap.akun) == 100 * 23
    assert hasil["total"] == {"pagu": 100 * sd.PAGU_NYATA, "realisasi": 100 * sd.REALISASI_OKTOBER}


# --- MonSAKTI detail ----------------------------------------------------------------------------


def _monsakti(tmp_path: Path, kode_satker: str = "427768", acak: bool = False) -> tuple[Path, list[BarisAnggaran]]:
    lap = sd.laporan_nyata(sd.OKTOBER)
    akun = [
        replace(
            a,
            rpd=tuple([a.pagu // 12] * 11 + [a.pagu - 11 * (a.pagu // 12)]),
            sumber_dana="HIBAH" if a.segmen[4] == "126" else "RM",
        )
        for a in lap.akun
    ]
    nama_sub = {b.segmen: b.uraian for b in lap.baris if b.tingkat == "subkomponen"}
    path = tulis_monsakti(akun, kode_satker, tmp_path / "detail.csv", nama_sub)
    if acak:  # columns in another order: matched by header names, never positions
        df = pd.read_csv(path, dtype=str, keep_default_na=False)
        df[list(reversed(df.columns))].to_csv(path, index=False)
    return path, akun


@pytest.mark.parametrize("acak", [False, True], ids=["urutan-asli", "kolom-diacak"])
def test_monsakti_detail_gives_pagu_rpd_and_keeps_sumber_dana_apart(wb: Path, tmp_path: Path, acak: bool) -> None:
    path, akun = _monsakti(tmp_path, acak=acak)
    code, out, hasil = _impor(wb, path)
    assert code == 0, out
    assert hasil["sumber"] == [
        {"berkas": "detail.csv", "jenis": "MONSAKTI_DETAIL", "periode": "", "kode_satker": "427768"}
    ]
    assert hasil["baris_akun"] == len(akun) and hasil["total"]["pagu"] == sd.PAGU_NYATA
    pagu = _pagu(wb)
    baris = pagu.loc["076.01.WA.6336.EBA.963.126.A.521211"]
    assert baris["Sumber Dana"] == "HIBAH" and baris["RPD Jan"] == 7_290_000 // 12
    assert pagu.at["076.01.WA.6336.EBA.963.127.A.521211", "Sumber Dana"] == "RM"
    assert pd.isna(pagu.at["076.01.WA.6336.EBA.963", "Sumber Dana"])  # a parent over both
    assert pagu.at["076.01.WA.6336.EBA.963", "Pagu"] == sd.PAGU_NYATA
    assert pagu.at["076.01.WA.6336.EBA.963.126.A", "Uraian"] == "Sistem Pemerintahan Berbasis Elektronik"
    assert not [t for t in _validasi(wb) if t["tingkat"] == "galat" and t["lembar"] == c.PAGU]


def test_monsakti_next_to_glp039_gives_the_rpd(wb: Path, okt: Path, tmp_path: Path) -> None:
    path, _ = _monsakti(tmp_path)
    code, out, hasil = _impor(wb, okt, path)
    assert code == 0, out
    pagu = _pagu(wb)
    assert pagu.at["076.01.WA.6336.EBA.963.127.C.521211", "RPD Des"] == 43_300_000 - 11 * (43_300_000 // 12)
    assert pagu.at["076.01.WA.6336.EBA.963", "RPD Jan"] == sum(
        a // 12 for a in [b.pagu for b in sd.laporan_nyata(sd.OKTOBER).akun]
    )
    assert hasil["total"]["realisasi"] == sd.REALISASI_OKTOBER
    assert "tidak ada di GLP039" not in " ".join(out.split())


def test_monsakti_lines_missing_from_glp039_are_named(wb: Path, okt: Path, tmp_path: Path) -> None:
    akun = sd.laporan_nyata(sd.OKTOBER).akun
    lain = replace(akun[0], segmen=(*akun[0].segmen[:6], "521811"), rpd=(1000,) * 12, pagu=12_000)
    path = tulis_monsakti([*akun, lain], "427768", tmp_path / "detail.csv")
    code, out, _ = _impor(wb, okt, path)
    teks = " ".join(out.split())
    assert code == 0 and "1 akun MonSAKTI tidak ada di GLP039 (mis. WA.6336.EBA.963.126.A.521811)" in teks
    assert "076.01.WA.6336.EBA.963.126.A.521811" not in set(_pagu(wb).index)


# --- bad input: a clear message, nothing written ------------------------------------------------


def _ditolak(wb: Path, *sumber: Path, potongan: tuple[str, ...], kode: int = 2, opsi: tuple[str, ...] = ()) -> str:
    sebelum = wb.read_bytes()
    code, out, _ = _impor(wb, *sumber, opsi=opsi)
    teks = " ".join(out.split())
    assert code == kode, out
    for p in potongan:
        assert p in teks, teks
    assert wb.read_bytes() == sebelum and not wb.with_name(wb.name + ".bak").exists()
    return teks


def test_unknown_layout_says_what_is_recognised(wb: Path, tmp_path: Path) -> None:
    lain = tmp_path / "laporan_lain.csv"
    lain.write_text("Nama;Jumlah\nATK;1.000\n", encoding="utf-8")
    _ditolak(
        wb,
        lain,
        potongan=(
            "bukan laporan SAKTI yang dikenali",
            "GLP039",
            "LAPORAN KETERSEDIAAN DANA DETAIL",
            "MonSAKTI",
            "KODE_AKUN",
        ),
    )


@pytest.mark.parametrize("jenis", ["sampah", "kosong", "sandi", "html"])
def test_unreadable_files_are_refused_without_a_traceback(wb: Path, tmp_path: Path, jenis: str) -> None:
    path = tmp_path / "GLP039.xlsx"
    if jenis == "sampah":
        path.write_bytes(bytes(range(256)) * 20)
        potongan = ("bukan berkas spreadsheet",)
    elif jenis == "kosong":
        path.write_bytes(b"")
        potongan = ("berkas kosong",)
    elif jenis == "sandi":
        from msoffcrypto.format.ooxml import OOXMLFile  # comes with oletools

        buf = io.BytesIO()
        with open(sd.JANUARI, "rb") as f:
            OOXMLFile(f).encrypt("rahasia", buf)
        path.write_bytes(buf.getvalue())
        potongan = ("dilindungi kata sandi",)
    else:
        path = tmp_path / "GLP039.xls"
        path.write_text("<html><body><table><tr><td>LAPORAN KETERSEDIAAN DANA DETAIL</td></tr></table></body></html>")
        potongan = ("halaman HTML", "Simpan Sebagai")
    _ditolak(wb, path, potongan=("tidak dapat diimpor", *potongan))


def test_another_satker_than_konfigurasi_is_refused(wb: Path, okt: Path) -> None:
    gw = FileGateway(wb)
    konf = gw.baca_tabel(c.KONFIGURASI_TABLE).data
    konf.loc[konf["Kunci"] == c.Kunci.KODE_SATKER, "Nilai"] = "654987"
    gw.tulis_tabel(c.KONFIGURASI_TABLE, konf)
    gw.simpan()
    wb.with_name(wb.name + ".bak").unlink()
    _ditolak(wb, okt, potongan=("milik satker 427768", "Kode Satker", "654987"))


def test_a_year_other_than_konfigurasi_is_refused(wb: Path, okt: Path) -> None:
    gw = FileGateway(wb)
    konf = gw.baca_tabel(c.KONFIGURASI_TABLE).data
    konf.loc[konf["Kunci"] == c.Kunci.TAHUN, "Nilai"] = "2024"
    gw.tulis_tabel(c.KONFIGURASI_TABLE, konf)
    gw.simpan()
    wb.with_name(wb.name + ".bak").unlink()
    _ditolak(wb, okt, potongan=("tahun anggaran 2025", "Tahun di lembar Konfigurasi adalah 2024"))


def test_a_ba_other_than_076_is_not_a_kpu_satker(wb: Path) -> None:
    _ditolak(wb, sd.OKTOBER, potongan=("BA 036", "bukan satker KPU (BA 076)"))


def test_files_of_different_years_are_refused(wb: Path, jan: Path, okt: Path, tmp_path: Path) -> None:
    lama = sd.ganti_xml(
        jan,
        tmp_path / "GLP039_2024.xlsx",
        [(b"DETAIL TA 2025", b"DETAIL TA 2024"), (b"Periode Januari 2025", b"Periode Januari 2024")],
    )
    _ditolak(wb, lama, okt, potongan=("tahun anggaran yang berbeda", "2024", "2025"))


def test_two_files_of_the_same_month_are_refused(wb: Path, okt: Path, tmp_path: Path) -> None:
    salinan = tmp_path / "salinan.xlsx"
    salinan.write_bytes(okt.read_bytes())
    _ditolak(wb, okt, salinan, potongan=("bulan yang sama (Okt)", "salinan.xlsx"))


def test_typed_pagu_is_kept_unless_ganti_then_bak_holds_it(wb: Path, okt: Path) -> None:
    from kinerja_xl.contoh import satker_contoh

    pagu_lama = satker_contoh()[c.PAGU_TABLE.name]
    isi_workbook(wb, {c.PAGU_TABLE.name: pagu_lama})
    _ditolak(wb, okt, potongan=(f"sudah berisi {len(pagu_lama)} baris", "--ganti", ".bak"))

    code, out, hasil = _impor(wb, okt, opsi=("--ganti",))
    assert code == 0, out
    assert hasil["baris_diganti"] == len(pagu_lama)
    bak_xlsm = wb.with_name("bak.xlsm")
    bak_xlsm.write_bytes(wb.with_name(wb.name + ".bak").read_bytes())
    bak = FileGateway(bak_xlsm).baca_tabel(c.PAGU_TABLE).data
    assert list(bak["Kode"]) == list(pagu_lama["Kode"])  # the old rows, kept
    assert "076.01.WA.6336.EBA.963" in set(_pagu(wb).index)


def test_python_api_imports_the_same(wb: Path, okt: Path) -> None:
    hasil = impor_berkas(FileGateway(wb), [okt])
    assert hasil.as_json()["total"] == {"pagu": sd.PAGU_NYATA, "realisasi": sd.REALISASI_OKTOBER}
    assert [t.jenis for t in hasil.temuan] == ["realisasi_bulan_tidak_lengkap", "periode_belum_akhir_tahun"]

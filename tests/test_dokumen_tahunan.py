"""Issue 18: `make demo` writes the RKT and the Laporan Tahunan beside the LKj; `dokumen tahunan` structure,
sentences and totals read back from the .docx equal to the workbook's roll-up."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from docx import Document
from typer.testing import CliRunner

from kinerja_xl.cli import app
from kinerja_xl.contoh import satker_contoh
from kinerja_xl.domain.anggaran import penyerapan
from kinerja_xl.gateway.file import FileGateway
from kinerja_xl.gateway.recording import RecordingGateway
from kinerja_xl.narasi.render import f_persen, ribuan
from kinerja_xl.services.dokumen_rkt import JUMLAH
from kinerja_xl.services.dokumen_tahunan import URUTAN_TAHUNAN, kalimat_alokasi, naskah_tahunan
from kinerja_xl.services.hitung import nilai
from kinerja_xl.services.masukan import baca_masukan

runner = CliRunner()


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("demo")
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr("kinerja_xl.libreoffice.cari_soffice", lambda: None)  # the PDFs: test_pdf_* below
        res = runner.invoke(app, ["demo", str(folder)])
    assert res.exit_code == 0, res.output
    return folder


@pytest.fixture(scope="module")
def anggaran(demo):
    hasil = nilai(baca_masukan(FileGateway(demo / "LKj_KPU_Kota_Contoh.xlsm")))
    return hasil.anggaran


def _angka(teks: str) -> int:
    return int(teks.replace(".", "")) if teks.strip() else 0


def _program(anggaran) -> dict[str, tuple[int, int]]:
    b = anggaran.baris
    return {r["kode"]: (int(r["pagu"]), int(r["realisasi"])) for _, r in b[b["tingkat"] == "program"].iterrows()}


def test_demo_menulis_rkt_dan_laporan_tahunan_di_samping_lkj(demo):
    for akhiran in ("LKj", "RKT", "Laporan_Tahunan"):
        assert (demo / f"LKj_KPU_Kota_Contoh_{akhiran}.docx").stat().st_size > 10_000, akhiran


def test_tahunan_bab_berurutan_dan_nomor_halaman(demo):
    doc = Document(str(demo / "LKj_KPU_Kota_Contoh_Laporan_Tahunan.docx"))
    judul1 = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert judul1 == [j for j in URUTAN_TAHUNAN if j != "DAFTAR ISI"]
    teks = [p.text for p in doc.paragraphs]
    posisi = [teks.index(j) for j in URUTAN_TAHUNAN]
    assert posisi == sorted(posisi)
    judul2 = [p.text for p in doc.paragraphs if p.style.name == "Heading 2"]
    assert "A. Struktur Organisasi, Tugas dan Fungsi" in judul2 and "B. Program dan Anggaran" in judul2
    s = doc.sections[0]
    assert "PAGE" in s.footer._element.xml and s.different_first_page_header_footer
    assert 'TOC \\o "1-3"' in doc.element.body.xml


def test_tahunan_tabel_program_sama_dengan_workbook(demo, anggaran):
    doc = Document(str(demo / "LKj_KPU_Kota_Contoh_Laporan_Tahunan.docx"))
    program = _program(anggaran)
    tabel = [t for t in doc.tables if t.rows[0].cells[2].text == "Kegiatan"]
    assert len(tabel) == len(program)
    total = 0
    for t in tabel:
        sel = [[c.text for c in r.cells] for r in t.rows[1:]]
        kegiatan, jumlah = sel[:-1], sel[-1]
        assert _angka(jumlah[3]) == sum(_angka(r[3]) for r in kegiatan)  # the program row is their sum
        assert _angka(jumlah[4]) == sum(_angka(r[4]) for r in kegiatan)
        assert (_angka(jumlah[3]), _angka(jumlah[4])) == program[jumlah[1]]  # and the workbook's, to the rupiah
        total += _angka(jumlah[3])
    assert total == int(anggaran.total["pagu"])


def test_tahunan_bab3_kalimat_per_program_kegiatan_kro_ro(demo, anggaran):
    doc = Document(str(demo / "LKj_KPU_Kota_Contoh_Laporan_Tahunan.docx"))
    teks = [p.text for p in doc.paragraphs]
    bab3 = teks[teks.index("BAB III CAPAIAN") : teks.index("BAB IV PENUTUP")]
    b = anggaran.baris
    for kode, (pagu, real) in _program(anggaran).items():
        n = int(
            (
                (b["tingkat"] == "kegiatan")
                & b["kode_baku"].str.startswith(b.loc[b["kode"] == kode, "kode_baku"].iloc[0] + ".")
            ).sum()
        )
        assert kalimat_alokasi(pagu, real, n, "kegiatan") in bab3, kode
    kalimat = [t for t in bab3 if t.startswith("Alokasi anggarannya sebesar Rp ")]
    pola = re.compile(r"yang terdiri dari \d+ \([a-z ]+\) (kegiatan|KRO|RO), yaitu sebagai berikut:$")
    jenis = [pola.search(t).group(1) for t in kalimat if pola.search(t)]
    assert {"kegiatan", "KRO", "RO"} <= set(jenis)
    ro = b[b["tingkat"] == "ro"].iloc[0]
    persen = f_persen(penyerapan(int(ro["pagu"]), int(ro["realisasi"])))
    assert any(
        t.startswith(
            f"Alokasi anggarannya sebesar Rp {ribuan(int(ro['pagu']))}, dengan realisasi sebesar "
            f"Rp {ribuan(int(ro['realisasi']))} atau {persen}."
        )
        for t in bab3
    )


def test_tahunan_ro_dengan_penjelasan_dan_volume():
    """The sample typed in Pagu (not imported): an RO's Penjelasan and volume follow its sentence."""
    hasil = nilai(baca_masukan(RecordingGateway(satker_contoh())))
    teks = [b.teks for b in naskah_tahunan(hasil).blok if b.kode == "CQ.6709.QGE.002"]
    assert any("Target volumenya 5 Aplikasi, dengan realisasi 5 Aplikasi." in t for t in teks), teks
    penjelasan = [b.teks for b in naskah_tahunan(hasil).blok if b.kode == "CQ.6709.QGE.001"]
    assert any("Rincian output ini membiayai coklit terbatas" in t for t in penjelasan), penjelasan


def test_kalimat_alokasi_terbilang():
    assert kalimat_alokasi(1_000_000, 250_000, 3, "kro") == (
        "Alokasi anggarannya sebesar Rp 1.000.000, dengan realisasi sebesar Rp 250.000 atau 25,00%, yang terdiri "
        "dari 3 (tiga) KRO, yaitu sebagai berikut:"
    )


def test_rkt_demo_jumlah_per_program_sama_dengan_pagu(demo, anggaran):
    doc = Document(str(demo / "LKj_KPU_Kota_Contoh_RKT.docx"))
    sel = [[c.text for c in r.cells] for r in doc.tables[-1].rows]
    program = _program(anggaran)
    uraian = {r["uraian"]: r["kode"] for _, r in anggaran.baris[anggaran.baris["tingkat"] == "program"].iterrows()}
    jumlah = {uraian[r[0].removeprefix("Jumlah ")]: _angka(r[5]) for r in sel if r[0].startswith("Jumlah ")}
    assert jumlah == {k: p for k, (p, _) in program.items()}
    assert sel[-1][0] == JUMLAH and _angka(sel[-1][5]) == int(anggaran.total["pagu"])


@pytest.mark.libreoffice
def test_pdf_laporan_tahunan(soffice, demo, tmp_path):
    res = runner.invoke(
        app,
        [
            "dokumen",
            "tahunan",
            str(demo / "LKj_KPU_Kota_Contoh.xlsm"),
            "--docx",
            str(tmp_path / "t.docx"),
            "--pdf",
            str(tmp_path / "t.pdf"),
        ],
    )
    assert res.exit_code == 0, res.output
    assert (tmp_path / "t.pdf").read_bytes().startswith(b"%PDF")

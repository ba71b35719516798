"""`dokumen rkt` (issue 18): the Rencana Kerja Tahunan from the PK, the links and the Pagu table.

The Serang 2021 case types the 16 rows of the RKT of KPU Kota Serang (tests/fixtures/serang_2021_rkt.csv,
source in tests/fixtures/SUMBER.md) into a workbook. Codes are assigned here, since the printed RKT
shows none: program 1 "CQ", program 2 "WA"; kegiatan 6701, 6702 ... in order of first appearance; the
KRO of a kegiatan "AAA", "AAB" ... in order; each row its own RO "001" under its KRO and komponen "051"
under the RO, the komponen carrying the row's estimate. Each row's indikator (S<n>.01, sasaran S<n> per
distinct sasaran text) links to its RO through PK "Kode Anggaran".
"""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest
from docx import Document
from docx.enum.section import WD_ORIENT
from typer.testing import CliRunner

from kinerja_xl.cli import app, isi_workbook
from kinerja_xl.contoh import satker_contoh
from kinerja_xl.domain.aturan import Jenis
from kinerja_xl.gateway.recording import RecordingGateway
from kinerja_xl.services.dokumen_rkt import JUMLAH, TIDAK_TERKAIT, baris_rkt, dokumen_rkt, judul_rkt
from kinerja_xl.services.hitung import nilai
from kinerja_xl.services.masukan import baca_masukan
from kinerja_xl.template import contract as c

runner = CliRunner()
SERANG = Path(__file__).parent / "fixtures" / "serang_2021_rkt.csv"
TOTAL_SERANG = 2_746_352_000


def _baris_serang() -> list[dict[str, str]]:
    with SERANG.open(encoding="utf-8") as f:
        return list(csv.DictReader(f, delimiter=";"))


def tabel_serang(plant: bool = False) -> dict[str, pd.DataFrame]:
    """The sample satker with its PK and Pagu replaced by the Serang 2021 RKT (codes as the module says)."""
    rows = _baris_serang()
    program = {p: k for p, k in zip(dict.fromkeys(r["program"] for r in rows), ("CQ", "WA"), strict=False)}
    kegiatan: dict[str, str] = {}
    kro: dict[tuple[str, str], str] = {}
    sasaran: dict[str, str] = {}
    pagu: dict[str, list] = {}
    pk = []

    def tambah(kode: str, uraian: str, rp: int) -> None:
        if kode in pagu:
            pagu[kode][2] += rp
        else:
            pagu[kode] = [kode, uraian, rp]

    for i, r in enumerate(rows):
        kp = program[r["program"]]
        kk = kegiatan.setdefault(r["kegiatan"], str(6701 + len(kegiatan)))
        nomor_kro = sum(1 for (g, _) in kro if g == kk)
        kr = kro.setdefault((kk, r["kro"]), "AA" + chr(ord("A") + nomor_kro))
        ro = f"{kp}.{kk}.{kr}.{i + 1:03d}"
        rp = int(r["anggaran"])
        tambah(kp, r["program"], rp)
        tambah(f"{kp}.{kk}", r["kegiatan"], rp)
        tambah(f"{kp}.{kk}.{kr}", r["kro"], rp)
        tambah(ro, r["keluaran"], rp)
        tambah(f"{ro}.051", r["uraian"], rp)
        ks = sasaran.setdefault(r["sasaran"], f"S{len(sasaran) + 1:02d}")
        pk.append(
            {
                "Kode Sasaran": ks,
                "Sasaran": r["sasaran"],
                "Kode Indikator": f"{ks}.{i + 1:02d}",
                "Indikator Kinerja": r["indikator"],
                "Satuan": "%",
                "Polaritas": "Maksimal",
                "Target": "100%",
                "Kode Anggaran": ro,
            }
        )
    urut = sorted(pagu.values(), key=lambda x: x[0])
    if plant:  # a komponen whose estimate differs from its rincian: one akun line of a different amount
        urut.append([f"{urut[-1][0]}.A", "Pelaksanaan", 3_000_000])
        urut.append([f"{urut[-2][0]}.A.521211", "Belanja Bahan", 3_000_000])
    tabel = satker_contoh()
    tabel[c.PK_TABLE.name] = pd.DataFrame(pk, columns=c.PK_TABLE.headers)
    tabel[c.PAGU_TABLE.name] = pd.DataFrame(
        [{"Kode": k, "Uraian": u, "Pagu": p} for k, u, p in urut], columns=c.PAGU_TABLE.headers
    )
    tabel[c.REALISASI_TABLE.name] = pd.DataFrame(
        {"Kode Indikator": [r["Kode Indikator"] for r in pk]}, columns=c.REALISASI_TABLE.headers
    )
    for spec in (c.RENCANA_AKSI_TABLE, c.RENSTRA_TABLE, c.RIWAYAT_TABLE):
        tabel[spec.name] = pd.DataFrame(columns=spec.headers)
    return tabel


def _hasil(tabel):
    return nilai(baca_masukan(RecordingGateway(tabel)))


def test_serang_16_baris_di_bawah_kelompok_yang_sama_dan_total():
    rows = _baris_serang()
    baris = baris_rkt(_hasil(tabel_serang()))
    rinci = [b for b in baris if b.jenis == "rinci"]
    assert len(rinci) == 16
    assert [b.uraian for b in rinci] == [r["uraian"] for r in rows]
    assert [b.keluaran for b in rinci] == [r["keluaran"] for r in rows]
    assert [b.anggaran for b in rinci] == [int(r["anggaran"]) for r in rows]
    assert all(r["indikator"] in b.indikator and b.sasaran == r["sasaran"] for b, r in zip(rinci, rows, strict=False))
    # each row under the program, kegiatan and KRO it was printed under
    kelompok: dict[str, str] = {}
    for b in baris:
        if b.jenis in ("program", "kegiatan", "kro"):
            kelompok[b.jenis] = b.judul
        if b.jenis == "rinci":
            r = rows[rinci.index(b)]
            assert (kelompok["program"], kelompok["kegiatan"], kelompok["kro"]) == (
                r["program"],
                r["kegiatan"],
                r["kro"],
            )
    assert not any(b.jenis == "tidak_terkait" for b in baris)
    assert baris[-1].judul == JUMLAH and baris[-1].anggaran == TOTAL_SERANG


def test_baris_tanpa_indikator_di_kelompok_tidak_terkait_dan_jumlah_per_program_sama_dengan_pagu():
    tabel = tabel_serang()
    pk = tabel[c.PK_TABLE.name]
    tabel[c.PK_TABLE.name] = pk[pk["Kode Indikator"] != pk["Kode Indikator"].iloc[-1]]  # Serang row 16 unlinked
    hasil = _hasil(tabel)
    baris = baris_rkt(hasil)
    i = next(i for i, b in enumerate(baris) if b.jenis == "tidak_terkait")
    assert baris[i].judul == TIDAK_TERKAIT
    assert baris[i + 1].uraian == "Revisi Laporan Keuangan" and baris[i + 1].anggaran == 3_940_000
    pagu = {r["kode_baku"]: int(r["pagu"]) for _, r in hasil.anggaran.baris.iterrows() if r["tingkat"] == "program"}
    jumlah = {b.kode: b.anggaran for b in baris if b.jenis == "jumlah" and b.kode}
    assert jumlah == pagu and sum(pagu.values()) == TOTAL_SERANG


def test_ketidaksesuaian_yang_ditanam_adalah_temuan(tmp_path):
    _, temuan = dokumen_rkt(RecordingGateway(tabel_serang(plant=True)), docx=tmp_path / "rkt.docx")
    assert any(t.jenis == Jenis.JUMLAH_TIDAK_SESUAI and "WA.6707.AAA.016.051" in t.pesan for t in temuan), temuan
    _, bersih = dokumen_rkt(RecordingGateway(tabel_serang()), docx=tmp_path / "rkt2.docx")
    assert bersih == []


def test_judul_dari_konfigurasi():
    tabel = tabel_serang()
    assert judul_rkt(_hasil(tabel)) == "Rencana Kerja Tahunan"
    konf = tabel[c.KONFIGURASI_TABLE.name]
    tabel[c.KONFIGURASI_TABLE.name] = pd.concat(
        [konf, pd.DataFrame([{"Kunci": c.Kunci.JUDUL_RKT, "Nilai": "Rencana Kinerja Tahunan"}])], ignore_index=True
    )
    assert judul_rkt(_hasil(tabel)) == "Rencana Kinerja Tahunan"


def _angka(teks: str) -> int:
    return int(teks.replace(".", "")) if teks.strip() else 0


def test_cli_menulis_docx_lanskap_dengan_total_yang_terbaca_kembali(tmp_path):
    wb = isi_workbook(tmp_path / "Serang.xlsm", tabel_serang())
    res = runner.invoke(app, ["dokumen", "rkt", str(wb), "--docx", str(tmp_path / "out.docx")])
    assert res.exit_code == 0, res.output
    doc = Document(str(tmp_path / "out.docx"))
    s = doc.sections[0]
    assert s.orientation == WD_ORIENT.LANDSCAPE and s.page_width > s.page_height
    assert "PAGE" in s.footer._element.xml and s.different_first_page_header_footer
    judul = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert judul == ["KATA PENGANTAR", "RENCANA KERJA TAHUNAN SEKRETARIAT KPU KOTA CONTOH TAHUN ANGGARAN 2025"]
    assert any("Sekretaris KPU Kota Contoh" in p.text for p in doc.paragraphs)
    tabel = doc.tables[-1]
    sel = [[c.text for c in r.cells] for r in tabel.rows]
    assert sel[0][0] == "Program/Kegiatan"
    rinci = [r for r in sel[1:] if r[4]]
    assert len(rinci) == 16 and sum(_angka(r[5]) for r in rinci) == TOTAL_SERANG
    assert sel[-1][0] == JUMLAH and _angka(sel[-1][5]) == TOTAL_SERANG


def test_cli_tanpa_berkas_keluar_2(tmp_path):
    res = runner.invoke(app, ["dokumen", "rkt", str(tmp_path / "tidak_ada.xlsm")])
    assert res.exit_code == 2 and "tidak ditemukan" in res.output


@pytest.mark.libreoffice
def test_pdf_rkt(soffice, tmp_path):
    wb = isi_workbook(tmp_path / "Serang.xlsm", tabel_serang())
    res = runner.invoke(app, ["dokumen", "rkt", str(wb), "--pdf", str(tmp_path / "rkt.pdf")])
    assert res.exit_code == 0, res.output
    assert (tmp_path / "rkt.pdf").read_bytes().startswith(b"%PDF")
    assert (tmp_path / "Serang_RKT.docx").exists()

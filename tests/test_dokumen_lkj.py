"""The whole LKj (issue 16): structure, placeholders, content rules, satker vs unit PK, the PDF."""

from __future__ import annotations

import re
import subprocess
from collections import Counter
from pathlib import Path

import pandas as pd
import pytest
from docx import Document
from docx.oxml.ns import qn
from typer.testing import CliRunner

from kinerja_xl.cli import app, isi_workbook
from kinerja_xl.contoh import satker_contoh
from kinerja_xl.gateway.ekspor_xlsx import KumpulanXlsx
from kinerja_xl.gateway.recording import RecordingGateway
from kinerja_xl.narasi.dokumen import POLA_PENANDA
from kinerja_xl.narasi.lkj import URUTAN_BAGIAN
from kinerja_xl.narasi.susun import SkalaPredikat
from kinerja_xl.services.dokumen import dokumen_lkj, naskah_lkj
from kinerja_xl.services.hitung import nilai
from kinerja_xl.services.masukan import baca_masukan
from kinerja_xl.services.validasi import laporan
from kinerja_xl.template import contract as c

runner = CliRunner()
SEKRETARIAT = {None, "", c.KODE_UNIT_SEKRETARIAT}


def _hasil(tabel):
    return nilai(baca_masukan(RecordingGateway(tabel)))


@pytest.fixture(scope="module")
def contoh_docx(tmp_path_factory) -> tuple[Path, object]:
    out = tmp_path_factory.mktemp("lkj") / "lkj.docx"
    hasil = dokumen_lkj(RecordingGateway(satker_contoh()), docx=out)
    return out, hasil


def _paragraf(naskah) -> list[str]:
    return [b.teks for b in naskah.blok if b.gaya == "paragraf"]


# --- structure ----------------------------------------------------------------------------------


def test_bagian_berurutan_dengan_gaya_judul(contoh_docx):
    path, hasil = contoh_docx
    doc = Document(str(path))
    judul1 = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert judul1 == [j for j in URUTAN_BAGIAN if j not in ("DAFTAR ISI", "DAFTAR TABEL")]
    teks = [p.text for p in doc.paragraphs]
    posisi = [teks.index(j) for j in URUTAN_BAGIAN]
    assert posisi == sorted(posisi)  # Daftar Isi and Daftar Tabel in their place too
    judul2 = [p.text for p in doc.paragraphs if p.style.name == "Heading 2"]
    for j in (
        "A. Latar Belakang",
        "B. Tugas dan Fungsi",
        "C. Struktur Organisasi",
        "D. Isu Strategis",
        "A. Rencana Strategis",
        "B. Perjanjian Kinerja Tahun 2025",
        "A. Capaian Kinerja Organisasi",
        "B. Realisasi Anggaran",
        "A. Kesimpulan",
        "B. Langkah ke Depan",
        "Lampiran 1. Perjanjian Kinerja",
        "Lampiran 2. Rencana Aksi",
        "Lampiran 3. Pengukuran Kinerja",
        "Lampiran 4. Capaian Kinerja per Unit Kerja",
    ):
        assert j in judul2, j
    assert hasil.lengkap and hasil.penanda == []


def test_daftar_isi_field_kepala_kaki_dan_tabel(contoh_docx):
    path, _ = contoh_docx
    doc = Document(str(path))
    body = doc.element.body.xml
    assert 'TOC \\o "1-3" \\h \\z \\u' in body and 'TOC \\h \\z \\c "Tabel"' in body
    assert 'w:fldCharType="begin" w:dirty="true"' in body  # marked for update
    assert doc.settings.element.find(qn("w:updateFields")) is not None
    s = doc.sections[0]
    assert s.different_first_page_header_footer  # no header or number on the cover
    assert "KPU Kota Contoh" in s.header.paragraphs[0].text
    assert "PAGE" in s.footer._element.xml
    assert body.count("SEQ Tabel") >= 8
    berbingkai = [t for t in doc.tables if t._tbl.tblPr.find(qn("w:tblBorders")) is not None]
    assert len(berbingkai) >= 8
    for t in berbingkai:
        trs = t._tbl.tr_lst
        assert trs[0].trPr.find(qn("w:tblHeader")) is not None
        assert all(tr.trPr.find(qn("w:cantSplit")) is not None for tr in trs)
        lebar = sum(int(g.get(qn("w:w"))) for g in t._tbl.tblGrid.findall(qn("w:gridCol")))
        assert lebar <= round(16 * 1440 / 2.54)


def test_kata_pengantar_ditandatangani_sekretaris(contoh_docx):
    doc = Document(str(contoh_docx[0]))
    teks = [p.text for p in doc.paragraphs]
    i = teks.index("KATA PENGANTAR")
    blok = teks[i : i + 12]
    assert "Kota Contoh, 20 Februari 2026" in blok
    assert "Rahmat Hidayat, S.E., M.Si." in blok and "NIP. 197805122006041003" in blok


def _png(w: int = 8, h: int = 8) -> bytes:
    """A small red PNG, written by hand (no imaging library needed)."""
    import struct
    import zlib

    def potong(jenis: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + jenis + data + struct.pack(">I", zlib.crc32(jenis + data))

    mentah = b"".join(b"\x00" + b"\xc8\x00\x00" * w for _ in range(h))
    return (
        b"\x89PNG\r\n\x1a\n"
        + potong(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
        + potong(b"IDAT", zlib.compress(mentah))
        + potong(b"IEND", b"")
    )


def test_logo_profil_di_sampul(tmp_path):
    g = RecordingGateway(satker_contoh())
    g.baca_gambar = lambda lembar: _png() if lembar == c.PROFIL else None
    out = dokumen_lkj(g, docx=tmp_path / "logo.docx").docx
    doc = Document(str(out))
    assert len(doc.inline_shapes) == 1
    assert [p.text for p in doc.paragraphs].index("KATA PENGANTAR") > 2


# --- placeholders ---------------------------------------------------------------------------------


def _tanpa_teks(tabel):
    prof = tabel[c.PROFIL_TABLE.name]
    prof.loc[prof["Kunci"] == c.KunciProfil.VISI, "Teks"] = None
    real = tabel[c.REALISASI_TABLE.name]
    real.loc[real["Kode Indikator"] == "S19.02", "Analisis Keberhasilan"] = None
    real.loc[real["Kode Indikator"] == "S09.02", ["Analisis Penyebab", "Upaya Perbaikan"]] = None
    return tabel


def test_penanda_disorot_dan_kode_keluar_1(tmp_path):
    berkas = isi_workbook(tmp_path / "belum.xlsm", _tanpa_teks(satker_contoh()))
    res = runner.invoke(app, ["dokumen", "lkj", str(berkas), "--docx", str(tmp_path / "x.docx")])
    assert res.exit_code == 1, res.output
    assert "belum diisi" in res.output
    doc = Document(str(tmp_path / "x.docx"))
    sorot = [
        r.text
        for p in doc.paragraphs
        for r in p.runs
        if r._r.rPr is not None and r._r.rPr.find(qn("w:highlight")) is not None
    ]
    assert "[isi analisis keberhasilan]" in sorot and "[isi analisis penyebab]" in sorot
    assert "[isi upaya perbaikan]" in sorot and any("Visi" in s for s in sorot)
    assert all(POLA_PENANDA.fullmatch(s) for s in sorot)
    # validasi names the cells; ekspor refuses until --paksa
    lap = laporan(_hasil(_tanpa_teks(satker_contoh())))
    kosong = {t.kode: t for t in lap.temuan if t.jenis == "analisis_kosong"}
    assert kosong["S19.02"].lokasi.lembar == c.REALISASI and kosong["S19.02"].tingkat == "peringatan"
    bersih = tmp_path / "bersih.xlsm"
    from kinerja_xl.contoh import satker_sintetis

    tabel = _tanpa_teks(satker_sintetis(skala=1, bersih=True))
    isi_workbook(bersih, tabel)
    res = runner.invoke(app, ["ekspor", str(bersih), "--ke", str(tmp_path / "ek")])
    assert res.exit_code == 1 and "narasi_belum_lengkap" not in res.output  # an internal code stays inside
    assert "belum diisi" in res.output
    res = runner.invoke(app, ["ekspor", str(bersih), "--ke", str(tmp_path / "ek"), "--paksa", "Visi menyusul"])
    assert res.exit_code == 0, res.output


def test_pk_kosong_tidak_mengaku_berhasil():
    tabel = satker_contoh()
    tabel[c.PK_TABLE.name] = tabel[c.PK_TABLE.name].iloc[0:0]
    tabel[c.REALISASI_TABLE.name] = tabel[c.REALISASI_TABLE.name].iloc[0:0]
    naskah = naskah_lkj(_hasil(tabel))
    semua = " ".join(_paragraf(naskah))
    assert "telah mencapai targetnya" not in semua and "mencapai sekurang-kurangnya" not in semua


# --- content rules --------------------------------------------------------------------------------


def _kalimat(naskah) -> Counter:
    hitung: Counter = Counter()
    for p in _paragraf(naskah):
        teks = POLA_PENANDA.sub("", p)
        for k in re.split(r"(?<=[.;])\s+(?=[A-Z])", teks):
            if len(k.strip()) >= 40:
                hitung[k.strip()] += 1
    return hitung


@pytest.mark.parametrize("contoh", ["kota_contoh", "bontang_2017"])
def test_tidak_ada_kalimat_berulang_lebih_dari_dua_kali(contoh):
    from kinerja_xl.contoh import bontang_2017

    tabel = satker_contoh() if contoh == "kota_contoh" else bontang_2017()
    berulang = {k: n for k, n in _kalimat(naskah_lkj(_hasil(tabel))).items() if n > 2}
    assert berulang == {}
    assert "Indikator ini didanai melalui" not in " ".join(_paragraf(naskah_lkj(_hasil(satker_contoh()))))


def test_skala_predikat_dari_tabel():
    skala = SkalaPredikat.dari(None)
    assert skala.banding("Menuju Informatif", "Cukup Informatif") == 1
    assert skala.banding("Informatif", "Cukup Informatif") == 2
    assert skala.banding("WTP", "WDP") == 1 and skala.banding("predikat BB", "A") == -1
    assert skala.banding("Menuju Informatif", "WTP") is None
    sendiri = SkalaPredikat.dari(
        pd.DataFrame({"skala": ["Zona", "Zona"], "nilai": ["WBBM", "WBK"], "peringkat": ["2", "1"]})
    )
    assert sendiri.banding("WBBM", "WBK") == 1


def test_perbandingan_predikat_naik_dua_tingkat():
    tabel = satker_contoh()
    riw = tabel[c.RIWAYAT_TABLE.name]
    riw.loc[(riw["Kode Indikator"] == "S10.02") & (riw["Tahun"] == "2024"), "Realisasi"] = "Kurang Informatif"
    teks = " ".join(_paragraf(naskah_lkj(_hasil(tabel))))
    assert 'naik dua tingkat dari "Kurang Informatif"' in teks
    asli = " ".join(_paragraf(naskah_lkj(_hasil(satker_contoh()))))
    assert 'naik satu tingkat dari "Cukup Informatif", yang berarti kinerjanya membaik' in asli


def test_target_rentang_terpenuhi_juga_di_renstra():
    teks = " ".join(_paragraf(naskah_lkj(_hasil(satker_contoh()))))
    kalimat = [k for k in teks.split(". ") if "80–90%" in k]
    assert kalimat and all("belum dapat dibandingkan" not in k for k in kalimat)
    assert "Target Renstra tahun 2025 adalah rentang 80–90%; realisasi tahun ini telah memenuhinya" in teks


def test_tidak_ada_kejadian_tanpa_kalimat_pembanding():
    tabel = satker_contoh()
    pk = tabel[c.PK_TABLE.name]
    pk.loc[pk["Kode Indikator"] == "S07.01", "Unit Kerja"] = c.KODE_UNIT_SEKRETARIAT
    real = tabel[c.REALISASI_TABLE.name]
    real.loc[real["Kode Indikator"] == "S07.01", ["Realisasi", "Tidak Ada Kejadian"]] = [None, "Ya"]
    naskah = naskah_lkj(_hasil(tabel))
    s07 = [b.teks for b in naskah.blok if b.kode == "S07.01" and b.gaya == "paragraf"]
    assert s07 and not any("Realisasi tahun" in t or "Target Renstra" in t for t in s07)


def test_satu_paragraf_anggaran_per_ro_per_sasaran():
    naskah = naskah_lkj(_hasil(satker_contoh()))
    for bagian in {b.bagian for b in naskah.blok if b.bagian.startswith("BAB III A Sasaran")}:
        ro = [b.kode for b in naskah.blok if b.bagian == bagian and "mendukung sasaran" in b.teks]
        assert len(ro) == len(set(ro))
    teks = " ".join(_paragraf(naskah))
    assert teks.count("(WA.3355.EBD.955) mendukung sasaran") == 1  # two indikator, one paragraph


def test_penjelasan_pagu_di_bab3b_sekali():
    naskah = naskah_lkj(_hasil(satker_contoh()))
    pagu = satker_contoh()[c.PAGU_TABLE.name]
    teks = " ".join(_paragraf(naskah))
    for p in pagu["Penjelasan"].dropna():
        assert teks.count(p.rstrip(".")) == 1


def test_penyerapan_berbeda():
    tabel = satker_contoh()
    pk = tabel[c.PK_TABLE.name]
    pk.loc[pk["Kode Indikator"] == "S03.02", "Kode Anggaran"] = "WA.3355.EBD.955"
    temuan = [t for t in laporan(_hasil(tabel)).temuan if t.jenis == "penyerapan_berbeda"]
    assert [t.kode for t in temuan] == ["S03.02"] and temuan[0].nilai_seharusnya == 88.22
    assert not [t for t in laporan(_hasil(satker_contoh())).temuan if t.jenis == "penyerapan_berbeda"]


# --- satker vs unit -------------------------------------------------------------------------------


def test_ringkasan_satker_hanya_pk_sekretariat(tmp_path):
    tabel = satker_contoh()
    pk = tabel[c.PK_TABLE.name]
    satker = pk[pk["Unit Kerja"].isin(SEKRETARIAT)]
    unit = pk[~pk["Unit Kerja"].isin(SEKRETARIAT)]
    hasil = _hasil(tabel)
    naskah = naskah_lkj(hasil)
    ikhtisar = next(b.teks for b in naskah.blok if b.bagian == "Ikhtisar Eksekutif" and b.gaya == "paragraf")
    assert "7 (tujuh) sasaran strategis yang diukur dengan 8 (delapan) indikator" in ikhtisar
    assert "predikat B dari target BB, capaian 80,00%" in ikhtisar
    bab3 = " ".join(b.teks for b in naskah.blok if b.bagian.startswith("BAB III"))
    for nama in unit["Indikator Kinerja"]:
        assert nama not in bab3 and nama not in ikhtisar
    lampiran = naskah.tabel[f"unit_{'KUL'}"].data
    assert set(lampiran["Indikator Kinerja"]) == set(unit[unit["Unit Kerja"] == "KUL"]["Indikator Kinerja"])
    assert list(naskah.tabel_pengukuran["Indikator Kinerja"]) == list(satker["Indikator Kinerja"])
    # sasaran numbered as on the Sekretariat's PK form
    pk_form = naskah.lampiran_pk[0]
    assert [b[1] for b in pk_form.baris if b[0]] == [
        b.teks.split(": ", 1)[1] for b in naskah.blok if b.gaya == "judul3" and b.teks.startswith("Sasaran ")
    ]
    # hitung --json and the Capaian sheet: sasaran of the satker only, every indikator with its unit
    data = hasil.as_json()
    assert [s["kode"] for s in data["sasaran"]] == list(dict.fromkeys(satker["Kode Sasaran"]))
    assert len(data["indikator"]) == len(pk)
    assert {r["unit"] for r in data["indikator"]} == {"SEK", "KUL", "TPH", "PDI", "HSDM"}
    # Ringkasan and the Capaian sheet's sasaran table
    from kinerja_xl.services.hitung import tulis_hasil
    from kinerja_xl.services.ringkasan import lembar_ringkasan

    lb = lembar_ringkasan(hasil)
    assert lb.cells["A5"] == "Jumlah indikator" and lb.cells["B5"] == len(satker)
    g = RecordingGateway(tabel)
    tulis_hasil(g, hasil)
    assert list(g.tables[c.CAPAIAN_SASARAN_TABLE.name]["Kode Sasaran"]) == [s["kode"] for s in data["sasaran"]]
    assert len(g.tables[c.CAPAIAN_TABLE.name]) == len(pk)


def test_rekap_menghitung_pk_satker(tmp_path):
    from kinerja_xl.contoh import satker_sintetis
    from kinerja_xl.services.rekap import rekap

    berkas = isi_workbook(tmp_path / "s.xlsm", satker_sintetis(skala=1, bersih=True, seed=4))
    res = runner.invoke(app, ["ekspor", str(berkas), "--ke", str(tmp_path / "ek"), "--paksa", "uji"])
    assert res.exit_code == 0, res.output
    hasil = rekap(KumpulanXlsx([tmp_path / "ek"]), tmp_path / "rekap.xlsx")
    assert hasil.total["jumlah_indikator"] == 8
    assert len(hasil.diterima[0].sasaran) == 7


# --- PDF ------------------------------------------------------------------------------------------


def _kata(pdf: Path) -> list[tuple[int, float, float, float, float, str]]:
    html = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    out, hal = [], 0
    for baris in html.splitlines():
        if "<page " in baris:
            hal += 1
        m = re.search(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', baris)
        if m:
            out.append((hal, *map(float, m.groups()[:4]), m.group(5)))
    return out


@pytest.mark.libreoffice
def test_pdf_daftar_isi_halaman_benar_dan_tabel_dalam_margin(soffice, tmp_path):
    berkas = isi_workbook(tmp_path / "LKj_Contoh.xlsm", satker_contoh())
    res = runner.invoke(app, ["dokumen", "lkj", str(berkas)])
    assert res.exit_code == 0, res.output
    pdf, docx = tmp_path / "LKj_Contoh_LKj.pdf", tmp_path / "LKj_Contoh_LKj.docx"
    assert pdf.exists() and docx.exists()
    teks = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    halaman = teks.split("\f")
    # each Daftar Isi line "BAB ... ....... N": the heading really starts page N
    entri = re.findall(r"^\s*((?:BAB [IV]+ [A-Z ]+|IKHTISAR EKSEKUTIF|LAMPIRAN))\.{3,}\s*(\d+)\s*$", teks, re.M)
    assert len(entri) >= 6
    for judul, nomor in entri:
        isi = halaman[int(nomor) - 1]
        assert re.search(rf"^\s*{re.escape(judul.strip())}\s*$", isi, re.M), (judul, nomor)
        assert re.search(rf"^\s*{nomor}\s*$", isi, re.M), f"halaman {nomor} tanpa nomor halaman"
    kata = _kata(pdf)
    pt_cm = 72 / 2.54
    assert max(x1 for *_, x1, _, _ in [(k[0], k[1], k[2], k[3], k[4], k[5]) for k in kata]) <= 19 * pt_cm + 1
    assert min(k[1] for k in kata) >= 3 * pt_cm - 1


def test_pdf_tanpa_libreoffice_kode_2(tmp_path, monkeypatch):
    berkas = isi_workbook(tmp_path / "w.xlsm", satker_contoh())
    monkeypatch.setattr("kinerja_xl.libreoffice.cari_soffice", lambda: None)
    res = runner.invoke(app, ["dokumen", "lkj", str(berkas), "--pdf", str(tmp_path / "x.pdf")])
    assert res.exit_code == 2 and "LibreOffice" in res.output and "Traceback" not in res.output
    assert not (tmp_path / "x.pdf").exists()
    res = runner.invoke(app, ["dokumen", "lkj", str(berkas)])  # no LibreOffice: Word only, still complete
    assert res.exit_code == 0, res.output
    assert (tmp_path / "w_LKj.docx").exists() and not (tmp_path / "w_LKj.pdf").exists()
    res = runner.invoke(app, ["dokumen", "lkj", str(tmp_path / "tidak_ada.xlsm")])
    assert res.exit_code == 2 and "tidak ditemukan" in res.output


def test_file_gateway_membaca_logo_lembar_profil(tmp_path):
    import io

    import xlsxwriter

    from kinerja_xl.gateway.file import FileGateway

    path = tmp_path / "logo.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    wb.add_worksheet(c.KONFIGURASI)
    wb.add_worksheet(c.PROFIL).insert_image("D2", "logo.png", {"image_data": io.BytesIO(_png(12, 12))})
    wb.close()
    assert FileGateway(path).baca_gambar(c.PROFIL) == _png(12, 12)
    assert FileGateway(path).baca_gambar(c.KONFIGURASI) is None
    assert FileGateway(path).baca_gambar("Tidak Ada") is None


def test_demo_menulis_lkj(tmp_path, monkeypatch):
    monkeypatch.setattr("kinerja_xl.libreoffice.cari_soffice", lambda: None)
    res = runner.invoke(app, ["demo", str(tmp_path)])
    assert res.exit_code == 0, res.output
    doc = Document(str(tmp_path / "LKj_KPU_Kota_Contoh_LKj.docx"))
    judul1 = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert judul1[0] == "KATA PENGANTAR" and judul1[-1] == "LAMPIRAN"
    assert not (tmp_path / "LKj_KPU_Kota_Contoh_LKj.pdf").exists()  # no LibreOffice: Word only

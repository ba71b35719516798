"""The built template in LibreOffice: fallback formulas recalculate to the engine's
figures, and every printed sheet fits the A4 landscape page width.

Two LibreOffice runs in all (one recalculation, one PDF conversion): each costs seconds.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import openpyxl
import pytest

from kinerja_xl.libreoffice import hitung_ulang_xlsx, konversi
from kinerja_xl.template import contract as c
from kinerja_xl.template.build import JUDUL, bangun_template
from kinerja_xl.template.cetak import TATA_CETAK, tata_cetak

pytestmark = pytest.mark.libreoffice

# (kode indikator, polaritas, target, realisasi) as staff type them (text cells).
PK_CONTOH = [
    ("1.1", "Positif", "95", "99,52"),
    ("1.2", "Negatif", "0,3", "0,2"),
    ("1.3", "Negatif", "10", "25"),
    ("1.4", "Positif", "1 laporan", "1 laporan"),
    ("1.5", "Rentang", "80-90", "85"),
    ("2.1", "Positif", "100%", "105,26%"),
    ("2.2", "Positif", "1.868.000", "1.500.000"),
    ("2.3", "Positif", "0", "5"),
    ("2.4", "Positif", "12", ""),
    ("2.5", "Negatif", "0", "0"),
    ("2.6", "Positif", "4", "4"),  # Tidak Ada Kejadian = Ya: no capaian
]
TIDAK_ADA_KEJADIAN = {"2.6"}
PAGU_CONTOH = [
    ("076.01.WA", "Program Dukungan Manajemen", 26_555_194_000, 26_428_512_116),
    ("076.01.WA.3355", "Dukungan Manajemen dan Pelaksanaan Tugas Teknis", 1_000_000, 1_234_567),
    ("076.01.WA.3355.EBA", "Layanan Dukungan Manajemen Internal", 0, 0),
    ("076.01.CQ.6709.QGE.001", "Fasilitasi Pemilu", 3_333, 1_111),
]


def _angka(teks: str) -> Decimal | None:
    """How the fallback reads typed text: % dropped, '.' thousands, ',' decimal."""
    t = teks.replace("%", "").strip()
    if not re.fullmatch(r"[0-9.]+(,[0-9]+)?", t):
        return None
    return Decimal(t.replace(".", "").replace(",", "."))


# Konfigurasi "Batas Capaian" typed in the filled workbook: the fallback must cap too.
BATAS = Decimal(120)


def _capaian_tangan(polaritas: str, target: str, realisasi: str) -> Decimal | None:
    """The domain rule (DOMAIN.md), in exact decimals, capped, rounded half-up to 2 places."""
    t, r = _angka(target), _angka(realisasi)
    if t is None or r is None or t == 0 or polaritas not in ("Positif", "Negatif"):
        return None
    nilai = r / t * 100 if polaritas == "Positif" else max(Decimal(0), (2 * t - r) / t * 100)
    return min(nilai, BATAS).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _dua(x: float) -> Decimal:
    return Decimal(repr(x * 100)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _isi_tabel(ws, nama: str, baris: list[dict]) -> None:
    """Write rows into a table the way a user would, extend its ref, add its formulas."""
    spec = c.table(nama)
    headers = spec.headers + [k.header for k in c.KOLOM_RUMUS.get(nama, ())]
    tabel = ws.tables[nama]
    row0 = int(re.search(r"\d+", c.ANCHOR[nama]).group())
    for i, isi in enumerate(baris, start=row0 + 1):
        for j, h in enumerate(headers, start=1):
            if h in c.RUMUS.get(nama, {}):
                ws.cell(i, j).value = c.RUMUS[nama][h]
            elif h in isi:
                ws.cell(i, j).value = isi[h]
    awal, akhir = tabel.ref.split(":")
    kolom_akhir = re.match(r"[A-Z]+", akhir).group()
    tabel.ref = f"{awal}:{kolom_akhir}{row0 + len(baris)}"
    tabel.autoFilter.ref = tabel.ref


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    return bangun_template(tmp_path_factory.mktemp("tpl") / "Template_LKj.xlsm")


@pytest.fixture(scope="module")
def dihitung(template, tmp_path_factory, soffice) -> Path:
    tmp = tmp_path_factory.mktemp("lo")
    wb = openpyxl.load_workbook(template, keep_vba=True)
    _isi_tabel(
        wb[c.PK],
        c.PK_TABLE.name,
        [
            {"Kode Sasaran": k.split(".")[0], "Kode Indikator": k, "Polaritas": p, "Target": t}
            for k, p, t, _ in PK_CONTOH
        ],
    )
    _isi_tabel(
        wb[c.REALISASI],
        c.REALISASI_TABLE.name,
        [
            {
                "Kode Indikator": k,
                "Realisasi": r or None,
                "Realisasi TW I": "3" if not r else None,
                "Tidak Ada Kejadian": "Ya" if k in TIDAK_ADA_KEJADIAN else None,
            }
            for k, _, _, r in PK_CONTOH
        ],
    )
    _isi_tabel(
        wb[c.PAGU],
        c.PAGU_TABLE.name,
        [{"Kode": k, "Uraian": u, "Pagu": p, "Realisasi": r} for k, u, p, r in PAGU_CONTOH],
    )
    ws = wb[c.KONFIGURASI]
    baris = c.BARIS_HEADER + 1 + c.KUNCI_KONFIGURASI.index(c.Kunci.BATAS_CAPAIAN)
    assert ws.cell(baris, 1).value == c.Kunci.BATAS_CAPAIAN
    ws.cell(baris, 2).value = str(BATAS)
    terisi = tmp / "terisi.xlsm"
    wb.save(terisi)
    return hitung_ulang_xlsx(terisi, tmp / "dihitung.xlsx")


def _nilai_kolom(ws, nama: str, header: str) -> list:
    headers = [k.header for k in c.table(nama).columns] + [k.header for k in c.KOLOM_RUMUS.get(nama, ())]
    col = headers.index(header) + 1
    tabel = ws.tables[nama]
    row0 = int(re.search(r"\d+", tabel.ref.split(":")[0]).group())
    row1 = int(re.search(r"\d+", tabel.ref.split(":")[1]).group())
    return [ws.cell(r, col).value for r in range(row0 + 1, row1 + 1)]


def test_capaian_fallback_equals_domain_rule(dihitung):
    ws = openpyxl.load_workbook(dihitung, data_only=True)[c.PK]
    nilai = _nilai_kolom(ws, c.PK_TABLE.name, "Capaian (rumus)")
    assert len(nilai) == len(PK_CONTOH)
    for (kode, pol, t, r), v in zip(PK_CONTOH, nilai, strict=True):
        harap = None if kode in TIDAK_ADA_KEJADIAN else _capaian_tangan(pol, t, r)
        if harap is None:
            assert v in (None, ""), (kode, v)
        else:
            assert isinstance(v, (int, float)), (kode, v)
            assert _dua(v) == harap, (kode, v, harap)
    # 0,3 against 0,2 negatif is 133.33 (DOMAIN.md), capped at the Batas Capaian 120;
    # 105.26 stays 105.26 (below the cap, never cut to 100).
    assert _dua(nilai[1]) == BATAS
    assert _dua(nilai[5]) == Decimal("105.26")
    assert _dua(nilai[2]) == Decimal("0.00")  # negatif floored at 0


def test_fallbacks_equal_the_engine(dihitung):
    """Wherever a fallback shows a figure, x100 it is the engine's figure to 2 decimals."""
    from kinerja_xl.domain.anggaran import penyerapan
    from kinerja_xl.domain.capaian import Status, capaian_massal

    wb = openpyxl.load_workbook(dihitung, data_only=True)
    nilai = _nilai_kolom(wb[c.PK], c.PK_TABLE.name, "Capaian (rumus)")
    mesin = capaian_massal(
        [t for _, _, t, _ in PK_CONTOH],
        [r or None for *_, r in PK_CONTOH],
        [p for _, p, _, _ in PK_CONTOH],
        batas=BATAS,
    )
    dibanding = 0
    for (kode, *_), v, h in zip(PK_CONTOH, nilai, mesin, strict=True):
        if v not in (None, ""):
            assert h.status is Status.DIHITUNG, (kode, h)
            assert _dua(v) == h.capaian, (kode, v, h.capaian)
            dibanding += 1
    assert dibanding == 5  # 1.1, 1.2, 1.3, 2.1, 2.2
    serap = _nilai_kolom(wb[c.PAGU], c.PAGU_TABLE.name, "Penyerapan")
    for (kode, _, pagu, real), v in zip(PAGU_CONTOH, serap, strict=True):
        harap = penyerapan(pagu, real)
        assert (v in (None, "")) if harap is None else _dua(v) == harap, kode


def test_sisa_dan_penyerapan_fallback(dihitung):
    ws = openpyxl.load_workbook(dihitung, data_only=True)[c.PAGU]
    sisa = _nilai_kolom(ws, c.PAGU_TABLE.name, "Sisa")
    serap = _nilai_kolom(ws, c.PAGU_TABLE.name, "Penyerapan")
    for (kode, _, pagu, real), s, p in zip(PAGU_CONTOH, sisa, serap, strict=True):
        assert s == pagu - real, kode
        if pagu == 0:
            assert p in (None, ""), kode
        else:
            harap = (Decimal(real) / Decimal(pagu) * 100).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
            assert _dua(p) == harap, (kode, p, harap)
    assert _dua(serap[0]) == Decimal("99.52")


def test_pdf_every_sheet_one_a4_page_wide_in_its_orientation(template, tmp_path, soffice):
    pdf = konversi(template, "pdf", outdir=tmp_path)
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF")
    pdfinfo = shutil.which("pdfinfo")
    assert pdfinfo, "pdfinfo (poppler-utils) diperlukan; jalankan `make libreoffice`"
    info = subprocess.run([pdfinfo, "-f", "1", "-l", "999", str(pdf)], capture_output=True, text=True, check=True)
    halaman = int(re.search(r"^Pages:\s+(\d+)", info.stdout, re.M).group(1))
    ukuran = re.findall(r"^Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)", info.stdout, re.M)
    assert len(ukuran) == halaman
    for lebar, tinggi in ukuran:  # A4, landscape 842 x 595 or portrait 595 x 842 points (checked per sheet below)
        assert sorted((round(float(lebar)), round(float(tinggi)))) == [595, 842]
    # Fit to width: each page begins with its sheet's title (row 1 is repeated on the
    # pages down); a page across would hold only the right-hand columns, without the
    # title in column A. And each table's last header prints beside its first.
    pdftotext = shutil.which("pdftotext")
    assert pdftotext, "pdftotext (poppler-utils) diperlukan"
    judul_halaman = []
    for i in range(1, halaman + 1):
        teks = subprocess.run(
            [pdftotext, "-f", str(i), "-l", str(i), str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout
        judul = teks.strip().splitlines()[0].strip()
        bagian = {j: s for s, t in TATA_CETAK.items() for _, j in t.judul_bagian}  # a table on its own page width
        assert judul in JUDUL.values() or judul in bagian, (i, judul)
        sheet = bagian.get(judul) or next(s for s, j in JUDUL.items() if j == judul)
        tegak = float(ukuran[i - 1][0]) < float(ukuran[i - 1][1])
        assert tegak == tata_cetak(sheet).tegak, (sheet, ukuran[i - 1])
        bagian_ini = judul in bagian
        if (sheet, bagian_ini) not in judul_halaman:
            judul_halaman.append((sheet, bagian_ini))
            putus = [openpyxl.utils.column_index_from_string(h) for h in tata_cetak(sheet).putus_kolom]
            for spec in (t for t in c.TABLES if t.sheet == sheet):
                kol = openpyxl.utils.column_index_from_string(re.sub(r"\d", "", c.ANCHOR[spec.name]))
                if any(kol >= p for p in putus) != bagian_ini:
                    continue  # the table prints on the other page width
                kolom = [k.header for k in spec.columns] + [k.header for k in c.KOLOM_RUMUS.get(spec.name, ())]
                datar = " ".join(teks.split())
                # headers may wrap inside their cell; compare on single spaces
                assert kolom[0] in datar and kolom[-1].split()[0] in datar, (sheet, spec.name)
    tercetak = [s for s in c.SHEETS if s != c.XLWINGS_CONF]
    assert list(dict.fromkeys(s for s, _ in judul_halaman)) == tercetak

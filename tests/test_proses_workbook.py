"""Issue 5 acceptance on real workbooks: Bontang 2017, marks that come and go, Ringkasan drawn."""

from __future__ import annotations

import json
import shutil
import subprocess
import zipfile
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pandas as pd
import pytest
from gambar import Gambar
from typer.testing import CliRunner

from kinerja_xl.cli import app, isi_workbook
from kinerja_xl.contoh import KESALAHAN_SENGAJA, bontang_2017, satker_contoh
from kinerja_xl.domain.angka import parse_rupiah
from kinerja_xl.gateway.file import FileGateway
from kinerja_xl.template import contract as c

runner = CliRunner()
FIXTURES = Path(__file__).parent / "fixtures"


def _json(tmp_path: Path, perintah: str, berkas: Path) -> dict:
    out = tmp_path / f"{perintah}.json"
    res = runner.invoke(app, [perintah, str(berkas), "--json", str(out)])
    assert res.exit_code in (0, 1), res.output
    return json.loads(out.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def bontang(tmp_path_factory) -> Path:
    return isi_workbook(tmp_path_factory.mktemp("bontang") / "bontang.xlsm", bontang_2017())


def test_bontang_budget_lines_exact_and_clean(bontang: Path, tmp_path: Path) -> None:
    hasil = _json(tmp_path, "hitung", bontang)
    per_kode = {r["kode"]: r for r in hasil["anggaran"] if not r["dihitung"]}
    seed = pd.read_csv(FIXTURES / "bontang_2017_pagu.csv", dtype=str, keep_default_na=False).rename(columns=str.lower)
    assert len(seed) == 22 and len(per_kode) == 22
    for r in seed.to_dict("records"):
        baris = per_kode[r["kode"]]
        pagu, realisasi = parse_rupiah(r["pagu"]), parse_rupiah(r["realisasi"])
        sisa = 0 if r["sisa"].strip() == "-" else parse_rupiah(r["sisa"])
        assert (baris["pagu"], baris["realisasi"], baris["sisa"]) == (pagu, realisasi, sisa), r["kode"]
        harap = (Decimal(realisasi) * 100 / Decimal(pagu)).quantize(Decimal("0.01"), ROUND_HALF_UP)
        assert Decimal(str(baris["penyerapan"])) == harap, r["kode"]
    # The report's own total: Rp 3.511.812.000.
    assert sum(r["pagu"] for r in hasil["anggaran"] if not r["dihitung"]) == 3_511_812_000
    assert sum(r["pagu"] for r in hasil["anggaran"] if r["tingkat"] == "program") == 3_511_812_000
    validasi = _json(tmp_path, "validasi", bontang)
    assert not [t for t in validasi["temuan"] if t["lembar"] == c.PAGU and t["tingkat"] == "galat"]


def test_bontang_indikator_capaian_and_flags(bontang: Path, tmp_path: Path) -> None:
    hasil = _json(tmp_path, "hitung", bontang)
    validasi = _json(tmp_path, "validasi", bontang)
    ind = {r["kode"]: r for r in hasil["indikator"]}
    temuan = {(t["jenis"], t["kode"]) for t in validasi["temuan"]}
    ukur = pd.read_csv(FIXTURES / "bontang_2017_pengukuran.csv", dtype=str, keep_default_na=False)
    dicek = 0
    for r in ukur.to_dict("records"):
        if r["Capaian Seharusnya"]:
            assert Decimal(str(ind[r["Kode Indikator"]]["capaian"])) == Decimal(
                r["Capaian Seharusnya"].replace(",", ".")
            )
            dicek += 1
        if r["Temuan Diharapkan"]:
            # issue 17: "tidak ada kasus" typed as realisasi now suggests Tidak Ada Kejadian = Ya instead
            diharapkan = {r["Temuan Diharapkan"]} | (
                {"realisasi_tidak_ada_kejadian"} if r["Temuan Diharapkan"] == "capaian_tidak_dapat_dihitung" else set()
            )
            assert any((j, r["Kode Indikator"]) in temuan for j in diharapkan), r["Kode Indikator"]
            assert ind[r["Kode Indikator"]]["capaian"] is None
    assert dicek >= 40
    # The three problems the issue names are flagged, each on its own cell.
    jenis = {j for j, _ in temuan}
    assert "satuan_tidak_sesuai" in jenis
    assert any(t["lembar"] == c.REALISASI and t["sel"] for t in validasi["temuan"])


def _komentar(path: Path, lembar: str) -> dict[str, str]:
    """Cell -> comment text on one sheet, read from the package."""
    import re

    with zipfile.ZipFile(path) as z:
        wb = z.read("xl/workbook.xml").decode("utf-8")
        rid = re.search(rf'<sheet [^>]*name="{re.escape(lembar)}"[^>]*r:id="([^"]+)"', wb).group(1)
        rels = z.read("xl/_rels/workbook.xml.rels").decode("utf-8")
        target = re.search(rf'<Relationship [^>]*Id="{rid}"[^>]*Target="([^"]+)"', rels) or re.search(
            rf'<Relationship [^>]*Target="([^"]+)"[^>]*Id="{rid}"', rels
        )
        sheet = "xl/" + target.group(1).lstrip("/").removeprefix("xl/")
        sheet_rels = sheet.replace("worksheets/", "worksheets/_rels/") + ".rels"
        if sheet_rels not in z.namelist():
            return {}
        comments = re.findall(r'Target="([^"]*comments[^"]*)"', z.read(sheet_rels).decode("utf-8"))
        hasil = {}
        for target in comments:
            nama = "xl/" + target.replace("../", "").lstrip("/").removeprefix("xl/")
            teks = z.read(nama).decode("utf-8")
            for ref, isi in re.findall(r'<comment ref="([A-Z]+\d+)"[^>]*>(.*?)</comment>', teks, re.S):
                hasil[ref] = re.sub(r"<[^>]+>", "", isi)
        return hasil


def test_marks_come_with_validasi_and_go_when_fixed(tmp_path: Path) -> None:
    data = satker_contoh()
    path = isi_workbook(tmp_path / "contoh.xlsm", data)
    validasi = _json(tmp_path, "validasi", path)
    salah = next(k for k in KESALAHAN_SENGAJA if k["jenis"] == "realisasi_melebihi_pagu")
    temuan = next(t for t in validasi["temuan"] if t["jenis"] == "realisasi_melebihi_pagu")
    assert temuan["lembar"] == c.PAGU and temuan["kode"] == salah["kode"]
    assert "melebihi" in _komentar(path, c.PAGU)[temuan["sel"]].lower() or _komentar(path, c.PAGU)[temuan["sel"]]
    before = {n: FileGateway(path).baca_tabel(c.table(n)).data for n in ("tblPK", "tblRealisasi")}

    # Staff apply the documented fix (the test writes the input table as a person would type it).
    pagu = data[c.PAGU_TABLE.name].copy()
    for kode, isian in salah["perbaikan"].items():
        i = pagu.index[pagu["Kode"] == kode][0]
        for header, nilai in isian.items():
            pagu.loc[i, header] = nilai
    gw = FileGateway(path)
    gw.tulis_tabel(c.PAGU_TABLE, pagu)
    gw.simpan()
    validasi2 = _json(tmp_path, "validasi", path)
    assert not [t for t in validasi2["temuan"] if t["jenis"] == "realisasi_melebihi_pagu"]
    assert temuan["sel"] not in _komentar(path, c.PAGU)
    # The marks are the only change validasi made: typed values elsewhere are as they were.
    for n, df in before.items():
        pd.testing.assert_frame_equal(FileGateway(path).baca_tabel(c.table(n)).data, df)


@pytest.mark.libreoffice
def _halaman_lembar(pdf: Path, lembar: str) -> list[int]:
    """The PDF pages that print ``lembar``: the page footer names the sheet left of "Halaman P dari N"."""
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout.splitlines()
    n = int(next(b for b in info if b.startswith("Pages:")).split()[1])
    hasil = []
    for p in range(1, n + 1):
        teks = subprocess.run(
            ["pdftotext", "-layout", "-f", str(p), "-l", str(p), str(pdf), "-"], capture_output=True, text=True
        ).stdout
        kaki = f"Halaman {p} dari {n}"  # the footer line: sheet name on the left, page number on the right
        if any(b.split(kaki)[0].strip() == lembar for b in teks.splitlines() if b.rstrip().endswith(kaki)):
            hasil.append(p)
    return hasil


def test_ringkasan_charts_hold_drawn_bars(tmp_path: Path, soffice: str) -> None:
    """What a reader of the printed Ringkasan sees, on whichever of its pages each chart falls:
    the two bar charts' green bars, then below them the monthly chart's Realisasi line drawn across
    the months (red; the Tidak Berhasil bars share the colour, so the line is looked for below the bars)."""
    from kinerja_xl.libreoffice import konversi

    if not shutil.which("pdftoppm"):
        pytest.fail("pdftoppm (poppler-utils) tidak terpasang: jalankan `make libreoffice`.")
    path = isi_workbook(tmp_path / "contoh.xlsm", satker_contoh())
    assert runner.invoke(app, ["proses", str(path)]).exit_code in (0, 1)
    pdf = konversi(path, "pdf", tmp_path / "pdf")
    halaman = _halaman_lembar(pdf, c.RINGKASAN)
    assert halaman, "Ringkasan pages not found in the PDF"
    assert halaman == list(range(halaman[0], halaman[-1] + 1)), "Ringkasan pages not printed together"
    subprocess.run(
        ["pdftoppm", "-f", str(halaman[0]), "-l", str(halaman[-1]), "-r", "60", str(pdf), str(tmp_path / "rk")],
        check=True,
    )
    img = Gambar.susun([Gambar.baca(p) for p in sorted(tmp_path.glob("rk*.ppm"))])
    hijau = img.baris((0x2C, 0xA0, 0x2C))  # Berhasil bars and the penyerapan bars
    assert len(hijau) > 40, "no drawn bars in the charts"
    # Two charts of green bars: the green rows fall into two separate vertical bands.
    celah = [b - a for a, b in zip(hijau, hijau[1:], strict=False)]
    assert max(celah) > 20, "green bars found in one chart only"
    merah = [y for y in img.baris((0xD6, 0x27, 0x28)) if y > max(hijau)]  # the monthly chart's Realisasi line
    assert merah, "monthly chart line missing below the bar charts"
    # drawn across the months: as wide as half the bar charts at least (a legend marker is a few pixels)
    x, xh = img.kolom((0xD6, 0x27, 0x28), merah), img.kolom((0x2C, 0xA0, 0x2C), hijau)
    assert x[-1] - x[0] > (xh[-1] - xh[0]) // 2, "the Realisasi line does not run across the months"

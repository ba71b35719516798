"""The shape of the code: layering, vocabulary apart from layout, one place for each thing."""

from __future__ import annotations

import ast
from pathlib import Path

from kinerja_xl.domain import kosakata as k
from kinerja_xl.template import contract as c

PAKET = Path(__file__).resolve().parent.parent / "kinerja_xl"


def _impor(path: Path) -> set[str]:
    nama: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            nama.add(node.module)
            nama.update(f"{node.module}.{a.name}" for a in node.names)
        elif isinstance(node, ast.Import):
            nama.update(a.name for a in node.names)
    return nama


def test_domain_does_not_import_layout_services_or_doors():
    for path in sorted((PAKET / "domain").glob("*.py")):
        salah = {
            m
            for m in _impor(path)
            if m.startswith(
                ("kinerja_xl.template", "kinerja_xl.services", "kinerja_xl.gateway", "kinerja_xl.xl", "kinerja_xl.cli")
            )
        }
        assert not salah, f"{path.name} imports {salah}"


def test_contract_reexports_the_vocabulary():
    for nama in (
        "POLARITAS",
        "AKUMULASI",
        "METODE_AGREGASI",
        "BASIS_REALISASI",
        "TINGKAT_KODE",
        "BULAN",
        "TW",
        "SKALA_DEFAULT",
        "KODE_UNIT_SEKRETARIAT",
        "UNIT_BAWAAN",
    ):
        assert getattr(c, nama) is getattr(k, nama), nama
    assert c.POLARITAS == ("Positif", "Negatif", "Rentang")
    assert c.AKUMULASI == ("Kumulatif", "Akhir", "Rata-rata")


def test_every_engine_table_has_a_place_in_the_layout():
    assert set(c.SPEC_TABEL) == set(k.Tabel)


def test_engine_fields_are_the_layout_keys():
    assert k.KOLOM_PK == tuple(c.PK_TABLE.keys)
    assert k.KOLOM_PAGU == tuple(c.PAGU_TABLE.keys)
    assert k.KOLOM_SKALA == tuple(c.SKALA_TABLE.keys)
    assert k.KOLOM_CAPAIAN == tuple(c.CAPAIAN_TABLE.keys)
    assert k.KOLOM_CAPAIAN_SASARAN == tuple(c.CAPAIAN_SASARAN_TABLE.keys)
    assert k.KOLOM_CAPAIAN_UNIT == tuple(c.CAPAIAN_UNIT_TABLE.keys)
    assert k.KOLOM_NARASI_UNIT == tuple(c.NARASI_UNIT_TABLE.keys)
    assert k.KOLOM_RENCANA_AKSI_HASIL == tuple(c.RENCANA_AKSI_HASIL_TABLE.keys)


def test_field_names_in_messages_are_the_headers():
    for tabel, nama in k.NAMA_KOLOM.items():
        header = {kol.key: kol.header for kol in c.SPEC_TABEL[tabel].columns}
        assert nama == {key: header[key] for key in nama}, tabel


def test_unit_code_fits_a_sheet_name():
    assert k.PANJANG_KODE_UNIT == 31 - len(c.PREFIKS_LEMBAR_PK)


# Functions allowed over 60 lines, each with its reason in docs/struktur.md ("Long functions").
PANJANG_DIIZINKAN = {
    ("services/rekap.py", "tulis_rekap"),
    ("narasi/susun.py", "susun_naskah"),
    ("cli_provinsi.py", "daftarkan"),
}
BATAS_BARIS = 60


def test_functions_read_in_one_screen():
    panjang = set()
    for path in sorted(PAKET.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                n = (node.end_lineno or node.lineno) - node.lineno + 1
                if n > BATAS_BARIS:
                    panjang.add((path.relative_to(PAKET).as_posix(), node.name))
    assert panjang <= PANJANG_DIIZINKAN, f"over {BATAS_BARIS} lines: {sorted(panjang - PANJANG_DIIZINKAN)}"
    assert len(PANJANG_DIIZINKAN) <= 3


def test_long_functions_are_listed_with_a_reason():
    teks = (PAKET.parent / "docs" / "struktur.md").read_text(encoding="utf-8")
    for _, nama in PANJANG_DIIZINKAN:
        assert f"`{nama}`" in teks


# --- one of each: every helper has one definition, imported from its one place ----------------


def _definisi(nama: str) -> list[str]:
    """Modules of kinerja_xl that define a function or class called ``nama``."""
    hasil = []
    for path in sorted(PAKET.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.ClassDef)) and node.name == nama:
                hasil.append(path.relative_to(PAKET).as_posix())
    return hasil


def test_one_column_letter_helper():
    from xlsxwriter.utility import xl_col_to_name

    from kinerja_xl.gateway.base import huruf_kolom, kolom_huruf

    for n in (1, 26, 27, 52, 703, 16384):
        assert kolom_huruf(n) == xl_col_to_name(n - 1) and huruf_kolom(kolom_huruf(n)) == n
    assert _definisi("kolom_huruf") == ["gateway/base.py"] and _definisi("huruf_ke_kolom") == []


def test_one_style_table():
    from kinerja_xl.gateway import ekspor_xlsx as ekspor
    from kinerja_xl.gateway import excel, xlsx_styles
    from kinerja_xl.gateway.base import GAYA

    assert GAYA["persen"].format_angka == "0.00"
    for nama, g in GAYA.items():
        assert xlsx_styles.GAYA_NAMA[nama][1] == g.format_angka
        assert excel.FORMAT_GAYA.get(nama) == g.format_angka
        assert ekspor._sifat_gaya(g).get("num_format") == g.format_angka
        assert (nama in excel._TEBAL) == g.tebal == bool(ekspor._sifat_gaya(g).get("bold"))


def test_one_chart_writer():
    """Charts are drawn by one XlsxWriter writer: the builder (the Ringkasan's, once), the export, the rekap."""
    from kinerja_xl.gateway import ekspor_xlsx, grafik_xlsxwriter
    from kinerja_xl.services import rekap
    from kinerja_xl.template import build

    assert _definisi("gambar_grafik") == ["gateway/grafik_xlsxwriter.py"]
    for modul in (build, ekspor_xlsx, rekap):
        assert modul.gambar_grafik is grafik_xlsxwriter.gambar_grafik, modul.__name__
    assert not (PAKET / "gateway" / "xlsx_chart.py").exists()
    for path in PAKET.rglob("*.py"):  # no door draws a chart itself (DrawingML by hand, Excel's Charts.Add)
        teks = path.read_text(encoding="utf-8")
        assert "charts.add" not in teks and "c:chartSpace" not in teks, path.name


def test_one_in_memory_door():
    from kinerja_xl.gateway.base import WorkbookGateway
    from kinerja_xl.gateway.recording import RecordingGateway

    pintu = [
        p
        for p in PAKET.rglob("*.py")
        for node in ast.walk(ast.parse(p.read_text(encoding="utf-8")))
        if isinstance(node, ast.ClassDef) and any(getattr(b, "id", "") == "WorkbookGateway" for b in node.bases)
    ]
    assert sorted(p.name for p in pintu) == ["excel.py", "file.py", "recording.py"]
    assert issubclass(RecordingGateway, WorkbookGateway)


def test_one_list_joiner():
    from kinerja_xl.domain.angka import daftar_kata
    from kinerja_xl.narasi.render import f_daftar

    assert f_daftar is daftar_kata
    assert daftar_kata(["a", "b", "c"]) == "a, b, dan c"
    assert daftar_kata(["a", "b"]) == "a dan b" and daftar_kata(["a"]) == "a" and daftar_kata([]) == ""
    assert daftar_kata(["a", "b", "c"], "atau") == "a, b, atau c"
    assert _definisi("_daftar_kata") == [] and _definisi("daftar_kata") == ["domain/angka.py"]


def test_one_number_reader_and_formatter():
    from decimal import Decimal

    from kinerja_xl.domain import anggaran
    from kinerja_xl.domain.angka import baca_bulat, baca_volume, format_angka, format_rupiah

    assert anggaran._rp is format_rupiah
    assert format_rupiah(-26_555_194_000) == "-Rp " + format_angka(26_555_194_000)
    assert baca_volume("1.500") == 1500 and baca_volume("1,5") == Decimal("1.5") and baca_volume("") is None
    assert baca_bulat("2025") == 2025 and baca_bulat("2,5") is None and baca_bulat("Infinity") is None
    from kinerja_xl.services import masukan

    assert not hasattr(anggaran, "_angka") and not hasattr(masukan, "_bulat")
    assert _definisi("baca_volume") == ["domain/angka.py"] and _definisi("baca_bulat") == ["domain/angka.py"]


def _panggilan(nama: str) -> list[str]:
    """Modules of kinerja_xl that call ``<something>.nama(...)`` (e.g. ``os.replace``)."""
    hasil = []
    for path in sorted(PAKET.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == nama:
                if isinstance(node.func.value, ast.Name) and node.func.value.id == "os":
                    hasil.append(path.relative_to(PAKET).as_posix())
    return sorted(set(hasil))


def test_one_xml_text_escaper():
    from kinerja_xl.xml_teks import escape_attr, escape_text, teks_xml_sah

    assert escape_text("Uraian\x0b <a> & b") == "Uraian &lt;a&gt; &amp; b"  # an illegal character dropped
    assert escape_attr('"x"\t') == "&quot;x&quot;&#9;" and teks_xml_sah("a\x00b") == "ab"
    for nama in ("escape_text", "escape_attr", "teks_xml_sah"):
        assert _definisi(nama) == ["xml_teks.py"], nama


def test_one_atomic_writer():
    from kinerja_xl.gateway.berkas import tulis_atomik, tulis_teks_atomik

    assert callable(tulis_atomik) and callable(tulis_teks_atomik)
    assert _definisi("tulis_atomik") == ["gateway/berkas.py"]
    assert _panggilan("replace") == ["gateway/berkas.py"] and _panggilan("rename") == []


def test_one_unit_of_work():
    """Saving is the entry point's: the port commits and discards; no service takes a save flag."""
    from kinerja_xl.gateway.base import WorkbookGateway, satu_kerja

    assert {"simpan", "batalkan"} <= WorkbookGateway.__abstractmethods__ and callable(satu_kerja)
    assert _definisi("satu_kerja") == ["gateway/base.py"]
    for path in sorted((PAKET / "services").glob("*.py")):
        assert not {m for m in _impor(path) if m.startswith("kinerja_xl.gateway.file")}, f"{path.name} opens files"
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef):
                nama = [a.arg for a in node.args.args + node.args.kwonlyargs]
                assert "simpan" not in nama, f"{path.name}:{node.name} takes simpan"


def test_no_symlinks_in_the_repository():
    import subprocess

    akar = PAKET.parent
    ls = subprocess.run(["git", "ls-files", "-s"], cwd=akar, capture_output=True, text=True, check=True).stdout
    assert not [baris for baris in ls.splitlines() if baris.startswith("120000")]
    assert not [p for p in akar.rglob("*") if p.is_symlink() and ".venv" not in p.parts and ".git" not in p.parts]


def test_code_cites_the_projects_own_domain_doc():
    import re

    assert (PAKET.parent / "docs" / "domain.md").exists()
    for path in sorted(PAKET.rglob("*")):
        if path.suffix in (".py", ".j2", ".csv", ".bas"):
            teks = path.read_text(encoding="utf-8")
            assert "DOMAIN.md" not in teks, path
            assert not re.search(r"\(issue \d+\)|\bissue #?\d+\b", teks, re.IGNORECASE), path


def test_curated_public_api():
    import kinerja_xl
    from kinerja_xl.api import proses
    from kinerja_xl.gateway.file import FileGateway

    assert kinerja_xl.FileGateway is FileGateway and kinerja_xl.proses is proses
    for nama in kinerja_xl.__all__:
        assert getattr(kinerja_xl, nama) is not None, nama
    assert (PAKET / "py.typed").exists()

"""A corpus of LKj workbooks as other programs save them (issue 13), generated, not committed.

Every member starts from the same filled workbook (the built-in sample satker with
typed text that looks like formulas, and 1,150 extra budget lines whose codes are
malformed so that ``validasi`` marks more than 1,100 cells on the Pagu sheet), then
is re-saved the way another program would:

* ``excel``     - a real-Excel-like package: shared strings instead of inline strings,
                  ``calcChain.xml``, ``x14ac``/``mc:Ignorable`` and ``x14`` extensions in extLst;
* ``libreoffice`` - saved by LibreOffice (``soffice --convert-to xlsx``; needs soffice);
* ``openpyxl``  - loaded and saved by openpyxl (``keep_vba=True``);
* ``awalan``    - every SpreadsheetML part with the main namespace as prefix ``x:`` (Open XML SDK);
* ``inline``    - inline strings only (no sharedStrings part) and ``<dimension ref="A1"/>``.

Run ``python tests/korpus.py DIR`` to write the files for a look or for the shared audit.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import pandas as pd
from lxml import etree

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script from anywhere
    sys.path.insert(0, str(ROOT))

from kinerja_xl.cli import isi_workbook  # noqa: E402
from kinerja_xl.contoh import satker_contoh  # noqa: E402
from kinerja_xl.template import contract as c  # noqa: E402

NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
NS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
X = f"{{{NS_MAIN}}}"

# Typed text that begins with "=": must stay text in every output (issue 13).
KETIKAN = {
    "indikator": "= dokumen tepat waktu / seluruh dokumen",
    "sasaran": '=HYPERLINK("http://contoh.invalid/x","klik di sini")',
    "analisis": "=cmd|' /c calc'!A1",
    "uraian": '=HYPERLINK("http://contoh.invalid/anggaran","anggaran")',
    "pejabat": "= a / b",
}
BARIS_SALAH = 1150  # malformed budget codes: one finding (and one cell comment) each on Pagu
JENIS = ("excel", "libreoffice", "openpyxl", "awalan", "inline")


def data_korpus() -> dict[str, pd.DataFrame]:
    """The sample satker with the typed formula-like texts and the malformed budget lines."""
    d = {k: v.copy() for k, v in satker_contoh().items()}
    pk = d[c.PK_TABLE.name]
    # an indikator of the satker's own PK, so it travels into the export, the rekap and its CSV
    sek = pk.index[pk["Unit Kerja"].isna() | (pk["Unit Kerja"] == c.KODE_UNIT_SEKRETARIAT)][0]
    pk.loc[sek, "Indikator Kinerja"] = KETIKAN["indikator"]
    pk.loc[pk["Kode Sasaran"] == pk.loc[3, "Kode Sasaran"], "Sasaran"] = KETIKAN["sasaran"]
    real = d[c.REALISASI_TABLE.name]
    real.loc[0, "Analisis Penyebab"] = KETIKAN["analisis"]
    pagu = d[c.PAGU_TABLE.name]
    pagu.loc[len(pagu) - 1, "Uraian"] = KETIKAN["uraian"]
    salah = pd.DataFrame({col: [None] * BARIS_SALAH for col in pagu.columns})
    salah["Kode"] = [f"ZZ-{i:04d}" for i in range(BARIS_SALAH)]
    salah["Uraian"] = [f"Baris kode salah {i}" for i in range(BARIS_SALAH)]
    d[c.PAGU_TABLE.name] = pd.concat([pagu, salah], ignore_index=True)
    unit = d[c.UNIT_TABLE.name]
    unit.loc[0, "Pejabat"] = KETIKAN["pejabat"]
    return d


def dasar(tujuan: Path) -> Path:
    """The filled workbook every corpus member is made from."""
    return isi_workbook(tujuan, data_korpus())


# --- package editing helpers ------------------------------------------------------------
def _baca(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist()}


def _tulis(path: Path, parts: dict[str, bytes]) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for n, b in parts.items():
            z.writestr(n, b)


def _xml(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _lembar(parts: dict[str, bytes]) -> list[tuple[str, str]]:
    """(sheetId, part) of every worksheet."""
    rels = {e.get("Id"): e.get("Target") for e in etree.fromstring(parts["xl/_rels/workbook.xml.rels"])}
    out = []
    for s in etree.fromstring(parts["xl/workbook.xml"]).iter(X + "sheet"):
        t = rels[s.get(f"{{{NS_REL}}}id")]
        out.append((s.get("sheetId"), t.lstrip("/") if t.startswith("/") else "xl/" + t))
    return out


def _ct_tambah(parts: dict[str, bytes], part: str, ct: str) -> None:
    root = etree.fromstring(parts["[Content_Types].xml"])
    ns = root.nsmap[None]
    if not any(e.get("PartName") == "/" + part for e in root):
        etree.SubElement(root, f"{{{ns}}}Override", PartName="/" + part, ContentType=ct)
    parts["[Content_Types].xml"] = _xml(root)


def _ct_buang(parts: dict[str, bytes], part: str) -> None:
    root = etree.fromstring(parts["[Content_Types].xml"])
    for e in [e for e in root if e.get("PartName") == "/" + part]:
        root.remove(e)
    parts["[Content_Types].xml"] = _xml(root)


def _rel_wb(parts: dict[str, bytes], jenis: str, target: str | None) -> None:
    """Add (target) or remove (None) the workbook relationship of one type."""
    root = etree.fromstring(parts["xl/_rels/workbook.xml.rels"])
    for e in [e for e in root if e.get("Type") == NS_REL + "/" + jenis]:
        root.remove(e)
    if target is not None:
        ids = {e.get("Id") for e in root}
        n = next(i for i in range(1, 10_000) if f"rId{i}" not in ids)
        etree.SubElement(
            root, f"{{{root.nsmap[None]}}}Relationship", Id=f"rId{n}", Type=NS_REL + "/" + jenis, Target=target
        )
    parts["xl/_rels/workbook.xml.rels"] = _xml(root)


# --- the ways other programs save -------------------------------------------------------
def tambah_calc_chain(path: Path) -> Path:
    """Add calcChain.xml listing every formula cell, as Excel does when it saves."""
    parts = _baca(path)
    entri = []
    for sid, part in _lembar(parts):
        root = etree.fromstring(parts[part])
        refs = [cel.get("r") for cel in root.iter(X + "c") if cel.find(X + "f") is not None]
        entri += [f'<c r="{r}" i="{sid}"/>' if k == 0 else f'<c r="{r}"/>' for k, r in enumerate(refs)]
    if not entri:
        return path
    parts["xl/calcChain.xml"] = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<calcChain xmlns="{NS_MAIN}">{"".join(entri)}</calcChain>'
    ).encode()
    _ct_tambah(parts, "xl/calcChain.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.calcChain+xml")
    _rel_wb(parts, "calcChain", "calcChain.xml")
    _tulis(path, parts)
    return path


def ke_shared_strings(parts: dict[str, bytes]) -> None:
    """Inline strings become shared strings (Excel never writes inline strings)."""
    sst_part = "xl/sharedStrings.xml"
    sst = etree.fromstring(parts[sst_part]) if sst_part in parts else etree.Element(X + "sst", nsmap={None: NS_MAIN})
    indeks = {"".join(t.text or "" for t in si.iter(X + "t")): i for i, si in enumerate(sst.findall(X + "si"))}
    refs = 0
    for _, part in _lembar(parts):
        root = etree.fromstring(parts[part])
        for cel in root.iter(X + "c"):
            if cel.get("t") == "inlineStr":
                teks = "".join(t.text or "" for t in cel.iter(X + "t"))
                if teks not in indeks:
                    si = etree.SubElement(sst, X + "si")
                    t = etree.SubElement(si, X + "t")
                    t.text = teks
                    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
                    indeks[teks] = len(indeks)
                for ch in list(cel):
                    cel.remove(ch)
                cel.set("t", "s")
                etree.SubElement(cel, X + "v").text = str(indeks[teks])
            refs += cel.get("t") == "s"
        parts[part] = _xml(root)
    sst.set("count", str(refs))
    sst.set("uniqueCount", str(len(indeks)))
    parts[sst_part] = _xml(sst)
    _ct_tambah(parts, sst_part, "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml")
    _rel_wb(parts, "sharedStrings", "sharedStrings.xml")


_X14AC = "http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac"
_X14 = "http://schemas.microsoft.com/office/spreadsheetml/2009/9/main"
_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"


def ke_excel(src: Path, dst: Path) -> Path:
    """Shared strings, x14ac row attributes under mc:Ignorable, an x14 extension, calcChain."""
    parts = _baca(src)
    ke_shared_strings(parts)
    for _, part in _lembar(parts):
        text = parts[part].decode("utf-8")
        if "xmlns:x14ac=" not in text:
            text = re.sub(
                r"<worksheet\b",
                f'<worksheet xmlns:mc="{_MC}" xmlns:x14ac="{_X14AC}" mc:Ignorable="x14ac"',
                text,
                count=1,
            )
        text = re.sub(r"<row\b(?![^>]*x14ac:dyDescent)", '<row x14ac:dyDescent="0.25"', text)
        if "<extLst>" not in text:
            ext = (
                f'<extLst><ext uri="{{78C0D931-6437-407d-A8EE-F0AAD7539E65}}" xmlns:x14="{_X14}">'
                "<x14:conditionalFormattings/></ext></extLst>"
            )
            text = text.replace("</worksheet>", ext + "</worksheet>")
        parts[part] = text.encode("utf-8")
    _tulis(dst, parts)
    return tambah_calc_chain(dst)


def ke_libreoffice(src: Path, dst: Path, soffice: str) -> Path:
    with tempfile.TemporaryDirectory() as d:
        profil = Path(d) / "profil"
        subprocess.run(
            [
                soffice,
                f"-env:UserInstallation={profil.as_uri()}",
                "--headless",
                "--convert-to",
                "xlsx:Calc MS Excel 2007 XML",
                "--outdir",
                d,
                str(src),
            ],
            check=True,
            capture_output=True,
            timeout=600,
        )
        shutil.move(str(Path(d) / (src.stem + ".xlsx")), dst)
    return dst


def ke_openpyxl(src: Path, dst: Path) -> Path:
    import openpyxl

    wb = openpyxl.load_workbook(src, keep_vba=True)
    wb.save(dst)
    return dst


def _berawalan(data: bytes) -> bytes:
    """Every element of the main namespace written as ``x:name`` (the Open XML SDK's spelling)."""
    text = data.decode("utf-8")
    root_m = re.search(r"<([A-Za-z][\w.-]*)([^>]*)>", text)
    if root_m is None or f'xmlns="{NS_MAIN}"' not in root_m.group(2):
        return data
    text = re.sub(r"<(/?)(?=[A-Za-z])(?![\w.-]+:)", r"<\1x:", text)
    text = text.replace(f'xmlns="{NS_MAIN}"', f'xmlns:x="{NS_MAIN}"', 1)
    out = text.encode("utf-8")
    asli = [e.tag for e in etree.fromstring(data).iter()]
    if [e.tag for e in etree.fromstring(out).iter()] != asli:
        raise ValueError("prefixing changed the elements")
    return out


def ke_awalan(src: Path, dst: Path) -> Path:
    parts = _baca(src)
    for n in list(parts):
        if n.startswith("xl/") and n.endswith(".xml") and not n.startswith(("xl/drawings/", "xl/charts/", "xl/theme/")):
            parts[n] = _berawalan(parts[n])
    _tulis(dst, parts)
    return dst


def ke_inline(src: Path, dst: Path) -> Path:
    """Shared strings inlined (the part removed) and every dimension set to A1."""
    parts = _baca(src)
    sst: list[str] = []
    if "xl/sharedStrings.xml" in parts:
        sst = [
            "".join(t.text or "" for t in si.iter(X + "t"))
            for si in etree.fromstring(parts["xl/sharedStrings.xml"]).findall(X + "si")
        ]
    for _, part in _lembar(parts):
        root = etree.fromstring(parts[part])
        for cel in root.iter(X + "c"):
            if cel.get("t") == "s":
                teks = sst[int(cel.find(X + "v").text)]
                for ch in list(cel):
                    cel.remove(ch)
                cel.set("t", "inlineStr")
                t = etree.SubElement(etree.SubElement(cel, X + "is"), X + "t")
                t.text = teks
        dim = root.find(X + "dimension")
        if dim is not None:
            dim.set("ref", "A1")
        parts[part] = _xml(root)
    parts.pop("xl/sharedStrings.xml", None)
    _ct_buang(parts, "xl/sharedStrings.xml")
    _rel_wb(parts, "sharedStrings", None)
    _tulis(dst, parts)
    return dst


def buat(jenis: str, folder: Path, soffice: str | None = None) -> Path:
    """One corpus member in ``folder`` (the base workbook is made there first)."""
    folder.mkdir(parents=True, exist_ok=True)
    src = dasar(folder / "dasar.xlsm")
    ext = "xlsx" if jenis == "libreoffice" else "xlsm"
    dst = folder / f"korpus_{jenis}.{ext}"
    if jenis == "excel":
        return ke_excel(src, dst)
    if jenis == "libreoffice":
        if soffice is None:
            raise ValueError("soffice needed")
        return ke_libreoffice(src, dst, soffice)
    if jenis == "openpyxl":
        return ke_openpyxl(src, dst)
    if jenis == "awalan":
        return ke_awalan(src, dst)
    if jenis == "inline":
        return ke_inline(ke_excel(src, folder / "tmp_excel.xlsm"), dst)
    raise ValueError(jenis)


if __name__ == "__main__":
    from kinerja_xl.libreoffice import cari_soffice

    keluar = Path(sys.argv[1] if len(sys.argv) > 1 else "korpus")
    for j in JENIS:
        if j == "libreoffice" and not cari_soffice():
            continue
        print(buat(j, keluar / j, cari_soffice()))

"""The file door: read tables fast with calamine, write by rewriting only changed parts.

Reads go through python-calamine (one load per sheet). Writes edit the zip
package part by part (see xlsx_package): unchanged members, the VBA project
and the buttons among them, are copied byte for byte. Saving goes to a
temporary file beside the target and replaces it atomically, keeping a .bak.
"""

from __future__ import annotations

import io
import re
import uuid
import zipfile
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pandas as pd
from lxml import etree

from kinerja_xl.domain.temuan import KinerjaError
from kinerja_xl.gateway.base import (
    BATAS_TEKS_SEL,
    Lembar,
    Rumus,
    Tabel,
    Tanda,
    WorkbookGateway,
    baris_jumlah,
    kolom_huruf,
    potong_teks,
)
from kinerja_xl.gateway.batas import buka_paket, cek_baris, cek_baris_lembar, cek_lebar
from kinerja_xl.gateway.berkas import Sidik, baca_dengan_sidik, jalur_nyata, titik_gangguan, tulis_atomik
from kinerja_xl.gateway.xlsx_comments import (
    PENULIS,
    CatatanTanda,
    blok_vml,
    bukan_catatan,
    comments_xml,
    idmaps_in,
    is_record,
    item_props_xml,
    komentar_baru,
    parse_comments,
    parse_record,
    record_xml,
    vml_xml,
)
from kinerja_xl.gateway.xlsx_galat import sel_galat
from kinerja_xl.gateway.xlsx_package import (
    CT_COMMENTS,
    CT_CUSTOM_XML_PROPS,
    CT_TABLE,
    CT_VML,
    NS_MAIN,
    NS_R,
    REL_CHART,
    REL_COMMENTS,
    REL_CUSTOM_XML,
    REL_CUSTOM_XML_PROPS,
    REL_DRAWING,
    REL_IMAGE,
    REL_TABLE,
    REL_VML,
    REL_WORKSHEET,
    Paket,
    ada_rumus,
    app_tambah_lembar,
    buang_calc_chain,
    hitung_ulang_sst,
    parse_xml,
    xml_bytes,
)
from kinerja_xl.gateway.xlsx_sheet import BarisTakTerbaca, SheetXml, cell_xml, parse_range, split_ref
from kinerja_xl.gateway.xlsx_styles import WARNA_TANDA, Gaya
from kinerja_xl.template.cetak import (
    TINGGI_KEPALA,
    TataCetak,
    lebar_bungkus,
    lebar_tersimpan,
    tata_cetak,
    tinggi_baris,
)
from kinerja_xl.template.contract import INPUT_TABLES, LOG_TABLE, TableSpec
from kinerja_xl.xml_teks import escape_attr

__all__ = ["FileGateway"]

_Q = f"{{{NS_MAIN}}}"
_RID = f"{{{NS_R}}}id"
_CT_SHEET = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
_CODE_NAME = re.compile(rb'<(?:[\w.-]+:)?sheetPr\b[^>]*?\scodeName\s*=\s*["\']([^"\']*)')
_URUTAN_TINGKAT = {"galat": 3, "peringatan": 2, "info": 1}
_NAMA_MASUKAN = {spec.name.lower() for spec in INPUT_TABLES}
_GUID_TANDA = "{" + str(uuid.uuid5(uuid.NAMESPACE_URL, "urn:kinerja-xl:tanda")).upper() + "}"


class _TabelPart:
    """One table part: its name, sheet, range and columns."""

    def __init__(self, part: str, sheet: str, data: bytes):
        self.part = part
        self.sheet = sheet
        self.root = parse_xml(data)
        self.name = self.root.get("displayName") or self.root.get("name") or ""

    @property
    def ref(self) -> str:
        return self.root.get("ref", "A1")

    @property
    def header_rows(self) -> int:
        return int(self.root.get("headerRowCount", "1"))

    @property
    def columns(self) -> list[etree._Element]:
        tc = self.root.find(_Q + "tableColumns")
        return list(tc) if tc is not None else []

    @property
    def baris_jumlah(self) -> int:
        """1 when the table shows Excel's total row (its last row, never data), else 0."""
        return int(self.root.get("totalsRowCount", "0"))

    def set_ref(self, ref: str) -> None:
        """The table's range; its filter covers the header and data rows, never the total row."""
        self.root.set("ref", ref)
        af = self.root.find(_Q + "autoFilter")
        if af is not None:
            c1, r1, c2, r2 = parse_range(ref)
            af.set("ref", f"{kolom_huruf(c1)}{r1}:{kolom_huruf(c2)}{r2 - self.baris_jumlah}")

    def pasang_jumlah(self) -> None:
        """Show the total row (an older workbook's table gains it); its cells are written as any other."""
        self.root.set("totalsRowCount", "1")
        self.root.attrib.pop("totalsRowShown", None)


class FileGateway(WorkbookGateway):
    """A workbook file on disk, behind the gateway port."""

    def __init__(self, path: str | Path, *, progres: Callable[[str, float | None], None] | None = None):
        self.path = Path(path)
        self._progres_cb = progres
        self._lupakan()

    @property
    def berkas(self) -> Path:
        """The workbook's file: exports and documents go beside it."""
        return self.path

    def _lupakan(self) -> None:
        """Nothing read, nothing written: the next call reads the file afresh."""
        self._paket: Paket | None = None
        self._sheets: dict[str, str] = {}  # sheet name -> part
        self._tables: dict[str, _TabelPart] = {}  # lower-case name -> table
        self._sheet_xml: dict[str, SheetXml] = {}
        self._dirty_tables: set[str] = set()
        self._gaya: Gaya | None = None
        self._grid: dict[str, list[list[Any]]] = {}
        self._calamine = None
        self._workbook_root: etree._Element | None = None
        self._sidik: Sidik | None = None
        self._log: list[list[Any]] = []  # rows queued for tblLog, appended at the next save
        self._tinggi: dict[str, dict[str, dict[int, float]]] = {}  # sheet -> table -> row -> height written

    # --- opening ---------------------------------------------------------------------
    def progres(self, pesan: str, fraksi: float | None = None) -> None:
        if self._progres_cb is not None:
            self._progres_cb(pesan, fraksi)

    def _tak_terbaca(self, alasan: str) -> KinerjaError:
        return KinerjaError(f"Berkas {self.path.name} tidak dapat dibaca: {alasan}.")

    @property
    def paket(self) -> Paket:
        if self._paket is None:
            if self.path.suffix.lower() not in (".xlsx", ".xlsm"):
                raise self._tak_terbaca("bukan workbook .xlsx/.xlsm")
            try:
                data, self._sidik = baca_dengan_sidik(self.path)
            except FileNotFoundError:
                raise self._tak_terbaca("berkas tidak ditemukan") from None
            except OSError as e:
                raise self._tak_terbaca(f"berkas tidak dapat dibuka ({e.strerror or e})") from None
            paket = buka_paket(data, self.path.name)
            try:
                self._index(paket)
            except KeyError as e:
                raise self._tak_terbaca(f"bagian {_nama_bagian(e)} tidak ada di paket (berkas rusak)") from None
            except (zipfile.BadZipFile, ValueError, etree.XMLSyntaxError) as e:
                raise self._tak_terbaca(f"isi berkas rusak atau bukan workbook Excel ({e})") from None
            self._paket = paket
        return self._paket

    def _index(self, paket: Paket) -> None:
        wb = parse_xml(paket.read("xl/workbook.xml"))
        rels = paket.rels("xl/workbook.xml")
        self._workbook_root = wb
        for sh in wb.iter(_Q + "sheet"):
            rel = rels.get(sh.get(_RID))
            if rel is not None and rel.type == REL_WORKSHEET:
                if not paket.exists(rel.target):
                    raise KeyError(f"{rel.target} (lembar {sh.get('name')})")
                self._sheets[sh.get("name")] = rel.target
        for name, part in self._sheets.items():
            for rel in paket.rels(part).of_type(REL_TABLE):
                t = _TabelPart(rel.target, name, paket.read(rel.target))
                self._tables[t.name.lower()] = t
                k1, r1, k2, r2 = parse_range(t.ref)
                cek_baris(self.path.name, name, t.name, r1, r2, t.name.lower() in _NAMA_MASUKAN)
                cek_lebar(self.path.name, name, t.name, k2 - k1 + 1, len(t.columns))

    def _sheet_part(self, sheet: str) -> str:
        _ = self.paket  # opens the package and indexes its sheets and tables
        part = self._sheets.get(sheet)
        if part is None:
            raise KinerjaError(f"Lembar {sheet} tidak ada di berkas {self.path.name}.")
        return part

    def _sheet(self, sheet: str) -> SheetXml:
        part = self._sheet_part(sheet)
        if part not in self._sheet_xml:
            try:
                self._sheet_xml[part] = SheetXml(self.paket.read(part))
            except (ValueError, LookupError, etree.XMLSyntaxError, zipfile.BadZipFile):
                raise self._tak_terbaca(f"isi lembar {sheet} rusak (XML lembar tidak terbaca)") from None
        return self._sheet_xml[part]

    def _table(self, spec: TableSpec) -> _TabelPart:
        _ = self.paket  # opens the package and indexes its sheets and tables
        t = self._tables.get(spec.name.lower())
        if t is None:
            raise KinerjaError(
                f"Tabel {spec.name} tidak ditemukan di lembar {spec.sheet} berkas {self.path.name}. "
                f"Bila workbook dibuat dengan template lama, jalankan 'kinerja-xl migrasi {self.path.name}'."
            )
        return t

    @property
    def gaya(self) -> Gaya:
        if self._gaya is None:
            self._gaya = Gaya(self.paket.read("xl/styles.xml"))
        return self._gaya

    def _grid_of(self, sheet: str) -> list[list[Any]]:
        if sheet not in self._grid:
            import python_calamine

            part = self._sheet_part(sheet)
            cek_baris_lembar(self.path.name, sheet, self.paket.read(part))
            if part in self._sheet_xml or self.paket.is_changed(part):
                src = io.BytesIO(self._package_bytes())  # read what we wrote, not the stale original
                wb = python_calamine.CalamineWorkbook.from_filelike(src)
            else:
                if self._calamine is None:
                    try:
                        self._calamine = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(self.paket.data))
                    except Exception:  # calamine's own error types
                        raise self._tak_terbaca("isi berkas rusak (paket tidak terbaca sebagai workbook)") from None
                wb = self._calamine
            try:
                self._grid[sheet] = wb.get_sheet_by_name(sheet).to_python(skip_empty_area=False)
            except Exception:  # calamine's own error types: a damaged sheet, strings or styles part
                raise self._tak_terbaca(f"isi lembar {sheet} rusak (sel, gaya atau teks bersama)") from None
        return self._grid[sheet]

    # --- reading ---------------------------------------------------------------------
    def baca_tabel(self, spec: TableSpec) -> Tabel:
        t = self._table(spec)
        c1, r1, c2, r2 = parse_range(t.ref)
        hr = t.header_rows
        grid = self._grid_of(t.sheet)
        names = [col.get("name", "") for col in t.columns] or [None] * (c2 - c1 + 1)
        headers = []
        for i, n in enumerate(names):
            if not n and hr:
                row = grid[r1 - 1] if r1 - 1 < len(grid) else []
                n = str(row[c1 - 1 + i]) if c1 - 1 + i < len(row) else f"Kolom{i + 1}"
            headers.append(n or f"Kolom{i + 1}")
        first = r1 + hr
        last = r2 - int(t.root.get("totalsRowCount", "0"))
        data: list[list[Any]] = []
        for r in range(first, last + 1):
            row = grid[r - 1] if r - 1 < len(grid) else []
            vals = [(row[c - 1] if c - 1 < len(row) else None) for c in range(c1, c2 + 1)]
            data.append([None if v == "" else v for v in vals])
        while data and all(v is None for v in data[-1]):
            data.pop()
        pos = {h: i for i, h in enumerate(headers)}
        cols = spec.headers + [h for h in headers if h not in spec.headers]
        frame = pd.DataFrame(
            {
                h: pd.Series([row[pos[h]] for row in data] if h in pos else [None] * len(data), dtype=object)
                for h in cols
            },
            columns=cols,
        )
        kolom = {h: kolom_huruf(c1 + i) for h, i in pos.items()}
        persen: set[tuple[int, str]] = set()
        teks = [k.header for k in spec.columns if k.teks and k.header in pos]
        if teks and data:
            sx = self._sheet(t.sheet)
            for h in teks:
                j = pos[h]
                for i, row in enumerate(data):
                    v = row[j]
                    if isinstance(v, (int, float)) and not isinstance(v, bool):
                        if self.gaya.is_persen(sx.style_of(f"{kolom[h]}{first + i}")):
                            persen.add((i, h))
        galat = self._galat_di(t.sheet, headers, c1, first, len(data))
        return Tabel(
            spec=spec, data=frame, baris_awal=first, kolom=kolom, persen=persen, header_asli=headers, galat_excel=galat
        )

    def _galat_di(self, sheet: str, headers: list[str], c1: int, first: int, n: int) -> dict[tuple[int, str], str]:
        """Error-value cells (``#DIV/0!``) of a table's data rows, as (row, header) -> error."""
        part = self._sheet_part(sheet)
        xml = self._sheet_xml[part].to_bytes() if part in self._sheet_xml else self.paket.read(part)
        hasil = {}
        for ref, nilai in sel_galat(xml).items():
            c, r = split_ref(ref)
            if first <= r < first + n and 0 <= c - c1 < len(headers):
                hasil[(r - first, headers[c - c1])] = nilai
        return hasil

    # --- writing tables --------------------------------------------------------------
    def tulis_tabel(self, spec: TableSpec, rows: pd.DataFrame, jumlah: Mapping[str, Any] | None = None) -> None:
        t = self._table(spec)
        self.progres(f"Menulis {spec.name}", None)
        sx = self._sheet(t.sheet)
        akhir_lama = parse_range(t.ref)[3]
        jumlah_lama = self._baris_jumlah_lama(t, sx)
        self._isi_tabel(t, sx, spec, rows)
        if spec.kolom_jumlah or jumlah_lama:
            self._tulis_jumlah(t, sx, spec, jumlah, jumlah_lama)
        if not spec.input:
            self._tinggi_baris(t, self._sheet(t.sheet), spec, rows, akhir_lama)
            self._atur_cetak(t.sheet, self._sheet(t.sheet))

    @staticmethod
    def _baris_jumlah_lama(t: _TabelPart, sx: SheetXml) -> dict[int, str]:
        """The cells of the table's total row as they are (column -> ``<c>`` XML), before rows change."""
        if not t.baris_jumlah:
            return {}
        c1, _, c2, r2 = parse_range(t.ref)
        return {k: x for k, x in sx.cells(r2).items() if c1 <= k <= c2}

    def _tulis_jumlah(
        self, t: _TabelPart, sx: SheetXml, spec: TableSpec, jumlah: Mapping[str, Any] | None, lama: dict[int, str]
    ) -> None:
        """The total row below the rows just written: the engine's totals for a table with one in its spec
        (styled as the template's total row, else as its first data row), else the row staff added in
        Excel moved down as it was (its SUBTOTAL formulas name columns, not rows)."""
        c1, r1, c2, akhir = parse_range(t.ref)
        r = akhir + 1
        self._cek_tumpang(t, c1, r1, c2, r)
        cells = sx.cells(r)
        if spec.kolom_jumlah:
            if not t.baris_jumlah:
                t.pasang_jumlah()
            gaya = {k: int(_attr(x, "s") or 0) for k, x in lama.items()} or {
                k: sx.style_of(f"{kolom_huruf(k)}{r1 + 1}") for k in range(c1, c2 + 1)
            }
            pos = {h: c1 + j for j, h in enumerate(col.get("name", "") for col in t.columns)}
            for h, v in zip(spec.headers, baris_jumlah(spec, jumlah), strict=True):
                if h in pos:
                    x = cell_xml(f"{kolom_huruf(pos[h])}{r}", v, gaya.get(pos[h], 0))
                    if x is not None:
                        cells[pos[h]] = x
        else:
            for k, x in lama.items():
                cells[k] = re.sub(r'\br="[A-Z]+\d+"', f'r="{kolom_huruf(k)}{r}"', x, count=1)
        t.set_ref(f"{kolom_huruf(c1)}{r1}:{kolom_huruf(c2)}{r}")

    def _tinggi_baris(self, t: _TabelPart, sx: SheetXml, spec: TableSpec, rows: pd.DataFrame, akhir_lama: int) -> None:
        """Explicit heights for the rows of an output table whose wrapped text needs more than one line.

        Two tables side by side (Capaian) share rows: a row gets the tallest height any table written in
        this session asks for."""
        lebar = lebar_bungkus(spec)
        if not lebar:
            return
        _, r1, _, r2 = parse_range(t.ref)
        key_to_header = {k.key: k.header for k in spec.columns}
        data = rows.rename(columns=lambda k: key_to_header.get(k, k))
        kolom = [h for h in lebar if h in data.columns]
        tinggi: dict[int, float] = {r1: TINGGI_KEPALA}
        for i, rec in enumerate(data[kolom].itertuples(index=False) if kolom else ()):
            tinggi[r1 + 1 + i] = tinggi_baris(dict(zip(kolom, rec, strict=True)), lebar) or 0.0
        lembar = self._tinggi.setdefault(t.sheet, {})
        lembar[spec.name] = tinggi
        for r in range(r1, max(r2, akhir_lama) + 1):  # rows of a longer earlier run lose their height
            sx.set_tinggi(r, max((h.get(r, 0.0) for h in lembar.values()), default=0.0) or None)

    def _isi_tabel(
        self, t: _TabelPart, sx: SheetXml, spec: TableSpec | None, rows: pd.DataFrame, header: bool = False
    ) -> None:
        c1, r1, c2, r2 = parse_range(t.ref)
        hr = t.header_rows or 1
        first = r1 + hr
        tcols = t.columns
        ncol = len(tcols) or (c2 - c1 + 1)
        c2 = c1 + ncol - 1
        names = [col.get("name", "") for col in tcols]
        key_to_header = {k.key: k.header for k in spec.columns} if spec else {}
        src = {key_to_header.get(str(c), str(c)): c for c in rows.columns}
        n = len(rows)
        end = first + max(n, 1) - 1
        self._cek_tumpang(t, c1, r1, c2, end)
        styles = []
        for i in range(ncol):
            x = sx.cell(f"{kolom_huruf(c1 + i)}{first}")
            styles.append(int(_attr(x, "s") or 0) if x else 0)
        formulas = []
        for col in tcols:
            f = col.find(_Q + "calculatedColumnFormula")
            formulas.append(f.text if f is not None and f.text else None)
        sx.clear(first, max(r2, end), c1, c2)
        if header:
            hrow = sx.cells(r1)
            for i, nm in enumerate(names):
                hrow[c1 + i] = self._sel_xml(t.sheet, f"{kolom_huruf(c1 + i)}{r1}", nm, 0)
        letters = [kolom_huruf(c1 + i) for i in range(ncol)]
        columns = [rows[src[nm]].tolist() if nm in src else None for nm in names]
        for i in range(max(n, 1)):
            r = first + i
            cells = sx.cells(r)
            for j in range(ncol):
                ref = f"{letters[j]}{r}"
                v = columns[j][i] if (columns[j] is not None and i < n) else None
                if v is pd.NA or v is pd.NaT:
                    v = None
                if formulas[j]:
                    x = cell_xml(ref, Rumus(formulas[j]), styles[j])
                    num = cell_xml(ref, v, 0) if v is not None and not isinstance(v, str) else None
                    if num and "<v>" in num:
                        x = x.replace("</c>", num[num.index("<v>") : num.index("</v>") + 4] + "</c>")
                elif type(v) is str and (v[:1] == "=" or len(v) > BATAS_TEKS_SEL):
                    x = self._sel_xml(t.sheet, ref, v, styles[j])
                else:
                    x = cell_xml(ref, v, styles[j])
                if x is not None:
                    cells[c1 + j] = x
        t.set_ref(f"{kolom_huruf(c1)}{r1}:{kolom_huruf(c2)}{end}")
        self._dirty_tables.add(t.name.lower())
        self._grid.pop(t.sheet, None)

    def _sel_xml(self, lembar: str, ref: str, v: Any, s: int) -> str | None:
        """One output cell: a Rumus as a formula, any other text as text that fits a cell.

        Text starting with "=" gets the quotePrefix style, as Excel gives text typed
        after an apostrophe, so editing the cell in Excel keeps it text.
        """
        if isinstance(v, str) and not isinstance(v, Rumus):
            if len(v) > BATAS_TEKS_SEL:
                self.catat_teks_terpotong(lembar, ref, len(v))
                v = potong_teks(v)
            if v.startswith("="):
                s = self.gaya.dengan_awalan_kutip(s)
        return cell_xml(ref, v, s)

    def _cek_tumpang(self, t: _TabelPart, c1: int, r1: int, c2: int, r2: int) -> None:
        for other in self._tables.values():
            if other is t or other.sheet != t.sheet:
                continue
            a1, b1, a2, b2 = parse_range(other.ref)
            if a1 <= c2 and c1 <= a2 and b1 <= r2 and r1 <= b2:
                raise KinerjaError(
                    f"Tabel {t.name} di lembar {t.sheet} akan menimpa tabel {other.name} ({other.ref}); "
                    "pindahkan tabel itu ke samping atau ke bawah yang lebih jauh."
                )

    # --- free-form sheets ------------------------------------------------------------
    def tulis_lembar(self, lembar: Lembar) -> None:
        """Replace the sheet's cells; its drawing (the template's charts) stays, unless it is an older
        schema's (``grafik_usang``: charts the old door drew over other cells)."""
        self.progres(f"Menulis lembar {lembar.nama}", None)
        if lembar.nama not in self._sheets and self.paket is not None and lembar.nama not in self._sheets:
            self._lembar_baru(lembar.nama)
        part = self._sheet_part(lembar.nama)
        sx = self._sheet(lembar.nama)
        if lembar.grafik_usang:
            self._hapus_drawing(part, sx)
        sx.clear_all()  # rows and their hidden flags: an earlier run's hidden rows show again
        sx.remove_child("mergeCells")
        for ref in set(lembar.cells) | set(lembar.gaya):
            s = self.gaya.bernama(lembar.gaya[ref]) if ref in lembar.gaya else 0
            sx.set_cell(ref, self._sel_xml(lembar.nama, ref, lembar.cells.get(ref), s))
        for r in lembar.baris_tersembunyi:
            sx.set_tersembunyi(r, True)
        if lembar.lebar_kolom or lembar.kolom_tersembunyi or lembar.tampilkan:
            self._kolom_lembar(sx, lembar)
        for spec, kiri_atas, rows in lembar.tables:
            self._tabel_di_lembar(part, sx, spec, kiri_atas, rows)
        self._atur_cetak(lembar.nama, sx)
        area = None
        if lembar.area_cetak:
            a, _, b = lembar.area_cetak.partition(":")
            area = (
                "'"
                + lembar.nama.replace("'", "''")
                + "'!"
                + ":".join(re.sub(r"([A-Z]+)(\d+)", r"$\1$\2", x) for x in (a, b or a))
            )
        self._nama_cetak(lembar.nama, "_xlnm.Print_Area", area)
        self._grid.pop(lembar.nama, None)

    @staticmethod
    def _kolom_lembar(sx: SheetXml, lembar: Lembar) -> None:
        """The sheet's <cols>: the Lembar's widths, and its hidden columns (all others shown)."""
        cols = sx.new("cols")
        tersembunyi = {split_ref(h + "1")[0] for h in lembar.kolom_tersembunyi}
        lebar = {split_ref(h + "1")[0]: w for h, w in lembar.lebar_kolom.items()}
        for c in sorted(set(lebar) | tersembunyi):
            sifat = {"min": str(c), "max": str(c)}
            if c in lebar:
                sifat.update(width=lebar_tersimpan(lebar[c]), customWidth="1")
            else:
                sifat["width"] = lebar_tersimpan(8.43)
            if c in tersembunyi:
                sifat["hidden"] = "1"
            etree.SubElement(cols, sx.q("col"), **sifat)
        if len(cols):
            sx.set_child(cols)
        else:
            sx.remove_child("cols")

    # --- print layout (template/cetak.py) -------------------------------------------
    def _atur_cetak(self, nama: str, sx: SheetXml) -> None:
        """Give an output sheet its print layout, so a workbook of an older template prints as a new one."""
        tata = tata_cetak(nama)
        if tata is None:
            return
        pr = sx.child("sheetPr")
        if pr is None:
            pr = sx.set_child(sx.new("sheetPr"))
        for el in pr.findall(sx.q("pageSetUpPr")):
            pr.remove(el)
        etree.SubElement(pr, sx.q("pageSetUpPr"), fitToPage="1" if tata.muat_lebar else "0")
        if tata.tengah:
            sx.set_child(sx.new("printOptions", horizontalCentered="1"))
        else:
            sx.remove_child("printOptions")
        kiri, kanan, atas, bawah = (f"{m:g}" for m in tata.margin)
        sx.set_child(sx.new("pageMargins", left=kiri, right=kanan, top=atas, bottom=bawah, header="0.3", footer="0.3"))
        setup = {"paperSize": "9", "orientation": "portrait" if tata.tegak else "landscape"}
        if tata.muat_lebar:
            setup.update(fitToWidth=str(tata.halaman_lebar), fitToHeight="0")
        else:
            setup["scale"] = str(tata.skala)
        sx.set_child(sx.new("pageSetup", **setup))
        if tata.kaki:
            hf = sx.set_child(sx.new("headerFooter"))
            etree.SubElement(hf, sx.q("oddFooter")).text = tata.kaki
        else:
            sx.remove_child("headerFooter")
        self._putus(sx, "rowBreaks", [str(r - 1) for r in tata.putus_baris], "16383")
        self._putus(sx, "colBreaks", [str(split_ref(h + "1")[0] - 1) for h in tata.putus_kolom], "1048575")
        self._lebar_cetak(sx, tata)
        self._judul_cetak(nama, tata)

    @staticmethod
    def _putus(sx: SheetXml, nama: str, brk: list[str], maks: str) -> None:
        if not brk:
            sx.remove_child(nama)
            return
        el = sx.set_child(sx.new(nama, count=str(len(brk)), manualBreakCount=str(len(brk))))
        for i in brk:
            etree.SubElement(el, sx.q("brk"), id=i, max=maks, man="1")

    @staticmethod
    def _lebar_cetak(sx: SheetXml, tata: TataCetak) -> None:
        """The layout's column widths (and hidden helper columns) over the sheet's own <cols>."""
        if not tata.lebar_kolom:
            return
        kolom: dict[int, dict[str, str]] = {}
        cols = sx.child("cols")
        for col in cols if cols is not None else []:
            a, b = int(col.get("min", "1")), int(col.get("max", "1"))
            for i in range(a, min(b, a + 255) + 1):
                kolom[i] = {**dict(col.attrib), "min": str(i), "max": str(i)}
        for huruf, w in tata.lebar_kolom.items():
            i = split_ref(huruf + "1")[0]
            sifat = {**kolom.get(i, {}), "min": str(i), "max": str(i), "width": lebar_tersimpan(w), "customWidth": "1"}
            sifat.pop("hidden", None)
            if huruf in tata.tersembunyi:
                sifat["hidden"] = "1"
            kolom[i] = sifat
        baru = sx.new("cols")
        for i in sorted(kolom):
            etree.SubElement(baru, sx.q("col"), **kolom[i])
        sx.set_child(baru)

    def _judul_cetak(self, nama: str, tata: TataCetak) -> None:
        """The sheet's print titles (repeated rows): the defined name _xlnm.Print_Titles in workbook.xml."""
        teks = None
        if tata.baris_judul:
            a, b = tata.baris_judul
            teks = "'" + nama.replace("'", "''") + f"'!${a}:${b}"
        self._nama_cetak(nama, "_xlnm.Print_Titles", teks)

    def _nama_cetak(self, nama: str, jenis: str, teks: str | None) -> None:
        """Set (or, with None, remove) a sheet-local defined name of printing in workbook.xml."""
        wb = self._workbook_root
        lembar = [sh.get("name") for sh in wb.iter(_Q + "sheet")]
        if nama not in lembar:
            return
        idx = str(lembar.index(nama))
        dn = wb.find(_Q + "definedNames")
        lama = None
        for el in dn if dn is not None else []:
            if el.get("name") == jenis and el.get("localSheetId") == idx:
                lama = el
        if (lama.text if lama is not None else None) == teks:
            return
        if lama is not None:
            dn.remove(lama)
        if teks is not None:
            if dn is None:
                dn = etree.Element(_Q + "definedNames")
                sebelum = ("sheets", "functionGroups", "externalReferences")
                setelah = [
                    i for i, ch in enumerate(wb) if isinstance(ch.tag, str) and etree.QName(ch).localname in sebelum
                ]
                wb.insert(max(setelah) + 1 if setelah else len(wb), dn)
            el = etree.SubElement(dn, _Q + "definedName", name=jenis, localSheetId=idx)
            el.text = teks
        elif dn is not None and len(dn) == 0:
            wb.remove(dn)
        self.paket.write("xl/workbook.xml", xml_bytes(wb))

    def _tabel_di_lembar(self, part: str, sx: SheetXml, spec: TableSpec, kiri_atas: str, rows: pd.DataFrame) -> None:
        c, r = split_ref(kiri_atas)
        ref = f"{kiri_atas}:{kolom_huruf(c + len(spec.columns) - 1)}{r + max(len(rows), 1)}"
        t = self._tables.get(spec.name.lower())
        if t is None or t.sheet != self._nama_lembar(part):
            if t is not None:
                raise KinerjaError(f"Tabel {spec.name} sudah ada di lembar {t.sheet}.")
            tpart = self.paket.free_name("xl/tables/table%d.xml")
            ids = [int(x.root.get("id", "0")) for x in self._tables.values()]
            cols = "".join(
                f'<tableColumn id="{i}" name="{escape_attr(k.header)}"/>' for i, k in enumerate(spec.columns, 1)
            )
            xml = (
                f'<table xmlns="{NS_MAIN}" id="{max(ids, default=0) + 1}" name="{spec.name}" '
                f'displayName="{spec.name}" ref="{ref}"><autoFilter ref="{ref}"/>'
                f'<tableColumns count="{len(spec.columns)}">{cols}</tableColumns>'
                '<tableStyleInfo name="TableStyleMedium2" showFirstColumn="0" showLastColumn="0" '
                'showRowStripes="1" showColumnStripes="0"/></table>'
            )
            t = _TabelPart(tpart, self._nama_lembar(part), xml.encode("utf-8"))
            self._tables[spec.name.lower()] = t
            self.paket.add_override(tpart, CT_TABLE)
            rels = self.paket.rels(part)
            rid = rels.add(REL_TABLE, tpart)
            self.paket.touch_rels(part)
            tp = sx.child("tableParts")
            if tp is None:
                tp = sx.set_child(sx.new("tableParts"))
            el = etree.SubElement(tp, sx.q("tablePart"))
            el.set(_RID, rid)
            tp.set("count", str(len(tp)))
        else:
            t.set_ref(ref)
        self._isi_tabel(t, sx, spec, rows, header=True)

    def _nama_lembar(self, part: str) -> str:
        return next(n for n, p in self._sheets.items() if p == part)

    def _lembar_baru(self, nama: str) -> None:
        """Add an empty worksheet (for a free-form output sheet the template lacks)."""
        paket = self.paket
        part = paket.free_name("xl/worksheets/sheet%d.xml")
        paket.write(
            part,
            (
                f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="{NS_MAIN}" '
                f'xmlns:r="{NS_R}"><sheetPr codeName="{self._code_name_baru(nama)}"/>'
                '<dimension ref="A1"/><sheetData/>'
                '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>'
                "</worksheet>"
            ).encode(),
        )
        paket.add_override(part, _CT_SHEET)
        rid = paket.rels("xl/workbook.xml").add(REL_WORKSHEET, part)
        paket.touch_rels("xl/workbook.xml")
        wb = self._workbook_root
        sheets = wb.find(_Q + "sheets")
        sid = max([int(s.get("sheetId", "0")) for s in sheets] + [0]) + 1
        el = etree.SubElement(sheets, _Q + "sheet", name=nama, sheetId=str(sid))
        el.set(_RID, rid)
        paket.write("xl/workbook.xml", xml_bytes(wb))
        app_tambah_lembar(paket, nama, len(self._sheets))
        self._sheets[nama] = part

    def _code_name_baru(self, nama: str) -> str:
        """A VBA code name for a new sheet (``wsPKUMUM``), unique in the workbook, as the template names its own."""
        pakai = set()
        for part in self._sheets.values():
            m = _CODE_NAME.search(self.paket.read(part)[:4000])
            if m:
                pakai.add(m.group(1).decode("utf-8").lower())
        dasar = ("ws" + re.sub(r"[^A-Za-z0-9]", "", nama))[:28]
        kode, n = dasar, 1
        while kode.lower() in pakai:
            n += 1
            kode = f"{dasar}{n}"
        return kode

    def baca_gambar(self, lembar: str) -> bytes | None:
        """The first PNG/JPEG of the sheet's drawing (the satker's logo on Profil)."""
        part = self._sheets.get(lembar) if self.paket is not None else None
        if part is None:
            return None
        for d in self.paket.rels(part).of_type(REL_DRAWING):
            for rel in self.paket.rels(d.target).of_type(REL_IMAGE):
                if rel.target.lower().endswith((".png", ".jpg", ".jpeg")) and self.paket.exists(rel.target):
                    return self.paket.read(rel.target)
        return None

    def _hapus_drawing(self, part: str, sx: SheetXml) -> None:
        """Remove the sheet's DrawingML drawing and its charts (an older schema's Ringkasan: charts the old
        door drew over other cells); buttons live in legacyDrawing and stay."""
        d = sx.child("drawing")
        if d is None:
            return
        rels = self.paket.rels(part)
        rel = rels.get(d.get(_RID))
        if rel is not None:
            for cr in self.paket.rels(rel.target).of_type(REL_CHART):
                self.paket.delete(cr.target)
            self.paket.delete(rel.target)
            rels.remove(rel.id)
            self.paket.touch_rels(part)
        sx.remove_child("drawing")

    # --- validation marks ------------------------------------------------------------
    def _record_part(self) -> str | None:
        for rel in self.paket.rels("xl/workbook.xml").of_type(REL_CUSTOM_XML):
            if self.paket.exists(rel.target) and is_record(self.paket.read(rel.target)):
                return rel.target
        return None

    def tandai(self, tanda: list[Tanda]) -> None:
        self.progres("Menandai sel masukan", None)
        rec_part = self._record_part()
        lama = parse_record(self.paket.read(rec_part)) if rec_part else []
        baru_per_lembar: dict[str, dict[str, list[Tanda]]] = {}
        for t in tanda:
            baru_per_lembar.setdefault(t.lembar, {}).setdefault(t.sel.replace("$", "").upper(), []).append(t)
        lembar_semua = list(dict.fromkeys([c.lembar for c in lama] + list(baru_per_lembar)))
        catatan: list[CatatanTanda] = []
        for nama in lembar_semua:
            if nama not in self._sheets:
                if nama in baru_per_lembar:
                    raise KinerjaError(f"Lembar {nama} tidak ada di berkas {self.path.name}; sel tidak dapat ditandai.")
                continue
            part = self._sheets[nama]
            sx = self._sheet(nama)
            for c in lama:
                if c.lembar == nama and sx.style_of(c.sel) == c.s_tanda:
                    sx.set_style(c.sel, c.s_asli)
            komentar = []
            crel = next(iter(self.paket.rels(part).of_type(REL_COMMENTS)), None)
            if crel is not None and self.paket.exists(crel.target):
                komentar = [k for k in parse_comments(self.paket.read(crel.target)) if k.penulis != PENULIS]
            baru = baru_per_lembar.get(nama, {})
            milik_user = {k.sel for k in komentar}
            for sel, daftar in baru.items():
                split_ref(sel)
                tingkat = max((t.tingkat for t in daftar), key=lambda x: _URUTAN_TINGKAT.get(x, 0))
                s_asli = sx.style_of(sel)
                s_tanda = self.gaya.dengan_isian(s_asli, WARNA_TANDA.get(tingkat, WARNA_TANDA["info"]))
                sx.set_style(sel, s_tanda)
                catatan.append(CatatanTanda(nama, sel, s_asli, s_tanda))
                if sel not in milik_user:  # one comment per cell: the user's own note wins
                    komentar.append(komentar_baru(sel, "\n".join(dict.fromkeys(t.pesan for t in daftar))))
            self._tulis_komentar(part, sx, komentar)
        self._tulis_catatan(rec_part, catatan)

    def _tulis_komentar(self, part: str, sx: SheetXml, komentar: list) -> None:
        paket = self.paket
        rels = paket.rels(part)
        crel = next(iter(rels.of_type(REL_COMMENTS)), None)
        vrel = next(iter(rels.of_type(REL_VML)), None)
        ld = sx.child("legacyDrawing")
        # buttons (form controls) share the sheet's one legacy drawing with the comment boxes: kept
        tetap, id_tetap = (b"", set())
        if vrel is not None and paket.exists(vrel.target):
            tetap, id_tetap = bukan_catatan(paket.read(vrel.target))
        if tetap and not komentar:
            if crel is not None:
                paket.delete(crel.target)
                rels.remove(crel.id)
                paket.touch_rels(part)
                paket.write(vrel.target, vml_xml([], [min(id_tetap or {1})], tetap, id_tetap))
            return
        if not komentar:
            for rel in (crel, vrel):
                if rel is not None:
                    paket.delete(rel.target)
                    rels.remove(rel.id)
            if crel is not None or vrel is not None:
                paket.touch_rels(part)
            if ld is not None:
                sx.remove_child("legacyDrawing")
            return
        komentar.sort(key=lambda k: (split_ref(k.sel)[1], split_ref(k.sel)[0]))
        cpart = crel.target if crel else paket.free_name("xl/comments%d.xml")
        paket.write(cpart, comments_xml(komentar))
        if vrel is None:
            vpart = paket.free_name("xl/drawings/vmlDrawing%d.vml")
            paket.write(vpart, b"")
        else:
            vpart = vrel.target
        used: set[int] = set(id_tetap)
        for name in paket.names():
            if name.endswith(".vml") and name != vpart and paket.exists(name):
                used |= idmaps_in(paket.read(name))
        bebas = (i for i in range(1, 1 << 16) if i not in used)
        idmap = [next(bebas) for _ in range(blok_vml(len(komentar)))]
        paket.write(vpart, vml_xml([k.sel for k in komentar], idmap, tetap, id_tetap))
        paket.add_default("vml", CT_VML)
        paket.add_override(cpart, CT_COMMENTS)
        if crel is None:
            rels.add(REL_COMMENTS, cpart)
        if vrel is None:
            vid = rels.add(REL_VML, vpart)
        else:
            vid = vrel.id
        paket.touch_rels(part)
        el = sx.new("legacyDrawing")
        el.set(_RID, vid)
        sx.set_child(el)

    def _tulis_catatan(self, rec_part: str | None, catatan: list[CatatanTanda]) -> None:
        paket = self.paket
        wrels = paket.rels("xl/workbook.xml")
        if not catatan:
            if rec_part is not None:
                for rel in paket.rels(rec_part).of_type(REL_CUSTOM_XML_PROPS):
                    paket.delete(rel.target)
                paket.delete(rec_part)
                for rel in wrels.of_type(REL_CUSTOM_XML):
                    if rel.target == rec_part:
                        wrels.remove(rel.id)
                paket.touch_rels("xl/workbook.xml")
            return
        if rec_part is None:
            rec_part = paket.free_name("customXml/item%d.xml")
            props = rec_part.replace("item", "itemProps", 1)
            while paket.exists(props):
                rec_part = paket.free_name("customXml/item%d.xml").replace(".xml", "0.xml")
                props = rec_part.replace("item", "itemProps", 1)
            paket.write(rec_part, record_xml(catatan))
            paket.write(props, item_props_xml(_GUID_TANDA))
            paket.add_override(props, CT_CUSTOM_XML_PROPS)
            paket.add_default("xml", "application/xml")
            paket.rels(rec_part).add(REL_CUSTOM_XML_PROPS, props)
            paket.touch_rels(rec_part)
            wrels.add(REL_CUSTOM_XML, rec_part)
            paket.touch_rels("xl/workbook.xml")
        else:
            paket.write(rec_part, record_xml(catatan))

    # --- saving ----------------------------------------------------------------------
    def _flush(self) -> None:
        paket = self.paket
        rumus = False
        for part, sx in self._sheet_xml.items():
            try:
                lama = paket.read(part)
                baru = sx.to_bytes()
                rumus = rumus or ada_rumus(lama) or ada_rumus(baru)
                paket.write(part, baru)
            except BarisTakTerbaca as e:
                raise KinerjaError(
                    f"Lembar {self._nama_lembar(part)} berisi {e.ada} baris tetapi hanya {e.terbaca} yang terbaca; "
                    f"berkas {self.path.name} tidak disimpan agar tidak ada baris yang hilang. Buka dan simpan ulang "
                    "berkas itu di Excel, lalu ulangi."
                ) from None
        if rumus:  # a stale chain entry is an Excel repair; without the part Excel rebuilds the chain
            buang_calc_chain(paket)
        if self._sheet_xml:
            hitung_ulang_sst(paket, list(self._sheets.values()))
        for key in self._dirty_tables:
            t = self._tables[key]
            paket.write(t.part, xml_bytes(t.root))
        if self._gaya is not None and self._gaya.changed:
            paket.write("xl/styles.xml", self._gaya.to_bytes())

    def _package_bytes(self) -> bytes:
        self._flush()
        return self.paket.to_bytes()

    @property
    def sidik(self) -> Sidik | None:
        """What the file was when this gateway read it (size, mtime, SHA-256); None before the first read."""
        return self._sidik

    def catat_log(self, aksi: str, pesan: str, detail: str = "") -> None:
        """Queue one Log row (time, action, message, technical detail): the command line's runs are
        logged as the Excel buttons' are, with the save that ends the run."""
        import datetime as dt

        self._log.append([dt.datetime.now().replace(microsecond=0), aksi, pesan, detail])

    def _tulis_log(self) -> None:
        """Append the queued Log rows to tblLog (a workbook without tblLog keeps no log)."""
        _ = self.paket  # opens the package and indexes its tables
        if not self._log or LOG_TABLE.name.lower() not in self._tables:
            return
        lama = self.baca_tabel(LOG_TABLE).data.reindex(columns=LOG_TABLE.headers)
        baru = pd.DataFrame(self._log, columns=LOG_TABLE.headers, dtype=object)
        self._log = []
        self.tulis_tabel(LOG_TABLE, pd.concat([lama.astype(object), baru], ignore_index=True))

    def batalkan(self) -> None:
        """Drop every write buffered since the last save (and the queued Log rows); the file is untouched."""
        self._lupakan()
        self.ambil_temuan_tulis()

    def simpan(self, path: str | Path | None = None, *, sidik: Sidik | None = None) -> None:
        """Save atomically (temporary file, .bak, replace) unless the file changed since it was read.

        Saving to another ``path`` checks that file against ``sidik`` (what another gateway read of it).
        """
        target = Path(path) if path is not None else self.path
        self.progres(f"Menyimpan {target.name}", None)
        self._tulis_log()
        paket = self.paket
        self._flush()
        sama = jalur_nyata(target) == jalur_nyata(self.path)

        def tulis(tmp: Path) -> None:
            with open(tmp, "wb") as f:
                paket.save(f, before_member=_titik_tengah_tulis())

        baru = tulis_atomik(target, tulis, bak=True, sidik=self._sidik if sama else sidik, perintah="simpan")
        if sama:
            self._sidik = baru
        self.progres(f"Tersimpan: {target.name}", 1.0)


def _titik_tengah_tulis() -> Callable[[str], None]:
    """The mid-write fault point, reached after a few members are in the temporary file."""
    n = [0]

    def hook(_name: str) -> None:
        n[0] += 1
        if n[0] == 3:
            titik_gangguan("tengah_tulis")

    return hook


def _nama_bagian(e: KeyError) -> str:
    """The part a KeyError names (zipfile words it in English: "There is no item named 'x' ...")."""
    teks = str(e.args[0]) if e.args else ""
    m = re.search(r"named '(.+?)'", teks)
    return m.group(1) if m else teks


def _attr(x: str, name: str) -> str | None:
    from kinerja_xl.gateway.xlsx_sheet import attrs_of

    return attrs_of(x).get(name)

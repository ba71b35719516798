"""The workbook gateway over a live Excel workbook (xlwings), for the buttons.

Every read is one call per table (plus one per text column for number formats);
every write is buffered and applied in :meth:`ExcelGateway.simpan` as one block
per table or sheet, so the number of calls into Excel never depends on the
number of rows, and a failure while computing leaves the workbook untouched.
If a write fails half-way, the tables and sheets already written are put back
from the snapshot taken just before.

Percent-formatted cells (Excel stores a typed 95% as 0.95): for each text column
of an input table (Target, Realisasi ...) the column's number format is read in
one call; when it is uniform it says it for every cell, and only when it is mixed
one more call reads the column as XML Spreadsheet (``Range.Value(11)``), which
carries each cell's format. Both are row-independent.

Validation marks go into one hidden-able column "Tanda Validasi" per input table
(added to the table when missing), one write per table; conditional formatting
in the template colours the marked cells from it (see docs/excel.md).
"""

from __future__ import annotations

import datetime as dt
import math
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

import pandas as pd

from kinerja_xl.gateway.base import (
    GAYA,
    UKURAN_BAWAAN,
    Lembar,
    Rumus,
    Tabel,
    Tanda,
    WorkbookGateway,
    baris_jumlah,
    huruf_kolom,
    kolom_huruf,
    potong_teks,
)
from kinerja_xl.gateway.berkas import cek_disk_sejak_dibuka
from kinerja_xl.gateway.xlsx_galat import GALAT_EXCEL
from kinerja_xl.template import contract as c

KOLOM_TANDA = c.KOLOM_TANDA.header
"""Header of the flag column each input table has: "[galat:Target] pesan" lines."""

_SEL = re.compile(r"^\$?([A-Z]{1,3})\$?(\d+)$")
_NS = "{urn:schemas-microsoft-com:office:spreadsheet}"

# Lembar.gaya names -> what the cell gets, from the one style table (gateway.base.GAYA).
FORMAT_GAYA = {nama: g.format_angka for nama, g in GAYA.items() if g.format_angka}
_TEBAL = {nama for nama, g in GAYA.items() if g.tebal}
_UKURAN = {nama: g.ukuran for nama, g in GAYA.items() if g.ukuran and g.ukuran != UKURAN_BAWAAN}
_BUNGKUS = {nama for nama, g in GAYA.items() if g.bungkus}
_GARIS = {nama: g.garis for nama, g in GAYA.items() if g.garis}
_HANYA_GARIS = {n for n, g in GAYA.items() if g.garis and not (g.tebal or g.ukuran or g.format_angka or g.bungkus)}
_TEPI = {"l": 7, "t": 8, "b": 9, "r": 10}  # Excel's XlBordersIndex: the edges of a range


def parse_alamat(alamat: str) -> tuple[int, int, int, int]:
    """ "$A$4:$P$50" -> (4, 1, 50, 16): first row, first column, last row, last column."""
    alamat = alamat.split("!")[-1]
    bagian = alamat.split(":")
    m1, m2 = _SEL.match(bagian[0]), _SEL.match(bagian[-1])
    if not m1 or not m2:
        raise ValueError(f"Alamat sel tidak dikenal: {alamat}")
    return int(m1.group(2)), huruf_kolom(m1.group(1)), int(m2.group(2)), huruf_kolom(m2.group(1))


def nilai_sel(v: Any) -> Any:
    """A Python value as what a block write hands Excel.

    Text is written with a leading apostrophe so Excel keeps it as typed ("001"
    stays text, "=1+1" is not a formula); only :class:`Rumus` becomes a formula.
    """
    if v is None:
        return None
    if isinstance(v, Rumus):
        return str(v)
    if isinstance(v, str):
        return "'" + potong_teks(v) if v else None  # Excel refuses a cell longer than its limit
    if isinstance(v, bool):
        return v
    if isinstance(v, Decimal):
        return float(v) if v.is_finite() else None
    if isinstance(v, pd.Timestamp):
        return None if pd.isna(v) else v.to_pydatetime()
    if isinstance(v, (dt.datetime, dt.date)):
        return v
    if hasattr(v, "item") and not isinstance(v, (int, float)):
        v = v.item()
    if isinstance(v, float):
        return None if math.isnan(v) or math.isinf(v) else v
    if isinstance(v, int):
        return v
    try:
        if pd.isna(v):
            return None
    except (TypeError, ValueError):
        pass
    return str(v)


def _baca_sel(v: Any) -> Any:
    """A value as Excel hands it over, in the shape the file gateway gives (whole floats -> int)."""
    if isinstance(v, float) and v.is_integer():
        return int(v)
    if isinstance(v, str) and not v.strip():
        return None
    return v


def _pisahkan_galat(body: list[list[Any]], headers: list[str]) -> dict[tuple[int, str], str]:
    """Error values (``#DIV/0!``) taken out of the rows (they read as empty) and returned by (row, header)."""
    galat = {}
    for i, r in enumerate(body):
        for j, v in enumerate(r):
            if isinstance(v, str) and v in GALAT_EXCEL and j < len(headers):
                galat[(i, headers[j])] = v
                r[j] = None
    return galat


def _format_persen(fmt: str | None) -> bool:
    if not fmt:
        return False
    tanpa_kutip = re.sub(r'"[^"]*"|\\.', "", fmt)
    return "%" in tanpa_kutip or fmt.strip().lower() == "percent"


class ExcelGateway(WorkbookGateway):
    """WorkbookGateway over an xlwings ``Book`` (or the test fake of it)."""

    def __init__(self, book: Any, progres: Callable[[str, float | None], None] | None = None) -> None:
        self.book = book
        self._progres = progres
        self._tabel: list[tuple[c.TableSpec, pd.DataFrame, list[Any] | None]] = []  # spec, rows, total row
        self._lembar: list[Lembar] = []
        self._tanda: list[Tanda] | None = None
        self._log: list[list[Any]] = []

    # --- reads ----------------------------------------------------------------------------
    def baca_tabel(self, spec: c.TableSpec) -> Tabel:
        sheet = self.book.sheets[spec.sheet]
        tbl = sheet.tables[spec.name]
        rng = tbl.range
        r1, c1, r2, c2 = parse_alamat(rng.address)
        grid = rng.options(ndim=2, err_to_str=True).value or [[]]
        headers = [("" if h is None else str(h).strip()) for h in grid[0]]
        body = [list(r) for r in grid[1 : len(grid) - 1 if tbl.show_totals else None]]  # a total row is no data
        while body and all(v is None or (isinstance(v, str) and not v.strip()) for v in body[-1]):
            body.pop()
        galat = _pisahkan_galat(body, headers)
        kolom = {h: kolom_huruf(c1 + j) for j, h in enumerate(headers) if h}
        data: dict[str, list[Any]] = {}
        for h in spec.headers:
            j = headers.index(h) if h in headers else None
            data[h] = [(_baca_sel(r[j]) if j is not None else None) for r in body]
        for j, h in enumerate(headers):
            if h and h not in data and h != KOLOM_TANDA:
                data[h] = [_baca_sel(r[j]) for r in body]
        df = (
            pd.DataFrame(data, columns=list(data), dtype=object)
            if body
            else pd.DataFrame({h: pd.Series([], dtype=object) for h in data})
        )
        persen: set[tuple[int, str]] = set()
        if body:
            for k in spec.columns:
                if not k.teks or k.header not in headers:
                    continue
                j = headers.index(k.header)
                angka = [i for i, r in enumerate(body) if isinstance(r[j], (int, float)) and not isinstance(r[j], bool)]
                if not angka:
                    continue  # no numbers in the column: its format cannot matter
                persen |= self._persen_kolom(sheet, r1 + 1, c1 + j, len(body), k.header, angka)
        return Tabel(
            spec,
            df,
            baris_awal=r1 + 1,
            kolom=kolom,
            persen=persen,
            header_asli=[h for h in headers if h and h != KOLOM_TANDA],
            galat_excel=galat,
        )

    def _persen_kolom(self, sheet: Any, baris: int, kolom: int, n: int, header: str, angka: list[int]) -> set:
        col = sheet.range((baris, kolom), (baris + n - 1, kolom))
        fmt = col.number_format
        if fmt is not None:
            return {(i, header) for i in angka} if _format_persen(fmt) else set()
        per_baris = _format_dari_xml(col.api.Value(11), n)
        return {(i, header) for i in angka if _format_persen(per_baris.get(i))}

    # --- buffered writes -----------------------------------------------------------------------
    def tulis_tabel(self, spec: c.TableSpec, rows: pd.DataFrame, jumlah: Mapping[str, Any] | None = None) -> None:
        self._tabel = [(s, r, j) for s, r, j in self._tabel if s.name != spec.name]
        total = [nilai_sel(v) for v in baris_jumlah(spec, jumlah)] if spec.kolom_jumlah else None
        self._tabel.append((spec, rows.copy(), total))

    def tulis_lembar(self, lembar: Lembar) -> None:
        self._lembar = [lb for lb in self._lembar if lb.nama != lembar.nama]
        self._lembar.append(lembar)

    def tandai(self, tanda: list[Tanda]) -> None:
        self._tanda = list(tanda)

    def catat_log(self, aksi: str, pesan: str, detail: str = "", waktu: dt.datetime | None = None) -> None:
        """Queue one row for tblLog (time, action, message, technical detail)."""
        self._log.append([waktu or dt.datetime.now().replace(microsecond=0), aksi, pesan, detail])

    def batalkan(self) -> None:
        """Drop every queued write (the run failed: the workbook stays as it was)."""
        self._tabel, self._lembar, self._tanda, self._log = [], [], None, []

    def progres(self, pesan: str, fraksi: float | None = None) -> None:
        teks = f"kinerja_xl: {pesan}" + (f" ({round(fraksi * 100)}%)" if fraksi is not None else "")
        self.book.app.status_bar = teks
        if self._progres:
            self._progres(pesan, fraksi)

    def baca_gambar(self, lembar: str) -> bytes | None:
        """The logo on ``lembar`` as last saved: xlwings cannot export a picture, so it is read from
        the workbook's file (a local one); an unsaved or online workbook gives none."""
        berkas = self.berkas
        if berkas is None or not berkas.is_file():
            return None
        from kinerja_xl.domain.temuan import KinerjaError
        from kinerja_xl.gateway.file import FileGateway

        try:
            return FileGateway(berkas).baca_gambar(lembar)
        except KinerjaError:
            return None

    @property
    def berkas(self) -> Path | None:
        nama = self.book.fullname
        p = Path(nama) if nama else None
        return p if p is not None and p.is_absolute() else None

    # --- apply ---------------------------------------------------------------------------------
    def simpan(self) -> None:
        """Apply the queued writes, one block per table/sheet; on failure restore and re-raise.

        Nothing is applied when the file on disk was saved by someone else after this
        copy was opened (a shared folder): saving this copy would throw their work away.
        """
        self._cek_disk()
        langkah = [self._siapkan_tabel(spec, rows, jumlah) for spec, rows, jumlah in self._tabel]
        langkah += [self._siapkan_lembar(lb) for lb in self._lembar]
        if self._tanda is not None:
            langkah += self._siapkan_tanda(self._tanda)
        if self._log:
            langkah.append(self._siapkan_log(self._log))
        self.batalkan()
        selesai: list[Callable[[], None]] = []
        try:
            for tulis in langkah:
                selesai.append(tulis())
        except Exception:
            for pulihkan in reversed(selesai):
                try:
                    pulihkan()
                except Exception:  # noqa: BLE001 - restoring is best effort; the first error is what matters
                    pass
            raise

    def _cek_disk(self) -> None:
        p = self.berkas
        if p is None or not p.is_file():
            return
        try:
            disimpan = self.book.api.BuiltinDocumentProperties("Last Save Time").Value
        except Exception:  # noqa: BLE001 - never saved, or not Windows Excel: nothing to compare with
            return
        if isinstance(disimpan, dt.datetime):
            cek_disk_sejak_dibuka(p, disimpan)

    def _siapkan_tabel(
        self, spec: c.TableSpec, rows: pd.DataFrame, jumlah: list[Any] | None
    ) -> Callable[[], Callable[[], None]]:
        blok = [[nilai_sel(v) for v in rec] for rec in rows.reindex(columns=spec.headers).itertuples(index=False)]

        def tulis() -> Callable[[], None]:
            sheet = self.book.sheets[spec.sheet]
            tbl = sheet.tables[spec.name]
            return _isi_tabel(sheet, tbl, spec.headers, blok, jumlah)

        return tulis

    def _siapkan_log(self, baris: list[list[Any]]) -> Callable[[], Callable[[], None]]:
        blok = [[nilai_sel(v) for v in r] for r in baris]

        def tulis() -> Callable[[], None]:
            sheet = self.book.sheets[c.LOG_TABLE.sheet]
            tbl = sheet.tables[c.LOG_TABLE.name]
            return _tambah_baris(sheet, tbl, blok)

        return tulis

    def _siapkan_lembar(self, lb: Lembar) -> Callable[[], Callable[[], None]]:
        if lb.cells:
            posisi = {alamat: parse_alamat(alamat)[:2] for alamat in lb.cells}
            r1 = min(r for r, _ in posisi.values())
            c1 = min(k for _, k in posisi.values())
            r2 = max(r for r, _ in posisi.values())
            c2 = max(k for _, k in posisi.values())
            blok: list[list[Any]] = [[None] * (c2 - c1 + 1) for _ in range(r2 - r1 + 1)]
            for alamat, v in lb.cells.items():
                r, k = posisi[alamat]
                blok[r - r1][k - c1] = nilai_sel(v)
        else:
            r1 = c1 = 1
            blok = []
        gaya = _rentang_gaya({a: g for a, g in lb.gaya.items() if g not in _HANYA_GARIS})
        garis = _rentang_garis(lb.gaya)
        tabel = [
            (
                spec,
                anchor,
                [[nilai_sel(v) for v in rec] for rec in df.reindex(columns=spec.headers).itertuples(index=False)],
            )
            for spec, anchor, df in lb.tables
        ]

        def tulis() -> Callable[[], None]:
            nama = [s.name for s in self.book.sheets]
            if lb.nama in nama:
                sheet = self.book.sheets[lb.nama]
                lama = sheet.used_range
                alamat_lama = lama.address
                isi_lama = _potret(lama)[1]
            else:
                sheet = self.book.sheets.add(lb.nama, after=self.book.sheets[len(nama) - 1])
                alamat_lama, isi_lama = None, None
            if lb.grafik_usang:  # an older schema's charts, drawn over other cells: wrong figures
                for ch in list(sheet.charts):
                    ch.delete()
            sheet.clear()
            if blok:
                sheet.range((r1, c1), (r1 + len(blok) - 1, c1 + len(blok[0]) - 1)).formula = blok
            for (a1, b1, a2, b2), nama_gaya in gaya:
                _beri_gaya(sheet.range((a1, b1), (a2, b2)), nama_gaya)
            _beri_garis(sheet, garis)
            for kol, lebar in lb.lebar_kolom.items():
                sheet.range(f"{kol}1").column_width = lebar
            for spec, anchor, isi in tabel:
                _tabel_di_lembar(sheet, spec, anchor, isi)
            _sembunyikan(sheet, lb)

            def pulihkan() -> None:
                sheet.clear()
                if alamat_lama is not None:
                    sheet.range(alamat_lama).formula = isi_lama

            return pulihkan

        return tulis

    def _siapkan_tanda(self, tanda: list[Tanda]) -> list[Callable[[], Callable[[], None]]]:
        per_lembar: dict[str, list[tuple[int, int, Tanda]]] = {}
        for t in tanda:
            m = _SEL.match(t.sel or "")
            if not m:
                continue
            per_lembar.setdefault(t.lembar, []).append((int(m.group(2)), huruf_kolom(m.group(1)), t))
        langkah = []
        for spec in c.INPUT_TABLES:
            marks = per_lembar.get(spec.sheet, [])

            def tulis(spec: c.TableSpec = spec, marks: list = marks) -> Callable[[], None]:
                sheet = self.book.sheets[spec.sheet]
                tbl = sheet.tables[spec.name]
                return _isi_tanda(sheet, tbl, marks)

            langkah.append(tulis)
        return langkah


# --- block writers (each returns how to undo itself) --------------------------------------------


def _isi_tabel(
    sheet: Any, tbl: Any, headers: list[str], blok: list[list[Any]], jumlah: list[Any] | None = None
) -> Callable[[], None]:
    """Write a ListObject's rows; return the undo.

    A table with Excel's total row is resized without it (ListObject.Resize wants header and data
    rows), then the row is shown again below the new rows: ``jumlah`` (header order) fills it when
    given, else Excel brings back the total formulas staff chose."""
    total = bool(tbl.show_totals)
    total_lama = _potret(tbl.totals_row_range)[1] if total else None
    if total:
        tbl.show_totals = False
    pulihkan_isi, posisi = _isi_badan(sheet, tbl, headers, blok)
    if total or jumlah is not None:
        tbl.show_totals = True
    if jumlah is not None:
        baris_total = tbl.totals_row_range
        isi: list[Any] = [None] * baris_total.shape[1]
        for v, p in zip(jumlah, posisi, strict=False):
            isi[p] = v
        baris_total.formula = [isi]

    def pulihkan() -> None:
        tbl.show_totals = False
        pulihkan_isi()
        if total_lama is not None:
            tbl.show_totals = True
            tbl.totals_row_range.formula = total_lama

    return pulihkan


def _isi_badan(sheet: Any, tbl: Any, headers: list[str], blok: list[list[Any]]) -> tuple[Callable[[], None], list[int]]:
    """Resize a ListObject (no total row shown) to the rows and write them in one call; return the undo
    and each header's column in the table."""
    rng = tbl.range
    r1, c1, r2, c2 = parse_alamat(rng.address)
    mentah, lama = _potret(rng)
    kepala = [str(h) if h is not None else "" for h in mentah[0]]
    lebar = c2 - c1 + 1
    posisi = [kepala.index(h) if h in kepala else None for h in headers]
    hilang = [h for h, p in zip(headers, posisi, strict=False) if p is None]
    if hilang:
        raise KeyError(f"Kolom {', '.join(hilang)} tidak ada di tabel {getattr(tbl, 'name', '')}.")
    baris = max(len(blok), 1)
    isi = [[None] * lebar for _ in range(baris)]
    for i, rec in enumerate(blok):
        for v, p in zip(rec, posisi, strict=False):
            isi[i][p] = v
    # a column the rows do not give keeps its formula (an input table's Sisa, Penyerapan)
    for p in set(range(lebar)) - set(posisi):
        f = lama[1][p] if len(lama) > 1 else None
        if isinstance(f, str) and f.startswith("="):
            for baris_isi in isi:
                baris_isi[p] = f
    sheet.range((r1 + 1, c1), (r2, c2)).clear_contents()
    tbl.resize(sheet.range((r1, c1), (r1 + baris, c2)))
    sheet.range((r1 + 1, c1), (r1 + baris, c2)).formula = isi

    def pulihkan() -> None:
        sheet.range((r1 + 1, c1), (r1 + baris, c2)).clear_contents()
        tbl.resize(sheet.range((r1, c1), (r2, c2)))
        sheet.range((r1, c1), (r2, c2)).formula = lama

    return pulihkan, [p for p in posisi if p is not None]


def _tambah_baris(sheet: Any, tbl: Any, blok: list[list[Any]]) -> Callable[[], None]:
    """Append rows under a ListObject's last row (the Log); an empty body row is reused."""
    rng = tbl.range
    r1, c1, r2, c2 = parse_alamat(rng.address)
    akhir = sheet.range((r2, c1), (r2, c2)).options(ndim=2).value[0]
    kosong = r2 == r1 + 1 and all(v is None or v == "" for v in akhir)
    awal = r2 if kosong else r2 + 1
    lebar = c2 - c1 + 1
    isi = [(list(r) + [None] * lebar)[:lebar] for r in blok]
    tbl.resize(sheet.range((r1, c1), (awal + len(isi) - 1, c2)))
    sheet.range((awal, c1), (awal + len(isi) - 1, c2)).formula = isi

    def pulihkan() -> None:
        sheet.range((awal, c1), (awal + len(isi) - 1, c2)).clear_contents()
        tbl.resize(sheet.range((r1, c1), (r2, c2)))

    return pulihkan


def _isi_tanda(sheet: Any, tbl: Any, marks: list[tuple[int, int, Tanda]]) -> Callable[[], None]:
    """Write a table's flag column in one call: per row "[tingkat:Header] pesan" lines."""
    rng = tbl.range
    r1, c1, r2, c2 = parse_alamat(rng.address)
    kepala = [("" if h is None else str(h)) for h in sheet.range((r1, c1), (r1, c2)).options(ndim=2).value[0]]
    tambah = KOLOM_TANDA not in kepala
    if tambah:
        kol = c2 + 1
        sheet.range((r1, kol)).value = KOLOM_TANDA
        tbl.resize(sheet.range((r1, c1), (r2, kol)))
        lama = None
    else:
        kol = c1 + kepala.index(KOLOM_TANDA)
        lama = _potret(sheet.range((r1 + 1, kol), (r2, kol)))[1]
    per_baris: dict[int, list[str]] = {}
    for baris, kolom, t in sorted(marks, key=lambda m: (m[0], m[1])):
        if not (r1 < baris <= r2 and c1 <= kolom < c1 + len(kepala)) or kolom == kol:
            continue
        header = kepala[kolom - c1]
        for pesan in (t.pesan or "").split("\n") or [""]:
            per_baris.setdefault(baris, []).append(f"[{t.tingkat}:{header}] {pesan}".rstrip())
    isi = [[nilai_sel("\n".join(per_baris[r])) if r in per_baris else None] for r in range(r1 + 1, r2 + 1)]
    sheet.range((r1 + 1, kol), (r2, kol)).formula = isi

    def pulihkan() -> None:
        if tambah:
            sheet.range((r1, kol), (r2, kol)).clear_contents()
            tbl.resize(sheet.range((r1, c1), (r2, c2)))
        else:
            sheet.range((r1 + 1, kol), (r2, kol)).formula = lama

    return pulihkan


def _potret(rng: Any) -> tuple[list[list[Any]], list[list[Any]]]:
    """What a range holds: its values, and a block that writes it back (formulas as formulas, text as text).

    Two reads: ``Formula`` alone turns numbers into text and drops the apostrophe of
    text that looks like a number, so values come from ``Value``.
    """
    nilai = rng.options(ndim=2).value
    rumus = rng.options(ndim=2).formula
    if not isinstance(rumus, (list, tuple)):
        rumus = [[rumus]]
    elif rumus and not isinstance(rumus[0], (list, tuple)):
        rumus = [list(rumus)]
    return nilai, [
        [str(f) if isinstance(f, str) and f.startswith("=") else nilai_sel(v) for v, f in zip(rv, rf, strict=False)]
        for rv, rf in zip(nilai, rumus, strict=False)
    ]


def _tabel_di_lembar(sheet: Any, spec: c.TableSpec, anchor: str, isi: list[list[Any]]) -> None:
    r1, c1, _, _ = parse_alamat(anchor)
    baris = max(len(isi), 1)
    lebar = len(spec.headers)
    blok = [[nilai_sel(h) for h in spec.headers]] + (isi or [[None] * lebar])
    rng = sheet.range((r1, c1), (r1 + baris, c1 + lebar - 1))
    rng.formula = blok
    sheet.tables.add(source=rng, name=spec.name)


def _beri_gaya(rng: Any, gaya: str) -> None:
    if gaya in FORMAT_GAYA:
        rng.number_format = FORMAT_GAYA[gaya]
    if gaya in _TEBAL:
        rng.font.bold = True
    if gaya in _UKURAN:
        rng.font.size = _UKURAN[gaya]
    if gaya in _BUNGKUS:
        rng.wrap_text = True


def _rentang_gaya(gaya: dict[str, str]) -> list[tuple[tuple[int, int, int, int], str]]:
    """Styled cells as column runs: per column, one range per stretch of the same style.

    A stretch spans the unstyled cells between two cells of the same style (formatting
    an empty or label cell as a percentage is harmless), so the number of ranges
    follows how styles alternate down a column, not how many rows the sheet has.
    """
    per_kolom: dict[int, list[tuple[int, str]]] = {}
    for alamat, nama in gaya.items():
        r, k, _, _ = parse_alamat(alamat)
        per_kolom.setdefault(k, []).append((r, nama))
    hasil = []
    for k, sel in sorted(per_kolom.items()):
        sel.sort()
        awal, akhir, nama = sel[0][0], sel[0][0], sel[0][1]
        for r, g in sel[1:]:
            if g == nama:
                akhir = r
                continue
            hasil.append(((awal, k, akhir, k), nama))
            awal, akhir, nama = r, r, g
        hasil.append(((awal, k, akhir, k), nama))
    return hasil


def _beri_garis(sheet: Any, garis: list[tuple[tuple[int, int, int, int], str]]) -> None:
    for (a1, b1, a2, b2), sisi in garis:
        for huruf in sisi:
            sheet.range((a1, b1), (a2, b2)).api.Borders(_TEPI[huruf]).LineStyle = 1  # xlContinuous


def _rentang_garis(gaya: dict[str, str]) -> list[tuple[tuple[int, int, int, int], str]]:
    """A form's bordered table in as many calls as it has columns, whatever its rows: per column, the
    header box, the vertical lines of the body and the line under it. (Excel draws no line between the
    records of the body; the file door and the export do.)"""
    kelas: dict[tuple[int, str], list[int]] = {}
    for alamat, nama in gaya.items():
        sisi = _GARIS.get(nama, "")
        if not sisi:
            continue
        r, k, _, _ = parse_alamat(alamat)
        jenis = "lrtb" if "b" in sisi else ("lr" if "l" in sisi else sisi)
        kelas.setdefault((k, jenis), []).append(r)
    return [((min(rs), k, max(rs), k), jenis) for (k, jenis), rs in sorted(kelas.items())]


def _sembunyikan(sheet: Any, lb: Lembar) -> None:
    """Show the blocks' rows and columns again (``tampilkan``), then hide the unused ones: the template's
    charts plot visible cells only. One call for all hidden rows and one for all hidden columns (a
    multi-area address of a few runs, far below Excel's 255 characters), whatever the number of rows."""
    if lb.tampilkan:
        rng = sheet.range(lb.tampilkan).api
        rng.EntireRow.Hidden = False
        rng.EntireColumn.Hidden = False
    baris = ",".join(f"A{a}:A{b}" for a, b in _rentetan(lb.baris_tersembunyi))
    if baris:
        sheet.range(baris).api.EntireRow.Hidden = True
    kolom = ",".join(
        f"{kolom_huruf(a)}1:{kolom_huruf(b)}1" for a, b in _rentetan(huruf_kolom(h) for h in lb.kolom_tersembunyi)
    )
    if kolom:
        sheet.range(kolom).api.EntireColumn.Hidden = True


def _rentetan(nomor: Iterable[int]) -> list[tuple[int, int]]:
    """Runs of consecutive numbers: [3, 4, 5, 9] -> [(3, 5), (9, 9)]."""
    hasil: list[tuple[int, int]] = []
    for n in sorted(set(nomor)):
        if hasil and n == hasil[-1][1] + 1:
            hasil[-1] = (hasil[-1][0], n)
        else:
            hasil.append((n, n))
    return hasil


def _format_dari_xml(teks: str, n: int) -> dict[int, str]:
    """Per data row (0-based) the number format of a one-column range read as XML Spreadsheet."""
    akar = ET.fromstring(teks)
    gaya: dict[str, str] = {}
    for st in akar.iter(f"{_NS}Style"):
        nf = st.find(f"{_NS}NumberFormat")
        if nf is not None:
            gaya[st.get(f"{_NS}ID", "")] = nf.get(f"{_NS}Format", "")
    hasil: dict[int, str] = {}
    baris = -1
    for row in akar.iter(f"{_NS}Row"):
        idx = row.get(f"{_NS}Index")
        baris = int(idx) - 1 if idx else baris + 1
        default_row = row.get(f"{_NS}StyleID")
        for cell in row.iter(f"{_NS}Cell"):
            sid = cell.get(f"{_NS}StyleID") or default_row
            if sid in gaya and baris < n:
                hasil[baris] = gaya[sid]
    return hasil

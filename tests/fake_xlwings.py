"""A recording fake of the part of the xlwings object model kinerja_xl's Excel door uses.

On Linux there is no Excel, so tests drive the macros and ExcelGateway against
this fake: App, Book, Sheets, Sheet, Range, Table(s), Chart(s) and a generic COM
recorder for ``.api``. It keeps cells (values, formulas, number formats) and
ListObject extents, mimics how Excel coerces what is written (``'x`` is text,
``=...`` a formula, "6709" a number unless the cell is text-formatted), and
counts every operation that would cross into Excel, so a test can assert that the
number of round trips does not grow with the number of rows.

Build a book from an .xlsx with :func:`book_dari_xlsx` (openpyxl reads cells,
formats and table refs).
"""

from __future__ import annotations

import datetime as dt
import re
import xml.sax.saxutils as sx
from pathlib import Path
from typing import Any

_SEL = re.compile(r"^\$?([A-Z]{1,3})\$?(\d+)$")
_ANGKA = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
_PERSEN = re.compile(r"^[+-]?\d+(\.\d+)?%$")
_HYPERLINK = re.compile(r'^=HYPERLINK\(".*?"\s*,\s*"(.*)"\)$', re.S)


def huruf_ke_kolom(h: str) -> int:
    n = 0
    for ch in h:
        n = n * 26 + ord(ch) - 64
    return n


def kolom_ke_huruf(n: int) -> str:
    s = ""
    while n:
        n, r = divmod(n - 1, 26)
        s = chr(65 + r) + s
    return s


def parse_alamat(alamat: str) -> tuple[int, int, int, int]:
    """'A4:P50' / '$A$4' -> (row1, col1, row2, col2), 1-based."""
    alamat = alamat.split("!")[-1]
    bagian = alamat.split(":")
    m1 = _SEL.match(bagian[0])
    m2 = _SEL.match(bagian[-1])
    if not m1 or not m2:
        raise ValueError(f"alamat tidak dikenal: {alamat}")
    r1, c1 = int(m1.group(2)), huruf_ke_kolom(m1.group(1))
    r2, c2 = int(m2.group(2)), huruf_ke_kolom(m2.group(1))
    return min(r1, r2), min(c1, c2), max(r1, r2), max(c1, c2)


class Penghitung:
    """The log of round trips (one entry per operation that would cross into Excel)."""

    def __init__(self) -> None:
        self.log: list[str] = []

    def __call__(self, op: str) -> None:
        self.log.append(op)

    def __len__(self) -> int:
        return len(self.log)

    def reset(self) -> None:
        self.log.clear()


class FakeCom:
    """Generic COM recorder for ``.api``: every get, set and call is one round trip."""

    def __init__(self, hitung: Penghitung, jalur: str) -> None:
        object.__setattr__(self, "_hitung", hitung)
        object.__setattr__(self, "_jalur", jalur)
        object.__setattr__(self, "_set", {})

    def __getattr__(self, nama: str) -> Any:
        if nama.startswith("__"):
            raise AttributeError(nama)
        self._hitung(f"com.get {self._jalur}.{nama}")
        if nama in self._set:
            return self._set[nama]
        return FakeCom(self._hitung, f"{self._jalur}.{nama}")

    def __setattr__(self, nama: str, nilai: Any) -> None:
        self._hitung(f"com.set {self._jalur}.{nama}")
        self._set[nama] = nilai

    def __call__(self, *args: Any, **kwargs: Any) -> FakeCom:
        self._hitung(f"com.call {self._jalur}{args}")
        return FakeCom(self._hitung, f"{self._jalur}()")


class FakeApp:
    def __init__(self) -> None:
        self.hitung = Penghitung()
        self._screen_updating = True
        self._calculation = "automatic"
        self._status_bar: Any = False
        self.riwayat_status: list[Any] = []
        self.alerts: list[dict[str, Any]] = []
        self.jawaban: list[str] = []  # answers to yes/no message boxes, in order
        self.books: list[FakeBook] = []

    @property
    def screen_updating(self) -> bool:
        self.hitung("app.screen_updating.get")
        return self._screen_updating

    @screen_updating.setter
    def screen_updating(self, v: bool) -> None:
        self.hitung("app.screen_updating.set")
        self._screen_updating = bool(v)

    @property
    def calculation(self) -> str:
        self.hitung("app.calculation.get")
        return self._calculation

    @calculation.setter
    def calculation(self, v: str) -> None:
        self.hitung("app.calculation.set")
        if v not in ("automatic", "manual", "semiautomatic"):
            raise ValueError(v)
        self._calculation = v

    @property
    def status_bar(self) -> Any:
        self.hitung("app.status_bar.get")
        return self._status_bar

    @status_bar.setter
    def status_bar(self, v: Any) -> None:
        self.hitung("app.status_bar.set")
        self._status_bar = v
        self.riwayat_status.append(v)

    def alert(
        self,
        prompt: str,
        title: str | None = None,
        buttons: str = "ok",
        mode: str | None = None,
        callback: str | None = None,
    ) -> str:
        self.hitung("app.alert")
        self.alerts.append({"prompt": prompt, "title": title, "buttons": buttons, "mode": mode})
        if buttons != "ok" and self.jawaban:
            return self.jawaban.pop(0)  # what the test's user clicks (xlwings returns "yes"/"no"/...)
        return "ok"


class FakeBook:
    def __init__(self, app: FakeApp | None = None, fullname: str = "Buku.xlsm") -> None:
        self.app = app or FakeApp()
        self.app.books.append(self)
        self._fullname = fullname
        self.sheets = FakeSheets(self)
        self.name = Path(fullname).name

    @property
    def fullname(self) -> str:
        self.app.hitung("book.fullname")
        return self._fullname

    @property
    def hitung(self) -> Penghitung:
        return self.app.hitung


class FakeSheets:
    def __init__(self, book: FakeBook) -> None:
        self.book = book
        self._daftar: list[FakeSheet] = []

    def __getitem__(self, kunci: str | int) -> FakeSheet:
        self.book.hitung(f"sheets[{kunci}]")
        if isinstance(kunci, int):
            return self._daftar[kunci]
        for s in self._daftar:
            if s.name == kunci:
                return s
        raise KeyError(kunci)

    def __iter__(self):
        self.book.hitung("sheets.iter")
        return iter(list(self._daftar))

    def __len__(self) -> int:
        return len(self._daftar)

    def add(self, name: str | None = None, before: Any = None, after: Any = None) -> FakeSheet:
        self.book.hitung(f"sheets.add {name}")
        s = FakeSheet(self.book, name or f"Sheet{len(self._daftar) + 1}")
        self._daftar.append(s)
        return s

    def baru(self, name: str) -> FakeSheet:
        """Set-up helper for tests (not an xlwings API, not counted)."""
        s = FakeSheet(self.book, name)
        self._daftar.append(s)
        return s

    def ambil(self, name: str) -> FakeSheet:
        """Test helper: a sheet by name without counting a round trip."""
        for s in self._daftar:
            if s.name == name:
                return s
        raise KeyError(name)


class Sel:
    __slots__ = ("nilai", "rumus", "format", "tebal", "ukuran", "bungkus", "prefix")

    def __init__(self) -> None:
        self.nilai: Any = None
        self.rumus: str | None = None
        self.format = "General"
        self.tebal = False
        self.ukuran: float | None = None
        self.bungkus = False
        self.prefix = False


class FakeSheet:
    def __init__(self, book: FakeBook, name: str) -> None:
        self.book = book
        self.name = name
        self.sel: dict[tuple[int, int], Sel] = {}
        self.tables = FakeTables(self)
        self.charts = FakeCharts(self)
        self.lebar: dict[int, float] = {}
        self.baris_tersembunyi: set[int] = set()  # EntireRow.Hidden / EntireColumn.Hidden through .api
        self.kolom_tersembunyi: set[int] = set()

    # test helpers (not counted) ------------------------------------------------------
    def isi(self, r: int, c: int, nilai: Any = None, rumus: str | None = None, fmt: str | None = None) -> None:
        s = self._sel(r, c)
        s.nilai, s.rumus = nilai, rumus
        if fmt:
            s.format = fmt

    def nilai(self, r: int, c: int) -> Any:
        s = self.sel.get((r, c))
        return None if s is None else s.nilai

    def rumus(self, r: int, c: int) -> str | None:
        s = self.sel.get((r, c))
        return None if s is None else s.rumus

    def _sel(self, r: int, c: int) -> Sel:
        s = self.sel.get((r, c))
        if s is None:
            s = self.sel[(r, c)] = Sel()
        return s

    # xlwings API ---------------------------------------------------------------------
    def range(self, a: Any, b: Any = None) -> FakeRange:
        self.book.hitung("sheet.range")
        if isinstance(a, str) and "," in a:  # a multi-area address: the bounding range, with its areas
            areas = [parse_alamat(x) for x in a.split(",")]
            rng = FakeRange(
                self,
                min(x[0] for x in areas),
                min(x[1] for x in areas),
                max(x[2] for x in areas),
                max(x[3] for x in areas),
            )
            rng.areas = areas
            return rng
        if isinstance(a, str):
            r1, c1, r2, c2 = parse_alamat(a)
        else:
            r1, c1 = a
            r2, c2 = b if b is not None else a
        if b is not None and isinstance(b, str):
            _, _, r2, c2 = parse_alamat(b)
        return FakeRange(self, min(r1, r2), min(c1, c2), max(r1, r2), max(c1, c2))

    def clear(self) -> None:
        self.book.hitung("sheet.clear")
        self.sel.clear()

    def clear_contents(self) -> None:
        self.book.hitung("sheet.clear_contents")
        for s in self.sel.values():
            s.nilai, s.rumus = None, None

    @property
    def used_range(self) -> FakeRange:
        self.book.hitung("sheet.used_range")
        isi = [k for k, s in self.sel.items() if s.nilai is not None or s.rumus is not None]
        if not isi:
            return FakeRange(self, 1, 1, 1, 1)
        return FakeRange(
            self, min(r for r, _ in isi), min(c for _, c in isi), max(r for r, _ in isi), max(c for _, c in isi)
        )


class FakeFont:
    def __init__(self, rng: FakeRange) -> None:
        self._rng = rng

    @property
    def bold(self) -> bool:
        self._rng.sheet.book.hitung("font.bold.get")
        return all(s.tebal for s in self._rng._sels())

    @bold.setter
    def bold(self, v: bool) -> None:
        self._rng.sheet.book.hitung("font.bold.set")
        for s in self._rng._sels(buat=True):
            s.tebal = bool(v)

    @property
    def size(self) -> float | None:
        self._rng.sheet.book.hitung("font.size.get")
        return self._rng.sheet._sel(self._rng.r1, self._rng.c1).ukuran

    @size.setter
    def size(self, v: float) -> None:
        self._rng.sheet.book.hitung("font.size.set")
        for s in self._rng._sels(buat=True):
            s.ukuran = v


class _RangeCom(FakeCom):
    """``Range.api``: Value(11) returns the XML Spreadsheet 2003 text of the range."""

    def __init__(self, rng: FakeRange) -> None:
        super().__init__(rng.sheet.book.hitung, "Range")
        object.__setattr__(self, "_rng", rng)

    def __getattr__(self, nama: str) -> Any:
        if nama == "Value":
            rng = self._rng

            def value(jenis: int = 10) -> Any:
                self._hitung(f"com.call Range.Value({jenis})")
                if jenis != 11:
                    return rng._nilai_mentah(2)
                return rng._xml()

            return value
        if nama in ("EntireRow", "EntireColumn"):
            self._hitung(f"com.get Range.{nama}")
            return _Seluruh(self._rng, nama == "EntireRow")
        return super().__getattr__(nama)


class _Seluruh:
    """``Range.api.EntireRow`` / ``EntireColumn``: setting ``Hidden`` hides or shows the areas' rows/columns."""

    def __init__(self, rng: FakeRange, baris: bool) -> None:
        object.__setattr__(self, "_rng", rng)
        object.__setattr__(self, "_baris", baris)

    def __setattr__(self, nama: str, nilai: Any) -> None:
        if nama != "Hidden":
            raise AttributeError(nama)
        rng = self._rng
        rng.sheet.book.hitung(f"com.set Range.{'EntireRow' if self._baris else 'EntireColumn'}.Hidden")
        himpunan = rng.sheet.baris_tersembunyi if self._baris else rng.sheet.kolom_tersembunyi
        for r1, c1, r2, c2 in rng.areas:
            nomor = set(range(r1, r2 + 1) if self._baris else range(c1, c2 + 1))
            if nilai:
                himpunan.update(nomor)
            else:
                himpunan.difference_update(nomor)


class FakeRange:
    def __init__(self, sheet: FakeSheet, r1: int, c1: int, r2: int, c2: int, ndim: int | None = None) -> None:
        self.sheet, self.r1, self.c1, self.r2, self.c2, self._ndim = sheet, r1, c1, r2, c2, ndim
        self.areas = [(r1, c1, r2, c2)]

    def _h(self, op: str) -> None:
        self.sheet.book.hitung(op)

    def _sels(self, buat: bool = False) -> list[Sel]:
        hasil = []
        for r in range(self.r1, self.r2 + 1):
            for c in range(self.c1, self.c2 + 1):
                s = self.sheet._sel(r, c) if buat else self.sheet.sel.get((r, c))
                if s is not None:
                    hasil.append(s)
        return hasil

    def options(self, ndim: int | None = None, **_: Any) -> FakeRange:
        return FakeRange(self.sheet, self.r1, self.c1, self.r2, self.c2, ndim)

    @property
    def address(self) -> str:
        self._h("range.address")
        a = f"${kolom_ke_huruf(self.c1)}${self.r1}"
        if (self.r1, self.c1) == (self.r2, self.c2):
            return a
        return f"{a}:${kolom_ke_huruf(self.c2)}${self.r2}"

    @property
    def shape(self) -> tuple[int, int]:
        self._h("range.shape")
        return (self.r2 - self.r1 + 1, self.c2 - self.c1 + 1)

    def _nilai_mentah(self, ndim: int | None) -> Any:
        rows = []
        for r in range(self.r1, self.r2 + 1):
            rows.append([self.sheet.nilai(r, c) for c in range(self.c1, self.c2 + 1)])
        return _bentuk(rows, ndim)

    @property
    def value(self) -> Any:
        self._h("range.value.get")
        return self._nilai_mentah(self._ndim)

    @value.setter
    def value(self, v: Any) -> None:
        self._h("range.value.set")
        self._tulis(v)

    @property
    def formula(self) -> Any:
        """Like Excel's Range.Formula: a formula's text, else the constant as text."""
        self._h("range.formula.get")
        rows = []
        for r in range(self.r1, self.r2 + 1):
            baris = []
            for c in range(self.c1, self.c2 + 1):
                s = self.sheet.sel.get((r, c))
                if s is None or (s.rumus is None and s.nilai is None):
                    baris.append("")
                elif s.rumus is not None:
                    baris.append(s.rumus)
                elif isinstance(s.nilai, bool):
                    baris.append("TRUE" if s.nilai else "FALSE")
                elif isinstance(s.nilai, float):
                    baris.append(repr(int(s.nilai)) if s.nilai.is_integer() else repr(s.nilai))
                else:
                    baris.append(str(s.nilai))
            rows.append(baris)
        if (self.r1, self.c1) == (self.r2, self.c2):
            return rows[0][0]
        return rows

    @formula.setter
    def formula(self, v: Any) -> None:
        self._h("range.formula.set")
        self._tulis(v)

    def _tulis(self, v: Any) -> None:
        nr, nc = self.r2 - self.r1 + 1, self.c2 - self.c1 + 1
        if not isinstance(v, (list, tuple)):
            grid = [[v] * nc for _ in range(nr)]
        elif v and isinstance(v[0], (list, tuple)):
            grid = [list(r) for r in v]
        else:
            grid = [list(v)] if nr == 1 else [[x] for x in v]
        if len(grid) != nr or any(len(r) != nc for r in grid):
            raise ValueError(f"ukuran data {len(grid)}x{len(grid[0]) if grid else 0} != rentang {nr}x{nc}")
        for i, baris in enumerate(grid):
            for j, x in enumerate(baris):
                _ketik(self.sheet._sel(self.r1 + i, self.c1 + j), x)

    @property
    def number_format(self) -> str | None:
        self._h("range.number_format.get")
        fmt = {
            self.sheet.sel[(r, c)].format if (r, c) in self.sheet.sel else "General"
            for r in range(self.r1, self.r2 + 1)
            for c in range(self.c1, self.c2 + 1)
        }
        return fmt.pop() if len(fmt) == 1 else None

    @number_format.setter
    def number_format(self, v: str) -> None:
        self._h("range.number_format.set")
        for s in self._sels(buat=True):
            s.format = v

    @property
    def wrap_text(self) -> bool:
        self._h("range.wrap_text.get")
        return all(s.bungkus for s in self._sels())

    @wrap_text.setter
    def wrap_text(self, v: bool) -> None:
        self._h("range.wrap_text.set")
        for s in self._sels(buat=True):
            s.bungkus = bool(v)

    @property
    def column_width(self) -> float:
        self._h("range.column_width.get")
        return self.sheet.lebar.get(self.c1, 8.43)

    @column_width.setter
    def column_width(self, v: float) -> None:
        self._h("range.column_width.set")
        for c in range(self.c1, self.c2 + 1):
            self.sheet.lebar[c] = v

    @property
    def font(self) -> FakeFont:
        return FakeFont(self)

    @property
    def left(self) -> float:
        self._h("range.left")
        return sum(self.sheet.lebar.get(c, 8.43) * 5.25 for c in range(1, self.c1))

    @property
    def top(self) -> float:
        self._h("range.top")
        return (self.r1 - 1) * 15.0

    @property
    def api(self) -> _RangeCom:
        return _RangeCom(self)

    def clear_contents(self) -> None:
        self._h("range.clear_contents")
        for s in self._sels():
            s.nilai, s.rumus, s.prefix = None, None, False

    def clear(self) -> None:
        self._h("range.clear")
        for r in range(self.r1, self.r2 + 1):
            for c in range(self.c1, self.c2 + 1):
                self.sheet.sel.pop((r, c), None)

    def _xml(self) -> str:
        """Value(11): XML Spreadsheet 2003 of the range, one style per distinct number format."""
        gaya: dict[str, str] = {}
        baris_xml = []
        for r in range(self.r1, self.r2 + 1):
            sel_xml = []
            for c in range(self.c1, self.c2 + 1):
                s = self.sheet.sel.get((r, c))
                if s is None or (s.nilai is None and s.format == "General"):
                    continue
                sid = gaya.setdefault(s.format, f"s{62 + len(gaya)}")
                idx = f' ss:Index="{c - self.c1 + 1}"'
                if s.nilai is None:
                    sel_xml.append(f'<Cell{idx} ss:StyleID="{sid}"/>')
                    continue
                if isinstance(s.nilai, bool):
                    tipe, teks = "Boolean", "1" if s.nilai else "0"
                elif isinstance(s.nilai, (int, float)):
                    tipe, teks = "Number", repr(float(s.nilai))
                elif isinstance(s.nilai, dt.datetime):
                    tipe, teks = "DateTime", s.nilai.isoformat()
                else:
                    tipe, teks = "String", sx.escape(str(s.nilai))
                sel_xml.append(f'<Cell{idx} ss:StyleID="{sid}"><Data ss:Type="{tipe}">{teks}</Data></Cell>')
            if sel_xml:
                baris_xml.append(f'<Row ss:Index="{r - self.r1 + 1}">{"".join(sel_xml)}</Row>')
        gaya_xml = "".join(
            f'<Style ss:ID="{sid}"><NumberFormat ss:Format="{sx.escape(f, {chr(34): "&quot;"})}"/></Style>'
            for f, sid in gaya.items()
        )
        return (
            '<?xml version="1.0"?><Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" '
            'xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">'
            f'<Styles>{gaya_xml}</Styles><Worksheet ss:Name="{sx.escape(self.sheet.name)}"><Table>'
            f"{''.join(baris_xml)}</Table></Worksheet></Workbook>"
        )


def _ketik(s: Sel, x: Any) -> None:
    """What Excel stores when a value is written through Value/Formula."""
    s.prefix = False
    s.rumus = None
    if x is None or (isinstance(x, str) and x == ""):
        s.nilai = None
        return
    if isinstance(x, str):
        if x.startswith("'"):
            s.nilai, s.prefix = x[1:], True
            return
        if x.startswith("="):
            s.rumus = x
            m = _HYPERLINK.match(x)
            s.nilai = m.group(1) if m else None
            return
        if s.format != "@":
            t = x.strip()
            if _ANGKA.match(t):
                s.nilai = float(t)
                return
            if _PERSEN.match(t):
                s.nilai = float(t[:-1]) / 100
                if s.format == "General":
                    s.format = "0%"
                return
        s.nilai = x
        return
    if isinstance(x, bool):
        s.nilai = x
        return
    if isinstance(x, (int, float)):
        s.nilai = float(x)
        return
    if isinstance(x, (dt.datetime, dt.date)):
        s.nilai = x if isinstance(x, dt.datetime) else dt.datetime(x.year, x.month, x.day)
        return
    raise TypeError(f"Excel tidak dapat menyimpan {type(x).__name__}: {x!r}")


def _bentuk(rows: list[list[Any]], ndim: int | None) -> Any:
    if ndim == 2:
        return rows
    if len(rows) == 1 and len(rows[0]) == 1:
        return rows[0][0]
    if len(rows) == 1:
        return rows[0]
    if all(len(r) == 1 for r in rows):
        return [r[0] for r in rows]
    return rows


class FakeTables:
    def __init__(self, sheet: FakeSheet) -> None:
        self.sheet = sheet
        self._daftar: dict[str, FakeTable] = {}

    def __getitem__(self, name: str) -> FakeTable:
        self.sheet.book.hitung(f"tables[{name}]")
        return self._daftar[name]

    def __contains__(self, name: str) -> bool:
        return name in self._daftar

    def __iter__(self):
        self.sheet.book.hitung("tables.iter")
        return iter(list(self._daftar.values()))

    def add(self, source: FakeRange | None = None, name: str | None = None, **_: Any) -> FakeTable:
        self.sheet.book.hitung(f"tables.add {name}")
        assert source is not None and name
        t = FakeTable(self.sheet, name, source.r1, source.c1, max(source.r2, source.r1 + 1), source.c2)
        self._daftar[name] = t
        return t

    def baru(self, name: str, r1: int, c1: int, r2: int, c2: int) -> FakeTable:
        """Set-up helper (not counted)."""
        t = FakeTable(self.sheet, name, r1, c1, max(r2, r1 + 1), c2)
        self._daftar[name] = t
        return t


class FakeTable:
    """A ListObject: header row + at least one body row (Excel keeps an empty one), and Excel's total
    row below them while ``show_totals`` (``range`` includes it, ``data_body_range`` does not)."""

    def __init__(self, sheet: FakeSheet, name: str, r1: int, c1: int, r2: int, c2: int, total: bool = False) -> None:
        self.sheet, self.name, self.r1, self.c1, self.r2, self.c2 = sheet, name, r1, c1, r2, c2
        self._total = total
        self._rumus_total: dict[
            int, tuple[Any, str | None]
        ] = {}  # what Excel brings back when the total row is shown again

    @property
    def range(self) -> FakeRange:
        self.sheet.book.hitung(f"table.range {self.name}")
        return FakeRange(self.sheet, self.r1, self.c1, self.r2, self.c2)

    @property
    def data_body_range(self) -> FakeRange | None:
        self.sheet.book.hitung(f"table.data_body_range {self.name}")
        return FakeRange(self.sheet, self.r1 + 1, self.c1, self.r2 - self._total, self.c2)

    @property
    def totals_row_range(self) -> FakeRange | None:
        self.sheet.book.hitung(f"table.totals_row_range {self.name}")
        return FakeRange(self.sheet, self.r2, self.c1, self.r2, self.c2) if self._total else None

    @property
    def show_totals(self) -> bool:
        self.sheet.book.hitung(f"table.show_totals {self.name}")
        return self._total

    @show_totals.setter
    def show_totals(self, v: bool) -> None:
        """As Excel: hiding the total row empties it (keeping its formulas and labels, not its numbers);
        showing it puts it right below the data rows with those back."""
        self.sheet.book.hitung(f"table.show_totals= {self.name}")
        if bool(v) == self._total:
            return
        if self._total:
            self._rumus_total = {}
            for c in range(self.c1, self.c2 + 1):
                rumus, nilai = self.sheet.rumus(self.r2, c), self.sheet.nilai(self.r2, c)
                if rumus or isinstance(nilai, str):
                    self._rumus_total[c] = (nilai, rumus)
                self.sheet.isi(self.r2, c, None)
            self.r2 -= 1
        else:
            self.r2 += 1
            for c, (nilai, rumus) in self._rumus_total.items():
                self.sheet.isi(self.r2, c, nilai, rumus=rumus)
        self._total = bool(v)

    def resize(self, rng: FakeRange) -> None:
        self.sheet.book.hitung(f"table.resize {self.name}")
        if self._total:
            raise ValueError("ListObject.Resize with the total row shown: the door hides it first")
        if (rng.r1, rng.c1) != (self.r1, self.c1):
            raise ValueError("ListObject.Resize: the header row must stay where it is")
        if rng.r2 < rng.r1 + 1:
            raise ValueError("ListObject.Resize: a table needs a header and one row")
        for t in self.sheet.tables._daftar.values():
            if t is not self and not (rng.r2 < t.r1 or rng.r1 > t.r2 or rng.c2 < t.c1 or rng.c1 > t.c2):
                raise ValueError(f"ListObject.Resize: would overlap {t.name}")
        self.r2, self.c2 = rng.r2, rng.c2
        # Excel names an empty new header cell Column1, Column2 ...
        for j, c in enumerate(range(self.c1, self.c2 + 1), 1):
            if self.sheet.nilai(self.r1, c) is None:
                self.sheet.isi(self.r1, c, f"Column{j}")

    # test helpers -----------------------------------------------------------------------
    def headers(self) -> list[Any]:
        return [self.sheet.nilai(self.r1, c) for c in range(self.c1, self.c2 + 1)]

    def baris(self) -> list[list[Any]]:
        """The data rows (never the total row)."""
        akhir = self.r2 - self._total
        return [[self.sheet.nilai(r, c) for c in range(self.c1, self.c2 + 1)] for r in range(self.r1 + 1, akhir + 1)]

    def baris_total(self) -> list[Any] | None:
        return [self.sheet.nilai(self.r2, c) for c in range(self.c1, self.c2 + 1)] if self._total else None

    def rumus_baris(self) -> list[list[Any]]:
        return [[self.sheet.rumus(r, c) for c in range(self.c1, self.c2 + 1)] for r in range(self.r1 + 1, self.r2 + 1)]


class FakeChart:
    def __init__(self, charts: FakeCharts, left: float, top: float, width: float, height: float) -> None:
        self._charts = charts
        self.left, self.top, self.width, self.height = left, top, width, height
        self._chart_type = "column_clustered"
        hitung = charts.sheet.book.hitung
        self._api = (FakeCom(hitung, "ChartObject"), FakeCom(hitung, "Chart"))

    @property
    def chart_type(self) -> str:
        self._charts.sheet.book.hitung("chart.chart_type.get")
        return self._chart_type

    @chart_type.setter
    def chart_type(self, v: str) -> None:
        self._charts.sheet.book.hitung("chart.chart_type.set")
        self._chart_type = v

    @property
    def api(self) -> tuple[FakeCom, FakeCom]:
        return self._api

    def delete(self) -> None:
        self._charts.sheet.book.hitung("chart.delete")
        self._charts._daftar.remove(self)


class FakeCharts:
    def __init__(self, sheet: FakeSheet) -> None:
        self.sheet = sheet
        self._daftar: list[FakeChart] = []

    def add(self, left: float = 0, top: float = 0, width: float = 355, height: float = 211) -> FakeChart:
        self.sheet.book.hitung("charts.add")
        ch = FakeChart(self, left, top, width, height)
        self._daftar.append(ch)
        return ch

    def __iter__(self):
        self.sheet.book.hitung("charts.iter")
        return iter(list(self._daftar))

    def __len__(self) -> int:
        return len(self._daftar)


def book_dari_xlsx(path: str | Path, app: FakeApp | None = None) -> FakeBook:
    """A fake book holding the cells, number formats and tables of an .xlsx/.xlsm file."""
    import openpyxl

    wb = openpyxl.load_workbook(path, keep_vba=False)
    book = FakeBook(app, fullname=str(path))
    for ws in wb.worksheets:
        sh = book.sheets.baru(ws.title)
        for row in ws.iter_rows():
            for cell in row:
                v = cell.value
                fmt = cell.number_format or "General"
                if v is None and fmt == "General":
                    continue
                if isinstance(v, str) and v.startswith("="):
                    sh.isi(cell.row, cell.column, None, rumus=v, fmt=fmt)
                else:
                    if isinstance(v, int) and not isinstance(v, bool):
                        v = float(v)
                    sh.isi(cell.row, cell.column, v, fmt=fmt)
        for name, ref in ws.tables.items():
            r1, c1, r2, c2 = parse_alamat(ref)
            t = sh.tables.baru(name, r1, c1, r2, c2)
            t._total = bool(ws.tables[name].totalsRowCount)
    book.app.hitung.reset()
    return book

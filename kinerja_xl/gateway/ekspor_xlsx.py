"""The export package adapter: the `LKj_<KodeSatker>_<Tahun>.xlsx` a satker sends to its province.

Owns everything about the export as a file, so the use cases (`ekspor`, `periksa`,
`rekap`) stay pure: the layout (Metadata sheet, `tblHash`, anchors), the per-table
hashes and manifest, the XlsxWriter writer, the package seal (`paket_ekspor`) and
one reader per export format version, by header names, never by position.
`EksporXlsx(path)` is one export on disk (`periksa` takes it); `KumpulanXlsx(sumber)`
is the files and folders a rekap reads (`rekap` takes it).
"""

from __future__ import annotations

import datetime as _dt
import json
import os
import re
import stat
import tempfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import pandas as pd
import xlsxwriter
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from xlsxwriter.utility import xl_cell_to_rowcol, xl_col_to_name, xl_rowcol_to_cell

from kinerja_xl.domain import kanonik
from kinerja_xl.domain.temuan import KinerjaError
from kinerja_xl.gateway import paket_ekspor as paket
from kinerja_xl.gateway.base import GAYA, UKURAN_BAWAAN, Gaya, Lembar, Tabel, baris_jumlah
from kinerja_xl.gateway.batas import cek_paket
from kinerja_xl.gateway.berkas import milik_alat, tulis_atomik
from kinerja_xl.gateway.grafik_xlsxwriter import gambar_grafik
from kinerja_xl.template import contract as c
from kinerja_xl.template.cetak import (
    GAYA_TINGKAT,
    TINGGI_KEPALA,
    WARNA_KATEGORI,
    WARNA_TINGKAT,
    atur_xlsxwriter,
    format_kolom,
    lebar_bungkus,
    sifat_sel,
    tinggi_baris,
)
from kinerja_xl.template.ringkasan import GRAFIK_RINGKASAN

METADATA = "Metadata"
FORMAT_BERKAS = "Ekspor LKj kinerja-xl"
VERSI_FORMAT = "3"
VERSI_DIBACA = ("1", "2", "3")  # every format periksa and rekap read
TABEL_METADATA = "tblMetadata"
TABEL_HASH = "tblHash"
ANCHOR_HASH = "D4"
HEADER_HASH = ("Tabel", "Lembar", "Sel Awal", "Jumlah Baris", "Jumlah Kolom", "Sel Persen", "Sidik Baris", "SHA-256")
# Per-row digests make "which row changed" answerable; a cell holds 32767 characters.
_PANJANG_SIDIK = 8
_MAKS_SIDIK = 32767 // _PANJANG_SIDIK


class MK:
    """Keys of the Metadata sheet."""

    FORMAT = "Format Berkas"
    VERSI_FORMAT = "Versi Format Ekspor"
    VERSI_SKEMA = "Versi Skema"
    VERSI_KINERJA = "Versi kinerja_xl"
    KODE_SATKER = "Kode Satker"
    NAMA_SATKER = "Nama Satker"
    PROVINSI = "Provinsi"
    TAHUN = "Tahun"
    TRIWULAN = "Triwulan Pelaporan"
    BASIS = "Basis Realisasi Anggaran"
    WAKTU = "Waktu Ekspor"
    TOTAL_PAGU = "Total Pagu"
    TOTAL_REALISASI = "Total Realisasi Anggaran"
    JUMLAH_GALAT = "Jumlah Galat"
    JUMLAH_PERINGATAN = "Jumlah Peringatan"
    DIPAKSA = "Ekspor Dipaksa"
    ALASAN = "Alasan Ekspor Dipaksa"
    CATATAN = "Catatan Keaslian"
    KUNCI_PUBLIK = "Kunci Publik Penanda Tangan"
    HASH_MANIFEST = "SHA-256 Manifest"
    # format 1 only: the shared-key HMAC, no longer made nor trusted
    SIDIK_KUNCI_V1 = "Sidik Kunci Provinsi"
    TANDA_TANGAN_V1 = "Tanda Tangan HMAC-SHA256"


# Not part of the manifest: the manifest's own hash (and, in format 1, the HMAC over it).
_DI_LUAR_MANIFEST = (MK.HASH_MANIFEST, MK.TANDA_TANGAN_V1)

# Output tables the export carries (Log is written by the export itself).
TABEL_KELUARAN = (c.CAPAIAN_TABLE, c.CAPAIAN_SASARAN_TABLE, c.ANGGARAN_TABLE, c.VALIDASI_TABLE, c.NARASI_TABLE)
TABEL_DATA = c.INPUT_TABLES + TABEL_KELUARAN + (c.LOG_TABLE,)
# Output tables the export carries as the workbook shows them, outside the hashed tables (the package seal
# covers them): the unit figures and the Rencana Aksi results, computed from the same inputs.
TABEL_UNIT = (c.CAPAIAN_UNIT_TABLE, c.NARASI_UNIT_TABLE, c.RENCANA_AKSI_HASIL_TABLE)
LEMBAR_CETAK = (c.RINGKASAN, c.CAPAIAN, c.ANGGARAN, c.NARASI)
# Cells coloured by their row's word, as the workbook's conditional formats colour them.
_WARNA_SEL = {
    **{
        spec.name: ("Kategori", WARNA_KATEGORI, ("Capaian (%)", "Kategori"))
        for spec in (c.CAPAIAN_TABLE, c.CAPAIAN_SASARAN_TABLE, c.CAPAIAN_UNIT_TABLE)
    },
    c.VALIDASI_TABLE.name: ("Tingkat", WARNA_TINGKAT, ("Tingkat",)),
}
LOKAL_CETAK = "id-ID"  # `ekspor --pdf` prints numbers as 10.499.312.980 whatever the machine's locale
NAMA_RINGKASAN = "Ringkasan"  # the free-form sheet is hashed over its cells under this name

_CATATAN = (
    "SHA-256 setiap tabel dan setiap bagian berkas menunjukkan perubahan setelah ekspor; siapa pun yang sengaja "
    "mengubah isi dapat menghitung ulang SHA-256 itu. Tanda tangan Ed25519 hanya dapat dibuat oleh pemegang "
    "kunci pribadi satker; provinsi memeriksanya dengan kunci publik satker di daftar kuncinya."
)


def _anchor(spec: c.TableSpec) -> tuple[int, int]:
    """0-based (row, col) of the header cell of a table in the export."""
    return xl_cell_to_rowcol(c.ANCHOR.get(spec.name, "A4"))


def tabel_ekspor(spec: c.TableSpec, data: pd.DataFrame, persen: Iterable[tuple[int, str]] = ()) -> Tabel:
    """A Tabel laid out as the export lays it out (header at the contract anchor)."""
    r0, c0 = _anchor(spec)
    kolom = {h: xl_col_to_name(c0 + i) for i, h in enumerate(spec.headers)}
    data = data.reindex(columns=spec.headers).astype(object).reset_index(drop=True)
    data = data.where(pd.notna(data), None)
    return Tabel(spec, data, baris_awal=r0 + 2, kolom=kolom, persen=set(persen))


def _kosong(v: Any) -> bool:
    return kanonik.nilai_kanonik(v) == ""


class IsiPaket(Protocol):
    """What an export holds, as the writer needs it (the service's `IsiEkspor`)."""

    tabel: dict[str, pd.DataFrame]  # table name -> rows with the spec's headers
    persen: dict[str, set[tuple[int, str]]]
    ringkasan: Lembar
    tabel_unit: dict[str, pd.DataFrame]  # TABEL_UNIT, outside the hashed tables (the package seal covers them)
    dokumen: dict[str, Lembar]  # the printable forms: Rencana Aksi matrix and every unit's PK, by sheet name
    jumlah: dict[str, dict[str, Any]]  # table -> its total row, header -> value (format 3; not hashed)


def sel_ringkasan(lembar: Lembar) -> list[tuple[str, Any]]:
    """The Ringkasan cells that carry content, in a fixed order (for hashing)."""
    hasil = []
    for alamat, v in lembar.cells.items():
        if not _kosong(v):
            r, k = xl_cell_to_rowcol(alamat)
            hasil.append((r, k, alamat, v))
    hasil.sort()
    return [(alamat, v) for _, _, alamat, v in hasil]


def sidik_baris(rows: list[list[Any]]) -> list[str]:
    """Short digest of each row, to locate edits; same function on both ends."""
    return [
        kanonik.sha256_teks(json.dumps(kanonik.baris_kanonik([r])[0], ensure_ascii=False, separators=(",", ":")))[
            :_PANJANG_SIDIK
        ]
        for r in rows
    ]


def baris_hash(isi: IsiPaket, log: pd.DataFrame) -> list[list[Any]]:
    """The rows of tblHash: where each table sits, its size and its SHA-256."""
    rows = []
    semua = dict(isi.tabel)
    semua[c.LOG_TABLE.name] = log
    for spec in TABEL_DATA:
        df = semua[spec.name]
        data = [list(r) for r in df.itertuples(index=False)]
        persen = isi.persen.get(spec.name, set())
        sidik = sidik_baris(data)
        rows.append(
            [
                spec.name,
                spec.sheet,
                c.ANCHOR.get(spec.name, "A4"),
                len(data),
                len(spec.headers),
                ";".join(f"{r}:{h}" for r, h in sorted(persen)),
                "".join(sidik) if len(sidik) <= _MAKS_SIDIK else "",
                kanonik.sha256_tabel(spec.headers, data, persen),
            ]
        )
    sel = sel_ringkasan(isi.ringkasan)
    rows.append([NAMA_RINGKASAN, c.RINGKASAN, "A1", len(sel), 2, "", "", kanonik.sha256_tabel(["Sel", "Nilai"], sel)])
    return rows


def manifest(meta: list[tuple[str, Any]], hash_rows: list[list[Any]]) -> str:
    """The canonical text the manifest hash and the HMAC are taken over."""
    dok = {
        "metadata": [
            [kanonik.nilai_kanonik(k), kanonik.nilai_kanonik(v)] for k, v in meta if k not in _DI_LUAR_MANIFEST
        ],
        "tabel": kanonik.baris_kanonik(hash_rows),
    }
    return json.dumps(dok, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def nama_berkas(kode_satker: str, tahun: int | str) -> str:
    """LKj_<KodeSatker>_<Tahun>.xlsx, with characters Windows forbids replaced."""
    kode = re.sub(r'[\\/:*?"<>|\s]+', "-", str(kode_satker).strip()).strip("-.") or "tanpa-kode"
    return f"LKj_{kode}_{tahun}.xlsx"


# --- writing the .xlsx ----------------------------------------------------------------
_RUPIAH = {"Pagu", "Pagu Awal", "Realisasi", "Sisa"}


class _Format:
    def __init__(self, wb: xlsxwriter.Workbook):
        self.judul = wb.add_format({"bold": True, "font_size": 14})
        self.subjudul = wb.add_format({"bold": True, "font_size": 12})
        self.label = wb.add_format({"bold": True})
        self.bantuan = wb.add_format({"italic": True, "font_color": "#595959"})
        self.header = wb.add_format(
            {"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True, "valign": "top"}
        )
        self.teks = wb.add_format({"text_wrap": False, "valign": "top"})
        # typed text starting with "=": shown as typed after an apostrophe, so editing it never makes a formula
        self.teks_kutip = wb.add_format({"text_wrap": False, "valign": "top", "quote_prefix": True})
        self.paragraf = wb.add_format({"text_wrap": True, "valign": "top"})
        self.angka = wb.add_format({"num_format": "#,##0.##", "valign": "top"})
        self.rupiah = wb.add_format({"num_format": "#,##0", "valign": "top"})
        self.persen = wb.add_format({"num_format": "0.00", "valign": "top"})
        self.persen_sel = wb.add_format({"num_format": "0.00%", "valign": "top"})
        self.tanggal = wb.add_format({"num_format": "dd/mm/yyyy", "valign": "top"})
        self.waktu = wb.add_format({"num_format": "dd/mm/yyyy hh:mm:ss", "valign": "top"})
        self.tautan = wb.add_format({"font_color": "#0563C1", "underline": 1, "valign": "top"})
        self.gaya = {nama: wb.add_format(_sifat_gaya(g)) for nama, g in GAYA.items()}
        self._wb = wb
        self.umum = wb.add_format({})  # a free-form sheet's cell without a named style, as the file door writes it
        self._kolom: dict[tuple[str, bool, str | None, bool, bool, int, bool, bool], Any] = {}
        self.gaya_kutip = {nama: wb.add_format({**_sifat_gaya(g), "quote_prefix": True}) for nama, g in GAYA.items()}

    def kolom(
        self,
        spec: c.TableSpec,
        header: str,
        isian: str | None = None,
        tautan: bool = False,
        tingkat: Any = None,
        kutip: bool = False,
        jumlah: bool = False,
    ) -> Any:
        """The format of an output table's data cells in column ``header``: the template's (template/cetak.py);
        an Anggaran row's level (``tingkat``) makes it bold and indents its Uraian as the template does."""
        num_format, bungkus = format_kolom(spec, spec.kolom(header))
        tebal, inden = GAYA_TINGKAT.get(tingkat, (False, 0)) if spec is c.ANGGARAN_TABLE else (False, 0)
        inden = inden if header == "Uraian" else 0
        kunci = (num_format, bungkus, isian, tautan, tebal, inden, kutip, jumlah)
        if kunci not in self._kolom:
            sifat = sifat_sel(num_format, bungkus, isian, jumlah=jumlah)
            if tautan:
                sifat.update(font_color="#0563C1", underline=1)
            if tebal:
                sifat["bold"] = True
            if inden:
                sifat.update(align="left", indent=inden)
            if kutip:  # typed text starting with "=": shown as typed, editing it never makes a formula
                sifat["quote_prefix"] = True
            self._kolom[kunci] = self._wb.add_format(sifat)
        return self._kolom[kunci]


def _sifat_gaya(g: Gaya) -> dict[str, Any]:
    """XlsxWriter properties of a named style of the one style table."""
    sifat: dict[str, Any] = {"valign": "top"} if g.format_angka or g.bungkus else {}
    if g.tebal:
        sifat["bold"] = True
    if g.ukuran and g.ukuran != UKURAN_BAWAAN:
        sifat["font_size"] = g.ukuran
    if g.format_angka:
        sifat["num_format"] = g.format_angka
    if g.bungkus:
        sifat["text_wrap"] = True
    for huruf, sisi in (("l", "left"), ("r", "right"), ("t", "top"), ("b", "bottom")):
        if huruf in g.garis:
            sifat[sisi] = 1
    return sifat


def _tulis_sel(ws, r: int, k: int, v: Any, f: _Format, fmt=None, persen: bool = False) -> None:
    """One value, by type; text always as text so '=1+1' never becomes a formula."""
    if _kosong(v) and not (isinstance(v, str) and v):
        return
    if hasattr(v, "item") and not isinstance(v, (str, bytes)):
        v = v.item()
    if isinstance(v, bool):
        ws.write_boolean(r, k, v, fmt or f.teks)
    elif isinstance(v, str):
        ws.write_string(r, k, v, fmt or (f.teks_kutip if v.startswith("=") else f.teks))
    elif isinstance(v, (int, float)) or type(v).__name__ == "Decimal":
        # Cut to Excel's 15 significant digits before writing, so the file holds exactly
        # the number the canonical form hashes (no double rounding on the way back).
        angka = v if isinstance(v, int) else float(format(float(v), ".15g"))
        ws.write_number(r, k, angka, f.persen_sel if persen else (fmt or f.angka))
    elif isinstance(v, _dt.datetime):
        ws.write_datetime(r, k, v.replace(tzinfo=None), f.tanggal if v.time() == _dt.time(0) else f.waktu)
    elif isinstance(v, _dt.date):
        ws.write_datetime(r, k, _dt.datetime(v.year, v.month, v.day), f.tanggal)
    else:
        ws.write_string(r, k, kanonik.nilai_kanonik(v), fmt or f.teks)


def _lindungi(ws) -> None:
    # No password: this guards against accidental typing, it is not a security boundary.
    ws.protect(
        "", {"select_locked_cells": True, "select_unlocked_cells": True, "format_columns": True, "autofilter": True}
    )


def _tulis_tabel(
    ws, spec: c.TableSpec, df: pd.DataFrame, persen: set[tuple[int, str]], f: _Format, jumlah: Mapping | None = None
) -> None:
    r0, c0 = _anchor(spec)
    headers = spec.headers
    rows = list(df.itertuples(index=False))
    if not rows:  # with rows, add_table writes the headers (twice would make the shared-string count false)
        for j, h in enumerate(headers):
            ws.write_string(r0, c0 + j, h, f.header)
    for i, row in enumerate(rows):
        for j, (h, v) in enumerate(zip(headers, row, strict=False)):
            if spec is c.VALIDASI_TABLE and h == "Sel" and isinstance(v, str) and v:
                lembar = row[headers.index("Lembar")]
                if lembar:
                    ws.write_url(
                        r0 + 1 + i, c0 + j, f"internal:'{lembar}'!{v}", f.kolom(spec, h, tautan=True), string=v
                    )
                    continue
            fmt = f.rupiah if h in _RUPIAH and spec in (c.PAGU_TABLE, c.ANGGARAN_TABLE) else None
            if not spec.input:
                tingkat = row[headers.index("Tingkat")] if spec is c.ANGGARAN_TABLE else None
                kutip = isinstance(v, str) and v.startswith("=")
                fmt = f.kolom(spec, h, _isian(spec, headers, row, h), tingkat=tingkat, kutip=kutip)
            _tulis_sel(ws, r0 + 1 + i, c0 + j, v, f, fmt, persen=(i, h) in persen)
    total = bool(rows and spec.kolom_jumlah)  # format 3: the table's total row below its rows
    if rows:
        ws.add_table(
            r0,
            c0,
            r0 + len(rows) + total,
            c0 + len(headers) - 1,
            {
                "name": spec.name,
                "columns": [{"header": h, "header_format": f.header} for h in headers],
                "style": "Table Style Light 9",
                "autofilter": False,
                "total_row": total,
            },
        )
    for j, (h, v) in enumerate(zip(headers, baris_jumlah(spec, jumlah), strict=True) if total else ()):
        ws.write_blank(r0 + len(rows) + 1, c0 + j, None, f.kolom(spec, h, jumlah=True))
        _tulis_sel(ws, r0 + len(rows) + 1, c0 + j, v, f, f.kolom(spec, h, jumlah=True))
    for j, h in enumerate(headers):
        lebar = (
            60
            if h in ("Paragraf", "Pesan")
            else 28
            if h in ("Sasaran", "Indikator Kinerja", "Uraian", "Keterangan")
            else 14
        )
        ws.set_column(c0 + j, c0 + j, lebar)


def _tinggi_baris(ws: Any, tabel: dict[c.TableSpec, pd.DataFrame]) -> None:
    """Explicit heights for rows with wrapped text; tables side by side share rows: the tallest wins."""
    tinggi: dict[int, float] = {}
    for spec, df in tabel.items():
        lebar = lebar_bungkus(spec)
        if not lebar:
            continue
        r0 = _anchor(spec)[0]
        tinggi[r0] = TINGGI_KEPALA  # headers wrap to two lines in the printed widths
        for i, row in enumerate(df.itertuples(index=False)):
            t = tinggi_baris(dict(zip(spec.headers, row, strict=False)), lebar) or 0.0
            tinggi[r0 + 1 + i] = max(tinggi.get(r0 + 1 + i, 0.0), t)
    for r, t in sorted(tinggi.items()):
        if t:
            ws.set_row(r, t)


def _isian(spec: c.TableSpec, headers: list[str], row: Any, header: str) -> str | None:
    """The fill of a Kategori / Tingkat cell (and Capaian beside it) by its row's word, or None."""
    aturan = _WARNA_SEL.get(spec.name)
    if aturan is None or header not in aturan[2]:
        return None
    kata = row[headers.index(aturan[0])]
    return aturan[1].get(kata) if isinstance(kata, str) else None


def _tulis_lembar(wb, ws, lembar: Lembar, f: _Format) -> None:
    gaya = f.gaya
    if lembar.area_cetak:
        ws.print_area(lembar.area_cetak)
    for kol, lebar in lembar.lebar_kolom.items():
        j = xl_cell_to_rowcol(f"{kol}1")[1]
        ws.set_column(j, j, lebar)
    for alamat, v in lembar.cells.items():
        r, k = xl_cell_to_rowcol(alamat)
        nama = lembar.gaya.get(alamat, "")
        if isinstance(v, str) and v.startswith("="):  # typed text: stays text when edited
            _tulis_sel(ws, r, k, v, f, f.gaya_kutip.get(nama, f.teks_kutip))
            continue
        _tulis_sel(ws, r, k, v, f, gaya.get(nama, f.umum))
    for alamat in lembar.gaya.keys() - lembar.cells.keys():  # a styled empty cell: a form's bordered table
        r, k = xl_cell_to_rowcol(alamat)
        ws.write_blank(r, k, None, gaya[lembar.gaya[alamat]])
    for r in lembar.baris_tersembunyi:  # the unused rows of the charts' data blocks: not plotted
        ws.set_row(r - 1, None, None, {"hidden": True})
    for kol in lembar.kolom_tersembunyi:
        j = xl_cell_to_rowcol(f"{kol}1")[1]
        ws.set_column(j, j, None, None, {"hidden": True})


def tulis_xlsx(
    path: Path,
    isi: IsiPaket,
    log: pd.DataFrame | None,
    meta: list[tuple[str, Any]] | None,
    hash_rows: list[list[Any]] | None,
    lembar: tuple[str, ...] | None = None,
    kunci: Ed25519PrivateKey | None = None,
) -> None:
    """Write the export (or, with ``lembar``, only those sheets for printing), sealed and signed with ``kunci``."""
    wb = xlsxwriter.Workbook(
        str(path),
        {
            "strings_to_formulas": False,
            "strings_to_numbers": False,
            "strings_to_urls": False,
            "nan_inf_to_errors": False,
        },
    )
    f = _Format(wb)
    semua = dict(isi.tabel)
    if log is not None:
        semua[c.LOG_TABLE.name] = log
    dokumen = isi.dokumen
    if lembar is None:
        semua.update(isi.tabel_unit)
        urutan = [s for s in c.SHEETS if s not in (c.PETUNJUK, c.XLWINGS_CONF, *c.LEMBAR_BACAAN)]
        akhir = urutan.index(c.LEMBAR_PK_BAWAAN[-1]) + 1  # PK sheets of units added later: after the default ones
        urutan[akhir:akhir] = [n for n in dokumen if n not in urutan]
    else:
        urutan = list(lembar)
    for nama in urutan:
        _tulis_lembar_ekspor(wb, nama, isi, semua, f, dokumen)
    if meta is not None and hash_rows is not None:
        _tulis_metadata(wb, meta, hash_rows, f)
        paket.siapkan(wb)
    wb.close()
    if meta is not None and hash_rows is not None:
        paket.segel(Path(path), kunci)


def _tulis_lembar_ekspor(
    wb: Any, nama: str, isi: IsiPaket, semua: dict[str, pd.DataFrame], f: _Format, dokumen: dict[str, Lembar]
) -> None:
    """One sheet of the export as the workbook prints it: Ringkasan and the forms as drawn, any other sheet as
    its tables' values; the sheet's print layout from template/cetak.py."""
    ws = wb.add_worksheet(nama)
    if nama == c.RINGKASAN:
        _tulis_lembar(wb, ws, isi.ringkasan, f)
        for g in GRAFIK_RINGKASAN:  # the template's three charts, by the same writer over the same blocks
            gambar_grafik(wb, ws, nama, g)
    elif nama in dokumen:
        _tulis_lembar(wb, ws, dokumen[nama], f)
    else:
        ws.write_string(0, 0, c.JUDUL_LEMBAR.get(nama, nama), f.judul)
        ws.write_string(
            1, 0, "Salinan nilai untuk provinsi; lembar dikunci agar tidak terketik tanpa sengaja.", f.bantuan
        )
        tabel = [s for s in (*TABEL_DATA, *TABEL_UNIT) if s.sheet == nama and s.name in semua]
        for spec in tabel:
            _tulis_tabel(ws, spec, semua[spec.name], isi.persen.get(spec.name, set()), f, isi.jumlah.get(spec.name))
        _tinggi_baris(ws, {spec: semua[spec.name] for spec in tabel})
    tata = atur_xlsxwriter(ws, nama)
    for alamat, judul in tata.judul_bagian if tata and nama not in dokumen else ():
        r, k = xl_cell_to_rowcol(alamat)
        ws.write_string(r, k, judul, f.judul)
    _lindungi(ws)


def _tulis_metadata(wb: Any, meta: list[tuple[str, Any]], hash_rows: list[list[Any]], f: _Format) -> None:
    """The Metadata sheet: the key/value table and the per-table hashes."""
    ws = wb.add_worksheet(METADATA)
    ws.write_string(0, 0, "Metadata Ekspor LKj", f.judul)
    ws.write_string(1, 0, _CATATAN, f.bantuan)
    r0, _ = xl_cell_to_rowcol("A4")
    for i, (kunci, v) in enumerate(meta):
        ws.write_string(r0 + 1 + i, 0, kunci, f.label)
        _tulis_sel(ws, r0 + 1 + i, 1, v, f)
    ws.add_table(
        r0,
        0,
        r0 + len(meta),
        1,
        {
            "name": TABEL_METADATA,
            "columns": [{"header": "Kunci", "header_format": f.header}, {"header": "Nilai", "header_format": f.header}],
            "autofilter": False,
        },
    )
    hr, hc = xl_cell_to_rowcol(ANCHOR_HASH)
    for i, row in enumerate(hash_rows):
        for j, v in enumerate(row):
            _tulis_sel(ws, hr + 1 + i, hc + j, v, f)
    ws.add_table(
        hr,
        hc,
        hr + len(hash_rows),
        hc + len(HEADER_HASH) - 1,
        {
            "name": TABEL_HASH,
            "columns": [{"header": h, "header_format": f.header} for h in HEADER_HASH],
            "autofilter": False,
        },
    )
    ws.set_column(0, 0, 28)
    ws.set_column(1, 1, 40)
    ws.set_column(hc, hc + len(HEADER_HASH) - 1, 16)
    _lindungi(ws)


def cetak_pdf(isi: IsiPaket, tujuan: Path, dokumen: Callable[[Path], Any] | None = None) -> Path:
    """One PDF: the LKj document (``dokumen`` writes its .docx to the path it is given), then the
    printable sheets (LEMBAR_CETAK), both printed by LibreOffice in the id-ID locale, joined with pypdf."""
    from kinerja_xl.libreoffice import docx_ke_pdf, konversi

    with tempfile.TemporaryDirectory(prefix="kinerja-pdf-") as tmp:
        bagian = []
        if dokumen is not None:
            docx = Path(tmp) / (tujuan.stem + "_LKj.docx")
            dokumen(docx)
            bagian.append(docx_ke_pdf(docx, Path(tmp) / "lkj.pdf", lokal=LOKAL_CETAK))
        sumber = Path(tmp) / (tujuan.stem + ".xlsx")
        tulis_xlsx(sumber, isi, None, None, None, lembar=LEMBAR_CETAK)
        bagian.append(konversi(sumber, "pdf", outdir=Path(tmp) / "pdf", hitung_ulang=False, lokal=LOKAL_CETAK))
        tulis_atomik(tujuan, lambda p: gabung_pdf(bagian, p), perintah="ekspor --pdf")
    return tujuan


def gabung_pdf(bagian: Sequence[Path], tujuan: Path) -> None:
    """The PDFs in ``bagian`` one after the other, as one file (pypdf: no external tool needed)."""
    from pypdf import PdfWriter

    penulis = PdfWriter()
    for p in bagian:
        penulis.append(str(p))
    with open(tujuan, "wb") as f:
        penulis.write(f)
    penulis.close()


# --- reading ----------------------------------------------------------------------------
@dataclass(frozen=True)
class Masalah:
    """One reason a file is not intact (jenis is stable, pesan is for people)."""

    jenis: str
    pesan: str
    lembar: str = ""
    sel: str = ""
    tabel: str = ""

    def as_dict(self) -> dict[str, str]:
        return {"jenis": self.jenis, "pesan": self.pesan, "lembar": self.lembar, "sel": self.sel, "tabel": self.tabel}


class BukanEkspor(Exception):
    """The file is not (readable as) a kinerja-xl export."""


@dataclass
class BerkasEkspor:
    """An export as read back: metadata, the hash table and every table's raw rows."""

    berkas: Path
    meta: list[tuple[str, Any]]
    hash_rows: list[list[Any]]
    tabel: dict[str, list[list[Any]]]  # rows as in the file, in the file's column order
    ringkasan: list[tuple[str, Any]]
    masalah: list[Masalah] = field(default_factory=list)
    kolom: dict[str, list[str]] = field(default_factory=dict)  # the file's headers of each table
    versi: str = ""
    jumlah: dict[str, list[Any]] = field(default_factory=dict)  # table -> its total row as in the file (format 3)
    segel: paket.Segel | None = None
    sidik_bagian: dict[str, str] = field(default_factory=dict)  # part -> SHA-256, from the package check
    _kanonik: dict[str, list[list[str]]] = field(default_factory=dict, repr=False)

    @property
    def metadata(self) -> dict[str, Any]:
        return dict(self.meta)

    def teks(self, kunci: str) -> str:
        return kanonik.nilai_kanonik(self.metadata.get(kunci))

    def baris(self, spec: c.TableSpec) -> list[list[Any]]:
        """A table's rows with the spec's columns, matched by header name (a missing column is empty)."""
        kolom = self.kolom.get(spec.name, spec.headers)
        indeks = {h: j for j, h in enumerate(kolom)}
        pilih = [indeks.get(h) for h in spec.headers]
        return [[r[j] if j is not None and j < len(r) else None for j in pilih] for r in self.tabel.get(spec.name, [])]

    def kanonik(self, nama: str) -> list[list[str]]:
        """A table's rows in canonical form (as hashed), in the file's column order; computed once."""
        if nama not in self._kanonik:
            self._kanonik[nama] = kanonik.baris_kanonik(self.tabel.get(nama, []))
        return self._kanonik[nama]

    def baris_teks(self, spec: c.TableSpec) -> list[list[str]]:
        """``baris`` with every cell in canonical text form ("" for a missing column)."""
        kolom = self.kolom.get(spec.name, spec.headers)
        indeks = {h: j for j, h in enumerate(kolom)}
        pilih = [indeks.get(h) for h in spec.headers]
        rows = self.kanonik(spec.name)
        if all(j is not None and j < len(kolom) for j in pilih):  # every column there: rows are len(kolom) long
            return [[r[j] for j in pilih] for r in rows]  # type: ignore[index]
        return [[r[j] if j is not None and j < len(r) else "" for j in pilih] for r in rows]

    def df(self, spec: c.TableSpec) -> pd.DataFrame:
        rows = self.baris(spec)
        return pd.DataFrame(rows, columns=spec.headers) if rows else pd.DataFrame(columns=spec.headers)


def _bersih(v: Any) -> Any:
    return None if isinstance(v, str) and v == "" else v


def _blok(rows: list[list[Any]], r: int, c0: int, n: int) -> list[Any]:
    row = rows[r][c0 : c0 + n] if 0 <= r < len(rows) else []
    hasil = [None if v == "" and type(v) is str else v for v in row] if "" in row else list(row)
    if len(hasil) < n:
        hasil += [None] * (n - len(hasil))
    return hasil


def _int(v: Any) -> int:
    try:
        return int(float(kanonik.nilai_kanonik(v)))
    except ValueError:
        return -1


def baca_ekspor(path: Path | str) -> BerkasEkspor:
    """Read an export with python-calamine; raise BukanEkspor when it is not one."""
    from python_calamine import CalamineWorkbook

    path = Path(path)
    sidik: dict[str, str] = {}  # every part's SHA-256, taken while the package is checked (for the seal)
    try:
        cek_paket(path, path.name, sidik)
    except KinerjaError as e:
        raise BukanEkspor(str(e)) from None
    try:
        wb = CalamineWorkbook.from_path(str(path))
    except Exception as e:  # calamine raises its own error types for non-workbooks
        raise BukanEkspor(f"berkas tidak dapat dibuka sebagai buku kerja Excel ({type(e).__name__}).") from e
    if METADATA not in wb.sheet_names:
        raise BukanEkspor("tidak ada lembar Metadata; berkas ini bukan hasil 'kinerja-xl ekspor'.")
    cache: dict[str, list[list[Any]]] = {}

    def lembar(nama: str) -> list[list[Any]] | None:
        if nama not in cache:
            if nama not in wb.sheet_names:
                return None
            cache[nama] = wb.get_sheet_by_name(nama).to_python(skip_empty_area=False)
        return cache[nama]

    meta, hash_rows = _baca_metadata(lembar(METADATA) or [])
    versi = kanonik.nilai_kanonik(dict(meta).get(MK.VERSI_FORMAT))
    berkas = BerkasEkspor(path, meta, hash_rows, {}, [], versi=versi, sidik_bagian=sidik)
    pembaca = _PEMBACA.get(versi)
    if pembaca is not None:
        pembaca(berkas, lembar)
    return berkas


def _baca_v1(berkas: BerkasEkspor, lembar: Callable[[str], list[list[Any]] | None]) -> None:
    """Format 1: the tables named in the Metadata hash table, by header name; no package seal."""
    for row in berkas.hash_rows:
        _baca_tabel_ekspor(berkas, row, lembar)


def _baca_v2(berkas: BerkasEkspor, lembar: Callable[[str], list[list[Any]] | None]) -> None:
    """Format 2: format 1's tables plus the seal over every part of the package."""
    _baca_v1(berkas, lembar)
    berkas.segel = paket.cek_segel(berkas.berkas, berkas.sidik_bagian or None)


def _baca_v3(berkas: BerkasEkspor, lembar: Callable[[str], list[list[Any]] | None]) -> None:
    """Format 3: format 2, and a table with a total row (tblAnggaran, ``TableSpec.kolom_jumlah``) has it right
    below its rows: read into ``berkas.jumlah``, never as a row (nor as one typed after export)."""
    _baca_v2(berkas, lembar)


# One reader per export format version; a later version adds its own entry and keeps reading by header name.
_PEMBACA: dict[str, Callable[[BerkasEkspor, Callable[[str], list[list[Any]] | None]], None]] = {
    "1": _baca_v1,
    "2": _baca_v2,
    "3": _baca_v3,
}


def _cari_header(rows: list[list[Any]], nama: tuple[str, ...]) -> tuple[int, dict[str, int]] | None:
    """The first row (of the first 20) holding every header in ``nama``: (row, header -> column)."""
    for r, baris in enumerate(rows[:20]):
        teks = [kanonik.nilai_kanonik(v) for v in baris]
        if all(h in teks for h in nama):
            return r, {h: teks.index(h) for h in nama}
    return None


def _baca_blok(rows: list[list[Any]], r0: int, kolom: list[int]) -> list[list[Any]]:
    """Rows below a header, the chosen columns, until the first empty row."""
    hasil = []
    for r in range(r0 + 1, len(rows)):
        row = [_bersih(rows[r][k]) if k < len(rows[r]) else None for k in kolom]
        if all(v is None for v in row):
            break
        hasil.append(row)
    return hasil


def _baca_metadata(meta_rows: list[list[Any]]) -> tuple[list[tuple[str, Any]], list[list[Any]]]:
    """The Metadata sheet's key/value table and hash table, found and read by header names."""
    kv = _cari_header(meta_rows, ("Kunci", "Nilai"))
    if kv is None:
        raise BukanEkspor("lembar Metadata tidak berisi tabel Kunci/Nilai.")
    meta = [(kanonik.nilai_kanonik(k), v) for k, v in _baca_blok(meta_rows, kv[0], [kv[1]["Kunci"], kv[1]["Nilai"]])]
    if kanonik.nilai_kanonik(dict(meta).get(MK.FORMAT)) != FORMAT_BERKAS:
        raise BukanEkspor("lembar Metadata tidak menyebut format ekspor kinerja-xl.")
    th = _cari_header(meta_rows, HEADER_HASH)
    if th is None:
        raise BukanEkspor("tabel hash di lembar Metadata tidak lengkap.")
    # rows in HEADER_HASH order whatever the file's column order
    return meta, _baca_blok(meta_rows, th[0], [th[1][h] for h in HEADER_HASH])


def _baca_tabel_ekspor(berkas: BerkasEkspor, row: list[Any], lembar: Callable[[str], list[list[Any]] | None]) -> None:
    """One table named in the hash table: its rows into ``berkas.tabel``, what changed into ``berkas.masalah``."""
    nama, nama_lembar, sel_awal, n, ncol = row[0], row[1], row[2], _int(row[3]), _int(row[4])
    nama, nama_lembar = kanonik.nilai_kanonik(nama), kanonik.nilai_kanonik(nama_lembar)
    rows = lembar(nama_lembar)
    if rows is None:
        berkas.masalah.append(
            Masalah("lembar_hilang", f"Lembar {nama_lembar} tidak ada lagi di berkas.", nama_lembar, tabel=nama)
        )
        return
    if nama == NAMA_RINGKASAN:
        berkas.ringkasan = [
            (xl_rowcol_to_cell(i, j), v)
            for i, baris in enumerate(rows)
            for j, v in enumerate(baris)
            if kanonik.nilai_kanonik(v) != ""
        ]
        return
    try:
        tr, tc = xl_cell_to_rowcol(kanonik.nilai_kanonik(sel_awal))
    except Exception:  # noqa: BLE001 - an edited anchor cell: fall back to the layout's
        tr, tc = xl_cell_to_rowcol("A4")
    try:
        spec = c.table(nama)
    except KeyError:
        spec = None
    header = [kanonik.nilai_kanonik(h) for h in _blok(rows, tr, tc, max(ncol, 0))]
    berkas.kolom[nama] = header
    skema_sama = berkas.teks(MK.VERSI_SKEMA) == c.VERSI_SKEMA
    if spec is not None and skema_sama and header != spec.headers:
        berkas.masalah.append(
            Masalah(
                "kolom_diubah",
                f"Judul kolom tabel {nama} tidak sama dengan saat ekspor.",
                nama_lembar,
                xl_rowcol_to_cell(tr, tc),
                nama,
            )
        )
    berkas.tabel[nama] = [_blok(rows, tr + 1 + i, tc, ncol) for i in range(max(n, 0))]
    akhir = tr + 1 + max(n, 0)
    if spec is not None and spec.kolom_jumlah and n > 0 and berkas.versi not in ("1", "2"):
        berkas.jumlah[nama] = _blok(rows, akhir, tc, ncol)  # the total row (format 3)
        akhir += 1
    _baris_tambahan(berkas, nama, nama_lembar, rows, akhir, tc, ncol, max(n, 0))


def _baris_tambahan(
    berkas: BerkasEkspor, nama: str, nama_lembar: str, rows: list[list[Any]], akhir: int, tc: int, ncol: int, n: int
) -> None:
    """Rows below the declared block (and below its total row): a row typed or pasted after export."""
    tambahan = [
        i
        for i in range(akhir, len(rows))
        if any(v is not None and kanonik.nilai_kanonik(v) != "" for v in _blok(rows, i, tc, ncol))
    ]
    if tambahan:
        berkas.masalah.append(
            Masalah(
                "baris_ditambah",
                f"Tabel {nama} berisi {len(tambahan)} baris di luar {n} baris yang diekspor "
                f"(mulai baris {tambahan[0] + 1}).",
                nama_lembar,
                xl_rowcol_to_cell(tambahan[0], tc),
                nama,
            )
        )


def _persen(teks: Any) -> set[tuple[int, str]]:
    hasil = set()
    for bagian in kanonik.nilai_kanonik(teks).split(";"):
        r, sep, h = bagian.partition(":")
        if sep and r.strip().isdigit():
            hasil.add((int(r), h))
    return hasil


# --- the adapter: one export on disk, and the files a rekap reads ------------------------
@dataclass(frozen=True)
class EksporXlsx:
    """One export file: `periksa` and `rekap` read it through `baca`; picklable for worker processes."""

    berkas: Path

    def baca(self) -> BerkasEkspor:
        """The export as read back; raises BukanEkspor when the file is not one."""
        return baca_ekspor(self.berkas)


class SumberEkspor(Protocol):
    """The port `periksa` reads an export through (`EksporXlsx` for a file; a test may pass its own)."""

    @property
    def berkas(self) -> Path: ...

    def baca(self) -> BerkasEkspor: ...


@dataclass(frozen=True)
class Tolakan:
    """A path the rekap does not read, and why (a folder that cannot be listed, a symlink, a pipe)."""

    berkas: str
    alasan: str
    jenis: str


@dataclass(frozen=True)
class KumpulanXlsx:
    """The files and folders given to `rekap`: every regular .xlsx in a folder, each named file."""

    sumber: tuple[Path, ...]

    def __init__(self, sumber: Iterable[Path | str]):
        object.__setattr__(self, "sumber", tuple(Path(s) for s in sumber))

    def kumpulkan(self) -> tuple[list[EksporXlsx], list[Tolakan]]:
        """The exports to read and the paths listed with a reason instead (never an exception)."""
        berkas, tolak = _kumpulkan(self.sumber)
        return [EksporXlsx(p) for p in berkas], tolak


class KumpulanEkspor(Protocol):
    """The port `rekap` reads its exports through."""

    def kumpulkan(self) -> tuple[Sequence[SumberEkspor], list[Tolakan]]: ...


def tulis_paket(
    tujuan: Path,
    isi: IsiPaket,
    log: pd.DataFrame,
    meta: list[tuple[str, Any]],
    hash_rows: list[list[Any]],
    kunci: Ed25519PrivateKey | None = None,
) -> Path:
    """Write the sealed export at ``tujuan`` atomically (its folder made if missing)."""
    folder = tujuan.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise KinerjaError(f"Folder tujuan {folder} tidak dapat dibuat ({e.strerror or e}).") from None
    tulis_atomik(tujuan, lambda p: tulis_xlsx(p, isi, log, meta, hash_rows, kunci=kunci), perintah="ekspor")
    return tujuan


def _bukan_masukan(nama: str) -> bool:
    """Names the rekap never reads: Excel/LibreOffice lock files and this tool's temporary files."""
    return nama.startswith(("~$", ".~lock.")) or milik_alat(nama)


def _alasan_bukan_biasa(p: Path) -> str | None:
    """Why a path is not read (symlink, pipe, folder, device), or None for a regular file."""
    try:
        st = os.lstat(p)
    except OSError as e:
        return f"berkas tidak dapat dibuka ({e.strerror or e})."
    if stat.S_ISLNK(st.st_mode):
        return "tautan simbolik (symlink) tidak dibaca; salin berkas aslinya ke folder rekap."
    if stat.S_ISFIFO(st.st_mode):
        return "pipa bernama (named pipe), bukan berkas; tidak dibaca."
    if stat.S_ISDIR(st.st_mode):
        return "folder di dalam folder rekap; tidak dibaca (sebutkan folder itu sendiri bila perlu)."
    if not stat.S_ISREG(st.st_mode):
        return "bukan berkas biasa (perangkat atau soket); tidak dibaca."
    return None


def _kumpulkan(sumber: Iterable[Path | str]) -> tuple[list[Path], list[Tolakan]]:
    """Regular files named directly plus every .xlsx in named folders; the rest listed with a reason."""
    hasil: list[Path] = []
    ditolak: list[Tolakan] = []
    for s in sumber:
        p = Path(s)
        if os.path.isdir(p):
            try:
                calon = sorted(q for q in p.iterdir() if q.suffix.lower() == ".xlsx" and not _bukan_masukan(q.name))
            except OSError as e:
                ditolak.append(Tolakan(str(p), f"folder tidak dapat dibaca ({e.strerror or e}).", "galat_baca"))
                continue
        else:
            calon = [p]
        for q in calon:
            if q in hasil or any(d.berkas == str(q) for d in ditolak):
                continue
            alasan = _alasan_bukan_biasa(q)
            if alasan is None:
                hasil.append(q)
            else:
                ditolak.append(Tolakan(str(q), alasan, "bukan_berkas_biasa"))
    return hasil, ditolak

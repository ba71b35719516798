"""Read every input table once, and turn Konfigurasi into typed settings.

A run (button or CLI command) reads the input sheets exactly once through the
gateway; every service of that run works from this one ``Masukan``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation
from typing import Any

import pandas as pd

from kinerja_xl.domain.angka import baca_bulat
from kinerja_xl.domain.aturan import DaftarAturan, Jenis
from kinerja_xl.domain.kosakata import Tabel as Tabel_
from kinerja_xl.domain.temuan import KinerjaError, Lokasi, Temuan
from kinerja_xl.gateway.base import Tabel, WorkbookGateway
from kinerja_xl.narasi import TemplateNarasi, template_dari_tabel
from kinerja_xl.services.kolom import periksa_kolom
from kinerja_xl.template import contract as c


@dataclass
class Konfigurasi:
    """Typed Konfigurasi values plus where each key's value sits (for messages)."""

    nilai: dict[str, Any]
    sel: dict[str, str] = field(default_factory=dict)

    def teks(self, kunci: str) -> str:
        v = self.nilai.get(kunci)
        if v is None:
            return ""
        if isinstance(v, float) and v.is_integer():
            v = int(v)
        return str(v).strip()

    @property
    def tahun(self) -> int | None:
        return baca_bulat(self.nilai.get(c.Kunci.TAHUN))

    @property
    def triwulan(self) -> int:
        tw = baca_bulat(self.nilai.get(c.Kunci.TRIWULAN))
        return tw if tw in (1, 2, 3, 4) else 4

    @property
    def batas(self) -> Decimal | None:
        teks = self.teks(c.Kunci.BATAS_CAPAIAN).replace("%", "").replace(",", ".").strip()
        if not teks:
            return None
        try:
            return Decimal(teks)
        except InvalidOperation:
            return None

    @property
    def bulan(self) -> int:
        """Bulan Pelaporan (1-12); empty or invalid falls back to the last month of the triwulan."""
        b = baca_bulat(self.nilai.get(c.Kunci.BULAN_PELAPORAN))
        return b if b is not None and 1 <= b <= 12 else 3 * self.triwulan

    @property
    def metode(self) -> str:
        return "geometrik" if self.teks(c.Kunci.METODE_AGREGASI).lower().startswith("geo") else "rata-rata"


@dataclass
class Masukan:
    """All input tables of one workbook, read once."""

    tabel: dict[str, Tabel]
    konfigurasi: Konfigurasi
    temuan: list[Temuan] = field(default_factory=list)  # headers and error values (services/kolom.py)
    _templat: TemplateNarasi | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def templat(self) -> TemplateNarasi:
        """The narrative templates with the satker's Template Narasi overrides, compiled once per run.

        The one source of wording for every narrative (LKj, Narasi sheet, unit paragraphs, the
        export's Narasi), so a broken override is reported once and the documents agree.
        """
        if self._templat is None:
            self._templat = template_dari_tabel(self.tabel.get(c.TEMPLATE_NARASI_TABLE.name))
        return self._templat

    def df(self, spec: c.TableSpec) -> pd.DataFrame:
        """The table with contract keys as column names (what the engine takes)."""
        t = self.tabel[spec.name]
        rename = {col.header: col.key for col in spec.columns}
        return t.data.rename(columns=rename)

    def persen(self, spec: c.TableSpec) -> set[tuple[int, str]]:
        """Percent-formatted numeric cells as (row, key) pairs."""
        keys = {col.header: col.key for col in spec.columns}
        return {(r, keys.get(h, h)) for r, h in self.tabel[spec.name].persen}

    def letakkan(self, temuan: list[Temuan]) -> list[Temuan]:
        """Give each engine finding its sheet cell (``G7``) from the table layout."""
        by_sheet: dict[str, list[Tabel]] = {}
        for t in self.tabel.values():
            by_sheet.setdefault(t.spec.sheet, []).append(t)
        return [self._letakkan(t, by_sheet) for t in temuan]

    def _letakkan(self, t: Temuan, by_sheet: dict[str, list[Tabel]]) -> Temuan:
        lok = t.lokasi
        if lok.tabel is not None and not lok.sel:
            return self._letakkan_tabel(t)
        if lok.sel or lok.baris is None:
            return t
        tabel = _tabel_untuk(by_sheet.get(lok.lembar, []), lok.kolom)
        if tabel is None:
            return t
        kolom = lok.kolom if lok.kolom in tabel.spec.headers or lok.kolom in tabel.kolom else tabel.spec.headers[0]
        return t.di(lok.lembar, tabel.sel(lok.baris, kolom))

    def _letakkan_tabel(self, t: Temuan) -> Temuan:
        """A finding the engine placed by table, row and field key."""
        lok = t.lokasi
        spec = c.SPEC_TABEL[Tabel_(lok.tabel)]
        header = {k.key: k.header for k in spec.columns}.get(lok.kolom or "", spec.headers[0])
        tabel = self.tabel.get(spec.name)
        if lok.baris is None or tabel is None:
            return replace(t, lokasi=replace(lok, lembar=spec.sheet, kolom=header))
        placed = t.di(spec.sheet, tabel.sel(lok.baris, header))
        return replace(placed, lokasi=replace(placed.lokasi, kolom=header))


def _tabel_untuk(tabels: list[Tabel], kolom: str | None) -> Tabel | None:
    if not tabels:
        return None
    if len(tabels) == 1 or kolom is None:
        return tabels[0]
    for t in tabels:
        if kolom in t.spec.headers:
            return t
    return tabels[0]


def baca_masukan(gateway: WorkbookGateway) -> Masukan:
    """Read the input tables (one call each) and the Konfigurasi settings."""
    tabel: dict[str, Tabel] = {}
    temuan: list[Temuan] = []
    total = len(c.INPUT_TABLES)
    for i, spec in enumerate(c.INPUT_TABLES):
        gateway.progres(f"Membaca {spec.sheet} ({spec.name})", i / total)
        try:
            t = gateway.baca_tabel(spec)
        except KinerjaError:
            # A workbook made before the table existed: treat it as empty, not as broken.
            if spec not in c.TABEL_OPSIONAL:
                raise
            t = Tabel(spec, pd.DataFrame({h: pd.Series(dtype=object) for h in spec.headers}))
        tabel[spec.name], temuan_tabel = periksa_kolom(t)
        temuan += temuan_tabel
    return Masukan(tabel, _konfigurasi(tabel[c.KONFIGURASI_TABLE.name]), temuan)


def _konfigurasi(t: Tabel) -> Konfigurasi:
    nilai: dict[str, Any] = {}
    sel: dict[str, str] = {}
    for i, (kunci, v) in enumerate(zip(t.data["Kunci"], t.data["Nilai"], strict=False)):
        if kunci is None:
            continue
        k = str(kunci).strip()
        nilai[k] = v if not (isinstance(v, str) and not v.strip()) else None
        sel[k] = t.sel(i, "Nilai")
    return Konfigurasi(nilai, sel)


# Konfigurasi keys holding a whole number, the range it must fall in, and how to say it.
_RENTANG = (
    (c.Kunci.TRIWULAN, range(1, 5), "Triwulan Pelaporan harus 1, 2, 3 atau 4", "1-4"),
    (c.Kunci.TAHUN, range(2000, 2101), "Tahun harus berupa tahun empat angka (misalnya 2025)", None),
    (c.Kunci.BULAN_PELAPORAN, range(1, 13), "Bulan Pelaporan harus 1 sampai 12", "1-12"),
)


ATURAN_KONFIGURASI: DaftarAturan[Konfigurasi] = DaftarAturan("konfigurasi")


def _temuan(
    k: Konfigurasi, jenis: Jenis, kunci: str, pesan: str, tercatat: str | None = None, seharusnya: str | None = None
) -> Temuan:
    return Temuan(
        jenis,
        pesan,
        lokasi=Lokasi(c.KONFIGURASI, k.sel.get(kunci, "")),
        kode=kunci,
        nilai_tercatat=tercatat,
        nilai_seharusnya=seharusnya,
    )


@ATURAN_KONFIGURASI.aturan(Jenis.KONFIGURASI_TIDAK_LENGKAP)
def konfigurasi_wajib(k: Konfigurasi) -> Iterator[Temuan]:
    """Every required Konfigurasi key has a value."""
    for kunci in c.KUNCI_WAJIB:
        if not k.teks(kunci):
            yield _temuan(
                k,
                Jenis.KONFIGURASI_TIDAK_LENGKAP,
                kunci,
                f"Konfigurasi '{kunci}' belum diisi. Isi nilainya di lembar Konfigurasi.",
            )


@ATURAN_KONFIGURASI.aturan(Jenis.KONFIGURASI_TIDAK_LENGKAP)
def konfigurasi_rentang(k: Konfigurasi) -> Iterator[Temuan]:
    """Whole-number keys (Tahun, Triwulan, Bulan Pelaporan) within their range."""
    for kunci, rentang, pesan, seharusnya in _RENTANG:
        teks = k.teks(kunci)
        if teks and baca_bulat(k.nilai.get(kunci)) not in rentang:
            yield _temuan(k, Jenis.KONFIGURASI_TIDAK_LENGKAP, kunci, f"{pesan}; tercatat '{teks}'.", teks, seharusnya)


@ATURAN_KONFIGURASI.aturan(Jenis.NILAI_TIDAK_VALID)
def batas_capaian(k: Konfigurasi) -> Iterator[Temuan]:
    """Batas Capaian is a number or empty."""
    batas = k.teks(c.Kunci.BATAS_CAPAIAN)
    if batas and k.batas is None:
        yield _temuan(
            k,
            Jenis.NILAI_TIDAK_VALID,
            c.Kunci.BATAS_CAPAIAN,
            f"Batas Capaian harus angka (misalnya 120) atau dikosongkan; tercatat '{batas}'.",
            batas,
        )


def periksa_konfigurasi(k: Konfigurasi) -> list[Temuan]:
    """Required Konfigurasi values that are missing or out of range (``ATURAN_KONFIGURASI``)."""
    return ATURAN_KONFIGURASI.jalankan(k)

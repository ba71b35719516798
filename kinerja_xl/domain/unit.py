"""Unit kerja: who signs which PK, the cascade between PKs, and capaian per unit.

One tblPK holds the Sekretariat's PK and every subbagian's PK; the ``Unit Kerja``
column says whose row it is (empty = the Sekretariat) and ``Indikator Induk``
names the Sekretariat indikator a unit indikator supports. Capaian per indikator
is never recomputed here: the satker's computed rows are grouped by unit, and the
sasaran mean is the capaian engine's own ``rata_rata_sasaran``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import pandas as pd

from kinerja_xl.domain.aturan import ATURAN_LANGKAH, Jenis
from kinerja_xl.domain.capaian import rata_rata_sasaran
from kinerja_xl.domain.kategori import Skala
from kinerja_xl.domain.kosakata import (
    KODE_UNIT_SEKRETARIAT,
    KOLOM_CAPAIAN_UNIT,
    KOLOM_NARASI_UNIT,
    KOLOM_PK,
    PANJANG_KODE_UNIT,
    UNIT_BAWAAN,
    Tabel,
)
from kinerja_xl.domain.sel import rekaman
from kinerja_xl.domain.sel import sel_teks as _teks
from kinerja_xl.domain.temuan import Lokasi, Temuan, Tingkat

__all__ = [
    "Unit",
    "DaftarUnit",
    "baca_unit",
    "unit_per_baris",
    "periksa_kaskade",
    "capaian_unit",
    "narasi_unit",
    "JENIS_UNIT_TIDAK_DIKENAL",
]

JENIS_UNIT_TIDAK_DIKENAL = Jenis.UNIT_TIDAK_DIKENAL
# Characters Excel forbids in a sheet name; the Kode Unit becomes part of "PK <kode>".
_TERLARANG = re.compile(r"[\[\]:*?/\\']")
_PANJANG_KODE = PANJANG_KODE_UNIT


@dataclass(frozen=True)
class Unit:
    """One unit kerja and the official who signs its PK as pihak pertama."""

    kode: str
    nama: str
    pejabat: str = ""
    nip: str = ""
    baris: int | None = None  # data row in tblUnit; None when the unit was not typed

    @property
    def sekretariat(self) -> bool:
        return self.kode.upper() == KODE_UNIT_SEKRETARIAT


@dataclass
class DaftarUnit:
    """The units of a workbook in tblUnit order, the Sekretariat always first."""

    unit: list[Unit]
    temuan: list[Temuan] = field(default_factory=list)

    @property
    def sekretariat(self) -> Unit:
        return self.unit[0]

    def cari(self, teks: Any) -> Unit | None:
        """The unit a PK cell names, by Kode Unit or Nama Unit (case and spacing ignored)."""
        t = _teks(teks).upper()
        if not t:
            return self.sekretariat
        for u in self.unit:
            if t in (u.kode.upper(), u.nama.upper()):
                return u
        return None


@ATURAN_LANGKAH.aturan(Jenis.NILAI_KOSONG, Jenis.NILAI_TIDAK_VALID, Jenis.KODE_GANDA)
def baca_unit(df: pd.DataFrame, nama_sekretaris: str = "", nip_sekretaris: str = "") -> DaftarUnit:
    """tblUnit rows (contract keys) -> units; an empty table gives the five default units.

    The Sekretariat's Pejabat and NIP, when not typed (the template fills them with a
    formula on Konfigurasi), are Nama/NIP Sekretaris from Konfigurasi.
    """
    temuan: list[Temuan] = []
    unit: list[Unit] = []
    dilihat: dict[str, int] = {}
    rows = rekaman(df) if len(df) else []
    for i, r in enumerate(rows):
        kode, nama = _teks(r.get("kode_unit")), _teks(r.get("nama_unit"))
        pejabat, nip = _teks(r.get("pejabat")), _teks(r.get("nip"))
        if not (kode or nama or pejabat or nip):
            continue
        if not kode:
            temuan.append(
                Temuan(
                    Jenis.NILAI_KOSONG,
                    f"Baris {i + 1} tabel Unit Kerja berisi data tetapi Kode Unit kosong.",
                    lokasi=Lokasi(tabel=Tabel.UNIT, baris=i, kolom="kode_unit"),
                )
            )
            continue
        if _TERLARANG.search(kode) or len(kode) > _PANJANG_KODE:
            temuan.append(
                Temuan(
                    Jenis.NILAI_TIDAK_VALID,
                    f"Kode Unit '{kode}' tidak dapat dipakai sebagai nama lembar: paling banyak {_PANJANG_KODE} "
                    "karakter, "
                    "tanpa tanda [ ] : * ? / \\ '.",
                    lokasi=Lokasi(tabel=Tabel.UNIT, baris=i, kolom="kode_unit"),
                    kode=kode,
                    nilai_tercatat=kode,
                )
            )
            continue
        if kode.upper() in dilihat:
            temuan.append(
                Temuan(
                    Jenis.KODE_GANDA,
                    f"Kode Unit {kode} muncul lebih dari sekali di tabel Unit Kerja; yang dipakai baris pertama.",
                    lokasi=Lokasi(tabel=Tabel.UNIT, baris=i, kolom="kode_unit"),
                    kode=kode,
                )
            )
            continue
        dilihat[kode.upper()] = len(unit)
        unit.append(Unit(kode, nama or kode, pejabat, nip, i))
    if not unit and not temuan:
        unit = [Unit(k, n) for k, n in UNIT_BAWAAN]
    sek_i = next((j for j, u in enumerate(unit) if u.sekretariat), None)
    if sek_i is None:
        sek = Unit(KODE_UNIT_SEKRETARIAT, dict(UNIT_BAWAAN)[KODE_UNIT_SEKRETARIAT])
    else:
        sek = unit.pop(sek_i)
    sek = Unit(sek.kode, sek.nama, sek.pejabat or nama_sekretaris, sek.nip or nip_sekretaris, sek.baris)
    return DaftarUnit([sek, *unit], temuan)


@ATURAN_LANGKAH.aturan(Jenis.UNIT_TIDAK_DIKENAL)
def unit_per_baris(pk: pd.DataFrame, daftar: DaftarUnit) -> tuple[dict[int, str], list[Temuan]]:
    """Kode Unit of every non-empty PK row (data row -> kode), and rows naming no known unit."""
    hasil: dict[int, str] = {}
    temuan: list[Temuan] = []
    kolom = list(KOLOM_PK)
    for i, r in enumerate(rekaman(pk) if len(pk) else []):
        if all(not _teks(r.get(k)) for k in kolom):
            continue
        u = daftar.cari(r.get("unit_kerja"))
        if u is None:
            teks = _teks(r.get("unit_kerja"))
            temuan.append(
                Temuan(
                    JENIS_UNIT_TIDAK_DIKENAL,
                    f"Unit Kerja '{teks}' pada indikator {_teks(r.get('kode_indikator')) or f'baris {i + 1}'} tidak "
                    "ada "
                    "di tabel Unit Kerja (lembar Konfigurasi); indikator ini tidak dihitung untuk unit mana pun.",
                    Tingkat.PERINGATAN,
                    Lokasi(tabel=Tabel.PK, baris=i, kolom="unit_kerja"),
                    kode=_teks(r.get("kode_indikator")),
                    nilai_tercatat=teks,
                    nilai_seharusnya=", ".join(u.kode for u in daftar.unit),
                )
            )
            continue
        hasil[i] = u.kode
    return hasil, temuan


def _daftar_induk(v: Any) -> list[str]:
    return [b.strip() for b in re.split(r"[;,]", _teks(v)) if b.strip()]


def _kode_per_pihak(
    rows: list[dict[str, Any]], unit_baris: dict[int, str], sek: str
) -> tuple[dict[str, int], dict[str, str]]:
    """Kode Indikator (upper-cased) of the Sekretariat's rows (-> first data row) and of the units' (-> unit)."""
    kode_sek: dict[str, int] = {}
    kode_unit: dict[str, str] = {}
    for i, u in unit_baris.items():
        k = _teks(rows[i].get("kode_indikator"))
        if not k:
            continue
        if u == sek:
            kode_sek.setdefault(k.upper(), i)
        else:
            kode_unit.setdefault(k.upper(), u)
    return kode_sek, kode_unit


def _induk_terputus(
    rows: list[dict[str, Any]],
    unit_baris: dict[int, str],
    sek: str,
    kode_sek: dict[str, int],
    kode_unit: dict[str, str],
) -> tuple[list[Temuan], set[str]]:
    """Unit indikator whose Indikator Induk is no Sekretariat indikator, and the Sekretariat kodes they support."""
    temuan: list[Temuan] = []
    didukung: set[str] = set()
    for i, u in unit_baris.items():
        if u == sek:
            continue
        kode = _teks(rows[i].get("kode_indikator"))
        for induk in _daftar_induk(rows[i].get("indikator_induk")):
            if induk.upper() in kode_sek:
                didukung.add(induk.upper())
                continue
            if induk.upper() in kode_unit:
                sebab = f"adalah indikator unit {kode_unit[induk.upper()]}, bukan indikator Sekretariat"
            else:
                sebab = "tidak ada di PK Sekretariat"
            temuan.append(
                Temuan(
                    Jenis.KASKADE_TERPUTUS,
                    f"Indikator Induk '{induk}' pada indikator {kode} (unit {u}) {sebab}; kaitkan ke Kode Indikator "
                    "PK Sekretariat yang didukungnya.",
                    lokasi=Lokasi(tabel=Tabel.PK, baris=i, kolom="indikator_induk"),
                    kode=kode,
                    nilai_tercatat=induk,
                )
            )
    return temuan, didukung


def _sekretariat_tak_didukung(rows: list[dict[str, Any]], kode_sek: dict[str, int], didukung: set[str]) -> list[Temuan]:
    """Sekretariat indikator that no unit indikator names as its Indikator Induk."""
    temuan: list[Temuan] = []
    for k, i in kode_sek.items():
        if k in didukung:
            continue
        kode = _teks(rows[i].get("kode_indikator"))
        temuan.append(
            Temuan(
                Jenis.KASKADE_TERPUTUS,
                f"Indikator Sekretariat {kode} tidak didukung oleh indikator unit mana pun (tidak ada baris PK "
                "unit "
                "yang menyebutnya sebagai Indikator Induk).",
                lokasi=Lokasi(tabel=Tabel.PK, baris=i, kolom="kode_indikator"),
                kode=kode,
            )
        )
    return temuan


@ATURAN_LANGKAH.aturan(Jenis.KASKADE_TERPUTUS)
def periksa_kaskade(pk: pd.DataFrame, unit_baris: dict[int, str], daftar: DaftarUnit) -> list[Temuan]:
    """kaskade_terputus: an Indikator Induk that is no Sekretariat indikator, and a Sekretariat
    indikator no unit indikator supports (only checked once some unit has its own PK rows)."""
    rows = rekaman(pk) if len(pk) else []
    sek = daftar.sekretariat.kode
    kode_sek, kode_unit = _kode_per_pihak(rows, unit_baris, sek)
    baris_unit = [i for i, u in unit_baris.items() if u != sek]
    if baris_unit and not any(_daftar_induk(rows[i].get("indikator_induk")) for i in baris_unit):
        return [
            Temuan(
                Jenis.KASKADE_TERPUTUS,
                f"Ada {len(baris_unit)} indikator unit kerja, tetapi tidak satu pun mengisi Indikator Induk; "
                "isi kolom Indikator Induk dengan Kode Indikator PK Sekretariat yang didukung tiap indikator unit.",
                lokasi=Lokasi(tabel=Tabel.PK, baris=baris_unit[0], kolom="indikator_induk"),
                nilai_tercatat=f"{len(baris_unit)} indikator unit tanpa induk",
            )
        ]
    temuan, didukung = _induk_terputus(rows, unit_baris, sek, kode_sek, kode_unit)
    ada_unit = bool(baris_unit)
    if ada_unit:
        temuan.extend(_sekretariat_tak_didukung(rows, kode_sek, didukung))
    return temuan


_KOLOM_UNIT = [*KOLOM_CAPAIAN_UNIT, "mentah"]


def capaian_unit(
    indikator: pd.DataFrame,
    unit_baris: dict[int, str],
    daftar: DaftarUnit,
    skala: Skala,
    metode: str = "rata-rata",
) -> pd.DataFrame:
    """Capaian per (unit, sasaran): the satker's indikator rows grouped by the unit of their PK row.

    Each indikator keeps the capaian the satker computed (``mentah``: capped, not rounded);
    the mean is the engine's sasaran aggregation, rounded at the end.
    """
    kelompok: dict[tuple[str, str], list[dict[str, Any]]] = {}
    uraian: dict[tuple[str, str], str | None] = {}
    for r in rekaman(indikator) if len(indikator) else []:
        u = unit_baris.get(int(r["baris_pk"]))
        if u is None:
            continue
        key = (u, r["sasaran"])
        kelompok.setdefault(key, []).append(r)
        if not uraian.get(key):
            uraian[key] = r.get("uraian_sasaran")
    urut_unit = {u.kode: n for n, u in enumerate(daftar.unit)}
    rows = []
    for (u, ks), isi in sorted(kelompok.items(), key=lambda kv: urut_unit.get(kv[0][0], len(urut_unit))):
        nilai = [Fraction(r["mentah"]) for r in isi if r["status"] == "dihitung" and r["mentah"] is not None]
        cap, mentah = rata_rata_sasaran(nilai, metode)
        rows.append(
            {
                "unit": u,
                "kode": ks,
                "uraian": uraian.get((u, ks)),
                "capaian": cap,
                "kategori": skala.kategori(cap),
                "jumlah_indikator": len(isi),
                "jumlah_dihitung": len(nilai),
                "mentah": mentah,
            }
        )
    return pd.DataFrame(rows, columns=_KOLOM_UNIT, dtype=object)


def narasi_unit(
    indikator: pd.DataFrame,
    per_unit: pd.DataFrame,
    unit_baris: dict[int, str],
    daftar: DaftarUnit,
    skala: Skala,
    tahun: str = "",
    tulis: Callable[[dict[str, Any]], str] | None = None,
) -> pd.DataFrame:
    """One paragraph per unit with PK rows: how many indikator, their kategori, capaian per sasaran.

    The figures are gathered here; ``tulis`` turns them into words (the ``unit`` template of
    :mod:`kinerja_xl.narasi`, which a satker may override). Without it, the shipped template.
    """
    if tulis is None:
        from kinerja_xl.narasi.render import TemplateNarasi

        templat = TemplateNarasi.muat()

        def tulis(data: dict[str, Any]) -> str:
            return templat.render("unit", **data)

    rows = []
    ind = rekaman(indikator) if len(indikator) else []
    for u in daftar.unit:
        milik = [r for r in ind if unit_baris.get(int(r["baris_pk"])) == u.kode]
        if not milik:
            continue
        sas = per_unit[per_unit["unit"] == u.kode]
        dihitung = [r for r in milik if r["status"] == "dihitung"]
        per_kat = [
            {"kategori": p.kategori, "jumlah": sum(1 for r in dihitung if r["kategori"] == p.kategori)}
            for p in skala.pita
            if any(r["kategori"] == p.kategori for r in dihitung)
        ]
        data = {
            "tahun": tahun,
            "unit": u.nama,
            "jumlah_indikator": len(milik),
            "jumlah_sasaran": len(sas),
            "jumlah_dihitung": len(dihitung),
            "per_kategori": per_kat,
            "tidak_dihitung": [r["kode"] for r in milik if r["status"] != "dihitung"],
            "sasaran": [
                {"kode": r["kode"], "capaian": r["capaian"], "kategori": r["kategori"]}
                for r in rekaman(sas)
                if r["capaian"] is not None
            ],
        }
        rows.append({"unit": u.kode, "paragraf": tulis(data)})
    return pd.DataFrame(rows, columns=list(KOLOM_NARASI_UNIT), dtype=object)

"""Use case `dokumen rkt`: the Rencana Kerja Tahunan (annual plan) as Word and PDF.

The plan is one landscape table, as KPU kab/kota write it (e.g. KPU Kota Serang 2021):
Program, Kegiatan and KRO as group rows; under them one row per komponen of an RO that
a PK indikator is linked to (PK "Kode Anggaran" naming the RO, the komponen, a line
above them below the program, or a line inside the komponen), with the indikator's
sasaran, its planned target (tblRenstra for the year, else the PK target), the RO as
Keluaran/Output, the komponen as Uraian kegiatan and the komponen's pagu as the
estimate. Lines no indikator is linked to follow in a group "Tidak terkait indikator",
so the rows of a program add up to its pagu in the Pagu table, to the rupiah.
Cover, Kata Pengantar and signature are the LKj's (:mod:`kinerja_xl.narasi.lkj`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from kinerja_xl.domain.sel import rekaman
from kinerja_xl.domain.sel import sel_teks as _teks
from kinerja_xl.domain.temuan import Temuan
from kinerja_xl.gateway.base import WorkbookGateway
from kinerja_xl.narasi.dokumen import Sampul, TabelDokumen
from kinerja_xl.narasi.lkj import target_renstra, ttd_sekretaris
from kinerja_xl.narasi.render import ribuan
from kinerja_xl.narasi.susun import Naskah, Paragraf, _IndeksAnggaran
from kinerja_xl.services.dokumen import HasilDokumen, tulis_lkj
from kinerja_xl.services.hitung import Hasil, nilai
from kinerja_xl.services.masukan import baca_masukan
from kinerja_xl.template import contract as c

AKHIRAN = "RKT"  # default file names: <workbook name>_RKT.docx/.pdf
__all__ = ["AKHIRAN", "KOLOM_RKT", "TIDAK_TERKAIT", "BarisRKT", "baris_rkt", "dokumen_rkt", "judul_rkt", "naskah_rkt"]

KOLOM_RKT = (
    "Program/Kegiatan",
    "Sasaran",
    "Indikator",
    "Keluaran/Output",
    "Uraian Kegiatan",
    "Perkiraan Kebutuhan Anggaran (Rp)",
    "Keterangan",
)
LEBAR_RKT = (4.2, 3.9, 4.3, 3.3, 4.0, 2.9, 2.1)  # cm, sums to the landscape text width (24,7)
TIDAK_TERKAIT = "Tidak terkait indikator"
JUMLAH = "JUMLAH ANGGARAN"
_TINGKAT_KELOMPOK = ("program", "kegiatan", "kro")
_TINGKAT_TAUT = ("kegiatan", "kro", "ro", "komponen", "subkomponen", "akun", "output")


@dataclass
class BarisRKT:
    """One row of the plan: a group (program/kegiatan/kro/tidak_terkait/jumlah) or a komponen (rinci)."""

    jenis: str
    judul: str = ""
    sasaran: str = ""
    indikator: str = ""
    keluaran: str = ""
    uraian: str = ""
    anggaran: int | None = None
    keterangan: str = ""
    kode: str = ""  # kode_baku of the budget line (rinci, program)


@dataclass
class _Pohon:
    """The budget tree of one run: lines by code, parents, and which lines have children."""

    rows: list[dict[str, Any]]
    induk: dict[str, str] = field(default_factory=dict)
    punya_anak: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        for r in self.rows:
            kb, ind = _teks(r.get("kode_baku")), _teks(r.get("induk"))
            if ind:
                self.induk[kb] = ind
                self.punya_anak.add(ind)

    def leluhur(self, kb: str) -> list[str]:
        out: list[str] = []
        while kb in self.induk and self.induk[kb] not in out:
            kb = self.induk[kb]
            out.append(kb)
        return out


def judul_rkt(hasil: Hasil) -> str:
    """Konfigurasi "Judul RKT", or "Rencana Kerja Tahunan" when empty."""
    return hasil.masukan.konfigurasi.teks(c.Kunci.JUDUL_RKT) or c.JUDUL_RKT_BAWAAN


def _unit_rencana(pohon: _Pohon) -> list[dict[str, Any]]:
    """The lines one row each: komponen, and a kegiatan/KRO/RO line with no rincian under it."""
    return [
        r
        for r in pohon.rows
        if r.get("tingkat") == "komponen"
        or (r.get("tingkat") in ("kegiatan", "kro", "ro") and _teks(r.get("kode_baku")) not in pohon.punya_anak)
    ]


def _tautan(hasil: Hasil, pohon: _Pohon) -> dict[str, list[dict[str, Any]]]:
    """kode_baku of a budget line -> the indikator rows whose Kode Anggaran names it."""
    indeks = _IndeksAnggaran(hasil.anggaran.baris)
    out: dict[str, list[dict[str, Any]]] = {}
    for r in rekaman(hasil.capaian.indikator):
        for rec in indeks.cari(_teks(r.get("kode_anggaran"))):
            if rec.get("tingkat") in _TINGKAT_TAUT:
                out.setdefault(_teks(rec.get("kode_baku")), []).append(r)
    return out


def _indikator_unit(kb: str, pohon: _Pohon, tautan: dict[str, list[dict[str, Any]]]) -> list[dict[str, Any]]:
    """The indikator linked to a unit line: on the line, on a line above it, or on a line inside it."""
    out: list[dict[str, Any]] = []
    for kode in (kb, *pohon.leluhur(kb)):
        out.extend(r for r in tautan.get(kode, []) if r not in out)
    awalan = kb + "."
    for kode, rs in tautan.items():
        if kode.startswith(awalan):
            out.extend(r for r in rs if r not in out)
    return out


def _rinci(
    unit: dict[str, Any],
    inds: list[dict[str, Any]],
    pohon: _Pohon,
    rows: dict[str, dict[str, Any]],
    target: dict[str, str],
) -> BarisRKT:
    kb = _teks(unit.get("kode_baku"))
    ro = next((rows[k] for k in (kb, *pohon.leluhur(kb)) if rows.get(k, {}).get("tingkat") == "ro"), None)
    sasaran = list(dict.fromkeys(_teks(r.get("uraian_sasaran")) or _teks(r.get("sasaran")) for r in inds))
    indikator = [
        f"{_teks(r.get('indikator'))} (target {target.get(_teks(r.get('kode')).upper()) or '-'})" for r in inds
    ]
    komponen = unit.get("tingkat") == "komponen"
    return BarisRKT(
        "rinci",
        sasaran="\n".join(sasaran),
        indikator="\n".join(indikator),
        keluaran=_teks(ro.get("uraian")) if ro is not None else "",
        uraian=_teks(unit.get("uraian")) if komponen or ro is None else "",
        anggaran=int(unit.get("pagu") or 0),
        kode=kb,
        keterangan=_teks(unit.get("kode")),
    )


def _target(hasil: Hasil) -> dict[str, str]:
    """Kode Indikator (upper case) -> the planned target: tblRenstra of the year, else the PK target."""
    tahun = hasil.masukan.konfigurasi.teks(c.Kunci.TAHUN)
    renstra = target_renstra(hasil)
    out = {}
    for r in rekaman(hasil.capaian.indikator):
        kode = _teks(r.get("kode")).upper()
        per = renstra.get(kode, {})
        out[kode] = per.get(int(tahun), "") if tahun.isdigit() else ""
        out[kode] = out[kode] or _teks(r.get("target"))
    return out


def baris_rkt(hasil: Hasil) -> list[BarisRKT]:
    """Every row of the plan in print order; each program ends with its Jumlah row, the table with the total."""
    pohon = _Pohon(rekaman(hasil.anggaran.baris))
    rows = {_teks(r.get("kode_baku")): r for r in pohon.rows}
    tautan, target = _tautan(hasil, pohon), _target(hasil)
    out: list[BarisRKT] = []
    total = 0
    for prog in (r for r in pohon.rows if r.get("tingkat") == "program"):
        pk = _teks(prog.get("kode_baku"))
        units = [u for u in _unit_rencana(pohon) if pk in pohon.leluhur(_teks(u.get("kode_baku")))]
        terkait, lepas = [], []
        for u in units:
            inds = _indikator_unit(_teks(u.get("kode_baku")), pohon, tautan)
            (terkait if inds else lepas).append(_rinci(u, inds, pohon, rows, target))
        out.append(BarisRKT("program", judul=_teks(prog.get("uraian")) or _teks(prog.get("kode")), kode=pk))
        out.extend(_dengan_kelompok(terkait, pohon, rows, pk))
        if lepas:
            out.append(BarisRKT("tidak_terkait", judul=TIDAK_TERKAIT))
            out.extend(lepas)
        jumlah = sum(b.anggaran or 0 for b in terkait + lepas)
        out.append(
            BarisRKT(
                "jumlah",
                judul=f"Jumlah {_teks(prog.get('uraian')) or _teks(prog.get('kode'))}",
                anggaran=jumlah,
                kode=pk,
            )
        )
        total += jumlah
    out.append(BarisRKT("jumlah", judul=JUMLAH, anggaran=total))
    return out


def _dengan_kelompok(
    rinci: list[BarisRKT], pohon: _Pohon, rows: dict[str, dict[str, Any]], program: str
) -> list[BarisRKT]:
    """The linked rows under kegiatan and KRO group rows, each group named once where it starts."""
    out: list[BarisRKT] = []
    lalu: dict[str, str] = {}
    for b in rinci:
        for kode in reversed([k for k in pohon.leluhur(b.kode) if k != program]):
            tingkat = rows.get(kode, {}).get("tingkat")
            if tingkat in _TINGKAT_KELOMPOK and lalu.get(tingkat) != kode:
                lalu[tingkat] = kode
                if tingkat == "kegiatan":
                    lalu.pop("kro", None)
                out.append(
                    BarisRKT(tingkat, judul=_teks(rows[kode].get("uraian")) or _teks(rows[kode].get("kode")), kode=kode)
                )
        out.append(b)
    return out


def tabel_rkt(baris: list[BarisRKT], tahun: str) -> TabelDokumen:
    data = [
        {
            "Program/Kegiatan": b.judul,
            "Sasaran": b.sasaran,
            "Indikator": b.indikator,
            "Keluaran/Output": b.keluaran,
            "Uraian Kegiatan": b.uraian,
            "Keterangan": b.keterangan,
            "Perkiraan Kebutuhan Anggaran (Rp)": "" if b.anggaran is None else ribuan(b.anggaran),
        }
        for b in baris
    ]
    return TabelDokumen(
        f"Rencana Kerja Tahunan Tahun Anggaran {tahun}".strip(),
        pd.DataFrame(data, columns=list(KOLOM_RKT)),
        KOLOM_RKT,
        LEBAR_RKT,
        frozenset({"Perkiraan Kebutuhan Anggaran (Rp)"}),
        ukuran=8,
    )


def naskah_rkt(hasil: Hasil, logo: bytes | None = None) -> Naskah:
    """The whole RKT of one run (no I/O): cover, Kata Pengantar with signature, the table."""
    konf = hasil.masukan.konfigurasi.teks
    satker = konf(c.Kunci.NAMA_SATKER) or "Satuan Kerja"
    tahun, judul = konf(c.Kunci.TAHUN), judul_rkt(hasil)
    baris = baris_rkt(hasil)
    blok = [
        Paragraf("Sampul", "", "", "sampul"),
        Paragraf("Kata Pengantar", "", "", "halaman_baru"),
        Paragraf("Kata Pengantar", "", "KATA PENGANTAR", "judul1"),
        Paragraf(
            "Kata Pengantar",
            "",
            f"{judul} Sekretariat {satker} Tahun Anggaran {tahun} disusun sebagai "
            "acuan pelaksanaan program dan kegiatan selama satu tahun: memuat sasaran dan indikator kinerja "
            "yang hendak dicapai, keluaran setiap rincian output, uraian kegiatan, dan perkiraan kebutuhan "
            "anggarannya sesuai pagu.",
        ),
        Paragraf(
            "Kata Pengantar",
            "",
            "Semoga dokumen ini menjadi pedoman bersama dalam mencapai target kinerja yang telah ditetapkan.",
        ),
        Paragraf("Kata Pengantar", "", ttd_sekretaris(konf, satker), "ttd"),
        Paragraf("RKT", "", "", "halaman_baru"),
        Paragraf("RKT", "", f"{judul.upper()} SEKRETARIAT {satker.upper()} TAHUN ANGGARAN {tahun}", "judul1"),
        Paragraf("RKT", "rkt", "", "tabel"),
    ]
    tabel = tabel_rkt(baris, tahun)
    tabel.judul = f"{judul} Tahun Anggaran {tahun}".strip()
    provinsi = konf(c.Kunci.PROVINSI).upper()
    naskah = Naskah(
        judul,
        blok,
        pd.DataFrame(),
        pd.DataFrame(),
        tabel={"rkt": tabel},
        kepala=f"{judul} {satker} Tahun {tahun}".strip(),
        lanskap=True,
    )
    naskah.sampul = Sampul(
        [
            judul.upper(),
            f"TAHUN ANGGARAN {tahun}".strip(),
            f"SEKRETARIAT {satker.upper()}",
            provinsi and f"PROVINSI {provinsi}",
        ],
        logo,
    )
    return naskah


def temuan_rkt(hasil: Hasil) -> list[Temuan]:
    """The Pagu findings that make an estimate doubtful (galat of the budget engine: a komponen whose
    pagu differs from its rincian, a duplicate code ...): `dokumen rkt` lists them."""
    return [t for t in hasil.anggaran.temuan if t.galat]


def dokumen_rkt(gateway: WorkbookGateway, *, docx: Path, pdf: Path | None = None) -> tuple[HasilDokumen, list[Temuan]]:
    """`kinerja-xl dokumen rkt FILE`: read once, compose, write; the workbook is not changed."""
    hasil = nilai(baca_masukan(gateway))
    gateway.progres("Menyusun dokumen RKT", None)
    naskah = naskah_rkt(hasil, logo=gateway.baca_gambar(c.PROFIL))
    gateway.progres("Menulis dokumen RKT", None)
    return tulis_lkj(naskah, docx, pdf), temuan_rkt(hasil)

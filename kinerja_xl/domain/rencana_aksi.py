"""Rencana Aksi: the monthly plan (B1-B12) per indikator against the months actually done.

Staff tick a month with anything (√, x, 1, "v"): any non-blank cell is a mark. Rows
are counted as activity-months (one kegiatan in one month), up to the Bulan
Pelaporan, so an indikator with two kegiatan planned in January has two planned
activity-months. A row with an empty Kode Indikator continues the indikator above
it, as the printed matrix leaves the indikator cell empty for its second kegiatan.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import pandas as pd

from kinerja_xl.domain.angka import bulatkan
from kinerja_xl.domain.aturan import ATURAN_LANGKAH, Jenis
from kinerja_xl.domain.kosakata import BULAN as NAMA_BULAN
from kinerja_xl.domain.kosakata import KOLOM_RENCANA_AKSI_HASIL, Tabel
from kinerja_xl.domain.sel import rekaman
from kinerja_xl.domain.sel import sel_teks as _teks
from kinerja_xl.domain.temuan import Lokasi, Temuan, Tingkat

__all__ = ["JENIS_TANPA_INDIKATOR", "BULAN", "tanda", "HasilRencanaAksi", "hitung_rencana_aksi"]

JENIS_TANPA_INDIKATOR = Jenis.RENCANA_AKSI_TANPA_INDIKATOR
BULAN = tuple(range(1, 13))
_RENCANA = tuple(f"b{i}" for i in BULAN)
_REALISASI = tuple(f"realisasi_b{i}" for i in BULAN)


def tanda(v: Any) -> bool:
    """A month cell is marked when it holds anything but blanks."""
    if v is None:
        return False
    if isinstance(v, float) and v != v:
        return False
    if isinstance(v, str):
        return bool(v.strip())
    return True


@dataclass
class HasilRencanaAksi:
    """Per row (``baris``) and per indikator (``indikator``, tblRencanaAksiHasil keys) plus findings."""

    baris: pd.DataFrame
    indikator: pd.DataFrame
    bulan: int
    temuan: list[Temuan] = field(default_factory=list)


def _nama_bulan(bulan: Iterable[int]) -> str:
    """Months as staff read them on the matrix (Jan, Feb, ...), never the column codes B1..B12."""
    return ", ".join(NAMA_BULAN[b - 1] for b in bulan)


@ATURAN_LANGKAH.aturan(Jenis.RENCANA_AKSI_TANPA_INDIKATOR)
def hitung_rencana_aksi(
    ra: pd.DataFrame, kode_indikator: Iterable[str], bulan: int, nama_indikator: dict[str, str] | None = None
) -> HasilRencanaAksi:
    """Shares of planned months done up to ``bulan`` (1-12), per indikator of tblRencanaAksi.

    ``kode_indikator`` are the PK's codes; a row for any other code is
    ``rencana_aksi_tanpa_indikator`` and left out of the figures.
    """
    if not 1 <= bulan <= 12:
        raise ValueError(f"Bulan Pelaporan harus 1 sampai 12, bukan {bulan}.")
    dikenal = {_teks(k).upper(): _teks(k) for k in kode_indikator if _teks(k)}
    baris, temuan = _baris_rencana(ra, dikenal)
    per_kode: dict[str, list[dict[str, Any]]] = {}
    for b in baris:
        per_kode.setdefault(b["kode"], []).append(b)
    nama = {k.upper(): v for k, v in (nama_indikator or {}).items()}
    rows = [
        {**_per_indikator(kode, isi, bulan), "indikator": nama.get(kode.upper(), "")} for kode, isi in per_kode.items()
    ]
    return HasilRencanaAksi(
        pd.DataFrame(
            baris, columns=["kode", "kegiatan", "pelaksana", "rencana", "realisasi", "lanjutan", "baris"], dtype=object
        ),
        pd.DataFrame(rows, columns=list(KOLOM_RENCANA_AKSI_HASIL), dtype=object),
        bulan,
        temuan,
    )


def _baris_rencana(ra: pd.DataFrame, dikenal: dict[str, str]) -> tuple[list[dict[str, Any]], list[Temuan]]:
    """The filled rows (a row without kode continues the indikator above); rows of unknown indikator reported."""
    temuan: list[Temuan] = []
    baris: list[dict[str, Any]] = []
    berjalan = ""
    for i, r in enumerate(rekaman(ra) if len(ra) else []):
        kode = _teks(r.get("kode_indikator"))
        rencana = tuple(tanda(r.get(k)) for k in _RENCANA)
        realisasi = tuple(tanda(r.get(k)) for k in _REALISASI)
        kegiatan, pelaksana = _teks(r.get("kegiatan")), _teks(r.get("pelaksana"))
        if not (kode or kegiatan or pelaksana or any(rencana) or any(realisasi)):
            continue
        if kode:
            berjalan = kode
        lanjutan = not kode
        kode = berjalan
        if kode.upper() not in dikenal:
            pesan = (
                f"Baris Rencana Aksi {i + 1} ({kegiatan or 'tanpa kegiatan'}) untuk Kode Indikator {kode}, "
                "yang tidak ada di lembar PK."
                if kode
                else f"Baris Rencana Aksi {i + 1} ({kegiatan or 'tanpa kegiatan'}) tidak menyebut Kode Indikator."
            )
            temuan.append(
                Temuan(
                    JENIS_TANPA_INDIKATOR,
                    pesan,
                    Tingkat.PERINGATAN,
                    Lokasi(tabel=Tabel.RENCANA_AKSI, baris=i, kolom="kode_indikator"),
                    kode=kode,
                    nilai_tercatat=kode or None,
                )
            )
            continue
        baris.append(
            {
                "kode": dikenal[kode.upper()],
                "kegiatan": kegiatan,
                "pelaksana": pelaksana,
                "rencana": rencana,
                "realisasi": realisasi,
                "lanjutan": lanjutan,
                "baris": i,
            }
        )
    return baris, temuan


def _per_indikator(kode: str, isi: list[dict[str, Any]], bulan: int) -> dict[str, Any]:
    """One indikator's months planned, done, done without a plan and still open, up to ``bulan``."""
    rencana = terlaksana = tanpa = belum = 0
    ket_belum, ket_tanpa = [], []
    for b in isi:
        bl = [m for m in BULAN[:bulan] if b["rencana"][m - 1] and not b["realisasi"][m - 1]]
        tr = [m for m in BULAN[:bulan] if b["realisasi"][m - 1] and not b["rencana"][m - 1]]
        n_rencana = sum(b["rencana"][:bulan])
        rencana += n_rencana
        terlaksana += n_rencana - len(bl)
        belum += len(bl)
        tanpa += len(tr)
        nama = b["kegiatan"] or "kegiatan tanpa nama"
        if bl:
            ket_belum.append(f"{nama} ({_nama_bulan(bl)})")
        if tr:
            ket_tanpa.append(f"{nama} ({_nama_bulan(tr)})")
    ket = []
    if ket_belum:
        ket.append("belum terlaksana: " + "; ".join(ket_belum))
    if ket_tanpa:
        ket.append("terlaksana tanpa rencana: " + "; ".join(ket_tanpa))
    if not rencana:
        ket.append(f"tidak ada bulan yang direncanakan sampai {_nama_bulan([bulan])}")
    return {
        "kode": kode,
        "direncanakan": rencana,
        "terlaksana": terlaksana,
        "persentase": bulatkan(Fraction(terlaksana * 100, rencana)) if rencana else None,
        "tanpa_rencana": tanpa,
        "belum_terlaksana": belum,
        "keterangan": "; ".join(ket),
    }

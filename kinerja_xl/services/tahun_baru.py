"""Use case `tahun-baru`: next year's workbook from this year's, made from the current template.

Carried: Konfigurasi (Tahun + 1; Tanggal PK, Tanggal Laporan, Triwulan and Bulan Pelaporan
cleared), the PK indikator with polaritas, satuan, unit kerja and links, proposing the
tblRenstra target of the new year (this year's target and a peringatan where tblRenstra has
none), this year's realisasi as "Realisasi Tahun Lalu" and as new tblRiwayat rows, the
Rencana Aksi activities (monthly marks emptied), Referensi, the scales, Profil, Renstra,
units and Template Narasi. Emptied: Realisasi (one row per indikator kept, every figure and
analysis cleared) and Pagu (next year's comes from the SAKTI import). The old workbook is
only read; an older template is moved onto the current schema in memory first. The service
writes into a gateway over a fresh template; the door saves it (``kinerja_xl.api.tahun_baru``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from kinerja_xl.domain.sel import rekaman
from kinerja_xl.domain.sel import sel_teks as _teks
from kinerja_xl.domain.temuan import KinerjaError, Temuan
from kinerja_xl.gateway.base import WorkbookGateway
from kinerja_xl.services.migrasi import baca_ke_skema_kini
from kinerja_xl.template import contract as c

__all__ = ["HasilTahunBaru", "TujuanSudahAda", "gulirkan", "nama_tahun_baru", "tahun_baru", "tujuan_tahun_baru"]

KUNCI_DIKOSONGKAN = (c.Kunci.TANGGAL_PK, c.Kunci.TANGGAL_LAPORAN, c.Kunci.TRIWULAN, c.Kunci.BULAN_PELAPORAN)
_KOLOM_TW_PK = ("Target TW I", "Target TW II", "Target TW III", "Target TW IV")


class TujuanSudahAda(KinerjaError):
    """The output file exists and replacing it was not asked for (CLI: exit 2; button: asks)."""

    def __init__(self, tujuan: Path) -> None:
        super().__init__(
            f"Berkas {tujuan} sudah ada dan tidak ditimpa. Pakai --ganti untuk menggantinya, atau "
            "--keluar untuk nama lain."
        )
        self.tujuan = tujuan


@dataclass
class HasilTahunBaru:
    """What `tahun-baru` wrote and what staff should look at."""

    tujuan: Path | None  # None until the door has saved it
    tahun_lama: int
    tahun_baru: int
    versi_lama: str
    peringatan: list[str] = field(default_factory=list)  # indikator whose target is this year's (no Renstra)
    temuan: list[Temuan] = field(default_factory=list)  # findings of the old workbook, carried as they were

    @property
    def dimigrasi(self) -> bool:
        return self.versi_lama != c.VERSI_SKEMA

    def pesan(self) -> str:
        teks = f"Workbook tahun {self.tahun_baru} dibuat: {self.tujuan}."
        if self.dimigrasi:
            teks += (
                f" Workbook lama dibuat dengan template skema {self.versi_lama or '(tanpa versi)'}; isinya "
                f"dipindahkan dulu ke skema {c.VERSI_SKEMA}."
            )
        return teks + " Workbook lama tidak diubah."


def nama_tahun_baru(workbook: Path | str, tahun: int) -> Path:
    """`<workbook name>_<Tahun+1>.xlsm` beside the workbook."""
    p = Path(workbook)
    return p.with_name(f"{p.stem}_{tahun}.xlsm")


def _tahun(tabel: dict[str, pd.DataFrame]) -> int:
    konf = tabel[c.KONFIGURASI_TABLE.name]
    nilai = konf.loc[konf["Kunci"] == c.Kunci.TAHUN, "Nilai"]
    teks = _teks(nilai.iloc[0]) if len(nilai) else ""
    teks = teks[:-2] if teks.endswith(".0") else teks
    if not teks.isdigit():
        raise KinerjaError(
            f"Tahun pada lembar {c.KONFIGURASI} (Kunci '{c.Kunci.TAHUN}') kosong atau bukan angka "
            f"('{teks}'); isi tahun laporan dulu."
        )
    return int(teks)


def _realisasi_tahun_ini(tabel: dict[str, pd.DataFrame], realisasi: dict[str, str] | None) -> dict[str, str]:
    """Kode Indikator (upper case) -> this year's realisasi: the engine's figure, else the typed Realisasi."""
    if realisasi is not None:
        return {k: v for k, v in realisasi.items() if v}
    real = tabel.get(c.REALISASI_TABLE.name, pd.DataFrame(columns=c.REALISASI_TABLE.headers))
    return {
        _teks(r["Kode Indikator"]).upper(): _teks(r["Realisasi"])
        for r in rekaman(real)
        if _teks(r["Kode Indikator"]) and _teks(r["Realisasi"])
    }


def _konfigurasi(konf: pd.DataFrame, tahun: int) -> None:
    konf.loc[konf["Kunci"] == c.Kunci.TAHUN, "Nilai"] = str(tahun)
    konf.loc[konf["Kunci"].isin(KUNCI_DIKOSONGKAN), "Nilai"] = None


def _pk(pk: pd.DataFrame, renstra: pd.DataFrame | None, tahun: int, real: dict[str, str]) -> list[str]:
    """Targets of the new year from tblRenstra (this year's kept where none: one peringatan each)."""
    target: dict[str, str] = {}
    for r in rekaman(renstra) if renstra is not None and len(renstra) else []:
        th = _teks(r["Tahun"])
        if (th[:-2] if th.endswith(".0") else th) == str(tahun) and _teks(r["Target"]):
            target[_teks(r["Kode Indikator"]).upper()] = _teks(r["Target"])
    peringatan = []
    for i in pk.index:
        kode = _teks(pk.at[i, "Kode Indikator"])
        if not kode:
            continue
        if kode.upper() in target:
            pk.at[i, "Target"] = target[kode.upper()]
        else:
            peringatan.append(
                f"Indikator {kode}: tidak ada target tahun {tahun} di lembar {c.RENSTRA}; target tahun "
                f"ini ({_teks(pk.at[i, 'Target']) or '-'}) dipakai sebagai usulan. Periksa di lembar "
                f"{c.PK}."
            )
        pk.at[i, "Realisasi Tahun Lalu"] = real.get(kode.upper()) or None
        for kolom in _KOLOM_TW_PK:
            pk.at[i, kolom] = None
    return peringatan


def _riwayat(riwayat: pd.DataFrame, real: dict[str, str], kode_pk: list[str], tahun: int) -> pd.DataFrame:
    """tblRiwayat with this year's realisasi appended (a year already there for an indikator is kept)."""
    ada = {(_teks(r["Kode Indikator"]).upper(), _teks(r["Tahun"]).removesuffix(".0")) for r in rekaman(riwayat)}
    baru = [
        {"Kode Indikator": k, "Tahun": str(tahun), "Realisasi": real[k.upper()]}
        for k in kode_pk
        if k.upper() in real and (k.upper(), str(tahun)) not in ada
    ]
    isi = riwayat[riwayat["Kode Indikator"].map(lambda v: bool(_teks(v)))]
    return pd.concat([isi, pd.DataFrame(baru, columns=riwayat.columns)], ignore_index=True) if baru else isi


def gulirkan(tabel: dict[str, pd.DataFrame], realisasi: dict[str, str] | None = None) -> tuple[int, list[str]]:
    """Turn this year's input tables (current schema) into next year's, in place; (new year, peringatan)."""
    tahun = _tahun(tabel)
    real = _realisasi_tahun_ini(tabel, realisasi)
    _konfigurasi(tabel[c.KONFIGURASI_TABLE.name], tahun + 1)
    pk = tabel[c.PK_TABLE.name]
    peringatan = _pk(pk, tabel.get(c.RENSTRA_TABLE.name), tahun + 1, real)
    kode_pk = [_teks(k) for k in pk["Kode Indikator"] if _teks(k)]
    riwayat = tabel.get(c.RIWAYAT_TABLE.name, pd.DataFrame(columns=c.RIWAYAT_TABLE.headers))
    tabel[c.RIWAYAT_TABLE.name] = _riwayat(riwayat, real, kode_pk, tahun)
    # one empty Realisasi row per PK indikator (a row of an indikator no longer in the PK is not carried)
    tabel[c.REALISASI_TABLE.name] = pd.DataFrame({"Kode Indikator": kode_pk}, columns=c.REALISASI_TABLE.headers)
    ra = tabel.get(c.RENCANA_AKSI_TABLE.name)
    if ra is not None:
        tetap = ("Kode Indikator", "Kegiatan", "Pelaksana")
        for kolom in ra.columns:
            if kolom not in tetap:
                ra[kolom] = None
    tabel[c.PAGU_TABLE.name] = pd.DataFrame(columns=c.PAGU_TABLE.headers)
    return tahun + 1, peringatan


def _temuan_lama(gateway: WorkbookGateway) -> tuple[list[Temuan], dict[str, str] | None]:
    """The old workbook's findings and its realisasi per indikator (None when its schema is too old to compute)."""
    from kinerja_xl.services.hitung import nilai
    from kinerja_xl.services.masukan import baca_masukan
    from kinerja_xl.services.validasi import laporan

    try:
        hasil = nilai(baca_masukan(gateway))
    except KinerjaError:
        return [], None
    real = {_teks(r.get("kode")).upper(): _teks(r.get("realisasi")) for r in rekaman(hasil.capaian.indikator)}
    return [t for t in laporan(hasil).temuan if t.tingkat.value != "info"], real


def _tulis(tabel: dict[str, pd.DataFrame], baru: WorkbookGateway) -> None:
    for spec in c.INPUT_TABLES:
        if spec.name in tabel:
            baru.tulis_tabel(spec, tabel[spec.name])


def tujuan_tahun_baru(tujuan: Path | str | None, asal: Path | None, tahun: int, *, ganti: bool) -> Path:
    """Where next year's workbook goes: ``tujuan``, else `<name>_<tahun>.xlsm` beside ``asal``; never the
    workbook itself, never an existing file unless ``ganti``."""
    if tujuan is None:
        if asal is None:
            raise KinerjaError("Lokasi workbook tidak diketahui; sebutkan berkas tujuan dengan --keluar.")
        tujuan = nama_tahun_baru(asal, tahun)
    tujuan = Path(tujuan)
    if asal is not None and tujuan.resolve() == Path(asal).resolve():
        raise KinerjaError("Berkas tujuan sama dengan workbook tahun ini; pilih nama lain dengan --keluar.")
    if tujuan.exists() and not ganti:
        raise TujuanSudahAda(tujuan)
    return tujuan


def tahun_baru(gateway: WorkbookGateway, baru: WorkbookGateway) -> HasilTahunBaru:
    """Next year's input tables from this year's (behind ``gateway``, only read), written into ``baru``,
    a fresh current template; the caller saves ``baru`` (``kinerja_xl.api.tahun_baru``).

    An older workbook's findings are computed on its tables moved onto the current template: they
    are written into ``baru`` first and read back, then replaced by next year's.
    """
    tabel, mig = baca_ke_skema_kini(gateway)
    tahun = _tahun(tabel)
    if mig.versi_lama == c.VERSI_SKEMA:
        temuan, real = _temuan_lama(gateway)
    else:
        _tulis({k: v.copy() for k, v in tabel.items()}, baru)
        temuan, real = _temuan_lama(baru)
    tahun_depan, peringatan = gulirkan(tabel, real)
    gateway.progres(f"Menulis workbook tahun {tahun_depan}", None)
    _tulis(tabel, baru)  # every table the first write touched is written again: gulirkan only adds tables
    return HasilTahunBaru(None, tahun, tahun_depan, mig.versi_lama, peringatan, temuan)

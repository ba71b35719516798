"""Use case `impor`: fill Pagu, Referensi and Konfigurasi from the satker's own SAKTI exports.

The doors read the files (``kinerja_xl.gateway.sakti.baca_baris``) and hand this
service named rows; it recognises each source, checks that they belong to the
workbook's satker and year, reconciles them (nothing is written when they do not
add up), and writes tblPagu (akun and parent lines), new Referensi codes and empty
Konfigurasi fields in one save. A Pagu table that already holds typed values is
replaced only with ``ganti=True``; the old rows stay in the workbook's ``.bak``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from kinerja_xl.domain.angka import format_rupiah
from kinerja_xl.domain.kode import normalkan, parse_kode
from kinerja_xl.domain.sakti import JENIS_GLP039, JENIS_MONSAKTI, Laporan, baca_laporan
from kinerja_xl.domain.sakti_gabung import Gabungan, gabung
from kinerja_xl.domain.sel import sel_kosong
from kinerja_xl.domain.temuan import KinerjaError, Temuan
from kinerja_xl.gateway.base import Tabel, WorkbookGateway
from kinerja_xl.services.masukan import Konfigurasi, _konfigurasi
from kinerja_xl.template import contract as c

SumberBaris = tuple[str, Sequence[Sequence[Any]]]
"""One source as a door read it: its file name and the rows of its first sheet (or CSV)."""

BASIS_SP2D = "SP2D"


class PaguSudahTerisi(KinerjaError):
    """tblPagu holds typed rows and the import was not told to replace them."""

    def __init__(self, pesan: str, baris: int) -> None:
        super().__init__(pesan)
        self.baris = baris


@dataclass
class HasilImpor:
    """What was imported; ``as_json`` is the `kinerja-xl impor --json` contract."""

    laporan: list[Laporan]
    gabungan: Gabungan
    referensi_baru: int = 0
    baris_diganti: int = 0
    konfigurasi_diisi: list[str] = field(default_factory=list)

    @property
    def temuan(self) -> list[Temuan]:
        return self.gabungan.temuan

    def as_json(self) -> dict[str, Any]:
        g = self.gabungan
        return {
            "sumber": json_sumber(self.laporan),
            "baris_akun": g.baris_akun,
            "baris_induk": g.baris_induk,
            "total": {"pagu": int(g.total["pagu"]), "realisasi": int(g.total["realisasi"])},
            "rekonsiliasi": {"pagu": int(g.rekonsiliasi["pagu"]), "realisasi": int(g.rekonsiliasi["realisasi"])},
            "referensi_baru": self.referensi_baru,
            "baris_diganti": self.baris_diganti,
        }

    def pesan(self) -> str:
        """One Indonesian sentence for the terminal and the message box."""
        g = self.gabungan
        teks = (
            f"Impor selesai: {g.baris_akun} baris akun dan {g.baris_induk} baris induk ditulis ke lembar "
            f"{c.PAGU} (pagu {format_rupiah(g.total['pagu'])}, realisasi {format_rupiah(g.total['realisasi'])})"
        )
        teks += f", {self.referensi_baru} kode baru di {c.REFERENSI}"
        if self.baris_diganti:
            teks += f"; {self.baris_diganti} baris lama diganti (tersimpan di berkas .bak)"
        if self.konfigurasi_diisi:
            teks += f"; {c.KONFIGURASI} diisi: {', '.join(self.konfigurasi_diisi)}"
        return teks + "."


def json_sumber(laporan: list[Laporan]) -> list[dict[str, str]]:
    return [
        {"berkas": lap.berkas, "jenis": lap.jenis, "periode": lap.periode, "kode_satker": lap.kode_satker}
        for lap in laporan
    ]


def baca_semua(sumber: Sequence[SumberBaris]) -> list[Laporan]:
    """Recognise and read every source (LayoutTidakDikenal names the file that is none of them)."""
    if not sumber:
        raise KinerjaError("Tidak ada berkas SAKTI yang dipilih untuk diimpor.")
    return [baca_laporan(rows, nama) for nama, rows in sumber]


def _baris_terisi(t: Tabel) -> int:
    data = t.data.reindex(columns=t.spec.headers)
    return int((~data.map(sel_kosong)).any(axis=1).sum()) if len(data) else 0


def _kode_kunci(teks: Any) -> str:
    try:
        return parse_kode(teks).baku
    except KinerjaError:
        return normalkan(teks)


def _referensi(t: Tabel, g: Gabungan) -> tuple[pd.DataFrame, int]:
    """Typed rows kept as they are; codes the workbook does not have yet appended with their Sumber."""
    lama = t.data.reindex(columns=t.spec.headers)
    lama = lama[(~lama.map(sel_kosong)).any(axis=1)] if len(lama) else lama
    ada = {_kode_kunci(k) for k in lama["Kode"] if not sel_kosong(k)}
    baru = [r for r in g.referensi if r[0] not in ada]
    tambah = pd.DataFrame(baru, columns=["Kode", "Uraian", "Tingkat", "Sumber"], dtype=object)
    return pd.concat([lama, tambah], ignore_index=True).astype(object), len(baru)


def _konfigurasi_baru(t: Tabel, laporan: list[Laporan], temuan: list[Temuan]) -> tuple[pd.DataFrame, list[str]]:
    """Fill Kode Satker, Nama Satker, Tahun (when empty) and Basis Realisasi (when empty) from the sources."""
    data = t.data.reindex(columns=t.spec.headers).astype(object)
    glp = [lap for lap in laporan if lap.jenis == JENIS_GLP039]
    akhir = max(glp, key=lambda lap: lap.bulan or 0) if glp else laporan[0]
    isian = {
        c.Kunci.KODE_SATKER: akhir.kode_satker,
        c.Kunci.NAMA_SATKER: akhir.nama_satker,
        c.Kunci.TAHUN: str(akhir.tahun or ""),
        c.Kunci.BASIS_REALISASI: BASIS_SP2D if glp else "",
    }
    diisi: list[str] = []
    for kunci, nilai in isian.items():
        baris = data.index[data["Kunci"] == kunci]
        if not nilai or not len(baris):
            continue
        lama = data.at[baris[0], "Nilai"]
        if sel_kosong(lama):
            data.at[baris[0], "Nilai"] = nilai
            diisi.append(kunci)
        elif kunci == c.Kunci.BASIS_REALISASI and str(lama).strip().upper() != nilai:
            temuan.append(
                Temuan(
                    "basis_realisasi_berbeda",
                    f"Basis Realisasi Anggaran di {c.KONFIGURASI} berisi '{lama}', padahal realisasi "
                    f"GLP039 berbasis {BASIS_SP2D}; ubah bila realisasi yang dilaporkan dari SAKTI.",
                    kode=kunci,
                    nilai_tercatat=str(lama),
                    nilai_seharusnya=BASIS_SP2D,
                )
            )
    return data, diisi


def _tahun_monsakti(laporan: list[Laporan], tahun_konfigurasi: int | None) -> None:
    """A MonSAKTI detail does not say its year: it is the GLP039's beside it, else Konfigurasi's Tahun."""
    tahun = next((lap.tahun for lap in laporan if lap.jenis == JENIS_GLP039 and lap.tahun), tahun_konfigurasi)
    for lap in laporan:
        if lap.jenis == JENIS_MONSAKTI and lap.tahun is None:
            lap.tahun = tahun


def _pagu(g: Gabungan) -> pd.DataFrame:
    return (
        pd.DataFrame(g.pagu, columns=c.PAGU_TABLE.headers, dtype=object).astype(object).where(lambda d: d.notna(), None)
    )


def impor(gw: WorkbookGateway, sumber: Sequence[SumberBaris], *, ganti: bool = False) -> HasilImpor:
    """Import SAKTI sources into the workbook behind ``gw`` (KinerjaError / RekonsiliasiGagal: nothing written);
    the caller commits."""
    laporan = baca_semua(sumber)
    gw.progres("Membaca Konfigurasi, Pagu dan Referensi", 0.3)
    t_konf = gw.baca_tabel(c.KONFIGURASI_TABLE)
    konf: Konfigurasi = _konfigurasi(t_konf)
    _tahun_monsakti(laporan, konf.tahun)
    g = gabung(laporan, kode_satker=konf.teks(c.Kunci.KODE_SATKER), tahun=konf.tahun, triwulan=konf.triwulan)
    t_pagu = gw.baca_tabel(c.PAGU_TABLE)
    terisi = _baris_terisi(t_pagu)
    if terisi and not ganti:
        raise PaguSudahTerisi(
            f"Lembar {c.PAGU} sudah berisi {terisi} baris (diketik atau dari impor sebelumnya); impor tidak "
            "menimpanya. Jalankan dengan "
            "--ganti (di Excel: jawab Ya saat ditanya) untuk menggantinya; baris lama tetap tersimpan di berkas .bak.",
            terisi,
        )
    referensi, n_ref = _referensi(gw.baca_tabel(c.REFERENSI_TABLE), g)
    konfigurasi, diisi = _konfigurasi_baru(t_konf, laporan, g.temuan)
    gw.progres(f"Menulis {g.baris_akun + g.baris_induk} baris ke lembar {c.PAGU}", 0.7)
    gw.tulis_tabel(c.PAGU_TABLE, _pagu(g))
    gw.tulis_tabel(c.REFERENSI_TABLE, referensi)
    gw.tulis_tabel(c.KONFIGURASI_TABLE, konfigurasi)
    return HasilImpor(laporan, g, referensi_baru=n_ref, baris_diganti=terisi, konfigurasi_diisi=diisi)


def impor_berkas(gw: WorkbookGateway, berkas: Sequence[Path | str], *, ganti: bool = False) -> HasilImpor:
    """Read the files (the file adapter) and import them; the caller commits."""
    from kinerja_xl.gateway.sakti import baca_baris

    return impor(gw, [(Path(b).name, baca_baris(b)) for b in berkas], ganti=ganti)

"""Use case `narasi`: sentences of facts written from the computed figures.

Every number in the text comes from the same ``Hasil`` the tables come from,
so the narrative cannot contradict its own tables.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from kinerja_xl.domain.angka import format_persen, format_rupiah
from kinerja_xl.gateway.base import WorkbookGateway
from kinerja_xl.services.hitung import Hasil, json_value, nilai
from kinerja_xl.services.masukan import baca_masukan
from kinerja_xl.services.validasi import Laporan, laporan
from kinerja_xl.template import contract as c


def _kalimat_indikator(rec: dict[str, Any]) -> str:
    nama = rec.get("indikator") or rec["kode"]
    if rec["status"] == "dihitung":
        return (
            f"Indikator {nama} dengan target {rec['target']} terealisasi {rec['realisasi']}, "
            f"sehingga capaiannya {format_persen(rec['capaian'])} dengan kategori {rec['kategori']}."
        )
    if rec["status"] == "tidak_ada_kejadian":
        return f"Indikator {nama} tidak diukur karena tidak ada kejadian pada tahun ini."
    return f"Capaian indikator {nama} tidak dihitung: {rec.get('keterangan') or rec['status']}."


def _kalimat_anggaran(rec: dict[str, Any]) -> str:
    uraian = rec.get("uraian") or ""
    return (
        f"{rec['kode']} {uraian}: alokasi anggaran sebesar {format_rupiah(int(rec['pagu']))},-, "
        f"realisasi sebesar {format_rupiah(int(rec['realisasi']))},- atau {format_persen(json_value(rec['penyerapan']))}."
    )


def susun_narasi(hasil: Hasil, lap: Laporan | None = None) -> pd.DataFrame:
    """Narasi rows (Bagian, Kode, Paragraf) for the indikator and budget lines."""
    rows = []
    for rec in hasil.capaian.indikator.to_dict("records"):
        rows.append({"Bagian": "BAB III A", "Kode": rec["kode"], "Paragraf": _kalimat_indikator(rec)})
    bar = hasil.anggaran.baris
    for rec in bar[bar["tingkat"].isin(["program", "kegiatan", "kro", "ro", "output"])].to_dict("records"):
        rows.append({"Bagian": "BAB III B", "Kode": rec["kode"], "Paragraf": _kalimat_anggaran(rec)})
    return pd.DataFrame(rows, columns=c.NARASI_TABLE.headers)


def tulis_narasi(gateway: WorkbookGateway, hasil: Hasil, lap: Laporan | None = None) -> pd.DataFrame:
    """Write the Narasi sheet in one call."""
    rows = susun_narasi(hasil, lap)
    gateway.progres("Menulis lembar Narasi", None)
    gateway.tulis_tabel(c.NARASI_TABLE, rows)
    return rows


def narasi(gateway: WorkbookGateway, *, docx: Path | None = None, simpan: bool = True) -> pd.DataFrame:
    """The `Buat Narasi` button and `kinerja-xl narasi`."""
    hasil = nilai(baca_masukan(gateway))
    rows = tulis_narasi(gateway, hasil, laporan(hasil))
    if simpan:
        gateway.simpan()
    return rows

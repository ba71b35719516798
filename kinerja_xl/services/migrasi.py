"""Use case `migrasi`: move a filled workbook onto the current template.

Konfigurasi's `Versi Skema` records which template a workbook was made from.
When a newer kinerja_xl adds sheets, tables or columns, staff keep what they
typed: the input tables are copied, value for value, into a fresh template
(with its VBA, buttons and new sheets), and the next `proses` rebuilds every
output sheet. The service reads one gateway and writes the other; its caller
saves over the old file, which is kept as FILE.bak.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd

from kinerja_xl.domain.angka import format_angka
from kinerja_xl.domain.temuan import KinerjaError
from kinerja_xl.gateway.base import Tabel, WorkbookGateway
from kinerja_xl.services.kolom import periksa_kolom
from kinerja_xl.template import contract as c


@dataclass
class HasilMigrasi:
    versi_lama: str
    versi_baru: str
    baris: dict[str, int] = field(default_factory=dict)  # table -> rows copied
    dilewati: list[str] = field(default_factory=list)  # tables the old workbook did not have
    terbaru: bool = False  # already on the current schema: nothing was changed


def _sebagai_diketik(t: Tabel) -> pd.DataFrame:
    """The table's contract columns; a number the old cell showed as a percentage
    becomes the text "95%" so the new text-formatted cell means the same."""
    data = t.data.reindex(columns=t.spec.headers).astype(object)
    data = data.where(data.notna(), None)
    for baris, header in t.persen:
        v = data.at[baris, header]
        if isinstance(v, (int, float)) and not isinstance(v, bool):
            data.at[baris, header] = format_angka(float(v) * 100) + "%"
    return data


SUMBER_DIKETIK = "Diketik"
"""Referensi's Sumber for a row staff typed (an import writes its report and period there)."""


def _ke_skema_2(tabel: dict[str, pd.DataFrame]) -> None:
    """Schema 1 -> 2: tblPagu gains Sumber Dana (left empty: an old row does not say), tblReferensi
    gains Sumber (the rows there were typed by staff)."""
    ref = tabel.get(c.REFERENSI_TABLE.name)
    if ref is not None and len(ref):
        isi = ref[["Kode", "Uraian"]].notna().any(axis=1)
        ref["Sumber"] = ref["Sumber"].where(~isi | ref["Sumber"].notna(), SUMBER_DIKETIK)


def tambah_kunci_baru(konf: pd.DataFrame) -> list[str]:
    """Konfigurasi keys a newer schema added (schema 3: Tanggal Laporan), appended empty.

    The old tblKonfigurasi replaces the template's, so without this step a key the
    new template ships would vanish from a migrated workbook.
    """
    ada = {str(k).strip() for k in konf["Kunci"] if k is not None}
    baru = [k for k in c.KUNCI_KONFIGURASI if k not in ada]
    for kunci in baru:
        konf.loc[len(konf)] = {"Kunci": kunci, "Nilai": None}
    return baru


def _ke_skema_3(tabel: dict[str, pd.DataFrame]) -> None:
    """Schema 2 -> 3: Konfigurasi gains Tanggal Laporan (appended empty); the new tables (Profil,
    Renstra, Riwayat, Skala Predikat) keep the new template's defaults, and the new columns
    (Analisis Keberhasilan, Penjelasan) start empty."""
    tambah_kunci_baru(tabel[c.KONFIGURASI_TABLE.name])


def _ke_skema_4(tabel: dict[str, pd.DataFrame]) -> None:
    """Schema 3 -> 4: Konfigurasi gains Judul RKT, set to the usual title (staff may retype it)."""
    konf = tabel[c.KONFIGURASI_TABLE.name]
    if c.Kunci.JUDUL_RKT in tambah_kunci_baru(konf):
        konf.loc[konf["Kunci"] == c.Kunci.JUDUL_RKT, "Nilai"] = c.JUDUL_RKT_BAWAAN


def _ke_skema_5(tabel: dict[str, pd.DataFrame]) -> None:
    """Schema 4 -> 5: the new reading sheets (Glosarium, Catatan Teknis) and the Validasi column Saran
    Perbaikan come with the new template and the next run; no input table changes."""
    del tabel


def _ke_skema_6(tabel: dict[str, pd.DataFrame]) -> None:
    """Schema 5 -> 6: the new table tblStandarNasional (Renstra sheet) starts empty: no standard is given
    until staff type one; no other input table changes."""
    tabel.setdefault(c.STANDAR_NASIONAL_TABLE.name, pd.DataFrame(columns=c.STANDAR_NASIONAL_TABLE.headers))


def _ke_skema_7(tabel: dict[str, pd.DataFrame]) -> None:
    """Schema 6 -> 7: the Anggaran sheet's tblAnggaran gains its total row ("Jumlah") and the Ringkasan
    sheet its three charts, built once into the template over fixed data blocks; both come with the new
    template and the next run; no input table changes."""
    del tabel


# From-version -> the step that moves the input tables one schema up (applied in order).
LANGKAH: dict[str, Callable[[dict[str, pd.DataFrame]], None]] = {
    "1": _ke_skema_2,
    "2": _ke_skema_3,
    "3": _ke_skema_4,
    "4": _ke_skema_5,
    "5": _ke_skema_6,
    "6": _ke_skema_7,
}


def _jalankan_langkah(tabel: dict[str, pd.DataFrame], versi: str) -> None:
    v = versi if versi.isdigit() and int(versi) >= 1 else "1"  # before Versi Skema: schema 1
    while v in LANGKAH:
        LANGKAH[v](tabel)
        v = str(int(v) + 1)


def migrasi(lama: WorkbookGateway, baru: WorkbookGateway) -> HasilMigrasi:
    """Copy the input tables of the workbook behind ``lama``, moved onto the current schema, into the
    fresh template behind ``baru``; nothing is written when ``lama`` is already current (``terbaru``).

    The caller saves ``baru`` over the old file (``kinerja_xl.api.migrasi``: unless it changed meanwhile).
    """
    tabel, hasil = baca_ke_skema_kini(lama)
    if hasil.terbaru:
        return hasil  # nothing to move: the file is left as it is
    for spec in c.INPUT_TABLES:
        if spec.name in tabel:
            baru.tulis_tabel(spec, tabel[spec.name])
            hasil.baris[spec.name] = len(tabel[spec.name])
    return hasil


def baca_ke_skema_kini(lama: WorkbookGateway) -> tuple[dict[str, pd.DataFrame], HasilMigrasi]:
    """The input tables of a workbook as typed, moved (in memory) onto the current schema; nothing saved.

    ``migrasi`` writes them into a fresh template; ``tahun-baru`` rolls them over first.
    """
    tabel: dict[str, pd.DataFrame] = {}
    hasil = HasilMigrasi("", c.VERSI_SKEMA, terbaru=True)  # cleared when a header needs restoring
    for spec in c.INPUT_TABLES:
        try:
            t, diperbaiki = periksa_kolom(lama.baca_tabel(spec))  # a retyped header is copied under its name
        except KinerjaError:
            if spec not in c.TABEL_OPSIONAL:
                raise
            hasil.dilewati.append(spec.name)  # the new template's defaults stay
            continue
        tabel[spec.name] = _sebagai_diketik(t)
        hasil.terbaru = hasil.terbaru and not diperbaiki
    konf = tabel[c.KONFIGURASI_TABLE.name]
    versi = konf["Kunci"] == c.Kunci.VERSI_SKEMA
    hasil.versi_lama = "" if not versi.any() else str(konf.loc[versi, "Nilai"].iloc[0] or "")
    hasil.terbaru = hasil.terbaru and not hasil.dilewati and hasil.versi_lama.strip() == c.VERSI_SKEMA
    if hasil.terbaru:
        return tabel, hasil  # already current: the tables as they are
    _jalankan_langkah(tabel, hasil.versi_lama)
    versi = konf["Kunci"] == c.Kunci.VERSI_SKEMA  # a step may have appended keys
    if versi.any():
        konf.loc[versi, "Nilai"] = c.VERSI_SKEMA
    else:
        konf.loc[len(konf)] = {"Kunci": c.Kunci.VERSI_SKEMA, "Nilai": c.VERSI_SKEMA}
    return tabel, hasil

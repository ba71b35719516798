"""Use case `hitung`: capaian per indikator and sasaran, and the budget roll-up.

``nilai`` computes from a ``Masukan`` without touching any workbook; ``hitung``
is the button / CLI command: read once, compute, write Capaian and Anggaran once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import pandas as pd

from kinerja_xl.domain.anggaran import HasilAnggaran, hitung_anggaran
from kinerja_xl.domain.capaian import AturanCapaian, HasilCapaian, hitung_capaian_tabel
from kinerja_xl.domain.kategori import Skala, periksa_skala
from kinerja_xl.domain.kosakata import TINGKAT_TAMPIL, Status
from kinerja_xl.domain.sel import rekaman
from kinerja_xl.domain.temuan import Temuan
from kinerja_xl.gateway.base import WorkbookGateway
from kinerja_xl.services.masukan import Masukan, baca_masukan, periksa_konfigurasi
from kinerja_xl.template import contract as c


@dataclass
class Hasil:
    """Everything one run computed: the figures and every finding, located on cells."""

    masukan: Masukan
    capaian: HasilCapaian
    anggaran: HasilAnggaran
    skala: Skala
    temuan: list[Temuan] = field(default_factory=list)
    # Figures derived from these on demand (per unit, Rencana Aksi), computed once per run.
    turunan: dict[str, Any] = field(default_factory=dict, repr=False)

    @property
    def ada_galat(self) -> bool:
        return any(t.galat for t in self.temuan)

    @property
    def satker(self) -> Hasil:
        """The run narrowed to the satker's own PK (the Sekretariat's rows, signed by the Sekretaris
        with the Ketua): what every satker-level summary counts (Capaian sasaran table, Ringkasan,
        `hitung --json` sasaran, the export and so the province rekap, the LKj). Unit PKs are
        cascades, reported per unit (Capaian Unit) and never in the satker's totals."""
        if "satker" not in self.turunan:
            from kinerja_xl.narasi.lkj import hasil_satker
            from kinerja_xl.services.unit import nilai_unit

            self.turunan["satker"] = hasil_satker(self, nilai_unit(self))
        return self.turunan["satker"]

    def as_json(self) -> dict[str, Any]:
        """The `kinerja-xl hitung --json` document: every indikator with its unit; the sasaran
        summary of the satker's own PK."""
        from kinerja_xl.services.unit import nilai_unit

        unit = nilai_unit(self).unit_baris
        return {
            "indikator": [
                {**_json_row(r, c.CAPAIAN_TABLE.keys), "unit": unit.get(int(r["baris_pk"]))}
                for r in rekaman(self.capaian.indikator)
            ],
            "sasaran": [
                _json_row(r, c.CAPAIAN_SASARAN_TABLE.keys, skip=("uraian",))
                for r in rekaman(self.satker.capaian.sasaran)
            ],
            "anggaran": [_json_row(r, c.ANGGARAN_TABLE.keys) for r in rekaman(self.anggaran.baris)],
        }


def json_value(v: Any) -> Any:
    """Decimals become JSON numbers; NaN/NA become null."""
    if v is None or type(v) in (str, int):
        return v
    if isinstance(v, Decimal):
        return float(v) if v == v else None
    if isinstance(v, bool):
        return v
    if hasattr(v, "item") and not isinstance(v, (str, bytes)):
        v = v.item()
    if isinstance(v, float) and v != v:
        return None
    try:
        if pd.isna(v):
            return None
    except (TypeError, ValueError):
        pass
    return v


def _json_row(row: dict, keys: list[str], skip: tuple[str, ...] = ()) -> dict[str, Any]:
    return {k: json_value(row.get(k)) for k in keys if k not in skip}


def nilai(masukan: Masukan) -> Hasil:
    """Compute capaian and anggaran from the inputs; no I/O."""
    temuan: list[Temuan] = list(masukan.temuan) + list(periksa_konfigurasi(masukan.konfigurasi))
    skala, temuan_skala = periksa_skala(masukan.df(c.SKALA_TABLE))
    temuan += temuan_skala
    if skala is None:
        skala = Skala.default()
    k = masukan.konfigurasi
    aturan = AturanCapaian(batas=k.batas, metode=k.metode, triwulan=k.triwulan, skala=skala)
    capaian = hitung_capaian_tabel(
        masukan.df(c.PK_TABLE),
        masukan.df(c.REALISASI_TABLE),
        aturan,
        persen_pk=masukan.persen(c.PK_TABLE),
        persen_realisasi=masukan.persen(c.REALISASI_TABLE),
    )
    anggaran = hitung_anggaran(masukan.df(c.PAGU_TABLE), masukan.df(c.REFERENSI_TABLE))
    temuan += capaian.temuan + anggaran.temuan
    return Hasil(masukan, capaian, anggaran, skala, masukan.letakkan(temuan))


def baris_tabel(df: pd.DataFrame, spec: c.TableSpec) -> pd.DataFrame:
    """Engine columns (keys) -> sheet columns (headers), values ready for a cell."""
    kosong = [None] * len(df)
    data = {
        col.header: [_sel_value(v) for v in df[col.key].tolist()] if col.key in df else kosong for col in spec.columns
    }
    if spec is c.CAPAIAN_TABLE:  # staff read the status in words, never the code
        data["Status"] = [_status_kata(v) for v in data["Status"]]
    if spec is c.ANGGARAN_TABLE:  # "KRO", "RO", "Program": the level as printed budgets write it
        data["Tingkat"] = [TINGKAT_TAMPIL.get(v, v) if isinstance(v, str) else v for v in data["Tingkat"]]
    return pd.DataFrame(data, columns=spec.headers)


def jumlah_tabel(hasil: Hasil, spec: c.TableSpec) -> dict[str, Any]:
    """The engine's totals for a table's total row, by header (Anggaran: pagu, realisasi, sisa and
    penyerapan over the top-level lines, the figures the LKj prints)."""
    if spec is not c.ANGGARAN_TABLE:
        return {}
    total = hasil.anggaran.total
    return {k.header: _sel_value(total[k.key]) for k in spec.columns if k.key in total}


def _status_kata(v: Any) -> Any:
    status = Status.dari_teks(v) if isinstance(v, str) else None
    return status.tampil if status is not None else v


def _sel_value(v: Any) -> Any:
    v = json_value(v)
    if isinstance(v, bool):
        return "Ya" if v else ""
    return v


def tulis_hasil(gateway: WorkbookGateway, hasil: Hasil) -> None:
    """Write tblCapaian, tblCapaianSasaran and tblAnggaran, one call each."""
    gateway.progres("Menulis lembar Capaian", None)
    gateway.tulis_tabel(c.CAPAIAN_TABLE, baris_tabel(hasil.capaian.indikator, c.CAPAIAN_TABLE))
    gateway.tulis_tabel(c.CAPAIAN_SASARAN_TABLE, baris_tabel(hasil.satker.capaian.sasaran, c.CAPAIAN_SASARAN_TABLE))
    gateway.progres("Menulis lembar Anggaran", None)
    gateway.tulis_tabel(
        c.ANGGARAN_TABLE, baris_tabel(hasil.anggaran.baris, c.ANGGARAN_TABLE), jumlah_tabel(hasil, c.ANGGARAN_TABLE)
    )


def hitung(gateway: WorkbookGateway) -> Hasil:
    """The `Hitung Capaian` button and `kinerja-xl hitung`: read, compute, write (the caller commits)."""
    hasil = nilai(baca_masukan(gateway))
    tulis_hasil(gateway, hasil)
    return hasil

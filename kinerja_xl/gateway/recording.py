"""The in-memory door: tables in a dict, every call recorded.

Tests run the real services against it and count round trips (one call per
table, never per row) and read back what was written; the export reads its own
tables back through it (read-only, with the export's layout).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import pandas as pd

from kinerja_xl.domain.temuan import KinerjaError
from kinerja_xl.gateway.base import Lembar, Tabel, Tanda, WorkbookGateway, baris_jumlah, kolom_huruf
from kinerja_xl.template.contract import TableSpec


class RecordingGateway(WorkbookGateway):
    """Tables keyed by Excel name (``tblPK``), DataFrames with the spec's headers."""

    def __init__(
        self,
        tables: dict[str, pd.DataFrame | Tabel] | None = None,
        persen: dict[str, set] | None = None,
        *,
        hanya_baca: bool = False,
        tabel_kosong: Callable[[TableSpec], Tabel] | None = None,
    ):
        """``tables`` by Excel name: DataFrames with the spec's headers, or ready ``Tabel`` (returned as they are).

        ``hanya_baca`` refuses every write with a message; ``tabel_kosong`` gives the table for a name
        that is not there (else reading it is the error a workbook without that table gives).
        """
        self.tables: dict[str, Any] = dict(tables or {})
        self.hanya_baca = hanya_baca
        self.tabel_kosong = tabel_kosong
        self.persen = dict(persen or {})
        self.lembar: dict[str, Lembar] = {}
        self.jumlah_tabel: dict[str, list[Any]] = {}  # table -> its total row as written (header order)
        self.tanda: list[Tanda] = []
        self.calls: list[tuple[str, str, Any]] = []
        self.pesan: list[tuple[str, float | None]] = []
        self.disimpan = 0
        self._tersimpan = self._potret()

    def _potret(self) -> tuple[dict[str, Any], dict[str, Lembar], list[Tanda], dict[str, list[Any]]]:
        return dict(self.tables), dict(self.lembar), list(self.tanda), dict(self.jumlah_tabel)

    def baca_tabel(self, spec: TableSpec) -> Tabel:
        self.calls.append(("baca_tabel", spec.name, None))
        if spec.name not in self.tables and self.tabel_kosong is not None:
            return self.tabel_kosong(spec)
        if spec.name not in self.tables:
            raise KinerjaError(f"Tabel {spec.name} tidak ditemukan di lembar {spec.sheet}.")
        src = self.tables[spec.name]
        if isinstance(src, Tabel):
            return src
        cols = spec.headers + [c for c in src.columns if c not in spec.headers]
        data = (
            pd.DataFrame(
                {c: (src[c] if c in src.columns else pd.Series([None] * len(src), dtype=object)) for c in cols},
                columns=cols,
            )
            .astype(object)
            .reset_index(drop=True)
        )
        data = data.where(pd.notna(data), None)
        kolom = {h: kolom_huruf(i) for i, h in enumerate(cols, 1)}
        return Tabel(spec=spec, data=data, baris_awal=2, kolom=kolom, persen=set(self.persen.get(spec.name, set())))

    def tulis_tabel(self, spec: TableSpec, rows: pd.DataFrame, jumlah: Mapping[str, Any] | None = None) -> None:
        self._boleh_tulis("tabel keluaran tidak ditulis ulang")
        key_to_header = {k.key: k.header for k in spec.columns}
        frame = rows.rename(columns=lambda c: key_to_header.get(c, c)).reset_index(drop=True)
        self.calls.append(("tulis_tabel", spec.name, frame))
        self.tables[spec.name] = frame
        if spec.kolom_jumlah:
            self.jumlah_tabel[spec.name] = baris_jumlah(spec, jumlah)

    def tulis_lembar(self, lembar: Lembar) -> None:
        self._boleh_tulis("lembar tidak ditulis ulang")
        self.calls.append(("tulis_lembar", lembar.nama, lembar))
        self.lembar[lembar.nama] = lembar

    def tandai(self, tanda: list[Tanda]) -> None:
        self._boleh_tulis("sel tidak ditandai")
        self.calls.append(("tandai", "", list(tanda)))
        self.tanda = list(tanda)

    def _boleh_tulis(self, apa: str) -> None:
        if self.hanya_baca:
            raise KinerjaError(f"Berkas ekspor hanya dibaca; {apa}.")

    def progres(self, pesan: str, fraksi: float | None = None) -> None:
        self.pesan.append((pesan, fraksi))

    def simpan(self) -> None:
        self.calls.append(("simpan", "", None))
        self.disimpan += 1
        self._tersimpan = self._potret()

    def batalkan(self) -> None:
        """Back to what was there at the last ``simpan`` (or at the start)."""
        self.calls.append(("batalkan", "", None))
        tables, lembar, tanda, jumlah = self._tersimpan
        self.tables, self.lembar, self.tanda, self.jumlah_tabel = dict(tables), dict(lembar), list(tanda), dict(jumlah)
        self.ambil_temuan_tulis()

    def jumlah(self, method: str) -> int:
        """How many calls of one kind were made."""
        return sum(1 for c in self.calls if c[0] == method)

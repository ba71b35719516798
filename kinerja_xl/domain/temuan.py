"""Findings: the one shape every check in the engine reports problems in.

Capaian, anggaran and the cross-sheet validation all return ``Temuan``; the
Validasi sheet, the JSON report, the cell marks and the export gate read them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from kinerja_xl.domain.aturan import Jenis, Tingkat, jenis_dari

__all__ = [
    "Jenis",
    "KinerjaError",
    "Lokasi",
    "NilaiTidakValid",
    "TINGKAT_JENIS",
    "Temuan",
    "Tingkat",
    "ada_galat",
    "ringkas",
]


# jenis -> default tingkat, derived from the registry (kept for callers that look names up).
TINGKAT_JENIS: dict[str, Tingkat] = {j.value: j.tingkat for j in Jenis}


@dataclass(frozen=True)
class Lokasi:
    """Where a finding points: a sheet and a cell (``C5``), or a table, row and field.

    The engine knows tables, rows and fields, not sheets or cells: it sets ``tabel``
    (a ``kosakata.Tabel``), ``baris`` (the 0-based data row) and ``kolom`` (the field
    key); ``Masukan.letakkan`` turns that into ``lembar`` and ``sel``. Services that
    know the layout may set ``lembar`` and a header ``kolom`` directly.
    """

    lembar: str = ""
    sel: str = ""
    baris: int | None = None
    kolom: str | None = None
    tabel: str | None = None


@dataclass(frozen=True)
class Temuan:
    """One finding: what, how serious, where, and what was expected."""

    jenis: Jenis
    pesan: str
    tingkat: Tingkat | None = None
    lokasi: Lokasi = field(default_factory=Lokasi)
    kode: str = ""
    nilai_tercatat: Any = None
    nilai_seharusnya: Any = None

    def __post_init__(self) -> None:
        jenis = jenis_dari(self.jenis)  # a misspelt jenis raises here, never becomes a silent peringatan
        object.__setattr__(self, "jenis", jenis)
        if self.tingkat is None:
            object.__setattr__(self, "tingkat", jenis.tingkat)
        elif not isinstance(self.tingkat, Tingkat):
            object.__setattr__(self, "tingkat", Tingkat(self.tingkat))

    @property
    def tingkat_(self) -> Tingkat:
        """The tingkat, set by ``__post_init__`` (never None after construction)."""
        assert self.tingkat is not None
        return self.tingkat

    @property
    def galat(self) -> bool:
        return self.tingkat is Tingkat.GALAT

    def di(self, lembar: str, sel: str) -> Temuan:
        """The same finding placed on a sheet cell."""
        lok = Lokasi(lembar, sel, self.lokasi.baris, self.lokasi.kolom, self.lokasi.tabel)
        return Temuan(self.jenis, self.pesan, self.tingkat, lok, self.kode, self.nilai_tercatat, self.nilai_seharusnya)

    def as_dict(self) -> dict[str, Any]:
        """The JSON shape of `kinerja-xl validasi --json`."""
        return {
            "jenis": self.jenis.value,
            "tingkat": self.tingkat_.value,
            "lembar": self.lokasi.lembar,
            "sel": self.lokasi.sel,
            "kode": self.kode,
            "pesan": self.pesan,
            "nilai_tercatat": _json_value(self.nilai_tercatat),
            "nilai_seharusnya": _json_value(self.nilai_seharusnya),
        }


def _json_value(v: Any) -> Any:
    if v is None or isinstance(v, (bool, int, float, str)):
        return v
    return str(v)


def ringkas(temuan: Iterable[Temuan]) -> dict[str, int]:
    """Counts per tingkat: the ``ringkasan`` of the validation report."""
    hitung = {t.value: 0 for t in Tingkat}
    for t in temuan:
        hitung[t.tingkat_.value] += 1
    return hitung


def ada_galat(temuan: Iterable[Temuan]) -> bool:
    return any(t.galat for t in temuan)


class KinerjaError(Exception):
    """A problem the user can fix; ``str()`` is an Indonesian sentence naming where."""


class NilaiTidakValid(KinerjaError, ValueError):
    """A typed value that cannot be read without guessing."""

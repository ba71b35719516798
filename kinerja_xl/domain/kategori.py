"""The kategori scale: which words a capaian earns ("Berhasil", "Cukup Berhasil", ...).

Reports print scales with integer bounds ("91-100", "71-90"), which leave 90,5
in no band. The rows therefore mean half-open bands ``(bawah, atas]``; the
lowest band also includes its ``bawah`` and an empty ``atas`` means no upper
limit. A scale typed by staff must be gap-free and without overlap, and its top
band must be open, or some capaian would have no kategori (or two).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pandas as pd

from kinerja_xl.domain.angka import format_angka, parse_angka
from kinerja_xl.domain.aturan import ATURAN_LANGKAH, Jenis
from kinerja_xl.domain.kosakata import KOLOM_SKALA, SKALA_DEFAULT, Tabel
from kinerja_xl.domain.sel import sel_kosong as _kosong
from kinerja_xl.domain.temuan import Lokasi, NilaiTidakValid, Temuan

_JENIS = Jenis.SKALA_KATEGORI_TIDAK_VALID
_KOL_BAWAH, _KOL_ATAS, _KOL_KATEGORI = KOLOM_SKALA


@dataclass(frozen=True)
class Pita:
    """One band ``(bawah, atas]`` of the scale; ``atas=None`` is unbounded."""

    bawah: Decimal
    atas: Decimal | None
    kategori: str

    def memuat(self, nilai: Decimal, terendah: bool = False) -> bool:
        if nilai < self.bawah or (nilai == self.bawah and not terendah):
            return False
        return self.atas is None or nilai <= self.atas


@dataclass(frozen=True)
class Skala:
    """A checked, gap-free scale (build it with :func:`periksa_skala` or :meth:`default`)."""

    pita: tuple[Pita, ...]

    @classmethod
    def default(cls) -> Skala:
        return cls(tuple(Pita(Decimal(b), None if a is None else Decimal(a), k) for b, a, k in SKALA_DEFAULT))

    def _urut(self) -> list[Pita]:
        return sorted(self.pita, key=lambda p: p.bawah)

    def kategori(self, capaian: Decimal | None) -> str | None:
        """The kategori of a capaian that is already rounded (what is printed is what is judged)."""
        if capaian is None or not self.pita:
            return None
        urut = self._urut()
        if capaian <= urut[0].bawah:
            return urut[0].kategori
        for p in urut:
            if p.memuat(capaian):
                return p.kategori
        return urut[-1].kategori if urut[-1].atas is None else None


def _baris(rows: pd.DataFrame | Sequence[Sequence[Any]]) -> list[tuple[int, Any, Any, Any]]:
    if isinstance(rows, pd.DataFrame):
        kol = KOLOM_SKALA
        hasil: list[tuple[int, Any, Any, Any]] = []
        for i, (_, r) in enumerate(rows.iterrows()):
            hasil.append((i, r.get(kol[0]), r.get(kol[1]), r.get(kol[2])))
        return hasil
    return [(i, *(tuple(r) + (None, None, None))[:3]) for i, r in enumerate(rows)]


def _salah(i: int, kolom: str, pesan: str, nilai: Any = None, seharusnya: Any = None) -> Temuan:
    return Temuan(
        _JENIS,
        pesan,
        lokasi=Lokasi(tabel=Tabel.SKALA, baris=i, kolom=kolom),
        nilai_tercatat=nilai,
        nilai_seharusnya=seharusnya,
    )


def _baca_pita(i: int, bawah_raw: Any, atas_raw: Any, kat_raw: Any, temuan: list[Temuan]) -> Pita | None:
    """One typed row as a band; its problems go to ``temuan``."""
    n0 = len(temuan)
    bawah = atas = None
    try:
        if _kosong(bawah_raw):
            raise NilaiTidakValid("Batas Bawah kosong.")
        bawah = parse_angka(bawah_raw)
    except NilaiTidakValid as e:
        temuan.append(_salah(i, _KOL_BAWAH, f"Skala kategori baris {i + 1}: {e}", bawah_raw))
    if not _kosong(atas_raw):
        try:
            atas = parse_angka(atas_raw)
        except NilaiTidakValid as e:
            temuan.append(_salah(i, _KOL_ATAS, f"Skala kategori baris {i + 1}: {e}", atas_raw))
    kategori = "" if _kosong(kat_raw) else str(kat_raw).strip()
    if not kategori:
        temuan.append(_salah(i, _KOL_KATEGORI, f"Skala kategori baris {i + 1}: nama kategori kosong."))
    if len(temuan) == n0 and atas is not None and bawah is not None and atas <= bawah:
        temuan.append(
            _salah(
                i,
                _KOL_ATAS,
                f"Skala kategori baris {i + 1}: Batas Atas ({format_angka(atas)}) harus "
                f"lebih besar dari Batas Bawah ({format_angka(bawah)}).",
                atas_raw,
            )
        )
    if len(temuan) > n0 or bawah is None:
        return None
    return Pita(bawah, atas, kategori)


def _sambungan(pita: list[tuple[int, Pita]]) -> list[Temuan]:
    """Bands sorted from the bottom: one open top, no gap, no overlap."""
    temuan = []
    terbuka = [(i, p) for i, p in pita if p.atas is None]
    for i, p in terbuka[:-1] if len(terbuka) > 1 else []:
        temuan.append(_salah(i, _KOL_ATAS, f"Skala kategori: lebih dari satu baris tanpa Batas Atas ('{p.kategori}')."))
    for (_, p), (j, q) in zip(pita, pita[1:], strict=False):
        if p.atas is None:
            continue  # already reported as a second open band
        if q.bawah > p.atas:
            temuan.append(
                _salah(
                    j,
                    _KOL_BAWAH,
                    f"Skala kategori bercelah: capaian di atas {format_angka(p.atas)} sampai {format_angka(q.bawah)} "
                    f"tidak masuk kategori mana pun ('{p.kategori}' berakhir di {format_angka(p.atas)}, "
                    f"'{q.kategori}' mulai di atas {format_angka(q.bawah)}).",
                    q.bawah,
                    p.atas,
                )
            )
        elif q.bawah < p.atas:
            temuan.append(
                _salah(
                    j,
                    _KOL_BAWAH,
                    f"Skala kategori tumpang tindih: '{p.kategori}' (sampai {format_angka(p.atas)}) dan "
                    f"'{q.kategori}' (di atas {format_angka(q.bawah)}) sama-sama memuat sebagian nilai.",
                    q.bawah,
                    p.atas,
                )
            )
    puncak_i, puncak = pita[-1]
    if puncak.atas is not None:
        temuan.append(
            _salah(
                puncak_i,
                _KOL_ATAS,
                f"Skala kategori: capaian di atas {format_angka(puncak.atas)} tidak masuk kategori mana pun; "
                f"kosongkan Batas Atas baris '{puncak.kategori}'.",
                puncak.atas,
            )
        )
    return temuan


@ATURAN_LANGKAH.aturan(Jenis.SKALA_KATEGORI_TIDAK_VALID)
def periksa_skala(rows: pd.DataFrame | Sequence[Sequence[Any]]) -> tuple[Skala | None, list[Temuan]]:
    """Read and check a scale typed in tblSkala; the Skala is None when any row is wrong."""
    temuan: list[Temuan] = []
    pita: list[tuple[int, Pita]] = []
    for i, bawah_raw, atas_raw, kat_raw in _baris(rows):
        if all(_kosong(v) for v in (bawah_raw, atas_raw, kat_raw)):
            continue
        p = _baca_pita(i, bawah_raw, atas_raw, kat_raw, temuan)
        if p is not None:
            pita.append((i, p))
    if temuan:
        return None, temuan
    if not pita:
        return None, [_salah(0, _KOL_BAWAH, "Skala kategori kosong: isi paling sedikit satu baris.")]
    pita.sort(key=lambda ip: (ip[1].bawah, ip[1].atas is None, ip[1].atas or 0))
    temuan = _sambungan(pita)
    if temuan:
        return None, temuan
    return Skala(tuple(p for _, p in sorted(pita, key=lambda ip: ip[1].bawah, reverse=True))), []

"""The province's registry of satker public keys, and what a signature's key means.

The registry is a UTF-8 CSV with header
``kode_satker,nama_satker,kunci_publik,berlaku_mulai,dicabut``: one line per key,
several keys per satker allowed (a new PC, new staff), ``dicabut`` filled (a date)
for a revoked key. A malformed line is named in ``catatan`` and the rest is used.

Signature statuses (a JSON contract): ``sah`` (a valid key of the satker the file
names), ``milik_satker_lain`` (the key belongs to another satker),
``kunci_dicabut`` (the satker's key was revoked), ``tidak_dikenal`` (the key is not
in the registry, or no registry was given) and ``tidak_ada`` (no valid signature).
"""

from __future__ import annotations

import csv
import datetime as _dt
import io
from dataclasses import dataclass, field

from kinerja_xl.domain import kanonik
from kinerja_xl.domain.temuan import KinerjaError

__all__ = ["HEADER", "STATUS", "EntriKunci", "DaftarKunci", "baca_daftar_kunci", "status_tanda_tangan"]

HEADER = ("kode_satker", "nama_satker", "kunci_publik", "berlaku_mulai", "dicabut")
SAH, MILIK_LAIN, DICABUT = "sah", "milik_satker_lain", "kunci_dicabut"
TIDAK_DIKENAL, TIDAK_ADA = "tidak_dikenal", "tidak_ada"
STATUS = (SAH, MILIK_LAIN, DICABUT, TIDAK_DIKENAL, TIDAK_ADA)


@dataclass(frozen=True)
class EntriKunci:
    kode_satker: str
    nama_satker: str
    kunci_publik: str
    berlaku_mulai: _dt.date | None
    dicabut: _dt.date | None


@dataclass
class DaftarKunci:
    entri: dict[str, list[EntriKunci]] = field(default_factory=dict)  # public key -> its lines
    catatan: list[str] = field(default_factory=list)


def _tanggal(teks: str, kolom: str, n: int) -> _dt.date | None:
    teks = teks.strip()
    if not teks:
        return None
    try:
        return _dt.date.fromisoformat(teks[:10])
    except ValueError:
        raise ValueError(f"{kolom} '{teks}' bukan tanggal (tulis TTTT-BB-HH)") from None


def baca_daftar_kunci(teks: str, nama: str = "daftar kunci") -> DaftarKunci:
    """Parse the registry text; a wrong header is fatal, a malformed line is noted and skipped."""
    teks = teks.lstrip("\ufeff")
    baris = list(csv.reader(io.StringIO(teks)))
    if not baris or tuple(h.strip().lower() for h in baris[0]) != HEADER:
        raise KinerjaError(f"{nama}: baris pertama harus '{','.join(HEADER)}'.")
    daftar = DaftarKunci()
    for n, row in enumerate(baris[1:], start=2):
        if not any(v.strip() for v in row):
            continue
        try:
            if len(row) != len(HEADER):
                raise ValueError(f"berisi {len(row)} kolom, seharusnya {len(HEADER)}")
            kode, nama_satker, publik = row[0].strip(), row[1].strip(), row[2].strip()
            if not kode:
                raise ValueError("kode_satker kosong")
            if kanonik.baca_kunci_publik(publik) is None:
                raise ValueError("kunci_publik bukan kunci publik Ed25519 (base64, 32 bita)")
            mulai, dicabut = _tanggal(row[3], "berlaku_mulai", n), _tanggal(row[4], "dicabut", n)
            e = EntriKunci(kode, nama_satker, publik, mulai, dicabut)
        except ValueError as err:
            daftar.catatan.append(f"{nama} baris {n} diabaikan: {err}.")
            continue
        daftar.entri.setdefault(publik, []).append(e)
    return daftar


def status_tanda_tangan(daftar: DaftarKunci | None, kunci_publik: str, kode_satker: str, sah: bool) -> str:
    """The signature status of a file naming ``kode_satker``, signed (validly when ``sah``) by ``kunci_publik``."""
    if not kunci_publik or not sah:
        return TIDAK_ADA
    if daftar is None:
        return TIDAK_DIKENAL
    entri = daftar.entri.get(kunci_publik.strip(), [])
    if not entri:
        return TIDAK_DIKENAL
    milik = [e for e in entri if e.kode_satker.upper() == kode_satker.strip().upper()]
    if not milik:
        return MILIK_LAIN
    if all(e.dicabut is not None for e in milik):
        return DICABUT
    return SAH

"""Input table headers and error values: no column silently read as empty.

Input tables are matched by exact header. Every door reports the headers it found
(``Tabel.header_asli``) and the cells holding an Excel error value
(``Tabel.galat_excel``); :func:`periksa_kolom` turns them into findings:

- ``kolom_hilang`` (galat): a required contract header is not in the table;
- ``kolom_opsional_hilang`` (info): an optional one is not; its values read as empty;
- ``kolom_berubah`` (galat): a header equals a contract header only after normalising
  case, spaces and roman numerals (``Realisasi TW 1`` for ``Realisasi TW I``); its values
  are read under the contract header, and ``kinerja-xl migrasi`` writes the contract name back;
- ``kolom_ganda`` (galat): two columns answer to one contract header; the exact one is read;
- ``nilai_galat_excel`` (galat): ``#DIV/0!``, ``#REF!``, ``#N/A`` ... in an input cell (typed,
  or a formula that evaluates to one); the cell reads as empty.
"""

from __future__ import annotations

import re
from dataclasses import replace

from kinerja_xl.domain.temuan import Lokasi, Temuan
from kinerja_xl.gateway.base import Tabel, kolom_huruf
from kinerja_xl.template import contract as c

__all__ = ["normal_header", "periksa_kolom"]

_ROMAWI = {
    "i": "1",
    "ii": "2",
    "iii": "3",
    "iv": "4",
    "v": "5",
    "vi": "6",
    "vii": "7",
    "viii": "8",
    "ix": "9",
    "x": "10",
    "xi": "11",
    "xii": "12",
}


def normal_header(h: str) -> str:
    """A header with case, spaces and roman numerals ignored: ``Realisasi TW 1`` == ``realisasi tw I``."""
    kata = re.split(r"\s+", str(h).strip().casefold())
    return "".join(_ROMAWI.get(k, k) for k in kata)


def periksa_kolom(t: Tabel) -> tuple[Tabel, list[Temuan]]:
    """The table with renamed columns read under their contract header, and the header/error findings."""
    temuan: list[Temuan] = []
    if t.header_asli:
        t, temuan = _cocokkan_header(t)
    temuan += _temuan_galat_excel(t)
    return t, temuan


def _sel_header(t: Tabel, header: str) -> str:
    huruf = t.kolom.get(header)
    if huruf is None:
        huruf = t.kolom.get(t.header_asli[0], "A") if t.header_asli else "A"
    return f"{huruf}{max(t.baris_awal - 1, 1)}"


def _pesan(jenis: str, spec: c.TableSpec, h: str, x: str) -> str:
    if jenis == "kolom_ganda":
        return (
            f"Tabel {spec.name} di lembar {spec.sheet} memiliki lebih dari satu kolom '{h}' (juga '{x}'); "
            "yang dibaca hanya satu. Hapus atau ganti nama kolom yang berlebih."
        )
    if jenis == "kolom_berubah":
        return (
            f"Judul kolom '{x}' di tabel {spec.name} seharusnya '{h}'. Nilainya dibaca sebagai '{h}'; "
            "kembalikan judulnya (atau jalankan 'kinerja-xl migrasi')."
        )
    if jenis == "kolom_opsional_hilang":
        return f"Kolom '{h}' tidak ada di tabel {spec.name}; isinya dianggap kosong."
    return (
        f"Kolom wajib '{h}' tidak ada di tabel {spec.name} lembar {spec.sheet}. "
        f"Tambahkan kolom berjudul '{h}' (atau jalankan 'kinerja-xl migrasi')."
    )


def _cocokkan_header(t: Tabel) -> tuple[Tabel, list[Temuan]]:
    spec = t.spec
    opsional = c.KOLOM_OPSIONAL.get(spec.name, frozenset())
    temuan: list[Temuan] = []
    per_normal: dict[str, list[str]] = {}
    for x in dict.fromkeys(t.header_asli):
        per_normal.setdefault(normal_header(x), []).append(x)
    ganti: dict[str, str] = {}  # contract header -> the retyped header read for it
    diambil: set[str] = set()  # extra columns answering to a contract header: not kept as extras

    def catat(jenis: str, h: str, x: str | None) -> None:
        temuan.append(
            Temuan(
                jenis,
                _pesan(jenis, spec, h, x or h),
                lokasi=Lokasi(spec.sheet, _sel_header(t, x or h)),
                kode=h,
                nilai_tercatat=x,
                nilai_seharusnya=h,
            )
        )

    for h in spec.headers:
        sama = t.header_asli.count(h)
        mirip = [x for x in per_normal.get(normal_header(h), []) if x != h]
        for x in ([h] * (sama - 1) + mirip) if sama else mirip[1:]:
            catat("kolom_ganda", h, x)
        diambil.update(mirip)
        if sama:
            continue
        if mirip:
            ganti[h] = mirip[0]
            catat("kolom_berubah", h, mirip[0])
        else:
            catat("kolom_opsional_hilang" if h in opsional else "kolom_hilang", h, None)
    buang = [x for x in diambil if x in t.data.columns and x not in spec.headers]
    if not ganti and not buang:
        return t, temuan
    return _baca_di_bawah_judul_kontrak(t, ganti, buang), temuan


def _baca_di_bawah_judul_kontrak(t: Tabel, ganti: dict[str, str], buang: list[str]) -> Tabel:
    data, kolom, persen = t.data.copy(), dict(t.kolom), set(t.persen)
    for h, x in ganti.items():
        data[h] = data[x] if x in data else None
        kolom[h] = kolom.get(x, kolom.get(h, ""))
        persen |= {(r, h) for r, k in t.persen if k == x}
    data = data.drop(columns=buang)
    return replace(t, data=data, kolom={k: v for k, v in kolom.items() if v}, persen=persen)


def _temuan_galat_excel(t: Tabel) -> list[Temuan]:
    temuan = []
    for (baris, header), nilai in sorted(t.galat_excel.items(), key=lambda x: (x[0][0], str(x[0][1]))):
        huruf = t.kolom.get(header) or kolom_huruf(1)
        temuan.append(
            Temuan(
                "nilai_galat_excel",
                f"Sel berisi nilai galat Excel {nilai} (kolom {header}); perbaiki rumus atau isiannya. "
                "Sel ini dibaca kosong.",
                lokasi=Lokasi(t.spec.sheet, f"{huruf}{t.baris_awal + baris}", baris, header),
                nilai_tercatat=nilai,
            )
        )
    return temuan

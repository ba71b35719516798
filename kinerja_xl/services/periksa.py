"""Use case `periksa`: is an export intact, and if not, what was changed and where.

Checks, reported in plain Indonesian:
1. the SHA-256 of every table (and of the Metadata manifest) — says which row
   changed; anyone editing on purpose can recompute it;
2. (format 2) the seal: the SHA-256 of every part of the package — any cell,
   formula, sheet or part that ``ekspor`` did not write;
3. the figures: the engine recomputes every output table from the export's
   own input tables and must get the same cells;
4. (format 2) the satker's Ed25519 signature over the seal, and with the
   province's key registry whose key it is (``sah``, ``milik_satker_lain``,
   ``kunci_dicabut``, ``tidak_dikenal``, ``tidak_ada``).

Every format is read by header names, never by position, through one reader
per format version (``_PEMBACA``); a table's layout comes from the file's own
hash table.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
from xlsxwriter.utility import xl_cell_to_rowcol, xl_rowcol_to_cell

from kinerja_xl.domain import daftar_kunci as dk
from kinerja_xl.domain import kanonik
from kinerja_xl.domain.temuan import KinerjaError
from kinerja_xl.gateway import paket_ekspor as paket
from kinerja_xl.gateway.batas import cek_paket
from kinerja_xl.services import ekspor as ek
from kinerja_xl.template import contract as c

__all__ = ["Masalah", "HasilPeriksa", "BerkasEkspor", "BukanEkspor", "baca_ekspor", "periksa", "periksa_berkas"]

_MAKS_SEL = 10  # cell differences listed per table; the rest are counted


@dataclass(frozen=True)
class Masalah:
    """One reason a file is not intact (jenis is stable, pesan is for people)."""

    jenis: str
    pesan: str
    lembar: str = ""
    sel: str = ""
    tabel: str = ""

    def as_dict(self) -> dict[str, str]:
        return {"jenis": self.jenis, "pesan": self.pesan, "lembar": self.lembar, "sel": self.sel, "tabel": self.tabel}


class BukanEkspor(Exception):
    """The file is not (readable as) a kinerja-xl export."""


@dataclass
class BerkasEkspor:
    """An export as read back: metadata, the hash table and every table's raw rows."""

    berkas: Path
    meta: list[tuple[str, Any]]
    hash_rows: list[list[Any]]
    tabel: dict[str, list[list[Any]]]  # rows as in the file, in the file's column order
    ringkasan: list[tuple[str, Any]]
    masalah: list[Masalah] = field(default_factory=list)
    kolom: dict[str, list[str]] = field(default_factory=dict)  # the file's headers of each table
    versi: str = ""
    segel: paket.Segel | None = None

    @property
    def metadata(self) -> dict[str, Any]:
        return dict(self.meta)

    def teks(self, kunci: str) -> str:
        return kanonik.nilai_kanonik(self.metadata.get(kunci))

    def baris(self, spec: c.TableSpec) -> list[list[Any]]:
        """A table's rows with the spec's columns, matched by header name (a missing column is empty)."""
        kolom = self.kolom.get(spec.name, spec.headers)
        indeks = {h: j for j, h in enumerate(kolom)}
        pilih = [indeks.get(h) for h in spec.headers]
        return [[r[j] if j is not None and j < len(r) else None for j in pilih] for r in self.tabel.get(spec.name, [])]

    def df(self, spec: c.TableSpec) -> pd.DataFrame:
        rows = self.baris(spec)
        return pd.DataFrame(rows, columns=spec.headers) if rows else pd.DataFrame(columns=spec.headers)


@dataclass
class HasilPeriksa:
    berkas: Path
    status: str  # "utuh" | "diubah" | "bukan_ekspor"
    masalah: list[Masalah]
    metadata: dict[str, Any] = field(default_factory=dict)
    jaminan: str = ""  # "ed25519" (a registered key of the satker signed) | "sha256" | ""
    hitung_ulang: bool = False
    catatan: list[str] = field(default_factory=list)
    tanda_tangan: dict[str, str] = field(default_factory=lambda: {"status": dk.TIDAK_ADA, "kode_satker": ""})
    wajib_sah: bool = False  # a key registry was given: only an intact export signed `sah` passes

    @property
    def utuh(self) -> bool:
        return self.status == "utuh"

    @property
    def kode_keluar(self) -> int:
        if self.status == "utuh" and self.wajib_sah and self.tanda_tangan["status"] != dk.SAH:
            return 1
        return {"utuh": 0, "diubah": 1}.get(self.status, 2)

    def alasan(self) -> str:
        """One line for a rekap's list of rejected files."""
        if not self.masalah:
            return ""
        teks = self.masalah[0].pesan
        if len(self.masalah) > 1:
            teks += f" (dan {len(self.masalah) - 1} masalah lain)"
        return teks

    def pesan(self) -> str:
        nama = self.berkas.name
        if self.status == "bukan_ekspor":
            return f"{nama} bukan berkas ekspor kinerja-xl yang dapat diperiksa: {self.alasan()}"
        if self.status == "utuh":
            return " ".join([self._pesan_utuh(), *self.catatan])
        baris = [f"{nama} TELAH DIUBAH setelah ekspor atau tidak dapat dibuktikan utuh ({len(self.masalah)} masalah):"]
        for m in self.masalah:
            tempat = f"{m.lembar}!{m.sel}: " if m.sel else (f"lembar {m.lembar}: " if m.lembar else "")
            baris.append(f"- {tempat}{m.pesan}")
        baris.extend(self.catatan)
        return "\n".join(baris)

    def _pesan_utuh(self) -> str:
        nama, status = self.berkas.name, self.tanda_tangan["status"]
        angka = " dan angka keluaran sama dengan hasil hitung ulang" if self.hitung_ulang else ""
        segel = (
            " serta setiap bagian berkas" if kanonik.nilai_kanonik(self.metadata.get(ek.MK.VERSI_FORMAT)) != "1" else ""
        )
        teks = f"{nama} utuh: SHA-256 semua tabel{segel} cocok{angka}. "
        if status == dk.SAH:
            return teks + (
                f"Tanda tangan Ed25519 sah dengan kunci terdaftar milik satker {self.tanda_tangan['kode_satker']}: "
                "berkas dibuat oleh pemegang kunci satker itu dan tidak diubah sesudahnya."
            )
        keterangan = {
            dk.MILIK_LAIN: "TETAPI ditandatangani dengan kunci milik satker lain "
            f"({self.tanda_tangan['kode_satker']}).",
            dk.DICABUT: "TETAPI ditandatangani dengan kunci satker yang sudah dicabut.",
            dk.TIDAK_DIKENAL: "Tanda tangan Ed25519 cocok, tetapi kuncinya tidak ada di daftar kunci provinsi"
            + (" (daftar kunci tidak diberikan)." if not self.wajib_sah else "."),
            dk.TIDAK_ADA: "Berkas tidak bertanda tangan satker.",
        }[status]
        return (
            teks
            + keterangan
            + (
                " Ini membuktikan tidak ada perubahan tidak sengaja setelah ekspor; perubahan yang disengaja dapat "
                "disertai "
                "SHA-256 baru, jadi keaslian hanya dibuktikan oleh tanda tangan berstatus sah."
                if status != dk.SAH
                else ""
            )
        )

    def as_json(self) -> dict[str, Any]:
        return {
            "berkas": str(self.berkas),
            "status": self.status,
            "tanda_tangan": dict(self.tanda_tangan),
            "jaminan": self.jaminan,
            "hitung_ulang": self.hitung_ulang,
            "masalah": [m.as_dict() for m in self.masalah],
            "metadata": {k: kanonik.nilai_kanonik(v) for k, v in self.metadata.items()},
            "pesan": self.pesan(),
        }


# --- reading ----------------------------------------------------------------------------
def _bersih(v: Any) -> Any:
    return None if isinstance(v, str) and v == "" else v


def _blok(rows: list[list[Any]], r: int, c0: int, n: int) -> list[Any]:
    row = rows[r][c0 : c0 + n] if 0 <= r < len(rows) else []
    hasil = [None if v == "" and type(v) is str else v for v in row]
    if len(hasil) < n:
        hasil += [None] * (n - len(hasil))
    return hasil


def _int(v: Any) -> int:
    try:
        return int(float(kanonik.nilai_kanonik(v)))
    except ValueError:
        return -1


def baca_ekspor(path: Path | str) -> BerkasEkspor:
    """Read an export with python-calamine; raise BukanEkspor when it is not one."""
    from python_calamine import CalamineWorkbook

    path = Path(path)
    try:
        cek_paket(path, path.name)
    except KinerjaError as e:
        raise BukanEkspor(str(e)) from None
    try:
        wb = CalamineWorkbook.from_path(str(path))
    except Exception as e:  # calamine raises its own error types for non-workbooks
        raise BukanEkspor(f"berkas tidak dapat dibuka sebagai buku kerja Excel ({type(e).__name__}).") from e
    if ek.METADATA not in wb.sheet_names:
        raise BukanEkspor("tidak ada lembar Metadata; berkas ini bukan hasil 'kinerja-xl ekspor'.")
    cache: dict[str, list[list[Any]]] = {}

    def lembar(nama: str) -> list[list[Any]] | None:
        if nama not in cache:
            if nama not in wb.sheet_names:
                return None
            cache[nama] = wb.get_sheet_by_name(nama).to_python(skip_empty_area=False)
        return cache[nama]

    meta, hash_rows = _baca_metadata(lembar(ek.METADATA) or [])
    versi = kanonik.nilai_kanonik(dict(meta).get(ek.MK.VERSI_FORMAT))
    berkas = BerkasEkspor(path, meta, hash_rows, {}, [], versi=versi)
    pembaca = _PEMBACA.get(versi)
    if pembaca is not None:
        pembaca(berkas, lembar)
    return berkas


def _baca_v1(berkas: BerkasEkspor, lembar: Callable[[str], list[list[Any]] | None]) -> None:
    """Format 1: the tables named in the Metadata hash table, by header name; no package seal."""
    for row in berkas.hash_rows:
        _baca_tabel_ekspor(berkas, row, lembar)


def _baca_v2(berkas: BerkasEkspor, lembar: Callable[[str], list[list[Any]] | None]) -> None:
    """Format 2: format 1's tables plus the seal over every part of the package."""
    _baca_v1(berkas, lembar)
    berkas.segel = paket.cek_segel(berkas.berkas)


# One reader per export format version; a later version adds its own entry and keeps reading by header name.
_PEMBACA: dict[str, Callable[[BerkasEkspor, Callable[[str], list[list[Any]] | None]], None]] = {
    "1": _baca_v1,
    "2": _baca_v2,
}


def _cari_header(rows: list[list[Any]], nama: tuple[str, ...]) -> tuple[int, dict[str, int]] | None:
    """The first row (of the first 20) holding every header in ``nama``: (row, header -> column)."""
    for r, baris in enumerate(rows[:20]):
        teks = [kanonik.nilai_kanonik(v) for v in baris]
        if all(h in teks for h in nama):
            return r, {h: teks.index(h) for h in nama}
    return None


def _baca_blok(rows: list[list[Any]], r0: int, kolom: list[int]) -> list[list[Any]]:
    """Rows below a header, the chosen columns, until the first empty row."""
    hasil = []
    for r in range(r0 + 1, len(rows)):
        row = [_bersih(rows[r][k]) if k < len(rows[r]) else None for k in kolom]
        if all(v is None for v in row):
            break
        hasil.append(row)
    return hasil


def _baca_metadata(meta_rows: list[list[Any]]) -> tuple[list[tuple[str, Any]], list[list[Any]]]:
    """The Metadata sheet's key/value table and hash table, found and read by header names."""
    kv = _cari_header(meta_rows, ("Kunci", "Nilai"))
    if kv is None:
        raise BukanEkspor("lembar Metadata tidak berisi tabel Kunci/Nilai.")
    meta = [(kanonik.nilai_kanonik(k), v) for k, v in _baca_blok(meta_rows, kv[0], [kv[1]["Kunci"], kv[1]["Nilai"]])]
    if kanonik.nilai_kanonik(dict(meta).get(ek.MK.FORMAT)) != ek.FORMAT_BERKAS:
        raise BukanEkspor("lembar Metadata tidak menyebut format ekspor kinerja-xl.")
    th = _cari_header(meta_rows, ek.HEADER_HASH)
    if th is None:
        raise BukanEkspor("tabel hash di lembar Metadata tidak lengkap.")
    # rows in HEADER_HASH order whatever the file's column order
    return meta, _baca_blok(meta_rows, th[0], [th[1][h] for h in ek.HEADER_HASH])


def _baca_tabel_ekspor(berkas: BerkasEkspor, row: list[Any], lembar: Callable[[str], list[list[Any]] | None]) -> None:
    """One table named in the hash table: its rows into ``berkas.tabel``, what changed into ``berkas.masalah``."""
    nama, nama_lembar, sel_awal, n, ncol = row[0], row[1], row[2], _int(row[3]), _int(row[4])
    nama, nama_lembar = kanonik.nilai_kanonik(nama), kanonik.nilai_kanonik(nama_lembar)
    rows = lembar(nama_lembar)
    if rows is None:
        berkas.masalah.append(
            Masalah("lembar_hilang", f"Lembar {nama_lembar} tidak ada lagi di berkas.", nama_lembar, tabel=nama)
        )
        return
    if nama == ek.NAMA_RINGKASAN:
        berkas.ringkasan = [
            (xl_rowcol_to_cell(i, j), v)
            for i, baris in enumerate(rows)
            for j, v in enumerate(baris)
            if kanonik.nilai_kanonik(v) != ""
        ]
        return
    try:
        tr, tc = xl_cell_to_rowcol(kanonik.nilai_kanonik(sel_awal))
    except Exception:  # noqa: BLE001 - an edited anchor cell: fall back to the layout's
        tr, tc = xl_cell_to_rowcol("A4")
    try:
        spec = c.table(nama)
    except KeyError:
        spec = None
    header = [kanonik.nilai_kanonik(h) for h in _blok(rows, tr, tc, max(ncol, 0))]
    berkas.kolom[nama] = header
    skema_sama = berkas.teks(ek.MK.VERSI_SKEMA) == c.VERSI_SKEMA
    if spec is not None and skema_sama and header != spec.headers:
        berkas.masalah.append(
            Masalah(
                "kolom_diubah",
                f"Judul kolom tabel {nama} tidak sama dengan saat ekspor.",
                nama_lembar,
                xl_rowcol_to_cell(tr, tc),
                nama,
            )
        )
    berkas.tabel[nama] = [_blok(rows, tr + 1 + i, tc, ncol) for i in range(max(n, 0))]
    # Rows below the declared block (a row typed or pasted after export).
    tambahan = [
        i
        for i in range(tr + 1 + max(n, 0), len(rows))
        if any(v is not None and kanonik.nilai_kanonik(v) != "" for v in _blok(rows, i, tc, ncol))
    ]
    if tambahan:
        berkas.masalah.append(
            Masalah(
                "baris_ditambah",
                f"Tabel {nama} berisi {len(tambahan)} baris di luar {max(n, 0)} baris yang diekspor "
                f"(mulai baris {tambahan[0] + 1}).",
                nama_lembar,
                xl_rowcol_to_cell(tambahan[0], tc),
                nama,
            )
        )


def _persen(teks: Any) -> set[tuple[int, str]]:
    hasil = set()
    for bagian in kanonik.nilai_kanonik(teks).split(";"):
        r, sep, h = bagian.partition(":")
        if sep and r.strip().isdigit():
            hasil.add((int(r), h))
    return hasil


# --- checking ---------------------------------------------------------------------------
def _cek_hash(berkas: BerkasEkspor) -> list[Masalah]:
    masalah: list[Masalah] = []
    for row in berkas.hash_rows:
        nama, nama_lembar = kanonik.nilai_kanonik(row[0]), kanonik.nilai_kanonik(row[1])
        tercatat = kanonik.nilai_kanonik(row[7]).lower()
        if nama == ek.NAMA_RINGKASAN:
            if kanonik.sha256_tabel(["Sel", "Nilai"], berkas.ringkasan) != tercatat:
                masalah.append(
                    Masalah(
                        "hash_berbeda",
                        "Isi lembar Ringkasan berubah sejak ekspor (SHA-256 tidak cocok).",
                        c.RINGKASAN,
                        tabel=nama,
                    )
                )
            continue
        if nama not in berkas.tabel:
            continue
        headers = berkas.kolom[nama]
        data = berkas.tabel[nama]
        if kanonik.sha256_tabel(headers, data, _persen(row[5])) == tercatat:
            continue
        masalah.extend(
            _letak_perubahan(nama, nama_lembar, kanonik.nilai_kanonik(row[2]), data, kanonik.nilai_kanonik(row[6]))
        )
    return masalah


def _letak_perubahan(nama: str, lembar: str, sel_awal: str, data: list[list[Any]], sidik_lama: str) -> list[Masalah]:
    """Which rows differ, from the per-row digests recorded at export."""
    try:
        tr, tc = xl_cell_to_rowcol(sel_awal)
    except Exception:
        tr, tc = xl_cell_to_rowcol("A4")
    n = ek._PANJANG_SIDIK
    lama = [sidik_lama[i : i + n] for i in range(0, len(sidik_lama), n)]
    # A deleted row shifts the rest up and leaves an empty row at the end of the block.
    isi = list(data)
    while isi and all(kanonik.nilai_kanonik(v) == "" for v in isi[-1]):
        isi.pop()
    baru = ek.sidik_baris(isi)
    if not lama:
        return [
            Masalah("hash_berbeda", f"Isi tabel {nama} berubah sejak ekspor (SHA-256 tidak cocok).", lembar, tabel=nama)
        ]
    if lama == baru and len(isi) == len(data):
        return [
            Masalah(
                "hash_berbeda", f"Format persen atau judul kolom tabel {nama} berubah sejak ekspor.", lembar, tabel=nama
            )
        ]
    return _masalah_baris(nama, lembar, (tr, tc), lama, baru) or [
        Masalah("hash_berbeda", f"Isi tabel {nama} berubah sejak ekspor (SHA-256 tidak cocok).", lembar, tabel=nama)
    ]


def _masalah_baris(
    nama: str, lembar: str, sel_awal: tuple[int, int], lama: list[str], baru: list[str]
) -> list[Masalah]:
    """Deleted, added and changed rows, by aligning the export-time row digests with the current ones."""
    tr, tc = sel_awal
    masalah = []

    def baris_sheet(i: int) -> int:
        return tr + 2 + i  # 1-based sheet row of data row i

    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=lama, b=baru, autojunk=False).get_opcodes():
        if op == "equal":
            continue
        if op == "delete":
            masalah.append(
                Masalah(
                    "baris_dihapus",
                    f"Tabel {nama}: {i2 - i1} baris dihapus (semula baris {baris_sheet(i1)}"
                    + (f"–{baris_sheet(i2 - 1)}" if i2 - i1 > 1 else "")
                    + ").",
                    lembar,
                    xl_rowcol_to_cell(baris_sheet(i1) - 1, tc),
                    nama,
                )
            )
        elif op == "insert":
            masalah.append(
                Masalah(
                    "baris_ditambah",
                    f"Tabel {nama}: {j2 - j1} baris ditambahkan (baris {baris_sheet(j1)}).",
                    lembar,
                    xl_rowcol_to_cell(baris_sheet(j1) - 1, tc),
                    nama,
                )
            )
        else:
            for j in range(j1, j2):
                masalah.append(
                    Masalah(
                        "baris_diubah",
                        f"Tabel {nama}: isi baris {baris_sheet(j)} berubah sejak ekspor.",
                        lembar,
                        xl_rowcol_to_cell(baris_sheet(j) - 1, tc),
                        nama,
                    )
                )
    return masalah


def tabel_masukan(berkas: BerkasEkspor) -> dict:
    """The export's input tables as gateway Tabels (for the engine)."""
    persen = {kanonik.nilai_kanonik(r[0]): _persen(r[5]) for r in berkas.hash_rows}
    return {spec.name: ek.tabel_ekspor(spec, berkas.df(spec), persen.get(spec.name, ())) for spec in c.INPUT_TABLES}


def _cek_hitung_ulang(berkas: BerkasEkspor) -> list[Masalah]:
    """Recompute every output table from the export's inputs and compare cell by cell."""
    try:
        isi = ek.isi_ekspor(tabel_masukan(berkas))
    except Exception as e:  # the engine may reject hand-edited inputs: that is a finding, not a crash
        return [Masalah("hitung_ulang_gagal", f"Angka tidak dapat dihitung ulang dari tabel masukan: {e}")]
    masalah: list[Masalah] = []
    for spec in ek.TABEL_KELUARAN:
        if spec.name not in berkas.tabel:
            continue
        ada = kanonik.baris_kanonik(berkas.baris(spec))
        seharusnya = kanonik.baris_kanonik(list(r) for r in isi.tabel[spec.name].itertuples(index=False))
        tr, tc = xl_cell_to_rowcol(c.ANCHOR.get(spec.name, "A4"))
        if len(ada) != len(seharusnya):
            masalah.append(
                Masalah(
                    "angka_berbeda",
                    f"Tabel {spec.name} berisi {len(ada)} baris, hasil hitung ulang dari tabel masukan "
                    f"{len(seharusnya)} baris.",
                    spec.sheet,
                    tabel=spec.name,
                )
            )
        beda = []
        for i, (a, b) in enumerate(zip(ada, seharusnya, strict=False)):
            for j, (x, y) in enumerate(zip(a, b, strict=False)):
                if x != y:
                    beda.append((i, j, x, y))
        for i, j, x, y in beda[:_MAKS_SEL]:
            masalah.append(
                Masalah(
                    "angka_berbeda",
                    f"{spec.headers[j]} tercatat '{x}', hasil hitung ulang dari tabel masukan '{y}'.",
                    spec.sheet,
                    xl_rowcol_to_cell(tr + 1 + i, tc + j),
                    spec.name,
                )
            )
        if len(beda) > _MAKS_SEL:
            masalah.append(
                Masalah(
                    "angka_berbeda",
                    f"Tabel {spec.name}: {len(beda) - _MAKS_SEL} sel lain juga berbeda.",
                    spec.sheet,
                    tabel=spec.name,
                )
            )
    sel_baru = ek.sel_ringkasan(isi.ringkasan)
    if kanonik.baris_kanonik(berkas.ringkasan) != kanonik.baris_kanonik(sel_baru):
        masalah.append(
            Masalah(
                "angka_berbeda",
                "Lembar Ringkasan tidak sama dengan hasil hitung ulang dari tabel masukan.",
                c.RINGKASAN,
            )
        )
    return masalah


def _cek_segel(berkas: BerkasEkspor) -> list[Masalah]:
    """Format 2: every part of the package as ``ekspor`` wrote it, and a signature that matches."""
    sg = berkas.segel
    if sg is None:
        return []
    if not sg.ada:
        return [
            Masalah(
                "segel_hilang",
                "Sidik bagian berkas (docProps/custom.xml) hilang atau rusak: berkas disimpan "
                "ulang atau diubah setelah ekspor.",
                ek.METADATA,
            )
        ]

    def tempat(bagian: str) -> str:
        nama = sg.lembar.get(bagian)
        return f"lembar {nama} ({bagian})" if nama else bagian

    masalah = [
        Masalah(
            "bagian_ditambah",
            f"Bagian {tempat(b)} tidak ditulis oleh ekspor (ditambahkan sesudahnya).",
            sg.lembar.get(b, ""),
        )
        for b in sg.ditambah
    ]
    masalah += [Masalah("bagian_dihapus", f"Bagian {b} yang ditulis ekspor tidak ada lagi.") for b in sg.dihapus]
    masalah += [
        Masalah(
            "bagian_diubah", f"Bagian {tempat(b)} berubah sejak ekspor (sel, rumus atau format).", sg.lembar.get(b, "")
        )
        for b in sg.diubah
    ]
    if sg.kunci_publik and not sg.tanda_sah:
        masalah.append(
            Masalah(
                "tanda_tangan_tidak_sah",
                "Tanda tangan Ed25519 tidak cocok dengan sidik bagian berkas: berkas diubah setelah ditandatangani.",
                ek.METADATA,
            )
        )
    return masalah


def _tanda_tangan(berkas: BerkasEkspor, daftar: dk.DaftarKunci | None) -> tuple[dict[str, str], list[str]]:
    """The signature status and the satker its key belongs to (per the registry); notes for format 1."""
    kode = berkas.teks(ek.MK.KODE_SATKER)
    sg = berkas.segel
    if sg is None:
        catatan = []
        if berkas.teks(ek.MK.TANDA_TANGAN_V1):
            catatan.append(
                "Berkas format 1 ini ditandatangani dengan HMAC kunci bersama provinsi, yang dapat dibuat "
                "oleh satker mana pun; tanda tangan itu tidak dipakai lagi (status tidak_ada)."
            )
        return {"status": dk.TIDAK_ADA, "kode_satker": ""}, catatan
    status = dk.status_tanda_tangan(daftar, sg.kunci_publik, kode, sg.tanda_sah)
    pemilik = ""
    if daftar is not None and status in (dk.SAH, dk.DICABUT):
        pemilik = kode
    elif daftar is not None and status == dk.MILIK_LAIN:
        pemilik = daftar.entri[sg.kunci_publik][0].kode_satker
    return {"status": status, "kode_satker": pemilik}, []


def _cek_versi(path: Path, berkas: BerkasEkspor) -> HasilPeriksa | None:
    """A format this version cannot read, or a schema newer than this version's."""
    md = berkas.metadata
    versi, skema = berkas.versi, berkas.teks(ek.MK.VERSI_SKEMA)
    if versi in ek.VERSI_DIBACA and skema.isdigit() and int(skema) <= int(c.VERSI_SKEMA):
        return None
    m = Masalah(
        "versi_tidak_didukung",
        f"Versi skema {skema or '-'} / format ekspor {versi or '-'} tidak didukung; versi ini membaca skema sampai "
        f"{c.VERSI_SKEMA}, format {', '.join(ek.VERSI_DIBACA)}. Perbarui kinerja-xl atau minta satker mengekspor "
        "ulang.",
        ek.METADATA,
    )
    return HasilPeriksa(path, "bukan_ekspor", [m], md)


def periksa_berkas(
    path: Path | str, daftar: dk.DaftarKunci | None = None, *, hitung_ulang: bool = True
) -> tuple[HasilPeriksa, BerkasEkspor | None]:
    """periksa plus the file as read (the rekap consolidates from it without reading twice)."""
    path = Path(path)
    try:
        berkas = baca_ekspor(path)
    except BukanEkspor as e:
        return HasilPeriksa(path, "bukan_ekspor", [Masalah("bukan_ekspor", str(e))]), None
    tolak = _cek_versi(path, berkas)
    if tolak is not None:
        return tolak, berkas
    md = berkas.metadata
    masalah = list(berkas.masalah)
    teks = ek.manifest(berkas.meta, berkas.hash_rows)
    if kanonik.sha256_teks(teks) != kanonik.nilai_kanonik(md.get(ek.MK.HASH_MANIFEST)).lower():
        masalah.append(
            Masalah(
                "metadata_diubah",
                "Lembar Metadata (satker, tahun, jumlah baris atau hash) berubah sejak ekspor.",
                ek.METADATA,
            )
        )
    masalah += _cek_hash(berkas)
    masalah += _cek_segel(berkas)
    catatan = []
    hitung_ulang = hitung_ulang and berkas.teks(ek.MK.VERSI_SKEMA) == c.VERSI_SKEMA
    if hitung_ulang:
        masalah += _cek_hitung_ulang(berkas)
    tanda, catatan_tt = _tanda_tangan(berkas, daftar)
    catatan += catatan_tt + (daftar.catatan if daftar is not None else [])
    jaminan = "" if masalah else ("ed25519" if tanda["status"] == dk.SAH else "sha256")
    return HasilPeriksa(
        path,
        "diubah" if masalah else "utuh",
        masalah,
        md,
        jaminan,
        hitung_ulang,
        catatan,
        tanda,
        wajib_sah=daftar is not None,
    ), berkas


def periksa(path: Path | str, daftar: dk.DaftarKunci | None = None, *, hitung_ulang: bool = True) -> HasilPeriksa:
    """`kinerja-xl periksa FILE`: exit 0 intact (and `sah` when a registry is given), 1 edited or not `sah`,
    2 not an export."""
    return periksa_berkas(path, daftar, hitung_ulang=hitung_ulang)[0]

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
per format version (``_PEMBACA`` in the export adapter, gateway/ekspor_xlsx.py);
a table's layout comes from the file's own hash table. ``periksa`` takes the
adapter (``EksporXlsx(path)``), never a path.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from xlsxwriter.utility import xl_cell_to_rowcol, xl_rowcol_to_cell

from kinerja_xl.domain import daftar_kunci as dk
from kinerja_xl.domain import kanonik
from kinerja_xl.gateway import ekspor_xlsx as px
from kinerja_xl.gateway.ekspor_xlsx import BerkasEkspor, BukanEkspor, Masalah, SumberEkspor, _persen
from kinerja_xl.services import ekspor as ek
from kinerja_xl.template import contract as c

__all__ = ["Masalah", "HasilPeriksa", "BerkasEkspor", "BukanEkspor", "periksa", "periksa_berkas"]

_MAKS_SEL = 10  # cell differences listed per table; the rest are counted


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
            " serta setiap bagian berkas" if kanonik.nilai_kanonik(self.metadata.get(px.MK.VERSI_FORMAT)) != "1" else ""
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


# --- checking ---------------------------------------------------------------------------
def _cek_hash(berkas: BerkasEkspor) -> list[Masalah]:
    masalah: list[Masalah] = []
    for row in berkas.hash_rows:
        nama, nama_lembar = kanonik.nilai_kanonik(row[0]), kanonik.nilai_kanonik(row[1])
        tercatat = kanonik.nilai_kanonik(row[7]).lower()
        if nama == px.NAMA_RINGKASAN:
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
        if kanonik.sha256_kanonik(headers, berkas.kanonik(nama), _persen(row[5])) == tercatat:
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
    n = px._PANJANG_SIDIK
    lama = [sidik_lama[i : i + n] for i in range(0, len(sidik_lama), n)]
    # A deleted row shifts the rest up and leaves an empty row at the end of the block.
    isi = list(data)
    while isi and all(kanonik.nilai_kanonik(v) == "" for v in isi[-1]):
        isi.pop()
    baru = px.sidik_baris(isi)
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
    return {spec.name: px.tabel_ekspor(spec, berkas.df(spec), persen.get(spec.name, ())) for spec in c.INPUT_TABLES}


def _cek_hitung_ulang(berkas: BerkasEkspor) -> list[Masalah]:
    """Recompute every output table from the export's inputs and compare cell by cell."""
    try:
        isi = ek.isi_ekspor(tabel_masukan(berkas))
    except Exception as e:  # the engine may reject hand-edited inputs: that is a finding, not a crash
        return [Masalah("hitung_ulang_gagal", f"Angka tidak dapat dihitung ulang dari tabel masukan: {e}")]
    masalah: list[Masalah] = []
    for spec in px.TABEL_KELUARAN:
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
    sel_baru = px.sel_ringkasan(isi.ringkasan)
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
                px.METADATA,
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
                px.METADATA,
            )
        )
    return masalah


def _tanda_tangan(berkas: BerkasEkspor, daftar: dk.DaftarKunci | None) -> tuple[dict[str, str], list[str]]:
    """The signature status and the satker its key belongs to (per the registry); notes for format 1."""
    kode = berkas.teks(px.MK.KODE_SATKER)
    sg = berkas.segel
    if sg is None:
        catatan = []
        if berkas.teks(px.MK.TANDA_TANGAN_V1):
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
    versi, skema = berkas.versi, berkas.teks(px.MK.VERSI_SKEMA)
    if versi in px.VERSI_DIBACA and skema.isdigit() and int(skema) <= int(c.VERSI_SKEMA):
        return None
    m = Masalah(
        "versi_tidak_didukung",
        f"Versi skema {skema or '-'} / format ekspor {versi or '-'} tidak didukung; versi ini membaca skema sampai "
        f"{c.VERSI_SKEMA}, format {', '.join(px.VERSI_DIBACA)}. Perbarui kinerja-xl atau minta satker mengekspor "
        "ulang.",
        px.METADATA,
    )
    return HasilPeriksa(path, "bukan_ekspor", [m], md)


def periksa_berkas(
    sumber: SumberEkspor, daftar: dk.DaftarKunci | None = None, *, hitung_ulang: bool = True
) -> tuple[HasilPeriksa, BerkasEkspor | None]:
    """periksa plus the file as read (the rekap consolidates from it without reading twice)."""
    path = sumber.berkas
    try:
        berkas = sumber.baca()
    except BukanEkspor as e:
        return HasilPeriksa(path, "bukan_ekspor", [Masalah("bukan_ekspor", str(e))]), None
    tolak = _cek_versi(path, berkas)
    if tolak is not None:
        return tolak, berkas
    md = berkas.metadata
    masalah = list(berkas.masalah)
    teks = px.manifest(berkas.meta, berkas.hash_rows)
    if kanonik.sha256_teks(teks) != kanonik.nilai_kanonik(md.get(px.MK.HASH_MANIFEST)).lower():
        masalah.append(
            Masalah(
                "metadata_diubah",
                "Lembar Metadata (satker, tahun, jumlah baris atau hash) berubah sejak ekspor.",
                px.METADATA,
            )
        )
    masalah += _cek_hash(berkas)
    masalah += _cek_segel(berkas)
    catatan = []
    hitung_ulang = hitung_ulang and berkas.teks(px.MK.VERSI_SKEMA) == c.VERSI_SKEMA
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


def periksa(sumber: SumberEkspor, daftar: dk.DaftarKunci | None = None, *, hitung_ulang: bool = True) -> HasilPeriksa:
    """`kinerja-xl periksa FILE`: exit 0 intact (and `sah` when a registry is given), 1 edited or not `sah`,
    2 not an export."""
    return periksa_berkas(sumber, daftar, hitung_ulang=hitung_ulang)[0]

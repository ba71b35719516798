"""Use case `ekspor`: the macro-free workbook a KPU Kabupaten/Kota sends to its province.

The export holds the input tables as values, the output tables recomputed from
exactly those values, and a Metadata sheet with a SHA-256 of every table in its
canonical form. Format 2 also seals every part of the package (gateway/paket_ekspor.py),
signed with the satker's Ed25519 key when one is given. Because the outputs
are computed from the export's own input tables (laid out as in the export), a
checker can recompute them from the file alone and must get the same figures.
"""

from __future__ import annotations

import datetime as _dt
import json
import re
import shutil
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import xlsxwriter
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from xlsxwriter.utility import xl_cell_to_rowcol, xl_col_to_name

from kinerja_xl.domain import kanonik
from kinerja_xl.domain.temuan import KinerjaError, Temuan, Tingkat
from kinerja_xl.gateway import paket_ekspor as paket
from kinerja_xl.gateway.base import GAYA, UKURAN_BAWAAN, Gaya, Lembar, Rumus, Tabel, WorkbookGateway
from kinerja_xl.gateway.berkas import tulis_atomik
from kinerja_xl.gateway.recording import RecordingGateway
from kinerja_xl.narasi import baca_template
from kinerja_xl.services.dokumen import narasi_belum_lengkap
from kinerja_xl.services.dokumen_pk import dokumen_pk, lembar_dokumen_pk
from kinerja_xl.services.hitung import Hasil, baris_tabel, nilai
from kinerja_xl.services.masukan import Konfigurasi, Masukan, baca_masukan
from kinerja_xl.services.narasi import susun_narasi
from kinerja_xl.services.ringkasan import lembar_ringkasan
from kinerja_xl.services.unit import lembar_matriks, nilai_unit
from kinerja_xl.services.validasi import Laporan, baris_validasi, laporan
from kinerja_xl.template import contract as c
from kinerja_xl.template.cetak import (
    GAYA_TINGKAT,
    TINGGI_KEPALA,
    WARNA_KATEGORI,
    WARNA_TINGKAT,
    atur_xlsxwriter,
    format_kolom,
    lebar_bungkus,
    sifat_sel,
    tinggi_baris,
)

__all__ = [
    "EksporDitolak",
    "HasilEkspor",
    "IsiEkspor",
    "ekspor",
    "isi_ekspor",
    "tabel_ekspor",
    "manifest",
    "nama_berkas",
    "METADATA",
    "FORMAT_BERKAS",
    "VERSI_FORMAT",
]


def _versi() -> str:
    try:
        from importlib.metadata import version

        return version("kinerja-xl")
    except Exception:  # running from a source tree that is not installed
        return "0+sumber"


METADATA = "Metadata"
FORMAT_BERKAS = "Ekspor LKj kinerja-xl"
VERSI_FORMAT = "2"
VERSI_DIBACA = ("1", "2")  # every format periksa and rekap read
TABEL_METADATA = "tblMetadata"
TABEL_HASH = "tblHash"
ANCHOR_HASH = "D4"
HEADER_HASH = ("Tabel", "Lembar", "Sel Awal", "Jumlah Baris", "Jumlah Kolom", "Sel Persen", "Sidik Baris", "SHA-256")
# Per-row digests make "which row changed" answerable; a cell holds 32767 characters.
_PANJANG_SIDIK = 8
_MAKS_SIDIK = 32767 // _PANJANG_SIDIK


class MK:
    """Keys of the Metadata sheet."""

    FORMAT = "Format Berkas"
    VERSI_FORMAT = "Versi Format Ekspor"
    VERSI_SKEMA = "Versi Skema"
    VERSI_KINERJA = "Versi kinerja_xl"
    KODE_SATKER = "Kode Satker"
    NAMA_SATKER = "Nama Satker"
    PROVINSI = "Provinsi"
    TAHUN = "Tahun"
    TRIWULAN = "Triwulan Pelaporan"
    BASIS = "Basis Realisasi Anggaran"
    WAKTU = "Waktu Ekspor"
    TOTAL_PAGU = "Total Pagu"
    TOTAL_REALISASI = "Total Realisasi Anggaran"
    JUMLAH_GALAT = "Jumlah Galat"
    JUMLAH_PERINGATAN = "Jumlah Peringatan"
    DIPAKSA = "Ekspor Dipaksa"
    ALASAN = "Alasan Ekspor Dipaksa"
    CATATAN = "Catatan Keaslian"
    KUNCI_PUBLIK = "Kunci Publik Penanda Tangan"
    HASH_MANIFEST = "SHA-256 Manifest"
    # format 1 only: the shared-key HMAC, no longer made nor trusted
    SIDIK_KUNCI_V1 = "Sidik Kunci Provinsi"
    TANDA_TANGAN_V1 = "Tanda Tangan HMAC-SHA256"


# Not part of the manifest: the manifest's own hash (and, in format 1, the HMAC over it).
_DI_LUAR_MANIFEST = (MK.HASH_MANIFEST, MK.TANDA_TANGAN_V1)

# Output tables the export carries (Log is written by the export itself).
TABEL_KELUARAN = (c.CAPAIAN_TABLE, c.CAPAIAN_SASARAN_TABLE, c.ANGGARAN_TABLE, c.VALIDASI_TABLE, c.NARASI_TABLE)
TABEL_DATA = c.INPUT_TABLES + TABEL_KELUARAN + (c.LOG_TABLE,)
# Output tables the export carries as the workbook shows them, outside the hashed tables (the package seal
# covers them): the unit figures and the Rencana Aksi results, computed from the same inputs.
TABEL_UNIT = (c.CAPAIAN_UNIT_TABLE, c.NARASI_UNIT_TABLE, c.RENCANA_AKSI_HASIL_TABLE)
LEMBAR_CETAK = (c.RINGKASAN, c.CAPAIAN, c.ANGGARAN, c.NARASI)
# Cells coloured by their row's word, as the workbook's conditional formats colour them.
_WARNA_SEL = {
    **{
        spec.name: ("Kategori", WARNA_KATEGORI, ("Capaian (%)", "Kategori"))
        for spec in (c.CAPAIAN_TABLE, c.CAPAIAN_SASARAN_TABLE, c.CAPAIAN_UNIT_TABLE)
    },
    c.VALIDASI_TABLE.name: ("Tingkat", WARNA_TINGKAT, ("Tingkat",)),
}
NAMA_RINGKASAN = "Ringkasan"  # the free-form sheet is hashed over its cells under this name

_CATATAN = (
    "SHA-256 setiap tabel dan setiap bagian berkas menunjukkan perubahan setelah ekspor; siapa pun yang sengaja "
    "mengubah isi dapat menghitung ulang SHA-256 itu. Tanda tangan Ed25519 hanya dapat dibuat oleh pemegang "
    "kunci pribadi satker; provinsi memeriksanya dengan kunci publik satker di daftar kuncinya."
)


class EksporDitolak(KinerjaError):
    """Export refused: the workbook still has galat (or cannot be named)."""

    def __init__(self, galat: list[Temuan], pesan: str | None = None):
        self.galat = list(galat)
        if pesan is None:
            baris = [f"Ekspor ditolak: masih ada {len(self.galat)} galat. Perbaiki dulu, lalu ekspor lagi:"]
            for t in self.galat:
                tempat = f"{t.lokasi.lembar}!{t.lokasi.sel}" if t.lokasi.sel else (t.lokasi.lembar or "-")
                baris.append(f"- {tempat}: {t.pesan}")
            baris.append(
                "Jika harus dikirim sekarang juga, gunakan --paksa dengan alasannya; alasan itu dicatat di berkas "
                "ekspor."
            )
            pesan = "\n".join(baris)
        super().__init__(pesan)


def _anchor(spec: c.TableSpec) -> tuple[int, int]:
    """0-based (row, col) of the header cell of a table in the export."""
    return xl_cell_to_rowcol(c.ANCHOR.get(spec.name, "A4"))


def tabel_ekspor(spec: c.TableSpec, data: pd.DataFrame, persen: Iterable[tuple[int, str]] = ()) -> Tabel:
    """A Tabel laid out as the export lays it out (header at the contract anchor)."""
    r0, c0 = _anchor(spec)
    kolom = {h: xl_col_to_name(c0 + i) for i, h in enumerate(spec.headers)}
    data = data.reindex(columns=spec.headers).astype(object).reset_index(drop=True)
    data = data.where(pd.notna(data), None)
    return Tabel(spec, data, baris_awal=r0 + 2, kolom=kolom, persen=set(persen))


def _kosong(v: Any) -> bool:
    return kanonik.nilai_kanonik(v) == ""


def _masukan_ekspor(masukan: Masukan) -> dict[str, Tabel]:
    """The input tables as the export will hold them: contract columns, no blank rows."""
    hasil = {}
    for spec in c.INPUT_TABLES:
        t = masukan.tabel[spec.name]
        data = t.data.reindex(columns=spec.headers)
        simpan = [i for i, row in enumerate(data.itertuples(index=False)) if not all(_kosong(v) for v in row)]
        baru = {lama: j for j, lama in enumerate(simpan)}
        persen = {(baru[r], h) for r, h in t.persen if r in baru and h in spec.headers}
        hasil[spec.name] = tabel_ekspor(spec, data.iloc[simpan], persen)
    return hasil


@dataclass
class IsiEkspor:
    """Everything an export holds, computed in memory (periksa recomputes the same)."""

    masukan: Masukan
    hasil: Hasil
    laporan: Laporan
    tabel: dict[str, pd.DataFrame]  # table name -> rows with the spec's headers
    persen: dict[str, set[tuple[int, str]]]
    ringkasan: Lembar


def _sel_teks(v: Any) -> Any:
    """A HYPERLINK formula of the Validasi sheet becomes its visible cell address."""
    if isinstance(v, Rumus):
        m = re.search(r',\s*"([^"]*)"\s*\)\s*$', v)
        return m.group(1) if m else ""
    return v


def isi_ekspor(tabel_masukan: dict[str, Tabel]) -> IsiEkspor:
    """Compute the output tables from input tables laid out as in the export."""
    masukan = baca_masukan(
        RecordingGateway(
            tabel_masukan,
            hanya_baca=True,
            tabel_kosong=lambda spec: tabel_ekspor(spec, pd.DataFrame(columns=spec.headers)),
        )
    )
    hasil = nilai(masukan)
    lap = laporan(hasil)
    tabel: dict[str, pd.DataFrame] = {}
    persen: dict[str, set[tuple[int, str]]] = {}
    for spec in c.INPUT_TABLES:
        t = tabel_masukan[spec.name]
        tabel[spec.name] = t.data.reindex(columns=spec.headers)
        persen[spec.name] = set(t.persen)
    tabel[c.CAPAIAN_TABLE.name] = baris_tabel(hasil.capaian.indikator, c.CAPAIAN_TABLE)
    tabel[c.CAPAIAN_SASARAN_TABLE.name] = baris_tabel(hasil.satker.capaian.sasaran, c.CAPAIAN_SASARAN_TABLE)
    tabel[c.ANGGARAN_TABLE.name] = baris_tabel(hasil.anggaran.baris, c.ANGGARAN_TABLE)
    tabel[c.VALIDASI_TABLE.name] = baris_validasi(lap).map(_sel_teks)
    tabel[c.NARASI_TABLE.name] = susun_narasi(hasil, lap).reindex(columns=c.NARASI_TABLE.headers)
    for spec in TABEL_KELUARAN:
        persen[spec.name] = set()
    return IsiEkspor(masukan, hasil, lap, tabel, persen, lembar_ringkasan(hasil))


def sel_ringkasan(lembar: Lembar) -> list[tuple[str, Any]]:
    """The Ringkasan cells that carry content, in a fixed order (for hashing)."""
    hasil = []
    for alamat, v in lembar.cells.items():
        if not _kosong(v):
            r, k = xl_cell_to_rowcol(alamat)
            hasil.append((r, k, alamat, v))
    hasil.sort()
    return [(alamat, v) for _, _, alamat, v in hasil]


def sidik_baris(rows: list[list[Any]]) -> list[str]:
    """Short digest of each row, to locate edits; same function on both ends."""
    return [
        kanonik.sha256_teks(json.dumps(kanonik.baris_kanonik([r])[0], ensure_ascii=False, separators=(",", ":")))[
            :_PANJANG_SIDIK
        ]
        for r in rows
    ]


def baris_hash(isi: IsiEkspor, log: pd.DataFrame) -> list[list[Any]]:
    """The rows of tblHash: where each table sits, its size and its SHA-256."""
    rows = []
    semua = dict(isi.tabel)
    semua[c.LOG_TABLE.name] = log
    for spec in TABEL_DATA:
        df = semua[spec.name]
        data = [list(r) for r in df.itertuples(index=False)]
        persen = isi.persen.get(spec.name, set())
        sidik = sidik_baris(data)
        rows.append(
            [
                spec.name,
                spec.sheet,
                c.ANCHOR.get(spec.name, "A4"),
                len(data),
                len(spec.headers),
                ";".join(f"{r}:{h}" for r, h in sorted(persen)),
                "".join(sidik) if len(sidik) <= _MAKS_SIDIK else "",
                kanonik.sha256_tabel(spec.headers, data, persen),
            ]
        )
    sel = sel_ringkasan(isi.ringkasan)
    rows.append([NAMA_RINGKASAN, c.RINGKASAN, "A1", len(sel), 2, "", "", kanonik.sha256_tabel(["Sel", "Nilai"], sel)])
    return rows


def manifest(meta: list[tuple[str, Any]], hash_rows: list[list[Any]]) -> str:
    """The canonical text the manifest hash and the HMAC are taken over."""
    dok = {
        "metadata": [
            [kanonik.nilai_kanonik(k), kanonik.nilai_kanonik(v)] for k, v in meta if k not in _DI_LUAR_MANIFEST
        ],
        "tabel": kanonik.baris_kanonik(hash_rows),
    }
    return json.dumps(dok, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def nama_berkas(kode_satker: str, tahun: int | str) -> str:
    """LKj_<KodeSatker>_<Tahun>.xlsx, with characters Windows forbids replaced."""
    kode = re.sub(r'[\\/:*?"<>|\s]+', "-", str(kode_satker).strip()).strip("-.") or "tanpa-kode"
    return f"LKj_{kode}_{tahun}.xlsx"


@dataclass
class HasilEkspor:
    berkas: Path
    kode_satker: str
    tahun: int
    laporan: Laporan
    metadata: dict[str, Any]
    hash: dict[str, str]
    jumlah_baris: dict[str, int]
    pdf: Path | None = None
    dipaksa: bool = False
    alasan: str | None = None
    ditandatangani: bool = False

    def pesan(self) -> str:
        teks = [f"Ekspor selesai: {self.berkas}."]
        if self.dipaksa:
            teks.append(f"Ekspor dipaksa meskipun ada galat; alasan dicatat di lembar Metadata: {self.alasan}")
        if self.ditandatangani:
            teks.append(
                "Berkas ditandatangani dengan kunci satker (Ed25519, kunci publik "
                f"{self.metadata.get(MK.KUNCI_PUBLIK)})."
            )
        else:
            teks.append(
                "Berkas memuat SHA-256 setiap tabel dan bagian berkas (mendeteksi perubahan); tanpa tanda tangan "
                "satker."
            )
        if self.pdf:
            teks.append(f"PDF: {self.pdf}")
        return " ".join(teks)


def ekspor(
    gateway: WorkbookGateway,
    ke: Path | None = None,
    *,
    paksa: str | None = None,
    kunci: Ed25519PrivateKey | None = None,
    pdf: bool = False,
) -> HasilEkspor:
    """The `Ekspor ke Provinsi` button and `kinerja-xl ekspor`."""
    gateway.progres("Membaca masukan", 0.0)
    masukan = baca_masukan(gateway)
    gateway.progres("Memeriksa sebelum ekspor", 0.2)
    hasil = nilai(masukan)
    lap = laporan(hasil)
    galat = [t for t in lap.temuan if t.galat] + narasi_belum_lengkap(hasil, baca_template(gateway))
    alasan = _boleh_ekspor(masukan, galat, paksa)
    dipaksa = bool(galat and alasan)
    k = masukan.konfigurasi
    kode_satker, tahun = k.teks(c.Kunci.KODE_SATKER), k.tahun
    assert tahun is not None

    gateway.progres("Menghitung ulang dari tabel ekspor", 0.4)
    isi = isi_ekspor(_masukan_ekspor(masukan))
    waktu = _dt.datetime.now(_dt.UTC).astimezone().replace(microsecond=0)
    log = _log_ekspor(waktu, alasan if dipaksa else None)
    meta = _metadata(k, isi, waktu, alasan if dipaksa else None, kunci)
    hash_rows = baris_hash(isi, log)
    teks = manifest(meta, hash_rows)
    meta.append((MK.HASH_MANIFEST, kanonik.sha256_teks(teks)))

    folder = Path(ke) if ke is not None else (gateway.berkas.parent if gateway.berkas is not None else Path.cwd())
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise KinerjaError(f"Folder tujuan {folder} tidak dapat dibuat ({e.strerror or e}).") from None
    tujuan = folder / nama_berkas(kode_satker, tahun)
    gateway.progres(f"Menulis {tujuan.name}", 0.6)
    tulis_atomik(tujuan, lambda p: tulis_xlsx(p, isi, log, meta, hash_rows, kunci=kunci), perintah="ekspor")
    berkas_pdf = None
    if pdf:
        gateway.progres("Mencetak PDF dengan LibreOffice", 0.8)
        berkas_pdf = _cetak_pdf(isi, tujuan.with_suffix(".pdf"), judul=f"{k.teks(c.Kunci.NAMA_SATKER)} {tahun}")
    gateway.progres("Ekspor selesai", 1.0)
    return HasilEkspor(
        berkas=tujuan,
        kode_satker=kode_satker,
        tahun=tahun,
        laporan=lap,
        metadata=dict(meta),
        hash={r[0]: r[-1] for r in hash_rows},
        jumlah_baris={r[0]: r[3] for r in hash_rows},
        pdf=berkas_pdf,
        dipaksa=dipaksa,
        alasan=alasan if dipaksa else None,
        ditandatangani=kunci is not None,
    )


def _boleh_ekspor(masukan: Masukan, galat: list[Temuan], paksa: str | None) -> str | None:
    """The export gate: no galat (or a forced export with a reason), Kode Satker and Tahun filled."""
    alasan = paksa.strip() if paksa is not None else None
    if paksa is not None and not alasan:
        raise EksporDitolak(galat, "Ekspor paksa memerlukan alasan: tuliskan alasannya setelah --paksa.")
    if galat and not alasan:
        raise EksporDitolak(galat)
    k = masukan.konfigurasi
    if not k.teks(c.Kunci.KODE_SATKER) or k.tahun is None:
        raise EksporDitolak(
            galat,
            "Ekspor tidak dapat dibuat: Kode Satker dan Tahun di lembar Konfigurasi harus diisi, "
            "karena keduanya menjadi nama berkas dan kunci rekap provinsi.",
        )
    return alasan


def _log_ekspor(waktu: _dt.datetime, alasan_paksa: str | None) -> pd.DataFrame:
    """The export's one Log row."""
    pesan = "Berkas ekspor untuk provinsi dibuat." + (f" Ekspor dipaksa: {alasan_paksa}" if alasan_paksa else "")
    return pd.DataFrame(
        [
            {
                "Waktu": waktu.strftime("%Y-%m-%d %H:%M:%S"),
                "Aksi": "Ekspor",
                "Pesan": pesan,
                "Detail Teknis": f"kinerja_xl {_versi()}, skema {c.VERSI_SKEMA}, format ekspor {VERSI_FORMAT}",
            }
        ],
        columns=c.LOG_TABLE.headers,
    )


def _metadata(
    k: Konfigurasi, isi: Any, waktu: _dt.datetime, alasan_paksa: str | None, kunci: Ed25519PrivateKey | None
) -> list[tuple[str, Any]]:
    """The Metadata sheet rows before the manifest hash and signature."""
    temuan = isi.laporan.temuan
    return [
        (MK.FORMAT, FORMAT_BERKAS),
        (MK.VERSI_FORMAT, VERSI_FORMAT),
        (MK.VERSI_SKEMA, c.VERSI_SKEMA),
        (MK.VERSI_KINERJA, _versi()),
        (MK.KODE_SATKER, k.teks(c.Kunci.KODE_SATKER)),
        (MK.NAMA_SATKER, k.teks(c.Kunci.NAMA_SATKER)),
        (MK.PROVINSI, k.teks(c.Kunci.PROVINSI)),
        (MK.TAHUN, k.tahun),
        (MK.TRIWULAN, k.triwulan),
        (MK.BASIS, k.teks(c.Kunci.BASIS_REALISASI)),
        (MK.WAKTU, waktu.isoformat()),
        (MK.TOTAL_PAGU, int(isi.hasil.anggaran.total["pagu"])),
        (MK.TOTAL_REALISASI, int(isi.hasil.anggaran.total["realisasi"])),
        (MK.JUMLAH_GALAT, sum(1 for t in temuan if t.galat)),
        (MK.JUMLAH_PERINGATAN, sum(1 for t in temuan if t.tingkat is Tingkat.PERINGATAN)),
        (MK.DIPAKSA, "Ya" if alasan_paksa else "Tidak"),
        (MK.ALASAN, alasan_paksa or ""),
        (MK.CATATAN, _CATATAN),
        (MK.KUNCI_PUBLIK, kanonik.kunci_publik(kunci) if kunci else ""),
    ]


# --- writing the .xlsx ----------------------------------------------------------------
_RUPIAH = {"Pagu", "Pagu Awal", "Realisasi", "Sisa"}


class _Format:
    def __init__(self, wb: xlsxwriter.Workbook):
        self.judul = wb.add_format({"bold": True, "font_size": 14})
        self.subjudul = wb.add_format({"bold": True, "font_size": 12})
        self.label = wb.add_format({"bold": True})
        self.bantuan = wb.add_format({"italic": True, "font_color": "#595959"})
        self.header = wb.add_format(
            {"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True, "valign": "top"}
        )
        self.teks = wb.add_format({"text_wrap": False, "valign": "top"})
        # typed text starting with "=": shown as typed after an apostrophe, so editing it never makes a formula
        self.teks_kutip = wb.add_format({"text_wrap": False, "valign": "top", "quote_prefix": True})
        self.paragraf = wb.add_format({"text_wrap": True, "valign": "top"})
        self.angka = wb.add_format({"num_format": "#,##0.##", "valign": "top"})
        self.rupiah = wb.add_format({"num_format": "#,##0", "valign": "top"})
        self.persen = wb.add_format({"num_format": "0.00", "valign": "top"})
        self.persen_sel = wb.add_format({"num_format": "0.00%", "valign": "top"})
        self.tanggal = wb.add_format({"num_format": "dd/mm/yyyy", "valign": "top"})
        self.waktu = wb.add_format({"num_format": "dd/mm/yyyy hh:mm:ss", "valign": "top"})
        self.tautan = wb.add_format({"font_color": "#0563C1", "underline": 1, "valign": "top"})
        self.gaya = {nama: wb.add_format(_sifat_gaya(g)) for nama, g in GAYA.items()}
        self._wb = wb
        self.umum = wb.add_format({})  # a free-form sheet's cell without a named style, as the file door writes it
        self._kolom: dict[tuple[str, bool, str | None, bool, bool, int, bool], Any] = {}
        self.gaya_kutip = {nama: wb.add_format({**_sifat_gaya(g), "quote_prefix": True}) for nama, g in GAYA.items()}

    def kolom(
        self,
        spec: c.TableSpec,
        header: str,
        isian: str | None = None,
        tautan: bool = False,
        tingkat: Any = None,
        kutip: bool = False,
    ) -> Any:
        """The format of an output table's data cells in column ``header``: the template's (template/cetak.py);
        an Anggaran row's level (``tingkat``) makes it bold and indents its Uraian as the template does."""
        num_format, bungkus = format_kolom(spec, spec.kolom(header))
        tebal, inden = GAYA_TINGKAT.get(tingkat, (False, 0)) if spec is c.ANGGARAN_TABLE else (False, 0)
        inden = inden if header == "Uraian" else 0
        kunci = (num_format, bungkus, isian, tautan, tebal, inden, kutip)
        if kunci not in self._kolom:
            sifat = sifat_sel(num_format, bungkus, isian)
            if tautan:
                sifat.update(font_color="#0563C1", underline=1)
            if tebal:
                sifat["bold"] = True
            if inden:
                sifat.update(align="left", indent=inden)
            if kutip:  # typed text starting with "=": shown as typed, editing it never makes a formula
                sifat["quote_prefix"] = True
            self._kolom[kunci] = self._wb.add_format(sifat)
        return self._kolom[kunci]


def _sifat_gaya(g: Gaya) -> dict[str, Any]:
    """XlsxWriter properties of a named style of the one style table."""
    sifat: dict[str, Any] = {"valign": "top"} if g.format_angka or g.bungkus else {}
    if g.tebal:
        sifat["bold"] = True
    if g.ukuran and g.ukuran != UKURAN_BAWAAN:
        sifat["font_size"] = g.ukuran
    if g.format_angka:
        sifat["num_format"] = g.format_angka
    if g.bungkus:
        sifat["text_wrap"] = True
    for huruf, sisi in (("l", "left"), ("r", "right"), ("t", "top"), ("b", "bottom")):
        if huruf in g.garis:
            sifat[sisi] = 1
    return sifat


def _tulis_sel(ws, r: int, k: int, v: Any, f: _Format, fmt=None, persen: bool = False) -> None:
    """One value, by type; text always as text so '=1+1' never becomes a formula."""
    if _kosong(v) and not (isinstance(v, str) and v):
        return
    if hasattr(v, "item") and not isinstance(v, (str, bytes)):
        v = v.item()
    if isinstance(v, bool):
        ws.write_boolean(r, k, v, fmt or f.teks)
    elif isinstance(v, str):
        ws.write_string(r, k, v, fmt or (f.teks_kutip if v.startswith("=") else f.teks))
    elif isinstance(v, (int, float)) or type(v).__name__ == "Decimal":
        # Cut to Excel's 15 significant digits before writing, so the file holds exactly
        # the number the canonical form hashes (no double rounding on the way back).
        angka = v if isinstance(v, int) else float(format(float(v), ".15g"))
        ws.write_number(r, k, angka, f.persen_sel if persen else (fmt or f.angka))
    elif isinstance(v, _dt.datetime):
        ws.write_datetime(r, k, v.replace(tzinfo=None), f.tanggal if v.time() == _dt.time(0) else f.waktu)
    elif isinstance(v, _dt.date):
        ws.write_datetime(r, k, _dt.datetime(v.year, v.month, v.day), f.tanggal)
    else:
        ws.write_string(r, k, kanonik.nilai_kanonik(v), fmt or f.teks)


def _lindungi(ws) -> None:
    # No password: this guards against accidental typing, it is not a security boundary.
    ws.protect(
        "", {"select_locked_cells": True, "select_unlocked_cells": True, "format_columns": True, "autofilter": True}
    )


def _tulis_tabel(ws, spec: c.TableSpec, df: pd.DataFrame, persen: set[tuple[int, str]], f: _Format) -> None:
    r0, c0 = _anchor(spec)
    headers = spec.headers
    rows = list(df.itertuples(index=False))
    if not rows:  # with rows, add_table writes the headers (twice would make the shared-string count false)
        for j, h in enumerate(headers):
            ws.write_string(r0, c0 + j, h, f.header)
    for i, row in enumerate(rows):
        for j, (h, v) in enumerate(zip(headers, row, strict=False)):
            if spec is c.VALIDASI_TABLE and h == "Sel" and isinstance(v, str) and v:
                lembar = row[headers.index("Lembar")]
                if lembar:
                    ws.write_url(
                        r0 + 1 + i, c0 + j, f"internal:'{lembar}'!{v}", f.kolom(spec, h, tautan=True), string=v
                    )
                    continue
            fmt = f.rupiah if h in _RUPIAH and spec in (c.PAGU_TABLE, c.ANGGARAN_TABLE) else None
            if not spec.input:
                tingkat = row[headers.index("Tingkat")] if spec is c.ANGGARAN_TABLE else None
                kutip = isinstance(v, str) and v.startswith("=")
                fmt = f.kolom(spec, h, _isian(spec, headers, row, h), tingkat=tingkat, kutip=kutip)
            _tulis_sel(ws, r0 + 1 + i, c0 + j, v, f, fmt, persen=(i, h) in persen)
    if rows:
        ws.add_table(
            r0,
            c0,
            r0 + len(rows),
            c0 + len(headers) - 1,
            {
                "name": spec.name,
                "columns": [{"header": h, "header_format": f.header} for h in headers],
                "style": "Table Style Light 9",
                "autofilter": False,
            },
        )
    for j, h in enumerate(headers):
        lebar = (
            60
            if h in ("Paragraf", "Pesan")
            else 28
            if h in ("Sasaran", "Indikator Kinerja", "Uraian", "Keterangan")
            else 14
        )
        ws.set_column(c0 + j, c0 + j, lebar)


def _tinggi_baris(ws: Any, tabel: dict[c.TableSpec, pd.DataFrame]) -> None:
    """Explicit heights for rows with wrapped text; tables side by side share rows: the tallest wins."""
    tinggi: dict[int, float] = {}
    for spec, df in tabel.items():
        lebar = lebar_bungkus(spec)
        if not lebar:
            continue
        r0 = _anchor(spec)[0]
        tinggi[r0] = TINGGI_KEPALA  # headers wrap to two lines in the printed widths
        for i, row in enumerate(df.itertuples(index=False)):
            t = tinggi_baris(dict(zip(spec.headers, row, strict=False)), lebar) or 0.0
            tinggi[r0 + 1 + i] = max(tinggi.get(r0 + 1 + i, 0.0), t)
    for r, t in sorted(tinggi.items()):
        if t:
            ws.set_row(r, t)


def _isian(spec: c.TableSpec, headers: list[str], row: Any, header: str) -> str | None:
    """The fill of a Kategori / Tingkat cell (and Capaian beside it) by its row's word, or None."""
    aturan = _WARNA_SEL.get(spec.name)
    if aturan is None or header not in aturan[2]:
        return None
    kata = row[headers.index(aturan[0])]
    return aturan[1].get(kata) if isinstance(kata, str) else None


def _tulis_lembar(wb, ws, lembar: Lembar, f: _Format) -> None:
    gaya = f.gaya
    if lembar.area_cetak:
        ws.print_area(lembar.area_cetak)
    for kol, lebar in lembar.lebar_kolom.items():
        j = xl_cell_to_rowcol(f"{kol}1")[1]
        ws.set_column(j, j, lebar)
    for alamat, v in lembar.cells.items():
        r, k = xl_cell_to_rowcol(alamat)
        nama = lembar.gaya.get(alamat, "")
        if isinstance(v, str) and v.startswith("="):  # typed text: stays text when edited
            _tulis_sel(ws, r, k, v, f, f.gaya_kutip.get(nama, f.teks_kutip))
            continue
        _tulis_sel(ws, r, k, v, f, gaya.get(nama, f.umum))
    for alamat in lembar.gaya.keys() - lembar.cells.keys():  # a styled empty cell: a form's bordered table
        r, k = xl_cell_to_rowcol(alamat)
        ws.write_blank(r, k, None, gaya[lembar.gaya[alamat]])
    for g in lembar.grafik:
        chart = wb.add_chart(
            {"type": "column" if g.jenis == "bar" else "line", **({"subtype": "stacked"} if g.bertumpuk else {})}
        )
        for i, (nama, rentang) in enumerate(g.seri):
            seri = {
                "name": nama,
                "categories": _rentang(lembar.nama, g.kategori),
                "values": _rentang(lembar.nama, rentang),
            }
            if i < len(g.warna):
                warna = "#" + g.warna[i]
                seri["fill" if g.jenis == "bar" else "line"] = {"color": warna}
            chart.add_series(seri)
        chart.set_title({"name": g.judul})
        if g.judul_sumbu_y:
            chart.set_y_axis({"name": g.judul_sumbu_y})
        chart.set_size({"width": int(g.lebar_cm * 37.8), "height": int(g.tinggi_cm * 37.8)})
        r, k = xl_cell_to_rowcol(g.anchor)
        ws.insert_chart(r, k, chart)


def _rentang(lembar: str, rentang: str) -> list:
    a, _, b = rentang.partition(":")
    r1, c1 = xl_cell_to_rowcol(a)
    r2, c2 = xl_cell_to_rowcol(b or a)
    return [lembar, r1, c1, r2, c2]


def tulis_xlsx(
    path: Path,
    isi: IsiEkspor,
    log: pd.DataFrame | None,
    meta: list[tuple[str, Any]] | None,
    hash_rows: list[list[Any]] | None,
    lembar: tuple[str, ...] | None = None,
    kunci: Ed25519PrivateKey | None = None,
) -> None:
    """Write the export (or, with ``lembar``, only those sheets for printing), sealed and signed with ``kunci``."""
    wb = xlsxwriter.Workbook(
        str(path),
        {
            "strings_to_formulas": False,
            "strings_to_numbers": False,
            "strings_to_urls": False,
            "nan_inf_to_errors": False,
        },
    )
    f = _Format(wb)
    semua = dict(isi.tabel)
    if log is not None:
        semua[c.LOG_TABLE.name] = log
    dokumen: dict[str, Lembar] = {}
    if lembar is None:
        tabel_unit, dokumen = _keluaran_unit(isi)
        semua.update(tabel_unit)
        urutan = [s for s in c.SHEETS if s not in (c.PETUNJUK, c.XLWINGS_CONF, *c.LEMBAR_BACAAN)]
        akhir = urutan.index(c.LEMBAR_PK_BAWAAN[-1]) + 1  # PK sheets of units added later: after the default ones
        urutan[akhir:akhir] = [n for n in dokumen if n not in urutan]
    else:
        urutan = list(lembar)
    for nama in urutan:
        _tulis_lembar_ekspor(wb, nama, isi, semua, f, dokumen)
    if meta is not None and hash_rows is not None:
        _tulis_metadata(wb, meta, hash_rows, f)
        paket.siapkan(wb)
    wb.close()
    if meta is not None and hash_rows is not None:
        paket.segel(Path(path), kunci)


def _keluaran_unit(isi: IsiEkspor) -> tuple[dict[str, pd.DataFrame], dict[str, Lembar]]:
    """The unit tables and the printable forms (Rencana Aksi matrix, PK per unit) as ``proses`` writes them."""
    hu = nilai_unit(isi.hasil)
    tabel = {
        c.CAPAIAN_UNIT_TABLE.name: baris_tabel(hu.capaian, c.CAPAIAN_UNIT_TABLE),
        c.NARASI_UNIT_TABLE.name: baris_tabel(hu.narasi, c.NARASI_UNIT_TABLE),
        c.RENCANA_AKSI_HASIL_TABLE.name: baris_tabel(hu.rencana_aksi.indikator, c.RENCANA_AKSI_HASIL_TABLE),
    }
    dokumen = [lembar_matriks(isi.hasil, hu)]
    try:
        dokumen += lembar_dokumen_pk(dokumen_pk(isi.hasil, hu))
    except KinerjaError as e:  # a statement page too long for its page (a forced export): say so on the sheet
        for nama in c.LEMBAR_PK_BAWAAN:
            dokumen.append(Lembar(nama, cells={"A1": str(e)}))
    return tabel, {lb.nama: lb for lb in dokumen}


def _tulis_lembar_ekspor(
    wb: Any, nama: str, isi: IsiEkspor, semua: dict[str, pd.DataFrame], f: _Format, dokumen: dict[str, Lembar]
) -> None:
    """One sheet of the export as the workbook prints it: Ringkasan and the forms as drawn, any other sheet as
    its tables' values; the sheet's print layout from template/cetak.py."""
    ws = wb.add_worksheet(nama)
    if nama == c.RINGKASAN:
        _tulis_lembar(wb, ws, isi.ringkasan, f)
    elif nama in dokumen:
        _tulis_lembar(wb, ws, dokumen[nama], f)
    else:
        ws.write_string(0, 0, c.JUDUL_LEMBAR.get(nama, nama), f.judul)
        ws.write_string(
            1, 0, "Salinan nilai untuk provinsi; lembar dikunci agar tidak terketik tanpa sengaja.", f.bantuan
        )
        tabel = [s for s in (*TABEL_DATA, *TABEL_UNIT) if s.sheet == nama and s.name in semua]
        for spec in tabel:
            _tulis_tabel(ws, spec, semua[spec.name], isi.persen.get(spec.name, set()), f)
        _tinggi_baris(ws, {spec: semua[spec.name] for spec in tabel})
    tata = atur_xlsxwriter(ws, nama)
    for alamat, judul in tata.judul_bagian if tata and nama not in dokumen else ():
        r, k = xl_cell_to_rowcol(alamat)
        ws.write_string(r, k, judul, f.judul)
    _lindungi(ws)


def _tulis_metadata(wb: Any, meta: list[tuple[str, Any]], hash_rows: list[list[Any]], f: _Format) -> None:
    """The Metadata sheet: the key/value table and the per-table hashes."""
    ws = wb.add_worksheet(METADATA)
    ws.write_string(0, 0, "Metadata Ekspor LKj", f.judul)
    ws.write_string(1, 0, _CATATAN, f.bantuan)
    r0, _ = xl_cell_to_rowcol("A4")
    for i, (kunci, v) in enumerate(meta):
        ws.write_string(r0 + 1 + i, 0, kunci, f.label)
        _tulis_sel(ws, r0 + 1 + i, 1, v, f)
    ws.add_table(
        r0,
        0,
        r0 + len(meta),
        1,
        {
            "name": TABEL_METADATA,
            "columns": [{"header": "Kunci", "header_format": f.header}, {"header": "Nilai", "header_format": f.header}],
            "autofilter": False,
        },
    )
    hr, hc = xl_cell_to_rowcol(ANCHOR_HASH)
    for i, row in enumerate(hash_rows):
        for j, v in enumerate(row):
            _tulis_sel(ws, hr + 1 + i, hc + j, v, f)
    ws.add_table(
        hr,
        hc,
        hr + len(hash_rows),
        hc + len(HEADER_HASH) - 1,
        {
            "name": TABEL_HASH,
            "columns": [{"header": h, "header_format": f.header} for h in HEADER_HASH],
            "autofilter": False,
        },
    )
    ws.set_column(0, 0, 28)
    ws.set_column(1, 1, 40)
    ws.set_column(hc, hc + len(HEADER_HASH) - 1, 16)
    _lindungi(ws)


def _cetak_pdf(isi: IsiEkspor, tujuan: Path, judul: str) -> Path:
    """The printable sheets (Ringkasan, Capaian, Anggaran, Narasi) through LibreOffice."""
    from kinerja_xl.libreoffice import konversi

    with tempfile.TemporaryDirectory(prefix="kinerja-pdf-") as tmp:
        sumber = Path(tmp) / (tujuan.stem + ".xlsx")
        tulis_xlsx(sumber, isi, None, None, None, lembar=LEMBAR_CETAK)
        hasil = konversi(sumber, "pdf", outdir=Path(tmp) / "pdf", hitung_ulang=False)
        tulis_atomik(tujuan, lambda p: shutil.copyfile(hasil, p), perintah="ekspor --pdf")
    return tujuan

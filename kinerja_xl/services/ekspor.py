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
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from kinerja_xl.domain import kanonik
from kinerja_xl.domain.temuan import KinerjaError, Temuan, Tingkat
from kinerja_xl.gateway import ekspor_xlsx as paket
from kinerja_xl.gateway.base import Lembar, Rumus, Tabel, WorkbookGateway
from kinerja_xl.gateway.ekspor_xlsx import (
    _CATATAN,
    FORMAT_BERKAS,
    METADATA,
    MK,
    TABEL_KELUARAN,
    VERSI_FORMAT,
    _kosong,
    baris_hash,
    manifest,
    nama_berkas,
    tabel_ekspor,
)
from kinerja_xl.gateway.recording import RecordingGateway
from kinerja_xl.services.dokumen import narasi_belum_lengkap, naskah_lkj
from kinerja_xl.services.dokumen_pk import dokumen_pk, lembar_dokumen_pk
from kinerja_xl.services.hitung import Hasil, baris_tabel, jumlah_tabel, nilai
from kinerja_xl.services.masukan import Konfigurasi, Masukan, baca_masukan
from kinerja_xl.services.narasi import susun_narasi
from kinerja_xl.services.ringkasan import lembar_ringkasan
from kinerja_xl.services.unit import lembar_matriks, nilai_unit
from kinerja_xl.services.validasi import Laporan, baris_validasi, laporan
from kinerja_xl.template import contract as c

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
    "MK",
    "FORMAT_BERKAS",
    "VERSI_FORMAT",
]


def _versi() -> str:
    try:
        from importlib.metadata import version

        return version("kinerja-xl")
    except Exception:  # running from a source tree that is not installed
        return "0+sumber"


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
    # Written by the export, not hashed nor recomputed by periksa (the package seal covers them): the unit
    # tables and the printable forms (Rencana Aksi matrix, PK per unit), filled by ``_keluaran_unit``.
    tabel_unit: dict[str, pd.DataFrame] = field(default_factory=dict)
    dokumen: dict[str, Lembar] = field(default_factory=dict)
    jumlah: dict[str, dict[str, Any]] = field(default_factory=dict)  # table -> its total row (header -> value)


def _keluaran_unit(isi: IsiEkspor) -> None:
    """The unit tables and the printable forms (Rencana Aksi matrix, PK per unit) as ``proses`` writes them."""
    hu = nilai_unit(isi.hasil)
    isi.tabel_unit = {
        c.CAPAIAN_UNIT_TABLE.name: baris_tabel(hu.capaian, c.CAPAIAN_UNIT_TABLE),
        c.NARASI_UNIT_TABLE.name: baris_tabel(hu.narasi, c.NARASI_UNIT_TABLE),
        c.RENCANA_AKSI_HASIL_TABLE.name: baris_tabel(hu.rencana_aksi.indikator, c.RENCANA_AKSI_HASIL_TABLE),
    }
    dokumen = [lembar_matriks(isi.hasil, hu)]
    try:
        dokumen += lembar_dokumen_pk(dokumen_pk(isi.hasil, hu))
    except KinerjaError as e:  # a statement page too long for its page (a forced export): say so on the sheet
        dokumen += [Lembar(nama, cells={"A1": str(e)}) for nama in c.LEMBAR_PK_BAWAAN]
    isi.dokumen = {lb.nama: lb for lb in dokumen}


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
    narasi, temuan_narasi = susun_narasi(hasil)
    lap.gabung(temuan_narasi)
    tabel[c.VALIDASI_TABLE.name] = baris_validasi(lap).map(_sel_teks)
    tabel[c.NARASI_TABLE.name] = narasi.reindex(columns=c.NARASI_TABLE.headers)
    for spec in TABEL_KELUARAN:
        persen[spec.name] = set()
    jumlah = {c.ANGGARAN_TABLE.name: jumlah_tabel(hasil, c.ANGGARAN_TABLE)}
    return IsiEkspor(masukan, hasil, lap, tabel, persen, lembar_ringkasan(hasil), jumlah=jumlah)


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
    galat = [t for t in lap.temuan if t.galat] + narasi_belum_lengkap(hasil)
    alasan = _boleh_ekspor(masukan, galat, paksa)
    dipaksa = bool(galat and alasan)
    k = masukan.konfigurasi
    kode_satker, tahun = k.teks(c.Kunci.KODE_SATKER), k.tahun
    assert tahun is not None

    gateway.progres("Menghitung ulang dari tabel ekspor", 0.4)
    isi = isi_ekspor(_masukan_ekspor(masukan))
    _keluaran_unit(isi)
    waktu = _dt.datetime.now(_dt.UTC).astimezone().replace(microsecond=0)
    log = _log_ekspor(waktu, alasan if dipaksa else None)
    meta = _metadata(k, isi, waktu, alasan if dipaksa else None, kunci)
    hash_rows = baris_hash(isi, log)
    teks = manifest(meta, hash_rows)
    meta.append((MK.HASH_MANIFEST, kanonik.sha256_teks(teks)))

    folder = Path(ke) if ke is not None else (gateway.berkas.parent if gateway.berkas is not None else Path.cwd())
    tujuan = folder / nama_berkas(kode_satker, tahun)
    gateway.progres(f"Menulis {tujuan.name}", 0.6)
    paket.tulis_paket(tujuan, isi, log, meta, hash_rows, kunci=kunci)
    berkas_pdf = None
    if pdf:
        gateway.progres("Mencetak PDF dengan LibreOffice", 0.8)
        berkas_pdf = paket.cetak_pdf(isi, tujuan.with_suffix(".pdf"), dokumen=_dokumen_lkj(gateway, hasil))
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


def _dokumen_lkj(gateway: WorkbookGateway, hasil: Hasil) -> Callable[[Path], Any]:
    """What writes the LKj document (as `dokumen lkj` does) that opens the export's PDF."""
    naskah = naskah_lkj(hasil, logo=gateway.baca_gambar(c.PROFIL))

    def tulis(docx: Path) -> Any:
        from kinerja_xl.services.word import tulis_docx  # python-docx only when a PDF is asked for

        return tulis_docx(naskah, docx)

    return tulis


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

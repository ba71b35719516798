"""Use case `dokumen lkj`: the whole LKj as Word (and PDF through LibreOffice).

``naskah_lkj`` composes the document from one run (no I/O); ``tulis_lkj`` writes the
.docx and, when asked, the PDF with its Daftar Isi updated by LibreOffice;
``dokumen_lkj`` is the CLI command / button over a workbook gateway. The Narasi
sheet and ``narasi --docx`` use the same composition, so every door gives the same text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from kinerja_xl.domain.sel import rekaman
from kinerja_xl.domain.sel import sel_teks as _teks
from kinerja_xl.domain.temuan import Lokasi, Temuan
from kinerja_xl.gateway.base import WorkbookGateway
from kinerja_xl.narasi import TemplateNarasi
from kinerja_xl.narasi.lkj import Bahan, susun_lkj
from kinerja_xl.narasi.susun import Naskah
from kinerja_xl.services.dokumen_pk import dokumen_pk
from kinerja_xl.services.hitung import Hasil, nilai
from kinerja_xl.services.masukan import baca_masukan
from kinerja_xl.services.unit import nilai_unit
from kinerja_xl.template import contract as c

__all__ = ["HasilDokumen", "dokumen_lkj", "narasi_belum_lengkap", "naskah_lkj", "nama_bawaan", "tulis_lkj"]

KOLOM_MATRIKS = ("Sasaran", "Indikator Kinerja", "Target", "Kegiatan", *(str(i) for i in range(1, 13)), "Pelaksana")


@dataclass
class HasilDokumen:
    """What `dokumen lkj` wrote and the placeholders left in it."""

    docx: Path
    pdf: Path | None
    naskah: Naskah
    penanda: list[tuple[str, str, str]] = field(default_factory=list)

    @property
    def lengkap(self) -> bool:
        return not self.penanda


def nama_bawaan(workbook: Path | str, ext: str, akhiran: str = "LKj") -> Path:
    """`<workbook name>_LKj.<ext>` beside the workbook (`_RKT`, `_Laporan_Tahunan` for the other documents)."""
    p = Path(workbook)
    return p.with_name(f"{p.stem}_{akhiran}.{ext}")


def _profil(hasil: Hasil) -> dict[str, str]:
    t = hasil.masukan.tabel.get(c.PROFIL_TABLE.name)
    if t is None or not len(t.data):
        return {}
    return {_teks(k): _teks(v) for k, v in zip(t.data["Kunci"], t.data["Teks"], strict=True) if _teks(k)}


def _matriks(hasil: Hasil, hu) -> pd.DataFrame:
    """The Rencana Aksi matrix rows: the indikator named on its first kegiatan, a tick per planned month."""
    ind = {str(r["kode"]).upper(): r for r in rekaman(hasil.capaian.indikator)}
    rows, lalu = [], None
    for b in rekaman(hu.rencana_aksi.baris):
        kode = b["kode"]
        info = ind.get(str(kode).upper(), {}) if kode != lalu else {}
        rows.append(
            {
                "Sasaran": _teks(info.get("uraian_sasaran")),
                "Indikator Kinerja": _teks(info.get("indikator")),
                "Target": _teks(info.get("target")),
                "Kegiatan": _teks(b.get("kegiatan")),
                **{str(i): "√" if ada else "" for i, ada in enumerate(b["rencana"], 1)},
                "Pelaksana": _teks(b.get("pelaksana")),
            }
        )
        lalu = kode
    if not rows:
        rows.append({"Kegiatan": "Belum ada Rencana Aksi: isi lembar RencanaAksi."})
    return pd.DataFrame(rows, columns=list(KOLOM_MATRIKS)).fillna("")


def naskah_lkj(hasil: Hasil, templat: TemplateNarasi | None = None, logo: bytes | None = None) -> Naskah:
    """The whole LKj of one run (no I/O); the wording is the run's (its Template Narasi) unless given."""
    hu = nilai_unit(hasil)
    bahan = Bahan(
        hasil=hasil.satker,
        semua=hasil,
        unit=hu,
        profil=_profil(hasil),
        dokumen_pk=dokumen_pk(hasil, hu),
        matriks=_matriks(hasil, hu),
        logo=logo,
    )
    return susun_lkj(bahan, templat)


def tulis_lkj(naskah: Naskah, docx: Path, pdf: Path | None = None) -> HasilDokumen:
    """Write the .docx (atomic) and, when ``pdf`` is given, the PDF with the Daftar Isi updated."""
    from kinerja_xl.services.word import tulis_docx  # python-docx only when a document is asked for

    tulis_docx(naskah, docx)
    if pdf is not None:
        from kinerja_xl.libreoffice import docx_ke_pdf

        docx_ke_pdf(docx, pdf)
    return HasilDokumen(Path(docx), Path(pdf) if pdf is not None else None, naskah, naskah.penanda())


def dokumen_lkj(gateway: WorkbookGateway, *, docx: Path, pdf: Path | None = None) -> HasilDokumen:
    """`kinerja-xl dokumen lkj FILE`: read the workbook once, compose, write; the workbook is not changed."""
    hasil = nilai(baca_masukan(gateway))
    gateway.progres("Menyusun dokumen LKj", None)
    naskah = naskah_lkj(hasil, logo=gateway.baca_gambar(c.PROFIL))
    gateway.progres("Menulis dokumen LKj", None)
    return tulis_lkj(naskah, docx, pdf)


def narasi_belum_lengkap(hasil: Hasil, templat: TemplateNarasi | None = None) -> list[Temuan]:
    """One galat when the LKj still holds placeholders: `ekspor` refuses it unless forced (--paksa)."""
    penanda = naskah_lkj(hasil, templat).penanda()
    if not penanda:
        return []
    contoh = "; ".join(f"{bagian}: {teks}" for bagian, _, teks in penanda[:5])
    lagi = f" dan {len(penanda) - 5} lainnya" if len(penanda) > 5 else ""
    return [
        Temuan(
            "narasi_belum_lengkap",
            f"Narasi LKj masih memuat {len(penanda)} bagian yang belum diisi ({contoh}{lagi}). Lengkapi teksnya di "
            f"lembar {c.PROFIL}, {c.REALISASI} (Analisis Penyebab, Analisis Keberhasilan, Upaya Perbaikan) atau "
            f"{c.KONFIGURASI}, lalu jalankan 'kinerja-xl dokumen lkj' untuk memeriksa.",
            lokasi=Lokasi(c.NARASI),
            nilai_tercatat=str(len(penanda)),
        )
    ]

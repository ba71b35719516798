"""`kinerja-xl dokumen lkj|rkt|tahunan` (the year's documents as Word and PDF, beside the workbook)
and `kinerja-xl tahun-baru` (next year's workbook).

`daftarkan(app)` registers the `dokumen` command group. Exit codes: 0 written and
complete, 1 written with placeholders left (text staff have not written yet),
2 could not run (also `--pdf` without LibreOffice).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kinerja_xl.domain.temuan import KinerjaError

dokumen_app = typer.Typer(help="Dokumen siap tanda tangan dan kirim.", no_args_is_help=True, rich_markup_mode=None)


@dokumen_app.command("lkj")
def lkj(
    berkas: Annotated[Path, typer.Argument(help="Berkas workbook LKj (.xlsm/.xlsx).")],
    docx: Annotated[
        Path | None, typer.Option("--docx", help="Berkas Word tujuan (bawaan: <nama workbook>_LKj.docx).")
    ] = None,
    pdf: Annotated[
        Path | None,
        typer.Option(
            "--pdf",
            help="Berkas PDF tujuan (perlu LibreOffice; bawaan: di samping workbook bila LibreOffice terpasang).",
        ),
    ] = None,
) -> None:
    """Tulis LKj lengkap (sampul sampai lampiran) sebagai Word, dan PDF bila LibreOffice terpasang."""
    from kinerja_xl.cli import ADA_GALAT, BERHASIL, _gateway, _jalankan, console
    from kinerja_xl.libreoffice import cari_soffice
    from kinerja_xl.services.dokumen import dokumen_lkj, nama_bawaan

    def body() -> int:
        if pdf is not None and cari_soffice() is None:
            raise KinerjaError(
                "LibreOffice (soffice) tidak ditemukan, sehingga PDF tidak dapat dibuat. Pasang "
                "LibreOffice, atau jalankan tanpa --pdf lalu simpan sebagai PDF dari Word."
            )
        tujuan_pdf = pdf if pdf is not None else (nama_bawaan(berkas, "pdf") if cari_soffice() else None)
        hasil = dokumen_lkj(_gateway(berkas), docx=docx or nama_bawaan(berkas, "docx"), pdf=tujuan_pdf)
        console.print(f"LKj ditulis ke {hasil.docx}" + (f" dan {hasil.pdf}" if hasil.pdf else "") + ".")
        if hasil.penanda:
            console.print(f"Masih ada {len(hasil.penanda)} bagian yang belum diisi (ditandai kuning di dokumen):")
            for bagian, kode, teks in hasil.penanda[:20]:
                console.print(f"  - {bagian}{f' ({kode})' if kode else ''}: {teks}")
            return ADA_GALAT
        return BERHASIL

    _jalankan(body)


_OPSI_DOCX = "Berkas Word tujuan (bawaan: di samping workbook)."
_OPSI_PDF = "Berkas PDF tujuan (perlu LibreOffice; bawaan: di samping workbook bila LibreOffice terpasang)."


def _tujuan_pdf(berkas: Path, pdf: Path | None, akhiran: str) -> Path | None:
    from kinerja_xl.libreoffice import cari_soffice
    from kinerja_xl.services.dokumen import nama_bawaan

    if pdf is not None and cari_soffice() is None:
        raise KinerjaError(
            "LibreOffice (soffice) tidak ditemukan, sehingga PDF tidak dapat dibuat. Pasang "
            "LibreOffice, atau jalankan tanpa --pdf lalu simpan sebagai PDF dari Word."
        )
    return pdf if pdf is not None else (nama_bawaan(berkas, "pdf", akhiran) if cari_soffice() else None)


def _laporkan(nama: str, hasil, temuan: list) -> int:
    """Print what was written, the placeholders left and the findings; 1 when any is left, else 0."""
    from kinerja_xl.cli import ADA_GALAT, BERHASIL, console

    console.print(f"{nama} ditulis ke {hasil.docx}" + (f" dan {hasil.pdf}" if hasil.pdf else "") + ".", markup=False)
    for bagian, kode, teks in hasil.penanda[:20]:
        console.print(f"  - belum diisi: {bagian}{f' ({kode})' if kode else ''}: {teks}", markup=False)
    for t in temuan[:20]:
        console.print(f"  - {t.tingkat.value}: {t.pesan}", markup=False)
    return ADA_GALAT if hasil.penanda or temuan else BERHASIL


@dokumen_app.command("rkt")
def rkt(
    berkas: Path = typer.Argument(..., help="Berkas workbook LKj (.xlsm/.xlsx)."),
    docx: Path | None = typer.Option(None, "--docx", help=_OPSI_DOCX + " Nama bawaan: <nama workbook>_RKT.docx."),
    pdf: Path | None = typer.Option(None, "--pdf", help=_OPSI_PDF),
) -> None:
    """Tulis Rencana Kerja Tahunan (tabel lanskap per program, kegiatan dan KRO) sebagai Word, dan PDF."""
    from kinerja_xl.cli import _gateway, _jalankan
    from kinerja_xl.services.dokumen import nama_bawaan
    from kinerja_xl.services.dokumen_rkt import AKHIRAN, dokumen_rkt

    def body() -> int:
        tujuan_pdf = _tujuan_pdf(berkas, pdf, AKHIRAN)
        hasil, temuan = dokumen_rkt(_gateway(berkas), docx=docx or nama_bawaan(berkas, "docx", AKHIRAN), pdf=tujuan_pdf)
        return _laporkan("RKT", hasil, temuan)

    _jalankan(body)


@dokumen_app.command("tahunan")
def tahunan(
    berkas: Path = typer.Argument(..., help="Berkas workbook LKj (.xlsm/.xlsx)."),
    docx: Path | None = typer.Option(
        None, "--docx", help=_OPSI_DOCX + " Nama bawaan: <nama workbook>_Laporan_Tahunan.docx."
    ),
    pdf: Path | None = typer.Option(None, "--pdf", help=_OPSI_PDF),
) -> None:
    """Tulis Laporan Tahunan (BAB I-IV: organisasi, program dan anggaran, capaian per kegiatan, KRO dan RO)."""
    from kinerja_xl.cli import _gateway, _jalankan
    from kinerja_xl.services.dokumen import nama_bawaan
    from kinerja_xl.services.dokumen_tahunan import AKHIRAN, dokumen_tahunan

    def body() -> int:
        tujuan_pdf = _tujuan_pdf(berkas, pdf, AKHIRAN)
        hasil = dokumen_tahunan(_gateway(berkas), docx=docx or nama_bawaan(berkas, "docx", AKHIRAN), pdf=tujuan_pdf)
        return _laporkan("Laporan Tahunan", hasil, [])

    _jalankan(body)


def tahun_baru(
    berkas: Path = typer.Argument(..., help="Berkas workbook LKj tahun ini (.xlsm/.xlsx); tidak diubah."),
    keluar: Path | None = typer.Option(
        None,
        "--keluar",
        help="Berkas workbook tahun berikutnya (bawaan: <nama workbook>_<Tahun+1>.xlsm di sampingnya).",
    ),
    ganti: bool = typer.Option(False, "--ganti", help="Timpa berkas tujuan bila sudah ada."),
) -> None:
    """Buat workbook tahun berikutnya: PK, target Renstra, riwayat realisasi dan Rencana Aksi dibawa;
    realisasi dan Pagu kosong."""
    from kinerja_xl.api import tahun_baru as layanan
    from kinerja_xl.cli import BERHASIL, _gateway, _jalankan, console, template_bawaan

    def body() -> int:
        hasil = layanan(_gateway(berkas), keluar, template_bawaan(), asal=berkas, ganti=ganti)
        console.print(hasil.pesan(), markup=False)
        for teks in hasil.peringatan:
            console.print(f"  - peringatan: {teks}", markup=False)
        if hasil.temuan:
            console.print(
                f"Temuan workbook tahun {hasil.tahun_lama} yang ikut terbawa ({len(hasil.temuan)}):", markup=False
            )
            for t in hasil.temuan[:30]:
                console.print(
                    f"  - {t.tingkat.value} {t.lokasi.lembar} {t.lokasi.sel}: {t.pesan}".replace("  ", " "),
                    markup=False,
                )
        return BERHASIL

    _jalankan(body, berkas, "tahun-baru")


def daftarkan(app: typer.Typer) -> None:
    app.add_typer(dokumen_app, name="dokumen")
    app.command("tahun-baru")(tahun_baru)

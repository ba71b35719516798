"""`kinerja-xl dokumen lkj`: the whole LKj as Word and PDF, beside the workbook.

`daftarkan(app)` registers the `dokumen` command group. Exit codes: 0 written and
complete, 1 written with placeholders left (text staff have not written yet),
2 could not run (also `--pdf` without LibreOffice).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kinerja_xl.domain.temuan import KinerjaError

dokumen_app = typer.Typer(help="Dokumen siap tanda tangan dan kirim.", no_args_is_help=True,
                          rich_markup_mode=None)


@dokumen_app.command("lkj")
def lkj(
    berkas: Annotated[Path, typer.Argument(help="Berkas workbook LKj (.xlsm/.xlsx).")],
    docx: Annotated[Path | None, typer.Option("--docx", help="Berkas Word tujuan (bawaan: <nama workbook>_LKj.docx).")]
    = None,
    pdf: Annotated[Path | None, typer.Option("--pdf", help="Berkas PDF tujuan (perlu LibreOffice; bawaan: di samping "
                                                          "workbook bila LibreOffice terpasang).")] = None,
) -> None:
    """Tulis LKj lengkap (sampul sampai lampiran) sebagai Word, dan PDF bila LibreOffice terpasang."""
    from kinerja_xl.cli import ADA_GALAT, BERHASIL, _gateway, _jalankan, console
    from kinerja_xl.libreoffice import cari_soffice
    from kinerja_xl.services.dokumen import dokumen_lkj, nama_bawaan

    def body() -> int:
        if pdf is not None and cari_soffice() is None:
            raise KinerjaError("LibreOffice (soffice) tidak ditemukan, sehingga PDF tidak dapat dibuat. Pasang "
                               "LibreOffice, atau jalankan tanpa --pdf lalu simpan sebagai PDF dari Word.")
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


def daftarkan(app: typer.Typer) -> None:
    app.add_typer(dokumen_app, name="dokumen")

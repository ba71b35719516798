"""Use case `narasi`: the LKj text (Ikhtisar, BAB III A and B) written from the computed figures.

Every number in the text comes from the same ``Hasil`` the tables come from,
so the narrative cannot contradict its own tables. The wording comes from
Jinja2 templates (``kinerja_xl/narasi/*.j2``) that a satker may override in
its workbook's ``Template Narasi`` sheet; a broken override is a
``template_narasi_rusak`` peringatan naming key and line, and the shipped
wording is used for that part, so the report is never blocked by a typo in a
template.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from kinerja_xl.domain.temuan import Temuan
from kinerja_xl.gateway.base import WorkbookGateway
from kinerja_xl.narasi import TemplateNarasi
from kinerja_xl.narasi.susun import Naskah, susun_naskah
from kinerja_xl.services.dokumen import naskah_lkj, tulis_lkj
from kinerja_xl.services.hitung import Hasil, nilai
from kinerja_xl.services.masukan import baca_masukan
from kinerja_xl.services.validasi import laporan, tulis_validasi
from kinerja_xl.template import contract as c


def buat_naskah(hasil: Hasil, *, templat: TemplateNarasi | None = None) -> Naskah:
    """The narrative of the satker's own PK (as the LKj prints it); a broken template's findings in ``temuan``.

    The wording is the run's own (``hasil.masukan.templat``, with the workbook's Template Narasi)
    unless ``templat`` is given.
    """
    return susun_naskah(hasil.satker, templat)


def susun_narasi(hasil: Hasil, *, templat: TemplateNarasi | None = None) -> tuple[pd.DataFrame, list[Temuan]]:
    """Narasi rows (Bagian, Kode, Paragraf), one paragraph per row, and the template findings."""
    naskah = buat_naskah(hasil, templat=templat)
    return naskah.baris(), list(naskah.temuan)


def tulis_narasi(
    gateway: WorkbookGateway,
    hasil: Hasil,
    *,
    docx: Path | None = None,
    pdf: Path | None = None,
) -> tuple[pd.DataFrame, list[Temuan]]:
    """Write the Narasi sheet in one call (and the .docx when asked), with the run's templates.

    Returns the rows and the findings of a broken template override; the caller merges
    them into its report (``Laporan.gabung``), before or after computing it.
    """
    gateway.progres("Menyusun narasi", None)
    naskah = buat_naskah(hasil)
    rows = naskah.baris()
    gateway.progres("Menulis lembar Narasi", None)
    gateway.tulis_tabel(c.NARASI_TABLE, rows)
    if docx is not None:
        gateway.progres("Menulis dokumen Word", None)
        tulis_lkj(naskah_lkj(hasil, logo=gateway.baca_gambar(c.PROFIL)), docx, pdf)
    return rows, list(naskah.temuan)


def narasi(gateway: WorkbookGateway, *, docx: Path | None = None, pdf: Path | None = None) -> pd.DataFrame:
    """The `Buat Narasi` button and `kinerja-xl narasi FILE [--docx OUT.docx]`.

    Also rewrites the Validasi sheet, so the warnings behind the narrative's
    placeholders (and any broken template) are listed next to it. The caller commits.
    """
    hasil = nilai(baca_masukan(gateway))
    rows, temuan = tulis_narasi(gateway, hasil, docx=docx, pdf=pdf)
    lap = laporan(hasil)
    lap.gabung(temuan)
    tulis_validasi(gateway, lap)
    return rows

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

from kinerja_xl.gateway.base import WorkbookGateway
from kinerja_xl.narasi import TemplateNarasi
from kinerja_xl.narasi.susun import Naskah, susun_naskah
from kinerja_xl.services.dokumen import naskah_lkj, tulis_lkj
from kinerja_xl.services.hitung import Hasil, nilai
from kinerja_xl.services.masukan import baca_masukan
from kinerja_xl.services.validasi import Laporan, laporan, tulis_validasi
from kinerja_xl.template import contract as c


def buat_naskah(hasil: Hasil, lap: Laporan | None = None, *, templat: TemplateNarasi | None = None) -> Naskah:
    """The narrative of the satker's own PK (as the LKj prints it); template findings are added to ``lap``.

    The wording is the run's own (``hasil.masukan.templat``, with the workbook's Template Narasi)
    unless ``templat`` is given.
    """
    naskah = susun_naskah(hasil.satker, templat)
    if lap is not None:
        lama = {(t.jenis, t.kode, t.pesan) for t in lap.temuan}
        lap.temuan.extend(t for t in naskah.temuan if (t.jenis, t.kode, t.pesan) not in lama)
    return naskah


def susun_narasi(hasil: Hasil, lap: Laporan | None = None, *, templat: TemplateNarasi | None = None) -> pd.DataFrame:
    """Narasi rows (Bagian, Kode, Paragraf): one paragraph per row."""
    return buat_naskah(hasil, lap, templat=templat).baris()


def tulis_narasi(
    gateway: WorkbookGateway,
    hasil: Hasil,
    lap: Laporan | None = None,
    *,
    docx: Path | None = None,
    pdf: Path | None = None,
) -> pd.DataFrame:
    """Write the Narasi sheet in one call (and the .docx when asked), with the run's templates.

    Call it before ``tulis_validasi`` so a broken-template warning reaches the Validasi sheet.
    """
    gateway.progres("Menyusun narasi", None)
    naskah = buat_naskah(hasil, lap)
    rows = naskah.baris()
    gateway.progres("Menulis lembar Narasi", None)
    gateway.tulis_tabel(c.NARASI_TABLE, rows)
    if docx is not None:
        gateway.progres("Menulis dokumen Word", None)
        tulis_lkj(naskah_lkj(hasil, logo=gateway.baca_gambar(c.PROFIL)), docx, pdf)
    return rows


def narasi(
    gateway: WorkbookGateway, *, docx: Path | None = None, pdf: Path | None = None, simpan: bool = True
) -> pd.DataFrame:
    """The `Buat Narasi` button and `kinerja-xl narasi FILE [--docx OUT.docx]`.

    Also rewrites the Validasi sheet, so the warnings behind the narrative's
    placeholders (and any broken template) are listed next to it.
    """
    hasil = nilai(baca_masukan(gateway))
    lap = laporan(hasil)
    rows = tulis_narasi(gateway, hasil, lap, docx=docx, pdf=pdf)
    tulis_validasi(gateway, lap)
    if simpan:
        gateway.simpan()
    return rows

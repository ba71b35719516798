"""The LKj narrative: wording in Jinja2 templates, figures from the computed tables.

``TEMPLATE_NARASI_TABLE`` is the optional ``Template Narasi`` sheet (Kunci,
Template) through which a satker overrides a shipped template; its names live in
``template/contract.py`` with every other sheet of the workbook.
"""

from __future__ import annotations

from kinerja_xl.domain.sel import sel_teks
from kinerja_xl.gateway.base import Tabel
from kinerja_xl.narasi.render import JENIS_RUSAK, Sumber, TemplateNarasi, template_bawaan
from kinerja_xl.template.contract import TEMPLATE_NARASI, TEMPLATE_NARASI_TABLE


def template_dari_tabel(tabel: Tabel | None) -> TemplateNarasi:
    """The shipped templates with the overrides of a ``tblTemplateNarasi`` (None: a workbook without it).

    Every narrative of a run takes its templates from here, through ``Masukan.templat``
    (services/masukan.py), so the LKj, the Narasi sheet and the export say the same.
    """
    if tabel is None or not len(tabel.data):
        return TemplateNarasi.muat()
    override: dict[str, str] = {}
    sumber: dict[str, Sumber] = {}
    for i, (kunci, teks) in enumerate(zip(tabel.data["Kunci"], tabel.data["Template"], strict=True)):
        k = sel_teks(kunci)
        if not k:
            continue
        override[k] = "" if teks is None or (isinstance(teks, float) and teks != teks) else str(teks)
        sumber[k] = Sumber(TEMPLATE_NARASI, tabel.sel(i, "Template"))
    return TemplateNarasi.muat(override, sumber)


__all__ = [
    "JENIS_RUSAK",
    "TEMPLATE_NARASI",
    "TEMPLATE_NARASI_TABLE",
    "TemplateNarasi",
    "template_dari_tabel",
    "template_bawaan",
]

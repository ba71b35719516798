"""The LKj narrative: wording in Jinja2 templates, figures from the computed tables.

``TEMPLATE_NARASI_TABLE`` is the optional ``Template Narasi`` sheet (Kunci,
Template) through which a satker overrides a shipped template; its names live in
``template/contract.py`` with every other sheet of the workbook.
"""

from __future__ import annotations

from kinerja_xl.domain.temuan import KinerjaError
from kinerja_xl.gateway.base import WorkbookGateway
from kinerja_xl.narasi.render import JENIS_RUSAK, Sumber, TemplateNarasi, template_bawaan
from kinerja_xl.template.contract import TEMPLATE_NARASI, TEMPLATE_NARASI_TABLE


def baca_template(gateway: WorkbookGateway) -> TemplateNarasi:
    """The shipped templates with the workbook's overrides; a workbook without the sheet has none."""
    try:
        tabel = gateway.baca_tabel(TEMPLATE_NARASI_TABLE)
    except (KinerjaError, KeyError):
        return TemplateNarasi.muat()
    override: dict[str, str] = {}
    sumber: dict[str, Sumber] = {}
    for i, (kunci, teks) in enumerate(zip(tabel.data["Kunci"], tabel.data["Template"], strict=True)):
        if kunci is None or not str(kunci).strip():
            continue
        k = str(kunci).strip()
        override[k] = "" if teks is None else str(teks)
        sumber[k] = Sumber(TEMPLATE_NARASI, tabel.sel(i, "Template"))
    return TemplateNarasi.muat(override, sumber)


__all__ = [
    "JENIS_RUSAK",
    "TEMPLATE_NARASI",
    "TEMPLATE_NARASI_TABLE",
    "TemplateNarasi",
    "baca_template",
    "template_bawaan",
]

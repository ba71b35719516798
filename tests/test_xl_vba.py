"""Each UDF's Python signature matches the VBA wrapper compiled into the template.

The template is built from source into a temp dir (as `make template` does) and
its VBA project is read back with oletools, so this checks the bytes Excel loads,
not the generator's output string.
"""

from __future__ import annotations

import inspect
import re

import pytest

from kinerja_xl.template import contract as c
from kinerja_xl.template.vba_udf import _KATA_VBA
from kinerja_xl.xl import udfs

_FUNGSI = re.compile(r"^Function (\w+)\(([^)]*)\)", re.M)
_PANGGIL = re.compile(r'XLPy\.CallUDF\("([\w.]+)", "(\w+)", Array\(([^)]*)\)')


@pytest.fixture(scope="module")
def vba_template(tmp_path_factory) -> str:
    from oletools.olevba import VBA_Parser

    from kinerja_xl.template.build import bangun_template

    path = bangun_template(tmp_path_factory.mktemp("tpl") / "Template_LKj.xlsm")
    parser = VBA_Parser(str(path))
    try:
        modul = {nama: kode for _, _, nama, kode in parser.extract_macros()}
    finally:
        parser.close()
    kunci = [k for k in modul if k.lower().startswith("xlwings_udfs")]
    assert kunci, f"modul xlwings_udfs tidak ada di template: {sorted(modul)}"
    return modul[kunci[0]]


def _param_python(fn) -> list[str]:
    hasil = []
    for p in inspect.signature(fn).parameters.values():
        hasil.append(f"Optional {p.name}" if p.default is not inspect.Parameter.empty else p.name)
    return hasil


def test_setiap_udf_punya_pembungkus_vba_dengan_tanda_tangan_sama(vba_template):
    di_vba = {
        m.group(1): [x.strip() for x in m.group(2).split(",") if x.strip()] for m in _FUNGSI.finditer(vba_template)
    }
    assert set(di_vba) == set(udfs.__all__)
    fungsi = {n.lower() for n in udfs.__all__}
    for nama in udfs.__all__:
        vba = di_vba[nama]
        py = _param_python(getattr(udfs, nama))
        # VBA is case-insensitive: a parameter named like a function (capaian / CAPAIAN)
        # is renamed with a trailing "_"; position, name and optionality still match.
        assert [v.rstrip("_") for v in vba] == py, nama
        for v in vba:
            if v.endswith("_"):
                dasar = v.split()[-1].rstrip("_").lower()
                assert dasar in fungsi or dasar in _KATA_VBA, v


def test_pembungkus_memanggil_modul_dan_fungsi_yang_benar(vba_template):
    panggil = {}
    for m in _PANGGIL.finditer(vba_template):
        panggil.setdefault(m.group(2), set()).add((m.group(1), m.group(3)))
    for nama in udfs.__all__:
        harap = list(inspect.signature(getattr(udfs, nama)).parameters)
        ((modul, args),) = panggil[nama]
        assert modul == c.MODUL_UDF
        assert [a.strip().rstrip("_") for a in args.split(",")] == harap, nama

"""VBA wrappers generated from Python UDF signatures (what xlwings' Import Functions
would write), checked on a small fixture module."""

from __future__ import annotations

import importlib
import keyword
import re
import sys
import textwrap
import types

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kinerja_xl.template.vba_udf import _KATA_VBA, NAMA_MODUL_VBA, fungsi_udf, modul_vba_udf

FIXTURE = textwrap.dedent(
    '''
    """Fixture UDF module: two UDFs, a vararg one, a helper and an import."""
    import xlwings as xw
    from math import sqrt

    @xw.func
    @xw.arg("target", doc="Target")
    def CAPAIAN(target, realisasi, polaritas=None, batas=None):
        """Capaian (%)."""
        return 0

    @xw.func
    def JUMLAH(awal, *angka):
        return sum(angka, awal)

    def _bantu(x):
        return x

    def huruf_kecil(x):
        return x
    '''
)


@pytest.fixture()
def modul_fixture(tmp_path, monkeypatch) -> types.ModuleType:
    (tmp_path / "udf_fixture_kinerja.py").write_text(FIXTURE, encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    sys.modules.pop("udf_fixture_kinerja", None)
    return importlib.import_module("udf_fixture_kinerja")


def test_only_upper_case_functions_defined_in_the_module(modul_fixture):
    assert [nama for nama, _ in fungsi_udf(modul_fixture)] == ["CAPAIAN", "JUMLAH"]


def test_capaian_wrapper_mirrors_xlwings(modul_fixture):
    teks = modul_vba_udf(modul_fixture)
    assert teks.startswith(f'Attribute VB_Name = "{NAMA_MODUL_VBA}"\r\n')
    assert "\n" not in teks.replace("\r\n", "")
    baris = teks.split("\r\n")
    i = baris.index("Function CAPAIAN(target, realisasi, Optional polaritas, Optional batas)")
    assert baris[i : i + 12] == [
        "Function CAPAIAN(target, realisasi, Optional polaritas, Optional batas)",
        '    If (Not Application.CommandBars("Standard").Controls(1).Enabled) Then Exit Function',
        '    #If App = "Microsoft Excel" Then',
        "        If TypeOf Application.Caller Is Range Then On Error GoTo failed",
        '        CAPAIAN = XLPy.CallUDF("udf_fixture_kinerja", "CAPAIAN", '
        "Array(target, realisasi, polaritas, batas), ThisWorkbook, Application.Caller)",
        "        Exit Function",
        "    #Else",
        '        CAPAIAN = XLPy.CallUDF("udf_fixture_kinerja", "CAPAIAN", Array(target, realisasi, polaritas, batas))',
        "        Exit Function",
        "    #End If",
        "failed:",
        "    CAPAIAN = Err.Description",
    ]
    assert "huruf_kecil" not in teks and "_bantu" not in teks and "sqrt" not in teks


def test_vararg_wrapper_packs_paramarray(modul_fixture):
    teks = modul_vba_udf("udf_fixture_kinerja")
    assert "Function JUMLAH(awal, ParamArray angka())" in teks
    assert "argsArray = Array(awal)" in teks
    assert "ReDim Preserve argsArray(0 to UBound(angka) - LBound(angka) + 1)" in teks
    assert 'JUMLAH = XLPy.CallUDF("udf_fixture_kinerja", "JUMLAH", argsArray, ThisWorkbook, Application.Caller)' in teks


def test_keyword_only_parameter_is_refused():
    modul = types.ModuleType("udf_kw")
    exec("def BURUK(a, *, b=1):\n    return a\n", modul.__dict__)
    modul.BURUK.__module__ = "udf_kw"
    with pytest.raises(ValueError, match="BURUK"):
        modul_vba_udf(modul)


def test_module_without_udfs_is_refused():
    modul = types.ModuleType("udf_kosong")
    with pytest.raises(ValueError, match="udf_kosong"):
        modul_vba_udf(modul)


# names VBA would need renamed are covered by the test above; here they stay out
_nama = st.from_regex(r"[a-z][a-z0-9_]{0,10}", fullmatch=True).filter(
    lambda s: not keyword.iskeyword(s) and s not in _KATA_VBA and s != "f_acak"
)


@settings(max_examples=60, deadline=None)
@given(nama=st.lists(_nama, min_size=1, max_size=6, unique=True), data=st.data())
def test_signature_roundtrip(nama, data):
    """Required params stay plain, defaulted ones become Optional, order and Array kept."""
    wajib = data.draw(st.integers(0, len(nama)))
    params = ", ".join(n if i < wajib else f"{n}=None" for i, n in enumerate(nama))
    modul = types.ModuleType("udf_acak")
    exec(f"def F_ACAK({params}):\n    return 0\n", modul.__dict__)
    modul.F_ACAK.__module__ = "udf_acak"
    teks = modul_vba_udf(modul)
    sig = re.search(r"^Function F_ACAK\((.*)\)\r$", teks, re.M).group(1)
    harap = [n if i < wajib else f"Optional {n}" for i, n in enumerate(nama)]
    assert sig.split(", ") == harap
    assert f"Array({', '.join(nama)})" in teks


def test_build_embeds_udf_wrappers_of_the_configured_module(modul_fixture, tmp_path, monkeypatch):
    from oletools.olevba import VBA_Parser

    from kinerja_xl.template import build

    monkeypatch.setattr(build.c, "MODUL_UDF", "udf_fixture_kinerja")
    path = build.bangun_template(tmp_path / "udf.xlsm")
    parser = VBA_Parser(str(path))
    try:
        modul = {vba_filename.rsplit(".", 1)[0]: code for _, _, vba_filename, code in parser.extract_macros()}
    finally:
        parser.close()
    assert "Function CAPAIAN(target, realisasi, Optional polaritas, Optional batas)" in modul[NAMA_MODUL_VBA]
    assert 'XLPy.CallUDF("udf_fixture_kinerja", "JUMLAH"' in modul[NAMA_MODUL_VBA]


def test_parameter_named_like_a_udf_or_keyword_is_renamed_in_vba():
    """VBA ignores case: TERBILANG(angka, rupiah) beside RUPIAH() would clash."""
    modul = types.ModuleType("udf_bentrok")
    exec(
        "def RUPIAH(angka):\n    return 0\n\ndef TERBILANG(angka, rupiah=True, end=None):\n    return 0\n",
        modul.__dict__,
    )
    for f in (modul.RUPIAH, modul.TERBILANG):
        f.__module__ = "udf_bentrok"
    teks = modul_vba_udf(modul)
    assert "Function TERBILANG(angka, Optional rupiah_, Optional end_)" in teks
    assert 'XLPy.CallUDF("udf_bentrok", "TERBILANG", Array(angka, rupiah_, end_))' in teks
    assert "Function RUPIAH(angka)" in teks

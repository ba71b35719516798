"""VBA wrappers for kinerja_xl's UDFs, generated from the Python signatures.

xlwings' "Import Functions" writes these wrappers through COM on Windows only; the
template is built on Linux, where xlwings' @func/@arg decorators are no-ops, so this
module reads ``inspect.signature`` instead and writes the same VBA that
``xlwings.udfs.generate_vba_wrapper`` writes (see xlwings 0.37.8 udfs.py), which lets
=CAPAIAN(...) work in the standalone template.
"""

from __future__ import annotations

import importlib
import inspect
import re
from types import ModuleType

__all__ = ["fungsi_udf", "modul_vba_udf", "NAMA_MODUL_VBA"]

NAMA_MODUL_VBA = "xlwings_udfs"
_NAMA_UDF = re.compile(r"^[A-Z][A-Z0-9_]*$")
_PARAM_VBA = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")
# VBA keywords and the wrapper's own locals: a Python parameter with one of these
# names (any case) gets a trailing underscore in VBA; arguments pass by position, so
# the name is only what the editor shows.
_KATA_VBA = frozenset(
    "and any append as attribute binary boolean byref byte byval call case close const currency "
    "date debug decimal declare dim do double each else elseif empty end enum eqv erase error "
    "event exit false for friend function get global gosub goto if imp implements in input "
    "integer is let lib like line load lock long loop lset me mod new next not nothing null "
    "object on open option optional or output paramarray preserve print private property public "
    "put raiseevent random read redim rem resume return rset seek select set shared single "
    "static step stop string sub then to true type typeof unload until variant wend while with "
    "withevents write xor k argsarray failed".split()
)


def fungsi_udf(modul: ModuleType) -> list[tuple[str, inspect.Signature]]:
    """The module's UDFs: public functions defined in it whose name is UPPER_CASE.

    On Windows xlwings marks them with ``__xlfunc__``; elsewhere the decorators leave
    nothing behind, so the Excel-style upper-case name is the mark (CAPAIAN, SISA).
    """
    hasil = []
    for nama, obj in sorted(vars(modul).items()):
        if not inspect.isfunction(obj) or obj.__module__ != modul.__name__:
            continue
        if not (_NAMA_UDF.match(nama) or hasattr(obj, "__xlfunc__")):
            continue
        hasil.append((nama, inspect.signature(obj)))
    return hasil


def _nama_vba(param: str, terpakai: frozenset[str]) -> str:
    """A VBA-safe local name: keywords and the module's UDF names (VBA ignores case) get `_`."""
    nama = param
    while nama.lower() in _KATA_VBA or nama.lower() in terpakai:
        nama += "_"
    return nama


def _wrapper(nama_modul: str, nama: str, sig: inspect.Signature, terpakai: frozenset[str]) -> list[str]:
    params = []
    vararg = None
    vba = {p: _nama_vba(p, terpakai) for p in sig.parameters}
    for p in sig.parameters.values():
        if p.kind is inspect.Parameter.KEYWORD_ONLY or p.kind is inspect.Parameter.VAR_KEYWORD:
            raise ValueError(f"{nama}: parameter {p.name!r} tidak bisa dipanggil dari Excel (hanya posisi).")
        if not _PARAM_VBA.match(p.name):
            raise ValueError(f"{nama}: nama parameter {p.name!r} bukan nama VBA yang sah.")
        if p.kind is inspect.Parameter.VAR_POSITIONAL:
            vararg = vba[p.name]
            params.append(f"ParamArray {vararg}()")
        elif p.default is not inspect.Parameter.empty:
            params.append(f"Optional {vba[p.name]}")
        else:
            params.append(vba[p.name])
    lines = [f"Function {nama}({', '.join(params)})"]
    body = ['If (Not Application.CommandBars("Standard").Controls(1).Enabled) Then Exit Function']
    biasa = [vba[p.name] for p in sig.parameters.values() if p.kind is not inspect.Parameter.VAR_POSITIONAL]
    if vararg:
        n = len(biasa)
        body += [
            "Dim argsArray() As Variant",
            f"argsArray = Array({', '.join(biasa)})",
            f"ReDim Preserve argsArray(0 to UBound({vararg}) - LBound({vararg}) + {n})",
            f"For k = LBound({vararg}) To UBound({vararg})",
            f"argsArray({n} + k - LBound({vararg})) = {vararg}(k)",
            "Next k",
        ]
        args = "argsArray"
    else:
        args = f"Array({', '.join(biasa)})"
    lines += ["    " + b for b in body]
    lines += [
        '    #If App = "Microsoft Excel" Then',
        "        If TypeOf Application.Caller Is Range Then On Error GoTo failed",
        f'        {nama} = XLPy.CallUDF("{nama_modul}", "{nama}", {args}, ThisWorkbook, Application.Caller)',
        "        Exit Function",
        "    #Else",
        f'        {nama} = XLPy.CallUDF("{nama_modul}", "{nama}", {args})',
        "        Exit Function",
        "    #End If",
        "failed:",
        f"    {nama} = Err.Description",
        "End Function",
        "",
    ]
    return lines


def modul_vba_udf(modul: ModuleType | str) -> str:
    """Source of the ``xlwings_udfs`` VBA module for `modul` (object or dotted name).

    Lines end with CRLF, as VBA modules do.
    """
    if isinstance(modul, str):
        modul = importlib.import_module(modul)
    fungsi = fungsi_udf(modul)
    if not fungsi:
        raise ValueError(f"Modul {modul.__name__} tidak memuat fungsi UDF (nama huruf besar).")
    lines = [
        f'Attribute VB_Name = "{NAMA_MODUL_VBA}"',
        "'Autogenerated code by kinerja_xl (as xlwings Import Functions) - changes will be lost with next build!",
        '#Const App = "Microsoft Excel" \'Adjust when using outside of Excel',
        "",
    ]
    terpakai = frozenset(nama.lower() for nama, _ in fungsi)
    for nama, sig in fungsi:
        lines += _wrapper(modul.__name__, nama, sig, terpakai)
    return "\r\n".join(lines) + "\r\n"

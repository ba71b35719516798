"""Render the narrative's wording from Jinja2 templates, safely.

The wording lives in ``*.j2`` files shipped beside this module; a satker can
replace any of them from its workbook (sheet ``Template Narasi``). Templates
run in Jinja's immutable sandbox with strict undefined variables, and a
broken override never stops the report: it is reported (key and line) and the
shipped wording is used instead.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import jinja2
from jinja2.exceptions import SecurityError
from jinja2.sandbox import ImmutableSandboxedEnvironment

from kinerja_xl.domain.angka import daftar_kata, format_angka, format_persen, terbilang
from kinerja_xl.domain.aturan import Jenis
from kinerja_xl.domain.temuan import Lokasi, Temuan, Tingkat

FOLDER_TEMPLATE = Path(__file__).parent
JENIS_RUSAK = Jenis.TEMPLATE_NARASI_RUSAK


def template_bawaan() -> dict[str, str]:
    """The shipped templates: file stem -> source text."""
    return {p.stem: p.read_text(encoding="utf-8") for p in sorted(FOLDER_TEMPLATE.glob("*.j2"))}


# --- filters: every number in the text passes through one of these ---------------------


def _desimal(x: Any) -> Decimal | Fraction | int:
    if isinstance(x, (Decimal, Fraction, int)) and not isinstance(x, bool):
        return x
    if isinstance(x, float):
        return Decimal(str(x))
    return Decimal(str(x).strip().replace(",", "."))


def f_angka(x: Any, digits: int | None = None) -> str:
    """Indonesian digits: 26.555.194.000 / 99,52."""
    return format_angka(_desimal(x), digits)


def f_terbilang(x: Any, rupiah: bool = False) -> str:
    """Words for a number; ``rupiah=True`` reads it as whole rupiah."""
    if rupiah:
        return terbilang(int(x), rupiah=True)
    d = _desimal(x)
    return terbilang(d if isinstance(d, (int, Decimal)) else Decimal(d.numerator) / Decimal(d.denominator))


def f_persen(x: Any) -> str:
    """ "105,26%" with half-up rounding; None is "-"."""
    if x is None:
        return format_persen(None)
    d = _desimal(x)
    return format_persen(Decimal(d) if isinstance(d, int) else d)


def ribuan(n: int) -> str:
    """Whole number with dot thousands, exactly what ``format_angka`` gives for an int.

    Budget tables print thousands of amounts; babel's general formatter costs
    ~100 us per call, this is the same output for integers at a fraction of it.
    """
    n = int(n)
    return ("-" if n < 0 else "") + f"{abs(n):,}".replace(",", ".")


def f_rupiah(x: Any) -> str:
    """ "Rp 26.555.194.000,-" as LKj texts write amounts."""
    n = int(x)
    return f"{'-' if n < 0 else ''}Rp {ribuan(abs(n))},-"


def f_rupiah_terbilang(x: Any) -> str:
    """ "Rp 1.001.000,- (satu juta seribu rupiah)"."""
    n = int(x)
    return f"{f_rupiah(n)} ({terbilang(n, rupiah=True)})"


def f_bilangan(x: Any, satuan: str | None = None) -> str:
    """A count with its words and unit: "1 (satu) laporan"; "95%" for percent; "2,5 laporan".

    Whole numbers get their terbilang in brackets; a unit follows unchanged
    (Indonesian nouns take no plural ending). Percent is written without words.
    """
    d = _desimal(x)
    sat = (satuan or "").strip()
    if sat == "%":
        return format_angka(d) + "%"
    teks = format_angka(d)
    bulat = d == int(d)
    if bulat and abs(int(d)) < 10**15:
        teks = f"{teks} ({terbilang(int(d))})"
    return f"{teks} {sat}" if sat else teks


f_daftar = daftar_kata  # the Jinja filter "daftar": the one list joiner (domain.angka)


def g_pilih(urutan: int, *pilihan: str) -> str:
    """One of several phrasings, rotating with ``urutan`` so repeated outcomes read differently."""
    if not pilihan:
        return ""
    return pilihan[int(urutan) % len(pilihan)]


def buat_lingkungan() -> ImmutableSandboxedEnvironment:
    """The sandbox every template (shipped or override) renders in."""
    env = ImmutableSandboxedEnvironment(
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )
    env.filters.update(
        angka=f_angka,
        persen=f_persen,
        rupiah=f_rupiah,
        rupiah_terbilang=f_rupiah_terbilang,
        bilangan=f_bilangan,
        daftar=f_daftar,
        terbilang=f_terbilang,
    )
    env.globals.update(pilih=g_pilih)
    return env


# --- the template set -------------------------------------------------------------------


@dataclass
class Sumber:
    """Where an override came from, so a finding can point at its cell."""

    lembar: str = ""
    sel: str = ""


@dataclass
class TemplateNarasi:
    """Compiled templates (shipped, with overrides applied) plus findings about overrides."""

    env: ImmutableSandboxedEnvironment
    bawaan: dict[str, jinja2.Template]
    aktif: dict[str, jinja2.Template]
    sumber: dict[str, Sumber] = field(default_factory=dict)
    temuan: list[Temuan] = field(default_factory=list)

    @classmethod
    def muat(
        cls,
        override: Mapping[str, str] | None = None,
        sumber: Mapping[str, Sumber] | None = None,
    ) -> TemplateNarasi:
        """Compile the shipped templates, then each override; a broken override is reported, not used."""
        env = buat_lingkungan()
        bawaan = {k: _kompilasi(env, k, teks) for k, teks in template_bawaan().items()}
        self = cls(env, bawaan, dict(bawaan), dict(sumber or {}))
        for kunci, teks in (override or {}).items():
            kunci = str(kunci).strip()
            if not kunci:
                continue
            if kunci not in bawaan:
                self._lapor(
                    kunci,
                    None,
                    f"Kunci template narasi '{kunci}' tidak dikenal; kunci yang ada: {', '.join(sorted(bawaan))}. "
                    "Baris ini diabaikan.",
                )
                continue
            if teks is None or not str(teks).strip():
                continue  # an empty cell keeps the shipped wording
            try:
                self.aktif[kunci] = _kompilasi(env, kunci, str(teks))
            except jinja2.TemplateSyntaxError as e:
                self._lapor(kunci, e.lineno, f"galat tulis template: {e.message}")
        return self

    def _lapor(self, kunci: str, baris: int | None, sebab: str) -> None:
        s = self.sumber.get(kunci, Sumber())
        letak = f" baris {baris}" if baris else ""
        pesan = (
            f"Template narasi '{kunci}'{letak} rusak ({sebab}). Template bawaan dipakai untuk bagian ini."
            if baris is not None or "tidak dikenal" not in sebab
            else sebab
        )
        if any(t.kode == kunci and t.pesan == pesan for t in self.temuan):
            return
        self.temuan.append(
            Temuan(
                JENIS_RUSAK,
                pesan,
                tingkat=Tingkat.PERINGATAN,
                lokasi=Lokasi(s.lembar, s.sel),
                kode=kunci,
                nilai_tercatat=baris,
            )
        )

    def render(self, kunci: str, **konteks: Any) -> str:
        """Render one key; an override that fails at run time falls back to the shipped template."""
        tpl = self.aktif[kunci]
        if tpl is not self.bawaan[kunci]:
            try:
                return _rapikan(tpl.render(**konteks))
            except Exception as e:  # noqa: BLE001 - any failure of user text must not stop the report
                self._lapor(kunci, _baris_galat(e, kunci), _sebab(e))
                self.aktif[kunci] = self.bawaan[kunci]
        return _rapikan(self.bawaan[kunci].render(**konteks))


def _nama_berkas(kunci: str) -> str:
    return f"<template narasi {kunci}>"


def _kompilasi(env: ImmutableSandboxedEnvironment, kunci: str, teks: str) -> jinja2.Template:
    source = teks.replace("\r\n", "\n").strip("\n")
    kode = env.compile(source, name=kunci, filename=_nama_berkas(kunci))
    return env.template_class.from_code(env, kode, env.make_globals(None), None)


def _baris_galat(e: BaseException, kunci: str) -> int | None:
    """The template line of a run-time error, from Jinja's rewritten traceback."""
    lineno = getattr(e, "lineno", None)
    if lineno:
        return int(lineno)
    nama = _nama_berkas(kunci)
    tb = e.__traceback__
    baris = None
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == nama:
            baris = tb.tb_lineno
        tb = tb.tb_next
    return baris


def _sebab(e: BaseException) -> str:
    if isinstance(e, jinja2.UndefinedError):
        return f"nama tidak dikenal: {e.message}"
    if isinstance(e, SecurityError):
        return f"perintah tidak diizinkan: {e}"
    return f"{type(e).__name__}: {e}"


def _rapikan(teks: str) -> str:
    """One paragraph: collapse the template's line breaks and spaces, fix space before punctuation."""
    teks = " ".join(teks.split())
    for tanda in (" ,", " .", " ;", " :", " )"):
        teks = teks.replace(tanda, tanda[1:])
    return teks.replace("( ", "(").strip()


__all__ = [
    "JENIS_RUSAK",
    "Sumber",
    "TemplateNarasi",
    "buat_lingkungan",
    "f_bilangan",
    "f_daftar",
    "f_persen",
    "f_rupiah",
    "f_rupiah_terbilang",
    "ribuan",
    "template_bawaan",
]

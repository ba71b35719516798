"""The shipped default wording of tblProfil (data/profil_bawaan.csv), which staff edit."""

from __future__ import annotations

import csv
from functools import cache
from importlib import resources

from kinerja_xl.template import contract as c


@cache
def profil_bawaan() -> dict[str, str]:
    """Kunci -> default Teks, in the contract's key order."""
    teks = resources.files("kinerja_xl").joinpath("data/profil_bawaan.csv").read_text(encoding="utf-8")
    baris = {r["Kunci"]: r["Teks"] for r in csv.DictReader(teks.splitlines())}
    return {k: baris[k] for k in c.KUNCI_PROFIL}

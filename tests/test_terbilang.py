"""Terbilang: num2words (id) with the "seribu" group fixed."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from num2words import num2words

from kinerja_xl.domain.angka import terbilang
from kinerja_xl.domain.temuan import NilaiTidakValid


@pytest.mark.parametrize(
    "n, kata",
    [
        (26_555_194_000, "dua puluh enam miliar lima ratus lima puluh lima juta seratus sembilan puluh empat ribu"),
        (1_001_000, "satu juta seribu"),
        (1_000_001_000, "satu miliar seribu"),
        (1_001_001, "satu juta seribu satu"),
        (2_001_999, "dua juta seribu sembilan ratus sembilan puluh sembilan"),
        (1_101_000, "satu juta seratus satu ribu"),
        (1_021_000, "satu juta dua puluh satu ribu"),
        (1_000, "seribu"),
        (1_001_000_000, "satu miliar satu juta"),
        (0, "nol"),
        (-1_001_000, "minus satu juta seribu"),
    ],
)
def test_terbilang(n, kata):
    assert terbilang(n) == kata


def test_terbilang_rupiah():
    assert terbilang(26_555_194_000, rupiah=True) == (
        "dua puluh enam miliar lima ratus lima puluh lima juta seratus sembilan puluh empat ribu rupiah"
    )
    assert terbilang(Decimal(1_001_000), rupiah=True) == "satu juta seribu rupiah"


def test_terbilang_pecahan():
    assert terbilang(Decimal("1001000.5")) == "satu juta seribu koma lima"
    with pytest.raises(NilaiTidakValid):
        terbilang(Decimal("10.5"), rupiah=True)


@given(st.integers(min_value=0, max_value=10**14))
def test_terbilang_sama_dengan_num2words_kecuali_grup_seribu(n):
    kata = terbilang(n)
    if n >= 1_000_000 and (n // 1000) % 1000 == 1:
        assert "seribu" in kata and "satu ribu" not in kata.split("juta")[-1].split("miliar")[-1]
        assert kata.replace("seribu", "satu ribu") == num2words(n, lang="id")
    else:
        assert kata == num2words(n, lang="id")

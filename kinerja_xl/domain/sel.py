"""What an empty cell is, decided once for every reader of typed tables."""

from __future__ import annotations

from typing import Any

import pandas as pd


def sel_kosong(v: Any) -> bool:
    """True for a cell staff left empty: None, NaN/NA/NaT, or text of only spaces."""
    if v is None:
        return True
    if isinstance(v, str):
        return not v.strip()
    if isinstance(v, float):
        return v != v
    return v is pd.NA or v is pd.NaT

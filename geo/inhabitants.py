"""Inhabitants per municipality (CBS reference tables), for weighting and ranking.

Reference data about municipalities, like their names and boundaries: it sits in ``geo`` so that both
the demo generator (``inventory.demo``) and the analyses (gaps, profiles) read it without reaching up.
"""
from __future__ import annotations

import os
import re

import pandas as pd

from geo.config import reference_dir

_FILE_RE = re.compile(r"^inwoners_gemeente_(\d{4})\.csv$")
#: the reference tables use two layouts
_CODE_COLS = ("gemeentecode", "code")
_COUNT_COLS = ("aantal_inwoners", "inwoners")


def inhabitants(year: int, directory: str | os.PathLike | None = None) -> tuple[pd.Series | None, str]:
    """Inhabitants per CBS code from the newest table of ``year`` or earlier (else the oldest later one).

    Returns (series or None when there is no table, a Dutch line saying which file was used).
    """
    root = reference_dir(directory)
    files = {int(m.group(1)): p for p in root.glob("inwoners_gemeente_*.csv") if (m := _FILE_RE.match(p.name))}
    if not files:
        return None, f"geen inwonertabel gevonden in {root}"
    earlier = [y for y in files if y <= year]
    pick = max(earlier) if earlier else min(files)
    df = pd.read_csv(files[pick], dtype=str)
    code = next(c for c in _CODE_COLS if c in df.columns)
    count = next(c for c in _COUNT_COLS if c in df.columns)
    series = pd.to_numeric(df[count], errors="coerce")
    series.index = df[code].str.strip()
    return series.rename("inwoners"), f"inwoners: CBS {pick} ({files[pick].name})"

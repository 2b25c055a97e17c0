"""Numbers as Dutch readers write them: 12.345 and 6,6."""
from __future__ import annotations

import math


def nl_int(n) -> str:
    """12345 -> '12.345' (a missing value -> '')."""
    if n is None or (isinstance(n, float) and math.isnan(n)):
        return ""
    return f"{int(round(float(n))):,}".replace(",", ".")


def nl_dec(x, digits: int = 1) -> str:
    """6.6 -> '6,6'; 12345.6 -> '12.345,6' (a missing value -> '')."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return ""
    text = f"{float(x):,.{digits}f}"
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")

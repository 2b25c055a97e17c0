"""The witte-vlekken layer: gaps in the working area highlighted, the rest of the area muted."""
from __future__ import annotations

import geopandas as gpd
import pandas as pd

from layers.areas import AreaLayer

GAP_COLOURS = ["#fdae6b", "#e6550d", "#a63603"]  # 1, 2, 3+ themes missing (ColorBrewer Oranges)
COVERED = "#d9d9d9"


def style_gaps(gemeenten: gpd.GeoDataFrame, ranked: pd.DataFrame, area_codes: set[str],
               thema_labels: dict[str, str]) -> tuple[gpd.GeoDataFrame, list[tuple[str, str]]]:
    """The working area's municipalities with ``fill`` and ``waarde``; legend items."""
    area = gemeenten[gemeenten["code"].isin(area_codes)].copy()
    missing = ranked.groupby("gemeente_code")["thema"].agg(lambda s: [thema_labels.get(t, t) for t in s])
    n = area["code"].map(missing.map(len)).fillna(0).astype(int)
    area["fill"] = [GAP_COLOURS[min(k, 3) - 1] if k else COVERED for k in n]
    area["waarde"] = [("witte vlek: " + ", ".join(missing[c])) if k else "gedekt" for c, k in zip(area["code"], n)]
    if (n.max() if len(n) else 0) <= 1:
        items = [(COVERED, "gedekt"), (GAP_COLOURS[0], "witte vlek")]
    else:
        items = [(COVERED, "op elk gekozen thema een project"), (GAP_COLOURS[0], "1 thema ontbreekt"),
                 (GAP_COLOURS[1], "2 thema's ontbreken"), (GAP_COLOURS[2], "3 of meer thema's ontbreken")]
    return area, items


def gap_layer(styled: gpd.GeoDataFrame) -> AreaLayer:
    """Polygons of the working area; user-facing text escaped."""
    return AreaLayer(styled, "Witte vlekken", style={"fillOpacity": 0.85, "color": "#555"})

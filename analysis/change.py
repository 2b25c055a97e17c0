"""Change over time: two inventories of different years on one set of (the later year's) boundaries."""
from __future__ import annotations

import geopandas as gpd
import pandas as pd

from analysis.join import area_project_pairs, attach_regions, explode_gemeenten
from analysis.prepare import Prepared
from inventory.translate import translate_inventory


def align(older: pd.DataFrame, newer_prep: Prepared) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The older inventory's project x gemeente table on the newer year's municipalities and regions,
    with the translation report (every code the crosswalk changed)."""
    translated, report = translate_inventory(older, newer_prep.year)
    long = attach_regions(explode_gemeenten(translated), newer_prep.members)
    return long, report


def change_summary(areas: gpd.GeoDataFrame, long_old: pd.DataFrame, long_new: pd.DataFrame, level: str) -> gpd.GeoDataFrame:
    """Per area of ``level``: projects in the older (``n_oud``) and newer (``n_nieuw``) inventory and
    ``verschil`` = new minus old. A project counts once per area, as on the map."""
    out = areas[["code", "naam", "geometry"]].set_index("code")
    for col, long in (("n_oud", long_old), ("n_nieuw", long_new)):
        out[col] = area_project_pairs(long, level).groupby("area_code").size().reindex(out.index, fill_value=0).astype(int)
    out["verschil"] = out["n_nieuw"] - out["n_oud"]
    return gpd.GeoDataFrame(out.reset_index(), geometry="geometry", crs=areas.crs)

"""From accepted projects to the long table project x gemeente, and counts per area.

A regional project counts for each of its municipalities (marked ``regionaal``); per region it
counts once, however many of its municipalities lie in that region.
"""
from __future__ import annotations

import geopandas as gpd
import pandas as pd

BREAKDOWNS = ("thema", "fase", "instrument", "niveau")
PROJECT_COLUMNS = ["id", "naam", "thema", "fase", "instrument", "niveau", "zorgverzekeraar_groepen", "jaar"]


def explode_gemeenten(projects: pd.DataFrame) -> pd.DataFrame:
    """One row per (project, gemeente): project columns plus ``gemeente_code`` and ``regionaal``."""
    codes = projects["gemeente_codes"].fillna("").str.split(";")
    long = projects.assign(gemeente_code=codes).explode("gemeente_code", ignore_index=True)
    long = long[long["gemeente_code"].str.len() > 0]
    n = codes.str.len()
    long["regionaal"] = long["id"].map(dict(zip(projects["id"], (n > 1) | projects["via_regio"].astype(bool))))
    return long.reset_index(drop=True)


def attach_regions(long: pd.DataFrame, members: pd.DataFrame) -> pd.DataFrame:
    """Add ``zorgkantoorregio_code`` and ``provincie_code`` (and any other ``*_code`` of ``members``)."""
    cols = [c for c in members.columns if c.endswith("_code") and c != "gemeente_code"]
    return long.merge(members[["gemeente_code", *cols]], on="gemeente_code", how="left", validate="many_to_one")


def area_project_pairs(long: pd.DataFrame, level: str) -> pd.DataFrame:
    """Unique (area, project) pairs at ``level`` (``gemeente`` or a region kind), with project columns."""
    key = f"{level}_code"
    pairs = long.drop_duplicates(subset=[key, "id"])
    return pairs.rename(columns={key: "area_code"})


def counts(long: pd.DataFrame, level: str, by: str | None = None) -> pd.DataFrame:
    """Projects per area at ``level``; with ``by``, one column per value of that dimension."""
    pairs = area_project_pairs(long, level)
    if by is None:
        return pairs.groupby("area_code").size().rename("n_projecten").to_frame()
    return pairs.pivot_table(index="area_code", columns=by, values="id", aggfunc="count", fill_value=0)


def counts_gdf(areas: gpd.GeoDataFrame, long: pd.DataFrame, level: str) -> gpd.GeoDataFrame:
    """``areas`` (code, naam, geometry) with ``n_projecten`` and a column per thema/fase/instrument/niveau value."""
    out = areas.set_index("code")
    out = out.join(counts(long, level))
    for by in BREAKDOWNS:
        part = counts(long, level, by).add_prefix(f"{by}:")
        out = out.join(part)
    num = [c for c in out.columns if c == "n_projecten" or ":" in c]
    out[num] = out[num].fillna(0).astype(int)
    return out.reset_index()

"""One view of the inventory: filtered projects and the per-area figures at one level.

The app and the export commands both call this, so an export shows exactly what the app shows.
"""
from __future__ import annotations

from dataclasses import dataclass

import geopandas as gpd
import pandas as pd

from analysis.aggregate import area_summary
from analysis.filter import filter_projects
from analysis.points import project_points
from analysis.prepare import Prepared


@dataclass
class View:
    filtered: pd.DataFrame
    summary: gpd.GeoDataFrame
    level: str


def compute_view(prep: Prepared, selection: dict[str, list], level: str, fase_order: list[str]) -> View:
    """Filter the prepared inventory and aggregate per area of ``level``."""
    filtered = filter_projects(prep.projects, selection)
    long = prep.long[prep.long["id"].isin(set(filtered["id"]))]
    return View(filtered, area_summary(prep.areas[level], long, level, fase_order), level)


def view_points(prep: Prepared, view: View) -> pd.DataFrame:
    """Marker points of the view's projects."""
    return project_points(view.filtered, prep.points)


def on_map(prep: Prepared, filtered: pd.DataFrame, level: str) -> pd.Index:
    """Ids of the ``filtered`` projects the map of ``level`` shows in at least one area: the number
    a title may claim. (A project in municipalities outside every area of a region set is not drawn.)"""
    long = prep.long[prep.long["id"].isin(set(filtered["id"]))]
    codes = set(prep.areas[level]["code"])
    return pd.Index(long.loc[long[f"{level}_code"].isin(codes), "id"].unique())

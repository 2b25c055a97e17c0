"""The expensive, filter-independent step: boundaries, membership, the project x gemeente join.

Done once per (inventory, year); a filter change then only filters and aggregates.
"""
from __future__ import annotations

import os
from dataclasses import dataclass

import geopandas as gpd
import pandas as pd

from analysis.join import attach_regions, explode_gemeenten
from analysis.points import gemeente_points
from geo.boundaries import load_boundaries
from geo.regions import membership

LEVELS = ("gemeente", "zorgkantoorregio", "provincie")


@dataclass
class Prepared:
    projects: pd.DataFrame
    long: pd.DataFrame  # project x gemeente with zorgkantoorregio_code, provincie_code
    areas: dict[str, gpd.GeoDataFrame]  # level -> code, naam, geometry
    members: pd.DataFrame
    points: pd.DataFrame  # gemeente code -> lat/lon inside it
    year: int


def prepare(projects: pd.DataFrame, year: int, directory: str | os.PathLike | None = None) -> Prepared:
    """Join ``projects`` (accepted inventory rows of ``year``) to the boundaries of ``year``."""
    members = membership(year, directory)
    areas = {level: load_boundaries(level, year, directory)[["code", "naam", "geometry"]] for level in LEVELS}
    long = attach_regions(explode_gemeenten(projects), members)
    return Prepared(projects, long, areas, members, gemeente_points(areas["gemeente"]), year)

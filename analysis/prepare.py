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
from geo.regions import dissolve, membership

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
    """Join ``projects`` (accepted inventory rows of ``year``) to the boundaries of ``year``.

    Region polygons are the municipalities dissolved by their membership, not the separately
    generalised region files: borders then coincide with the municipality layer, and what is
    drawn as a region is exactly the set of municipalities its figures count.
    """
    members = membership(year, directory)
    gemeenten = load_boundaries("gemeente", year, directory)[["code", "naam", "geometry"]]
    areas = {"gemeente": gemeenten}
    for level in LEVELS[1:]:
        areas[level] = dissolve(gemeenten, members, f"{level}_code", f"{level}_naam")[["code", "naam", "geometry"]]
    long = attach_regions(explode_gemeenten(projects), members)
    return Prepared(projects, long, areas, members, gemeente_points(areas["gemeente"]), year)

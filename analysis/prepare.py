"""The expensive, filter-independent step: boundaries, membership, the project x gemeente join.

Done once per (inventory, year); a filter change then only filters and aggregates.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field

import geopandas as gpd
import pandas as pd

from analysis.join import attach_regions, explode_gemeenten
from analysis.points import gemeente_points
from analysis.years import align_years
from geo.boundaries import BoundaryError, load_boundaries, region_types
from geo.config import REGION_TYPE_LABELS
from geo.regions import dissolve, membership, region_membership
from inventory.public import public_projects

LEVELS = ("gemeente", "zorgkantoorregio", "provincie")
CUSTOM_LEVEL = "regioset"  # a user's region set (gemeente -> regio), when one is given


class _Labels(dict):
    def __missing__(self, key):  # a region type without a Dutch label: its own name
        return key


#: Dutch label of each map level (as in "aantal projecten per ..."): the three levels, every known
#: CBS region type (a level when its file is present, see ``Prepared.areas``) and a region set
LEVEL_LABELS = _Labels({"gemeente": "gemeente", **REGION_TYPE_LABELS, CUSTOM_LEVEL: "regio (eigen indeling)"})


@dataclass
class Prepared:
    projects: pd.DataFrame
    long: pd.DataFrame  # project x gemeente with zorgkantoorregio_code, provincie_code
    areas: dict[str, gpd.GeoDataFrame]  # level -> code, naam, geometry
    members: pd.DataFrame
    points: pd.DataFrame  # gemeente code -> lat/lon inside it
    year: int
    #: region level from the boundaries directory (ggdregio, jeugdregio, ...) -> a Dutch note on its vintage
    region_levels: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)  # levels left out, and why
    n_input: int = 0  # accepted projects handed in (``projects`` holds those on the map)
    translated: pd.DataFrame = field(default_factory=pd.DataFrame)  # codes translated to ``year`` (crosswalk)
    not_drawn: pd.DataFrame = field(default_factory=pd.DataFrame)  # codes not on ``year``'s map, with reasons


def prepare(projects: pd.DataFrame, year: int, directory: str | os.PathLike | None = None,
            region_set: pd.DataFrame | None = None) -> Prepared:
    """Join ``projects`` (accepted inventory rows of ``year``) to the boundaries of ``year``.

    Region polygons are the municipalities dissolved by their membership, not the separately
    generalised region files: borders then coincide with the municipality layer, and what is
    drawn as a region is exactly the set of municipalities its figures count.
    ``region_set`` (``gemeente_code``, ``region_code``, ``region_naam``) adds the level ``regioset``;
    municipalities it leaves out belong to no area of that level.
    Rows of other years are put on ``year``'s municipalities first (``analysis.years``); what cannot
    be placed is listed in ``not_drawn``, never dropped silently.
    """
    n_input = len(projects)
    projects = public_projects(projects)  # everything drawn from here is public: no contact (inventory.public)
    projects, translated, not_drawn = align_years(projects, year, directory)
    members = membership(year, directory)
    if region_set is not None:
        custom = region_set.rename(columns={"region_code": f"{CUSTOM_LEVEL}_code", "region_naam": f"{CUSTOM_LEVEL}_naam"})
        members = members.merge(custom[["gemeente_code", f"{CUSTOM_LEVEL}_code", f"{CUSTOM_LEVEL}_naam"]],
                                on="gemeente_code", how="left", validate="one_to_one")
    gemeenten = load_boundaries("gemeente", year, directory)[["code", "naam", "geometry"]]
    areas = {"gemeente": gemeenten}
    for level in LEVELS[1:] + ((CUSTOM_LEVEL,) if region_set is not None else ()):
        table = members.dropna(subset=[f"{level}_code"])
        areas[level] = dissolve(gemeenten, table, f"{level}_code", f"{level}_naam")[["code", "naam", "geometry"]]
    links, region_levels, notes = {}, {}, []
    for kind in region_types(directory):
        try:
            main, links[kind], info = region_membership(kind, year, directory)
        except BoundaryError as exc:
            notes.append(f"{LEVEL_LABELS[kind]} niet getoond: {exc}")
            continue
        members = members.merge(main, on="gemeente_code", how="left", validate="one_to_one")
        areas[kind] = dissolve(info["gemeenten"], info["table"], f"{kind}_code", f"{kind}_naam")[["code", "naam", "geometry"]]
        region_levels[kind] = info["note"] or f"{LEVEL_LABELS[kind]}: indeling van {info['source_year']} (CBS)."
    long = attach_regions(explode_gemeenten(projects), members.drop(columns=[f"{k}_code" for k in links]))
    long = attach_links(long, links)
    return Prepared(projects, long, areas, members, gemeente_points(areas["gemeente"]), year, region_levels, notes,
                    n_input, translated, not_drawn)


def attach_links(long: pd.DataFrame, links: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Add ``{kind}_code`` for each region type of ``links`` (gemeente -> region, possibly several).

    A municipality divided over regions of a later vintage gives one row per region, so its
    projects count in each (every count takes unique area x project pairs). ``deels`` marks rows
    reached through only a part (``aandeel`` < 1) of the municipality.
    """
    if "deels" not in long.columns:
        long = long.assign(deels=False)
    for kind, table in links.items():
        part = table[["gemeente_code", f"{kind}_code", "aandeel"]]
        long = long.merge(part, on="gemeente_code", how="left")
        long["deels"] = long["deels"] | (long["aandeel"] < 0.999)
        long = long.drop(columns="aandeel")
    return long.reset_index(drop=True)

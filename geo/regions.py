"""Region membership: which zorgkantoorregio and provincie each gemeente lies in, and dissolving.

Membership is a spatial join in RD New of a point guaranteed inside each municipality
(``representative_point``, not the centroid, which can fall outside a crescent-shaped one).
"""
from __future__ import annotations

import os

import geopandas as gpd
import pandas as pd

from geo.boundaries import BoundaryError, load_boundaries, repair
from geo.crs import RD_NEW, WGS84

REGION_KINDS = ("zorgkantoorregio", "provincie")


def membership(year: int, directory: str | os.PathLike | None = None) -> pd.DataFrame:
    """One row per gemeente of ``year``: ``gemeente_code``, ``gemeente_naam``, and
    ``{kind}_code`` / ``{kind}_naam`` for zorgkantoorregio and provincie.

    Raises BoundaryError listing the municipalities that fall in no region, or in more than one.
    """
    gemeenten = load_boundaries("gemeente", year, directory)
    out = pd.DataFrame({"gemeente_code": gemeenten["code"], "gemeente_naam": gemeenten["naam"]})
    for kind in REGION_KINDS:
        regions = load_boundaries(kind, year, directory)
        assigned = assign_points(gemeenten, regions)
        out[f"{kind}_code"] = assigned["code"].to_numpy()
        out[f"{kind}_naam"] = assigned["naam"].to_numpy()
    return out


def assign_points(areas: gpd.GeoDataFrame, regions: gpd.GeoDataFrame) -> pd.DataFrame:
    """For each row of ``areas``, the ``code``/``naam`` of the one region holding its representative point."""
    points = gpd.GeoDataFrame(
        {"area_code": areas["code"].to_numpy()},
        geometry=areas.geometry.to_crs(RD_NEW).representative_point().to_numpy(),
        crs=RD_NEW,
    )
    joined = gpd.sjoin(points, regions[["code", "naam", "geometry"]].to_crs(RD_NEW), how="left", predicate="within")
    counts = joined.groupby("area_code")["code"].count()
    none = sorted(counts[counts == 0].index)
    many = sorted(counts[counts > 1].index)
    if none or many:
        parts = []
        if none:
            parts.append(f"in no region: {', '.join(none)}")
        if many:
            parts.append(f"in more than one region: {', '.join(many)}")
        raise BoundaryError("Region membership failed; municipalities " + "; ".join(parts))
    joined = joined.set_index("area_code").loc[areas["code"].to_numpy()]
    return joined[["code", "naam"]].reset_index(drop=True)


def dissolve(
    gemeenten: gpd.GeoDataFrame,
    membership_table: pd.DataFrame,
    region_col: str = "region_code",
    name_col: str | None = "region_naam",
    gemeente_col: str = "gemeente_code",
) -> gpd.GeoDataFrame:
    """Build region polygons from a table gemeente -> region (e.g. the 43 werkstructuur regions).

    Returns ``code``, ``naam``, ``n_gemeenten``, ``geometry`` (EPSG:4326). Municipalities of the
    table that are not in ``gemeenten`` raise ValueError naming them; municipalities absent
    from the table are left out of every region.
    """
    for col in (gemeente_col, region_col):
        if col not in membership_table.columns:
            raise ValueError(f"membership table has no column {col!r} (columns: {list(membership_table.columns)})")
    if membership_table[gemeente_col].duplicated().any():
        dups = sorted(membership_table.loc[membership_table[gemeente_col].duplicated(), gemeente_col].unique())
        raise ValueError(f"municipalities in more than one region: {', '.join(map(str, dups))}")
    unknown = sorted(set(membership_table[gemeente_col]) - set(gemeenten["code"]))
    if unknown:
        raise ValueError(f"unknown municipality codes in membership table: {', '.join(map(str, unknown))}")
    table = membership_table.rename(columns={gemeente_col: "code"})
    cols = [region_col] + ([name_col] if name_col and name_col in table.columns else [])
    merged = gemeenten[["code", "geometry"]].merge(table[["code", *cols]], on="code", how="inner")
    agg = {"code": "count"}
    if len(cols) > 1:
        agg[name_col] = "first"
    merged = merged.to_crs(RD_NEW)
    merged["geometry"] = repair(merged.geometry.values).values  # reprojection can make a valid ring self-touch
    out = merged.dissolve(by=region_col, aggfunc=agg).reset_index()
    out = out.rename(columns={region_col: "region", "code": "n_gemeenten"}).rename(columns={"region": "code"})
    out["naam"] = out[name_col] if len(cols) > 1 else out["code"]
    out = gpd.GeoDataFrame(out[["code", "naam", "n_gemeenten"]], geometry=out.geometry.values, crs=RD_NEW).to_crs(WGS84)
    out["geometry"] = repair(out.geometry.values).values  # reprojection can make a valid ring self-touch
    return out.sort_values("code", ignore_index=True)

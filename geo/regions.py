"""Region membership: which zorgkantoorregio and provincie each gemeente lies in, and dissolving.

Membership is a spatial join in RD New of a point guaranteed inside each municipality
(``representative_point``, not the centroid, which can fall outside a crescent-shaped one).
"""
from __future__ import annotations

import os

import geopandas as gpd
import pandas as pd

from geo.boundaries import BoundaryError, load_boundaries, repair
from geo.config import REGION_TYPE_LABELS
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


#: Largest accepted area difference between a region of the file and its municipalities dissolved.
#: Measured with the 2025 files: GGD-regio median 0.15%, largest 1.0% (Zeeland); jeugdregio median
#: 0.22%, largest 2.2% (Utrecht Stad: one municipality, generalised separately); zorgkantoorregio
#: 2025 largest 1.0%, provincie 2025 0.8%. (The 2017 zorgkantoorregio file against the 2015-based
#: municipalities differs by up to 14.6%, Rotterdam: real border changes, so that pair is not held to it.)
AREA_TOLERANCE = 0.05


def area_check(gemeenten: gpd.GeoDataFrame, table: pd.DataFrame, regions: gpd.GeoDataFrame, kind: str,
               tolerance: float = AREA_TOLERANCE) -> pd.DataFrame:
    """Per region: area of the file's polygon and of its municipalities dissolved (km², RD New), and
    the relative difference ``verschil``. Raises BoundaryError naming every region beyond ``tolerance``."""
    dissolved = dissolve(gemeenten, table, f"{kind}_code", f"{kind}_naam").set_index("code")
    file_area = regions.set_index("code").geometry.to_crs(RD_NEW).area / 1e6
    out = pd.DataFrame({"naam": dissolved["naam"], "opp_bestand": file_area.reindex(dissolved.index),
                        "opp_gemeenten": dissolved.geometry.to_crs(RD_NEW).area / 1e6})
    out["verschil"] = (out["opp_gemeenten"] / out["opp_bestand"] - 1).abs()
    empty = sorted(set(regions["code"]) - set(dissolved.index))
    bad = out[out["verschil"] > tolerance]
    if len(bad) or empty:
        parts = [f"{c} ({r.naam}): {r.verschil:.1%}" for c, r in bad.iterrows()]
        parts += [f"{c}: geen enkele gemeente" for c in empty]
        raise BoundaryError(f"{kind}: de gemeenten per regio wijken meer dan {tolerance:.0%} af van het regiobestand: "
                            + "; ".join(parts))
    return out.reset_index()


def region_membership(kind: str, year: int, directory: str | os.PathLike | None = None,
                      min_share: float = 0.10) -> tuple[pd.DataFrame, pd.DataFrame, dict]:
    """Membership of ``year``'s municipalities in the regions of ``kind`` (e.g. ggdregio).

    Uses the region file of ``year`` or the nearest earlier one, else the nearest later one. With a
    file of a later year, membership is found for that year's municipalities (representative point,
    checked) and reached through the crosswalk: a municipality of ``year`` belongs to the regions of
    its successors (every part with at least ``min_share`` of a divided one).

    Returns ``(main, links, info)``: ``main`` one row per gemeente (``gemeente_code``, ``{kind}_code``,
    ``{kind}_naam``: the region of its largest part); ``links`` every (gemeente, region) with
    ``aandeel``, the part of the gemeente in that region (1.0 unless divided); ``info`` with
    ``source_year``, ``gemeenten`` (the municipalities the regions are drawn from), ``table``
    (their membership), ``check`` (the area check) and ``note``.
    """
    regions = load_boundaries(kind, year, directory)
    source_year = regions.attrs["source_year"]
    base_year = max(year, source_year)
    gemeenten = load_boundaries("gemeente", base_year, directory)
    assigned = assign_points(gemeenten, regions)
    code, naam = f"{kind}_code", f"{kind}_naam"
    table = pd.DataFrame({"gemeente_code": gemeenten["code"].to_numpy(), code: assigned["code"].to_numpy(),
                          naam: assigned["naam"].to_numpy()})
    check = area_check(gemeenten, table, regions, kind)
    note = ""
    if base_year == year:
        links = table.assign(aandeel=1.0)
    else:
        from geo.crosswalk import crosswalk, successors

        cw = successors(crosswalk(year, base_year, directory), min_share)
        links = cw[["oude_code", "nieuwe_code", "aandeel"]].merge(
            table.rename(columns={"gemeente_code": "nieuwe_code"}), on="nieuwe_code", how="left")
        links = links.groupby(["oude_code", code, naam], as_index=False)["aandeel"].sum()
        links = links.rename(columns={"oude_code": "gemeente_code"})
        label = REGION_TYPE_LABELS.get(kind, kind)
        note = (f"{label[:1].upper()}{label[1:]}'s: indeling van {source_year} (CBS); de gemeenten van {year} zijn via de crosswalk naar {base_year} "
                f"ingedeeld (een gedeelde gemeente telt mee in de regio van elk deel van minstens {min_share:.0%}).")
    links = links.sort_values(["gemeente_code", "aandeel"], ascending=[True, False], ignore_index=True)
    main = links.drop_duplicates("gemeente_code")[["gemeente_code", code, naam]].reset_index(drop=True)
    info = {"source_year": source_year, "gemeenten": gemeenten, "table": table, "check": check, "note": note}
    return main, links, info

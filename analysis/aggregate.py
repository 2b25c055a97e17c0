"""Per-area figures for the map views: project count, highest fase, dominant insurer group, themes."""
from __future__ import annotations

import geopandas as gpd
import pandas as pd

from analysis.join import area_project_pairs


def area_summary(areas: gpd.GeoDataFrame, long: pd.DataFrame, level: str, fase_order: list[str]) -> gpd.GeoDataFrame:
    """``areas`` with ``n_projecten``, ``hoogste_fase``, ``dominante_groep``, ``n_groep``, ``themas``.

    ``long`` is the filtered project x gemeente table with region codes; a project counts once
    per area. The dominant group is the insurer group with the most projects in the area (ties:
    the first in alphabetical order); a project with several insurers counts for each.
    """
    pairs = area_project_pairs(long, level)
    out = areas[["code", "naam", "geometry"]].set_index("code")
    n = pairs.groupby("area_code").size()
    out["n_projecten"] = n.reindex(out.index, fill_value=0).astype(int)
    rank = {f: i for i, f in enumerate(fase_order)}
    top = pairs.assign(r=pairs["fase"].map(rank)).groupby("area_code")["r"].max()
    out["hoogste_fase"] = top.reindex(out.index).map(lambda r: fase_order[int(r)] if pd.notna(r) else None)
    groups = pairs[["area_code", "zorgverzekeraar_groepen"]].assign(
        groep=pairs["zorgverzekeraar_groepen"].fillna("").str.split(";")).explode("groep")
    groups = groups[groups["groep"].str.len() > 0]
    if len(groups):
        tally = groups.groupby(["area_code", "groep"]).size().rename("n").reset_index()
        tally = tally.sort_values(["area_code", "n", "groep"], ascending=[True, False, True]).drop_duplicates("area_code")
        tally = tally.set_index("area_code")
        out["dominante_groep"] = tally["groep"].reindex(out.index)
        out["n_groep"] = tally["n"].reindex(out.index).fillna(0).astype(int)
    else:
        out["dominante_groep"] = None
        out["n_groep"] = 0
    themes = pairs.groupby("area_code")["thema"].agg(lambda s: ";".join(sorted(set(s))))
    out["themas"] = themes.reindex(out.index).fillna("")
    return gpd.GeoDataFrame(out.reset_index(), geometry="geometry", crs=areas.crs)


def area_profile(long: pd.DataFrame, projects: pd.DataFrame, level: str, code: str, thema_codes: list[str]) -> dict:
    """An area's projects, counts by thema and fase, and ``ontbreekt``: themes without any project in the
    whole area (region-wide; what the app, dia and rapport say is per municipality, ``analysis.missing``).

    ``projects`` gets a column ``gedeeltelijk`` ("ja" for a project that reaches the area only
    through part of a divided municipality, see ``analysis.prepare.attach_links``).
    """
    pairs = area_project_pairs(long, level)
    ids = pairs.loc[pairs["area_code"] == code, "id"]
    mine = projects[projects["id"].isin(set(ids))]
    if "deels" in long.columns:
        rows = long[long[f"{level}_code"] == code]
        partial = rows.groupby("id")["deels"].all()
        mine = mine.assign(gedeeltelijk=mine["id"].map(partial).map({True: "ja"}).fillna(""))
    present = set(mine["thema"])
    return {
        "projects": mine,
        "per_thema": mine["thema"].value_counts().reindex(thema_codes, fill_value=0),
        "per_fase": mine["fase"].value_counts(),
        "ontbreekt": [t for t in thema_codes if t not in present],
    }

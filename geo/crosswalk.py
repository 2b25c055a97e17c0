"""Municipality crosswalk between two years: old CBS code -> new CBS code.

The merger table of the boundaries directory (``gemeente_mutaties.csv`` plus the project's
supplement of renamings) is the source. It is checked against an independent spatial overlay of
the two vintages: a municipality maps to the one of the later year that holds most of its area.
Codes the table cannot place in the later year (mergers it does not list yet) are placed by the
overlay, and said so.
"""
from __future__ import annotations

import os

import geopandas as gpd
import pandas as pd

from geo.boundaries import load_boundaries, read_mutations
from geo.crs import RD_NEW

COLUMNS = ["oude_code", "oude_naam", "nieuwe_code", "nieuwe_naam", "bron", "overlay_code", "overlay_aandeel"]


def table_crosswalk(from_year: int, to_year: int, directory: str | os.PathLike | None = None) -> pd.DataFrame:
    """Every municipality of ``from_year`` mapped through the mergers dated after 1 Jan ``from_year``
    up to 1 Jan ``to_year`` (chained, in date order)."""
    if to_year < from_year:
        raise ValueError("a crosswalk goes from an earlier to a later year")
    old = load_boundaries("gemeente", from_year, directory)
    muts = read_mutations(directory)
    start, end = pd.Timestamp(year=from_year, month=1, day=1), pd.Timestamp(year=to_year, month=1, day=1)
    muts = muts[(muts["datum"] > start) & (muts["datum"] <= end)]
    current = dict(zip(old["code"], old["code"]))
    for _, step in muts.groupby("datum", sort=True):
        mapping = dict(zip(step["oude_code"], step["nieuwe_code"]))
        current = {o: mapping.get(c, c) for o, c in current.items()}
    return pd.DataFrame({"oude_code": list(current), "oude_naam": old.set_index("code").loc[list(current), "naam"].to_numpy(),
                         "nieuwe_code": list(current.values())})


def overlay_crosswalk(from_year: int, to_year: int, directory: str | os.PathLike | None = None) -> pd.DataFrame:
    """Each municipality of ``from_year`` -> the ``to_year`` municipality holding most of its area,
    with that share (``aandeel``, 0-1)."""
    old = load_boundaries("gemeente", from_year, directory)[["code", "geometry"]].to_crs(RD_NEW)
    new = load_boundaries("gemeente", to_year, directory)[["code", "geometry"]].to_crs(RD_NEW)
    pieces = gpd.overlay(old.rename(columns={"code": "oude_code"}), new.rename(columns={"code": "nieuwe_code"}),
                         how="intersection", keep_geom_type=True)
    pieces["opp"] = pieces.area
    total = old.set_index("code").area
    best = pieces.sort_values("opp", ascending=False).drop_duplicates("oude_code").set_index("oude_code")
    best["aandeel"] = (best["opp"] / total.reindex(best.index)).round(3)
    return best[["nieuwe_code", "aandeel"]].reset_index()


def crosswalk(from_year: int, to_year: int, directory: str | os.PathLike | None = None) -> pd.DataFrame:
    """The crosswalk used to translate inventories, with the overlay check next to it.

    ``bron``: ``ongewijzigd`` (same code), ``mutatietabel`` (changed by the merger table) or
    ``overlay`` (the table's result does not exist in ``to_year``: placed by the overlay).
    """
    table = table_crosswalk(from_year, to_year, directory)
    over = overlay_crosswalk(from_year, to_year, directory).set_index("oude_code")
    new = load_boundaries("gemeente", to_year, directory)
    names = dict(zip(new["code"], new["naam"]))
    out = table.copy()
    out["overlay_code"] = out["oude_code"].map(over["nieuwe_code"])
    out["overlay_aandeel"] = out["oude_code"].map(over["aandeel"])
    out["bron"] = ["ongewijzigd" if o == n else "mutatietabel" for o, n in zip(out["oude_code"], out["nieuwe_code"])]
    unknown = ~out["nieuwe_code"].isin(names)
    out.loc[unknown, "nieuwe_code"] = out.loc[unknown, "overlay_code"]
    out.loc[unknown, "bron"] = "overlay"
    out["nieuwe_naam"] = out["nieuwe_code"].map(names)
    return out[COLUMNS]


def disagreements(cw: pd.DataFrame) -> pd.DataFrame:
    """Rows where the merger table and the overlay point to different municipalities."""
    return cw[(cw["bron"] != "overlay") & (cw["nieuwe_code"] != cw["overlay_code"])]

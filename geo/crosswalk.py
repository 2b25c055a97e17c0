"""Municipality crosswalk between two years: old CBS code -> new CBS code.

The merger table of the boundaries directory (``gemeente_mutaties.csv`` plus the project's
supplement of renamings) is the source. It is checked against an independent spatial overlay of
the two vintages: a municipality maps to the one of the later year that holds most of its area.
Codes the table cannot place in the later year (mergers it does not list yet) are placed by the
overlay, and said so.

A municipality that was *divided* (Littenseradiel 2018, Winsum 2019, Haaren 2021) gets one row
per successor, with the successor's share of it (``aandeel``): by area from the overlay, or from a
supplied sourced table (inhabitants or addresses). Which municipalities were divided comes from
the split table (``data/gemeente_splitsingen.csv``, or rows of the merger table that send one code
to several), and from the overlay for a code that disappeared while a second successor got at
least :data:`SPLIT_DETECT` of its area. Measured 2017 -> 2025: the three real splits give their
second successor 24-32% of their area; of every other vanished code the largest second share is
11% (Slochteren -> Groningen), and of codes that still exist 18% (Diemen -> Amsterdam,
generalisation), which is why a code that still exists is never treated as divided.
"""
from __future__ import annotations

import csv
import os
from pathlib import Path

import geopandas as gpd
import pandas as pd

from geo.boundaries import BoundaryError, load_boundaries, read_mutations
from geo.config import REPO_ROOT
from geo.crs import RD_NEW

COLUMNS = ["oude_code", "oude_naam", "nieuwe_code", "nieuwe_naam", "bron", "overlay_code", "overlay_aandeel",
           "aandeel", "deling", "aandeel_bron"]
SPLITS_FILE = REPO_ROOT / "data" / "gemeente_splitsingen.csv"
#: a vanished code whose second successor holds at least this share of its area counts as divided
SPLIT_DETECT = 0.20
#: overlay pieces smaller than this share are generalisation slivers, not successors
SLIVER = 0.02


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
        step = step[~step["oude_code"].duplicated(keep=False)]  # one code to several: a split, see split_table
        mapping = dict(zip(step["oude_code"], step["nieuwe_code"]))
        current = {o: mapping.get(c, c) for o, c in current.items()}
    return pd.DataFrame({"oude_code": list(current), "oude_naam": old.set_index("code").loc[list(current), "naam"].to_numpy(),
                         "nieuwe_code": list(current.values())})


def overlay_pieces(from_year: int, to_year: int, directory: str | os.PathLike | None = None) -> pd.DataFrame:
    """Every (``oude_code``, ``nieuwe_code``) whose areas overlap, with the share of the old
    municipality's area in the new one (``aandeel``, 0-1), largest first per old code."""
    old = load_boundaries("gemeente", from_year, directory)[["code", "geometry"]].to_crs(RD_NEW)
    new = load_boundaries("gemeente", to_year, directory)[["code", "geometry"]].to_crs(RD_NEW)
    pieces = gpd.overlay(old.rename(columns={"code": "oude_code"}), new.rename(columns={"code": "nieuwe_code"}),
                         how="intersection", keep_geom_type=True)
    total = old.set_index("code").area
    out = pd.DataFrame({"oude_code": pieces["oude_code"], "nieuwe_code": pieces["nieuwe_code"], "opp": pieces.area})
    out = out.groupby(["oude_code", "nieuwe_code"], as_index=False)["opp"].sum()
    out["aandeel"] = out["opp"] / out["oude_code"].map(total)
    return out.sort_values(["oude_code", "aandeel"], ascending=[True, False], ignore_index=True)[
        ["oude_code", "nieuwe_code", "aandeel"]]


def overlay_crosswalk(from_year: int, to_year: int, directory: str | os.PathLike | None = None,
                      pieces: pd.DataFrame | None = None) -> pd.DataFrame:
    """Each municipality of ``from_year`` -> the ``to_year`` municipality holding most of its area,
    with that share (``aandeel``, 0-1)."""
    pieces = overlay_pieces(from_year, to_year, directory) if pieces is None else pieces
    best = pieces.drop_duplicates("oude_code").copy()
    best["aandeel"] = best["aandeel"].round(3)
    return best[["oude_code", "nieuwe_code", "aandeel"]].reset_index(drop=True)


def split_table(directory: str | os.PathLike | None = None, path: str | os.PathLike | None = SPLITS_FILE) -> pd.DataFrame:
    """Known splits: ``datum``, ``oude_code``, ``nieuwe_code`` (one row per successor), from the
    project's split table and any code the merger table sends to several new codes."""
    cols = ["datum", "oude_code", "nieuwe_code"]
    parts = []
    if path is not None and Path(path).exists():
        df = pd.read_csv(path, dtype=str, comment="#")
        missing = set(cols) - set(df.columns)
        if missing:
            raise BoundaryError(f"{path} mist de kolommen {sorted(missing)}")
        parts.append(df[cols])
    muts = read_mutations(directory)
    parts.append(muts.loc[muts["oude_code"].duplicated(keep=False), cols].astype(str))
    out = pd.concat(parts, ignore_index=True)
    out["datum"] = pd.to_datetime(out["datum"].astype(str).str[:10], format="%Y-%m-%d")
    return out.drop_duplicates(["oude_code", "nieuwe_code"], ignore_index=True)


def read_share_table(path: str | os.PathLike) -> pd.DataFrame:
    """A sourced table of successor shares: ``oude_code``, ``nieuwe_code``, ``aandeel`` (0-1 or a
    percentage) and ``bron`` (e.g. "BAG-adressen 1-1-2021"). Shares of one old code must add up to about 1."""
    try:
        df = pd.read_csv(path, dtype=str, comment="#", sep=None, engine="python")
    except (pd.errors.ParserError, pd.errors.EmptyDataError, csv.Error):  # not undecodable text: that says which byte
        raise ValueError(f"{path} is geen leesbare tabel (oude_code, nieuwe_code, aandeel, bron; CSV)") from None
    missing = {"oude_code", "nieuwe_code", "aandeel", "bron"} - set(df.columns)
    if missing:
        raise ValueError(f"{path}: kolommen ontbreken: {sorted(missing)}")
    df["aandeel"] = pd.to_numeric(df["aandeel"].str.replace("%", "").str.replace(",", "."), errors="coerce")
    if df["aandeel"].isna().any():
        raise ValueError(f"{path}: aandeel is geen getal in rij(en) {', '.join(str(i + 2) for i in df.index[df['aandeel'].isna()])}")
    if (df["aandeel"] > 1).any():
        df["aandeel"] = df["aandeel"] / 100
    sums = df.groupby("oude_code")["aandeel"].sum()
    off = sums[(sums - 1).abs() > 0.05]
    if len(off):
        raise ValueError(f"{path}: de aandelen van {', '.join(off.index)} tellen niet op tot 100%")
    return df[["oude_code", "nieuwe_code", "aandeel", "bron"]]


def crosswalk(from_year: int, to_year: int, directory: str | os.PathLike | None = None,
              shares: pd.DataFrame | None = None, splits_file: str | os.PathLike | None = SPLITS_FILE) -> pd.DataFrame:
    """The crosswalk used to translate inventories, with the overlay check next to it.

    One row per old municipality, except a divided one: one row per successor. ``bron``:
    ``ongewijzigd`` (same code), ``mutatietabel`` (changed by the merger table), ``overlay`` (the
    table's result does not exist in ``to_year``: placed by the overlay) or ``deling`` (divided).
    ``aandeel`` is the successor's share of the old municipality (1.0 when not divided);
    ``aandeel_bron`` says where it comes from (``oppervlakte`` or the ``bron`` of ``shares``, a
    table as read by :func:`read_share_table`). ``deling`` marks the rows of a divided municipality.
    """
    table = table_crosswalk(from_year, to_year, directory)
    pieces = overlay_pieces(from_year, to_year, directory)
    over = overlay_crosswalk(from_year, to_year, directory, pieces).set_index("oude_code")
    new = load_boundaries("gemeente", to_year, directory)
    names = dict(zip(new["code"], new["naam"]))
    out = table.copy()
    out["overlay_code"] = out["oude_code"].map(over["nieuwe_code"])
    out["overlay_aandeel"] = out["oude_code"].map(over["aandeel"])
    out["bron"] = ["ongewijzigd" if o == n else "mutatietabel" for o, n in zip(out["oude_code"], out["nieuwe_code"])]
    unknown = ~out["nieuwe_code"].isin(names)
    out.loc[unknown, "nieuwe_code"] = out.loc[unknown, "overlay_code"]
    out.loc[unknown, "bron"] = "overlay"
    out["aandeel"], out["deling"], out["aandeel_bron"] = 1.0, False, ""
    divided = _divided(out, pieces, split_table(directory, splits_file), from_year, to_year, names, shares)
    if len(divided):
        keep = out[~out["oude_code"].isin(set(divided["oude_code"]))]
        base = out.drop(columns=["nieuwe_code", "bron", "aandeel", "deling", "aandeel_bron"]).drop_duplicates("oude_code")
        divided = divided.merge(base, on="oude_code", how="left")
        out = pd.concat([keep, divided], ignore_index=True).sort_values(["oude_code", "aandeel"], ascending=[True, False],
                                                                        ignore_index=True)
    out["nieuwe_naam"] = out["nieuwe_code"].map(names)
    return out[COLUMNS]


def _divided(cw: pd.DataFrame, pieces: pd.DataFrame, splits: pd.DataFrame, from_year: int, to_year: int,
             names: dict[str, str], shares: pd.DataFrame | None) -> pd.DataFrame:
    """Rows (``oude_code``, ``nieuwe_code``, ``bron``, ``aandeel``, ``deling``, ``aandeel_bron``) of the
    municipalities of ``cw`` divided between ``from_year`` and ``to_year``."""
    start, end = pd.Timestamp(year=from_year, month=1, day=1), pd.Timestamp(year=to_year, month=1, day=1)
    listed = splits[(splits["datum"] > start) & (splits["datum"] <= end) & splits["oude_code"].isin(set(cw["oude_code"]))]
    successors = {o: list(g["nieuwe_code"]) for o, g in listed.groupby("oude_code")}
    vanished = set(cw["oude_code"]) - set(names)
    for code, g in pieces[pieces["oude_code"].isin(vanished - set(successors))].groupby("oude_code"):
        if len(g) > 1 and g["aandeel"].iloc[1] >= SPLIT_DETECT:
            successors[code] = list(g.loc[g["aandeel"] >= SLIVER, "nieuwe_code"])
    rows = []
    for code, succ in successors.items():
        area = pieces[(pieces["oude_code"] == code) & pieces["nieuwe_code"].isin(succ)].set_index("nieuwe_code")["aandeel"]
        absent = [s for s in succ if s not in names]
        if absent:
            raise BoundaryError(f"splitsing van {code}: opvolger(s) {', '.join(absent)} bestaan niet in {to_year} "
                                "(latere herindeling); vul de splitsingstabel aan")
        sourced = shares[shares["oude_code"] == code] if shares is not None else None
        if sourced is not None and len(sourced):
            share, src = sourced.set_index("nieuwe_code")["aandeel"], sourced["bron"].iloc[0]
            succ = list(dict.fromkeys([*share.index, *succ]))
        else:
            share, src = area.reindex(succ).fillna(0) / area.reindex(succ).fillna(0).sum(), "oppervlakte"
        for s in succ:
            rows.append({"oude_code": code, "nieuwe_code": s, "bron": "deling", "deling": True,
                         "aandeel": round(float(share.get(s, 0.0)), 3), "aandeel_bron": src})
    return pd.DataFrame(rows, columns=["oude_code", "nieuwe_code", "bron", "aandeel", "deling", "aandeel_bron"])


def successors(cw: pd.DataFrame, min_share: float = 0.10) -> pd.DataFrame:
    """The rows of ``cw`` a translation uses: every successor with ``aandeel >= min_share`` (and, for
    a divided municipality none of whose parts reaches it, the largest part)."""
    keep = cw["aandeel"] >= min_share - 1e-9
    largest = ~cw.sort_values("aandeel", ascending=False).duplicated("oude_code").reindex(cw.index)
    return cw[keep | (largest & ~cw["oude_code"].isin(set(cw.loc[keep, "oude_code"])))]


def disagreements(cw: pd.DataFrame) -> pd.DataFrame:
    """Rows where the merger table and the overlay point to different municipalities."""
    return cw[(cw["bron"].isin(["ongewijzigd", "mutatietabel"])) & (cw["nieuwe_code"] != cw["overlay_code"])]

"""The compact project -> area table the browser filters on (``static/swk/filtercore.js``).

One entry per project: its codes as small integers (index into the taxonomy's codes), its insurer
groups as a bit mask, and the indices of the areas of one level it counts in (the pairs
``analysis.aggregate.area_summary`` counts). Used by the standalone HTML's toggles
(``export/embed.py``) and by the app's live map, which recolours the moment a filter chip is
clicked, before the server's answer (``layers/live.py``). ~25 KB of JSON for the 2017 demo.
"""
from __future__ import annotations

import pandas as pd

from analysis.filter import inventory_years
from analysis.join import area_project_pairs
from analysis.prepare import Prepared
from layers.choropleth import COUNT_COLOURS
from layers.compose import FILL_OPACITY
from layers.hatch import NO_PROJECTS

#: filter key -> (column of the projects frame, key in the browser's table)
COLUMNS = {"thema": ("thema", "t"), "fase": ("fase", "f"), "instrument": ("instrument", "i"),
           "niveau": ("niveau", "l"), "jaar": ("jaar", "y")}
MAX_PAIRS = 200_000  # beyond this the table is not sent: the server recolours (a round trip)


def filter_table(prep: Prepared, projects: pd.DataFrame, level: str, taxonomy,
                 dims: tuple[str, ...] = ("thema", "fase", "instrument", "zorgverzekeraar")) -> dict | None:
    """``{"dims", "areas", "p", ...}`` for ``projects`` (accepted, already narrowed by filters that
    are not offered) counted at ``level``; None when the table would be too large to send."""
    areas = prep.areas[level]
    area_index = {c: i for i, c in enumerate(areas["code"])}
    long = prep.long[prep.long["id"].isin(set(projects["id"]))]
    pairs = area_project_pairs(long, level).dropna(subset=["area_code"])
    if len(pairs) > MAX_PAIRS:
        return None
    per_project = pairs.groupby("id")["area_code"].agg(lambda s: sorted(area_index[c] for c in s if c in area_index))
    codes = {d: (inventory_years(projects) if d == "jaar" else list(taxonomy[d].codes))
             for d in ("thema", "fase", "instrument", "zorgverzekeraar", *dims)}
    labels = {d: ({c: c for c in codes[d]} if d == "jaar" else taxonomy[d].labels()) for d in codes}
    p: dict[str, list] = {}
    for d, (column, short) in COLUMNS.items():
        if d not in codes:
            continue
        index = {c: i for i, c in enumerate(codes[d])}
        values = projects[column]
        if d == "jaar":
            values = values.map(lambda y: str(int(y)) if pd.notna(y) else None)
        p[short] = [index.get(v, -1) for v in values]
    gbit = {g: i for i, g in enumerate(codes["zorgverzekeraar"])}
    groups = projects["zorgverzekeraar_groepen"].fillna("").str.split(";")
    p["z"] = [sum(1 << gbit[g] for g in set(gs) if g in gbit) for gs in groups]
    p["a"] = [per_project.get(i, []) for i in projects["id"]]
    return {
        "dims": {d: {"codes": codes[d], "labels": [labels[d].get(c, c) for c in codes[d]]} for d in codes},
        "faseColours": [taxonomy["fase"].colours()[c] for c in codes["fase"]],
        "groupColours": [taxonomy["zorgverzekeraar"].colours()[c] for c in codes["zorgverzekeraar"]],
        "countColours": COUNT_COLOURS, "noData": NO_PROJECTS, "opacity": FILL_OPACITY,
        "areas": {"codes": areas["code"].astype(str).tolist(), "names": areas["naam"].astype(str).tolist()},
        "p": p,
    }

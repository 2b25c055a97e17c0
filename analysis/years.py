"""Put every project on the municipalities of the year a map is drawn on, or say why it is not.

An inventory may mix years (rows of 2017 next to rows of 2025, each validated on its own year's
municipalities). A map shows one year. A row of an earlier year whose municipality no longer
exists is translated with the merger crosswalk (Weesp 2017 -> Amsterdam 2025); a municipality
that cannot be placed (a later row on an older map, or no crosswalk) is left out and listed with
the reason. Nothing is dropped silently.
"""
from __future__ import annotations

import os

import pandas as pd

from geo.boundaries import BoundaryError, load_boundaries
from inventory.translate import REPORT_COLUMNS, translate_projects

NOT_DRAWN_COLUMNS = ["rij", "id", "naam", "jaar", "codes", "reden", "getekend"]


def align_years(projects: pd.DataFrame, year: int, directory: str | os.PathLike | None = None
                ) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """``projects`` on ``year``'s municipalities.

    Returns the projects that have at least one municipality on the map (codes translated where
    needed), the translation report (``inventory.translate.REPORT_COLUMNS``) and the not-drawn
    list: per project the codes left out, the reason, and whether the project is still drawn
    through its other municipalities (``getekend``).
    """
    empty = (pd.DataFrame(columns=REPORT_COLUMNS), pd.DataFrame(columns=NOT_DRAWN_COLUMNS))
    if projects.empty:
        return projects, *empty
    valid = set(load_boundaries("gemeente", year, directory)["code"])
    codes = projects["gemeente_codes"].fillna("").astype(str).str.split(";")
    off = codes.map(lambda cs: any(c and c not in valid for c in cs))
    if not off.any():
        return projects, *empty
    years = projects["jaar"].fillna(year).astype(int)
    out = projects.copy()
    reports, missing = [], []
    for y in sorted(set(years[off])):
        rows = off & (years == y)
        if y < year:
            try:
                from geo.crosswalk import crosswalk

                part, rep = translate_projects(projects[rows], crosswalk(y, year, directory))
            except (BoundaryError, ValueError, KeyError) as exc:
                reason = f"niet te vertalen van {y} naar {year}: {exc}"
            else:
                out.loc[rows, ["gemeente_codes", "gemeente_namen"]] = part[["gemeente_codes", "gemeente_namen"]]
                reports.append(rep)
                reason = f"geen opvolger in {year} (gemeente van {y})"
        else:
            reason = f"bestaat (nog) niet in {year}; het project is van {y}" if y > year else f"bestaat niet in {year}"
        for idx in projects.index[rows]:
            keep, gone = [], []
            for c in str(out.at[idx, "gemeente_codes"]).split(";"):
                (keep if c in valid else gone).append(c)
            if gone:
                missing.append(dict(rij=projects.at[idx, "rij"], id=projects.at[idx, "id"], naam=projects.at[idx, "naam"],
                                    jaar=y, codes=";".join(gone), reden=reason, getekend=bool(keep)))
                names = dict(zip(str(out.at[idx, "gemeente_codes"]).split(";"), str(out.at[idx, "gemeente_namen"]).split(";")))
                out.at[idx, "gemeente_codes"] = ";".join(keep)
                out.at[idx, "gemeente_namen"] = ";".join(names.get(c, c) for c in keep)
    not_drawn = pd.DataFrame(missing, columns=NOT_DRAWN_COLUMNS)
    drawn = out[out["gemeente_codes"].str.len() > 0]
    report = pd.concat(reports, ignore_index=True) if reports else empty[0]
    return drawn, report, not_drawn


def not_drawn_note(not_drawn: pd.DataFrame, year: int) -> str:
    """One Dutch line for a title or a subtitle: how many projects are not (fully) on the map."""
    if not_drawn.empty:
        return ""
    gone = int((~not_drawn["getekend"].astype(bool)).sum())
    part = int(not_drawn["getekend"].astype(bool).sum())
    bits = []
    if gone:
        bits.append(f"{gone} project(en) niet getekend")
    if part:
        bits.append(f"{part} project(en) deels getekend")
    return " en ".join(bits) + f": gemeente(n) bestaan niet in {year}"

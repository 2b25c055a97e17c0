"""Filter projects on the taxonomy dimensions and count what each option would leave."""
from __future__ import annotations

import pandas as pd

#: filter key -> column of the accepted projects frame; zorgverzekeraar matches any of a project's groups
FILTER_COLUMNS = {
    "thema": "thema",
    "fase": "fase",
    "instrument": "instrument",
    "niveau": "niveau",
    "zorgverzekeraar": "zorgverzekeraar_groepen",
    "jaar": "jaar",
}


def inventory_years(projects: pd.DataFrame) -> list[str]:
    """The inventory years present, as the ``jaar`` filter's options ("2017", ...)."""
    return sorted(str(int(y)) for y in projects["jaar"].dropna().unique())


def _mask(projects: pd.DataFrame, key: str, values) -> pd.Series:
    col = projects[FILTER_COLUMNS[key]]
    if key == "zorgverzekeraar":
        wanted = set(values)
        return col.fillna("").str.split(";").map(lambda gs: bool(wanted.intersection(gs)))
    if key == "jaar":
        return col.astype("Int64").isin([int(v) for v in values]).fillna(False)
    return col.isin(list(values))


def filter_projects(projects: pd.DataFrame, selection: dict[str, list]) -> pd.DataFrame:
    """Projects matching every filter in ``selection`` (key -> allowed values; a missing key = no filter)."""
    mask = pd.Series(True, index=projects.index)
    for key, values in selection.items():
        if values is None:
            continue
        mask &= _mask(projects, key, values)
    return projects if mask.all() else projects[mask]  # nothing filtered out: no copy (treat as read-only)


def option_counts(projects: pd.DataFrame, selection: dict[str, list], key: str, options: list) -> dict:
    """For each option of ``key``: projects that remain with every *other* filter applied and this option.

    This is the number a user sees next to an option: what ticking it (alone) would show.
    """
    others = {k: v for k, v in selection.items() if k != key}
    base = filter_projects(projects, others)
    col = base[FILTER_COLUMNS[key]]
    if key == "zorgverzekeraar":
        exploded = col.fillna("").str.split(";").explode()
        counts = exploded.value_counts()
    else:
        counts = col.astype(str).value_counts() if key == "jaar" else col.value_counts()
    return {o: int(counts.get(str(o) if key == "jaar" else o, 0)) for o in options}

"""The profile of one area, compared: its projects per thema and fase as counts, shares and per
10,000 inhabitants, next to the national figure and the median of the areas of the same kind.

Missing themes are judged only among the themes the user selected: a theme filtered out is not
"missing"; and per municipality (``analysis.missing``), not for the region as a whole.
Per-inhabitant figures use the CBS inhabitants of the inventory year (or the nearest earlier table).
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from analysis.focus import municipalities_in
from analysis.join import area_project_pairs
from analysis.missing import Missing, missing_in_area
from analysis.prepare import Prepared

PER = 10_000  # "per 10.000 inwoners"


@dataclass
class Profile:
    """What the profile of one area says (``level``, ``code``) under the current filters."""

    level: str
    code: str
    naam: str
    projects: pd.DataFrame  # the area's filtered projects
    per_thema: pd.DataFrame  # one row per thema: see ``compare``
    per_fase: pd.DataFrame  # one row per fase, in phase order
    missing: list[str]  # thema codes among the selected themes without any project anywhere in the area
    judged_themes: list[str]  # the themes the missing list was judged among
    inwoners: float | None = None
    notes: list[str] = field(default_factory=list)
    gaps: Missing | None = None  # per municipality: the (gemeente, chosen thema) combinations without a project


def area_inhabitants(prep: Prepared, level: str, inhabitants: pd.Series | None) -> pd.Series:
    """Inhabitants per area of ``level`` (sum of its municipalities); empty when unknown."""
    if inhabitants is None:
        return pd.Series(dtype=float)
    per_gem = prep.members[["gemeente_code"] + ([f"{level}_code"] if level != "gemeente" else [])].copy()
    per_gem["inwoners"] = per_gem["gemeente_code"].map(inhabitants)
    key = "gemeente_code" if level == "gemeente" else f"{level}_code"
    return per_gem.dropna(subset=[key]).groupby(key)["inwoners"].sum(min_count=1)


def compare(long: pd.DataFrame, level: str, code: str, dim: str, codes: list[str], pop: pd.Series,
            all_areas: list[str]) -> pd.DataFrame:
    """Per value of ``dim``: ``n`` here, ``aandeel`` (share of this area's projects),
    ``per_10k`` here, ``nl_n`` and ``nl_per_10k`` for the whole country, and ``mediaan_per_10k``
    over all areas of ``level`` (areas without projects count as 0).
    """
    pairs = area_project_pairs(long, level)
    tally = pairs.groupby(["area_code", dim]).size().unstack(fill_value=0).reindex(columns=codes, fill_value=0)
    tally = tally.reindex(all_areas, fill_value=0)
    here = tally.loc[code] if code in tally.index else pd.Series(0, index=codes)
    national = long.drop_duplicates("id")[dim].value_counts().reindex(codes, fill_value=0)
    total_here = int(pairs.loc[pairs["area_code"] == code, "id"].nunique())
    out = pd.DataFrame({"n": here.astype(int), "nl_n": national.astype(int)}, index=codes)
    out["aandeel"] = out["n"] / total_here if total_here else 0.0
    pop_here = pop.get(code, np.nan) if len(pop) else np.nan
    nl_pop = pop.reindex(all_areas).sum(min_count=1) if len(pop) else np.nan
    out["per_10k"] = out["n"] / pop_here * PER if pop_here and pop_here == pop_here else np.nan
    out["nl_per_10k"] = out["nl_n"] / nl_pop * PER if nl_pop and nl_pop == nl_pop else np.nan
    if len(pop):
        rates = tally.div(pop.reindex(tally.index), axis=0) * PER
        out["mediaan_per_10k"] = rates.median(skipna=True).reindex(codes)
    else:
        out["mediaan_per_10k"] = tally.median().reindex(codes)
    out.index.name = dim
    return out


def area_profile_compared(prep: Prepared, filtered: pd.DataFrame, level: str, code: str, selection: dict,
                          thema_codes: list[str], fase_codes: list[str],
                          inhabitants: pd.Series | None = None) -> Profile:
    """The profile of area ``code`` of ``level`` for the ``filtered`` projects (``selection``: the filters)."""
    long = prep.long[prep.long["id"].isin(set(filtered["id"]))]
    areas = prep.areas[level]
    naam = dict(zip(areas["code"], areas["naam"])).get(code, code)
    pairs = area_project_pairs(long, level)
    ids = set(pairs.loc[pairs["area_code"] == code, "id"])
    mine = filtered[filtered["id"].isin(ids)]
    if "deels" in long.columns:  # reached only through part of a divided municipality (e.g. Haaren 2021)
        key = "gemeente_code" if level == "gemeente" else f"{level}_code"
        partial = long[long[key] == code].groupby("id")["deels"].all()
        mine = mine.assign(gedeeltelijk=mine["id"].map(partial).map({True: "ja"}).fillna(""))
    pop = area_inhabitants(prep, level, inhabitants)
    all_areas = list(areas["code"])
    per_thema = compare(long, level, code, "thema", thema_codes, pop, all_areas)
    per_fase = compare(long, level, code, "fase", fase_codes, pop, all_areas)
    chosen = chosen_themes(selection, thema_codes)
    missing = [t for t in chosen if per_thema.loc[t, "n"] == 0]
    notes = []
    if inhabitants is None or pop.empty:
        notes.append("geen inwonertabel: cijfers per 10.000 inwoners ontbreken")
    gaps = missing_in_area(long, prep.areas["gemeente"], municipalities_in(prep, level, code), chosen, fase_codes,
                           single=level == "gemeente")
    return Profile(level, code, naam, mine, per_thema, per_fase, missing, chosen,
                   float(pop.get(code)) if len(pop) and pd.notna(pop.get(code)) else None, notes, gaps)


def chosen_themes(selection: dict, thema_codes: list[str]) -> list[str]:
    """The themes ``selection`` keeps, in taxonomy order (every theme when it does not filter on thema)."""
    wanted = set(selection.get("thema", thema_codes))
    return [t for t in thema_codes if t in wanted]


def national_themes(filtered: pd.DataFrame, themes: list[str]) -> pd.DataFrame:
    """The country's projects per chosen theme: ``n`` and ``aandeel`` (share of the selected projects),
    indexed by thema in the order of ``themes``. Themes filtered out are not rows (not "0 / 0%")."""
    per = filtered["thema"].value_counts().reindex(themes, fill_value=0).astype(int)
    total = int(per.sum())
    out = pd.DataFrame({"n": per, "aandeel": per / total if total else 0.0}, index=themes)
    out.index.name = "thema"
    return out


def filters_line(selection: dict, taxonomy, keys=("thema", "fase", "instrument", "niveau", "zorgverzekeraar")) -> str:
    """'thema: Ouderen, GGZ · fase: Implementatie' for the filters that narrow; '' when none do."""
    parts = []
    for key in keys:
        values = selection.get(key)
        if values is not None and set(values) != set(taxonomy[key].codes):
            labels = taxonomy[key].labels()
            parts.append(f"{key}: " + (", ".join(labels.get(v, v) for v in values) or "geen"))
    return " · ".join(parts)


def nl_number(value: float | int | None, decimals: int = 0) -> str:
    """Dutch number format: 12.345 and 1,9; '–' for a missing value."""
    if value is None or (isinstance(value, float) and not np.isfinite(value)):
        return "–"
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def comparison_table(part: pd.DataFrame, labels: dict[str, str], what: str) -> pd.DataFrame:
    """``compare``'s frame as people read it: Dutch headers, labels, formatted numbers."""
    return pd.DataFrame({
        what: [labels.get(c, c) for c in part.index],
        "projecten": part["n"].astype(int).tolist(),
        "aandeel": [f"{nl_number(v * 100)}%" for v in part["aandeel"]],
        "per 10.000 inw.": [nl_number(v, 1) for v in part["per_10k"]],
        "Nederland per 10.000": [nl_number(v, 1) for v in part["nl_per_10k"]],
        "mediaan gebieden": [nl_number(v, 1) for v in part["mediaan_per_10k"]],
    })

"""What is missing in an area, judged per municipality among the chosen themes.

A region "has" a theme as soon as one of its municipalities has a project on it, so a region-wide
judgement said "nothing missing" for Twente (Ouderen + GGZ) while Haaksbergen had no project at all
and Tubbergen none on GGZ. The statement people read (profile in the app, regio-dia, regiorapport)
is therefore made per (municipality, chosen theme) combination, the cells of the
samenwerkingsmatrix, and is the same as the witte-vlekken computation (``analysis.gaps.find_gaps``
with the default rule: no project by any party, in any phase). The region-wide line is kept beside
it, worded as what it is: whether each theme has a project *somewhere* in the region.

One function makes the facts (``missing_in_area``) and one the Dutch sentence (``missing_sentence``),
so the app, the dia and the rapport say the same words.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analysis.matrix import matrix_long

SLIDE_LIMIT = 5  # municipalities named on a slide; the others are counted ("en nog 3 gemeenten")


@dataclass(frozen=True)
class Missing:
    """The (municipality, theme) combinations of an area without any project, among ``themes``.

    ``gaps`` has one row per combination without a project: ``gemeente_code``, ``gemeente`` (name),
    ``thema``, ordered as ``per_gemeente`` names them. ``single``: the area is one municipality.
    """

    themes: list[str]
    gemeenten: list[str]
    gaps: pd.DataFrame
    single: bool = False

    @property
    def cells(self) -> int:
        return len(self.gemeenten) * len(self.themes)

    @property
    def region_missing(self) -> list[str]:
        """Chosen themes without a project anywhere in the area (the old region-wide judgement)."""
        per_theme = self.gaps.groupby("thema")["gemeente_code"].nunique()
        n = len(self.gemeenten)
        return [t for t in self.themes if n and per_theme.get(t, 0) == n]

    def per_gemeente(self) -> list[tuple[str, str, list[str]]]:
        """(code, name, missing themes in theme order) per municipality with a gap, in the order of
        ``gaps``: most themes missing first, then by name."""
        return [(code, naam, list(grp["thema"]))
                for (code, naam), grp in self.gaps.groupby(["gemeente_code", "gemeente"], sort=False)]


def missing_in_area(long: pd.DataFrame, gemeenten: pd.DataFrame, codes: list[str], themes: list[str],
                    fase_order: list[str], single: bool = False) -> Missing:
    """The combinations of the municipalities ``codes`` and the chosen ``themes`` without a project in
    ``long`` (the filtered project x gemeente table); ``gemeenten``: ``code`` and ``naam``.

    Computed from the samenwerkingsmatrix (``analysis.matrix.matrix_long``), so the statement and the
    matrix beside it cannot disagree."""
    mat = matrix_long(long, gemeenten, list(codes), list(themes), fase_order)
    gaps = mat.loc[mat["n"] == 0, ["gemeente_code", "gemeente", "thema"]]
    per = gaps.groupby("gemeente_code")["thema"].transform("size")  # most themes missing first, then by name
    order = {t: i for i, t in enumerate(themes)}
    gaps = gaps.assign(_n=-per, _naam=gaps["gemeente"].astype(str).str.casefold(), _t=gaps["thema"].map(order))
    gaps = gaps.sort_values(["_n", "_naam", "gemeente_code", "_t"]).drop(columns=["_n", "_naam", "_t"])
    return Missing(list(themes), list(codes), gaps.reset_index(drop=True), single)


def _themes(names: list[str]) -> str:
    return ", ".join(names)


def missing_sentence(missing: Missing, labels: dict[str, str], limit: int | None = None,
                     max_chars: int | None = None) -> str:
    """The one Dutch sentence about what is missing: '3 van 28 combinaties zonder project:
    Haaksbergen (alle gekozen thema's), Tubbergen (GGZ)'. For a slide, ``limit`` names at most that
    many municipalities and ``max_chars`` as many as fit in that length (at least one); the rest
    are counted ('en nog 4 gemeenten')."""
    themes = [labels.get(t, t) for t in missing.themes]
    if not missing.themes:
        return "Geen thema gekozen."
    if missing.single:
        lacking = [labels.get(t, t) for t in missing.gaps["thema"]]
        if not lacking:
            return f"Op elk gekozen thema minstens één project ({_themes(themes)})."
        if len(lacking) == len(themes) and len(themes) > 1:
            return f"Geen project op de gekozen thema's ({_themes(themes)})."
        return f"Geen project op: {_themes(lacking)} ({len(lacking)} van {len(themes)} gekozen thema's)."
    n, cells = len(missing.gaps), missing.cells
    kind = "combinatie" if cells == 1 else "combinaties"
    if n == 0:
        return f"Elke gemeente heeft op elk gekozen thema minstens één project (0 van {cells} {kind} zonder project)."
    named = []
    for _, naam, lacking in missing.per_gemeente():
        what = "alle gekozen thema's" if len(lacking) == len(themes) and len(themes) > 1 else \
            _themes([labels.get(t, t) for t in lacking])
        named.append(f"{naam} ({what})")
    head = f"{n} van {cells} {kind} zonder project: "

    def said(k: int) -> str:
        rest = len(named) - k
        tail = f" en nog {rest} {'gemeente' if rest == 1 else 'gemeenten'}" if rest else ""
        return head + ", ".join(named[:k]) + tail

    k = len(named) if limit is None else min(limit, len(named))
    while max_chars is not None and k > 1 and len(said(k)) > max_chars:
        k -= 1
    return said(k)


def region_sentence(missing: Missing, labels: dict[str, str]) -> str:
    """The region-wide line, worded so it cannot be read as 'nothing missing' ('' for one municipality)."""
    if missing.single or not missing.themes:
        return ""
    absent = missing.region_missing
    if not absent:
        return "Regio als geheel: elk gekozen thema heeft een project in minstens één gemeente."
    return f"Regio als geheel: in geen enkele gemeente een project op {_themes([labels.get(t, t) for t in absent])}."

"""The samenwerkingsmatrix of a region: its municipalities x themes, each cell the highest fase
reached, the number of projects and the insurers involved.

This is the one-page picture a regional talk needs and the 2017 maps could not give: which
municipality works on which theme, how far, with whom, and where nothing happens.
"""
from __future__ import annotations

import pandas as pd

MATRIX_COLUMNS = ["gemeente_code", "gemeente", "thema", "n", "hoogste_fase", "verzekeraars"]


def matrix_long(long: pd.DataFrame, gemeenten: pd.DataFrame, codes: list[str], thema_codes: list[str],
                fase_order: list[str]) -> pd.DataFrame:
    """One row per (municipality in ``codes``, thema): ``n`` projects, ``hoogste_fase`` (None when
    n is 0) and ``verzekeraars`` (insurer groups, comma separated, alphabetical).

    ``long``: the filtered project x gemeente table; ``gemeenten``: ``code`` and ``naam``.
    """
    names = dict(zip(gemeenten["code"], gemeenten["naam"]))
    rank = {f: i for i, f in enumerate(fase_order)}
    mine = long[long["gemeente_code"].isin(set(codes))].drop_duplicates(["gemeente_code", "id"])
    rows = []
    grouped = {k: g for k, g in mine.groupby(["gemeente_code", "thema"])}
    for code in sorted(codes, key=lambda c: names.get(c, c)):
        for thema in thema_codes:
            grp = grouped.get((code, thema))
            if grp is None or grp.empty:
                rows.append((code, names.get(code, code), thema, 0, None, ""))
                continue
            top = max(grp["fase"], key=lambda f: rank.get(f, -1))
            groups = sorted({g for v in grp["zorgverzekeraar_groepen"].fillna("") for g in v.split(";") if g})
            rows.append((code, names.get(code, code), thema, len(grp), top, ", ".join(groups)))
    return pd.DataFrame(rows, columns=MATRIX_COLUMNS)


def matrix_wide(matrix: pd.DataFrame, taxonomy, with_insurers: bool = True) -> pd.DataFrame:
    """The matrix as people read it: a row per municipality, a column per thema label, cells like
    'Implementatie (3) · CZ, VGZ' or '–' (no project)."""
    fase_labels = taxonomy["fase"].labels()
    groep_labels = taxonomy["zorgverzekeraar"].labels()
    thema_labels = taxonomy["thema"].labels()

    def cell(r) -> str:
        if not r.n:
            return "–"
        text = f"{fase_labels.get(r.hoogste_fase, r.hoogste_fase)} ({r.n})"
        if with_insurers and r.verzekeraars:
            text += " · " + ", ".join(groep_labels.get(g, g) for g in r.verzekeraars.split(", "))
        return text

    out = matrix.assign(cel=[cell(r) for r in matrix.itertuples(index=False)])
    wide = out.pivot(index="gemeente", columns="thema", values="cel")
    order = [t for t in taxonomy["thema"].codes if t in wide.columns]
    wide = wide[order].rename(columns=thema_labels)
    wide.columns.name = None
    return wide.reindex(sorted(wide.index, key=str.casefold)).reset_index()


def matrix_summary(matrix: pd.DataFrame) -> dict[str, int]:
    """Counts for a caption: cells with and without a project, municipalities without any."""
    per_gem = matrix.groupby("gemeente_code")["n"].sum()
    return {"cellen": len(matrix), "met_project": int((matrix["n"] > 0).sum()),
            "zonder_project": int((matrix["n"] == 0).sum()), "gemeenten_zonder": int((per_gem == 0).sum())}

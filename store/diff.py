"""What changed between two versions of a dataset: rows added, removed, and changed field by field."""
from __future__ import annotations

import pandas as pd

from store.kinds import get_kind

DIFF_COLUMNS = ["wijziging", "sleutel", "naam", "veld", "oud", "nieuw"]


def _key(frame: pd.DataFrame, cols: list[str]) -> pd.Series:
    return frame[cols].astype(str).agg(" / ".join, axis=1) if len(frame) else pd.Series([], dtype=object)


def _same(a, b) -> bool:
    if pd.isna(a) and pd.isna(b):
        return True
    if pd.isna(a) or pd.isna(b):
        return False
    return a == b


def diff_results(kind: str, old, new) -> pd.DataFrame:
    """One row per added or removed row, and one per changed field of a row in both.

    Columns: ``wijziging`` (toegevoegd, verwijderd, gewijzigd), ``sleutel`` (the kind's key columns, e.g.
    the id, the gemeente code, or region/theme/aspect/rater), ``naam``, ``veld``, ``oud``, ``nieuw``.
    """
    spec = get_kind(kind)
    key_cols, fields, name_col = list(spec.diff_key), list(spec.diff_fields), spec.diff_name
    a, b = spec.rows(old), spec.rows(new)
    a = a.set_index(_key(a, key_cols).to_numpy())
    b = b.set_index(_key(b, key_cols).to_numpy())
    out = []

    def name(frame, k):
        return str(frame.at[k, name_col]) if name_col else ""

    for k in b.index.difference(a.index, sort=False):
        out.append(("toegevoegd", k, name(b, k), "", "", ""))
    for k in a.index.difference(b.index, sort=False):
        out.append(("verwijderd", k, name(a, k), "", "", ""))
    both = a.index.intersection(b.index, sort=False)
    for col in fields:
        va, vb = a.loc[both, col], b.loc[both, col]
        for k, x, y in zip(both, va, vb):
            if not _same(x, y):
                out.append(("gewijzigd", k, name(b, k), col, "" if pd.isna(x) else str(x), "" if pd.isna(y) else str(y)))
    order = {"toegevoegd": 0, "verwijderd": 1, "gewijzigd": 2}
    frame = pd.DataFrame(out, columns=DIFF_COLUMNS)
    return frame.sort_values(["wijziging", "sleutel"], key=lambda s: s.map(order) if s.name == "wijziging" else s,
                             kind="stable", ignore_index=True)


def diff_summary(d: pd.DataFrame) -> str:
    """'3 toegevoegd, 1 verwijderd, 2 gewijzigd (5 velden)'."""
    n = d.groupby("wijziging")["sleutel"].nunique() if len(d) else pd.Series(dtype=int)
    changed = int((d["wijziging"] == "gewijzigd").sum()) if len(d) else 0
    return (f"{int(n.get('toegevoegd', 0))} toegevoegd, {int(n.get('verwijderd', 0))} verwijderd, "
            f"{int(n.get('gewijzigd', 0))} gewijzigd ({changed} velden)")

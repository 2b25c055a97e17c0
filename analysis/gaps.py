"""Coverage gaps (witte vlekken): municipalities in an insurer's working area with no project on a theme.

The default rule: no project on the theme by any party. Options narrow what counts as coverage:
only projects beyond a phase (``max_fase``: projects up to and including that phase still leave a
gap), or only projects with one insurer group (``insurer``). Gaps are ranked by what is at stake:
inhabitants when a population table is available, else area; the number of projects on the theme
in neighbouring municipalities is given as context (a neighbour's project may be extended).
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import pandas as pd

from geo.config import REPO_ROOT
from geo.crs import RD_NEW

ZORGKANTOREN_FILE = REPO_ROOT / "data" / "zorgkantoren.csv"


@dataclass(frozen=True)
class GapRule:
    """What counts as coverage. ``max_fase``: projects in this phase or earlier do not cover.
    ``insurer``: only projects with this insurer group cover."""

    max_fase: str | None = None
    insurer: str | None = None

    def describe(self, fase_labels: dict[str, str], insurer_labels: dict[str, str]) -> str:
        parts = ["geen project op het thema"]
        if self.insurer:
            parts.append(f"met {insurer_labels.get(self.insurer, self.insurer)}")
        if self.max_fase:
            parts.append(f"voorbij de fase {fase_labels.get(self.max_fase, self.max_fase)}")
        return " ".join(parts)


def read_zorgkantoren(path: Path | str = ZORGKANTOREN_FILE, year: int | None = None) -> pd.DataFrame:
    """Which insurer group runs the zorgkantoor per region: the newest rows valid on 1 Jan ``year``."""
    from tabular.read import read_table, to_frame

    df = to_frame(read_table(Path(path))).reset_index(drop=True)  # bounded read, one-line errors (ReadError)
    missing = {"geldig_vanaf", "zorgkantoorregio_code", "groep"} - set(df.columns)
    if missing:
        raise ValueError(f"{path}: columns missing: {sorted(missing)}")
    try:
        df["geldig_vanaf"] = pd.to_datetime(df["geldig_vanaf"])
    except (ValueError, TypeError) as exc:
        raise ValueError(f"{path}: geldig_vanaf is geen datum ({exc})") from None
    if year is not None:
        valid = df[df["geldig_vanaf"] <= pd.Timestamp(year=year, month=1, day=1)]
        df = valid if len(valid) else df  # older than every row: use the oldest known
    return df.sort_values("geldig_vanaf").drop_duplicates("zorgkantoorregio_code", keep="last").reset_index(drop=True)


def working_area(zorgkantoren: pd.DataFrame, group: str) -> list[str]:
    """The zorgkantoorregio codes where ``group`` runs the zorgkantoor."""
    return sorted(zorgkantoren.loc[zorgkantoren["groep"] == group, "zorgkantoorregio_code"])


def covering(long: pd.DataFrame, themes: list[str], rule: GapRule, fase_order: list[str]) -> pd.DataFrame:
    """The rows of the project x gemeente table that count as coverage under ``rule``."""
    rows = long[long["thema"].isin(themes)]
    if rule.insurer:
        rows = rows[rows["zorgverzekeraar_groepen"].fillna("").str.split(";").map(lambda gs: rule.insurer in gs)]
    if rule.max_fase:
        limit = fase_order.index(rule.max_fase)
        rows = rows[rows["fase"].map(fase_order.index) > limit]
    return rows


def find_gaps(long: pd.DataFrame, members: pd.DataFrame, regions: list[str], themes: list[str],
              rule: GapRule, fase_order: list[str], scope: str = "zorgkantoorregio") -> pd.DataFrame:
    """One row per (gemeente in ``regions``, thema) that is a gap under ``rule``.

    ``regions`` are codes of the region level ``scope`` (default the zorgkantoorregio's of an
    insurer's working area; any region level of ``members``, such as ``ggdregio`` or ``jeugdregio``).
    Columns: gemeente_code, gemeente_naam, zorgkantoorregio_code/naam, provincie_naam, thema,
    projecten_thema (any party, any phase), hoogste_fase (of those), ander_project (bool: covered
    by a project the rule does not count); with another ``scope`` also ``{scope}_code/naam``.
    """
    area = in_scope(members, regions, scope)
    cover = covering(long, themes, rule, fase_order)
    covered = set(zip(cover["gemeente_code"], cover["thema"]))
    on_theme = long[long["thema"].isin(themes)].drop_duplicates(["id", "gemeente_code"])
    n_any = on_theme.groupby(["gemeente_code", "thema"]).size()
    top = on_theme.assign(r=on_theme["fase"].map(fase_order.index)).groupby(["gemeente_code", "thema"])["r"].max()
    rows = []
    for m in area.itertuples(index=False):
        for t in themes:
            if (m.gemeente_code, t) in covered:
                continue
            n = int(n_any.get((m.gemeente_code, t), 0))
            r = top.get((m.gemeente_code, t))
            rows.append({
                "gemeente_code": m.gemeente_code, "gemeente_naam": m.gemeente_naam,
                "zorgkantoorregio_code": m.zorgkantoorregio_code, "zorgkantoorregio_naam": m.zorgkantoorregio_naam,
                "provincie_naam": m.provincie_naam, "thema": t, "projecten_thema": n,
                "hoogste_fase": fase_order[int(r)] if r is not None and pd.notna(r) else "",
                "ander_project": n > 0,
                **({} if scope == "zorgkantoorregio" else
                   {f"{scope}_code": getattr(m, f"{scope}_code"), f"{scope}_naam": getattr(m, f"{scope}_naam")}),
            })
    cols = ["gemeente_code", "gemeente_naam", "zorgkantoorregio_code", "zorgkantoorregio_naam", "provincie_naam",
            "thema", "projecten_thema", "hoogste_fase", "ander_project"]
    if scope != "zorgkantoorregio":
        cols += [f"{scope}_code", f"{scope}_naam"]
    return pd.DataFrame(rows, columns=cols)


def in_scope(members: pd.DataFrame, regions: list[str], scope: str = "zorgkantoorregio") -> pd.DataFrame:
    """The municipalities of ``members`` in the regions ``regions`` of level ``scope``."""
    col = f"{scope}_code"
    if col not in members.columns:
        raise ValueError(f"geen regio-indeling {scope!r} beschikbaar (wel: "
                         f"{', '.join(c[:-5] for c in members.columns if c.endswith('_code') and c != 'gemeente_code')})")
    return members[members[col].isin(regions)]


def neighbour_projects(gemeenten: gpd.GeoDataFrame, long: pd.DataFrame, themes: list[str]) -> pd.DataFrame:
    """Per (gemeente, thema): projects on the theme in the municipalities that border it."""
    rd = gemeenten[["code", "geometry"]].to_crs(RD_NEW)
    pairs = gpd.sjoin(rd.assign(geometry=rd.buffer(50)), rd, predicate="intersects")
    pairs = pairs[pairs["code_left"] != pairs["code_right"]][["code_left", "code_right"]]
    on_theme = long[long["thema"].isin(themes)][["id", "gemeente_code", "thema"]]
    joined = pairs.merge(on_theme, left_on="code_right", right_on="gemeente_code")
    counts = joined.drop_duplicates(["code_left", "thema", "id"]).groupby(["code_left", "thema"]).size()
    return counts.rename("projecten_buren").rename_axis(["gemeente_code", "thema"]).reset_index()


def rank_gaps(gaps: pd.DataFrame, gemeenten: gpd.GeoDataFrame, long: pd.DataFrame,
              inwoners: pd.Series | None) -> pd.DataFrame:
    """Add ``inwoners``, ``oppervlakte_km2``, ``projecten_buren`` and ``rang``; sorted by what is at stake.

    Measure: inhabitants (descending) when known, else area (descending); ties broken by the number
    of projects in neighbouring municipalities (more = easier to extend), then by name.
    """
    if gaps.empty:
        return gaps.assign(inwoners=pd.Series(dtype="Int64"), oppervlakte_km2=pd.Series(dtype=float),
                           projecten_buren=pd.Series(dtype=int), rang=pd.Series(dtype=int))
    area = gemeenten.set_index("code").geometry.to_crs(RD_NEW).area / 1e6
    out = gaps.copy()
    out["inwoners"] = (out["gemeente_code"].map(inwoners) if inwoners is not None else pd.NA)
    out["inwoners"] = out["inwoners"].astype("Int64")
    out["oppervlakte_km2"] = out["gemeente_code"].map(area).round(1)
    nb = neighbour_projects(gemeenten, long, sorted(set(out["thema"])))
    out = out.merge(nb, on=["gemeente_code", "thema"], how="left")
    out["projecten_buren"] = out["projecten_buren"].fillna(0).astype(int)
    key = "inwoners" if inwoners is not None and out["inwoners"].notna().any() else "oppervlakte_km2"
    out = out.sort_values([key, "projecten_buren", "gemeente_naam"], ascending=[False, False, True], na_position="last")
    out.insert(0, "rang", range(1, len(out) + 1))
    return out.reset_index(drop=True)


def region_gaps(ranked: pd.DataFrame, members: pd.DataFrame, regions: list[str],
                level: str = "zorgkantoorregio", scope: str = "zorgkantoorregio") -> pd.DataFrame:
    """Per region of ``level`` (in the working area) and thema: municipalities, gaps, inhabitants in gaps.

    ``level`` may be any region column pair of ``members`` (``{level}_code``/``{level}_naam``), such
    as a custom region set: the working area stays the ``regions`` of level ``scope``.
    """
    code, naam = f"{level}_code", f"{level}_naam"
    area = in_scope(members, regions, scope).dropna(subset=[code])
    size = area.groupby([code, naam]).size().rename("gemeenten")
    if ranked.empty:
        return size.reset_index().assign(thema="", witte_vlekken=0, inwoners_in_vlekken=0)
    located = ranked if code in ranked.columns and naam in ranked.columns else \
        ranked.merge(area[["gemeente_code", code, naam]], on="gemeente_code", how="inner")
    g = located.groupby([code, naam, "thema"]).agg(
        witte_vlekken=("gemeente_code", "count"), inwoners_in_vlekken=("inwoners", "sum")).reset_index()
    return g.merge(size.reset_index(), on=[code, naam], how="left")


def national_overview(long: pd.DataFrame, members: pd.DataFrame, zorgkantoren: pd.DataFrame,
                      themes: list[str]) -> pd.DataFrame:
    """Per thema and zorgkantoor group area: municipalities with no project at all on that theme.

    Index: thema; columns: the groups (``onbekend`` for regions without a known group) and ``totaal``.
    """
    group_of = dict(zip(zorgkantoren["zorgkantoorregio_code"], zorgkantoren["groep"].replace("", "onbekend")))
    m = members.assign(groep=members["zorgkantoorregio_code"].map(group_of).fillna("onbekend"))
    covered = set(zip(long["gemeente_code"], long["thema"]))
    rows = []
    for t in themes:
        none = m[[(c, t) not in covered for c in m["gemeente_code"]]]
        counts = none.groupby("groep").size()
        rows.append({"thema": t, **counts.to_dict(), "totaal": int(len(none))})
    out = pd.DataFrame(rows).set_index("thema").fillna(0).astype(int)
    groups = [g for g in sorted(set(m["groep"])) if g in out.columns]
    return out[groups + ["totaal"]]


def gap_report(long: pd.DataFrame, members: pd.DataFrame, gemeenten: gpd.GeoDataFrame, regions: list[str],
               themes: list[str], rule: GapRule, fase_order: list[str], inwoners: pd.Series | None,
               scope: str = "zorgkantoorregio") -> pd.DataFrame:
    """Find and rank the gaps of ``regions`` of level ``scope`` (the one call the app and the CLI share)."""
    return rank_gaps(find_gaps(long, members, regions, themes, rule, fase_order, scope), gemeenten, long, inwoners)


def people_table(ranked: pd.DataFrame, labels: dict[str, dict[str, str]], scope: str = "zorgkantoorregio",
                 scope_label: str = "") -> pd.DataFrame:
    """The ranked gaps with Dutch headers and labels, as handed out or exported; with another
    ``scope`` a column for its region (headed ``scope_label``) follows the zorgkantoorregio."""
    thema, fase = labels["thema"], labels["fase"]
    out = _people_columns(ranked, thema, fase)
    if scope != "zorgkantoorregio" and f"{scope}_naam" in ranked.columns:
        out.insert(4, scope_label or scope, ranked[f"{scope}_naam"])
    return out


def _people_columns(ranked: pd.DataFrame, thema: dict[str, str], fase: dict[str, str]) -> pd.DataFrame:
    return pd.DataFrame({
        "rang": ranked["rang"],
        "gemeente": ranked["gemeente_naam"],
        "CBS-code": ranked["gemeente_code"],
        "zorgkantoorregio": ranked["zorgkantoorregio_naam"],
        "thema": ranked["thema"].map(lambda t: thema.get(t, t)),
        "inwoners": ranked["inwoners"],
        "oppervlakte (km²)": ranked["oppervlakte_km2"],
        "projecten op thema (alle partijen)": ranked["projecten_thema"],
        "hoogste fase daarvan": ranked["hoogste_fase"].map(lambda f: fase.get(f, "") if f else ""),
        "projecten in buurgemeenten": ranked["projecten_buren"],
    })

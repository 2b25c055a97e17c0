"""Venster op de samenwerking: ratings (1-10) per region, theme, aspect and rater.

Imported like an inventory (every row accepted or rejected with reason and suggestions), shown as
a score per region or as the difference municipalities minus insurers/zorgkantoren, and compared
with the national averages.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from rapidfuzz import fuzz, process

from geo.config import REPO_ROOT
from geo.names import normalise_key
from tabular.read import RawTable, ReadError, read_table
from tabular.text import clean_table

DEMO_RATINGS = REPO_ROOT / "data" / "regions" / "demo_venster_2020.csv"
THEMES = ("ouderen", "ggz", "preventie")
ASPECTS = {"agenda": "Samenwerkingsagenda", "samenwerking": "Samenwerking", "resultaten": "Resultaten"}
RATERS = {"gemeente": "Gemeenten", "verzekeraar": "Zorgverzekeraars en zorgkantoren"}
_ASPECT_SYN = {"agenda": "agenda", "samenwerkingsagenda": "agenda", "samenwerking": "samenwerking",
               "resultaten": "resultaten", "resultaat": "resultaten", "results": "resultaten"}
_RATER_SYN = {"gemeente": "gemeente", "gemeenten": "gemeente", "municipality": "gemeente",
              "verzekeraar": "verzekeraar", "verzekeraars": "verzekeraar", "zorgverzekeraar": "verzekeraar",
              "zorgverzekeraars": "verzekeraar", "zorgkantoor": "verzekeraar", "zorgkantoren": "verzekeraar",
              "zorgverzekeraar en zorgkantoor": "verzekeraar", "zorgverzekeraars en zorgkantoren": "verzekeraar",
              "insurer": "verzekeraar"}
_THEME_SYN = {"ouderen": "ouderen", "ouderenzorg": "ouderen", "ggz": "ggz", "geestelijke gezondheidszorg": "ggz",
              "preventie": "preventie"}
_HEADERS = {"regio": ("regio", "region", "regiocode", "regio code"), "thema": ("thema", "theme"),
            "aspect": ("aspect", "onderdeel"), "beoordelaar": ("beoordelaar", "rater", "door", "partij"),
            "score": ("score", "cijfer", "rapportcijfer", "grade")}
#: Venster op de samenwerking 2020 (ZN/VNG, 4 Feb 2021), table 1: national averages (gemeente, verzekeraar)
PUBLISHED = {
    ("ouderen", "agenda"): (6.3, 6.8), ("ouderen", "samenwerking"): (6.3, 7.6), ("ouderen", "resultaten"): (5.9, 6.4),
    ("ggz", "agenda"): (6.6, 6.9), ("ggz", "samenwerking"): (6.6, 7.5), ("ggz", "resultaten"): (6.3, 6.8),
    ("preventie", "agenda"): (6.2, 6.7), ("preventie", "samenwerking"): (6.2, 6.9), ("preventie", "resultaten"): (5.5, 6.4),
}
REJECTION_COLUMNS = ["rij", "veld", "waarde", "reden", "suggesties"]


@dataclass
class Ratings:
    accepted: pd.DataFrame  # region_code, thema, aspect, beoordelaar, score
    rejections: pd.DataFrame
    rows_read: int
    source: str

    def summary(self) -> str:
        n_rej = self.rejections["rij"].nunique() if len(self.rejections) else 0
        return f"{self.rows_read} rijen: {len(self.accepted)} cijfers geaccepteerd, {n_rej} afgewezen"


def read_ratings(data, regions: pd.DataFrame, filename: str | None = None) -> Ratings:
    """Read and validate a ratings table against ``regions`` (``code``, ``naam``)."""
    table = data if isinstance(data, RawTable) else read_table(data, filename=filename)
    table, _ = clean_table(table)  # invisible/bidi characters cannot change a region name or a score
    lookup = {normalise_key(h): col for col, hs in _HEADERS.items() for h in hs}
    cols: dict[str, int] = {}
    for i, h in enumerate(table.headers):
        col = lookup.get(normalise_key(h.replace("_", " ")))
        if col and col not in cols:
            cols[col] = i
    missing = [c for c in _HEADERS if c not in cols]
    if missing:
        raise ReadError(f"{table.source}: verplichte kolom(men) ontbreken: {', '.join(missing)}")
    by_key = {normalise_key(c): c for c in regions["code"]} | {normalise_key(n): c for c, n in zip(regions["code"], regions["naam"])}
    names = list(regions["naam"])
    accepted, rejected, seen = [], [], {}
    for rownum, cells in zip(table.row_numbers, table.rows):
        raw = {c: cells[i].strip() for c, i in cols.items()}
        errors = []
        region = by_key.get(normalise_key(raw["regio"]))
        if region is None:
            sugg = [h for h, _, _ in process.extract(raw["regio"], names, scorer=fuzz.WRatio, limit=3, score_cutoff=75)]
            errors.append(("regio", raw["regio"], "onbekende regio in deze regio-indeling", sugg))
        thema = _THEME_SYN.get(normalise_key(raw["thema"]))
        if thema is None:
            errors.append(("thema", raw["thema"], "het Venster beoordeelt alleen ouderen, ggz en preventie", list(THEMES)))
        aspect = _ASPECT_SYN.get(normalise_key(raw["aspect"]))
        if aspect is None:
            errors.append(("aspect", raw["aspect"], "onbekend aspect", list(ASPECTS)))
        rater = _RATER_SYN.get(normalise_key(raw["beoordelaar"]))
        if rater is None:
            errors.append(("beoordelaar", raw["beoordelaar"], "onbekende beoordelaar", list(RATERS)))
        try:
            score = float(raw["score"].replace(",", "."))
        except ValueError:
            score = None
        if score is None or not 1 <= score <= 10:
            errors.append(("score", raw["score"], "score moet een getal van 1 tot en met 10 zijn", []))
        key = (region, thema, aspect, rater)
        if not errors and key in seen:
            errors.append(("regio", raw["regio"], f"dubbel: dezelfde regio/thema/aspect/beoordelaar staat al in rij {seen[key]}", []))
        if errors:
            rejected += [dict(rij=rownum, veld=f, waarde=v, reden=r, suggesties=s) for f, v, r, s in errors]
        else:
            seen[key] = rownum
            accepted.append(dict(region_code=region, thema=thema, aspect=aspect, beoordelaar=rater, score=score))
    cols_out = ["region_code", "thema", "aspect", "beoordelaar", "score"]
    return Ratings(pd.DataFrame(accepted, columns=cols_out), pd.DataFrame(rejected, columns=REJECTION_COLUMNS),
                   len(table.rows), table.source)


def scores(accepted: pd.DataFrame, thema: str, aspect: str | None, rater: str) -> pd.Series:
    """Score per region; ``aspect`` None = the mean over the aspects given."""
    rows = accepted[(accepted["thema"] == thema) & (accepted["beoordelaar"] == rater)]
    if aspect:
        rows = rows[rows["aspect"] == aspect]
    return rows.groupby("region_code")["score"].mean().rename("score")


def difference(accepted: pd.DataFrame, thema: str, aspect: str | None) -> pd.Series:
    """Municipalities' score minus insurers' score per region (negative: municipalities rate lower).
    Only regions rated by both."""
    g = scores(accepted, thema, aspect, "gemeente")
    v = scores(accepted, thema, aspect, "verzekeraar")
    return (g - v).dropna().rename("verschil")


def national_averages(accepted: pd.DataFrame) -> pd.DataFrame:
    """Mean score over regions per thema x aspect (rows) and beoordelaar (columns)."""
    return accepted.pivot_table(index=["thema", "aspect"], columns="beoordelaar", values="score", aggfunc="mean")


def region_scores(accepted: pd.DataFrame, region: str) -> pd.DataFrame:
    """One region's scores next to the national averages: thema, aspect, and per rater region/landelijk."""
    mine = accepted[accepted["region_code"] == region].pivot_table(
        index=["thema", "aspect"], columns="beoordelaar", values="score", aggfunc="mean")
    nat = national_averages(accepted)
    out = nat.add_suffix(" (landelijk)").join(mine.add_suffix(" (regio)"), how="left")
    order = [c for r in RATERS for c in (f"{r} (regio)", f"{r} (landelijk)") if c in out.columns]
    return out[order].round(1)


def generate_demo_ratings(region_codes: list[str], seed: int = 2020) -> pd.DataFrame:
    """Demo ratings whose regional means equal the published national figures (to rounding).

    As in the source, municipalities rated in 33 of the 43 regions and insurers/zorgkantoren in
    36; each region has its own level (a regional effect) plus noise per item.
    """
    rng = np.random.default_rng(seed)
    codes = sorted(region_codes)
    n = len(codes)
    rated = {"gemeente": set(rng.choice(codes, size=round(n * 33 / 43), replace=False)),
             "verzekeraar": set(rng.choice(codes, size=round(n * 36 / 43), replace=False))}
    effect = dict(zip(codes, rng.normal(0, 0.45, n)))
    rows = []
    for (thema, aspect), published in PUBLISHED.items():
        for rater, target in zip(RATERS, published):
            regs = sorted(rated[rater])
            raw = np.array([target + effect[r] + rng.normal(0, 0.35) for r in regs])
            raw += target - raw.mean()  # the regional mean equals the published national figure
            for r, s in zip(regs, np.clip(np.round(raw, 1), 1, 10)):
                rows.append({"regio": r, "thema": thema, "aspect": aspect, "beoordelaar": rater, "score": s})
    return pd.DataFrame(rows)

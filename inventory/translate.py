"""Translate an inventory to a later year's municipality codes (e.g. Bussum -> Gooise Meren).

A project in a municipality that was divided (Haaren 2021: Oisterwijk, Vught, Boxtel, Tilburg) is
put in every successor that got at least ``min_share`` of it (default 10%), marked *gedeeltelijk*
with that share: in the report, and in the project's ``gedeeltelijk`` column (``code=aandeel``,
``;``-separated) for the profile.
"""
from __future__ import annotations

import pandas as pd

MIN_SHARE = 0.10
REPORT_COLUMNS = ["rij", "id", "oude_code", "oude_naam", "nieuwe_code", "nieuwe_naam", "bron", "aandeel",
                  "gedeeltelijk", "opgenomen"]


def translate_projects(accepted: pd.DataFrame, cw: pd.DataFrame, min_share: float = MIN_SHARE) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Map every project's ``gemeente_codes`` through the crosswalk ``cw``.

    Returns the translated projects (codes deduplicated: two old municipalities that merged count
    once; ``gedeeltelijk`` lists the codes the project reaches only through part of a divided
    municipality) and a report with one row per translated code of each project; a divided
    municipality's successors below ``min_share`` are reported with ``opgenomen`` False.
    """
    from geo.crosswalk import successors

    if "aandeel" not in cw.columns:  # a one-to-one crosswalk (older callers)
        cw = cw.assign(aandeel=1.0, deling=False)
    used = successors(cw, min_share)
    targets = {o: list(zip(g["nieuwe_code"], g["aandeel"], g["deling"])) for o, g in used.groupby("oude_code", sort=False)}
    dropped = {o: list(zip(g["nieuwe_code"], g["aandeel"])) for o, g in cw.drop(used.index).groupby("oude_code", sort=False)}
    to_name = dict(zip(cw["nieuwe_code"], cw["nieuwe_naam"]))
    info = cw.drop_duplicates("oude_code").set_index("oude_code")
    out = accepted.copy()
    codes_out, names_out, partial_out, report = [], [], [], []
    for rec in accepted[["rij", "id", "gemeente_codes"]].itertuples(index=False):
        new_codes: list[str] = []
        partial: dict[str, float] = {}
        whole: set[str] = set()
        for code in [c for c in str(rec.gemeente_codes).split(";") if c]:
            if code not in targets:
                raise ValueError(f"rij {rec.rij}: {code} staat niet in de crosswalk")
            base = dict(rij=rec.rij, id=rec.id, oude_code=code, oude_naam=info.loc[code, "oude_naam"])
            for new, share, divided in targets[code]:
                if new != code or divided:
                    report.append(dict(base, nieuwe_code=new, nieuwe_naam=to_name[new],
                                       bron="deling" if divided else info.loc[code, "bron"],
                                       aandeel=float(share), gedeeltelijk=bool(divided), opgenomen=True))
                if divided:
                    partial[new] = max(partial.get(new, 0.0), float(share))
                else:
                    whole.add(new)
                if new not in new_codes:
                    new_codes.append(new)
            for new, share in dropped.get(code, []):
                report.append(dict(base, nieuwe_code=new, nieuwe_naam=to_name[new], bron="deling", aandeel=float(share),
                                   gedeeltelijk=True, opgenomen=False))
        codes_out.append(";".join(new_codes))
        names_out.append(";".join(to_name[c] for c in new_codes))
        partial_out.append(";".join(f"{c}={s:.2f}" for c, s in partial.items() if c not in whole))
    out["gemeente_codes"] = codes_out
    out["gemeente_namen"] = names_out
    out["gedeeltelijk"] = partial_out
    return out, pd.DataFrame(report, columns=REPORT_COLUMNS)


def translate_inventory(accepted: pd.DataFrame, to_year: int, directory=None, min_share: float = MIN_SHARE,
                        shares: pd.DataFrame | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Translate projects of any earlier inventory years to ``to_year``'s municipalities.

    Each inventory year gets its own crosswalk (``geo.crosswalk``; ``shares``: a sourced table of
    successor shares for divided municipalities). Raises ValueError when a project's year is later
    than ``to_year``.
    """
    from geo.crosswalk import crosswalk

    years = sorted({int(y) for y in accepted["jaar"].dropna()})
    if any(y > to_year for y in years):
        raise ValueError(f"naar {to_year} vertalen kan niet: de inventaris is van {max(years)}")
    parts, reports = [], []
    for y in years:
        part, rep = translate_projects(accepted[accepted["jaar"] == y], crosswalk(y, to_year, directory, shares), min_share)
        parts.append(part)
        reports.append(rep)
    if not parts:
        return accepted.assign(gedeeltelijk=""), pd.DataFrame(columns=REPORT_COLUMNS)
    return pd.concat(parts).sort_values("rij"), pd.concat(reports, ignore_index=True)


def partial_shares(projects: pd.DataFrame) -> pd.DataFrame:
    """(``id``, ``gemeente_code``, ``aandeel``) for every project that lies only partly in a municipality."""
    col = projects["gedeeltelijk"] if "gedeeltelijk" in projects.columns else pd.Series("", index=projects.index)
    rows = [(pid, *item.split("="))
            for pid, text in zip(projects["id"], col.fillna("")) for item in str(text).split(";") if "=" in item]
    out = pd.DataFrame(rows, columns=["id", "gemeente_code", "aandeel"])
    out["aandeel"] = out["aandeel"].astype(float)
    return out

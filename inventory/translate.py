"""Translate an inventory to a later year's municipality codes (e.g. Bussum -> Gooise Meren)."""
from __future__ import annotations

import pandas as pd

REPORT_COLUMNS = ["rij", "id", "oude_code", "oude_naam", "nieuwe_code", "nieuwe_naam", "bron"]


def translate_projects(accepted: pd.DataFrame, cw: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Map every project's ``gemeente_codes`` through the crosswalk ``cw``.

    Returns the translated projects (codes deduplicated: two old municipalities that merged count
    once) and a report with one row per translated code of each project.
    """
    to_code = dict(zip(cw["oude_code"], cw["nieuwe_code"]))
    to_name = dict(zip(cw["nieuwe_code"], cw["nieuwe_naam"]))
    info = cw.set_index("oude_code")
    out = accepted.copy()
    codes_out, names_out, report = [], [], []
    for rec in accepted[["rij", "id", "gemeente_codes"]].itertuples(index=False):
        new_codes: list[str] = []
        for code in [c for c in str(rec.gemeente_codes).split(";") if c]:
            new = to_code.get(code)
            if new is None or pd.isna(new):
                raise ValueError(f"rij {rec.rij}: {code} staat niet in de crosswalk")
            if new != code:
                report.append(dict(rij=rec.rij, id=rec.id, oude_code=code, oude_naam=info.loc[code, "oude_naam"],
                                   nieuwe_code=new, nieuwe_naam=to_name[new], bron=info.loc[code, "bron"]))
            if new not in new_codes:
                new_codes.append(new)
        codes_out.append(";".join(new_codes))
        names_out.append(";".join(to_name[c] for c in new_codes))
    out["gemeente_codes"] = codes_out
    out["gemeente_namen"] = names_out
    return out, pd.DataFrame(report, columns=REPORT_COLUMNS)


def translate_inventory(accepted: pd.DataFrame, to_year: int, directory=None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Translate projects of any earlier inventory years to ``to_year``'s municipalities.

    Each inventory year gets its own crosswalk (``geo.crosswalk``). Raises ValueError when a
    project's year is later than ``to_year``.
    """
    from geo.crosswalk import crosswalk

    years = sorted({int(y) for y in accepted["jaar"].dropna()})
    if any(y > to_year for y in years):
        raise ValueError(f"naar {to_year} vertalen kan niet: de inventaris is van {max(years)}")
    parts, reports = [], []
    for y in years:
        part, rep = translate_projects(accepted[accepted["jaar"] == y], crosswalk(y, to_year, directory))
        parts.append(part)
        reports.append(rep)
    if not parts:
        return accepted.copy(), pd.DataFrame(columns=REPORT_COLUMNS)
    return pd.concat(parts).sort_values("rij"), pd.concat(reports, ignore_index=True)

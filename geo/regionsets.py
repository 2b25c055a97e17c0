"""Custom region sets: a table gemeente -> region (e.g. the 43 regions of the VNG/ZN werkstructuur).

Read from CSV/XLSX like an inventory, validated the same way (municipality names and codes matched
on the boundaries of the year; ambiguous, unknown and merged-away names rejected with
suggestions; a municipality in two regions rejected), and reported: every row accepted or
rejected, plus the municipalities of the year that the set leaves out.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from geo.boundaries import load_boundaries, read_mutations
from geo.config import REPO_ROOT
from geo.crs import RD_NEW
from geo.names import GemeenteMatcher, normalise_key
from geo.regions import membership
from tabular.read import RawTable, ReadError, read_table
from tabular.text import clean_table, strip_invisible

DEMO_REGION_SET = REPO_ROOT / "data" / "regions" / "demo_werkstructuur_2017.csv"
_HEADERS = {
    "gemeente": ("gemeente", "gemeentenaam", "gemeentecode", "municipality"),
    "regio": ("regio", "regionaam", "regio naam", "region", "werkstructuurregio"),
    "regio_code": ("regio code", "regiocode", "region code", "code regio"),
}
REJECTION_COLUMNS = ["rij", "gemeente", "regio", "reden", "suggesties"]


@dataclass
class RegionSet:
    """Accepted rows (``gemeente_code``, ``gemeente_naam``, ``region_code``, ``region_naam``) and the report."""

    name: str
    table: pd.DataFrame
    rejections: pd.DataFrame
    missing: list[str] = field(default_factory=list)  # gemeente names of the year in no region
    rows_read: int = 0
    corrected: int = 0  # cells from which invisible/bidi characters were removed

    @property
    def regions(self) -> pd.DataFrame:
        """One row per region: ``code``, ``naam``."""
        return (self.table.drop_duplicates("region_code")
                .rename(columns={"region_code": "code", "region_naam": "naam"})[["code", "naam"]].reset_index(drop=True))

    @property
    def complete(self) -> bool:
        return not self.missing and self.rejections.empty

    def summary(self) -> str:
        return (f"{self.rows_read} rijen: {len(self.table)} gemeenten in {self.table['region_code'].nunique()} regio's, "
                f"{self.rejections['rij'].nunique() if len(self.rejections) else 0} afgewezen, "
                f"{len(self.missing)} gemeenten niet ingedeeld"
                + (f", {self.corrected} cel(len) ontdaan van onzichtbare of richtingtekens" if self.corrected else ""))


def _columns(headers: list[str]) -> dict[str, int]:
    lookup = {normalise_key(h): col for col, hs in _HEADERS.items() for h in hs}
    out: dict[str, int] = {}
    for i, h in enumerate(headers):
        col = lookup.get(normalise_key(str(h).replace("_", " ")))
        if col and col not in out:
            out[col] = i
    return out


def _code_for(name: str) -> str:
    return "R-" + re.sub(r"[^a-z0-9]+", "-", normalise_key(name)).strip("-")[:40]


def read_region_set(data, year: int, filename: str | None = None, name: str | None = None,
                    directory: str | os.PathLike | None = None) -> RegionSet:
    """Read and validate a region set file (path or bytes). Raises ReadError when it is no usable table."""
    table = data if isinstance(data, RawTable) else read_table(data, filename=filename)
    table, corrections = clean_table(table)
    cols = _columns(table.headers)
    missing_cols = [c for c in ("gemeente", "regio") if c not in cols]
    if missing_cols:
        raise ReadError(f"{table.source}: verplichte kolom(men) ontbreken: {', '.join(missing_cols)}; "
                        f"gevonden: {', '.join(table.headers)}")
    gemeenten = load_boundaries("gemeente", year, directory)
    matcher = GemeenteMatcher(gemeenten, year, read_mutations(directory))
    accepted, rejected, seen = [], [], {}
    for rownum, cells in zip(table.row_numbers, table.rows):
        gem, reg = cells[cols["gemeente"]].strip(), cells[cols["regio"]].strip()
        code = cells[cols["regio_code"]].strip() if "regio_code" in cols else ""
        if not reg:
            rejected.append(dict(rij=rownum, gemeente=gem, regio=reg, reden="regio ontbreekt", suggesties=[]))
            continue
        m = matcher.match(gem)
        if m.code is None:
            rejected.append(dict(rij=rownum, gemeente=gem, regio=reg, reden=m.reason, suggesties=m.suggestions))
            continue
        if m.code in seen:
            rejected.append(dict(rij=rownum, gemeente=gem, regio=reg,
                                 reden=f"{m.naam} staat al in regio '{seen[m.code][1]}' (rij {seen[m.code][0]})", suggesties=[]))
            continue
        seen[m.code] = (rownum, reg)
        accepted.append(dict(gemeente_code=m.code, gemeente_naam=m.naam, region_code=code or _code_for(reg), region_naam=reg))
    out = pd.DataFrame(accepted, columns=["gemeente_code", "gemeente_naam", "region_code", "region_naam"])
    clash = out.groupby("region_code")["region_naam"].nunique()
    if (clash > 1).any():
        raise ReadError(f"{table.source}: regiocode met verschillende namen: {', '.join(clash[clash > 1].index)}")
    missing = sorted(set(gemeenten["code"]) - set(out["gemeente_code"]))
    return RegionSet(strip_invisible(name) if name else Path(table.source).stem, out,
                     pd.DataFrame(rejected, columns=REJECTION_COLUMNS),
                     [dict(zip(gemeenten["code"], gemeenten["naam"]))[c] for c in missing], len(table.rows),
                     corrected=len(corrections))


def load_demo_region_set(directory: str | os.PathLike | None = None) -> RegionSet:
    """The shipped demonstration set (2017 municipalities)."""
    return read_region_set(DEMO_REGION_SET, 2017, name="Demo-werkstructuur (43 regio's)", directory=directory)


#: Documented deviations of the demo set from the zorgkantoorregio's (demo, not the real werkstructuur).
DEMO_MOVES = {"GM0457": "ZK02"}  # Weesp joins the Amsterdam region (it merged into Amsterdam in 2022)


def generate_demo_region_set(year: int = 2017, n_regions: int = 43, directory=None) -> pd.DataFrame:
    """A demo set: the zorgkantoorregio's, the largest split in two along their longer axis until
    ``n_regions`` exist, plus the moves in ``DEMO_MOVES``. Deterministic; documented in the README."""
    members = membership(year, directory)
    gem = load_boundaries("gemeente", year, directory).set_index("code")
    pts = gem.geometry.to_crs(RD_NEW).representative_point()
    region = members.set_index("gemeente_code")["zorgkantoorregio_code"].copy()
    names = dict(zip(members["zorgkantoorregio_code"], members["zorgkantoorregio_naam"]))
    for code, target in DEMO_MOVES.items():
        if code in region.index:
            region[code] = target
    while region.nunique() < n_regions:
        sizes = region.value_counts()
        big = sizes.index[0]
        codes = region.index[region == big]
        x, y = pts.loc[codes].x.to_numpy(), pts.loc[codes].y.to_numpy()
        along = x if np.ptp(x) >= np.ptp(y) else y
        first = along <= np.median(along)
        compass = ("west", "oost") if np.ptp(x) >= np.ptp(y) else ("zuid", "noord")
        base = names[big]
        names[f"{big}a"], names[f"{big}b"] = f"{base} {compass[0]}", f"{base} {compass[1]}"
        region[codes[first]] = f"{big}a"
        region[codes[~first]] = f"{big}b"
    out = pd.DataFrame({"gemeente": gem.loc[region.index, "naam"].to_numpy(), "gemeentecode": region.index,
                        "regio_code": ["W" + c[2:] for c in region.to_numpy()],
                        "regio": [names[c] for c in region.to_numpy()]})
    return out.sort_values(["regio", "gemeente"], ignore_index=True)

"""A zorgkantoor-per-region table supplied by the user (CSV/XLSX), validated like an inventory.

Columns (headers case-insensitive): ``geldig_vanaf`` (date), ``zorgkantoorregio_code`` (ZK code or
region name), ``groep`` (insurer group: a code, brand or name from the taxonomy; empty = unknown);
optional ``rechtspersoon``, ``groep_basis``, ``bron``. Every row is accepted or rejected with a
reason and suggestions; regions of the year without a row are listed. The result has the columns of
``data/zorgkantoren.csv``, so the witte-vlekken functions take it unchanged.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

import pandas as pd
from rapidfuzz import process

from geo.names import normalise_key
from tabular.read import RawTable, ReadError, read_table

COLUMNS = ["geldig_vanaf", "zorgkantoorregio_code", "regio_in_bron", "rechtspersoon", "groep", "groep_basis", "bron"]
REJECTION_COLUMNS = ["rij", "veld", "waarde", "reden", "suggesties"]
_HEADERS = {
    "geldig_vanaf": ("geldig_vanaf", "geldig vanaf", "datum", "ingangsdatum", "vanaf"),
    "zorgkantoorregio_code": ("zorgkantoorregio_code", "zorgkantoorregio code", "zorgkantoorregio", "regio", "regiocode",
                              "code"),
    "groep": ("groep", "zorgverzekeraar", "concessiehouder", "zorgkantoor"),
    "rechtspersoon": ("rechtspersoon",),
    "groep_basis": ("groep_basis", "groep basis"),
    "bron": ("bron",),
}
_REQUIRED = ("geldig_vanaf", "zorgkantoorregio_code", "groep")


@dataclass
class ZorgkantoorTable:
    """Accepted rows (columns as ``data/zorgkantoren.csv``), rejections with reasons, and the report."""

    source: str
    table: pd.DataFrame
    rejections: pd.DataFrame
    missing: list[str] = field(default_factory=list)  # region codes of the year with no row valid on 1 Jan
    rows_read: int = 0

    def for_year(self, year: int) -> pd.DataFrame:
        """The newest row per region valid on 1 January ``year`` (as ``analysis.gaps.read_zorgkantoren``)."""
        return select_year(self.table, year)

    def date(self, year: int) -> str:
        """The newest ``geldig_vanaf`` used for ``year`` (YYYY-MM-DD), or "" when the table is empty."""
        rows = self.for_year(year)
        return f"{rows['geldig_vanaf'].max():%Y-%m-%d}" if len(rows) else ""

    def summary(self) -> str:
        return (f"{self.rows_read} rijen: {len(self.table)} geaccepteerd voor "
                f"{self.table['zorgkantoorregio_code'].nunique()} zorgkantoorregio's, {len(self.rejections)} afgewezen, "
                f"{len(self.missing)} regio's zonder zorgkantoor")


def select_year(df: pd.DataFrame, year: int | None) -> pd.DataFrame:
    """The newest row per region valid on 1 January ``year`` (all rows older than every date: the oldest)."""
    if year is not None:
        valid = df[df["geldig_vanaf"] <= pd.Timestamp(year=year, month=1, day=1)]
        df = valid if len(valid) else df
    return df.sort_values("geldig_vanaf").drop_duplicates("zorgkantoorregio_code", keep="last").reset_index(drop=True)


def _parse_date(value: str) -> pd.Timestamp | None:
    value = value.strip()
    for fmt, pattern in (("%Y-%m-%d", r"\d{4}-\d{1,2}-\d{1,2}"), ("%d-%m-%Y", r"\d{1,2}-\d{1,2}-\d{4}"),
                         ("%Y", r"\d{4}")):
        if re.fullmatch(pattern, value.split(" ")[0]):
            try:
                return pd.to_datetime(value.split(" ")[0], format=fmt)
            except ValueError:
                return None
    return None


def read_zorgkantoor_table(data, regions: pd.DataFrame, year: int, taxonomy, filename: str | None = None,
                           **read_kwargs) -> ZorgkantoorTable:
    """Read and validate a zorgkantoor table (path or bytes) against ``regions`` (``code``, ``naam``: the
    zorgkantoorregio's of ``year``) and the taxonomy's insurer groups. Raises ReadError when the file is
    no usable table or lacks a required column."""
    raw: RawTable = read_table(data, filename=filename, **read_kwargs)
    keys = {normalise_key(h): i for i, h in reversed(list(enumerate(raw.headers)))}
    pos = {}
    for col, aliases in _HEADERS.items():
        for a in aliases:
            if normalise_key(a) in keys:
                pos[col] = keys[normalise_key(a)]
                break
    missing = [c for c in _REQUIRED if c not in pos]
    if missing:
        raise ReadError(f"{raw.source}: verplichte kolom(men) ontbreken: {', '.join(missing)}. "
                        f"Gevonden kolommen: {', '.join(h for h in raw.headers if h) or 'geen'}")
    dim = taxonomy["zorgverzekeraar"]
    by_code = {normalise_key(c): c for c in regions["code"]}
    by_name = {normalise_key(n): c for c, n in zip(regions["code"], regions["naam"])}
    names = dict(zip(regions["code"], regions["naam"]))
    accepted, rejected, seen = [], [], set()
    for number, row in zip(raw.row_numbers, raw.rows):
        cell = {c: row[i].strip() if i < len(row) else "" for c, i in pos.items()}
        errors = []
        date = _parse_date(cell["geldig_vanaf"])
        if date is None:
            errors.append(("geldig_vanaf", cell["geldig_vanaf"], "geen datum (JJJJ-MM-DD)", []))
        region_text = cell["zorgkantoorregio_code"]
        code = by_code.get(normalise_key(region_text)) or by_name.get(normalise_key(region_text))
        if code is None:
            hits = process.extract(region_text, list(names.values()), limit=3, score_cutoff=60)
            errors.append(("zorgkantoorregio_code", region_text, f"onbekende zorgkantoorregio in {year}",
                           [f"{h[0]} ({next(c for c, n in names.items() if n == h[0])})" for h in hits]))
        group_text = cell["groep"]
        group = "" if group_text == "" or normalise_key(group_text) == "onbekend" else dim.match(group_text)
        if group is None or group == "alle":
            errors.append(("groep", group_text, "onbekende zorgverzekeraar(sgroep)", dim.suggest(group_text)))
        if not errors and (date, code) in seen:
            errors.append(("zorgkantoorregio_code", region_text, f"dubbel: {code} staat al in de tabel op {date:%Y-%m-%d}", []))
        if errors:
            rejected += [dict(rij=number, veld=f, waarde=v, reden=r, suggesties=list(s)) for f, v, r, s in errors]
            continue
        seen.add((date, code))
        accepted.append({"geldig_vanaf": date, "zorgkantoorregio_code": code, "regio_in_bron": region_text,
                         "rechtspersoon": cell.get("rechtspersoon", ""), "groep": group,
                         "groep_basis": cell.get("groep_basis", "") or ("onbekend" if not group else "opgegeven in de tabel"),
                         "bron": cell.get("bron", "") or raw.source})
    table = pd.DataFrame(accepted, columns=COLUMNS)
    result = ZorgkantoorTable(raw.source, table, pd.DataFrame(rejected, columns=REJECTION_COLUMNS), rows_read=len(raw.rows))
    result.missing = sorted(set(regions["code"]) - set(result.for_year(year)["zorgkantoorregio_code"]))
    return result

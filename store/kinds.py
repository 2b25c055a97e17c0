"""The three datasets the store keeps, and how each one's validation result becomes rows and a
report and back again, exactly (same columns, same dtypes), and a re-importable table.

- ``inventaris``: :class:`inventory.validate.ValidationResult` (accepted projects, rejections,
  non-exact name matches, warnings)
- ``regio``: :class:`geo.regionsets.RegionSet` (gemeente -> regio, rejections, municipalities left out)
- ``venster``: :class:`analysis.ratings.Ratings` (scores per region, theme, aspect, rater)
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

KINDS = {"inventaris": "projectinventaris", "regio": "regio-indeling", "venster": "Venstercijfers"}
REGION_SET_COLUMNS = ["gemeente_code", "gemeente_naam", "region_code", "region_naam"]
RATINGS_COLUMNS = ["region_code", "thema", "aspect", "beoordelaar", "score"]
#: per kind: the columns that identify a row, and the columns compared by a diff
DIFF_FIELDS: dict[str, tuple[list[str], list[str]]] = {
    "inventaris": (["id"], ["naam", "omschrijving", "thema", "fase", "instrument", "niveau", "gemeente_codes", "regio",
                            "zorgverzekeraars", "startjaar", "jaar", "lat", "lon", "url", "contact"]),
    "regio": (["gemeente_code"], ["region_code", "region_naam"]),
    "venster": (["region_code", "thema", "aspect", "beoordelaar"], ["score"]),
}


@dataclass
class Encoded:
    """A validation result as the store keeps it."""

    rows: pd.DataFrame  # the accepted rows
    report: dict  # the whole validation report (rejections with reasons included)
    rows_read: int
    rows_rejected: int
    year: int | None
    meta: dict = field(default_factory=dict)


def check_kind(kind: str) -> str:
    if kind not in KINDS:
        from store.db import StoreError

        raise StoreError(f"onbekende soort {kind!r}; kies uit: {', '.join(KINDS)}")
    return kind


def to_json(value) -> str:
    """JSON for a row or report: pandas' missing values become null, numpy scalars plain numbers."""
    return json.dumps(value, ensure_ascii=False, default=_plain, separators=(",", ":"))


def _plain(obj):
    if obj is pd.NA or obj is pd.NaT:
        return None
    if hasattr(obj, "item"):
        return obj.item()
    if isinstance(obj, (set, frozenset)):
        raise TypeError(f"cannot store a {type(obj).__name__} in a row")
    return str(obj)


def validate(kind: str, data: bytes, filename: str, year: int, regions: pd.DataFrame | None = None):
    """Validate a file as ``kind``. Raises ReadError (or BoundaryError) when it is unusable."""
    if kind == "inventaris":
        from inventory.validate import validate_file

        return validate_file(data, year, filename=filename)
    if kind == "regio":
        from geo.regionsets import read_region_set

        return read_region_set(data, year, filename=filename, name=Path(filename).stem)
    from analysis.ratings import read_ratings

    return read_ratings(data, regions, filename=filename)


def encode(kind: str, result, year: int | None) -> Encoded:
    """Rows and report of a validation result."""
    if kind == "inventaris":
        acc = result.accepted
        if len(acc) and acc["jaar"].notna().any():
            year = int(acc["jaar"].mode().iloc[0])
        return Encoded(acc, result.report(), result.rows_read, result.rows_rejected, year)
    if kind == "regio":
        rej = result.rejections
        report = {"naam": result.name, "jaar": year, "rows_read": result.rows_read,
                  "rejections": rej.to_dict("records"), "missing": list(result.missing)}
        return Encoded(result.table, report, result.rows_read, int(rej["rij"].nunique()) if len(rej) else 0, year)
    rej = result.rejections
    report = {"bron": result.source, "rows_read": result.rows_read, "rejections": rej.to_dict("records")}
    return Encoded(result.accepted, report, result.rows_read, int(rej["rij"].nunique()) if len(rej) else 0, year)


def decode(kind: str, records: list[dict], report: dict):
    """The validation result again, as the validator produced it."""
    if kind == "inventaris":
        from inventory.validate import MATCH_COLUMNS, REJECTION_COLUMNS, ValidationResult, accepted_frame

        return ValidationResult(accepted_frame(records),
                                pd.DataFrame(report["rejections"], columns=REJECTION_COLUMNS),
                                pd.DataFrame(report["non_exact_matches"], columns=MATCH_COLUMNS),
                                rows_read=report["rows_read"], source=report["bron"], warnings=list(report["warnings"]))
    if kind == "regio":
        from geo.regionsets import REJECTION_COLUMNS, RegionSet

        return RegionSet(report["naam"], pd.DataFrame(records, columns=REGION_SET_COLUMNS),
                         pd.DataFrame(report["rejections"], columns=REJECTION_COLUMNS), list(report["missing"]),
                         report["rows_read"])
    from analysis.ratings import REJECTION_COLUMNS, Ratings

    return Ratings(pd.DataFrame(records, columns=RATINGS_COLUMNS), pd.DataFrame(report["rejections"], columns=REJECTION_COLUMNS),
                   report["rows_read"], report["bron"])


def accepted_rows(kind: str, result) -> pd.DataFrame:
    return result.table if kind == "regio" else result.accepted


def export_frame(kind: str, result) -> pd.DataFrame:
    """The accepted rows in the import format: the file reads back in to the same rows."""
    if kind == "inventaris":
        from export.tables import inventory_table

        return inventory_table(result.accepted)
    if kind == "regio":
        t = result.table
        return pd.DataFrame({"gemeente": t["gemeente_code"], "regio_code": t["region_code"], "regio": t["region_naam"]})
    a = result.accepted
    return pd.DataFrame({"regio": a["region_code"], "thema": a["thema"], "aspect": a["aspect"],
                         "beoordelaar": a["beoordelaar"], "score": a["score"]})

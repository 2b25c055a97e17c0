"""The inventory as a dataset of the store (kind ``inventaris``): a version keeps the accepted projects
and the whole validation report (rejections, non-exact name matches, warnings), and reads back as the
:class:`~inventory.validate.ValidationResult` the validator produced."""
from __future__ import annotations

import pandas as pd

from inventory.schema import inventory_table
from inventory.validate import MATCH_COLUMNS, REJECTION_COLUMNS, ValidationResult, accepted_frame, validate_file
from store import Context, Encoded, Kind, register


def _validate(data: bytes, filename: str, year: int, context: Context) -> ValidationResult:
    return validate_file(data, year, filename=filename)


def _encode(result: ValidationResult, year: int | None) -> Encoded:
    acc = result.accepted
    if len(acc) and acc["jaar"].notna().any():  # the inventory's own year, when its rows say it
        year = int(acc["jaar"].mode().iloc[0])
    return Encoded(acc, result.report(), result.rows_read, result.rows_rejected, year)


def _decode(records: list[dict], report: dict) -> ValidationResult:
    return ValidationResult(accepted_frame(records),
                            pd.DataFrame(report["rejections"], columns=REJECTION_COLUMNS),
                            pd.DataFrame(report["non_exact_matches"], columns=MATCH_COLUMNS),
                            rows_read=report["rows_read"], source=report["bron"], warnings=list(report["warnings"]))


KIND = register(Kind(
    name="inventaris", label="projectinventaris", validate=_validate, encode=_encode, decode=_decode,
    rows=lambda result: result.accepted, export_frame=lambda result: inventory_table(result.accepted),
    diff_key=("id",), diff_fields=("naam", "omschrijving", "thema", "fase", "instrument", "niveau", "gemeente_codes",
                                   "regio", "zorgverzekeraars", "startjaar", "jaar", "lat", "lon", "url", "contact"),
    diff_name="naam", unpublished="de demo",
))

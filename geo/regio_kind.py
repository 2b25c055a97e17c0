"""Region sets as a dataset of the store (kind ``regio``): a version keeps gemeente -> regio, the rejected
rows and the municipalities left out, and reads back as the :class:`~geo.regionsets.RegionSet` the
validator produced."""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from geo.regionsets import REJECTION_COLUMNS, RegionSet, read_region_set
from store import Context, Encoded, Kind, register

COLUMNS = ["gemeente_code", "gemeente_naam", "region_code", "region_naam"]


def _validate(data: bytes, filename: str, year: int, context: Context) -> RegionSet:
    return read_region_set(data, year, filename=filename, name=Path(filename).stem)


def _encode(result: RegionSet, year: int | None) -> Encoded:
    rej = result.rejections
    report = {"naam": result.name, "jaar": year, "rows_read": result.rows_read,
              "rejections": rej.to_dict("records"), "missing": list(result.missing)}
    return Encoded(result.table, report, result.rows_read, int(rej["rij"].nunique()) if len(rej) else 0, year)


def _decode(records: list[dict], report: dict) -> RegionSet:
    return RegionSet(report["naam"], pd.DataFrame(records, columns=COLUMNS),
                     pd.DataFrame(report["rejections"], columns=REJECTION_COLUMNS), list(report["missing"]),
                     report["rows_read"])


def _export(result: RegionSet) -> pd.DataFrame:
    t = result.table
    return pd.DataFrame({"gemeente": t["gemeente_code"], "regio_code": t["region_code"], "regio": t["region_naam"]})


KIND = register(Kind(
    name="regio", label="regio-indeling", validate=_validate, encode=_encode, decode=_decode,
    rows=lambda result: result.table, export_frame=_export,
    diff_key=("gemeente_code",), diff_fields=("region_code", "region_naam"), diff_name="gemeente_naam",
))

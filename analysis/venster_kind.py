"""Venster ratings as a dataset of the store (kind ``venster``): a version keeps the scores per region,
theme, aspect and rater and the rejected rows, and reads back as the :class:`~analysis.ratings.Ratings`
the validator produced. Ratings are checked against the published region set (else the demo set); the
version notes which one (``regio_versie``), so the app shows them only with that set."""
from __future__ import annotations

import pandas as pd

from analysis.ratings import REJECTION_COLUMNS, Ratings, read_ratings
from geo.regionsets import load_demo_region_set
from store import Context, Encoded, Kind, register

COLUMNS = ["region_code", "thema", "aspect", "beoordelaar", "score"]


def _validate(data: bytes, filename: str, year: int, context: Context) -> Ratings:
    vid, region_set = context.published("regio")
    context.meta["regio_versie"] = vid  # None: the demo set
    regions = (region_set or load_demo_region_set()).regions
    return read_ratings(data, regions, filename=filename)


def _encode(result: Ratings, year: int | None) -> Encoded:
    rej = result.rejections
    report = {"bron": result.source, "rows_read": result.rows_read, "rejections": rej.to_dict("records")}
    return Encoded(result.accepted, report, result.rows_read, int(rej["rij"].nunique()) if len(rej) else 0, year)


def _decode(records: list[dict], report: dict) -> Ratings:
    return Ratings(pd.DataFrame(records, columns=COLUMNS), pd.DataFrame(report["rejections"], columns=REJECTION_COLUMNS),
                   report["rows_read"], report["bron"])


def _export(result: Ratings) -> pd.DataFrame:
    a = result.accepted
    return pd.DataFrame({"regio": a["region_code"], "thema": a["thema"], "aspect": a["aspect"],
                         "beoordelaar": a["beoordelaar"], "score": a["score"]})


KIND = register(Kind(
    name="venster", label="Venstercijfers", validate=_validate, encode=_encode, decode=_decode,
    rows=lambda result: result.accepted, export_frame=_export,
    diff_key=("region_code", "thema", "aspect", "beoordelaar"), diff_fields=("score",),
))

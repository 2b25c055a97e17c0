"""Zorgkantoor tables as a dataset of the store (kind ``zorgkantoren``): who runs the zorgkantoor per
zorgkantoorregio since when, validated like an inventory (:mod:`analysis.zorgkantoren`) against the
zorgkantoorregio's of the year given at import and the taxonomy's insurer groups. A version reads back
as the :class:`~analysis.zorgkantoren.ZorgkantoorTable` the validator produced.

The witte-vlekken page and ``cli.py gaps`` use the published table, and the shipped 2014 designation
(``data/zorgkantoren.csv``) while none is published.
"""
from __future__ import annotations

from dataclasses import replace

import pandas as pd
from sqlalchemy.engine import Engine

import store
from analysis.zorgkantoren import COLUMNS, REJECTION_COLUMNS, ZorgkantoorTable, read_zorgkantoor_table
from geo.boundaries import load_boundaries
from inventory.taxonomy import load_taxonomy

NAME = "zorgkantoren"
_DATE = "%Y-%m-%d"


def _validate(data: bytes, filename: str, year: int, context: store.Context) -> ZorgkantoorTable:
    regions = load_boundaries("zorgkantoorregio", year)[["code", "naam"]]
    return read_zorgkantoor_table(data, regions, year, load_taxonomy(), filename=filename)


def _dated(table: pd.DataFrame) -> pd.DataFrame:
    """``geldig_vanaf`` as the table's files write it (2014-01-01), for rows, keys and exports."""
    return table.assign(geldig_vanaf=table["geldig_vanaf"].dt.strftime(_DATE))


def _encode(result: ZorgkantoorTable, year: int | None) -> store.Encoded:
    rej = result.rejections
    report = {"bron": result.source, "jaar": year, "rows_read": result.rows_read,
              "rejections": rej.to_dict("records"), "missing": list(result.missing)}
    return store.Encoded(_dated(result.table), report, result.rows_read, int(rej["rij"].nunique()) if len(rej) else 0,
                         year)


def _decode(records: list[dict], report: dict) -> ZorgkantoorTable:
    table = pd.DataFrame(records, columns=COLUMNS)
    table["geldig_vanaf"] = pd.to_datetime(table["geldig_vanaf"], format=_DATE)
    return ZorgkantoorTable(report["bron"], table, pd.DataFrame(report["rejections"], columns=REJECTION_COLUMNS),
                            list(report["missing"]), report["rows_read"])


KIND = store.register(store.Kind(
    name=NAME, label="zorgkantorentabel", validate=_validate, encode=_encode, decode=_decode,
    rows=lambda result: _dated(result.table), export_frame=lambda result: _dated(result.table),
    diff_key=("geldig_vanaf", "zorgkantoorregio_code"), diff_fields=("groep", "rechtspersoon", "groep_basis", "bron"),
    unpublished="de aanwijzing van 2014 in data/zorgkantoren.csv",
))


def for_regions(table: ZorgkantoorTable, regions: pd.DataFrame, year: int) -> ZorgkantoorTable:
    """``table`` with the regions of ``regions`` (``code``) that have no zorgkantoor on 1 January ``year``:
    a published table was checked against the regions of its own year, the page shows another."""
    return replace(table, missing=sorted(set(regions["code"]) - set(table.for_year(year)["zorgkantoorregio_code"])))


def published_table(engine: Engine) -> ZorgkantoorTable | None:
    """The published zorgkantoor table, its source the version's label (``versie 3 (12-05-2026, zk.csv)``),
    or None when none is published."""
    vid = store.published_id(engine, NAME)
    if vid is None:
        return None
    return replace(store.load(engine, vid), source=store.get_version(engine, vid).label)

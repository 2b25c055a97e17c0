"""Downloads that explain themselves: Excel with a *Toelichting* sheet, CSV names that carry the
level, view and filters, and a sidecar text with the same context."""
from __future__ import annotations

import pandas as pd

from export.tables import about_rows, about_text, file_stem, table_xlsx_bytes

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
COLUMN_NOTES = {
    "code": "CBS-code van het gebied (GM = gemeente, ZK = zorgkantoorregio, PV = provincie)",
    "naam": "naam van het gebied of project",
    "projecten": "aantal projecten in het gebied, na de filters",
    "hoogste fase": "de hoogste fase die een project in het gebied bereikt",
    "meeste projecten van": "de zorgverzekeraar(sgroep) met de meeste projecten in het gebied",
    "thema's": "thema's waarop in het gebied minstens één project loopt",
    "id": "projectnummer uit de inventaris",
    "omschrijving": "omschrijving uit de inventaris",
    "thema": "thema van het project (taxonomie VNG/ZN)",
    "fase": "fase (intensiteit) van de samenwerking",
    "instrument": "instrument (beleid, inkoop/financiering, lokale werkpraktijk, overig)",
    "geografisch niveau": "niveau waarop het project loopt",
    "gemeenten": "deelnemende gemeenten",
    "regio": "regio volgens de inventaris",
    "zorgverzekeraars": "deelnemende zorgverzekeraars",
    "startjaar": "jaar waarin het project begon",
    "jaar": "inventarisatiejaar",
    "url": "webpagina van het project",
}


def narrowing(selection: dict[str, list[str]], options: dict[str, list[str]]) -> dict[str, list[str]]:
    """Only the filters that leave something out (all options chosen = no filter)."""
    return {k: list(v) for k, v in selection.items() if set(v) != set(options.get(k, []))}


def filter_labels(narrow: dict[str, list[str]], taxonomy) -> dict[str, str]:
    out = {}
    for key, values in narrow.items():
        labels = taxonomy[key].labels() if key in ("thema", "fase", "instrument", "niveau", "zorgverzekeraar") else {}
        out[key] = ", ".join(labels.get(v, v) for v in values) or "(niets)"
    return out


def context(df: pd.DataFrame, source: str, demo: bool, filters: dict[str, str], what: str) -> list[tuple[str, str]]:
    return about_rows(source, demo, filters, {c: COLUMN_NOTES.get(c, "") for c in df.columns}, what=what)


def xlsx_with_notes(df: pd.DataFrame, sheet: str, source: str, demo: bool, filters: dict[str, str], what: str) -> bytes:
    return table_xlsx_bytes(df, sheet, context(df, source, demo, filters, what))


def sidecar(df: pd.DataFrame, source: str, demo: bool, filters: dict[str, str], what: str) -> bytes:
    return about_text(context(df, source, demo, filters, what))


__all__ = ["XLSX_MIME", "file_stem", "narrowing", "filter_labels", "xlsx_with_notes", "sidecar"]

"""The inventory's columns: Dutch names, accepted header synonyms, which are required; and accepted rows
written back in that schema (a file that reads in again: `validate --out`, `store export`)."""
from __future__ import annotations

import pandas as pd

from geo.names import normalise_key

#: column -> accepted headers (any case, accents, spaces, underscores)
COLUMNS: dict[str, tuple[str, ...]] = {
    "id": ("id", "nr", "nummer", "project id", "projectnummer", "projectnr"),
    "naam": ("naam", "projectnaam", "name", "project name", "titel", "title", "project"),
    "omschrijving": ("omschrijving", "beschrijving", "description", "toelichting"),
    "thema": ("thema", "theme", "topic"),
    "fase": ("fase", "phase", "intensiteit", "intensity", "samenwerkingsvorm"),
    "instrument": ("instrument", "instrumenten"),
    "niveau": ("niveau", "geografisch niveau", "level", "geographic level", "geografischniveau", "schaal"),
    "gemeenten": ("gemeenten", "gemeente", "municipalities", "municipality", "gemeentes"),
    "regio": ("regio", "region", "zorgkantoorregio"),
    "zorgverzekeraar": ("zorgverzekeraar", "zorgverzekeraars", "verzekeraar", "verzekeraars", "insurer", "insurers", "health insurer"),
    "startjaar": ("startjaar", "start jaar", "start", "start year", "startyear"),
    "jaar": ("jaar", "year", "inventarisatiejaar", "inventory year"),
    "lat": ("lat", "latitude", "breedtegraad"),
    "lon": ("lon", "lng", "long", "longitude", "lengtegraad"),
    "url": ("url", "website", "link", "webpagina"),
    "contact": ("contact", "contactpersoon", "contact person"),
}
REQUIRED = ("id", "naam", "thema", "fase", "instrument", "niveau", "zorgverzekeraar")
#: ``gemeenten`` or ``regio`` must be given per row, unless niveau is landelijk.
LIST_SEPARATOR = ";"
#: years an inventory (its jaar column, or the year given for a file without one) may have
YEARS = range(1990, 2101)

_HEADER_LOOKUP = {normalise_key(h.replace("_", " ")): col for col, hs in COLUMNS.items() for h in hs}


def map_headers(headers: list[str]) -> tuple[dict[int, str], list[str], list[str]]:
    """Map raw header cells to schema columns.

    Returns (position -> column, headers that are ignored, schema columns given twice).
    """
    mapping: dict[int, str] = {}
    ignored, doubles = [], []
    for i, h in enumerate(headers):
        col = _HEADER_LOOKUP.get(normalise_key(str(h).replace("_", " ")))
        if col is None:
            if str(h).strip():
                ignored.append(str(h).strip())
        elif col in mapping.values():
            doubles.append(col)
        else:
            mapping[i] = col
    return mapping, ignored, doubles


def inventory_table(accepted: pd.DataFrame, year: int | None = None) -> pd.DataFrame:
    """Accepted projects in the import schema again (``gemeenten`` as CBS codes), so the file can be
    read back in; ``year`` replaces ``jaar`` (for a translated inventory) and keeps the original."""
    out = pd.DataFrame({
        "id": accepted["id"], "naam": accepted["naam"], "omschrijving": accepted["omschrijving"],
        "thema": accepted["thema"], "fase": accepted["fase"], "instrument": accepted["instrument"],
        "niveau": accepted["niveau"], "gemeenten": accepted["gemeente_codes"].str.replace(";", "; "),
        "regio": accepted["regio"], "zorgverzekeraar": accepted["zorgverzekeraars"].str.replace(";", "; "),
        "startjaar": accepted["startjaar"], "jaar": accepted["jaar"] if year is None else year,
        "lat": accepted["lat"], "lon": accepted["lon"], "url": accepted["url"], "contact": accepted["contact"],
    })
    if year is not None:
        out["oorspronkelijk_jaar"] = accepted["jaar"]
    return out

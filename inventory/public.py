"""The one rule for what is public: which inventory fields a public output may show.

The list is data, ``[openbaar] velden`` in ``data/projects/taxonomy.toml`` (read by
``inventory.taxonomy``); this module applies it. Public outputs are everything a visitor or a
reader of a file gets: the map (tooltips, popups, project list), the embed and the HTML export, the
project downloads, the regio-dia and regiorapport, the CLI's ``export`` commands, and later the
static site and open data. They are all drawn from ``analysis.prepare.prepare`` (which keeps only
the public columns) and ``export.tables.projects_table``. Editors' outputs (Beheer, ``store
export``, ``validate --out``) keep every field, ``contact`` included.

A column of the validated projects that comes from an inventory field (``gemeente_namen`` from
``gemeenten``) follows that field; columns that are no inventory field (row numbers, columns the
analysis adds) are not governed by the list.
"""
from __future__ import annotations

import pandas as pd

from inventory.schema import COLUMNS
from inventory.taxonomy import Taxonomy, load_taxonomy

#: columns of the validated projects (inventory.validate.ACCEPTED_COLUMNS) -> the field they come from
FIELD_OF = {"gemeente_codes": "gemeenten", "gemeente_namen": "gemeenten", "via_regio": "regio", "regio_code": "regio",
            "zorgverzekeraars": "zorgverzekeraar", "zorgverzekeraar_groepen": "zorgverzekeraar"}


def public_fields(taxonomy: Taxonomy | None = None) -> frozenset[str]:
    """The inventory fields public outputs may show."""
    return frozenset((taxonomy or load_taxonomy()).public_fields)


def is_public(column: str, taxonomy: Taxonomy | None = None) -> bool:
    """False for a column that holds (or derives from) an inventory field not on the public list."""
    field = FIELD_OF.get(column, column)
    return field not in COLUMNS or field in public_fields(taxonomy)


def public_projects(projects: pd.DataFrame, taxonomy: Taxonomy | None = None) -> pd.DataFrame:
    """``projects`` without the columns of fields that are not public (a copy only when one is dropped)."""
    private = [c for c in projects.columns if not is_public(c, taxonomy)]
    return projects.drop(columns=private) if private else projects

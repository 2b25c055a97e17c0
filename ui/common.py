"""Shared Streamlit pieces: cached library calls, the inventory in use, its report."""
from __future__ import annotations

import hashlib
import json

import pandas as pd
import streamlit as st

from analysis.aggregate import area_summary
from analysis.population import inhabitants
from analysis.prepare import Prepared, prepare
from export.tables import table_csv_bytes
from geo.boundaries import BoundaryError
from inventory.demo import DEMO_FILE
from inventory.read import ReadError
from inventory.taxonomy import load_taxonomy
from inventory.validate import ValidationResult, validate_file
from layers.escape import md

TAX = load_taxonomy()


@st.cache_data(show_spinner="Inventaris controleren…", max_entries=8)
def cached_validation(data: bytes, filename: str, year: int) -> ValidationResult:
    return validate_file(data, year, filename=filename)


@st.cache_data(show_spinner="Grenzen en koppeling laden…", max_entries=8)
def cached_prepare(source_key: str, _projects: pd.DataFrame, year: int, set_key: str = "",
                   _region_set: pd.DataFrame | None = None) -> Prepared:
    # keyed on the inventory's and region set's hashes: the frames are not hashed on every rerun
    return prepare(_projects, year, region_set=_region_set)


@st.cache_data(max_entries=64)
def cached_summary(source_key: str, set_key: str, filters_key: str, level: str, _prep: Prepared, _ids: tuple) -> pd.DataFrame:
    long = _prep.long[_prep.long["id"].isin(set(_ids))]
    return area_summary(_prep.areas[level], long, level, TAX["fase"].codes)


@st.cache_data(show_spinner=False)
def cached_inhabitants(year: int) -> tuple[pd.Series | None, str]:
    return inhabitants(year)


def demo_inventory() -> tuple[str, ValidationResult]:
    data = DEMO_FILE.read_bytes()
    return hashlib.sha256(data).hexdigest()[:16], cached_validation(data, DEMO_FILE.name, 2017)


def sidebar_inventory(default: tuple[str, ValidationResult, bool] | None = None, box=None) -> tuple[str, ValidationResult, bool]:
    """The inventory in use: ``default`` (the published version; else the demo), or an uploaded file
    once the user accepts its report: a private preview in this session, the store is not touched.
    ``box``: the container to draw into (default: the sidebar)."""
    box = box or st.sidebar
    box.markdown("**Inventaris**")
    if default is not None and not default[2]:
        box.caption(f"Gepubliceerd: {md(default[1].source)}. Een eigen bestand hieronder is alleen "
                    "voor u zichtbaar en verandert de gepubliceerde kaart niet.")
    upload = box.file_uploader("Eigen inventaris (CSV of XLSX)", type=["csv", "txt", "xlsx"], key="upload",
                                      help="Kolommen: id, naam, thema, fase, instrument, niveau, gemeenten, zorgverzekeraar; zie data/projects/README.md")
    year = box.number_input("Inventarisatiejaar (als het bestand geen kolom jaar heeft)", 2015, 2030, 2017, key="upload_year")
    if upload is not None:
        data = upload.getvalue()
        key = hashlib.sha256(data).hexdigest()[:16]
        try:
            result = cached_validation(data, upload.name, int(year))
        except (ReadError, BoundaryError) as exc:
            box.error(f"Bestand niet bruikbaar: {md(exc)}")
        else:
            show_report(result, box)
            if result.rows_accepted and box.checkbox(f"Gebruik deze inventaris ({result.rows_accepted} projecten)", key="use_upload"):
                return key, result, False
    if default is not None:
        return default
    k, res = demo_inventory()
    return k, res, True


def show_report(result: ValidationResult, where=None) -> None:
    """The import report: summary, warnings, rejected rows with reasons, downloads."""
    box = (where or st.sidebar).container(border=True)
    box.markdown(f"**Controle {md(result.source)}**  \n{md(result.summary())}")
    for w in result.warnings:
        box.warning(md(w))
    if result.rows_rejected:
        box.error(f"{result.rows_rejected} rij(en) afgewezen")
        rej = result.rejections.assign(suggesties=result.rejections["suggesties"].map(lambda s: ", ".join(s)))
        box.dataframe(rej, hide_index=True, key="rejections")
        box.download_button("Afgewezen rijen (CSV)", table_csv_bytes(rej), "afgewezen_rijen.csv", "text/csv")
    box.download_button("Rapport (JSON)", json.dumps(result.report(), ensure_ascii=False, indent=2, default=str).encode(),
                        "controlerapport.json", "application/json")


def option_lists(projects: pd.DataFrame) -> dict[str, list[str]]:
    opts = {d: TAX[d].codes for d in ("thema", "fase", "instrument", "niveau", "zorgverzekeraar")}
    opts["jaar"] = sorted(str(int(y)) for y in projects["jaar"].dropna().unique())
    return opts


def label_of(key: str, code: str) -> str:
    return code if key == "jaar" else TAX[key].labels().get(code, code)


def url_options() -> dict[str, list[str]]:
    """Values a URL may carry per filter (the inventory's own years are checked later)."""
    opts = {d: TAX[d].codes for d in ("thema", "fase", "instrument", "niveau", "zorgverzekeraar")}
    opts["jaar"] = [str(y) for y in range(1990, 2101)]
    return opts


def source_line(is_demo: bool, result: ValidationResult) -> str:
    data = "demonstratiedata (synthetisch)" if is_demo else md(result.source)
    return f"Bron: {data}; kaart: CBS/Kadaster, CC-BY 4.0; achtergrond: PDOK BRT-Achtergrondkaart, Kadaster."

"""Shared Streamlit pieces: cached library calls, the inventory in use, its report."""
from __future__ import annotations

import functools
import hashlib
import json
from pathlib import Path

import pandas as pd
import streamlit as st

from analysis.aggregate import area_summary
from analysis.filter import inventory_years
from geo.inhabitants import inhabitants
from analysis.prepare import Prepared, prepare
from export.tables import table_csv_bytes
from geo.boundaries import BoundaryError, fingerprint as boundaries_fingerprint
from inventory.demo import DEMO_FILE
from tabular.read import ReadError
from inventory.taxonomy import load_taxonomy
from inventory.validate import ValidationResult, validate_file
from layers.escape import md
from ui.shared_cache import FILES, PREPARED, RESULTS

TAX = load_taxonomy()


def cached_validation(digest: str, filename: str, year: int, _data) -> ValidationResult:
    """Keyed on the file's digest: the bytes themselves are neither hashed on every rerun nor kept."""
    def compute():
        if hasattr(_data, "seek"):
            _data.seek(0)
        return validate_file(_data, year, filename=filename)
    return FILES.get(("inventaris", digest, filename, year), compute, lambda: st.spinner("Inventaris controleren…"))


def upload_digest(upload) -> str:
    """A short SHA-256 of an uploaded file, computed once per upload (remembered by its file id)."""
    seen = st.session_state.setdefault("_upload_digests", {})
    if upload.file_id not in seen:
        if len(seen) > 16:
            seen.clear()
        seen[upload.file_id] = file_digest(upload.getvalue())
    return seen[upload.file_id]


def file_digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:16]


@functools.lru_cache(maxsize=16)
def _shipped(path: Path, mtime_ns: int) -> tuple[str, bytes]:
    data = path.read_bytes()
    return file_digest(data), data


def shipped_file(path: Path) -> tuple[str, bytes]:
    """Digest and bytes of a file shipped with the app (demo data), read once per version of the file."""
    return _shipped(path, path.stat().st_mtime_ns)


def cached_prepare(source_key: str, _projects: pd.DataFrame, year: int, set_key: str = "",
                   _region_set: pd.DataFrame | None = None) -> Prepared:
    """Keyed on the inventory's and region set's digests: the frames are not hashed on every rerun.
    Shared by every session (read-only) and out of reach of a client's clear_cache message."""
    def compute():
        prep = prepare(_projects, year, region_set=_region_set)
        prep.cache_key = (source_key, year, set_key, files)
        return prep
    files = boundaries_fingerprint()  # a boundary file added or replaced while the app runs is seen
    return PREPARED.get(("prepare", source_key, year, set_key, files), compute,
                        lambda: st.spinner("Grenzen en koppeling laden…"))


def prep_key(prep: Prepared) -> tuple:
    """Identifies a prepared inventory (inventory digest, year, region set digest) in the view caches."""
    return getattr(prep, "cache_key", None) or ("object", id(prep))


def cached_summary(source_key: str, set_key: str, filters_key: str, level: str, _prep: Prepared, _ids) -> pd.DataFrame:
    def compute():
        long = _prep.long[_prep.long["id"].isin(set(_ids))]
        return area_summary(_prep.areas[level], long, level, TAX["fase"].codes)
    return RESULTS.get(("summary", prep_key(_prep), source_key, set_key, filters_key, level), compute)


@st.cache_data(show_spinner=False)
def cached_inhabitants(year: int) -> tuple[pd.Series | None, str]:
    return inhabitants(year)


def demo_inventory() -> tuple[str, ValidationResult]:
    key, data = shipped_file(DEMO_FILE)
    return key, cached_validation(key, DEMO_FILE.name, 2017, data)


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
        key = upload_digest(upload)
        try:
            result = cached_validation(key, upload.name, int(year), upload)
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
    opts["jaar"] = inventory_years(projects)
    return opts


_LABELS = {d: TAX[d].labels() for d in ("thema", "fase", "instrument", "niveau", "zorgverzekeraar")}


def label_of(key: str, code: str) -> str:
    return code if key == "jaar" else _LABELS[key].get(code, code)


def url_options() -> dict[str, list[str]]:
    """Values a URL may carry per filter (the inventory's own years are checked later)."""
    opts = {d: TAX[d].codes for d in ("thema", "fase", "instrument", "niveau", "zorgverzekeraar")}
    opts["jaar"] = [str(y) for y in range(1990, 2101)]
    return opts


def source_line(is_demo: bool, result: ValidationResult) -> str:
    data = "demonstratiedata (synthetisch)" if is_demo else md(result.source)
    return f"Bron: {data}; kaart: CBS/Kadaster, CC-BY 4.0; achtergrond: PDOK BRT-Achtergrondkaart, Kadaster."

"""Samenwerkingskaart: Streamlit entry. Reads widgets and query parameters, calls the library, shows results."""
from __future__ import annotations

import hashlib
import json

import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from analysis.aggregate import area_profile, area_summary
from analysis.filter import filter_projects, option_counts
from analysis.points import project_points
from analysis.prepare import Prepared, prepare
from export.tables import table_csv_bytes
from geo.boundaries import BoundaryError
from inventory.demo import DEMO_FILE
from inventory.read import ReadError
from inventory.taxonomy import load_taxonomy
from inventory.validate import ValidationResult, validate_file
from layers.assets import AssetsMissing, check_assets
from layers.basemap import BASEMAPS
from layers.choropleth import VIEWS
from layers.compose import MapSpec, build_map
from viewstate import FILTER_KEYS, LEVELS, ViewState, from_query, to_query

st.set_page_config(page_title="Samenwerkingskaart", page_icon="🗺️", layout="wide")
TAX = load_taxonomy()
LEVEL_LABELS = {"gemeente": "gemeente", "zorgkantoorregio": "zorgkantoorregio", "provincie": "provincie"}
FILTER_LABELS = {"thema": "Thema", "fase": "Fase (intensiteit)", "instrument": "Instrument",
                 "niveau": "Geografisch niveau", "zorgverzekeraar": "Zorgverzekeraar", "jaar": "Inventarisatiejaar"}


@st.cache_data(show_spinner="Inventaris controleren…", max_entries=8)
def cached_validation(data: bytes, filename: str, year: int) -> ValidationResult:
    return validate_file(data, year, filename=filename)


@st.cache_data(show_spinner="Grenzen en koppeling laden…", max_entries=8)
def cached_prepare(source_key: str, _projects: pd.DataFrame, year: int) -> Prepared:
    # keyed on the inventory's hash: the frame itself is not hashed on every rerun
    return prepare(_projects, year)


@st.cache_data(max_entries=64)
def cached_summary(source_key: str, filters_key: str, level: str, _prep: Prepared, _ids: tuple) -> pd.DataFrame:
    long = _prep.long[_prep.long["id"].isin(set(_ids))]
    return area_summary(_prep.areas[level], long, level, TAX["fase"].codes)


def demo_inventory() -> tuple[str, ValidationResult]:
    data = DEMO_FILE.read_bytes()
    return hashlib.sha256(data).hexdigest()[:16], cached_validation(data, DEMO_FILE.name, 2017)


def sidebar_inventory() -> tuple[str, ValidationResult, bool]:
    """The inventory in use: the demo, or an uploaded file once the user accepts its report."""
    st.sidebar.header("Inventaris")
    upload = st.sidebar.file_uploader("Eigen inventaris (CSV of XLSX)", type=["csv", "txt", "xlsx"], key="upload",
                                      help="Kolommen: id, naam, thema, fase, instrument, niveau, gemeenten, zorgverzekeraar; zie data/projects/README.md")
    year = st.sidebar.number_input("Inventarisatiejaar (als het bestand geen kolom jaar heeft)", 2015, 2030, 2017, key="upload_year")
    if upload is not None:
        data = upload.getvalue()
        key = hashlib.sha256(data).hexdigest()[:16]
        try:
            result = cached_validation(data, upload.name, int(year))
        except (ReadError, BoundaryError) as exc:
            st.sidebar.error(f"Bestand niet bruikbaar: {exc}")
        else:
            show_report(result)
            if result.rows_accepted and st.sidebar.checkbox(f"Gebruik deze inventaris ({result.rows_accepted} projecten)", key="use_upload"):
                return key, result, False
    k, res = demo_inventory()
    return k, res, True


def show_report(result: ValidationResult) -> None:
    box = st.sidebar.container(border=True)
    box.markdown(f"**Controle {result.source}**  \n{result.summary()}")
    for w in result.warnings:
        box.warning(w)
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


def sidebar_filters(projects: pd.DataFrame, state: ViewState, opts: dict[str, list[str]]) -> dict[str, list[str]]:
    st.sidebar.header("Filters")
    selection: dict[str, list[str]] = {}
    for key in FILTER_KEYS:
        wkey = f"f_{key}"
        if wkey not in st.session_state:
            st.session_state[wkey] = state.filters.get(key, opts[key])
        current = {**selection, **{k: st.session_state.get(f"f_{k}", opts[k]) for k in FILTER_KEYS if k not in selection}}
        counts = option_counts(projects, current, key, opts[key])
        chosen = st.sidebar.multiselect(
            FILTER_LABELS[key], opts[key], key=wkey,
            format_func=lambda c, k=key, n=counts: f"{label_of(k, c)} ({n.get(c, 0)})",
        )
        selection[key] = chosen
    return selection


def url_options() -> dict[str, list[str]]:
    """Values a URL may carry per filter (the inventory's own years are checked later)."""
    opts = {d: TAX[d].codes for d in ("thema", "fase", "instrument", "niveau", "zorgverzekeraar")}
    opts["jaar"] = [str(y) for y in range(1990, 2101)]
    return opts


def sidebar_map_controls(state: ViewState) -> bool:
    """Level, view, markers, basemap; returns whether to draw the zorgkantoorregio outlines."""
    st.sidebar.header("Kaart")
    state.level = st.sidebar.radio("Kaartniveau", list(LEVELS), index=list(LEVELS).index(state.level),
                                   format_func=lambda x: LEVEL_LABELS[x].capitalize(), key="level")
    state.view = st.sidebar.radio("Weergave", list(VIEWS), index=list(VIEWS).index(state.view),
                                  format_func=VIEWS.get, key="view")
    state.markers = st.sidebar.toggle("Projecten als markers", value=state.markers, key="markers")
    outlines = st.sidebar.toggle("Grenzen zorgkantoorregio's", value=True, key="outlines")
    state.basemap = st.sidebar.selectbox("Achtergrondkaart", list(BASEMAPS), index=list(BASEMAPS).index(state.basemap),
                                         format_func=BASEMAPS.get, key="basemap")
    return outlines


def source_line(is_demo: bool, result: ValidationResult) -> str:
    data = "demonstratiedata (synthetisch)" if is_demo else result.source
    return f"Bron: {data}; kaart: CBS/Kadaster, CC-BY 4.0; achtergrond: PDOK BRT-Achtergrondkaart, Kadaster."


def main() -> None:
    state = from_query(dict(st.query_params), url_options())
    # Streamlit keeps ?embed=true for itself (it hides its own chrome) and leaves it out of st.query_params.
    state.embed = state.embed or bool(st.context.is_embedded)
    try:
        check_assets()
    except AssetsMissing as exc:
        st.error(f"Kaartbibliotheek ontbreekt: {exc}")
        st.stop()

    key, result, is_demo = (*demo_inventory(), True) if state.embed else sidebar_inventory()
    projects = result.accepted
    year = int(projects["jaar"].mode().iloc[0]) if len(projects) else 2017
    try:
        prep = cached_prepare(key, projects, year)
    except BoundaryError as exc:
        st.error(str(exc))
        st.stop()
    opts = option_lists(projects)

    if state.embed:
        selection, outlines = dict(state.filters), state.level == "gemeente"
    else:
        selection = sidebar_filters(projects, state, opts)
        outlines = sidebar_map_controls(state)
    state.filters = selection
    filtered = filter_projects(projects, selection)
    summary = cached_summary(key, json.dumps(selection, sort_keys=True), state.level, prep, tuple(filtered["id"]))
    area_names = dict(zip(summary["code"], summary["naam"]))
    if state.area not in area_names:
        state.area = None

    if not state.embed:
        st.title("Samenwerkingskaart gemeenten en zorgverzekeraars")
        if is_demo:
            st.info("**Demonstratiedata.** De echte AEF-inventarisatie (2017) is niet openbaar. Deze kaart toont "
                    "synthetische projecten uit een gedocumenteerde generator; geen rij beschrijft een echt project. "
                    "Laad links uw eigen inventaris.", icon="ℹ️")
        st.markdown(f"**{len(filtered)}** van {len(projects)} projecten geselecteerd · inventaris {year} · "
                    f"{VIEWS[state.view].lower()} per {LEVEL_LABELS[state.level]}")
        choices = [None, *sorted(area_names, key=area_names.get)]
        pending = st.session_state.pop("_pending_area", None)  # a map click of the previous run
        if pending in area_names:
            st.session_state["area_select"] = pending
        elif "area_select" not in st.session_state or st.session_state["area_select"] not in choices:
            st.session_state["area_select"] = state.area
        state.area = st.selectbox(f"Kies een {LEVEL_LABELS[state.level]} (of klik op de kaart)", choices, key="area_select",
                                  format_func=lambda c: "— geen —" if c is None else f"{area_names[c]} ({c})",
                                  placeholder="— geen —")

    spec = MapSpec(summary, state.view, LEVEL_LABELS[state.level],
                   outlines=prep.areas["zorgkantoorregio"] if outlines else None,
                   points=project_points(filtered, prep.points) if state.markers else None,
                   selected=state.area, basemap=state.basemap, demo=is_demo, source=result.source)
    out = st_folium(build_map(spec, TAX), height=560 if state.embed else 620, use_container_width=True,
                    returned_objects=["last_active_drawing"], key=f"map_{state.level}")
    clicked = ((out or {}).get("last_active_drawing") or {}).get("properties", {}).get("code")
    if clicked and clicked != st.session_state.get("_last_click") and clicked in area_names:
        # the selectbox already exists in this run: hand the click to the next run, which sets it
        st.session_state["_last_click"] = st.session_state["_pending_area"] = clicked
        st.rerun()
    st.query_params.from_dict(to_query(state, opts))

    if not state.embed and state.area:
        show_profile(prep, filtered, state, area_names)
    if not state.embed:
        with st.expander("Tabel bij de kaart (toegankelijk alternatief)"):
            table = area_table(summary)
            st.dataframe(table, hide_index=True, key="area_table")
            st.download_button("Tabel (CSV)", table_csv_bytes(table), f"samenwerkingskaart_{state.level}.csv", "text/csv")
    st.caption(source_line(is_demo, result))


def area_table(summary: pd.DataFrame) -> pd.DataFrame:
    """The map's figures as a table with Dutch labels (the accessible alternative to the map)."""
    fase, groep = TAX["fase"].labels(), TAX["zorgverzekeraar"].labels()
    return pd.DataFrame({
        "code": summary["code"],
        "naam": summary["naam"],
        "projecten": summary["n_projecten"],
        "hoogste fase": summary["hoogste_fase"].map(lambda f: fase.get(f, "") if isinstance(f, str) else ""),
        "meeste projecten van": summary["dominante_groep"].map(lambda g: groep.get(g, "") if isinstance(g, str) else ""),
        "thema's": summary["themas"].map(lambda t: ", ".join(TAX["thema"].labels()[c] for c in t.split(";") if c)),
    })


def show_profile(prep: Prepared, filtered: pd.DataFrame, state: ViewState, area_names: dict[str, str]) -> None:
    long = prep.long[prep.long["id"].isin(set(filtered["id"]))]
    prof = area_profile(long, filtered, state.level, state.area, TAX["thema"].codes)
    st.subheader(f"Profiel: {area_names[state.area]}")
    c1, c2 = st.columns(2)
    per_thema = prof["per_thema"].rename(index=TAX["thema"].labels()).rename("projecten")
    c1.markdown("**Projecten per thema**")
    c1.bar_chart(per_thema, horizontal=True)
    per_fase = prof["per_fase"].reindex(TAX["fase"].codes, fill_value=0).rename(index=TAX["fase"].labels()).rename("projecten")
    c2.markdown("**Projecten per fase**")
    c2.bar_chart(per_fase, horizontal=True)
    missing = [TAX["thema"].labels()[t] for t in prof["ontbreekt"]]
    if missing:
        st.warning("Ontbreekt (geen project op dit thema): " + ", ".join(missing))
    else:
        st.success("Op elk thema minstens één project.")
    cols = ["id", "naam", "thema", "fase", "instrument", "niveau", "zorgverzekeraars", "gemeente_namen", "startjaar"]
    table = prof["projects"][cols]
    st.dataframe(table, hide_index=True, key="profile_table")
    st.download_button("Projecten van dit gebied (CSV)", table_csv_bytes(table), f"projecten_{state.area}.csv", "text/csv",
                       key="profile_csv")


main()

"""The map page: filters, map levels and views, region profile, table alternative."""
from __future__ import annotations

import json

import pandas as pd
import streamlit as st

from analysis.aggregate import area_profile
from analysis.filter import filter_projects, option_counts
from analysis.points import project_points
from analysis.prepare import CUSTOM_LEVEL, LEVEL_LABELS, Prepared
from analysis.ratings import ASPECTS, RATERS, THEMES as RATING_THEMES, difference, region_scores, scores
from analysis.view import View, on_map
from analysis.years import not_drawn_note
from export.tables import area_table, table_csv_bytes, table_xlsx_bytes
from export.views import ExportSpec, export_html, export_image, export_projects
from inventory.validate import ValidationResult
from layers.basemap import BASEMAPS
from layers.choropleth import RATING_VIEWS, VIEWS
from layers.compose import MapSpec, build_map
from ui.common import TAX, cached_summary, label_of, option_lists, prep_key, source_line
from ui.map_render import render_args, show_map
from ui.shared_cache import MAPS, RESULTS
from ui.regions import RegionContext
from viewstate import FILTER_KEYS, LEVELS, ViewState, to_query

FILTER_LABELS = {"thema": "Thema", "fase": "Fase (intensiteit)", "instrument": "Instrument",
                 "niveau": "Geografisch niveau", "zorgverzekeraar": "Zorgverzekeraar", "jaar": "Inventarisatiejaar"}


def map_page(state: ViewState, key: str, result: ValidationResult, is_demo: bool, prep: Prepared,
             regions: RegionContext) -> None:
    """Filters in the sidebar, the map, the selected area's profile and the table alternative."""
    projects = prep.projects  # the accepted projects on this year's map (analysis.years)
    year = prep.year
    pk = prep_key(prep)
    opts = RESULTS.get(("options", pk), lambda: option_lists(projects))
    has_ratings = regions.ratings is not None and state.level == CUSTOM_LEVEL
    if state.level not in prep.areas:
        state.level = "gemeente"
    if state.embed:
        selection, outlines = dict(state.filters), state.level == "gemeente"
        if state.view in RATING_VIEWS and not has_ratings:
            state.view = "count"
    else:
        selection = sidebar_filters(projects, state, opts, pk)
        outlines = sidebar_map_controls(state, prep, regions)
    state.filters = selection
    fkey = json.dumps(selection, sort_keys=True)
    filtered = RESULTS.get(("filtered", pk, fkey), lambda: filter_projects(projects, selection))
    summary = cached_summary(key, regions.key, fkey, state.level, prep, filtered["id"])
    view = View(filtered, summary, state.level)
    area_names = dict(zip(summary["code"], summary["naam"]))
    if state.area not in area_names:
        state.area = None

    if not state.embed:
        st.title("Samenwerkingskaart gemeenten en zorgverzekeraars")
        if is_demo:
            st.info("**Demonstratiedata.** De echte AEF-inventarisatie (2017) is niet openbaar. Deze kaart toont "
                    "synthetische projecten uit een gedocumenteerde generator; geen rij beschrijft een echt project. "
                    "Laad links uw eigen inventaris.", icon="ℹ️")
        shown = RESULTS.get(("on_map", pk, fkey, state.level), lambda: on_map(prep, filtered, state.level))
        st.markdown(f"**{len(shown)}** van {prep.n_input} projecten geselecteerd · inventaris {year} · "
                    f"{VIEWS[state.view].lower()} per {LEVEL_LABELS[state.level]}")
        show_not_drawn(prep, len(filtered) - len(shown), state.level)
        choices = [None, *sorted(area_names, key=area_names.get)]
        pending = st.session_state.pop("_pending_area", None)  # a map click of the previous run
        if pending in area_names:
            st.session_state["area_select"] = pending
        elif "area_select" not in st.session_state or st.session_state["area_select"] not in choices:
            st.session_state["area_select"] = state.area
        state.area = st.selectbox(f"Kies een {LEVEL_LABELS[state.level]} (of klik op de kaart)", choices, key="area_select",
                                  format_func=lambda c: "— geen —" if c is None else f"{area_names[c]} ({c})",
                                  placeholder="— geen —")

    draw_outlines = outlines and state.level == "gemeente"
    spec = MapSpec(summary, state.view, LEVEL_LABELS[state.level],
                   outlines=prep.areas["zorgkantoorregio"] if draw_outlines else None,
                   selected=state.area, basemap=state.basemap, demo=is_demo, source=result.source)
    export = ExportSpec(view_kind=state.view, basemap=state.basemap, markers=state.markers, region=state.area,
                        source=result.source, demo=is_demo)
    rating_key = None
    if state.view in RATING_VIEWS:
        values, label = rating_values(regions.ratings.accepted, state)
        source = f"Venstercijfers {regions.ratings.source}"
        spec.values, spec.value_label, spec.demo, spec.source = values, label, regions.demo_ratings, source
        export.values, export.value_label, export.demo, export.source = dict(values), label, regions.demo_ratings, source
        rating_key = (regions.ratings_key, state.rating_thema, state.rating_aspect, state.rating_rater)

    def render():  # once per view and inventory version, for every session
        if state.markers:
            spec.points = project_points(filtered, prep.points)
        return render_args(build_map(spec, TAX), ["last_active_drawing"])
    map_key = ("map", pk, regions.key, fkey, state.level, state.view, state.area, state.basemap, state.markers,
               draw_outlines, is_demo, result.source, rating_key)
    out = show_map(MAPS.get(map_key, render), key=f"map_{state.level}", height=560 if state.embed else 620)
    clicked = ((out or {}).get("last_active_drawing") or {}).get("properties", {}).get("code")
    if clicked and clicked != st.session_state.get("_last_click") and clicked in area_names:
        # the selectbox already exists in this run: hand the click to the next run, which sets it
        st.session_state["_last_click"] = st.session_state["_pending_area"] = clicked
        st.rerun()
    st.query_params.from_dict(to_query(state, opts))

    if not state.embed and state.area:
        show_profile(prep, filtered, state, area_names)
        if state.level == CUSTOM_LEVEL and regions.ratings is not None:
            show_ratings(regions, state.area, area_names[state.area])
    if not state.embed:
        with st.expander("Tabel bij de kaart (toegankelijk alternatief)"):
            table = RESULTS.get(("area_table", pk, regions.key, fkey, state.level), lambda: area_table(summary, TAX))
            st.dataframe(table, hide_index=True, key="area_table")
            st.download_button("Tabel (CSV)", lambda: table_csv_bytes(table), f"samenwerkingskaart_{state.level}.csv",
                               "text/csv", on_click="ignore", key="area_csv")
        export_section(prep, view, state, selection, export)
    st.caption(source_line(is_demo, result))


def show_not_drawn(prep: Prepared, outside: int, level: str) -> None:
    """Every project that is not (fully) on the map, with the reason; translated codes too."""
    if not len(prep.projects):
        st.warning(f"Geen enkel project staat op de kaart van {prep.year}.")
    elif outside:
        st.caption(f"{outside} geselecteerde project(en) liggen in geen enkele {LEVEL_LABELS[level]} van deze kaart "
                   "(gemeenten buiten de regio-indeling) en tellen hier niet mee.")
    note = not_drawn_note(prep.not_drawn, prep.year)
    if note:
        st.warning(note + ".")
        with st.expander(f"Niet (volledig) getekend op de kaart van {prep.year} ({len(prep.not_drawn)} projecten)"):
            st.dataframe(prep.not_drawn, hide_index=True, key="not_drawn_table")
    if len(prep.translated):
        with st.expander(f"{prep.translated['id'].nunique()} project(en) van een eerder jaar vertaald naar de gemeenten "
                         f"van {prep.year}"):
            st.dataframe(prep.translated, hide_index=True, key="translated_table")


def export_section(prep: Prepared, view: View, state: ViewState, selection: dict[str, list[str]], spec: ExportSpec) -> None:
    """Downloads of the current view; files are only made when a button is pressed."""
    name = f"samenwerkingskaart_{state.level}_{state.view}"
    with st.expander("Exporteren: kaart voor een website of dia, projectenlijst"):
        c1, c2, c3, c4 = st.columns(4)
        c1.download_button("Kaart (HTML, zelfstandig)", lambda: export_html(prep, view, spec, selection, TAX),
                           f"{name}.html", "text/html", on_click="ignore", key="export_html")
        c2.download_button("Dia (PNG 1920×1080)" + (" van het gekozen gebied" if state.area else ""),
                           lambda: export_image(prep, view, spec, selection, TAX), f"{name}.png", "image/png",
                           on_click="ignore", key="export_png")
        c3.download_button("Projecten (CSV)", lambda: table_csv_bytes(export_projects(view, TAX)), "projecten.csv",
                           "text/csv", on_click="ignore", key="export_csv")
        c4.download_button("Projecten (Excel)", lambda: table_xlsx_bytes(export_projects(view, TAX)), "projecten.xlsx",
                           "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", on_click="ignore",
                           key="export_xlsx")
        st.caption("De HTML-kaart laadt niets van andere servers (behalve de PDOK-achtergrond, als die aan staat) "
                   "en bevat een toegankelijke tabel. Insluiten op een website:")
        st.code(f'<iframe src="{name}.html" title="Samenwerkingskaart" width="100%" height="760" '
                'style="border:0" loading="lazy"></iframe>', language="html")


def sidebar_filters(projects: pd.DataFrame, state: ViewState, opts: dict[str, list[str]], cache_key=None) -> dict[str, list[str]]:
    """One multiselect per dimension; under each, how many projects each option leaves.

    The counts are not in the option labels: Streamlit identifies a selected option by its label,
    so a label that changes with the counts would turn the selection into stale label text.
    """
    st.sidebar.header("Filters")
    before = st.session_state.get("_filter_options", {})
    for key in FILTER_KEYS:  # drop values the inventory in use does not have (e.g. after an upload)
        wkey = f"f_{key}"
        wanted = st.session_state.get(wkey, state.filters.get(key, opts[key]))
        if key in before and before[key] != opts[key] and set(wanted) == set(before[key]):
            wanted = opts[key]  # "everything" of the previous inventory is everything of this one (e.g. its years)
        st.session_state[wkey] = [v for v in wanted if v in opts[key]]
    st.session_state["_filter_options"] = opts
    selection = {k: st.session_state[f"f_{k}"] for k in FILTER_KEYS}
    all_counts = RESULTS.get(("option_counts", cache_key, json.dumps(selection, sort_keys=True)),
                           lambda: {k: option_counts(projects, selection, k, opts[k]) for k in FILTER_KEYS})
    for key in FILTER_KEYS:
        counts = all_counts[key]
        selection[key] = st.sidebar.multiselect(FILTER_LABELS[key], opts[key], key=f"f_{key}",
                                                format_func=lambda c, k=key: label_of(k, c))
        st.sidebar.caption(" · ".join(f"{label_of(key, c)}: {n}" for c, n in counts.items()) or "geen projecten")
    return selection


def sidebar_map_controls(state: ViewState, prep: Prepared, regions: RegionContext) -> bool:
    """Level, view (Venster views on a region set with ratings), markers, basemap; returns whether
    to draw the zorgkantoorregio outlines."""
    st.sidebar.header("Kaart")
    levels = [lv for lv in LEVELS if lv in prep.areas]
    label = {**LEVEL_LABELS, CUSTOM_LEVEL: regions.region_set.name if regions.region_set is not None else ""}
    state.level = st.sidebar.radio("Kaartniveau", levels, index=levels.index(state.level) if state.level in levels else 0,
                                   format_func=lambda x: label[x][:1].upper() + label[x][1:], key="level")
    views = [v for v in VIEWS if v != "verandering"
             and (v not in RATING_VIEWS or (state.level == CUSTOM_LEVEL and regions.ratings is not None))]
    state.view = st.sidebar.radio("Weergave", views, index=views.index(state.view) if state.view in views else 0,
                                  format_func=VIEWS.get, key="view")
    if state.view in RATING_VIEWS:
        themes = list(RATING_THEMES)
        state.rating_thema = st.sidebar.selectbox("Venster: thema", themes, index=themes.index(state.rating_thema),
                                                  format_func=TAX["thema"].labels().get, key="rating_thema")
        aspects = [None, *ASPECTS]
        state.rating_aspect = st.sidebar.selectbox("Venster: aspect", aspects, index=aspects.index(state.rating_aspect),
                                                   format_func=lambda a: "alle aspecten (gemiddeld)" if a is None else ASPECTS[a],
                                                   key="rating_aspect")
        if state.view == "venster":
            raters = list(RATERS)
            state.rating_rater = st.sidebar.radio("Venster: beoordeeld door", raters, index=raters.index(state.rating_rater),
                                                  format_func=RATERS.get, key="rating_rater")
    state.markers = st.sidebar.toggle("Projecten als markers", value=state.markers, key="markers")
    outlines = st.sidebar.toggle("Grenzen zorgkantoorregio's (op gemeenteniveau)", value=True, key="outlines",
                                 disabled=state.level != "gemeente")
    state.basemap = st.sidebar.selectbox("Achtergrondkaart", list(BASEMAPS), index=list(BASEMAPS).index(state.basemap),
                                         format_func=BASEMAPS.get, key="basemap")
    return outlines


def rating_values(accepted: pd.DataFrame, state: ViewState) -> tuple[pd.Series, str]:
    """Values and a description for the Venster views."""
    aspect = ASPECTS[state.rating_aspect].lower() if state.rating_aspect else "alle aspecten"
    thema = TAX["thema"].labels()[state.rating_thema]
    if state.view == "venster":
        return scores(accepted, state.rating_thema, state.rating_aspect, state.rating_rater), \
            f"{thema}, {aspect}, door {RATERS[state.rating_rater].lower()}"
    return difference(accepted, state.rating_thema, state.rating_aspect), f"{thema}, {aspect}"


def show_ratings(regions: RegionContext, code: str, name: str) -> None:
    """The region's Venster scores next to the national averages."""
    table = region_scores(regions.ratings.accepted, code)
    st.markdown(f"**Venster op de samenwerking: {name}**" + (" (demonstratiecijfers)" if regions.demo_ratings else ""))
    if table.filter(like="(regio)").isna().all().all():
        st.info("Voor deze regio zijn geen Venstercijfers.")
    shown = table.reset_index()
    shown["thema"] = shown["thema"].map(TAX["thema"].labels())
    shown["aspect"] = shown["aspect"].map(ASPECTS)
    shown = shown.rename(columns=lambda c: c.replace("gemeente", "gemeenten").replace("verzekeraar", "verzekeraars"))
    st.dataframe(shown, hide_index=True, key="ratings_table")


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



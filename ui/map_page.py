"""The map page: filters, map levels and views, region profile, table alternative."""
from __future__ import annotations

import json

import pandas as pd
import streamlit as st

from analysis.filter import filter_projects
from analysis.profile import area_profile_compared
from analysis.points import project_points
from analysis.prepare import CUSTOM_LEVEL, LEVEL_LABELS, Prepared
from analysis.ratings import ASPECTS, RATERS, THEMES as RATING_THEMES, difference, region_scores, scores
from analysis.view import View, on_map
from analysis.years import not_drawn_note
from export.tables import area_table, projects_table, table_csv_bytes
from export.views import ExportSpec, export_html, export_image, export_projects, subtitle_of, title_of
from inventory.validate import ValidationResult
from layers.basemap import BASEMAPS
from layers.choropleth import CLASS_METHODS, RATING_VIEWS, VIEWS, stable_breaks
from layers.compose import MapSpec
from layers.filterdata import filter_table
from layers.live import LiveFilter, live_base, live_overlay
from layers.escape import md
from export.numbers import nl_int
from ui.common import TAX, cached_inhabitants, cached_summary, option_lists, prep_key, source_line
from ui.shared_cache import RESULTS
from ui.downloads import XLSX_MIME, file_stem, filter_labels, narrowing, sidecar, xlsx_with_notes
from ui.embed import embed_header, embed_panel, embed_table, iframe_code
from ui.filters import chip_filters
from ui.fragments import rerun_here
from ui.layout import lazy_expander
from ui.live_map import st_live_map
from ui.focus import focus_areas, focus_name, focus_picker, matrix_section, national_panel, profile_block, region_panel
from ui.presentation import presentation_chrome, region_steps
from ui.widget_values import WidgetValues
from ui.regions import RegionContext
from viewstate import FILTER_KEYS, LEVELS, ViewState, to_query

FILTER_LABELS = {"thema": "Thema", "fase": "Fase (intensiteit)", "instrument": "Instrument",
                 "niveau": "Geografisch niveau", "zorgverzekeraar": "Zorgverzekeraar", "jaar": "Inventarisatiejaar"}


def map_page(state: ViewState, key: str, result: ValidationResult, is_demo: bool, prep: Prepared,
             regions: RegionContext, sidebar=None) -> None:
    """Filters in the sidebar (``sidebar``: its sections, ``ui.layout.Sidebar``), the map, the selected area's profile
    and the table alternative."""
    projects = prep.projects  # the accepted projects on this year's map (analysis.years)
    pk = prep_key(prep)
    opts = RESULTS.get(("options", pk), lambda: option_lists(projects))
    has_ratings = regions.ratings is not None and state.level == CUSTOM_LEVEL
    if state.level not in prep.areas:
        state.level = "gemeente"
    if state.embed:
        selection, outlines = dict(state.filters), state.level == "gemeente"
        if state.view in RATING_VIEWS and not has_ratings:
            state.view = "count"
    else:  # what the sidebar's widgets hold in this run; they are drawn after the map (below)
        selection = sidebar_filters(projects, state, opts, WidgetValues())
        outlines = sidebar_map_controls(state, prep, regions, WidgetValues())
    state.filters = selection
    filtered = filter_projects(projects, selection)
    set_name = regions.region_set.name if regions.region_set is not None else ""
    if "_presentation" in st.session_state:
        state.presentation = st.session_state["_presentation"]
    header = st.container()  # title and region picker (or the presentation row): drawn after the map
    if not state.embed:
        focus_picker(state, prep, key, regions.key, set_name, where=WidgetValues(), search=False)  # its value only
    if state.focus and state.focus_level in prep.areas:
        state.level = "gemeente"  # a region in focus is drawn as its municipalities
    else:
        state.focus = None
    summary = cached_summary(key, regions.key, json.dumps(selection, sort_keys=True), state.level, prep, tuple(filtered["id"]))
    breaks = None
    if state.classes == "vast" and state.view == "count":
        breaks = stable_breaks(cached_summary(key, regions.key, "alle", state.level, prep, tuple(projects["id"]))["n_projecten"])
    view = View(filtered, summary, state.level)
    area_names = dict(zip(summary["code"], summary["naam"]))
    if state.area not in area_names:
        state.area = None

    if not state.embed:
        notes = st.container()  # drawn after the map: demo notice, counts, not drawn, area picker
        choices = [None, *sorted(area_names, key=area_names.get)]
        pending = st.session_state.pop("_pending_area", None)  # a map click of the previous run
        if pending in area_names:
            st.session_state["area_select"] = pending
        elif "area_select" not in st.session_state or st.session_state["area_select"] not in choices:
            st.session_state["area_select"] = state.area
        state.area = st.session_state["area_select"]  # what the picker (drawn after the map) returns
    else:
        embed_header(f"Samenwerkingskaart: {title_of(view, ExportSpec(view_kind=state.view))}",
                     subtitle_of(view, prep, selection, TAX), is_demo)

    spec = MapSpec(summary, state.view, LEVEL_LABELS[state.level],
                   outlines=prep.areas["zorgkantoorregio"] if outlines and state.level == "gemeente" else None,
                   points=project_points(filtered, prep.points) if state.markers else None,
                   selected=state.area, basemap=state.basemap, demo=is_demo, source=result.source,
                   breaks=breaks, class_method=CLASS_METHODS["vast" if breaks else "kwantielen"])
    if state.focus:
        spec.focus, spec.focus_codes, spec.labels = focus_areas(prep, state)
    zoom_to = state.focus_code if state.focus and state.focus_code[:2] in ("ZK", "PV") else state.area
    export = ExportSpec(view_kind=state.view, basemap=state.basemap, markers=state.markers, region=zoom_to,
                        source=result.source, demo=is_demo, classes=state.classes, breaks=breaks)  # the app's classes
    if state.view in RATING_VIEWS:
        values, label = rating_values(regions.ratings.accepted, state)
        source = f"Venstercijfers {regions.ratings.source}"
        spec.values, spec.value_label, spec.demo, spec.source = values, label, regions.demo_ratings, source
        export.values, export.value_label, export.demo, export.source = dict(values), label, regions.demo_ratings, source
    # the panel beside the map is always there (the map's iframe stays put when an area is chosen)
    staged = first_load(state)
    map_col, panel = st.columns([3, 2]) if not state.embed else (st.container(), None)
    # the base map is rendered once per base key; a filter change sends only the overlay, and the
    # browser keeps its map (the iframe's key is the base script)
    base_key = json.dumps([key, regions.key, state.level, state.basemap, spec.outlines is not None, is_demo, spec.source,
                           state.focus, hash(tuple(spec.points["id"])) if spec.points is not None and "id" in spec.points
                           else None])
    with map_col:
        out = st_live_map(base_key, lambda: live_base(spec, TAX, live_filter=None if state.embed else chip_recolour(prep, state.level, opts)),
                          live_overlay(spec, TAX, ready=staged), key=f"map_{state.level}",
                          height=560 if state.embed else (900 if state.presentation else 620))
    if not state.embed and staged:  # above the map, light: text now, the pickers' room kept (no jump later)
        with header:
            st.title("Samenwerkingskaart gemeenten en zorgverzekeraars")
            st.html('<div class="swk-room-focus" aria-hidden="true"></div>')  # the closed region expander
        with notes:
            page_notes(prep, state, projects, filtered, is_demo)
            st.html('<div class="swk-room-area" aria-hidden="true"></div>')  # the area picker
    elif not state.embed:
        expected = (selection, outlines, _controls(state))
        with header:
            area_where = page_header(state, prep, key, regions.key, set_name)
        with notes:
            page_notes(prep, state, projects, filtered, is_demo)
        (notes if area_where is st else area_where).selectbox(f"Kies een {LEVEL_LABELS[state.level]} (of klik op de kaart)", choices, key="area_select",
                             format_func=lambda c: "— geen —" if c is None else f"{area_names[c]} ({c})",
                             placeholder="— geen —")
    if staged:  # the sidebar, the panel and the rest follow when the map is painted (first_load)
        if sidebar is not None:  # a fragment rerun may only fill outside containers it wrote to in a full run
            sidebar.map.empty()
            sidebar.filters.caption("Filters worden geladen…")
        _rest_of_page()
        return
    st.session_state["_page_full"] = True
    if not state.embed:
        drawn = (sidebar_filters(projects, state, opts, sidebar.filters if sidebar else None),
                 sidebar_map_controls(state, prep, regions, sidebar.map if sidebar else None), _controls(state))
        if drawn != expected:  # a widget did not keep the value it was read with (e.g. its options changed)
            rerun_here()
    clicked = ((out or {}).get("last_active_drawing") or {}).get("properties", {}).get("code")
    if clicked and clicked != st.session_state.get("_last_click") and clicked in area_names:
        # the selectbox already exists in this run: hand the click to the next run, which sets it
        st.session_state["_last_click"] = st.session_state["_pending_area"] = clicked
        rerun_here()  # the map page only, not the whole app
    st.query_params.from_dict(to_query(state, opts))

    if panel is not None:
        with panel:
            if state.focus:
                region_panel(state, prep, filtered, selection, result.source, is_demo, breaks, set_name)
            elif state.area:
                show_profile(prep, filtered, state, area_names, selection)
            else:
                national_panel(filtered, selection, LEVEL_LABELS[state.level])
            if state.level == CUSTOM_LEVEL and regions.ratings is not None and state.area:
                show_ratings(regions, state.area, area_names[state.area])
    if state.focus:
        matrix_section(state, prep, filtered, selection, result.source, is_demo, breaks, set_name,
                       ratings=regions.ratings.accepted if regions.ratings is not None else None)
    if not state.embed:
        box, is_open = lazy_expander("Tabel bij de kaart (toegankelijk alternatief)", "open_table")
        if is_open:
            with box:
                table = area_table(summary, TAX)
                st.dataframe(table, hide_index=True, key="area_table")
                st.download_button("Tabel (CSV)", table_csv_bytes(table), f"{file_stem('samenwerkingskaart', state.level, state.view, filters=narrowing(selection, opts))}.csv",
                                   "text/csv")
        export_section(prep, view, state, selection, export)
        embed_panel(to_query(state, opts), title_of(view, export))
    st.caption(source_line(is_demo, result))
    if state.embed:
        embed_table(area_table(summary, TAX), title_of(view, ExportSpec(view_kind=state.view)))


def first_load(state: ViewState) -> bool:
    """Whether this is the visitor's first page load: then the run stops after the map and what
    is above it (title, region picker, counts, area picker; they do not move the map when the rest
    comes).

    The browser draws what arrives together in one go: sent with the map, the sidebar's chips, the
    panel beside the map and the rest held up its first polygon by ~0.5 s (bench/bench_browser.py).
    The map tells the app when its areas are painted (its value ``swk_ready``, layers/live.py),
    which reruns the page with everything. Should that signal not come, ``_rest_of_page`` asks for
    the rest after 3 s.
    """
    first = not st.session_state.get("_page_drawn")
    st.session_state["_page_drawn"] = True
    # a region in focus (an open expander) and presentation mode change the page above the map too much
    return first and not state.focus and not state.presentation


@st.fragment(run_every=3)
def _rest_of_page() -> None:
    """Fallback of ``first_load``: on its timed rerun, the whole page if the map has not asked for it."""
    if st.session_state.get("_rest_armed") and not st.session_state.get("_page_full"):
        st.rerun(scope="app")
    st.session_state["_rest_armed"] = True


def chip_recolour(prep: Prepared, level: str, opts: dict[str, list[str]]) -> LiveFilter | None:
    """The project table that lets the map recolour in the browser the moment a filter chip is
    clicked (``static/swk/livefilter.js``); the server's answer follows and sets the same colours."""
    table = filter_table(prep, prep.projects, level, TAX, dims=tuple(FILTER_KEYS))
    return None if table is None else LiveFilter(table, {k: list(opts[k]) for k in FILTER_KEYS})


def _controls(state: ViewState) -> tuple:
    """The part of the view state the page's widgets set (sidebar map controls, region picker)."""
    return (state.level, state.view, state.rating_thema, state.rating_aspect, state.rating_rater, state.classes,
            state.markers, state.basemap, state.focus)


def page_header(state: ViewState, prep: Prepared, key: str, set_key: str, set_name: str):
    """The title and the region picker, or in presentation mode the row of region steps; returns
    where the area picker goes (``st``, or a column of the presentation row)."""
    if state.presentation:
        presentation_chrome()
        c_prev, c_next, c_focus, area_where, c_close = st.columns([1, 1, 3, 3, 1], vertical_alignment="bottom")
        region_steps(state, prep, c_prev, c_next, c_close)
        focus_picker(state, prep, key, set_key, set_name, where=c_focus, search=False)
        return area_where
    st.title("Samenwerkingskaart gemeenten en zorgverzekeraars")
    # folded unless a region is in focus, so on a phone the map stays on the first screen
    with st.expander(f"Regio in beeld: {md(focus_name(prep, state, set_name))}" if state.focus
                     else "Regio in beeld: één regio met haar gemeenten, profiel en samenwerkingsmatrix",
                     expanded=bool(state.focus)):
        focus_picker(state, prep, key, set_key, set_name)
        if st.button("Presentatiemodus (projector, pijltjestoetsen wisselen de regio)", key="present_open"):
            st.session_state["_presentation"] = True
            st.rerun()
    return st


def page_notes(prep: Prepared, state: ViewState, projects: pd.DataFrame, filtered: pd.DataFrame, is_demo: bool) -> None:
    """Above the map: the demo notice, how many projects are selected, and what is not drawn."""
    if is_demo and state.presentation:
        st.caption("**Demonstratiedata** (synthetisch, geen echte projecten)")
    elif is_demo:
        st.info("**Demonstratiedata.** Synthetische projecten, geen echte: de AEF-inventarisatie (2017) is niet "
                "openbaar. Eigen inventaris laden: zie *Gegevens* in de zijbalk.", icon="ℹ️")
    shown = on_map(prep, filtered, state.level)  # what the map draws: titles count the same
    if not state.presentation:
        st.markdown(f"**{nl_int(len(shown))}** van {nl_int(prep.n_input or len(projects))} projecten geselecteerd · "
                    f"inventaris {prep.year} · {VIEWS[state.view].lower()} per {md(LEVEL_LABELS[state.level])}")
    show_not_drawn(prep, len(filtered) - len(shown), state.level)


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
    narrow = narrowing(selection, option_lists(prep.projects))
    flt = filter_labels(narrow, TAX)
    name = file_stem("samenwerkingskaart", state.level, state.view, filters=narrow)
    pname = file_stem("projecten", filters=narrow)
    src = "demonstratiedata (synthetisch)" if spec.demo else spec.source
    what = f"projecten, {subtitle_of(view, prep, selection, TAX)}"
    box, is_open = lazy_expander("Exporteren: kaart voor een website of dia, projectenlijst", "open_export")
    if not is_open:
        return
    with box:
        c1, c2, c3, c4 = st.columns(4)
        c1.download_button("Kaart (HTML, zelfstandig)", lambda: export_html(prep, view, spec, selection, TAX),
                           f"{name}.html", "text/html", on_click="ignore", key="export_html")
        c2.download_button("Dia (PNG 1920×1080)" + (" van het gekozen gebied" if state.area else ""),
                           lambda: export_image(prep, view, spec, selection, TAX), f"{name}.png", "image/png",
                           on_click="ignore", key="export_png")
        c3.download_button("Projecten (CSV)", lambda: table_csv_bytes(export_projects(view, TAX)), f"{pname}.csv",
                           "text/csv", on_click="ignore", key="export_csv")
        c3.download_button("Toelichting bij de CSV (TXT)", lambda: sidecar(export_projects(view, TAX), src, spec.demo, flt, what),
                           f"{pname}.txt", "text/plain", on_click="ignore", key="export_csv_txt")
        c4.download_button("Projecten (Excel)",
                           lambda: xlsx_with_notes(export_projects(view, TAX), "projecten", src, spec.demo, flt, what),
                           f"{pname}.xlsx", XLSX_MIME, on_click="ignore", key="export_xlsx")
        st.caption("De HTML-kaart laadt niets van andere servers (behalve de PDOK-achtergrond, als die aan staat) "
                   "en bevat een toegankelijke tabel. Insluiten op een website:")
        st.code(iframe_code(f"{name}.html", f"Samenwerkingskaart: {title_of(view, spec)}", 760), language="html")


def sidebar_filters(projects: pd.DataFrame, state: ViewState, opts: dict[str, list[str]], box=None) -> dict[str, list[str]]:
    """One group of toggle chips per dimension (``ui.filters``); nothing chosen means all."""
    box = box or st.sidebar
    box.markdown("**Filters**")
    return chip_filters(box, projects, state, opts, FILTER_LABELS)


def sidebar_map_controls(state: ViewState, prep: Prepared, regions: RegionContext, box=None) -> bool:
    """Level, view (Venster views on a region set with ratings), markers, basemap; returns whether
    to draw the zorgkantoorregio outlines."""
    box = box or st.sidebar
    box.markdown("**Kaart**")
    levels = [lv for lv in LEVELS if lv in prep.areas] + [lv for lv in prep.areas if lv not in LEVELS]
    set_name = regions.region_set.name if regions.region_set is not None else ""

    def label(level: str) -> str:  # LEVEL_LABELS falls back to the type's own name (a copy as a dict would not)
        text = set_name if level == CUSTOM_LEVEL else LEVEL_LABELS[level]
        return md(text[:1].upper() + text[1:])

    state.level = box.radio("Kaartniveau", levels, index=levels.index(state.level) if state.level in levels else 0,
                                   format_func=label, key="level")
    views = [v for v in VIEWS if v != "verandering"
             and (v not in RATING_VIEWS or (state.level == CUSTOM_LEVEL and regions.ratings is not None))]
    state.view = box.radio("Weergave", views, index=views.index(state.view) if state.view in views else 0,
                                  format_func=VIEWS.get, key="view")
    if state.view in RATING_VIEWS:
        themes = list(RATING_THEMES)
        state.rating_thema = box.selectbox("Venster: thema", themes, index=themes.index(state.rating_thema),
                                                  format_func=TAX["thema"].labels().get, key="rating_thema")
        aspects = [None, *ASPECTS]
        state.rating_aspect = box.selectbox("Venster: aspect", aspects, index=aspects.index(state.rating_aspect),
                                                   format_func=lambda a: "alle aspecten (gemiddeld)" if a is None else ASPECTS[a],
                                                   key="rating_aspect")
        if state.view == "venster":
            raters = list(RATERS)
            state.rating_rater = box.radio("Venster: beoordeeld door", raters, index=raters.index(state.rating_rater),
                                                  format_func=RATERS.get, key="rating_rater")
    if state.view == "count":
        schemes = list(CLASS_METHODS)
        state.classes = box.radio("Klassen", schemes, index=schemes.index(state.classes), key="classes",
                                         format_func={"vast": "Vast (gelijk bij elk filter)",
                                                      "kwantielen": "Kwantielen van wat getoond wordt"}.get,
                                         help="Vaste klassen: dezelfde kleur betekent op elke kaart en dia hetzelfde aantal.")
    if state.level in prep.region_levels:
        box.text(prep.region_levels[state.level])  # plain text: region names come from files
    for note in prep.notes:
        box.text(note)
    state.markers = box.toggle("Projecten als markers", value=state.markers, key="markers")
    outlines = box.toggle("Grenzen zorgkantoorregio's (op gemeenteniveau)", value=True, key="outlines",
                                 disabled=state.level != "gemeente")
    state.basemap = box.selectbox("Achtergrondkaart", list(BASEMAPS), index=list(BASEMAPS).index(state.basemap),
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
    st.markdown(f"**Venster op de samenwerking: {md(name)}**" + (" (demonstratiecijfers)" if regions.demo_ratings else ""))
    if table.filter(like="(regio)").isna().all().all():
        st.info("Voor deze regio zijn geen Venstercijfers.")
    shown = table.reset_index()
    shown["thema"] = shown["thema"].map(TAX["thema"].labels())
    shown["aspect"] = shown["aspect"].map(ASPECTS)
    shown = shown.rename(columns=lambda c: c.replace("gemeente", "gemeenten").replace("verzekeraar", "verzekeraars"))
    st.dataframe(shown, hide_index=True, key="ratings_table")


def show_profile(prep: Prepared, filtered: pd.DataFrame, state: ViewState, area_names: dict[str, str],
                 selection: dict) -> None:
    """The selected area's profile, compared with the country, and its projects."""
    inw, _ = cached_inhabitants(prep.year)
    prof = area_profile_compared(prep, filtered, state.level, state.area, selection, TAX["thema"].codes,
                                 TAX["fase"].codes, inw)
    profile_block(prof, st, selection, f"Profiel: {md(area_names[state.area])}")
    table = projects_table(prof.projects, TAX)
    table = table.drop(columns=[c for c in ("omschrijving", "url", "contact", "regio") if c in table])
    if "gedeeltelijk" in prof.projects and (prof.projects["gedeeltelijk"] != "").any():
        table["gedeeltelijk"] = prof.projects["gedeeltelijk"].to_numpy()  # only through part of a divided municipality
    st.dataframe(table, hide_index=True, key="profile_table")
    st.download_button("Projecten van dit gebied (CSV)", table_csv_bytes(table), f"projecten_{state.area}.csv", "text/csv",
                       key="profile_csv")

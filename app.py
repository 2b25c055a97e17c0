"""Samenwerkingskaart: Streamlit entry. Reads the URL, picks the inventory, hands over to a page."""
from __future__ import annotations

import streamlit as st

from geo.boundaries import BoundaryError
from layers.assets import AssetsMissing, check_assets
from ui.change_page import change_page
from ui.common import cached_prepare, demo_inventory, sidebar_inventory, url_options
from ui.gaps_page import gaps_page
from ui.map_page import map_page
from ui.regions import demo_regions, sidebar_regions
from ui.shared_cache import RUN_SLOTS
from viewstate import PAGES, from_query

st.set_page_config(page_title="Samenwerkingskaart", page_icon="🗺️", layout="wide")


def main() -> None:
    state = from_query(dict(st.query_params), url_options())
    # Streamlit keeps ?embed=true for itself (it hides its own chrome) and leaves it out of st.query_params.
    state.embed = state.embed or bool(st.context.is_embedded)
    try:
        check_assets()
    except AssetsMissing as exc:
        st.error(f"Kaartbibliotheek ontbreekt: {exc}")
        st.stop()
    if not state.embed:
        state.page = st.radio("Onderdeel", list(PAGES), index=list(PAGES).index(state.page), format_func=PAGES.get,
                              horizontal=True, key="page", label_visibility="collapsed")
    key, result, is_demo = (*demo_inventory(), True) if state.embed else sidebar_inventory()
    projects = result.accepted
    # the most frequent year (ties: the latest, since older rows translate forward); rows of other years
    # are translated or listed as not drawn by prepare()
    year = int(projects["jaar"].mode().iloc[-1]) if projects["jaar"].notna().any() else 2017
    regions = demo_regions(year) if state.embed else sidebar_regions(year)
    try:
        prep = cached_prepare(key, projects, year, regions.key,
                              regions.region_set.table if regions.region_set is not None else None)
    except BoundaryError as exc:
        st.error(str(exc))
        st.stop()
    if state.page == "vlekken" and not state.embed:
        gaps_page(state, key, result, is_demo, prep)
    elif state.page == "verandering" and not state.embed:
        change_page(state, key, result, is_demo)
    else:
        map_page(state, key, result, is_demo, prep, regions)


with RUN_SLOTS:  # runs take turns (ui/shared_cache.py): the first visitors see their map first
    main()

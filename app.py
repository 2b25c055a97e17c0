"""Samenwerkingskaart: Streamlit entry. Reads the URL, picks the inventory, hands over to a page."""
from __future__ import annotations

import streamlit as st

import datasets  # noqa: F401 (registers the dataset kinds with the store, in their order, before any page)
from geo.boundaries import BoundaryError, MissingBoundaries, require_boundaries
from layers.assets import AssetsMissing, check_assets
from layers.escape import md
from ui.beheer_page import beheer_page, login_box
from ui.change_page import change_page
from ui.dutch import dutch_page
from ui.common import cached_prepare, demo_inventory, sidebar_inventory, url_options
from ui.gaps_page import gaps_page
from ui.layout import sidebar_sections
from ui.fragments import map_fragment
from ui.regions import demo_regions, sidebar_regions
from ui.store_loader import published_regions, read_published
from ui.shared_cache import RUN_SLOTS
from viewstate import PAGES, from_query

st.set_page_config(page_title="Samenwerkingskaart", page_icon="🗺️", layout="wide")


def main() -> None:
    dutch_page()
    state = from_query(dict(st.query_params), url_options())
    # Streamlit keeps ?embed=true for itself (it hides its own chrome) and leaves it out of st.query_params.
    state.embed = state.embed or bool(st.context.is_embedded)
    try:
        check_assets()
    except AssetsMissing as exc:
        st.error(f"Kaartbibliotheek ontbreekt: {md(exc)}")
        st.stop()
    try:
        require_boundaries()
    except MissingBoundaries as exc:
        st.error(str(exc))  # our own text: directory, variable and fetch command
        st.stop()
    pages = dict(PAGES)
    if not state.embed and login_box():  # only an editor, logged in, gets the page Beheer
        pages["beheer"] = "Beheer"
    if not state.embed and not st.session_state.get("_presentation", state.presentation):
        state.page = st.radio("Onderdeel", list(pages), index=list(pages).index(state.page), format_func=pages.get,
                              horizontal=True, key="page", label_visibility="collapsed")
    if state.page == "beheer" and "beheer" in pages:
        beheer_page()
        return
    published = read_published(versie=state.version)  # the store; the demo only when nothing is published
    if published.message:
        st.warning(md(published.message))
    inv = published.inventory
    default = (inv.key, inv.result, False) if inv else (*demo_inventory(), True)
    sidebar = None if state.embed else sidebar_sections()
    key, result, is_demo = default if state.embed else sidebar_inventory(default, sidebar.data)
    projects = result.accepted
    # the most frequent year (ties: the latest, since older rows translate forward); rows of other years
    # are translated or listed as not drawn by prepare()
    year = int(projects["jaar"].mode().iloc[-1]) if projects["jaar"].notna().any() else 2017
    stored_regions = published_regions(published, year)
    regions = (stored_regions or demo_regions(year)) if state.embed else sidebar_regions(year, stored_regions, sidebar.data)
    try:
        prep = cached_prepare(key, projects, year, regions.key,
                              regions.region_set.table if regions.region_set is not None else None)
    except BoundaryError as exc:
        st.error(md(exc))
        st.stop()
    if state.page == "vlekken" and not state.embed:
        gaps_page(state, key, result, is_demo, prep, published.zorgkantoren)
    elif state.page == "verandering" and not state.embed:
        change_page(state, key, result, is_demo)
    else:
        map_fragment(state, key, result, is_demo, prep, regions, sidebar=sidebar)


with RUN_SLOTS:  # runs take turns (ui/shared_cache.py): the first visitors see their map first
    main()

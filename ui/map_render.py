"""st_folium in two halves: render a folium map once (cached for every session), emit it cheaply.

``st_folium(fig)`` renders the whole folium/branca tree (hundreds of Jinja templates compiled)
on every rerun of every session. ``render_args`` does that work once and returns the component's
arguments; ``show_map`` hands them to streamlit-folium's component, exactly as ``st_folium`` would
(streamlit-folium 0.27.4, pinned; ``tests/test_map_render.py`` checks the arguments match).
"""
from __future__ import annotations

from typing import Iterable

import branca
import folium
import streamlit as st
import streamlit_folium as stf


def _links(folium_map: folium.Map) -> tuple[list[str], list[str]]:
    """The CSS and JS links st_folium collects from the map's elements (deduplicated, in order)."""
    def walk(fig):
        if isinstance(fig, branca.colormap.ColorMap):
            yield fig
        if isinstance(fig, folium.elements.JSCSSMixin):
            yield fig
        if hasattr(fig, "_children"):
            for child in fig._children.values():
                yield from walk(child)

    css, js = [], []
    for elem in walk(folium_map):
        if isinstance(elem, branca.colormap.ColorMap):
            js.insert(0, "https://cdnjs.cloudflare.com/ajax/libs/d3/3.5.5/d3.min.js")
            js.insert(0, "https://d3js.org/d3.v4.min.js")
        css.extend(href for _, href in getattr(elem, "default_css", []))
        js.extend(src for _, src in getattr(elem, "default_js", []))
    return list(dict.fromkeys(css)), list(dict.fromkeys(js))


def render_args(folium_map: folium.Map, returned_objects: Iterable[str] | None) -> dict:
    """Everything st_folium sends to the browser for ``folium_map``, computed once."""
    folium_map.get_root().render()
    folium_map.render()
    html = stf._get_html(folium_map)
    header = stf._get_header(folium_map)
    leaflet = stf._get_map_string(folium_map)
    try:
        (s, w), (n, e) = folium_map.get_bounds()
    except AttributeError:
        (s, w), (n, e) = [None, None], [None, None]
    defaults = {
        "last_clicked": None, "last_object_clicked": None, "last_object_clicked_count": None,
        "last_object_clicked_tooltip": None, "last_object_clicked_popup": None, "all_drawings": None,
        "last_active_drawing": None,
        "bounds": {"_southWest": {"lat": s, "lng": w}, "_northEast": {"lat": n, "lng": e}},
        "zoom": folium_map.options.get("zoom") if hasattr(folium_map, "options") else {},
        "last_circle_radius": None, "last_circle_polygon": None, "selected_layers": None, "selected_tags": None,
        "last_geocoder_result": None,
    }
    returned = list(returned_objects) if returned_objects is not None else None
    css, js = _links(folium_map)
    return dict(script=leaflet, header=header, html=html, id=stf.get_full_id(folium_map),
                default={k: v for k, v in defaults.items() if returned is None or k in returned},
                returned_objects=returned, css_links=css, js_links=js)


def show_map(args: dict, key: str, height: int) -> dict | None:
    """The map component with pre-rendered ``args`` (full container width); returns what st_folium returns."""
    hash_key = stf.generate_js_hash(args["script"], key, False)

    def _on_change():
        st.session_state[key] = st.session_state.get(hash_key, {})

    return stf._component_func(
        script=args["script"], header=args["header"], html=args["html"], id=args["id"], key=hash_key,
        height=height, width=None, returned_objects=args["returned_objects"], default=args["default"],
        zoom=None, center=None, feature_group=None, return_on_hover=False, layer_control=None, pixelated=False,
        css_links=args["css_links"], js_links=args["js_links"], on_change=_on_change, wrap_longitude=False,
    )

"""st_folium with the base map rendered once per view and only the overlay rendered per run.

streamlit-folium renders the whole folium figure on every call (branca compiles a Jinja template
per element: ~0.3-0.7 s for the municipality map here), although with ``feature_group_to_add``
the browser only uses the new overlay. This calls the same component (streamlit-folium 0.27.4,
pinned) with the base map's strings cached per base key, and renders only the overlay. The
arguments are the ones ``st_folium`` passes, so the browser side, the returned value and the
session-state key (the click on an area) behave as with ``st_folium(base, feature_group_to_add=...)``.
"""
from __future__ import annotations

import folium
import streamlit as st
import streamlit_folium as sf

from layers.basemap import base_map

RETURNED = ["last_active_drawing"]


def _links(m: folium.Map) -> tuple[list[str], list[str]]:
    """CSS and JS links of the map and its elements, in order, once each (as st_folium collects them)."""
    css, js = [], []

    def walk(el):
        css.extend(href for _, href in getattr(el, "default_css", []))
        js.extend(src for _, src in getattr(el, "default_js", []))
        for child in getattr(el, "_children", {}).values():
            walk(child)

    walk(m)
    return list(dict.fromkeys(css)), list(dict.fromkeys(js))


@st.cache_data(max_entries=32, show_spinner=False)
def _rendered_base(base_key: str, _build) -> dict:
    """The strings st_folium would send for the base map; ``base_key`` names everything the base depends on."""
    m = _build()
    m.get_root().render()
    m.render()
    html, header = sf._get_html(m), sf._get_header(m)
    script = sf._get_map_string(m)
    css, js = _links(m)
    return {"script": script, "header": header, "html": html, "id": sf.get_full_id(m), "css": css, "js": js}


def _overlay_string(overlay: folium.FeatureGroup) -> str:
    host = base_map("geen")  # a light map to hang the overlay on; its name becomes map_div like the base's
    return sf._get_feature_group_string(overlay, map=host, idx=0)


def st_live_map(base_key: str, build_base, overlay: folium.FeatureGroup, key: str, height: int) -> dict | None:
    """Show the cached base map (built by ``build_base()`` on a miss) with ``overlay``; returns the
    component's value (``last_active_drawing``), like ``st_folium(..., returned_objects=RETURNED)``."""
    base = _rendered_base(base_key, build_base)
    hash_key = sf.generate_js_hash(base["script"], key, False)

    def on_change():
        st.session_state[key] = st.session_state.get(hash_key, {})

    return sf._component_func(
        script=base["script"], header=base["header"], html=base["html"], id=base["id"], key=hash_key,
        height=height, width=None, returned_objects=RETURNED, default={k: None for k in RETURNED},
        zoom=None, center=None, feature_group=_overlay_string(overlay), return_on_hover=False,
        layer_control=None, pixelated=False, css_links=base["css"], js_links=base["js"],
        on_change=on_change, wrap_longitude=False,
    )

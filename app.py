"""Samenwerkingskaart: Streamlit entry. Reads widgets, calls the library, shows the result."""
from __future__ import annotations

import folium
import streamlit as st
from streamlit_folium import st_folium

from geo.boundaries import BoundaryError, load_boundaries
from layers.basemap import base_map
from layers.geojson import compact_geojson

st.set_page_config(page_title="Samenwerkingskaart", layout="wide")


@st.cache_data(show_spinner=False)
def cached_gemeenten(year: int) -> dict:
    return compact_geojson(load_boundaries("gemeente", year), ["code", "naam"])


st.title("Samenwerkingskaart")
try:
    data = cached_gemeenten(2017)
except BoundaryError as exc:
    st.error(str(exc))
    st.stop()
m = base_map()
folium.GeoJson(data, name="Gemeenten", style_function=lambda f: {"color": "#555", "weight": 1, "fillOpacity": 0.1}).add_to(m)
st_folium(m, height=600, use_container_width=True, returned_objects=[])
st.caption("Kaart: CBS/Kadaster, CC-BY 4.0")

"""The base map: PDOK BRT-Achtergrondkaart tiles (or none), Leaflet served locally."""
from __future__ import annotations

import folium

from layers.assets import LEAFLET_CSS, LEAFLET_JS, AssetBase, local_assets

PDOK_URL = "https://service.pdok.nl/brt/achtergrondkaart/wmts/v2_0/{theme}/EPSG:3857/{{z}}/{{x}}/{{y}}.png"
PDOK_ATTRIBUTION = 'Kaartgegevens &copy; <a href="https://www.kadaster.nl">Kadaster</a>'
BASEMAPS = {"grijs": "PDOK grijs", "standaard": "PDOK standaard", "pastel": "PDOK pastel", "geen": "Geen achtergrond"}
NL_BOUNDS = [[50.75, 3.2], [53.7, 7.25]]
MAX_ZOOM = 14  # boundaries are generalised to ~100 m; deeper zoom shows nothing more


def base_map(basemap: str = "grijs", assets: AssetBase = AssetBase(), bounds=None) -> folium.Map:
    """A folium Map fitted to ``bounds`` (default: the Netherlands) with only local Leaflet assets.

    ``basemap`` is a PDOK theme (grijs, standaard, pastel) or ``geen`` for no tiles.
    """
    if basemap not in BASEMAPS:
        raise ValueError(f"Unknown basemap {basemap!r}; choose from {', '.join(BASEMAPS)}")
    m = folium.Map(
        location=[52.2, 5.3],
        zoom_start=7,
        tiles=None,
        min_zoom=6,
        max_zoom=MAX_ZOOM,  # explicit: MarkerCluster needs maxZoom when tiles=None
        control_scale=True,
        prefer_canvas=False,
        zoom_control=True,
        zoom_snap=0.25,  # fit the country snugly instead of jumping whole zoom levels
    )
    local_assets(m, LEAFLET_JS, LEAFLET_CSS, assets)
    if basemap != "geen":
        folium.TileLayer(
            tiles=PDOK_URL.format(theme=basemap),
            attr=PDOK_ATTRIBUTION,
            name=BASEMAPS[basemap],
            max_zoom=MAX_ZOOM,
            control=False,
        ).add_to(m)
    m.fit_bounds(bounds or NL_BOUNDS)
    return m

"""The base map: PDOK BRT-Achtergrondkaart tiles (or none), Leaflet served locally."""
from __future__ import annotations

import folium
from branca.element import MacroElement, Template

from layers.afterpaint import after_paint
from layers.assets import LEAFLET_CSS, LEAFLET_JS, AssetBase, local_assets
from layers.escape import script_json
from layers.gestures import GestureHandling
from layers.mapcontrols import DutchControls

PDOK_URL = "https://service.pdok.nl/brt/achtergrondkaart/wmts/v2_0/{theme}/EPSG:3857/{{z}}/{{x}}/{{y}}.png"
PDOK_ATTRIBUTION = 'Kaartgegevens &copy; <a href="https://www.kadaster.nl">Kadaster</a>'
BASEMAPS = {"grijs": "PDOK grijs", "standaard": "PDOK standaard", "pastel": "PDOK pastel", "geen": "Geen achtergrond"}
NL_BOUNDS = [[50.75, 3.2], [53.7, 7.25]]
MAX_ZOOM = 14  # boundaries are generalised to ~100 m; deeper zoom shows nothing more


class MapFocus(MacroElement):
    """Keyboard focus on the map without side effects.

    Map features stay out of the Tab order: the map container stays focusable (arrow keys pan,
    +/- zoom), but a keyboard user is not walked through hundreds of polygons before reaching the
    page after the map (the table alternative). Leaflet/Chrome make every path with a tooltip a
    tab stop otherwise.

    A mouse press focuses neither a path nor the map in a way that scrolls the page: Chrome
    scrolls the page to whatever gets focus, and when the map's bottom was below the window the
    page moved between press and release, another area slid under the pointer and the click
    reached neither (the first click on an area opened no profile). Leaflet's own focus-on-press
    is replaced by the same focus without scrolling, so the arrow keys work after a click as before.
    """

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function(map) {
          var box = map.getContainer(), kb = map.keyboard;
          map.on('layeradd', function(e) {
            var el = e.layer.getElement ? e.layer.getElement() : null;
            if (el) { el.setAttribute('tabindex', '-1'); }
          });
          box.addEventListener('mousedown', function(e) {
            if (e.target instanceof SVGElement) { e.preventDefault(); }  // no focus on the path
          }, true);
          if (kb && kb._onMouseDown) {
            L.DomEvent.off(box, 'mousedown', kb._onMouseDown, kb);
            box.addEventListener('mousedown', function() {
              if (!kb._focused) { box.focus({preventScroll: true}); }
            });
          }
        })({{ this._parent.get_name() }});
        {% endmacro %}
    """)


class BasemapTiles(MacroElement):
    """The PDOK tile layer (not in a layer control; the app chooses the basemap in its sidebar)."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        {{ this.before }}L.tileLayer({{ this.url }}, {{ this.options }}).addTo({{ this._parent.get_name() }});{{ this.after }}
        {% endmacro %}
    """)

    def __init__(self, url: str, defer: bool = False):
        super().__init__()
        self._name = "BasemapTiles"
        self.before, self.after = after_paint(defer)
        self.url = script_json(url)
        self.options = script_json({"attribution": PDOK_ATTRIBUTION, "maxZoom": MAX_ZOOM, "minZoom": 0})


def base_map(basemap: str = "grijs", assets: AssetBase = AssetBase(), bounds=None, defer_tiles: bool = False) -> folium.Map:
    """A folium Map fitted to ``bounds`` (default: the Netherlands) with only local Leaflet assets.

    ``basemap`` is a PDOK theme (grijs, standaard, pastel) or ``geen`` for no tiles; ``defer_tiles``:
    the tiles are asked for after the map's areas are painted (``layers.afterpaint``).
    """
    if basemap not in BASEMAPS:
        raise ValueError(f"Unknown basemap {basemap!r}; choose from {', '.join(BASEMAPS)}")
    m = folium.Map(
        location=[52.2, 5.3],
        zoom_start=7,
        tiles=None,
        min_zoom=6,
        max_zoom=MAX_ZOOM,  # explicit: MarkerCluster needs maxZoom when tiles=None
        control_scale=False,  # DutchControls adds a metric-only one
        prefer_canvas=False,
        zoom_control=False,  # DutchControls adds one with Dutch titles
        scroll_wheel_zoom=False,  # GestureHandling: Ctrl/⌘ + wheel only
        zoom_snap=0.25,  # fit the country snugly instead of jumping whole zoom levels
    )
    # folium gives min/max zoom only to its own tile layer; the map itself needs them too, or
    # MarkerCluster fails with "Map has no maxZoom specified" when there are no tiles
    m.options.update(min_zoom=6, max_zoom=MAX_ZOOM)
    local_assets(m, LEAFLET_JS, LEAFLET_CSS, assets)
    m.add_child(MapFocus())
    m.add_child(DutchControls())
    m.add_child(GestureHandling())
    if basemap != "geen":
        m.add_child(BasemapTiles(PDOK_URL.format(theme=basemap), defer=defer_tiles))
    m.fit_bounds(bounds or NL_BOUNDS)
    return m

"""Region outlines with their names, on top of any view."""
from __future__ import annotations

import folium
import geopandas as gpd
from branca.element import MacroElement, Template

from geo.crs import RD_NEW, WGS84
from layers.afterpaint import after_paint
from layers.areas import AreaLayer
from layers.escape import esc, script_json


def outline_layer(regions: gpd.GeoDataFrame, name: str = "Zorgkantoorregio's", labels: bool = True,
                  style: dict | None = None, defer: bool = False) -> folium.FeatureGroup:
    """Outlines (not clickable) and, when ``labels``, a name at a point inside each region; with
    ``defer`` both are drawn after the map's first paint (``layers.afterpaint``)."""
    group = folium.FeatureGroup(name=name, control=True)
    group.add_child(AreaLayer(regions, name, filled=False, style=style, defer=defer))
    if labels:
        group.add_child(NameLabels(regions, defer=defer))
    return group


def label_layer(areas: gpd.GeoDataFrame, name: str = "Namen", css_class: str = "swk-region-label swk-area-label",
                defer: bool = False) -> folium.FeatureGroup:
    """Names written at a point inside each area (escaped), not clickable."""
    group = folium.FeatureGroup(name=name, control=False)
    group.add_child(NameLabels(areas, css_class, defer=defer))
    return group


class NameLabels(MacroElement):
    """One name per area at a point inside it: not clickable, no tab stop. The names are escaped in
    Python and sent as data (``labels``: [lat, lon, name]); the browser makes the markers."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        {{ this.before }}(function(group) {
          var d = {{ this.payload }};
          d.labels.forEach(function(p) {
            L.marker([p[0], p[1]], {interactive: false, keyboard: false,
              icon: L.divIcon({html: '<div class="' + d.css + '">' + p[2] + '</div>', iconSize: [0, 0], className: 'swk-label-icon'})
            }).addTo(group);
          });
        })({{ this._parent.get_name() }});{{ this.after }}
        {% endmacro %}
    """)

    def __init__(self, areas: gpd.GeoDataFrame, css_class: str = "swk-region-label", defer: bool = False):
        super().__init__()
        self._name = "NameLabels"
        self.before, self.after = after_paint(defer)
        points = areas.to_crs(RD_NEW).representative_point().to_crs(WGS84)
        self.payload = script_json({"css": esc(css_class), "labels": [[round(pt.y, 5), round(pt.x, 5), esc(naam)]
                                                                     for naam, pt in zip(areas["naam"], points)]})


LABEL_CSS = """<style>.swk-region-label{transform:translate(-50%,-50%);white-space:nowrap;font:600 11px system-ui,sans-serif;
color:#111;text-shadow:0 0 3px #fff,0 0 3px #fff,0 0 3px #fff;pointer-events:none}
.swk-far .swk-region-label{font-size:8px;font-weight:500}
.swk-area-label{font-size:12px;font-weight:600}</style>"""


class LabelScale(MacroElement):
    """Shrinks region labels when the whole country is in view, so 31 names stay readable."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function(map) {
          function scale() { map.getContainer().classList.toggle('swk-far', map.getZoom() < 8); }
          map.on('zoomend', scale); scale();
        })({{ this._parent.get_name() }});
        {% endmacro %}
    """)

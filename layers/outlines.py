"""Region outlines with their names, on top of any view."""
from __future__ import annotations

import folium
import geopandas as gpd
from branca.element import MacroElement, Template

from geo.crs import RD_NEW, WGS84
from layers.escape import esc
from layers.areas import AreaLayer


def outline_layer(regions: gpd.GeoDataFrame, name: str = "Zorgkantoorregio's", labels: bool = True,
                  style: dict | None = None) -> folium.FeatureGroup:
    """Outlines (not clickable) and, when ``labels``, a name at a point inside each region."""
    group = folium.FeatureGroup(name=name, control=True)
    group.add_child(AreaLayer(regions, name, filled=False, style=style))
    if labels:
        _add_labels(group, regions)
    return group


def label_layer(areas: gpd.GeoDataFrame, name: str = "Namen", css_class: str = "swk-region-label swk-area-label") -> folium.FeatureGroup:
    """Names written at a point inside each area (escaped), not clickable."""
    group = folium.FeatureGroup(name=name, control=False)
    _add_labels(group, areas, css_class)
    return group


def _add_labels(group: folium.FeatureGroup, areas: gpd.GeoDataFrame, css_class: str = "swk-region-label") -> None:
    points = areas.to_crs(RD_NEW).representative_point().to_crs(WGS84)
    for naam, pt in zip(areas["naam"], points):
        folium.Marker(
            [pt.y, pt.x],
            icon=folium.DivIcon(html=f'<div class="{css_class}">{esc(naam)}</div>', icon_size=(0, 0)),
            interactive=False,
        ).add_to(group)


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

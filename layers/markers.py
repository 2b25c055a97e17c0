"""Projects as clustered markers at a point inside their municipality, or at their own lat/lon.

One element carries all markers as JSON and builds them in the browser: thousands of folium
Marker/Popup objects would be slow to render, and folium's Popup needs jQuery, which this
project does not load.
"""
from __future__ import annotations

import json

import pandas as pd
from branca.element import MacroElement, Template
from folium.elements import JSCSSMixin

from layers.assets import CLUSTER_CSS, CLUSTER_JS, AssetBase
from layers.escape import esc

POPUP_FIELDS = [("thema", "Thema"), ("fase", "Fase"), ("instrument", "Instrument"), ("niveau", "Niveau"),
                ("zorgverzekeraars", "Zorgverzekeraar"), ("gemeente_namen", "Gemeenten")]


def popup_html(project: dict, labels: dict[str, dict[str, str]]) -> str:
    """The popup of one project; every value escaped once, here."""
    rows = []
    for field, title in POPUP_FIELDS:
        value = project.get(field, "") or ""
        if field in labels:
            value = labels[field].get(value, value)
        if field == "gemeente_namen":
            names = str(value).split(";")
            value = ", ".join(names[:8]) + (f" en {len(names) - 8} meer" if len(names) > 8 else "")
        rows.append(f"<tr><th scope='row'>{esc(title)}</th><td>{esc(value)}</td></tr>")
    return f"<div class='swk-popup'><strong>{esc(project.get('naam', ''))}</strong><table>{''.join(rows)}</table></div>"


def _script_json(data) -> str:
    """JSON safe inside a <script> element (no '</script>' or '<!--' can close it)."""
    return json.dumps(data, ensure_ascii=True, separators=(",", ":")).replace("<", "\\u003c").replace(">", "\\u003e")


class ProjectMarkers(JSCSSMixin, MacroElement):
    """A Leaflet.markercluster group of project markers with popups and tooltips.

    Parameters: ``points`` (frame with ``marker_lat``, ``marker_lon``, ``naam`` and the popup
    fields), ``labels`` (field -> code -> Dutch label), ``assets`` (where the plugin files are).
    """

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function() {
          var cluster = L.markerClusterGroup({maxClusterRadius: 50, chunkedLoading: true});
          var rows = {{ this.data }};
          for (var i = 0; i < rows.length; i++) {
            var r = rows[i];
            L.marker([r[0], r[1]], {title: r[2], alt: r[2]}).bindPopup(r[3], {maxWidth: 320})
              .bindTooltip(r[4]).addTo(cluster);
          }
          cluster.addTo({{ this._parent.get_name() }});
        })();
        {% endmacro %}
    """)

    def __init__(self, points: pd.DataFrame, labels: dict[str, dict[str, str]], assets: AssetBase = AssetBase()):
        super().__init__()
        self._name = "ProjectMarkers"
        self.default_js = assets.links(CLUSTER_JS)
        self.default_css = assets.links(CLUSTER_CSS)
        rows = [
            [round(float(r["marker_lat"]), 5), round(float(r["marker_lon"]), 5), str(r["naam"]), popup_html(r, labels), esc(r["naam"])]
            for r in points.to_dict("records")
        ]
        self.data = _script_json(rows)
        self.count = len(rows)

"""Projects as clustered circle markers (coloured by thema) at a point inside their municipality,
or at their own lat/lon.

One element carries all markers as compact JSON and builds them in the browser: thousands of
folium Marker/Popup objects would be slow to render, folium's Popup needs jQuery (not loaded
here), and circle markers need no image files, so a standalone export stays self-contained.
Every text is escaped in Python (``esc``) before it is put in the JSON; the browser only joins
escaped pieces with fixed markup.
"""
from __future__ import annotations

import pandas as pd
from branca.element import MacroElement, Template
from folium.elements import JSCSSMixin

from layers.assets import CLUSTER_CSS, CLUSTER_JS, AssetBase
from layers.escape import esc, script_json

POPUP_FIELDS = [("thema", "Thema"), ("fase", "Fase"), ("instrument", "Instrument"), ("niveau", "Niveau")]
MAX_NAMES = 8


def popup_html(project: dict, labels: dict[str, dict[str, str]]) -> str:
    """The popup of one project as the browser builds it (used by tests and as the reference)."""
    rows = [(title, labels.get(f, {}).get(project.get(f, ""), project.get(f, ""))) for f, title in POPUP_FIELDS]
    rows.append(("Zorgverzekeraar", project.get("zorgverzekeraars", "")))
    names = [n for n in str(project.get("gemeente_namen", "") or "").split(";") if n]
    more = f" en {len(names) - MAX_NAMES} meer" if len(names) > MAX_NAMES else ""
    rows.append(("Gemeenten", ", ".join(names[:MAX_NAMES]) + more))
    body = "".join(f"<tr><th scope='row'>{esc(t)}</th><td>{esc(v)}</td></tr>" for t, v in rows)
    return f"<div class='swk-popup'><strong>{esc(project.get('naam', ''))}</strong><table>{body}</table></div>"


def marker_payload(points: pd.DataFrame, labels: dict[str, dict[str, str]], colours: dict[str, str]) -> dict:
    """Compact, pre-escaped data: lookup tables once, then one short array per project."""
    lookups = {f: list(labels.get(f, {})) for f, _ in POPUP_FIELDS}
    index = {f: {c: i for i, c in enumerate(codes)} for f, codes in lookups.items()}
    names: dict[str, int] = {}
    rows = []
    for r in points.to_dict("records"):
        gem = [n for n in str(r.get("gemeente_namen", "") or "").split(";") if n]
        rows.append([
            round(float(r["marker_lat"]), 5), round(float(r["marker_lon"]), 5), esc(r.get("naam", "")),
            *[index[f].get(r.get(f, ""), -1) for f, _ in POPUP_FIELDS],
            esc(r.get("zorgverzekeraars", "") or ""),
            [names.setdefault(n, len(names)) for n in gem[:MAX_NAMES]], max(0, len(gem) - MAX_NAMES),
        ])
    return {
        "fields": [esc(t) for _, t in POPUP_FIELDS] + [esc("Zorgverzekeraar"), esc("Gemeenten")],
        "labels": [[esc(labels[f][c]) for c in lookups[f]] for f, _ in POPUP_FIELDS],
        "colours": [colours.get(c, "#555") for c in lookups["thema"]],
        "names": [esc(n) for n in names],
        "rows": rows,
    }


class ProjectMarkers(JSCSSMixin, MacroElement):
    """A Leaflet.markercluster group of project circle markers with popups and tooltips.

    Parameters: ``points`` (frame with ``marker_lat``, ``marker_lon``, ``naam`` and the popup
    fields), ``labels`` (field -> code -> Dutch label), ``colours`` (thema code -> colour),
    ``assets`` (where the plugin files are).
    """

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function(map) {
          var d = {{ this.data }};
          var cluster = L.markerClusterGroup({maxClusterRadius: 45, chunkedLoading: true});
          function popup(r) {
            var cells = [];
            for (var f = 0; f < 4; f++) { cells.push([d.fields[f], r[3 + f] >= 0 ? d.labels[f][r[3 + f]] : '']); }
            cells.push([d.fields[4], r[7]]);
            var names = r[8].map(function(i) { return d.names[i]; }).join(', ') + (r[9] ? ' en ' + r[9] + ' meer' : '');
            cells.push([d.fields[5], names]);
            return "<div class='swk-popup'><strong>" + r[2] + "</strong><table>" + cells.map(function(c) {
              return "<tr><th scope='row'>" + c[0] + "</th><td>" + c[1] + "</td></tr>"; }).join('') + "</table></div>";
          }
          d.rows.forEach(function(r) {
            var colour = r[3] >= 0 ? d.colours[r[3]] : '#555';
            L.circleMarker([r[0], r[1]], {radius: 7, color: '#222', weight: 1, fillColor: colour, fillOpacity: 0.95,
                                          className: 'swk-project'})
              .bindPopup(function() { return popup(r); }, {maxWidth: 320})
              .bindTooltip(r[2]).addTo(cluster);
          });
          cluster.addTo(map);
        })({{ this._parent.get_name() }});
        {% endmacro %}
    """)

    def __init__(self, points: pd.DataFrame, labels: dict[str, dict[str, str]], colours: dict[str, str],
                 assets: AssetBase = AssetBase()):
        super().__init__()
        self._name = "ProjectMarkers"
        self.default_js = assets.links(CLUSTER_JS)
        self.default_css = assets.links(CLUSTER_CSS)
        self.data = script_json(marker_payload(points, labels, colours))
        self.count = len(points)

"""Polygons sent to the browser compactly: coordinates as integer deltas on the data's own grid.

The boundary files are quantised to 0.001 degree, so each vertex is an integer on a grid of
1/1000 degree; a ring is sent as its first vertex and then the small steps between vertices
(TopoJSON's idea, without its arcs), which is about a third of the size of GeoJSON. The browser
rebuilds GeoJSON and hands it to ``L.geoJSON``, so streamlit-folium still reports clicked
features with their properties. Every text property is escaped in Python before it is sent.
"""
from __future__ import annotations

import geopandas as gpd
import numpy as np
import shapely
from branca.element import MacroElement, Template

from layers.afterpaint import after_paint
from layers.escape import esc, script_json
from layers.hatch import PATTERN_JS

SCALE = 1000  # grid steps per degree: the precision of the boundary files


def _ring(coords: np.ndarray) -> list[int]:
    q = np.round(np.asarray(coords)[:, :2] * SCALE).astype(np.int64)
    steps = np.diff(q, axis=0)
    keep = np.any(steps != 0, axis=1)  # vertices that rounding made identical are dropped
    return [int(v) for v in np.concatenate([q[:1], steps[keep]]).ravel()]


def encode_geometry(geom) -> list[list[list[int]]]:
    """Polygon/MultiPolygon -> polygons -> rings -> flat [x0, y0, dx, dy, ...] in 1/1000 degree."""
    polys = geom.geoms if geom.geom_type == "MultiPolygon" else [geom]
    return [[_ring(p.exterior.coords), *[_ring(r.coords) for r in p.interiors]] for p in polys]


def encode_frame(gdf: gpd.GeoDataFrame) -> list:
    if gdf.crs is not None and gdf.crs.to_epsg() != 4326:
        gdf = gdf.to_crs(4326)
    return [encode_geometry(g) for g in shapely.make_valid(gdf.geometry.values)]


class AreaLayer(MacroElement):
    """Filled or outlined polygons with an escaped tooltip, hover highlight and a selected outline.

    Parameters: ``gdf`` (``code``, ``naam``, ``geometry`` and, for filled layers, ``fill`` and
    ``waarde``; optional ``faded``: drawn pale, outside a focused region), ``name`` (layer name),
    ``selected`` (code drawn with a heavy outline),
    ``filled`` (False: outlines only, not clickable), ``style`` (Leaflet path options), ``defer``
    (drawn after the map's first paint, ``layers.afterpaint``). A ``fill`` of ``NO_PROJECTS`` is the
    "geen projecten" hatch, defined in the page by the filled layer.
    """

    _template = Template("""
        {% macro script(this, kwargs) %}
        {{ this.before }}{{ this.pattern }}(function(map) {
          var d = {{ this.payload }};
          function ring(a) {
            var x = a[0], y = a[1], out = [[x / 1000, y / 1000]];
            for (var i = 2; i < a.length; i += 2) { x += a[i]; y += a[i + 1]; out.push([x / 1000, y / 1000]); }
            out.push(out[0]);
            return out;
          }
          var features = d.geoms.map(function(polys, i) {
            var p = d.props[i];
            return {type: 'Feature', properties: {code: p[0], naam: p[1], waarde: p[2], fill: p[3], faded: p[4] === 1},
                    geometry: {type: 'MultiPolygon', coordinates: polys.map(function(rs) { return rs.map(ring); })}};
          });
          var base = d.style;
          function styleOf(f) {
            var s = Object.assign({}, base, {fillColor: f.properties.fill || base.fillColor});
            // outside a focused region: faded, so the region stands out but its neighbours stay readable
            return f.properties.faded ? Object.assign(s, {fillOpacity: 0.22, color: '#aaa', weight: 0.4}) : s;
          }
          var host = map._map || map, hover = null;
          function showHover(f) {
            if (hover) { hover.remove(); hover = null; }
            if (!f) { return; }
            if (!host.getPane('swkHover')) { var pane = host.createPane('swkHover'); pane.style.zIndex = 440; pane.style.pointerEvents = 'none'; }
            hover = L.geoJSON(f, {pane: 'swkHover', interactive: false,
                                  style: {fill: false, color: '#000', weight: 2.5, opacity: 1}}).addTo(host);
          }
          var layer = L.geoJSON({type: 'FeatureCollection', features: features}, {
            style: styleOf, interactive: d.interactive,
            onEachFeature: function(f, l) {
              if (!d.interactive) { return; }
              l.bindTooltip('<strong>' + f.properties.naam + '</strong><br>' + f.properties.waarde, {sticky: true});
              // the hover outline is a copy on a pane above the areas: moving the hovered path itself to the
              // front (bringToFront) re-inserts it under the pointer, and Chrome then sends the first click to
              // the SVG group instead of the area, so no profile opened
              l.on('mouseover', function(e) { showHover(f); });
              l.on('mouseout', function() { showHover(null); });
            }
          });
          layer.addTo(map);
          var chosen = features.filter(function(f) { return d.selected !== null && f.properties.code === d.selected; });
          if (chosen.length) {
            // the selected area on a pane of its own, above outlines and labels' neighbours, so it always shows
            if (!host.getPane('swkSelected')) { var pane = host.createPane('swkSelected'); pane.style.zIndex = 450; pane.style.pointerEvents = 'none'; }
            L.geoJSON(chosen[0], {pane: 'swkSelected', interactive: false,
                                 style: {fill: false, color: '#e8006f', weight: 4, opacity: 1}}).addTo(map);
          }
        })({{ this._parent.get_name() }});{{ this.after }}
        {% endmacro %}
    """)

    def __init__(self, gdf: gpd.GeoDataFrame, name: str, selected: str | None = None, filled: bool = True,
                 style: dict | None = None, defer: bool = False):
        super().__init__()
        self._name = "AreaLayer"
        self.before, self.after = after_paint(defer)
        self.layer_name = name
        base = {"color": "#666", "weight": 0.6, "fillOpacity": 0.8, "fillColor": "#f2f2f2"} if filled else \
            {"fill": False, "color": "#222", "weight": 2, "opacity": 0.9}
        base.update(style or {})
        waarde = gdf["waarde"] if "waarde" in gdf else [""] * len(gdf)
        fill = gdf["fill"] if "fill" in gdf else [None] * len(gdf)
        faded = gdf["faded"].astype(bool) if "faded" in gdf else [False] * len(gdf)
        props = [[str(c), esc(n), esc(w), f, int(x)] for c, n, w, f, x in zip(gdf["code"], gdf["naam"], waarde, fill, faded)]
        self.payload = script_json({"geoms": encode_frame(gdf), "props": props, "style": base,
                                     "selected": selected, "interactive": filled})
        self.pattern = PATTERN_JS if filled else ""  # the "geen projecten" hatch (layers.hatch)
        self.size = len(self.payload.encode())

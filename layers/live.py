"""The app's map in two parts, so a filter change does not rebuild the map in the browser.

streamlit-folium keys its iframe on the map's script: an unchanged script keeps the iframe, the
Leaflet map and the drawn polygons, and only ``feature_group_to_add`` is replaced (its script is
evaluated in the living map). So the *base* holds everything that does not follow the filters
(basemap, the area polygons with code and name but no colours, outlines, the legend frame), and
the *overlay* holds what does: one small element with a fill and a tooltip value per area, the
legend's title and items, and the selected area's outline (a few kilobytes instead of the
~115 KB map script). Project markers stay in the base: with markers on, a filter change rebuilds
the map as before.
"""
from __future__ import annotations

import hashlib

import folium
from branca.element import MacroElement, Template

from geo.config import REPO_ROOT
from layers.afterpaint import after_paint
from layers.assets import AssetBase
from layers.basemap import NL_BOUNDS, base_map
from layers.choropleth import NO_DATA, VALUE_VIEWS, style_areas
from layers.compose import FILL_OPACITY, MapSpec, add_context, legend_note, map_bounds
from layers.areas import AreaLayer
from layers.escape import esc, script_json
from layers.hatch import NO_PROJECTS
from layers.legend import Legend, over_white


SWK_STATIC = REPO_ROOT / "static" / "swk"  # our own browser scripts, served by Streamlit
SWK_STATIC_URL = "/app/static/swk"


class AreaRestyle(MacroElement):
    """Colours, tooltip values, legend and selection for the areas already on the map.

    Parameters: ``codes``, ``fills``, ``texts`` (tooltip values, escaped), ``title`` and ``items``
    (legend, escaped), ``selected`` (code or None), ``bounds`` (to fit when the selection changes).
    """

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function(group) {
          var d = {{ this.payload }};
          var map = window.map;
          var at = Object.create(null);  // codes are user data: no Object.prototype behind "__proto__" or "toString"
          d.codes.forEach(function(c, i) { at[c] = i; });
          var chosen = null;
          map.eachLayer(function(l) {
            var p = l.feature && l.feature.properties;
            if (!p || p.fill === null || p.fill === undefined || l.options.interactive === false || !l.setStyle) { return; }
            var i = at[p.code];
            if (i === undefined) { return; }
            p.fill = d.fills[i]; p.waarde = d.texts[i];  // resetStyle (mouseout) reads the fill
            l.setStyle({fillColor: d.fills[i]});
            l.setTooltipContent('<strong>' + p.naam + '</strong><br>' + d.texts[i]);
            if (p.code === d.selected) { chosen = l.feature; }
          });
          var legend = document.querySelector('.swk-legend');
          if (legend) {
            legend.querySelector('.swk-legend-title').innerHTML = d.title;
            var method = legend.querySelector('.swk-legend-method');
            if (method) { method.innerHTML = d.method; method.style.display = d.method ? '' : 'none'; }
            legend.querySelectorAll('.swk-legend-item').forEach(function(el) { el.remove(); });
            var note = legend.querySelector('.swk-legend-note');
            d.items.forEach(function(it) {
              var div = document.createElement('div'), sw = document.createElement('span');
              div.className = 'swk-legend-item'; sw.className = 'swk-swatch';
              if (it[0] === d.hatch) { sw.className += ' swk-hatch'; } else { sw.style.background = it[0]; }  // geen projecten
              div.appendChild(sw); div.insertAdjacentHTML('beforeend', it[1]);
              legend.insertBefore(div, note);
            });
          }
          if (chosen) {
            if (!map.getPane('swkSelected')) { var pane = map.createPane('swkSelected'); pane.style.zIndex = 450; pane.style.pointerEvents = 'none'; }
            L.geoJSON(chosen, {pane: 'swkSelected', interactive: false,
                               style: {fill: false, color: '#e8006f', weight: 4, opacity: 1}}).addTo(group);
          }
          window.__swkView = {view: d.view, breaks: d.breaks};  // for static/swk/livefilter.js
          if (d.ready && !window.__swkReadySent) {  // a visitor's first load: the page waits for this map
            window.__swkReadySent = true;
            {{ this.before }}  // after the polygons are painted (and after what waits for that: layers.afterpaint)
              window.parent.postMessage({isStreamlitMessage: true, type: 'streamlit:setComponentValue',
                                         value: {last_active_drawing: null, swk_ready: true}, dataType: 'json'}, '*');
            {{ this.after }}
          }
          if (window.__swkSelected !== d.selected) {  // zoom only when the selection changed
            if (window.__swkSelected !== undefined || d.selected !== null) { map.fitBounds(d.bounds); }
            window.__swkSelected = d.selected;
          }
        })({{ this._parent.get_name() }});
        {% endmacro %}
    """)

    def __init__(self, codes, fills, texts, title: str, items, selected: str | None, bounds, method: str = "",
                 view: str = "count", breaks: list[int] | None = None, ready: bool = False):
        super().__init__()
        self._name = "AreaRestyle"
        self.before, self.after = after_paint(True)
        self.payload = script_json({"codes": [str(c) for c in codes], "fills": list(fills),
                                    "texts": [esc(t) for t in texts], "title": esc(title), "method": esc(method),
                                    "items": [[esc(over_white(c, FILL_OPACITY)), esc(label)] for c, label in items],
                                    "selected": selected, "bounds": bounds, "view": view,
                                    "breaks": [int(b) for b in breaks] if breaks else None, "ready": ready,
                                    "hatch": esc(NO_PROJECTS)})


def _versioned(name: str) -> str:
    """URL of one of our scripts in ``static/swk``, with its content hash (a changed file is fetched anew)."""
    digest = hashlib.sha256((SWK_STATIC / name).read_bytes()).hexdigest()[:12]
    return f"{SWK_STATIC_URL}/{name}?v={digest}"


class LiveFilter(MacroElement):
    """The project table (``layers.filterdata``) and the option order of the app's filter chips, for
    ``static/swk/livefilter.js``, which recolours the map the moment a chip changes. The table and
    the two scripts wait until the areas are painted (they are not needed for the first picture)."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        {{ this.before }}
        window.__swkLive = {{ this.payload }};
        {{ this.urls }}.forEach(function(src) {
          var s = document.createElement('script'); s.src = src; s.async = false; document.body.appendChild(s);
        });
        {{ this.after }}
        {% endmacro %}
    """)

    def __init__(self, table: dict, pills: dict[str, list[str]]):
        super().__init__()
        self._name = "LiveFilter"
        self.before, self.after = after_paint(True)
        self.payload = script_json({**table, "pills": pills, "insurerFilter": True})
        self.urls = script_json([_versioned("filtercore.js"), _versioned("livefilter.js")])


def selection_bounds(spec: MapSpec) -> list[list[float]]:
    """What the map shows after a selection changes, as ``build_map`` opens: the focused region,
    the selected area with its surroundings, or the country."""
    return map_bounds(spec) or NL_BOUNDS


def live_base(spec: MapSpec, taxonomy, assets: AssetBase = AssetBase(), live_filter: LiveFilter | None = None) -> folium.Map:
    """The part that does not follow the filters: basemap, area polygons (code and name, no colours),
    outlines, markers (they do follow the filters: their ids belong in the caller's cache key) and an
    empty legend with the source line. The overlay fills in colours, tooltip values and legend."""
    m = base_map(spec.basemap, assets, bounds=map_bounds(spec) if spec.focus is not None else None, defer_tiles=True)
    geometry = spec.summary[["code", "naam", "geometry"]].assign(fill=NO_DATA, waarde="")
    if spec.focus_codes is not None:  # outside a focused region: drawn faded
        geometry = geometry.assign(faded=~geometry["code"].isin(spec.focus_codes))
    AreaLayer(geometry, spec.level_label).add_to(m)
    add_context(m, spec, taxonomy, assets, defer=True)  # outlines and names: after the areas are painted
    m.add_child(Legend("", [], legend_note(spec), method=" ", fill_opacity=FILL_OPACITY))  # the overlay fills in the rest
    if live_filter is not None:
        m.add_child(live_filter)
    return m


def live_overlay(spec: MapSpec, taxonomy, ready: bool = False) -> folium.FeatureGroup:
    """What a filter, a Venster choice or a selected area changes (a few KB of data). With ``ready``
    the map tells the app (its value ``swk_ready``) once its areas are painted (ui.map_page.stage)."""
    styled, title, items = style_areas(spec.summary, spec.view, taxonomy, spec.values, spec.value_label, spec.breaks)
    per = "" if spec.view in VALUE_VIEWS else f" per {spec.level_label}"
    overlay = folium.FeatureGroup(name="selectie", control=False)
    overlay.add_child(AreaRestyle(styled["code"], styled["fill"], styled["waarde"], f"{title}{per}", items,
                                  spec.selected, selection_bounds(spec),
                                  method=spec.class_method if spec.view == "count" else "",
                                  view=spec.view, breaks=spec.breaks if spec.view == "count" else None, ready=ready))
    return overlay


def live_map(spec: MapSpec, taxonomy, assets: AssetBase = AssetBase()) -> tuple[folium.Map, folium.FeatureGroup]:
    """(base map, overlay) for ``st_folium(base, feature_group_to_add=overlay)``."""
    return live_base(spec, taxonomy, assets), live_overlay(spec, taxonomy)

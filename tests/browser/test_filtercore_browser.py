"""static/swk/filtercore.js in Chromium with the real Leaflet, no server: its lookups by area code."""
from __future__ import annotations

import pytest

from geo.config import REPO_ROOT

pytestmark = pytest.mark.browser


def test_area_codes_that_are_object_properties_are_found_and_missing_ones_skipped(browser):
    """static/swk/filtercore.js with real Leaflet: areas coded ``__proto__``, ``toString`` and ``W1`` are
    recoloured, and ``constructor`` (faded outside a focus: not looked up) is skipped instead of being
    answered by Object.prototype ('Cannot read properties of undefined')."""
    from layers.assets import VENDOR_DIR

    page = browser.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    scripts = [(VENDOR_DIR / "leaflet" / "leaflet.js").read_text(encoding="utf-8"),
               (REPO_ROOT / "static" / "swk" / "filtercore.js").read_text(encoding="utf-8")]
    page.set_content("<div id='m' style='width:400px;height:300px'></div>"
                     + "".join(f"<script>{s}</script>" for s in scripts))
    result = page.evaluate("""() => {
      const map = L.map('m').setView([52, 5], 7), codes = ['__proto__', 'constructor', 'toString', 'W1'];
      const feature = (c, i) => ({type: 'Feature', properties: {code: c, naam: c, fill: '#f2f2f2'}, geometry: {type: 'Polygon',
        coordinates: [[[4 + i, 51], [4.5 + i, 51], [4.5 + i, 51.5], [4 + i, 51]]]}});
      const drawn = codes.filter(c => c !== 'constructor').map(c => feature(c, codes.indexOf(c)));
      L.geoJSON({type: 'FeatureCollection', features: drawn}).bindTooltip('').addTo(map);
      L.geoJSON(feature('constructor', 1), {interactive: false}).addTo(map);  // faded: not one of the drawn areas
      const D = {areas: {codes: codes}, opacity: 0.8};
      const st = {fills: ['#111111', '#222222', '#333333', '#444444'], texts: ['a', 'b', 'c', 'd'], items: []};
      window.SwkFilter.paint(D, window.SwkFilter.areaLayers(map), st, document);
      const out = [];
      map.eachLayer(l => { if (l.feature) out.push([l.feature.properties.code, l.options.fillColor || null]); });
      return out;
    }""")
    assert not errors, errors
    assert sorted(result) == [["W1", "#444444"], ["__proto__", "#111111"], ["constructor", None], ["toString", "#333333"]]
    page.close()

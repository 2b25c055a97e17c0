"""Layer builders on small data: classes, styles, legend, escaping, local assets only."""
from __future__ import annotations

import re

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from bs4 import BeautifulSoup
from shapely.geometry import box

from analysis.aggregate import area_summary
from inventory.taxonomy import load_taxonomy
from layers.choropleth import NO_PROJECTS, count_classes, style_areas
from layers.compose import MapSpec, build_map
from layers.escape import esc
from layers.markers import ProjectMarkers, popup_html

TAX = load_taxonomy()
HOSTILE = "<script>alert(1)</script>`${alert(2)}`"


def _summary():
    areas = gpd.GeoDataFrame({"code": ["GM1", "GM2", "GM3"], "naam": ["Een", HOSTILE, "Drie"]},
                             geometry=[box(5 + i * 0.1, 52, 5.1 + i * 0.1, 52.1) for i in range(3)], crs=4326)
    long = pd.DataFrame({"id": ["P1", "P2", "P3"], "gemeente_code": ["GM1", "GM1", "GM2"], "thema": ["ouderen", "ggz", "wijk"],
                         "fase": ["opstart", "structureel", "implementatie"], "zorgverzekeraar_groepen": ["cz", "cz;vgz", "vgz"]})
    return area_summary(areas, long, "gemeente", TAX["fase"].codes)


def test_area_summary_values():
    s = _summary().set_index("code")
    assert s["n_projecten"].tolist() == [2, 1, 0]
    assert s.loc["GM1", "hoogste_fase"] == "structureel" and s.loc["GM2", "hoogste_fase"] == "implementatie"
    assert s.loc["GM1", "dominante_groep"] == "cz" and s.loc["GM1", "n_groep"] == 2
    assert not isinstance(s.loc["GM3", "hoogste_fase"], str)


@pytest.mark.parametrize("view", ["count", "fase", "insurer"])
def test_every_view_hatches_empty_areas(view):
    styled, title, items = style_areas(_summary(), view, TAX)
    assert styled.set_index("code").loc["GM3", "fill"] == NO_PROJECTS
    assert items[0] == (NO_PROJECTS, "geen projecten") and len(items) >= 2


def test_count_classes_are_integer_ranges():
    classes, labels = count_classes(np.array([0, 1, 2, 3, 4, 10, 50, 51, 200]))
    assert classes[0] == -1 and classes[-1] == len(labels) - 1
    assert labels[0].startswith("1") and labels[-1].endswith("200")


def test_escape_covers_html_and_js_template_literals():
    out = esc(HOSTILE)
    assert "<" not in out and "`" not in out and "${" not in out
    assert BeautifulSoup(out, "html.parser").get_text() == HOSTILE


def test_popup_is_escaped_structurally():
    html = popup_html({"naam": HOSTILE, "thema": "ouderen", "gemeente_namen": "A;B"}, {"thema": TAX["thema"].labels()})
    soup = BeautifulSoup(html, "html.parser")
    assert soup.find("script") is None
    assert soup.strong.get_text() == HOSTILE
    assert soup.find("th", string="Thema").find_next("td").get_text() == "Ouderen"


def test_map_html_has_no_cdn_and_no_raw_user_text():
    pts = pd.DataFrame({"marker_lat": [52.05], "marker_lon": [5.05], "naam": ["p"], "thema": ["ouderen"]})
    m = build_map(MapSpec(_summary(), "count", "gemeente", points=pts), TAX)
    html = m.get_root().render()
    urls = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert urls and all(u.startswith("/app/static/vendor/") for u in urls), urls
    assert any("markercluster" in u for u in urls)
    # the hostile area name reaches the page only escaped (tooltips are HTML inside JS template literals)
    assert "<script>alert(1)" not in html and "${alert" not in html and "lt;script" in html
    assert "Aantal projecten per gemeente" in html and "kaart: CBS/Kadaster, CC-BY 4.0" in html


def test_markers_json_cannot_close_the_script():
    pts = pd.DataFrame({"marker_lat": [52.0], "marker_lon": [5.0], "naam": ["</script><script>alert(1)</script>"]})
    data = ProjectMarkers(pts, {}, {}).data
    assert "</script" not in data and "<" not in data
    import json
    payload = json.loads(data)
    assert payload["rows"][0][2] == esc(pts.loc[0, "naam"])  # escaped in Python, joined as-is in the browser


def _decode_ring(a):
    x, y, out = a[0], a[1], [(a[0], a[1])]
    for i in range(2, len(a), 2):
        x, y = x + a[i], y + a[i + 1]
        out.append((x, y))
    return [(px / 1000, py / 1000) for px, py in out]


def test_area_encoding_round_trips_on_the_grid(real_boundaries):
    """Decoding (as the browser does) gives each vertex back within half a grid step."""
    import shapely
    from shapely.geometry import Polygon

    from geo.boundaries import load_boundaries
    from layers.areas import encode_geometry

    gem = load_boundaries("gemeente", 2025)
    for geom in gem.geometry.iloc[:40]:
        polys = encode_geometry(geom)
        decoded = shapely.MultiPolygon([Polygon(_decode_ring(p[0]), [_decode_ring(r) for r in p[1:]]) for p in polys])
        assert decoded.hausdorff_distance(geom) < 0.0008
        assert abs(decoded.area - geom.area) / geom.area < 0.05


def test_area_layer_payload_is_escaped_and_compact():
    import json

    from layers.areas import AreaLayer

    styled, _, _ = style_areas(_summary(), "count", TAX)
    layer = AreaLayer(styled, "test", selected="GM1")
    assert "<" not in layer.payload
    data = json.loads(layer.payload)
    assert data["props"][1][1] == esc(HOSTILE) and data["selected"] == "GM1" and data["interactive"]
    assert len(data["geoms"]) == 3 and all(isinstance(v, int) for v in data["geoms"][0][0][0])


def test_map_controls_are_dutch_and_do_not_capture_the_page():
    from layers.basemap import base_map

    html = base_map("geen").get_root().render()
    assert '"Inzoomen"' in html and '"Uitzoomen"' in html and "imperial: false" in html
    assert '"scrollWheelZoom": false' in html and '"zoomControl": false' in html
    assert "Gebruik Ctrl + scrollen" in html and "Gebruik twee vingers" in html
    assert 'document.documentElement.lang = "nl"' in html


def test_geen_projecten_is_the_hatch_in_map_legend_live_overlay_and_slides():
    """One meaning: an area without projects is hatched wherever it is drawn."""
    import json

    import matplotlib.pyplot as plt
    import streamlit_folium as sf

    from export.image import legend_patch, plot_fills
    from layers.choropleth import style_areas as styled_areas
    from layers.hatch import HATCH_ID, HATCH_LINE, MPL_HATCH
    from layers.live import live_overlay

    for view in ("count", "fase", "insurer"):
        html = build_map(MapSpec(_summary(), view, "gemeente"), TAX).get_root().render()
        soup = BeautifulSoup(html, "html.parser")
        item = soup.select(".swk-legend-item")[0]
        assert item.get_text().strip() == "geen projecten" and "swk-hatch" in item.select_one(".swk-swatch")["class"]
        assert f'id="{HATCH_ID}"' in html and HATCH_LINE in html  # the pattern is defined in the page
        props = json.loads(re.search(r'var d = (\{"geoms":.*?\});\n', html).group(1))["props"]
        assert {p[0]: p[3] for p in props}["GM3"] == NO_PROJECTS
        spec = MapSpec(_summary(), view, "gemeente")
        text = sf._get_feature_group_string(live_overlay(spec, TAX), map=build_map(spec, TAX))  # as the app sends it
        data = json.loads(re.search(r"var d = (\{.*?\});\n", text).group(1))
        assert data["items"][0][0] == data["hatch"] and dict(zip(data["codes"], data["fills"]))["GM3"] == NO_PROJECTS
    styled, _, items = styled_areas(_summary(), "count", TAX)
    fig, ax = plt.subplots()
    try:
        plot_fills(ax, styled)
        assert [c.get_hatch() for c in ax.collections].count(MPL_HATCH) == 1  # GM3 only
        assert legend_patch(*items[0]).get_hatch() == MPL_HATCH and legend_patch(*items[1]).get_hatch() is None
    finally:
        plt.close(fig)

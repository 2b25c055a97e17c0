"""The app's map in two parts: the base (the iframe's key) stays the same across filter changes,
only the overlay changes; hostile text in the overlay stays inert."""
from __future__ import annotations

import html
import json
import re

import streamlit_folium as sf

from analysis.prepare import prepare
from analysis.view import compute_view
from inventory.taxonomy import load_taxonomy
from inventory.validate import validate_file
from layers.compose import MapSpec
from layers.live import live_map
from tests.inventory_fixtures import csv_bytes, row

TAX = load_taxonomy()


def _map_component(at):
    comps = [c for c in at.get("component_instance") if c.proto.component_name == "streamlit_folium.st_folium"]
    assert len(comps) == 1
    return json.loads(comps[0].proto.json_args)


def test_filter_change_keeps_the_base_script_and_changes_only_the_overlay(real_boundaries):
    from tests.apptest import app_test

    at = app_test(120).run()
    before = _map_component(at)
    next(p for p in at.pills if p.label == "Thema").set_value(["ggz"]).run()
    assert not at.exception
    after = _map_component(at)
    assert after["script"] == before["script"]  # the browser keeps its map (the component key is this script's hash)
    assert after["feature_group"] != before["feature_group"]
    assert len(after["feature_group"]) < len(after["script"]) / 4  # a change sends a fraction of the map
    at.radio(key="view").set_value("fase").run()
    assert _map_component(at)["script"] == before["script"]  # a view is a restyle too
    at.selectbox(key="area_select").set_value("GM0363").run()
    overlay = _map_component(at)["feature_group"]
    assert '"selected":"GM0363"' in overlay and _map_component(at)["script"] == before["script"]


def test_overlay_text_is_escaped_and_never_a_template(real_boundaries):
    evil = "{{ 7*7 }} <img src=x onerror=alert(1)> ${x} `"
    data = csv_bytes([row("E1", naam=evil, gemeenten="Utrecht")])
    res = validate_file(data, 2017, filename="e.csv")
    prep = prepare(res.accepted, 2017)
    view = compute_view(prep, {}, "gemeente", TAX["fase"].codes)
    spec = MapSpec(view.summary, "venster", "gemeente", values={"GM0344": 6.5}, value_label=evil, selected="GM0344")
    base, overlay = live_map(spec, TAX)
    text = sf._get_feature_group_string(overlay, map=base)
    assert "{{" not in text and "<img" not in text and "${" not in text
    payload = json.loads(re.search(r"var d = (\{.*?\});\n", text).group(1))
    assert html.unescape(payload["title"]).endswith(evil)  # the browser shows exactly what the user typed

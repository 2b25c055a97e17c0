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


def test_filter_table_counts_what_the_server_counts(real_boundaries):
    """The browser's table (layers/filterdata.py) gives, per level, the server's counts for any filter:
    counted here in Python the way static/swk/filtercore.js counts (the browser tests run the JS)."""
    from inventory.demo import DEMO_FILE
    from layers.filterdata import filter_table
    from viewstate import FILTER_KEYS

    prep = prepare(validate_file(DEMO_FILE, 2017).accepted, 2017)
    selection = {"thema": ["ggz", "ouderen"], "niveau": ["gemeente", "regio"]}
    for level in ("gemeente", "zorgkantoorregio", "provincie"):
        table = filter_table(prep, prep.projects, level, TAX, dims=tuple(FILTER_KEYS))
        dims, p = table["dims"], table["p"]
        wanted = {d: {dims[d]["codes"].index(c) for c in selection[d]} for d in selection}
        keep = [j for j in range(len(p["t"])) if p["t"][j] in wanted["thema"] and p["l"][j] in wanted["niveau"]
                and p["z"][j]]  # the app always filters on insurer: a project needs one
        counts = [0] * len(table["areas"]["codes"])
        for j in keep:
            for a in p["a"][j]:
                counts[a] += 1
        full = {d: TAX[d].codes for d in ("fase", "instrument", "zorgverzekeraar")}
        view = compute_view(prep, {**full, **selection}, level, TAX["fase"].codes)
        server = dict(zip(view.summary["code"], view.summary["n_projecten"]))
        assert dict(zip(table["areas"]["codes"], counts)) == server
        assert json.dumps(table).count('"') < 3000  # compact: codes as indices, not text


def test_live_filter_payload_is_data_never_a_template(real_boundaries, tmp_path):
    """Area names (from boundary files) in the live map's table stay inert; the scripts are versioned."""
    from inventory.demo import DEMO_FILE
    from layers.filterdata import filter_table
    from layers.live import LiveFilter, live_base

    prep = prepare(validate_file(DEMO_FILE, 2017).accepted, 2017)
    prep.areas["gemeente"].loc[prep.areas["gemeente"].index[0], "naam"] = "{{ 'ZQ'*7 }} </script><img src=x onerror=alert(1)>"
    view = compute_view(prep, {}, "gemeente", TAX["fase"].codes)
    live = LiveFilter(filter_table(prep, prep.projects, "gemeente", TAX), {"thema": TAX["thema"].codes})
    m = live_base(MapSpec(view.summary, "count", "gemeente"), TAX, live_filter=live)
    html_text = m.get_root().render()
    assert "ZQZQ" not in html_text and "</script><img" not in html_text and "{{" not in html_text
    assert re.search(r"/app/static/swk/filtercore\.js\?v=[0-9a-f]{12}", html_text)
    assert re.search(r"/app/static/swk/livefilter\.js\?v=[0-9a-f]{12}", html_text)


def test_widget_values_are_what_the_widgets_will_return():
    """The map page reads its sidebar's values before drawing it (ui/widget_values.py)."""
    from streamlit.testing.v1 import AppTest

    def page():
        import streamlit as st

        from ui.widget_values import WidgetValues

        box = WidgetValues()
        before = (box.radio("Niveau", ["a", "b"], index=0, key="lv"), box.toggle("M", value=False, key="mk"),
                  box.pills("T", ["x", "y", "z"], selection_mode="multi", key="th"), box.selectbox("S", ["p", "q"], index=1, key="sb"))
        box.markdown("nothing drawn")
        after = (st.radio("Niveau", ["a", "b"], index=0, key="lv"), st.toggle("M", value=False, key="mk"),
                 st.pills("T", ["x", "y", "z"], selection_mode="multi", key="th"), st.selectbox("S", ["p", "q"], index=1, key="sb"))
        st.write("same" if before == after else f"differ {before} {after}")

    at = AppTest.from_function(page).run()
    assert at.markdown[-1].value == "same" and len(at.markdown) == 1
    at.radio(key="lv").set_value("b")
    at.toggle(key="mk").set_value(True)
    at.pills(key="th").set_value(["z", "x"])
    at.selectbox(key="sb").set_value("p").run()
    assert at.markdown[-1].value == "same"

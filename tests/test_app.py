"""The Streamlit app through AppTest: filters change counts, uploads show their report, areas their profile."""
from __future__ import annotations

import re

import pytest
from streamlit.testing.v1 import AppTest

from geo.config import REPO_ROOT
from tests.inventory_fixtures import csv_bytes, row

pytestmark = pytest.mark.usefixtures("real_boundaries")


def _app() -> AppTest:
    # AppTest (Streamlit 1.67) does not pass query parameters into the first run; reading the URL
    # is tested in test_viewstate.py and in the browser tests.
    return AppTest.from_file(str(REPO_ROOT / "app.py"), default_timeout=90).run()


def _selected(at) -> tuple[int, int]:
    text = next(m.value for m in at.markdown if "projecten geselecteerd" in m.value)
    a, b = re.match(r"\*\*(\d+)\*\* van (\d+)", text).groups()
    return int(a), int(b)


def test_opens_on_demo_with_honest_label():
    at = _app()
    assert not at.exception
    assert any("Demonstratiedata" in i.value for i in at.info)
    assert _selected(at) == (1500, 1500)
    assert at.caption[-1].value.startswith("Bron: demonstratiedata")


@pytest.mark.parametrize("key,value", [
    ("Thema", "ouderen"), ("Fase (intensiteit)", "structureel"), ("Instrument", "inkoop"),
    ("Geografisch niveau", "regio"), ("Zorgverzekeraar", "menzis"),
])
def test_each_filter_changes_the_counts(key, value):
    at = _app()
    ms = next(m for m in at.multiselect if m.label == key)
    other = next(m for m in at.multiselect if m.label != key and m.label != "Inventarisatiejaar")
    before_other = list(other.options)
    ms.set_value([value]).run()
    n, total = _selected(at)
    assert 0 < n < total
    other = next(m for m in at.multiselect if m.label == other.label)
    assert list(other.options) != before_other  # the other controls show what remains
    assert at.query_params[{"Thema": "thema", "Fase (intensiteit)": "fase", "Instrument": "instrument",
                            "Geografisch niveau": "niveau", "Zorgverzekeraar": "zorgverzekeraar"}[key]] == value


def test_option_counts_add_up():
    at = _app()
    thema = next(m for m in at.multiselect if m.label == "Thema")
    total = sum(int(re.search(r"\((\d+)\)$", o).group(1)) for o in thema.options)
    assert total == 1500


def test_selecting_an_area_shows_its_profile():
    at = _app()
    at.selectbox(key="area_select").set_value("GM0363").run()
    assert not at.exception
    assert any(h.value == "Profiel: Amsterdam" for h in at.subheader)
    table = next(d.value for d in at.dataframe if "thema" in d.value.columns)
    assert len(table) > 10 and set(table["thema"]) <= {"ouderen", "ggz", "preventie", "wijk", "jeugd", "overig"}
    assert at.query_params["gebied"] == "GM0363"


def test_profile_lists_missing_themes():
    at = _app()
    next(m for m in at.multiselect if m.label == "Thema").set_value(["ouderen", "ggz"]).run()
    at.selectbox(key="area_select").set_value("GM0363").run()
    warn = " ".join(w.value for w in at.warning)
    assert "Ontbreekt" in warn and "Preventie" in warn and "Ouderen" not in warn


def test_upload_with_bad_row_shows_rejection_and_can_be_used():
    at = _app()
    data = csv_bytes([row("U1", gemeenten="Amsterdam", naam="<script>alert(1)</script>"), row("U2", gemeenten="Amsterdm")])
    at.file_uploader(key="upload").set_value(("mijn.csv", data, "text/csv")).run()
    assert not at.exception
    assert any("1 rij(en) afgewezen" in e.value for e in at.error)
    rej = at.sidebar.dataframe[0].value
    assert rej.iloc[0]["waarde"] == "Amsterdm" and "Amsterdam" in rej.iloc[0]["suggesties"]
    assert _selected(at) == (1500, 1500)  # not used before the user says so
    at.checkbox(key="use_upload").check().run()
    assert _selected(at) == (1, 1)
    assert not any("Demonstratiedata" in i.value for i in at.info)


def test_unreadable_upload_is_a_clear_error():
    at = _app()
    at.file_uploader(key="upload").set_value(("leeg.csv", b"", "text/csv")).run()
    assert not at.exception
    assert any("leeg" in e.value for e in at.error)


def test_level_and_view_switch_and_url_records_them():
    at = _app()
    at.radio(key="level").set_value("zorgkantoorregio").run()
    at.radio(key="view").set_value("insurer").run()
    assert not at.exception
    assert at.query_params["niveau_kaart"] == "zorgkantoorregio" and at.query_params["weergave"] == "insurer"
    at.selectbox(key="area_select").set_value("ZK31").run()
    assert any(h.value == "Profiel: Zuid-Limburg" for h in at.subheader)


def test_clicking_an_area_on_the_map_opens_its_profile():
    at = _app()
    component = at.get("component_instance")[0]
    assert component.proto.component_name == "streamlit_folium.st_folium"
    widget_key = component.proto.id.split("-")[-1]
    at.session_state[widget_key] = {"last_active_drawing": {"type": "Feature", "properties": {"code": "GM0363"}}}
    at.run()
    assert not at.exception
    assert any(h.value == "Profiel: Amsterdam" for h in at.subheader)
    assert at.selectbox(key="area_select").value == "GM0363" and at.query_params["gebied"] == "GM0363"

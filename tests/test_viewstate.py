"""URL query parameters <-> view state."""
from viewstate import ViewState, from_query, to_query

OPTS = {"thema": ["ouderen", "ggz", "preventie"], "fase": ["opstart", "structureel"], "jaar": ["2017"]}


def test_round_trip():
    state = ViewState(filters={"thema": ["ggz"], "fase": ["opstart", "structureel"]}, level="zorgkantoorregio",
                      view="fase", area="ZK31", markers=True)
    q = to_query(state, OPTS)
    assert q == {"thema": "ggz", "niveau_kaart": "zorgkantoorregio", "weergave": "fase", "gebied": "ZK31", "projecten": "1"}
    back = from_query(q, OPTS)
    assert back.filters["thema"] == ["ggz"] and back.level == "zorgkantoorregio" and back.area == "ZK31" and back.markers


def test_hostile_or_unknown_values_are_dropped():
    s = from_query({"thema": "<script>,ggz", "niveau_kaart": "heelal", "weergave": "x", "embed": "TRUE",
                    "gebied": "GM0363" * 10}, OPTS)
    assert s.filters["thema"] == ["ggz"] and s.level == "gemeente" and s.view == "count" and s.embed
    assert len(s.area) <= 20


def test_empty_filter_is_kept_as_empty():
    assert from_query({"thema": ""}, OPTS).filters["thema"] == []


def test_version_in_the_url():
    assert from_query({"versie": "12"}, OPTS).version == 12
    for bad in ("0", "-3", "abc", "1.5", "9" * 20, ""):
        assert from_query({"versie": bad}, OPTS).version is None
    assert to_query(ViewState(version=7), OPTS)["versie"] == "7" and "versie" not in to_query(ViewState(), OPTS)

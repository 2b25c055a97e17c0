"""The standalone HTML export colours a view as the app does: the same class method and breaks
(fixed by default, named in the legend), the same fills and legend, for several filter states;
the CLI's default is fixed too, and the page's toggles keep the fixed breaks."""
from __future__ import annotations

import html
import json
import re

import pytest
from bs4 import BeautifulSoup

from analysis.prepare import prepare
from analysis.view import compute_view
from export.views import ExportSpec, export_breaks, export_html
from inventory.load import load_inventory
from inventory.taxonomy import load_taxonomy
from layers.choropleth import CLASS_METHODS, inventory_breaks
from layers.hatch import NO_PROJECTS

TAX = load_taxonomy()
STATES = [{}, {"thema": ["ggz"]}, {"thema": ["ggz"], "fase": ["structureel"]}]
HATCH = "hatch"


@pytest.fixture(scope="module")
def prep(real_boundaries):
    result, _ = load_inventory(None, 2017, None)
    return prepare(result.accepted, 2017)


def app_view(at) -> dict:
    """What the app's map shows: fill per area, legend items (colour or 'hatch', label) and method,
    from the overlay the app sends (layers.live.AreaRestyle)."""
    overlay = json.loads(at.get("component_instance")[0].proto.json_args)["feature_group"]
    d = json.loads(re.search(r"var d = (\{.*?\});\n", overlay).group(1))
    return {"fills": dict(zip(d["codes"], d["fills"])),
            "legend": [(HATCH if c == d["hatch"] else html.unescape(c), html.unescape(label)) for c, label in d["items"]],
            "method": html.unescape(d["method"])}


def page_view(page: str) -> dict:
    """The same from a standalone HTML page: the area layer's fills and the legend as drawn."""
    d = json.loads(re.search(r'var d = (\{"geoms":.*?\});\n', page).group(1))
    soup = BeautifulSoup(page, "html.parser")
    legend = []
    for item in soup.select(".swk-legend-item"):
        sw = item.select_one(".swk-swatch")
        colour = HATCH if "swk-hatch" in sw.get("class", []) else sw["style"].removeprefix("background:")
        legend.append((colour, item.get_text().strip()))
    return {"fills": {p[0]: p[3] for p in d["props"]}, "legend": legend,
            "method": soup.select_one(".swk-legend-method").get_text().strip()}


def test_export_colours_as_the_app_for_three_filter_states(prep):
    from tests.apptest import app_test

    at = app_test(120, open_panels=False).run()
    assert at.radio(key="classes").value == "vast"
    for state in STATES:
        for label, key in (("Thema", "thema"), ("Fase (intensiteit)", "fase")):
            next(m for m in at.pills if m.label == label).set_value(state.get(key, [])).run()
        assert not at.exception, [e.value for e in at.exception]
        app = app_view(at)
        view = compute_view(prep, state, "gemeente", TAX["fase"].codes)
        page = page_view(export_html(prep, view, ExportSpec(), state, TAX))  # the CLI's default export
        assert page["legend"] == app["legend"], state
        assert page["fills"] == app["fills"], state
        assert page["method"] == app["method"] == CLASS_METHODS["vast"]
        assert app["legend"][0] == (HATCH, "geen projecten")
        assert NO_PROJECTS in set(page["fills"].values())
        # the page's toggles recompute with the same fixed breaks (export/embed.js reads them)
        data = json.loads(BeautifulSoup(export_html(prep, view, ExportSpec(), state, TAX), "html.parser")
                          .select_one("#swk-embed-data").get_text())
        assert data["breaks"] == inventory_breaks(prep, "gemeente") == export_breaks(prep, view, ExportSpec())

    # quantiles in the app: the export made with the app's choice follows
    at.radio(key="classes").set_value("kwantielen").run()
    app = app_view(at)
    view = compute_view(prep, STATES[-1], "gemeente", TAX["fase"].codes)
    page = page_view(export_html(prep, view, ExportSpec(classes="kwantielen"), STATES[-1], TAX))
    assert page["legend"] == app["legend"] and page["fills"] == app["fills"]
    assert page["method"] == app["method"] == CLASS_METHODS["kwantielen"]


def test_cli_export_html_uses_fixed_classes_by_default(prep, tmp_path, capsys):
    from cli import build_parser
    from tests.cli_run import run_cli

    out = tmp_path / "ggz.html"
    res = run_cli(capsys, "export", "html", "--out", str(out), "--no-basemap", "--thema", "ggz")
    assert res.returncode == 0, res.stderr
    fixed = page_view(out.read_text(encoding="utf-8"))
    view = compute_view(prep, {}, "gemeente", TAX["fase"].codes)
    assert fixed["method"] == CLASS_METHODS["vast"]
    assert fixed["legend"] == page_view(export_html(prep, view, ExportSpec(), {}, TAX))["legend"]  # as without a filter
    for kind in ("html", "png", "pdf"):
        args = build_parser().parse_args(["export", kind, "--out", f"x.{kind}", "--classes", "kwantielen"])
        assert args.classes == "kwantielen"
    assert build_parser().parse_args(["export", "png", "--out", "x.png"]).classes == "vast"

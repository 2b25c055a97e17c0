"""The filterable HTML export: which toggles it offers, the data it ships, size, hostile text."""
from __future__ import annotations

import gzip
import json
import re

import pytest
from bs4 import BeautifulSoup

from analysis.prepare import prepare
from analysis.view import compute_view
from export.embed import FILTER_DIMS, parse_filters
from export.views import ExportSpec, export_html
from inventory.demo import DEMO_FILE
from inventory.taxonomy import load_taxonomy
from inventory.validate import validate_file
from tests.cli_run import run_cli
from tests.inventory_fixtures import csv_bytes, row

TAX = load_taxonomy()
TEMPLATE = "{{ 7*7 }}{% for x in range(3) %}x{% endfor %}"
XSS = '<img src=x onerror="window.__xss=1"></script><script>window.__xss=2</script>${1}`'


@pytest.fixture(scope="module")
def demo(real_boundaries):
    prep = prepare(validate_file(DEMO_FILE, 2017).accepted, 2017)
    return prep, compute_view(prep, {}, "gemeente", TAX["fase"].codes)


def _data(html: str) -> dict:
    soup = BeautifulSoup(html, "html.parser")
    return json.loads(soup.find("script", id="swk-embed-data").string)


def test_parse_filters():
    assert parse_filters(None) == FILTER_DIMS
    assert parse_filters("fase, thema") == ("thema", "fase")  # page order, not typing order
    assert parse_filters("none") == parse_filters("") == ()
    with pytest.raises(ValueError, match="onbekend filter jaar"):
        parse_filters("thema,jaar")


def test_default_export_offers_four_labelled_toggle_groups_and_a_compact_table(demo):
    prep, view = demo
    html = export_html(prep, view, ExportSpec(basemap="geen", demo=True), {}, TAX)
    soup = BeautifulSoup(html, "html.parser")
    sets = soup.select("form.swk-form fieldset")
    assert [f["data-dim"] for f in sets] == list(FILTER_DIMS)
    assert [f.legend.get_text() for f in sets] == ["Thema", "Fase (intensiteit)", "Instrument", "Zorgverzekeraar"]
    for f in sets:  # a real checkbox inside its label, one per option, all ticked (no filter in the export)
        boxes = f.select("label.swk-opt > input[type=checkbox]")
        assert [b["value"] for b in boxes] == TAX[f["data-dim"]].codes
        assert all(b.has_attr("checked") for b in boxes)
        assert [b.get_text() for b in f.select("button[type=button]")] == ["alle", "geen"]
    data = _data(html)
    p = data["p"]
    assert len(p["t"]) == len(p["a"]) == len(prep.projects) == 1500
    # the shipped project -> area table gives the same count per municipality as the Python summary
    counts = [0] * len(data["areas"]["codes"])
    for areas in p["a"]:
        for a in areas:
            counts[a] += 1
    assert data["areas"]["codes"] == view.summary["code"].tolist()
    assert counts == view.summary["n_projecten"].tolist()
    raw = html.encode()
    assert len(raw) <= 600_000 and len(gzip.compress(raw)) <= 200_000, (len(raw), len(gzip.compress(raw)))


def test_filter_choice_and_a_narrowed_start(demo):
    prep, view = demo
    selection = {"thema": ["ouderen", "ggz"], "niveau": ["gemeente"]}
    narrowed = compute_view(prep, selection, "gemeente", TAX["fase"].codes)
    html = export_html(prep, narrowed, ExportSpec(basemap="geen", filters=("thema", "fase")), selection, TAX)
    soup = BeautifulSoup(html, "html.parser")
    assert [f["data-dim"] for f in soup.select("fieldset.swk-dim")] == ["thema", "fase"]
    ticked = [b["value"] for b in soup.select('input[name="thema"][checked]')]
    assert ticked == ["ouderen", "ggz"]
    data = _data(html)
    # the filter the page does not offer (niveau) is applied before shipping and stays in the subtitle
    assert len(data["p"]["t"]) == len(prep.projects[prep.projects["niveau"] == "gemeente"])
    assert [k for k, _ in data["subtitle"]] == ["thema", "fase", "niveau"]
    assert data["subtitle"][2][1] == "niveau: " + TAX["niveau"].labels()["gemeente"]
    for kind, spec in [("none", ExportSpec(basemap="geen", filters=())), ("markers", ExportSpec(basemap="geen", markers=True)),
                       ("venster", ExportSpec(view_kind="venster", basemap="geen", values={}))]:
        plain = export_html(prep, view, spec, {}, TAX)
        assert "swk-embed-data" not in plain and "swk-filters" not in plain, kind


def test_cli_filters_option(real_boundaries, tmp_path, capsys):
    def run(*extra):
        out = tmp_path / "k.html"
        res = run_cli(capsys, "export", "html", "--out", str(out), "--no-basemap", *extra)
        return res, (out.read_text() if res.returncode == 0 else "")

    res, html = run("--filters", "thema,zorgverzekeraar")
    assert res.returncode == 0, res.stderr
    assert [f["data-dim"] for f in BeautifulSoup(html, "html.parser").select("fieldset.swk-dim")] == ["thema", "zorgverzekeraar"]
    res, html = run("--filters", "none")
    assert res.returncode == 0 and "swk-filters" not in html
    res, _ = run("--filters", "kleur")
    assert res.returncode == 2 and "onbekend filter kleur" in res.stderr
    res, _ = run("--markers", "--filters", "thema")
    assert res.returncode == 2 and "--markers" in res.stderr


def test_hostile_names_reach_the_page_only_as_inert_data(real_boundaries):
    data = csv_bytes([row("H1", naam=TEMPLATE, gemeenten="Utrecht"), row("H2", naam=XSS, gemeenten="Zeist", thema="ggz")])
    res = validate_file(data, 2017, filename=f"{TEMPLATE}.csv")
    prep = prepare(res.accepted, 2017)
    view = compute_view(prep, {}, "gemeente", TAX["fase"].codes)
    html = export_html(prep, view, ExportSpec(basemap="geen", source=res.source), {}, TAX)
    block = re.search(r'<script type="application/json" id="swk-embed-data">(.*?)</script>', html, re.S).group(1)
    assert "{{" not in block and "{%" not in block and "<" not in block  # no template tag, no markup, no </script>
    shipped = json.loads(block)
    assert sorted(shipped["p"]["n"]) == sorted([TEMPLATE, XSS])  # the browser gets the names back exactly
    assert TEMPLATE in BeautifulSoup(html, "html.parser").find(class_="swk-source").get_text()  # not rendered
    assert "window.__xss=2</script>" not in html and '<img src=x onerror="window.__xss=1">' not in html

"""User text is data, never template, markup or code: attacks on every path that draws user text.

folium/branca render an element's output a second time as a Jinja template, so a project name
``{{ ... }}`` would run on the server. Every test here puts attack strings where a user can put
text (project fields, file names, region names, boundary names, CLI titles) and checks three
things: nothing was evaluated (no ``ZQZQ…`` from ``{{ 'ZQ'*7 }}``, no marker file), the literal
text comes out in the output (escaped), and nothing crashed on ``{%``/``{#``.
"""
from __future__ import annotations

import functools
import html
import json
import re
import shutil
from pathlib import Path

import folium
import geopandas as gpd
import pandas as pd
import pytest
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from shapely.geometry import box

from geo.config import REPO_ROOT
from inventory.taxonomy import load_taxonomy
from tabular.text import strip_invisible
from layers.areas import AreaLayer
from layers.compose import MapSpec, build_map
from layers.escape import esc, md, script_json
from layers.legend import Legend
from layers.markers import ProjectMarkers
from layers.outlines import outline_layer
from tests.cli_run import run_cli
from tests.inventory_fixtures import HEADER, csv_bytes, row

TAX = load_taxonomy()
EVALUATED = "ZQZQZQZQZQZQZQ"  # what {{ 'ZQ'*7 }} becomes when a template engine runs it


def attacks(marker: Path) -> list[str]:
    """Payloads for every interpreter on the way; the chain would create ``marker`` if it ran."""
    chain = "{{ cycler.__init__.__globals__.os.popen('touch " + str(marker) + "').read() }}"
    return [
        "{{ 'ZQ'*7 }}", "{{ 7*7 }}", "{% for x in range(3) %}x{% endfor %}", "{# comment", "{% broken",
        chain, "Budget {{ bedrag }} euro", "{{", "}}", "${7*7}`${'ZQ'.repeat(7)}`",
        "</script><script>window.__xss=1</script>", '<img src=x onerror="window.__xss=1">', "\"'</div>&amp;",
        "[phish](https://evil.example/login)", "![p](http://127.0.0.1:9/x.png)", "# kop", "\u202eDE GNEROR\u202c",
        "zero\u200bwidth\ufeff", "a\\b $x$ \\(y\\)",
    ]


def _areas(names: list[str]) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {"code": [f"GM{i:04d}" for i in range(len(names))], "naam": names,
         "n_projecten": list(range(1, len(names) + 1)), "hoogste_fase": ["opstart"] * len(names),
         "dominante_groep": ["cz"] * len(names), "n_groep": [1] * len(names)},
        geometry=[box(4 + 0.05 * i, 52, 4.04 + 0.05 * i, 52.04) for i in range(len(names))], crs=4326)


def _rendered(m: folium.Map) -> str:
    return m.get_root().render()


def _payloads(page: str, var: str = "d") -> list[dict]:
    """The JSON data our elements hand to the browser (``var d = {...};``), decoded as JS would."""
    return [json.loads(m) for m in re.findall(rf"var {var} = (\{{.*?\}});\n", page)]


def label_texts(page: str) -> list[str]:
    """The names our label layers write on the map, as the browser builds them (layers.outlines.NameLabels)."""
    return [BeautifulSoup(f'<div class="{p["css"]}">{name}</div>', "html.parser").get_text()
            for p in _payloads(page) if "labels" in p and "css" in p for _, _, name in p["labels"]]


def _assert_not_evaluated(page: str, marker: Path) -> None:
    assert EVALUATED not in page
    assert not marker.exists(), "a template payload ran a command on the server"


# -- the attack is real: plain folium evaluates user text (so these tests can fail) ------------------

def test_plain_folium_evaluates_user_text_as_template(tmp_path):
    """The library behaviour we defend against; if folium fixes it this test tells us."""
    m = folium.Map(tiles=None)
    folium.Marker([52, 5], tooltip="{{ 'ZQ'*7 }}").add_to(m)
    assert EVALUATED in _rendered(m)


# -- the escaping helpers -----------------------------------------------------------------------------

def test_esc_neutralises_every_interpreter():
    out = esc("{{ 7*7 }} {% x %} {# y #} <b> `${z}` \\ \u202e")
    assert "{" not in out and "}" not in out and "<" not in out and "`" not in out and "$" not in out
    assert "\\" not in out and "\u202e" not in out
    assert html.unescape(out) == "{{ 7*7 }} {% x %} {# y #} <b> `${z}` \\ "


def test_script_json_has_no_template_delimiters_and_round_trips():
    data = {"a": "{{ 7*7 }}", "b": ["{%", "#}", "</script>"], "{{k}}": {"n": 1}}
    text = script_json(data)
    assert "{{" not in text and "{%" not in text and "{#" not in text and "<" not in text
    assert json.loads(text) == data


@given(st.text())
@example("{{ 7*7 }}")
@example("{% if %}{#")
@settings(max_examples=300, deadline=None)
def test_script_json_round_trips_any_text(text):
    out = script_json({"t": text, "l": [text, {"x": text}]})
    assert "{{" not in out and "{%" not in out and "{#" not in out and "</" not in out
    assert json.loads(out) == {"t": text, "l": [text, {"x": text}]}


def _md_html(text: str) -> str:
    from markdown_it import MarkdownIt

    return MarkdownIt("gfm-like").render(text)


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=80))
@settings(max_examples=300, deadline=None)
def test_md_escaped_text_renders_as_the_same_plain_text(text):
    rendered = _md_html(md(text))
    soup = BeautifulSoup(rendered, "html.parser")
    assert not soup.find(["a", "img", "h1", "h2", "h3", "h4", "h5", "h6", "em", "strong", "code", "ul", "ol",
                          "blockquote", "table", "hr", "del", "pre"])
    expected = " ".join(strip_invisible(text).split())
    assert " ".join(soup.get_text().split()) == expected


@pytest.mark.parametrize("text", ["[phish](https://evil.example/login)", "![p](http://host/x.png)", "# kop",
                                  "https://evil.example/x", "www.evil.example", "<b>x</b>", ":red[rood]", "$x^2$"])
def test_md_blocks_links_images_headings(text):
    soup = BeautifulSoup(_md_html("Bron: " + md(text)), "html.parser")
    assert not soup.find(["a", "img", "h1", "b"]) and soup.get_text().strip() == "Bron: " + text


# -- every layer builder ------------------------------------------------------------------------------

def test_every_layer_keeps_attack_text_literal(tmp_path):
    marker = tmp_path / "pwned"
    names = attacks(marker)
    summary = _areas(names)
    points = pd.DataFrame({"marker_lat": [52.0 + 0.01 * i for i in range(len(names))], "marker_lon": 5.0,
                           "naam": names, "thema": "ouderen", "fase": "opstart", "instrument": "beleid",
                           "niveau": "gemeente", "zorgverzekeraars": names, "gemeente_namen": [";".join(names)] * len(names)})
    for view in ("count", "fase", "insurer"):
        spec = MapSpec(summary, view, "gemeente", outlines=_areas(names), points=points, selected="GM0001",
                       source=" ".join(names), basemap="geen")
        page = _rendered(build_map(spec, TAX))
        _assert_not_evaluated(page, marker)
        expected = [strip_invisible(n) for n in names]
        areas = [p for p in _payloads(page) if "props" in p]
        assert len(areas) == 2  # the filled layer and the outlines
        for layer in areas:
            assert [html.unescape(p[1]) for p in layer["props"]] == expected
        markers = next(p for p in _payloads(page) if "rows" in p)
        assert [html.unescape(r[2]) for r in markers["rows"]] == expected
        assert [html.unescape(r[7]) for r in markers["rows"]] == expected
        assert [html.unescape(n) for n in markers["names"]] == expected[:8]
        soup = BeautifulSoup(page, "html.parser")
        note = soup.select_one(".swk-legend-note").get_text()
        assert note.endswith(" ".join(expected) + "; kaart: CBS/Kadaster, CC-BY 4.0")
        assert label_texts(page) == expected
        assert not soup.find("img") and "window.__xss=1</script>" not in page


def test_legend_title_and_items_literal(tmp_path):
    marker = tmp_path / "pwned"
    for text in attacks(marker):
        m = folium.Map(tiles=None)
        m.add_child(Legend(text, [("#fff", text)], note=text))
        soup = BeautifulSoup(_rendered(m), "html.parser")
        assert soup.select_one(".swk-legend-title").get_text() == strip_invisible(text)
        assert soup.select_one(".swk-legend-item").get_text() == strip_invisible(text)
        assert soup.select_one(".swk-legend-note").get_text() == strip_invisible(text)
    assert not marker.exists()


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=60))
@example("{{ 'ZQ'*7 }}")
@example("{% for x in range(3) %}x{% endfor %}")
@example("{# c")
@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_any_text_survives_rendering_literally(text):
    """Arbitrary text through the area layer, markers, outline labels and legend comes out as typed."""
    gdf = _areas([text])
    m = folium.Map(tiles=None)
    m.add_child(AreaLayer(gdf, "x"))
    pts = pd.DataFrame({"marker_lat": [52.0], "marker_lon": [5.0], "naam": [text]})
    m.add_child(ProjectMarkers(pts, {}, {}))
    outline_layer(gdf).add_to(m)
    m.add_child(Legend(text, [], note=text))
    page = _rendered(m)
    want = strip_invisible(text)
    layers = _payloads(page)
    assert html.unescape(next(p for p in layers if "props" in p)["props"][0][1]) == want
    assert html.unescape(next(p for p in layers if "rows" in p)["rows"][0][2]) == want
    assert label_texts(page) == [want]
    soup = BeautifulSoup(page, "html.parser")
    assert soup.select_one(".swk-legend-title").get_text() == want
    assert soup.select_one(".swk-legend-note").get_text() == want


# -- exports through the CLI ----------------------------------------------------------------------------

@pytest.fixture()
def cli(capsys):
    """``python cli.py ...`` in this process (``tests.cli_run``): a template that ran would run here too."""
    return functools.partial(run_cli, capsys)


@pytest.fixture
def hostile_inventory(tmp_path, real_boundaries):
    """A valid inventory whose text fields are attacks, in a file whose name is one too."""
    marker = tmp_path / "pwned"
    texts = attacks(marker)
    places = ["Groningen", "Maastricht", "Middelburg", "Enschede", "Amsterdam", "Utrecht", "Zwolle", "Leeuwarden",
              "Arnhem", "Breda", "Tilburg", "Den Helder", "Assen", "Lelystad", "Haarlem", "Delft", "Emmen", "Venlo",
              "Almere"]
    rows = [row(f"X{i}", naam=t, gemeenten=g, omschrijving=t) for i, (t, g) in enumerate(zip(texts, places))]
    path = tmp_path / "{{ 'ZQ'*7 }} [x](https:evil) {% if 1 %}.csv"
    path.write_bytes(csv_bytes(rows))
    return path, marker, texts


@pytest.mark.parametrize("kind,ext,extra", [
    ("html", "html", ["--markers"]), ("html", "html", []), ("html", "html", ["--level", "zorgkantoorregio"]),
    ("png", "png", ["--view", "fase"]), ("pdf", "pdf", ["--region", "ZK22"]), ("table", "xlsx", []), ("table", "csv", []),
])
def test_cli_exports_of_a_hostile_inventory(hostile_inventory, tmp_path, kind, ext, extra, cli):
    path, marker, texts = hostile_inventory
    out = tmp_path / f"out.{ext}"
    title = "Titel {{ 'ZQ'*7 }} {% for %} $\\frac{1}{2}$"
    res = cli("export", kind, "--out", str(out), "--inventory", str(path), "--title", title, *extra)
    assert res.returncode == 0, res.stderr
    assert not marker.exists()
    data = out.read_bytes()
    assert EVALUATED.encode() not in data
    if kind == "html":
        page = data.decode()
        soup = BeautifulSoup(page, "html.parser")
        assert soup.h1.get_text() == title and soup.title.get_text() == title
        assert path.name in soup.select_one(".swk-source").get_text()
        if "--markers" in extra:
            rows = next(p for p in _payloads(page) if "rows" in p)["rows"]
            assert sorted(html.unescape(r[2]) for r in rows) == sorted(strip_invisible(t) for t in texts)
    if ext == "csv":
        table = pd.read_csv(out, sep=None, engine="python", dtype=str, keep_default_na=False)
        names = set(table[next(c for c in table.columns if c.lower() == "naam")])
        assert {strip_invisible(t) for t in texts if not t.startswith(("=", "+", "-", "@"))} <= \
            {n.lstrip("'") for n in names}


def test_cli_region_set_names_are_literal(tmp_path, real_boundaries, cli):
    marker = tmp_path / "pwned"
    gem = pd.read_csv(REPO_ROOT / "data" / "regions" / "demo_werkstructuur_2017.csv", dtype=str, sep=None, engine="python")
    regio_col = next(c for c in gem.columns if c.lower().startswith("regio") and "code" not in c.lower())
    first = gem[regio_col].iloc[0]
    attack = "{{ cycler.__init__.__globals__.os.popen('touch " + str(marker) + "').read() }} {{ 'ZQ'*7 }}"
    gem.loc[gem[regio_col] == first, regio_col] = attack
    regions = tmp_path / "{{ 'ZQ'*7 }}.csv"
    gem.to_csv(regions, index=False, sep=";")
    for kind, ext in (("html", "html"), ("png", "png")):
        out = tmp_path / f"r.{ext}"
        res = cli("export", kind, "--out", str(out), "--level", "regioset", "--regions", str(regions))
        assert res.returncode == 0, res.stderr
        assert EVALUATED.encode() not in out.read_bytes() and not marker.exists()
    page = (tmp_path / "r.html").read_text(encoding="utf-8")
    names = [html.unescape(p[1]) for p in next(p for p in _payloads(page) if "props" in p)["props"]]
    assert attack in names
    assert attack in BeautifulSoup(page, "html.parser").select_one("table.swk").get_text()


def test_cli_boundary_names_are_literal(tmp_path, real_boundaries, cli, monkeypatch):
    """A statnaam from a fetched (possibly hostile) boundary file is data too."""
    marker = tmp_path / "pwned"
    attack = "{{ cycler.__init__.__globals__.os.popen('touch " + str(marker) + "').read() }}{{ 'ZQ'*7 }}"
    root = tmp_path / "grenzen"
    shutil.copytree(real_boundaries, root)
    topo = root / "wgs84" / "gemeente_2015.topojson"
    doc = json.loads(topo.read_text(encoding="utf-8"))
    for g in doc["objects"]["gemeente_2015"]["geometries"]:
        if g["properties"]["statcode"] == "GM0363":
            g["properties"]["statnaam"] = attack
    topo.write_text(json.dumps(doc), encoding="utf-8")
    monkeypatch.setenv("SAMENWERKINGSKAART_BOUNDARIES", str(root))
    out = tmp_path / "b.html"
    res = cli("export", "html", "--out", str(out), "--no-basemap")
    assert res.returncode == 0, res.stderr
    page = out.read_text(encoding="utf-8")
    assert EVALUATED not in page and not marker.exists()
    props = next(p for p in _payloads(page) if "props" in p)["props"]
    assert html.unescape(dict((p[0], p[1]) for p in props)["GM0363"]) == attack


# -- import: invisible characters are removed and reported -------------------------------------------

def test_invisible_characters_are_stripped_at_import_and_reported(real_boundaries):
    from inventory.validate import validate_file

    data = csv_bytes([row("B1", naam="\u202eabc\u202c"), row("B2", naam="zero\u200bwidth"), row("B3", naam="gewoon")])
    result = validate_file(data, 2017, filename="a\u200b.csv")
    assert list(result.accepted["naam"]) == ["abc", "zerowidth", "gewoon"]
    assert result.source == "a.csv"
    fixed = result.corrections
    assert set(fixed["rij"]) == {0, 2, 3} and "U+202E" in " ".join(fixed["correctie"])
    assert result.report()["corrections"] and "gecorrigeerd" in result.summary()


def test_no_code_path_evaluates_or_shells_out():
    """Defence in depth: no eval/exec/pickle/shell in the code that handles user input."""
    pattern = re.compile(r"\b(eval|exec)\(|\bpickle\b|shell\s*=\s*True|os\.system\(|__import__\(")
    offenders = []
    for path in REPO_ROOT.glob("**/*.py"):
        rel = path.relative_to(REPO_ROOT)
        if rel.parts[0] in (".venv", "node_modules", "tests", "static"):
            continue
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if pattern.search(line):
                offenders.append(f"{rel}:{n}: {line.strip()}")
    assert not offenders, offenders


# -- the app (AppTest) --------------------------------------------------------------------------------

def _map_args(at) -> str:
    comps = [c for c in at.get("component_instance") if c.proto.component_name == "streamlit_folium.st_folium"]
    assert comps, "no map on the page"
    return " ".join(c.proto.json_args for c in comps)


def _all_markdown(at) -> list[str]:
    kinds = ("markdown", "caption", "subheader", "header", "title", "warning", "error", "info", "success", "expander")
    out = []
    for kind in kinds:
        for el in at.get(kind):
            out.append(getattr(el, "value", None) or getattr(el.proto, "body", "") or getattr(el, "label", ""))
    return [str(v) for v in out]


@pytest.mark.parametrize("page", ["kaart", "vlekken", "verandering"])
def test_app_with_hostile_upload_and_file_name(hostile_inventory, page):
    from tests.apptest import app_test

    path, marker, texts = hostile_inventory
    data = path.read_bytes()
    # an unknown column whose header is Markdown, too
    header = (HEADER + ["[phish](https://evil.example/login) ![p](http://127.0.0.1:9/x.png)"])
    lines = data.decode("utf-8").split("\r\n")
    lines[0] = ";".join(header)
    lines[1:] = [ln + ";x" if ln else ln for ln in lines[1:]]
    data = "\r\n".join(lines).encode()
    at = app_test(120).run()
    at.file_uploader(key="upload").set_value((path.name, data, "text/csv")).run()
    at.checkbox(key="use_upload").check().run()
    at.toggle(key="markers").set_value(True).run()
    if page != "kaart":
        at.radio(key="page").set_value(page).run()
    if page == "verandering":  # a second hostile file, of another year, to compare with
        at.file_uploader(key="upload_compare").set_value(("{{ 'ZQ'*7 }} 2025 [y](https:evil).csv", data, "text/csv"))
        at.number_input(key="compare_year").set_value(2025).run()
    assert not at.exception, [e.value for e in at.exception]
    assert not marker.exists()
    args = _map_args(at)
    assert EVALUATED not in args
    shown = _all_markdown(at)
    assert any(md(path.name) in t for t in shown)  # the report names the file (escaped)
    if page == "kaart":
        assert any("phish" in t for t in shown)  # the ignored column is reported (escaped)
    for text in shown:
        soup = BeautifulSoup(_md_html(text), "html.parser")
        assert not soup.find(["a", "img"]), text
        assert EVALUATED not in text
    if page == "kaart":
        # the file name reaches the legend's source line, and project names the markers, escaped
        assert esc(path.name) in args
        script = " ".join(json.loads(c.proto.json_args)["script"] for c in at.get("component_instance")
                          if c.proto.component_name == "streamlit_folium.st_folium")
        rows = next(p for p in _payloads(script) if "rows" in p)["rows"]
        assert sorted(html.unescape(r[2]) for r in rows) == sorted(strip_invisible(t) for t in texts)


def test_app_region_set_with_hostile_names(tmp_path, real_boundaries):
    """A region name (profile subheader, map, level label) and the set's file name stay text."""
    from tests.apptest import app_test

    marker = tmp_path / "pwned"
    attack = "[phish](https://evil.example) {{ cycler.__init__.__globals__.os.popen('touch " + str(marker) + "').read() }}"
    gem = pd.read_csv(REPO_ROOT / "data" / "regions" / "demo_werkstructuur_2017.csv", dtype=str, sep=None, engine="python")
    regio_col = next(c for c in gem.columns if c.lower().startswith("regio") and "code" not in c.lower())
    gem.loc[gem[regio_col] == gem[regio_col].iloc[0], regio_col] = attack
    data = gem.to_csv(index=False, sep=";").encode()
    at = app_test(120).run()
    at.file_uploader(key="upload_regions").set_value(("![x](http://127.0.0.1:9/y.png) {{ 'ZQ'*7 }}.csv", data, "text/csv")).run()
    at.radio(key="level").set_value("regioset").run()
    assert not at.exception, [e.value for e in at.exception]
    args = _map_args(at)
    assert EVALUATED not in args and not marker.exists()
    script = json.loads(at.get("component_instance")[0].proto.json_args)["script"]
    names = [html.unescape(p[1]) for p in next(p for p in _payloads(script) if "props" in p)["props"]]
    assert attack in names
    for text in _all_markdown(at) + list(at.radio(key="level").options):
        soup = BeautifulSoup(_md_html(text), "html.parser")
        assert not soup.find(["a", "img"]), text
        assert EVALUATED not in text
    region_code = next(c for c, n in zip(*_region_codes(script)) if n == attack)
    at.selectbox(key="area_select").set_value(region_code).run()
    assert not at.exception
    header = next(h.value for h in at.header if h.value.startswith("Profiel"))
    assert header == "Profiel: " + md(attack)
    assert not marker.exists()


def _region_codes(script: str) -> tuple[list[str], list[str]]:
    props = next(p for p in _payloads(script) if "props" in p)["props"]
    return [p[0] for p in props], [html.unescape(p[1]) for p in props]

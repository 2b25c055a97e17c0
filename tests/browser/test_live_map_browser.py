"""The app's map stays in place: a filter change restyles the drawn areas and a click opens the
profile, without rebuilding the map iframe (layers/live.py, ui/fragments.py)."""
from __future__ import annotations

import json

import pytest

from analysis.filter import filter_projects
from analysis.view import compute_view
from layers.choropleth import fixed_classes, stable_breaks
from tests.browser.conftest import screenshot
from tests.browser.test_app_browser import _map_frame

pytestmark = pytest.mark.browser

FILLS = "() => Array.from(document.querySelectorAll('path.leaflet-interactive'), p => p.getAttribute('fill')).join(',')"
LEGEND = "() => Array.from(document.querySelectorAll('.swk-legend-item'), e => e.textContent.trim())"


def _open(browser, app_url: str):
    """A fresh desktop browser context on the app, with its map drawn: (context, page, map frame, page errors)."""
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = ctx.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(app_url, wait_until="domcontentloaded")
    frame = _map_frame(page)
    frame.wait_for_selector("path.leaflet-interactive", timeout=30_000)
    return ctx, page, frame, errors


def mouse_click_area(page, frame, code: str) -> None:
    """A real mouse click (move, press, release) in the middle of one area's polygon, as a person
    does it: a dispatched click event would skip what the press does (focus, scrolling)."""
    x, y = frame.evaluate("""code => { let r = null; window.map.eachLayer(l => {
        if (l.feature && l.feature.properties.code === code && l._path && l.options.interactive !== false) {
          const b = l._path.getBoundingClientRect(); r = [b.x + b.width / 2, b.y + b.height / 2]; } }); return r; }""", code)
    box = frame.frame_element().bounding_box()
    page.mouse.move(box["x"] + x - 30, box["y"] + y - 30)
    page.mouse.move(box["x"] + x, box["y"] + y, steps=4)
    page.mouse.click(box["x"] + x, box["y"] + y)


def test_filter_restyles_the_same_map_and_click_opens_the_profile(browser, app_url, real_boundaries):
    from analysis.prepare import prepare
    from inventory.demo import DEMO_FILE
    from inventory.taxonomy import load_taxonomy
    from inventory.validate import validate_file

    tax = load_taxonomy()
    ctx, page, frame, errors = _open(browser, app_url)
    # drawn after the areas (layers/afterpaint.py): zorgkantoorregio outlines with their names, and the basemap
    frame.wait_for_function("""() => document.querySelectorAll('.swk-region-label').length >= 30
        && document.querySelectorAll('.leaflet-overlay-pane path:not(.leaflet-interactive)').length >= 30
        && document.querySelector('.leaflet-tile-pane .leaflet-layer')""", timeout=30_000)
    page.wait_for_timeout(1000)
    frame.evaluate("() => { window.__sameMap = 1; }")  # gone if the iframe were rebuilt
    fills = frame.evaluate(FILLS)

    pill = page.locator('section[data-testid="stSidebar"] button', has_text="GGZ").first  # the Thema chip: only GGZ
    pill.scroll_into_view_if_needed()
    pill.click()
    frame.wait_for_function(f"f => ({FILLS})() !== f", arg=fills, timeout=30_000)
    page.wait_for_timeout(800)
    assert frame.evaluate("() => window.__sameMap") == 1

    # the legend follows: the count classes Python computes for the same selection
    projects = validate_file(DEMO_FILE, 2017).accepted
    prep = prepare(projects, 2017)
    view = compute_view(prep, {"thema": ["ggz"]}, "gemeente", tax["fase"].codes)
    assert len(filter_projects(projects, {"thema": ["ggz"]})) == len(view.filtered)
    everything = compute_view(prep, {}, "gemeente", tax["fase"].codes)  # fixed classes: from the whole inventory
    _, labels = fixed_classes(view.summary["n_projecten"].to_numpy(), stable_breaks(everything.summary["n_projecten"]))
    assert frame.evaluate(LEGEND) == ["geen projecten", *labels]
    # "geen projecten" is the hatch (layers/hatch.py): defined in the map's page, on areas and the legend swatch
    assert frame.evaluate("""() => !!document.getElementById('swk-geen-projecten')
        && document.querySelectorAll('path[fill="url(#swk-geen-projecten)"]').length > 0
        && document.querySelector('.swk-legend-item .swk-swatch').classList.contains('swk-hatch')""")

    # one real mouse click on Amsterdam (the map's bottom is below the window): the profile opens,
    # the page does not scroll, the outline is drawn, still the same map
    scrolled = "() => document.querySelector('[data-testid=stMain]').scrollTop"
    before = page.evaluate(scrolled)
    mouse_click_area(page, frame, "GM0363")
    page.get_by_text("Profiel: Amsterdam").wait_for(timeout=60_000)
    assert page.evaluate(scrolled) == before
    frame.wait_for_selector('path[stroke="#e8006f"]', state="attached", timeout=30_000)
    assert frame.evaluate("() => window.__sameMap") == 1
    assert "gebied=GM0363" in page.url
    screenshot(page, "app_live_click_amsterdam")
    assert not errors
    ctx.close()


# the areas whose colour differs from what the browser predicted when the chip changed
MISPREDICTED = """() => { const D = window.__swkLive, S = window.swkLive, layers = window.SwkFilter.areaLayers(window.map);
  return D.areas.codes.filter((c, a) => layers[c] && layers[c].options.fillColor !== S.fills[a]); }"""
IDLE = "() => !/Bezig|Running/.test(document.querySelector('[data-testid=\"stStatusWidget\"]')?.textContent || '')"


def _chip(page, key: str, text: str):
    chip = page.locator(f'section[data-testid="stSidebar"] .st-key-{key} button[aria-pressed]', has_text=text).first
    chip.scroll_into_view_if_needed()
    return chip


def test_chip_recolours_in_the_browser_as_the_server_does(browser, app_url, real_boundaries):
    """A chip click recolours the map in the browser (static/swk/livefilter.js) before the server answers;
    the server's overlay then sets exactly the same colours, for fixed and quantile classes, the fase
    view and filters on thema, zorgverzekeraar and niveau."""
    ctx, page, frame, errors = _open(browser, app_url)
    _chip(page, "f_thema", "GGZ").wait_for(timeout=30_000)  # the rest of the page follows the map
    frame.wait_for_function("() => window.swkLive && window.__swkView", timeout=30_000)

    def click_and_check(key: str, text: str, clicks_before: int) -> None:
        fills = frame.evaluate(FILLS)
        _chip(page, key, text).click()
        frame.wait_for_function(f"n => window.swkLive.recoloured > n && ({FILLS})() !== {json.dumps(fills)}",
                                arg=clicks_before, timeout=30_000)
        page.wait_for_timeout(600)
        page.wait_for_function(IDLE, timeout=60_000)
        page.wait_for_timeout(600)
        assert frame.evaluate(MISPREDICTED) == []  # the server's answer changed nothing

    click_and_check("f_thema", "GGZ", 0)
    page.get_by_text("Kwantielen van wat getoond wordt").click()
    page.wait_for_function(IDLE, timeout=60_000)
    frame.wait_for_function("() => window.__swkView.breaks === null", timeout=30_000)
    click_and_check("f_zorgverzekeraar", "Menzis", frame.evaluate("() => window.swkLive.recoloured"))
    page.get_by_text("Hoogste fase", exact=True).click()
    page.wait_for_function(IDLE, timeout=60_000)
    frame.wait_for_function("() => window.__swkView.view === 'fase'", timeout=30_000)
    click_and_check("f_niveau", "Wijk", frame.evaluate("() => window.swkLive.recoloured"))
    assert frame.evaluate("() => window.__sameMap === undefined || window.__sameMap === 1")
    assert not errors
    ctx.close()


OBJECT_WORDS = ("__proto__", "constructor", "toString")  # region codes and names that a plain {} answers itself
# the drawn (interactive) areas by code, and those whose colour differs from the browser's prediction; a Map,
# so these checks do not stumble over the same codes
DRAWN = """() => { const out = new Map(); window.map.eachLayer(l => { const p = l.feature && l.feature.properties;
  if (p && p.fill != null && l.options.interactive !== false && l.setStyle) out.set(p.code, l); }); return out; }"""
CHECK = f"""() => {{ const drawn = ({DRAWN})(), D = window.__swkLive, S = window.swkLive;
  return {{drawn: Array.from(drawn.keys()),
          wrong: S.fills ? D.areas.codes.filter((c, a) => drawn.has(c) && drawn.get(c).options.fillColor !== S.fills[a]) : null,
          tips: {json.dumps(list(OBJECT_WORDS))}.filter(c => drawn.has(c)).map(c => drawn.get(c).getTooltip().getContent())}}; }}"""


@pytest.fixture(scope="module")
def object_word_regions_app(tmp_path_factory, real_boundaries):
    """The app with a published region set whose first three regions are called (code and name)
    ``__proto__``, ``constructor`` and ``toString``."""
    import pandas as pd

    import store
    from geo.regionsets import DEMO_REGION_SET
    from tests.browser.conftest import start_streamlit, stop_streamlit

    d = tmp_path_factory.mktemp("objectwords")
    regions = pd.read_csv(DEMO_REGION_SET, dtype=str)
    for old, new in zip(list(dict.fromkeys(regions["regio_code"]))[:3], OBJECT_WORDS):
        regions.loc[regions["regio_code"] == old, ["regio_code", "regio"]] = [new, new]
    regions.to_csv(d / "regios.csv", index=False)
    url = f"sqlite:///{d}/kaart.sqlite"
    store.import_file(store.get_engine(url), d / "regios.csv", "regio", year=2017, publish=True, by="test")
    proc, app = start_streamlit({store.ENV_VAR: url})
    yield app
    stop_streamlit(proc)
    store.dispose_all()


@pytest.mark.parametrize("focus", [None, "regioset:W06"])
def test_region_codes_that_are_object_properties_recolour_without_errors(browser, object_word_regions_app, focus):
    """Codes such as ``__proto__`` broke the browser's recolouring ('Cannot read properties of undefined':
    a faded area outside the focus was looked up in a plain {}), and the server's restyle gave the
    ``__proto__`` area no colour."""
    query = "?niveau_kaart=regioset" + (f"&regio={focus}" if focus else "")
    ctx, page, frame, errors = _open(browser, object_word_regions_app + "/" + query)
    _chip(page, "f_thema", "GGZ").wait_for(timeout=30_000)
    frame.wait_for_function("() => window.swkLive && window.__swkView", timeout=30_000)
    before = frame.evaluate(CHECK)
    assert (set(OBJECT_WORDS) <= set(before["drawn"])) is (focus is None)  # outside the focus: faded, not drawn
    _chip(page, "f_thema", "GGZ").click()
    frame.wait_for_function("() => window.swkLive.recoloured > 0", timeout=30_000)
    page.wait_for_timeout(600)
    page.wait_for_function(IDLE, timeout=60_000)
    page.wait_for_timeout(600)
    after = frame.evaluate(CHECK)
    assert after["wrong"] == [] and not errors, (after["wrong"], errors)  # the server agrees, area by area
    if focus is None:
        assert [t.split("</strong>")[0] for t in after["tips"]] == [f"<strong>{w}" for w in OBJECT_WORDS]
        assert all("project" in t for t in after["tips"])
        screenshot(page, "app_live_object_word_regions")
    ctx.close()

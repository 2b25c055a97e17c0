"""The app's map stays in place: a filter change restyles the drawn areas and a click opens the
profile, without rebuilding the map iframe (layers/live.py, ui/fragments.py)."""
from __future__ import annotations

import pytest

from analysis.filter import filter_projects
from analysis.view import compute_view
from layers.choropleth import fixed_classes, stable_breaks
from tests.browser.conftest import screenshot
from tests.browser.test_app_browser import _map_frame

pytestmark = pytest.mark.browser

FILLS = "() => Array.from(document.querySelectorAll('path.leaflet-interactive'), p => p.getAttribute('fill')).join(',')"
LEGEND = "() => Array.from(document.querySelectorAll('.swk-legend-item'), e => e.textContent.trim())"


def test_filter_restyles_the_same_map_and_click_opens_the_profile(browser, app_url, real_boundaries):
    from analysis.prepare import prepare
    from inventory.demo import DEMO_FILE
    from inventory.taxonomy import load_taxonomy
    from inventory.validate import validate_file

    tax = load_taxonomy()
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = ctx.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(app_url, wait_until="domcontentloaded")
    frame = _map_frame(page)
    frame.wait_for_selector("path.leaflet-interactive", timeout=30_000)
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

    # a click on Amsterdam: the profile opens, the outline is drawn, still the same map
    frame.evaluate("""() => { window.map.eachLayer(l => {
        if (l.feature && l.feature.properties.code === 'GM0363' && l._path && l.options.interactive !== false) {
          l._path.setAttribute('data-test', 'GM0363'); } }); }""")
    frame.locator('[data-test="GM0363"]').dispatch_event("click")
    page.get_by_text("Profiel: Amsterdam").wait_for(timeout=60_000)
    frame.wait_for_selector('path[stroke="#e8006f"]', state="attached", timeout=30_000)
    assert frame.evaluate("() => window.__sameMap") == 1
    assert "gebied=GM0363" in page.url
    screenshot(page, "app_live_click_amsterdam")
    assert not errors
    ctx.close()

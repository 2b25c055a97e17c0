"""The filterable HTML export from file:// with the network blocked: toggles recompute everything in
the page, exactly as the Python export of the same filters, and hostile names stay text."""
from __future__ import annotations

import subprocess
import sys

import pytest

from geo.config import REPO_ROOT
from inventory.taxonomy import load_taxonomy
from tests.browser.conftest import screenshot

pytestmark = pytest.mark.browser

TAX = load_taxonomy()
READ_FILLS = """() => {
  const out = {};
  for (const k in window) {
    if (/^map_[0-9a-f]+$/.test(k) && window[k] instanceof L.Map) {
      window[k].eachLayer(l => { const p = l.feature && l.feature.properties;
        if (p && p.fill != null && l.options.interactive !== false && l.setStyle) out[p.code] = l.options.fillColor; });
    }
  }
  return out;
}"""
READ_PAGE = """() => ({
  sub: document.querySelector('.swk-sub').textContent,
  legend: Array.from(document.querySelectorAll('.swk-legend-item')).map(e => [e.firstChild.style.background, e.textContent]),
  rows: Array.from(document.querySelectorAll('table.swk:not(.swk-plist) tbody tr'),
                   tr => Array.from(tr.cells, td => td.textContent)),
})"""


def _export(tmp_path, name, *extra, inventory=None) -> str:
    out = tmp_path / name
    args = [sys.executable, "cli.py", "export", "html", "--out", str(out), "--no-basemap", *extra]
    if inventory is not None:
        args += ["--inventory", str(inventory)]
    res = subprocess.run(args, cwd=REPO_ROOT, capture_output=True, text=True, timeout=120)
    assert res.returncode == 0, res.stderr
    return out.as_uri()


def _open(browser, url, min_paths=300):
    ctx = browser.new_context(viewport={"width": 1200, "height": 900})
    requests: list[str] = []

    def block(route):
        requests.append(route.request.url)
        if route.request.url.startswith(("file://", "data:")):
            route.continue_()
        else:
            route.abort()

    ctx.route("**/*", block)
    page = ctx.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(url)
    page.wait_for_function(f"document.querySelectorAll('path.leaflet-interactive').length >= {min_paths}", timeout=20_000)
    page.wait_for_function("!document.querySelector('.swk-n') || document.querySelector('.swk-n').textContent !== ''",
                           timeout=10_000)  # the page's first apply()
    return ctx, page, requests, errors


@pytest.mark.parametrize("view", ["count", "insurer"])
def test_toggling_a_theme_matches_the_python_export_of_that_filter(browser, tmp_path, view):
    url = _export(tmp_path, "alles.html", "--view", view)
    rest = [c for c in TAX["thema"].codes if c != "ouderen"]
    ref_url = _export(tmp_path, "zonder_ouderen.html", "--view", view, "--thema", ",".join(rest), "--filters", "none")

    ctx, page, requests, errors = _open(browser, url)
    before, fills_before = page.evaluate(READ_PAGE), page.evaluate(READ_FILLS)
    box = page.locator('input[name="thema"][value="ouderen"]')
    assert page.locator("label.swk-opt", has=box).inner_text().startswith("Ouderen")  # a labelled checkbox
    box.focus()
    page.keyboard.press("Space")  # keyboard, not a mouse
    page.wait_for_function("s => document.querySelector('.swk-sub').textContent !== s", arg=before["sub"])
    after, fills_after = page.evaluate(READ_PAGE), page.evaluate(READ_FILLS)
    screenshot(page, f"embed_{view}_zonder_ouderen")
    assert not errors and [r for r in requests if not r.startswith(("file://", "data:"))] == []

    ref_ctx, ref, _, ref_errors = _open(browser, ref_url)
    expected, expected_fills = ref.evaluate(READ_PAGE), ref.evaluate(READ_FILLS)
    assert not ref_errors
    # counts (subtitle and table), legend and map all changed, and equal what Python computes for that filter
    assert after["sub"] != before["sub"] and after["rows"] != before["rows"]
    assert fills_after != fills_before
    assert after["sub"] == expected["sub"]
    assert after["rows"] == expected["rows"]
    assert after["legend"] == expected["legend"]
    assert fills_after == expected_fills
    if view == "count":
        assert after["legend"] != before["legend"]  # the classes follow the counts

    # 'geen' empties the theme filter: no projects, every area grey, the table says 0
    page.locator('.swk-all button[data-dim="thema"][data-all="0"]').click()
    page.wait_for_function("document.querySelector('.swk-sub').textContent.startsWith('0 van')")
    empty = page.evaluate(READ_PAGE)
    assert {r[2] for r in empty["rows"]} == {"0"}
    assert len(set(page.evaluate(READ_FILLS).values())) == 1
    ctx.close()
    ref_ctx.close()


HOSTILE = ['<img src=x onerror="window.__xss=1">', "<script>window.__xss=1</script>", "${window.__xss=1}`", "\"'</div>",
           "{{ 7*7 }}", "{% for x in range(3) %}x{% endfor %}"]


def test_hostile_project_names_never_run_and_show_literally(browser, tmp_path):
    from tests.inventory_fixtures import csv_bytes, row

    places = ["Groningen", "Maastricht", "Middelburg", "Enschede", "Den Helder", "Venlo"]
    themes = ["ouderen", "ggz", "ouderen", "jeugd", "ouderen", "ggz"]
    rows = [row(f"X{i}", naam=name, gemeenten=g, thema=t) for i, (name, g, t) in enumerate(zip(HOSTILE, places, themes))]
    inventory = tmp_path / "{{ 7*7 }} <img src=x onerror=window.__xss=2>.csv"
    inventory.write_bytes(csv_bytes(rows))
    url = _export(tmp_path, "vijandig.html", inventory=inventory)
    ctx, page, requests, errors = _open(browser, url)
    page.locator("details.swk-projecten summary").click()
    # the list is drawn by the page's script from the shipped data: wait for it (a loaded machine is slow)
    page.wait_for_function("document.querySelectorAll('table.swk-plist tbody tr').length === 6", timeout=30_000)
    names = page.locator("table.swk-plist tbody tr td:first-child")
    assert sorted(names.all_inner_texts()) == sorted(HOSTILE)
    page.locator('input[name="thema"][value="ouderen"]').uncheck()  # toggle: redrawn from the data again
    page.wait_for_function("document.querySelectorAll('table.swk-plist tbody tr').length === 3")
    assert sorted(names.all_inner_texts()) == sorted(HOSTILE[i] for i in (1, 3, 5))
    page.locator('input[name="thema"][value="ouderen"]').check()
    page.wait_for_function("document.querySelectorAll('table.swk-plist tbody tr').length === 6")
    # tooltips are HTML: the names there are escaped too (hover each project's municipality)
    tips = page.evaluate("""() => { const out = [];
      for (const k in window) { if (/^map_[0-9a-f]+$/.test(k) && window[k] instanceof L.Map) {
        window[k].eachLayer(l => { if (l.getTooltip && l.getTooltip() && l.feature) out.push(l.getTooltip().getContent()); }); } }
      return out.join('\\n'); }""")
    assert "<img" not in tips and "<script" not in tips
    source = page.locator(".swk-source").inner_text() + page.locator(".swk-legend").inner_text()
    assert "{{ 7*7 }}" in source and "49" not in source  # the file name: text, not a template
    assert "<img src=x onerror=window.__xss=2>" in source
    screenshot(page, "embed_hostile")
    assert not page.evaluate("() => window.__xss") and not errors
    assert [r for r in requests if not r.startswith(("file://", "data:"))] == []
    ctx.close()

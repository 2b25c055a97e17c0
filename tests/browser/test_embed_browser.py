"""The filterable HTML export from file:// with the network blocked: toggles recompute everything in
the page, exactly as the Python export of the same filters, and hostile names stay text."""
from __future__ import annotations

import numpy as np
import pytest

from inventory.taxonomy import load_taxonomy
from layers.hatch import NO_PROJECTS
from tests.browser.conftest import screenshot
from tests.cli_run import run_cli

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


def _export(capsys, tmp_path, name, *extra, inventory=None) -> str:
    out = tmp_path / name
    args = ["export", "html", "--out", str(out), "--no-basemap", *extra]
    if inventory is not None:
        args += ["--inventory", str(inventory)]
    res = run_cli(capsys, *args)
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


@pytest.mark.parametrize("view,classes", [("count", "vast"), ("count", "kwantielen"), ("insurer", "vast")])
def test_toggling_a_theme_matches_the_python_export_of_that_filter(browser, tmp_path, view, classes, capsys):
    url = _export(capsys, tmp_path, "alles.html", "--view", view, "--classes", classes)
    rest = [c for c in TAX["thema"].codes if c != "ouderen"]
    ref_url = _export(capsys, tmp_path, "zonder_ouderen.html", "--view", view, "--thema", ",".join(rest), "--filters", "none",
                      "--classes", classes)

    ctx, page, requests, errors = _open(browser, url)
    before, fills_before = page.evaluate(READ_PAGE), page.evaluate(READ_FILLS)
    box = page.locator('input[name="thema"][value="ouderen"]')
    assert page.locator("label.swk-opt", has=box).inner_text().startswith("Ouderen")  # a labelled checkbox
    box.focus()
    page.keyboard.press("Space")  # keyboard, not a mouse
    page.wait_for_function("s => document.querySelector('.swk-sub').textContent !== s", arg=before["sub"])
    after, fills_after = page.evaluate(READ_PAGE), page.evaluate(READ_FILLS)
    screenshot(page, f"embed_{view}_{classes}_zonder_ouderen")
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
    if view == "count" and classes == "kwantielen":
        assert after["legend"] != before["legend"]  # the classes follow the counts
    elif view == "count":
        assert after["legend"] == before["legend"]  # fixed classes, as in the app: a colour keeps its meaning

    # 'geen' empties the theme filter: no projects, every area hatched ("geen projecten"), the table says 0
    page.locator('.swk-all button[data-dim="thema"][data-all="0"]').click()
    page.wait_for_function("document.querySelector('.swk-sub').textContent.startsWith('0 van')")
    empty = page.evaluate(READ_PAGE)
    assert {r[2] for r in empty["rows"]} == {"0"}
    assert set(page.evaluate(READ_FILLS).values()) == {NO_PROJECTS}
    ctx.close()
    ref_ctx.close()


HOSTILE = ['<img src=x onerror="window.__xss=1">', "<script>window.__xss=1</script>", "${window.__xss=1}`", "\"'</div>",
           "{{ 7*7 }}", "{% for x in range(3) %}x{% endfor %}"]


def test_hostile_project_names_never_run_and_show_literally(browser, tmp_path, capsys):
    from tests.inventory_fixtures import csv_bytes, row

    places = ["Groningen", "Maastricht", "Middelburg", "Enschede", "Den Helder", "Venlo"]
    themes = ["ouderen", "ggz", "ouderen", "jeugd", "ouderen", "ggz"]
    rows = [row(f"X{i}", naam=name, gemeenten=g, thema=t) for i, (name, g, t) in enumerate(zip(HOSTILE, places, themes))]
    inventory = tmp_path / "{{ 7*7 }} <img src=x onerror=window.__xss=2>.csv"
    inventory.write_bytes(csv_bytes(rows))
    url = _export(capsys, tmp_path, "vijandig.html", inventory=inventory)
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


HATCHED_SPOT = """() => {  // a point well inside the biggest hatched area, with that area on top there
  let best = null;
  for (const k in window) {
    if (/^map_[0-9a-f]+$/.test(k) && window[k] instanceof L.Map) {
      window[k].eachLayer(l => { if (l._path && l._path.getAttribute('fill') === 'url(#swk-geen-projecten)') {
        const b = l._path.getBoundingClientRect();
        if (!best || b.width * b.height > best.b.width * best.b.height) best = {l: l, b: b}; } });
    }
  }
  if (!best) return null;
  const b = best.b;
  for (let fy = 0.5; fy < 0.95; fy += 0.05) for (let fx = 0.5; fx < 0.95; fx += 0.05) {
    for (const [x, y] of [[b.x + b.width * fx, b.y + b.height * fy], [b.x + b.width * (1 - fx), b.y + b.height * (1 - fy)]]) {
      const ok = [[-12, -12], [12, -12], [-12, 12], [12, 12], [0, 0]].every(([dx, dy]) => document.elementFromPoint(x + dx, y + dy) === best.l._path);
      if (ok) return [x, y];
    }
  }
  return null;
}"""


def _rendered_hatch(page) -> tuple[float, float]:
    """(share of line pixels, contrast of the lines against the pattern's light fill) in a 24 px square
    of a hatched area, as drawn on screen."""
    import io

    from PIL import Image

    spot = page.evaluate(HATCHED_SPOT)
    assert spot, "no hatched area on screen"
    png = page.screenshot(clip={"x": spot[0] - 12, "y": spot[1] - 12, "width": 24, "height": 24})
    c = np.asarray(Image.open(io.BytesIO(png)).convert("RGB"), dtype=float) / 255
    c = np.where(c <= 0.03928, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)  # WCAG relative luminance
    lum = (c @ [0.2126, 0.7152, 0.0722]).ravel()
    dark, light = lum.min(), lum.max()
    share, contrast = float((lum < (dark + light) / 2).mean()), float((light + 0.05) / (dark + 0.05))
    print(f"hatch on screen: {share:.0%} line pixels, lines {contrast:.2f}:1 against the fill")
    return share, contrast


def test_geen_projecten_is_hatched_on_screen_after_toggles_and_zoom(browser, tmp_path, capsys):
    """The hatch is drawn (not an empty fill), its lines stand out (>= 3:1 measured on screen), and it
    survives the page's recolouring and Leaflet's redraw on zoom; the legend swatch shows it too."""
    url = _export(capsys, tmp_path, "jeugd.html", "--thema", "jeugd")  # the fewest projects: many areas without
    ctx, page, requests, errors = _open(browser, url)
    share, contrast = _rendered_hatch(page)
    assert 0.15 < share < 0.6 and contrast >= 3, (share, contrast)
    page.locator('input[name="thema"][value="ggz"]').check()  # recoloured by the page's script
    page.locator('input[name="thema"][value="ggz"]').uncheck()
    page.evaluate("""() => { for (const k in window) if (/^map_[0-9a-f]+$/.test(k) && window[k] instanceof L.Map)
                               window[k].setZoom(window[k].getZoom() + 2, {animate: false}); }""")
    page.wait_for_timeout(500)
    share, contrast = _rendered_hatch(page)
    assert 0.15 < share < 0.6 and contrast >= 3, (share, contrast)
    swatch = page.evaluate("() => getComputedStyle(document.querySelector('.swk-legend-item .swk-hatch')).backgroundImage")
    assert "repeating-linear-gradient" in swatch
    screenshot(page, "embed_hatch_zoomed")
    assert not errors
    ctx.close()

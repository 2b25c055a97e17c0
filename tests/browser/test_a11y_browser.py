"""Issue 15 in Chromium: Dutch page and map frames, no English built-in texts, maps that let the
page scroll, the map on a phone's first screen, and axe-core on every page and the exported HTML."""
from __future__ import annotations

import pytest

from tests.browser.axe import axe_violations, report
from tests.browser.conftest import screenshot
from tests.browser.test_app_browser import _find_frame

pytestmark = pytest.mark.browser

ENGLISH = ["Upload", "per file", "Choose options", "No results", "Skip to main content", "Drag and drop",
           "Clear all", "Remove ", "Zoom in", "Zoom out", "Browse files"]
MAP_OBJECT = "(() => { for (const k of Object.keys(window)) { if (k.startsWith('map_') && window[k] instanceof L.Map) return window[k]; } })()"


def _wait_for_map(page):
    _find_frame(page, "path.leaflet-interactive")
    page.wait_for_timeout(1500)  # streamlit-folium may still swap its frame once
    # no rerun in progress: Streamlit fades stale elements meanwhile (axe would measure faded text)
    page.wait_for_function("!document.querySelector('[data-stale=\"true\"]') && "
                           "!document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=60_000)
    page.wait_for_timeout(500)
    return _find_frame(page, "path.leaflet-interactive")


def _visible_english(page) -> list[str]:
    found = []
    for frame in page.frames:
        try:
            text = frame.evaluate("document.body.innerText + ' ' + [...document.querySelectorAll('[aria-label],[title],"
                                  "[placeholder]')].map(e => [e.getAttribute('aria-label'), e.getAttribute('title'), "
                                  "e.getAttribute('placeholder')].join(' ')).join(' ') + ' ' + "
                                  "[...document.querySelectorAll('a')].map(a => a.textContent).join(' ')")
        except Exception:
            continue
        found += [s for s in ENGLISH if s in text]
    return found


def test_page_and_map_frame_speak_dutch(page, app_url):
    page.goto(app_url + "/?thema=ggz", wait_until="domcontentloaded")
    frame = _wait_for_map(page)
    page.get_by_text("Gegevens: eigen inventaris").click()  # the file uploaders with their built-in texts
    page.get_by_text("MB per bestand").first.wait_for(timeout=30_000)
    page.wait_for_timeout(500)
    assert page.evaluate("document.documentElement.lang") == "nl"
    assert frame.evaluate("document.documentElement.lang") == "nl"
    # the map controls and the filters come before the data files, near the top of the sidebar
    assert page.get_by_text("Kaartniveau").bounding_box()["y"] < 300
    assert page.get_by_text("Filters", exact=True).bounding_box()["y"] < page.get_by_text("Gegevens: eigen").bounding_box()["y"]
    titles = page.eval_on_selector_all("iframe", "els => els.map(e => e.title)")
    assert titles and all(t.startswith("Kaart") for t in titles), titles
    assert _visible_english(page) == []
    assert frame.get_attribute("a.leaflet-control-zoom-in", "title") == "Inzoomen"
    scale = frame.query_selector_all(".leaflet-control-scale-line")
    assert len(scale) == 1 and scale[0].inner_text().strip().endswith(("km", " m"))  # metric only
    # one click keeps one theme: the chip shows as chosen and the count drops to that theme's projects
    assert page.get_by_text("315 van 1.500 projecten geselecteerd").count() == 1
    screenshot(page, "a11y_dutch")


def test_keyboard_focus_is_visible_on_radio_buttons_and_the_map(page, app_url):
    page.goto(app_url, wait_until="domcontentloaded")
    _wait_for_map(page)
    page.locator("input[type=radio]").first.focus()
    page.keyboard.press("ArrowRight")  # keyboard use: :focus-visible applies
    page.keyboard.press("ArrowLeft")
    page.wait_for_timeout(300)
    ring = page.evaluate("""(() => { const i = document.activeElement; const l = i.closest('label');
        const s = getComputedStyle(l); return [i.type, s.outlineStyle, s.outlineWidth, s.outlineColor]; })()""")
    assert ring == ["radio", "solid", "3px", "rgb(29, 78, 216)"], ring  # #1d4ed8: 6.7:1 on white, 5.9:1 on the sidebar grey
    frame = _wait_for_map(page)
    frame.focus(".leaflet-container")
    style = frame.evaluate("(() => { const s = getComputedStyle(document.querySelector('.leaflet-container')); "
                           "return [s.outlineStyle, s.outlineWidth, s.outlineColor]; })()")
    assert style == ["solid", "3px", "rgb(29, 78, 216)"], style


def _scroll_top(page) -> float:
    return page.evaluate("Math.max(document.scrollingElement.scrollTop, ...[...document.querySelectorAll('*')]"
                         ".map(e => e.scrollTop))")


def test_wheel_over_embedded_map_scrolls_the_page_and_ctrl_wheel_zooms(browser, app_url):
    ctx = browser.new_context(viewport={"width": 1000, "height": 600})
    page = ctx.new_page()
    page.goto(app_url + "/?embed=true&thema=preventie", wait_until="domcontentloaded")
    frame = _wait_for_map(page)
    assert "Preventie" in page.inner_text("body")  # the embed names its filter
    assert page.locator("h1").first.inner_text().startswith("Samenwerkingskaart")
    assert page.get_by_role("link", name="Bekijk de tabel").count() == 1
    zoom = frame.evaluate(MAP_OBJECT + ".getZoom()")
    box = page.locator("iframe").first.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + 150)
    before = _scroll_top(page)
    for _ in range(3):
        page.mouse.wheel(0, 200)
        page.wait_for_timeout(150)
    page.wait_for_timeout(400)
    assert _scroll_top(page) > before  # the page scrolled
    assert frame.evaluate(MAP_OBJECT + ".getZoom()") == zoom  # the map did not zoom
    assert "Ctrl" in frame.inner_text(".swk-gesture-hint")
    box = page.locator("iframe").first.bounding_box()  # the part of the map still on screen
    page.mouse.move(box["x"] + box["width"] / 2, (max(box["y"], 0) + min(box["y"] + box["height"], 600)) / 2)
    page.keyboard.down("Control")
    page.mouse.wheel(0, -200)
    page.keyboard.up("Control")
    page.wait_for_timeout(600)
    assert frame.evaluate(MAP_OBJECT + ".getZoom()") > zoom  # with Ctrl the map zooms
    page.get_by_role("link", name="Bekijk de tabel").click()  # the link leads to the table with the same figures
    page.wait_for_timeout(800)
    top = page.locator("#swk-tabel").bounding_box()["y"]
    assert -2 <= top < 600, top  # scrolled to the table (sub-pixel above 0 is still at the top)
    assert page.locator("#swk-tabel table tbody tr").count() > 300
    ctx.close()


def test_phone_shows_the_map_and_the_whole_title_on_the_first_screen(browser, app_url):
    ctx = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True)
    page = ctx.new_page()
    page.goto(app_url, wait_until="domcontentloaded")
    frame = _wait_for_map(page)
    offset = page.locator("iframe").first.bounding_box()["y"]
    tops = frame.eval_on_selector_all("path.leaflet-interactive", "els => els.map(e => e.getBoundingClientRect().top)")
    assert min(tops) + offset < 740, f"first polygon at y={min(tops) + offset:.0f}"
    # no word of the title is broken over two lines
    broken = page.evaluate("""(() => {
        const h = document.querySelector('h1'); const out = [];
        const walker = document.createTreeWalker(h, NodeFilter.SHOW_TEXT); let n;
        while ((n = walker.nextNode())) {
          const re = /\\S+/g; let m;
          while ((m = re.exec(n.nodeValue))) {
            const r = document.createRange(); r.setStart(n, m.index); r.setEnd(n, m.index + m[0].length);
            const lines = new Set([...r.getClientRects()].map(x => Math.round(x.top)));
            if (lines.size > 1) out.push(m[0]);
          }
        }
        return out; })()""")
    assert broken == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    # one finger on the map does not drag it (the page scrolls instead); two fingers do
    touch = """(n => { const c = document.querySelector('.leaflet-container');
        const t = [...Array(n).keys()].map(i => new Touch({identifier: i, target: c, clientX: 100 + 40 * i, clientY: 100}));
        c.dispatchEvent(new TouchEvent('touchstart', {touches: t, targetTouches: t, changedTouches: t, bubbles: true}));
        return [%s.dragging.enabled(), document.querySelector('.swk-gesture-hint').textContent]; })""" % MAP_OBJECT
    assert frame.evaluate(MAP_OBJECT + ".dragging.enabled()") is False
    assert frame.evaluate(touch, 1) == [False, "Gebruik twee vingers om de kaart te verplaatsen"]
    assert frame.evaluate(touch, 2)[0] is True
    screenshot(page, "a11y_phone")
    ctx.close()


@pytest.mark.parametrize("suffix", ["/", "/?gebied=GM0363", "/?embed=true", "/?pagina=vlekken", "/?pagina=verandering"])
def test_axe_finds_no_serious_violations(page, app_url, suffix):
    page.goto(app_url + suffix, wait_until="domcontentloaded")
    _wait_for_map(page)
    page.wait_for_timeout(1000)
    severe = report(suffix, axe_violations(page))
    assert severe == [], severe


def test_axe_on_the_exported_html(browser, tmp_path, capsys):
    from tests.cli_run import run_cli

    out = tmp_path / "kaart.html"
    res = run_cli(capsys, "export", "html", "--out", str(out), "--markers", "--no-basemap")
    assert res.returncode == 0, res.stderr
    page = browser.new_page(viewport={"width": 1200, "height": 560})  # lower than the page: it can scroll
    page.goto(out.as_uri())
    page.wait_for_function("document.querySelectorAll('path.leaflet-interactive').length > 300", timeout=20_000)
    assert page.evaluate("document.documentElement.lang") == "nl"
    assert page.get_attribute("a.leaflet-control-zoom-in", "title") == "Inzoomen"
    zoom = page.evaluate(MAP_OBJECT + ".getZoom()")
    page.mouse.move(600, 400)
    page.mouse.wheel(0, 300)
    page.wait_for_timeout(500)
    assert page.evaluate(MAP_OBJECT + ".getZoom()") == zoom and page.evaluate("window.scrollY") > 0
    severe = report("export", axe_violations(page))
    page.close()
    assert severe == [], severe

"""The app in headless Chromium: polygons drawn, Leaflet served locally, no outside request."""
from __future__ import annotations

import pytest

from tests.browser.conftest import open_data_panel, screenshot

pytestmark = pytest.mark.browser


def _find_frame(page, selector: str, tries: int = 300):
    """The frame holding ``selector`` (streamlit-folium redraws its iframe, so frames come and go)."""
    for _ in range(tries):
        for frame in page.frames:
            try:
                if frame.query_selector(selector):
                    return frame
            except Exception:  # detached while we looked
                pass
        page.wait_for_timeout(150)
    screenshot(page, "find_frame_failed")
    raise AssertionError(f"nothing matching {selector!r} appeared")


def _map_frame(page):
    """The streamlit-folium iframe that holds the Leaflet map."""
    page.wait_for_selector("iframe", timeout=60_000)
    return _find_frame(page, ".leaflet-container")


def test_app_draws_municipalities_with_local_leaflet(page, app_url):
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(app_url, wait_until="domcontentloaded")
    frame = _map_frame(page)
    frame.wait_for_selector("path.leaflet-interactive", timeout=30_000)
    n_paths = len(frame.query_selector_all("path.leaflet-interactive"))
    screenshot(page, "app_start")
    assert n_paths >= 300  # one path per municipality (and more for other layers)
    hosts = {r.split("/")[2] for r in requests if r.startswith("http")}
    outside = hosts - {app_url.split("/")[2]} - {"service.pdok.nl"}
    assert not outside, f"requests left the machine for {outside}"
    assert any("/app/static/vendor/leaflet/leaflet.js" in r for r in requests)


HOSTILE = ['<img src=x onerror="window.__xss=1">', "<script>window.__xss=1</script>", "${window.__xss=1}`", "\"'</div>",
           "{{ 7*7 }}", "{% for x in range(3) %}x{% endfor %}"]


def test_injected_project_names_show_as_text(page, app_url, tmp_path):
    from tests.inventory_fixtures import csv_bytes, row

    places = ["Groningen", "Maastricht", "Middelburg", "Enschede", "Den Helder", "Venlo"]  # far apart: no cluster
    rows = [row(f"X{i}", naam=name, gemeenten=g, omschrijving=name) for i, (name, g) in enumerate(zip(HOSTILE, places))]
    # the file name is user text too: Markdown links/images and a template expression
    path = tmp_path / "{{ 7*7 }} [phish](https:evil.example) ![p](http:127.0.0.1:9).csv"
    path.write_bytes(csv_bytes(rows))
    page.goto(app_url + "/?projecten=1", wait_until="domcontentloaded")
    open_data_panel(page)
    page.set_input_files("input[type=file]", str(path))
    page.get_by_text("Gebruik deze inventaris").click(timeout=60_000)
    page.get_by_text("6 van 6 projecten geselecteerd").wait_for(timeout=60_000)
    frame = _find_frame(page, "path.swk-project")
    page.wait_for_timeout(1000)
    assert len(_find_frame(page, "path.swk-project").query_selector_all("path.swk-project")) == 6
    seen: set[str] = set()
    for attempt in range(36):  # streamlit-folium may redraw its iframe while we click: find it again and retry
        frame = _find_frame(page, "path.swk-project")
        try:
            marker = frame.query_selector_all("path.swk-project")[attempt % 6]
            marker.dispatch_event("click")  # a DOM click on the SVG path, wherever the map has panned
            page.wait_for_timeout(400)
            seen.update(frame.eval_on_selector_all(".leaflet-popup-content strong", "els => els.map(e => e.textContent)"))
        except Exception:
            page.wait_for_timeout(300)
        if len(seen) == 6:
            break
    assert seen == set(HOSTILE)  # each name shown as the literal text the user typed
    screenshot(page, "app_hostile_popup")
    assert not frame.evaluate("() => window.__xss") and not page.evaluate("() => window.__xss")
    # the file name is shown as typed (report, source line, legend), never as a link, image or evaluated
    assert not page.query_selector_all("a[href*='evil'], img[src*='127.0.0.1:9']")
    assert page.get_by_text(path.name).count() >= 1
    legend = frame.inner_text(".swk-legend-note")
    assert path.name in legend and "49" not in legend


def test_url_selects_area_and_embed_shows_only_the_map(browser, app_url):
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = ctx.new_page()
    page.goto(app_url + "/?gebied=GM0363&weergave=fase", wait_until="domcontentloaded")
    page.get_by_text("Profiel: Amsterdam").wait_for(timeout=60_000)
    _map_frame(page).wait_for_selector("path.leaflet-interactive", state="attached", timeout=30_000)
    page.wait_for_timeout(500)
    screenshot(page, "app_profile_amsterdam")
    page.close()
    page = ctx.new_page()
    page.goto(app_url + "/?embed=true&weergave=insurer", wait_until="domcontentloaded")
    frame = _map_frame(page)
    frame.wait_for_selector(".swk-legend", timeout=30_000)
    page.get_by_text("Bron: demonstratiedata").wait_for(timeout=30_000)
    body = page.inner_text("body")
    assert "Samenwerkingskaart gemeenten" not in body and "Filters" not in body and "Demonstratiedata." not in body
    assert "Zorgverzekeraar met de meeste projecten" in frame.inner_text(".swk-legend")
    page.set_viewport_size({"width": 360, "height": 700})
    page.wait_for_timeout(500)
    screenshot(page, "app_embed_phone")
    ctx.close()


def test_app_downloads_the_current_view_as_html(page, app_url, tmp_path):
    page.goto(app_url + "/?thema=ggz", wait_until="domcontentloaded")
    _map_frame(page)  # the first run is done: the expander is not redrawn under the click
    page.get_by_text("Exporteren: kaart voor een website").click(timeout=60_000)
    with page.expect_download(timeout=60_000) as info:
        page.get_by_role("button", name="Kaart (HTML, zelfstandig)").click()
    path = tmp_path / "kaart.html"
    info.value.save_as(path)
    html = path.read_text(encoding="utf-8")
    assert "thema: GGZ" in html and "<table class=\"swk\">" in html and "Demonstratiedata" in html


def test_phone_embed_folds_the_legend(browser, app_url):
    ctx = browser.new_context(viewport={"width": 360, "height": 700})
    page = ctx.new_page()
    page.goto(app_url + "/?embed=true", wait_until="domcontentloaded")
    frame = _map_frame(page)
    frame.wait_for_selector(".swk-legend", state="attached", timeout=30_000)
    assert frame.evaluate("document.querySelector('.swk-legend').open") is False  # the map stays visible
    frame.click(".swk-legend summary")
    assert frame.evaluate("document.querySelector('.swk-legend').open") is True
    screenshot(page, "app_embed_phone_folded")
    ctx.close()


def test_jeugdregio_level_from_the_url_draws_42_regions_and_its_profile(browser, app_url):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(app_url + "/?niveau_kaart=jeugdregio&gebied=JZ13", wait_until="domcontentloaded")
    page.get_by_text("Profiel: Amsterdam-Amstelland").wait_for(timeout=60_000)
    frame = _map_frame(page)
    frame.wait_for_selector("path.leaflet-interactive", state="attached", timeout=30_000)
    page.wait_for_timeout(500)
    n_paths = len(frame.query_selector_all("path.leaflet-interactive"))
    screenshot(page, "app_jeugdregio")
    assert 42 <= n_paths < 100  # one path per jeugdregio (plus the selected one), not 388 municipalities
    assert "per jeugdregio" in frame.inner_text(".swk-legend")
    page.close()

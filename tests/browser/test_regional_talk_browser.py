"""The regional talk as a VNG advisor sees it: Twente in focus, filtered to ouderen and GGZ."""
from __future__ import annotations

from tests.browser.conftest import screenshot
from tests.browser.test_app_browser import _find_frame


def test_focus_view_from_a_link_draws_the_region_with_names(browser, app_url):
    ctx = browser.new_context(viewport={"width": 1920, "height": 1080})
    page = ctx.new_page()
    page.goto(app_url + "/?regio=zorgkantoorregio:ZK22&thema=ouderen,ggz", wait_until="domcontentloaded")
    page.get_by_text("Samenwerkingsmatrix Twente").wait_for(timeout=90_000)
    frame = _find_frame(page, ".swk-area-label")
    page.wait_for_timeout(1200)
    names = set(frame.eval_on_selector_all(".swk-area-label", "els => els.map(e => e.textContent)"))
    assert len(names) == 14 and {"Enschede", "Hengelo", "Almelo"} <= names
    # faded neighbours: fewer opaque polygons than drawn ones
    fills = frame.eval_on_selector_all("path.leaflet-interactive", "els => els.map(e => e.getAttribute('fill-opacity'))")
    assert fills.count("0.8") == 14 and fills.count("0.22") > 300
    # the profile says which filters apply and judges missing themes among them only
    body = page.inner_text("body")
    assert "thema: Ouderen, GGZ" in body and "Preventie" not in body.split("Samenwerkingsmatrix")[0].split("Twente (")[-1]
    # missing combinations judged per municipality, as the matrix shows them (never "nothing missing")
    assert "3 van 28 combinaties zonder project: Haaksbergen (alle gekozen thema's), Tubbergen (GGZ)" in body
    assert "Ontbreekt: niets" not in body
    legend = frame.inner_text(".swk-legend")
    assert "vaste klassegrenzen" in legend
    screenshot(page, "regio_focus_twente")
    page.get_by_text("Samenwerkingsmatrix Twente").scroll_into_view_if_needed()
    page.wait_for_timeout(500)
    screenshot(page, "regio_matrix_twente")
    ctx.close()


def test_presentation_mode_fills_the_projector_and_arrows_step(browser, app_url):
    ctx = browser.new_context(viewport={"width": 1920, "height": 1080})
    page = ctx.new_page()
    page.goto(app_url + "/?presentatie=true&regio=zorgkantoorregio:ZK22", wait_until="domcontentloaded")
    page.get_by_text("Twente (zorgkantoorregio)").wait_for(timeout=90_000)
    frame = _find_frame(page, ".swk-area-label")
    page.wait_for_timeout(1000)
    assert not page.locator("section[data-testid='stSidebar']").is_visible()
    iframe = next(f for f in page.query_selector_all("iframe") if f.bounding_box() and f.bounding_box()["height"] > 500)
    box = iframe.bounding_box()
    assert box["y"] + box["height"] * 0.6 < 1080  # most of the map on the projector's screen, no scrolling
    screenshot(page, "regio_presentatie")
    assert frame is not None
    page.mouse.click(5, 1075)
    page.keyboard.press("ArrowRight")
    page.wait_for_function("() => !document.body.innerText.includes('Twente (zorgkantoorregio)')", timeout=60_000)
    ctx.close()

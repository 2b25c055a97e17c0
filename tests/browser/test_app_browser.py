"""The app in headless Chromium: polygons drawn, Leaflet served locally, no outside request."""
from __future__ import annotations

import pytest

from tests.browser.conftest import screenshot

pytestmark = pytest.mark.browser


def _map_frame(page):
    """The streamlit-folium iframe that holds the Leaflet map."""
    page.wait_for_selector("iframe", timeout=60_000)
    for _ in range(200):
        for frame in page.frames:
            try:
                if frame.query_selector(".leaflet-container"):
                    return frame
            except Exception:
                pass
        page.wait_for_timeout(150)
    raise AssertionError("no Leaflet map appeared")


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

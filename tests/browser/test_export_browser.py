"""The exported HTML opened from file:// with the network blocked: drawn, self-contained, usable."""
from __future__ import annotations

import pytest

from tests.browser.conftest import screenshot
from tests.cli_run import run_cli

pytestmark = pytest.mark.browser


def _export(capsys, tmp_path, *extra) -> str:
    out = tmp_path / "kaart.html"
    res = run_cli(capsys, "export", "html", "--out", str(out), *extra)
    assert res.returncode == 0, res.stderr
    return out.as_uri()


def _open(browser, url, width=1200, height=900):
    ctx = browser.new_context(viewport={"width": width, "height": height})
    requests: list[str] = []

    def block(route):
        requests.append(route.request.url)
        if route.request.url.startswith(("file://", "data:")):
            route.continue_()
        else:
            route.abort()  # the network is blocked: nothing outside the file may be needed

    ctx.route("**/*", block)
    page = ctx.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(url)
    page.wait_for_function("document.querySelectorAll('path.leaflet-interactive').length > 300", timeout=15_000)
    return ctx, page, requests, errors


def test_export_without_basemap_makes_no_request(browser, tmp_path, capsys):
    url = _export(capsys, tmp_path, "--no-basemap", "--markers")
    ctx, page, requests, errors = _open(browser, url)
    assert not errors
    assert [r for r in requests if not r.startswith(("file://", "data:"))] == []
    assert page.locator(".swk-legend").inner_text().startswith("Aantal projecten per gemeente")
    assert page.locator(".marker-cluster").count() > 0  # the demo projects, clustered
    screenshot(page, "export_desktop")
    # keyboard: Tab reaches the table alternative, Enter opens it, the map does not trap focus
    summary = page.locator("details.swk-tabel summary")
    on_table = "document.activeElement.matches('details.swk-tabel > summary')"
    for _ in range(40):  # map container, zoom buttons, legend, then the table: no trap on the way
        page.keyboard.press("Tab")
        if page.evaluate(on_table):
            break
    assert page.evaluate(on_table)
    page.keyboard.press("Enter")
    assert page.locator("details.swk-tabel").get_attribute("open") is not None
    assert page.locator("table.swk tbody tr").count() == 388
    assert summary.is_visible()
    ctx.close()


def test_export_with_basemap_only_asks_for_tiles_and_fits_a_phone(browser, tmp_path, capsys):
    url = _export(capsys, tmp_path)
    ctx, page, requests, errors = _open(browser, url, width=360, height=740)
    outside = {r.split("/")[2] for r in requests if r.startswith("http")}
    assert outside <= {"service.pdok.nl"}, outside
    assert page.evaluate("document.documentElement.scrollWidth") <= 360  # no sideways scrolling on a phone
    assert page.locator("h1").is_visible() and page.locator(".swk-legend").is_visible()
    assert page.evaluate("document.querySelector('.swk-legend').open")  # under the map on a phone: stays open
    screenshot(page, "export_phone")
    ctx.close()

"""The server's headers in Chromium (web/headers.py): a page of another site cannot frame the app
(clickjacking an editor's *Publiceren*) but can frame the embed, whose map still draws; it can neither
frame nor open the map's component page to hand it a script."""
from __future__ import annotations

import threading
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests.browser.conftest import screenshot
from tests.browser.test_app_browser import _find_frame

pytestmark = pytest.mark.browser
COMPONENT = "/component/streamlit_folium.st_folium/index.html"


def _headers(url: str) -> dict[str, str]:
    with urllib.request.urlopen(url, timeout=30) as r:
        return {k.lower(): v for k, v in r.headers.items()}


def test_app_and_embed_response_headers(app_url):
    app, embed = _headers(app_url + "/"), _headers(app_url + "/?embed=true&thema=ggz")
    for h in (app, embed):
        assert (h["x-content-type-options"], h["referrer-policy"]) == ("nosniff", "same-origin")
    assert app["content-security-policy"] == "frame-ancestors 'none'" and app["x-frame-options"] == "DENY"
    assert "content-security-policy" not in embed and "x-frame-options" not in embed
    assert "content-security-policy" not in _headers(app_url + "/?EMBED=True&embed=false")  # as Streamlit reads it
    for query in ("?embed=false", "?thema=ggz", "?embedded=true", "?embed=truee", "?embed=tru%C3%AB"):
        assert _headers(app_url + "/" + query)["content-security-policy"] == "frame-ancestors 'none'"


@pytest.fixture(scope="module")
def other_site():
    """Another site: a server on ``localhost`` (the app is on 127.0.0.1, another origin and site; a
    made-up public host would meet Chromium's block on public pages reaching local servers instead).
    ``pages[path] = html`` sets what it serves; yields (base URL, pages)."""
    pages: dict[str, str] = {}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            body = pages.get(self.path, "").encode()
            self.send_response(200 if body else 404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://localhost:{server.server_address[1]}", pages
    server.shutdown()


def _other_site(browser, other_site, name: str, body: str):
    """A fresh browser context on a page of the other site holding ``body``: (context, page)."""
    base, pages = other_site
    pages[f"/{name}.html"] = f"<!doctype html><title>andere site</title>{body}"
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = ctx.new_page()
    page.goto(f"{base}/{name}.html", wait_until="domcontentloaded")
    return ctx, page


def test_another_site_frames_the_embed_with_its_map_but_not_the_app(browser, app_url, other_site):
    ctx, page = _other_site(browser, other_site, "framing", (
        f'<iframe id="embed" src="{app_url}/?embed=true" width="1000" height="600"></iframe>'
        f'<iframe id="app" src="{app_url}/" width="1000" height="300"></iframe>'))
    map_frame = _find_frame(page, ".leaflet-container")  # the map's iframe inside the framed embed
    map_frame.wait_for_selector("path.leaflet-interactive", timeout=60_000)
    assert len(map_frame.query_selector_all("path.leaflet-interactive")) >= 300
    screenshot(page, "headers_other_site_frames")
    app = page.frame_locator("#app")
    page.wait_for_timeout(1000)
    assert app.locator("[data-testid=stApp]").count() == 0  # refused: Chromium shows its own error page
    app_frame = page.locator("#app").element_handle().content_frame()
    assert not app_frame.url.startswith(app_url)  # chrome-error://, not the app
    ctx.close()


RENDER = """{type: 'streamlit:render', args: {script: "console.log('uitgevoerd in ' + location.origin);\\n", html: '',
  height: 100, width: 100, js_links: [], css_links: [], returned_objects: [], feature_group: '', layer_control: '',
  default: null}}"""
TO_FRAME = "(frame) => new Promise(done => { for (let i = 0; i < 25; i++) setTimeout(() => " \
    f"frame.contentWindow.postMessage({RENDER}, '*'), 100 * i); setTimeout(done, 3000); }})"
TO_POPUP = "(url) => new Promise(done => { const w = window.open(url); for (let i = 0; i < 25; i++) setTimeout(() => " \
    f"{{ try {{ w.postMessage({RENDER}, '*'); }} catch (e) {{}} }}, 100 * i); setTimeout(done, 3000); }})"


def _component_served(browser, app_url: str) -> None:
    """The map's component is registered once the app script has run: open the app if it has not."""
    try:
        urllib.request.urlopen(app_url + COMPONENT, timeout=10)
        return
    except OSError:
        pass
    page = browser.new_page()
    page.goto(app_url, wait_until="domcontentloaded")
    _find_frame(page, ".leaflet-container")
    page.close()
    urllib.request.urlopen(app_url + COMPONENT, timeout=10)


def test_another_site_cannot_hand_the_map_component_a_script(browser, app_url, other_site):
    """streamlit-folium evaluates the script its parent (or opener) posts, from any sender: another
    site's frame or window of the component page would run it in the app's origin, with the
    editor's cookies. The server serves that page to the app's own pages only."""
    _component_served(browser, app_url)
    ctx, page = _other_site(browser, other_site, "component", f'<iframe id="c" src="{app_url}{COMPONENT}"></iframe>')
    ran: list[str] = []
    ctx.on("console", lambda m: ran.append(m.text) if m.text.startswith("uitgevoerd in") else None)
    page.locator("#c").evaluate(TO_FRAME)
    in_frame = list(ran)
    page.evaluate(TO_POPUP, app_url + COMPONENT)
    assert (in_frame, ran[len(in_frame):]) == ([], [])  # (framed, opened in a window)
    assert "alleen binnen de kaart" in page.frame_locator("#c").locator("body").inner_text()
    ctx.close()


REACH_APP = ("var w = window.open(location.origin + '/'); setTimeout(function () { try {"
             " console.log('venster: ' + w.document.title); } catch (e) { console.log('venster: ' + e.name); } }, 4000);\n")


def test_another_site_hosting_the_embed_cannot_script_the_app_in_a_window(browser, app_url, other_site):
    """The embed's map frame is the app's origin and evaluates what any window posts it (streamlit-folium
    ``feature_group``): another site hosting the embed can run script there. Opened from there, the app's
    page (first-party: an editor's login cookie goes along) would be that script's to drive, up to
    *Publiceren*; ``Cross-Origin-Opener-Policy: same-origin`` gives the script no handle on it."""
    ctx, page = _other_site(browser, other_site, "embed_window",
                            f'<iframe id="embed" src="{app_url}/?embed=true" width="1000" height="600"></iframe>')
    seen: list[str] = []
    ctx.on("console", lambda m: seen.append(m.text) if m.text.startswith("venster: ") else None)
    _find_frame(page, ".leaflet-container").wait_for_selector("path.leaflet-interactive", timeout=60_000)
    page.evaluate("""script => { const embed = window.frames[0];
      for (let i = 0; i < embed.frames.length; i++) embed.frames[i].postMessage({type: 'streamlit:render', args: {
        script: '', html: '', height: 100, width: 100, js_links: [], css_links: [], returned_objects: [],
        feature_group: script, layer_control: '', default: null}}, '*'); }""", REACH_APP)
    for _ in range(40):
        if seen:
            break
        page.wait_for_timeout(250)
    # the probe ran (if streamlit-folium stops evaluating posted scripts, this test has done its work)
    assert seen, "the map frame ran no posted script"
    assert not any("Samenwerkingskaart" in m for m in seen), seen  # the app's title: its page was reachable
    ctx.close()

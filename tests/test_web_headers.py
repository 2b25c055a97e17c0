"""The server's HTTP layer (web/): security headers per request and the refusal of another site's
navigation to a component page, through the real ASGI middleware on a small Starlette app."""
from __future__ import annotations

import warnings

import pytest
from hypothesis import given, strategies as st
from starlette.applications import Starlette
from starlette.responses import PlainTextResponse
from starlette.routing import Route

with warnings.catch_warnings():  # Starlette 1.x would rather see httpx2 under its TestClient; httpx works
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

import web.headers
from web.headers import Request, Rule, headers_for, is_embed_query, refusal
from web.middleware import middleware

NONE = "frame-ancestors 'none'"
CROSS_SITE_FRAME = {"Sec-Fetch-Mode": "navigate", "Sec-Fetch-Site": "cross-site", "Sec-Fetch-Dest": "iframe"}


def _client(base_path="") -> TestClient:
    async def page(request):
        return PlainTextResponse("pagina", headers={"X-Frame-Options": "SAMEORIGIN"})  # replaced by the policy

    app = Starlette(routes=[Route("/{path:path}", page)], middleware=middleware(base_path))
    return TestClient(app)


def test_every_response_is_unframable_nosniff_and_keeps_its_address():
    for path in ("/", "/beheer", "/_stcore/health", "/app/static/vendor/leaflet/leaflet.js", "/?embed=false"):
        h = _client().get(path).headers
        assert (h["content-security-policy"], h["x-frame-options"]) == (NONE, "DENY"), path
        assert (h["x-content-type-options"], h["referrer-policy"]) == ("nosniff", "same-origin")
        assert h["cross-origin-opener-policy"] == "same-origin"


@pytest.mark.parametrize("query", ["embed=true", "thema=ggz&embed=true", "EMBED=TRUE", "embed=false&embed=True",
                                   "%65mbed=tru%65", "embed=true&embed_options=show_toolbar"])
def test_the_embed_may_be_framed_by_any_site(query):
    h = _client().get(f"/?{query}").headers
    assert "content-security-policy" not in h and "x-frame-options" not in h
    assert (h["x-content-type-options"], h["referrer-policy"]) == ("nosniff", "same-origin")


@pytest.mark.parametrize("url", ["/?embed=1", "/?embed=yes", "/?embed=", "/?embed", "/?embedded=true",
                                 "/?embed=truee", "/?embed=tru%C3%AB", "/?embed=%E1%BA%97rue", "/?x=embed%3Dtrue",
                                 "/?embed%3Dtrue", "/beheer?embed=true", "/index.html?embed=true",
                                 "/_stcore/health?embed=true"])
def test_only_the_apps_page_with_embed_true_is_framable(url):
    assert _client().get(url).headers["content-security-policy"] == NONE


def test_base_path_is_taken_off_before_the_rules():
    client = _client("/kaart/")
    assert "content-security-policy" not in client.get("/kaart/?embed=true").headers
    assert "content-security-policy" not in client.get("/kaart?embed=true").headers
    assert client.get("/?embed=true").headers["content-security-policy"] == NONE  # not the app's page
    assert client.get("/kaart/component/x/index.html", headers=CROSS_SITE_FRAME).status_code == 403
    read_later = _client(lambda: "kaart")  # server.py: read from Streamlit's config when the server starts
    assert "content-security-policy" not in read_later.get("/kaart/?embed=true").headers


def test_component_pages_only_for_the_apps_own_pages():
    client = _client()
    url = "/component/streamlit_folium.st_folium/index.html"
    refused = client.get(url, headers=CROSS_SITE_FRAME)
    assert refused.status_code == 403 and "alleen binnen de kaart" in refused.text
    assert refused.headers["x-content-type-options"] == "nosniff"
    for headers in ({**CROSS_SITE_FRAME, "Sec-Fetch-Site": "same-site"}, {**CROSS_SITE_FRAME, "Sec-Fetch-Site": "none"},
                    {**CROSS_SITE_FRAME, "Sec-Fetch-Dest": "document"}):
        assert client.get(url, headers=headers).status_code == 403
    for headers in ({**CROSS_SITE_FRAME, "Sec-Fetch-Site": "same-origin"},  # the app's own map frame
                    {"Sec-Fetch-Mode": "no-cors", "Sec-Fetch-Site": "cross-site"},  # not a page: a script or image
                    {}):  # no Fetch Metadata (an old browser, curl)
        r = client.get(url, headers=headers)
        assert r.status_code == 200 and r.text == "pagina"
        assert "content-security-policy" not in r.headers  # framed by the app, which an embed puts in any site
    assert client.get("/componenten", headers=CROSS_SITE_FRAME).status_code == 200


def test_a_registered_rule_applies_after_the_base(monkeypatch):
    monkeypatch.setattr(web.headers, "RULES", list(web.headers.RULES))
    web.headers.register(Rule(lambda r: r.path.startswith("/u/"), {"Referrer-Policy": "no-referrer"}))
    assert _client().get("/u/abc").headers["referrer-policy"] == "no-referrer"
    assert _client().get("/uitleg").headers["referrer-policy"] == "same-origin"


def test_websockets_pass_untouched():
    from starlette.routing import WebSocketRoute

    async def echo(ws):
        await ws.accept()
        await ws.send_text(await ws.receive_text())
        await ws.close()

    client = TestClient(Starlette(routes=[WebSocketRoute("/_stcore/stream", echo)], middleware=middleware()))
    with client.websocket_connect("/_stcore/stream") as ws:
        ws.send_text("hallo")
        assert ws.receive_text() == "hallo"


@given(st.lists(st.tuples(st.sampled_from(["embed", "EMBED", "Embed", "x", "embed_options", "em bed", "émbed"]),
                          st.sampled_from(["true", "TRUE", "false", "", "1", "trüe", "true ", "tru"])), max_size=4))
def test_embed_query_matches_streamlits_reading(pairs):
    """Streamlit's frontend (``isEmbed``): some parameter whose name and value, lower-cased, are
    ``embed`` and ``true``. Where it would draw the full page, the server never allows framing."""
    query = "&".join(f"{k}={v}" for k, v in pairs)
    expected = any(k.lower() == "embed" and v.lower() == "true" for k, v in pairs)
    assert is_embed_query(query) is expected
    headers = headers_for(Request("/", query))
    assert (headers["Content-Security-Policy"] is None) is expected


def test_policy_is_a_pure_function_of_the_request():
    assert headers_for(Request("/")) == web.headers.BASE
    assert refusal(Request("/component/a/index.html", "", {"sec-fetch-mode": "navigate",
                                                            "sec-fetch-site": "cross-site"})) is not None
    assert refusal(Request("/", "", {"sec-fetch-mode": "navigate", "sec-fetch-site": "cross-site"})) is None

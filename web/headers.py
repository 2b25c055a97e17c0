"""Which security headers an HTTP response carries, decided from its request alone (pure).

Every response: ``X-Content-Type-Options: nosniff``, ``Referrer-Policy: same-origin`` (nothing of the
page's address, such as ``?versie=`` or a region, reaches the background-tile server or another
site) and may not be framed by any page (``frame-ancestors 'none'``; clickjacking an editor's
*Publiceren*). Exceptions, as rules:

* the embed, ``/?embed=true`` (the same HTML document as ``/``: the query decides, as Streamlit's
  frontend does), may be framed by any site;
* Streamlit's component frames (``/component/...``, e.g. the map) are framed by the app's own
  document, which may itself sit in another site's page (the embed). ``frame-ancestors`` checks
  every ancestor, so ``'self'`` would blank the map in an embed; instead such a frame is only
  *served* to the app's own pages (``refusal``): the component takes scripts from whoever is its
  parent or opener (streamlit-folium evaluates them), so another site may neither frame nor open it.

``Cross-Origin-Opener-Policy: same-origin`` matters for the embed: a site hosting it can post a
script into the map's frame (which runs it in the app's origin), and a window of the app opened from
there would carry an editor's login; the policy leaves the opener no handle on that window.

A later feature adds a rule: ``register(Rule(lambda r: r.path.startswith("/u/"),
{"Referrer-Policy": "no-referrer"}))``. Rules apply in order; ``None`` removes a header.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from urllib.parse import parse_qsl

#: what every response carries unless a rule says otherwise
BASE: dict[str, str] = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Content-Security-Policy": "frame-ancestors 'none'",
    "X-Frame-Options": "DENY",  # the same for browsers without CSP level 2
    "Cross-Origin-Opener-Policy": "same-origin",  # a window of the app opened from elsewhere is not scriptable
}
FRAMABLE: dict[str, str | None] = {"Content-Security-Policy": None, "X-Frame-Options": None}
COMPONENT_PREFIX = "/component/"


@dataclass(frozen=True)
class Request:
    """What the policy may look at: the path relative to the server's base path (starts with ``/``),
    the raw query string, and the request headers with lower-case names."""
    path: str
    query: str = ""
    headers: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Rule:
    """``headers`` for the requests ``applies`` selects; a ``None`` value removes that header."""
    applies: Callable[[Request], bool]
    headers: Mapping[str, str | None]


def is_embed_query(query: str) -> bool:
    """True when Streamlit's frontend shows this query string as an embed: a parameter ``embed``
    with value ``true``, both case-insensitive, anywhere among repeats (its ``isEmbed()``: any
    ``embed`` value lower-cased is ``true``). ASCII only: a look-alike never counts, so this is never
    true where the app would draw its full page (stricter only means an embed is refused)."""
    for key, value in parse_qsl(query, keep_blank_values=True):
        if key.isascii() and value.isascii() and key.lower() == "embed" and value.lower() == "true":
            return True
    return False


def _is_embed(req: Request) -> bool:
    return req.path == "/" and is_embed_query(req.query)  # the app's one document; assets need no exception


def _is_component(req: Request) -> bool:
    return req.path.startswith(COMPONENT_PREFIX)


RULES: list[Rule] = [Rule(_is_embed, FRAMABLE), Rule(_is_component, FRAMABLE)]


def register(rule: Rule) -> None:
    """Add a rule after the ones already there (it wins where they overlap)."""
    RULES.append(rule)


def headers_for(req: Request) -> dict[str, str | None]:
    """The security headers for the response to ``req``: a value to set, or None to remove."""
    out: dict[str, str | None] = dict(BASE)
    for rule in RULES:
        if rule.applies(req):
            out.update(rule.headers)
    return out


def refusal(req: Request) -> str | None:
    """Why this request is refused (a Dutch line), or None. A component frame is a page only for the
    app's own pages: a navigation to it (frame or window) that a browser marks as started elsewhere
    (``Sec-Fetch-Site`` other than ``same-origin``) gets none. Without Fetch Metadata (old browsers)
    the request is served: frame-ancestors cannot tell the app's embed from another site either."""
    if not _is_component(req) or req.headers.get("sec-fetch-mode") != "navigate":
        return None
    site = req.headers.get("sec-fetch-site")
    if site is None or site == "same-origin":
        return None
    return "Dit onderdeel van de Samenwerkingskaart opent alleen binnen de kaart zelf."

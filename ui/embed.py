"""The live embed (``?embed=true``): a page that says what it shows (title, filter line, source,
demo banner) with a short heading for screen readers and a link to a plain HTML table; and the
*Insluiten* panel that writes the iframe code for the current view."""
from __future__ import annotations

from urllib.parse import urlencode, urlsplit, urlunsplit

import pandas as pd
import streamlit as st

from export.html import html_table
from layers.escape import esc
from ui.layout import lazy_expander

EMBED_HEIGHT = 820  # title, filter line, map (560), source and link; measured in Chromium at 1000 px wide
EMBED_CSS = """
<style>
.swk-embed h1 { font-size: 1.25rem; margin: 0 0 .15rem; padding: 0; line-height: 1.3; }
.swk-embed p { margin: 0 0 .3rem; font-size: .9rem; color: #333; }
.swk-embed .swk-demo { background: #fff4ce; border: 1px solid #8a6d00; padding: 2px 8px; border-radius: 4px;
  display: inline-block; color: #1a1a1a; }
.swk-embed a, .swk-embed-table a { color: #1d4ed8; }
.swk-embed-table table { border-collapse: collapse; font-size: .85rem; width: 100%; }
.swk-embed-table caption { text-align: left; font-weight: 600; padding: 4px 0; }
.swk-embed-table th, .swk-embed-table td { border-bottom: 1px solid #ddd; padding: 3px 6px; text-align: left; }
.swk-embed-table td.num { text-align: right; }
.block-container, [data-testid="stMainBlockContainer"] { padding-top: .75rem !important; }
</style>
"""


def embed_header_html(title: str, filter_line: str, demo: bool) -> str:
    """Heading, filter line, demo banner and the link to the table; every text escaped."""
    demo_html = ('<p class="swk-demo"><strong>Demonstratiedata:</strong> synthetische projecten, geen echte.</p>'
                 if demo else "")
    return (f'<div class="swk-embed"><h1>{esc(title)}</h1><p>{esc(filter_line)}</p>{demo_html}'
            f'<p><a href="#swk-tabel">Bekijk de tabel</a> met dezelfde cijfers als de kaart.</p></div>')


def embed_table_html(table: pd.DataFrame, caption: str) -> str:
    return (f'<section class="swk-embed-table" id="swk-tabel" aria-labelledby="swk-tabel-kop">'
            f'<h2 id="swk-tabel-kop" style="font-size:1.05rem">Tabel: {esc(caption)}</h2>{html_table(table, caption)}</section>')


def embed_header(title: str, filter_line: str, demo: bool) -> None:
    st.html(EMBED_CSS + embed_header_html(title, filter_line, demo))


def embed_table(table: pd.DataFrame, caption: str) -> None:
    st.html(embed_table_html(table, caption))


def embed_url(page_url: str, query: dict[str, str]) -> str:
    """The app's address for ``query`` with ``embed=true`` (no fragment, the app's own path)."""
    parts = urlsplit(page_url or "")
    return urlunsplit((parts.scheme, parts.netloc, parts.path or "/", urlencode({**query, "embed": "true"}), ""))


def iframe_code(url: str, title: str, height: int = EMBED_HEIGHT) -> str:
    """Iframe code as Datawrapper writes it: a title and aria-label that say what the map shows."""
    t = esc(title)
    return (f'<iframe src="{esc(url)}" title="{t}" aria-label="{t}" width="100%" height="{int(height)}" '
            'style="border:0" loading="lazy"></iframe>')


def embed_panel(query: dict[str, str], title: str) -> None:
    """The *Insluiten* expander: the iframe code for the view on screen."""
    box, is_open = lazy_expander("Insluiten: deze kaart op een andere website", "open_embed")
    if not is_open:
        return
    with box:
        url = embed_url(st.context.url or "", query)
        st.caption("Kopieer de code en plak die in de HTML van uw pagina. De kaart toont dan deze weergave met "
                   "titel, filters, bron en een tabel; scrollen over de kaart scrolt de pagina (zoomen met Ctrl).")
        st.code(iframe_code(url, f"Samenwerkingskaart: {title}"), language="html")

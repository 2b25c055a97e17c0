"""The one place where user text becomes HTML.

folium puts popup and tooltip HTML inside JavaScript template literals, where a backtick or
``${...}`` would break out or run; ``html.escape`` alone does not cover that, so both are also
turned into character references (which the browser shows as the original characters).
"""
from __future__ import annotations

import html

_JS_TEMPLATE = str.maketrans({"`": "&#96;", "$": "&#36;", "\\": "&#92;"})


def esc(value) -> str:
    """Text safe inside HTML, HTML attributes and folium's JS template literals."""
    if value is None:
        return ""
    return html.escape(str(value), quote=True).translate(_JS_TEMPLATE)

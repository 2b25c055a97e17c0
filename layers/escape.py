"""The one place where user text becomes HTML, script data or Markdown.

Three interpreters read what we write, and each gets text it cannot execute:

- **Jinja (server side).** folium/branca render an element's macros to text and wrap that text
  in a new ``branca.element.Element``, i.e. a Jinja ``Template`` that the figure renders again.
  Any ``{{ … }}``, ``{% … %}`` or ``{# … #}`` that reaches an element is evaluated on the server
  (``{{ 7*7 }}`` becomes ``49``; with Python builtins reachable it runs commands). So ``{`` and
  ``}`` from user text never reach an element as such: ``&#123;``/``&#125;`` in HTML and
  ``\\u007b``/``\\u007d`` inside JSON strings, which the browser shows as the original braces.
- **The browser.** HTML special characters become character references; folium puts popup and
  tooltip HTML inside JavaScript template literals, where a backtick or ``${…}`` would break
  out or run, so those become references too. JSON for a ``<script>`` cannot close it.
- **Markdown (Streamlit).** Headers, captions, warnings and labels render Markdown: every ASCII
  punctuation character that can open a construct is backslash-escaped and line breaks become
  spaces, so ``[x](https://…)`` stays text.

Bidi controls and zero-width characters are removed everywhere text is shown (they are also
removed at import, with a report line; see ``tabular.text``).
"""
from __future__ import annotations

import html
import json
import re

from tabular.text import strip_invisible

_HTML_EXTRA = str.maketrans({"`": "&#96;", "$": "&#36;", "\\": "&#92;", "{": "&#123;", "}": "&#125;"})
_JSON_STRING_RE = re.compile(r'"(?:[^"\\]|\\.)*"')
_JSON_STRING_EXTRA = str.maketrans({"{": "\\u007b", "}": "\\u007d"})
_SCRIPT_UNSAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026",
                                "\u2028": "\\u2028", "\u2029": "\\u2029"})
# ASCII punctuation that can start an inline construct (emphasis, links, images, code, HTML,
# entities, autolinks, LaTeX, Streamlit's :colour[...] directives); '-', ',', "'", '/', ';', '?',
# '=', '%' and '"' start nothing inline and are left alone so names like 's-Hertogenbosch read as typed.
_MD_SPECIAL_RE = re.compile(r"""([!#$&()*+.:<>@\[\\\]^_`{|}~])""")
_MD_BLOCK_START_RE = re.compile(r"^(\s*)([-+=])")  # a list item or thematic break at the very start


def esc(value) -> str:
    """Text safe inside HTML, HTML attributes, folium's JS template literals and Jinja re-renders."""
    if value is None:
        return ""
    return html.escape(strip_invisible(str(value)), quote=True).translate(_HTML_EXTRA)


def script_json(data) -> str:
    """JSON for a ``<script>`` inside a folium element: a JavaScript literal the browser reads as data.

    Outside strings JSON never has ``{{``, ``{%`` or ``{#``; inside strings every brace is a
    ``\\u`` escape, so no later Jinja render can see a tag. ``<``, ``>`` and ``&`` are escaped
    so the data cannot close the script element or open a comment.
    """
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    text = _JSON_STRING_RE.sub(lambda m: m.group(0).translate(_JSON_STRING_EXTRA), text)
    return text.translate(_SCRIPT_UNSAFE)


def md(value) -> str:
    """Text shown literally by Streamlit's Markdown (no links, images, headings, emphasis, LaTeX)."""
    if value is None:
        return ""
    text = strip_invisible(str(value)).replace("\r", " ").replace("\n", " ").strip()  # no block constructs
    return _MD_BLOCK_START_RE.sub(r"\1\\\2", _MD_SPECIAL_RE.sub(r"\\\1", text))

"""The page itself in Dutch: ``lang="nl"``, Streamlit's built-in English texts replaced, the map
frame titled in Dutch, a visible keyboard focus (3:1) everywhere.

Streamlit serves ``index.html`` with ``lang="en"`` and has English texts that no widget argument
sets (file uploader, multiselect chips, the skip link). One small script (``st.html`` with
JavaScript, run once per browser tab) sets the language and translates those texts and labels
whenever Streamlit draws them, by exact match on a fixed table. Text inside Markdown and HTML
elements (where user text is shown) is left alone, so a project called "Upload" keeps its name.
"""
from __future__ import annotations

import json

import streamlit as st

from layers.mapcontrols import FRAME_TITLE

#: exact texts (text nodes) -> Dutch
TEXTS = {
    "Skip to main content": "Direct naar de inhoud",
    "Drag and drop file here": "Sleep een bestand hierheen",
    "Drag and drop files here": "Sleep bestanden hierheen",
    "Upload": "Bestand kiezen",
    "Browse files": "Bestand kiezen",
    "No results": "Geen resultaten",
    "Choose options": "Kies…",
    "Choose an option": "Kies…",
    "Running...": "Bezig…",
}
#: exact attribute values (aria-label, title, placeholder) -> Dutch
LABELS = {
    "Clear all": "Alles wissen",
    "Clear value": "Wissen",
    "Open": "Openen",
    "Selected values": "Gekozen waarden",
    "Add files": "Bestanden toevoegen",
    "Download as CSV": "Downloaden als CSV",
    "Search": "Zoeken",
    "Fullscreen": "Volledig scherm",
    "Close fullscreen": "Volledig scherm sluiten",
    "Delete": "Verwijderen",
    "Choose options": "Kies…",
    "streamlit_folium.st_folium": FRAME_TITLE,
    "Zoom in": "Inzoomen",
    "Sidebar": "Zijbalk",
    "Collapse sidebar": "Zijbalk inklappen",
    "Expand sidebar": "Zijbalk openen",
    "file upload": "bestand kiezen",
    "Decrement": "Verlagen",
    "Increment": "Verhogen",
    "Show password": "Wachtwoord tonen",
    "Vega visualization": "Diagram (dezelfde cijfers staan erbij als tekst of tabel)",
    "Zoom out": "Uitzoomen",
}
#: (JavaScript regular expression, replacement) for texts with a variable part
PATTERNS = [
    (r"^Remove (.+)$", "Verwijder $1"),
    (r"^Help for (.+)$", "Uitleg bij $1"),
    (r"^(\d+(?:\.\d+)?)\s*MB per file$", "max. $1 MB per bestand"),
    (r"^(\d+(?:\.\d+)?)\s*GB per file$", "max. $1 GB per bestand"),
]

FOCUS_CSS = """
<style>
/* a visible keyboard focus (3:1 against white and the grey sidebar) on every control */
:focus-visible { outline: 3px solid #1d4ed8 !important; outline-offset: 2px !important; }
label:has(input:focus-visible), [data-baseweb="checkbox"]:has(input:focus-visible),
[data-baseweb="radio"]:has(input:focus-visible) { outline: 3px solid #1d4ed8 !important; outline-offset: 2px; border-radius: 4px; }
iframe:focus, iframe:focus-visible { outline: 3px solid #1d4ed8 !important; outline-offset: 2px; }
/* captions dark enough for 4.5:1 on white and on the grey sidebar */
[data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] p, [data-testid="stWidgetLabel"] p { color: #404040 !important; }
[data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] * { opacity: 1 !important; }
/* the title fits a phone without breaking inside a word */
h1 { overflow-wrap: normal; word-break: normal; hyphens: manual; }
@media (max-width: 640px) { h1 { font-size: 1.55rem !important; } }
/* an element holding only this script takes no room */
.stHtml:has(> script#swk-dutch), [data-testid="stHtml"]:has(script#swk-dutch) { display: none; }
</style>
"""

_SCRIPT = """
<script id="swk-dutch">
(function() {
  if (window.__swkDutch) { return; }
  window.__swkDutch = true;
  var TEXTS = %(texts)s, LABELS = %(labels)s, PATTERNS = %(patterns)s.map(function(p) { return [new RegExp(p[0]), p[1]]; });
  var ATTRS = ["aria-label", "title", "placeholder"];
  var USER = '[data-testid="stMarkdownContainer"], [data-testid="stHtml"], .stHtml, .swk-embed, .swk-embed-table';
  function tr(value, table) {
    if (value == null) { return null; }
    var v = value.trim();
    if (Object.prototype.hasOwnProperty.call(table, v)) { return table[v]; }
    for (var i = 0; i < PATTERNS.length; i++) { if (PATTERNS[i][0].test(v)) { return v.replace(PATTERNS[i][0], PATTERNS[i][1]); } }
    return null;
  }
  function fixFrame(f) {
    try {
      var d = f.contentDocument;
      if (d && d.documentElement && d.documentElement.lang !== "nl") { d.documentElement.lang = "nl"; }
    } catch (e) { /* another origin: left alone */ }
  }
  function fix(root) {
    if (document.documentElement.lang !== "nl") { document.documentElement.lang = "nl"; }
    // text in Markdown (captions, headings, alerts: where user text is shown) is never touched
    var walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, {acceptNode: function(node) {
      var p = node.parentElement;
      var user = p && p.closest(USER) && !p.closest('button, [data-testid="stFileUploaderDropzoneInstructions"]');
      return user ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT;
    }}), n;
    while ((n = walker.nextNode())) {
      var t = tr(n.nodeValue, TEXTS);
      if (t !== null && t !== n.nodeValue.trim()) { n.nodeValue = t; }
    }
    var els = root.querySelectorAll ? root.querySelectorAll("[aria-label],[title],[placeholder],iframe") : [];
    for (var i = 0; i < els.length; i++) {
      for (var a = 0; a < ATTRS.length; a++) {
        var v = els[i].getAttribute(ATTRS[a]);
        var t2 = tr(v, LABELS);
        if (t2 !== null && t2 !== v) { els[i].setAttribute(ATTRS[a], t2); }
      }
      if (els[i].tagName === "IFRAME") {
        fixFrame(els[i]);
        if (!els[i].__swkLoad) { els[i].__swkLoad = true; els[i].addEventListener("load", function(e) { fixFrame(e.target); }); }
      }
    }
  }
  var pending = false;
  new MutationObserver(function() {
    if (pending) { return; }
    pending = true;
    requestAnimationFrame(function() { pending = false; fix(document.body); });
  }).observe(document.documentElement, {subtree: true, childList: true, characterData: true,
                                        attributes: true, attributeFilter: ATTRS.concat(["lang"])});
  fix(document.body);
})();
</script>
"""


def dutch_page() -> None:
    """Call once per run, first thing on every page (the script installs itself once per tab)."""
    script = _SCRIPT % {"texts": json.dumps(TEXTS, ensure_ascii=False), "labels": json.dumps(LABELS, ensure_ascii=False),
                        "patterns": json.dumps(PATTERNS)}
    st.html(FOCUS_CSS + script, unsafe_allow_javascript=True)

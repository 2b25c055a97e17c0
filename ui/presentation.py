"""Presentation mode for a projector (``?presentatie=true``): no sidebar, the map and the region
panel fill a 1920x1080 screen, larger text, and the left/right arrow keys step through the
regions of the level in focus."""
from __future__ import annotations

import streamlit as st
import streamlit.components.v1 as components

from analysis.focus import focus_levels
from analysis.prepare import Prepared
from viewstate import ViewState

PREV, NEXT = "◀ Vorige regio", "Volgende regio ▶"

# Fixed CSS and script: no user text in here.
_CSS = """
<style>
section[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], header[data-testid="stHeader"],
[data-testid="stToolbar"] { display: none !important; }
.block-container, [data-testid="stMainBlockContainer"] { padding-top: 0.6rem !important; padding-bottom: 0 !important;
  max-width: 100% !important; }
html, body, [data-testid="stAppViewContainer"] { font-size: 18px; }
h2, h3 { font-size: 1.6rem !important; }
</style>
"""
_KEYS = """
<script>
(function() {
  var doc = window.parent.document;
  if (doc.__swkPresentationKeys) { return; }
  doc.__swkPresentationKeys = true;
  doc.addEventListener('keydown', function(e) {
    var t = e.target, tag = t && t.tagName ? t.tagName.toLowerCase() : '';
    if (tag === 'input' || tag === 'textarea' || (t && t.isContentEditable) || e.altKey || e.ctrlKey || e.metaKey) { return; }
    var want = e.key === 'ArrowRight' ? 'Volgende regio' : e.key === 'ArrowLeft' ? 'Vorige regio' : null;
    if (!want) { return; }
    var btn = Array.from(doc.querySelectorAll('button')).find(function(b) { return b.innerText.indexOf(want) >= 0; });
    if (btn) { e.preventDefault(); btn.click(); }
  });
})();
</script>
"""


def presentation_chrome() -> None:
    """Hide the sidebar and Streamlit's header; bind the arrow keys (on the page, not in a field)."""
    st.html(_CSS)
    components.html(_KEYS, height=0)


def region_steps(state: ViewState, prep: Prepared, prev_col, next_col, close_col) -> None:
    """Previous/next buttons through the regions of the focused level (arrow keys click them)."""
    level = state.focus_level or (focus_levels(prep)[0] if focus_levels(prep) else None)
    if level is None:
        return
    areas = prep.areas[level].sort_values("naam")
    codes = list(areas["code"])
    current = codes.index(state.focus_code) if state.focus and state.focus_code in codes else -1
    step = None
    if prev_col.button(PREV, key="present_prev", help="Pijltje links"):
        step = -1
    if next_col.button(NEXT, key="present_next", help="Pijltje rechts"):
        step = 1
    if close_col.button("Sluiten", key="present_close", help="Presentatiemodus sluiten"):
        state.presentation = False
        st.session_state["_presentation"] = False
        st.rerun()
    if step is not None:
        nxt = codes[(current + step) % len(codes)] if current >= 0 else codes[0 if step > 0 else -1]
        st.session_state["_pending_focus"] = f"{level}:{nxt}"
        st.session_state.pop("area_select", None)
        st.rerun()

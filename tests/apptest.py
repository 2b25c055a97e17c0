"""The app under ``streamlit.testing.v1.AppTest``, with its lazily made panels open."""
from __future__ import annotations

from streamlit.testing.v1 import AppTest

from geo.config import REPO_ROOT

#: the keys of the closed panels whose content is only made while open (ui.layout: lazy_expander, sidebar_sections)
LAZY_PANELS = ("open_table", "open_export", "open_embed", "open_data")


def app_test(timeout: int = 90, open_panels: bool = True) -> AppTest:
    """``AppTest`` of app.py (not yet run); with ``open_panels`` the table, export, embed and data panels are open."""
    at = AppTest.from_file(str(REPO_ROOT / "app.py"), default_timeout=timeout)
    at.session_state["_page_drawn"] = True  # no head start for the map (ui.map_page.head_start): no browser here
    if open_panels:
        for key in LAZY_PANELS:
            at.session_state[key] = True
    return at

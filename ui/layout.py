"""Where things go on the page: the map controls (level, view) at the top of the sidebar (a
drawer on a phone), the filters as compact chips under them, the data files (inventory, region
set, Venster) last, in a closed *Gegevens* expander."""
from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from ui.widget_values import WidgetValues

UPLOAD_KEYS = ("upload", "upload_regions", "upload_ratings")

PAGE_CSS = """
<style>
/* less empty space above the title, so a phone shows the map on its first screen */
.block-container, [data-testid="stMainBlockContainer"] { padding-top: 2.5rem !important; }
h1 { font-size: 2.1rem !important; }
/* a first load keeps the room of the region expander and the area picker above the map (ui/map_page.first_load);
   the area picker keeps its height while Streamlit loads its code, so the map does not move */
.swk-room-focus { height: 40px; } .swk-room-area, .st-key-area_select { min-height: 68px; }
@media (max-width: 640px) {
  .swk-room-focus { height: 56px; }
  .block-container, [data-testid="stMainBlockContainer"] { padding-top: 3.2rem !important; padding-left: .75rem !important;
    padding-right: .75rem !important; }
  h1 { font-size: 1.3rem !important; padding-top: .25rem !important; padding-bottom: .5rem !important; }
  [data-testid="stAlert"] { font-size: .85rem; }
  [data-testid="stAlert"] > div { padding: .5rem .75rem !important; }
  [data-testid="stRadio"] label p { font-size: .85rem; }
}
</style>
"""


@dataclass
class Sidebar:
    """The sidebar's sections, in page order."""

    map: object  # level, view, markers, basemap
    filters: object  # chip filters
    data: object  # uploads: inventory, region set, Venster ratings


def sidebar_sections() -> Sidebar:
    """Reserve the sections. The data expander's uploaders are only made while it is open or holds
    a file (closed, ``data`` is a ``WidgetValues``: no upload; a file stays while it is closed). Sent closed on every first load, they
    made the browser fetch ~25 script chunks (file uploader, number input, ...) in the same queue as
    the map's component, ~0.25 s before the map could start (bench/bench_browser.py)."""
    st.html(PAGE_CSS)
    map_box, filters = st.sidebar.container(), st.sidebar.container()
    has_upload = any(st.session_state.get(k) is not None for k in UPLOAD_KEYS)
    # ``expanded`` stays constant: a changing default would make it a new widget that forgets it was opened
    data = st.sidebar.expander("Gegevens: eigen inventaris, regio-indeling, Venstercijfers", key="open_data",
                               on_change="rerun")
    return Sidebar(map_box, filters, data if data.open or has_upload else WidgetValues())


def lazy_expander(label: str, key: str):
    """A closed expander whose content is only made and sent while it is open (it reruns the page
    part it is in when opened or closed). Returns (container, open). On a first load the closed
    table, export and embed panels cost the browser ~0.5 s (a data grid, syntax highlighting)
    before the map could draw; see bench/bench_browser.py."""
    box = st.expander(label, key=key, on_change="rerun")
    return box, bool(box.open)

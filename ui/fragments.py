"""Page parts that rerun on their own (``st.fragment``): a filter change or a map click reruns the
map page, not the inventory, region and page choice around it."""
from __future__ import annotations

import streamlit as st
from streamlit.errors import StreamlitAPIException


@st.fragment
def map_fragment(*args, **kwargs) -> None:
    """The map page as a fragment; its widgets (also those in the sidebar) rerun only this part."""
    from ui.map_page import map_page  # here: map_page imports rerun_here from this module

    map_page(*args, **kwargs)


def rerun_here() -> None:
    """Rerun the fragment this runs in (the whole app when it is not in one)."""
    try:
        st.rerun(scope="fragment")
    except StreamlitAPIException:
        st.rerun()

"""The values a page's widgets will return in this run, known before they are drawn.

A widget's value at the start of a run is already in ``st.session_state`` (the browser sent it
with the rerun), or is its default. ``WidgetValues`` stands in for a container: a drawing
function called with it gets those values back and draws nothing. The map page uses it to build
and send the map first (the part a person waits for) and draw the sidebar after it; the real
widgets then return the same values (the page checks, and reruns itself in the rare case they
differ, e.g. a value no longer among the options).
"""
from __future__ import annotations

from typing import Any, Sequence

import streamlit as st


class WidgetValues:
    """A stand-in container: widget calls return their value for this run, text calls do nothing."""

    def _pick(self, key: str | None, options: Sequence, default: Any) -> Any:
        if key is not None and key in st.session_state and st.session_state[key] in options:
            return st.session_state[key]
        return default

    def radio(self, label, options, index: int | None = 0, *args, key: str | None = None, **kwargs):
        options = list(options)
        return self._pick(key, options, options[index] if index is not None and options else None)

    selectbox = radio

    def toggle(self, label, value: bool = False, *args, key: str | None = None, **kwargs) -> bool:
        return bool(st.session_state.get(key, value)) if key is not None else value

    checkbox = toggle

    def pills(self, label, options, *args, key: str | None = None, default=None, selection_mode="single", **kwargs):
        options = list(options)
        value = st.session_state.get(key, default) if key is not None else default
        if selection_mode == "multi":
            return [v for v in (value or []) if v in options]
        return value if value in options else None

    def __getattr__(self, name: str):  # markdown, caption, text, ...: nothing to draw
        return lambda *args, **kwargs: None

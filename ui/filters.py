"""Filters as toggle chips (``st.pills``): nothing chosen is *alle* (no narrowing), so one click
keeps one option and no click can empty the map. Under each group, how many projects each option
leaves given the other filters."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from analysis.filter import option_counts
from ui.common import label_of
from ui.widget_values import WidgetValues
from export.numbers import nl_int
from viewstate import FILTER_KEYS, ViewState


def effective(chosen: list[str], options: list[str]) -> list[str]:
    """What a chip group means for filtering: nothing chosen = every option."""
    return list(chosen) if chosen else list(options)


def chip_filters(box, projects: pd.DataFrame, state: ViewState, opts: dict[str, list[str]],
                 labels: dict[str, str]) -> dict[str, list[str]]:
    """Draw the chip groups into ``box`` and return the selection per filter (all options where none is chosen).

    The counts are not in the chip labels: Streamlit identifies a chosen option by its label, so a
    label that changes with the counts would turn the choice into stale text.
    """
    for key in FILTER_KEYS:  # the URL's or last run's choice, minus values this inventory lacks
        wkey = f"f_{key}"
        wanted = st.session_state.get(wkey)
        if wanted is None:
            wanted = state.filters.get(key, [])
            wanted = [] if set(wanted) >= set(opts[key]) else wanted  # all options = no narrowing
        st.session_state[wkey] = [v for v in wanted if v in opts[key]]
    selection = {k: effective(st.session_state[f"f_{k}"], opts[k]) for k in FILTER_KEYS}
    for key in FILTER_KEYS:
        if key == "jaar" and len(opts[key]) < 2:
            continue  # one inventory year: nothing to choose
        chosen = box.pills(labels[key], opts[key], selection_mode="multi", key=f"f_{key}",
                           format_func=lambda c, k=key: label_of(k, c),
                           help="Niets gekozen: alle. Klik op een of meer opties om de kaart daartoe te beperken.")
        selection[key] = effective(chosen or [], opts[key])
        if isinstance(box, WidgetValues):
            continue  # only the values: no counts to show
        counts = option_counts(projects, selection, key, opts[key])
        lead = "alle · " if not chosen else ""
        box.caption(lead + (" · ".join(f"{label_of(key, c)}: {nl_int(n)}" for c, n in counts.items()) or "geen projecten"))
    return selection

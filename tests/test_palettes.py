"""Colour-blind safe palettes: CIEDE2000 under Machado protan/deutan/tritan simulations."""
from __future__ import annotations

import numpy as np
import pytest

from inventory.taxonomy import load_taxonomy
from layers.choropleth import CHANGE_COLOURS, COUNT_COLOURS, DIFF_COLOURS, NO_DATA, NO_VALUE, SCORE_COLOURS
from layers.colourcheck import SIMULATIONS, delta_e00, lab, min_difference


def test_ciede2000_matches_sharma_reference_pairs():
    # Sharma, Wu & Dalal (2005), table 1: pairs 1, 7 and 17
    assert delta_e00(np.array([50, 2.6772, -79.7751]), np.array([50, 0, -82.7485])) == pytest.approx(2.0425, abs=1e-4)
    assert delta_e00(np.array([50, 0, 0]), np.array([50, -1, 2])) == pytest.approx(2.3669, abs=1e-4)
    assert delta_e00(np.array([50, 2.5, 0]), np.array([73, 25, -18])) == pytest.approx(27.1492, abs=1e-4)


def test_simulation_merges_red_and_green_for_deuteranopia():
    normal, deutan = lab(["#d62728", "#2ca02c"], "normal"), lab(["#d62728", "#2ca02c"], "deuteranomaly")
    assert delta_e00(*deutan) < delta_e00(*normal) / 2


def test_insurer_groups_stay_apart_for_colour_blind_readers():
    colours = load_taxonomy()["zorgverzekeraar"].colours()
    groups = [c for g, c in colours.items() if g != "alle"]
    assert len(groups) <= 8
    worst = min_difference(groups)
    print("insurer groups, smallest CIEDE2000:", worst)
    assert worst[0] >= 20, worst
    for extra in (colours["alle"], NO_DATA):  # black for "alle", light grey for "geen projecten"
        d = min(delta_e00(*[lab([extra, g], s)[k] for k in (0, 1)]) for g in groups for s in SIMULATIONS)
        assert d >= 14, (extra, d)


@pytest.mark.parametrize("view,palette", [("venster", SCORE_COLOURS), ("venster_verschil", DIFF_COLOURS),
                                          ("verandering", CHANGE_COLOURS)])
def test_no_value_is_distinct_from_every_class(view, palette):
    grey = NO_VALUE[view]
    d = min(delta_e00(*[lab([grey, c], s)[k] for k in (0, 1)]) for c in palette for s in SIMULATIONS)
    assert d >= 20, (view, d)


def test_count_palette_classes_are_distinct():
    assert min_difference(COUNT_COLOURS)[0] >= 10  # ordered classes: lightness carries them

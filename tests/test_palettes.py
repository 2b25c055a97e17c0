"""Colour-blind safe palettes: CIEDE2000 under Machado protan/deutan/tritan simulations."""
from __future__ import annotations

import numpy as np
import pytest

from inventory.taxonomy import load_taxonomy
from layers.choropleth import CHANGE_COLOURS, COUNT_COLOURS, DIFF_COLOURS, NO_DATA, NO_VALUE, SCORE_COLOURS
from layers.colourcheck import SIMULATIONS, contrast, delta_e00, hex_to_rgb1, lab, luminance, min_difference, simulate
from layers.compose import FILL_OPACITY
from layers.hatch import HATCH_BACK, HATCH_LINE
from layers.legend import hatch_css, over_white


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
    # black for "alle"; "geen projecten" is a hatch, not a colour (test_no_projects_hatch_*)
    d = min(delta_e00(*[lab([colours["alle"], g], s)[k] for k in (0, 1)]) for g in groups for s in SIMULATIONS)
    assert d >= 14, d


@pytest.mark.parametrize("view,palette", [("venster", SCORE_COLOURS), ("venster_verschil", DIFF_COLOURS),
                                          ("verandering", CHANGE_COLOURS)])
def test_no_value_is_distinct_from_every_class(view, palette):
    grey = NO_VALUE[view]
    d = min(delta_e00(*[lab([grey, c], s)[k] for k in (0, 1)]) for c in palette for s in SIMULATIONS)
    assert d >= 20, (view, d)


def test_count_palette_classes_are_distinct():
    assert min_difference(COUNT_COLOURS)[0] >= 10  # ordered classes: lightness carries them


def test_no_flat_colour_can_mark_geen_projecten_on_a_slide():
    """Why a hatch: the old grey was ~1.1:1 against the lowest class and white, and no flat colour at
    all reaches 3:1 against every count class and white (slides draw the classes at full opacity)."""
    lowest = over_white(COUNT_COLOURS[0], FILL_OPACITY)
    print(f"old grey {NO_DATA}: {contrast(NO_DATA, lowest):.2f}:1 against the lowest class on the map, "
          f"{contrast(NO_DATA, '#ffffff'):.2f}:1 against white")
    assert contrast(NO_DATA, lowest) < 1.2 and contrast(NO_DATA, "#ffffff") < 1.2
    steps = np.arange(0, 256, 5) / 255
    every = np.stack(np.meshgrid(steps, steps, steps, indexing="ij"), -1).reshape(-1, 3)
    lum = luminance(every)[:, None]
    targets = np.array([luminance(hex_to_rgb1(c)) for c in [*COUNT_COLOURS, "#ffffff"]])[None]
    best = ((np.maximum(lum, targets) + 0.05) / (np.minimum(lum, targets) + 0.05)).min(axis=1).max()
    print(f"best flat colour: {best:.2f}:1 against its worst count class or white")
    assert best < 3


@pytest.mark.parametrize("where,opacity", [("kaart", FILL_OPACITY), ("dia", 1.0)])
def test_no_projects_hatch_lines_stand_out_for_every_reader(where, opacity):
    """The hatch lines reach 3:1 against their own fill and against white, on the map (drawn at the
    areas' fill opacity over white) and on slides, also under protan/deutan/tritan simulation."""
    line, back = over_white(HATCH_LINE, opacity), over_white(HATCH_BACK, opacity)
    for sim in SIMULATIONS:
        ratios = contrast(simulate(line, sim), simulate(back, sim)), contrast(simulate(line, sim), "#ffffff")
        print(where, sim, [f"{r:.2f}:1" for r in ratios])
        assert min(ratios) >= 3, (where, sim, ratios)


def test_no_projects_hatch_is_a_pattern_of_lightness_only():
    """Neutral greys: the hatch looks the same to every colour-vision type (no hue to confuse with a
    class), and the legend swatch uses the map's own colours."""
    for colour in (HATCH_LINE, HATCH_BACK):
        for sim in SIMULATIONS:
            _, a, b = lab([colour], sim)[0]
            assert np.hypot(a, b) < 1.5, (colour, sim)
    css = hatch_css(FILL_OPACITY)
    assert over_white(HATCH_LINE, FILL_OPACITY) in css and over_white(HATCH_BACK, FILL_OPACITY) in css

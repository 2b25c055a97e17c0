"""What is missing in a region is judged per municipality among the chosen themes (analysis.missing),
equals the witte-vlekken computation, and is said in the same words in the app's profile, the
regio-dia and the regiorapport; the national table beside the map lists the chosen themes only."""
from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.filter import filter_projects
from analysis.gaps import GapRule, find_gaps
from analysis.missing import Missing, missing_sentence, region_sentence
from analysis.prepare import prepare
from analysis.profile import area_profile_compared, chosen_themes, national_themes
from inventory.load import load_inventory
from inventory.taxonomy import load_taxonomy
from layers.escape import md

TAX = load_taxonomy()
LABELS = TAX["thema"].labels()
FILTER_SETS = [{}, {"thema": ["ouderen", "ggz"]},
               {"thema": ["jeugd", "preventie", "wijk"], "fase": ["implementatie", "structureel"]}]


@pytest.fixture(scope="module")
def prep(real_boundaries):
    result, _ = load_inventory(None, 2017, None)
    return prepare(result.accepted, 2017)


def _profile(prep, selection, code, level="zorgkantoorregio"):
    filtered = filter_projects(prep.projects, selection)
    return area_profile_compared(prep, filtered, level, code, selection, TAX["thema"].codes, TAX["fase"].codes)


@pytest.mark.parametrize("selection", FILTER_SETS, ids=["alles", "ouderen-ggz", "jeugd-preventie-wijk-laat"])
def test_missing_per_municipality_equals_the_witte_vlekken_in_every_zorgkantoorregio(prep, selection):
    filtered = filter_projects(prep.projects, selection)
    long = prep.long[prep.long["id"].isin(set(filtered["id"]))]
    themes = chosen_themes(selection, TAX["thema"].codes)
    seen = 0
    for code in prep.areas["zorgkantoorregio"]["code"]:
        prof = area_profile_compared(prep, filtered, "zorgkantoorregio", code, selection, TAX["thema"].codes,
                                     TAX["fase"].codes)
        # the witte-vlekken page's computation: no project by anyone, any phase, any insurer
        expected = find_gaps(long, prep.members, [code], themes, GapRule(), TAX["fase"].codes)
        got = prof.gaps.gaps
        assert sorted(zip(got["gemeente_code"], got["thema"])) == sorted(zip(expected["gemeente_code"], expected["thema"]))
        n_gem = int((prep.members["zorgkantoorregio_code"] == code).sum())
        sentence = missing_sentence(prof.gaps, LABELS)
        if len(expected):
            assert sentence.startswith(f"{len(expected)} van {n_gem * len(themes)} combinaties zonder project: ")
            for naam in set(expected["gemeente_naam"]):
                assert f"{naam} (" in sentence  # the full list (app, rapport) names every one
        else:
            assert sentence.startswith("Elke gemeente heeft op elk gekozen thema minstens één project")
        # the old region-wide judgement stays as a line of its own, never as "nothing missing"
        assert set(prof.gaps.region_missing) == set(prof.missing)
        seen += len(expected)
    assert seen > 0  # the demo has gaps under each filter set


def test_twente_is_not_said_to_miss_nothing(prep):
    prof = _profile(prep, {"thema": ["ouderen", "ggz"]}, "ZK22")
    assert prof.missing == []  # region-wide: each theme somewhere in Twente
    assert missing_sentence(prof.gaps, LABELS) == ("3 van 28 combinaties zonder project: Haaksbergen "
                                                   "(alle gekozen thema's), Tubbergen (GGZ)")
    assert region_sentence(prof.gaps, LABELS) == ("Regio als geheel: elk gekozen thema heeft een project in minstens "
                                                  "één gemeente.")


def _texts(fig) -> str:
    """Every text drawn on a figure (titles, annotations, table cells), whitespace normalised."""
    from matplotlib.text import Text

    return " ".join(" ".join(t.get_text().split()) for t in fig.findobj(Text))


def test_dia_and_rapport_say_what_the_profile_says(prep):
    import matplotlib.pyplot as plt

    from export.regio import REPORT_CHARS, SLIDE_CHARS, RegioSpec, report_pages
    from analysis.missing import SLIDE_LIMIT

    selection = {"thema": ["ouderen", "ggz"]}
    filtered = filter_projects(prep.projects, selection)
    prof = _profile(prep, selection, "ZK22")
    pages = list(report_pages(prep, filtered, RegioSpec("zorgkantoorregio", "ZK22", selection, "demo", True), TAX))
    try:
        slide, texts = pages[0], [_texts(f) for f in pages]
        full = missing_sentence(prof.gaps, LABELS)
        assert missing_sentence(prof.gaps, LABELS, limit=SLIDE_LIMIT, max_chars=SLIDE_CHARS) == full  # short enough
        assert full in _texts(slide) and region_sentence(prof.gaps, LABELS) in _texts(slide)
        assert "Ontbreekt: niets" not in _texts(slide)
        vlekken = next(t for t in texts if "Witte vlekken in Twente" in t)
        assert missing_sentence(prof.gaps, LABELS, max_chars=REPORT_CHARS) in vlekken
        for naam in ("Haaksbergen", "Tubbergen"):
            assert naam in vlekken
        # Haaksbergen (no project) is hatched on the slide's map and in its legend, as on the app's map
        from layers.hatch import MPL_HATCH

        hatched = [c for ax in slide.axes for c in ax.collections if c.get_hatch() == MPL_HATCH]
        assert len(hatched) == 1 and len(hatched[0].get_paths()) >= 1
        legend = next(ax.get_legend() for ax in slide.axes if ax.get_legend() and ax.get_legend().get_title().get_text()
                      == "Projecten per gemeente")
        assert [p.get_hatch() for p in legend.get_patches()][0] == MPL_HATCH
    finally:
        for f in pages:
            plt.close(f)

    # a long list: the slide names a few and counts the rest, the rapport page names more, the app all
    prof = _profile(prep, {}, "PV25", level="provincie")  # Gelderland, every theme
    full = missing_sentence(prof.gaps, LABELS)
    short = missing_sentence(prof.gaps, LABELS, limit=SLIDE_LIMIT, max_chars=SLIDE_CHARS)
    assert len(short) <= SLIDE_CHARS and "en nog" in short and short.split(":")[0] == full.split(":")[0]
    rest = int(short.rsplit("en nog ", 1)[1].split()[0])
    assert len(prof.gaps.per_gemeente()) == rest + short.split(": ", 1)[1].count(" (")


NAME = st.text(st.characters(whitelist_categories=("Lu", "Ll"), whitelist_characters=" '-"), min_size=1, max_size=14)


@st.composite
def _missing(draw):
    themes = draw(st.lists(st.sampled_from(TAX["thema"].codes), min_size=1, max_size=6, unique=True))
    n = draw(st.integers(1, 12))
    names = [f"{draw(NAME)}#{i}" for i in range(n)]  # '#i': no name is the end of another
    codes = [f"GM{i:04d}" for i in range(n)]
    cells = [(c, naam, t) for c, naam in zip(codes, names) for t in themes]
    gaps = draw(st.lists(st.sampled_from(cells), unique=True, max_size=len(cells)))
    return Missing(themes, codes, pd.DataFrame(gaps, columns=["gemeente_code", "gemeente", "thema"]))


@settings(max_examples=150, deadline=None)
@given(_missing(), st.integers(1, 6), st.integers(40, 400))
def test_sentence_counts_every_gap_and_fits_a_slide(missing, limit, max_chars):
    """Any area: the head counts the combinations, every municipality with a gap is named (the
    full sentence) or named first-to-last and counted in 'en nog K' (a slide), as many as fit."""
    full = missing_sentence(missing, LABELS)
    short = missing_sentence(missing, LABELS, limit=limit, max_chars=max_chars)
    if missing.gaps.empty:
        assert full == short and full.startswith("Elke gemeente")
        return
    head = f"{len(missing.gaps)} van {len(missing.gemeenten) * len(missing.themes)} combinatie"
    assert full.startswith(head) and short.startswith(head)
    rows = [naam for _, naam, _ in missing.per_gemeente()]
    assert all(f"{naam} (" in full for naam in rows) and "en nog" not in full
    named = [naam for naam in rows if f"{naam} (" in short]
    assert 1 <= len(named) <= min(limit, len(rows)) and named == rows[:len(named)]  # most themes missing first
    rest = len(rows) - len(named)
    assert short.endswith(f"en nog {rest} {'gemeente' if rest == 1 else 'gemeenten'}") if rest else "en nog" not in short
    assert len(short) <= max_chars or len(named) == 1
    if len(named) < min(limit, len(rows)):  # one more name would not have fitted
        assert len(missing_sentence(missing, LABELS, limit=len(named) + 1)) > max_chars


def test_national_table_lists_the_chosen_themes_only(prep):
    filtered = filter_projects(prep.projects, {"thema": ["ggz", "ouderen"]})
    table = national_themes(filtered, chosen_themes({"thema": ["ggz", "ouderen"]}, TAX["thema"].codes))
    assert list(table.index) == ["ouderen", "ggz"]  # taxonomy order, nothing filtered out as 0 / 0%
    assert table["n"].sum() == len(filtered) and table["aandeel"].sum() == pytest.approx(1.0)


def test_app_profile_and_national_table_follow_the_chosen_themes(prep):
    from tests.apptest import app_test

    at = app_test(120, open_panels=False).run()
    next(m for m in at.pills if m.label == "Thema").set_value(["ouderen", "ggz"]).run()
    assert not at.exception, [e.value for e in at.exception]
    table = next(m.value for m in at.markdown if m.value.startswith("| Thema | Projecten | Aandeel |"))
    rows = [r.split("|")[1].strip() for r in table.splitlines()[2:]]
    assert rows == ["Ouderen", "GGZ"]  # not Preventie ... as 0 / 0%

    at.selectbox(key="focus_select").set_value("zorgkantoorregio:ZK22").run()
    assert not at.exception, [e.value for e in at.exception]
    prof = _profile(prep, {"thema": ["ouderen", "ggz"]}, "ZK22")
    said = " ".join(w.value for w in at.warning)
    assert md(missing_sentence(prof.gaps, LABELS)) in said and md(region_sentence(prof.gaps, LABELS)) in said
    assert not any("Op elk gekozen thema" in s.value for s in at.success)


def test_hostile_municipality_names_in_the_sentence_stay_text(tmp_path):
    """Names reach the sentence as data: the app shows it through md() as plain text, the slide draws it
    without math or markup."""
    import matplotlib.pyplot as plt
    from bs4 import BeautifulSoup

    from export.regio import _text
    from tabular.text import strip_invisible
    from tests.test_security import _md_html, attacks

    names = attacks(tmp_path / "pwned")
    codes = [f"GM{i:04d}" for i in range(len(names))]
    gaps = pd.DataFrame([(c, n, "ggz") for c, n in zip(codes, names)], columns=["gemeente_code", "gemeente", "thema"])
    sentence = missing_sentence(Missing(["ouderen", "ggz"], codes, gaps), LABELS)
    soup = BeautifulSoup(_md_html(md(sentence)), "html.parser")
    assert not soup.find(["a", "img", "script", "em", "strong", "code", "h1", "h2"])
    assert " ".join(soup.get_text().split()) == " ".join(strip_invisible(sentence).split())
    fig = plt.figure()
    try:
        drawn = _text(fig, 0, 0, sentence)
        assert drawn.get_text() == sentence and not drawn.get_parse_math()
    finally:
        plt.close(fig)
    assert not (tmp_path / "pwned").exists()

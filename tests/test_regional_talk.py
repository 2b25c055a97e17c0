"""The regional talk: finding a region, its profile against the country, the matrix, stable
classes, the regio-dia and the regiorapport."""
from __future__ import annotations

import io
import re

import numpy as np
import pandas as pd
import pytest
from bs4 import BeautifulSoup

from analysis.aggregate import area_summary
from analysis.filter import filter_projects
from analysis.focus import municipalities_in, region_of, search_areas, search_index
from analysis.matrix import matrix_long, matrix_wide
from analysis.prepare import prepare
from analysis.profile import area_profile_compared, nl_number
from inventory.load import load_inventory
from inventory.taxonomy import load_taxonomy
from layers.choropleth import fixed_classes, stable_breaks, style_areas
from layers.escape import md
from tests.test_security import label_texts

TAX = load_taxonomy()
pytestmark = pytest.mark.usefixtures("real_boundaries")


@pytest.fixture(scope="module")
def prep(real_boundaries):
    result, _ = load_inventory(None, 2017, None)
    return prepare(result.accepted, 2017)


@pytest.fixture(scope="module")
def index(prep):
    return search_index(prep)


@pytest.mark.parametrize("query,level,naam", [
    ("Twente", "zorgkantoorregio", "Twente"),
    ("ZK22", "zorgkantoorregio", "Twente"),
    ("Den Bosch", "gemeente", "'s-Hertogenbosch"),
    ("Den Haag", "gemeente", "'s-Gravenhage"),
    ("Sudwest", "gemeente", "Súdwest-Fryslân"),
    ("limburg", "provincie", "Limburg"),
    ("Amsterdm", None, "Amsterdam"),  # a typing error (the zorgkantoorregio and the gemeente are both right)
])
def test_search_finds_what_people_mean(index, query, level, naam):
    hits = search_areas(index, query)
    assert hits, query
    assert hits[0].naam == naam and (level is None or hits[0].level == level)


def test_search_ranks_the_region_above_a_lookalike_municipality(index):
    hits = search_areas(index, "Twente")
    names = [h.naam for h in hits]
    assert names[0] == "Twente" and "Twenterand" in names  # Twenterand still offered, below


def test_twente_has_its_14_municipalities_in_2017(prep):
    codes = municipalities_in(prep, "zorgkantoorregio", "ZK22")
    names = set(prep.areas["gemeente"].set_index("code").loc[codes, "naam"])
    assert len(codes) == 14 and {"Enschede", "Hengelo", "Almelo", "Hof van Twente"} <= names
    assert region_of(prep, "GM0153", "zorgkantoorregio") == "ZK22"  # Enschede


def test_missing_themes_are_judged_among_the_selected_ones(prep):
    selection = {"thema": ["ouderen", "ggz"]}
    filtered = filter_projects(prep.projects, selection)
    prof = area_profile_compared(prep, filtered, "zorgkantoorregio", "ZK22", selection, TAX["thema"].codes,
                                 TAX["fase"].codes)
    assert prof.judged_themes == ["ouderen", "ggz"]
    assert set(prof.missing) <= {"ouderen", "ggz"}  # never a filtered-out theme
    unfiltered = area_profile_compared(prep, prep.projects, "zorgkantoorregio", "ZK22", {}, TAX["thema"].codes,
                                       TAX["fase"].codes)
    assert unfiltered.judged_themes == TAX["thema"].codes


def test_profile_figures_equal_a_direct_count(prep):
    from geo.inhabitants import inhabitants

    inw, _ = inhabitants(2017)
    prof = area_profile_compared(prep, prep.projects, "zorgkantoorregio", "ZK22", {}, TAX["thema"].codes,
                                 TAX["fase"].codes, inw)
    codes = set(municipalities_in(prep, "zorgkantoorregio", "ZK22"))
    ids = set(prep.long.loc[prep.long["gemeente_code"].isin(codes), "id"])
    mine = prep.projects[prep.projects["id"].isin(ids)]
    direct = mine["thema"].value_counts().reindex(TAX["thema"].codes, fill_value=0)
    assert prof.per_thema["n"].tolist() == direct.tolist()
    assert list(prof.per_fase.index) == TAX["fase"].codes  # phase order, not alphabetical
    pop = inw.reindex(list(codes)).sum()
    assert prof.inwoners == pytest.approx(pop)
    assert prof.per_thema.loc["ouderen", "per_10k"] == pytest.approx(direct["ouderen"] / pop * 10_000)
    nl = prep.projects["thema"].value_counts()["ouderen"]
    nl_pop = inw.reindex(prep.members["gemeente_code"]).sum()
    assert prof.per_thema.loc["ouderen", "nl_per_10k"] == pytest.approx(nl / nl_pop * 10_000)
    assert prof.per_thema["aandeel"].sum() == pytest.approx(1.0)
    assert np.isfinite(prof.per_thema["mediaan_per_10k"]).all()


def test_matrix_equals_a_direct_computation(prep):
    selection = {"thema": ["ouderen", "ggz", "preventie"]}
    filtered = filter_projects(prep.projects, selection)
    long = prep.long[prep.long["id"].isin(set(filtered["id"]))]
    codes = municipalities_in(prep, "zorgkantoorregio", "ZK22")
    mat = matrix_long(long, prep.areas["gemeente"], codes, TAX["thema"].codes, TAX["fase"].codes)
    assert len(mat) == 14 * len(TAX["thema"].codes)
    rank = {f: i for i, f in enumerate(TAX["fase"].codes)}
    for r in mat.itertuples(index=False):
        ids = set(prep.long.loc[prep.long["gemeente_code"] == r.gemeente_code, "id"])
        mine = filtered[filtered["id"].isin(ids) & (filtered["thema"] == r.thema)]
        assert r.n == len(mine)
        if len(mine):
            assert r.hoogste_fase == max(mine["fase"], key=rank.get)
            groups = {g for v in mine["zorgverzekeraar_groepen"] for g in v.split(";") if g}
            assert set(r.verzekeraars.split(", ")) == groups
        else:
            assert pd.isna(r.hoogste_fase) and r.verzekeraars == ""
        if r.thema not in selection["thema"]:
            assert r.n == 0
    wide = matrix_wide(mat, TAX)
    assert list(wide.columns) == ["gemeente", *TAX["thema"].labels().values()] and len(wide) == 14


def test_stable_classes_are_identical_across_filters(prep):
    reference = area_summary(prep.areas["gemeente"], prep.long, "gemeente", TAX["fase"].codes)["n_projecten"]
    breaks = stable_breaks(reference.to_numpy())
    legends = []
    for selection in ({}, {"thema": ["ouderen", "ggz"]}, {"fase": ["structureel"]}):
        filtered = filter_projects(prep.projects, selection)
        long = prep.long[prep.long["id"].isin(set(filtered["id"]))]
        summary = area_summary(prep.areas["gemeente"], long, "gemeente", TAX["fase"].codes)
        _, _, items = style_areas(summary, "count", TAX, breaks=breaks)
        legends.append(items)
    assert legends[0] == legends[1] == legends[2]
    assert breaks == sorted(set(breaks)) and breaks[-1] == reference.max()


def test_fixed_classes_last_class_is_open():
    classes, labels = fixed_classes(np.array([0, 1, 4, 9, 500]), [2, 5, 10])
    assert classes.tolist() == [-1, 0, 1, 2, 2] and labels == ["1–2", "3–5", "6 of meer"]


def test_dutch_numbers():
    assert nl_number(12345) == "12.345" and nl_number(6.6, 1) == "6,6" and nl_number(float("nan")) == "–"


def test_regio_dia_and_report(prep, tmp_path):
    from PIL import Image

    from export.regio import RegioSpec, matrix_xlsx_bytes, regio_report_pdf, regio_slide

    selection = {"thema": ["ouderen", "ggz"]}
    filtered = filter_projects(prep.projects, selection)
    spec = RegioSpec("zorgkantoorregio", "ZK22", selection, "demo", True)
    png = regio_slide(prep, filtered, spec, TAX)
    assert Image.open(io.BytesIO(png)).size == (1920, 1080)
    pdf = regio_report_pdf(prep, filtered, spec, TAX)
    assert pdf.startswith(b"%PDF") and pdf.count(b"/Type /Page\n") + pdf.count(b"/Type /Page ") >= 4
    long = prep.long[prep.long["id"].isin(set(filtered["id"]))]
    mat = matrix_long(long, prep.areas["gemeente"], municipalities_in(prep, "zorgkantoorregio", "ZK22"),
                      TAX["thema"].codes, TAX["fase"].codes)
    import openpyxl

    wb = openpyxl.load_workbook(io.BytesIO(matrix_xlsx_bytes(mat, TAX, "Twente", spec)))
    assert wb.sheetnames == ["Matrix", "Legenda", "Gegevens"]
    ws = wb["Matrix"]
    assert ws.freeze_panes == "B2" and ws.max_row == 15
    legend = [c.value for c in wb["Legenda"]["A"]]
    assert "Opstartfase" in legend and "Filters" in legend


def test_cli_export_regio(tmp_path, capsys):
    from tests.cli_run import run_cli

    out = tmp_path / "twente.pdf"
    res = run_cli(capsys, "export", "regio", "--region", "ZK22", "--out", out, "--thema", "ouderen,ggz")
    assert res.returncode == 0, res.stderr
    assert out.read_bytes().startswith(b"%PDF")
    png = tmp_path / "twente.png"
    res = run_cli(capsys, "export", "regio", "--region", "Twente", "--out", png)
    assert res.returncode == 0, res.stderr
    bad = run_cli(capsys, "export", "regio", "--region", "Nergenshuizen", "--out", png)
    assert bad.returncode == 2 and "Nergenshuizen" in bad.stderr and len(bad.stderr.strip().splitlines()) == 1


def test_matrix_wide_sorts_and_escapes_nothing(prep):
    mat = pd.DataFrame({"gemeente_code": ["GM1", "GM1"], "gemeente": ["<b>x</b>", "<b>x</b>"],
                        "thema": ["ouderen", "ggz"], "n": [1, 0], "hoogste_fase": ["opstart", None],
                        "verzekeraars": ["cz", ""]})
    wide = matrix_wide(mat, TAX)
    assert wide.loc[0, "gemeente"] == "<b>x</b>"  # data stays data; HTML escaping happens where HTML is made
    assert wide.loc[0, "Ouderen"] == "Opstartfase (1) · CZ" and wide.loc[0, "GGZ"] == "–"


def _app():
    from tests.apptest import app_test


    return app_test(120).run()


def test_app_focus_on_twente_draws_its_municipalities_with_names():
    import json

    at = _app()
    at.selectbox(key="focus_select").set_value("zorgkantoorregio:ZK22").run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.query_params["regio"] == "zorgkantoorregio:ZK22"
    assert any(h.value.startswith("Twente") for h in at.header)
    script = json.loads(at.get("component_instance")[0].proto.json_args)["script"]
    labels = set(label_texts(script))
    assert len(labels) == 14 and {"Enschede", "Hengelo", "Almelo"} <= labels
    matrix = next(d.value for d in at.dataframe if "gemeente" in d.value.columns and "Ouderen" in d.value.columns)
    assert len(matrix) == 14
    labels_dl = [b.proto.label for b in at.get("download_button")]
    assert {"Matrix (Excel)", "Regio-dia (PNG)", "Regiorapport (PDF)"} <= set(labels_dl)


def test_app_search_den_bosch_focuses_its_region_and_selects_it():
    at = _app()
    at.text_input(key="focus_query").input("Den Bosch").run()
    button = next(b for b in at.button if "'s-Hertogenbosch" in b.label and "gemeente" in b.label)
    button.click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.selectbox(key="focus_select").value.startswith("zorgkantoorregio:")
    assert at.selectbox(key="area_select").value == "GM0796"
    assert any(h.value.startswith("Gemeente 's-Hertogenbosch") for h in at.subheader)


def test_app_classes_stay_fixed_across_filters():
    import json

    def legend(at):
        """The legend items the overlay (the part a filter change sends) puts on the map."""
        import html

        overlay = json.loads(at.get("component_instance")[0].proto.json_args)["feature_group"]
        data = json.loads(re.search(r"var d = (\{.*?\});\n", overlay).group(1))
        assert data["method"] or at.radio(key="classes").value == "kwantielen"
        return [html.unescape(label) for _, label in data["items"]]

    at = _app()
    first = legend(at)
    next(m for m in at.pills if m.label == "Thema").set_value(["ggz"]).run()
    assert legend(at) == first and len(first) >= 3
    at.radio(key="classes").set_value("kwantielen").run()
    assert legend(at) != first and at.query_params["klassen"] == "kwantielen"


def test_app_presentation_mode_steps_through_regions():
    at = _app()
    at.selectbox(key="focus_select").set_value("zorgkantoorregio:ZK22").run()
    at.button(key="present_open").click().run()
    assert not at.exception and at.query_params["presentatie"] == "true"
    assert not any(t.value.startswith("Samenwerkingskaart gemeenten") for t in at.title)  # room for the map
    at.button(key="present_next").click().run()
    nxt = at.selectbox(key="focus_select").value
    assert nxt.startswith("zorgkantoorregio:") and nxt != "zorgkantoorregio:ZK22"
    at.button(key="present_prev").click().run()
    assert at.selectbox(key="focus_select").value == "zorgkantoorregio:ZK22"
    at.button(key="present_close").click().run()
    assert "presentatie" not in at.query_params


def test_change_page_filters_and_exports():
    at = _app()
    at.radio(key="page").set_value("verandering").run()
    assert not at.exception
    before = next(m.value for m in at.markdown if "projecten in 2017" in m.value)
    at.multiselect(key="chg_thema").set_value(["ouderen"]).run()
    assert not at.exception
    after = next(m.value for m in at.markdown if "projecten in 2017" in m.value)
    assert after != before and md("thema: Ouderen") in after
    assert at.query_params["thema"] == "ouderen"
    labels = {b.proto.label for b in at.get("download_button")}
    assert {"Kaart (HTML, zelfstandig)", "Dia (PNG 1920×1080)"} <= labels


def test_change_exports_carry_the_filter(prep, tmp_path):
    from analysis.change import align, change_summary
    from export.change import change_html, change_image

    new_result, _ = load_inventory(__import__("inventory.demo", fromlist=["x"]).DEMO_FILE_2025, 2025, None)
    new_prep = prepare(new_result.accepted, 2025)
    long_old, _ = align(prep.projects, new_prep)
    old_ids = set(filter_projects(prep.projects, {"thema": ["ouderen"]})["id"])
    new_ids = set(filter_projects(new_prep.projects, {"thema": ["ouderen"]})["id"])
    summary = change_summary(new_prep.areas["provincie"], long_old[long_old["id"].isin(old_ids)],
                             new_prep.long[new_prep.long["id"].isin(new_ids)], "provincie")
    page = change_html(summary, "provincie", 2017, 2025, "demo", True, TAX, "thema: Ouderen")
    soup = BeautifulSoup(page, "html.parser")
    assert "2017 → 2025" in soup.h1.get_text() and "thema: Ouderen" in soup.select_one(".swk-sub").get_text()
    assert len(soup.select("table.swk tbody tr")) == 12
    png = change_image(summary, "provincie", 2017, 2025, "demo", True, TAX, "thema: Ouderen")
    assert png.startswith(b"\x89PNG")

"""The Streamlit app through AppTest: filters change counts, uploads show their report, areas their profile."""
from __future__ import annotations

import re

import pytest
from streamlit.testing.v1 import AppTest

from tests.apptest import app_test

from inventory.taxonomy import load_taxonomy
from layers.escape import md

TAX = load_taxonomy()
from tests.inventory_fixtures import csv_bytes, row

pytestmark = pytest.mark.usefixtures("real_boundaries")


def _app() -> AppTest:
    # AppTest (Streamlit 1.67) does not pass query parameters into the first run; reading the URL
    # is tested in test_viewstate.py and in the browser tests.
    return app_test(90).run()


def _selected(at) -> tuple[int, int]:
    text = next(m.value for m in at.markdown if "projecten geselecteerd" in m.value)
    a, b = re.match(r"\*\*([\d.]+)\*\* van ([\d.]+)", text).groups()  # Dutch: 1.500
    return int(a.replace(".", "")), int(b.replace(".", ""))


def test_opens_on_demo_with_honest_label():
    at = _app()
    assert not at.exception
    assert any("Demonstratiedata" in i.value for i in at.info)
    assert _selected(at) == (1500, 1500)
    assert at.main.caption[-1].value.startswith("Bron: demonstratiedata")


def _counts(at, label: str) -> dict[str, int]:
    """The per-option counts shown under the filter ``label`` ("Ouderen: 490 · GGZ: 315 ...")."""
    options = set(next(m for m in at.pills if m.label == label).options)
    for caption in at.sidebar.caption:
        text = caption.value.removeprefix("alle · ")  # nothing chosen in this group: it does not narrow
        parts = [p.rsplit(": ", 1) for p in text.split(" · ")]
        if all(len(p) == 2 and p[1].replace(".", "").isdigit() for p in parts) and {p[0] for p in parts} == options:
            return {k: int(v.replace(".", "")) for k, v in parts}
    raise AssertionError(f"no counts shown for {label}")


@pytest.mark.parametrize("key,value", [
    ("Thema", "ouderen"), ("Fase (intensiteit)", "structureel"), ("Instrument", "inkoop"),
    ("Geografisch niveau", "regio"), ("Zorgverzekeraar", "menzis"),
])
def test_each_filter_changes_the_counts(key, value):
    at = _app()
    ms = next(m for m in at.pills if m.label == key)
    other = next(m for m in at.pills if m.label != key and m.label != "Inventarisatiejaar")
    before_other = _counts(at, other.label)
    ms.set_value([value]).run()
    n, total = _selected(at)
    assert 0 < n < total
    other = next(m for m in at.pills if m.label == other.label)
    assert _counts(at, other.label) != before_other  # the other controls show what remains
    assert sum(_counts(at, other.label).values()) >= n
    assert at.query_params[{"Thema": "thema", "Fase (intensiteit)": "fase", "Instrument": "instrument",
                            "Geografisch niveau": "niveau", "Zorgverzekeraar": "zorgverzekeraar"}[key]] == value


def test_option_counts_add_up():
    at = _app()
    thema = next(m for m in at.pills if m.label == "Thema")
    assert sum(_counts(at, thema.label).values()) == 1500
    assert _counts(at, "Thema")["Ouderen"] == 490


def test_selecting_an_area_shows_its_profile():
    at = _app()
    at.selectbox(key="area_select").set_value("GM0363").run()
    assert not at.exception
    assert any(h.value == "Profiel: Amsterdam" for h in at.header)
    table = next(d.value for d in at.dataframe if "geografisch niveau" in d.value.columns)  # the project list
    labels = set(TAX["thema"].labels().values())
    assert len(table) > 10 and set(table["thema"]) <= labels  # Dutch labels, not codes
    compared = next(d.value for d in at.dataframe if "Nederland per 10.000" in d.value.columns)
    assert list(compared["thema"]) == list(TAX["thema"].labels().values())
    fases = next(d.value for d in at.dataframe if "fase" in d.value.columns and "Nederland per 10.000" in d.value.columns)
    assert list(fases["fase"]) == [TAX["fase"].labels()[f] for f in TAX["fase"].codes]  # phase order
    assert at.query_params["gebied"] == "GM0363"


def test_profile_judges_missing_themes_among_the_selected_ones():
    """Themes the user filtered out are never reported as missing (the 2017 Twente mistake)."""
    at = _app()
    next(m for m in at.pills if m.label == "Thema").set_value(["ouderen", "ggz"]).run()
    at.selectbox(key="area_select").set_value("GM0363").run()  # Amsterdam has both
    assert not " ".join(w.value for w in at.warning)
    assert any("Op elk gekozen thema" in s.value and "Preventie" not in s.value for s in at.success)
    # a municipality with ouderen but no jeugd project: jeugd is missing, and only jeugd
    from inventory.load import load_inventory

    demo = load_inventory(None, 2017, None)[0].accepted
    per = demo.assign(g=demo["gemeente_codes"].str.split(";")).explode("g").groupby("g")["thema"].agg(set)
    code = next(g for g, themes in per.items() if "ouderen" in themes and "jeugd" not in themes)
    next(m for m in at.pills if m.label == "Thema").set_value(["ouderen", "jeugd"]).run()
    at.selectbox(key="area_select").set_value(code).run()
    warn = " ".join(w.value for w in at.warning)
    assert "Jeugd" in warn.split("(")[0] and "Ouderen" not in warn.split("(")[0] and "Preventie" not in warn


def test_upload_with_bad_row_shows_rejection_and_can_be_used():
    at = _app()
    data = csv_bytes([row("U1", gemeenten="Amsterdam", naam="<script>alert(1)</script>"), row("U2", gemeenten="Amsterdm")])
    at.file_uploader(key="upload").set_value(("mijn.csv", data, "text/csv")).run()
    assert not at.exception
    assert any("1 rij(en) afgewezen" in e.value for e in at.error)
    rej = at.sidebar.dataframe[0].value
    assert rej.iloc[0]["waarde"] == "Amsterdm" and "Amsterdam" in rej.iloc[0]["suggesties"]
    assert _selected(at) == (1500, 1500)  # not used before the user says so
    at.checkbox(key="use_upload").check().run()
    assert _selected(at) == (1, 1)
    assert not any("Demonstratiedata" in i.value for i in at.info)


def test_unreadable_upload_is_a_clear_error():
    at = _app()
    at.file_uploader(key="upload").set_value(("leeg.csv", b"", "text/csv")).run()
    assert not at.exception
    assert any("leeg" in e.value for e in at.error)


def test_level_and_view_switch_and_url_records_them():
    at = _app()
    at.radio(key="level").set_value("zorgkantoorregio").run()
    at.radio(key="view").set_value("insurer").run()
    assert not at.exception
    assert at.query_params["niveau_kaart"] == "zorgkantoorregio" and at.query_params["weergave"] == "insurer"
    at.selectbox(key="area_select").set_value("ZK31").run()
    assert any(h.value == "Profiel: Zuid-Limburg" for h in at.header)


def test_clicking_an_area_on_the_map_opens_its_profile():
    at = _app()
    component = at.get("component_instance")[0]
    assert component.proto.component_name == "streamlit_folium.st_folium"
    widget_key = component.proto.id.split("-")[-1]
    at.session_state[widget_key] = {"last_active_drawing": {"type": "Feature", "properties": {"code": "GM0363"}}}
    at.run()
    assert not at.exception
    assert any(h.value == "Profiel: Amsterdam" for h in at.header)
    assert at.selectbox(key="area_select").value == "GM0363" and at.query_params["gebied"] == "GM0363"


def _gap_page():
    at = _app()
    at.radio(key="page").set_value("vlekken").run()
    assert not at.exception
    return at


def test_gap_page_shows_ranked_table_for_insurer_and_theme():
    at = _gap_page()
    at.selectbox(key="gap_insurer").set_value("cz").run()
    at.multiselect(key="gap_themes").set_value(["jeugd"]).run()
    assert not at.exception
    table = next(d.value for d in at.dataframe if "rang" in d.value.columns)
    assert len(table) > 10 and set(table["thema"]) == {"Jeugd 18-/18+"}
    assert table["rang"].tolist() == list(range(1, len(table) + 1))
    assert table["inwoners"].is_monotonic_decreasing
    assert set(table["zorgkantoorregio"]) <= {"Haaglanden", "West-Brabant", "Zeeland", "Zuid-Hollandse Eilanden",
                                               "Zuidoost-Brabant", "Zuid-Limburg"}
    assert at.query_params["verzekeraar"] == "cz" and at.query_params["pagina"] == "vlekken"


@pytest.fixture()
def downloads(monkeypatch) -> dict[str, bytes]:
    """Payloads of download buttons by file id, recorded as Streamlit stores them (AppTest's media
    storage is created per run and may be garbage-collected right after it)."""
    from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage

    saved: dict[str, bytes] = {}
    original = MemoryMediaFileStorage.load_and_get_id

    def record(self, path_or_data, mimetype, kind, filename=None):
        file_id = original(self, path_or_data, mimetype, kind, filename)
        saved[file_id] = self._files_by_id[file_id].content
        saved[file_id + ":name"] = filename
        return file_id

    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", record)
    return saved


def _download_bytes(at, downloads: dict[str, bytes], label: str) -> bytes:
    """The payload of the download button ``label`` in the last run."""
    button = next(b for b in at.get("download_button") if b.proto.label == label)
    return downloads[button.proto.url.rsplit("/", 1)[-1].split(".")[0]]


def test_gap_csv_download_matches_the_table(downloads):
    import io

    import pandas as pd

    at = _gap_page()
    at.multiselect(key="gap_themes").set_value(["jeugd", "preventie"]).run()
    table = next(d.value for d in at.dataframe if "rang" in d.value.columns)
    csv = pd.read_csv(io.BytesIO(_download_bytes(at, downloads, "Tabel (CSV)")), sep=";", encoding="utf-8-sig")
    assert list(csv.columns) == list(table.columns)
    assert csv["gemeente"].tolist() == table["gemeente"].tolist()
    assert csv["rang"].tolist() == table["rang"].tolist() and csv["inwoners"].tolist() == table["inwoners"].tolist()
    raw = _download_bytes(at, downloads, "Tabel (Excel)")
    xlsx = pd.read_excel(io.BytesIO(raw), sheet_name="witte vlekken")
    assert xlsx["CBS-code"].tolist() == table["CBS-code"].tolist()
    notes = dict(pd.read_excel(io.BytesIO(raw), sheet_name=0).values.tolist())  # the first sheet explains the file
    assert notes["demonstratiedata"].startswith("ja") and "Jeugd" in notes["filter: thema"] and "Preventie" in notes["filter: thema"]
    assert notes["bron"] == "demonstratiedata (synthetisch)" and "datum" in notes and "kolom: CBS-code" in notes
    import openpyxl

    ws = openpyxl.load_workbook(io.BytesIO(raw))["witte vlekken"]
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref.startswith("A1:")
    widths = {ws.column_dimensions[c].width for c in "ABCDE"}
    assert len(widths) > 1  # fitted to the contents, not all the same
    csv_button = next(b for b in at.get("download_button") if b.proto.label == "Tabel (CSV)")
    name = downloads[csv_button.proto.url.rsplit("/", 1)[-1].split(".")[0] + ":name"]
    assert name.startswith("witte_vlekken_") and "thema-jeugd-preventie" in name  # the file name says what is in it


def test_gap_rules_change_the_count():
    at = _gap_page()
    at.selectbox(key="gap_insurer").set_value("menzis").run()
    base = len(next(d.value for d in at.dataframe if "rang" in d.value.columns))
    at.selectbox(key="gap_max_fase").set_value("ontwikkelproject").run()
    early = len(next(d.value for d in at.dataframe if "rang" in d.value.columns))
    at.checkbox(key="gap_own").check().run()
    own = len(next(d.value for d in at.dataframe if "rang" in d.value.columns))
    assert base < early <= own


def test_export_buttons_offer_the_current_view():
    at = _app()
    labels = [b.proto.label for b in at.get("download_button")]
    assert {"Kaart (HTML, zelfstandig)", "Dia (PNG 1920×1080)", "Projecten (CSV)", "Projecten (Excel)"} <= set(labels)
    at.selectbox(key="area_select").set_value("GM0363").run()
    labels = [b.proto.label for b in at.get("download_button")]
    assert "Dia (PNG 1920×1080) van het gekozen gebied" in labels


def test_custom_region_level_and_ratings_views():
    at = _app()
    assert md("Demo-werkstructuur (43 regio's)") in at.radio(key="level").options  # radio options are Markdown
    at.radio(key="level").set_value("regioset").run()
    assert not at.exception
    table = next(d.value for d in at.dataframe if "meeste projecten van" in d.value.columns)
    assert len(table) == 43 and table["projecten"].sum() >= 1500  # a project in two regions counts in both
    at.radio(key="view").set_value("venster").run()
    at.selectbox(key="rating_thema").set_value("ggz").run()
    at.radio(key="rating_rater").set_value("verzekeraar").run()
    assert not at.exception
    assert at.query_params["weergave"] == "venster" and at.query_params["v_door"] == "verzekeraar"
    at.radio(key="view").set_value("venster_verschil").run()
    assert not at.exception and "v_door" not in at.query_params


def test_region_profile_shows_ratings_next_to_national_averages():
    at = _app()
    at.radio(key="level").set_value("regioset").run()
    at.selectbox(key="area_select").set_value("W02").run()
    assert any("Venster op de samenwerking: Amsterdam" in m.value for m in at.markdown)
    ratings = next(d.value for d in at.dataframe if "gemeenten (landelijk)" in d.value.columns)
    assert len(ratings) == 9 and set(ratings["thema"]) == {"Ouderen", "GGZ", "Preventie"}
    row = ratings[(ratings["thema"] == "Ouderen") & (ratings["aspect"] == "Samenwerking")].iloc[0]
    assert row["verzekeraars (landelijk)"] == pytest.approx(7.6, abs=0.05)


def test_ratings_views_are_only_offered_on_the_region_set():
    at = _app()
    assert "Venster-cijfer" not in at.radio(key="view").options
    at.radio(key="level").set_value("regioset").run()
    assert "Venster-cijfer" in at.radio(key="view").options


def test_change_page_compares_two_years_on_the_later_boundaries():
    at = _app()
    at.radio(key="page").set_value("verandering").run()
    assert not at.exception
    text = next(m.value for m in at.markdown if "projecten in 2017" in m.value)
    assert "**1500** projecten in 2017 → **1800** in 2025" in text
    table = next(d.value for d in at.dataframe if "verschil" in d.value.columns)
    assert len(table) == 342  # the 2025 municipalities
    assert (table["verschil"] == table["projecten 2025"] - table["projecten 2017"]).all()
    report = next(d.value for d in at.dataframe if "bron" in d.value.columns)
    assert {"Weesp", "Haren"} <= set(report["oude_naam"])
    assert set(report.loc[report["oude_naam"] == "Weesp", "nieuwe_naam"]) == {"Amsterdam"}
    at.radio(key="change_level").set_value("provincie").run()
    assert len(next(d.value for d in at.dataframe if "verschil" in d.value.columns)) == 12


def test_gap_page_summarises_by_the_region_set_too():
    at = _gap_page()
    table = next(d.value for d in at.dataframe if "regio" in d.value.columns and "witte_vlekken" in d.value.columns)
    assert len(table) > 0 and table["witte_vlekken"].sum() == len(next(d.value for d in at.dataframe if "rang" in d.value.columns))


def test_ggd_and_jeugdregio_are_map_levels_with_profile_and_exports():
    at = _app()
    assert {"Ggd-regio", "Jeugdregio"} & set(at.radio(key="level").options) == {"Jeugdregio"}
    assert "GGD-regio" in at.radio(key="level").options  # labels as shown
    at.radio(key="level").set_value("jeugdregio").run()
    assert not at.exception and at.query_params["niveau_kaart"] == "jeugdregio"
    assert any("crosswalk" in t.value for t in at.sidebar.text)  # says the 2017 inventory is drawn on 2025 regions
    table = next(d.value for d in at.dataframe if "jeugdregio" in d.value.columns or len(d.value) == 42)
    assert len(table) == 42
    at.selectbox(key="area_select").set_value("JZ33").run()
    assert any(h.value == "Profiel: Noordoost Brabant" for h in at.header)
    profile = next(d.value for d in at.dataframe if "geografisch niveau" in d.value.columns)  # the project list
    assert "gedeeltelijk" in profile.columns  # Haaren's projects reach it through Vught and Boxtel only
    assert set(profile.loc[profile["gedeeltelijk"] == "ja", "gemeenten"].str.contains("Haaren")) == {True}
    labels = {b.proto.label for b in at.get("download_button")}
    assert "Kaart (HTML, zelfstandig)" in labels


def test_gap_page_scoped_to_ggd_regions():
    at = _gap_page()
    at.radio(key="gap_scope").set_value("ggdregio").run()
    assert not at.exception
    assert any("Kies minstens" in w.value for w in at.warning)  # no GGD region chosen yet
    at.multiselect(key="gap_regions_ggdregio").set_value(["GG3406", "GG1106"]).run()  # Amsterdam, Twente
    assert not at.exception
    table = next(d.value for d in at.dataframe if "rang" in d.value.columns)
    assert len(table) > 0 and set(table["GGD-regio"]) <= {"GGD Amsterdam", "GGD Twente"}
    per = next(d.value for d in at.dataframe if "GGD-regio" in d.value.columns and "witte_vlekken" in d.value.columns)
    assert per["witte_vlekken"].sum() == len(table)


def test_gap_page_states_its_zorgkantoor_table_and_takes_an_upload():
    at = _gap_page()
    assert any(t.value.startswith("Zorgkantorentabel: zorgkantoren.csv, geldig vanaf 2014-01-01") for t in at.text)
    at.selectbox(key="gap_insurer").set_value("vgz").run()
    default_area = at.multiselect(key="gap_regions_vgz").value
    upload = ("geldig_vanaf;zorgkantoorregio;zorgverzekeraar\n2016-01-01;ZK31;VGZ\n2016-01-01;ZK30;VGZ\n"
              "2016-01-01;Zuid-Limburgg;CZ\n").encode()
    at.session_state["upload_zorgkantoren"] = None  # the uploader exists
    from streamlit.runtime.uploaded_file_manager import UploadedFile, UploadedFileRec

    rec = UploadedFileRec(file_id="zk1", name="zorgkantoren_2016.csv", type="text/csv", data=upload)
    at.session_state["upload_zorgkantoren"] = UploadedFile(rec, None)
    at.run()
    assert not at.exception
    report = next(t.value for t in at.text if t.value.startswith("Controle zorgkantoren_2016.csv"))
    assert "2 geaccepteerd" in report and "1 afgewezen" in report
    rej = next(d.value for d in at.dataframe if "reden" in d.value.columns)
    assert rej["waarde"].tolist() == ["Zuid-Limburgg"] and "Zuid-Limburg (ZK31)" in rej["suggesties"].iloc[0]
    at.checkbox(key="use_zorgkantoren").check().run()
    assert not at.exception
    assert any(t.value == "Zorgkantorentabel: zorgkantoren_2016.csv, geldig vanaf 2016-01-01 (upload)" for t in at.text)
    assert at.multiselect(key="gap_regions_vgz_upload").value == ["ZK30", "ZK31"] != default_area


def test_closed_panels_are_not_made_until_opened():
    """The table, export and embed panels cost the browser ~0.5 s on a first load: made only when opened."""
    at = app_test(90, open_panels=False).run()
    assert not at.exception
    assert not at.get("download_button") and not at.code
    assert not [d for d in at.dataframe if "code" in d.value.columns]  # only the national themes beside the map
    labels = [e.label for e in at.expander]
    assert {"Tabel bij de kaart (toegankelijk alternatief)", "Exporteren: kaart voor een website of dia, projectenlijst",
            "Insluiten: deze kaart op een andere website"} <= set(labels)
    at.session_state["open_table"] = True  # what opening it in the browser does
    at.run()
    table = next(d for d in at.dataframe if "code" in d.value.columns)
    assert len(table.value) > 300 and [b.proto.label for b in at.get("download_button")] == ["Tabel (CSV)"]
    at.session_state["open_embed"] = True
    at.run()
    assert any("<iframe" in c.value for c in at.code)


def test_data_panel_uploaders_are_made_when_opened_and_a_file_stays_when_closed():
    """The closed *Gegevens* panel sends no file uploaders on a first load (their code held up the map);
    opened it has them, and a file given to one stays in use when the panel is closed again."""
    from tests.inventory_fixtures import csv_bytes, row

    at = app_test(90, open_panels=False).run()
    assert not at.exception
    assert "Gegevens: eigen inventaris, regio-indeling, Venstercijfers" in [e.label for e in at.expander]
    assert not at.get("file_uploader") and not at.number_input
    at.session_state["open_data"] = True  # what opening it in the browser does
    at.run()
    assert {u.proto.label for u in at.get("file_uploader")} >= {"Eigen inventaris (CSV of XLSX)",
                                                                "Eigen regio-indeling (gemeente, regio)"}
    at.file_uploader(key="upload").set_value(("mijn.csv", csv_bytes([row("1", gemeenten="Maastricht")]), "text/csv")).run()
    at.checkbox(key="use_upload").check().run()
    assert _selected(at) == (1, 1)
    at.session_state["open_data"] = False  # closed again
    at.run()
    assert not at.exception
    assert at.checkbox(key="use_upload").value and _selected(at) == (1, 1)

"""Region types as data: GGD-regio's, jeugdregio's (and any CBS type whose file is present) become
map levels, witte-vlekken scopes and export levels; a 2017 inventory is drawn on the 2025 regions
through the crosswalk."""
from __future__ import annotations

import functools

import geopandas as gpd
import pandas as pd
import pytest
from shapely import affinity

from analysis.aggregate import area_profile, area_summary
from analysis.gaps import GapRule, find_gaps, region_gaps
from analysis.prepare import LEVEL_LABELS, prepare
from geo.boundaries import BoundaryError, available, load_boundaries, region_types
from geo.regions import AREA_TOLERANCE, area_check, assign_points, region_membership
from inventory.load import load_inventory
from inventory.taxonomy import load_taxonomy
from tests.cli_run import run_cli

pytestmark = pytest.mark.usefixtures("real_boundaries")
TAX = load_taxonomy()


@pytest.fixture(scope="module")
def prep_2017():
    result, _ = load_inventory(None, 2017)
    return prepare(result.accepted, 2017)


def test_region_types_are_found_in_the_boundaries_directory(real_boundaries):
    assert {"ggdregio", "jeugdregio"} <= set(region_types())
    files = available()
    assert set(files.loc[files["type"] == "ggdregio", "year"]) == {2025}


@pytest.mark.parametrize("kind,n,median,largest", [("ggdregio", 25, 0.0015, 0.0102), ("jeugdregio", 42, 0.0022, 0.0224)])
def test_2025_membership_and_area_check(kind, n, median, largest):
    main, links, info = region_membership(kind, 2025)
    assert len(main) == 342 and main["gemeente_code"].is_unique  # every municipality in exactly one region
    assert main[f"{kind}_code"].nunique() == n and (links["aandeel"] == 1).all()
    check = info["check"]
    assert len(check) == n
    # measured differences between the region file and its municipalities dissolved (see geo/regions.py)
    assert check["verschil"].median() == pytest.approx(median, abs=0.001)
    assert check["verschil"].max() == pytest.approx(largest, abs=0.002) and check["verschil"].max() < AREA_TOLERANCE
    assert check["opp_gemeenten"].sum() == pytest.approx(check["opp_bestand"].sum(), rel=0.001)


@pytest.mark.parametrize("gemeente,kind,region", [
    ("Enschede", "ggdregio", "GGD Twente"), ("Hengelo (O.)", "ggdregio", "GGD Twente"),
    ("Amsterdam", "ggdregio", "GGD Amsterdam"), ("Amstelveen", "ggdregio", "GGD Amsterdam"),
    ("Maastricht", "ggdregio", "GGD Zuid-Limburg"), ("Heerlen", "ggdregio", "GGD Zuid-Limburg"),
    ("Amsterdam", "jeugdregio", "JZ13"), ("Utrecht", "jeugdregio", "JZ22"), ("Groningen", "jeugdregio", "JZ01"),
])
def test_spot_checks_2025(gemeente, kind, region):
    main, _, _ = region_membership(kind, 2025)
    names = dict(zip(load_boundaries("gemeente", 2025)["code"], load_boundaries("gemeente", 2025)["naam"]))
    row = main[main["gemeente_code"].map(names) == gemeente].iloc[0]
    assert region in (row[f"{kind}_code"], row[f"{kind}_naam"])


def test_2017_municipalities_reach_the_2025_regions_through_the_crosswalk():
    main, links, info = region_membership("jeugdregio", 2017)
    assert len(main) == 388 and info["source_year"] == 2025 and "crosswalk" in info["note"]
    haaren = links[links["gemeente_code"] == "GM0788"].set_index("jeugdregio_code")["aandeel"]
    # Haaren 2021 went to Vught and Boxtel (Noordoost Brabant) and Oisterwijk and Tilburg (Hart van Brabant)
    assert set(haaren.index) == {"JZ33", "JZ35"} and haaren.sum() == pytest.approx(1, abs=0.01)
    one = links.groupby("gemeente_code").size()
    assert set(one[one > 1].index) == {"GM0788"}  # every other 2017 municipality lies in one 2025 jeugdregio
    ggd, _, _ = region_membership("ggdregio", 2017)
    g = ggd.set_index("gemeente_code")["ggdregio_naam"]
    assert g["GM0457"] == "GGD Amsterdam"  # Weesp, part of Amsterdam since 2022
    assert g["GM0017"] == "GGD Groningen"  # Haren, part of Groningen since 2019


def test_prepare_adds_the_levels_and_counts_a_divided_municipality_in_each_part(prep_2017):
    assert {"ggdregio", "jeugdregio"} <= set(prep_2017.areas)
    assert len(prep_2017.areas["ggdregio"]) == 25 and len(prep_2017.areas["jeugdregio"]) == 42
    assert "crosswalk" in prep_2017.region_levels["jeugdregio"] and prep_2017.notes == []
    long = prep_2017.long
    in_haaren = set(long.loc[long["gemeente_code"] == "GM0788", "id"])
    assert in_haaren
    pid = sorted(in_haaren)[0]
    assert {"JZ33", "JZ35"} <= set(long.loc[long["id"] == pid, "jeugdregio_code"])
    summary = area_summary(prep_2017.areas["jeugdregio"], long, "jeugdregio", TAX["fase"].codes).set_index("code")
    # a project counts once per region, however many rows it has there
    pairs = long.dropna(subset=["jeugdregio_code"]).drop_duplicates(["jeugdregio_code", "id"])
    assert summary["n_projecten"].sum() == len(pairs)
    prof = area_profile(long, prep_2017.projects, "jeugdregio", "JZ33", TAX["thema"].codes)
    marked = prof["projects"].set_index("id")["gedeeltelijk"]
    only_haaren = {p for p in in_haaren if set(long.loc[(long["id"] == p) & (long["jeugdregio_code"] == "JZ33"),
                                                        "gemeente_code"]) == {"GM0788"}}
    assert only_haaren and all(marked[p] == "ja" for p in only_haaren)
    assert (marked.drop(index=list(only_haaren)) == "").all()


def test_gaps_scoped_to_ggd_regions(prep_2017):
    codes = ["GG0111", "GG7206"]  # GGD Groningen, GGD Fryslân
    gaps = find_gaps(prep_2017.long, prep_2017.members, codes, ["jeugd"], GapRule(), TAX["fase"].codes, scope="ggdregio")
    in_scope = prep_2017.members[prep_2017.members["ggdregio_code"].isin(codes)]
    assert set(gaps["gemeente_code"]) <= set(in_scope["gemeente_code"])
    covered = set(prep_2017.long.loc[prep_2017.long["thema"] == "jeugd", "gemeente_code"])
    assert set(gaps["gemeente_code"]) == set(in_scope["gemeente_code"]) - covered
    assert set(gaps["ggdregio_naam"]) <= {"GGD Groningen", "GGD Fryslân"}
    per = region_gaps(gaps.assign(inwoners=0), prep_2017.members, codes, level="ggdregio", scope="ggdregio")
    assert per["witte_vlekken"].sum() == len(gaps)


def _write_region_file(path, gdf):
    gdf.rename(columns={"code": "statcode", "naam": "statnaam"}).to_file(path, driver="GeoJSON")


def test_any_cbs_type_present_becomes_a_level_and_a_broken_one_is_left_out(boundaries_copy):
    gem = load_boundaries("gemeente", 2025, boundaries_copy)
    prov = load_boundaries("provincie", 2025, boundaries_copy)
    # a type of our own making: provinces under another name (GDAL reads the GeoJSON by its content)
    _write_region_file(boundaries_copy / "wgs84" / "landsdeel_2025.topojson", prov.assign(code="LD" + prov["code"].str[2:]))
    # a broken one: one region shrunk to half its size, so municipalities fall outside every region
    bad = prov.copy()
    bad.loc[0, "geometry"] = affinity.scale(bad.geometry.iloc[0], 0.5, 0.5)
    _write_region_file(boundaries_copy / "wgs84" / "veiligheidsregio_2025.topojson", bad.assign(code="VR" + bad["code"].str[2:]))
    assert {"landsdeel", "veiligheidsregio"} <= set(region_types(boundaries_copy))
    projects = pd.DataFrame({"id": ["A"], "naam": ["x"], "thema": ["jeugd"], "fase": ["opstart"], "instrument": ["inkoop"],
                             "niveau": ["gemeente"], "gemeente_codes": [gem["code"].iloc[0]], "via_regio": [False],
                             "zorgverzekeraar_groepen": ["cz"], "jaar": [2025]})
    prep = prepare(projects, 2025, boundaries_copy)
    assert len(prep.areas["landsdeel"]) == 12 and "veiligheidsregio" not in prep.areas
    assert any("veiligheidsregio" in n and "in no region" in n for n in prep.notes)
    assert LEVEL_LABELS["landsdeel"] == "landsdeel" and LEVEL_LABELS["nieuwtype"] == "nieuwtype"


def test_area_check_refuses_a_region_file_that_does_not_match():
    gem = load_boundaries("gemeente", 2025)
    reg = load_boundaries("ggdregio", 2025)
    a = assign_points(gem, reg)
    table = pd.DataFrame({"gemeente_code": gem["code"], "ggdregio_code": a["code"], "ggdregio_naam": a["naam"]})
    assert area_check(gem, table, reg, "ggdregio")["verschil"].max() < AREA_TOLERANCE
    grown = reg.copy()
    grown.loc[3, "geometry"] = affinity.scale(grown.geometry.iloc[3], 1.1, 1.1)  # ~21% more area
    with pytest.raises(BoundaryError, match=reg["code"].iloc[3]):
        area_check(gem, table, gpd.GeoDataFrame(grown, crs=reg.crs), "ggdregio")


@pytest.fixture()
def cli(capsys):
    """``python cli.py ...`` in this process (``tests.cli_run``)."""
    return functools.partial(run_cli, capsys)


@pytest.mark.parametrize("kind,suffix", [("html", "html"), ("png", "png")])
def test_cli_exports_at_the_new_levels(tmp_path, kind, suffix, cli):
    out = tmp_path / f"x.{suffix}"
    res = cli("export", kind, "--out", str(out), "--level", "jeugdregio", *(["--region", "GG5406"] if kind == "png" else []))
    assert res.returncode == 0, res.stderr
    if kind == "html":
        html = out.read_text(encoding="utf-8")
        assert "per jeugdregio" in html and "Noordoost Brabant" in html and "Midden-Brabant (Hart van Brabant)" in html
    else:
        assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_cli_gaps_with_a_jeugdregio_scope(tmp_path, cli):
    out = tmp_path / "g.csv"
    res = cli("gaps", "--zorgverzekeraar", "cz", "--thema", "jeugd", "--scope", "jeugdregio", "--regios", "JZ33,JZ35",
               "--out", str(out))
    assert res.returncode == 0, res.stderr
    assert "2 jeugdregio('s)" in res.stdout and "crosswalk" in res.stdout
    table = pd.read_csv(out, sep=";", encoding="utf-8-sig")
    assert set(table["jeugdregio"]) <= {"Noordoost Brabant", "Midden-Brabant (Hart van Brabant)"} and len(table) > 0
    res = cli("gaps", "--zorgverzekeraar", "cz", "--thema", "jeugd", "--scope", "jeugdregio", "--regios", "ZK01",
               "--out", str(out))
    assert res.returncode == 2 and "onbekende jeugdregio" in res.stderr


def test_cli_fetch_region_types(tmp_path, real_boundaries, cli):
    import functools
    import http.server
    import threading

    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(real_boundaries))
    handler.log_message = lambda *a: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        res = cli("boundaries", "fetch", "--year", "2025", "--types", "ggdregio,jeugdregio", "--no-mutations",
                   "--base-url", f"http://127.0.0.1:{server.server_address[1]}", "--dest", str(tmp_path), "--quiet")
    finally:
        server.shutdown()
        server.server_close()
    assert res.returncode == 0, res.stderr
    assert len(load_boundaries("jeugdregio", 2025, tmp_path)) == 42 and len(load_boundaries("ggdregio", 2025, tmp_path)) == 25
    res = cli("boundaries", "fetch", "--year", "2025", "--types", "../etc", "--dest", str(tmp_path))
    assert res.returncode == 2 and "unknown type" in res.stderr


def test_a_region_type_without_a_dutch_label_is_a_map_level_in_the_app(boundaries_copy, monkeypatch):
    """An extra ``{type}_{year}`` file (here ``ravregio``, accepted by ``boundaries fetch --types``) once
    crashed the map page for everyone (KeyError on its label); it is a level labelled by its name."""
    import shutil

    from geo.config import ENV_VAR
    from tests.apptest import app_test

    assert "ravregio" not in LEVEL_LABELS.keys()
    shutil.copy(boundaries_copy / "wgs84" / "veiligheidsregio_2025.topojson", boundaries_copy / "wgs84" / "ravregio_2025.topojson")
    monkeypatch.setenv(ENV_VAR, str(boundaries_copy))
    at = app_test(90).run()
    assert not at.exception, at.exception
    level = at.radio(key="level")
    assert "Ravregio" in level.options  # its own name as the label
    level.set_value("ravregio").run()
    assert not at.exception, at.exception
    table = next(d.value for d in at.dataframe if "meeste projecten van" in d.value.columns)
    assert len(table) == 25 and table["projecten"].sum() >= 1500

"""Gap rules on small hand-made inventories, ranking, regional projects and border municipalities."""
from __future__ import annotations

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import box

from analysis.gaps import (GapRule, find_gaps, national_overview, rank_gaps, read_zorgkantoren, region_gaps,
                           working_area)
from analysis.join import attach_regions, explode_gemeenten
from inventory.taxonomy import load_taxonomy

FASES = load_taxonomy()["fase"].codes
# six municipalities in a row (5 km squares in RD New); GM1-3 in ZK1, GM4-6 in ZK2; GM3|GM4 is the border
GEM = gpd.GeoDataFrame({"code": [f"GM{i}" for i in range(1, 7)], "naam": list("ABCDEF")},
                       geometry=[box(150_000 + i * 5000, 450_000, 155_000 + i * 5000, 455_000) for i in range(6)],
                       crs="EPSG:28992").to_crs(4326)
MEMBERS = pd.DataFrame({
    "gemeente_code": GEM["code"], "gemeente_naam": GEM["naam"],
    "zorgkantoorregio_code": ["ZK1"] * 3 + ["ZK2"] * 3, "zorgkantoorregio_naam": ["Noord"] * 3 + ["Zuid"] * 3,
    "provincie_code": ["PV1"] * 6, "provincie_naam": ["P"] * 6,
})
ZK = pd.DataFrame({"geldig_vanaf": pd.to_datetime(["2014-01-01", "2014-01-01"]), "zorgkantoorregio_code": ["ZK1", "ZK2"],
                   "groep": ["cz", "vgz"]})


def _long(rows):
    projects = pd.DataFrame(rows, columns=["id", "thema", "fase", "gemeente_codes", "zorgverzekeraar_groepen"])
    projects["via_regio"] = False
    return attach_regions(explode_gemeenten(projects), MEMBERS)


LONG = _long([
    ("P1", "ouderen", "structureel", "GM1", "cz"),
    ("P2", "ouderen", "opstart", "GM2", "cz"),
    ("P3", "ouderen", "implementatie", "GM3", "vgz"),
    ("P4", "ggz", "ontwikkelproject", "GM1;GM2;GM3", "cz"),    # regional: covers all of ZK1
    ("P5", "ouderen", "implementatie", "GM3;GM4", "vgz"),      # crosses the border into ZK2
])


def _gaps(themes, rule=GapRule(), regions=("ZK1", "ZK2")):
    return find_gaps(LONG, MEMBERS, list(regions), themes, rule, FASES)


def test_default_rule_no_project_by_anyone():
    g = _gaps(["ouderen"])
    assert sorted(g["gemeente_code"]) == ["GM5", "GM6"]  # GM4 is covered by the cross-border project P5


def test_regional_project_covers_municipalities_it_does_not_name_separately():
    g = _gaps(["ggz"], regions=["ZK1"])
    assert g.empty


def test_early_phase_rule():
    g = _gaps(["ouderen"], GapRule(max_fase="ontwikkelproject"), regions=["ZK1"])
    assert g["gemeente_code"].tolist() == ["GM2"]  # only an opstart project there
    row = g.iloc[0]
    assert row["ander_project"] and row["projecten_thema"] == 1 and row["hoogste_fase"] == "opstart"


def test_insurer_rule():
    g = _gaps(["ouderen"], GapRule(insurer="cz"), regions=["ZK1"])
    assert g["gemeente_code"].tolist() == ["GM3"]  # GM3 only has vgz projects
    both = _gaps(["ouderen"], GapRule(insurer="cz", max_fase="opstart"), regions=["ZK1"])
    assert sorted(both["gemeente_code"]) == ["GM2", "GM3"]


def test_several_themes_give_one_row_per_theme():
    g = _gaps(["ouderen", "ggz"], regions=["ZK2"])
    assert set(zip(g["gemeente_code"], g["thema"])) == {("GM5", "ouderen"), ("GM6", "ouderen"),
                                                        ("GM4", "ggz"), ("GM5", "ggz"), ("GM6", "ggz")}


def test_ranking_by_inhabitants_then_area():
    g = _gaps(["ggz"], regions=["ZK2"])
    ranked = rank_gaps(g, GEM, LONG, pd.Series({"GM4": 100, "GM5": 5000, "GM6": 300}))
    assert ranked["gemeente_code"].tolist() == ["GM5", "GM6", "GM4"] and ranked["rang"].tolist() == [1, 2, 3]
    # GM4 borders GM3, which has the regional ggz project
    assert ranked.set_index("gemeente_code").loc["GM4", "projecten_buren"] == 1
    by_area = rank_gaps(g, GEM, LONG, None)
    assert by_area["oppervlakte_km2"].iloc[0] == pytest.approx(25.0, rel=0.01)
    assert by_area["gemeente_code"].iloc[0] == "GM4"  # equal areas: most neighbour projects first


def test_region_summary_and_national_overview():
    ranked = rank_gaps(_gaps(["ouderen", "ggz"]), GEM, LONG, pd.Series({c: 10 for c in GEM["code"]}))
    per_region = region_gaps(ranked, MEMBERS, ["ZK1", "ZK2"]).set_index(["zorgkantoorregio_code", "thema"])
    assert per_region.loc[("ZK2", "ggz"), "witte_vlekken"] == 3 and per_region.loc[("ZK2", "ggz"), "inwoners_in_vlekken"] == 30
    assert per_region.loc[("ZK2", "ggz"), "gemeenten"] == 3
    over = national_overview(LONG, MEMBERS, ZK, ["ouderen", "ggz", "jeugd"])
    assert over.loc["ouderen", "vgz"] == 2 and over.loc["ouderen", "cz"] == 0
    assert over.loc["ggz", "totaal"] == 3 and over.loc["jeugd", "totaal"] == 6


def test_working_area_from_the_zorgkantoren_file():
    zk = read_zorgkantoren(year=2017)
    assert len(zk) == 31
    assert working_area(zk, "cz") == ["ZK10", "ZK25", "ZK27", "ZK29", "ZK30", "ZK31"]
    assert "ZK13" not in working_area(zk, "achmea")  # Trias: group unknown, not guessed
    assert working_area(ZK, "vgz") == ["ZK2"]


def test_real_regional_row_via_regio_column(real_boundaries):
    """A project given only as 'Zuid-Limburg' covers every municipality there."""
    from analysis.prepare import prepare
    from inventory.validate import validate_file
    from tests.inventory_fixtures import HEADER, csv_bytes, row

    data = csv_bytes([row("R1", gemeenten="", niveau="regio", thema="preventie") + ["Zuid-Limburg"],
                      row("R2", gemeenten="Venlo", thema="preventie") + [""]], header=HEADER + ["regio"])
    res = validate_file(data, 2017, filename="x.csv")
    prep = prepare(res.accepted, 2017)
    gaps = find_gaps(prep.long, prep.members, ["ZK31", "ZK17"], ["preventie"], GapRule(), FASES)
    assert not (gaps["zorgkantoorregio_code"] == "ZK31").any()
    assert "Venlo" not in set(gaps["gemeente_naam"]) and len(gaps) > 5


def test_cli_gaps_writes_csv_and_xlsx(real_boundaries, tmp_path, capsys):
    from tests.cli_run import run_cli

    def cli(*args):
        return run_cli(capsys, "gaps", *args)

    out = tmp_path / "vlekken.csv"
    res = cli("--zorgverzekeraar", "Zilveren Kruis", "--thema", "jeugd,ggz", "--out", str(out))
    assert res.returncode == 0, res.stderr
    assert res.stdout.startswith("demonstratiedata:")
    table = pd.read_csv(out, sep=";", encoding="utf-8-sig")
    assert set(table["thema"]) <= {"Jeugd 18-/18+", "GGZ"} and table["rang"].iloc[0] == 1
    zk = read_zorgkantoren(year=2017)
    names = set(zk.loc[zk["groep"] == "achmea", "regio_in_bron"])
    assert len(names) > 5
    xlsx = tmp_path / "v.xlsx"
    res = cli("--zorgverzekeraar", "vgz", "--thema", "preventie", "--max-fase", "opstart", "--alleen-eigen",
              "--regios", "ZK16", "--out", str(xlsx))
    assert res.returncode == 0, res.stderr
    assert set(pd.read_excel(xlsx)["zorgkantoorregio"]) == {"Nijmegen"}
    res = cli("--zorgverzekeraar", "vgz", "--thema", "preventie", "--regios", "ZK99", "--out", str(xlsx))
    assert res.returncode == 2 and "ZK99" in res.stderr
    res = cli("--zorgverzekeraar", "Menzes", "--thema", "preventie", "--out", str(xlsx))
    assert res.returncode == 2 and "menzis" in res.stderr


def test_region_summary_by_a_custom_region_set():
    members = MEMBERS.assign(regioset_code=["R1", "R1", "R2", "R2", "R3", "R3"], regioset_naam=list("aabbcc"))
    ranked = rank_gaps(_gaps(["ggz"]), GEM, LONG, pd.Series({c: 10 for c in GEM["code"]}))
    per = region_gaps(ranked, members, ["ZK1", "ZK2"], level="regioset").set_index("regioset_code")
    assert per["witte_vlekken"].to_dict() == {"R2": 1, "R3": 2}  # GM4 (R2), GM5 and GM6 (R3)
    assert per.loc["R3", "gemeenten"] == 2 and per.loc["R3", "inwoners_in_vlekken"] == 20

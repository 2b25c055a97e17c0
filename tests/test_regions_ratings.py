"""Custom region sets (validation, dissolve as a map level) and Venster ratings (validation, views)."""
from __future__ import annotations

import pandas as pd
import pytest

from analysis.join import counts
from analysis.prepare import prepare
from analysis.ratings import (DEMO_RATINGS, PUBLISHED, difference, national_averages, read_ratings, region_scores,
                              scores)
from geo.boundaries import area_km2, load_boundaries
from geo.regionsets import DEMO_REGION_SET, generate_demo_region_set, load_demo_region_set, read_region_set
from tabular.read import ReadError
from tests.inventory_fixtures import csv_bytes


def _set(rows, header=("gemeente", "regio")):
    return read_region_set(csv_bytes([list(r) for r in rows], header=list(header)), 2017, filename="set.csv")


def test_region_set_validation_reports_every_row(real_boundaries):
    rs = _set([("Amsterdam", "Noord"), ("Den Haag", "Zuid"), ("Bergen", "Noord"), ("Amsterdm", "Noord"),
               ("GM0363", "Zuid"), ("Bussum", "Gooi"), ("Utrecht", "")])
    assert rs.table["gemeente_code"].tolist() == ["GM0363", "GM0518"]
    reasons = dict(zip(rs.rejections["rij"], rs.rejections["reden"]))
    assert "dubbelzinnig" in reasons[4] and "onbekende gemeente" in reasons[5]
    assert "staat al in regio 'Noord' (rij 2)" in reasons[6] and "opgegaan in Gooise Meren" in reasons[7]
    assert reasons[8] == "regio ontbreekt"
    assert rs.rows_read == len(rs.table) + rs.rejections["rij"].nunique()
    assert len(rs.missing) == 386 and not rs.complete
    assert rs.rejections.set_index("rij").loc[5, "suggesties"] == ["Amsterdam"]


def test_region_set_needs_its_columns(real_boundaries):
    with pytest.raises(ReadError, match="ontbreken: regio"):
        _set([("Amsterdam", "x")], header=("gemeente", "provincie"))


def test_demo_set_is_complete_and_reproducible(real_boundaries, tmp_path):
    rs = load_demo_region_set()
    assert rs.complete and rs.table["region_code"].nunique() == 43 and len(rs.table) == 388
    regen = generate_demo_region_set()
    regen.to_csv(tmp_path / "x.csv", index=False, lineterminator="\n")
    assert (tmp_path / "x.csv").read_text() == DEMO_REGION_SET.read_text()
    assert rs.table.set_index("gemeente_code").loc["GM0457", "region_code"] == "W02"  # Weesp moved to Amsterdam


def test_custom_level_dissolves_and_counts(real_boundaries):
    rs = load_demo_region_set()
    projects = pd.DataFrame({"id": ["P1", "P2"], "thema": ["ouderen", "ggz"], "fase": ["opstart"] * 2,
                             "gemeente_codes": ["GM0363;GM0457", "GM0935"], "via_regio": [False, False],
                             "zorgverzekeraar_groepen": ["cz", "cz"]})
    prep = prepare(projects, 2017, region_set=rs.table)
    regions = prep.areas["regioset"]
    assert len(regions) == 43 and regions.is_valid.all()
    gem = load_boundaries("gemeente", 2017)
    assert area_km2(regions).sum() == pytest.approx(area_km2(gem).sum(), rel=1e-4)  # areas add up
    per = counts(prep.long, "regioset")["n_projecten"].to_dict()
    assert per["W02"] == 1  # Amsterdam and Weesp are in one region: the project counts once
    assert per[rs.table.set_index("gemeente_code").loc["GM0935", "region_code"]] == 1


@pytest.fixture(scope="module")
def demo_ratings(real_boundaries):
    rs = load_demo_region_set()
    regions = rs.regions
    return read_ratings(DEMO_RATINGS, regions), regions


def test_demo_ratings_match_the_published_national_figures(demo_ratings):
    ratings, _ = demo_ratings
    assert ratings.rejections.empty
    nat = national_averages(ratings.accepted)
    for (thema, aspect), (g, v) in PUBLISHED.items():
        assert nat.loc[(thema, aspect), "gemeente"] == pytest.approx(g, abs=0.05)
        assert nat.loc[(thema, aspect), "verzekeraar"] == pytest.approx(v, abs=0.05)
    assert ratings.accepted.groupby("beoordelaar")["region_code"].nunique().to_dict() == {"gemeente": 33, "verzekeraar": 36}
    assert ratings.accepted["score"].mean() == pytest.approx(6.6, abs=0.06)  # overall 6.6


def test_ratings_validator(demo_ratings):
    _, regions = demo_ratings
    data = csv_bytes([["Amsterdam", "Ouderen", "Samenwerkingsagenda", "Gemeenten", "6,5"],
                      ["W02", "ouderen", "agenda", "gemeente", "7"],
                      ["Amsterdm", "ggz", "resultaten", "zorgkantoor", "7"],
                      ["Zeeland", "jeugd", "agenda", "gemeente", "7"],
                      ["Zeeland", "ggz", "planning", "gemeente", "7"],
                      ["Zeeland", "ggz", "agenda", "bewoners", "7"],
                      ["Zeeland", "ggz", "agenda", "gemeente", "11"]],
                     header=["regio", "thema", "aspect", "beoordelaar", "score"])
    r = read_ratings(data, regions, filename="r.csv")
    assert r.accepted.to_dict("records") == [dict(region_code="W02", thema="ouderen", aspect="agenda", beoordelaar="gemeente", score=6.5)]
    by_row = {row: grp for row, grp in r.rejections.groupby("rij")}
    assert "dubbel" in by_row[3]["reden"].iloc[0]
    assert by_row[4]["suggesties"].iloc[0] == ["Amsterdam"]
    assert "alleen ouderen, ggz en preventie" in by_row[5]["reden"].iloc[0]
    assert by_row[6]["veld"].iloc[0] == "aspect" and by_row[7]["veld"].iloc[0] == "beoordelaar"
    assert "1 tot en met 10" in by_row[8]["reden"].iloc[0]


def test_difference_has_the_right_sign():
    acc = pd.DataFrame([
        dict(region_code="A", thema="ggz", aspect="agenda", beoordelaar="gemeente", score=5.0),
        dict(region_code="A", thema="ggz", aspect="agenda", beoordelaar="verzekeraar", score=7.0),
        dict(region_code="B", thema="ggz", aspect="agenda", beoordelaar="gemeente", score=8.0),
        dict(region_code="B", thema="ggz", aspect="agenda", beoordelaar="verzekeraar", score=6.5),
        dict(region_code="C", thema="ggz", aspect="agenda", beoordelaar="gemeente", score=6.0),
    ])
    d = difference(acc, "ggz", "agenda")
    assert d.to_dict() == {"A": -2.0, "B": 1.5}  # gemeente minus verzekeraar; C has no insurer rating
    assert scores(acc, "ggz", None, "gemeente").to_dict() == {"A": 5.0, "B": 8.0, "C": 6.0}
    prof = region_scores(acc, "A")
    assert prof.loc[("ggz", "agenda"), "gemeente (regio)"] == 5.0
    assert prof.loc[("ggz", "agenda"), "gemeente (landelijk)"] == pytest.approx(6.3, abs=0.01)

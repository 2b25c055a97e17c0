"""Boundaries from the real CBS files: counts, vintages, validity, errors."""
from __future__ import annotations

import pytest

from geo.boundaries import BoundaryError, apply_mutations, area_km2, available, load_boundaries, read_mutations
from geo.config import ENV_VAR, boundaries_dir
from geo.crs import RD_NEW, check_wgs84_netherlands, to_rd


@pytest.mark.parametrize(
    "kind,year,n,source",
    [
        ("gemeente", 2015, 393, "gemeente_2015.topojson"),
        ("gemeente", 2017, 388, "gemeente_2015.topojson"),
        ("gemeente", 2025, 342, "gemeente_2025.topojson"),
        ("zorgkantoorregio", 2017, 31, "zorgkantoorregio_2017.topojson"),
        ("zorgkantoorregio", 2025, 31, "zorgkantoorregio_2025.topojson"),
        ("provincie", 2017, 12, "provincie_2015.topojson"),
        ("provincie", 2025, 12, "provincie_2025.topojson"),
    ],
)
def test_counts_and_source_file(real_boundaries, kind, year, n, source):
    gdf = load_boundaries(kind, year, real_boundaries)
    assert len(gdf) == n
    assert gdf["code"].is_unique
    assert list(gdf.columns) == ["code", "naam", "geometry"]
    assert gdf.crs.to_epsg() == 4326
    assert gdf.attrs["source_file"] == source
    check_wgs84_netherlands(gdf)


@pytest.mark.parametrize("year", [2015, 2017, 2025])
def test_all_geometries_valid_and_polygonal(real_boundaries, year):
    for kind in ("gemeente", "zorgkantoorregio", "provincie"):
        gdf = load_boundaries(kind, year, real_boundaries)
        assert gdf.is_valid.all(), gdf.loc[~gdf.is_valid, "code"].tolist()
        assert set(gdf.geom_type) <= {"Polygon", "MultiPolygon"}
        assert not gdf.is_empty.any()


def test_repair_keeps_area(real_boundaries):
    """The 2015 file has 16 invalid geometries; repairing them must not change the area materially."""
    import pyogrio

    raw = pyogrio.read_dataframe(real_boundaries / "wgs84" / "gemeente_2015.topojson").set_crs(4326)
    assert (~raw.is_valid).sum() == 16
    repaired = load_boundaries("gemeente", 2015, real_boundaries).set_index("code")
    raw = raw.set_index("statcode")
    bad = raw.index[~raw.is_valid]
    before = raw.loc[bad].geometry.to_crs(RD_NEW).area
    after = repaired.loc[bad].geometry.to_crs(RD_NEW).area
    ratio = (after / before).to_numpy()
    assert ((ratio > 0.98) & (ratio < 1.02)).all(), ratio


def test_2017_mergers_applied(real_boundaries):
    g15 = load_boundaries("gemeente", 2015, real_boundaries).set_index("code")
    g17 = load_boundaries("gemeente", 2017, real_boundaries).set_index("code")
    assert g17.attrs["mutations_applied"] == 9  # 7 mergers + 2 renames (supplement)
    assert {"GM0381", "GM0424", "GM0425", "GM0478", "GM0844", "GM0846", "GM0860"}.isdisjoint(g17.index)
    assert g17.loc["GM1942", "naam"] == "Gooise Meren"
    assert g17.loc["GM1948", "naam"] == "Meierijstad"
    assert g17.loc["GM0385", "naam"] == "Edam-Volendam"  # an existing code that absorbs Zeevang
    meierij = area_km2(g17.loc[["GM1948"]]).iloc[0]
    parts = area_km2(g15.loc[["GM0844", "GM0846", "GM0860"]]).sum()
    assert meierij == pytest.approx(parts, rel=0.001)
    # the whole country keeps its area
    assert area_km2(g17).sum() == pytest.approx(area_km2(g15).sum(), rel=0.001)


def test_2016_has_only_2016_mergers(real_boundaries):
    g16 = load_boundaries("gemeente", 2016, real_boundaries)
    assert len(g16) == 393 - 4 + 1 - 1 + 1  # Bussum, Muiden, Naarden -> Gooise Meren; Zeevang -> Edam-Volendam
    assert "GM1948" not in set(g16["code"]) and "GM1942" in set(g16["code"])


def test_apply_mutations_chained(real_boundaries):
    """A merger table with a later step re-merging a new municipality is applied in date order."""
    import pandas as pd

    g15 = load_boundaries("gemeente", 2015, real_boundaries)
    muts = read_mutations(real_boundaries)
    extra = pd.DataFrame(
        [{"datum": pd.Timestamp("2019-01-01"), "oude_code": "GM1942", "oude_naam": "Gooise Meren",
          "nieuwe_code": "GM9999", "nieuwe_naam": "Testmeer"},
         {"datum": pd.Timestamp("2019-01-01"), "oude_code": "GM0417", "oude_naam": "Laren",
          "nieuwe_code": "GM9999", "nieuwe_naam": "Testmeer"}]
    )
    out, n = apply_mutations(g15, pd.concat([muts, extra], ignore_index=True), 2015, 2019)
    assert n == 11
    assert out.set_index("code").loc["GM9999", "naam"] == "Testmeer"
    assert len(out) == 393 - 7 + 2 - 1  # 7 rows into 2 new codes (one existing), then 2 into 1


def test_newer_file_and_mergers_are_picked_up(boundaries_copy):
    """The same mechanism takes a newer file: a 2019 file is used for 2020 instead of 2015+mergers."""
    src = boundaries_copy / "wgs84" / "gemeente_2015.topojson"
    (boundaries_copy / "wgs84" / "gemeente_2019.topojson").write_bytes(src.read_bytes())
    gdf = load_boundaries("gemeente", 2020, boundaries_copy)
    assert gdf.attrs["source_file"] == "gemeente_2019.topojson"
    assert len(gdf) == 393  # no merger after 2019 in the table
    assert 2019 in set(available(boundaries_copy)["year"])


def test_year_later_than_merger_table_is_flagged(real_boundaries):
    gdf = load_boundaries("gemeente", 2020, real_boundaries)
    assert "later ones are not known" in gdf.attrs["note"]


def test_missing_file_error_names_file_dir_and_command(tmp_path):
    (tmp_path / "wgs84").mkdir()
    with pytest.raises(BoundaryError) as err:
        load_boundaries("gemeente", 2017, tmp_path)
    msg = str(err.value)
    assert "gemeente_2017.topojson" in msg
    assert str(tmp_path / "wgs84") in msg
    assert "python cli.py boundaries fetch --year 2017" in msg


def test_unreadable_file_error(boundaries_copy):
    (boundaries_copy / "wgs84" / "gemeente_2025.topojson").write_text("{not json")
    with pytest.raises(BoundaryError, match="gemeente_2025.topojson"):
        load_boundaries("gemeente", 2025, boundaries_copy)


def test_directory_resolution(monkeypatch, tmp_path):
    monkeypatch.setenv(ENV_VAR, str(tmp_path))
    assert boundaries_dir() == tmp_path.resolve()
    assert boundaries_dir(tmp_path / "x") == (tmp_path / "x").resolve()
    monkeypatch.delenv(ENV_VAR)
    assert boundaries_dir().name == "boundaries" and boundaries_dir().parent.name == "data"


def test_unknown_type():
    with pytest.raises(ValueError, match="Unknown boundary type"):
        load_boundaries("wijk", 2017)


def test_rd_helper(real_boundaries):
    rd = to_rd(load_boundaries("provincie", 2025, real_boundaries))
    assert rd.crs.to_epsg() == 28992
    assert 33_000 < rd.area.sum() / 1e6 < 43_000  # land + inland water of NL in km2

"""Region membership by spatial join, and dissolving municipalities into regions."""
from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from shapely.geometry import Polygon, box

from geo.boundaries import BoundaryError, area_km2, load_boundaries
from geo.regions import assign_points, dissolve, membership


@pytest.fixture(scope="module")
def members_2017(real_boundaries):
    return membership(2017, real_boundaries)


def test_every_2017_gemeente_in_exactly_one_region(members_2017):
    assert len(members_2017) == 388
    assert members_2017["gemeente_code"].is_unique
    assert members_2017["zorgkantoorregio_code"].notna().all()
    assert members_2017["provincie_code"].notna().all()
    assert members_2017["zorgkantoorregio_code"].nunique() == 31
    assert members_2017["provincie_code"].nunique() == 12


@pytest.mark.parametrize(
    "gemeente,zk,prov",
    [
        ("Amsterdam", "Amsterdam", "Noord-Holland"),
        ("Maastricht", "Zuid-Limburg", "Limburg"),
        ("Almere", "'t Gooi", "Flevoland"),
        ("Leeuwarden", "Friesland", "Friesland"),
        ("Meierijstad", "Noordoost-Brabant", "Noord-Brabant"),
    ],
)
def test_spot_checks(members_2017, gemeente, zk, prov):
    row = members_2017.set_index("gemeente_naam").loc[gemeente]
    assert row["zorgkantoorregio_naam"] == zk
    assert row["provincie_naam"] == prov


def test_2025_membership(real_boundaries):
    m = membership(2025, real_boundaries).set_index("gemeente_naam")
    assert len(m) == 342
    assert m.loc["Leeuwarden", "provincie_naam"] == "Fryslân"
    assert m.loc["Vijfheerenlanden", "provincie_naam"] == "Utrecht"
    assert (m.groupby("provincie_naam").size()[["Utrecht", "Zuid-Holland"]] == [26, 50]).all()


def test_dissolve_reproduces_zorgkantoorregios(real_boundaries, members_2017):
    gem = load_boundaries("gemeente", 2017, real_boundaries)
    zk = load_boundaries("zorgkantoorregio", 2017, real_boundaries).set_index("code")
    regions = dissolve(gem, members_2017, "zorgkantoorregio_code", "zorgkantoorregio_naam").set_index("code")
    assert len(regions) == 31
    assert regions["n_gemeenten"].sum() == 388
    assert regions.is_valid.all()
    ratio = area_km2(regions).sort_index() / area_km2(zk).sort_index()
    assert abs(np.median(ratio) - 1) < 0.01
    assert ((ratio - 1).abs() < 0.20).all(), ratio[(ratio - 1).abs() >= 0.20]
    # dissolved areas add up to the municipalities' total
    assert area_km2(regions).sum() == pytest.approx(area_km2(gem).sum(), rel=1e-4)


def _square(x, y, size=1.0):
    return box(x, y, x + size, y + size)


def test_assign_points_uses_point_inside_not_centroid():
    """A C-shaped municipality's centroid lies in the hole (another region); its representative point does not."""
    c_shape = Polygon([(0, 0), (3, 0), (3, 1), (1, 1), (1, 2), (3, 2), (3, 3), (0, 3)])
    areas = gpd.GeoDataFrame({"code": ["GM0001"], "naam": ["C"]}, geometry=[c_shape], crs="EPSG:28992").to_crs(4326)
    hole = box(1, 1, 3, 2)
    regions = gpd.GeoDataFrame(
        {"code": ["R1", "R2"], "naam": ["C-regio", "Gat"]}, geometry=[c_shape, hole], crs="EPSG:28992"
    ).to_crs(4326)
    assert hole.contains(c_shape.centroid)
    assert assign_points(areas, regions)["code"].tolist() == ["R1"]


def test_assign_points_lists_unassigned_codes():
    areas = gpd.GeoDataFrame({"code": ["GM1", "GM2"], "naam": ["a", "b"]}, geometry=[_square(0, 0), _square(10, 10)], crs="EPSG:28992")
    regions = gpd.GeoDataFrame({"code": ["R"], "naam": ["r"]}, geometry=[_square(-1, -1, 3)], crs="EPSG:28992")
    with pytest.raises(BoundaryError, match="in no region: GM2"):
        assign_points(areas, regions)


def test_dissolve_custom_region_set():
    gem = gpd.GeoDataFrame(
        {"code": ["GM1", "GM2", "GM3"], "naam": list("abc")},
        geometry=[_square(0, 0, 1000), _square(1000, 0, 1000), _square(2000, 0, 1000)],
        crs="EPSG:28992",
    ).to_crs(4326)
    table = pd.DataFrame({"gemeente_code": ["GM1", "GM2", "GM3"], "region_code": ["A", "A", "B"], "region_naam": ["Noord", "Noord", "Zuid"]})
    out = dissolve(gem, table).set_index("code")
    assert out.loc["A", "n_gemeenten"] == 2 and out.loc["A", "naam"] == "Noord"
    assert out.loc["A"].geometry.geom_type == "Polygon"  # neighbours merge into one shape
    assert area_km2(out.loc[["A"]]).iloc[0] == pytest.approx(2.0, rel=1e-3)
    with pytest.raises(ValueError, match="GM9"):
        dissolve(gem, pd.DataFrame({"gemeente_code": ["GM9"], "region_code": ["A"]}))
    with pytest.raises(ValueError, match="more than one region: GM1"):
        dissolve(gem, pd.DataFrame({"gemeente_code": ["GM1", "GM1"], "region_code": ["A", "B"]}))


def test_dissolve_2025(real_boundaries):
    """The 2025 file has a ring that becomes invalid in RD New; dissolving must still work."""
    gem = load_boundaries("gemeente", 2025, real_boundaries)
    m = membership(2025, real_boundaries)
    for kind in ("zorgkantoorregio", "provincie"):
        regions = dissolve(gem, m, f"{kind}_code", f"{kind}_naam")
        assert regions.is_valid.all() and regions["n_gemeenten"].sum() == 342

"""The project x gemeente join on small hand-made data."""
from __future__ import annotations

import geopandas as gpd
import pandas as pd
from shapely.geometry import box

from analysis.join import attach_regions, counts, counts_gdf, explode_gemeenten


def _projects():
    return pd.DataFrame({
        "id": ["P1", "P2", "P3"],
        "naam": ["a", "b", "c"],
        "thema": ["ouderen", "ggz", "ouderen"],
        "fase": ["opstart", "structureel", "implementatie"],
        "instrument": ["beleid"] * 3,
        "niveau": ["gemeente", "regio", "bovenregionaal"],
        "gemeente_codes": ["GM1", "GM1;GM2", "GM2;GM3"],
        "via_regio": [False, False, False],
        "zorgverzekeraar_groepen": ["cz", "cz", "vgz"],
        "jaar": [2017] * 3,
    })


MEMBERS = pd.DataFrame({"gemeente_code": ["GM1", "GM2", "GM3"], "zorgkantoorregio_code": ["ZK1", "ZK1", "ZK2"], "provincie_code": ["PV1"] * 3})


def test_long_table_marks_regional():
    long = explode_gemeenten(_projects())
    assert len(long) == 5
    assert long.set_index(["id", "gemeente_code"])["regionaal"].to_dict() == {
        ("P1", "GM1"): False, ("P2", "GM1"): True, ("P2", "GM2"): True, ("P3", "GM2"): True, ("P3", "GM3"): True}


def test_project_in_two_regions_counts_once_per_region():
    long = attach_regions(explode_gemeenten(_projects()), MEMBERS)
    per_zk = counts(long, "zorgkantoorregio")["n_projecten"].to_dict()
    assert per_zk == {"ZK1": 3, "ZK2": 1}  # P2 has two municipalities in ZK1 but counts once
    assert counts(long, "provincie")["n_projecten"].to_dict() == {"PV1": 3}
    assert counts(long, "gemeente")["n_projecten"].to_dict() == {"GM1": 2, "GM2": 2, "GM3": 1}


def test_counts_gdf_breakdowns_and_zero_areas():
    long = attach_regions(explode_gemeenten(_projects()), MEMBERS)
    areas = gpd.GeoDataFrame({"code": ["GM1", "GM2", "GM3", "GM4"], "naam": list("abcd")},
                             geometry=[box(i, 0, i + 1, 1) for i in range(4)], crs=4326)
    gdf = counts_gdf(areas, long, "gemeente").set_index("code")
    assert gdf.loc["GM4", "n_projecten"] == 0
    assert gdf.loc["GM1", "thema:ouderen"] == 1 and gdf.loc["GM1", "thema:ggz"] == 1
    assert gdf.loc["GM2", "fase:structureel"] == 1 and gdf.loc["GM2", "fase:implementatie"] == 1
    assert (gdf.filter(like="thema:").sum(axis=1) == gdf["n_projecten"]).all()

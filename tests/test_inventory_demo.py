"""The committed demo inventory: reproducible from its seed, and calibrated to the source documents."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.join import attach_regions, explode_gemeenten
from geo.boundaries import load_boundaries
from geo.config import reference_dir
from geo.crs import RD_NEW
from geo.regions import membership
from inventory.demo import DEMO_FILE, DOMINANCE_FILE, generate, write_demo
from inventory.validate import validate_file


@pytest.fixture(scope="module")
def demo(real_boundaries):
    res = validate_file(DEMO_FILE, 2017)
    assert res.rows_rejected == 0
    return res.accepted


@pytest.fixture(scope="module")
def inwoners():
    path = reference_dir() / "inwoners_gemeente_2017.csv"
    if not path.exists():
        pytest.skip("reference tables not found; set SAMENWERKINGSKAART_REFERENCE")
    return pd.read_csv(path).set_index("gemeentecode")["aantal_inwoners"]


def test_committed_file_is_the_seeded_output(real_boundaries, inwoners, tmp_path):
    path = write_demo(generate(), tmp_path / "demo.csv")
    assert path.read_bytes() == DEMO_FILE.read_bytes()
    assert not generate(n=50, seed=1).equals(generate(n=50, seed=2))


def test_size_and_honest_labelling(demo):
    assert 1400 <= len(demo) <= 1600
    assert demo["id"].str.startswith("DEMO-").all()
    assert demo["omschrijving"].str.contains("synthetisch").all()


def test_theme_order(demo):
    n = demo["thema"].value_counts()
    assert n["ouderen"] > n["ggz"] > n["preventie"]
    assert n["wijk"] > n["jeugd"]
    assert n.idxmax() == "ouderen" and n.drop("overig").idxmin() == "jeugd"


def test_mostly_early_phases_few_structural(demo):
    share = demo["fase"].value_counts(normalize=True)
    assert share["opstart"] + share["ontwikkelproject"] > 0.6
    assert share["structureel"] < 0.15 and share["structureel"] == share.min()


def test_most_in_local_practice(demo):
    assert demo["instrument"].value_counts().idxmax() == "lokale werkpraktijk"


def test_big_four_each_dominant_in_own_contiguous_area(demo, real_boundaries):
    members = membership(2017)
    long = attach_regions(explode_gemeenten(demo), members)
    first = long.assign(groep=long["zorgverzekeraar_groepen"].str.split(";").str[0])
    dominant = first.drop_duplicates(["id", "zorgkantoorregio_code"]).groupby("zorgkantoorregio_code")["groep"].agg(lambda s: s.value_counts().idxmax())
    regions = load_boundaries("zorgkantoorregio", 2017).set_index("code").to_crs(RD_NEW)
    for group in ("achmea", "cz", "vgz", "menzis"):
        codes = dominant[dominant == group].index.tolist()
        assert codes, f"{group} dominates nowhere"
        # contiguous: the regions it dominates form one connected set of neighbours
        geoms = regions.loc[codes].geometry.buffer(500)
        seen, todo = {codes[0]}, [codes[0]]
        while todo:
            c = todo.pop()
            for o in codes:
                if o not in seen and geoms[c].intersects(geoms[o]):
                    seen.add(o)
                    todo.append(o)
        assert seen == set(codes), f"{group}: {set(codes) - seen} not connected"
    expected = pd.read_csv(DOMINANCE_FILE).set_index("zorgkantoorregio_code")["groep"]
    big = expected[expected.isin(["achmea", "cz", "vgz", "menzis"])]
    assert (dominant.loc[big.index] == big).mean() > 0.9


def test_more_projects_in_bigger_municipalities(demo, inwoners):
    per = explode_gemeenten(demo).groupby("gemeente_code").size().reindex(inwoners.index, fill_value=0)
    rho = pd.Series(per.to_numpy()).corr(pd.Series(inwoners.to_numpy()), method="spearman")
    assert rho > 0.5
    big = inwoners.nlargest(4).index
    assert per.loc[big].min() > per.median() * 3  # regional projects lift small ones too


def test_about_one_in_ten_small_municipalities_without_project(demo, inwoners):
    covered = set(explode_gemeenten(demo)["gemeente_code"])
    small = inwoners[inwoners < inwoners.median()].index
    share = np.mean([c not in covered for c in small])
    assert 0.07 <= share <= 0.13
    big = inwoners[inwoners >= 50_000].index
    assert all(c in covered for c in big)  # Panteia: those without contact were all under 50,000

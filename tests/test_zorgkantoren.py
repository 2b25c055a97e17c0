"""A newer zorgkantoor table, validated like an inventory (CLI --zorgkantoren and the app upload)."""
from __future__ import annotations

import pandas as pd
import pytest

from analysis.gaps import ZORGKANTOREN_FILE, read_zorgkantoren
from analysis.zorgkantoren import read_zorgkantoor_table
from geo.boundaries import load_boundaries
from tabular.read import ReadError
from inventory.taxonomy import load_taxonomy
from tests.cli_run import run_cli

pytestmark = pytest.mark.usefixtures("real_boundaries")
TAX = load_taxonomy()


@pytest.fixture(scope="module")
def regions_2017():
    return load_boundaries("zorgkantoorregio", 2017)[["code", "naam"]]


def test_the_shipped_table_validates_and_gives_the_same_working_areas(regions_2017):
    t = read_zorgkantoor_table(ZORGKANTOREN_FILE, regions_2017, 2017, TAX)
    assert t.rejections.empty and t.missing == [] and t.date(2017) == "2014-01-01"
    mine = t.for_year(2017).set_index("zorgkantoorregio_code")["groep"].sort_index()
    assert mine.equals(read_zorgkantoren(year=2017).set_index("zorgkantoorregio_code")["groep"].sort_index())


def test_rows_are_checked_with_reasons_and_suggestions(regions_2017):
    data = ("Geldig vanaf;Zorgkantoorregio;Zorgverzekeraar;Bron\n"
            "2020-01-01;ZK31;CZ;brief NZa\n"
            "1-1-2020;Twente;Menzis;\n"              # name instead of code, Dutch date order
            "2020-13-01;ZK30;CZ;\n"                  # no such date
            "2020-01-01;ZK99;CZ;\n"                  # no such region
            "2020-01-01;ZK31;VGZ;\n"                 # ZK31 twice on one date
            "2020-01-01;ZK27;Zilverkruis;\n"         # misspelt insurer
            "2020-01-01;ZK13;;\n").encode()          # unknown group is allowed (not guessed)
    t = read_zorgkantoor_table(data, regions_2017, 2021, TAX, filename="zk.csv")
    assert t.rows_read == 7 and len(t.table) == 3
    got = t.for_year(2021).set_index("zorgkantoorregio_code")["groep"].to_dict()
    twente = regions_2017.loc[regions_2017["naam"] == "Twente", "code"].iloc[0]
    assert got == {"ZK31": "cz", twente: "menzis", "ZK13": ""}
    rej = t.rejections.set_index("rij")
    assert rej.loc[4, "veld"] == "geldig_vanaf" and rej.loc[5, "veld"] == "zorgkantoorregio_code"
    assert "dubbel" in rej.loc[6, "reden"]
    assert rej.loc[7, "veld"] == "groep" and any("zilver" in s.lower() for s in rej.loc[7, "suggesties"])
    assert len(t.missing) == 28 and t.date(2021) == "2020-01-01"
    assert t.date(2019) == "2020-01-01"  # older than every row: the oldest known, and said so by its date


def test_a_file_without_the_required_columns_is_refused(regions_2017):
    with pytest.raises(ReadError, match="verplichte kolom.*groep"):
        read_zorgkantoor_table(b"geldig_vanaf,zorgkantoorregio_code\n2020-01-01,ZK31\n", regions_2017, 2017, TAX,
                               filename="zk.csv")


def test_cli_gaps_uses_the_validated_table_and_says_which(tmp_path, capsys):
    f = tmp_path / "zk_2016.csv"
    f.write_text("geldig_vanaf,zorgkantoorregio_code,groep\n2016-01-01,ZK31,vgz\n2016-01-01,ZK30,vgz\n"
                 "2016-01-01,ZK29,Onbekende BV\n", encoding="utf-8")
    out = tmp_path / "g.csv"
    res = run_cli(capsys, "gaps", "--zorgverzekeraar", "vgz", "--thema", "jeugd", "--zorgkantoren", str(f), "--out", str(out))
    assert res.returncode == 0, res.stderr
    assert "zorgkantorentabel: zk_2016.csv, geldig vanaf 2016-01-01" in res.stdout
    assert "2 zorgkantoorregio('s) van VGZ" in res.stdout
    assert "rij 4 groep='Onbekende BV'" in res.stderr
    table = pd.read_csv(out, sep=";", encoding="utf-8-sig")
    assert set(table["zorgkantoorregio"]) == {"Zuid-Limburg", "Zuidoost-Brabant"}  # ZK31, ZK30


# -- the zorgkantoor table as a dataset of the store (kind ``zorgkantoren``) ----------------------------------------

ZK_2016 = (b"geldig_vanaf,zorgkantoorregio_code,groep\n2016-01-01,ZK31,vgz\n2016-01-01,ZK30,vgz\n"
           b"2016-01-01,ZK29,Onbekende BV\n")


@pytest.fixture()
def empty_store(tmp_path, monkeypatch):
    """The app and the CLI pointed at an empty SQLite store of this test."""
    import store

    url = f"sqlite:///{tmp_path / 'store.sqlite'}"
    monkeypatch.setenv(store.ENV_VAR, url)
    return store.get_engine(url)


def test_cli_store_import_and_publish_then_gaps_uses_the_published_table(empty_store, tmp_path, capsys):
    import cli

    f = tmp_path / "zk_2016.csv"
    f.write_bytes(ZK_2016)
    assert cli.main(["store", "import", str(f), "--kind", "zorgkantoren"]) == 1  # one row rejected
    out = capsys.readouterr().out
    assert "1 afgewezen" in out and "opgeslagen: zorgkantoren, 2 rijen, 1 afgewezen, jaar 2017" in out
    assert cli.main(["store", "list", "--kind", "zorgkantoren"]) == 0
    assert "zk_2016.csv" in capsys.readouterr().out
    assert cli.main(["store", "publish", "1"]) == 0
    capsys.readouterr()
    assert cli.main(["gaps", "--zorgverzekeraar", "vgz", "--thema", "jeugd", "--out", str(tmp_path / "g.csv")]) == 0
    out = capsys.readouterr().out
    label = __import__("store").get_version(empty_store, 1).label
    assert f"zorgkantorentabel: {label}, geldig vanaf 2016-01-01" in out
    assert "2 zorgkantoorregio('s) van VGZ" in out
    table = pd.read_csv(tmp_path / "g.csv", sep=";", encoding="utf-8-sig")
    assert set(table["zorgkantoorregio"]) == {"Zuid-Limburg", "Zuidoost-Brabant"}  # ZK31, ZK30


def test_cli_store_import_offers_the_registered_kinds(capsys):
    import cli

    assert cli.main(["store", "import", "x.csv", "--kind", "geen"]) == 2
    err = capsys.readouterr().err
    assert "ongeldige keuze: 'geen'" in err and "'zorgkantoren'" in err


def test_gap_page_uses_the_published_table(empty_store):
    import store
    from tests.apptest import app_test

    out, _ = store.import_file(empty_store, ZK_2016, "zorgkantoren", year=2017, filename="zk_2016.csv", publish=True)
    at = app_test(90)
    at.session_state["page"] = "vlekken"  # straight to the witte-vlekken page (no map page first)
    at.run()
    assert not at.exception
    assert f"Zorgkantorentabel: {out.version.label}, geldig vanaf 2016-01-01 (gepubliceerd)" in [t.value for t in at.text]
    at.selectbox(key="gap_insurer").set_value("vgz").run()
    assert at.multiselect(key=f"gap_regions_vgz_v{out.version.id}").value == ["ZK30", "ZK31"]

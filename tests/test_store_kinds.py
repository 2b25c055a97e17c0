"""Dataset kinds register with the store from their own packages: the fourth kind ``zorgkantoren``, a toy
kind registered here without any change in ``store/``, and a store file made before the registry."""
from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass

import pandas as pd
import pytest
import sqlalchemy as sa

import store
from analysis.gaps import ZORGKANTOREN_FILE
from analysis.ratings import read_ratings
from analysis.zorgkantoren import read_zorgkantoor_table
from analysis.zorgkantoren_kind import published_table
from export.tables import write_table
from geo.boundaries import load_boundaries
from geo.config import REPO_ROOT
from geo.regionsets import read_region_set
from inventory.taxonomy import load_taxonomy
from inventory.validate import validate_file
from store.schema import datasets
from tabular.read import read_table, to_frame

pytestmark = pytest.mark.usefixtures("real_boundaries")
OLD = REPO_ROOT / "tests" / "data" / "store_0003"
#: two regions for VGZ from 2016, and a group the taxonomy does not know (rejected)
ZK_2016 = (b"geldig_vanaf,zorgkantoorregio_code,groep\n2016-01-01,ZK31,vgz\n2016-01-01,ZK30,vgz\n"
           b"2016-01-01,ZK29,Onbekende BV\n")


def _same_zorgkantoren(a, b) -> None:
    pd.testing.assert_frame_equal(a.table, b.table)
    pd.testing.assert_frame_equal(a.rejections, b.rejections)
    assert (a.source, a.missing, a.rows_read) == (b.source, b.missing, b.rows_read)


@pytest.mark.parametrize("data,name", [(ZORGKANTOREN_FILE.read_bytes(), "zorgkantoren.csv"), (ZK_2016, "zk_2016.csv")])
def test_a_zorgkantoren_version_reads_back_as_the_validator_produced_it(engine, tmp_path, data, name):
    expected = read_zorgkantoor_table(data, load_boundaries("zorgkantoorregio", 2017)[["code", "naam"]], 2017,
                                      load_taxonomy(), filename=name)
    out, result = store.import_file(engine, data, "zorgkantoren", year=2017, filename=name, by="test")
    assert out.created and out.version.kind == "zorgkantoren" and out.version.year == 2017
    assert out.version.rows_rejected == len(expected.rejections)
    _same_zorgkantoren(result, expected)
    loaded = store.load(engine, out.version.id)
    _same_zorgkantoren(loaded, expected)
    assert loaded.for_year(2017).equals(expected.for_year(2017)) and loaded.date(2017) == expected.date(2017)
    # the export reads back in to the same rows
    path = write_table(store.export_frame("zorgkantoren", loaded), tmp_path / "terug.csv")
    again, _ = store.import_file(engine, path, "zorgkantoren", year=2017)
    assert again.created and again.version.rows_rejected == 0
    assert store.diff_results("zorgkantoren", loaded, store.load(engine, again.version.id)).empty


def test_publishing_a_zorgkantoren_table_makes_it_the_one_in_use(engine):
    assert published_table(engine) is None  # the shipped table is used then
    first, _ = store.import_file(engine, ZORGKANTOREN_FILE, "zorgkantoren", year=2017, publish=True)
    second, _ = store.import_file(engine, ZK_2016, "zorgkantoren", year=2017, filename="zk_2016.csv")
    assert store.published_id(engine, "zorgkantoren") == first.version.id
    store.publish_version(engine, second.version.id)
    table = published_table(engine)
    assert table.source == second.version.label and table.date(2017) == "2016-01-01"
    d = store.diff_results("zorgkantoren", store.load(engine, first.version.id), table)
    assert set(d.loc[d["wijziging"] == "toegevoegd", "sleutel"]) == {"2016-01-01 / ZK30", "2016-01-01 / ZK31"}
    assert (d["wijziging"] == "verwijderd").sum() == 31  # every 2014 row


# -- a kind registered by a module outside the store ------------------------------------------------------------

@dataclass
class Counts:
    """The toy kind's validation result: a count per code."""

    accepted: pd.DataFrame
    rejections: pd.DataFrame
    rows_read: int
    source: str

    def summary(self) -> str:
        return f"{self.rows_read} rijen, {len(self.accepted)} geaccepteerd"


def _validate(data: bytes, filename: str, year: int, context: store.Context) -> Counts:
    frame = to_frame(read_table(data, filename=filename)).reset_index()
    ok = frame["aantal"].str.fullmatch(r"\d+")
    accepted = pd.DataFrame({"code": frame.loc[ok, "code"], "aantal": frame.loc[ok, "aantal"].astype(int)})
    rejections = pd.DataFrame({"rij": frame.loc[~ok, "rij"], "veld": "aantal", "waarde": frame.loc[~ok, "aantal"],
                               "reden": "geen geheel getal"})
    vid, _ = context.published("proefsoort")  # a kind may read a published dataset, its own included
    context.meta["vorige"] = vid
    return Counts(accepted.reset_index(drop=True), rejections.reset_index(drop=True), len(frame), filename)


def _encode(result: Counts, year: int | None) -> store.Encoded:
    return store.Encoded(result.accepted, {"bron": result.source, "rows_read": result.rows_read,
                                           "rejections": result.rejections.to_dict("records")},
                         result.rows_read, len(result.rejections), year)


def _decode(records: list[dict], report: dict) -> Counts:
    return Counts(pd.DataFrame(records, columns=["code", "aantal"]),
                  pd.DataFrame(report["rejections"], columns=["rij", "veld", "waarde", "reden"]),
                  report["rows_read"], report["bron"])


@pytest.fixture()
def toy():
    kind = store.register(store.Kind(
        name="proefsoort", label="proeftelling", validate=_validate, encode=_encode, decode=_decode,
        rows=lambda r: r.accepted, export_frame=lambda r: r.accepted, diff_key=("code",), diff_fields=("aantal",)))
    try:
        yield kind
    finally:
        store.unregister("proefsoort")


def _dataset_rows(engine) -> set[str]:
    with engine.connect() as conn:
        return set(conn.execute(sa.select(datasets.c.name)).scalars())


def test_a_kind_registered_outside_the_store_gets_its_row_versions_publish_load_diff_export(engine, toy, tmp_path):
    assert "proefsoort" not in _dataset_rows(engine)  # no migration knows it
    v1, result = store.import_file(engine, b"code;aantal\nA;1\nB;2\nC;veel\n", "proefsoort", filename="een.csv",
                                   year=2026, publish=True, by="test")
    assert "proefsoort" in _dataset_rows(engine)
    assert (v1.version.kind, v1.version.rows_accepted, v1.version.rows_rejected, v1.published) == ("proefsoort", 2, 1, True)
    assert store.meta(engine, v1.version.id) == {"vorige": None}
    loaded = store.load(engine, v1.version.id)
    pd.testing.assert_frame_equal(loaded.accepted, result.accepted)
    pd.testing.assert_frame_equal(loaded.rejections, result.rejections)
    v2, _ = store.import_file(engine, b"code;aantal\nA;1\nB;5\nD;4\n", "proefsoort", filename="twee.csv", year=2026)
    assert store.meta(engine, v2.version.id) == {"vorige": v1.version.id}  # read through the context
    assert [v.id for v in store.list_versions(engine, "proefsoort")] == [v2.version.id, v1.version.id]
    store.publish_version(engine, v2.version.id)
    assert store.published_ids(engine)["proefsoort"] == v2.version.id
    d = store.diff_results("proefsoort", loaded, store.load(engine, v2.version.id))
    assert {(r.wijziging, r.sleutel, r.veld, r.oud, r.nieuw) for r in d.itertuples()} == {
        ("toegevoegd", "D", "", "", ""), ("gewijzigd", "B", "aantal", "2", "5")}  # (C was rejected: never a row)
    path = write_table(store.export_frame("proefsoort", loaded), tmp_path / "terug.csv")
    again, _ = store.import_file(engine, path, "proefsoort", year=2026)
    assert again.created and store.diff_results("proefsoort", loaded, store.load(engine, again.version.id)).empty


def test_an_unknown_kind_is_one_dutch_line(engine, toy):
    out, _ = store.import_file(engine, b"code;aantal\nA;1\n", "proefsoort", year=2026)
    store.unregister("proefsoort")  # e.g. a process that does not import the kind's module
    with pytest.raises(store.StoreError, match=r"^onbekende soort 'proefsoort'; kies uit: inventaris, regio, venster, "):
        store.load(engine, out.version.id)
    with pytest.raises(store.StoreError, match=r"^onbekende soort 'bestaat_niet'"):
        store.import_file(engine, b"code;aantal\nA;1\n", "bestaat_niet", year=2026)
    with pytest.raises(store.StoreError, match="onbekende soort"):
        store.list_versions(engine, "bestaat_niet")


def test_a_second_kind_under_a_taken_name_is_refused(toy):
    other = store.Kind(name="inventaris", label="iets anders", validate=_validate, encode=_encode, decode=_decode,
                       rows=lambda r: r.accepted, export_frame=lambda r: r.accepted, diff_key=("code",),
                       diff_fields=("aantal",))
    with pytest.raises(ValueError, match="registered already"):
        store.register(other)
    assert store.get_kind("inventaris").label == "projectinventaris"


# -- a store file made by the code before the registry --------------------------------------------------------------

def test_a_store_file_made_before_the_registry_reads_back_the_same_and_takes_a_new_kind(tmp_path):
    """``tests/data/store_0003/store.sql`` is a dump of an SQLite store the previous code made (migration 0003;
    inventaris, regio, venster); every version reads back as the validators produce it from the same files."""
    db = tmp_path / "oud.sqlite"
    with sqlite3.connect(db) as con:
        con.executescript((OLD / "store.sql").read_text(encoding="utf-8"))
    con.close()
    engine = store.get_engine(f"sqlite:///{db}")  # (upgraded by any later migration on the way)
    listed = sorted(store.list_versions(engine), key=lambda v: v.id)
    assert [(v.id, v.kind, v.published, v.created_by) for v in listed] == [
        (1, "inventaris", True, "oud"), (2, "regio", True, "oud"), (3, "venster", True, "oud"), (4, "inventaris", False, "oud")]
    assert store.public_ids(engine) == {1, 2, 3}

    inv = validate_file((OLD / "inventaris.csv").read_bytes(), 2017, filename="inventaris.csv")
    got = store.load(engine, 1)
    for attr in ("accepted", "rejections", "matches"):
        pd.testing.assert_frame_equal(getattr(got, attr), getattr(inv, attr))
    assert (got.warnings, got.rows_read, got.source) == (inv.warnings, inv.rows_read, inv.source)
    assert store.report(engine, 1)["rapport"] == json.loads(json.dumps(inv.report(), default=str))
    assert store.load(engine, 4).accepted["naam"].iloc[0] == "Eerste (concept)"

    regio = read_region_set((OLD / "regio.csv").read_bytes(), 2017, filename="regio.csv", name="regio")
    got = store.load(engine, 2)
    pd.testing.assert_frame_equal(got.table, regio.table)
    pd.testing.assert_frame_equal(got.rejections, regio.rejections)
    assert (got.name, got.missing, got.rows_read) == (regio.name, regio.missing, regio.rows_read)

    venster = read_ratings((OLD / "venster.csv").read_bytes(), regio.regions, filename="venster.csv")
    got = store.load(engine, 3)
    pd.testing.assert_frame_equal(got.accepted, venster.accepted)
    pd.testing.assert_frame_equal(got.rejections, venster.rejections)
    assert (got.rows_read, got.source, store.meta(engine, 3)) == (venster.rows_read, venster.source, {"regio_versie": 2})

    # a kind registered after the file was made gets its datasets row there, without a migration
    assert "zorgkantoren" not in _dataset_rows(engine)
    out, _ = store.import_file(engine, ZORGKANTOREN_FILE, "zorgkantoren", year=2017, publish=True)
    assert "zorgkantoren" in _dataset_rows(engine)
    assert store.published_ids(engine) == {"inventaris": 1, "regio": 2, "venster": 3, "zorgkantoren": out.version.id}

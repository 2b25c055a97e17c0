"""The store on SQLite and on a real PostgreSQL server (every test runs on both; see tests/pg_server.py)."""
from __future__ import annotations

import json
import subprocess
import sys
import time

import pandas as pd
import pytest
import sqlalchemy as sa

import store
from analysis.ratings import DEMO_RATINGS, read_ratings
from geo.config import REPO_ROOT
from geo.regionsets import DEMO_REGION_SET, load_demo_region_set, read_region_set
from inventory.demo import DEMO_FILE
from inventory.validate import validate_file
from store.db import create_engine, current_revision, head_revision, migrate
from store.kinds import Encoded
from store.schema import metadata, version_rows, versions
from tests.inventory_fixtures import csv_bytes, row

# a small inventory with one rejected row and one non-exact name match
SMALL = csv_bytes([row("P1", "Amsterdam", naam="Eerste"), row("P2", "Utrecht; Leiden", thema="ggz"),
                   row("P3", "amsterdam"), row("P4", "Nergenshuizen"), row("P5", "Groningen", fase="borgen")])


def _frames_equal(a, b, kind):
    if kind == "inventaris":
        for attr in ("accepted", "rejections", "matches"):
            pd.testing.assert_frame_equal(getattr(a, attr), getattr(b, attr))
        assert (a.warnings, a.rows_read, a.source) == (b.warnings, b.rows_read, b.source)
    elif kind == "regio":
        pd.testing.assert_frame_equal(a.table, b.table)
        pd.testing.assert_frame_equal(a.rejections, b.rejections)
        assert (a.name, a.missing, a.rows_read) == (b.name, b.missing, b.rows_read)
    else:
        pd.testing.assert_frame_equal(a.accepted, b.accepted)
        pd.testing.assert_frame_equal(a.rejections, b.rejections)
        assert (a.rows_read, a.source) == (b.rows_read, b.source)


def test_empty_database_is_migrated_to_head_and_matches_the_declared_tables(engine):
    assert current_revision(engine) == head_revision()
    insp = sa.inspect(engine)
    for table in metadata.sorted_tables:
        assert {c["name"] for c in insp.get_columns(table.name)} == set(table.columns.keys())
    assert store.published_ids(engine) == {"inventaris": None, "regio": None, "venster": None, "zorgkantoren": None}
    assert store.list_versions(engine) == []


def test_migrations_keep_the_data_of_older_revisions(store_url, real_boundaries):
    """A database made at revision 0001 with a version in it keeps that version through every later migration."""
    eng = create_engine(store_url)
    migrate(eng, "0001")
    assert current_revision(eng) == "0001"
    result = validate_file(SMALL, 2017, filename="oud.csv")
    report = json.dumps(result.report(), default=str)
    with eng.begin() as conn:  # written with the 0001 columns only (no meta column yet)
        conn.execute(sa.text(
            "INSERT INTO versions (dataset, sha256, source, year, created_by, created_at, note, rows_read, rows_accepted,"
            " rows_rejected, report) VALUES ('inventaris', :h, 'oud.csv', 2017, 'tester', :t, 'van voor 0002', 5, 4, 1, :r)"),
            {"h": "a" * 64, "t": pd.Timestamp("2026-01-02T03:04:05Z").to_pydatetime(), "r": report})
        vid = conn.execute(sa.text("SELECT id FROM versions")).scalar_one()
        recs = result.accepted.to_dict("records")
        from store.kinds import to_json
        conn.execute(sa.text("INSERT INTO version_rows (version_id, pos, data) VALUES (:v, :p, :d)"),
                     [{"v": vid, "p": i, "d": to_json(r)} for i, r in enumerate(recs)])
        conn.execute(sa.text("UPDATE datasets SET published_version = :v WHERE name = 'inventaris'"), {"v": vid})
    migrate(eng)
    assert current_revision(eng) == head_revision()
    [v] = store.list_versions(eng)
    assert (v.id, v.note, v.published, v.rows_accepted) == (vid, "van voor 0002", True, 4)
    assert store.report(eng, vid)["meta"] == {}
    pd.testing.assert_frame_equal(store.load(eng, vid).accepted, result.accepted)
    eng.dispose()


@pytest.mark.parametrize("kind", ["inventaris", "regio", "venster"])
def test_a_version_reads_back_as_exactly_what_the_validator_produced(engine, real_boundaries, kind):
    if kind == "inventaris":
        data, name = SMALL, "klein.csv"
        expected = validate_file(data, 2017, filename=name)
        assert expected.rows_rejected == 1 and len(expected.matches) == 1
    elif kind == "regio":
        data, name = DEMO_REGION_SET.read_bytes(), DEMO_REGION_SET.name
        expected = read_region_set(data, 2017, filename=name, name=DEMO_REGION_SET.stem)
    else:
        data, name = DEMO_RATINGS.read_bytes(), DEMO_RATINGS.name
        expected = read_ratings(data, load_demo_region_set().regions, filename=name)
    out, result = store.import_file(engine, data, kind, year=2017, filename=name, by="tester", note="eerste")
    assert out.created and not out.published
    v = store.get_version(engine, out.version.id)
    assert (v.kind, v.source, v.year, v.created_by, v.note) == (kind, name, 2017, "tester", "eerste")
    assert v.created_at.tzinfo is not None and abs(time.time() - v.created_at.timestamp()) < 120
    _frames_equal(store.load(engine, v.id), expected, kind)
    _frames_equal(result, expected, kind)


def test_whole_report_is_kept_with_the_version(engine, real_boundaries):
    out, result = store.import_file(engine, SMALL, "inventaris", year=2017, filename="klein.csv")
    rep = store.report(engine, out.version.id)["rapport"]
    assert rep["rows_rejected"] == 1 and rep["rejections"][0]["waarde"] == "Nergenshuizen"
    assert rep["rejections"][0]["reden"]
    assert rep == json.loads(json.dumps(result.report(), default=str))


def test_identical_file_is_not_stored_twice(engine, real_boundaries):
    first, _ = store.import_file(engine, SMALL, "inventaris", year=2017, filename="a.csv")
    again, _ = store.import_file(engine, SMALL, "inventaris", year=2017, filename="andere_naam.csv", publish=True)
    assert not again.created and again.version.id == first.version.id and again.published
    assert len(store.list_versions(engine)) == 1
    with engine.connect() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(version_rows)).scalar() == 4


def test_publish_and_roll_back_keep_every_version(engine, real_boundaries):
    v1, _ = store.import_file(engine, SMALL, "inventaris", year=2017, filename="v1.csv", publish=True)
    assert v1.published and v1.previous is None
    v2, _ = store.import_file(engine, DEMO_FILE, "inventaris", year=2017, publish=True, by="redacteur")
    assert store.published_id(engine, "inventaris") == v2.version.id and v2.previous == v1.version.id
    back, prev = store.publish_version(engine, v1.version.id, by="redacteur")  # roll back
    assert back.published and prev == v2.version.id
    assert store.published_id(engine, "inventaris") == v1.version.id
    assert [v.id for v in store.list_versions(engine, "inventaris")] == [v2.version.id, v1.version.id]
    assert [(p["version_id"], p["previous_version"]) for p in store.publication_log(engine)] == [
        (v1.version.id, None), (v2.version.id, v1.version.id), (v1.version.id, v2.version.id)]
    # datasets are independent: the inventory's marker does not publish a region set
    assert store.published_id(engine, "regio") is None
    with pytest.raises(store.NotFound, match="versie 999 bestaat niet"):
        store.publish_version(engine, 999)


def test_failure_half_way_leaves_no_partial_version(engine):
    """Rows are written batch by batch; a row that cannot be stored after the first batches rolls all back."""
    n = 2 * 2000 + 10
    rows = pd.DataFrame({"region_code": [f"R{i}" for i in range(n)], "thema": "ouderen", "aspect": "agenda",
                         "beoordelaar": "gemeente", "score": 7.0}).astype(object)
    rows.at[n - 1, "score"] = {7.0}  # not storable: fails in the last batch
    enc = Encoded(rows, {"bron": "x.csv", "rows_read": n, "rejections": []}, n, 0, 2020)
    with pytest.raises(TypeError):
        store.store_result(engine, "venster", enc, sha256="b" * 64, source="x.csv", publish=True)
    with engine.connect() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(versions)).scalar() == 0
        assert conn.execute(sa.select(sa.func.count()).select_from(version_rows)).scalar() == 0
    assert store.published_id(engine, "venster") is None
    rows.at[n - 1, "score"] = 7.5  # the same import, now storable, goes through whole
    out = store.store_result(engine, "venster", enc, sha256="b" * 64, source="x.csv")
    assert out.created and len(store.load(engine, out.version.id).accepted) == n


def test_nothing_accepted_is_not_stored(engine, real_boundaries):
    with pytest.raises(store.StoreError, match="geen enkele rij"):
        store.import_file(engine, csv_bytes([row("X", "Nergenshuizen")]), "inventaris", year=2017, filename="leeg.csv")
    assert store.list_versions(engine) == []


_PUBLISHER = """
import sys, time
from store import get_engine, publish_version
engine = get_engine(sys.argv[1])
version, start, rounds = int(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4])
time.sleep(max(0.0, start - time.time()))
for _ in range(rounds):
    publish_version(engine, version, by=f"proces-{version}")
print("ok")
"""


def test_two_processes_publishing_at_the_same_moment_leave_one_published_version(engine, store_url, real_boundaries):
    a, _ = store.import_file(engine, SMALL, "inventaris", year=2017, filename="a.csv")
    b, _ = store.import_file(engine, DEMO_FILE, "inventaris", year=2017)
    rounds, start = 25, time.time() + 4  # both processes are up (imports done) before the start signal
    procs = [subprocess.Popen([sys.executable, "-c", _PUBLISHER, store_url, str(v.version.id), str(start), str(rounds)],
                              cwd=REPO_ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for v in (a, b)]
    outs = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], [o[1][-2000:] for o in outs]
    log = store.publication_log(engine, "inventaris")
    assert len(log) == 2 * rounds
    published = store.published_id(engine, "inventaris")
    assert published in (a.version.id, b.version.id)
    # one marker, changed by one transaction at a time: each publication saw the one before it
    assert log[-1]["version_id"] == published
    assert [p["previous_version"] for p in log[1:]] == [p["version_id"] for p in log[:-1]]
    assert {p["published_by"] for p in log} == {f"proces-{a.version.id}", f"proces-{b.version.id}"}
    # the publications interleaved (they really ran at the same moment), at least once
    switches = sum(1 for x, y in zip(log, log[1:]) if x["version_id"] != y["version_id"])
    assert switches >= 1


def test_diff_added_removed_and_changed_fields(engine, real_boundaries):
    old = csv_bytes([row("P1", "Amsterdam", naam="Eerste"), row("P2", "Utrecht"), row("P3", "Leiden")])
    new = csv_bytes([row("P1", "Amsterdam", naam="Eerste (herzien)", fase="borgen"), row("P3", "Leiden"),
                     row("P9", "Delft", naam="Nieuw")])
    a, _ = store.import_file(engine, old, "inventaris", year=2017, filename="oud.csv")
    b, _ = store.import_file(engine, new, "inventaris", year=2017, filename="nieuw.csv")
    d = store.diff_results("inventaris", store.load(engine, a.version.id), store.load(engine, b.version.id))
    got = {(r.wijziging, r.sleutel, r.veld, r.oud, r.nieuw) for r in d.itertuples()}
    assert got == {("toegevoegd", "P9", "", "", ""), ("verwijderd", "P2", "", "", ""),
                   ("gewijzigd", "P1", "naam", "Eerste", "Eerste (herzien)"), ("gewijzigd", "P1", "fase", "opstart", "structureel")}
    assert store.diff_summary(d) == "1 toegevoegd, 1 verwijderd, 1 gewijzigd (2 velden)"
    assert store.diff_results("inventaris", store.load(engine, b.version.id), store.load(engine, b.version.id)).empty


@pytest.mark.parametrize("kind,src", [("inventaris", DEMO_FILE), ("regio", DEMO_REGION_SET), ("venster", DEMO_RATINGS)])
def test_export_reads_back_in_to_the_same_rows(engine, real_boundaries, tmp_path, kind, src):
    from export.tables import write_table

    out, _ = store.import_file(engine, src, kind, year=2017)
    original = store.load(engine, out.version.id)
    path = write_table(store.export_frame(kind, original), tmp_path / f"export_{kind}.csv")
    again, _ = store.import_file(engine, path, kind, year=2017)
    assert again.created and again.version.rows_rejected == 0
    d = store.diff_results(kind, original, store.load(engine, again.version.id))
    assert d.empty, d.head()


def test_unreachable_database_is_one_clear_error(tmp_path, store_url):
    if store_url.startswith("sqlite"):
        url = f"sqlite:///{tmp_path / 'geen_map' / 'bestand.sqlite'}"
        (tmp_path / "geen_map").write_text("a file where a directory should be")
    else:
        url = store_url.replace(store_url.split("@/")[1].split("?")[0], "bestaat_niet")
    with pytest.raises(store.StoreUnavailable, match=r"^database niet bereikbaar \(") as err:
        store.get_engine(url)
    assert "\n" not in str(err.value)


_IMPORTER = """
import sys, time
import datasets
from store import get_engine, import_file
engine = get_engine(sys.argv[1])
start = float(sys.argv[3])
time.sleep(max(0.0, start - time.time()))
out, _ = import_file(engine, sys.argv[2], "inventaris", year=2017)
print(out.version.id, out.created)
"""


def test_the_same_file_imported_by_two_processes_at_once_is_stored_once(engine, store_url, real_boundaries):
    from inventory.validate import validate_file as warm

    warm(DEMO_FILE, 2017)  # (the subprocesses warm their own caches before the start signal)
    start = time.time() + 8
    procs = [subprocess.Popen([sys.executable, "-c", _IMPORTER, store_url, str(DEMO_FILE), str(start)], cwd=REPO_ROOT,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    outs = [p.communicate(timeout=180) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], [o[1][-2000:] for o in outs]
    results = sorted(o[0].split() for o in outs)
    assert [r[0] for r in results] == [results[0][0]] * 2  # both name the same version
    assert sorted(r[1] for r in results) == ["False", "True"]  # one stored it, the other was told it exists
    assert len(store.list_versions(engine)) == 1

"""Which versions the public may see (published at some time), the database id, and an SQLite file
replaced under a running process (store level; SQLite and PostgreSQL as in tests/test_store.py)."""
from __future__ import annotations

import os

import pandas as pd
import sqlalchemy as sa

import store
from store.db import create_engine, current_revision, head_revision, migrate
from store.kinds import Encoded


def _ratings(engine, n: int, *, publish: bool = False) -> int:
    """A small ratings version (no boundary files needed); ``n`` makes it a distinct file."""
    rows = pd.DataFrame({"region_code": ["R1", "R2"], "thema": "ouderen", "aspect": "agenda", "beoordelaar": "gemeente",
                         "score": [float(n), 7.0]}).astype(object)
    enc = Encoded(rows, {"bron": f"v{n}.csv", "rows_read": 2, "rejections": []}, 2, 0, 2020)
    return store.store_result(engine, "venster", enc, sha256=f"{n:064d}", source=f"v{n}.csv", by="t",
                              publish=publish).version.id


def test_public_versions_are_those_published_at_some_time(engine):
    v1, v2, v3 = (_ratings(engine, n) for n in (1, 2, 3))
    assert store.public_ids(engine) == set() and not store.is_public(engine, v1)
    store.publish_version(engine, v1)
    store.publish_version(engine, v2)  # v1 stays public: a link in a report keeps working
    assert store.public_ids(engine) == store.public_ids(engine, "venster") == {v1, v2}
    assert store.public_ids(engine, "inventaris") == set()
    assert [store.is_public(engine, v) for v in (v1, v2, v3, 999)] == [True, True, False, False]
    state = store.public_state(engine, v3)
    assert state.published == {"inventaris": None, "regio": None, "venster": v2, "zorgkantoren": None} and not state.asked_public
    assert store.public_state(engine, v1).asked_public and not store.public_state(engine, 999).asked_public
    assert not store.public_state(engine).asked_public


def test_every_database_has_its_own_id(engine, tmp_path):
    first = store.public_state(engine).database_id
    assert len(first) == 32 and store.public_state(engine).database_id == first  # made once, with the schema
    other = store.get_engine(f"sqlite:///{tmp_path / 'ander.sqlite'}")
    assert store.public_state(other).database_id != first


def test_migration_0003_backfills_the_log_from_the_markers(store_url):
    """Markers set before the log existed (0002) count as published; markers already in the log get no second row."""
    eng = create_engine(store_url)
    migrate(eng, "0002")
    with eng.begin() as conn:
        for n, kind in ((1, "venster"), (2, "venster"), (3, "regio"), (4, "regio")):
            conn.execute(sa.text(
                "INSERT INTO versions (id, dataset, sha256, source, year, created_by, created_at, note, rows_read,"
                " rows_accepted, rows_rejected, report, meta) VALUES (:i, :k, :h, 'x.csv', 2020, 't', :t, '', 1, 1, 0, '{}', '{}')"),
                {"i": n, "k": kind, "h": str(n) * 64, "t": pd.Timestamp("2025-01-02T03:04:05Z").to_pydatetime()})
        when = pd.Timestamp("2025-02-03T04:05:06Z").to_pydatetime()
        # venster: marker on 2, set before 0002 (no log row); regio: marker on 4 with its log row (after 0002)
        conn.execute(sa.text("UPDATE datasets SET published_version = 2, published_at = :t, published_by = 'oud'"
                             " WHERE name = 'venster'"), {"t": when})
        conn.execute(sa.text("UPDATE datasets SET published_version = 4, published_at = :t, published_by = 'nieuw'"
                             " WHERE name = 'regio'"), {"t": when})
        conn.execute(sa.text("INSERT INTO publications (dataset, version_id, previous_version, published_by, published_at)"
                             " VALUES ('regio', 4, NULL, 'nieuw', :t)"), {"t": when})
    migrate(eng)
    assert current_revision(eng) == head_revision()
    log = {(p["dataset"], p["version_id"]): p for p in store.publication_log(eng)}
    assert sorted(log) == [("regio", 4), ("venster", 2)]
    assert log[("venster", 2)]["published_by"] == "oud" and log[("venster", 2)]["previous_version"] is None
    assert pd.Timestamp(log[("venster", 2)]["published_at"]).tz_localize(None) == pd.Timestamp(when).tz_localize(None)
    assert store.public_ids(eng) == {2, 4}
    eng.dispose()


def test_replaced_or_deleted_sqlite_file_is_read_anew(tmp_path):
    path, spare = tmp_path / "kaart.sqlite", tmp_path / "nieuw.sqlite"
    url = f"sqlite:///{path}"
    try:
        old = store.get_engine(url)
        first = [_ratings(old, n, publish=True) for n in (1, 2, 3)]
        old_id = store.public_state(old).database_id
        replacement = create_engine(f"sqlite:///{spare}")  # another database (e.g. a restored backup)
        migrate(replacement)
        _ratings(replacement, 9, publish=True)
        replacement.dispose()  # (its WAL written back into the file)
        os.replace(spare, path)
        engine = store.get_engine(url)
        assert [v.source for v in store.list_versions(engine)] == ["v9.csv"]
        assert store.published_id(engine, "venster") == 1 and store.public_state(engine).database_id != old_id
        assert store.get_engine(url) is engine  # unchanged file: the same engine
        path.unlink()  # deleted: a new, empty store (not the deleted file's versions)
        engine = store.get_engine(url)
        assert store.list_versions(engine) == [] and path.exists() and first
        assert _ratings(engine, 5) == 1
    finally:
        store.dispose_all()

"""The SQLite store is private to its owner: the file (and SQLite's -wal/-shm beside it) 0600, a
directory the app makes for it 0700, whatever the process umask would have given."""
from __future__ import annotations

import os
import stat

import pytest
import sqlalchemy as sa

import store
from store.db import create_engine, writing


@pytest.fixture()
def open_umask():
    """The common default umask (022: files 0644, world-readable), restored afterwards."""
    old = os.umask(0o022)
    yield
    os.umask(old)


def _mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_new_database_file_and_its_directories_are_owner_only(tmp_path, open_umask):
    db = tmp_path / "nieuw" / "dieper" / "kaart.sqlite"
    url = f"sqlite:///{db}"
    engine = store.get_engine(url)  # creates and migrates the schema: WAL mode, a write
    try:
        with writing(engine) as conn:
            conn.execute(sa.text("CREATE TABLE IF NOT EXISTS probe (x INTEGER)"))
        with engine.connect() as conn:  # an open connection keeps -wal and -shm on disk
            conn.execute(sa.text("SELECT 1"))
            files = {p.name: _mode(p) for p in db.parent.iterdir()}
            assert files == {"kaart.sqlite": 0o600, "kaart.sqlite-wal": 0o600, "kaart.sqlite-shm": 0o600}
        assert (_mode(db.parent), _mode(db.parent.parent)) == (0o700, 0o700)
    finally:
        store.dispose_all()


def test_existing_directory_and_file_keep_their_mode(tmp_path, open_umask):
    tmp_path.chmod(0o750)
    db = tmp_path / "kaart.sqlite"
    create_engine(f"sqlite:///{db}").dispose()
    assert (_mode(tmp_path), _mode(db)) == (0o750, 0o600)
    db.chmod(0o640)  # a deployment's own choice (e.g. a backup group) is not undone
    engine = create_engine(f"sqlite:///{db}")
    with engine.connect() as conn:
        conn.execute(sa.text("SELECT 1"))
    engine.dispose()
    assert _mode(db) == 0o640


"""The database: which one, how to connect, schema migrations on first connect, write transactions.

``SAMENWERKINGSKAART_DATABASE_URL`` names it (``postgresql+psycopg://user:pw@host/db`` when several
app replicas share it); unset, an SQLite file under ``data/store/`` (never committed).
"""
from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine

ENV_VAR = "SAMENWERKINGSKAART_DATABASE_URL"
REPO_ROOT = Path(__file__).resolve().parents[1]  # (not geo.config's: the store sits below every domain package)
DEFAULT_FILE = REPO_ROOT / "data" / "store" / "samenwerkingskaart.sqlite"
MIGRATIONS = Path(__file__).resolve().parent / "migrations"
_MIGRATION_LOCK = 4_711_011  # pg_advisory_xact_lock key: one migrating process at a time

_engines: dict[str, Engine] = {}
_migrated: set[str] = set()
# per SQLite URL: its path and the (device, inode) of the file, -wal and -shm its engine has open
_files: dict[str, tuple[str, dict[str, tuple[int, int] | None]]] = {}
_lock = threading.Lock()


class StoreError(Exception):
    """A store operation that cannot be done; the message is Dutch and one line."""


class StoreUnavailable(StoreError):
    """The database cannot be reached (or opened)."""


def database_url(url: str | None = None) -> str:
    """The URL in force: the argument, else the environment variable, else the SQLite file."""
    url = url or os.environ.get(ENV_VAR, "").strip()
    if url:
        return url
    return f"sqlite:///{DEFAULT_FILE}"


def describe(engine_or_url: Engine | str) -> str:
    """The URL without its password, for messages."""
    url = engine_or_url.url if isinstance(engine_or_url, Engine) else sa.engine.make_url(engine_or_url)
    return url.render_as_string(hide_password=True)


def unavailable(exc: BaseException, engine_or_url: Engine | str) -> StoreUnavailable:
    """A one-line Dutch error for a database that cannot be reached."""
    detail = str(getattr(exc, "orig", None) or exc).strip().splitlines()
    return StoreUnavailable(f"database niet bereikbaar ({describe(engine_or_url)}): {detail[0] if detail else type(exc).__name__}")


def create_engine(url: str | None = None) -> Engine:
    """A new engine for ``url`` (see :func:`database_url`); SQLite gets WAL and write locks up front."""
    url = database_url(url)
    parsed = sa.engine.make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            try:
                _private_file(Path(parsed.database))
            except OSError as exc:
                raise unavailable(exc, url) from exc
        engine = sa.create_engine(url, connect_args={"timeout": 30})
        _sqlite_transactions(engine)
    elif parsed.get_backend_name() == "postgresql":
        engine = sa.create_engine(url, pool_pre_ping=True, connect_args={"connect_timeout": 5})
    else:
        raise StoreError(f"database {parsed.get_backend_name()!r} wordt niet ondersteund: gebruik sqlite:/// of postgresql+psycopg://")
    return engine


def _private_file(path: Path) -> None:
    """Make the SQLite file readable by its owner only (0600), and any directory on the way 0700,
    before SQLite creates it with the process umask (often world-readable: the store holds who
    published what, and later personal data). SQLite gives its ``-wal`` and ``-shm`` files the
    database file's mode. An existing file or directory keeps its mode (a deployment's choice)."""
    missing = [d for d in (path.parent, *path.parent.parents) if not d.exists()]
    for directory in reversed(missing):
        directory.mkdir(mode=0o700, exist_ok=True)
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))  # an empty file is a new database
    except FileExistsError:
        pass


def _sqlite_transactions(engine: Engine) -> None:
    """Let SQLAlchemy, not the sqlite3 module, start transactions: reads ``BEGIN`` (WAL: they never
    wait for a writer), writes ``BEGIN IMMEDIATE`` (the write lock is taken first, so two writers
    queue up instead of one failing with 'database is locked' when it upgrades its lock)."""

    @event.listens_for(engine, "connect")
    def _connect(dbapi_conn, _record):
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA busy_timeout=30000")
        cur.close()

    @event.listens_for(engine, "begin")
    def _begin(conn):
        conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.info.pop("write", False) else "BEGIN")


_SIDE_FILES = ("", "-wal", "-shm")  # an SQLite database in WAL mode is these three files


def _sqlite_path(url: str) -> str | None:
    parsed = sa.engine.make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database or parsed.database == ":memory:":
        return None
    return parsed.database


def _identity(path: str) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_dev, st.st_ino


def _replaced(url: str) -> bool:
    """True when the SQLite file the shared engine opened was replaced or deleted since; else the
    identities of its ``-wal``/``-shm`` files are brought up to date (a few stat calls)."""
    path, seen = _files[url]
    now = {suffix: _identity(path + suffix) for suffix in _SIDE_FILES}
    if now[""] != seen[""]:
        return True
    _files[url] = (path, now)
    return False


def _drop_side_files(url: str) -> None:
    """SQLite leaves a file's -wal/-shm behind when the file was renamed over or unlinked while open,
    and the next connection would read the old pages from that -wal as if they were the new file's:
    remove them, but only while they are still the very files this process had open."""
    path, seen = _files.pop(url)
    for suffix in ("-wal", "-shm"):
        if seen[suffix] is not None and _identity(path + suffix) == seen[suffix]:
            try:
                os.unlink(path + suffix)
            except OSError:
                pass


def get_engine(url: str | None = None) -> Engine:
    """The shared engine for ``url``, its schema migrated to the newest revision on first use.

    An SQLite file that was replaced or deleted since its engine opened it gets a new engine (the old
    one's connections keep the old file open and would go on reading it). Raises StoreUnavailable
    when the database cannot be reached.
    """
    url = database_url(url)
    with _lock:
        engine = _engines.get(url)
        if engine is not None and url in _files and _replaced(url):
            engine.dispose()  # (connections in use finish on the old file, then close)
            _drop_side_files(url)
            engine = None
            _migrated.discard(url)
        if engine is None:
            engine = _engines[url] = create_engine(url)
            _files.pop(url, None)
    if url not in _migrated:
        migrate(engine)
        _migrated.add(url)
        path = _sqlite_path(url)
        if path:  # the file exists now (migrate connected)
            with _lock:
                if _engines.get(url) is engine and url not in _files:
                    _files[url] = (path, {suffix: _identity(path + suffix) for suffix in _SIDE_FILES})
    return engine


def dispose_all() -> None:
    """Close every shared engine (tests, and processes that fork)."""
    with _lock:
        for engine in _engines.values():
            engine.dispose()
        _engines.clear()
        _migrated.clear()
        _files.clear()


@contextmanager
def writing(engine: Engine) -> Iterator[Connection]:
    """One write transaction: committed when the block ends, rolled back on any error."""
    try:
        with engine.connect() as conn:
            conn.info["write"] = True  # SQLite: BEGIN IMMEDIATE (see _sqlite_transactions)
            with conn.begin():
                yield conn
    except sa.exc.OperationalError as exc:
        raise _operational(exc, engine) from exc


@contextmanager
def reading(engine: Engine) -> Iterator[Connection]:
    """One read transaction (a consistent snapshot on PostgreSQL and on SQLite in WAL mode)."""
    try:
        with engine.connect() as conn, conn.begin():
            yield conn
    except sa.exc.OperationalError as exc:
        raise _operational(exc, engine) from exc


def _operational(exc: sa.exc.OperationalError, engine: Engine) -> StoreError:
    """Unreachable -> StoreUnavailable; anything else the server refused (locked, out of space) -> StoreError."""
    if _is_connect_error(exc):
        return unavailable(exc, engine)
    detail = str(exc.orig or exc).strip().splitlines()
    return StoreError(f"databasefout ({describe(engine)}): {detail[0] if detail else type(exc).__name__}")


def _is_connect_error(exc: sa.exc.DBAPIError) -> bool:
    """True for failures to reach or open the database (not for errors in a statement)."""
    if exc.connection_invalidated:
        return True
    text = str(exc.orig).lower()
    return any(s in text for s in ("connection", "could not connect", "unable to open", "server closed",
                                   "timeout expired", "no such host", "name or service", "terminating"))


def _alembic_config(connection: Connection | None = None):
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(_alembic_config()).get_current_head()


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with reading(engine) as conn:
        return MigrationContext.configure(conn).get_current_revision()


def migrate(engine: Engine, revision: str = "head") -> None:
    """Upgrade the schema to ``revision`` (Alembic), in one transaction, one process at a time.

    Cheap when nothing is to do: the revision is compared before any lock is taken.
    """
    from alembic import command

    try:
        if revision == "head" and current_revision(engine) == head_revision():
            return
        with writing(engine) as conn:
            if conn.dialect.name == "postgresql":
                conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_MIGRATION_LOCK})")
            command.upgrade(_alembic_config(conn), revision)
    except sa.exc.OperationalError as exc:
        raise _operational(exc, engine) from exc

"""Versions of a dataset, never overwritten, and the published marker of each dataset.

>>> engine = get_engine("sqlite:///:memory:")                                      # doctest: +SKIP
>>> out = import_file(engine, "inventaris.csv", "inventaris", year=2017, publish=True)  # doctest: +SKIP
>>> load(engine, published_id(engine, "inventaris")).accepted                     # doctest: +SKIP
"""
from __future__ import annotations

import getpass
import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from weakref import WeakKeyDictionary

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from store.db import StoreError, reading, writing
from store.kinds import Encoded, check_kind, get_kind, registered_kinds, to_json
from store.schema import datasets, publications, store_info, version_rows, versions
from tabular.text import one_line

BATCH = 2000  # rows per INSERT batch
MAX_NOTE_CHARS = 500  # a version's note, as the Beheer field and ``store import --note`` take it


class NotFound(StoreError):
    """No version with that number (of that kind)."""


@dataclass(frozen=True)
class Version:
    """One stored version's metadata (its rows are read with :func:`load`)."""

    id: int
    kind: str
    sha256: str
    source: str
    year: int | None
    created_by: str
    created_at: datetime
    note: str
    rows_read: int
    rows_accepted: int
    rows_rejected: int
    published: bool = False

    @property
    def label(self) -> str:
        """'versie 3 (12-05-2026, inventaris.csv)': how the app and CLI name a version."""
        return f"versie {self.id} ({self.created_at:%d-%m-%Y}, {self.source})"


@dataclass(frozen=True)
class ImportOutcome:
    version: Version
    created: bool  # False: a version with the same file (SHA-256) existed; nothing was stored
    published: bool  # the version is the published one after the call
    previous: int | None = None  # the version published before this call published (itself: it already was)


def user() -> str:
    """Who is importing or publishing from the command line."""
    try:
        return getpass.getuser()
    except Exception:  # no login name (containers): say so rather than guess
        return "onbekend"


def _now() -> datetime:
    return datetime.now(UTC)


def _version(row, published_id: int | None = None) -> Version:
    created = row.created_at if row.created_at.tzinfo else row.created_at.replace(tzinfo=UTC)
    return Version(row.id, row.dataset, row.sha256, row.source, row.year, row.created_by, created, row.note,
                   row.rows_read, row.rows_accepted, row.rows_rejected, published_id == row.id)


_META = [versions.c[c] for c in ("id", "dataset", "sha256", "source", "year", "created_by", "created_at", "note",
                                 "rows_read", "rows_accepted", "rows_rejected")]


def _published_map(conn: Connection) -> dict[str, int | None]:
    return dict(conn.execute(sa.select(datasets.c.name, datasets.c.published_version)).all())


def store_result(engine: Engine, kind: str, encoded: Encoded, *, sha256: str, source: str, by: str | None = None,
                 note: str = "", publish: bool = False) -> ImportOutcome:
    """Store a validated result as a new version (one transaction: all rows or nothing).

    A version of ``kind`` with the same ``sha256`` already stored: nothing new is stored and the
    outcome says which version it is (``created`` False); ``publish`` then publishes that one.
    """
    check_kind(kind)
    # names and notes are printed by ``store list/show``: no terminal control characters stored
    by, source, note = one_line(by or user())[:320], one_line(source)[:500], one_line(note)[:MAX_NOTE_CHARS]
    if not len(encoded.rows):
        raise StoreError("geen enkele rij geaccepteerd: niets opgeslagen")
    ensure_datasets(engine)
    existing = find_by_hash(engine, kind, sha256)
    if existing is None:
        try:
            with writing(engine) as conn:
                existing = _find_by_hash(conn, kind, sha256)  # another process may have been first
                if existing is None:
                    vid = conn.execute(versions.insert().values(
                        dataset=kind, sha256=sha256, source=source, year=encoded.year, created_by=by,
                        created_at=_now(), note=note, rows_read=encoded.rows_read, rows_accepted=len(encoded.rows),
                        rows_rejected=encoded.rows_rejected, report=to_json(encoded.report), meta=to_json(encoded.meta),
                    ).returning(versions.c.id)).scalar_one()
                    records = encoded.rows.to_dict("records")
                    for start in range(0, len(records), BATCH):  # encoded batch by batch: a failure half way rolls back
                        conn.execute(version_rows.insert(), [
                            {"version_id": vid, "pos": start + i, "data": to_json(rec)}
                            for i, rec in enumerate(records[start:start + BATCH])])
                    prev = _publish(conn, kind, vid, by) if publish else None
                    v = _get(conn, vid)
                    return ImportOutcome(v, True, publish, prev)
        except sa.exc.IntegrityError:  # the same file stored at the same moment by someone else
            existing = find_by_hash(engine, kind, sha256)
            if existing is None:
                raise
    prev = existing.id if existing.published else None  # previous == itself: it was published already
    if publish and not existing.published:
        prev = publish_version(engine, existing.id, by)[1]
        existing = get_version(engine, existing.id)
    return ImportOutcome(existing, False, existing.published, prev)


class Context:
    """What a kind may read from the store while it validates a file: the published version of another
    dataset (ratings are checked against the published region set). What a kind notes in ``meta`` is
    stored with the version (``regio_versie``: the region set version ratings were checked against).
    Without an engine nothing is published."""

    def __init__(self, engine: Engine | None = None):
        self.engine = engine
        self.meta: dict = {}

    def published(self, kind: str) -> tuple[int | None, object | None]:
        """The published version of ``kind``: (its id, its result as the validator produced it), or (None, None)."""
        vid = published_id(self.engine, kind) if self.engine is not None else None
        return vid, (load(self.engine, vid) if vid is not None else None)


def validate(engine: Engine | None, kind: str, data: bytes, filename: str, year: int) -> tuple[object, dict]:
    """Validate a file as ``kind`` (nothing is stored): the validation result and the metadata to store
    with it. Raises ReadError/BoundaryError for an unusable file."""
    context = Context(engine)
    return get_kind(kind).validate(data, filename, year, context), context.meta


def encode(kind: str, result, year: int | None, meta: dict | None = None) -> Encoded:
    """Rows and report of a validation result of ``kind`` (and the metadata :func:`validate` gave)."""
    encoded = get_kind(kind).encode(result, year)
    encoded.meta.update(meta or {})
    return encoded


def import_file(engine: Engine, path_or_bytes, kind: str, *, year: int = 2017, filename: str | None = None,
                by: str | None = None, note: str = "", publish: bool = False) -> tuple[ImportOutcome, object]:
    """Validate a file as ``kind`` and store it as a new version; returns the outcome and the
    validation result (a kind may check it against another published dataset: see :class:`Context`).

    Raises ReadError/BoundaryError for an unusable file, StoreError when nothing can be stored.
    """
    check_kind(kind)
    if isinstance(path_or_bytes, bytes):
        data, filename = path_or_bytes, filename or "upload"
    else:
        data, filename = Path(path_or_bytes).read_bytes(), filename or Path(path_or_bytes).name
    result, meta = validate(engine, kind, data, filename, year)
    outcome = store_result(engine, kind, encode(kind, result, year, meta), sha256=hashlib.sha256(data).hexdigest(),
                           source=filename, by=by, note=note, publish=publish)
    return outcome, result


#: per engine: the kinds whose ``datasets`` row is known to exist
_ensured: WeakKeyDictionary[Engine, set[str]] = WeakKeyDictionary()


def ensure_datasets(engine: Engine) -> None:
    """Give every registered kind its ``datasets`` row (versions and publications refer to it), once per
    engine: migration 0001 seeded the first three; a kind registered later gets its row here, with no
    migration. Safe when several processes do it at once (an existing row is left alone)."""
    missing = [name for name in registered_kinds() if name not in _ensured.get(engine, ())]
    if not missing:
        return
    with writing(engine) as conn:
        if conn.dialect.name == "postgresql":
            from sqlalchemy.dialects.postgresql import insert
        else:
            from sqlalchemy.dialects.sqlite import insert
        conn.execute(insert(datasets).on_conflict_do_nothing(index_elements=["name"]), [{"name": n} for n in missing])
    _ensured.setdefault(engine, set()).update(missing)


def _find_by_hash(conn: Connection, kind: str, sha256: str) -> Version | None:
    row = conn.execute(sa.select(*_META).where(versions.c.dataset == kind, versions.c.sha256 == sha256)).first()
    return _version(row, _published_map(conn).get(kind)) if row else None


def find_by_hash(engine: Engine, kind: str, sha256: str) -> Version | None:
    with reading(engine) as conn:
        return _find_by_hash(conn, kind, sha256)


def _get(conn: Connection, vid: int) -> Version:
    row = conn.execute(sa.select(*_META).where(versions.c.id == vid)).first()
    if row is None:
        raise NotFound(f"versie {vid} bestaat niet")
    return _version(row, _published_map(conn).get(row.dataset))


def get_version(engine: Engine, vid: int) -> Version:
    with reading(engine) as conn:
        return _get(conn, vid)


def list_versions(engine: Engine, kind: str | None = None) -> list[Version]:
    """Every version (of ``kind``), newest first."""
    q = sa.select(*_META).order_by(versions.c.id.desc())
    if kind:
        q = q.where(versions.c.dataset == check_kind(kind))
    with reading(engine) as conn:
        pub = _published_map(conn)
        return [_version(r, pub.get(r.dataset)) for r in conn.execute(q)]


def published_id(engine: Engine, kind: str) -> int | None:
    """The published version of ``kind`` (one small query: cheap on every rerun)."""
    with reading(engine) as conn:
        return conn.execute(sa.select(datasets.c.published_version).where(datasets.c.name == check_kind(kind))).scalar()


def published_ids(engine: Engine) -> dict[str, int | None]:
    """The published version of every dataset, in one query."""
    with reading(engine) as conn:
        pub = _published_map(conn)
    return {k: pub.get(k) for k in registered_kinds()}


def _ever_published(conn: Connection, kind: str | None = None, vid: int | None = None) -> set[int]:
    # The log holds every publication since 0002 (0003 backfilled the markers set before it); the
    # markers are read as well, so a marker can never be a draft to the public.
    logged = sa.select(publications.c.version_id)
    marked = sa.select(datasets.c.published_version.label("version_id")).where(datasets.c.published_version.is_not(None))
    if kind is not None:
        logged = logged.where(publications.c.dataset == check_kind(kind))
        marked = marked.where(datasets.c.name == kind)
    if vid is not None:
        logged = logged.where(publications.c.version_id == vid)
        marked = marked.where(datasets.c.published_version == vid)
    return set(conn.execute(sa.union(logged, marked)).scalars())


def public_ids(engine: Engine, kind: str | None = None) -> set[int]:
    """Every version (of ``kind``) that was published at some time: the versions anyone may see. A
    version never published is a draft, for editors only."""
    with reading(engine) as conn:
        return _ever_published(conn, kind)


def is_public(engine: Engine, vid: int) -> bool:
    """Version ``vid`` was published at some time (False for drafts and for numbers that do not exist)."""
    with reading(engine) as conn:
        return bool(_ever_published(conn, vid=vid))


@dataclass(frozen=True)
class PublicState:
    """What the app needs on every rerun, read in one transaction."""

    database_id: str  # random, made with the schema: a replaced or recreated database has another one
    published: dict[str, int | None]  # the published version of each dataset
    asked_public: bool = False  # the version asked for was published at some time


def public_state(engine: Engine, asked: int | None = None) -> PublicState:
    """The database's id, the published markers and whether version ``asked`` is public (one snapshot)."""
    with reading(engine) as conn:
        db_id = conn.execute(sa.select(store_info.c.value).where(store_info.c.key == "database_id")).scalar()
        pub = _published_map(conn)
        public = asked is not None and bool(_ever_published(conn, vid=asked))
    return PublicState(str(db_id), {k: pub.get(k) for k in registered_kinds()}, public)


def _publish(conn: Connection, kind: str, vid: int, by: str) -> int | None:
    # The UPDATE comes first: it locks the dataset's row, so concurrent publications queue up and the
    # log's order is the order in which the marker changed.
    prev = conn.execute(sa.select(datasets.c.published_version).where(datasets.c.name == kind)).scalar()
    now = _now()
    conn.execute(datasets.update().where(datasets.c.name == kind)
                 .values(published_version=vid, published_at=now, published_by=by[:320]))
    conn.execute(publications.insert().values(dataset=kind, version_id=vid, previous_version=prev,
                                              published_by=by[:320], published_at=now))
    return prev


def publish_version(engine: Engine, vid: int, by: str | None = None) -> tuple[Version, int | None]:
    """Point the dataset's published marker at version ``vid`` (rolling back = publishing an older
    one), in one transaction. Returns the version and the one published before."""
    with writing(engine) as conn:
        row = conn.execute(sa.select(versions.c.dataset).where(versions.c.id == vid)).first()
        if row is None:
            raise NotFound(f"versie {vid} bestaat niet")
        if conn.dialect.name == "postgresql":  # the marker row is read and then changed: lock it first
            conn.execute(sa.select(datasets.c.name).where(datasets.c.name == row.dataset).with_for_update())
        prev = _publish(conn, row.dataset, vid, by or user())
        return _get(conn, vid), prev


def publication_log(engine: Engine, kind: str | None = None) -> list[dict]:
    """Every publication, oldest first: dataset, version_id, previous_version, published_by, published_at."""
    q = sa.select(publications).order_by(publications.c.id)
    if kind:
        q = q.where(publications.c.dataset == check_kind(kind))
    with reading(engine) as conn:
        return [dict(r._mapping) for r in conn.execute(q)]


def load(engine: Engine, vid: int):
    """Version ``vid`` as its kind's validator produced it (ValidationResult, RegionSet, Ratings, ...)."""
    with reading(engine) as conn:
        row = conn.execute(sa.select(versions.c.dataset, versions.c.report).where(versions.c.id == vid)).first()
        if row is None:
            raise NotFound(f"versie {vid} bestaat niet")
        data = conn.execute(sa.select(version_rows.c.data).where(version_rows.c.version_id == vid)
                            .order_by(version_rows.c.pos)).scalars().all()
    loads = json.loads
    return get_kind(row.dataset).decode([loads(d) for d in data], loads(row.report))


def meta(engine: Engine, vid: int) -> dict:
    """Version ``vid``'s metadata, e.g. ``regio_versie``: the region set version ratings were checked against."""
    with reading(engine) as conn:
        value = conn.execute(sa.select(versions.c.meta).where(versions.c.id == vid)).scalar()
    if value is None:
        raise NotFound(f"versie {vid} bestaat niet")
    return json.loads(value)


def report(engine: Engine, vid: int) -> dict:
    """The whole validation report of version ``vid`` and its metadata (JSON as stored)."""
    with reading(engine) as conn:
        row = conn.execute(sa.select(versions.c.report, versions.c.meta).where(versions.c.id == vid)).first()
    if row is None:
        raise NotFound(f"versie {vid} bestaat niet")
    return {"rapport": json.loads(row.report), "meta": json.loads(row.meta)}

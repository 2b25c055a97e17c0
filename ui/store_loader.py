"""The one way the app reads the store: the published version of each dataset (or a version a
``?versie=N`` link names, when that version was published at some time; drafts only for editors),
cached per database and version id; the last versions read stay in use, with a Dutch message, while
the database is briefly away."""
from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from dataclasses import dataclass, field, replace

import streamlit as st

import datasets  # noqa: F401 (registers the dataset kinds before the store is read)
import store
from ui.beheer_page import current_editor
from ui.regions import RegionContext, demo_regions


@dataclass(frozen=True)
class Loaded:
    """One stored version and its rows as the validator produced them (source = the version's label)."""

    version: store.Version
    result: object  # as the kind's validator produced it: ValidationResult (inventaris), RegionSet (regio), ...
    meta: dict = field(default_factory=dict)  # e.g. regio_versie: the region set ratings were checked against
    database_id: str = ""  # the database it was read from

    @property
    def key(self) -> str:
        """Identifies the version for the app's caches (ids are never reused within one database; a replaced
        database file starts again at 1, hence its id in the key)."""
        return f"versie-{self.version.id}-{self.version.sha256[:12]}-{self.database_id[:8]}"


@dataclass(frozen=True)
class Published:
    """What the app shows from the store: per registered kind the version in force, None when nothing of
    it is published."""

    datasets: dict[str, Loaded | None] = field(default_factory=dict)
    message: str | None = None  # Dutch, for the reader: database away, unknown version

    @property
    def inventory(self) -> Loaded | None:
        return self.datasets.get("inventaris")

    @property
    def regions(self) -> Loaded | None:
        return self.datasets.get("regio")

    @property
    def ratings(self) -> Loaded | None:
        return self.datasets.get("venster")

    @property
    def zorgkantoren(self) -> Loaded | None:
        return self.datasets.get("zorgkantoren")


#: the one answer for a version that does not exist and for a draft asked by a visitor: it must not
#: tell the two apart (version numbers are sequential, so drafts could be enumerated)
NOT_AVAILABLE = "Versie {} is niet beschikbaar; u ziet de gepubliceerde gegevens."
DRAFT_PREVIEW = ("Voorbeeld voor redacteuren: versie {} is niet gepubliceerd. Bezoekers zien met deze link "
                 "de gepubliceerde gegevens.")
LAST_MAX = 8  # reads kept for when the database is away: the published view and a few public ?versie= links

_log = logging.getLogger(__name__)
# (url, database id, ?versie) -> the last complete read; only public views (never a draft preview),
# only for versions that exist, least recently used dropped first
_last: OrderedDict[tuple[str, str, int | None], Published] = OrderedDict()
_database: dict[str, str] = {}  # per url: the id of the database read last (it changes when the file is replaced)
_last_lock = threading.Lock()


@st.cache_data(max_entries=16, show_spinner="Gepubliceerde gegevens laden…")
def cached_version(url: str, database_id: str, version_id: int) -> Loaded:
    """Version ``version_id`` of database ``database_id`` (immutable, so both ids are the whole cache key;
    the database id makes a replaced or recreated database at the same URL a new key)."""
    engine = store.get_engine(url)
    version = store.get_version(engine, version_id)
    result = store.load(engine, version_id)
    if version.kind in ("inventaris", "zorgkantoren"):  # the source line names the version, its date and its file
        result = replace(result, source=version.label)
    return Loaded(version, result, store.meta(engine, version_id), database_id)


def may_see_drafts() -> bool:
    """Only a logged-in editor sees versions that were never published (outside Beheer: by ``?versie=``)."""
    return current_editor() is not None


def read_published(url: str | None = None, versie: int | None = None, *, drafts: bool | None = None) -> Published:
    """The published version of every dataset (inventory, region set, ratings, zorgkantoor table);
    ``versie`` replaces the published version of its own dataset (a link in a report keeps showing what
    it showed) when it was published at some time, or when ``drafts`` (default: the user is a logged-in
    editor)."""
    url = store.database_url(url)
    try:
        engine = store.get_engine(url)
        state = store.public_state(engine, versie)  # one small query per rerun
        ids, message, kept, keep = dict(state.published), None, versie, True
        if versie is not None:
            wanted = None
            if state.asked_public or (drafts if drafts is not None else may_see_drafts()):
                try:
                    wanted = cached_version(url, state.database_id, versie)
                except store.NotFound:
                    pass
            if wanted is None:  # unknown, or a draft and not an editor: the same answer (kept as the published view)
                message, kept = NOT_AVAILABLE.format(versie), None
            else:
                ids[wanted.version.kind] = versie
                if not state.asked_public:
                    message, keep = DRAFT_PREVIEW.format(versie), False  # a draft preview is never kept
        loaded = {kind: cached_version(url, state.database_id, vid) if vid is not None else None
                  for kind, vid in ids.items()}
    except store.StoreUnavailable as exc:
        _log.warning("%s", exc)  # the details (host, error) for the operator, not for the public page
        last = _last_read(url, versie)
        if last is not None:
            shown = f" ({last.inventory.version.label})" if last.inventory else ""
            return replace(last, message=f"De database is even niet bereikbaar; u ziet de laatst gelezen versie{shown}.")
        return Published(message="De gepubliceerde gegevens zijn nu niet bereikbaar; probeer het later opnieuw.")
    out = Published(loaded, message)
    if keep:
        _keep(url, state.database_id, kept, out)
    return out


def _keep(url: str, database_id: str, versie: int | None, out: Published) -> None:
    with _last_lock:
        if _database.get(url) != database_id:  # another database at this URL: what was read from the old one goes
            for key in [k for k in _last if k[0] == url]:
                del _last[key]
            _database[url] = database_id
        _last[(url, database_id, versie)] = out
        _last.move_to_end((url, database_id, versie))
        while len(_last) > LAST_MAX:
            _last.popitem(last=False)


def _last_read(url: str, versie: int | None) -> Published | None:
    """The last read of ``?versie`` (else of the published view) from the database read last at ``url``."""
    with _last_lock:
        database_id = _database.get(url)
        for key in ((url, database_id, versie), (url, database_id, None)):
            if key in _last:
                _last.move_to_end(key)
                return _last[key]
    return None


def published_regions(pub: Published, year: int) -> RegionContext | None:
    """The published region set (of the inventory's year) with the ratings checked against it; None
    when nothing fits (the app then uses the demo set, or none)."""
    ratings = pub.ratings
    if pub.regions is not None and pub.regions.version.year == year:
        fits = ratings is not None and ratings.meta.get("regio_versie") == pub.regions.version.id
        return RegionContext(pub.regions.key, pub.regions.result, ratings.result if fits else None, False, False)
    if pub.regions is None and ratings is not None and ratings.meta.get("regio_versie") is None and year == 2017:
        ctx = demo_regions(year)  # ratings published against the demo set
        return replace(ctx, key=f"{ctx.key}-{ratings.key}", ratings=ratings.result, demo_ratings=False)
    return None


def choose_stored_inventory(current_key: str) -> tuple[str, object, bool] | None:
    """A select box of the stored inventory versions (other than the one in use) to compare with:
    those published at some time, and drafts for a logged-in editor. The chosen version as (key,
    result, is_demo), or None (nothing stored, none chosen, database away)."""
    url = store.database_url()
    try:
        engine = store.get_engine(url)
        state = store.public_state(engine)
        versions = store.list_versions(engine, "inventaris")
        if not may_see_drafts():
            public = store.public_ids(engine, "inventaris")
            versions = [v for v in versions if v.id in public]
    except store.StoreUnavailable:
        return None
    versions = [v for v in versions if not current_key.startswith(f"versie-{v.id}-")]
    if not versions:
        return None
    labels = {v.id: v.label for v in versions}  # fixed text: a label that changes between reruns drops the choice
    chosen = st.selectbox("Vergelijk met een opgeslagen versie", [None, *labels], key="compare_version",
                          format_func=lambda i: "— geen: een bestand of de demo —" if i is None else labels.get(i, "?"))
    if chosen not in labels:
        return None
    loaded = cached_version(url, state.database_id, chosen)
    return loaded.key, loaded.result, False

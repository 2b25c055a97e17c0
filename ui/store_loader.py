"""The one way the app reads the store: the published version of each dataset (or the versions a
``?versie=N`` link names), cached per version id; the last versions read stay in use, with a Dutch
message, while the database is briefly away."""
from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field, replace

import streamlit as st

import store
from ui.regions import RegionContext, demo_regions


@dataclass(frozen=True)
class Loaded:
    """One stored version and its rows as the validator produced them (source = the version's label)."""

    version: store.Version
    result: object  # ValidationResult (inventaris), RegionSet (regio), Ratings (venster)
    meta: dict = field(default_factory=dict)  # e.g. regio_versie: the region set ratings were checked against

    @property
    def key(self) -> str:
        """Identifies the version for the app's caches (version ids are never reused)."""
        return f"versie-{self.version.id}-{self.version.sha256[:12]}"


@dataclass(frozen=True)
class Published:
    """What the app shows from the store; a dataset is None when nothing of it is published."""

    inventory: Loaded | None = None
    regions: Loaded | None = None
    ratings: Loaded | None = None
    message: str | None = None  # Dutch, for the reader: database away, unknown version


_log = logging.getLogger(__name__)
_last: dict[tuple[str, int | None], Published] = {}  # per database and ?versie: the last complete read
_last_lock = threading.Lock()


@st.cache_data(max_entries=16, show_spinner="Gepubliceerde gegevens laden…")
def cached_version(url: str, version_id: int) -> Loaded:
    """Version ``version_id`` (immutable, so the id is the whole cache key)."""
    engine = store.get_engine(url)
    version = store.get_version(engine, version_id)
    result = store.load(engine, version_id)
    if version.kind == "inventaris":  # the source line names the version, its date and its file
        result = replace(result, source=version.label)
    return Loaded(version, result, store.meta(engine, version_id))


def read_published(url: str | None = None, versie: int | None = None) -> Published:
    """The published inventory, region set and ratings; ``versie`` replaces the published version of
    its own dataset (a link in a report keeps showing what it showed)."""
    url = store.database_url(url)
    try:
        ids = store.published_ids(store.get_engine(url))  # one small query per rerun
        message = None
        if versie is not None:
            try:
                wanted = cached_version(url, versie)
            except store.NotFound:
                message = f"Versie {versie} bestaat niet; u ziet de gepubliceerde gegevens."
            else:
                ids[wanted.version.kind] = versie
        loaded = {kind: cached_version(url, vid) if vid is not None else None for kind, vid in ids.items()}
    except store.StoreUnavailable as exc:
        _log.warning("%s", exc)  # the details (host, error) for the operator, not for the public page
        with _last_lock:
            last = _last.get((url, versie))
        if last is not None:
            shown = f" ({last.inventory.version.label})" if last.inventory else ""
            return replace(last, message=f"De database is even niet bereikbaar; u ziet de laatst gelezen versie{shown}.")
        return Published(message="De gepubliceerde gegevens zijn nu niet bereikbaar; probeer het later opnieuw.")
    out = Published(loaded["inventaris"], loaded["regio"], loaded["venster"], message)
    with _last_lock:
        _last[(url, versie)] = out
    return out


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
    """A select box of the stored inventory versions (other than the one in use) to compare with;
    the chosen version as (key, result, is_demo), or None (nothing stored, none chosen, database away)."""
    url = store.database_url()
    try:
        versions = [v for v in store.list_versions(store.get_engine(url), "inventaris")]
    except store.StoreUnavailable:
        return None
    versions = [v for v in versions if not current_key.startswith(f"versie-{v.id}-")]
    if not versions:
        return None
    labels = {v.id: v.label + (" (gepubliceerd)" if v.published else "") for v in versions}
    chosen = st.selectbox("Vergelijk met een opgeslagen versie", [None, *labels], key="compare_version",
                          format_func=lambda i: "— geen: een bestand of de demo —" if i is None else labels[i])
    if chosen is None:
        return None
    loaded = cached_version(url, chosen)
    return loaded.key, loaded.result, False

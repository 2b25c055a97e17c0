"""The app's store loader called directly (no AppTest: fast): who sees which version by number, what
it keeps in memory, and a database file replaced under it."""
from __future__ import annotations

import os

import pytest

import store
from store.db import create_engine, migrate
from tests.test_store_public import _ratings
from ui import store_loader
from ui.store_loader import DRAFT_PREVIEW, LAST_MAX, NOT_AVAILABLE, read_published


@pytest.fixture()
def sqlite_store(tmp_path):
    """An SQLite store with v1 (published, then replaced by v2), v2 (published) and v3 (a draft)."""
    url = f"sqlite:///{tmp_path / 'kaart.sqlite'}"
    engine = store.get_engine(url)
    v1, v2, v3 = (_ratings(engine, n) for n in (1, 2, 3))
    store.publish_version(engine, v1)
    store.publish_version(engine, v2)
    store_loader._last.clear()
    yield url, v1, v2, v3
    store_loader._last.clear()
    store.dispose_all()


def _shown(pub) -> tuple[int, str | None]:
    return pub.ratings.version.id, pub.message


def test_a_draft_by_number_only_for_editors_and_never_kept(sqlite_store):
    url, v1, v2, v3 = sqlite_store
    assert _shown(read_published(url, drafts=False)) == (v2, None)
    assert _shown(read_published(url, v1, drafts=False)) == (v1, None)  # published once: the link keeps working
    draft, unknown = read_published(url, v3, drafts=False), read_published(url, 999, drafts=False)
    assert _shown(draft) == (v2, NOT_AVAILABLE.format(v3)) and _shown(unknown) == (v2, NOT_AVAILABLE.format(999))
    assert draft.message.replace(str(v3), "N") == unknown.message.replace("999", "N")  # a draft is not told apart
    assert _shown(read_published(url, v3, drafts=True)) == (v3, DRAFT_PREVIEW.format(v3))  # an editor's preview
    assert _shown(read_published(url, 999, drafts=True)) == (v2, NOT_AVAILABLE.format(999))
    assert {k[2] for k in store_loader._last} == {None, v1}  # no draft, no unknown number


def test_thousands_of_versie_values_keep_the_loader_small(sqlite_store):
    url, v1, v2, v3 = sqlite_store
    for n in range(1, 2001):  # every number a visitor (or an editor) could put in a link
        pub = read_published(url, n, drafts=n % 2 == 0)
        assert pub.ratings.version.id == (n if n in (v1, v2) or (n == v3 and n % 2 == 0) else v2)
    assert len(store_loader._last) <= LAST_MAX
    assert {k[2] for k in store_loader._last} <= {None, v1, v2}


def test_a_database_file_replaced_under_the_running_loader_is_read(sqlite_store, tmp_path):
    url, v1, v2, v3 = sqlite_store
    before = read_published(url, v1, drafts=False).ratings  # version 1 of the old file, now cached
    assert (before.version.id, before.version.source) == (v1, "v1.csv")
    spare = tmp_path / "nieuw.sqlite"
    replacement = create_engine(f"sqlite:///{spare}")
    migrate(replacement)
    new1 = _ratings(replacement, 9, publish=True)  # ids restart at 1 in the new file
    replacement.dispose()
    os.replace(spare, url.removeprefix("sqlite:///"))
    pub = read_published(url, drafts=False)
    assert (pub.ratings.version.id, pub.ratings.version.source) == (new1, "v9.csv") == (v1, "v9.csv")
    assert read_published(url, v1, drafts=False).ratings.version.sha256 != before.version.sha256
    assert read_published(url, v1, drafts=False).ratings.key.split("-")[-1] != before.key.split("-")[-1]
    assert read_published(url, v1, drafts=False).ratings.result.accepted["score"].tolist() == [9.0, 7.0]
    assert _shown(read_published(url, v2, drafts=False)) == (v1, NOT_AVAILABLE.format(v2))  # not in the new file
    assert len({k[1] for k in store_loader._last}) == 1  # nothing kept from the old database

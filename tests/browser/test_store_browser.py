"""With a published version in the store, the app in Chromium shows it: at /, in the embed, and
?versie=N shows version N when N was published at some time; a never-published N shows the
published version (also in the embed)."""
from __future__ import annotations

import pytest

import store
from tests.browser.conftest import stop_streamlit, screenshot, start_streamlit
from tests.inventory_fixtures import csv_bytes, row

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def store_app(tmp_path_factory, real_boundaries):
    url = f"sqlite:///{tmp_path_factory.mktemp('store')}/kaart.sqlite"
    engine = store.get_engine(url)
    old, _ = store.import_file(engine, csv_bytes([row("O1", "Amsterdam", naam="Oud project")]), "inventaris",
                               year=2017, filename="oud_bestand.csv", publish=True)  # published once, then replaced
    draft, _ = store.import_file(engine, csv_bytes([row("D1", "Leiden", naam="Concept")]), "inventaris",
                                 year=2017, filename="concept_bestand.csv")
    new, _ = store.import_file(engine, csv_bytes([row("N1", "Groningen", naam="Nieuw een"), row("N2", "Delft", naam="Nieuw twee")]),
                               "inventaris", year=2017, filename="nieuw_bestand.csv", publish=True)
    proc, app = start_streamlit({store.ENV_VAR: url})
    yield app, old.version, new.version, draft.version
    stop_streamlit(proc)
    store.dispose_all()


def test_published_version_at_root_in_embed_and_by_number(browser, store_app):
    app, old, new, draft = store_app
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = ctx.new_page()
    page.goto(app + "/", wait_until="domcontentloaded")
    page.get_by_text(f"Bron: versie {new.id} ({new.created_at:%d-%m-%Y}, nieuw_bestand.csv)").wait_for(timeout=60_000)
    body = page.inner_text("body")
    assert "van 2 projecten geselecteerd" in body and "Demonstratiedata." not in body
    screenshot(page, "store_published")
    page.goto(app + "/?embed=true", wait_until="domcontentloaded")
    page.get_by_text(f"Bron: versie {new.id} (").wait_for(timeout=60_000)
    assert "demonstratiedata" not in page.inner_text("body")
    page.goto(app + f"/?versie={old.id}", wait_until="domcontentloaded")
    page.get_by_text(f"Bron: versie {old.id} ({old.created_at:%d-%m-%Y}, oud_bestand.csv)").wait_for(timeout=60_000)
    assert "van 1 projecten geselecteerd" in page.inner_text("body")
    page.wait_for_timeout(500)
    assert f"versie={old.id}" in page.url  # the link keeps naming the version
    page.goto(app + f"/?embed=true&versie={old.id}", wait_until="domcontentloaded")
    page.get_by_text(f"Bron: versie {old.id} (").wait_for(timeout=60_000)
    for url in (f"/?versie={draft.id}", f"/?embed=true&versie={draft.id}"):  # never published: not for the public
        page.goto(app + url, wait_until="domcontentloaded")
        page.get_by_text(f"Versie {draft.id} is niet beschikbaar; u ziet de gepubliceerde gegevens.").wait_for(timeout=60_000)
        page.get_by_text(f"Bron: versie {new.id} (").wait_for(timeout=60_000)
        assert "concept_bestand" not in page.inner_text("body")
    screenshot(page, "store_draft_embed")
    ctx.close()

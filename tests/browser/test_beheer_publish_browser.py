"""Roll-back in Beheer, in Chromium (issue 21 item 10): an editor publishes version 2, then at once
chooses version 1 and publishes it; the public sees version 1. Reuses the login set-up of
test_beheer_browser (its own server and provider, module scope)."""
from __future__ import annotations

import re

import pytest

import store
from tests.browser.conftest import screenshot
from tests.browser.test_beheer_browser import (EDITOR, EDITOR_CLAIMED, _claims, _login, beheer_app,  # noqa: F401 (fixtures)
                                              oidc_provider)
from tests.inventory_fixtures import csv_bytes, row

pytestmark = pytest.mark.browser


def _choose(page, vid: int) -> None:
    """Choose version ``vid`` in the box 'Versie' as a person does: open the list, click the option."""
    box = page.get_by_role("combobox", name="Versie", exact=True)
    box.click()
    box.fill(f"versie {vid}:")  # typed, as a keyboard user does (a click alone left the list closed)
    option = page.get_by_role("option", name=re.compile(rf"^versie {vid}: "))
    option.click()
    page.get_by_text(re.compile(rf"^Publiceer versie {vid}…$")).wait_for(timeout=30_000)


def _idle(page) -> None:
    """Wait until the script run has finished: a click while it runs can be lost (seen on a loaded machine)."""
    page.locator('[data-testid="stStatusWidget"]').wait_for(state="hidden", timeout=60_000)


def _publish(page, vid: int, was: int) -> None:
    _choose(page, vid)
    page.get_by_text(f"(versie {was} → versie {vid}").wait_for(timeout=30_000)  # the preview of the difference
    _idle(page)
    page.get_by_role("button", name=f"Publiceer versie {vid}…").click()
    page.get_by_text(f"Het publiek ziet dan versie {vid} in plaats van versie {was}").wait_for(timeout=30_000)
    _idle(page)
    page.get_by_role("button", name=f"Ja, publiceer versie {vid}").click()
    page.get_by_text(f"Versie {vid} is gepubliceerd (was versie {was}).").wait_for(timeout=60_000)
    page.get_by_text(re.compile(rf"^Projectinventaris · Het publiek ziet nu: versie {vid} \(")).wait_for(timeout=30_000)


def test_publish_2_then_choose_1_and_publish_the_public_sees_1(browser, beheer_app, oidc_provider):  # noqa: F811
    app, engine = beheer_app
    # this module's provider is its own: it vouches for the editor only when told (as test_beheer_browser does)
    _claims(oidc_provider, EDITOR, {"email": EDITOR_CLAIMED, "email_verified": True})
    one, _ = store.import_file(engine, csv_bytes([row("E1", "Amsterdam", naam="Eerste versie")]), "inventaris",
                               year=2017, filename="rol_een.csv", publish=True, by="test")
    two, _ = store.import_file(engine, csv_bytes([row("T1", "Groningen", naam="Tweede"), row("T2", "Delft")]),
                               "inventaris", year=2017, filename="rol_twee.csv", by="test")
    one, two = one.version, two.version
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = ctx.new_page()
    _login(page, app, EDITOR)
    page.get_by_text("Beheer", exact=True).click()
    page.get_by_role("heading", name="Versies").wait_for(timeout=30_000)
    _publish(page, two.id, one.id)
    assert store.published_id(engine, "inventaris") == two.id
    _publish(page, one.id, two.id)  # straight after the publication: the roll-back
    screenshot(page, "beheer_rolled_back")
    assert store.published_id(engine, "inventaris") == one.id
    ctx.close()
    visitor = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()  # not logged in
    visitor.goto(app + "/", wait_until="domcontentloaded")
    visitor.get_by_text(f"Bron: versie {one.id} (").wait_for(timeout=60_000)
    assert "van 1 projecten geselecteerd" in visitor.inner_text("body")
    visitor.context.close()

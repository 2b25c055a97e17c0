"""Editors' login in Chromium against a real OpenID Connect provider started here (oidc-provider-mock):
an editor logs in, uploads a file, saves and publishes it; a logged-in non-editor sees no Beheer page
and cannot reach it by URL; an editor's address that the provider does not vouch for (``email_verified``
not the boolean true) makes no editor."""
from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
import time
import urllib.request

import pytest

import store
from tests.browser.conftest import stop_streamlit, _free_port, screenshot, start_streamlit
from tests.inventory_fixtures import csv_bytes, row

pytestmark = pytest.mark.browser
EDITOR, OUTSIDER = "redacteur@vng.nl", "bezoeker@example.com"
EDITOR_CLAIMED = "Redacteur@VNG.nl"  # as the provider spells it; versions record the normalised EDITOR


@pytest.fixture(scope="module")
def oidc_provider():
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "oidc_provider_mock", "--host", "127.0.0.1", "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env={**os.environ, "NO_COLOR": "1"})
    issuer = f"http://127.0.0.1:{port}"
    deadline = time.time() + 30
    while True:
        try:
            urllib.request.urlopen(issuer + "/.well-known/openid-configuration", timeout=2)
            break
        except OSError:
            if proc.poll() is not None or time.time() > deadline:
                proc.kill()
                raise RuntimeError("oidc-provider-mock did not start") from None
            time.sleep(0.2)
    yield issuer
    stop_streamlit(proc)  # (any server process: terminate, then kill after the grace period)


@pytest.fixture(scope="module")
def beheer_app(oidc_provider, tmp_path_factory, real_boundaries):
    tmp = tmp_path_factory.mktemp("beheer")
    secrets_file = tmp / "secrets.toml"
    secrets_file.write_text(f'''[auth]
redirect_uri = "http://127.0.0.1:{{port}}/oauth2callback"
cookie_secret = "{secrets.token_hex(32)}"
client_id = "samenwerkingskaart"
client_secret = "{secrets.token_hex(16)}"
server_metadata_url = "{oidc_provider}/.well-known/openid-configuration"

[beheer]
redacteuren = ["{EDITOR}", "@zn.nl"]
''', encoding="utf-8")
    url = f"sqlite:///{tmp}/kaart.sqlite"
    proc, app = start_streamlit({store.ENV_VAR: url, "STREAMLIT_SECRETS_FILES": str(secrets_file)})
    yield app, store.get_engine(url)
    stop_streamlit(proc)
    store.dispose_all()


def _claims(issuer: str, sub: str, claims: dict) -> None:
    """What the provider says about ``sub`` (its default user sends only ``email``, equal to the sub)."""
    req = urllib.request.Request(f"{issuer}/users/{sub}", data=json.dumps(claims).encode(), method="PUT",
                                 headers={"Content-Type": "application/json"})
    urllib.request.urlopen(req, timeout=10).close()


def _login(page, app: str, who: str, shown: str | None = None) -> None:
    page.goto(app + "/", wait_until="domcontentloaded")
    page.get_by_role("button", name="Inloggen (redacteuren)").click(timeout=60_000)
    page.locator("input[name=sub]").fill(who, timeout=30_000)  # the provider's own login form
    page.get_by_role("button", name="Authorize").click()
    page.get_by_text(f"Ingelogd: {shown or who}").wait_for(timeout=60_000)


def test_editor_logs_in_saves_and_publishes(browser, beheer_app, oidc_provider, tmp_path):
    app, engine = beheer_app
    _claims(oidc_provider, EDITOR, {"email": EDITOR_CLAIMED, "email_verified": True})
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = ctx.new_page()
    _login(page, app, EDITOR, shown=EDITOR_CLAIMED)
    page.get_by_text("Beheer", exact=True).click()
    page.get_by_role("heading", name="Beheer").wait_for(timeout=30_000)
    upload = tmp_path / "inventaris_voorjaar.csv"
    upload.write_bytes(csv_bytes([row("R1", "Amsterdam", naam="Echt project"), row("R2", "Nergenshuizen")]))
    page.get_by_text("Nog geen versies.").wait_for(timeout=30_000)  # the page has finished drawing
    page.wait_for_timeout(1000)
    for _ in range(3):  # a rerun may still replace the file input just as the file is given to it
        page.locator("input[type=file]").first.set_input_files(str(upload))
        try:
            page.get_by_text("1 rij(en) afgewezen").wait_for(timeout=30_000)  # the report, before saving
            break
        except Exception:
            screenshot(page, "beheer_upload_retry")
    else:
        raise AssertionError("the upload never showed its report")
    page.get_by_role("button", name="Opslaan en publiceren").click()
    page.get_by_text("Opgeslagen als versie 1 en gepubliceerd").wait_for(timeout=60_000)
    screenshot(page, "beheer_published")
    [v] = store.list_versions(engine)
    assert (v.published, v.created_by, v.source, v.rows_accepted, v.rows_rejected) == (
        True, EDITOR, "inventaris_voorjaar.csv", 1, 1)
    ctx.close()
    visitor = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()  # not logged in
    visitor.goto(app + "/", wait_until="domcontentloaded")
    visitor.get_by_text("Bron: versie 1 (").wait_for(timeout=60_000)
    assert "Beheer" not in visitor.inner_text("body")
    visitor.context.close()


def test_non_editor_sees_no_beheer_and_cannot_reach_it_by_url(browser, beheer_app):
    app, engine = beheer_app
    before = store.list_versions(engine)
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = ctx.new_page()
    _login(page, app, OUTSIDER)
    page.get_by_text("Dit account is geen redacteur").wait_for(timeout=30_000)
    page.get_by_role("radio", name="Samenwerkingskaart").wait_for(state="attached", timeout=30_000)
    assert page.get_by_role("radio", name="Beheer").count() == 0
    for path in ("/?pagina=beheer", "/beheer", "/?page=beheer"):
        page.goto(app + path, wait_until="domcontentloaded")
        page.get_by_text(f"Ingelogd: {OUTSIDER}").wait_for(timeout=60_000)
        page.wait_for_timeout(500)
        assert not page.get_by_role("heading", name="Beheer").count()
        assert "Opslaan als nieuwe versie" not in page.inner_text("body")
    screenshot(page, "beheer_outsider")
    assert store.list_versions(engine) == before
    ctx.close()


@pytest.mark.parametrize("claims", [{"email_verified": "false"}, {}], ids=["string-false", "no-claim"])
def test_an_unverified_editors_address_makes_no_editor(browser, beheer_app, oidc_provider, claims):
    """``@zn.nl`` is an editors' domain, but the provider does not vouch for this address."""
    app, engine = beheer_app
    before = store.list_versions(engine)
    who = f"iemand{len(claims)}@zn.nl"
    _claims(oidc_provider, who, {"email": who, **claims})
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = ctx.new_page()
    _login(page, app, who)
    page.get_by_text("Dit account is geen redacteur").wait_for(timeout=30_000)
    page.get_by_role("radio", name="Samenwerkingskaart").wait_for(state="attached", timeout=30_000)
    assert page.get_by_role("radio", name="Beheer").count() == 0
    assert store.list_versions(engine) == before
    ctx.close()

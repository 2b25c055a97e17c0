"""The app reads the store (AppTest, on SQLite and PostgreSQL): the published version instead of the
demo, ``?versie=N``, the published region set, uploads as a private preview, the database briefly away."""
from __future__ import annotations

import re

import pytest

from layers.escape import md
from streamlit.testing.v1 import AppTest

from tests.apptest import app_test

import store
from analysis.ratings import DEMO_RATINGS
from geo.regionsets import DEMO_REGION_SET
from store.db import ENV_VAR
from tests.inventory_fixtures import csv_bytes, row

pytestmark = pytest.mark.usefixtures("real_boundaries")

V1 = csv_bytes([row("A1", "Amsterdam", naam="Alpha"), row("A2", "Utrecht", naam="Beta"), row("A3", "Leiden")])
V2 = csv_bytes([row("B1", "Groningen", naam="Gamma"), row("B2", "Delft")])


def _app() -> AppTest:
    return app_test(90).run()


def _selected(at) -> tuple[int, int]:
    text = next(m.value for m in at.markdown if "projecten geselecteerd" in m.value)
    return tuple(int(x.replace(".", "")) for x in re.match(r"\*\*([\d.]+)\*\* van ([\d.]+)", text).groups())


@pytest.fixture()
def published(store_url, monkeypatch):
    """A store with two inventory versions, the first published; the app pointed at it."""
    monkeypatch.setenv(ENV_VAR, store_url)
    engine = store.get_engine(store_url)
    v1, _ = store.import_file(engine, V1, "inventaris", year=2017, filename="eerste.csv", publish=True, by="test")
    v2, _ = store.import_file(engine, V2, "inventaris", year=2017, filename="tweede.csv", by="test")
    return engine, v1.version, v2.version


def test_published_version_instead_of_the_demo(published):
    engine, v1, v2 = published
    at = _app()
    assert not at.exception
    assert _selected(at) == (3, 3)
    assert not any("Demonstratiedata" in i.value for i in at.info)
    caption = at.main.caption[-1].value
    assert caption.startswith("Bron: " + md(f"versie {v1.id} ({v1.created_at:%d-%m-%Y}, eerste.csv)"))
    # publishing another version shows it on the next rerun (the marker is read on every rerun)
    store.publish_version(engine, v2.id)
    at.run()
    assert _selected(at) == (2, 2)
    assert at.main.caption[-1].value.startswith("Bron: " + md(f"versie {v2.id} ("))


def test_versie_in_the_url_shows_that_version_and_stays_in_the_url(published):
    engine, v1, v2 = published
    store.publish_version(engine, v2.id)
    store.publish_version(engine, v1.id)  # rolled back: version 2 was published once, so its link keeps working
    at = _app()
    at.query_params["versie"] = str(v2.id)
    at.run()
    assert _selected(at) == (2, 2) and md("tweede.csv") in at.main.caption[-1].value
    assert at.query_params["versie"] == str(v2.id)
    at.query_params["versie"] = "999"
    at.run()
    assert _selected(at) == (3, 3)
    assert [w.value for w in at.warning] == [md("Versie 999 is niet beschikbaar; u ziet de gepubliceerde gegevens.")]


def _editor(at: AppTest) -> AppTest:
    at.secrets["auth"] = AUTH
    at.secrets["beheer"] = {"redacteuren": ["redacteur@vng.nl"]}
    at.user = {"is_logged_in": True, "email": "redacteur@vng.nl", "email_verified": True}
    return at


def test_a_never_published_version_by_number_is_only_for_editors(published):
    """Version numbers are sequential: a visitor's ?versie=<draft> gets the published data and the
    same words as for a number that does not exist; a logged-in editor previews the draft."""
    engine, v1, v2 = published
    at = app_test(90)
    at.query_params["versie"] = str(v2.id)
    at.run()
    assert _selected(at) == (3, 3) and md("eerste.csv") in at.main.caption[-1].value
    assert [w.value for w in at.warning] == [md(f"Versie {v2.id} is niet beschikbaar; u ziet de gepubliceerde gegevens.")]
    assert "tweede" not in " ".join(x.value for x in (*at.markdown, *at.caption, *at.warning))
    at = _editor(app_test(90))
    at.query_params["versie"] = str(v2.id)
    at.run()
    assert not at.exception
    assert _selected(at) == (2, 2) and md("tweede.csv") in at.main.caption[-1].value
    assert any(w.value.startswith(md(f"Voorbeeld voor redacteuren: versie {v2.id} is niet gepubliceerd")) for w in at.warning)


def test_upload_is_a_private_preview_that_never_touches_the_store(published):
    engine, v1, v2 = published
    before = (store.list_versions(engine), store.published_ids(engine))
    at = _app()
    at.file_uploader(key="upload").set_value(("prive.csv", csv_bytes([row("P1", "Delft")]), "text/csv")).run()
    at.checkbox(key="use_upload").check().run()
    assert _selected(at) == (1, 1) and md("prive.csv") in at.main.caption[-1].value
    assert (store.list_versions(engine), store.published_ids(engine)) == before
    fresh = _app()  # another visitor (a new session) still sees the published version
    assert _selected(fresh) == (3, 3)


def test_published_region_set_is_the_map_level(published):
    engine, _, _ = published
    out, _ = store.import_file(engine, DEMO_REGION_SET, "regio", year=2017, filename="werkstructuur.csv", publish=True)
    at = _app()
    assert not at.exception
    assert any("gepubliceerde regio-indeling" in c.value for c in at.sidebar.caption)
    assert not any("demo-werkstructuur" in c.value for c in at.sidebar.caption)
    # ratings checked against the published region set come with it
    ratings, _ = store.import_file(engine, DEMO_RATINGS, "venster", year=2020, publish=True)
    assert store.meta(engine, ratings.version.id)["regio_versie"] == out.version.id
    at.run()
    assert any(c.value == "Venstercijfers: de gepubliceerde versie." for c in at.sidebar.caption)
    assert not any("Venstercijfers: **demonstratie**" in c.value for c in at.sidebar.caption)


def test_nothing_published_shows_the_labelled_demo(store_url, monkeypatch):
    monkeypatch.setenv(ENV_VAR, store_url)
    at = _app()
    assert _selected(at) == (1500, 1500)
    assert any("Demonstratiedata" in i.value for i in at.info)
    assert at.main.caption[-1].value.startswith("Bron: demonstratiedata")


def test_database_briefly_away_keeps_the_last_version_read(monkeypatch, real_boundaries):
    """A PostgreSQL server of its own, stopped while the app runs, then started again."""
    from tests.pg_server import start_postgres

    server, stop = start_postgres()
    try:
        url = server.url()
        monkeypatch.setenv(ENV_VAR, url)
        engine = store.get_engine(url)
        v1, _ = store.import_file(engine, V1, "inventaris", year=2017, filename="eerste.csv", publish=True)
        at = _app()
        assert _selected(at) == (3, 3)
        server.stop()
        at.run()
        assert not at.exception
        assert _selected(at) == (3, 3) and md("eerste.csv") in at.main.caption[-1].value
        assert any("even niet bereikbaar" in w.value and "laatst gelezen versie" in w.value for w in at.warning)
        server.start()
        at.run()
        assert _selected(at) == (3, 3) and not at.warning
    finally:
        store.dispose_all()
        stop()


AUTH = {"redirect_uri": "http://127.0.0.1:8501/oauth2callback", "cookie_secret": "x" * 64, "client_id": "kaart",
        "client_secret": "geheim", "server_metadata_url": "http://127.0.0.1:9/.well-known/openid-configuration"}


def test_login_button_and_page_switch_only_with_login_configured(published):
    at = app_test(90)
    at.run()
    assert not any(b.label == "Inloggen (redacteuren)" for b in at.button)  # no login configured: no page, no button
    at = app_test(90)
    at.secrets["auth"] = AUTH
    at.secrets["beheer"] = {"redacteuren": ["redacteur@vng.nl"]}
    at.run()
    assert any(b.label == "Inloggen (redacteuren)" for b in at.button)
    assert "beheer" not in at.radio(key="page").options


def _beheer_directly():
    from ui.beheer_page import beheer_page

    beheer_page()  # as if a replayed request reached the page without the page switch


def test_beheer_page_itself_refuses_anyone_but_an_editor(published):
    engine, _, _ = published
    before = store.list_versions(engine)
    for secrets in ({}, {"auth": AUTH, "beheer": {"redacteuren": ["redacteur@vng.nl"]}}):
        at = AppTest.from_function(_beheer_directly, default_timeout=60)
        for k, v in secrets.items():
            at.secrets[k] = v
        at.run()
        assert not at.exception
        assert [e.value for e in at.error] == ["Alleen redacteuren hebben toegang tot Beheer."]
        assert not at.title and not at.button and not at.get("file_uploader")
    assert store.list_versions(engine) == before


def test_change_page_compares_the_version_in_use_with_a_stored_version(published):
    engine, v1, v2 = published
    at = _app()
    at.radio(key="page").set_value("verandering").run()
    assert "compare_version" not in [b.key for b in at.selectbox]  # version 2 is a draft: not offered to a visitor
    store.publish_version(engine, v2.id)
    store.publish_version(engine, v1.id)
    at.run()
    box = at.selectbox(key="compare_version")
    assert box.options[1:] == [f"{v2.label}"]  # the version in use (v1, published) is not offered
    box.set_value(v2.id).run()
    assert not at.exception
    d = next(x.value for x in at.dataframe if "wijziging" in x.value.columns)
    assert set(zip(d["wijziging"], d["sleutel"])) == {("verwijderd", "A1"), ("verwijderd", "A2"), ("verwijderd", "A3"),
                                                       ("toegevoegd", "B1"), ("toegevoegd", "B2")}
    assert any("3 verwijderd" in t.value and "2 toegevoegd" in t.value for t in at.text)


def test_unreachable_database_before_any_read_shows_the_labelled_demo_and_a_dutch_notice(monkeypatch):
    monkeypatch.setenv(ENV_VAR, "postgresql+psycopg://kaart:geheim@127.0.0.1:9/kaart")  # nothing listens on port 9
    at = _app()
    assert not at.exception
    assert [w.value for w in at.warning][:1] == ["De gepubliceerde gegevens zijn nu niet bereikbaar; probeer het later opnieuw\\."]
    assert _selected(at) == (1500, 1500) and any("Demonstratiedata" in i.value for i in at.info)
    assert not any("127.0.0.1" in w.value or "geheim" in w.value for w in at.warning)


def _publish_in_beheer(at: AppTest, vid: int) -> None:
    """Choose version ``vid`` in Beheer, ask to publish it, confirm (the confirmation names the version)."""
    at.selectbox(key="beheer_chosen").set_value(vid).run()
    at.button(key="beheer_publish").click().run()
    assert not at.exception
    assert any(w.value.startswith(f"Weet u het zeker? Het publiek ziet dan **versie {vid}**") for w in at.warning)
    [confirm] = [b for b in at.button if b.key.startswith("beheer_confirm_")]
    assert confirm.label == f"Ja, publiceer versie {vid}"
    confirm.click().run()
    assert not at.exception


def test_rolling_back_in_beheer_publishes_the_version_chosen(published):
    """Issue 21 item 10: right after a publication the box's labels changed ('(gepubliceerd)' moved), the
    browser's choice no longer matched a label, and 'Publiceer' republished the newest version."""
    engine, v1, v2 = published
    at = _editor(AppTest.from_function(_beheer_directly, default_timeout=60))
    at.run()
    assert any(m.value.startswith(f"Projectinventaris · Het publiek ziet nu: **{md(v1.label)}") for m in at.markdown)
    at.selectbox(key="beheer_chosen").set_value(v2.id).run()
    preview = next(m.value for m in at.markdown if m.value.startswith("**Wat het publiek na publiceren anders ziet**"))
    assert f"versie {v1.id} → versie {v2.id}" in preview and "3 verwijderd" in preview and "2 toegevoegd" in preview
    assert store.published_id(engine, "inventaris") == v1.id  # asking is not publishing
    _publish_in_beheer(at, v2.id)
    assert store.published_id(engine, "inventaris") == v2.id
    assert f"Versie {v2.id} is gepubliceerd (was versie {v1.id})." in [s.value for s in at.success]
    assert any(m.value.startswith(f"Projectinventaris · Het publiek ziet nu: **{md(v2.label)}") for m in at.markdown)
    _publish_in_beheer(at, v1.id)  # straight after the publication: the roll-back
    assert store.published_id(engine, "inventaris") == v1.id
    assert [(p["version_id"], p["published_by"]) for p in store.publication_log(engine, "inventaris")] == [
        (v1.id, "test"), (v2.id, "redacteur@vng.nl"), (v1.id, "redacteur@vng.nl")]
    at.selectbox(key="beheer_chosen").set_value(v2.id).run()
    at.button(key="beheer_publish").click().run()
    at.selectbox(key="beheer_chosen").set_value(v1.id).run()  # another version chosen: the question is void
    assert not [b for b in at.button if b.key.startswith("beheer_confirm_")]
    assert store.published_id(engine, "inventaris") == v1.id


HOSTILE_NAME = "{{ 7*7 }} <script>alert(1)</script> `x` ${a} [klik](http://x.nl) **vet** \u202e.csv"


def test_beheer_shows_a_hostile_file_name_as_text(store_url, monkeypatch):
    """The new lines of Beheer (what the public sees, the confirmation) name versions by their file name: user text."""
    monkeypatch.setenv(ENV_VAR, store_url)
    engine = store.get_engine(store_url)
    live, _ = store.import_file(engine, V1, "inventaris", year=2017, filename=HOSTILE_NAME, publish=True)
    draft, _ = store.import_file(engine, V2, "inventaris", year=2017, filename=HOSTILE_NAME)
    at = _editor(AppTest.from_function(_beheer_directly, default_timeout=60))
    at.run()
    assert f"Projectinventaris · Het publiek ziet nu: **{md(live.version.label)}**" in [m.value for m in at.markdown]
    at.selectbox(key="beheer_chosen").set_value(draft.version.id).run()
    at.button(key="beheer_publish").click().run()
    [warning] = [w.value for w in at.warning if w.value.startswith("Weet u het zeker?")]
    v = draft.version
    assert md(f"versie {v.id}: inventaris, {v.created_at.astimezone():%d-%m-%Y %H:%M}, {HOSTILE_NAME}") in warning
    for text in (*[m.value for m in at.markdown], warning):
        assert "<script>" not in text and "](http" not in text and "**vet**" not in text and "\u202e" not in text


ZK_2016 = b"geldig_vanaf;zorgkantoorregio;groep\n2016-01-01;ZK31;VGZ\n2016-01-01;ZK30;VGZ\n2016-01-01;Zuid-Limburgg;CZ\n"


def test_beheer_stores_ratings_with_their_region_set_and_a_zorgkantoor_table(store_url, monkeypatch, real_boundaries):
    """Beheer validates through the kinds: ratings record the published region set they were checked
    against (read through the kind's context), and the fourth kind is offered and saved like the others."""
    monkeypatch.setenv(ENV_VAR, store_url)
    engine = store.get_engine(store_url)
    regio, _ = store.import_file(engine, DEMO_REGION_SET, "regio", year=2017, publish=True)
    at = _editor(AppTest.from_function(_beheer_directly, default_timeout=60))
    at.run()
    assert at.radio(key="beheer_kind").options == ["projectinventaris", "regio-indeling", "Venstercijfers",
                                                   "zorgkantorentabel"]
    at.radio(key="beheer_kind").set_value("venster").run()
    at.file_uploader(key="beheer_upload").set_value(("venster.csv", DEMO_RATINGS.read_bytes(), "text/csv")).run()
    at.button(key="beheer_save").click().run()
    assert not at.exception
    [ratings] = store.list_versions(engine, "venster")
    assert store.meta(engine, ratings.id) == {"regio_versie": regio.version.id}
    at.radio(key="beheer_kind").set_value("zorgkantoren").run()
    at.file_uploader(key="beheer_upload").set_value(("zk_2016.csv", ZK_2016, "text/csv")).run()
    assert any(t.value.startswith("3 rijen: 2 geaccepteerd") for t in at.text)
    rejected = next(d.value for d in at.dataframe if "reden" in d.value.columns)
    assert rejected["waarde"].tolist() == ["Zuid-Limburgg"] and "Zuid-Limburg (ZK31)" in rejected["suggesties"].iloc[0]
    at.button(key="beheer_save_publish").click().run()
    [zk] = store.list_versions(engine, "zorgkantoren")
    assert zk.published and (zk.source, zk.rows_accepted, zk.rows_rejected, zk.created_by) == (
        "zk_2016.csv", 2, 1, "redacteur@vng.nl")
    assert "Zorgkantorentabel · Het publiek ziet nu: **" + md(zk.label) + "**" in [m.value for m in at.markdown]

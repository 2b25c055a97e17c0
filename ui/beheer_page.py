"""*Beheer*: editors upload a file, read its report, save it as a version, publish, roll back, and
compare versions. Exists only when ``.streamlit/secrets.toml`` configures login (``[auth]``, OpenID
Connect through ``st.login``) and editors (``[beheer] redacteuren``); every action checks again
that the logged-in user is an editor, so neither a URL nor replayed widget state reaches it."""
from __future__ import annotations

import hashlib

import pandas as pd
import streamlit as st

import store
from geo.boundaries import BoundaryError
from tabular.read import ReadError
from store.access import verified_editor
from layers.escape import md
from ui.common import show_report


def _secrets_section(name: str) -> dict:
    try:
        return dict(st.secrets.get(name, {}))
    except (FileNotFoundError, KeyError, ValueError):  # no or unreadable secrets.toml: no login
        return {}


def login_configured() -> bool:
    """Login and at least one editor are configured."""
    auth = _secrets_section("auth")
    return bool(auth.get("client_id") or any(isinstance(v, dict) for v in auth.values())) and bool(_editors())


def _editors() -> list[str]:
    return [str(e) for e in _secrets_section("beheer").get("redacteuren", [])]


def _logged_in() -> bool:
    return bool(getattr(st.user, "is_logged_in", False))  # absent when Streamlit sees no [auth] section


def _trusts_unverified_email() -> bool:
    """``[beheer] vertrouw_email_zonder_verificatie = true``: the provider sends no ``email_verified``
    claim and the deployment vouches for its addresses itself (only the TOML boolean counts)."""
    return _secrets_section("beheer").get("vertrouw_email_zonder_verificatie") is True


def current_editor() -> str | None:
    """The logged-in editor's normalised e-mail address (what versions record as "door"), or None
    (not configured, not logged in, not an editor, address not verified: see ``verified_editor``)."""
    if not login_configured() or not _logged_in():
        return None
    claims = {k: st.user.get(k) for k in ("email", "email_verified")}
    return verified_editor(claims, _editors(), trust_missing_verification=_trusts_unverified_email())


def login_box() -> str | None:
    """Sidebar: log in or out (only when login is configured). Returns the editor, if any."""
    if not login_configured():
        return None
    box = st.sidebar.container(border=True)
    if not _logged_in():
        if box.button("Inloggen (redacteuren)", key="login"):
            st.login()
        return None
    editor = current_editor()
    box.text(f"Ingelogd: {st.user.get('email') or st.user.get('name') or '?'}")
    if editor is None:
        box.caption("Dit account is geen redacteur: u ziet de gepubliceerde kaart.")
    if box.button("Uitloggen", key="logout"):
        st.logout()
    return editor


def _require_editor() -> str:
    editor = current_editor()
    if editor is None:
        st.error("Alleen redacteuren hebben toegang tot Beheer.")
        st.stop()
    return editor


@st.cache_data(show_spinner="Bestand controleren…", max_entries=4)
def _validated(kind: str, data: bytes, filename: str, year: int, url: str, published: tuple):
    """The validation result and its metadata; ``published`` (database id and published versions) is in the
    key because a kind may check a file against another published dataset (ratings against the region set)."""
    return store.validate(store.get_engine(url), kind, data, filename, year)


def beheer_page() -> None:
    """The editors' page (checks the editor itself: callers need not)."""
    editor = _require_editor()
    engine = store.get_engine()
    st.title("Beheer")
    st.caption(f"Database: {md(store.describe(engine))}")
    _import_section(engine, editor)
    st.divider()
    _versions_section(engine, editor)


def _import_section(engine, editor: str) -> None:
    st.subheader("Nieuwe versie")
    kinds = store.registered_kinds()
    kind = st.radio("Soort", list(kinds), format_func=lambda k: kinds[k].label, horizontal=True, key="beheer_kind")
    up = st.file_uploader("Bestand (CSV of XLSX)", type=["csv", "txt", "xlsx"], key="beheer_upload")
    year = int(st.number_input("Jaar (als het bestand geen kolom jaar heeft; de grenzen van een regio-indeling of zorgkantorentabel)",
                               2015, 2030, 2017, key="beheer_year"))
    note = st.text_input("Notitie (bijv. 'voorjaarsronde 2026')", key="beheer_note", max_chars=500)
    if up is None:
        return
    data = up.getvalue()
    try:
        state = store.public_state(engine)
        result, meta = _validated(kind, data, up.name, year, store.database_url(),
                                  (state.database_id, *sorted(state.published.items())))
    except (ReadError, BoundaryError) as exc:
        st.error(f"Bestand niet bruikbaar: {md(exc)}")
        return
    if kind == "inventaris":
        show_report(result, st)
    else:
        st.text(result.summary())
        if len(result.rejections):
            st.dataframe(result.rejections.assign(suggesties=result.rejections["suggesties"].map(lambda s: ", ".join(map(str, s)))),
                         hide_index=True, key="beheer_rejections")
    c1, c2 = st.columns(2)
    save = c1.button("Opslaan als nieuwe versie", key="beheer_save")
    save_publish = c2.button("Opslaan en publiceren", key="beheer_save_publish", type="primary")
    if save or save_publish:
        editor = _require_editor()  # checked again at the moment of writing
        encoded = store.encode(kind, result, year, meta)
        try:
            out = store.store_result(engine, kind, encoded, sha256=hashlib.sha256(data).hexdigest(), source=up.name,
                                     by=editor, note=note, publish=save_publish)
        except store.StoreError as exc:
            st.error(md(exc))
            return
        v = out.version
        if out.created:
            st.success(f"Opgeslagen als versie {v.id}{' en gepubliceerd' if save_publish else ''}.")
        else:
            st.info(f"Identiek aan versie {v.id} (zelfde bestand): niets opgeslagen"
                    f"{'; die versie is nu gepubliceerd' if save_publish else ''}.")


def _versions_section(engine, editor: str) -> None:
    """Every version; what the public sees now per dataset; publish (or roll back) one chosen version
    after a preview of its difference with the published one and a confirmation that names it."""
    st.subheader("Versies")
    # the last publication's message stays until the next question (an unrelated rerun does not wipe it)
    if flash := st.session_state.get("beheer_flash"):
        st.success(flash)
    versions = store.list_versions(engine)
    if not versions:
        st.info("Nog geen versies.")
        return
    public = store.public_ids(engine)
    by_id = {v.id: v for v in versions}
    live = {v.kind: v for v in versions if v.published}
    for kind, spec in store.registered_kinds().items():
        name = spec.label
        fallback = f" ({spec.unpublished})" if spec.unpublished else ""
        now = md(live[kind].label) if kind in live else f"niets gepubliceerd{fallback}"
        st.markdown(f"{name[:1].upper()}{name[1:]} · Het publiek ziet nu: **{now}**")
    table = pd.DataFrame([{"versie": v.id, "openbaar": "nu" if v.published else "eerder" if v.id in public else "",
                           "soort": v.kind, "jaar": v.year, "rijen": v.rows_accepted, "afgewezen": v.rows_rejected,
                           "datum": v.created_at.astimezone().strftime("%Y-%m-%d %H:%M"), "door": v.created_by,
                           "bestand": v.source, "notitie": v.note} for v in versions])
    st.dataframe(table, hide_index=True, key="beheer_versions")
    st.caption("Openbaar 'nu': de gepubliceerde versie; 'eerder': ooit gepubliceerd, dus te zien met een link "
               "?versie=N; leeg: een concept, alleen voor redacteuren.")
    # The labels never change between reruns: the browser sends the chosen label back, and a label that
    # changed (e.g. a published marker that moved) would silently select another version.
    labels = {v.id: f"versie {v.id}: {v.kind}, {v.created_at.astimezone():%d-%m-%Y %H:%M}, {v.source}" for v in versions}
    chosen = by_id[st.selectbox("Versie", list(by_id), format_func=labels.get, key="beheer_chosen")]
    current = live.get(chosen.kind)
    _publish_step(engine, chosen, current, labels)
    same_kind = [v.id for v in versions if v.kind == chosen.kind and v.id != chosen.id]
    if same_kind:
        with st.expander("Vergelijk met een andere versie"):
            other = st.selectbox("Vergelijk met versie", same_kind, format_func=labels.get, key="beheer_other")
            a, b = sorted((other, chosen.id))
            d = _diff(engine, chosen.kind, a, b)
            st.text(f"Versie {a} -> versie {b}: {store.diff_summary(d)}")
            st.dataframe(d, hide_index=True, key="beheer_diff")


def _diff(engine, kind: str, a: int, b: int) -> pd.DataFrame:
    return _cached_diff(store.database_url(), store.public_state(engine).database_id, kind, a, b)


@st.cache_data(show_spinner="Versies vergelijken…", max_entries=8)
def _cached_diff(url: str, database_id: str, kind: str, a: int, b: int) -> pd.DataFrame:
    engine = store.get_engine(url)
    return store.diff_results(kind, store.load(engine, a), store.load(engine, b))


def _publish_step(engine, chosen: store.Version, current: store.Version | None, labels: dict[int, str]) -> None:
    """What publishing ``chosen`` changes for the public, then two steps: ask, confirm (naming the version)."""
    if current is not None and current.id == chosen.id:
        st.info(f"Versie {chosen.id} is de gepubliceerde versie: het publiek ziet deze al.")
        st.session_state.pop("beheer_pending", None)
        return
    if current is None:
        st.caption(f"Van deze soort is nog niets gepubliceerd: na publiceren ziet het publiek versie {chosen.id}.")
    else:
        d = _diff(engine, chosen.kind, current.id, chosen.id)  # from what the public sees now to the chosen version
        st.markdown(f"**Wat het publiek na publiceren anders ziet** (versie {current.id} → versie {chosen.id}"
                    f"{', terugzetten naar een oudere versie' if chosen.id < current.id else ''}): "
                    f"{md(store.diff_summary(d))}")
        if len(d):
            st.dataframe(d, hide_index=True, key="beheer_publish_diff")
    pending = st.session_state.get("beheer_pending")
    if pending != chosen.id:  # (another version chosen after asking: the question is void)
        if st.button(f"Publiceer versie {chosen.id}…", key="beheer_publish"):
            st.session_state["beheer_pending"] = chosen.id
            st.session_state.pop("beheer_flash", None)
            st.rerun()
        return
    instead = f" in plaats van versie {current.id}" if current is not None else ""
    st.warning(f"Weet u het zeker? Het publiek ziet dan **versie {chosen.id}**{instead}: {md(labels[chosen.id])}.")
    yes, no = st.columns(2)
    # the button's key names the version: a click only ever publishes the version it was shown for
    if yes.button(f"Ja, publiceer versie {chosen.id}", key=f"beheer_confirm_{chosen.id}", type="primary"):
        editor = _require_editor()  # checked again at the moment of writing
        st.session_state.pop("beheer_pending", None)
        try:
            v, prev = store.publish_version(engine, chosen.id, by=editor)
        except store.StoreError as exc:
            st.error(md(exc))
            return
        st.session_state["beheer_flash"] = (f"Versie {v.id} is gepubliceerd"
                                            f"{f' (was versie {prev})' if prev and prev != v.id else ''}.")
        st.rerun()  # every line above (what the public sees, the table) from the new state
    if no.button("Annuleren", key="beheer_cancel"):
        st.session_state.pop("beheer_pending", None)
        st.rerun()

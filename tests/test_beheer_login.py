"""``current_editor`` reads ``st.user`` and the ``[beheer]`` settings as the app runs (AppTest's simulated
login): only ``email_verified = true`` makes an editor, unless the deployment opts in for a provider that
sends no such claim; the editor is the normalised address."""
from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

AUTH = {"redirect_uri": "http://127.0.0.1:8501/oauth2callback", "cookie_secret": "x" * 64, "client_id": "kaart",
        "client_secret": "geheim", "server_metadata_url": "http://127.0.0.1:9/.well-known/openid-configuration"}


def _show_editor():
    import streamlit as st

    from ui.beheer_page import current_editor

    st.text(repr(current_editor()))


def _editor(user: dict, beheer: dict) -> str:
    at = AppTest.from_function(_show_editor, default_timeout=30)
    at.secrets["auth"] = AUTH
    at.secrets["beheer"] = {"redacteuren": ["redacteur@vng.nl", "@zn.nl"], **beheer}
    at.user = {"is_logged_in": True, **user}
    at.run()
    assert not at.exception
    return at.text[0].value


@pytest.mark.parametrize("claims,beheer,editor", [
    ({"email": "Redacteur@VNG.nl ", "email_verified": True}, {}, "'redacteur@vng.nl'"),
    ({"email": "redacteur@vng.nl", "email_verified": "false"}, {}, "None"),
    ({"email": "redacteur@vng.nl", "email_verified": 0}, {}, "None"),
    ({"email": "redacteur@vng.nl"}, {}, "None"),
    ({"email": "iemand@zn.nl"}, {"vertrouw_email_zonder_verificatie": True}, "'iemand@zn.nl'"),
    ({"email": "iemand@zn.nl"}, {"vertrouw_email_zonder_verificatie": "true"}, "None"),  # only the TOML boolean
    ({"email": "iemand@zn.nl", "email_verified": False}, {"vertrouw_email_zonder_verificatie": True}, "None"),
])
def test_current_editor_from_the_login_claims(claims, beheer, editor):
    assert _editor(claims, beheer) == editor

"""Editors by address or domain: exact, case-insensitive, no subdomain or look-alike matches."""
import pytest

from store.access import is_editor

RULES = ["jan@vng.nl", "@zn.nl", "Insurer.NL"]


@pytest.mark.parametrize("email,ok", [
    ("jan@vng.nl", True), ("JAN@VNG.NL ", True), ("piet@vng.nl", False),
    ("iemand@zn.nl", True), ("iemand@sub.zn.nl", False), ("iemand@zn.nl.evil.com", False),
    ("a@insurer.nl", True), ("zn.nl", False), ("@zn.nl", False), ("x@evil.com@zn.nl", False),
    ("jan @vng.nl", False), ("", False), (None, False),
])
def test_editor_rules(email, ok):
    assert is_editor(email, RULES) is ok


def test_no_rules_no_editors():
    assert not is_editor("jan@vng.nl", []) and not is_editor("jan@vng.nl", None)


# --- email_verified: only the boolean True vouches for the address (issue 21, item 4) ---------------------

from hypothesis import given, strategies as st  # noqa: E402

from store.access import verified_editor  # noqa: E402

EDITORS = ["redacteur@vng.nl", "@zn.nl"]


@pytest.mark.parametrize("claim", ["false", "true", "True", 0, 1, 1.0, "", "0", "1", None, False, [True], {"x": 1}])
def test_only_boolean_true_verifies_the_address(claim):
    assert verified_editor({"email": "redacteur@vng.nl", "email_verified": claim}, EDITORS) is None
    assert verified_editor({"email": "redacteur@vng.nl", "email_verified": True}, EDITORS) == "redacteur@vng.nl"


def test_a_missing_claim_is_not_verified_unless_the_deployment_says_so():
    claims = {"email": "iemand@zn.nl"}
    assert verified_editor(claims, EDITORS) is None
    assert verified_editor(claims, EDITORS, trust_missing_verification=True) == "iemand@zn.nl"
    assert verified_editor({**claims, "email_verified": None}, EDITORS, trust_missing_verification=True) == "iemand@zn.nl"
    # the setting is for a provider that sends no claim: one that says "not verified" is still believed
    for said in (False, "false", 0, "true"):
        assert verified_editor({**claims, "email_verified": said}, EDITORS, trust_missing_verification=True) is None


def test_the_editor_is_the_normalised_address():
    claims = {"email": "  Redacteur@VNG.nl ", "email_verified": True}
    assert verified_editor(claims, EDITORS) == "redacteur@vng.nl"
    assert verified_editor({"email": "IEMAND@ZN.NL", "email_verified": True}, EDITORS) == "iemand@zn.nl"


@pytest.mark.parametrize("email", [None, "", "bezoeker@example.com", "redacteur@vng.nl.evil.com", 42, ["redacteur@vng.nl"]])
def test_no_editor_without_an_editors_address(email):
    assert verified_editor({"email": email, "email_verified": True}, EDITORS) is None


@given(st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=6),
                 st.lists(st.booleans(), max_size=2)), st.booleans())
def test_nothing_but_true_or_an_allowed_absence_makes_an_editor(claim, trust):
    got = verified_editor({"email": "Redacteur@vng.nl", "email_verified": claim}, EDITORS, trust_missing_verification=trust)
    allowed = claim is True or (trust and claim is None)
    assert got == ("redacteur@vng.nl" if allowed else None)

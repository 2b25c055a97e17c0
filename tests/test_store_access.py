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

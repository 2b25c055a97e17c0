"""Who may change the store from the app: editors named by e-mail address or by domain, logged in
with an address their identity provider vouches for.

>>> is_editor("Jan@VNG.nl", ["@vng.nl", "piet@zn.nl"])
True
>>> is_editor("jan@vng.nl.evil.com", ["@vng.nl"])
False
>>> verified_editor({"email": " Jan@VNG.nl", "email_verified": True}, ["@vng.nl"])
'jan@vng.nl'
>>> verified_editor({"email": "jan@vng.nl", "email_verified": "false"}, ["@vng.nl"]) is None
True
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping


def _normal(value: str) -> str:
    return str(value).strip().lower()


def verified_editor(claims: Mapping[str, object], editors: Iterable[str], *,
                    trust_missing_verification: bool = False) -> str | None:
    """The normalised (stripped, lower-case) address of the logged-in user when it is an editor's
    and the provider vouches for it, else None. Only the boolean ``email_verified: true`` vouches:
    the string ``"false"``, ``0`` or ``"true"`` do not (a truthiness test let them through).
    ``trust_missing_verification`` is the opt-in for a provider that sends no such claim at all
    (absent or null); a provider that sends one is still held to it."""
    verified = claims.get("email_verified")
    if verified is not True and not (trust_missing_verification and verified is None):
        return None
    email = claims.get("email")
    return _normal(email) if isinstance(email, str) and is_editor(email, editors) else None


def is_editor(email: str | None, editors: Iterable[str]) -> bool:
    """True when ``email`` is one of ``editors``: an address (``jan@vng.nl``) or a whole domain
    (``@vng.nl`` or ``vng.nl``; not its subdomains). Anything that is not one plain address is refused."""
    if not email or not isinstance(email, str):
        return False
    mail = _normal(email)
    local, at, domain = mail.partition("@")
    if not local or not at or "@" in domain or not domain or any(c.isspace() for c in mail):
        return False
    for rule in map(_normal, editors or ()):
        if not rule:
            continue
        if "@" in rule.lstrip("@"):
            if mail == rule:
                return True
        elif domain == rule.lstrip("@"):
            return True
    return False

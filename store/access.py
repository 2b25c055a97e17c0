"""Who may change the store from the app: editors named by e-mail address or by domain.

>>> is_editor("Jan@VNG.nl", ["@vng.nl", "piet@zn.nl"])
True
>>> is_editor("jan@vng.nl.evil.com", ["@vng.nl"])
False
"""
from __future__ import annotations

from collections.abc import Iterable


def _normal(value: str) -> str:
    return str(value).strip().lower()


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

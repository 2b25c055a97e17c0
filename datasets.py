"""Every dataset kind the store keeps, registered: import this module before using the store.

The store (ground floor) knows no domain type; each kind registers itself from its own package, and
this module, above all of them, imports those registrations so that the app, the CLI, the tests and
the benchmarks all see the same kinds, in this order. A new kind: one module in its package with a
``store.Kind`` and its ``store.register`` call, and a line here (``tests/test_architecture.py`` fails when
a registering module is missing here).
"""
from __future__ import annotations

import store
from inventory import inventaris_kind  # (in the order the kinds are offered: CLI --kind, Beheer)
from geo import regio_kind
from analysis import venster_kind
from analysis import zorgkantoren_kind

#: the registering modules
MODULES = (inventaris_kind, regio_kind, venster_kind, zorgkantoren_kind)


def names() -> list[str]:
    """The registered kinds' names."""
    return list(store.registered_kinds())

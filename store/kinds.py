"""The dataset kinds the store keeps, as a registry: the store keeps versions of *datasets* and knows
none of their domain types.

Each kind registers from its own package, one floor above the store (``inventaris`` in
``inventory/inventaris_kind.py``, ``regio`` in ``geo/regio_kind.py``, ``venster`` and ``zorgkantoren``
in ``analysis/``); ``datasets.py`` imports them all, and every entry (app, CLI, tests, benchmarks)
imports ``datasets`` before it uses the store, so all of them see the same kinds. A kind says how a
file is validated, how the result becomes rows and a report and back again exactly (same columns,
same dtypes), how it is exported as a table that reads back in, and what a diff compares. Adding a
kind is one new module with a :class:`Kind` and its :func:`register` call, and a line in
``datasets.py``: nothing here changes, and the store gives the kind its ``datasets`` row itself.
"""
from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pandas as pd

from store.db import StoreError

if TYPE_CHECKING:
    from store.versions import Context

#: a kind's name is the key of its ``datasets`` row (``String(20)``), of ``--kind`` and of links
NAME_RE = re.compile(r"[a-z][a-z0-9_]{0,19}")


@dataclass
class Encoded:
    """A validation result as the store keeps it."""

    rows: pd.DataFrame  # the accepted rows
    report: dict  # the whole validation report (rejections with reasons included)
    rows_read: int
    rows_rejected: int
    year: int | None
    meta: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Kind:
    """How the store handles one kind of dataset; every function takes and returns the kind's own
    validation result (``ValidationResult``, ``RegionSet``, ...), which the store never looks into."""

    name: str  # the datasets row, ``--kind``, what ``store list`` prints
    label: str  # Dutch, for people: "projectinventaris"
    #: (file bytes, file name, year, context) -> validation result; raises ReadError (or BoundaryError)
    #: for a file that is no usable table. ``context`` reads other published datasets (see Context).
    validate: Callable[[bytes, str, int, Context], Any]
    encode: Callable[[Any, int | None], Encoded]  # (result, year asked) -> rows and report
    decode: Callable[[list[dict], dict], Any]  # (row records, report) -> the result again, exactly
    rows: Callable[[Any], pd.DataFrame]  # the accepted rows of a result (what a diff compares)
    export_frame: Callable[[Any], pd.DataFrame]  # the accepted rows in a format that reads back in
    diff_key: tuple[str, ...]  # the columns that identify a row
    diff_fields: tuple[str, ...]  # the columns a diff compares field by field
    diff_name: str | None = None  # the column that names a row in a diff (None: the key says enough)
    unpublished: str = ""  # Dutch: what the app shows while nothing of it is published ("de demo")

    def __post_init__(self):
        if not NAME_RE.fullmatch(self.name):
            raise ValueError(f"kind name {self.name!r}: lower case letters, digits, _ (at most 20)")


_REGISTRY: dict[str, Kind] = {}


def register(kind: Kind) -> Kind:
    """Make ``kind`` known to the store (in registration order). Registering it again is harmless; another
    kind under a name that is taken is an error (two modules would fight over one dataset)."""
    known = _REGISTRY.get(kind.name)
    if known is not None and known is not kind and _origin(known) != _origin(kind):
        raise ValueError(f"kind {kind.name!r} is registered already (by {_origin(known)})")
    _REGISTRY[kind.name] = kind
    return kind


def _origin(kind: Kind) -> str:
    return getattr(kind.validate, "__module__", "?")


def unregister(name: str) -> None:
    """Forget a kind (tests that register one of their own); its stored versions stay."""
    _REGISTRY.pop(name, None)


def registered_kinds() -> dict[str, Kind]:
    """The registered kinds by name, in registration order."""
    return dict(_REGISTRY)


def get_kind(name: str) -> Kind:
    """The registered kind ``name``; an unknown name is one Dutch line (StoreError)."""
    try:
        return _REGISTRY[name]
    except (KeyError, TypeError):
        raise StoreError(f"onbekende soort {name!r}; kies uit: {', '.join(_REGISTRY) or '(geen)'}") from None


def check_kind(name: str) -> str:
    get_kind(name)
    return name


class _Labels(Mapping):
    """name -> Dutch label of every registered kind, read live from the registry."""

    def __getitem__(self, name: str) -> str:
        return _REGISTRY[name].label

    def __iter__(self) -> Iterator[str]:
        return iter(list(_REGISTRY))

    def __len__(self) -> int:
        return len(_REGISTRY)

    def __repr__(self) -> str:
        return f"KINDS({dict(self)!r})"


#: the registered kinds' labels (``store.KINDS["regio"] == "regio-indeling"``)
KINDS: Mapping[str, str] = _Labels()


def to_json(value) -> str:
    """JSON for a row or report: pandas' missing values become null, numpy scalars plain numbers."""
    return json.dumps(value, ensure_ascii=False, default=_plain, separators=(",", ":"))


def _plain(obj):
    if obj is pd.NA or obj is pd.NaT:
        return None
    if hasattr(obj, "item"):
        return obj.item()
    if isinstance(obj, (set, frozenset)):
        raise TypeError(f"cannot store a {type(obj).__name__} in a row")
    return str(obj)


def export_frame(kind: str, result) -> pd.DataFrame:
    """The accepted rows of ``result`` in the import format: the file reads back in to the same rows."""
    return get_kind(kind).export_frame(result)


def accepted_rows(kind: str, result) -> pd.DataFrame:
    return get_kind(kind).rows(result)

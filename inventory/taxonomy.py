"""The taxonomy (thema, fase, instrument, niveau, zorgverzekeraar) loaded from a TOML data file."""
from __future__ import annotations

import functools
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from rapidfuzz import fuzz, process

from geo.config import REPO_ROOT
from geo.names import normalise_key

TAXONOMY_FILE = REPO_ROOT / "data" / "projects" / "taxonomy.toml"
DIMENSIONS = ("thema", "fase", "instrument", "niveau", "zorgverzekeraar")


@dataclass(frozen=True)
class Value:
    """One value of a dimension: stable code, Dutch label, description, colour, accepted synonyms."""

    code: str
    label: str
    description: str
    colour: str
    synonyms: tuple[str, ...] = ()
    rank: int = 0  # position in the file; the order of an ordered dimension (fase, niveau)


@dataclass(frozen=True)
class Dimension:
    """The values of one dimension with a normalised lookup table."""

    name: str
    values: tuple[Value, ...]
    _lookup: dict = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self):
        for v in self.values:
            for key in (v.code, v.label, *v.synonyms):
                k = normalise_key(key)
                other = self._lookup.get(k)
                if other is not None and other != v.code:
                    raise ValueError(f"taxonomy {self.name}: {key!r} is used by both {other!r} and {v.code!r}")
                self._lookup[k] = v.code

    @property
    def codes(self) -> list[str]:
        return [v.code for v in self.values]

    def labels(self) -> dict[str, str]:
        return {v.code: v.label for v in self.values}

    def colours(self) -> dict[str, str]:
        return {v.code: v.colour for v in self.values}

    def rank(self, code: str) -> int:
        return next(v.rank for v in self.values if v.code == code)

    def match(self, raw: str) -> str | None:
        """The code for a code, label or synonym (any case, accents, spacing), else None."""
        return self._lookup.get(normalise_key(raw))

    def suggest(self, raw: str, limit: int = 3) -> list[str]:
        """Accepted spellings that resemble ``raw``, best first, at most one per value."""
        hits = process.extract(normalise_key(raw), list(self._lookup), scorer=fuzz.ratio, limit=20, score_cutoff=60)
        out: list[str] = []
        seen: set[str] = set()
        for key, _, _ in hits:
            code = self._lookup[key]
            if code not in seen:
                seen.add(code)
                out.append(key)
        return out[:limit]


@dataclass(frozen=True)
class Taxonomy:
    dimensions: dict[str, Dimension]
    source: Path
    #: inventory fields public outputs may show (``[openbaar] velden``; the rule: ``inventory.public``)
    public_fields: tuple[str, ...] = ()

    def __getitem__(self, name: str) -> Dimension:
        return self.dimensions[name]


def load_taxonomy(path: Path | str = TAXONOMY_FILE) -> Taxonomy:
    """Read and check the taxonomy file (cached per path and modification time)."""
    path = Path(path)
    return _load(str(path), path.stat().st_mtime_ns)


@functools.lru_cache(maxsize=4)
def _load(path: str, _mtime: int) -> Taxonomy:
    with open(path, "rb") as fh:
        raw = tomllib.load(fh)
    missing = [d for d in DIMENSIONS if d not in raw]
    if missing:
        raise ValueError(f"{path}: taxonomy lacks the dimensions {missing}")
    dims = {}
    for name in DIMENSIONS:
        values = []
        for rank, (code, spec) in enumerate(raw[name].items()):
            for key in ("label", "colour"):
                if key not in spec:
                    raise ValueError(f"{path}: {name}.{code} has no {key}")
            values.append(Value(code, spec["label"], spec.get("description", ""), spec["colour"], tuple(spec.get("synonyms", ())), rank))
        dims[name] = Dimension(name, tuple(values))
    return Taxonomy(dims, Path(path), _public_fields(raw, path))


def _public_fields(raw: dict, path: str) -> tuple[str, ...]:
    """``[openbaar] velden``: checked against the inventory's columns, so a typo hides no field by accident."""
    from inventory.schema import COLUMNS

    fields = raw.get("openbaar", {}).get("velden")
    if not isinstance(fields, list) or not all(isinstance(f, str) for f in fields):
        raise ValueError(f"{path}: [openbaar] velden must list the inventory fields public outputs may show")
    unknown = [f for f in fields if f not in COLUMNS]
    if unknown:
        raise ValueError(f"{path}: [openbaar] velden names unknown inventory fields {unknown}")
    return tuple(fields)

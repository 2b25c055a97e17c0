"""Focus on one region: find it by name, code or alias, and list the municipalities inside it.

A VNG advisor types what people say ("Den Bosch", "Den Haag", "Sudwest", "Twente", "ZK22"): the
search looks at codes, names (without accents and punctuation), the alias file of municipality
names, then prefixes, then fuzzy matches. A municipality found this way focuses the region that
contains it and selects the municipality itself.
"""
from __future__ import annotations

import csv
from dataclasses import dataclass

import pandas as pd
from rapidfuzz import fuzz, process

from analysis.prepare import Prepared
from geo.names import ALIASES_FILE, normalise_key

#: region levels a focus can be on, in the order a picker shows them (others follow by name)
FOCUS_ORDER = ("zorgkantoorregio", "provincie", "regioset")


@dataclass(frozen=True)
class Hit:
    """One search result: ``level`` and ``code`` of an area, its name, and why it matched."""

    level: str
    code: str
    naam: str
    how: str  # code, naam, alias, begin, deel, lijkt op
    score: float


def focus_levels(prep: Prepared) -> list[str]:
    """The region levels of ``prep`` that group municipalities (everything but ``gemeente``)."""
    others = sorted(k for k in prep.areas if k not in FOCUS_ORDER and k != "gemeente")
    return [k for k in FOCUS_ORDER if k in prep.areas] + others


def _aliases() -> dict[str, list[str]]:
    """normalised municipality name -> aliases people use (from data/gemeente_aliassen.csv)."""
    out: dict[str, list[str]] = {}
    if ALIASES_FILE.exists():
        with ALIASES_FILE.open(encoding="utf-8") as fh:
            for rec in csv.DictReader(fh):
                out.setdefault(normalise_key(rec["naam"]), []).append(rec["alias"])
    return out


def search_index(prep: Prepared) -> pd.DataFrame:
    """Every area of every level with its search keys: ``level``, ``code``, ``naam``, ``key``, ``how``."""
    aliases = _aliases()
    rows = []
    for level in ["gemeente", *focus_levels(prep)]:
        for code, naam in zip(prep.areas[level]["code"], prep.areas[level]["naam"]):
            rows.append((level, code, naam, normalise_key(code), "code"))
            rows.append((level, code, naam, normalise_key(naam), "naam"))
            if level == "gemeente":
                rows += [(level, code, naam, normalise_key(a), "alias") for a in aliases.get(normalise_key(naam), [])]
    return pd.DataFrame(rows, columns=["level", "code", "naam", "key", "how"]).drop_duplicates(["level", "code", "key"])


def search_areas(index: pd.DataFrame, query: str, limit: int = 8) -> list[Hit]:
    """Areas matching ``query``, best first: exact code/name/alias, then names that start with it,
    contain it, or look like it (typing errors). Regions rank above municipalities on equal terms."""
    q = normalise_key(query)
    if not q:
        return []
    keys = index["key"]
    scored: dict[tuple[str, str], Hit] = {}

    def add(rows: pd.DataFrame, how: str, score: float) -> None:
        for r in rows.itertuples(index=False):
            label = r.how if how == "exact" else how
            hit = Hit(r.level, r.code, r.naam, label, score + (0.5 if r.level != "gemeente" else 0))
            old = scored.get((r.level, r.code))
            if old is None or hit.score > old.score:
                scored[(r.level, r.code)] = hit

    add(index[keys == q], "exact", 100)
    add(index[keys.str.startswith(q) & (keys != q)], "begin", 90)
    add(index[keys.str.contains(q, regex=False) & ~keys.str.startswith(q)], "deel", 80)
    if len(scored) < limit:
        for key, score, pos in process.extract(q, keys.tolist(), scorer=fuzz.ratio, limit=limit * 3, score_cutoff=80):
            add(index.iloc[[pos]], "lijkt op", min(score, 79) * 0.9)
    return sorted(scored.values(), key=lambda h: (-h.score, h.naam))[:limit]


def region_of(prep: Prepared, gemeente_code: str, level: str) -> str | None:
    """The code of the area of ``level`` that contains the municipality."""
    col = f"{level}_code"
    row = prep.members.loc[prep.members["gemeente_code"] == gemeente_code, col] if col in prep.members else []
    return str(row.iloc[0]) if len(row) and pd.notna(row.iloc[0]) else None


def municipalities_in(prep: Prepared, level: str, code: str) -> list[str]:
    """Codes of the municipalities in area ``code`` of ``level`` (the municipality itself for ``gemeente``)."""
    if level == "gemeente":
        return [code]
    col = f"{level}_code"
    if col not in prep.members:
        raise ValueError(f"onbekend kaartniveau {level!r}")
    return sorted(prep.members.loc[prep.members[col] == code, "gemeente_code"])

"""Municipality identity: CBS codes, names, aliases, ambiguous and misspelled names.

Names are matched to codes once, at import. Every match that was not exact is reported.
"""
from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from rapidfuzz import fuzz, process

from geo.config import REPO_ROOT

ALIASES_FILE = REPO_ROOT / "data" / "gemeente_aliassen.csv"
_CODE_RE = re.compile(r"^(?:gm)?\s*0*(\d{1,4})$", re.IGNORECASE)
_PAREN_RE = re.compile(r"\s*\([^)]*\)\s*")


def normalise_key(text: str) -> str:
    """Lowercase, no accents, punctuation to spaces, single spaces: 'Súdwest-Fryslân' -> 'sudwest fryslan'."""
    text = unicodedata.normalize("NFKD", str(text))
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    text = re.sub(r"[^\w/+]+", " ", text.replace("'", ""))
    return " ".join(text.split())


def parse_code(value: str, prefix: str = "GM") -> str | None:
    """'GM0363', 'gm363', '363', '0363' -> 'GM0363'; None when it is not a code."""
    m = _CODE_RE.match(str(value).strip())
    return f"{prefix}{int(m.group(1)):04d}" if m else None


@dataclass
class Match:
    """Outcome of matching one municipality reference."""

    value: str
    code: str | None = None
    naam: str | None = None
    how: str = ""  # code, exact, normalised, alias, base name; empty when not matched
    reason: str = ""  # Dutch, when not matched
    suggestions: list[str] = field(default_factory=list)

    @property
    def exact(self) -> bool:
        return self.how in ("code", "exact")


class GemeenteMatcher:
    """Matches codes and names to the municipalities of one year.

    ``gemeenten``: frame with ``code`` and ``naam``; ``mutations``: the merger table, used to tell
    a user that a name or code is a municipality that has merged away.
    """

    def __init__(self, gemeenten: pd.DataFrame, year: int, mutations: pd.DataFrame | None = None,
                 aliases_file: Path = ALIASES_FILE):
        self.year = year
        self.names = dict(zip(gemeenten["code"], gemeenten["naam"]))
        self._exact = {n: c for c, n in self.names.items()}
        self._norm = {normalise_key(n): c for c, n in self.names.items()}
        self._base: dict[str, list[str]] = {}
        for c, n in self.names.items():
            self._base.setdefault(normalise_key(_PAREN_RE.sub(" ", n)), []).append(c)
        self._aliases = self._read_aliases(aliases_file)
        self._merged = self._read_merged(mutations)
        self._choices = list(self._norm)
        self._cache: dict[str, Match] = {}

    def _read_aliases(self, path: Path) -> dict[str, str]:
        out = {}
        if path.exists():
            with open(path, encoding="utf-8", newline="") as fh:
                for row in csv.DictReader(fh):
                    target = self._norm.get(normalise_key(row["naam"]))
                    if target:
                        out[normalise_key(row["alias"])] = target
        return out

    def _read_merged(self, mutations: pd.DataFrame | None) -> dict[str, tuple[str, str, str]]:
        """old code and old name -> (new code, date, old name), for codes no longer in this year."""
        out = {}
        if mutations is None or mutations.empty:
            return out
        for r in mutations.itertuples():
            if r.datum.year <= self.year and r.oude_code not in self.names:
                new = r.nieuwe_code
                info = (new, f"{r.datum:%Y}", r.oude_naam)
                out[r.oude_code] = info
                out[normalise_key(r.oude_naam)] = info
        return out

    def match(self, value: str) -> Match:
        """Match one reference (cached: inventories repeat names)."""
        hit = self._cache.get(value)
        if hit is None:
            hit = self._cache[value] = self._match(value)
        return hit

    def _match(self, value: str) -> Match:
        raw = str(value).strip()
        if not raw:
            return Match(value, reason="lege gemeentenaam")
        code = parse_code(raw)
        if code is not None:
            if code in self.names:
                return Match(value, code, self.names[code], "code")
            return Match(value, reason=f"CBS-code {code} bestaat niet in {self.year}", suggestions=self._merged_hint(code))
        if raw in self._exact:
            return Match(value, self._exact[raw], raw, "exact")
        key = normalise_key(raw)
        if key in self._norm:
            c = self._norm[key]
            return Match(value, c, self.names[c], "normalised")
        if key in self._aliases:
            c = self._aliases[key]
            return Match(value, c, self.names[c], "alias")
        base = self._base.get(normalise_key(_PAREN_RE.sub(" ", raw)), [])
        if len(base) == 1 and "(" not in raw:
            c = base[0]
            return Match(value, c, self.names[c], "base name")
        if len(base) > 1:
            cands = [f"{self.names[c]} ({c})" for c in base]
            return Match(value, reason=f"naam is dubbelzinnig in {self.year}: {' of '.join(cands)}", suggestions=[self.names[c] for c in base])
        merged = self._merged_hint(key)
        if merged:
            return Match(value, reason=f"'{raw}' bestaat niet meer in {self.year}: {merged[0]}", suggestions=merged[1:])
        hits = process.extract(key, self._choices, scorer=fuzz.WRatio, limit=3, score_cutoff=80)
        sugg = [self.names[self._norm[h]] for h, _, _ in hits]
        reason = f"onbekende gemeente in {self.year}" + (" (bedoelt u een van de suggesties?)" if sugg else "")
        return Match(value, reason=reason, suggestions=sugg)

    def _merged_hint(self, key: str) -> list[str]:
        info = self._merged.get(key)
        if not info:
            return []
        new, year, old = info
        return [f"{old} is per {year} opgegaan in {self.names.get(new, new)} ({new})", self.names.get(new, new)]

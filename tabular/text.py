"""Characters that change how text looks without being seen: removed from names at import.

Bidirectional controls (U+202A-U+202E, U+2066-U+2069, U+200E/U+200F, U+061C) can make a name
display reversed; zero-width characters (U+200B-U+200D, U+2060, U+FEFF) hide differences
between names that look the same. Neither belongs in a project, municipality or region name.
"""
from __future__ import annotations

import re

INVISIBLE = (
    "\u200b\u200c\u200d\u200e\u200f"  # zero width space/non-joiner/joiner, LRM, RLM
    "\u202a\u202b\u202c\u202d\u202e"  # embeddings and overrides
    "\u2060\u2066\u2067\u2068\u2069"  # word joiner, isolates
    "\u061c\ufeff"  # Arabic letter mark, zero width no-break space (BOM)
)
_INVISIBLE_RE = re.compile(f"[{INVISIBLE}]")


#: C0 and C1 control characters and DEL: a terminal runs them (``ESC[2J`` clears the screen) and a line
#: break or carriage return can fake a line of output
_CONTROL_RE = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def one_line(text: object) -> str:
    """``text`` as one safe line, for names and notes that are stored and printed (file names, version
    notes): tabs and line breaks become a space, other control characters and invisible ones go."""
    text = str(text).replace("\t", " ").replace("\r\n", " ").replace("\n", " ").replace("\r", " ")
    return strip_invisible(_CONTROL_RE.sub("", text))


def strip_invisible(text: str) -> str:
    """``text`` without bidi controls and zero-width characters."""
    return _INVISIBLE_RE.sub("", text)


def invisible_found(text: str) -> list[str]:
    """The invisible characters in ``text`` as code points (``U+202E``), in order of first use."""
    seen: list[str] = []
    for ch in _INVISIBLE_RE.findall(text):
        cp = f"U+{ord(ch):04X}"
        if cp not in seen:
            seen.append(cp)
    return seen


CORRECTION_COLUMNS = ["rij", "veld", "waarde", "correctie"]


def clean_table(table):
    """``table`` (a :class:`tabular.read.RawTable`) with invisible characters removed from the source
    name, the headers and every cell, and one correction record per changed cell.

    The corrections name the row (``0`` for the file name and headers), the column, the cleaned
    value and which characters were removed, so a report can list them: nothing changes silently.
    """
    import dataclasses

    corrections: list[dict] = []

    def fix(text: str, rij: int, veld: str) -> str:
        found = invisible_found(text)
        if not found:
            return text
        clean = strip_invisible(text)
        corrections.append({"rij": rij, "veld": veld, "waarde": clean,
                            "correctie": "onzichtbare of richtingtekens verwijderd: " + ", ".join(found)})
        return clean

    source = fix(table.source, 0, "bestandsnaam")
    headers = [fix(h, 0, "kopregel") for h in table.headers]
    rows = [[fix(c, num, headers[i] if i < len(headers) else f"kolom {i + 1}") if c else c for i, c in enumerate(cells)]
            for num, cells in zip(table.row_numbers, table.rows)]
    return dataclasses.replace(table, source=source, headers=headers, rows=rows), corrections

"""argparse types that several command groups share: they check a value before any work starts and
say in Dutch what is wrong with it (``cli.py export: fout: --out: ...``)."""
from __future__ import annotations

import argparse
from pathlib import Path


def out_path(*suffixes: str):
    """argparse type: a file to write; its directory must exist, it must not be a directory, and
    with ``suffixes`` its extension must be one of them."""
    def parse(value: str) -> Path:
        path = Path(value)
        if path.is_dir():
            raise argparse.ArgumentTypeError(f"{value} is een map; geef een bestandsnaam")
        if not path.parent.is_dir():
            raise argparse.ArgumentTypeError(f"de map {path.parent} bestaat niet")
        if suffixes and path.suffix.lower() not in suffixes:
            raise argparse.ArgumentTypeError(f"{value}: gebruik {' of '.join(suffixes)}")
        return path
    return parse


def year(value: str) -> int:
    """argparse type: a year as an inventory's jaar column accepts it (inventory.schema.YEARS)."""
    from inventory.schema import YEARS

    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is geen jaartal") from None
    if number not in YEARS:
        raise argparse.ArgumentTypeError(f"jaar {number} valt buiten {YEARS.start}-{YEARS.stop - 1}")
    return number


def base_url(value: str) -> str:
    """argparse type: an http(s) or file URL to download from (a mirror of a public source)."""
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018  (raises on a bad port)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is geen geldige URL") from None
    if parts.scheme not in ("http", "https", "file") or (parts.scheme != "file" and not parts.hostname):
        raise argparse.ArgumentTypeError(f"{value!r} is geen http(s)- of file-URL")
    return value


def codes(dimension: str):
    """argparse type: comma separated taxonomy values (codes, labels or synonyms) -> codes."""
    def parse(value: str) -> list[str]:
        from inventory.taxonomy import load_taxonomy

        dim = load_taxonomy()[dimension]
        out = []
        for part in (p.strip() for p in value.split(",") if p.strip()):
            code = dim.match(part)
            if code is None:
                hint = ", ".join(dim.suggest(part)) or ", ".join(dim.codes)
                raise argparse.ArgumentTypeError(f"onbekende {dimension} {part!r} (bedoelt u: {hint}?)")
            out.append(code)
        return out
    return parse

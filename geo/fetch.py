"""Download boundary files from their public source (the cartomap mirror of CBS/PDOK data).

Writes are atomic: a file is downloaded to a temporary name beside its destination, checked to
parse as boundaries, and only then renamed into place, so a failed download leaves nothing behind.
"""
from __future__ import annotations

import os
import socket
import tempfile
import urllib.error
import urllib.request
from http.client import HTTPException
from pathlib import Path
from typing import Iterable

import pyogrio
from tqdm import tqdm

from geo.boundaries import is_boundary_type
from geo.config import BOUNDARY_TYPES, DEFAULT_DIR, MUTATIONS_FILE, boundary_path

DEFAULT_BASE_URL = "https://cartomap.github.io/nl"
TIMEOUT_S = 30
MAX_BYTES = 200 * 1024 * 1024


class FetchError(Exception):
    """A download failed; the message says which URL and why."""


def file_url(base_url: str, kind: str, year: int) -> str:
    """URL of one file in the ``{base}/wgs84/{type}_{year}.topojson`` layout."""
    return f"{base_url.rstrip('/')}/wgs84/{kind}_{year}.topojson"


def fetch_boundaries(
    year: int,
    types: Iterable[str] = BOUNDARY_TYPES,
    base_url: str = DEFAULT_BASE_URL,
    dest: str | os.PathLike = DEFAULT_DIR,
    progress: bool = True,
) -> list[Path]:
    """Download the boundary files of ``types`` for ``year`` into ``dest``; return the paths written."""
    dest = Path(dest)
    written = []
    for kind in types:
        if not is_boundary_type(kind):
            raise FetchError(f"Unknown boundary type {kind!r}; e.g. {', '.join(BOUNDARY_TYPES)}, ggdregio, jeugdregio")
        target = boundary_path(dest, kind, year)
        download(file_url(base_url, kind, year), target, progress=progress, check=_check_topojson)
        written.append(target)
    return written


def fetch_mutations(base_url: str, dest: str | os.PathLike = DEFAULT_DIR, progress: bool = True) -> Path | None:
    """Download ``gemeente_mutaties.csv`` when the source has it; None when it answers 404."""
    target = Path(dest) / MUTATIONS_FILE
    try:
        download(f"{base_url.rstrip('/')}/{MUTATIONS_FILE}", target, progress=progress, check=_check_mutations)
    except FetchError as exc:
        if "HTTP 404" in str(exc):
            return None
        raise
    return target


def download(url: str, target: Path, progress: bool = True, check=None) -> None:
    """Stream ``url`` to ``target`` atomically, with a progress bar; ``check(path)`` validates the result."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as out:
            _stream(url, out, target.name, progress)
        if check is not None:
            check(tmp)
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)


def _stream(url: str, out, label: str, progress: bool) -> None:
    try:
        with urllib.request.urlopen(url, timeout=TIMEOUT_S) as resp:
            total = resp.headers.get("Content-Length")
            total = int(total) if total and total.isdigit() else None
            if total and total > MAX_BYTES:
                raise FetchError(f"{url} is {total} bytes, more than the limit of {MAX_BYTES}")
            received = 0
            with tqdm(total=total, unit="B", unit_scale=True, desc=label, disable=not progress, leave=False) as bar:
                while chunk := resp.read(64 * 1024):
                    received += len(chunk)
                    if received > MAX_BYTES:
                        raise FetchError(f"{url} is larger than the limit of {MAX_BYTES} bytes")
                    out.write(chunk)
                    bar.update(len(chunk))
            if total is not None and received != total:
                raise FetchError(f"Download of {url} broke off after {received} of {total} bytes")
    except urllib.error.HTTPError as exc:
        raise FetchError(f"{url} answered HTTP {exc.code} ({exc.reason}): no such file at the source") from None
    except urllib.error.URLError as exc:
        raise FetchError(
            f"Cannot reach {url} ({exc.reason}). Are you offline? Copy the files by hand into the "
            "boundaries directory, or pass --base-url to a mirror."
        ) from None
    except (HTTPException, socket.timeout, ConnectionError, TimeoutError) as exc:
        raise FetchError(f"Download of {url} broke off: {exc.__class__.__name__} {exc}") from None


def _check_topojson(path: Path) -> None:
    try:
        info = pyogrio.read_info(path)
        columns = set(info["fields"])
    except Exception as exc:
        raise FetchError(f"The downloaded file does not parse as TopoJSON boundaries: {exc}") from None
    if info["features"] == 0 or not {"statcode", "statnaam"} <= columns:
        raise FetchError("The downloaded file has no features with statcode/statnaam: not CBS boundaries")


def _check_mutations(path: Path) -> None:
    head = path.read_text(encoding="utf-8", errors="replace").splitlines()[:1]
    if not head or not head[0].startswith("datum,oude_code"):
        raise FetchError(f"The downloaded {MUTATIONS_FILE} does not have the expected header")

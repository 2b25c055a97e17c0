"""Download boundary files from their public source (the cartomap mirror of CBS/PDOK data).

Writes are atomic: a file is downloaded to a temporary name beside its destination, checked to
parse as boundaries, and only then renamed into place, so a failed download leaves nothing behind.
"""
from __future__ import annotations

import os
import socket
import tempfile
import time
import urllib.error
import urllib.request
from http.client import HTTPException
from pathlib import Path
from typing import Iterable

import pyogrio
from tqdm import tqdm

from dutch_errors import network_reason, os_reason
from geo.boundaries import is_boundary_type
from geo.config import BOUNDARY_TYPES, DEFAULT_DIR, MUTATIONS_FILE, boundary_path

DEFAULT_BASE_URL = "https://cartomap.github.io/nl"
TIMEOUT_S = 30
MAX_BYTES = 200 * 1024 * 1024
#: Overall time one file may take, however slowly a server trickles its bytes.
DEADLINE_S = 600


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
    deadline_s: float = DEADLINE_S,
) -> list[Path]:
    """Download the boundary files of ``types`` for ``year`` into ``dest``; return the paths written.

    Each file must arrive within ``deadline_s`` seconds in all (not only per read)."""
    dest = Path(dest)
    _check_dest(dest)
    written = []
    for kind in types:
        if not is_boundary_type(kind):
            raise FetchError(f"onbekend grenstype {kind!r}; bijvoorbeeld {', '.join(BOUNDARY_TYPES)}, ggdregio, jeugdregio")
        target = boundary_path(dest, kind, year)
        download(file_url(base_url, kind, year), target, progress=progress, check=_check_topojson, deadline_s=deadline_s)
        written.append(target)
    return written


def fetch_mutations(base_url: str, dest: str | os.PathLike = DEFAULT_DIR, progress: bool = True,
                    deadline_s: float = DEADLINE_S) -> Path | None:
    """Download ``gemeente_mutaties.csv`` when the source has it; None when it answers 404."""
    _check_dest(Path(dest))
    target = Path(dest) / MUTATIONS_FILE
    try:
        download(f"{base_url.rstrip('/')}/{MUTATIONS_FILE}", target, progress=progress, check=_check_mutations,
                 deadline_s=deadline_s)
    except FetchError as exc:
        if "HTTP 404" in str(exc):
            return None
        raise
    return target


def _check_dest(dest: Path) -> None:
    """The destination must be a directory (or not exist yet, with a directory above it)."""
    if dest.exists() and not dest.is_dir():
        raise FetchError(f"{dest} is een bestand, geen map: geef met --dest een map op")
    try:
        dest.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise FetchError(f"map {dest} kan niet worden gemaakt: {os_reason(exc)}") from None


def download(url: str, target: Path, progress: bool = True, check=None, deadline_s: float = DEADLINE_S) -> None:
    """Stream ``url`` to ``target`` atomically, with a progress bar; ``check(path)`` validates the result."""
    _check_dest(target.parent)
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    except OSError as exc:
        raise FetchError(f"kan niet schrijven in {target.parent}: {os_reason(exc)}") from None
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as out:
            _stream(url, out, target.name, progress, time.monotonic() + deadline_s)
        if check is not None:
            check(tmp)
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)


def _remaining(deadline: float, url: str) -> float:
    left = deadline - time.monotonic()
    if left <= 0:
        raise FetchError(f"download van {url} was niet binnen de tijdslimiet klaar")
    return left


def _stream(url: str, out, label: str, progress: bool, deadline: float) -> None:
    try:
        with urllib.request.urlopen(url, timeout=min(TIMEOUT_S, _remaining(deadline, url))) as resp:
            # the socket under the response: its timeout shrinks with the time left, so a server that
            # trickles a byte at a time cannot stretch the download beyond the deadline
            sock = getattr(getattr(resp.fp, "raw", None), "_sock", None)
            total = resp.headers.get("Content-Length")
            total = int(total) if total and total.isascii() and total.isdigit() else None
            if total and total > MAX_BYTES:
                raise FetchError(f"{url} is {total:,} bytes, meer dan de grens van {MAX_BYTES:,}")
            received = 0
            with tqdm(total=total, unit="B", unit_scale=True, desc=label, disable=not progress, leave=False) as bar:
                while True:
                    if sock is not None:
                        sock.settimeout(min(TIMEOUT_S, _remaining(deadline, url)))
                    chunk = resp.read1(64 * 1024)
                    _remaining(deadline, url)
                    if not chunk:
                        break
                    received += len(chunk)
                    if received > MAX_BYTES:
                        raise FetchError(f"{url} is groter dan de grens van {MAX_BYTES:,} bytes")
                    out.write(chunk)
                    bar.update(len(chunk))
            if total is not None and received != total:
                raise FetchError(f"download van {url} afgebroken na {received:,} van {total:,} bytes")
    except urllib.error.HTTPError as exc:
        raise FetchError(f"{url} antwoordde HTTP {exc.code} ({exc.reason}): dat bestand is er niet") from None
    except urllib.error.URLError as exc:
        raise FetchError(
            f"{url} is niet bereikbaar: {network_reason(exc)}. Geen internet? Zet de bestanden met de hand in de "
            "grenzenmap, of geef met --base-url een mirror op."
        ) from None
    except (HTTPException, socket.timeout, ConnectionError, TimeoutError) as exc:
        if time.monotonic() >= deadline:
            raise FetchError(f"download van {url} was niet binnen de tijdslimiet klaar") from None
        raise FetchError(f"download van {url} afgebroken: {network_reason(exc)}") from None
    except ValueError:  # e.g. "Invalid IPv6 URL", unknown url type
        raise FetchError(f"{url} is geen geldige URL") from None


def _check_topojson(path: Path) -> None:
    try:
        info = pyogrio.read_info(path)
        columns = set(info["fields"])
    except Exception as exc:
        raise FetchError(f"het gedownloade bestand is geen leesbare TopoJSON ({exc.__class__.__name__})") from None
    if info["features"] == 0 or not {"statcode", "statnaam"} <= columns:
        raise FetchError("het gedownloade bestand heeft geen gebieden met statcode/statnaam: geen CBS-grenzen")


def _check_mutations(path: Path) -> None:
    head = path.read_text(encoding="utf-8", errors="replace").splitlines()[:1]
    if not head or not head[0].startswith("datum,oude_code"):
        raise FetchError(f"het gedownloade {MUTATIONS_FILE} heeft niet de verwachte kopregel")

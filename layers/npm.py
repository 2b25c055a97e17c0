"""Browser packages from the npm registry without Node: read the lock file, download each package's
tarball, check it against the lock's ``integrity`` hash, unpack it safely.

>>> pkgs = locked_packages(REPO_ROOT / "package-lock.json")      # doctest: +SKIP
>>> [(p.name, p.version) for p in pkgs]                          # doctest: +SKIP
[('leaflet', '1.9.4'), ('leaflet.markercluster', '1.5.3')]

Nothing is written unless the hash matches; members that would land outside the target folder
(absolute paths, ``..``), links and device files are refused.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import io
import json
import posixpath
import re
import socket
import tarfile
import urllib.error
import urllib.request
from dataclasses import dataclass
from http.client import HTTPException
from pathlib import Path

from dutch_errors import network_reason, os_reason

DEFAULT_REGISTRY = "https://registry.npmjs.org"
TIMEOUT_S = 30
MAX_TARBALL_BYTES = 50 * 1024 * 1024  # leaflet is 0.9 MB
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
#: hashes npm writes into lock files, strongest first; sha1 (old lock files) is not accepted
_ALGORITHMS = ("sha512", "sha384", "sha256")


class PackageError(RuntimeError):
    """A package could not be downloaded, verified or unpacked; the message says which and why."""


@dataclass(frozen=True)
class LockedPackage:
    name: str
    version: str
    integrity: str
    resolved: str | None = None

    def tarball_url(self, registry: str | None = None) -> str:
        """The lock's ``resolved`` URL, or the registry's standard tarball URL for name and version.

        With an explicit ``registry`` the URL is always derived from it (a mirror or a test server).
        """
        if self.resolved and registry is None:
            return self.resolved
        base = (registry or DEFAULT_REGISTRY).rstrip("/")
        leaf = self.name.rsplit("/", 1)[-1]  # @scope/pkg -> pkg-1.0.0.tgz
        return f"{base}/{self.name}/-/{leaf}-{self.version}.tgz"


#: npm's rules for a package name (validate-npm-package-name, new packages): lower case, URL-safe,
#: not starting with a dot or underscore, optionally ``@scope/``; at most 214 characters. So a name
#: is never ``..``, never has a path separator besides the scope's one, and stays inside a folder.
_NAME_PART = r"[a-z0-9~-][a-z0-9._~-]*"
_NAME_RE = re.compile(rf"(?:@{_NAME_PART}/)?{_NAME_PART}")
_KEY_RE = re.compile(rf"node_modules/(?:{_NAME_RE.pattern}/node_modules/)*(?P<name>{_NAME_RE.pattern})")
_VERSION_RE = re.compile(r"\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?")
MAX_NAME = 214


def valid_name(name: object) -> bool:
    """True when ``name`` follows npm's package name rules (and so is a safe folder name)."""
    return isinstance(name, str) and len(name) <= MAX_NAME and _NAME_RE.fullmatch(name) is not None


def locked_packages(lock_file: Path) -> list[LockedPackage]:
    """The packages pinned in an npm lock file (lockfileVersion 2 or 3: the ``packages`` map).

    Raises PackageError (one Dutch line) for a lock that is not what npm writes: a key that is no
    ``node_modules/<name>`` path with a valid npm name, an entry that is not an object, a version,
    integrity or resolved URL that is not a string of the expected form.
    """
    try:
        lock = json.loads(Path(lock_file).read_text(encoding="utf-8"))
    except OSError as exc:
        raise PackageError(f"{lock_file} is niet te lezen: {os_reason(exc)}") from None
    except ValueError as exc:
        raise PackageError(f"{lock_file} is geen geldige JSON ({exc.__class__.__name__})") from None
    entries = lock.get("packages") if isinstance(lock, dict) else None
    if not isinstance(entries, dict):
        raise PackageError(f"{lock_file} heeft geen 'packages'-tabel (lockfileVersion 2 of 3 nodig)")
    out = []
    for key, meta in sorted(entries.items()):
        if key == "":
            continue  # the project itself
        if not isinstance(meta, dict):
            raise PackageError(f"{lock_file}: de regel {_show(key)} is geen object: ongeldig lock-bestand")
        if meta.get("link") or meta.get("dev"):
            continue  # links and dev tools are not browser files
        match = _KEY_RE.fullmatch(key) if isinstance(key, str) else None
        if match is None or len(match["name"]) > MAX_NAME:
            raise PackageError(f"{lock_file}: {_show(key)} is geen node_modules/<naam> met een geldige npm-pakketnaam; "
                               "niets geïnstalleerd")
        name, version, integrity, resolved = match["name"], meta.get("version"), meta.get("integrity"), meta.get("resolved")
        if not version or not integrity:
            raise PackageError(f"{lock_file}: {name} heeft geen versie of integrity-hash: niet ongecontroleerd geïnstalleerd")
        if not isinstance(version, str) or not _VERSION_RE.fullmatch(version):
            raise PackageError(f"{lock_file}: {name} heeft geen geldige versie ({_show(version)})")
        if not isinstance(integrity, str):
            raise PackageError(f"{lock_file}: de integrity van {name} is geen tekst ({type(integrity).__name__})")
        if resolved is not None and not (isinstance(resolved, str) and resolved.startswith(("https://", "http://"))):
            raise PackageError(f"{lock_file}: resolved van {name} is geen http(s)-adres ({_show(resolved)})")
        out.append(LockedPackage(name, version, integrity, resolved))
    return out


def _show(value: object) -> str:
    """A lock value in a message: quoted, shortened, control characters escaped."""
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def verify(data: bytes, integrity: str, label: str = "package") -> None:
    """Raise PackageError unless ``data`` matches the Subresource-Integrity string ``integrity``.

    ``integrity`` may list several hashes (space separated); the strongest supported one decides.
    """
    hashes: dict[str, list[str]] = {}
    for part in integrity.split():
        algo, _, digest = part.partition("-")
        hashes.setdefault(algo, []).append(digest.split("?", 1)[0])
    for algo in _ALGORITHMS:
        if algo in hashes:
            actual = base64.b64encode(hashlib.new(algo, data).digest()).decode()
            if any(hmac.compare_digest(actual, want) for want in hashes[algo]):
                return
            raise PackageError(f"{label}: de {algo}-hash klopt niet met het lock-bestand (gewijzigde of beschadigde "
                               "download); niets geïnstalleerd")
    raise PackageError(f"{label}: geen bruikbare hash in het lock-bestand ({integrity[:20]}...); sha512, sha384 of "
                       "sha256 nodig")


def download(url: str, max_bytes: int = MAX_TARBALL_BYTES) -> bytes:
    """The body of ``url`` (at most ``max_bytes``)."""
    try:
        with urllib.request.urlopen(url, timeout=TIMEOUT_S) as resp:
            data = resp.read(max_bytes + 1)
    except urllib.error.HTTPError as exc:
        raise PackageError(f"{url} antwoordde HTTP {exc.code} ({exc.reason})") from None
    except urllib.error.URLError as exc:
        raise PackageError(f"{url} is niet bereikbaar: {network_reason(exc)}; geef met --registry een mirror op") from None
    except (HTTPException, socket.timeout, ConnectionError, TimeoutError) as exc:
        raise PackageError(f"download van {url} afgebroken: {network_reason(exc)}") from None
    except ValueError as exc:  # unknown url type, a bad port
        raise PackageError(f"{url} is geen geldig adres ({exc.__class__.__name__})") from None
    if len(data) > max_bytes:
        raise PackageError(f"{url} is groter dan {max_bytes:,} bytes")
    return data


def unpack(data: bytes, dest: Path, label: str = "package") -> list[Path]:
    """Unpack an npm tarball into ``dest``, dropping its top folder (``package/``).

    Only regular files and folders are written; a member with an absolute path, a ``..`` part,
    a link or a device makes the whole tarball refused before anything is written.
    """
    try:
        tar = tarfile.open(fileobj=io.BytesIO(data), mode="r:gz")
        members = tar.getmembers()
    except (tarfile.TarError, OSError, EOFError) as exc:
        raise PackageError(f"{label}: geen leesbaar tar-archief ({exc.__class__.__name__})") from None
    plan: list[tuple[tarfile.TarInfo, str]] = []
    total = 0
    for m in members:
        name = m.name.replace("\\", "/")
        if name.startswith("/") or (len(name) > 1 and name[1] == ":"):
            raise PackageError(f"{label}: geweigerd, absoluut pad in het archief: {m.name!r}")
        parts = [p for p in name.split("/") if p not in ("", ".")]
        if ".." in parts:
            raise PackageError(f"{label}: geweigerd, pad buiten de pakketmap: {m.name!r}")
        if not (m.isfile() or m.isdir()):
            raise PackageError(f"{label}: geweigerd, {m.name!r} is een koppeling of speciaal bestand")
        rel = posixpath.join(*parts[1:]) if len(parts) > 1 else ""
        if not rel:
            continue
        total += m.size if m.isfile() else 0
        if total > MAX_UNPACKED_BYTES:
            raise PackageError(f"{label}: pakt uit tot meer dan {MAX_UNPACKED_BYTES:,} bytes")
        plan.append((m, rel))
    root = dest.resolve()
    written = []
    for m, rel in plan:
        target = (root / rel).resolve()
        if root not in target.parents:
            raise PackageError(f"{label}: geweigerd, {m.name!r} komt buiten {dest} uit")
        if m.isdir():
            target.mkdir(parents=True, exist_ok=True)
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        src = tar.extractfile(m)
        target.write_bytes(src.read() if src is not None else b"")
        written.append(target)
    return written


def fetch_package(pkg: LockedPackage, dest: Path, registry: str | None = None) -> list[Path]:
    """Download ``pkg``, verify it against its lock hash, unpack it into ``dest``."""
    label = f"{pkg.name}@{pkg.version}"
    url = pkg.tarball_url(registry)
    data = download(url)
    verify(data, pkg.integrity, label)
    return unpack(data, dest, label)

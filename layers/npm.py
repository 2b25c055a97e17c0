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
import socket
import tarfile
import urllib.error
import urllib.request
from dataclasses import dataclass
from http.client import HTTPException
from pathlib import Path

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


def locked_packages(lock_file: Path) -> list[LockedPackage]:
    """The packages pinned in an npm lock file (lockfileVersion 2 or 3: the ``packages`` map)."""
    try:
        lock = json.loads(Path(lock_file).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise PackageError(f"cannot read {lock_file}: {exc}") from None
    entries = lock.get("packages")
    if not isinstance(entries, dict):
        raise PackageError(f"{lock_file} has no 'packages' map (lockfileVersion 2 or 3 needed)")
    out = []
    for key, meta in sorted(entries.items()):
        if not key.startswith("node_modules/") or meta.get("link") or meta.get("dev"):
            continue  # "" is the project itself; links and dev tools are not browser files
        name = key.rsplit("node_modules/", 1)[-1]
        if not meta.get("version") or not meta.get("integrity"):
            raise PackageError(f"{lock_file}: {name} has no version or integrity hash: refusing to install it unchecked")
        out.append(LockedPackage(name, meta["version"], meta["integrity"], meta.get("resolved")))
    return out


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
            raise PackageError(f"{label}: {algo} hash does not match the lock file (tampered or corrupt download); "
                               "nothing installed")
    raise PackageError(f"{label}: no supported hash in the lock file ({integrity[:20]}...); need sha512, sha384 or sha256")


def download(url: str, max_bytes: int = MAX_TARBALL_BYTES) -> bytes:
    """The body of ``url`` (at most ``max_bytes``)."""
    try:
        with urllib.request.urlopen(url, timeout=TIMEOUT_S) as resp:
            data = resp.read(max_bytes + 1)
    except urllib.error.HTTPError as exc:
        raise PackageError(f"{url} answered HTTP {exc.code} ({exc.reason})") from None
    except urllib.error.URLError as exc:
        raise PackageError(f"cannot reach {url} ({exc.reason}); offline? set --registry to a mirror") from None
    except (HTTPException, socket.timeout, ConnectionError, TimeoutError) as exc:
        raise PackageError(f"download of {url} broke off: {exc.__class__.__name__} {exc}") from None
    if len(data) > max_bytes:
        raise PackageError(f"{url} is larger than {max_bytes} bytes")
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
        raise PackageError(f"{label}: not a readable tarball ({exc})") from None
    plan: list[tuple[tarfile.TarInfo, str]] = []
    total = 0
    for m in members:
        name = m.name.replace("\\", "/")
        if name.startswith("/") or (len(name) > 1 and name[1] == ":"):
            raise PackageError(f"{label}: refused, absolute path in tarball: {m.name!r}")
        parts = [p for p in name.split("/") if p not in ("", ".")]
        if ".." in parts:
            raise PackageError(f"{label}: refused, path leaves the package folder: {m.name!r}")
        if not (m.isfile() or m.isdir()):
            raise PackageError(f"{label}: refused, {m.name!r} is a link or special file")
        rel = posixpath.join(*parts[1:]) if len(parts) > 1 else ""
        if not rel:
            continue
        total += m.size if m.isfile() else 0
        if total > MAX_UNPACKED_BYTES:
            raise PackageError(f"{label}: unpacks to more than {MAX_UNPACKED_BYTES} bytes")
        plan.append((m, rel))
    root = dest.resolve()
    written = []
    for m, rel in plan:
        target = (root / rel).resolve()
        if root not in target.parents:
            raise PackageError(f"{label}: refused, {m.name!r} resolves outside {dest}")
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

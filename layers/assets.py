"""Leaflet and its plugins, served by the project itself instead of public CDNs.

The files come from the npm registry as the tarballs pinned in ``package-lock.json`` (leaflet,
leaflet.markercluster), downloaded by Python and checked against the lock's integrity hashes
(``layers.npm``; no Node.js needed), and are copied into ``static/vendor``
(``python cli.py assets install``), which Streamlit serves under ``/app/static/`` and the HTML
export inlines. No CDN URL survives in a map built with :func:`local_assets`.
"""
from __future__ import annotations

import json
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from geo.config import REPO_ROOT
from dutch_errors import os_reason
from layers.npm import PackageError, fetch_package, locked_packages

LOCK_FILE = REPO_ROOT / "package-lock.json"
VENDOR_DIR = REPO_ROOT / "static" / "vendor"
STREAMLIT_STATIC_URL = "/app/static/vendor"
STAMP = ".installed.json"  # name@version -> integrity of what vendor_dir holds

#: npm package -> (vendor sub-folder, dist folder in the package, files the maps use).
#: A locked package without an entry here is unpacked whole into ``vendor/<name>``.
_PACKAGES = {
    "leaflet": ("leaflet", "dist", ["leaflet.js", "leaflet.css", "images"]),
    "leaflet.markercluster": (
        "markercluster",
        "dist",
        ["leaflet.markercluster.js", "MarkerCluster.css", "MarkerCluster.Default.css"],
    ),
}
LEAFLET_JS = [("leaflet", "leaflet/leaflet.js")]
LEAFLET_CSS = [("leaflet_css", "leaflet/leaflet.css")]
CLUSTER_JS = [("markerclusterjs", "markercluster/leaflet.markercluster.js")]
CLUSTER_CSS = [
    ("markerclustercss", "markercluster/MarkerCluster.css"),
    ("markerclusterdefaultcss", "markercluster/MarkerCluster.Default.css"),
]


class AssetsMissing(RuntimeError):
    """Leaflet files are not installed; run the set-up."""


def install_assets(lock_file: Path = LOCK_FILE, vendor_dir: Path = VENDOR_DIR, registry: str | None = None,
                   force: bool = False) -> list[Path]:
    """Download every package of ``lock_file``, verify its hash, put the files the maps use into ``vendor_dir``.

    Skipped (no network) when ``vendor_dir`` already holds exactly the locked versions, unless
    ``force``. Each package is unpacked into a temporary folder first; ``vendor_dir`` only
    changes once every package has been verified. Raises AssetsMissing with the reason.
    """
    try:
        packages = locked_packages(lock_file)
    except PackageError as exc:
        raise AssetsMissing(str(exc)) from None
    want = {f"{p.name}@{p.version}": p.integrity for p in packages}
    stamp = vendor_dir / STAMP
    if not force and stamp.exists() and _read_stamp(stamp) == want:
        try:
            check_assets(vendor_dir)
            return []
        except AssetsMissing:
            pass
    try:
        vendor_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise AssetsMissing(f"{vendor_dir}: {os_reason(exc)}") from None
    with tempfile.TemporaryDirectory(prefix=".staging-", dir=vendor_dir) as tmp:
        root = Path(tmp).resolve()
        staged = root / "out"
        for pkg in packages:
            unpacked = _inside(root, root / "pkg" / pkg.name)
            unpacked.mkdir(parents=True)
            try:
                fetch_package(pkg, unpacked, registry)
            except PackageError as exc:
                raise AssetsMissing(str(exc)) from None
            sub, dist, files = _PACKAGES.get(pkg.name, (pkg.name, "", ["."]))
            for f in files:
                src = unpacked / dist / f
                if not src.exists():
                    raise AssetsMissing(f"{pkg.name}@{pkg.version} heeft geen {dist}/{f}: pint package-lock.json de "
                                        "juiste versie?")
                dst = _inside(staged, staged / sub / f)
                dst.parent.mkdir(parents=True, exist_ok=True)
                (shutil.copytree(src, dst, dirs_exist_ok=True) if src.is_dir() else shutil.copy2(src, dst))
        copied = []
        for folder in sorted(p for p in staged.iterdir()):
            target = vendor_dir / folder.name
            if target.exists():
                shutil.rmtree(target)
            shutil.move(str(folder), target)
            copied += [p for p in target.rglob("*") if p.is_file()]
    stamp.write_text(json.dumps(want, indent=1, sort_keys=True), encoding="utf-8")
    return copied


def _inside(root: Path, path: Path) -> Path:
    """``path`` resolved, or AssetsMissing when it is not inside ``root`` (the lock's names are checked
    by ``layers.npm``; this is the second lock on the door)."""
    resolved = path.resolve()
    if resolved != root and root not in resolved.parents:
        raise AssetsMissing(f"geweigerd: {path.relative_to(root) if path.is_relative_to(root) else path} komt buiten "
                            "de installatiemap uit")
    return resolved


def _read_stamp(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def check_assets(vendor_dir: Path = VENDOR_DIR) -> None:
    """Raise AssetsMissing when a needed file is not in ``vendor_dir``."""
    for _, path in LEAFLET_JS + LEAFLET_CSS + CLUSTER_JS + CLUSTER_CSS:
        if not (vendor_dir / path).exists():
            raise AssetsMissing(f"{vendor_dir / path} ontbreekt: voer ./dev.sh setup uit (of python cli.py assets install)")


@dataclass(frozen=True)
class AssetBase:
    """Where the browser finds the vendor files: a URL prefix (Streamlit) or a file path (export)."""

    prefix: str = STREAMLIT_STATIC_URL

    def links(self, pairs: list[tuple[str, str]]) -> list[tuple[str, str]]:
        return [(name, f"{self.prefix.rstrip('/')}/{path}") for name, path in pairs]


def local_assets(element, js: list[tuple[str, str]], css: list[tuple[str, str]], base: AssetBase) -> None:
    """Point a folium element's ``default_js``/``default_css`` at the project's own files."""
    element.default_js = base.links(js)
    element.default_css = base.links(css)


def read_vendor_file(relative: str, vendor_dir: Path = VENDOR_DIR) -> str:
    """Text of one vendor file, for inlining into a standalone HTML export."""
    path = vendor_dir / relative
    if not path.exists():
        raise AssetsMissing(f"{path} ontbreekt: voer ./dev.sh setup uit")
    return path.read_text(encoding="utf-8")

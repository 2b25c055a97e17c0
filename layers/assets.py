"""Leaflet and its plugins, served by the project itself instead of public CDNs.

The files come from the npm registry (``package.json``: leaflet, leaflet.markercluster) and are
copied into ``static/vendor`` (``python cli.py assets install``), which Streamlit serves under
``/app/static/`` and the HTML export inlines. No CDN URL survives in a map built with
:func:`local_assets`.
"""
from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from geo.config import REPO_ROOT

NODE_MODULES = REPO_ROOT / "node_modules"
VENDOR_DIR = REPO_ROOT / "static" / "vendor"
STREAMLIT_STATIC_URL = "/app/static/vendor"

#: vendor sub-folder -> (npm dist folder, files the maps use)
_PACKAGES = {
    "leaflet": ("leaflet/dist", ["leaflet.js", "leaflet.css", "images"]),
    "markercluster": (
        "leaflet.markercluster/dist",
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


def install_assets(node_modules: Path = NODE_MODULES, vendor_dir: Path = VENDOR_DIR) -> list[Path]:
    """Copy the files the maps need from ``node_modules`` into ``vendor_dir``."""
    copied = []
    for name, (dist, files) in _PACKAGES.items():
        for f in files:
            src = node_modules / dist / f
            if not src.exists():
                raise AssetsMissing(f"{src} is missing: run `npm ci` (or ./dev.sh setup) first")
            dst = vendor_dir / name / f
            dst.parent.mkdir(parents=True, exist_ok=True)
            if src.is_dir():
                shutil.copytree(src, dst, dirs_exist_ok=True)
            else:
                shutil.copy2(src, dst)
            copied.append(dst)
    return copied


def check_assets(vendor_dir: Path = VENDOR_DIR) -> None:
    """Raise AssetsMissing when a needed file is not in ``vendor_dir``."""
    for _, path in LEAFLET_JS + LEAFLET_CSS + CLUSTER_JS + CLUSTER_CSS:
        if not (vendor_dir / path).exists():
            raise AssetsMissing(f"{vendor_dir / path} is missing: run ./dev.sh setup (npm ci + cli.py assets install)")


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
        raise AssetsMissing(f"{path} is missing: run ./dev.sh setup")
    return path.read_text(encoding="utf-8")

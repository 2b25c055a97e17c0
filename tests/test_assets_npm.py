"""Leaflet without Node: tarballs from an npm registry (here a loopback server), checked against the
lock file's integrity hashes, unpacked safely into static/vendor."""
from __future__ import annotations

import base64
import functools
import hashlib
import http.server
import io
import json
import re
import tarfile
import threading
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from layers.assets import AssetsMissing, check_assets, install_assets, read_vendor_file
from layers.npm import LockedPackage, PackageError, locked_packages, unpack, verify

LEAFLET_FILES = {"package/package.json": b'{"name": "leaflet"}', "package/dist/leaflet.js": b"window.L = {v: 1};",
                 "package/dist/leaflet.css": b".leaflet-container{}", "package/dist/images/marker-icon.png": b"\x89PNG"}
CLUSTER_FILES = {"package/dist/leaflet.markercluster.js": b"L.markerClusterGroup = 1;",
                 "package/dist/MarkerCluster.css": b".marker-cluster{}", "package/dist/MarkerCluster.Default.css": b".d{}"}


def tarball(files: dict[str, bytes], extra=None) -> bytes:
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz") as tar:
        for name, data in files.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
        if extra:
            extra(tar)
    return buf.getvalue()


def sri(data: bytes) -> str:
    return "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode()


@pytest.fixture()
def registry(tmp_path):
    """A loopback HTTP server serving ``tmp_path/registry`` in the npm tarball layout."""
    root = tmp_path / "registry"
    root.mkdir()
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(root))
    handler.log_message = lambda *a: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield root, f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def publish(root: Path, name: str, version: str, data: bytes) -> None:
    path = root / name / "-" / f"{name}-{version}.tgz"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def write_lock(path: Path, packages: dict[str, tuple[str, bytes]], resolved_base: str | None = None) -> Path:
    entries = {"": {"name": "t", "dependencies": {n: v for n, (v, _) in packages.items()}}}
    for name, (version, data) in packages.items():
        entries[f"node_modules/{name}"] = {"version": version, "integrity": sri(data)}
        if resolved_base:
            entries[f"node_modules/{name}"]["resolved"] = f"{resolved_base}/{name}/-/{name}-{version}.tgz"
    path.write_text(json.dumps({"lockfileVersion": 3, "packages": entries}))
    return path


def test_good_tarballs_install_and_the_maps_find_them(registry, tmp_path):
    root, url = registry
    leaflet, cluster = tarball(LEAFLET_FILES), tarball(CLUSTER_FILES)
    publish(root, "leaflet", "1.9.4", leaflet)
    publish(root, "leaflet.markercluster", "1.5.3", cluster)
    lock = write_lock(tmp_path / "package-lock.json", {"leaflet": ("1.9.4", leaflet),
                                                       "leaflet.markercluster": ("1.5.3", cluster)}, resolved_base=url)
    vendor = tmp_path / "vendor"
    copied = install_assets(lock, vendor)  # the lock's resolved URLs point at the loopback server
    check_assets(vendor)
    assert read_vendor_file("leaflet/leaflet.js", vendor) == "window.L = {v: 1};"
    assert (vendor / "leaflet" / "images" / "marker-icon.png").read_bytes() == b"\x89PNG"
    assert (vendor / "markercluster" / "MarkerCluster.Default.css").exists()
    assert not (vendor / "leaflet" / "package.json").exists()  # only the files the maps use
    assert len(copied) == 6
    assert install_assets(lock, vendor) == []  # up to date: no download at all
    (vendor / "leaflet" / "leaflet.js").unlink()
    assert len(install_assets(lock, vendor)) == 6  # a missing file is noticed and re-installed


def test_tampered_tarball_is_refused_and_nothing_changes(registry, tmp_path):
    root, url = registry
    leaflet, cluster = tarball(LEAFLET_FILES), tarball(CLUSTER_FILES)
    lock = write_lock(tmp_path / "package-lock.json", {"leaflet": ("1.9.4", leaflet),
                                                       "leaflet.markercluster": ("1.5.3", cluster)})
    publish(root, "leaflet", "1.9.4", tarball({**LEAFLET_FILES, "package/dist/leaflet.js": b"stealCookies();"}))
    publish(root, "leaflet.markercluster", "1.5.3", cluster)
    vendor = tmp_path / "vendor"
    with pytest.raises(AssetsMissing, match="leaflet@1.9.4: de sha512-hash klopt niet"):
        install_assets(lock, vendor, registry=url)  # no resolved URLs: derived from the registry
    assert not (vendor / "leaflet").exists()
    with pytest.raises(AssetsMissing):
        check_assets(vendor)
    publish(root, "leaflet", "1.9.4", leaflet)  # the genuine one installs
    install_assets(lock, vendor, registry=url)
    assert read_vendor_file("leaflet/leaflet.js", vendor) == "window.L = {v: 1};"


def test_missing_package_on_the_registry_is_a_clear_error(registry, tmp_path):
    _, url = registry
    lock = write_lock(tmp_path / "package-lock.json", {"leaflet": ("9.9.9", b"x")})
    with pytest.raises(AssetsMissing, match=r"leaflet/-/leaflet-9\.9\.9\.tgz antwoordde HTTP 404"):
        install_assets(lock, tmp_path / "vendor", registry=url)


def _add(kind):
    def add(tar):
        info = tarfile.TarInfo(kind[0])
        if kind[1] == "sym":
            info.type, info.linkname = tarfile.SYMTYPE, "/etc/passwd"
            tar.addfile(info)
        else:
            info.size = 4
            tar.addfile(info, io.BytesIO(b"evil"))
    return add


@pytest.mark.parametrize("member", [("package/../../escape.txt", "file"), ("/tmp/abs_escape.txt", "file"),
                                    ("package/dist/link.js", "sym")])
def test_unsafe_members_are_refused_before_anything_is_written(tmp_path, member):
    data = tarball(LEAFLET_FILES, extra=_add(member))
    dest = tmp_path / "a" / "b"
    dest.mkdir(parents=True)
    with pytest.raises(PackageError, match="geweigerd"):
        unpack(data, dest, "leaflet")
    assert list(dest.iterdir()) == []
    assert not (tmp_path / "escape.txt").exists() and not (tmp_path / "a" / "escape.txt").exists()


def test_integrity_strings():
    data = b"leaflet"
    verify(data, sri(data))
    verify(data, "sha1-AAAA " + sri(data))  # several hashes: the strongest decides
    with pytest.raises(PackageError, match="klopt niet"):
        verify(data + b" ", sri(data))
    sha1 = "sha1-" + base64.b64encode(hashlib.sha1(data).digest()).decode()
    with pytest.raises(PackageError, match="geen bruikbare hash"):
        verify(data, sha1)  # sha1 alone is too weak to trust


def test_tarball_urls_from_the_real_lock_file():
    from layers.assets import LOCK_FILE

    pkgs = {p.name: p for p in locked_packages(LOCK_FILE)}
    assert set(pkgs) == {"leaflet", "leaflet.markercluster"}
    assert pkgs["leaflet"].tarball_url() == "https://registry.npmjs.org/leaflet/-/leaflet-1.9.4.tgz"
    assert pkgs["leaflet"].integrity.startswith("sha512-")
    scoped = LockedPackage("@turf/helpers", "7.0.0", "sha512-x")
    assert scoped.tarball_url("http://mirror/") == "http://mirror/@turf/helpers/-/helpers-7.0.0.tgz"


def test_lock_entry_without_hash_is_refused(tmp_path):
    lock = tmp_path / "package-lock.json"
    lock.write_text(json.dumps({"lockfileVersion": 3, "packages": {"node_modules/leaflet": {"version": "1.9.4"}}}))
    with pytest.raises(PackageError, match="geen versie of integrity"):
        locked_packages(lock)


def _lock_with(tmp_path, packages: dict) -> Path:
    path = tmp_path / "package-lock.json"
    path.write_text(json.dumps({"lockfileVersion": 3, "packages": {"": {"name": "t"}, **packages}}))
    return path


def test_a_lock_key_that_climbs_out_is_refused_before_anything_is_written(registry, tmp_path):
    """``node_modules/../../../../escaped`` with a matching hash once unpacked outside static/vendor."""
    root, url = registry
    evil = tarball({"package/owned.txt": b"owned"})
    publish(root, "escaped", "1.0.0", evil)
    vendor = tmp_path / "a" / "b" / "c" / "vendor"
    key = "node_modules/../../../../escaped"
    lock = _lock_with(tmp_path, {key: {"version": "1.0.0", "integrity": sri(evil),
                                       "resolved": f"{url}/escaped/-/escaped-1.0.0.tgz"}})
    with pytest.raises(AssetsMissing, match="geen node_modules/<naam> met een geldige npm-pakketnaam"):
        install_assets(lock, vendor)
    assert not list(tmp_path.rglob("owned.txt")) and not (tmp_path / "escaped").exists()


@pytest.mark.parametrize("entry,message", [
    ({"node_modules/leaflet": {"version": "1.9.4", "integrity": ["sha512-x"]}}, "integrity van leaflet is geen tekst"),
    ({"node_modules/leaflet": "1.9.4"}, "is geen object"),
    ({"node_modules/leaflet": {"version": ["1"], "integrity": "sha512-x"}}, "geen geldige versie"),
    ({"node_modules/leaflet": {"version": "1.9.4/../../x", "integrity": "sha512-x"}}, "geen geldige versie"),
    ({"node_modules/Leaflet/../x": {"version": "1.9.4", "integrity": "sha512-x"}}, "geldige npm-pakketnaam"),
    ({"node_modules/leaflet": {"version": "1.9.4", "integrity": "sha512-x", "resolved": "file:///etc/passwd"}},
     "geen http(s)-adres"),
])
def test_a_malformed_lock_is_one_dutch_line(tmp_path, entry, message):
    with pytest.raises(PackageError, match=re.escape(message)):
        locked_packages(_lock_with(tmp_path, entry))


def test_cli_malformed_lock_and_unreachable_registry_exit_2(tmp_path, capsys):
    """Through the CLI: exit 2 and one Dutch line (the real lock and static/vendor are not touched: the
    registry on a closed port fails before anything is unpacked)."""
    import socket

    import cli

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    assert cli.main(["assets", "install", "--force", "--quiet", "--registry", f"http://127.0.0.1:{port}"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("fout: ") and "niet bereikbaar: verbinding geweigerd" in err[0], err


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab@./\\_-~:%\x00Ad"), max_size=24))
def test_any_lock_key_gives_a_name_inside_the_staging_folder_or_an_error(tmp_path_factory, tail):
    tmp = tmp_path_factory.mktemp("lock")
    try:
        pkgs = locked_packages(_lock_with(tmp, {f"node_modules/{tail}": {"version": "1.0.0", "integrity": "sha512-x"}}))
    except PackageError:
        return
    staging = (tmp / "staging").resolve()
    for p in pkgs:
        assert staging in (staging / "pkg" / p.name).resolve().parents and ".." not in p.name.split("/")

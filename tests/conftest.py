"""Shared fixtures: the real boundary files (from $SAMENWERKINGSKAART_BOUNDARIES or ../shared)."""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

import datasets  # noqa: F401 (registers the dataset kinds: every test sees the kinds the app and CLI see)
from geo.config import ENV_VAR, REFERENCE_ENV_VAR, REPO_ROOT
from tests.pg_server import engine, postgres_server, store_url  # noqa: F401 (fixtures for the store tests)

SHARED_BOUNDARIES = REPO_ROOT.parent / "shared" / "boundaries"
CHROMIUM = Path("/usr/bin/chromium")


def _real_boundaries() -> Path | None:
    env = os.environ.get(ENV_VAR)
    if env:
        return Path(env)
    return SHARED_BOUNDARIES if SHARED_BOUNDARIES.exists() else None


def pytest_configure(config):
    config.addinivalue_line("markers", "browser: drives headless Chromium (Debian /usr/bin/chromium)")
    real = _real_boundaries()
    if real is not None:
        os.environ[ENV_VAR] = str(real)  # the app and CLI subprocesses see the same files
    # the app and CLI under test never see a developer's store: an empty SQLite file of this session
    os.environ["SAMENWERKINGSKAART_DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp(prefix='sk-store-')}/leeg.sqlite"
    shared_reference = REPO_ROOT.parent / "shared" / "reference"
    if not os.environ.get(REFERENCE_ENV_VAR) and shared_reference.exists():
        os.environ[REFERENCE_ENV_VAR] = str(shared_reference)


def pytest_collection_modifyitems(config, items):
    if CHROMIUM.exists():
        return
    if os.environ.get("SAMENWERKINGSKAART_REQUIRE_BROWSER") == "1":
        raise pytest.UsageError("SAMENWERKINGSKAART_REQUIRE_BROWSER=1 but /usr/bin/chromium is not installed")
    skip = pytest.mark.skip(reason="Debian chromium not installed (apt-get install chromium chromium-driver)")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def real_boundaries() -> Path:
    """Directory with the real CBS files; tests that need it fail clearly when it is absent in CI."""
    real = _real_boundaries()
    if real is None or not (real / "wgs84").exists():
        if os.environ.get("CI"):
            pytest.fail(f"boundary files not found; set {ENV_VAR}")
        pytest.skip(f"boundary files not found; set {ENV_VAR} or put them in ../shared/boundaries")
    return real


@pytest.fixture()
def boundaries_copy(real_boundaries, tmp_path) -> Path:
    """A writable copy of the boundaries directory, for tests that add or break files."""
    dst = tmp_path / "boundaries"
    shutil.copytree(real_boundaries, dst)
    return dst

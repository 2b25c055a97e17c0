"""Browser fixtures: a Streamlit server on 127.0.0.1 and headless Debian Chromium via Playwright."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from geo.config import REPO_ROOT

SCREENSHOT_DIR = Path(os.environ.get("SAMENWERKINGSKAART_SCREENSHOTS", "/tmp/samenwerkingskaart-screens"))
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_streamlit(env_extra: dict[str, str] | None = None) -> tuple[subprocess.Popen, str]:
    """The app as it is deployed: the server entry ``server.py`` (headers, routes) around ``app.py``."""
    port = _free_port()
    env = {**os.environ, **(env_extra or {})}
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "server.py", "--server.headless", "true",
         "--server.address", "127.0.0.1", "--server.port", str(port)],
        cwd=REPO_ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            urllib.request.urlopen(url + "/_stcore/health", timeout=2)
            return proc, url
        except OSError:
            if proc.poll() is not None:
                raise RuntimeError(proc.stderr.read().decode()) from None
            time.sleep(0.3)
    proc.kill()
    raise RuntimeError("streamlit did not start within 60 s")


def stop_streamlit(proc: subprocess.Popen) -> None:
    """Stop a server from start_streamlit (on a loaded machine its shutdown can take more than 10 s)."""
    proc.terminate()
    try:
        proc.wait(30)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(10)


@pytest.fixture(scope="session")
def app_url():
    proc, url = start_streamlit()
    yield url
    stop_streamlit(proc)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture()
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    pg = context.new_page()
    yield pg
    context.close()


def screenshot(pg, name: str) -> Path:
    """Save a screenshot outside the repository, for a person to look at."""
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOT_DIR / f"{name}.png"
    pg.screenshot(path=str(path), full_page=False)
    return path


def open_data_panel(pg) -> None:
    """Open the sidebar's *Gegevens* panel, as a person does before uploading: its file uploaders
    are only made while it is open (ui.layout.sidebar_sections)."""
    pg.get_by_text("Gegevens: eigen inventaris").click(timeout=60_000)
    pg.wait_for_selector('section[data-testid="stSidebar"] input[type=file]', state="attached", timeout=60_000)

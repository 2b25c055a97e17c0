"""`boundaries fetch` end to end over HTTP on 127.0.0.1: success, 404, broken transfer, offline."""
from __future__ import annotations

import functools
import http.server
import socket
import threading

import pytest

from geo.boundaries import load_boundaries
from geo.fetch import FetchError, fetch_boundaries, fetch_mutations
from tests.cli_run import run_cli


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


class _DiesHalfway(http.server.BaseHTTPRequestHandler):
    """Announces the full length, sends half, then closes the connection."""

    payload = b""

    def do_GET(self):
        self.send_response(200)
        self.send_header("Content-Length", str(len(self.payload)))
        self.end_headers()
        self.wfile.write(self.payload[: len(self.payload) // 2])
        self.wfile.flush()
        self.close_connection = True

    def log_message(self, *args):
        pass


class _Truncated(_DiesHalfway):
    """Sends half a file without announcing a length: only the parse check can catch it."""

    def do_GET(self):
        self.send_response(200)
        self.end_headers()
        self.wfile.write(self.payload[: len(self.payload) // 2])
        self.close_connection = True


def _serve(handler):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


@pytest.fixture()
def mirror(real_boundaries):
    server, url = _serve(functools.partial(_Quiet, directory=str(real_boundaries)))
    yield url
    server.shutdown()


def test_fetch_writes_parseable_files(mirror, tmp_path):
    paths = fetch_boundaries(2025, base_url=mirror, dest=tmp_path, progress=False)
    assert [p.name for p in paths] == ["gemeente_2025.topojson", "zorgkantoorregio_2025.topojson", "provincie_2025.topojson"]
    assert fetch_mutations(mirror, tmp_path, progress=False).name == "gemeente_mutaties.csv"
    assert len(load_boundaries("gemeente", 2025, tmp_path)) == 342
    assert not list((tmp_path / "wgs84").glob("*.part"))


def test_fetch_404_is_clear_and_leaves_nothing(mirror, tmp_path):
    with pytest.raises(FetchError, match="HTTP 404"):
        fetch_boundaries(1999, types=["gemeente"], base_url=mirror, dest=tmp_path, progress=False)
    assert list((tmp_path / "wgs84").iterdir()) == []


@pytest.mark.parametrize("handler", [_DiesHalfway, _Truncated])
def test_server_dying_halfway_leaves_no_partial_file(real_boundaries, tmp_path, handler):
    handler.payload = (real_boundaries / "wgs84" / "gemeente_2025.topojson").read_bytes()
    server, url = _serve(handler)
    try:
        with pytest.raises(FetchError):
            fetch_boundaries(2025, types=["gemeente"], base_url=url, dest=tmp_path, progress=False)
    finally:
        server.shutdown()
    assert list((tmp_path / "wgs84").iterdir()) == []


def test_failed_download_keeps_existing_good_file(real_boundaries, tmp_path):
    good = real_boundaries / "wgs84" / "gemeente_2025.topojson"
    (tmp_path / "wgs84").mkdir()
    (tmp_path / "wgs84" / good.name).write_bytes(good.read_bytes())
    _DiesHalfway.payload = good.read_bytes()
    server, url = _serve(_DiesHalfway)
    try:
        with pytest.raises(FetchError):
            fetch_boundaries(2025, types=["gemeente"], base_url=url, dest=tmp_path, progress=False)
    finally:
        server.shutdown()
    assert (tmp_path / "wgs84" / good.name).read_bytes() == good.read_bytes()


def test_offline_message(tmp_path):
    with socket.socket() as s:  # a port that nothing listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with pytest.raises(FetchError, match="niet bereikbaar: verbinding geweigerd"):
        fetch_boundaries(2025, types=["provincie"], base_url=f"http://127.0.0.1:{port}", dest=tmp_path, progress=False)


def test_cli_fetch_and_list(mirror, tmp_path, capsys):
    run = functools.partial(run_cli, capsys)
    res = run("boundaries", "fetch", "--year", "2017", "--types", "zorgkantoorregio", "--base-url", mirror,
              "--dest", str(tmp_path))
    assert res.returncode == 0, res.stderr
    assert (tmp_path / "wgs84" / "zorgkantoorregio_2017.topojson").exists()
    res = run("boundaries", "list", "--dir", str(tmp_path))
    assert res.returncode == 0 and "zorgkantoorregio  2017" in res.stdout
    res = run("boundaries", "fetch", "--year", "1995", "--types", "gemeente", "--base-url", mirror, "--dest", str(tmp_path))
    assert res.returncode == 2
    assert res.stderr.startswith("fout:") and "HTTP 404" in res.stderr and "Traceback" not in res.stderr


class _Trickle(http.server.BaseHTTPRequestHandler):
    """Announces a large file and sends one byte every 0.3 s: every single read succeeds."""

    def do_GET(self):
        import time

        self.send_response(200)
        self.send_header("Content-Length", "100000")
        self.end_headers()
        try:
            for _ in range(100):
                self.wfile.write(b"x")
                self.wfile.flush()
                time.sleep(0.3)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def log_message(self, *args):
        pass


def test_overall_deadline_stops_a_trickling_server(tmp_path):
    import time

    server, url = _serve(_Trickle)
    try:
        t0 = time.monotonic()
        with pytest.raises(FetchError, match="niet binnen de tijdslimiet klaar"):
            fetch_boundaries(2025, ["gemeente"], url, tmp_path, progress=False, deadline_s=1.5)
        assert time.monotonic() - t0 < 4
        assert [p for p in tmp_path.rglob("*") if p.is_file()] == []  # nothing half-written left behind
    finally:
        server.shutdown()


def test_bad_url_and_file_as_destination(tmp_path):
    with pytest.raises(FetchError, match="geen geldige URL"):
        fetch_boundaries(2025, ["gemeente"], "http://[::1", tmp_path, progress=False)
    afile = tmp_path / "file"
    afile.write_text("x")
    with pytest.raises(FetchError, match="is een bestand, geen map"):
        fetch_boundaries(2025, ["gemeente"], "http://127.0.0.1:9", afile, progress=False)

"""A throwaway PostgreSQL server for the tests: Debian's ``postgresql`` binaries, initdb/pg_ctl in a
temporary directory, a unix socket there (no TCP port is opened), run as the ``postgres`` user when
the tests run as root. Missing binaries skip the PostgreSQL half of the store tests, or fail when
SAMENWERKINGSKAART_REQUIRE_BROWSER=1 (CI: nothing may be skipped there).

Fixtures: ``postgres_server`` (session), ``store_url`` (function; parametrised over sqlite and
postgresql, each test on a fresh database), ``engine`` (the store on that URL, migrated).
"""
from __future__ import annotations

import glob
import itertools
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest

_counter = itertools.count()


@dataclass
class PostgresServer:
    socket_dir: Path
    port: int
    bindir: Path
    data: Path
    prefix: list[str]
    user: str = "postgres"

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://{self.user}@/{database}?host={self.socket_dir}&port={self.port}"

    def admin(self, sql: str) -> None:
        import psycopg

        with psycopg.connect(host=str(self.socket_dir), port=self.port, user=self.user, dbname="postgres",
                             autocommit=True) as conn:
            conn.execute(sql)

    def _pg_ctl(self, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run([*self.prefix, str(self.bindir / "pg_ctl"), "-D", str(self.data), *args],
                              capture_output=True, text=True)

    def start(self) -> None:
        opts = f"-F -p {self.port} -k {self.socket_dir} -c listen_addresses='' -c fsync=off -c max_connections=50"
        log = self.socket_dir / "server.log"
        if self._pg_ctl("-o", opts, "-l", str(log), "-w", "-t", "60", "start").returncode != 0:
            raise RuntimeError(f"PostgreSQL did not start: {log.read_text(errors='replace')[-2000:] if log.exists() else ''}")

    def stop(self) -> None:
        self._pg_ctl("-m", "fast", "-w", "stop")


def pg_bindir() -> Path | None:
    """Directory of the newest installed PostgreSQL server binaries (Debian layout)."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), key=lambda p: int(Path(p).parent.parent.name))
    return Path(found[-1]).parent if found else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _missing(reason: str):
    if os.environ.get("SAMENWERKINGSKAART_REQUIRE_BROWSER") == "1":
        pytest.fail(f"{reason} (SAMENWERKINGSKAART_REQUIRE_BROWSER=1: PostgreSQL tests may not be skipped)")
    pytest.skip(reason)


def start_postgres() -> tuple[PostgresServer, callable]:
    """Start a cluster; returns the server and a function that stops it and removes its files."""
    bindir = pg_bindir()
    if bindir is None:
        _missing("PostgreSQL is not installed (apt-get install postgresql)")
    base = Path(tempfile.mkdtemp(prefix="skpg-"))  # short: a socket path has a length limit
    prefix: list[str] = []
    if os.geteuid() == 0:  # PostgreSQL refuses to run as root
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            _missing("running as root and there is no postgres user to run the server")
        shutil.chown(base, "postgres", "postgres")
        prefix = ["runuser", "-u", "postgres", "--"]
    server = PostgresServer(base, _free_port(), bindir, base / "data", prefix)
    subprocess.run([*prefix, str(bindir / "initdb"), "-D", str(server.data), "-U", "postgres", "-A", "trust", "-E", "UTF8",
                    "--no-sync"], check=True, capture_output=True)
    try:
        server.start()
    except RuntimeError:
        shutil.rmtree(base, ignore_errors=True)
        raise

    def stop() -> None:
        server.stop()
        shutil.rmtree(base, ignore_errors=True)

    return server, stop


@pytest.fixture(scope="session")
def postgres_server():
    server, stop = start_postgres()
    try:
        yield server
    finally:
        stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request, tmp_path):
    """A fresh, empty store database on each engine."""
    from store import dispose_all

    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'store.sqlite'}"
        dispose_all()
        return
    server = request.getfixturevalue("postgres_server")
    name = f"store_test_{os.getpid()}_{next(_counter)}"
    server.admin(f'CREATE DATABASE "{name}"')
    yield server.url(name)
    dispose_all()
    server.admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture()
def engine(store_url):
    from store import get_engine

    return get_engine(store_url)

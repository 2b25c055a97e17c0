"""Store: import + publish of a 10,000-project file (target < 5 s on SQLite) and reading the published
version (target < 50 ms per rerun on a warm cache). Prints the figures; also on PostgreSQL when the
Debian binaries are installed (a throwaway server, as in the tests).

    python bench/bench_store.py [--n 10000] [--reruns 50]
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import datasets  # noqa: E402,F401 (registers the dataset kinds, as the app and CLI do)
import store  # noqa: E402
from inventory.demo import DEMO_FILE  # noqa: E402
from inventory.validate import validate_file  # noqa: E402


def inventory_bytes(n: int) -> bytes:
    """``n`` projects: the demo rows repeated with new ids."""
    lines = DEMO_FILE.read_bytes().decode("utf-8-sig").splitlines()
    header, body = lines[0], lines[1:]
    rows = [body[i % len(body)].replace("DEMO-", f"B{i:06d}-", 1) for i in range(n)]
    return ("\r\n".join([header, *rows]) + "\r\n").encode("utf-8")


def run(url: str, label: str, data: bytes, reruns: int) -> None:
    import logging

    from ui.store_loader import read_published  # the app's loader: st.cache_data keyed by version id

    for name in list(logging.root.manager.loggerDict):  # no "missing ScriptRunContext" noise outside an app
        if name.startswith("streamlit"):
            logging.getLogger(name).setLevel(logging.ERROR)

    engine = store.get_engine(url)
    t = time.perf_counter()
    out, result = store.import_file(engine, data, "inventaris", year=2017, filename="bench.csv", publish=True, by="bench")
    total = time.perf_counter() - t
    t = time.perf_counter()
    validate_file(data, 2017, filename="bench.csv")
    validation = time.perf_counter() - t
    print(f"{label}: import + publish {out.version.rows_accepted:,} projects: {total:.2f} s (target < 5 s; "
          f"validation {validation:.2f} s, storing {total - validation:.2f} s)")
    t = time.perf_counter()
    loaded = store.load(engine, out.version.id)
    cold = time.perf_counter() - t
    assert len(loaded.accepted) == len(result.accepted)
    read_published(url)  # first read fills the cache
    times = []
    for _ in range(reruns):
        t = time.perf_counter()
        pub = read_published(url)
        times.append(time.perf_counter() - t)
    assert pub.inventory.version.id == out.version.id
    print(f"{label}: read of the published version: cold {cold * 1000:.0f} ms; per rerun on a warm cache "
          f"median {statistics.median(times) * 1000:.1f} ms, max {max(times) * 1000:.1f} ms (target < 50 ms)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=10_000)
    ap.add_argument("--reruns", type=int, default=50)
    args = ap.parse_args()
    data = inventory_bytes(args.n)
    validate_file(DEMO_FILE, 2017)  # warm the boundary cache, as a running app or CLI has it after the first file
    with tempfile.TemporaryDirectory() as tmp:
        run(f"sqlite:///{tmp}/bench.sqlite", "SQLite", data, args.reruns)
    try:
        from tests.pg_server import start_postgres

        server, stop = start_postgres()
    except BaseException as exc:  # noqa: BLE001 (pytest's skip is a BaseException)
        print(f"PostgreSQL: not measured ({exc})")
        return
    try:
        run(server.url(), "PostgreSQL", data, args.reruns)
    finally:
        store.dispose_all()
        stop()


if __name__ == "__main__":
    main()

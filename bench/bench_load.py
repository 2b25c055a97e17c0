"""Many visitors: N websocket sessions talking to the app like Streamlit's own frontend.

Starts the app on a free port, opens sessions on ``/_stcore/stream`` (protobuf BackMsg/ForwardMsg,
a ``rerun_script`` request with the URL's query string, as the browser sends it), and measures the
time from the request to the map element (the st_folium component delta) for 1 and N concurrent
sessions, the server's CPU seconds per page load of a cached view, the health endpoint's latency
under load, peak RSS, RSS after the sessions closed, and what a client's ``clear_cache`` message
costs the next visitor.

    python bench/bench_load.py [--sessions 20] [--rounds 2] [--query "niveau_kaart=provincie"]

Goal (issue 12, 2-core machine): 20 sessions p50 <= 3 s, peak RSS <= 1 GB, cached page load
<= 0.2 s server CPU.
"""
from __future__ import annotations

import argparse
import asyncio
import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

ROOT = Path(__file__).resolve().parent.parent
MAP_COMPONENT = "streamlit_folium.st_folium"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_app(port: int) -> subprocess.Popen:
    env = dict(os.environ)
    env.setdefault("SAMENWERKINGSKAART_BOUNDARIES", str(ROOT.parent / "shared" / "boundaries"))
    env.setdefault("SAMENWERKINGSKAART_REFERENCE", str(ROOT.parent / "shared" / "reference"))
    proc = subprocess.Popen([sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port),
                             "--server.address", "127.0.0.1", "--server.headless", "true",
                             "--browser.gatherUsageStats", "false"],
                            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return proc
        except OSError:
            time.sleep(0.3)
    proc.kill()
    raise SystemExit("the app did not start: " + proc.stderr.read().decode(errors="replace")[-2000:])


def _proc_stat(pid: int) -> tuple[float, int, int]:
    """(CPU seconds user+system, RSS bytes, peak RSS bytes) of the server process."""
    with open(f"/proc/{pid}/stat") as fh:
        fields = fh.read().rsplit(")", 1)[1].split()
    cpu = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    status = dict(line.split(":", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines() if ":" in line)
    kb = lambda k: int(status[k].split()[0]) * 1024  # noqa: E731
    return cpu, kb("VmRSS"), kb("VmHWM")


async def page_load(port: int, query: str = "", clear_cache: bool = False) -> dict:
    """One visitor: connect, request a run, wait for the map element and the end of the run."""
    t0 = time.perf_counter()
    out = {"map": None, "done": None, "exception": False, "bytes": 0}
    async with websockets.connect(f"ws://127.0.0.1:{port}/_stcore/stream", subprotocols=["streamlit"],
                                  origin=f"http://127.0.0.1:{port}", max_size=None, open_timeout=60) as ws:
        msg = BackMsg()
        msg.rerun_script.query_string = query
        msg.rerun_script.page_script_hash = ""
        await ws.send(msg.SerializeToString())
        while True:
            data = await asyncio.wait_for(ws.recv(), timeout=300)
            out["bytes"] += len(data)
            fwd = ForwardMsg()
            fwd.ParseFromString(data)
            kind = fwd.WhichOneof("type")
            if kind == "delta" and fwd.delta.WhichOneof("type") == "new_element":
                el = fwd.delta.new_element
                etype = el.WhichOneof("type")
                if etype == "component_instance" and el.component_instance.component_name == MAP_COMPONENT:
                    out["map"] = out["map"] or time.perf_counter() - t0
                elif etype == "exception":
                    out["exception"] = True
            elif kind == "script_finished":
                out["done"] = time.perf_counter() - t0
                break
        if clear_cache:
            clear = BackMsg()
            clear.clear_cache = True
            await ws.send(clear.SerializeToString())
            await asyncio.sleep(0.5)
    return out


async def health_probe(port: int, stop: asyncio.Event, samples: list[float]) -> None:
    loop = asyncio.get_running_loop()

    def one() -> float:
        t = time.perf_counter()
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=60) as r:
            r.read()
        return time.perf_counter() - t

    while not stop.is_set():
        samples.append(await loop.run_in_executor(None, one))
        await asyncio.sleep(0.1)


async def concurrent(port: int, n: int, query: str, pid: int) -> dict:
    stop, health, peak = asyncio.Event(), [], [0]

    async def watch_rss():
        while not stop.is_set():
            peak[0] = max(peak[0], _proc_stat(pid)[1])
            await asyncio.sleep(0.2)

    probes = [asyncio.create_task(health_probe(port, stop, health)), asyncio.create_task(watch_rss())]
    t0 = time.perf_counter()
    results = await asyncio.gather(*(page_load(port, query) for _ in range(n)))
    wall = time.perf_counter() - t0
    stop.set()
    await asyncio.gather(*probes)
    return {"results": results, "wall": wall, "health": health, "peak_rss": peak[0]}


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, max(0, round(q * (len(values) - 1))))]


def report(label: str, run: dict) -> None:
    maps = [r["map"] for r in run["results"] if r["map"] is not None]
    missing = sum(r["map"] is None for r in run["results"])
    exc = sum(r["exception"] for r in run["results"])
    h = run["health"] or [0.0]
    print(f"{label}: time to map p50 {statistics.median(maps):.2f} s, p95 {pct(maps, 0.95):.2f} s, max {max(maps):.2f} s "
          f"(wall {run['wall']:.1f} s; {missing} without map, {exc} with an exception); "
          f"health p95 {pct(h, 0.95) * 1000:.0f} ms, max {max(h) * 1000:.0f} ms; "
          f"{statistics.mean(r['bytes'] for r in run['results']) / 1e6:.2f} MB per session")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sessions", type=int, default=20)
    ap.add_argument("--rounds", type=int, default=2, help="rounds of N concurrent sessions")
    ap.add_argument("--query", default="", help="query string of every session (a view), e.g. niveau_kaart=provincie")
    args = ap.parse_args()
    port = free_port()
    proc = start_app(port)
    try:
        pid = proc.pid
        cpu0, rss0, _ = _proc_stat(pid)
        first = asyncio.run(page_load(port, args.query))
        cpu1, rss1, _ = _proc_stat(pid)
        print(f"server started: RSS {rss0 / 2**20:.0f} MB; first (cold) page load: map after {first['map']:.2f} s, "
              f"{cpu1 - cpu0:.2f} s server CPU; RSS {rss1 / 2**20:.0f} MB")
        singles, cpus = [], []
        for _ in range(5):
            c0 = _proc_stat(pid)[0]
            r = asyncio.run(page_load(port, args.query))
            time.sleep(0.3)  # let the session's last messages and disconnect settle before reading CPU
            cpus.append(_proc_stat(pid)[0] - c0)
            singles.append(r["map"])
        print(f"1 session (cached view), 5 loads: time to map p50 {statistics.median(singles):.2f} s, "
              f"max {max(singles):.2f} s; server CPU per page load p50 {statistics.median(cpus):.2f} s "
              f"(goal <= 0.2 s)")
        for i in range(args.rounds):
            run = asyncio.run(concurrent(port, args.sessions, args.query, pid))
            report(f"{args.sessions} concurrent sessions, round {i + 1}", run)
        _, _, hwm = _proc_stat(pid)
        time.sleep(3)
        _, after, _ = _proc_stat(pid)
        print(f"peak RSS {hwm / 2**20:.0f} MB (goal <= 1024 MB); RSS 3 s after every session closed {after / 2**20:.0f} MB")
        asyncio.run(page_load(port, args.query, clear_cache=True))
        c0 = _proc_stat(pid)[0]
        r = asyncio.run(page_load(port, args.query))
        print(f"after a client's clear_cache message: next page load map after {r['map']:.2f} s, "
              f"{_proc_stat(pid)[0] - c0:.2f} s server CPU")
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


if __name__ == "__main__":
    main()

"""Many visitors: N websocket sessions talking to the app like Streamlit's own frontend.

Starts the app on a free port, opens sessions on ``/_stcore/stream`` (protobuf BackMsg/ForwardMsg,
a ``rerun_script`` request with the URL's query string, as the browser sends it), and measures the
time from the request to the map element (the st_folium component delta) for 1 and N concurrent
sessions, the server's CPU seconds per page load of a cached view, the health endpoint's latency
under load, peak RSS, RSS after the sessions closed, and what a client's ``clear_cache`` message
costs the next visitor.

    python bench/bench_load.py [--sessions 20] [--rounds 2] [--query "niveau_kaart=provincie"]
                               [--uploads 5 --upload-rows 240000]

With ``--uploads K`` it also uploads K different inventories of ``--upload-rows`` rows, one session
after another, through the uploader's own HTTP endpoint (and one file above the size limit), uses
each one for the map, and reports RSS during and after.

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
import urllib.error
import urllib.request
from pathlib import Path

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.Common_pb2 import UploadedFileInfo
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState

ROOT = Path(__file__).resolve().parent.parent
MAP_COMPONENT = "streamlit_folium.st_folium"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_app(port: int, env_extra: dict[str, str] | None = None) -> subprocess.Popen:
    env = {**os.environ, **(env_extra or {})}
    env.setdefault("SAMENWERKINGSKAART_BOUNDARIES", str(ROOT.parent / "shared" / "boundaries"))
    env.setdefault("SAMENWERKINGSKAART_REFERENCE", str(ROOT.parent / "shared" / "reference"))
    proc = subprocess.Popen([sys.executable, "-m", "streamlit", "run", "server.py", "--server.port", str(port),
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


def inventory_csv(n: int, tag: str) -> bytes:
    """``n`` demo rows (at most two municipalities each) with ids unique to ``tag``, short names, no description."""
    import csv
    import io

    sys.path.insert(0, str(ROOT))
    from inventory.demo import DEMO_FILE

    records = list(csv.reader(io.StringIO(DEMO_FILE.read_bytes().decode("utf-8-sig")), delimiter=";"))
    header, body = records[0], [r for r in records[1:] if r[7].count(";") < 2]
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    writer.writerow(header)
    for i in range(n):
        writer.writerow([f"{tag}{i:06d}", f"P{i}", "", *body[i % len(body)][3:]])
    return out.getvalue().encode()


def _xsrf(port: int) -> str:
    """The XSRF cookie the health endpoint sets, as the frontend gets it (an upload carries it as header and cookie)."""
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=30) as r:
        for header in r.headers.get_all("Set-Cookie") or []:
            if header.startswith("_streamlit_xsrf="):
                return header.split(";", 1)[0].split("=", 1)[1]
    return ""


def put_file(port: int, url: str, name: str, data: bytes, xsrf: str) -> int:
    """PUT one file to the uploader endpoint as the frontend does (multipart); returns the HTTP status.
    A server that refuses early may close the connection while the body is still being sent."""
    import http.client

    boundary = "swkbenchboundary"
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"UploadedFile\"; filename=\"{name}\"\r\n"
            "Content-Type: text/csv\r\n\r\n").encode() + data + f"\r\n--{boundary}--\r\n".encode()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        conn.putrequest("PUT", url)
        for k, v in {"Content-Type": f"multipart/form-data; boundary={boundary}", "Content-Length": str(len(body)),
                     "X-Xsrftoken": xsrf, "Cookie": f"_streamlit_xsrf={xsrf}"}.items():
            conn.putheader(k, v)
        conn.endheaders()
        try:
            for i in range(0, len(body), 1 << 20):
                conn.send(body[i:i + (1 << 20)])
        except (BrokenPipeError, ConnectionResetError):
            pass  # refused before the body was read: the answer is waiting
        return conn.getresponse().status
    finally:
        conn.close()


async def _run(ws, states: list[WidgetState]) -> dict:
    """Request a run with ``states``; collect widget ids by label, the session id, the title, the map."""
    msg = BackMsg()
    msg.rerun_script.query_string = ""
    msg.rerun_script.widget_states.widgets.extend(states)
    await ws.send(msg.SerializeToString())
    seen = {"ids": {}, "map": False, "text": [], "kinds": []}
    while True:
        fwd = ForwardMsg()
        fwd.ParseFromString(await asyncio.wait_for(ws.recv(), timeout=600))
        kind = fwd.WhichOneof("type")
        seen["kinds"].append(kind if kind != "delta" else fwd.delta.WhichOneof("type"))
        if kind == "new_session":
            seen["session"] = fwd.new_session.initialize.session_id
        elif kind == "delta" and fwd.delta.WhichOneof("type") == "new_element":
            el = fwd.delta.new_element
            etype = el.WhichOneof("type")
            if etype in ("file_uploader", "checkbox"):
                widget = getattr(el, etype)
                seen["ids"][widget.label] = widget.id
            elif etype == "component_instance" and el.component_instance.component_name == MAP_COMPONENT:
                seen["map"] = True
            elif etype == "markdown":
                seen["text"].append(el.markdown.body)
            elif etype == "exception":
                seen["exception"] = True
        elif kind == "script_finished":
            return seen


async def upload_session(port: int, data: bytes, name: str, xsrf: str) -> dict:
    """One visitor uploads ``data`` in the sidebar, ticks "Gebruik deze inventaris" and waits for the map."""
    t0 = time.perf_counter()
    async with websockets.connect(f"ws://127.0.0.1:{port}/_stcore/stream", subprotocols=["streamlit"],
                                  origin=f"http://127.0.0.1:{port}", max_size=None, open_timeout=60) as ws:
        first = await _run(ws, [])
        uploader = next((i for label, i in first["ids"].items() if label.startswith("Eigen inventaris")), None)
        if uploader is None:
            return {"status": None, "map": None, "error": f"no uploader in the first run: {first}"}
        req = BackMsg()
        req.file_urls_request.request_id = "bench"
        req.file_urls_request.file_names.append(name)
        req.file_urls_request.session_id = first["session"]
        await ws.send(req.SerializeToString())
        while True:
            fwd = ForwardMsg()
            fwd.ParseFromString(await ws.recv())
            if fwd.WhichOneof("type") == "file_urls_response":
                urls = fwd.file_urls_response.file_urls[0]
                break
        status = put_file(port, urls.upload_url, name, data, xsrf)
        if status != 204:
            return {"status": status, "map": None}
        state = WidgetState(id=uploader)
        state.file_uploader_state_value.uploaded_file_info.append(
            UploadedFileInfo(name=name, size=len(data), file_id=urls.file_id, file_urls=urls))
        second = await _run(ws, [state])
        use = next((i for label, i in second["ids"].items() if label.startswith("Gebruik deze inventaris")), None)
        if use is None:
            return {"status": status, "map": None, "error": "no 'use' checkbox"}
        third = await _run(ws, [state, WidgetState(id=use, bool_value=True)])
        title = next((t for t in third["text"] if "projecten geselecteerd" in t), "")
        return {"status": status, "map": time.perf_counter() - t0 if third["map"] else None, "title": title,
                "exception": third.get("exception", False)}


def upload_phase(port: int, pid: int, k: int, rows: int) -> None:
    xsrf = _xsrf(port)
    before = _proc_stat(pid)[1]
    big = b"id;naam\n" + b"x" * (26 * 2**20)
    status = asyncio.run(upload_session(port, big, "te_groot.csv", xsrf))["status"]
    print(f"upload above the limit (26 MB): HTTP {status}; RSS {before / 2**20:.0f} -> {_proc_stat(pid)[1] / 2**20:.0f} MB")
    peak = 0
    for i in range(k):
        data = inventory_csv(rows, f"U{i}-")
        r = asyncio.run(upload_session(port, data, f"inventaris_{i}.csv", xsrf))
        rss = _proc_stat(pid)[1]
        peak = max(peak, rss)
        if r.get("error"):
            print(f"upload {i + 1}: {r['error'][:300]}")
        print(f"upload {i + 1}: {len(data) / 1e6:.1f} MB, HTTP {r['status']}, map after "
              f"{r['map'] if r['map'] is None else round(r['map'], 1)} s, {r.get('title', '')!r}; RSS {rss / 2**20:.0f} MB")
    time.sleep(3)
    after = _proc_stat(pid)[1]
    time.sleep(130)  # Streamlit keeps a closed session (and its uploaded file) 2 minutes for a reconnect
    asyncio.run(page_load(port))  # a visitor after that (Streamlit drops expired sessions lazily)
    expired = _proc_stat(pid)[1]
    time.sleep(40)  # the cache janitor runs every 30 s
    print(f"{k} uploads of {rows:,} rows: RSS {before / 2**20:.0f} MB before, {peak / 2**20:.0f} MB at most after "
          f"an upload, {after / 2**20:.0f} MB 3 s after the last session closed, {expired / 2**20:.0f} MB after the "
          f"closed sessions expired (2 min) and the uploads' cache entries idled out, "
          f"{_proc_stat(pid)[1] / 2**20:.0f} MB 40 s later; peak (VmHWM) {_proc_stat(pid)[2] / 2**20:.0f} MB")


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
    t0, cpu0 = time.perf_counter(), _proc_stat(pid)[0]
    results = await asyncio.gather(*(page_load(port, query) for _ in range(n)))
    wall, cpu = time.perf_counter() - t0, _proc_stat(pid)[0] - cpu0
    stop.set()
    await asyncio.gather(*probes)
    return {"results": results, "wall": wall, "cpu": cpu, "health": health, "peak_rss": peak[0],
            "load": os.getloadavg()[0]}


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, max(0, round(q * (len(values) - 1))))]


def report(label: str, run: dict) -> None:
    maps = [r["map"] for r in run["results"] if r["map"] is not None]
    missing = sum(r["map"] is None for r in run["results"])
    exc = sum(r["exception"] for r in run["results"])
    h = run["health"] or [0.0]
    print(f"{label}: time to map p50 {statistics.median(maps):.2f} s, p95 {pct(maps, 0.95):.2f} s, max {max(maps):.2f} s "
          f"(wall {run['wall']:.1f} s, server CPU {run['cpu']:.1f} s, machine load {run['load']:.1f}; "
          f"{missing} without map, {exc} with an exception); "
          f"health p95 {pct(h, 0.95) * 1000:.0f} ms, max {max(h) * 1000:.0f} ms; "
          f"{statistics.mean(r['bytes'] for r in run['results']) / 1e6:.2f} MB per session")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sessions", type=int, default=20)
    ap.add_argument("--rounds", type=int, default=2, help="rounds of N concurrent sessions")
    ap.add_argument("--query", default="", help="query string of every session (a view), e.g. niveau_kaart=provincie")
    ap.add_argument("--uploads", type=int, default=0, help="also upload this many different inventories, one by one")
    ap.add_argument("--upload-rows", type=int, default=240_000)
    ap.add_argument("--idle-s", type=int, default=60, help="SAMENWERKINGSKAART_CACHE_IDLE_S for the server (default 60)")
    ap.add_argument("--tuned-allocators", dest="allocators", action="store_true",
                    help="start the server with ARROW_DEFAULT_MEMORY_POOL=system and MALLOC_ARENA_MAX=2")
    args = ap.parse_args()
    port = free_port()
    print(f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} (other processes compete for the CPU)")
    # uploaded inventories leave the caches after 60 s unused instead of 10 min, so the run can show it
    extra = {"SAMENWERKINGSKAART_CACHE_IDLE_S": str(args.idle_s)}
    if args.allocators:  # an experiment: malloc instead of Arrow's mimalloc, fewer glibc arenas (no clear gain measured)
        extra.update(ARROW_DEFAULT_MEMORY_POOL="system", MALLOC_ARENA_MAX="2")
    print(f"server environment: {extra}")
    proc = start_app(port, extra)
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
        if args.uploads:
            upload_phase(port, pid, args.uploads, args.upload_rows)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


if __name__ == "__main__":
    main()

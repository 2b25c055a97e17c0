"""The map as a person feels it: page load to first polygon, filter click to recoloured map.

Starts the app and a bare reference page (written here: one ``st_folium`` GeoJSON of the same
2017 municipalities, Leaflet served locally like ours, the map rebuilt on every filter change)
on free ports, drives both in headless Debian Chromium (Playwright, no browser download) with
basemap tiles blocked, and prints p50 of

(a) page load to the first drawn polygon (warm server: one unmeasured load first; each
    measured load in a fresh browser context),
(b) a click on a thema option (the app: its chip, leaving only that thema; the bare page: its
    remove button in the sidebar multiselect) to a map whose polygon fills have changed, and
(c) page load to the filters on screen (the rest of the page),

for both, and the ratios app / bare. The goals of issue 14: first-polygon ratio <= 1.0, click
ratio <= 0.4. Also prints a breakdown of the first load (map iframe inserted, component and
Leaflet loaded, first polygon, script size) and whether a click remounted the map iframe. The
pages' runs are interleaved (app, bare, app, ...) so that drift of a shared machine hits both.

    python bench/bench_browser.py [--runs 7] [--fg] [--app-only]

``--fg`` also measures the bare page with only the layer replaced (``st_folium(feature_group_to_add=...)``).
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from geo.config import REPO_ROOT  # noqa: E402
from tests.browser.conftest import CHROMIUM_ARGS, start_streamlit  # noqa: E402

THEMA_TO_REMOVE = 0  # the first thema option (app: chip; bare page: multiselect)

BARE_APP = r'''
"""Bare reference page: one st_folium GeoJSON of the municipalities, rebuilt on every change."""
import json
from pathlib import Path

import folium
import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

HERE = Path(__file__).parent
st.set_page_config(layout="wide")


@st.cache_data
def data():
    return json.loads((HERE / "areas.geojson").read_text()), pd.read_csv(HERE / "long.csv"), \
        json.loads((HERE / "labels.json").read_text())


geo, long, labels = data()
fg_mode = st.query_params.get("mode") == "fg"
themes = st.sidebar.multiselect("Thema", list(labels), default=list(labels), format_func=labels.get)
counts = long[long["thema"].isin(themes)].groupby("gemeente_code").size()
colours = ["#ffffcc", "#a1dab4", "#41b6c4", "#2c7fb8", "#253494"]
for f in geo["features"]:
    n = int(counts.get(f["properties"]["code"], 0))
    f["properties"]["fill"] = "#f2f2f2" if n == 0 else colours[min(n // 3, 4)]
    f["properties"]["waarde"] = f"{n} projecten"
m = folium.Map(location=[52.2, 5.3], zoom_start=7, tiles=None)
m.default_js = [("leaflet", "/app/static/vendor/leaflet/leaflet.js")]
m.default_css = [("leaflet_css", "/app/static/vendor/leaflet/leaflet.css")]
m.fit_bounds([[50.75, 3.2], [53.7, 7.25]])
layer = folium.GeoJson(geo, style_function=lambda f: {"fillColor": f["properties"]["fill"], "color": "#666",
                                                     "weight": 0.6, "fillOpacity": 0.8},
                       tooltip=folium.GeoJsonTooltip(["naam", "waarde"], labels=False))
st.markdown(f"**{int(counts.sum())}** projecten")
if fg_mode:
    fg = folium.FeatureGroup(name="gebieden")
    layer.add_to(fg)
    st_folium(m, feature_group_to_add=fg, height=620, use_container_width=True,
              returned_objects=["last_active_drawing"], key="map")
else:
    layer.add_to(m)
    st_folium(m, height=620, use_container_width=True, returned_objects=["last_active_drawing"], key="map")
'''

# In the top page (same origin as the component iframes): the first map iframe's polygons.
_FRAME_JS = """
() => {
  for (const f of document.querySelectorAll('iframe')) {
    let doc = null;
    try { doc = f.contentDocument; } catch (e) { continue; }
    if (!doc) continue;
    const paths = doc.querySelectorAll('path.leaflet-interactive');
    if (paths.length) return {frame: f, paths: paths};
  }
  return null;
}
"""
# the poll keeps the moment it first saw a polygon, so the breakdown does not count the poll's round trip
FIRST_POLYGON_JS = (f"() => {{ const r = ({_FRAME_JS})(); if (!r) return null; "
                    f"window.__swkFirstPolygon = window.__swkFirstPolygon || performance.now(); return window.__swkFirstPolygon; }}")
SIGNATURE_JS = f"""() => {{
  const r = ({_FRAME_JS})();
  if (!r) return null;
  window.__swkFrame = r.frame;
  return {{n: r.paths.length, sig: Array.from(r.paths, p => p.getAttribute('fill')).join(',')}};
}}"""
RECOLOURED_JS = f"""(before) => {{
  const r = ({_FRAME_JS})();
  if (!r || r.paths.length !== before.n) return null;
  const sig = Array.from(r.paths, p => p.getAttribute('fill')).join(',');
  return sig !== before.sig ? {{t: performance.now(), same_iframe: r.frame === window.__swkFrame}} : null;
}}"""
# first load breakdown: when the map iframe appeared, when Leaflet had loaded inside it
BREAKDOWN_JS = f"""() => {{
  const r = ({_FRAME_JS})();
  const f = r.frame, w = f.contentWindow;
  const offset = w.performance.timeOrigin - performance.timeOrigin;
  const res = w.performance.getEntriesByType('resource');
  const leaflet = res.find(e => e.name.endsWith('leaflet.js'));
  const comp = res.find(e => /main\\.[0-9a-f]+\\.js/.test(e.name));
  const nav = performance.getEntriesByType('navigation')[0];
  return {{
    dom_content_loaded: nav.domContentLoadedEventEnd,
    iframe_created: offset,
    component_js_loaded: comp ? offset + comp.responseEnd : null,
    leaflet_loaded: leaflet ? offset + leaflet.responseEnd : null,
    first_polygon: window.__swkFirstPolygon,
    map_script_bytes: (Array.from(f.contentDocument.scripts).map(s => s.text.length).reduce((a, b) => a + b, 0)),
  }};
}}"""


# the filters are on screen (the app's Thema chips, the bare page's Thema multiselect): the rest of the page
CONTROLS_JS = """() => document.querySelector('.st-key-f_thema button[aria-pressed], section[data-testid="stSidebar"] '
  + '[data-testid="stMultiSelect"] button[aria-label^="Remove "]') ? performance.now() : null"""


def write_bare_app(directory: Path) -> Path:
    """The reference page and its data (the same 2017 municipalities and demo projects as the app)."""
    from analysis.prepare import prepare
    from inventory.demo import DEMO_FILE
    from inventory.taxonomy import load_taxonomy
    from inventory.validate import validate_file

    projects = validate_file(DEMO_FILE, 2017).accepted
    prep = prepare(projects, 2017)
    gem = prep.areas["gemeente"].to_crs(4326)
    (directory / "areas.geojson").write_text(json.dumps(gem.__geo_interface__))
    prep.long[["id", "gemeente_code", "thema"]].to_csv(directory / "long.csv", index=False)
    (directory / "labels.json").write_text(json.dumps(load_taxonomy()["thema"].labels()))
    # a copy, not a symlink: Streamlit's static serving refuses files outside the app's static/
    shutil.copytree(REPO_ROOT / "static" / "vendor" / "leaflet", directory / "static" / "vendor" / "leaflet")
    (directory / ".streamlit").mkdir()
    (directory / ".streamlit" / "config.toml").write_text(
        "[server]\nenableStaticServing = true\n[browser]\ngatherUsageStats = false\n")
    app = directory / "bare_app.py"
    app.write_text(BARE_APP)
    return app


def start_bare(directory: Path):
    """Streamlit on the bare page, from its own directory (its static/ and config)."""
    import subprocess
    import urllib.request

    from tests.browser.conftest import _free_port

    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "streamlit", "run", "bare_app.py", "--server.headless", "true",
                             "--server.address", "127.0.0.1", "--server.port", str(port)],
                            cwd=directory, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    for _ in range(200):
        try:
            urllib.request.urlopen(url + "/_stcore/health", timeout=2)
            return proc, url
        except OSError:
            time.sleep(0.3)
    proc.kill()
    raise RuntimeError("bare page did not start")


def _block_tiles(route):
    if "service.pdok.nl" in route.request.url or not route.request.url.startswith("http://127.0.0.1"):
        route.abort()
    else:
        route.continue_()


def thema_option(page):
    """What a click on one thema option is: the app's first Thema chip (``st.pills``: only that thema),
    or on the bare page the remove button of the first thema in its multiselect."""
    sidebar = page.locator('section[data-testid="stSidebar"]')
    pills = sidebar.locator('.st-key-f_thema button[data-variant^="pills"]')  # not the label's help button
    if pills.count():
        return pills.nth(THEMA_TO_REMOVE)
    return sidebar.locator('[data-testid="stMultiSelect"]').filter(
        has=page.locator('[data-testid="stWidgetLabel"]', has_text="Thema")).first.locator(
        'button[aria-label^="Remove "]').nth(THEMA_TO_REMOVE)


def one_run(browser, url: str, breakdown: bool = False) -> dict:
    """Load the page, time the first polygon, then remove one thema and time the recolouring."""
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
    ctx.route("**/*", _block_tiles)
    page = ctx.new_page()
    try:
        page.goto(url, wait_until="commit")
        first = page.wait_for_function(FIRST_POLYGON_JS, polling="raf", timeout=120_000).json_value()
        out = {"first_polygon": first / 1000}
        if breakdown:
            out["breakdown"] = page.evaluate(BREAKDOWN_JS)
        controls = page.wait_for_function(CONTROLS_JS, polling="raf", timeout=60_000).json_value()
        out["controls"] = controls / 1000
        # settle: the script run is over and the map will not be redrawn by a late rerun
        page.wait_for_timeout(1500)
        page.wait_for_function("() => !(document.querySelector('[data-testid=\"stStatusWidget\"]')?.textContent || '')"
                               ".includes('Running')", timeout=60_000)
        target = thema_option(page)
        target.scroll_into_view_if_needed()
        box = target.bounding_box()
        before = page.evaluate(SIGNATURE_JS)
        t0 = page.evaluate("() => performance.now()")
        page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        done = page.wait_for_function(RECOLOURED_JS, arg=before, polling="raf", timeout=60_000).json_value()
        out["click"] = (done["t"] - t0) / 1000
        out["same_iframe"] = done["same_iframe"]
        return out
    finally:
        ctx.close()


def measure(browser, pages: dict[str, str], runs: int) -> dict[str, list[dict]]:
    """``runs`` measured loads of each page (label -> url), interleaved (app, bare, app, ...), so that
    a machine that speeds up or slows down during the benchmark weighs on both pages alike."""
    for url in pages.values():
        one_run(browser, url)  # warm the server (caches) and the OS file cache
    results: dict[str, list[dict]] = {label: [] for label in pages}
    for i in range(runs):
        for label, url in pages.items():
            r = one_run(browser, url, breakdown=True)
            results[label].append(r)
            print(f"  {label} run {i + 1}: first polygon {r['first_polygon']:.2f} s, controls {r['controls']:.2f} s, "
                  f"click {r['click']:.2f} s{'' if r['same_iframe'] else ' (map iframe remounted)'}", flush=True)
    return results


def p50(results: list[dict], key: str) -> float:
    return statistics.median(r[key] for r in results)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=7, help="measured runs per page (>= 5; p50 is reported)")
    ap.add_argument("--app-only", action="store_true", help="measure only the app (no ratios)")
    ap.add_argument("--fg", action="store_true", help="also measure the bare page with feature_group_to_add")
    args = ap.parse_args(argv)
    from playwright.sync_api import sync_playwright

    procs = []
    with tempfile.TemporaryDirectory() as tmp:
        try:
            app_proc, app_url = start_streamlit()
            procs.append(app_proc)
            write_bare_app(Path(tmp))
            bare_proc, bare_url = start_bare(Path(tmp))
            procs.append(bare_proc)
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=CHROMIUM_ARGS)
                try:
                    print(f"{os.cpu_count()} CPU(s); tiles blocked; {args.runs} runs each (p50)")
                    pages = {"app": app_url}
                    if not args.app_only:
                        pages["bare (full rebuild)"] = bare_url
                        if args.fg:
                            pages["bare (layer replaced)"] = bare_url + "/?mode=fg"
                    res = measure(browser, pages, args.runs)
                    app, bare, fg = res["app"], res.get("bare (full rebuild)"), res.get("bare (layer replaced)")
                    if args.app_only:
                        print(f"app p50: first polygon {p50(app, 'first_polygon'):.2f} s, click {p50(app, 'click'):.2f} s")
                        return 0
                finally:
                    browser.close()
        finally:
            for proc in procs:
                if proc is not None:
                    proc.terminate()
                    proc.wait(10)
    print()
    print(f"{'':32}{'first polygon':>15}{'filter click':>15}{'filters shown':>15}")
    print(f"{'app':32}{p50(app, 'first_polygon'):>14.2f}s{p50(app, 'click'):>14.2f}s{p50(app, 'controls'):>14.2f}s")
    print(f"{'bare page (full rebuild)':32}{p50(bare, 'first_polygon'):>14.2f}s{p50(bare, 'click'):>14.2f}s{p50(bare, 'controls'):>14.2f}s")
    if fg:
        print(f"{'bare page (layer replaced)':32}{p50(fg, 'first_polygon'):>14.2f}s{p50(fg, 'click'):>14.2f}s{p50(fg, 'controls'):>14.2f}s")
    first_ratio = p50(app, "first_polygon") / p50(bare, "first_polygon")
    click_ratio = p50(app, "click") / p50(bare, "click")
    print(f"first-polygon ratio app/bare: {first_ratio:.2f} (goal <= 1.0)")
    print(f"click ratio app/bare full rebuild: {click_ratio:.2f} (goal <= 0.4)")
    keys = ["dom_content_loaded", "iframe_created", "component_js_loaded", "leaflet_loaded", "first_polygon",
            "map_script_bytes"]
    print("first load, p50 (s after navigation start; bytes of script in the map iframe):")
    print(f"  {'':22} {'app':>9} {'bare':>9}")
    for k in keys:
        row = []
        for results in (app, bare):
            vals = [r["breakdown"][k] for r in results if r["breakdown"].get(k) is not None]
            v = statistics.median(vals) if vals else float("nan")
            row.append(f"{v:>9,.0f}" if k.endswith("bytes") else f"{v / 1000:>9.2f}")
        print(f"  {k:22} {' '.join(row)}")
    print(f"app clicks that remounted the map iframe: {sum(not r['same_iframe'] for r in app)} of {len(app)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

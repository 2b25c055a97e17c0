"""Export limits: country-wide HTML size (raw and gzipped), first paint in headless Chromium, PNG time.

Targets (issue 'Embedding and slides'): HTML with everything <= 600 KB and <= 200 KB gzipped;
first paint < 1 s; PNG < 5 s. Also prints gdf.explore()'s HTML for the same municipalities, which
needs its CDN assets on top.
"""
from __future__ import annotations

import gzip
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from analysis.prepare import prepare  # noqa: E402
from analysis.view import compute_view  # noqa: E402
from export.views import ExportSpec, export_html, export_image  # noqa: E402
from inventory.load import load_inventory  # noqa: E402
from inventory.taxonomy import load_taxonomy  # noqa: E402

TAX = load_taxonomy()


def first_paint_ms(path: Path, runs: int = 5) -> float:
    """Navigation start to all municipality polygons drawn, p50 over ``runs`` cold page loads."""
    from playwright.sync_api import sync_playwright

    times = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"])
        for _ in range(runs):
            page = browser.new_context().new_page()
            page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort())
            page.goto(path.as_uri(), wait_until="commit")
            page.wait_for_function("document.querySelectorAll('path.leaflet-interactive').length >= 388")
            times.append(page.evaluate("performance.now()"))
            page.close()
        browser.close()
    return statistics.median(times)


def main() -> None:
    result, is_demo = load_inventory()
    prep = prepare(result.accepted, 2017)
    view = compute_view(prep, {}, "gemeente", TAX["fase"].codes)
    tmp = Path(tempfile.mkdtemp())
    for markers in (False, True):
        spec = ExportSpec(markers=markers, demo=is_demo, source=result.source)
        html = export_html(prep, view, spec, {}, TAX).encode()
        path = tmp / f"kaart_{markers}.html"
        path.write_bytes(html)
        paint = first_paint_ms(path)
        print(f"HTML, municipality view{' + 1,500 project markers' if markers else ''}: {len(html)/1024:.0f} KB, "
              f"{len(gzip.compress(html))/1024:.0f} KB gzipped (targets 600 / 200 KB); first paint p50 {paint:.0f} ms "
              f"(target < 1000 ms)")
    styled = view.summary.drop(columns=["themas"])
    explore = styled.explore(column="n_projecten").get_root().render().encode()
    print(f"gdf.explore() of the same municipalities: {len(explore)/1024:.0f} KB, {len(gzip.compress(explore))/1024:.0f} KB "
          "gzipped, plus Leaflet, jQuery, Bootstrap and more from CDNs")
    times = []
    for _ in range(3):
        t = time.perf_counter()
        png = export_image(prep, view, ExportSpec(demo=True), {}, TAX)
        times.append(time.perf_counter() - t)
    t = time.perf_counter()
    export_image(prep, view, ExportSpec(demo=True, region="ZK31"), {}, TAX)
    region = time.perf_counter() - t
    print(f"PNG 1920x1080 country: {statistics.median(times):.2f} s, region ZK31: {region:.2f} s (target < 5 s), "
          f"{len(png)/1024:.0f} KB")


if __name__ == "__main__":
    main()

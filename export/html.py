"""A self-contained HTML map: Leaflet inlined, a table alternative, nothing fetched but tiles.

For embedding on public-sector sites (WCAG 2.1 AA for the page around the map; no third-party
scripts, fonts or CDNs). ``--no-basemap`` removes the tile requests too.
"""
from __future__ import annotations

import re

import pandas as pd

from layers.assets import CLUSTER_CSS, CLUSTER_JS, LEAFLET_CSS, LEAFLET_JS, AssetBase, read_vendor_file
from layers.compose import MapSpec, build_map, legend_note
from layers.escape import esc
from export.embed import EMBED_CSS, EmbedParts

_LINK_RE = re.compile(r'<link rel="stylesheet" href="[^"]*"\s*/?>')
_SCRIPT_SRC_RE = re.compile(r'<script\b[^>]*\bsrc="[^"]*"[^>]*>\s*</script>', re.IGNORECASE)

PAGE_CSS = """
html, body { margin: 0; padding: 0; height: auto; background: #fff; color: #1a1a1a;
  font: 16px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
main { max-width: 1200px; margin: 0 auto; padding: 12px 16px 24px; }
h1 { font-size: clamp(1.2rem, 2.6vw, 1.8rem); margin: 0 0 4px; }
.swk-sub { margin: 0 0 10px; color: #333; }
.swk-demo { background: #fff4ce; border: 1px solid #8a6d00; padding: 6px 10px; border-radius: 4px; }
.swk-map { position: relative; width: 100%; height: min(72vh, 640px); min-height: 320px; border: 1px solid #999; }
.swk-map .folium-map { position: absolute !important; inset: 0; width: 100% !important; height: 100% !important; }
.swk-source { font-size: 0.85rem; color: #333; margin: 6px 0 12px; }
details { margin-top: 8px; }
summary { cursor: pointer; font-weight: 600; padding: 6px 0; }
.swk-table { overflow-x: auto; max-height: 60vh; border: 1px solid #bbb; }
table.swk { border-collapse: collapse; width: 100%; font-size: 0.9rem; }
table.swk caption { text-align: left; font-weight: 600; padding: 6px; }
table.swk th, table.swk td { border-bottom: 1px solid #ddd; padding: 4px 8px; text-align: left; }
table.swk thead th { position: sticky; top: 0; background: #f2f2f2; }
table.swk td.num { text-align: right; font-variant-numeric: tabular-nums; }
a, summary, .swk-table, .leaflet-container { outline-offset: 2px; }
:focus-visible { outline: 3px solid #1d4ed8 !important; }
.swk-popup table { border-collapse: collapse; } .swk-popup th { text-align: left; padding-right: 8px; }
@media (max-width: 480px) {
  /* on a phone the legend goes under the map instead of covering a third of it */
  main { padding: 8px; }
  .swk-map { height: auto; border: none; }
  .swk-map .folium-map { position: relative !important; height: 62vh !important; border: 1px solid #999; }
  .swk-legend { position: static !important; max-width: none !important; box-shadow: none !important;
                border: 1px solid #999; margin-top: 6px; }
  .swk-legend-note { display: none; }
}
"""


def html_table(df: pd.DataFrame, caption: str) -> str:
    """A plain, accessible HTML table; every cell escaped."""
    num = [pd.api.types.is_numeric_dtype(df[c]) for c in df.columns]
    head = "".join(f'<th scope="col">{esc(c)}</th>' for c in df.columns)
    body = "".join(
        "<tr>" + "".join(f'<td class="num">{esc(v)}</td>' if n else f"<td>{esc(v)}</td>" for v, n in zip(row, num)) + "</tr>"
        for row in df.itertuples(index=False)
    )
    return f'<table class="swk"><caption>{esc(caption)}</caption><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def _embed_scripts(embed: EmbedParts | None) -> str:
    if embed is None:
        return ""
    return f'<script type="application/json" id="swk-embed-data">{embed.data}</script>\n<script>{embed.script}</script>'


def standalone_html(spec: MapSpec, taxonomy, title: str, table: pd.DataFrame, subtitle: str = "",
                    embed: EmbedParts | None = None) -> str:
    """The whole page as one string: map, legend, source line, table alternative, assets inlined;
    with ``embed`` (export.embed) also filter toggles applied in the browser and the project list."""
    fmap = build_map(spec, taxonomy, AssetBase(prefix="inline:"))
    root = fmap.get_root()
    root.render()
    header = _SCRIPT_SRC_RE.sub("", _LINK_RE.sub("", root.header.render()))
    header = header.replace('<meta http-equiv="content-type" content="text/html; charset=UTF-8" />', "")
    body_html = root.html.render()
    script = root.script.render()
    js, css = list(LEAFLET_JS), list(LEAFLET_CSS)
    if spec.points is not None and len(spec.points):
        js += CLUSTER_JS
        css += CLUSTER_CSS
    styles = "\n".join(read_vendor_file(path) for _, path in css)
    scripts = "\n".join(f"<script>{read_vendor_file(path)}</script>" for _, path in js)
    demo = ('<p class="swk-demo"><strong>Demonstratiedata:</strong> synthetische projecten, geen echte. '
            "De echte AEF-inventarisatie (2017) is niet openbaar.</p>") if spec.demo else ""
    source = legend_note(spec) + ("" if spec.basemap == "geen" else "; achtergrond: PDOK BRT-Achtergrondkaart, Kadaster")
    return f"""<!DOCTYPE html>
<html lang="nl">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(title)}</title>
<style>{styles}</style>
{scripts}
{header}
<style>{PAGE_CSS}{EMBED_CSS if embed else ""}</style>
</head>
<body>
<main>
<h1>{esc(title)}</h1>
<p class="swk-sub"{' aria-live="polite"' if embed else ""}>{esc(subtitle)}</p>
{demo}
{embed.controls if embed else ""}
<div class="swk-map" role="region" aria-label="{esc('Kaart: ' + title + '. Dezelfde cijfers staan in de tabel onder de kaart.')}">
{body_html}
</div>
<p class="swk-source">{esc(source)}</p>
<details class="swk-tabel">
<summary>Tabel met dezelfde cijfers</summary>
<div class="swk-table" tabindex="0" role="region" aria-label="{esc('Tabel: ' + title)}">
{html_table(table, title)}
</div>
</details>
{embed.projects if embed else ""}
</main>
<script>{script}</script>
{_embed_scripts(embed)}
</body>
</html>
"""

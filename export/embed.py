"""Filters inside the standalone HTML map: toggles applied in the browser, no server behind the page.

The page ships a compact project -> area table (codes as small integers, one list of area indices
per project) and the taxonomy labels; ``embed.js`` recomputes the per-area figures, the count
classes (only with quantiles: fixed breaks, the default as in the app, stay fixed), the fills, the legend, the table alternative and the subtitle whenever a toggle changes,
exactly as ``analysis.aggregate.area_summary`` and ``layers.choropleth.style_areas`` do in Python
(the browser tests compare the two). Every text reaches the page as JSON data
(``layers.escape.script_json``) and is shown with ``textContent`` or escaped before it becomes
tooltip HTML, so a project or area name is never markup and never a template.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


from analysis.filter import filter_projects
from geo.config import REPO_ROOT
from analysis.prepare import Prepared
from layers.choropleth import VIEWS
from layers.escape import esc, script_json
from layers.filterdata import filter_table

FILTER_DIMS = ("thema", "fase", "instrument", "zorgverzekeraar")  # the toggles an embed can offer
FILTERABLE_VIEWS = ("count", "fase", "insurer")  # views computed from the projects (not Venster values)
FILTER_TITLES = {"thema": "Thema", "fase": "Fase (intensiteit)", "instrument": "Instrument",
                 "zorgverzekeraar": "Zorgverzekeraar"}
SUBTITLE_KEYS = ("thema", "fase", "instrument", "niveau", "zorgverzekeraar")  # as export.views.subtitle_of
JS_FILE = Path(__file__).with_name("embed.js")
CORE_FILE = REPO_ROOT / "static" / "swk" / "filtercore.js"  # shared with the app's live map


def parse_filters(text: str | None) -> tuple[str, ...]:
    """``"thema,fase"`` -> ("thema", "fase"); ``"none"``/``""`` -> (); None -> all four."""
    if text is None:
        return FILTER_DIMS
    if text.strip().lower() in ("", "none", "geen"):
        return ()
    wanted = [t.strip().lower() for t in text.split(",") if t.strip()]
    unknown = [t for t in wanted if t not in FILTER_DIMS]
    if unknown:
        raise ValueError(f"onbekend filter {', '.join(unknown)}: kies uit {', '.join(FILTER_DIMS)} of none")
    return tuple(d for d in FILTER_DIMS if d in wanted)


@dataclass
class EmbedParts:
    """What the filterable page adds to the standalone HTML."""

    controls: str  # the toggles (HTML), above the map
    projects: str  # the collapsible project list (HTML), under the table
    data: str  # JSON for <script type="application/json">
    script: str  # the JavaScript that applies the toggles


def embed_parts(prep: Prepared, level: str, view_kind: str, selection: dict[str, list], offered: tuple[str, ...],
                taxonomy, level_label: str, breaks: list[int] | None = None) -> EmbedParts | None:
    """The toggles, data and script for ``offered`` filters; None when nothing can be filtered.
    ``breaks``: the fixed count classes the page keeps on every toggle (None: quantiles of what is shown)."""
    offered = tuple(d for d in FILTER_DIMS if d in offered)
    if not offered or view_kind not in FILTERABLE_VIEWS:
        return None
    # the filters the page does not offer are applied here, once; the page starts with the export's choice
    fixed = {k: v for k, v in selection.items() if k not in offered}
    base = filter_projects(prep.projects, fixed)
    table = filter_table(prep, base, level, taxonomy)
    if table is None:
        return None
    dims = {d: taxonomy[d].codes for d in FILTER_DIMS}
    table["p"]["n"] = base["naam"].fillna("").astype(str).tolist()
    table["p"]["v"] = base["zorgverzekeraars"].fillna("").astype(str).tolist()
    labels = {d: taxonomy[d].labels() for d in (*FILTER_DIMS, "niveau")}
    subtitle = []  # [key, fixed text or None (computed in the page)]
    for key in SUBTITLE_KEYS:
        if key in offered:
            subtitle.append([key, None])
        elif key in selection and set(selection[key]) != set(taxonomy[key].codes):
            subtitle.append([key, f"{key}: " + ", ".join(labels[key].get(v, v) for v in selection[key])])
    data = {
        **table, "view": view_kind, "total": len(prep.projects), "year": prep.year, "level": level_label,
        "viewName": VIEWS[view_kind], "offered": list(offered),
        # as analysis.filter: without a zorgverzekeraar filter a project without insurer counts; with
        # one (the app always has one) it does not, even when every insurer is ticked
        "insurerFilter": "zorgverzekeraar" in selection,
        "selected": {d: [c for c in dims[d] if c in set(selection.get(d, dims[d]))] for d in offered},
        "subtitle": subtitle,
        "breaks": [int(b) for b in breaks] if breaks and view_kind == "count" else None,
    }
    return EmbedParts(controls=_controls_html(offered, dims, labels, data["selected"]),
                      projects=_projects_html(level_label),
                      data=script_json(data),
                      script=CORE_FILE.read_text(encoding="utf-8") + "\n" + JS_FILE.read_text(encoding="utf-8"))


def _controls_html(offered, dims, labels, selected) -> str:
    """One fieldset of labelled checkboxes per offered filter, with 'alle'/'geen' buttons."""
    sets = []
    for d in offered:
        boxes = "".join(
            f'<label class="swk-opt"><input type="checkbox" name="{d}" value="{esc(c)}"'
            f'{" checked" if c in selected[d] else ""}> {esc(labels[d][c])} <span class="swk-n" data-dim="{d}" '
            f'data-code="{esc(c)}"></span></label>'
            for c in dims[d])
        sets.append(f'<fieldset class="swk-dim" data-dim="{d}"><legend>{esc(FILTER_TITLES[d])}</legend>{boxes}'
                    f'<span class="swk-all"><button type="button" data-dim="{d}" data-all="1">alle</button> '
                    f'<button type="button" data-dim="{d}" data-all="0">geen</button></span></fieldset>')
    return ('<details class="swk-filters" open><summary>Filters</summary>'
            '<form class="swk-form" aria-label="Filters van de kaart" onsubmit="return false">'
            + "".join(sets) + "</form></details>")


def _projects_html(level_label: str) -> str:
    return ('<details class="swk-projecten"><summary>Projecten in de selectie</summary>'
            '<div class="swk-table" tabindex="0" role="region" aria-label="Projecten in de selectie">'
            '<table class="swk swk-plist"><caption>Projecten in de selectie</caption><thead><tr>'
            '<th scope="col">naam</th><th scope="col">thema</th><th scope="col">fase</th><th scope="col">instrument</th>'
            f'<th scope="col">zorgverzekeraars</th><th scope="col">{esc(level_label)}</th></tr></thead><tbody></tbody>'
            '</table></div></details>')


EMBED_CSS = """
.swk-filters { margin: 0 0 10px; border: 1px solid #bbb; border-radius: 4px; padding: 0 10px 6px; }
.swk-form { display: flex; flex-wrap: wrap; gap: 6px 18px; }
.swk-dim { border: none; margin: 0; padding: 0; min-width: 0; }
.swk-dim legend { font-weight: 600; padding: 4px 0; }
.swk-opt { display: inline-flex; align-items: center; gap: 4px; margin: 2px 10px 2px 0; cursor: pointer; }
.swk-opt input { width: 1.1em; height: 1.1em; margin: 0; }
.swk-n { color: #444; font-size: 0.85rem; }
.swk-n:not(:empty)::before { content: "("; } .swk-n:not(:empty)::after { content: ")"; }
.swk-all button { font: inherit; font-size: 0.85rem; padding: 1px 8px; margin-right: 4px; cursor: pointer; }
"""


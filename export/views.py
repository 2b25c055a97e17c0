"""Exports of one view (the same filters, level and view as the app): HTML page, image, tables."""
from __future__ import annotations

import textwrap
from dataclasses import dataclass

from analysis.prepare import LEVEL_LABELS, Prepared
from analysis.view import View, on_map, view_points
from analysis.years import not_drawn_note
from export.embed import FILTER_DIMS, embed_parts
from export.html import standalone_html
from export.image import static_map
from export.numbers import nl_int
from export.tables import area_table, projects_table
from layers.choropleth import CLASS_METHODS, VALUE_VIEWS, VIEWS, inventory_breaks, style_areas
from layers.compose import MapSpec, legend_note



@dataclass
class ExportSpec:
    """What to export besides the view itself."""

    view_kind: str = "count"  # count | fase | insurer
    title: str | None = None
    basemap: str = "grijs"  # a PDOK theme, or "geen"
    markers: bool = False
    region: str | None = None  # zoom the image to this area (GM/ZK/PV code)
    source: str = ""
    demo: bool = False
    values: dict | None = None  # Venster/change views: area code -> value
    value_label: str = ""
    filters: tuple[str, ...] = FILTER_DIMS  # toggles the HTML page offers (export.embed); () for none
    classes: str = "vast"  # count classes as the app's "Klassen": vast (fixed breaks) | kwantielen
    breaks: list[int] | None = None  # the app's fixed breaks; None with "vast": computed as the app does


def export_breaks(prep: Prepared, view: View, spec: ExportSpec) -> list[int] | None:
    """The count classes an export draws with, as the app: fixed breaks from the whole inventory
    (``spec.breaks`` when the app hands its own), or None for quantiles of the counts shown."""
    if spec.view_kind != "count" or spec.classes != "vast":
        return None
    return list(spec.breaks) if spec.breaks else inventory_breaks(prep, view.level)


def title_of(view: View, spec: ExportSpec) -> str:
    return spec.title or f"{VIEWS[spec.view_kind]} per {LEVEL_LABELS[view.level]}"


def subtitle_of(view: View, prep: Prepared, selection: dict[str, list], taxonomy, region: str | None = None) -> str:
    """'312 van 1500 projecten · inventaris 2017 · thema: Ouderen, GGZ' (only filters that narrow), counting what
    the map draws; with ``region`` (the code of an area of any level) the counts are those of that area."""
    if region:
        level = next(lv for lv, areas in prep.areas.items() if region in set(areas["code"]))
        key = f"{level}_code"
        in_area = set(prep.long.loc[prep.long[key] == region, "id"])
        n_here = int(view.filtered["id"].isin(in_area).sum())
        parts = [f"{nl_int(n_here)} projecten in dit gebied (van {nl_int(len(view.filtered))} geselecteerd in Nederland)",
                 f"inventaris {prep.year}"]
    else:
        shown = len(on_map(prep, view.filtered, view.level))  # what the map draws, not what was selected
        parts = [f"{nl_int(shown)} van {nl_int(prep.n_input or len(prep.projects))} projecten", f"inventaris {prep.year}"]
    if note := not_drawn_note(prep.not_drawn, prep.year):
        parts.append(note)
    for key, values in selection.items():
        if key in ("thema", "fase", "instrument", "niveau", "zorgverzekeraar") and set(values) != set(taxonomy[key].codes):
            labels = taxonomy[key].labels()
            parts.append(f"{key}: " + ", ".join(labels.get(v, v) for v in values))
    if view.level in prep.region_levels:  # e.g. a 2017 inventory on the GGD-regio's of 2025
        parts.append(prep.region_levels[view.level])
    return " · ".join(parts)


def _map_spec(prep: Prepared, view: View, spec: ExportSpec) -> MapSpec:
    breaks = export_breaks(prep, view, spec)
    return MapSpec(view.summary, spec.view_kind, LEVEL_LABELS[view.level],
                   outlines=prep.areas["zorgkantoorregio"] if view.level == "gemeente" else None,
                   points=view_points(prep, view) if spec.markers else None,
                   basemap=spec.basemap, source=spec.source, demo=spec.demo, values=spec.values,
                   value_label=spec.value_label, breaks=breaks,
                   class_method=CLASS_METHODS["vast" if breaks else "kwantielen"])


def export_html(prep: Prepared, view: View, spec: ExportSpec, selection: dict[str, list], taxonomy) -> str:
    """The self-contained page of the view, with the filters of ``spec.filters`` as toggles in the page
    (not with markers or Venster values: those do not follow the toggles)."""
    embed = None
    map_spec = _map_spec(prep, view, spec)
    if spec.filters and not spec.markers and spec.values is None:
        embed = embed_parts(prep, view.level, spec.view_kind, selection, spec.filters, taxonomy,
                            LEVEL_LABELS[view.level], breaks=map_spec.breaks)  # the toggles keep fixed classes
    return standalone_html(map_spec, taxonomy, title_of(view, spec),
                           area_table(view.summary, taxonomy), subtitle_of(view, prep, selection, taxonomy), embed)


def export_image(prep: Prepared, view: View, spec: ExportSpec, selection: dict[str, list], taxonomy,
                 size: tuple[int, int] = (1920, 1080), fmt: str = "png") -> bytes:
    """The slide picture of the view, of the whole country or zoomed to ``spec.region``."""
    map_spec = _map_spec(prep, view, spec)
    styled, legend_title, items = style_areas(view.summary, spec.view_kind, taxonomy, spec.values, spec.value_label,
                                              map_spec.breaks)
    focus, labels, outlines = None, prep.areas["zorgkantoorregio"], prep.areas["zorgkantoorregio"]
    if view.level != "gemeente":
        labels = prep.areas[view.level]
        outlines = outlines if view.level == "provincie" else None  # zorgkantoor borders only help on provinces
    if spec.region:
        focus = _area_by_code(prep, spec.region)
        inside = focus.geometry.iloc[0]
        level_areas = prep.areas[view.level]
        labels = level_areas[level_areas.geometry.representative_point().within(inside)]
        outlines = focus
    title = title_of(view, spec) + (f": {focus['naam'].iloc[0]}" if focus is not None else "")
    per = "" if spec.view_kind in VALUE_VIEWS else f" per {LEVEL_LABELS[view.level]}"
    method = "\n" + "\n".join(textwrap.wrap(map_spec.class_method, 44)) if spec.view_kind == "count" else ""
    return static_map(styled, f"{legend_title}{per}{method}", items, title,
                      legend_note(map_spec), outlines=outlines, focus=focus, labels=labels,
                      size=size, fmt=fmt, subtitle=subtitle_of(view, prep, selection, taxonomy,
                                                               focus["code"].iloc[0] if focus is not None else None))


def _area_by_code(prep: Prepared, code: str):
    """The area with CBS code ``code`` at any level of ``prep`` (GM, ZK, PV, GG, JZ, ... codes)."""
    code = code.strip().upper()
    for level, areas in prep.areas.items():
        if code in set(areas["code"]):
            return areas[areas["code"] == code]
    kinds = ", ".join(LEVEL_LABELS[lv] for lv in prep.areas)
    raise ValueError(f"onbekend gebied {code!r} in {prep.year}: geef de CBS-code van een gebied ({kinds})")


def export_projects(view: View, taxonomy):
    """The filtered projects as a table to hand out."""
    return projects_table(view.filtered, taxonomy)

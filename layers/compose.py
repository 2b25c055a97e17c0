"""Assemble one map: basemap, area view, region outlines, project markers, legend, title."""
from __future__ import annotations

from dataclasses import dataclass

import folium
import geopandas as gpd
import pandas as pd
from branca.element import Element

from layers.assets import AssetBase
from layers.basemap import base_map
from layers.choropleth import VALUE_VIEWS, VIEWS, area_layer, style_areas
from layers.gaps import gap_layer
from layers.legend import Legend
from layers.markers import ProjectMarkers
from layers.outlines import LABEL_CSS, LabelScale, label_layer, outline_layer

SOURCE_MAP = "kaart: CBS/Kadaster, CC-BY 4.0"


@dataclass
class MapSpec:
    """What to draw. ``summary``: per-area figures (analysis.aggregate.area_summary)."""

    summary: gpd.GeoDataFrame
    view: str
    level_label: str
    outlines: gpd.GeoDataFrame | None = None
    points: pd.DataFrame | None = None
    selected: str | None = None
    basemap: str = "grijs"
    source: str = ""
    demo: bool = False
    values: object = None  # Venster views: area code -> value
    value_label: str = ""
    breaks: list[int] | None = None  # fixed count classes (choropleth.stable_breaks); None: quantiles
    class_method: str = ""  # named under the legend title
    focus: gpd.GeoDataFrame | None = None  # a region in focus (code, naam, geometry): outlined, zoomed to
    focus_codes: set[str] | None = None  # the areas inside the focus; the others are drawn faded
    labels: gpd.GeoDataFrame | None = None  # areas whose names are written on the map


def legend_note(spec: MapSpec) -> str:
    data = "demonstratiedata (synthetisch)" if spec.demo else (spec.source or "eigen inventaris")
    return f"Bron: {data}; {SOURCE_MAP}"


def build_map(spec: MapSpec, taxonomy, assets: AssetBase = AssetBase(), height: str = "100%") -> folium.Map:
    """A folium Map of one view; nothing here reads a widget or a file."""
    m = base_map(spec.basemap, assets, bounds=map_bounds(spec))
    styled, title, items = style_areas(spec.summary, spec.view, taxonomy, spec.values, spec.value_label, spec.breaks)
    if spec.focus_codes is not None:
        styled = styled.assign(faded=~styled["code"].isin(spec.focus_codes))
    area_layer(styled, f"{VIEWS[spec.view]} per {spec.level_label}", spec.selected).add_to(m)
    add_context(m, spec, taxonomy, assets)
    per = "" if spec.view in VALUE_VIEWS else f" per {spec.level_label}"
    method = spec.class_method if spec.view == "count" else ""
    m.add_child(Legend(f"{title}{per}", items, legend_note(spec), method=method, fill_opacity=FILL_OPACITY))
    return m


def add_context(m: folium.Map, spec: MapSpec, taxonomy, assets: AssetBase = AssetBase(), defer: bool = False) -> None:
    """What sits on the areas: region outlines with names (none when a region is in focus), the
    focused region's outline, area names, project markers. With ``defer`` the outlines and names
    are drawn after the areas are painted (``layers.afterpaint``)."""
    if spec.outlines is not None or spec.focus is not None or spec.labels is not None:
        m.get_root().header.add_child(Element(LABEL_CSS))
    if spec.outlines is not None and spec.focus is None:
        outline_layer(spec.outlines, defer=defer).add_to(m)
        m.add_child(LabelScale())
    if spec.focus is not None:
        outline_layer(spec.focus, name="Regio in beeld", labels=False, style=FOCUS_STYLE, defer=defer).add_to(m)
    if spec.labels is not None and len(spec.labels):
        label_layer(spec.labels, name="Namen", defer=defer).add_to(m)
    if spec.points is not None and len(spec.points):
        labels = {d: taxonomy[d].labels() for d in ("thema", "fase", "instrument", "niveau")}
        m.add_child(ProjectMarkers(spec.points, labels, taxonomy["thema"].colours(), assets))


FOCUS_STYLE = {"color": "#e8006f", "weight": 3.5, "opacity": 1}
FILL_OPACITY = 0.8  # the area layer's fillOpacity (layers.areas): legend swatches are drawn at it


def map_bounds(spec: MapSpec):
    """What the map opens on: the focused region; else around a selected area (its surroundings
    kept in view, not a jump to a 3 km scale); else the whole country (None)."""
    if spec.focus is not None and len(spec.focus):
        minx, miny, maxx, maxy = spec.focus.total_bounds
        pad = max(maxx - minx, maxy - miny) * 0.04
        return [[miny - pad, minx - pad], [maxy + pad, maxx + pad]]
    if spec.selected is not None and spec.selected in set(spec.summary["code"]):
        minx, miny, maxx, maxy = spec.summary.loc[spec.summary["code"] == spec.selected].total_bounds
        pad = max(maxx - minx, maxy - miny, 0.6) * 0.8  # at least ~100 km across: the region around it
        cx, cy = (minx + maxx) / 2, (miny + maxy) / 2
        return [[cy - pad, cx - pad], [cy + pad, cx + pad]]
    return None


def build_gap_map(styled: gpd.GeoDataFrame, items: list[tuple[str, str]], title: str, note: str,
                  outlines: gpd.GeoDataFrame | None = None, basemap: str = "grijs",
                  assets: AssetBase = AssetBase()) -> folium.Map:
    """The witte-vlekken map, zoomed to the working area."""
    minx, miny, maxx, maxy = styled.total_bounds
    m = base_map(basemap, assets, bounds=[[miny, minx], [maxy, maxx]])
    gap_layer(styled).add_to(m)
    if outlines is not None:
        m.get_root().header.add_child(Element(LABEL_CSS))
        outline_layer(outlines).add_to(m)
        m.add_child(LabelScale())
    m.add_child(Legend(title, items, note, position="topright"))  # the south-east is often in the area
    return m

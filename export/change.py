"""Exports of the change page: the change map as a self-contained HTML page and as a slide."""
from __future__ import annotations

import geopandas as gpd

from export.html import standalone_html
from export.image import static_map
from layers.choropleth import style_areas
from layers.compose import MapSpec, legend_note


def change_table(summary: gpd.GeoDataFrame, old_year: int, new_year: int):
    """Per area: code, name, projects in both years and the difference (the table alternative)."""
    return summary.drop(columns="geometry").rename(
        columns={"n_oud": f"projecten {old_year}", "n_nieuw": f"projecten {new_year}"})


def _spec(summary: gpd.GeoDataFrame, level_label: str, old_year: int, new_year: int, source: str, demo: bool,
          basemap: str) -> MapSpec:
    return MapSpec(summary.assign(n_projecten=summary["n_nieuw"]), "verandering", level_label,
                   values=dict(zip(summary["code"], summary["verschil"])), value_label=f"{old_year} → {new_year}",
                   basemap=basemap, demo=demo, source=source)


def change_html(summary: gpd.GeoDataFrame, level_label: str, old_year: int, new_year: int, source: str, demo: bool,
                taxonomy, subtitle: str = "", basemap: str = "grijs") -> str:
    title = f"Verandering in aantal projecten per {level_label}, {old_year} → {new_year}"
    return standalone_html(_spec(summary, level_label, old_year, new_year, source, demo, basemap), taxonomy, title,
                           change_table(summary, old_year, new_year), subtitle)


def change_image(summary: gpd.GeoDataFrame, level_label: str, old_year: int, new_year: int, source: str, demo: bool,
                 taxonomy, subtitle: str = "", fmt: str = "png") -> bytes:
    spec = _spec(summary, level_label, old_year, new_year, source, demo, "geen")
    styled, legend_title, items = style_areas(spec.summary, "verandering", taxonomy, spec.values, spec.value_label)
    title = f"Verandering in aantal projecten per {level_label}, {old_year} → {new_year}"
    return static_map(styled, legend_title, items, title, legend_note(spec), fmt=fmt, subtitle=subtitle)

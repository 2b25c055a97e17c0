"""Area views: number of projects (classed), highest fase reached, dominant insurer group."""
from __future__ import annotations

import geopandas as gpd
import mapclassify
import numpy as np

from layers.areas import AreaLayer

VIEWS = {"count": "Aantal projecten", "fase": "Hoogste fase", "insurer": "Dominante zorgverzekeraar"}
NO_DATA = "#f2f2f2"
COUNT_COLOURS = ["#ffffcc", "#a1dab4", "#41b6c4", "#2c7fb8", "#253494"]  # ColorBrewer YlGnBu, colour-blind safe


def count_classes(values: np.ndarray, k: int = 5) -> tuple[np.ndarray, list[str]]:
    """Class index per value (-1 for zero) and a label per class: quantiles of the non-zero counts.

    Quantiles (not Fisher-Jenks: without numba that costs ~130 ms per redraw) keep the classes
    about equally full for skewed counts; duplicate integer bounds are merged.
    """
    values = np.asarray(values, dtype=float)
    positive = values[values > 0]
    classes = np.full(len(values), -1)
    if len(positive) == 0:
        return classes, []
    k = int(min(k, len(np.unique(positive))))
    if k < 2:
        classes[values > 0] = 0
        v = int(positive.max())
        return classes, [f"{v}"]
    bins = np.unique(np.floor(np.quantile(positive, np.linspace(0, 1, k + 1)[1:])))
    bins[-1] = positive.max()
    mc = mapclassify.UserDefined(positive, bins=list(bins))
    classes[values > 0] = mc.yb
    labels, lower = [], 1
    for upper in mc.bins:
        up = int(upper)
        labels.append(f"{lower}" if up == lower else f"{lower}–{up}")
        lower = up + 1
    return classes, labels


def style_areas(summary: gpd.GeoDataFrame, view: str, taxonomy) -> tuple[gpd.GeoDataFrame, str, list[tuple[str, str]]]:
    """Add ``fill`` and ``waarde`` (the tooltip text) per area; return it with the legend title and items."""
    out = summary.copy()
    if view == "count":
        classes, labels = count_classes(out["n_projecten"].to_numpy())
        colours = COUNT_COLOURS[-len(labels):] if labels else []
        out["fill"] = [colours[c] if c >= 0 else NO_DATA for c in classes]
        out["waarde"] = out["n_projecten"].map(lambda n: f"{n} project" + ("en" if n != 1 else ""))
        items = [(NO_DATA, "geen projecten")] + list(zip(colours, labels))
        return out, "Aantal projecten", items
    if view == "fase":
        dim = taxonomy["fase"]
        colours, labels = dim.colours(), dim.labels()
        out["fill"] = out["hoogste_fase"].map(lambda f: colours.get(f, NO_DATA) if isinstance(f, str) else NO_DATA)
        out["waarde"] = out["hoogste_fase"].map(lambda f: f"hoogste fase: {labels[f]}" if isinstance(f, str) else "geen projecten")
        items = [(NO_DATA, "geen projecten")] + [(colours[c], labels[c]) for c in dim.codes]
        return out, "Hoogste fase bereikt", items
    if view == "insurer":
        dim = taxonomy["zorgverzekeraar"]
        colours, labels = dim.colours(), dim.labels()
        out["fill"] = out["dominante_groep"].map(lambda g: colours.get(g, NO_DATA) if isinstance(g, str) else NO_DATA)
        out["waarde"] = [
            f"meeste projecten: {labels[g]} ({n})" if isinstance(g, str) else "geen projecten"
            for g, n in zip(out["dominante_groep"], out["n_groep"])
        ]
        present = [c for c in dim.codes if c in set(out["dominante_groep"].dropna())]
        items = [(NO_DATA, "geen projecten")] + [(colours[c], labels[c]) for c in present]
        return out, "Zorgverzekeraar met de meeste projecten", items
    raise ValueError(f"unknown view {view!r}; choose from {', '.join(VIEWS)}")


def area_layer(styled: gpd.GeoDataFrame, name: str, selected: str | None = None) -> AreaLayer:
    """The clickable area polygons; properties: code (for the click), naam and waarde (escaped), fill."""
    return AreaLayer(styled, name, selected=selected)

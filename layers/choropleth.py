"""Area views: number of projects (classed), highest fase reached, dominant insurer group."""
from __future__ import annotations

import geopandas as gpd
import mapclassify
import numpy as np

from analysis.aggregate import area_summary
from layers.areas import AreaLayer
from layers.hatch import NO_PROJECTS

VIEWS = {"count": "Aantal projecten", "fase": "Hoogste fase", "insurer": "Dominante zorgverzekeraar",
         "venster": "Venster-cijfer", "venster_verschil": "Verschil gemeenten − verzekeraars (Venster)",
         "verandering": "Verandering in aantal projecten"}
RATING_VIEWS = ("venster", "venster_verschil")
VALUE_VIEWS = (*RATING_VIEWS, "verandering")  # views coloured by a value per area given from outside
SCORE_BINS = [(5.5, "lager dan 5,5"), (6.0, "5,5 – 6,0"), (6.5, "6,0 – 6,5"), (7.0, "6,5 – 7,0"), (7.5, "7,0 – 7,5"),
              (99, "7,5 of hoger")]
SCORE_COLOURS = ["#f1eef6", "#d0d1e6", "#a6bddb", "#74a9cf", "#2b8cbe", "#045a8d"]  # ColorBrewer PuBu
DIFF_BINS = [(-1.5, "gemeenten 1,5 of meer lager"), (-1.0, "1,0 – 1,5 lager"), (-0.5, "0,5 – 1,0 lager"),
             (0.0, "tot 0,5 lager"), (0.5, "tot 0,5 hoger"), (99, "gemeenten 0,5 of meer hoger")]
DIFF_COLOURS = ["#b35806", "#e08214", "#fdb863", "#fee0b6", "#d8daeb", "#8073ac"]  # ColorBrewer PuOr, diverging
CHANGE_BINS = [(-9.5, "10 of meer minder"), (-2.5, "3 – 9 minder"), (-0.5, "1 – 2 minder"), (0.5, "gelijk"),
               (2.5, "1 – 2 meer"), (9.5, "3 – 9 meer"), (1e9, "10 of meer meer")]
CHANGE_COLOURS = ["#b2182b", "#ef8a62", "#fddbc7", "#f7f7f7", "#d1e5f0", "#67a9cf", "#2166ac"]  # ColorBrewer RdBu
_VALUE_STYLE = {"venster": (SCORE_BINS, SCORE_COLOURS, "{:.1f}"), "venster_verschil": (DIFF_BINS, DIFF_COLOURS, "{:+.1f}"),
                "verandering": (CHANGE_BINS, CHANGE_COLOURS, "{:+.0f} projecten")}
NO_DATA = "#f2f2f2"  # a neutral fill: areas not yet coloured (the live map's base), "geen cijfer" default
# "geen projecten" is a hatch, not a flat colour: its fill is NO_PROJECTS (layers.hatch)
# "geen cijfer" in the value views: a neutral grey chosen per palette to stay >= 20 CIEDE2000 from every class,
# also under protan/deutan/tritan simulation (tests/test_palettes.py); the legend and tooltip name it
NO_VALUE = {"venster": "#707070", "venster_verschil": "#484848", "verandering": "#787878"}
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


CLASS_METHODS = {"vast": "vaste klassegrenzen (kwantielen van de hele inventaris, gelijk bij elk filter)",
                 "kwantielen": "kwantielen van de getoonde aantallen (verschuiven per filter)"}


def stable_breaks(reference: np.ndarray, k: int = 5) -> list[int]:
    """Upper bounds of ``k`` count classes from ``reference`` (the counts of the whole, unfiltered
    inventory at one level): the same breaks serve every filter, so a colour means the same number
    on every map and slide. Quantile positions, rounded to readable integers, strictly rising."""
    positive = np.asarray(reference, dtype=float)
    positive = positive[positive > 0]
    if len(positive) == 0:
        return [1]
    raw = np.quantile(positive, np.linspace(0, 1, k + 1)[1:-1])
    breaks: list[int] = []
    for q in raw:
        b = int(np.floor(q))
        if b >= 10:  # 10-99 to a multiple of 5, larger to a multiple of 10
            b = int(b // 5 * 5) if b < 100 else int(b // 10 * 10)
        if b >= 1 and (not breaks or b > breaks[-1]):
            breaks.append(b)
    top = int(positive.max())
    if not breaks or top > breaks[-1]:
        breaks.append(top)
    return breaks


def inventory_breaks(prep, level: str) -> list[int]:
    """The fixed count classes of ``level`` (``stable_breaks`` of the whole inventory's counts per area):
    what the app's map uses by default, and so the HTML/PNG exports and the regio-dia."""
    long = prep.long[prep.long["id"].isin(set(prep.projects["id"]))]
    return stable_breaks(area_summary(prep.areas[level], long, level, [])["n_projecten"].to_numpy())


def fixed_classes(values: np.ndarray, breaks: list[int]) -> tuple[np.ndarray, list[str]]:
    """Class index per value (-1 for zero) and labels for fixed upper ``breaks``; the last class is
    open ("16 of meer"), so an upload with higher counts still has a colour."""
    values = np.asarray(values, dtype=float)
    classes = np.full(len(values), -1)
    positive = values > 0
    classes[positive] = np.minimum(np.searchsorted(np.asarray(breaks, dtype=float), values[positive], side="left"),
                                   len(breaks) - 1)
    labels, lower = [], 1
    for i, up in enumerate(breaks):
        if i == len(breaks) - 1:
            labels.append(f"{lower} of meer")
        else:
            labels.append(f"{lower}" if up == lower else f"{lower}–{up}")
        lower = up + 1
    return classes, labels


def _binned(values, bins: list[tuple[float, str]], colours: list[str], fmt: str,
            no_value: str = NO_DATA) -> tuple[list[str], list[str]]:
    fills, texts = [], []
    for v in values:
        if v is None or v != v:  # missing or NaN
            fills.append(no_value)
            texts.append("geen cijfer")
            continue
        i = next(k for k, (upper, _) in enumerate(bins) if v < upper)
        fills.append(colours[i])
        texts.append(fmt.format(v).replace(".", ","))
    return fills, texts


def style_areas(summary: gpd.GeoDataFrame, view: str, taxonomy, values=None,
                value_label: str = "", breaks: list[int] | None = None) -> tuple[gpd.GeoDataFrame, str, list[tuple[str, str]]]:
    """Add ``fill`` and ``waarde`` (the tooltip text) per area; return it with the legend title and items.

    The Venster views take ``values`` (area code -> score or difference) and ``value_label``
    (what was rated, e.g. "ouderen, samenwerking, gemeenten"). The count view uses fixed
    ``breaks`` (``stable_breaks``) when given, else quantiles of the counts shown.
    """
    out = summary.copy()
    if view in VALUE_VIEWS:
        per_area = out["code"].map(values if values is not None else {})
        bins, colours, fmt = _VALUE_STYLE[view]
        out["fill"], texts = _binned(per_area.tolist(), bins, colours, fmt, NO_VALUE[view])
        out["waarde"] = [f"{VIEWS[view].split(' (')[0].lower()}: {t}" for t in texts]
        items = [(NO_VALUE[view], "geen cijfer")] + [(c, lab) for c, (_, lab) in zip(colours, bins)]
        return out, f"{VIEWS[view]}{': ' + value_label if value_label else ''}", items
    if view == "count":
        if breaks:
            classes, labels = fixed_classes(out["n_projecten"].to_numpy(), breaks)
        else:
            classes, labels = count_classes(out["n_projecten"].to_numpy())
        colours = COUNT_COLOURS[-len(labels):] if labels else []
        out["fill"] = [colours[c] if c >= 0 else NO_PROJECTS for c in classes]
        out["waarde"] = out["n_projecten"].map(lambda n: f"{n} project" + ("en" if n != 1 else ""))
        items = [(NO_PROJECTS, "geen projecten")] + list(zip(colours, labels))
        return out, "Aantal projecten", items
    if view == "fase":
        dim = taxonomy["fase"]
        colours, labels = dim.colours(), dim.labels()
        out["fill"] = out["hoogste_fase"].map(lambda f: colours.get(f, NO_PROJECTS) if isinstance(f, str) else NO_PROJECTS)
        out["waarde"] = out["hoogste_fase"].map(lambda f: f"hoogste fase: {labels[f]}" if isinstance(f, str) else "geen projecten")
        items = [(NO_PROJECTS, "geen projecten")] + [(colours[c], labels[c]) for c in dim.codes]
        return out, "Hoogste fase bereikt", items
    if view == "insurer":
        dim = taxonomy["zorgverzekeraar"]
        colours, labels = dim.colours(), dim.labels()
        out["fill"] = out["dominante_groep"].map(lambda g: colours.get(g, NO_PROJECTS) if isinstance(g, str) else NO_PROJECTS)
        out["waarde"] = [
            f"meeste projecten: {labels[g]} ({n})" if isinstance(g, str) else "geen projecten"
            for g, n in zip(out["dominante_groep"], out["n_groep"])
        ]
        present = [c for c in dim.codes if c in set(out["dominante_groep"].dropna())]
        items = [(NO_PROJECTS, "geen projecten")] + [(colours[c], labels[c]) for c in present]
        return out, "Zorgverzekeraar met de meeste projecten", items
    raise ValueError(f"unknown view {view!r}; choose from {', '.join(VIEWS)}")


def area_layer(styled: gpd.GeoDataFrame, name: str, selected: str | None = None) -> AreaLayer:
    """The clickable area polygons; properties: code (for the click), naam and waarde (escaped), fill."""
    return AreaLayer(styled, name, selected=selected)

"""Slide-ready static maps (PNG/PDF) drawn with geopandas/matplotlib, no browser.

Maps are drawn in RD New (the Dutch national grid) so the country has its familiar shape. User
text is drawn with ``parse_math=False``: a name with ``$`` is shown as typed, never as math.
"""
from __future__ import annotations

import io

import geopandas as gpd
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.patches import Patch  # noqa: E402

from geo.crs import RD_NEW  # noqa: E402
from layers.hatch import HATCH_BACK, HATCH_LINE, MPL_HATCH, MPL_HATCH_WIDTH, is_hatch  # noqa: E402

DPI = 100


def plot_fills(ax, areas: gpd.GeoDataFrame, **style) -> None:
    """Draw ``areas`` in their ``fill``; an area without projects (``layers.hatch.NO_PROJECTS``) with the
    hatch the map shows. ``style``: edgecolor, linewidth, alpha."""
    hatched = areas["fill"].map(is_hatch).astype(bool)
    if (~hatched).any():
        areas[~hatched].plot(ax=ax, color=areas.loc[~hatched, "fill"], **style)
    if hatched.any():
        areas[hatched].plot(ax=ax, facecolor=HATCH_BACK, hatch=MPL_HATCH, hatchcolor=HATCH_LINE,
                            hatch_linewidth=MPL_HATCH_WIDTH, **style)


def legend_patch(colour: str, label: str) -> Patch:
    """A legend swatch: the colour, or the hatch for "geen projecten"."""
    if is_hatch(colour):
        return Patch(facecolor=HATCH_BACK, edgecolor="#555", hatch=MPL_HATCH, hatchcolor=HATCH_LINE,
                     hatch_linewidth=MPL_HATCH_WIDTH, label=label)
    return Patch(facecolor=colour, edgecolor="#555", label=label)


def static_map(styled: gpd.GeoDataFrame, legend_title: str, legend_items: list[tuple[str, str]], title: str,
               source: str, outlines: gpd.GeoDataFrame | None = None, focus: gpd.GeoDataFrame | None = None,
               labels: gpd.GeoDataFrame | None = None, size: tuple[int, int] = (1920, 1080), fmt: str = "png",
               subtitle: str = "") -> bytes:
    """Draw ``styled`` (``fill`` per area) with legend, title and source line; return PNG/PDF bytes.

    ``focus``: areas to zoom to (others are drawn muted). ``labels``: areas whose ``naam`` is
    written at a point inside them; labels that would overlap an already placed one are skipped,
    larger areas first.
    """
    if fmt not in ("png", "pdf"):
        raise ValueError("fmt must be png or pdf")
    fig = plt.figure(figsize=(size[0] / DPI, size[1] / DPI), dpi=DPI)
    ax = fig.add_axes((0.01, 0.07, 0.70, 0.80))
    ax.set_axis_off()
    areas = styled.to_crs(RD_NEW)
    if focus is not None:
        inside = areas.geometry.representative_point().within(focus.to_crs(RD_NEW).union_all())
        plot_fills(ax, areas[~inside], edgecolor="#999", linewidth=0.3, alpha=0.35)
        plot_fills(ax, areas[inside], edgecolor="#555", linewidth=0.5)
        minx, miny, maxx, maxy = focus.to_crs(RD_NEW).total_bounds
        pad = max(maxx - minx, maxy - miny) * 0.06
        ax.set_xlim(minx - pad, maxx + pad)
        ax.set_ylim(miny - pad, maxy + pad)
    else:
        plot_fills(ax, areas, edgecolor="#666", linewidth=0.3)
    if outlines is not None:
        outlines.to_crs(RD_NEW).boundary.plot(ax=ax, color="#111", linewidth=1.2)
    ax.set_aspect("equal")
    if labels is not None and len(labels):
        _place_labels(fig, ax, labels.to_crs(RD_NEW), small=focus is None)

    fig.text(0.01, 0.95, title, fontsize=30, fontweight="bold", va="top", parse_math=False)
    if subtitle:
        fig.text(0.01, 0.895, subtitle, fontsize=16, color="#333", va="top", parse_math=False)
    handles = [legend_patch(c, lab) for c, lab in legend_items]
    leg = fig.legend(handles=handles, title=legend_title, loc="upper left", bbox_to_anchor=(0.69, 0.85),
                     fontsize=15, title_fontsize=16, frameon=False, alignment="left")
    for text in [*leg.get_texts(), leg.get_title()]:
        text.set_parse_math(False)
    fig.text(0.01, 0.02, source, fontsize=12, color="#333", parse_math=False)
    buf = io.BytesIO()
    fig.savefig(buf, format=fmt, dpi=DPI, facecolor="white")
    plt.close(fig)
    return buf.getvalue()


def _place_labels(fig, ax, labels: gpd.GeoDataFrame, small: bool) -> None:
    """Greedy: biggest areas first; a label that overlaps a placed one is left out."""
    renderer = fig.canvas.get_renderer()
    order = labels.assign(_a=labels.area).sort_values("_a", ascending=False)
    points = order.geometry.representative_point()
    xmin, xmax = ax.get_xlim()
    ymin, ymax = ax.get_ylim()
    placed = []
    for naam, pt in zip(order["naam"], points):
        if not (xmin <= pt.x <= xmax and ymin <= pt.y <= ymax):
            continue
        t = ax.text(pt.x, pt.y, str(naam), ha="center", va="center", fontsize=11 if small else 13,
                    fontweight="bold", color="#111", parse_math=False,
                    bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.7})
        box = t.get_window_extent(renderer).expanded(1.05, 1.15)
        if any(box.overlaps(b) for b in placed):
            t.remove()
        else:
            placed.append(box)

"""The regio-dia (one 1920x1080 slide of a region) and the regiorapport (a multi-page PDF).

The slide: the region's municipalities coloured by number of projects (fixed classes) with their
names, the region outlined and its neighbours faded; per thema the projects per 10,000
inhabitants against the national figure; the phases in phase order; which municipalities lack a
project on which chosen theme (``analysis.missing``, as the app's profile says it); the
samenwerkingsmatrix in miniature; title and subtitle that state region, filters and source.
The report adds the matrix in full, the region's witte vlekken, the project list and, when
Venster ratings are loaded, the region's scores next to the national averages.

User text is drawn with ``parse_math=False`` (a ``$`` is a dollar, never math).
"""
from __future__ import annotations

import io
import textwrap
from dataclasses import dataclass, field
from typing import Iterator

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from matplotlib.backends.backend_pdf import PdfPages  # noqa: E402
from matplotlib.colors import to_rgb  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.patches import Patch  # noqa: E402
from matplotlib.ticker import FuncFormatter  # noqa: E402

from analysis.aggregate import area_summary  # noqa: E402
from analysis.focus import municipalities_in  # noqa: E402
from analysis.matrix import matrix_long, matrix_wide  # noqa: E402
from analysis.missing import SLIDE_LIMIT, Missing, missing_sentence, region_sentence  # noqa: E402
from geo.inhabitants import inhabitants  # noqa: E402
from analysis.prepare import LEVEL_LABELS, Prepared  # noqa: E402
from analysis.profile import area_profile_compared, filters_line, nl_number  # noqa: E402
from geo.crs import RD_NEW  # noqa: E402
from export.image import legend_patch, plot_fills  # noqa: E402
from layers.choropleth import COUNT_COLOURS, NO_PROJECTS, fixed_classes, inventory_breaks  # noqa: E402

W, H, DPI = 1920, 1080, 100
FONT = 14
SLIDE_CHARS = 230  # the missing-combinations sentence on the slide: at most three lines of 78 characters
REPORT_CHARS = 900  # on the rapport's witte-vlekken page (its table lists every combination)


@dataclass
class RegioSpec:
    """Which region, under which filters, from which source."""

    level: str
    code: str
    selection: dict = field(default_factory=dict)
    source: str = ""
    demo: bool = False
    breaks: list[int] | None = None  # fixed count classes; None: computed from the whole inventory
    level_label: str = ""


def _text(fig_or_ax, x, y, s, **kw):
    kw.setdefault("parse_math", False)
    return fig_or_ax.text(x, y, str(s), **kw)


def _source_line(spec: RegioSpec, prep: Prepared) -> str:
    data = "demonstratiedata (synthetisch, geen echte projecten)" if spec.demo else (spec.source or "eigen inventaris")
    return f"Bron: {data}, inventaris {prep.year}; kaart: CBS/Kadaster, CC-BY 4.0; inwoners: CBS."


def _region(prep: Prepared, spec: RegioSpec):
    areas = prep.areas.get(spec.level)
    if areas is None or spec.code not in set(areas["code"]):
        raise ValueError(f"onbekende regio {spec.code!r} op niveau {spec.level!r} in {prep.year}")
    return areas[areas["code"] == spec.code], str(areas.loc[areas["code"] == spec.code, "naam"].iloc[0])


def _map(ax, prep: Prepared, spec: RegioSpec, long: pd.DataFrame, region, breaks: list[int]) -> None:
    codes = set(municipalities_in(prep, spec.level, spec.code))
    summary = area_summary(prep.areas["gemeente"], long, "gemeente", [])  # fase order not needed for counts
    classes, labels = fixed_classes(summary["n_projecten"].to_numpy(), breaks)
    colours = COUNT_COLOURS[-len(labels):]
    summary["fill"] = [colours[c] if c >= 0 else NO_PROJECTS for c in classes]
    areas = summary.to_crs(RD_NEW)
    inside = areas["code"].isin(codes)
    reg = region.to_crs(RD_NEW)
    minx, miny, maxx, maxy = reg.total_bounds
    pad = max(maxx - minx, maxy - miny) * 0.05
    view = areas.cx[minx - pad:maxx + pad, miny - pad:maxy + pad]
    out = view[~view["code"].isin(codes)]
    plot_fills(ax, out, edgecolor="#999", linewidth=0.3, alpha=0.3)
    plot_fills(ax, areas[inside], edgecolor="#444", linewidth=0.6)
    reg.boundary.plot(ax=ax, color="#e8006f", linewidth=2.5)
    ax.set_xlim(minx - pad, maxx + pad)
    ax.set_ylim(miny - pad, maxy + pad)
    ax.set_aspect("equal")
    ax.set_axis_off()
    pts = areas[inside].assign(_a=areas[inside].area).sort_values("_a", ascending=False)
    renderer = ax.figure.canvas.get_renderer()
    placed = []
    for naam, n, pt in zip(pts["naam"], pts["n_projecten"], pts.geometry.representative_point()):
        t = _text(ax, pt.x, pt.y, f"{naam}\n{n}", ha="center", va="center", fontsize=11, fontweight="bold",
                  color="#111", bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.75})
        box = t.get_window_extent(renderer).expanded(1.02, 1.05)
        if any(box.overlaps(b) for b in placed):
            t.set_text(str(n))  # no room for the name: the number alone (the matrix names every municipality)
            box = t.get_window_extent(renderer)
        placed.append(box)
    handles = [legend_patch(NO_PROJECTS, "geen projecten")] + [legend_patch(c, lab) for c, lab in zip(colours, labels)]
    leg = ax.legend(handles=handles, title="Projecten per gemeente", loc="lower left", fontsize=12, title_fontsize=12,
                    framealpha=0.9)
    for t in [*leg.get_texts(), leg.get_title()]:
        t.set_parse_math(False)


def _bars(ax, prof, taxonomy) -> None:
    """Per thema: projects per 10,000 inhabitants here against the Netherlands."""
    labels = taxonomy["thema"].labels()
    part = prof.per_thema.loc[prof.judged_themes]  # themes filtered out are not shown as zeros
    y = np.arange(len(part))[::-1]
    here = part["per_10k"].fillna(0).to_numpy()
    nl = part["nl_per_10k"].fillna(0).to_numpy()
    ax.barh(y + 0.2, here, height=0.38, color="#2c7fb8", label="deze regio")
    ax.barh(y - 0.2, nl, height=0.38, color="#bbbbbb", label="Nederland")
    ax.set_yticks(y, [labels.get(c, c) for c in part.index], fontsize=12)
    for yy, v, n in zip(y, here, part["n"]):
        _text(ax, v, yy + 0.2, f" {nl_number(v, 1)} ({n})", va="center", fontsize=11)
    ax.set_title("Per 10.000 inwoners (aantal projecten)", fontsize=FONT, loc="left", fontweight="bold")
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: nl_number(v, 1)))
    ax.legend(fontsize=11, loc="upper left", bbox_to_anchor=(0, -0.07), ncol=2, frameon=False)
    ax.set_xlim(0, max(float(np.nanmax([here.max(), nl.max()])), 0.01) * 1.35)
    ax.spines[["top", "right"]].set_visible(False)
    ax.tick_params(axis="x", labelsize=10)


def _phases(ax, prof, taxonomy) -> None:
    labels, colours = taxonomy["fase"].labels(), taxonomy["fase"].colours()
    part = prof.per_fase
    y = np.arange(len(part))[::-1]
    share_here = (part["aandeel"] * 100).to_numpy()
    total_nl = part["nl_n"].sum()
    share_nl = (part["nl_n"] / total_nl * 100 if total_nl else part["nl_n"] * 0).to_numpy()
    ax.barh(y + 0.2, share_here, height=0.38, color=[colours.get(c, "#888") for c in part.index], edgecolor="#555")
    ax.barh(y - 0.2, share_nl, height=0.38, color="#bbbbbb")
    ax.set_yticks(y, [labels.get(c, c) for c in part.index], fontsize=12)
    for yy, v, n in zip(y, share_here, part["n"]):
        _text(ax, v, yy + 0.2, f" {nl_number(v)}% ({n})", va="center", fontsize=11)
    ax.set_title("Fase (%)", fontsize=FONT, loc="left", fontweight="bold")
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: nl_number(v)))
    _text(ax, 0, -0.16, "grijs: Nederland", transform=ax.transAxes, fontsize=11, color="#555")
    ax.set_xlim(0, max(float(np.nanmax([share_here.max(), share_nl.max()])), 1) * 1.4)
    ax.spines[["top", "right"]].set_visible(False)
    ax.tick_params(axis="x", labelsize=10)


def _matrix_image(ax, mat: pd.DataFrame, taxonomy, themes: list[str], fontsize: int = 10) -> None:
    """The matrix as coloured cells: rows municipalities, columns ``themes``, colour = highest fase."""
    colours = taxonomy["fase"].colours()
    short = {c: lab.split(" ")[0] if len(lab) > 12 else lab for c, lab in taxonomy["thema"].labels().items()}
    gems = list(dict.fromkeys(mat["gemeente"]))
    grid = np.ones((len(gems), len(themes), 3))
    lookup = {(r.gemeente, r.thema): r for r in mat.itertuples(index=False)}
    for i, g in enumerate(gems):
        for j, t in enumerate(themes):
            r = lookup.get((g, t))
            if r is not None and r.n:
                grid[i, j] = to_rgb(colours.get(r.hoogste_fase, "#888"))
    ax.imshow(grid, aspect="auto", interpolation="nearest")
    ax.set_xticks(range(len(themes)), [short[t] for t in themes], fontsize=fontsize)
    ax.xaxis.tick_top()
    ax.set_yticks(range(len(gems)), gems, fontsize=max(6, fontsize - (len(gems) > 20) * 2))
    for lab in [*ax.get_xticklabels(), *ax.get_yticklabels()]:
        lab.set_parse_math(False)
    for i, g in enumerate(gems):
        for j, t in enumerate(themes):
            r = lookup.get((g, t))
            if r is not None and r.n:
                dark = r.hoogste_fase in taxonomy["fase"].codes[-2:]
                _text(ax, j, i, str(r.n), ha="center", va="center", fontsize=max(6, fontsize - 1),
                      color="white" if dark else "#111")
    ax.set_xticks(np.arange(-0.5, len(themes)), minor=True)
    ax.set_yticks(np.arange(-0.5, len(gems)), minor=True)
    ax.grid(which="minor", color="#999", linewidth=0.5)
    ax.tick_params(which="minor", length=0)


def _context(prep: Prepared, filtered: pd.DataFrame, spec: RegioSpec, taxonomy):
    region, name = _region(prep, spec)
    long = prep.long[prep.long["id"].isin(set(filtered["id"]))]
    inw, _ = inhabitants(prep.year)
    prof = area_profile_compared(prep, filtered, spec.level, spec.code, spec.selection, taxonomy["thema"].codes,
                                 taxonomy["fase"].codes, inw)
    codes = municipalities_in(prep, spec.level, spec.code)
    mat = matrix_long(long, prep.areas["gemeente"], codes, taxonomy["thema"].codes, taxonomy["fase"].codes)
    breaks = spec.breaks or inventory_breaks(prep, "gemeente")  # the app's fixed classes
    return region, name, long, prof, mat, breaks, inw


def _titles(fig, prep, spec, taxonomy, name, prof) -> None:
    kind = spec.level_label or LEVEL_LABELS.get(spec.level, spec.level)
    _text(fig, 0.012, 0.975, f"Samenwerking gemeenten en zorgverzekeraars: {name}", fontsize=30, fontweight="bold", va="top")
    flt = filters_line(spec.selection, taxonomy) or "alle projecten"
    inw = f" · {nl_number(prof.inwoners)} inwoners" if prof.inwoners else ""
    _text(fig, 0.012, 0.912, f"{kind} · {len(prof.projects)} projecten{inw} · inventaris {prep.year} · {flt}",
          fontsize=17, color="#333", va="top")
    _text(fig, 0.012, 0.012, _source_line(spec, prep), fontsize=12, color="#333")
    if spec.demo:
        _text(fig, 0.988, 0.975, "DEMONSTRATIEDATA", fontsize=16, color="#8a6d00", fontweight="bold", ha="right", va="top",
              bbox={"boxstyle": "round,pad=0.3", "fc": "#fff4ce", "ec": "#8a6d00"})


def _slide_figure(prep: Prepared, filtered: pd.DataFrame, spec: RegioSpec, taxonomy):
    region, name, long, prof, mat, breaks, _ = _context(prep, filtered, spec, taxonomy)
    fig = plt.figure(figsize=(W / DPI, H / DPI), dpi=DPI)
    _titles(fig, prep, spec, taxonomy, name, prof)
    _map(fig.add_axes((0.005, 0.05, 0.47, 0.80)), prep, spec, long, region, breaks)
    _bars(fig.add_axes((0.645, 0.60, 0.125, 0.25)), prof, taxonomy)
    _phases(fig.add_axes((0.875, 0.60, 0.095, 0.25)), prof, taxonomy)
    labels = taxonomy["thema"].labels()
    # what is missing, per municipality among the chosen themes: the sentence the app's profile shows
    said = missing_sentence(prof.gaps, labels, limit=SLIDE_LIMIT, max_chars=SLIDE_CHARS)
    _text(fig, 0.50, 0.545, textwrap.fill(said, 78), fontsize=15, fontweight="bold", linespacing=1.25,
          color="#b35806" if len(prof.gaps.gaps) else "#1a7f37", va="top")
    _text(fig, 0.50, 0.463, region_sentence(prof.gaps, labels), fontsize=12, va="top", color="#333")
    _text(fig, 0.50, 0.432, "Samenwerkingsmatrix: hoogste fase per gemeente en thema (getal: aantal projecten; wit: geen)",
          fontsize=13, va="top", color="#333")
    mat = mat[mat["thema"].isin(prof.judged_themes)]
    _matrix_image(fig.add_axes((0.61, 0.05, 0.37, 0.30)), mat, taxonomy, prof.judged_themes, fontsize=10)
    fase = taxonomy["fase"]
    handles = [Patch(facecolor=fase.colours()[c], edgecolor="#555", label=fase.labels()[c]) for c in fase.codes]
    leg = fig.legend(handles=handles, loc="upper left", bbox_to_anchor=(0.497, 0.412), fontsize=11, frameon=False,
                     ncol=len(handles))
    for t in leg.get_texts():
        t.set_parse_math(False)
    return fig


def regio_slide(prep: Prepared, filtered: pd.DataFrame, spec: RegioSpec, taxonomy, fmt: str = "png") -> bytes:
    """The 1920x1080 slide of the region as PNG or PDF bytes."""
    if fmt not in ("png", "pdf"):
        raise ValueError("fmt must be png or pdf")
    fig = _slide_figure(prep, filtered, spec, taxonomy)
    buf = io.BytesIO()
    fig.savefig(buf, format=fmt, dpi=DPI, facecolor="white")
    plt.close(fig)
    return buf.getvalue()


def _table_pages(title: str, subtitle: str, table: pd.DataFrame, rows_per_page: int = 22,
                 colours: pd.DataFrame | None = None) -> Iterator[Figure]:
    """``table`` over as many pages as it needs, inside the page, every cell drawn as plain text;
    column widths follow the longest text in each column; ``colours`` (same shape): cell fills.
    The subtitle's lines push the table down."""
    pages = max(1, int(np.ceil(len(table) / rows_per_page)))
    text = table.astype(str).map(_short)
    lengths = [max([len(str(c))] + [len(v) for v in text[c]]) for c in text.columns]
    widths = [max(4, min(n, 60)) for n in lengths]
    widths = [w / sum(widths) for w in widths]
    for p in range(pages):
        part = text.iloc[p * rows_per_page:(p + 1) * rows_per_page]
        fig = plt.figure(figsize=(W / DPI, H / DPI), dpi=DPI)
        _text(fig, 0.012, 0.975, title + (f" ({p + 1}/{pages})" if pages > 1 else ""), fontsize=26, fontweight="bold", va="top")
        lines = subtitle.split("\n")
        for k, line in enumerate(lines):
            _text(fig, 0.012, 0.925 - 0.03 * k, line, fontsize=14, color="#333", va="top")
        ax = fig.add_axes((0.012, 0.03, 0.976, 0.83 - 0.03 * max(0, len(lines) - 2)))
        ax.set_axis_off()
        if len(part):
            height = min(1.0, (len(part) + 1) * 0.038)
            tab = ax.table(cellText=part.to_numpy().tolist(), colLabels=list(part.columns), cellLoc="left",
                           colWidths=widths, bbox=[0, 1 - height, 1, height])
            tab.auto_set_font_size(False)
            tab.set_fontsize(12)
            for (r, c), cell in tab.get_celld().items():
                cell.get_text().set_parse_math(False)
                cell.set_edgecolor("#bbbbbb")
                fill = colours.iloc[p * rows_per_page + r - 1, c] if colours is not None and r > 0 else None
                if isinstance(fill, str) and fill:
                    cell.set_facecolor(fill)
                    if fill in DARK:
                        cell.get_text().set_color("white")
                if r == 0:
                    cell.set_facecolor("#eeeeee")
                    cell.get_text().set_fontweight("bold")
        else:
            _text(ax, 0, 0.95, "Geen.", fontsize=16)
        yield fig


DARK: set[str] = set()  # fills that need white text


def _matrix_colours(mat: pd.DataFrame, wide: pd.DataFrame, taxonomy) -> pd.DataFrame:
    """Fill per cell of ``wide`` (matrix_wide): the colour of the highest fase, '' when none."""
    colours, labels = taxonomy["fase"].colours(), taxonomy["thema"].labels()
    fase_of = {(r.gemeente, labels[r.thema]): r.hoogste_fase for r in mat.itertuples(index=False)}
    return pd.DataFrame([[""] + [colours.get(fase_of.get((g, col)), "") if isinstance(fase_of.get((g, col)), str) else ""
                               for col in wide.columns[1:]] for g in wide["gemeente"]], columns=wide.columns)


def _short(value: str, limit: int = 70) -> str:
    value = "" if value in ("nan", "None", "<NA>") else value.replace(";", "; ").replace(";  ", "; ")
    return value if len(value) <= limit else value[: limit - 1] + "…"


def region_gaps(missing: Missing, inw: pd.Series | None, labels: dict[str, str]) -> pd.DataFrame:
    """The region's (municipality, chosen theme) combinations without a project, biggest municipality first."""
    gaps = missing.gaps.copy()
    gaps["inwoners"] = gaps["gemeente_code"].map(inw) if inw is not None else np.nan
    gaps = gaps.sort_values(["inwoners", "gemeente"], ascending=[False, True], kind="stable")
    return pd.DataFrame({"gemeente": gaps["gemeente"], "CBS-code": gaps["gemeente_code"],
                         "thema": gaps["thema"].map(labels),
                         "inwoners": [nl_number(v) for v in gaps["inwoners"]]})


def report_pages(prep: Prepared, filtered: pd.DataFrame, spec: RegioSpec, taxonomy, ratings=None) -> Iterator[Figure]:
    """The regiorapport's pages as figures, in order: slide, matrix, witte vlekken, project list,
    Venster scores (when loaded). The caller closes each figure."""
    from export.tables import projects_table

    region, name, long, prof, mat, breaks, inw = _context(prep, filtered, spec, taxonomy)
    flt = filters_line(spec.selection, taxonomy) or "alle projecten"
    sub = f"{name} · inventaris {prep.year} · {flt}\n{_source_line(spec, prep)}"
    yield _slide_figure(prep, filtered, spec, taxonomy)
    chosen_mat = mat[mat["thema"].isin(prof.judged_themes)]
    wide = matrix_wide(chosen_mat, taxonomy)
    DARK.update(taxonomy["fase"].colours()[f] for f in taxonomy["fase"].codes[-2:])
    yield from _table_pages(f"Samenwerkingsmatrix {name}", "Per cel: hoogste fase (aantal projecten, kleur) · "
                            "zorgverzekeraars; – : geen project. " + sub, wide, rows_per_page=22,
                            colours=_matrix_colours(chosen_mat, wide, taxonomy))
    labels = taxonomy["thema"].labels()
    said = "\n".join([*textwrap.wrap(missing_sentence(prof.gaps, labels, max_chars=REPORT_CHARS), 160),
                      region_sentence(prof.gaps, labels)])
    yield from _table_pages(f"Witte vlekken in {name}", f"{said}\nGemeenten zonder project op een gekozen thema, "
                            f"grootste eerst. {sub}", region_gaps(prof.gaps, inw, labels), rows_per_page=22)
    projects = projects_table(prof.projects, taxonomy)
    cols = [c for c in ("naam", "thema", "fase", "instrument", "geografisch niveau", "zorgverzekeraars", "startjaar")
            if c in projects]
    yield from _table_pages(f"Projecten in {name}", sub, projects[cols].sort_values(["thema", "fase", "naam"]),
                            rows_per_page=22)
    if ratings is not None and spec.level == "regioset":
        from analysis.ratings import ASPECTS, region_scores

        scores = region_scores(ratings, spec.code).reset_index()
        scores["thema"] = scores["thema"].map(labels)
        scores["aspect"] = scores["aspect"].map(ASPECTS)
        scores = scores.map(lambda v: nl_number(v, 1) if isinstance(v, float) else v)
        yield from _table_pages(f"Venster op de samenwerking: {name}",
                                "Cijfers van de regio naast het landelijk gemiddelde. " + sub, scores)


def regio_report_pdf(prep: Prepared, filtered: pd.DataFrame, spec: RegioSpec, taxonomy, ratings=None) -> bytes:
    """The regiorapport (``report_pages``) as one PDF."""
    name = _region(prep, spec)[1]
    buf = io.BytesIO()
    with PdfPages(buf, metadata={"Title": f"Regiorapport {name}", "Creator": "Samenwerkingskaart"}) as pdf:
        for fig in report_pages(prep, filtered, spec, taxonomy, ratings):
            pdf.savefig(fig, facecolor="white")
            plt.close(fig)
    return buf.getvalue()


def matrix_xlsx_bytes(mat: pd.DataFrame, taxonomy, name: str, spec: RegioSpec) -> bytes:
    """The matrix as Excel: sheet *Matrix* (cells coloured by phase), sheet *Legenda* (phases,
    source, filters, demo flag), sheet *Gegevens* (one row per municipality x theme)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    from export.tables import neutralise_formulas

    wide = neutralise_formulas(matrix_wide(mat, taxonomy))
    fase_of = {(r.gemeente, taxonomy["thema"].labels()[r.thema]): r.hoogste_fase for r in mat.itertuples(index=False)}
    colours = taxonomy["fase"].colours()
    wb = Workbook()
    ws = wb.active
    ws.title = "Matrix"
    ws.append(list(wide.columns))
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in wide.itertuples(index=False):
        ws.append(list(row))
    for r, gem in enumerate(wide["gemeente"], start=2):
        for c, col in enumerate(wide.columns[1:], start=2):
            fase = fase_of.get((gem, col))
            cell = ws.cell(row=r, column=c)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if isinstance(fase, str) and fase in colours:
                cell.fill = PatternFill("solid", fgColor=colours[fase].lstrip("#").upper())
                if fase in taxonomy["fase"].codes[-2:]:
                    cell.font = Font(color="FFFFFF")
    ws.freeze_panes = "B2"
    ws.auto_filter.ref = ws.dimensions
    ws.column_dimensions["A"].width = 28
    for c in range(2, len(wide.columns) + 1):
        ws.column_dimensions[ws.cell(row=1, column=c).column_letter].width = 34
    leg = wb.create_sheet("Legenda")
    leg.append(["Samenwerkingsmatrix", name])
    leg.append(["Inhoud", "Per gemeente en thema de hoogste fase, het aantal projecten en de zorgverzekeraars; – : geen project"])
    leg.append(["Filters", filters_line(spec.selection, taxonomy) or "geen (alle projecten)"])
    leg.append(["Bron", "demonstratiedata (synthetisch, geen echte projecten)" if spec.demo else (spec.source or "eigen inventaris")])
    leg.append([])
    leg.append(["Fase (kleur)", "Omschrijving"])
    descriptions = {v.code: v.description for v in taxonomy["fase"].values}
    for code in taxonomy["fase"].codes:
        leg.append([taxonomy["fase"].labels()[code], descriptions.get(code, "")])
        leg.cell(row=leg.max_row, column=1).fill = PatternFill("solid", fgColor=colours[code].lstrip("#").upper())
    leg.column_dimensions["A"].width = 24
    leg.column_dimensions["B"].width = 90
    data = wb.create_sheet("Gegevens")
    flat = neutralise_formulas(mat.assign(thema=mat["thema"].map(taxonomy["thema"].labels()),
                                          hoogste_fase=mat["hoogste_fase"].map(taxonomy["fase"].labels())))
    data.append(list(flat.columns))
    for row in flat.itertuples(index=False):
        data.append([None if (isinstance(v, float) and np.isnan(v)) else v for v in row])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()

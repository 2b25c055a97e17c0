"""``cli.py export html|png|pdf|table|regio``: the app's views as files to embed, show or hand out.

Every export takes the app's inventory and filter options (:func:`_export_options`) and computes the
view with the same functions as the app; ``export regio`` writes the regio-dia or the regiorapport.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from commands import options as opt
from commands.base import CommandError, Parser

HELP = "maps and tables to embed, put on slides or hand out"

EXPORT_SUFFIXES = {"html": (".html", ".htm"), "png": (".png",), "pdf": (".pdf",), "table": (".csv", ".xlsx"),
                   "regio": (".png", ".pdf")}


def _view_from_args(args: argparse.Namespace):
    """Inventory (file or demo), prepared join, filters and view from the shared export options."""
    from analysis.prepare import prepare
    from analysis.view import compute_view
    from inventory.load import load_inventory
    from inventory.taxonomy import load_taxonomy
    from tabular.text import one_line

    tax = load_taxonomy()
    result, is_demo = load_inventory(args.inventory, args.year, args.sheet)
    if result.rows_rejected:
        print(f"let op: {result.rows_rejected} rij(en) afgewezen; controleer met: python cli.py validate {args.inventory}",
              file=sys.stderr)
    year = int(result.accepted["jaar"].mode().iloc[-1]) if result.accepted["jaar"].notna().any() else args.year
    region_set = None
    if args.level == "regioset":
        from geo.regionsets import load_demo_region_set, read_region_set

        rs = read_region_set(args.regions, year) if args.regions else load_demo_region_set()
        if rs.missing or len(rs.rejections):
            print(f"let op: regio-indeling: {rs.summary()}", file=sys.stderr)
        region_set = rs.table
    prep = prepare(result.accepted, year, region_set=region_set)
    if args.level not in prep.areas:
        from analysis.prepare import LEVEL_LABELS

        raise CommandError(f"geen {LEVEL_LABELS[args.level]}-grenzen in de grenzenmap; haal ze op met: "
                           f"python cli.py boundaries fetch --year 2025 --types {args.level}")
    if len(prep.translated):
        print(f"let op: {prep.translated['id'].nunique()} project(en) van een eerder jaar vertaald naar de gemeenten van "
              f"{year}", file=sys.stderr)
    for r in prep.not_drawn.itertuples():
        print(f"let op: rij {r.rij} [{one_line(r.id)}] niet {'volledig ' if r.getekend else ''}getekend: {r.codes} {r.reden}",
              file=sys.stderr)
    selection = {k: getattr(args, k) for k in ("thema", "fase", "instrument", "niveau", "zorgverzekeraar") if getattr(args, k)}
    view = compute_view(prep, selection, args.level, tax["fase"].codes)
    return tax, result, is_demo, prep, selection, view


def _find_region(prep, query: str) -> tuple[str, str]:
    """(level, code) of the region a user named; CommandError with a Dutch message when none."""
    from analysis.focus import focus_levels, region_of, search_areas, search_index

    levels = focus_levels(prep)
    for level in levels:
        if query.strip().upper() in set(prep.areas[level]["code"].str.upper()):
            return level, next(c for c in prep.areas[level]["code"] if c.upper() == query.strip().upper())
    hits = search_areas(search_index(prep), query)
    if not hits:
        raise CommandError(f"geen regio gevonden voor {query!r}; geef een code (ZK22, PV27) of een naam")
    top = hits[0]
    if top.level == "gemeente":
        return levels[0], region_of(prep, top.code, levels[0])
    return top.level, top.code


def cmd_export_regio(args: argparse.Namespace) -> int:
    from analysis.prepare import LEVEL_LABELS
    from export.regio import RegioSpec, regio_report_pdf, regio_slide

    if args.out.suffix.lower() not in EXPORT_SUFFIXES["regio"]:
        raise CommandError(f"{args.out}: gebruik .png (dia) of .pdf (regiorapport)")
    tax, result, is_demo, prep, selection, view = _view_from_args(args)
    level, code = _find_region(prep, args.region)
    ratings = None
    if args.ratings and level == "regioset":
        from analysis.ratings import read_ratings

        ratings = read_ratings(args.ratings, prep.areas["regioset"][["code", "naam"]]).accepted
    spec = RegioSpec(level, code, selection, result.source, is_demo, level_label=LEVEL_LABELS.get(level, level))
    if args.out.suffix.lower() == ".png" or args.dia:
        data = regio_slide(prep, view.filtered, spec, tax, fmt=args.out.suffix.lower()[1:])
    else:
        data = regio_report_pdf(prep, view.filtered, spec, tax, ratings=ratings)
    args.out.write_bytes(data)
    name = dict(zip(prep.areas[level]["code"], prep.areas[level]["naam"]))[code]
    print(f"{'demonstratiedata: ' if is_demo else ''}{name} ({code}) -> {args.out} ({args.out.stat().st_size:,} bytes)")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from export.tables import write_table
    from export.views import ExportSpec, export_html, export_image, export_projects

    if args.kind == "regio":
        return cmd_export_regio(args)
    if args.out.suffix.lower() not in EXPORT_SUFFIXES[args.kind]:
        raise CommandError(f"{args.out}: gebruik {' of '.join(EXPORT_SUFFIXES[args.kind])} voor export {args.kind}")
    filters = _html_filters(args) if args.kind == "html" else ()  # checked before the seconds of work below
    tax, result, is_demo, prep, selection, view = _view_from_args(args)
    spec = ExportSpec(view_kind=getattr(args, "view", "count"), title=getattr(args, "title", None),
                      basemap="geen" if getattr(args, "no_basemap", False) else "grijs",
                      markers=getattr(args, "markers", False), region=getattr(args, "region", None),
                      source=result.source, demo=is_demo, classes=getattr(args, "classes", "vast"))
    if args.kind == "html":
        spec.filters = filters
        args.out.write_text(export_html(prep, view, spec, selection, tax), encoding="utf-8")
    elif args.kind in ("png", "pdf"):
        args.out.write_bytes(export_image(prep, view, spec, selection, tax, size=args.size, fmt=args.kind))
    else:
        write_table(export_projects(view, tax), args.out)
    print(f"{'demonstratiedata: ' if is_demo else ''}{len(view.filtered)} projecten -> {args.out} "
          f"({args.out.stat().st_size:,} bytes)")
    return 0


def _html_filters(args: argparse.Namespace) -> tuple[str, ...]:
    """The toggles an HTML export offers (``--filters``); none with ``--markers``, which do not follow them."""
    from export.embed import parse_filters

    offered = getattr(args, "filters", None)
    if args.markers and offered not in (None, "none"):
        raise CommandError("--filters werkt niet samen met --markers (de markers volgen de filters niet)")
    return () if args.markers else parse_filters(offered)


def _size(value: str) -> tuple[int, int]:
    try:
        w, h = (int(v) for v in value.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError("size as WIDTHxHEIGHT, e.g. 1920x1080") from None
    if not (200 <= w <= 8000 and 200 <= h <= 8000):
        raise argparse.ArgumentTypeError("width and height between 200 and 8000 pixels")
    return w, h


def _classes_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--classes", choices=["vast", "kwantielen"], default="vast",
                   help="count classes (--view count), as the app's Klassen: vast = fixed breaks from the whole "
                        "inventory, the same on every filter (default); kwantielen = quantiles of the counts shown")


def _export_options() -> argparse.ArgumentParser:
    """Options every export shares: the inventory and the filters, as in the app."""
    from viewstate import LEVELS, VIEW_KEYS

    common = Parser(add_help=False)
    common.add_argument("--out", type=opt.out_path(), required=True, help="file to write (.html, .png, .pdf, or .csv/.xlsx for table)")
    common.add_argument("--inventory", type=Path, help="inventory CSV/XLSX (default: the demo inventory)")
    common.add_argument("--year", type=opt.year, default=2017, help="inventory year when the file has no jaar column")
    common.add_argument("--sheet", help="XLSX sheet (default: the first)")
    for dim in ("thema", "fase", "instrument", "niveau", "zorgverzekeraar"):
        common.add_argument(f"--{dim}", type=opt.codes(dim), help=f"only these {dim} values, comma separated")
    common.add_argument("--level", choices=list(LEVELS), default="gemeente",
                        help="regioset: a region set (--regions FILE, default the demo werkstructuur); ggdregio, "
                             "jeugdregio, ...: when their boundary file is present")
    common.add_argument("--regions", type=Path, help="region set (gemeente, regio) for --level regioset")
    common.add_argument("--view", choices=[v for v in VIEW_KEYS if not v.startswith("venster")], default="count")
    common.add_argument("--title", help="title above the map (default: from the view)")
    return common


def add_parser(sub) -> None:
    common = _export_options()
    ex = sub.add_parser("export", help=HELP)
    ex.set_defaults(func=cmd_export, needs_boundaries=True)
    e = ex.add_subparsers(dest="kind", required=True)
    h = e.add_parser("html", parents=[common], help="one self-contained HTML map (Leaflet inlined, table alternative)")
    h.add_argument("--no-basemap", action="store_true", help="no PDOK tiles: no request leaves the page at all")
    h.add_argument("--markers", action="store_true", help="add the projects as clustered markers")
    _classes_option(h)
    h.add_argument("--filters", metavar="LIJST",
                   help="toggles the page offers, applied in the browser: comma-separated from thema, fase, instrument, "
                        "zorgverzekeraar, or none (default: all four; none with --markers)")
    for kind in ("png", "pdf"):
        im = e.add_parser(kind, parents=[common], help=f"a slide-ready static map ({kind.upper()}), drawn without a browser")
        _classes_option(im)
        im.add_argument("--region", help="zoom to this area: its CBS code (GM, ZK, PV, GG, JZ, ...)")
        im.add_argument("--size", type=_size, default=(1920, 1080), help="WIDTHxHEIGHT in pixels (default 1920x1080)")
    e.add_parser("table", parents=[common], help="the filtered projects as .csv or .xlsx (formulas neutralised)")
    rg = e.add_parser("regio", parents=[common], help="one region for a regional talk: .png = the regio-dia (1920x1080), "
                      ".pdf = the regiorapport (dia, matrix, witte vlekken, projects; Venster scores with --ratings)")
    rg.add_argument("--region", required=True, help="the region: a code (ZK22, PV27, a region-set code) or a name "
                    "('Twente', 'Den Bosch' gives the zorgkantoorregio around 's-Hertogenbosch)")
    rg.add_argument("--dia", action="store_true", help="with a .pdf: only the slide, not the whole report")
    rg.add_argument("--ratings", type=Path, help="Venster ratings for the region set (--level regioset) in the report")

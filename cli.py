#!/usr/bin/env python3
"""Samenwerkingskaart command line: boundaries, assets, inventory validation, demo data.

Every command has --help. Errors print one line and exit non-zero, never a traceback.
"""
from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from geo.config import BOUNDARY_TYPES, DEFAULT_DIR, boundaries_dir


#: argparse's own English phrases -> Dutch (the rest of each message is ours)
_ARGPARSE_NL = [
    (re.compile(r"^argument ([^:]+): "), r"\1: "),
    (re.compile(r"the following arguments are required: "), "verplicht maar niet opgegeven: "),
    (re.compile(r"unrecognized arguments: "), "onbekende argumenten: "),
    (re.compile(r"invalid choice: (.*) \(choose from (.*)\)$"), r"ongeldige keuze: \1 (kies uit \2)"),
    (re.compile(r"invalid (\w+) value: "), r"ongeldige waarde (\1): "),
    (re.compile(r"expected one argument"), "verwacht één waarde"),
    (re.compile(r"ambiguous option: "), "dubbelzinnige optie: "),
]


class _Parser(argparse.ArgumentParser):
    """argparse with a one-line Dutch error (exit 2): no usage block in front of the message."""

    def error(self, message: str):
        for pattern, dutch in _ARGPARSE_NL:
            message = pattern.sub(dutch, message)
        self.exit(2, f"{self.prog}: fout: {message} (zie --help)\n")


def _fail(exc: BaseException, path: object = None) -> int:
    """Every command's failure: one Dutch line on stderr (``dutch_errors`` translates what the OS, the
    network or a library said in English), exit 2."""
    from dutch_errors import error_line

    print(f"fout: {error_line(exc, path)}", file=sys.stderr)
    return 2


def _out_path(*suffixes: str):
    """argparse type: a file to write; its directory must exist, it must not be a directory, and
    with ``suffixes`` its extension must be one of them."""
    def parse(value: str) -> Path:
        path = Path(value)
        if path.is_dir():
            raise argparse.ArgumentTypeError(f"{value} is een map; geef een bestandsnaam")
        if not path.parent.is_dir():
            raise argparse.ArgumentTypeError(f"de map {path.parent} bestaat niet")
        if suffixes and path.suffix.lower() not in suffixes:
            raise argparse.ArgumentTypeError(f"{value}: gebruik {' of '.join(suffixes)}")
        return path
    return parse


def _year(value: str) -> int:
    """argparse type: a year as an inventory's jaar column accepts it (inventory.schema.YEARS)."""
    from inventory.schema import YEARS

    try:
        year = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is geen jaartal") from None
    if year not in YEARS:
        raise argparse.ArgumentTypeError(f"jaar {year} valt buiten {YEARS.start}-{YEARS.stop - 1}")
    return year


def _note(value: str) -> str:
    """argparse type: a version's note, capped as the app's Beheer field is (store.MAX_NOTE_CHARS)."""
    from inventory.text import one_line
    from store.versions import MAX_NOTE_CHARS

    if len(value) > MAX_NOTE_CHARS:
        raise argparse.ArgumentTypeError(f"de notitie is {len(value):,} tekens; maximaal {MAX_NOTE_CHARS}")
    return one_line(value)


def _base_url(value: str) -> str:
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018  (raises on a bad port)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is geen geldige URL") from None
    if parts.scheme not in ("http", "https", "file") or (parts.scheme != "file" and not parts.hostname):
        raise argparse.ArgumentTypeError(f"{value!r} is geen http(s)- of file-URL")
    return value


def _dest_dir(value: str) -> Path:
    path = Path(value)
    if path.exists() and not path.is_dir():
        raise argparse.ArgumentTypeError(f"{value} is een bestand, geen map")
    return path


EXPORT_SUFFIXES = {"html": (".html", ".htm"), "png": (".png",), "pdf": (".pdf",), "table": (".csv", ".xlsx"),
                   "regio": (".png", ".pdf")}


def _types(value: str) -> list[str]:
    from geo.boundaries import is_boundary_type

    kinds = [v.strip() for v in value.split(",") if v.strip()]
    bad = [k for k in kinds if not is_boundary_type(k)]
    if bad or not kinds:
        raise argparse.ArgumentTypeError(f"unknown type(s) {', '.join(bad)}; e.g. {', '.join(BOUNDARY_TYPES)}, "
                                         "ggdregio, jeugdregio, veiligheidsregio, arbeidsmarktregio")
    return kinds


def _region_level(value: str) -> str:
    from geo.boundaries import is_boundary_type

    if value == "gemeente" or not is_boundary_type(value):
        raise argparse.ArgumentTypeError(f"{value!r} is no region type (e.g. zorgkantoorregio, ggdregio, jeugdregio)")
    return value


def cmd_boundaries_fetch(args: argparse.Namespace) -> int:
    from geo.fetch import FetchError, fetch_boundaries, fetch_mutations

    try:
        deadline = {} if args.deadline is None else {"deadline_s": args.deadline}
        paths = fetch_boundaries(args.year, args.types, args.base_url, args.dest, progress=not args.quiet, **deadline)
        for p in paths:
            print(f"saved {p}")
        if args.mutations:
            m = fetch_mutations(args.base_url, args.dest, progress=not args.quiet, **deadline)
            print(f"saved {m}" if m else "no gemeente_mutaties.csv at the source (mergers between vintages unknown)")
    except FetchError as exc:
        return _fail(exc)
    return 0


def cmd_boundaries_list(args: argparse.Namespace) -> int:
    from geo.boundaries import available

    root = boundaries_dir(args.dir)
    files = available(root)
    print(f"boundaries directory: {root}")
    if files.empty:
        from geo.boundaries import missing_message

        print(missing_message(root), file=sys.stderr)
        return 1
    for kind, years in files.groupby("type")["year"]:
        print(f"  {kind:<17} {', '.join(str(y) for y in years)}")
    return 0


def cmd_assets_install(args: argparse.Namespace) -> int:
    from layers.assets import AssetsMissing, install_assets

    try:
        copied = install_assets(registry=args.registry, force=args.force)
    except AssetsMissing as exc:
        return _fail(exc)
    if not args.quiet:
        print(f"{len(copied)} Leaflet-bestanden geïnstalleerd in static/vendor (hashes gecontroleerd)" if copied
              else "static/vendor is al actueel (package-lock.json)")
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    import json

    from geo.boundaries import BoundaryError
    from inventory.read import ReadError
    from inventory.text import one_line
    from inventory.validate import validate_file

    shares = None
    if args.to_year and args.split_shares:  # read first: an unusable shares file means nothing is done
        from geo.crosswalk import read_share_table

        try:
            shares = read_share_table(args.split_shares)
        except (ValueError, OSError) as exc:
            return _fail(exc, args.split_shares)
    try:
        result = validate_file(args.file, year=args.year, sheet=args.sheet, max_bytes=args.max_bytes, max_rows=args.max_rows)
    except (ReadError, BoundaryError) as exc:
        return _fail(exc)
    print(result.summary())
    for w in result.warnings:
        print(f"  let op: {one_line(w)}")  # warnings quote the file (headers): no terminal control characters
    for r in result.rejections.head(args.show).itertuples():
        sugg = f" (suggestie: {', '.join(r.suggesties)})" if r.suggesties else ""
        print(f"  rij {r.rij} [{one_line(r.id)}] {r.veld}={r.waarde!r}: {one_line(r.reden)}{sugg}")
    if len(result.rejections) > args.show:
        print(f"  ... en nog {len(result.rejections) - args.show} afwijzingen (zie --report)")
    accepted, out_year = result.accepted, None
    if args.to_year:
        from export.tables import write_table
        from inventory.translate import translate_inventory

        try:
            accepted, report = translate_inventory(result.accepted, args.to_year, min_share=args.min_share, shares=shares)
        except (ValueError, BoundaryError, OSError) as exc:
            return _fail(exc)
        out_year = args.to_year
        print(f"vertaald naar de gemeenten van {args.to_year}: {report['rij'].nunique()} rijen aangepast")
        for r in report.itertuples():
            part = (f", gedeeltelijk: {r.aandeel:.0%}" + ("" if r.opgenomen else f", niet opgenomen (< {args.min_share:.0%})")
                    if r.gedeeltelijk else "")
            print(f"  rij {r.rij} [{one_line(r.id)}] {r.oude_naam} ({r.oude_code}) -> {r.nieuwe_naam} ({r.nieuwe_code}) [{r.bron}{part}]")
        if args.translation_report:
            write_table(report, args.translation_report)
    if args.report:
        args.report.write_text(json.dumps(result.report(), ensure_ascii=False, indent=2, default=str), encoding="utf-8")
        print(f"rapport: {args.report}")
    if args.out:
        from export.tables import inventory_table, write_table

        write_table(inventory_table(accepted, out_year), args.out)
        print(f"geaccepteerde rijen (weer in te lezen): {args.out}")
    return 0 if result.rows_rejected == 0 else 1


def cmd_demo(args: argparse.Namespace) -> int:
    from inventory.demo import DEMO_FILE_2025, generate, generate_2025, write_demo

    path = write_demo(generate(n=args.n, seed=args.seed), args.out)
    print(f"demonstratie-inventaris 2017 ({args.n} projecten, seed {args.seed}): {path}")
    if args.with_2025:
        print(f"demonstratie-inventaris 2025: {write_demo(generate_2025(), DEMO_FILE_2025)}")
    return 0


def _codes(dimension: str):
    """argparse type: comma separated taxonomy values (codes, labels or synonyms) -> codes."""
    def parse(value: str) -> list[str]:
        from inventory.taxonomy import load_taxonomy

        dim = load_taxonomy()[dimension]
        out = []
        for part in (p.strip() for p in value.split(",") if p.strip()):
            code = dim.match(part)
            if code is None:
                hint = ", ".join(dim.suggest(part)) or ", ".join(dim.codes)
                raise argparse.ArgumentTypeError(f"onbekende {dimension} {part!r} (bedoelt u: {hint}?)")
            out.append(code)
        return out
    return parse


def cmd_gaps(args: argparse.Namespace) -> int:
    from analysis.gaps import ZORGKANTOREN_FILE, GapRule, gap_report, people_table, region_gaps, working_area
    from analysis.zorgkantoren import read_zorgkantoor_table
    from analysis.population import inhabitants
    from analysis.prepare import prepare
    from export.tables import write_table
    from geo.boundaries import BoundaryError
    from inventory.load import load_inventory
    from inventory.read import ReadError
    from inventory.taxonomy import load_taxonomy
    from store import StoreError, get_engine

    tax = load_taxonomy()
    group = args.zorgverzekeraar[0]
    try:
        result, is_demo = load_inventory(args.inventory, args.year)
        year = args.year if args.inventory else 2017
        prep = prepare(result.accepted, year)
        regions_zk = prep.areas["zorgkantoorregio"][["code", "naam"]]
        if args.zorgkantoren is not None:
            zk_table = read_zorgkantoor_table(args.zorgkantoren, regions_zk, year, tax)
        else:  # the published table, else the shipped 2014 designation
            from analysis.zorgkantoren_kind import for_regions, published_table

            zk_table = published_table(get_engine())
            zk_table = (for_regions(zk_table, regions_zk, year) if zk_table is not None
                        else read_zorgkantoor_table(ZORGKANTOREN_FILE, regions_zk, year, tax))
    except (ReadError, BoundaryError, ValueError, OSError, StoreError) as exc:
        return _fail(exc)
    from analysis.prepare import LEVEL_LABELS

    for r in zk_table.rejections.itertuples():
        sugg = f" (suggestie: {', '.join(r.suggesties)})" if r.suggesties else ""
        print(f"let op: zorgkantorentabel rij {r.rij} {r.veld}={r.waarde!r}: {r.reden}{sugg}", file=sys.stderr)
    if zk_table.table.empty:
        print(f"fout: de zorgkantorentabel {zk_table.source} heeft geen bruikbare rijen", file=sys.stderr)
        return 2
    zk = zk_table.for_year(year)
    scope = args.scope
    if scope != "zorgkantoorregio" and scope not in prep.areas:
        print(f"fout: geen {LEVEL_LABELS[scope]}-grenzen in de grenzenmap; haal ze op met: "
              f"python cli.py boundaries fetch --year 2025 --types {scope}", file=sys.stderr)
        return 2
    if scope == "zorgkantoorregio":
        regions = args.regios or working_area(zk, group)
    else:  # another region type: the given regions, else all of them
        regions = args.regios or sorted(prep.members[f"{scope}_code"].dropna().unique())
    if not regions:
        print(f"fout: {tax['zorgverzekeraar'].labels()[group]} voert in {year} geen zorgkantoor volgens "
              f"{zk_table.source}; geef --regios ZK..,ZK..", file=sys.stderr)
        return 2
    unknown = sorted(set(regions) - set(prep.members[f"{scope}_code"]))
    if unknown:
        print(f"fout: onbekende {LEVEL_LABELS[scope]}(s) in {year}: {', '.join(unknown)}", file=sys.stderr)
        return 2
    rule = GapRule(max_fase=args.max_fase[0] if args.max_fase else None, insurer=group if args.alleen_eigen else None)
    inw, inw_note = inhabitants(year)
    ranked = gap_report(prep.long, prep.members, prep.areas["gemeente"], regions, args.thema, rule, tax["fase"].codes, inw,
                        scope=scope)
    labels = {d: tax[d].labels() for d in ("thema", "fase")}
    write_table(people_table(ranked, labels, scope, LEVEL_LABELS[scope]), args.out)
    per_region = region_gaps(ranked, prep.members, regions, level=scope, scope=scope)
    where = (f"{len(regions)} zorgkantoorregio('s) van {tax['zorgverzekeraar'].labels()[group]}" if scope == "zorgkantoorregio"
             else f"{len(regions)} {LEVEL_LABELS[scope]}('s)")
    print(f"{'demonstratiedata: ' if is_demo else ''}{len(ranked)} witte vlekken ({rule.describe(labels['fase'], tax['zorgverzekeraar'].labels())}) "
          f"in {where}; {inw_note}")
    if scope in prep.region_levels:
        print(f"  {prep.region_levels[scope]}")
    print(f"  zorgkantorentabel: {zk_table.source}, geldig vanaf {zk_table.date(year)} ({zk_table.summary()})")
    for r in per_region.sort_values("witte_vlekken", ascending=False).head(10).itertuples():
        print(f"  {getattr(r, f'{scope}_naam'):<30} {labels['thema'].get(r.thema, r.thema):<34} {r.witte_vlekken:>3} van {r.gemeenten} gemeenten")
    print(f"tabel: {args.out}")
    return 0


def _view_from_args(args: argparse.Namespace):
    """Inventory (file or demo), prepared join, filters and view from the shared export options."""
    from analysis.prepare import prepare
    from analysis.view import compute_view
    from inventory.load import load_inventory
    from inventory.taxonomy import load_taxonomy
    from inventory.text import one_line

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

        raise ValueError(f"geen {LEVEL_LABELS[args.level]}-grenzen in de grenzenmap; haal ze op met: "
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
    """(level, code) of the region a user named; ValueError with a Dutch message when none."""
    from analysis.focus import focus_levels, region_of, search_areas, search_index

    levels = focus_levels(prep)
    for level in levels:
        if query.strip().upper() in set(prep.areas[level]["code"].str.upper()):
            return level, next(c for c in prep.areas[level]["code"] if c.upper() == query.strip().upper())
    hits = search_areas(search_index(prep), query)
    if not hits:
        raise ValueError(f"geen regio gevonden voor {query!r}; geef een code (ZK22, PV27) of een naam")
    top = hits[0]
    if top.level == "gemeente":
        return levels[0], region_of(prep, top.code, levels[0])
    return top.level, top.code


def cmd_export_regio(args: argparse.Namespace) -> int:
    from analysis.prepare import LEVEL_LABELS
    from export.regio import RegioSpec, regio_report_pdf, regio_slide
    from geo.boundaries import BoundaryError
    from inventory.read import ReadError

    try:
        if args.out.suffix.lower() not in (".png", ".pdf"):
            raise ValueError(f"{args.out}: gebruik .png (dia) of .pdf (regiorapport)")
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
    except (ReadError, BoundaryError, ValueError, OSError) as exc:
        return _fail(exc)
    name = dict(zip(prep.areas[level]["code"], prep.areas[level]["naam"]))[code]
    print(f"{'demonstratiedata: ' if is_demo else ''}{name} ({code}) -> {args.out} ({args.out.stat().st_size:,} bytes)")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from export.tables import write_table
    from export.views import ExportSpec, export_html, export_image, export_projects
    from geo.boundaries import BoundaryError
    from inventory.read import ReadError

    if args.kind == "regio":
        return cmd_export_regio(args)
    if args.out.suffix.lower() not in EXPORT_SUFFIXES[args.kind]:
        print(f"fout: {args.out}: gebruik {' of '.join(EXPORT_SUFFIXES[args.kind])} voor export {args.kind}", file=sys.stderr)
        return 2
    try:
        tax, result, is_demo, prep, selection, view = _view_from_args(args)
        spec = ExportSpec(view_kind=getattr(args, "view", "count"), title=getattr(args, "title", None),
                          basemap="geen" if getattr(args, "no_basemap", False) else "grijs",
                          markers=getattr(args, "markers", False), region=getattr(args, "region", None),
                          source=result.source, demo=is_demo, classes=getattr(args, "classes", "vast"))
        if args.kind == "html":
            from export.embed import parse_filters

            offered = getattr(args, "filters", None)
            if args.markers and offered not in (None, "none"):
                raise ValueError("--filters werkt niet samen met --markers (de markers volgen de filters niet)")
            spec.filters = () if args.markers else parse_filters(offered)
            args.out.write_text(export_html(prep, view, spec, selection, tax), encoding="utf-8")
        elif args.kind in ("png", "pdf"):
            args.out.write_bytes(export_image(prep, view, spec, selection, tax, size=args.size, fmt=args.kind))
        else:
            write_table(export_projects(view, tax), args.out)
    except (ReadError, BoundaryError, ValueError) as exc:
        return _fail(exc)
    print(f"{'demonstratiedata: ' if is_demo else ''}{len(view.filtered)} projecten -> {args.out} "
          f"({args.out.stat().st_size:,} bytes)")
    return 0


def _share(value: str) -> float:
    try:
        share = float(value.rstrip("%").replace(",", ".")) / (100 if value.endswith("%") else 1)
    except ValueError:
        raise argparse.ArgumentTypeError("a share such as 0.1 or 10%") from None
    if not 0 < share <= 1:
        raise argparse.ArgumentTypeError("a share between 0 and 1 (or 0% and 100%)")
    return share


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

    common = _Parser(add_help=False)
    common.add_argument("--out", type=_out_path(), required=True, help="file to write (.html, .png, .pdf, or .csv/.xlsx for table)")
    common.add_argument("--inventory", type=Path, help="inventory CSV/XLSX (default: the demo inventory)")
    common.add_argument("--year", type=_year, default=2017, help="inventory year when the file has no jaar column")
    common.add_argument("--sheet", help="XLSX sheet (default: the first)")
    for dim in ("thema", "fase", "instrument", "niveau", "zorgverzekeraar"):
        common.add_argument(f"--{dim}", type=_codes(dim), help=f"only these {dim} values, comma separated")
    common.add_argument("--level", choices=list(LEVELS), default="gemeente",
                        help="regioset: a region set (--regions FILE, default the demo werkstructuur); ggdregio, "
                             "jeugdregio, ...: when their boundary file is present")
    common.add_argument("--regions", type=Path, help="region set (gemeente, regio) for --level regioset")
    common.add_argument("--view", choices=[v for v in VIEW_KEYS if not v.startswith("venster")], default="count")
    common.add_argument("--title", help="title above the map (default: from the view)")
    return common


def cmd_regions(args: argparse.Namespace) -> int:
    from geo.boundaries import BoundaryError
    from geo.regionsets import DEMO_REGION_SET, generate_demo_region_set, read_region_set
    from inventory.read import ReadError

    if args.action == "demo":
        generate_demo_region_set().to_csv(DEMO_REGION_SET, index=False, lineterminator="\n")
        print(f"demo-regio-indeling: {DEMO_REGION_SET}")
        return 0
    try:
        rs = read_region_set(args.file, args.year)
    except (ReadError, BoundaryError) as exc:
        return _fail(exc)
    print(rs.summary())
    for r in rs.rejections.itertuples():
        sugg = f" (suggestie: {', '.join(r.suggesties)})" if r.suggesties else ""
        print(f"  rij {r.rij} {r.gemeente!r} -> {r.regio!r}: {r.reden}{sugg}")
    if rs.missing:
        print(f"  niet ingedeeld: {', '.join(rs.missing[:30])}{' ...' if len(rs.missing) > 30 else ''}")
    return 0 if rs.complete else 1


def cmd_ratings(args: argparse.Namespace) -> int:
    from analysis.ratings import DEMO_RATINGS, generate_demo_ratings, read_ratings
    from geo.boundaries import BoundaryError
    from geo.regionsets import load_demo_region_set, read_region_set
    from inventory.read import ReadError

    try:
        rs = read_region_set(args.regions, args.year) if args.regions else load_demo_region_set()
        regions = rs.regions
        if args.action == "demo":
            generate_demo_ratings(list(regions["code"])).to_csv(DEMO_RATINGS, index=False, sep=";", decimal=",",
                                                                lineterminator="\n")
            print(f"demo-Venstercijfers: {DEMO_RATINGS}")
            return 0
        ratings = read_ratings(args.file, regions)
    except (ReadError, BoundaryError) as exc:
        return _fail(exc)
    print(ratings.summary())
    for r in ratings.rejections.itertuples():
        sugg = f" (suggestie: {', '.join(map(str, r.suggesties))})" if r.suggesties else ""
        print(f"  rij {r.rij} {r.veld}={r.waarde!r}: {r.reden}{sugg}")
    return 0 if ratings.rejections.empty else 1


def cmd_store(args: argparse.Namespace) -> int:
    from store.commands import run

    return run(args)


def _store_parser(sub) -> None:
    """``store``: versions of every registered dataset kind; publishing (logic in store/commands.py)."""
    import datasets  # noqa: F401 (registers the kinds: --kind offers them)
    from store import registered_kinds
    from store.versions import MAX_NOTE_CHARS

    s = sub.add_parser("store", help="published data: versions, publishing, differences (database: $SAMENWERKINGSKAART_DATABASE_URL)")
    s.add_argument("--database", help="database URL (default $SAMENWERKINGSKAART_DATABASE_URL, else data/store/samenwerkingskaart.sqlite)")
    a = s.add_subparsers(dest="action", required=True)
    p = a.add_parser("import", help="validate a file and store it as a new version; exit 1 when rows were rejected")
    p.add_argument("file", type=Path)
    p.add_argument("--kind", choices=list(registered_kinds()), default="inventaris",
                   help="; ".join(f"{k.name}: {k.label}" for k in registered_kinds().values()) + " (default inventaris)")
    p.add_argument("--year", type=_year, default=2017, help="inventory year when the file has no jaar column; boundary year of a region set")
    p.add_argument("--note", type=_note, default="", help=f"what this version is (shown by store list; at most {MAX_NOTE_CHARS} characters)")
    p.add_argument("--publish", action="store_true", help="publish the version right away")
    p.add_argument("--show", type=int, default=10, help="rejected rows to print")
    a.add_parser("list", help="every version, newest first; * marks the published ones").add_argument(
        "--kind", choices=list(registered_kinds()))
    p = a.add_parser("show", help="one version: file, hash, year, who, when, note, its validation report")
    p.add_argument("version", type=int, metavar="N")
    p.add_argument("--show", type=int, default=20, help="rejected rows to print")
    a.add_parser("publish", help="make version N the published one of its dataset (rolling back = publishing an older one)"
                 ).add_argument("version", type=int, metavar="N")
    p = a.add_parser("diff", help="rows added, removed, and changed (field by field) from version A to version B")
    p.add_argument("a", type=int, metavar="A")
    p.add_argument("b", type=int, metavar="B")
    p.add_argument("--out", type=_out_path(".csv", ".xlsx"), help="all differences as .csv or .xlsx")
    p.add_argument("--show", type=int, default=20, help="differences to print")
    p = a.add_parser("export", help="version N as a file that reads back in (same format as validate --out)")
    p.add_argument("version", type=int, metavar="N")
    p.add_argument("--out", type=_out_path(".csv", ".xlsx"), required=True, help=".csv or .xlsx")
    for p in a.choices.values():
        p.set_defaults(func=cmd_store)


def build_parser() -> argparse.ArgumentParser:
    from geo.fetch import DEFAULT_BASE_URL

    parser = _Parser(prog="cli.py", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    b = sub.add_parser("boundaries", help="fetch or list CBS boundary files").add_subparsers(dest="action", required=True)
    f = b.add_parser("fetch", help="download boundary files of one year from their public source")
    f.add_argument("--year", type=_year, required=True)
    f.add_argument("--types", type=_types, default=list(BOUNDARY_TYPES), help="comma separated: gemeente, zorgkantoorregio, provincie (default: these three) or other CBS "
                        "region types such as ggdregio, jeugdregio, veiligheidsregio, arbeidsmarktregio")
    f.add_argument("--base-url", type=_base_url, default=DEFAULT_BASE_URL, help=f"default {DEFAULT_BASE_URL}")
    f.add_argument("--dest", type=_dest_dir, default=DEFAULT_DIR, help="default data/boundaries")
    f.add_argument("--deadline", type=float, default=None, help="seconds one file may take in all (default 600)")
    f.add_argument("--no-mutations", dest="mutations", action="store_false", help="do not try gemeente_mutaties.csv")
    f.add_argument("--quiet", action="store_true", help="no progress bar")
    f.set_defaults(func=cmd_boundaries_fetch)
    ls = b.add_parser("list", help="show which types and years are available locally")
    ls.add_argument("--dir", type=Path, default=None, help="boundaries directory (default: $SAMENWERKINGSKAART_BOUNDARIES or data/boundaries)")
    ls.set_defaults(func=cmd_boundaries_list)

    a = sub.add_parser("assets", help="local Leaflet files").add_subparsers(dest="action", required=True)
    i = a.add_parser("install", help="download Leaflet (package-lock.json) from the npm registry, verify its hashes, "
                                       "unpack into static/vendor; no Node.js needed")
    i.add_argument("--quiet", action="store_true")
    i.add_argument("--registry", type=_base_url, help="npm registry or mirror base URL (default: the lock's URLs, registry.npmjs.org)")
    i.add_argument("--force", action="store_true", help="download again even when static/vendor is up to date")
    i.set_defaults(func=cmd_assets_install)
    from inventory.demo import DEFAULT_N, DEFAULT_SEED, DEMO_FILE
    from inventory.read import DEFAULT_MAX_BYTES, DEFAULT_MAX_ROWS

    v = sub.add_parser("validate", help="check an inventory (CSV/XLSX); exit 0 all accepted, 1 some rejected, 2 unreadable")
    v.add_argument("file", type=Path)
    v.add_argument("--year", type=_year, default=2017, help="inventory year when the file has no jaar column (default 2017)")
    v.add_argument("--sheet", default=None, help="XLSX sheet name (default: the first)")
    v.add_argument("--report", type=_out_path(".json"), help="write the JSON report here (.json)")
    v.add_argument("--out", type=_out_path(".csv", ".xlsx"), help="write the accepted rows here (.csv or .xlsx)")
    v.add_argument("--show", type=int, default=20, help="rejections to print (default 20)")
    v.add_argument("--to-year", type=_year, help="translate accepted rows to this later year's municipalities (merger crosswalk)")
    v.add_argument("--translation-report", type=_out_path(".csv", ".xlsx"), help="with --to-year: every translated code (.csv/.xlsx)")
    v.add_argument("--min-share", type=_share, default=0.10,
                   help="with --to-year: a divided municipality's project goes to every successor with at least this "
                        "share of it (default 0.10 = 10%%)")
    v.add_argument("--split-shares", type=Path, help="with --to-year: sourced successor shares of divided municipalities "
                                                     "(oude_code, nieuwe_code, aandeel, bron); default: by area")
    v.add_argument("--max-bytes", type=int, default=DEFAULT_MAX_BYTES)
    v.add_argument("--max-rows", type=int, default=DEFAULT_MAX_ROWS)
    v.set_defaults(func=cmd_validate, needs_boundaries=True)

    from analysis.gaps import ZORGKANTOREN_FILE

    g = sub.add_parser("gaps", help="witte vlekken: municipalities in an insurer's working area without a project on a theme")
    g.add_argument("--zorgverzekeraar", type=_codes("zorgverzekeraar"), required=True, help="insurer group or brand, e.g. cz, Zilveren Kruis")
    g.add_argument("--thema", type=_codes("thema"), required=True, help="one or more themes, comma separated")
    g.add_argument("--max-fase", type=_codes("fase"), help="projects up to and including this phase still count as a gap")
    g.add_argument("--alleen-eigen", action="store_true", help="only projects with this insurer count as coverage")
    g.add_argument("--regios", type=lambda v: [c.strip().upper() for c in v.split(",") if c.strip()],
                   help="region codes (of --scope) instead of the insurer's working area")
    g.add_argument("--scope", type=_region_level, default="zorgkantoorregio",
                   help="region type of the working area: zorgkantoorregio (default: the insurer's zorgkantoor regions), "
                        "or any type in the boundaries directory such as ggdregio or jeugdregio (default: all its regions)")
    g.add_argument("--inventory", type=Path, help="inventory CSV/XLSX (default: the demo inventory)")
    g.add_argument("--year", type=_year, default=2017, help="inventory year (default 2017)")
    g.add_argument("--zorgkantoren", type=Path, help="region -> insurer group table (default: the published one, "
                   f"else {ZORGKANTOREN_FILE.relative_to(ZORGKANTOREN_FILE.parents[1])})")
    g.add_argument("--out", type=_out_path(".csv", ".xlsx"), required=True, help=".csv or .xlsx")
    g.set_defaults(func=cmd_gaps, needs_boundaries=True)

    common = _export_options()
    ex = sub.add_parser("export", help="maps and tables to embed, put on slides or hand out")
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

    r = sub.add_parser("regions", help="custom region sets (gemeente -> regio)").add_subparsers(dest="action", required=True)
    rv = r.add_parser("validate", help="check a region set; exit 0 complete, 1 rows rejected or municipalities left out, 2 unreadable")
    rv.add_argument("file", type=Path)
    rv.add_argument("--year", type=_year, default=2017)
    r.add_parser("demo", help="write the demo werkstructuur (43 regions) from the zorgkantoorregio's")
    for p in (rv, *r.choices.values()):
        p.set_defaults(func=cmd_regions, needs_boundaries=True)

    v = sub.add_parser("ratings", help="Venster op de samenwerking ratings").add_subparsers(dest="action", required=True)
    vv = v.add_parser("validate", help="check a ratings table (regio, thema, aspect, beoordelaar, score)")
    vv.add_argument("file", type=Path)
    vd = v.add_parser("demo", help="write demo ratings for the demo region set, matching the published national figures")
    for p in (vv, vd):
        p.add_argument("--regions", type=Path, help="region set the ratings refer to (default: the demo set)")
        p.add_argument("--year", type=_year, default=2017)
        p.set_defaults(func=cmd_ratings, needs_boundaries=True)

    _store_parser(sub)

    d = sub.add_parser("demo", help="generate the synthetic demonstration inventory")
    d.add_argument("--n", type=int, default=DEFAULT_N)
    d.add_argument("--seed", type=int, default=DEFAULT_SEED)
    d.add_argument("--out", type=_out_path(".csv"), default=DEMO_FILE)
    d.add_argument("--with-2025", action="store_true", help="also write the later demo inventory (2025) for the change view")
    d.set_defaults(func=cmd_demo)
    return parser


def main(argv: list[str] | None = None) -> int:
    try:
        args = build_parser().parse_args(argv)
    except SystemExit as exc:  # argparse has printed its one line (or --help); in-process callers get the code
        return exc.code if isinstance(exc.code, int) else 2
    if getattr(args, "needs_boundaries", False):  # one clear error up front, not one per row or step
        from geo.boundaries import MissingBoundaries, require_boundaries

        try:
            require_boundaries()
        except MissingBoundaries as exc:
            return _fail(exc)
    try:
        return args.func(args)
    except (OSError, UnicodeDecodeError) as exc:  # e.g. no permission to write --out: one line, not a traceback
        return _fail(exc)
    except KeyboardInterrupt:
        print("afgebroken", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())

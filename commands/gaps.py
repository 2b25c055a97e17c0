"""``cli.py gaps``: witte vlekken, the municipalities of a working area without a project on a theme."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from commands.base import CommandError
from commands import options as opt

HELP = "witte vlekken: municipalities in an insurer's working area without a project on a theme"


def cmd_gaps(args: argparse.Namespace) -> int:
    from analysis.gaps import ZORGKANTOREN_FILE, GapRule, gap_report, people_table, region_gaps, working_area
    from geo.inhabitants import inhabitants
    from analysis.prepare import LEVEL_LABELS, prepare
    from analysis.zorgkantoren import read_zorgkantoor_table
    from export.tables import write_table
    from inventory.load import load_inventory
    from inventory.taxonomy import load_taxonomy

    tax = load_taxonomy()
    group = args.zorgverzekeraar[0]
    result, is_demo = load_inventory(args.inventory, args.year)
    year = args.year if args.inventory else 2017
    prep = prepare(result.accepted, year)
    regions_zk = prep.areas["zorgkantoorregio"][["code", "naam"]]
    if args.zorgkantoren is not None:
        zk_table = read_zorgkantoor_table(args.zorgkantoren, regions_zk, year, tax)
    else:  # the published table, else the shipped 2014 designation
        from analysis.zorgkantoren_kind import for_regions, published_table
        from store import get_engine

        zk_table = published_table(get_engine())
        zk_table = (for_regions(zk_table, regions_zk, year) if zk_table is not None
                    else read_zorgkantoor_table(ZORGKANTOREN_FILE, regions_zk, year, tax))
    for r in zk_table.rejections.itertuples():
        sugg = f" (suggestie: {', '.join(r.suggesties)})" if r.suggesties else ""
        print(f"let op: zorgkantorentabel rij {r.rij} {r.veld}={r.waarde!r}: {r.reden}{sugg}", file=sys.stderr)
    if zk_table.table.empty:
        raise CommandError(f"de zorgkantorentabel {zk_table.source} heeft geen bruikbare rijen")
    zk = zk_table.for_year(year)
    scope = args.scope
    if scope != "zorgkantoorregio" and scope not in prep.areas:
        raise CommandError(f"geen {LEVEL_LABELS[scope]}-grenzen in de grenzenmap; haal ze op met: "
                           f"python cli.py boundaries fetch --year 2025 --types {scope}")
    if scope == "zorgkantoorregio":
        regions = args.regios or working_area(zk, group)
    else:  # another region type: the given regions, else all of them
        regions = args.regios or sorted(prep.members[f"{scope}_code"].dropna().unique())
    if not regions:
        raise CommandError(f"{tax['zorgverzekeraar'].labels()[group]} voert in {year} geen zorgkantoor volgens "
                           f"{zk_table.source}; geef --regios ZK..,ZK..")
    unknown = sorted(set(regions) - set(prep.members[f"{scope}_code"]))
    if unknown:
        raise CommandError(f"onbekende {LEVEL_LABELS[scope]}(s) in {year}: {', '.join(unknown)}")
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


def _region_level(value: str) -> str:
    from geo.boundaries import is_boundary_type

    if value == "gemeente" or not is_boundary_type(value):
        raise argparse.ArgumentTypeError(f"{value!r} is no region type (e.g. zorgkantoorregio, ggdregio, jeugdregio)")
    return value


def add_parser(sub) -> None:
    g = sub.add_parser("gaps", help=HELP)
    g.add_argument("--zorgverzekeraar", type=opt.codes("zorgverzekeraar"), required=True, help="insurer group or brand, e.g. cz, Zilveren Kruis")
    g.add_argument("--thema", type=opt.codes("thema"), required=True, help="one or more themes, comma separated")
    g.add_argument("--max-fase", type=opt.codes("fase"), help="projects up to and including this phase still count as a gap")
    g.add_argument("--alleen-eigen", action="store_true", help="only projects with this insurer count as coverage")
    g.add_argument("--regios", type=lambda v: [c.strip().upper() for c in v.split(",") if c.strip()],
                   help="region codes (of --scope) instead of the insurer's working area")
    g.add_argument("--scope", type=_region_level, default="zorgkantoorregio",
                   help="region type of the working area: zorgkantoorregio (default: the insurer's zorgkantoor regions), "
                        "or any type in the boundaries directory such as ggdregio or jeugdregio (default: all its regions)")
    g.add_argument("--inventory", type=Path, help="inventory CSV/XLSX (default: the demo inventory)")
    g.add_argument("--year", type=opt.year, default=2017, help="inventory year (default 2017)")
    g.add_argument("--zorgkantoren", type=Path, help="region -> insurer group table (default: the published one, "
                   "else data/zorgkantoren.csv)")
    g.add_argument("--out", type=opt.out_path(".csv", ".xlsx"), required=True, help=".csv or .xlsx")
    g.set_defaults(func=cmd_gaps, needs_boundaries=True)

"""``cli.py regions validate|demo``: region sets (gemeente -> regio) that become a map level of their own."""
from __future__ import annotations

import argparse
from pathlib import Path

from commands import options as opt

HELP = "custom region sets (gemeente -> regio)"


def cmd_regions(args: argparse.Namespace) -> int:
    """Exit 0 when every municipality is in exactly one region, 1 when rows were rejected or some left out."""
    from geo.regionsets import DEMO_REGION_SET, generate_demo_region_set, read_region_set

    if args.action == "demo":
        generate_demo_region_set().to_csv(DEMO_REGION_SET, index=False, lineterminator="\n")
        print(f"demo-regio-indeling: {DEMO_REGION_SET}")
        return 0
    rs = read_region_set(args.file, args.year)
    print(rs.summary())
    for r in rs.rejections.itertuples():
        sugg = f" (suggestie: {', '.join(r.suggesties)})" if r.suggesties else ""
        print(f"  rij {r.rij} {r.gemeente!r} -> {r.regio!r}: {r.reden}{sugg}")
    if rs.missing:
        print(f"  niet ingedeeld: {', '.join(rs.missing[:30])}{' ...' if len(rs.missing) > 30 else ''}")
    return 0 if rs.complete else 1


def add_parser(sub) -> None:
    r = sub.add_parser("regions", help=HELP).add_subparsers(dest="action", required=True)
    rv = r.add_parser("validate", help="check a region set; exit 0 complete, 1 rows rejected or municipalities left out, 2 unreadable")
    rv.add_argument("file", type=Path)
    rv.add_argument("--year", type=opt.year, default=2017)
    r.add_parser("demo", help="write the demo werkstructuur (43 regions) from the zorgkantoorregio's")
    for p in (rv, *r.choices.values()):
        p.set_defaults(func=cmd_regions, needs_boundaries=True)

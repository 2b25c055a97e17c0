"""``cli.py ratings validate|demo``: *Venster op de samenwerking* ratings per region of a region set."""
from __future__ import annotations

import argparse
from pathlib import Path

from commands import options as opt

HELP = "Venster op de samenwerking ratings"


def cmd_ratings(args: argparse.Namespace) -> int:
    """Exit 0 when every rating was accepted, 1 when some were rejected."""
    from analysis.ratings import DEMO_RATINGS, generate_demo_ratings, read_ratings
    from geo.regionsets import load_demo_region_set, read_region_set

    rs = read_region_set(args.regions, args.year) if args.regions else load_demo_region_set()
    regions = rs.regions
    if args.action == "demo":
        generate_demo_ratings(list(regions["code"])).to_csv(DEMO_RATINGS, index=False, sep=";", decimal=",",
                                                            lineterminator="\n")
        print(f"demo-Venstercijfers: {DEMO_RATINGS}")
        return 0
    ratings = read_ratings(args.file, regions)
    print(ratings.summary())
    for r in ratings.rejections.itertuples():
        sugg = f" (suggestie: {', '.join(map(str, r.suggesties))})" if r.suggesties else ""
        print(f"  rij {r.rij} {r.veld}={r.waarde!r}: {r.reden}{sugg}")
    return 0 if ratings.rejections.empty else 1


def add_parser(sub) -> None:
    v = sub.add_parser("ratings", help=HELP).add_subparsers(dest="action", required=True)
    vv = v.add_parser("validate", help="check a ratings table (regio, thema, aspect, beoordelaar, score)")
    vv.add_argument("file", type=Path)
    vd = v.add_parser("demo", help="write demo ratings for the demo region set, matching the published national figures")
    for p in (vv, vd):
        p.add_argument("--regions", type=Path, help="region set the ratings refer to (default: the demo set)")
        p.add_argument("--year", type=opt.year, default=2017)
        p.set_defaults(func=cmd_ratings, needs_boundaries=True)

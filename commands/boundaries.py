"""``cli.py boundaries fetch|list``: the CBS boundary files (downloaded, never in the repository)."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from commands import options as opt

HELP = "fetch or list CBS boundary files"


def cmd_fetch(args: argparse.Namespace) -> int:
    from geo.fetch import fetch_boundaries, fetch_mutations

    deadline = {} if args.deadline is None else {"deadline_s": args.deadline}
    paths = fetch_boundaries(args.year, args.types, args.base_url, args.dest, progress=not args.quiet, **deadline)
    for p in paths:
        print(f"saved {p}")
    if args.mutations:
        m = fetch_mutations(args.base_url, args.dest, progress=not args.quiet, **deadline)
        print(f"saved {m}" if m else "no gemeente_mutaties.csv at the source (mergers between vintages unknown)")
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    from geo.boundaries import available
    from geo.config import boundaries_dir

    root = boundaries_dir(args.dir)
    files = available(root)
    print(f"boundaries directory: {root}")
    if files.empty:  # not an error of the command: the listing is empty (exit 1), the message says what to do
        from geo.boundaries import missing_message

        print(missing_message(root), file=sys.stderr)
        return 1
    for kind, years in files.groupby("type")["year"]:
        print(f"  {kind:<17} {', '.join(str(y) for y in years)}")
    return 0


def _types(value: str) -> list[str]:
    from geo.boundaries import is_boundary_type
    from geo.config import BOUNDARY_TYPES

    kinds = [v.strip() for v in value.split(",") if v.strip()]
    bad = [k for k in kinds if not is_boundary_type(k)]
    if bad or not kinds:
        raise argparse.ArgumentTypeError(f"unknown type(s) {', '.join(bad)}; e.g. {', '.join(BOUNDARY_TYPES)}, "
                                         "ggdregio, jeugdregio, veiligheidsregio, arbeidsmarktregio")
    return kinds


def _dest_dir(value: str) -> Path:
    path = Path(value)
    if path.exists() and not path.is_dir():
        raise argparse.ArgumentTypeError(f"{value} is een bestand, geen map")
    return path


def add_parser(sub) -> None:
    from geo.config import BOUNDARY_TYPES, DEFAULT_DIR
    from geo.fetch import DEFAULT_BASE_URL

    b = sub.add_parser("boundaries", help=HELP).add_subparsers(dest="action", required=True)
    f = b.add_parser("fetch", help="download boundary files of one year from their public source")
    f.add_argument("--year", type=opt.year, required=True)
    f.add_argument("--types", type=_types, default=list(BOUNDARY_TYPES), help="comma separated: gemeente, zorgkantoorregio, provincie (default: these three) or other CBS "
                        "region types such as ggdregio, jeugdregio, veiligheidsregio, arbeidsmarktregio")
    f.add_argument("--base-url", type=opt.base_url, default=DEFAULT_BASE_URL, help=f"default {DEFAULT_BASE_URL}")
    f.add_argument("--dest", type=_dest_dir, default=DEFAULT_DIR, help="default data/boundaries")
    f.add_argument("--deadline", type=float, default=None, help="seconds one file may take in all (default 600)")
    f.add_argument("--no-mutations", dest="mutations", action="store_false", help="do not try gemeente_mutaties.csv")
    f.add_argument("--quiet", action="store_true", help="no progress bar")
    f.set_defaults(func=cmd_fetch)
    ls = b.add_parser("list", help="show which types and years are available locally")
    ls.add_argument("--dir", type=Path, default=None, help="boundaries directory (default: $SAMENWERKINGSKAART_BOUNDARIES or data/boundaries)")
    ls.set_defaults(func=cmd_list)

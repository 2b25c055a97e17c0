"""``cli.py demo``: the synthetic demonstration inventory (seeded, so the same file every time)."""
from __future__ import annotations

import argparse

from commands import options as opt

HELP = "generate the synthetic demonstration inventory"


def cmd_demo(args: argparse.Namespace) -> int:
    from inventory.demo import DEMO_FILE_2025, generate, generate_2025, write_demo

    path = write_demo(generate(n=args.n, seed=args.seed), args.out)
    print(f"demonstratie-inventaris 2017 ({args.n} projecten, seed {args.seed}): {path}")
    if args.with_2025:
        print(f"demonstratie-inventaris 2025: {write_demo(generate_2025(), DEMO_FILE_2025)}")
    return 0


def add_parser(sub) -> None:
    from inventory.demo import DEFAULT_N, DEFAULT_SEED, DEMO_FILE

    d = sub.add_parser("demo", help=HELP)
    d.add_argument("--n", type=int, default=DEFAULT_N)
    d.add_argument("--seed", type=int, default=DEFAULT_SEED)
    d.add_argument("--out", type=opt.out_path(".csv"), default=DEMO_FILE)
    d.add_argument("--with-2025", action="store_true", help="also write the later demo inventory (2025) for the change view")
    d.set_defaults(func=cmd_demo)

"""``cli.py assets install``: Leaflet and its plugins from the npm registry, checked against the lock."""
from __future__ import annotations

import argparse

from commands import options as opt

HELP = "local Leaflet files"


def cmd_install(args: argparse.Namespace) -> int:
    from layers.assets import install_assets

    copied = install_assets(registry=args.registry, force=args.force)
    if not args.quiet:
        print(f"{len(copied)} Leaflet-bestanden geïnstalleerd in static/vendor (hashes gecontroleerd)" if copied
              else "static/vendor is al actueel (package-lock.json)")
    return 0


def add_parser(sub) -> None:
    a = sub.add_parser("assets", help=HELP).add_subparsers(dest="action", required=True)
    i = a.add_parser("install", help="download Leaflet (package-lock.json) from the npm registry, verify its hashes, "
                                       "unpack into static/vendor; no Node.js needed")
    i.add_argument("--quiet", action="store_true")
    i.add_argument("--registry", type=opt.base_url, help="npm registry or mirror base URL (default: the lock's URLs, registry.npmjs.org)")
    i.add_argument("--force", action="store_true", help="download again even when static/vendor is up to date")
    i.set_defaults(func=cmd_install)

"""``cli.py validate FILE``: check an inventory (and translate it to a later year's municipalities).

Exit 0 when every row was accepted, 1 when some were rejected, 2 when the file is unusable.
"""
from __future__ import annotations

import argparse
from pathlib import Path

from commands.base import about_file
from commands import options as opt

HELP = "check an inventory (CSV/XLSX); exit 0 all accepted, 1 some rejected, 2 unreadable"


def cmd_validate(args: argparse.Namespace) -> int:
    import json

    from tabular.text import one_line
    from inventory.validate import validate_file

    shares = None
    if args.to_year and args.split_shares:  # read first: an unusable shares file means nothing is done
        from geo.crosswalk import read_share_table

        with about_file(args.split_shares):
            shares = read_share_table(args.split_shares)
    result = validate_file(args.file, year=args.year, sheet=args.sheet, max_bytes=args.max_bytes, max_rows=args.max_rows)
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

        accepted, report = translate_inventory(result.accepted, args.to_year, min_share=args.min_share, shares=shares)
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


def _share(value: str) -> float:
    try:
        share = float(value.rstrip("%").replace(",", ".")) / (100 if value.endswith("%") else 1)
    except ValueError:
        raise argparse.ArgumentTypeError("a share such as 0.1 or 10%") from None
    if not 0 < share <= 1:
        raise argparse.ArgumentTypeError("a share between 0 and 1 (or 0% and 100%)")
    return share


def add_parser(sub) -> None:
    from tabular.read import DEFAULT_MAX_BYTES, DEFAULT_MAX_ROWS

    v = sub.add_parser("validate", help=HELP)
    v.add_argument("file", type=Path)
    v.add_argument("--year", type=opt.year, default=2017, help="inventory year when the file has no jaar column (default 2017)")
    v.add_argument("--sheet", default=None, help="XLSX sheet name (default: the first)")
    v.add_argument("--report", type=opt.out_path(".json"), help="write the JSON report here (.json)")
    v.add_argument("--out", type=opt.out_path(".csv", ".xlsx"), help="write the accepted rows here (.csv or .xlsx)")
    v.add_argument("--show", type=int, default=20, help="rejections to print (default 20)")
    v.add_argument("--to-year", type=opt.year, help="translate accepted rows to this later year's municipalities (merger crosswalk)")
    v.add_argument("--translation-report", type=opt.out_path(".csv", ".xlsx"), help="with --to-year: every translated code (.csv/.xlsx)")
    v.add_argument("--min-share", type=_share, default=0.10,
                   help="with --to-year: a divided municipality's project goes to every successor with at least this "
                        "share of it (default 0.10 = 10%%)")
    v.add_argument("--split-shares", type=Path, help="with --to-year: sourced successor shares of divided municipalities "
                                                     "(oude_code, nieuwe_code, aandeel, bron); default: by area")
    v.add_argument("--max-bytes", type=int, default=DEFAULT_MAX_BYTES)
    v.add_argument("--max-rows", type=int, default=DEFAULT_MAX_ROWS)
    v.set_defaults(func=cmd_validate, needs_boundaries=True)

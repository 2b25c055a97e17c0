"""``python cli.py store ...``: versions of the datasets and publishing (the store package keeps no CLI code).

Exit codes as ``validate``: 0 done, 1 done but rows were rejected, 2 nothing done (unusable file,
unknown version, database unreachable). Errors are one Dutch line on stderr (:func:`commands.base.run`).
"""
from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from commands import options as opt
from commands.base import CommandError

if TYPE_CHECKING:
    from store.versions import Version

HELP = "published data: versions, publishing, differences (database: $SAMENWERKINGSKAART_DATABASE_URL)"


def cmd_store(args) -> int:
    """Run ``store <args.action>`` on the database of ``--database`` (else the environment's); a database
    the driver cannot use gets its URL (without the password) in the error line."""
    import sqlalchemy as sa

    import store

    try:
        return COMMANDS[args.action](args, store.get_engine(args.database))
    except sa.exc.DBAPIError as exc:  # e.g. --database names a file that is not a database
        from dutch_errors import database_reason

        raise CommandError(f"database niet te gebruiken ({store.describe(store.database_url(args.database))}): "
                           f"{database_reason(exc)}") from exc


def _out(text: object) -> str:
    """Stored text (file name, note, who) as printed: one line, no terminal control characters, even
    when it was stored before they were removed on import."""
    from tabular.text import one_line

    return one_line(text)


def _check_out(path) -> None:
    if path is not None and path.suffix.lower() not in (".csv", ".xlsx"):
        raise ValueError(f"{path}: kies een bestandsnaam op .csv of .xlsx")


def _when(v: Version) -> str:
    return v.created_at.astimezone().strftime("%Y-%m-%d %H:%M")


def cmd_import(args, engine) -> int:
    import store

    out, result = store.import_file(engine, args.file, args.kind, year=args.year, note=args.note or "", publish=args.publish)
    v = out.version
    print(result.summary())
    for r in result.rejections.head(args.show).itertuples():
        print(f"  rij {r.rij}: {getattr(r, 'veld', 'gemeente')}={getattr(r, 'waarde', getattr(r, 'gemeente', ''))!r}: {_out(r.reden)}")
    if out.created:
        print(f"{v.label} opgeslagen: {v.kind}, {v.rows_accepted} rijen, {v.rows_rejected} afgewezen, jaar {v.year}")
    else:
        print(f"identiek aan {v.label} (zelfde SHA-256 {v.sha256[:12]}…): niets opgeslagen")
    if args.publish:
        was = f"was versie {out.previous}" if out.previous else "daarvoor was niets gepubliceerd"
        print(f"gepubliceerd: versie {v.id} ({was})" if out.previous != v.id else f"versie {v.id} was al gepubliceerd")
    return 1 if v.rows_rejected else 0


def cmd_list(args, engine) -> int:
    import store

    rows = store.list_versions(engine, args.kind)
    if not rows:
        print(f"nog geen versies{' van ' + args.kind if args.kind else ''} in {store.describe(engine)}")
        return 0
    print(f"{'versie':>7}  {'soort':<10} {'jaar':>4} {'rijen':>6} {'afgew.':>6}  {'datum':<16}  {'door':<16} bestand; notitie")
    for v in rows:
        mark = "*" if v.published else " "
        note = f"; {_out(v.note)}" if v.note else ""
        print(f"{mark}{v.id:>6}  {v.kind:<10} {v.year or '':>4} {v.rows_accepted:>6} {v.rows_rejected:>6}  {_when(v):<16}  "
              f"{_out(v.created_by)[:16]:<16} {_out(v.source)}{note}")
    print("* = gepubliceerd")
    return 0


def cmd_show(args, engine) -> int:
    import store

    v = store.get_version(engine, args.version)
    rep = store.report(engine, v.id)
    print(f"versie {v.id}: {store.get_kind(v.kind).label}{' (gepubliceerd)' if v.published else ''}")
    for label, value in (("bestand", v.source), ("sha256", v.sha256), ("jaar", v.year), ("door", v.created_by),
                         ("op", _when(v)), ("notitie", v.note), ("rijen gelezen", v.rows_read),
                         ("geaccepteerd", v.rows_accepted), ("afgewezen", v.rows_rejected)):
        print(f"  {label:<14} {_out(value) if value not in (None, '') else '-'}")
    if rep["meta"].get("regio_versie"):
        print(f"  {'regio-indeling':<14} versie {rep['meta']['regio_versie']}")
    for w in rep["rapport"].get("warnings", []):
        print(f"  let op: {_out(w)}")
    rejections = rep["rapport"].get("rejections", [])
    for r in rejections[:args.show]:
        what = f"{r.get('veld', 'gemeente')}={r.get('waarde', r.get('gemeente', ''))!r}"
        print(f"  rij {r['rij']}: {_out(what)}: {_out(r['reden'])}")
    if len(rejections) > args.show:
        print(f"  ... en nog {len(rejections) - args.show} afwijzingen")
    return 0


def cmd_publish(args, engine) -> int:
    import store

    v, prev = store.publish_version(engine, args.version)
    if prev == v.id:
        print(f"versie {v.id} ({v.kind}) was al gepubliceerd")
    else:
        print(f"gepubliceerd: versie {v.id} ({v.kind}, {_out(v.source)}); {'was versie ' + str(prev) if prev else 'daarvoor was niets gepubliceerd'}")
    return 0


def cmd_diff(args, engine) -> int:
    import store

    _check_out(args.out)
    a, b = store.get_version(engine, args.a), store.get_version(engine, args.b)
    if a.kind != b.kind:
        raise store.StoreError(f"versie {a.id} ({a.kind}) en versie {b.id} ({b.kind}) zijn niet van dezelfde soort")
    d = store.diff_results(a.kind, store.load(engine, a.id), store.load(engine, b.id))
    print(f"versie {a.id} -> versie {b.id}: {store.diff_summary(d)}")
    for r in d.head(args.show).itertuples():
        change = f" {r.veld}: {r.oud!r} -> {r.nieuw!r}" if r.veld else ""
        print(f"  {r.wijziging:<10} {_out(r.sleutel)} {_out(r.naam)}{_out(change)}")
    if len(d) > args.show:
        print(f"  ... en nog {len(d) - args.show} regels{' (zie ' + str(args.out) + ')' if args.out else ' (--out F.csv)'}")
    if args.out:
        from export.tables import write_table

        write_table(d, args.out)
        print(f"verschillen: {args.out}")
    return 0


def cmd_export(args, engine) -> int:
    import store
    from export.tables import write_table

    _check_out(args.out)
    v = store.get_version(engine, args.version)
    write_table(store.export_frame(v.kind, store.load(engine, v.id)), args.out)
    print(f"versie {v.id} ({v.kind}, {v.rows_accepted} rijen, weer in te lezen): {args.out}")
    return 0


COMMANDS = {"import": cmd_import, "list": cmd_list, "show": cmd_show, "publish": cmd_publish, "diff": cmd_diff,
            "export": cmd_export}


def _note(value: str) -> str:
    """argparse type: a version's note, capped as the app's Beheer field is (store.MAX_NOTE_CHARS)."""
    from tabular.text import one_line
    from store.versions import MAX_NOTE_CHARS

    if len(value) > MAX_NOTE_CHARS:
        raise argparse.ArgumentTypeError(f"de notitie is {len(value):,} tekens; maximaal {MAX_NOTE_CHARS}")
    return one_line(value)


def add_parser(sub) -> None:
    """``store``: versions of every registered dataset kind; publishing."""
    import datasets  # noqa: F401 (registers the kinds: --kind offers them)
    from store import registered_kinds
    from store.versions import MAX_NOTE_CHARS

    s = sub.add_parser("store", help=HELP)
    s.add_argument("--database", help="database URL (default $SAMENWERKINGSKAART_DATABASE_URL, else data/store/samenwerkingskaart.sqlite)")
    a = s.add_subparsers(dest="action", required=True)
    p = a.add_parser("import", help="validate a file and store it as a new version; exit 1 when rows were rejected")
    p.add_argument("file", type=Path)
    p.add_argument("--kind", choices=list(registered_kinds()), default="inventaris",
                   help="; ".join(f"{k.name}: {k.label}" for k in registered_kinds().values()) + " (default inventaris)")
    p.add_argument("--year", type=opt.year, default=2017, help="inventory year when the file has no jaar column; boundary year of a region set")
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
    p.add_argument("--out", type=opt.out_path(".csv", ".xlsx"), help="all differences as .csv or .xlsx")
    p.add_argument("--show", type=int, default=20, help="differences to print")
    p = a.add_parser("export", help="version N as a file that reads back in (same format as validate --out)")
    p.add_argument("version", type=int, metavar="N")
    p.add_argument("--out", type=opt.out_path(".csv", ".xlsx"), required=True, help=".csv or .xlsx")
    for p in a.choices.values():
        p.set_defaults(func=cmd_store)

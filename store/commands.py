"""``python cli.py store ...``: the command functions (cli.py only wires the parser to them).

Exit codes as ``validate``: 0 done, 1 done but rows were rejected, 2 nothing done (unusable file,
unknown version, database unreachable). Errors are one Dutch line on stderr.
"""
from __future__ import annotations

import sys

import store
from dutch_errors import database_reason, error_line
from tabular.text import one_line
from store.versions import Version


def _err(msg: str) -> int:
    print(f"fout: {one_line(msg)}", file=sys.stderr)
    return 2


def run(args) -> int:
    """Run ``store <args.action>``; the store's, the reader's, the writer's and the database's errors
    become one Dutch line and exit 2."""
    import sqlalchemy as sa

    from geo.boundaries import BoundaryError
    from tabular.read import ReadError

    try:
        return COMMANDS[args.action](args, store.get_engine(args.database))
    except (store.StoreError, ReadError, BoundaryError, ValueError, OSError) as exc:
        return _err(error_line(exc))
    except sa.exc.DBAPIError as exc:  # e.g. --database names a file that is not a database
        return _err(f"database niet te gebruiken ({store.describe(store.database_url(args.database))}): "
                    f"{database_reason(exc)}")


def _out(text: object) -> str:
    """Stored text (file name, note, who) as printed: one line, no terminal control characters, even
    when it was stored before they were removed on import."""
    return one_line(text)


def _check_out(path) -> None:
    if path is not None and path.suffix.lower() not in (".csv", ".xlsx"):
        raise ValueError(f"{path}: kies een bestandsnaam op .csv of .xlsx")


def _when(v: Version) -> str:
    return v.created_at.astimezone().strftime("%Y-%m-%d %H:%M")


def cmd_import(args, engine) -> int:
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
    v, prev = store.publish_version(engine, args.version)
    if prev == v.id:
        print(f"versie {v.id} ({v.kind}) was al gepubliceerd")
    else:
        print(f"gepubliceerd: versie {v.id} ({v.kind}, {_out(v.source)}); {'was versie ' + str(prev) if prev else 'daarvoor was niets gepubliceerd'}")
    return 0


def cmd_diff(args, engine) -> int:
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
    from export.tables import write_table

    _check_out(args.out)
    v = store.get_version(engine, args.version)
    write_table(store.export_frame(v.kind, store.load(engine, v.id)), args.out)
    print(f"versie {v.id} ({v.kind}, {v.rows_accepted} rijen, weer in te lezen): {args.out}")
    return 0


COMMANDS = {"import": cmd_import, "list": cmd_list, "show": cmd_show, "publish": cmd_publish, "diff": cmd_diff,
            "export": cmd_export}

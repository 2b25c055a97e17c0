"""What every command shares: the Dutch argparse parser and the one place where errors become a line.

Exit codes: 0 done; 1 done, but rows were rejected or something is missing (``validate``, ``regions
validate``, ``store import``, ``boundaries list``); 2 nothing done: a mistake on the command line, an
unreadable file, no boundary files, no network or database (one Dutch line ``fout: ...`` on stderr,
never a traceback); 130 interrupted (Ctrl-C).
"""
from __future__ import annotations

import argparse
import re
import sys
from contextlib import contextmanager
from typing import Iterator

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


class Parser(argparse.ArgumentParser):
    """argparse with a one-line Dutch error (exit 2): no usage block in front of the message."""

    def error(self, message: str):
        for pattern, dutch in _ARGPARSE_NL:
            message = pattern.sub(dutch, message)
        self.exit(2, f"{self.prog}: fout: {message} (zie --help)\n")


class CommandError(Exception):
    """A command's own failure, raised with one Dutch line: :func:`run` prints it as ``fout: ...``, exit 2."""


def _user_errors() -> tuple[type[BaseException], ...]:
    """What a person can cause and fix (a file, a directory, the network, the database, a value): one line.
    Anything else is a bug and keeps its traceback. Imported here, when needed, not for ``--help``."""
    import store
    from geo.boundaries import BoundaryError
    from geo.fetch import FetchError
    from tabular.read import ReadError
    from layers.assets import AssetsMissing
    from layers.npm import PackageError

    return (CommandError, BoundaryError, FetchError, ReadError, AssetsMissing, PackageError, store.StoreError,
            ValueError, OSError)  # ValueError includes UnicodeDecodeError


def error_message(exc: BaseException, path: object = None) -> str:
    """``exc`` as the one line after ``fout: ``: Dutch for what the OS, the network or a library said
    (``dutch_errors``), without line breaks or terminal control characters (messages quote file names)."""
    from dutch_errors import error_line
    from tabular.text import one_line

    return one_line(error_line(exc, path))


@contextmanager
def about_file(path: object) -> Iterator[None]:
    """Name ``path`` in the error line of what goes wrong inside (for readers whose errors do not name it):
    context only, the error still ends in :func:`run`."""
    try:
        yield
    except (OSError, ValueError) as exc:
        raise CommandError(error_message(exc, path)) from exc


def run(args: argparse.Namespace) -> int:
    """Run the parsed command ``args.func(args)`` and return its exit code; every failure a person can
    fix becomes one Dutch line on stderr and exit 2. A command that needs the boundary files
    (``needs_boundaries``) stops before it starts when there are none: one error, not one per row."""
    import datasets  # noqa: F401 (every dataset kind registered, as in the app; here, not for --help)

    try:
        if getattr(args, "needs_boundaries", False):
            from geo.boundaries import require_boundaries

            require_boundaries()
        return args.func(args)
    except KeyboardInterrupt:
        print("afgebroken", file=sys.stderr)
        return 130
    except Exception as exc:
        if not isinstance(exc, _user_errors()):
            raise
        print(f"fout: {error_message(exc)}", file=sys.stderr)
        return 2

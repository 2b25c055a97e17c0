#!/usr/bin/env python3
"""The command line's entry (``python cli.py ...``): builds the parser from the command groups in
``commands/`` (one module per group, listed in ``commands.GROUPS``) and runs the chosen command through
the one error wrapper, ``commands.base.run``.

Only the chosen group's parser is built (the others are listed by their help line), so ``--help`` and
every command import only the libraries they use.
"""
from __future__ import annotations

import argparse
import importlib
import sys
from typing import Iterable

from commands import GROUPS
from commands.base import Parser, run

#: the top-level ``--help`` text
DESCRIPTION = """Samenwerkingskaart command line: boundaries, assets, inventory validation, demo data.

Every command has --help. Errors print one line and exit non-zero, never a traceback.
"""


def build_parser(groups: Iterable[str] | None = None) -> argparse.ArgumentParser:
    """The parser of every command; with ``groups``, only those groups get their commands and options
    and the others only their line in ``--help`` (a group module without ``HELP`` is always built)."""
    parser = Parser(prog="cli.py", description=DESCRIPTION)
    sub = parser.add_subparsers(dest="command", required=True)
    for name, module_name in GROUPS.items():
        module = importlib.import_module(module_name)
        if groups is None or name in groups or not hasattr(module, "HELP"):
            module.add_parser(sub)
        else:
            sub.add_parser(name, help=module.HELP)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run ``cli.py`` with ``argv`` (default: the process's arguments) and return the exit code."""
    argv = sys.argv[1:] if argv is None else list(argv)
    try:
        args = build_parser(argv[:1]).parse_args(argv)
    except SystemExit as exc:  # argparse has printed its one line (or --help); in-process callers get the code
        return exc.code if isinstance(exc.code, int) else 2
    return run(args)


if __name__ == "__main__":
    sys.exit(main())

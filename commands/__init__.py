"""The command groups of ``python cli.py``: one module per group, listed in :data:`GROUPS`.

A group module has ``add_parser(subparsers)``, which adds the group's parser and its commands (each
command sets ``func``: a function that takes the parsed arguments and returns the exit code), and
``HELP``, the group's line in ``cli.py --help``. Its module-level imports stay light (the standard
library and :mod:`commands.base`): ``cli.py`` imports every group module to list them, but builds
only the chosen group's parser, so that ``--help`` and each command import only what they use.

Every command runs through :func:`commands.base.run`, the one place where errors become a Dutch line
(``fout: ...`` on stderr, exit 2). A command raises; it prints an error itself never (it may catch an
error to add context, such as the file or the database it concerns, and raise it again).

A new group (``uitvraag``, ``site``) is one module with ``add_parser`` (and ``HELP``) plus one line in
:data:`GROUPS`; the package is called ``commands`` since a package ``cli`` would shadow ``cli.py``.
"""
from __future__ import annotations

#: group name -> module, in the order ``cli.py --help`` lists them
GROUPS: dict[str, str] = {
    "boundaries": "commands.boundaries",
    "assets": "commands.assets",
    "validate": "commands.validate",
    "gaps": "commands.gaps",
    "export": "commands.export",
    "regions": "commands.regions",
    "ratings": "commands.ratings",
    "store": "commands.store",
    "demo": "commands.demo",
}

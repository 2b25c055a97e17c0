"""``python cli.py ...`` in this process: ``cli.main`` with the output captured (pytest's ``capsys``).

A subprocess imports geopandas, matplotlib and folium again (3-20 s per call); this call shares the
test process's imports and caches. The result has the names of ``subprocess.CompletedProcess``, so a
test reads the same either way. Relative paths are read from the repository root, as the subprocess
tests ran there. Only what a process alone shows (its exit status, the ``__main__`` entry) is tested
with a subprocess (``tests/test_cli_commands.py``).
"""
from __future__ import annotations

import contextlib
from dataclasses import dataclass

from geo.config import REPO_ROOT


@dataclass
class CliResult:
    returncode: int
    stdout: str
    stderr: str


def run_cli(capsys, *args: object, cwd=REPO_ROOT) -> CliResult:
    """``cli.main(args)`` run in ``cwd``; what it printed to stdout and stderr, and its exit code."""
    import cli

    capsys.readouterr()  # what the test printed before is not the command's
    with contextlib.chdir(cwd):
        code = cli.main([str(a) for a in args])
    out = capsys.readouterr()
    return CliResult(code, out.out, out.err)

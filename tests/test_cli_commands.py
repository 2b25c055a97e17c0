"""The CLI package: every group registered and helpful, errors printed in one place, a fast ``--help``.

Most tests call ``cli.main`` in this process; the few subprocess tests here show what only a process
shows: ``--help`` from the shell (and what it imports), the exit status and stdout/stderr kept apart.
"""
from __future__ import annotations

import argparse
import ast
import errno
import subprocess
import sys

import pytest

import cli
from commands import GROUPS
from commands.base import CommandError, run
from geo.config import REPO_ROOT
from tests.cli_run import run_cli

#: libraries that take seconds to import: ``cli.py --help`` needs none of them
HEAVY = ("pandas", "geopandas", "pyogrio", "shapely", "sqlalchemy", "matplotlib", "folium", "numpy", "openpyxl")


def _commands(parser: argparse.ArgumentParser, path: tuple[str, ...] = ()):
    """(path, parser) of the top level, every group and every command, depth first."""
    yield path, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from _commands(sub, (*path, name))


ALL = list(_commands(cli.build_parser()))


def test_every_group_is_registered_and_every_command_has_a_function():
    top = next(a for a in cli.build_parser()._actions if isinstance(a, argparse._SubParsersAction))
    assert list(top.choices) == list(GROUPS)
    leaves = [(path, p) for path, p in ALL if not any(isinstance(a, argparse._SubParsersAction) for a in p._actions)]
    assert len(leaves) >= 20  # boundaries 2, assets 1, validate, gaps, export 5, regions 2, ratings 2, store 6, demo
    parsers = dict(ALL)

    def func(path):  # the command's own default, else its group's (export sets it once for its five kinds)
        return next((parsers[path[:i]].get_default("func") for i in range(len(path), 0, -1)
                     if parsers[path[:i]].get_default("func")), None)
    assert all(callable(func(path)) for path, _ in leaves), [path for path, _ in leaves if not func(path)]


@pytest.mark.parametrize("path", [" ".join(path) for path, _ in ALL], ids=lambda p: p or "cli.py")
def test_help_on_every_command_and_group(path, capsys):
    res = run_cli(capsys, *path.split(), "--help")
    assert res.returncode == 0 and res.stderr == "", res.stderr
    assert res.stdout.startswith(f"usage: cli.py {path}".rstrip()), res.stdout[:200]


def test_a_group_built_alone_reads_as_when_all_are_built():
    """``cli.py`` builds only the chosen group; the others are listed by their ``HELP``, which must be the
    line their ``add_parser`` gives (else ``--help`` would change with what was typed after it)."""
    assert cli.build_parser([]).format_help() == cli.build_parser().format_help()
    for name in GROUPS:
        alone = cli.build_parser([name])
        assert alone.format_help() == cli.build_parser().format_help()
        sub = next(a for a in alone._actions if isinstance(a, argparse._SubParsersAction)).choices[name]
        assert sub.format_help() == dict(ALL)[(name,)].format_help()


def test_help_from_the_shell_lists_every_group_and_imports_no_heavy_library():
    """``python cli.py --help`` took 1.7 s (geopandas, sqlalchemy and matplotlib imported to list options);
    now the chosen group alone is built."""
    proc = subprocess.run([sys.executable, "-X", "importtime", "cli.py", "--help"], cwd=REPO_ROOT, capture_output=True,
                          text=True, timeout=60)
    assert proc.returncode == 0 and proc.stdout.startswith("usage: cli.py"), proc.stderr[-2000:]
    assert all(f"    {name}" in proc.stdout for name in GROUPS), proc.stdout
    imported = {line.rsplit("|", 1)[-1].strip() for line in proc.stderr.splitlines() if line.startswith("import time:")}
    assert not imported & set(HEAVY), sorted(imported & set(HEAVY))


def test_a_process_keeps_its_output_on_stdout_and_the_hint_on_stderr(tmp_path):
    """Exit status 1 of ``python cli.py`` (run through its ``__main__`` entry): the listing goes to stdout,
    the hint about what to do to stderr."""
    proc = subprocess.run([sys.executable, "cli.py", "boundaries", "list", "--dir", str(tmp_path)], cwd=REPO_ROOT,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1, proc.stderr
    assert proc.stdout == f"boundaries directory: {tmp_path}\n"
    assert proc.stderr.startswith("Geen grenzenbestanden gevonden") and "Traceback" not in proc.stderr


# -- the one error wrapper ------------------------------------------------------------------------------

def _run(capsys, exc: BaseException):
    def func(args):
        raise exc
    code = run(argparse.Namespace(func=func))
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.mark.parametrize("exc,line", [
    (CommandError("geen regio gevonden voor 'x'"), "fout: geen regio gevonden voor 'x'\n"),
    (FileNotFoundError(errno.ENOENT, "No such file or directory", "/tmp/x.csv"), "fout: /tmp/x.csv: bestand of map bestaat niet\n"),
    (ValueError("onbekend filter kleur\nTraceback-achtige tweede regel"), "fout: onbekend filter kleur\n"),
    (CommandError("bestand in\x1b[2J\tmap\u202e"), "fout: bestand in[2J map\n"),
    (UnicodeDecodeError("utf-8", b"\xff", 0, 1, "invalid start byte"),
     "fout: geen leesbare tekst (UTF-8, byte 1); is het een binair bestand? Sla het op als CSV UTF-8\n"),
])
def test_the_wrapper_prints_one_dutch_line_and_exits_2(capsys, exc, line):
    code, out, err = _run(capsys, exc)
    assert (code, out, err) == (2, "", line)


def test_the_wrapper_knows_the_errors_of_every_floor(capsys):
    import store
    from geo.boundaries import BoundaryError, MissingBoundaries
    from geo.fetch import FetchError
    from tabular.read import ReadError
    from layers.assets import AssetsMissing

    for kind in (BoundaryError, MissingBoundaries, FetchError, ReadError, AssetsMissing, store.StoreError):
        assert _run(capsys, kind("in het Nederlands")) == (2, "", "fout: in het Nederlands\n"), kind


def test_a_bug_keeps_its_traceback_and_ctrl_c_is_130(capsys):
    with pytest.raises(KeyError):
        _run(capsys, KeyError("gemeente_code"))
    assert _run(capsys, KeyboardInterrupt()) == (130, "", "afgebroken\n")


def test_no_command_prints_an_error_itself():
    """Commands raise; ``commands/base.py`` prints. A handler in a command module only adds context and
    raises again, and no command module writes ``fout:`` itself."""
    offenders = []
    for path in sorted((REPO_ROOT / "commands").glob("*.py")):
        if path.name == "base.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ExceptHandler) and not any(isinstance(n, ast.Raise) for n in ast.walk(node)):
                offenders.append(f"{path.name}:{node.lineno}: except without raise")
            if isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", "")) in ("print", "write") \
                    and "fout" in ast.unparse(node):
                offenders.append(f"{path.name}:{node.lineno}: prints 'fout'")
    assert not offenders, offenders

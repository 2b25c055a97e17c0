"""Every import points down the floors (README, *Architecture*): read from the source, lazy imports
inside functions included, so a reach upwards fails here and not months later as a tangle."""
from __future__ import annotations

import ast
import re
from functools import cache
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]

#: bottom first; a package may import its own floor and the floors below (without a cycle between
#: packages), never a floor above. Names that do not exist yet are the places kept for them.
FLOORS: list[tuple[str, set[str]]] = [
    ("ground", {"dutch_errors", "tabular", "store", "web"}),  # no domain: tables, storage, HTTP, messages
    ("geo", {"geo"}),
    ("inventory", {"inventory"}),
    ("analysis", {"analysis"}),
    ("layers", {"layers"}),
    ("export", {"export"}),
    ("viewstate", {"viewstate"}),
    ("features", {"uitvraag", "site", "pagemodel"}),
    ("datasets", {"datasets"}),  # imports every dataset kind's registration
    ("entry", {"ui", "commands", "cli", "app", "server"}),  # Streamlit and the command line
]
FLOOR = {name: i for i, (_, names) in enumerate(FLOORS) for name in names}
ENTRY = FLOOR["ui"]
#: files that break a rule for a reason that will go; an entry whose file is gone fails (remove it then)
EXEMPT: dict[str, str] = {}
NOT_CODE = {"tests", "bench", "data", "docs", "static", "node_modules"}


def _units() -> dict[str, list[Path]]:
    """Top-level packages and modules of the project -> their Python files."""
    units: dict[str, list[Path]] = {}
    for path in sorted(REPO.iterdir()):
        if path.name.startswith(".") or path.name in NOT_CODE:
            continue
        if path.is_dir() and (path / "__init__.py").exists():
            units[path.name] = sorted(p for p in path.rglob("*.py") if "__pycache__" not in p.parts)
        elif path.suffix == ".py":
            units[path.stem] = [path]
    return units


def _imported(tree: ast.AST) -> list[tuple[str, int]]:
    """Every absolute module name imported anywhere in ``tree`` (functions, ``if TYPE_CHECKING``,
    ``importlib.import_module("...")`` with a literal name), with its line."""
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            out.append((node.module, node.lineno))
        elif (isinstance(node, ast.Call) and getattr(node.func, "attr", getattr(node.func, "id", None)) == "import_module"
              and node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
            out.append((node.args[0].value, node.lineno))
    return out


@cache
def _edges() -> list[tuple[str, str, str, int]]:
    """(importing unit, imported unit or third-party top name, file, line) for every import."""
    edges = []
    for unit, files in _units().items():
        for f in files:
            for name, line in _imported(ast.parse(f.read_text(encoding="utf-8"), str(f))):
                edges.append((unit, name.split(".")[0], f.relative_to(REPO).as_posix(), line))
    return edges


def _project_edges() -> list[tuple[str, str, str, int]]:
    units = _units()
    return [(a, b, f, line) for a, b, f, line in _edges() if b in units and b != a and f not in EXEMPT]


def test_every_package_has_a_floor():
    unplaced = sorted(set(_units()) - set(FLOOR))
    assert not unplaced, f"put these on a floor in FLOORS and in the README's Architecture section: {unplaced}"


def test_imports_point_down():
    up = [f"{f}:{line} ({a}, floor {FLOORS[FLOOR[a]][0]}) imports {b} (floor {FLOORS[FLOOR[b]][0]})"
          for a, b, f, line in _project_edges() if a in FLOOR and b in FLOOR and FLOOR[b] > FLOOR[a]]
    assert not up, "imports that point up:\n" + "\n".join(up)


def test_no_cycles_between_packages():
    graph: dict[str, set[str]] = {}
    for a, b, _, _ in _project_edges():
        graph.setdefault(a, set()).add(b)
    cycles = [c for c in _strongly_connected(graph) if len(c) > 1]
    assert not cycles, f"packages that import each other: {cycles}"


def _strongly_connected(graph: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's algorithm (recursive: the graph has a few dozen nodes)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            out.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def test_nothing_below_the_entry_floor_imports_streamlit():
    found = [f"{f}:{line} imports {b}" for a, b, f, line in _edges()
             if b.startswith("streamlit") and FLOOR.get(a, ENTRY) < ENTRY and f not in EXEMPT]
    assert not found, "\n".join(found)


def test_the_store_imports_no_domain_package():
    domain = {u for u in _units() if FLOOR.get(u, 0) > FLOOR["store"]}
    found = [f"{f}:{line} imports {b}" for a, b, f, line in _edges() if a == "store" and b in domain and f not in EXEMPT]
    assert not found, "\n".join(found)


def test_exemptions_are_still_needed():
    gone = [f for f in EXEMPT if not (REPO / f).exists()]
    assert not gone, f"remove from EXEMPT (the file moved or went): {gone}"


def _registers_a_kind(path: Path) -> bool:
    """The module calls ``register(...)``/``store.register(...)`` at its top level."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name == "register" and any(isinstance(a, ast.Call) and getattr(a.func, "attr", getattr(a.func, "id", ""))
                                          == "Kind" for a in node.args):
                return True
    return False


def test_datasets_imports_every_registered_kind():
    """The app, the CLI, the tests and the benchmarks see the kinds ``datasets`` imports: a kind that
    registers itself elsewhere and is missing there would exist in one process and not in another."""
    registering = {f.relative_to(REPO).with_suffix("").as_posix().replace("/", ".")
                   for files in _units().values() for f in files if f.name != "kinds.py" and _registers_a_kind(f)}
    tree = ast.parse((REPO / "datasets.py").read_text(encoding="utf-8"))
    imported = {name for name, _ in _imported(tree)}
    imported |= {f"{n.module}.{a.name}" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module
                 for a in n.names}
    assert registering, "no module registers a dataset kind"
    assert registering <= imported, f"datasets.py does not import: {sorted(registering - imported)}"


@pytest.mark.parametrize("entry", [("app.py",), ("cli.py", "commands"), ("tests/conftest.py",), ("bench/bench_store.py",)])
def test_every_entry_imports_datasets(entry):
    """The app, the CLI, the tests and the benchmarks import the registrations themselves, first, so they
    all see the same kinds in the same order (not whichever a page happened to import)."""
    files = [f for name in entry for f in ([REPO / name] if name.endswith(".py") else sorted((REPO / name).glob("*.py")))
             if f.exists()]
    assert any("datasets" in {n for n, _ in _imported(ast.parse(f.read_text(encoding="utf-8")))} for f in files), entry


def test_datasets_registers_the_four_kinds_in_order():
    import store

    assert list(store.registered_kinds())[:4] == ["inventaris", "regio", "venster", "zorgkantoren"]


def test_the_readme_names_every_floor_in_order():
    text = (REPO / "README.md").read_text(encoding="utf-8")
    section = text.split("## Architecture", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if re.match(r"^\s*\d+\s+\S", line)]
    assert len(rows) == len(FLOORS), rows
    for row, (_, names) in zip(reversed(rows), FLOORS):  # the README draws the top floor first
        for name in names:
            assert re.search(rf"(?<![\w/.]){re.escape(name)}(?![\w])", row), (name, row)


def test_the_reader_sees_lazy_and_hidden_imports():
    src = ("import os\ndef f():\n    from analysis.x import y\nif TYPE_CHECKING:\n    import ui.z\n"
           "importlib.import_module('export.w')\nfrom . import near\n")
    assert sorted(name for name, _ in _imported(ast.parse(src))) == ["analysis.x", "export.w", "os", "ui.z"]

"""The library's shape holds: folders by role, imports only downwards, no cycles, small modules.

Read from the source tree with ``ast`` (no import side effects), so a new module that imports
upwards or grows past the limit fails here, with the offending edge or file named.
"""

from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx
import pytest

REPO = Path(__file__).resolve().parents[2]
ENGINE = REPO / "engine"
SHARED = {"models", "errors", "namespaces", "dates"}
LOOSE = SHARED | {"bootstrap"}
# What each part of the engine may import (besides itself). The order is the README's
# "Layout" section: cli and the API on top, the store and the shared modules at the bottom.
ALLOWED: dict[str, set[str]] = {
    "shared": set(),
    "store": {"shared"},
    "law": {"store", "shared"},
    "crosswalks": {"law", "store", "shared"},
    "org": {"law", "store", "shared"},
    "endpoint": {"org", "store", "shared"},
    "analysis": {"org", "crosswalks", "law", "store", "shared"},
    "present": {"analysis", "org", "crosswalks", "law", "store", "shared"},
    "mcp": {"present", "analysis", "org", "crosswalks", "law", "store", "shared"},
    "bootstrap": {"crosswalks", "store", "shared"},
    "cli": {
        "mcp",
        "present",
        "analysis",
        "endpoint",
        "org",
        "crosswalks",
        "law",
        "store",
        "shared",
        "bootstrap",
        "api",
    },
    "api": {
        "present",
        "analysis",
        "endpoint",
        "org",
        "crosswalks",
        "law",
        "store",
        "shared",
        "bootstrap",
    },
}
MAX_LINES = 500
MAX_LOOSE = 6


def _module_name(path: Path) -> str:
    """``aimsgraph.engine.analysis.coverage`` for ``engine/analysis/coverage.py``."""
    relative = path.relative_to(REPO).with_suffix("")
    parts = list(relative.parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(["aimsgraph", *parts])


def _sources() -> dict[str, Path]:
    files = [*ENGINE.rglob("*.py"), *(REPO / "api").rglob("*.py")]
    return {_module_name(p): p for p in files}


def _imports(name: str, path: Path, known: set[str]) -> set[str]:
    """Modules of the package that ``name`` imports (relative imports resolved)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name in known)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                module = ".".join([*base, node.module] if node.module else base)
            else:
                module = node.module or ""
            for alias in node.names:
                candidate = f"{module}.{alias.name}"
                if candidate in known:
                    found.add(candidate)
                elif module in known:
                    found.add(module)
    found.discard(name)
    return found


def _part(module: str) -> str:
    """The role of a module: its engine folder, ``shared``, ``bootstrap``, or ``api``."""
    parts = module.split(".")
    if parts[1] == "api":
        return "api"
    if len(parts) == 2:  # the package itself
        return "shared"
    if parts[2] in SHARED:
        return "shared"
    return parts[2]


@pytest.fixture(scope="module")
def graph() -> nx.DiGraph:
    sources = _sources()
    known = set(sources)
    g = nx.DiGraph()
    for name, path in sources.items():
        g.add_node(name)
        for target in _imports(name, path, known):
            g.add_edge(name, target)
    return g


def test_import_graph_is_read(graph: nx.DiGraph) -> None:
    """Guards the checks below against passing on an empty graph."""
    assert graph.has_edge("aimsgraph.engine.analysis.coverage", "aimsgraph.engine.store")
    assert graph.has_edge("aimsgraph.engine.present.report_xlsx", "aimsgraph.engine.present.report")
    assert graph.number_of_edges() > 100


def test_imports_point_down_the_layers(graph: nx.DiGraph) -> None:
    wrong = [
        f"{a} -> {b}"
        for a, b in graph.edges
        if _part(a) != _part(b) and _part(b) not in ALLOWED[_part(a)]
    ]
    assert wrong == []


def test_no_import_cycles_between_modules(graph: nx.DiGraph) -> None:
    # A package's __init__ re-exporting its own modules is not a cycle of the design.
    edges = [
        (a, b)
        for a, b in graph.edges
        if not (a.endswith(tuple(f".{p}" for p in ALLOWED)) and b.startswith(a + "."))
    ]
    assert list(nx.simple_cycles(nx.DiGraph(edges))) == []


def test_modules_are_small() -> None:
    big = {
        str(p.relative_to(REPO)): n
        for p in _sources().values()
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert big == {}


def test_engine_top_level_holds_only_shared_modules() -> None:
    loose = {p.stem for p in ENGINE.glob("*.py")} - {"__init__"}
    assert loose <= LOOSE
    assert len(loose) <= MAX_LOOSE


def test_every_folder_says_what_it_holds_and_may_import() -> None:
    for folder in ENGINE.iterdir():
        init = folder / "__init__.py"
        if folder.is_dir() and folder.name in ALLOWED:
            docstring = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8")))
            assert docstring, f"{init} has no docstring"

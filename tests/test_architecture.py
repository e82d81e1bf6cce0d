"""The package's shape: subpackages a newcomer can walk, no import cycle, package imports at the top of
files, no function longer than a screen, and every docstring pointing inside the repository."""

from __future__ import annotations

import ast
import re

from analysis.paths import REPO_ROOT

PACKAGE = REPO_ROOT / "analysis"
MAX_LINES = 80
SUBPACKAGES = {"ingest", "nlp", "claims", "events", "book"}


def _modules():
    for path in sorted(PACKAGE.rglob("*.py")):
        name = ".".join(path.relative_to(REPO_ROOT).with_suffix("").parts).removesuffix(".__init__")
        yield name, path, ast.parse(path.read_text(encoding="utf-8"))


def _imports(name: str, tree: ast.Module) -> set[str]:
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("analysis"):
            for alias in node.names:
                full = f"{node.module}.{alias.name}"
                out.add(full if (REPO_ROOT / (full.replace(".", "/") + ".py")).exists() else node.module)
    return out - {name}


def test_the_layout_reads_like_the_method():
    assert SUBPACKAGES <= {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").exists()}
    assert {"cache.py", "pipeline.py", "datafiles.py", "vocabulary.py", "cli.py"} <= {p.name for p in PACKAGE.glob("*.py")}


def test_no_import_cycle():
    graph = {name: _imports(name, tree) for name, _, tree in _modules()}
    state: dict[str, int] = {}

    def visit(node, stack):
        state[node] = 1
        for dep in graph.get(node, ()):
            assert state.get(dep) != 1, " -> ".join([*stack, node, dep])
            if dep not in state:
                visit(dep, [*stack, node])
        state[node] = 2

    for node in graph:
        if node not in state:
            visit(node, [])


def test_package_imports_are_at_the_top_of_files():
    for name, _, tree in _modules():
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                for inner in ast.walk(node):
                    if isinstance(inner, ast.ImportFrom) and (inner.module or "").startswith("analysis"):
                        raise AssertionError(f"{name}.{node.name} imports {inner.module} inside a function")


def test_no_function_is_longer_than_a_screen():
    long = [f"{name}.{n.name} ({n.end_lineno - n.lineno + 1} lines)" for name, _, tree in _modules()
            for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))
            and n.end_lineno - n.lineno + 1 > MAX_LINES]
    assert not long, long


def test_docstrings_point_inside_the_repository():
    outside = re.compile(r"/tmp/|/work/|/home/|contract\.md")
    for name, path, _ in _modules():
        hits = outside.findall(path.read_text(encoding="utf-8"))
        assert not hits, f"{name} points outside the repository: {hits}"

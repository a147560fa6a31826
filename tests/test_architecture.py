"""The package's shape holds: layers point down, no import circles, small modules and functions, a pure core."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).parent.parent / "assess"
MAX_MODULE_LINES = 350
MAX_FUNCTION_LINES = 60
# The outside things only an adapter may touch; the core is pure (STYLE "Shape of the code").
IMPURE = {"sqlite3", "click", "questionary", "prompt_toolkit", "pandas", "weasyprint", "pypdf", "openpyxl", "jinja2",
          "rich", "yaml", "platformdirs", "os", "sys", "shutil", "tempfile", "subprocess", "socket", "time"}


def modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


def imports(path: Path, known: dict[str, Path] | None = None) -> set[str]:
    """Every module `path` imports, at the top or inside a function, type-checking imports included. A
    package counts only where something other than its submodules (`known`) is taken from it."""
    named: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            subs = {f"{node.module}.{alias.name}" for alias in node.names}
            named.update(subs)
            if known is None or not subs <= set(known):
                named.add(node.module)
        elif isinstance(node, ast.Import):
            named.update(alias.name for alias in node.names)
    return named


def import_graph() -> dict[str, set[str]]:
    found = modules()
    return {name: {other for other in imports(path, found) if other in found and other != name}
            for name, path in found.items()}


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for other in graph[node]:
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            group = []
            while True:
                other = stack.pop()
                group.append(other)
                if other == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in graph:
        if node not in index:
            visit(node)
    return found


def test_the_import_graph_has_no_circles():
    assert circles(import_graph()) == []


def test_the_circle_finder_finds_a_circle():
    assert circles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


@pytest.mark.skipif(shutil.which("lint-imports", path=str(Path(sys.executable).parent)) is None,
                    reason="import-linter is in the test dependency group")
def test_layers_point_down_only():
    checked = subprocess.run([str(Path(sys.executable).parent / "lint-imports"), "--no-cache", "pyproject.toml"],
                             cwd=PACKAGE.parent, capture_output=True, text=True)
    assert checked.returncode == 0, checked.stdout[-3000:]
    assert "1 kept, 0 broken" in checked.stdout


def test_the_core_touches_nothing_outside():
    for name, path in modules().items():
        if name.startswith("assess.core"):
            touched = {module.split(".")[0] for module in imports(path)} & IMPURE
            assert not touched, f"{name} imports {sorted(touched)}"


def test_no_module_is_long():
    long = {name: n for name, path in modules().items() if (n := len(path.read_text().splitlines())) > MAX_MODULE_LINES}
    assert long == {}


def test_no_function_is_long():
    long = {}
    for name, path in modules().items():
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                lines = node.end_lineno - node.lineno + 1  # type: ignore[operator]
                if lines > MAX_FUNCTION_LINES:
                    long[f"{name}.{node.name}"] = lines
    assert long == {}

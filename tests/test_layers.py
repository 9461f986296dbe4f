"""The architecture contract of DESIGN.md, computed from the source: the layers point down only,
there is no import cycle, the domain is pure, and only the UI imports Textual."""

from __future__ import annotations

import ast
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

import reviewtui

PACKAGE = Path(reviewtui.__file__).parent
# Pure means: no I/O, no clock, no randomness, no UI. These modules would allow one of those
# (io is allowed: StringIO formats CSV in memory).
NOT_IN_DOMAIN = {
    "os",
    "pathlib",
    "shutil",
    "time",
    "random",
    "secrets",
    "socket",
    "subprocess",
    "tinydb",
    "filelock",
    "platformdirs",
    "textual",
    "rich",
}
NOT_IN_STORE = {"textual", "rich"}
NOT_IN_APPLICATION = {"textual", "rich", "tinydb", "asyncssh"}  # the session as used: no screens, no TinyDB calls
NOT_IN_UI = {"tinydb", "filelock", "asyncssh"}  # screens go through the application layer, never TinyDB
# The SSH server runs no app of its own: each person's reviewtui is a process of its own.
NOT_IN_SERVE = {"textual", "rich", "tinydb"}
OURS_ALLOWED = {
    "domain": {"domain"},
    "store": {"domain", "store"},
    "application": {"domain", "store", "application"},
    "ui": {"domain", "store", "application", "ui"},
    "serve": {"domain", "store", "serve"},
}
"""Which of our own layers each layer may import: downward only (cli.py and shell.py sit on top)."""


def imports_of(folder: Path) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for path in folder.rglob("*.py"):
        names: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module:
                names.add(node.module)
        found[str(path.relative_to(PACKAGE))] = names
    return found


def forbidden(names: set[str], banned: set[str]) -> set[str]:
    return {n for n in names if any(n == b or n.startswith(b + ".") for b in banned)}


@pytest.mark.parametrize(
    ("layer", "banned"),
    [
        ("domain", NOT_IN_DOMAIN),
        ("store", NOT_IN_STORE),
        ("application", NOT_IN_APPLICATION),
        ("ui", NOT_IN_UI),
        ("serve", NOT_IN_SERVE),
    ],
)
def test_layer_imports(layer: str, banned: set[str]) -> None:
    offences = {path: forbidden(names, banned) for path, names in imports_of(PACKAGE / layer).items()}
    assert {p: o for p, o in offences.items() if o} == {}


def test_domain_reads_no_clock() -> None:
    for path in (PACKAGE / "domain").rglob("*.py"):
        source = path.read_text(encoding="utf-8")
        for call in ("datetime.now", ".today(", "utcnow", "time.time"):
            assert call not in source, f"{path.name} reads the clock ({call})"


def test_importing_domain_and_store_loads_no_textual() -> None:
    modules = [m.name for m in pkgutil.walk_packages([str(PACKAGE / "domain")], "reviewtui.domain.")]
    modules += [m.name for m in pkgutil.walk_packages([str(PACKAGE / "store")], "reviewtui.store.")]
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich'))\n"
        "print(loaded)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
    assert len(modules) > 15


def test_the_cli_loads_textual_only_for_the_app() -> None:
    code = "import sys; from reviewtui import cli; print(any(m.startswith('textual') for m in sys.modules))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


# ------------------------------------------------------------------ our own modules: layers and cycles


def _modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


def _runtime_imports(path: Path, modules: set[str]) -> set[str]:
    """Our modules a module imports when it runs (at the top or in a function), without what it
    imports for the type checker only (`if TYPE_CHECKING:`). `from a import b` is an import of
    the module a.b if there is one, else of a."""
    found: set[str] = set()

    def nearest(name: str) -> str | None:
        while name and name not in modules:
            name = name.rpartition(".")[0]
        return name or None

    class Imports(ast.NodeVisitor):
        def visit_If(self, node: ast.If) -> None:
            if isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING":
                for child in node.orelse:
                    self.visit(child)
                return
            self.generic_visit(node)

        def visit_Import(self, node: ast.Import) -> None:
            found.update(filter(None, (nearest(alias.name) for alias in node.names)))

        def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
            if node.module:
                for alias in node.names:
                    target = f"{node.module}.{alias.name}"
                    found.add(target if target in modules else nearest(node.module) or "")

    Imports().visit(ast.parse(path.read_text(encoding="utf-8")))
    return {name for name in found if name.startswith("reviewtui")}


def import_graph() -> dict[str, set[str]]:
    """Our module -> our modules it imports."""
    modules = _modules()
    return {name: _runtime_imports(path, set(modules)) - {name} for name, path in modules.items()}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for other in graph.get(node, ()):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_no_import_cycles_in_the_source() -> None:
    graph = import_graph()
    assert len(graph) > 80 and sum(map(len, graph.values())) > 150, "the graph was read"
    assert cycles(graph) == []


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


@pytest.mark.parametrize("layer", sorted(OURS_ALLOWED))
def test_layers_import_only_the_layers_below(layer: str) -> None:
    allowed = {f"reviewtui.{name}" for name in OURS_ALLOWED[layer]}
    offences = {}
    for module, imported in import_graph().items():
        if module.startswith(f"reviewtui.{layer}.") or module == f"reviewtui.{layer}":
            bad = {
                i for i in imported if not any(i == a or i.startswith(a + ".") for a in allowed) and i != "reviewtui"
            }
            if bad:
                offences[module] = bad
    assert offences == {}


def test_no_pane_imports_a_screen() -> None:
    graph = import_graph()
    panes = {m: deps for m, deps in graph.items() if m.startswith("reviewtui.ui.panes.")}
    assert panes and {m: {d for d in deps if d.startswith("reviewtui.ui.screens")} for m, deps in panes.items()} == {
        m: set() for m in panes
    }

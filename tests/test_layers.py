"""The architecture contract of DESIGN.md: domain is pure, domain and store never import textual."""

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
NOT_IN_DOMAIN = {"os", "pathlib", "shutil", "time", "random", "secrets", "socket", "subprocess",
                 "tinydb", "filelock", "platformdirs", "textual", "rich", "reviewtui.store",
                 "reviewtui.ui", "reviewtui.cli"}  # fmt: skip
NOT_IN_STORE = {"textual", "rich", "reviewtui.ui", "reviewtui.cli"}
NOT_IN_UI = {"tinydb", "filelock", "reviewtui.cli", "reviewtui.serve", "asyncssh"}  # screens call the store, never TinyDB
# The SSH server runs no app of its own: each person's reviewtui is a process of its own.
NOT_IN_SERVE = {"textual", "rich", "reviewtui.ui", "tinydb"}


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


@pytest.mark.parametrize(("layer", "banned"), [("domain", NOT_IN_DOMAIN), ("store", NOT_IN_STORE), ("ui", NOT_IN_UI), ("serve", NOT_IN_SERVE)])
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

"""A plain, non-editable `pip install .` into a new venv gives a working reviewtui."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import venv
from pathlib import Path

import pytest
from conftest import DEMO_SESSIONS, REPO

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv with reviewtui installed from a copy of the source tree (no editable link)."""
    work = tmp_path_factory.mktemp("install")
    source = work / "source"
    shutil.copytree(REPO, source, ignore=shutil.ignore_patterns(".venv", ".git", "__pycache__", "*.egg-info"))
    venv.create(work / "venv", with_pip=True)
    python = work / "venv" / "bin" / "python"
    subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", "-c", str(REPO / "constraints.txt"), str(source)],
        check=True,
        capture_output=True,
        timeout=600,
    )
    shutil.rmtree(source)  # the installed app must not need the source tree
    return work / "venv" / "bin"


def run(bin_dir: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {key: value for key, value in os.environ.items() if not key.startswith("PYTHON")}
    return subprocess.run(
        [str(bin_dir / "reviewtui"), *args], capture_output=True, text=True, cwd=cwd, env=env, timeout=60
    )


def test_the_installed_command_works(installed: Path, tmp_path: Path) -> None:
    version = run(installed, "--version", cwd=tmp_path)
    assert version.returncode == 0 and version.stdout.startswith("reviewtui ")
    demo = tmp_path / "demo"
    shutil.copytree(DEMO_SESSIONS, demo, ignore=shutil.ignore_patterns(".reviewtui"))
    listed = run(installed, "list", "--sessions", str(demo), cwd=tmp_path)
    assert listed.returncode == 0 and "Q3 Growth Review" in listed.stdout, listed.stderr
    for template in ("outcome-review", "retrospective", "okr-check-in", "partner-review"):
        created = run(installed, "new", f"A {template}", "--template", template, "--no-open", cwd=tmp_path)
        assert created.returncode == 0, created.stderr
        exported = run(installed, "export", created.stdout.strip(), cwd=tmp_path)
        assert exported.returncode == 0 and exported.stdout.startswith(f"# A {template}")


def test_the_installed_package_carries_its_data_files(installed: Path) -> None:
    """Styles and other non-Python files the app loads at run time are inside the installed package."""
    code = (
        "import importlib.resources as r, pathlib, reviewtui\n"
        "root = pathlib.Path(reviewtui.__file__).parent\n"
        "assert '.venv' not in str(root) and 'site-packages' in str(root), root\n"
        "print('\\n'.join(sorted(str(p.relative_to(root)) for p in root.rglob('*') if p.suffix not in ('.py', '.pyc') and p.is_file())))\n"
    )
    result = subprocess.run([str(installed / "python"), "-c", code], capture_output=True, text=True, check=True)
    shipped = set(result.stdout.split())
    expected = {str(p.relative_to(REPO / "src" / "reviewtui")) for p in (REPO / "src" / "reviewtui").rglob("*.tcss")}
    assert expected and expected <= shipped
    themes = {f"themes/{p.name}" for p in (REPO / "themes").glob("*.toml")}  # the repo's themes/, in the package
    assert len(themes) >= 4 and themes <= shipped
    templates = {f"templates/{p.name}" for p in (REPO / "src" / "reviewtui" / "templates").glob("*.toml")}
    assert len(templates) == 4 and templates <= shipped
    assert subprocess.run([str(installed / "python"), "-c", "import reviewtui.ui.app"], check=False).returncode == 0


def test_the_installed_command_finds_its_bundled_themes(installed: Path, tmp_path: Path) -> None:
    listed = run(installed, "themes", "--json", cwd=tmp_path)
    assert listed.returncode == 0 and listed.stderr == "", listed.stderr
    themes = json.loads(listed.stdout)["themes"]
    assert {t["name"] for t in themes} == {p.stem for p in (REPO / "themes").glob("*.toml")}
    assert all(t["source"] == "bundled" and "site-packages" in t["path"] for t in themes)

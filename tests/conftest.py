"""Shared fixtures: every test runs with its own HOME, config, cache and sessions folder."""

from __future__ import annotations

import shutil
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from reviewtui.store import SessionStore

REPO = Path(__file__).resolve().parent.parent
DEMO_SESSIONS = REPO / "sessions"


class SteppingClock:
    """A fixed clock that moves on one second per reading: deterministic, and ordered."""

    def __init__(self, start: datetime = datetime(2026, 10, 7, 9, 0, tzinfo=UTC)) -> None:
        self.now = start

    def __call__(self) -> datetime:
        current = self.now
        self.now += timedelta(seconds=1)
        return current


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No test sees the developer's own files, settings or environment."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    for name in ("XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME"):
        monkeypatch.setenv(name, str(home / name.lower()))
    for name in ("REVIEWTUI_SESSIONS", "REVIEWTUI_THEME", "REVIEWTUI_SETTINGS", "REVIEWTUI_DEBUG", "NO_COLOR"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)
    # Times are shown in local time: the tests' local time is UTC, whatever the machine's.
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    return home


@pytest.fixture
def sessions_dir(tmp_path: Path) -> Path:
    path = tmp_path / "sessions"
    path.mkdir()
    return path


@pytest.fixture
def clock() -> SteppingClock:
    return SteppingClock()


@pytest.fixture
def store(sessions_dir: Path, clock: SteppingClock) -> SessionStore:
    return SessionStore(sessions_dir, clock=clock)


@pytest.fixture
def demo_dir(tmp_path: Path) -> Path:
    """A copy of the demo sessions shipped in the repo, safe to write to."""
    target = tmp_path / "demo"
    shutil.copytree(DEMO_SESSIONS, target, ignore=shutil.ignore_patterns(".reviewtui"))
    return target

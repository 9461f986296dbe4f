"""The KPI screen in each bundled theme, at 80x24 and 120x40: status colours, cursor, focus, bars.

Review each changed SVG before accepting it (`pytest tests/test_theme_snapshots.py --snapshot-update`).
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from conftest import REPO
from ui_support import ManualClock, settle

from reviewtui.store import SessionStore
from reviewtui.ui.app import ReviewApp

SIZES = [(80, 24), (120, 40)]
BUNDLED = sorted(path.stem for path in (REPO / "themes").glob("*.toml"))
Q3 = "2026-10-07-q3-growth-review-p7wm"
AFTER_Q3 = datetime(2026, 10, 7, 11, 0, tzinfo=UTC)


def test_every_bundled_theme_has_its_snapshots() -> None:
    assert set(BUNDLED) >= {"dark", "light", "high-contrast", "ansi-dark"}
    stored = {p.name for p in (Path(__file__).parent / "__snapshots__" / "test_theme_snapshots").glob("*.svg")}
    assert stored == {f"test_kpi_screen[size{n}-{theme}].svg" for theme in BUNDLED for n in range(len(SIZES))}


@pytest.mark.parametrize("theme", BUNDLED)
@pytest.mark.parametrize("size", SIZES)
def test_kpi_screen(snap_compare, demo_dir, size, theme) -> None:
    clock = ManualClock(AFTER_Q3)
    app = ReviewApp(
        SessionStore(Path("demo"), clock=clock), "Maya", session_id=Q3, clock=clock, cursor_blink=False, theme=theme
    )

    async def show_kpis(pilot) -> None:
        await settle(pilot, 0.2)
        pilot.app.screen.show_phase("kpis")
        await settle(pilot, 0.2)
        assert pilot.app.theme == theme

    assert snap_compare(app, terminal_size=size, run_before=show_kpis)

"""The footer of keys (one widget, one line): it shows the keys of the place the focus is in, a
key is pressed by clicking its words, the palette stays on the right, and it is not redrawn
while the keys stay the same."""

from __future__ import annotations

from pathlib import Path

import pytest
from ui_support import ManualClock, app_for, settle

from reviewtui.application.sessions import create_session
from reviewtui.domain import changes as c
from reviewtui.store import SessionStore
from reviewtui.ui.widgets.footer import SteadyFooter


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
def session_id(store: SessionStore) -> str:
    session_id = create_session(store, "Q4 review", facilitator="Maya", participants=["Tom"]).info.id
    store.append(session_id, "Maya", lambda r: c.add_objective(r, "Increase retention"))
    return session_id


def line(footer: SteadyFooter) -> str:
    return footer.render().plain


@pytest.fixture
def app(sessions_dir: Path, clock: ManualClock, session_id: str):
    return app_for(SessionStore(sessions_dir, clock=clock), clock, session_id)


async def test_the_footer_shows_the_keys_of_where_the_focus_is_and_clicks_press_them(
    app, sessions_dir: Path, session_id: str
) -> None:
    async with app.run_test(size=(100, 24)) as pilot:
        await settle(pilot)
        footer = app.screen.query_one(SteadyFooter)
        shown = line(footer)
        assert "Next phase" in shown and shown.rstrip().endswith("palette")
        assert app.screen.phase.id == "check-in"  # type: ignore[attr-defined]
        x = shown.index("Next phase")
        await pilot.click(SteadyFooter, offset=(x + 2, 0))
        await settle(pilot)
        assert app.screen.phase.id == "objectives"  # type: ignore[attr-defined]
        assert SessionStore(sessions_dir).load(session_id).review.phase == "objectives"
        assert "Add" in line(footer), "the objectives' own keys are shown"
        await pilot.hover(SteadyFooter, offset=(line(footer).index("Add") + 1, 0))
        assert footer.tooltip, "a key's tooltip follows the mouse"


async def test_the_footer_is_not_redrawn_while_its_keys_stay_the_same(app) -> None:
    async with app.run_test(size=(100, 24)) as pilot:
        await settle(pilot)
        footer = app.screen.query_one(SteadyFooter)
        drawn = []
        original = footer.refresh

        def counted(*args, **kwargs):
            drawn.append(1)
            return original(*args, **kwargs)

        footer.refresh = counted  # type: ignore[method-assign]
        for _ in range(5):
            app.screen.refresh_bindings()
            await settle(pilot)
        assert drawn == [], "the same keys: nothing to draw again"
        await pilot.press("pagedown")
        await settle(pilot)
        assert drawn, "new keys: drawn"


async def test_keys_that_do_not_fit_are_cut_and_the_palette_stays(app) -> None:
    async with app.run_test(size=(40, 24)) as pilot:
        await settle(pilot)
        footer = app.screen.query_one(SteadyFooter)
        shown = line(footer)
        assert len(shown) == 40 and shown.rstrip().endswith("palette")
        left = shown.split("▏")[0].rstrip()
        words = [key.tooltip.split("\n")[0] for key in footer._keys[:-1]]
        assert left.endswith("Next phase") or not left.endswith(("^z", "^o", "^e", "^d", "^t", "PgDn")), (
            f"a key drawn without its words: {left!r} ({words})"
        )


async def test_each_key_of_a_compact_group_is_clicked_on_its_own_letter(demo_dir: Path) -> None:
    """The replay's speeds are drawn "1234 Speed", no gap between the keys: each digit, clicked,
    sets its own speed (a span one cell too wide pressed the key before it)."""
    from reviewtui.ui.screens.replay import ReplayScreen

    app = app_for(SessionStore(demo_dir), ManualClock())
    app._start_session, app._start_replay = "2026-10-07-q3-growth-review-p7wm", True  # type: ignore[attr-defined]
    async with app.run_test(size=(160, 30)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ReplayScreen)
        shown = line(screen.query_one(SteadyFooter))
        digits = shown.index("1234 Speed")
        speeds = []
        for offset in range(4):
            await pilot.click(SteadyFooter, offset=(digits + offset, 0))
            await settle(pilot)
            speeds.append(screen.speed)
        assert speeds == [1.0, 4.0, 16.0, 0.0], speeds  # 4: as fast as the events allow

"""Nothing lost: quitting anywhere and opening again comes back to the same phase and timebox."""

from __future__ import annotations

from pathlib import Path

from ui_support import ManualClock, app_for, settle, type_in

from reviewtui.application.sessions import create_session
from reviewtui.domain import changes as c
from reviewtui.store import SessionStore
from reviewtui.ui.screens.facilitator import FacilitatorScreen
from reviewtui.ui.widgets.phase_timer import PhaseTimer


async def until_true(pilot, condition, seconds: float = 5.0) -> None:
    """Wait for the timer's 1-second tick to have seen the clock move (under load it can lag)."""
    for _ in range(int(seconds / 0.1)):
        if condition():
            return
        await pilot.pause(0.1)
    raise AssertionError("the timer never got there")


def new_session(store: SessionStore) -> str:
    session_id = create_session(store, "Q4 review", facilitator="Maya", participants=["Tom"]).info.id
    store.append(session_id, "Maya", lambda r: c.add_objective(r, "Increase retention"))
    return session_id


async def test_quit_and_reopen_returns_to_the_phase_and_the_time_left(sessions_dir: Path) -> None:
    clock = ManualClock()
    store = SessionStore(sessions_dir, clock=clock)
    session_id = new_session(store)
    async with app_for(store, clock, session_id).run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        for _ in range(2):
            await pilot.press("pagedown")
        await settle(pilot)
        assert pilot.app.screen.phase.id == "kpis"
        clock.advance(1)  # the timebox starts on its own instant, after the phase moves
        await pilot.press("ctrl+t")
        await settle(pilot)
        await pilot.press("backspace", "backspace")
        await type_in(pilot, "10")
        await pilot.press("ctrl+q")
    clock.advance(3 * 60)
    app = app_for(SessionStore(sessions_dir, clock=clock), clock, session_id)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, FacilitatorScreen) and screen.phase.id == "kpis"
        timer = screen.query_one(PhaseTimer)
        assert timer.timer is not None and timer.timer.remaining(clock()) == 7 * 60
        assert str(timer.render()) == "◷ 7:00 left "
        assert timer.has_class("-running")
        # The last minute: a warning, once.
        clock.advance(6 * 60 + 5)
        await until_true(pilot, lambda: timer.has_class("-warning"))
        assert str(timer.render()) == "◷ 0:55 left "
        # Overrun.
        clock.advance(125)
        await until_true(pilot, lambda: timer.has_class("-over"))
        assert str(timer.render()) == "◷ 1:10 over "

        def told(words: str) -> bool:
            return any(words in str(n.message) for n in app._notifications)

        # The screen tells the room when it handles the timer's message: a moment after the class.
        await until_true(pilot, lambda: told("Time is up for KPIs"))
        messages = [str(n.message) for n in app._notifications]
        assert sum("One minute left for KPIs" in m for m in messages) == 1  # once, not at every tick
        assert sum("Time is up for KPIs" in m for m in messages) == 1


async def test_a_half_typed_field_is_saved_when_the_app_leaves(sessions_dir: Path) -> None:
    clock = ManualClock()
    store = SessionStore(sessions_dir, clock=clock)
    session_id = new_session(store)
    app = app_for(store, clock, session_id)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("pagedown")
        await settle(pilot)
        await pilot.press("a")
        await type_in(pilot, "Cut churn in month one by half", enter=False)
        app.hang_up()  # what SIGHUP and SIGTERM call
        await settle(pilot)
    statements = [o.statement for o in SessionStore(sessions_dir).load(session_id).review.objectives.values()]
    assert statements == ["Increase retention", "Cut churn in month one by half"]


async def test_every_commit_is_on_disk_at_once(sessions_dir: Path) -> None:
    clock = ManualClock()
    store = SessionStore(sessions_dir, clock=clock)
    session_id = new_session(store)
    app = app_for(store, clock, session_id)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("pagedown")
        await settle(pilot)
        await pilot.press("enter")  # edit the highlighted objective
        await settle(pilot)
        await pilot.press("tab")
        await type_in(pilot, "Month-one churn is most of our churn", enter=False)
        await pilot.press("tab")  # leaving the field commits it
        await settle(pilot)
        # Read by another store, as another process would, while the app is still running.
        review = SessionStore(sessions_dir).load(session_id).review
        assert review.objectives["o1"].why == "Month-one churn is most of our churn"

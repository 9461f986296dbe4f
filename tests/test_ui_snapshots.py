"""Snapshots of every screen at 80x24, 120x40 and 200x60. Review each changed SVG before accepting
it (`pytest tests/test_ui_snapshots.py --snapshot-update`, then look at snapshot_report.html)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from ui_support import ManualClock, app_for, settle

from reviewtui.application.sessions import create_session
from reviewtui.store import SessionStore

SIZES = [(80, 24), (120, 40), (200, 60)]
Q3 = "2026-10-07-q3-growth-review-p7wm"
PHASES = ["check-in", "objectives", "kpis", "impact", "actions", "decisions", "close"]
# After the Q3 review: its timers show as overrun, the same in every run.
AFTER_Q3 = datetime(2026, 10, 7, 11, 0, tzinfo=UTC)


def demo_store() -> SessionStore:
    # A relative path ("demo", under the test's own folder) keeps absolute paths out of the SVGs.
    return SessionStore(Path("demo"), clock=ManualClock(AFTER_Q3))


def app(session_id: str | None = None, store: SessionStore | None = None):
    return app_for(store or demo_store(), ManualClock(AFTER_Q3), session_id)


async def settled(pilot) -> None:
    await settle(pilot, 0.2)


@pytest.mark.parametrize("size", SIZES)
def test_home(snap_compare, demo_dir, size) -> None:
    assert snap_compare(app(), terminal_size=size, run_before=settled)


@pytest.mark.parametrize("size", SIZES)
def test_home_first_run(snap_compare, tmp_path, size) -> None:
    (tmp_path / "empty").mkdir()
    store = SessionStore(Path("empty"), clock=ManualClock(AFTER_Q3))
    assert snap_compare(app(store=store), terminal_size=size, run_before=settled)


@pytest.mark.parametrize("size", SIZES)
def test_new_session_dialog(snap_compare, demo_dir, size) -> None:
    async def open_dialog(pilot) -> None:
        await settled(pilot)
        await pilot.press("n")
        await settled(pilot)

    assert snap_compare(app(), terminal_size=size, run_before=open_dialog)


@pytest.mark.parametrize("phase", PHASES)
@pytest.mark.parametrize("size", SIZES)
def test_facilitator_phase(snap_compare, demo_dir, size, phase) -> None:
    async def go(pilot) -> None:
        await settled(pilot)
        pilot.app.screen.show_phase(phase)
        await settled(pilot)

    assert snap_compare(app(Q3), terminal_size=size, run_before=go)


@pytest.mark.parametrize("key", ["ctrl+d", "ctrl+t", "ctrl+e"], ids=["decision", "timebox", "export"])
@pytest.mark.parametrize("size", SIZES)
def test_dialogs(snap_compare, demo_dir, size, key) -> None:
    async def open_dialog(pilot) -> None:
        await settled(pilot)
        pilot.app.screen.show_phase("actions")
        await settled(pilot)
        await pilot.press(key)
        await settled(pilot)

    # The decision dialog opens only on an open session: use the retrospective in progress.
    session = "2026-11-19-sprint-47-retrospective-c2rd" if key == "ctrl+d" else Q3
    assert snap_compare(app(session), terminal_size=size, run_before=open_dialog)


@pytest.mark.parametrize("size", SIZES)
def test_series_screen(snap_compare, demo_dir, size) -> None:
    async def open_series(pilot) -> None:
        await settled(pilot)
        await pilot.press("down", "enter")
        await settled(pilot)

    assert snap_compare(app(), terminal_size=size, run_before=open_series)


@pytest.mark.parametrize("size", SIZES)
def test_actions_screen(snap_compare, demo_dir, size) -> None:
    async def open_actions(pilot) -> None:
        await settled(pilot)
        await pilot.press("a")
        await settled(pilot)

    assert snap_compare(app(), terminal_size=size, run_before=open_actions)


@pytest.mark.parametrize("size", SIZES)
def test_new_session_in_a_series_dialog(snap_compare, demo_dir, size) -> None:
    async def open_dialog(pilot) -> None:
        await settled(pilot)
        await pilot.press("down", "enter")
        await settled(pilot)
        await pilot.press("n")
        await settled(pilot)

    assert snap_compare(app(), terminal_size=size, run_before=open_dialog)


@pytest.mark.parametrize("size", SIZES)
def test_check_in_of_a_carried_session(snap_compare, demo_dir, size) -> None:
    store = demo_store()
    session_id = create_session(
        store,
        "Q4 Growth Review",
        facilitator="Maya Chen",
        series="Growth review",
        session_id="2026-10-07-q4-growth-review-demo",
    ).info.id
    assert snap_compare(app(session_id, store=store), terminal_size=size, run_before=settled)


def replay(session_id: str):
    started = app(session_id)
    started._start_replay = True
    return started


@pytest.mark.parametrize("seq", [40, None], ids=["mid-session", "end"])
@pytest.mark.parametrize("size", SIZES)
def test_replay_screen(snap_compare, demo_dir, size, seq) -> None:
    async def seek(pilot) -> None:
        await settled(pilot)
        if seq is not None:
            pilot.app.screen.seek(seq)
        await settled(pilot)

    assert snap_compare(replay(Q3), terminal_size=size, run_before=seek)


@pytest.mark.parametrize("size", SIZES)
def test_replay_go_to_time_dialog(snap_compare, demo_dir, size) -> None:
    async def open_dialog(pilot) -> None:
        await settled(pilot)
        await pilot.press("g")
        await settled(pilot)

    assert snap_compare(replay(Q3), terminal_size=size, run_before=open_dialog)


RETRO = "2026-11-19-sprint-47-retrospective-c2rd"


@pytest.mark.parametrize("size", SIZES)
def test_participant_view(snap_compare, demo_dir, size) -> None:
    """A participant joined while Maya facilitates: following her phase, who is here, the latest change."""
    from reviewtui.store.seat import Seat
    from reviewtui.ui.app import ReviewApp

    seat = Seat.take(Path("demo"), RETRO, "Maya")
    participant = ReviewApp(
        demo_store(), "alice", session_id=RETRO, clock=ManualClock(AFTER_Q3), cursor_blink=False, role="participant"
    )
    try:
        assert snap_compare(participant, terminal_size=size, run_before=settled)
    finally:
        seat.release()


@pytest.mark.parametrize("size", SIZES)
def test_proposals_dialog(snap_compare, demo_dir, size) -> None:
    from reviewtui.domain.events import pending

    store = demo_store()
    store.append(RETRO, "alice", [pending("participant.joined", name="alice", role="participant")])
    question = store.load(RETRO).review.template.phase("went-well").questions[0]
    store.append(
        RETRO,
        "alice",
        lambda r: pending(
            "answer.recorded",
            id=r.next_id("r"),
            question=question,
            text="Deploys went from weekly to daily",
            proposed=True,
        ),
    )

    async def open_proposals(pilot) -> None:
        await settled(pilot)
        await pilot.press("ctrl+r")
        await settled(pilot)

    assert snap_compare(app(RETRO), terminal_size=size, run_before=open_proposals)


@pytest.mark.parametrize("size", SIZES)
def test_picker_of_open_sessions(snap_compare, demo_dir, size) -> None:
    """What someone joining over `reviewtui serve` (no --session) sees first."""
    from reviewtui.ui.app import ReviewApp

    participant = ReviewApp(demo_store(), "alice", clock=ManualClock(AFTER_Q3), cursor_blink=False, role="participant")
    assert snap_compare(participant, terminal_size=size, run_before=settled)


@pytest.mark.parametrize("key", ["c", "delete"], ids=["correct-reading", "confirm-removal"])
@pytest.mark.parametrize("size", SIZES)
def test_fixing_dialogs(snap_compare, demo_dir, size, key) -> None:
    """Correcting the latest reading of a KPI, and the question before one is removed."""

    async def open_dialog(pilot) -> None:
        await settled(pilot)
        pilot.app.screen.show_phase("kpis")
        await settled(pilot)
        await pilot.press(key)
        await settled(pilot)

    assert snap_compare(app(Q3), terminal_size=size, run_before=open_dialog)


@pytest.mark.parametrize("size", SIZES)
def test_closed_voting(snap_compare, demo_dir, size) -> None:
    """The dots dialog once the facilitator closed the voting: the totals, most dots first."""
    from reviewtui.domain import meeting

    store = demo_store()
    store.append(RETRO, "Sam Rivera", lambda r: meeting.open_voting(r, "went-well", 3))
    answer = next(a.id for a in store.load(RETRO).review.answers.values() if a.question.startswith("What helped"))
    store.append(RETRO, "alice", lambda r: meeting.vote(r, "alice", answer))
    store.append(RETRO, "Sam Rivera", lambda r: meeting.close_voting(r, "went-well"))

    async def open_dots(pilot) -> None:
        await settled(pilot)
        pilot.app.screen.show_phase("went-well")
        await settled(pilot)
        await pilot.press("ctrl+b")
        await settled(pilot)

    assert snap_compare(app(RETRO), terminal_size=size, run_before=open_dots)


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize(("phase", "pointed"), [("kpis", "k2"), ("impact", "question:1"), ("actions", "a6")])
def test_projector_view(snap_compare, demo_dir, size, phase, pointed) -> None:
    """The room's view as `open --projector` draws it: the phase Maya is in, at what she points at."""
    from reviewtui.domain import changes
    from reviewtui.store.presence import Pointer, Presence
    from reviewtui.store.seat import Seat
    from reviewtui.ui.app import ReviewApp

    store = demo_store()
    store.append(Q3, "Maya", lambda r: changes.reopen_session(r))
    store.append(Q3, "Maya", lambda r: changes.enter_phase(r, phase))
    seat = Seat.take(Path("demo"), Q3, "Maya")
    maya = Presence(Path("demo"), Q3, "Maya", "facilitator")
    maya.point(Pointer(phase, pointed))
    projector = ReviewApp(
        demo_store(),
        "Projector",
        session_id=Q3,
        clock=ManualClock(AFTER_Q3),
        cursor_blink=False,
        role="observer",
        projector=True,
    )
    try:
        assert snap_compare(projector, terminal_size=size, run_before=settled)
    finally:
        maya.leave()
        seat.release()

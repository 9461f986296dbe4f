"""Replay: events in words, the review as of any event, the replay screen, exports at the cursor."""

from __future__ import annotations

import fcntl
import json
import os
import pty
import random
import re
import select
import struct
import sys
import termios
import time
from datetime import UTC
from pathlib import Path

import pytest
from textual.widgets import Input
from ui_support import ManualClock, app_for, choose, in_field, settle, tab_to, type_in

from reviewtui.application.sessions import create_session
from reviewtui.cli import main
from reviewtui.domain.export.markdown import minutes
from reviewtui.domain.fold import fold
from reviewtui.domain.replay import Replay
from reviewtui.store import SessionStore
from reviewtui.ui.screens.replay import ReplayScreen
from reviewtui.ui.widgets.timeline import ReplayStatus, Timeline
from tests.helpers.terminal import end_draining

Q2 = "2026-07-08-q2-growth-review-h4kz"
Q3 = "2026-10-07-q3-growth-review-p7wm"


def replay_app(store: SessionStore, session_id: str):
    app = app_for(store, ManualClock())
    app._start_session, app._start_replay = session_id, True
    return app


# ------------------------------------------------------------------------------ domain


@pytest.mark.parametrize("session_id", [Q2, Q3])
def test_the_review_at_any_event_is_the_fold_of_the_events_before(demo_dir: Path, session_id: str) -> None:
    log = SessionStore(demo_dir).load(session_id)
    replay = Replay(log.info, log.events)
    rng = random.Random(7)
    # Forward steps, jumps back, jumps far ahead, the ends: each is the fold of that prefix.
    for seq in [0, 1, 2, 3, 10, 11, 40, 5, log.last_seq, 0, *rng.sample(range(log.last_seq + 1), 12)]:
        assert replay.review_at(seq) == fold(log.info, log.events[:seq]), seq


def test_every_event_type_reads_as_a_sentence(demo_dir: Path) -> None:
    seen = set()
    for session_id in (Q2, Q3, "2026-11-19-sprint-47-retrospective-c2rd"):
        log = SessionStore(demo_dir).load(session_id)
        for step, event in zip(Replay(log.info, log.events).steps, log.events):
            seen.add(event.type)
            assert step.text and "newer reviewtui" not in step.text and "{" not in step.text
            assert step.text != event.type  # a sentence, not the type name
    assert len(seen) >= 14
    # And the sentence says what happened, with the names a person knows.
    q3 = SessionStore(demo_dir).load(Q3)
    texts = [step.text for step in Replay(q3.info, q3.events).steps]
    assert "recorded 36.5% for “30-day retention”" in texts
    assert (
        "reviewed the action “Interview 8 customers who churned in their first …” with Priya Natarajan: done" in texts
    )
    # Never an id: the ids of the session's items appear in no sentence.
    ids = {e.data.id for e in q3.events if isinstance(getattr(e.data, "id", None), str)}
    assert not [text for text in texts if any(f" {item} " in f" {text} " for item in ids)]


def test_every_known_event_type_has_a_sentence_of_its_own() -> None:
    """The demo sessions hold only some types (no voting, hand-over, removal…): one of each here,
    so a type added without a sentence does not read as "from a newer reviewtui" in the timeline."""
    from datetime import datetime, timedelta

    from reviewtui.domain.events import EVENT_LIST, EVENT_TYPES
    from reviewtui.domain.session import SessionInfo

    start = datetime(2026, 10, 7, 9, 0, tzinfo=UTC)
    info = SessionInfo(
        id="2026-10-07-q3-abcd", title="Q3", template="outcome-review", created_at=start, facilitator="Maya"
    )
    items = [
        ("series.carried", {"from_session": "2026-07-08-q2-abcd", "from_title": "Q2"}),
        ("participant.joined", {"name": "Tom", "role": "participant"}),
        ("phase.entered", {"phase": "impact"}),
        ("timer.started", {"phase": "impact", "seconds": 600}),
        ("objective.added", {"id": "o1", "statement": "Increase retention"}),
        ("objective.updated", {"id": "o1", "why": "Revenue"}),
        ("kpi.added", {"id": "k1", "name": "Retention", "unit": "%", "baseline": 31, "target": 40}),
        ("kpi.updated", {"id": "k1", "target": 41}),
        ("kpi.measured", {"id": "k1", "value": 33}),
        ("reading.corrected", {"seq": 9, "value": 34, "note": "from the warehouse"}),
        ("kpi.measured", {"id": "k1", "value": 35}),
        ("reading.removed", {"seq": 11}),
        ("answer.recorded", {"id": "r1", "question": "What changed?", "text": "Fewer tickets"}),
        ("answer.updated", {"id": "r1", "text": "Fewer tickets per account", "by": "Tom"}),
        ("action.added", {"id": "a1", "text": "Call users", "proposed": True}),
        ("action.updated", {"id": "a1", "owner": "Tom"}),
        ("contribution.accepted", {"id": "a1"}),
        ("action.reviewed", {"id": "a1", "verdict": "done"}),
        ("decision.recorded", {"id": "d1", "text": "Pause upsell", "revisit_if": "Retention < 35"}),
        ("decision.updated", {"id": "d1", "rationale": "No effect"}),
        ("decision.flagged", {"decision_id": "d1", "session_id": info.id, "condition": "Retention < 35", "value": 33}),
        ("voting.opened", {"phase": "impact", "votes": 2}),
        ("vote.cast", {"target_id": "r1"}),
        ("vote.withdrawn", {"target_id": "r1"}),
        ("voting.revealed", {"phase": "impact"}),
        ("voting.closed", {"phase": "impact"}),
        ("confidence.opened", {"phase": "kpis"}),
        ("confidence.rated", {"kpi_id": "k1", "sealed": 4, "nonce": "a1b2", "check": "c3d4"}),
        ("confidence.revealed", {"phase": "kpis", "values": {"k1": [7]}}),
        ("timer.cleared", {"phase": "impact"}),
        ("attendance.marked", {"name": "Tom", "here": False}),
        ("participant.joined", {"name": "Ola", "role": "participant"}),
        ("attendance.removed", {"name": "Ola"}),
        ("action.added", {"id": "a2", "text": "Mail the board"}),
        ("action.removed", {"id": "a2"}),
        ("decision.recorded", {"id": "d2", "text": "Hire later"}),
        ("decision.removed", {"id": "d2"}),
        ("answer.recorded", {"id": "r3", "question": "What changed?", "text": "Nothing much"}),
        ("answer.removed", {"id": "r3"}),
        ("note.added", {"text": "A note taken back"}),
        ("change.reverted", {"seqs": [0]}),
        ("phase.anonymity", {"phase": "actions", "anonymous": True}),
        ("seat.handed", {"to": "Tom"}),
        ("answer.recorded", {"id": "r2", "question": "What changed?", "text": "x", "proposed": True}),
        ("contribution.removed", {"id": "r2"}),
        ("note.added", {"text": "Dashboard link shared"}),
        ("parameter.set", {"name": "budget", "value": "40000 EUR"}),
        ("coach.dismissed", {"key": "objective-is-output:o1"}),
        ("kpi.removed", {"id": "k1"}),
        ("objective.removed", {"id": "o1"}),
        ("participant.left", {"name": "Tom", "role": "participant"}),
        ("session.closed", {}),
        ("session.reopened", {}),
        (
            "template.recorded",
            {
                "id": "team",
                "template": {"name": "Team", "phases": [{"id": "changed", "title": "What changed", "kind": "impact"}]},
            },
        ),
    ]
    noted = next(i for i, (_, data) in enumerate(items) if data.get("text") == "A note taken back")
    items[noted + 1] = ("change.reverted", {"seqs": [noted + 1]})  # the note's seq is its index + 1
    events = EVENT_LIST.validate_python(
        [
            {
                "seq": seq,
                "at": (start + timedelta(minutes=seq)).isoformat(),
                "actor": "Maya",
                "type": kind,
                "data": data,
            }
            for seq, (kind, data) in enumerate(items, start=1)
        ]
    )
    assert {e.type for e in events} == set(EVENT_TYPES), "one event of every known type"
    replay = Replay(info, events)
    assert replay.review_at(len(events)).skipped == []  # each applied, so each sentence is about a real change
    for step, event in zip(replay.steps, events):
        assert step.known and "newer reviewtui" not in step.text, event.type
    texts = [step.text for step in replay.steps]
    # Phases by their titles, not their ids.
    assert "opened dot voting in Impact: 2 each" in texts and "revealed the votes in Impact" in texts
    assert "made Actions anonymous" in texts
    assert "changed the objective “Increase retention”: changed why it matters" in texts
    assert "changed the decision “Pause upsell”: set the why to “No effect”" in texts
    assert "changed the action “Call users”: gave it to Tom" in texts
    assert "corrected the reading of “Retention” taken on 2026-10-07: 33% → 34%, the note “from the warehouse”" in texts
    assert "removed the reading 35% of “Retention”" in texts
    assert "changed the answer “Fewer tickets”: reworded it “Fewer tickets per account”, said Tom gave it" in texts
    assert "marked Tom away" in texts and "took Ola off the attendance list" in texts
    assert "removed the action “Mail the board”" in texts and "removed the decision “Hire later”" in texts
    assert "closed the voting in Impact" in texts and "cleared the timebox of Impact" in texts
    assert "undid: noted: A note taken back" in texts
    # No sentence names an item by its id.
    assert not [text for text in texts if any(f" {item}" in text for item in ("o1", "k1", "r1", "a1", "d1", "a2"))]


def test_unknown_events_are_shown_as_such_and_skipped(sessions_dir: Path) -> None:
    store = SessionStore(sessions_dir, clock=ManualClock())
    session_id = create_session(store, "Q4", facilitator="Maya").info.id
    path = store.path(session_id)
    data = json.loads(path.read_text(encoding="utf-8"))
    data["events"]["2"] = {
        "seq": 2,
        "at": "2026-10-07T09:00:05Z",
        "actor": "Maya",
        "type": "poll.opened",
        "data": {"question": "Lunch?"},
    }
    path.write_text(json.dumps(data), encoding="utf-8")
    log = SessionStore(store.root).load(session_id)
    replay = Replay(log.info, log.events)
    step = replay.steps[1]
    assert not step.known and step.text == "an event of type 'poll.opened', from a newer reviewtui: kept, skipped"
    assert replay.review_at(2).skipped[0].type == "poll.opened"


# ------------------------------------------------------------------------------ the screen


@pytest.mark.parametrize("session_id", [Q2, Q3])
async def test_the_screen_at_several_cursors_matches_the_export_at_that_event(
    demo_dir: Path, capsys, session_id: str
) -> None:
    store = SessionStore(demo_dir)
    log = store.load(session_id)
    last = log.last_seq
    app = replay_app(store, session_id)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ReplayScreen) and screen.session.cursor == last
        shown_at: dict[int, str] = {}
        for seq in (1, 12, 30, last - 7, last):
            screen.seek(seq)
            await settle(pilot)
            shown = screen.session.review
            shown_at[seq] = minutes(shown, total_events=last, threads=screen.phase_view().threads)
            assert screen.query_one(Timeline).cursor == seq
            assert screen.phase.id == (shown.phase or screen.phases[0].id)
            # The pane on screen shows that review, not the one before the seek: its list holds
            # the items of the fold of the first `seq` events.
            expected = fold(log.info, log.events[:seq])
            assert f"event {seq} of {last}" in str(screen.query_one(ReplayStatus).render())
            collection = getattr(screen.pane, "collection", "")
            if collection:
                listing = screen.pane.item_list
                ids = [listing.get_option_at_index(i).id for i in range(listing.option_count)]
                assert [i for i in ids if i in getattr(expected, collection)] == list(getattr(expected, collection))
    # The CLI runs after the app: run_test owns stdout while it is up.
    for seq, text in shown_at.items():
        capsys.readouterr()
        assert main(["export", session_id, "--at", str(seq), "--sessions", str(demo_dir)]) == 0
        assert text == capsys.readouterr().out


async def test_keys_step_jump_play_and_go_to_a_time(demo_dir: Path) -> None:
    store = SessionStore(demo_dir)
    log = store.load(Q3)
    # From the log itself, not from Replay: the screen uses Replay, and must agree with the file.
    changes = [e.seq for e in log.events if e.type == "phase.entered"]
    assert changes == Replay(log.info, log.events).phase_seqs
    app = replay_app(store, Q3)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = app.screen
        await pilot.press("home")
        assert screen.session.cursor == 0
        await pilot.press("right", "right", "right")
        assert screen.session.cursor == 3
        await pilot.press("left")
        assert screen.session.cursor == 2
        await pilot.press("pagedown")
        assert screen.session.cursor == changes[0]
        await pilot.press("right_square_bracket")
        assert screen.session.cursor == changes[1] and screen.phase.id == "objectives"
        await pilot.press("pageup")
        assert screen.session.cursor == changes[0]
        # "At once": one event per frame, to the end, then it stops; no event goes by undrawn.
        timeline, stepped_from = screen.query_one(Timeline), []
        advance = screen._advance

        def advance_noting_what_was_drawn() -> None:
            stepped_from.append((screen.session.cursor, timeline.drawn))
            advance()

        screen._advance = advance_noting_what_was_drawn
        await pilot.press("4", "space")
        for _ in range(200):
            await pilot.pause(0.05)
            if not screen.playing:
                break
        assert screen.session.cursor == log.last_seq and not screen.playing
        assert [cursor for cursor, _ in stepped_from] == list(range(changes[0], log.last_seq))
        assert all(drawn == cursor for cursor, drawn in stepped_from)
        screen._advance = advance
        # 16x from the first phase change: the gap after it (shortened to 3 s at 1x) passes in
        # well under a second, so a second of playback gets past it; at 1x it would not.
        screen.seek(changes[0] - 1)
        await pilot.press("3", "space")
        await pilot.pause(1.0)
        await pilot.press("space")
        assert screen.speed == 16.0 and changes[0] + 1 <= screen.session.cursor < log.last_seq
        await pilot.press("g")
        await settle(pilot)
        await pilot.press("ctrl+u")
        await type_in(pilot, "08:45")
        at_0845 = log.events[0].at.replace(hour=8, minute=45, second=0, microsecond=0)
        expected = max(e.seq for e in log.events if e.at <= at_0845)  # the last event by then
        assert screen.session.cursor == expected
        await pilot.press("escape")
        await settle(pilot)
        # `replay ID` from the command line: Esc goes to the list of sessions, not a blank screen.
        assert type(app.screen).__name__ == "HomeScreen"


async def test_the_pane_shows_what_the_event_at_the_cursor_is_about(demo_dir: Path) -> None:
    log = SessionStore(demo_dir).load(Q3)
    steps = Replay(log.info, log.events).steps
    app = replay_app(SessionStore(demo_dir), Q3)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        seen = 0
        for step in steps:
            app.screen.seek(step.seq)
            await settle(pilot, 0)
            pane = app.screen.pane
            if step.item and getattr(pane, "collection", None) and step.item in getattr(pane.review, pane.collection):
                assert pane.selected == step.item, step.text
                assert pane.item_list.highlighted_option.id == step.item
                seen += 1
        assert seen >= 10  # readings, actions agreed, objectives changed…


async def test_nothing_can_be_changed_in_a_replay(demo_dir: Path) -> None:
    store = SessionStore(demo_dir)
    session_id = "2026-11-19-sprint-47-retrospective-c2rd"  # still open: only the replay stops changes
    before = store.path(session_id).read_bytes()
    app = replay_app(store, session_id)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        shown = [b.description for _, b, enabled, _ in app.active_bindings.values() if b.show and enabled]
        assert "Add" not in shown and "Decision" not in shown
        assert all(w.disabled for w in app.screen.pane.query("Input, Select"))
        for key in ("ctrl+d", "a", "c"):
            await pilot.press(key)
            await settle(pilot)
            # No dialog, no field to type in: the keys are not there at all.
            assert isinstance(app.screen, ReplayScreen) and not isinstance(app.focused, Input)
    assert store.path(session_id).read_bytes() == before


async def test_export_from_the_replay_is_the_session_as_of_the_cursor(demo_dir: Path, tmp_path: Path, capsys) -> None:
    app = replay_app(SessionStore(demo_dir), Q3)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.screen.seek(33)
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        await choose(pilot, "format", "Everything (JSON)")
        await tab_to(pilot, in_field("path"))
        await pilot.press("end", "ctrl+u")
        await type_in(pilot, str(tmp_path / "at-33.json"))
    assert main(["export", Q3, "--format", "json", "--at", "33", "--sessions", str(demo_dir)]) == 0
    assert json.loads((tmp_path / "at-33.json").read_text(encoding="utf-8")) == json.loads(capsys.readouterr().out)


def test_replay_needs_a_session_and_a_terminal(demo_dir: Path, capsys) -> None:
    assert main(["replay", "2026-01-01-nope-aaaa", "--sessions", str(demo_dir)]) == 1
    assert "no session '2026-01-01-nope-aaaa'" in capsys.readouterr().err
    assert main(["replay", Q3, "--sessions", str(demo_dir)]) == 1
    assert "needs a terminal" in capsys.readouterr().err


@pytest.mark.slow
def test_at_once_on_a_real_terminal_draws_every_event(demo_dir: Path) -> None:
    """One event per frame on a pty, as over SSH: every event's frame reaches the terminal."""
    last = SessionStore(demo_dir).load(Q3).last_seq
    reviewtui = str(Path(sys.executable).parent / "reviewtui")
    pid, fd = pty.fork()
    if pid == 0:
        os.execve(
            reviewtui, [reviewtui, "replay", Q3, "--sessions", str(demo_dir)], {**os.environ, "TERM": "xterm-256color"}
        )
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    escapes = re.compile(rb"\x1b\[[0-9;?<>]*[ -/]*[@-~]|\x1b[()][0-9A-Za-z]|\x1b[=>]|\x1b\][^\x07]*\x07")
    seen: set[int] = set()
    try:
        output, end = b"", time.monotonic() + 10
        while b"palette" not in escapes.sub(b"", output) and time.monotonic() < end:
            if select.select([fd], [], [], 0.05)[0]:
                output += os.read(fd, 65536)
        os.write(fd, b"\x1b[H")  # Home
        output, end = b"", time.monotonic() + 10
        while f"event 0 of {last}".encode() not in escapes.sub(b"", output) and time.monotonic() < end:
            if select.select([fd], [], [], 0.05)[0]:
                output += os.read(fd, 65536)
        os.write(fd, b"4 ")  # at once, play
        output, end = b"", time.monotonic() + 10
        while last not in seen and time.monotonic() < end:
            if select.select([fd], [], [], 0.05)[0]:
                output += os.read(fd, 65536)
                seen = {int(n) for n in re.findall(rf"event (\d+) of {last}".encode(), escapes.sub(b"", output))}
    finally:
        end_draining(pid, fd)
    assert set(range(1, last + 1)) <= seen, sorted(set(range(1, last + 1)) - seen)

"""Live meetings: the seat, presence, proposals, dot voting, anonymity, and apps sharing one folder."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from reviewtui.application.open_session import OpenSession
from reviewtui.application.sessions import create_session
from reviewtui.domain import changes, meeting, names
from reviewtui.domain.errors import InvalidInput
from reviewtui.store import SessionStore
from reviewtui.store.paths import META_DIR
from reviewtui.store.presence import Presence, present
from reviewtui.store.seat import Seat, holder
from reviewtui.ui.app import ReviewApp
from reviewtui.ui.screens.facilitator import FacilitatorScreen
from tests.ui_support import ManualClock, settle, type_in


@pytest.fixture
def session_id(store: SessionStore) -> str:
    return create_session(store, "Weekly review", facilitator="Maya", session_id="2026-11-21-weekly-test").info.id


def as_role(store: SessionStore, session_id: str, name: str, role: str) -> OpenSession:
    session = OpenSession(store, session_id, name)
    session.role = role
    return session


# ------------------------------------------------------------------------------ the gate


def test_a_participant_proposes_and_the_facilitator_accepts_edits_or_removes(
    store: SessionStore, session_id: str
) -> None:
    alice = as_role(store, session_id, "alice", "participant")
    [event] = alice.apply(lambda r: changes.record_answer(r, "What changed?", "Signups rose"))
    assert event.data.proposed and event.actor == "alice"
    with pytest.raises(InvalidInput, match="only the facilitator"):
        alice.apply(lambda r: changes.add_objective(r, "Retention up"))
    [action] = alice.apply(lambda r: changes.add_action(r, "Call churned users"))
    alice.apply(lambda r: changes.update_action(r, action.data.id, owner="alice"))  # her own proposal
    bob = as_role(store, session_id, "bob", "participant")
    with pytest.raises(InvalidInput, match="only the facilitator"):
        bob.apply(lambda r: changes.update_action(r, action.data.id, text="Call no one"))  # not his
    maya = as_role(store, session_id, "Maya", "facilitator")
    maya.apply(lambda r: meeting.accept(r, event.data.id, "Signups rose 12%"))
    maya.apply(lambda r: meeting.remove(r, action.data.id))
    review = store.load(session_id).review
    assert review.answers[event.data.id].text == "Signups rose 12%" and not review.answers[event.data.id].proposed
    assert action.data.id not in review.actions
    with pytest.raises(InvalidInput, match="accepted already"):
        maya.apply(lambda r: meeting.accept(r, event.data.id))
    observer = as_role(store, session_id, "olga", "observer")
    with pytest.raises(InvalidInput, match="observer"):
        observer.apply(lambda r: changes.record_answer(r, "What changed?", "x"))
    with pytest.raises(InvalidInput, match="not someone else"):
        observer.apply(lambda r: changes.leave(r, "Maya"))  # nobody leaves on another's behalf
    with pytest.raises(InvalidInput, match="kept for anonymous"):
        names.check_name("anonymous")


def test_a_proposal_is_not_an_agreed_action(store: SessionStore, session_id: str) -> None:
    """Not carried into the next session, and marked as proposed wherever it is exported."""
    alice = as_role(store, session_id, "alice", "participant")
    [proposal] = alice.apply(lambda r: changes.add_action(r, "Call churned users"))
    review = store.load(session_id).review
    assert review.open_actions() == []
    from reviewtui.domain.export.csv_actions import actions_csv
    from reviewtui.domain.export.json_doc import json_document
    from reviewtui.domain.export.markdown import minutes

    assert "open, proposed" in minutes(review) and "open, proposed" in actions_csv(review)
    assert json_document(review, [])["actions"][0]["proposed"] is True
    assert proposal.data.id in review.actions


def test_dot_voting_counts_n_dots_per_person_and_only_revealed_totals(store: SessionStore, session_id: str) -> None:
    maya = as_role(store, session_id, "Maya", "facilitator")
    [a1] = maya.apply(lambda r: changes.record_answer(r, "What changed?", "Signups rose"))
    [a2] = maya.apply(lambda r: changes.record_answer(r, "What changed?", "Churn fell"))
    impact = next(p.id for p in maya.review.template.phases if p.kind == "impact")
    alice = as_role(store, session_id, "alice", "participant")
    with pytest.raises(InvalidInput, match="not open"):
        alice.apply(lambda r: meeting.vote(r, "alice", a1.data.id))
    maya.apply(lambda r: meeting.open_voting(r, impact, 2))
    alice.apply(lambda r: meeting.vote(r, "alice", a1.data.id))
    alice.apply(lambda r: meeting.vote(r, "alice", a1.data.id))
    with pytest.raises(InvalidInput, match="dots are placed"):
        alice.apply(lambda r: meeting.vote(r, "alice", a2.data.id))
    alice.apply(lambda r: meeting.unvote(r, "alice", a1.data.id))
    alice.apply(lambda r: meeting.vote(r, "alice", a2.data.id))
    review = store.load(session_id).review
    assert review.tally(impact) == {a1.data.id: 1, a2.data.id: 1}
    assert not review.voting[impact].revealed
    maya.apply(lambda r: meeting.reveal(r, impact))
    assert store.load(session_id).review.voting[impact].revealed


def test_a_vote_over_the_limit_written_by_hand_is_skipped_by_the_fold(store: SessionStore, session_id: str) -> None:
    from reviewtui.domain.events import pending

    maya = as_role(store, session_id, "Maya", "facilitator")
    [a1] = maya.apply(lambda r: changes.record_answer(r, "What changed?", "Signups rose"))
    impact = next(p.id for p in maya.review.template.phases if p.kind == "impact")
    maya.apply(lambda r: meeting.open_voting(r, impact, 1))
    store.append(session_id, "bob", [pending("vote.cast", target_id=a1.data.id)] * 2)  # a script, not the app
    review = store.load(session_id).review
    assert review.tally(impact) == {a1.data.id: 1}
    assert "no dots left" in review.skipped[-1].reason


def test_an_anonymous_phase_keeps_no_names_in_the_file(
    store: SessionStore, session_id: str, sessions_dir: Path
) -> None:
    maya = as_role(store, session_id, "Maya", "facilitator")
    impact = next(p.id for p in maya.review.template.phases if p.kind == "impact")
    maya.apply(lambda r: meeting.set_anonymous(r, impact, True))
    alice = as_role(store, session_id, "alice", "participant")
    [answer] = alice.apply(lambda r: changes.record_answer(r, "What changed?", "Churn fell", by="alice"))
    maya.apply(lambda r: meeting.open_voting(r, impact, 3))
    alice.apply(lambda r: meeting.vote(r, alice.voter(impact), answer.data.id))
    maya.apply(lambda r: changes.record_answer(r, "What changed?", "Signups rose", by="Maya"))
    text = (sessions_dir / f"{session_id}.json").read_text(encoding="utf-8")
    events = json.loads(text)["events"]
    contributed = [e for e in events.values() if e["type"] in ("answer.recorded", "vote.cast")]
    assert len(contributed) == 3
    assert "alice" not in json.dumps(contributed) and "Maya" not in json.dumps(contributed)
    assert {e["actor"] for e in contributed if e["type"] == "answer.recorded"} == {names.ANONYMOUS}
    assert all("by" not in e["data"] or e["data"]["by"] is None for e in contributed)
    # Each person's dots are still counted: a pseudonym, the same every time, not the name.
    vote = next(e for e in contributed if e["type"] == "vote.cast")
    assert vote["actor"].startswith("voter-") and vote["actor"] == alice.voter(impact)
    minutes = subprocess.run(
        [sys.executable, "-m", "reviewtui", "--sessions", str(sessions_dir), "export", session_id],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "Churn fell" in minutes and "alice" not in minutes


def test_a_phase_with_named_contributions_cannot_turn_anonymous(store: SessionStore, session_id: str) -> None:
    maya = as_role(store, session_id, "Maya", "facilitator")
    [answer] = maya.apply(lambda r: changes.record_answer(r, "What changed?", "Signups rose"))
    impact = next(p.id for p in maya.review.template.phases if p.kind == "impact")
    with pytest.raises(InvalidInput, match="before the room starts"):
        maya.apply(lambda r: meeting.set_anonymous(r, impact, True))
    # Nor back and forth once dots are placed: they would count under the wrong name.
    actions = next(p.id for p in maya.review.template.phases if p.kind == "actions")
    maya.apply(lambda r: meeting.set_anonymous(r, actions, True))
    maya.apply(lambda r: meeting.open_voting(r, impact, 1))
    maya.apply(lambda r: meeting.vote(r, "Maya", answer.data.id))
    with pytest.raises(InvalidInput, match="dots are placed"):
        maya.apply(lambda r: meeting.set_anonymous(r, impact, True))
    maya.apply(lambda r: meeting.reveal(r, impact))
    with pytest.raises(InvalidInput, match="revealed"):
        maya.apply(lambda r: meeting.unvote(r, "Maya", answer.data.id))


def test_a_hand_over_is_done_with_once_someone_sits_in_the_seat(store: SessionStore, session_id: str) -> None:
    from reviewtui.domain.events import pending

    maya = as_role(store, session_id, "Maya", "facilitator")
    maya.apply(lambda r: pending("participant.joined", name="alice", role="participant"))
    maya.apply(lambda r: meeting.hand_seat(r, "alice"))
    assert store.load(session_id).review.seat_to == "alice"
    maya.apply(lambda r: pending("participant.joined", name="Maya", role="facilitator"))  # took it back
    assert store.load(session_id).review.seat_to is None
    with pytest.raises(InvalidInput, match="has not joined"):
        maya.apply(lambda r: meeting.hand_seat(r, "nobody"))


# ------------------------------------------------------------------------------ seat and presence

HOLD = """
import sys, time
from pathlib import Path
from reviewtui.store.seat import Seat
from reviewtui.store.presence import Presence
seat = Seat.take(Path(sys.argv[1]), sys.argv[2], "Maya")
here = Presence(Path(sys.argv[1]), sys.argv[2], "Maya", "facilitator")
print("held" if seat else "taken", flush=True)
time.sleep(60)
"""


def test_the_seat_dies_with_its_process(sessions_dir: Path, session_id: str) -> None:
    """A real process holds the seat; kill -9 frees it (and its presence) for the next `open`."""
    holder_process = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(sessions_dir), session_id], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder_process.stdout.readline().strip() == "held"
        assert Seat.take(sessions_dir, session_id, "bob") is None
        assert holder(sessions_dir, session_id).name == "Maya"
        assert [p.name for p in present(sessions_dir, session_id)] == ["Maya"]
    finally:
        os.kill(holder_process.pid, signal.SIGKILL)
        holder_process.wait()
    assert holder(sessions_dir, session_id) is None
    assert present(sessions_dir, session_id) == []
    seat = Seat.take(sessions_dir, session_id, "bob")
    assert seat is not None and holder(sessions_dir, session_id).name == "bob"
    seat.release()


PARTICIPANT = """
import sys, time
from pathlib import Path
from reviewtui.store.presence import Presence
here = Presence(Path(sys.argv[1]), sys.argv[2], "bob", "participant")
print("here", flush=True)
time.sleep(60)
"""


def test_a_participant_killed_frees_only_what_it_held(sessions_dir: Path, session_id: str) -> None:
    seat = Seat.take(sessions_dir, session_id, "Maya")
    mine = Presence(sessions_dir, session_id, "Maya", "facilitator")
    bob = subprocess.Popen(
        [sys.executable, "-c", PARTICIPANT, str(sessions_dir), session_id], stdout=subprocess.PIPE, text=True
    )
    try:
        assert bob.stdout.readline().strip() == "here"
        assert [p.name for p in present(sessions_dir, session_id)] == ["Maya", "bob"]
    finally:
        os.kill(bob.pid, signal.SIGKILL)
        bob.wait()
    assert [p.name for p in present(sessions_dir, session_id)] == ["Maya"]
    assert holder(sessions_dir, session_id).name == "Maya"  # the seat stays where it was
    mine.leave()
    seat.release()


def test_presence_is_gone_after_a_clean_leave(sessions_dir: Path, session_id: str) -> None:
    here = Presence(sessions_dir, session_id, "alice", "participant")
    assert [(p.name, p.role) for p in present(sessions_dir, session_id)] == [("alice", "participant")]
    here.leave()
    assert present(sessions_dir, session_id) == []


def test_a_presence_file_being_made_is_left_alone_by_a_scan(sessions_dir: Path, session_id: str) -> None:
    # Found by 20 people joining over `reviewtui serve` at once: a scan in another process found
    # a ".new" file between its maker's open() and flock(), took it for a dead one, removed it,
    # and the maker's rename failed (FileNotFoundError: a traceback instead of the meeting).
    Presence(sessions_dir, session_id, "alice", "participant").leave()  # makes the folder
    meta = sessions_dir / META_DIR
    being_made = meta / f"{session_id}.presence-999999-abcdef.lock.new"
    being_made.write_text("")  # created, not yet locked
    leftover = meta / f"{session_id}.presence-999998-abcdef.lock.new"
    leftover.write_text("")
    an_hour_ago = time.time() - 3600
    os.utime(leftover, (an_hour_ago, an_hour_ago))  # its maker died long ago, before renaming

    assert present(sessions_dir, session_id) == []
    assert being_made.exists(), "a file being made right now is not a dead process's"
    assert not leftover.exists(), "an old unlocked one is cleaned up"


def test_an_idle_poll_reads_nothing_and_only_others_writes_count(
    store: SessionStore, session_id: str, monkeypatch
) -> None:
    """Every 0.2 s in every terminal: with nothing new it is a stat, not a read of the file."""
    from reviewtui.application.room import Room

    maya = as_role(store, session_id, "Maya", "facilitator")
    room = Room(maya, "facilitator")
    room.poll()  # the first look reads the file: a write before the watch began is not missed
    reads: list[str] = []
    load = store.load
    monkeypatch.setattr(store, "load", lambda sid: reads.append(sid) or load(sid))
    assert [room.poll() for _ in range(5)] == [False] * 5 and reads == []
    maya.apply(lambda r: changes.add_objective(r, "Retention up"))
    reads.clear()
    assert room.poll() is False  # our own write is shown already: nothing to redraw
    alice = as_role(SessionStore(store.root), session_id, "alice", "participant")
    [answer] = alice.apply(lambda r: changes.record_answer(r, "What changed?", "Churn fell"))
    assert room.poll() is True and answer.data.id in maya.review.answers
    reads.clear()
    assert room.poll() is False and reads == []


def test_a_folder_where_presence_cannot_be_written_still_lets_someone_in(
    store: SessionStore, session_id: str, monkeypatch
) -> None:
    """An observer on a read-only share (simulated: the tests may run as root): no presence file,
    said on the room line, and no traceback on entering or leaving."""
    from reviewtui.application import room as live
    from reviewtui.ui.widgets.room import room_line

    def refused(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(live, "Presence", refused)
    room = live.Room(as_role(store, session_id, "olga", "participant"), "participant")
    room.enter()
    assert room.entered and room.presence is None and room.unlisted == "not listed as here: Permission denied"
    room.poll()  # a good read of the log clears a read problem, not this one
    assert (
        room.unlisted
        and "not listed as here"
        in room_line(room, room.session.review, room.session.review.template.phases[0], True).plain
    )
    assert store.load(session_id).review.participants["olga"].connected  # the log still says she came
    room.leave()
    room.leave()  # once, however many ways it is asked for
    olga = store.load(session_id).review.participants["olga"]
    assert not room.entered and not olga.connected and olga.left and olga.here  # gone, yet she attended
    assert [e.type for e in store.load(session_id).events if e.actor == "olga"] == [
        "participant.joined",
        "participant.left",
    ]


# ------------------------------------------------------------------------------ apps sharing a folder


async def until(pilot_apps, condition, seconds: float = 3.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("the other app never showed the change")
        for pilot in pilot_apps:
            await pilot.pause(0.05)


async def test_two_apps_follow_propose_and_accept_live(sessions_dir: Path, session_id: str) -> None:
    clock = ManualClock()
    facilitator_app = ReviewApp(
        SessionStore(sessions_dir, clock=clock), "Maya", session_id=session_id, clock=clock, cursor_blink=False
    )
    participant_app = ReviewApp(
        SessionStore(sessions_dir, clock=clock),
        "alice",
        session_id=session_id,
        clock=clock,
        cursor_blink=False,
        role="participant",
    )
    async with facilitator_app.run_test(size=(100, 30)) as maya, participant_app.run_test(size=(100, 30)) as alice:
        await settle(maya)
        await settle(alice)
        fscreen, pscreen = facilitator_app.screen, participant_app.screen
        assert isinstance(fscreen, FacilitatorScreen) and isinstance(pscreen, FacilitatorScreen)
        assert (fscreen.role, pscreen.role) == ("facilitator", "participant")
        # Presence: each sees the other.
        await until([maya, alice], lambda: {p.name for p in fscreen.room.people} == {"Maya", "alice"})
        # Follow: the facilitator goes to Impact; alice's view goes with her.
        for _ in range(3):
            await maya.press("pagedown")
        await until([maya, alice], lambda: pscreen.phase.kind == "impact")
        # A participant's answer reaches the facilitator as a proposal with her name.
        await type_in(alice, "Signups rose 12 percent")
        await until(
            [maya, alice],
            lambda: any(a.text == "Signups rose 12 percent" for a in fscreen.session.review.answers.values()),
        )
        [answer] = fscreen.session.review.proposals()
        assert answer.by == "alice"
        assert "1 to accept" in str(fscreen.query_one("#room").render())
        # Accepted from the proposals dialog, with an edit.
        await maya.press("ctrl+r")
        await settle(maya)
        field_input = facilitator_app.screen.query_one("Input")
        field_input.value = "Signups rose 12% (GA)"
        await maya.press("ctrl+s")
        await maya.press("escape")
        await until([maya, alice], lambda: not pscreen.session.review.proposals())
        assert pscreen.session.review.answers[answer.id].text == "Signups rose 12% (GA)"
        assert "accepted the answer “Signups rose 12% (GA)”" in str(pscreen.query_one("#activity").render())
        # Looking elsewhere stops following; ctrl+f comes back.
        await alice.press("pageup")
        await settle(alice)
        assert not pscreen.following and pscreen.phase.kind != "impact"
        await alice.press("ctrl+f")
        await settle(alice)
        assert pscreen.following and pscreen.phase.kind == "impact"
        # The participant cannot move the room: no phase.entered by alice in the log.
        log = SessionStore(sessions_dir).load(session_id)
        assert not [e for e in log.events if e.type == "phase.entered" and e.actor == "alice"]
    participants = SessionStore(sessions_dir).load(session_id).review.participants
    assert not participants["alice"].connected and participants["alice"].left  # a clean exit says so in the log


async def test_open_on_a_taken_seat_joins_and_a_handed_seat_changes_hands(sessions_dir: Path, session_id: str) -> None:
    clock = ManualClock()
    first = ReviewApp(
        SessionStore(sessions_dir, clock=clock), "Maya", session_id=session_id, clock=clock, cursor_blink=False
    )
    second = ReviewApp(
        SessionStore(sessions_dir, clock=clock), "bob", session_id=session_id, clock=clock, cursor_blink=False
    )
    async with first.run_test(size=(100, 30)) as maya, second.run_test(size=(100, 30)) as bob:
        await settle(maya)
        await settle(bob)
        assert first.screen.role == "facilitator"
        assert second.screen.role == "participant"  # `open` found the seat taken
        assert any("Maya holds the facilitator seat" in n.message for n in second._notifications)
        await until([maya, bob], lambda: "bob" in {p.name for p in first.screen.room.people})
        first.screen.room.hand_seat("bob")
        # What bob's timer does every 0.2 s, called here: two apps in one test process stall
        # the second one's timers after a screen switch (seen only in-process; tmux with two
        # real processes hands over within a poll).
        second.screen._poll()
        await settle(bob)
        assert second.screen.role == "facilitator"
        assert first.screen.room.role == "participant" and first.screen.room.seat is None
        assert holder(sessions_dir, session_id).name == "bob"

"""Every mistake can be fixed: edit and remove anything, undo as far back as you like, attendance
apart from presence, voting that closes, timeboxes that stop. Domain, write path and CLI."""

from __future__ import annotations

from pathlib import Path

import pytest

from reviewtui.application.sessions import create_session
from reviewtui.application.writing import Author, undo_last, write
from reviewtui.cli import main
from reviewtui.domain import changes, meeting
from reviewtui.domain.errors import InvalidInput
from reviewtui.domain.replay import Replay
from reviewtui.store import SessionStore


@pytest.fixture
def session(store: SessionStore) -> str:
    return create_session(store, "Q4 review", facilitator="Maya", participants=["Tom", "Ana"], series="Growth").info.id


def as_(store: SessionStore, session_id: str, name: str = "Maya", role: str = "facilitator"):
    def do(change):
        return write(store, session_id, Author(name, role), change)

    return do


def test_undo_takes_back_the_last_change_of_this_person_and_again_further_back(
    store: SessionStore, session: str
) -> None:
    maya, tom = as_(store, session), as_(store, session, "Tom", "participant")
    maya(lambda r: changes.add_objective(r, "Increase retention"))
    maya(lambda r: changes.add_kpi(r, "Retention", baseline=30, target=40, unit="%"))
    tom(lambda r: changes.record_answer(r, "What changed?", "Fewer tickets"))
    maya(lambda r: changes.remove_objective(r, "o1"))
    # Maya's undo passes over Tom's answer: it takes back her own latest change, then the one before.
    maya(undo_last(session, Author("Maya")))
    review = store.load(session).review
    assert "o1" in review.objectives and "r1" in review.answers
    maya(undo_last(session, Author("Maya")))
    review = store.load(session).review
    assert "k1" not in review.kpis and "o1" in review.objectives and "r1" in review.answers
    maya(undo_last(session, Author("Maya")))
    assert not store.load(session).review.objectives
    # The log keeps every step; the undone events are only left out of the review.
    log = store.load(session)
    assert [e.type for e in log.events[-3:]] == ["change.reverted"] * 3
    assert {"objective.added", "kpi.added", "objective.removed"} <= {e.type for e in log.events}
    # Nothing more of hers to take back but the session's opening? Her opening join is presence.
    with pytest.raises(InvalidInput, match="nothing of yours to undo"):
        maya(undo_last(session, Author("Maya")))
    # Replay shows the undo as what it was.
    texts = [step.text for step in Replay(log.info, log.events).steps]
    assert "undid: removed the objective “Increase retention”" in texts


def test_an_undo_takes_back_a_reading_and_the_decision_flag_it_raised_together(
    store: SessionStore, session: str
) -> None:
    maya = as_(store, session)
    maya(lambda r: changes.add_kpi(r, "Retention", baseline=30, target=40, unit="%"))
    maya(lambda r: changes.record_decision(r, "Pause upsell", revisit_if="Retention < 35"))
    events = maya(lambda r: changes.record_reading(r, "Retention", 33))
    assert [e.type for e in events] == ["kpi.measured", "decision.flagged"]
    maya(undo_last(session, Author("Maya")))
    review = store.load(session).review
    assert not review.kpis["k1"].readings and not review.flags


def test_a_participant_undoes_only_their_own_changes(store: SessionStore, session: str) -> None:
    maya, tom = as_(store, session), as_(store, session, "Tom", "participant")
    maya(lambda r: changes.add_objective(r, "Increase retention"))
    tom(lambda r: changes.record_answer(r, "What changed?", "Fewer tickets"))
    tom(undo_last(session, Author("Tom", "participant")))
    review = store.load(session).review
    assert not review.answers and "o1" in review.objectives
    # Forged: Tom names Maya's objective in an undo of his own.
    seq = next(e.seq for e in store.load(session).events if e.type == "objective.added")
    with pytest.raises(InvalidInput, match="your own changes"):
        tom(lambda r: changes.pending("change.reverted", seqs=[seq]))
    with pytest.raises(InvalidInput, match="observer only watches"):
        as_(store, session, "Olga", "observer")(lambda r: changes.pending("change.reverted", seqs=[seq]))


def test_anonymous_dots_are_undone_by_the_person_who_placed_them(store: SessionStore, session: str) -> None:
    maya, tom = as_(store, session), as_(store, session, "Tom", "participant")
    maya(lambda r: meeting.set_anonymous(r, "impact", True))
    maya(lambda r: changes.record_answer(r, "What changed because of this work?", "Fewer tickets"))
    maya(lambda r: meeting.open_voting(r, "impact", 2))
    tom(lambda r: meeting.vote(r, "Tom", "r1"))
    assert len(store.load(session).review.votes) == 1
    assert store.load(session).events[-1].actor != "Tom"  # a pseudonym
    tom(undo_last(session, Author("Tom", "participant")))
    assert not store.load(session).review.votes


def test_participants_fix_and_remove_their_own_proposals_only(store: SessionStore, session: str) -> None:
    maya, tom, ana = (
        as_(store, session),
        as_(store, session, "Tom", "participant"),
        as_(store, session, "Ana", "participant"),
    )
    tom(lambda r: changes.record_answer(r, "What changed?", "Fewer tikets"))
    tom(lambda r: changes.update_answer(r, "r1", text="Fewer tickets"))
    assert store.load(session).review.answers["r1"].text == "Fewer tickets"
    with pytest.raises(InvalidInput, match="only the facilitator"):
        ana(lambda r: changes.remove_answer(r, "r1"))
    tom(lambda r: changes.remove_answer(r, "r1"))
    maya(lambda r: changes.add_action(r, "Call users"))
    with pytest.raises(InvalidInput, match="only the facilitator"):
        tom(lambda r: changes.remove_action(r, "a1"))


def test_every_item_can_be_edited_and_removed(store: SessionStore, session: str) -> None:
    maya = as_(store, session)
    maya(lambda r: changes.add_objective(r, "Increase retention"))
    maya(lambda r: changes.add_kpi(r, "Retention", baseline=30, target=40, unit="%", objective="o1"))
    maya(lambda r: changes.record_reading(r, "k1", 33, note="June"))
    maya(lambda r: changes.record_answer(r, "What changed?", "Fewer tickets", by="Tom"))
    maya(lambda r: changes.add_action(r, "Call users", owner="Tom", kpi="k1"))
    maya(lambda r: changes.record_decision(r, "Pause upsell"))
    maya(lambda r: changes.correct_reading(r, "k1", value=34, note="June, from the warehouse", taken_at="2026-09-30"))
    reading = store.load(session).review.kpis["k1"].readings[0]
    assert (reading.value, reading.note, f"{reading.at:%Y-%m-%d}") == (34, "June, from the warehouse", "2026-09-30")
    maya(lambda r: changes.update_answer(r, "r1", by="Ana", text="Fewer tickets per account"))
    answer = store.load(session).review.answers["r1"]
    assert (answer.text, answer.by) == ("Fewer tickets per account", "Ana")
    for remove in (
        lambda r: changes.remove_reading(r, "k1"),
        lambda r: changes.remove_answer(r, "r1"),
        lambda r: changes.remove_action(r, "a1"),
        lambda r: changes.remove_decision(r, "d1"),
        lambda r: changes.remove_kpi(r, "k1"),
        lambda r: changes.remove_objective(r, "o1"),
        lambda r: changes.remove_attendee(r, "Tom"),
    ):
        maya(remove)
    review = store.load(session).review
    assert not (review.objectives or review.kpis or review.answers or review.actions or review.decisions)
    assert "Tom" not in review.participants and review.skipped == []
    with pytest.raises(InvalidInput, match="facilitates this session"):
        maya(lambda r: changes.remove_attendee(r, "Maya"))


def test_a_correction_leaves_the_review_before_it_as_it_was(store: SessionStore, session: str) -> None:
    maya = as_(store, session)
    maya(lambda r: changes.add_kpi(r, "Retention", baseline=30, target=40))
    maya(lambda r: changes.record_reading(r, "k1", 33))
    log = store.load(session)
    before = log.review
    maya(lambda r: changes.correct_reading(r, "k1", value=35))
    after = store.load(session).review  # folded on from `before` (the store keeps it): a copy
    assert before.kpis["k1"].readings[0].value == 33 and after.kpis["k1"].readings[0].value == 35


def test_attendance_is_not_presence(store: SessionStore, session: str) -> None:
    maya, tom = as_(store, session), as_(store, session, "Tom", "participant")
    review = store.load(session).review
    assert review.participants["Tom"].here and not review.participants["Tom"].connected
    maya(lambda r: changes.mark_attendance(r, "Tom", False))
    tom(lambda r: changes.join(r, "Tom"))  # his own reviewtui joins: he is here after all
    tom_now = store.load(session).review.participants["Tom"]
    assert tom_now.here and tom_now.connected
    tom(lambda r: changes.leave(r, "Tom"))  # his terminal leaves: he attended all the same
    tom_now = store.load(session).review.participants["Tom"]
    assert tom_now.here and not tom_now.connected and tom_now.left


def test_the_role_follows_the_seat(store: SessionStore, session: str) -> None:
    maya, tom = as_(store, session), as_(store, session, "Tom", "participant")
    maya(lambda r: meeting.hand_seat(r, "Tom"))
    tom(lambda r: changes.pending("participant.joined", name="Tom", role="facilitator"))
    roles = {p.name: p.role for p in store.load(session).review.participants.values()}
    assert roles == {"Maya": "participant", "Tom": "facilitator", "Ana": "participant"}


def test_people_are_carried_into_the_next_session_of_the_series(store: SessionStore, session: str) -> None:
    as_(store, session)(lambda r: changes.mark_attendance(r, "Dana", True))
    following = create_session(store, "Q1 review", facilitator="Tom", series="Growth").review
    people = {p.name: (p.role, p.here) for p in following.participants.values()}
    # The new facilitator as the seat says; the others expected, not yet marked here or away.
    assert people == {
        "Tom": ("facilitator", True),
        "Maya": ("participant", None),
        "Ana": ("participant", None),
        "Dana": ("participant", None),
    }


def test_voting_closes_and_no_dot_moves_after(store: SessionStore, session: str) -> None:
    maya, tom = as_(store, session), as_(store, session, "Tom", "participant")
    maya(lambda r: changes.record_answer(r, "What changed because of this work?", "Fewer tickets"))
    maya(lambda r: meeting.open_voting(r, "impact", 2))
    tom(lambda r: meeting.vote(r, "Tom", "r1"))
    maya(lambda r: meeting.close_voting(r, "impact"))
    voting = store.load(session).review.voting["impact"]
    assert voting.closed and voting.revealed
    with pytest.raises(InvalidInput, match="closed"):
        tom(lambda r: meeting.vote(r, "Tom", "r1"))
    with pytest.raises(InvalidInput, match="closed"):
        tom(lambda r: meeting.unvote(r, "Tom", "r1"))


def test_a_timebox_stops_when_the_room_leaves_its_phase_and_can_be_cleared(
    store: SessionStore, session: str, clock
) -> None:
    maya = as_(store, session)
    maya(lambda r: changes.enter_phase(r, "kpis"))
    maya(lambda r: changes.start_timer(r, "kpis", 10))
    maya(lambda r: changes.enter_phase(r, "impact"))
    timer = store.load(session).review.timers["kpis"]
    assert not timer.running
    much_later = clock.now.replace(year=clock.now.year + 1)
    assert timer.used(much_later) == 1 and timer.remaining(much_later) == 599  # a second, not a year
    a_month_before = clock.now.replace(month=clock.now.month - 1 or 12, year=clock.now.year - (clock.now.month == 1))
    assert timer.used(a_month_before) == 0 and timer.remaining(a_month_before) == 600  # never more than planned
    maya(lambda r: changes.close_session(r))
    maya(lambda r: changes.reopen_session(r))
    maya(lambda r: changes.clear_timer(r, "kpis"))
    assert "kpis" not in store.load(session).review.timers
    with pytest.raises(InvalidInput, match="from a second"):
        maya(lambda r: changes.start_timer(r, "kpis", 100000))


# ------------------------------------------------------------------------------------ the CLI


def cli(sessions: Path, *args: str, actor: str = "Maya") -> tuple[int, str]:
    return main([*args, "--sessions", str(sessions), "--as", actor]), ""


def test_the_cli_edits_removes_and_undoes(sessions_dir: Path, session: str, capsys: pytest.CaptureFixture[str]) -> None:
    def ok(*args: str, actor: str = "Maya") -> tuple[str, str]:
        code = main([*args, "--sessions", str(sessions_dir), "--as", actor])
        out, err = capsys.readouterr()
        assert code == 0, err
        return out.strip(), err.strip()

    ok("objective", "add", session, "Increase retention")
    ok("objective", "edit", session, "o1", "--why", "Revenue")
    ok("kpi", "add", session, "Retention", "--baseline", "30", "--target", "40", "--unit", "%")
    ok("kpi", "edit", session, "Retention", "--name", "30-day retention", "--objective", "o1")
    ok("kpi", "set", session, "k1", "33")
    ok("kpi", "correct", session, "k1", "--value", "34", "--taken", "2026-09-30")
    assert ok("answer", "add", session, "What changed?", "Fewer tickets", "--by", "Tom")[0] == "r1"
    ok("answer", "edit", session, "r1", "--by", "Ana")
    ok("action", "add", session, "Call users")
    ok("action", "edit", session, "a1", "--owner", "Tom", "--kpi", "k1")
    ok("decision", "add", session, "Pause upsell")
    ok("decision", "edit", session, "d1", "--rationale", "No effect")
    ok("attendee", "away", session, "Ana")
    ok("timebox", session, "kpis", "10")
    ok("vote", "open", session, "impact", "2")
    ok("vote", "cast", session, "r1", actor="Tom")
    ok("vote", "close", session, "impact")
    review = SessionStore(sessions_dir).load(session).review
    assert review.objectives["o1"].why == "Revenue" and review.kpis["k1"].name == "30-day retention"
    assert review.kpis["k1"].readings[0].value == 34 and review.answers["r1"].by == "Ana"
    assert review.actions["a1"].owner == "Tom" and review.actions["a1"].kpi_id == "k1"
    assert review.decisions["d1"].rationale == "No effect" and review.participants["Ana"].here is False
    assert review.timers["kpis"].seconds == 600 and review.voting["impact"].closed
    # A removal says what went, in words, and the way back.
    _, said = ok("action", "remove", session, "a1")
    assert said == f"reviewtui: note: removed the action “Call users”; `reviewtui undo {session}` brings it back"
    _, said = ok("undo", session)
    assert said == "reviewtui: note: undid: removed the action “Call users”"
    assert "a1" in SessionStore(sessions_dir).load(session).review.actions
    for args in (
        ("kpi", "remove-reading", session, "k1"),
        ("answer", "remove", session, "r1"),
        ("decision", "remove", session, "d1"),
        ("kpi", "remove", session, "k1"),
        ("objective", "remove", session, "o1"),
        ("attendee", "remove", session, "Ana"),
        ("timebox", session, "kpis", "--clear"),
    ):
        ok(*args)
    review = SessionStore(sessions_dir).load(session).review
    assert not (review.kpis or review.objectives or review.answers or review.decisions or review.timers)
    assert "Ana" not in review.participants


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (("kpi", "edit", "{id}", "k1"), "say what to change: --name, --baseline"),
        (("timebox", "{id}", "kpis"), "give the minutes, or --clear"),
        (("undo", "{id}"), "nothing of yours to undo"),
        (("kpi", "correct", "{id}", "k9", "--value", "3"), "no KPI 'k9'"),
        (("attendee", "remove", "{id}", "Nobody"), "'Nobody' is not on the attendance list"),
        (("vote", "close", "{id}", "impact"), "no voting has been opened"),
    ],
)
def test_the_cli_says_what_it_could_not_fix(
    sessions_dir: Path, session: str, capsys: pytest.CaptureFixture[str], args: tuple[str, ...], said: str
) -> None:
    argv = [arg.replace("{id}", session) for arg in args]
    code = main([*argv, "--sessions", str(sessions_dir), "--as", "Zed"])
    err = capsys.readouterr().err
    assert code in (1, 2) and said in err and "Traceback" not in err

"""`fold(session, events) -> Review`: the one pure function that turns the event log into the review.

Recording, resuming, live sync, replay (the state as of event N) and export all go through here.
The fold never raises on a well-typed event: a reference to something that does not exist (a
hand-edited file, a removed KPI) or an unknown type is noted in `review.skipped` and passed over.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Set
from typing import Any, TypeVar

from reviewtui.domain import events as ev
from reviewtui.domain.basics import ActionStatus, in_range, range_problem
from reviewtui.domain.expectations import try_expect
from reviewtui.domain.kpi import format_number
from reviewtui.domain.review import (
    Action,
    ActionReview,
    Answer,
    ConfidenceRound,
    Decision,
    Flag,
    Kpi,
    Note,
    Objective,
    Participant,
    Reading,
    Review,
    Skipped,
    Timer,
    Vote,
    Voting,
)
from reviewtui.domain.session import SessionInfo

E = TypeVar("E", bound=ev.EventBase)
_HANDLERS: dict[type[ev.EventBase], Callable[[Review, Any], str | None]] = {}
"""Each handler applies one event type and returns None, or why the event was skipped."""


class RefoldNeeded(Exception):
    """An undo (change.reverted) among events folded on: it changes what came before it, so the
    review must be folded afresh from the whole log (see `reverts`)."""


def reverts(events: Iterable[ev.EventBase]) -> bool:
    """Does any of `events` undo an earlier one? Then the review cannot be folded on: fold afresh."""
    return any(isinstance(event, ev.ChangeReverted) for event in events)


def fold(session: SessionInfo, events: Iterable[ev.EventBase]) -> Review:
    """The review as it stands after `events` (in seq order), each event undone by a later
    change.reverted among them left out."""
    events = list(events)
    review = Review(session=session)
    _apply_all(review, events, _undone(events))
    return review


def advance(review: Review, events: Iterable[ev.EventBase]) -> Review:
    """A new review: `review` with further events folded in. `review` itself is not changed.
    RefoldNeeded if one of them is an undo."""
    later = review.copy()
    fold_into(later, events)
    return later


def fold_into(review: Review, events: Iterable[ev.EventBase]) -> None:
    """Fold further events into `review`, changing it. Only for a review its caller owns alone.
    RefoldNeeded (before any change) if one of them is an undo."""
    events = list(events)
    if reverts(events):
        raise RefoldNeeded
    _apply_all(review, events, frozenset())


def _undone(events: list[ev.EventBase]) -> set[int]:
    """Seqs undone by a change.reverted among `events` (an undo reaches back only, never forward)."""
    return {
        seq for event in events if isinstance(event, ev.ChangeReverted) for seq in event.data.seqs if seq < event.seq
    }


def _apply_all(review: Review, events: Iterable[ev.EventBase], undone: Set[int]) -> None:
    for event in events:
        if event.seq == 1:
            review.opening = (event.actor, event.at)
        if event.seq in undone:
            review.reverted.add(event.seq)
            item = getattr(event.data, "id", None)
            if isinstance(item, str):
                review.note_id(item)  # ids are never used again, even an undone one's
        else:
            handler = _HANDLERS.get(type(event))
            reason = handler(review, event) if handler else _unknown(event)
            if reason:
                review.skipped.append(Skipped(event.seq, event.type, reason))
            elif _undoable(event):
                review.note_write(event.actor, event.at, event.seq, event.type)
        review.as_of_seq = event.seq
        review.updated_at = event.at


_NOT_UNDONE = frozenset({"change.reverted", "seat.handed", "phase.entered", "series.carried", "confidence.revealed"})
"""Not changes to the review an undo takes back: an undo (undo it by hand), the seat, where the
room is, what a session started from, and a confidence round revealed (revealed values are in the
file for good: hidden again, re-rated and revealed, they would tell a person's first rating). A
round opened is taken back only until someone rates in it (see _confidence_rated)."""


def _undoable(event: ev.EventBase) -> bool:
    if event.type in _NOT_UNDONE or isinstance(event, ev.UnknownEvent):
        return False
    if isinstance(event, ev.ParticipantJoined | ev.ParticipantLeft):
        return event.actor != event.data.name  # their own coming and going is presence, not a change
    return True


def _unknown(event: ev.EventBase) -> str:
    return f"unknown event type {event.type!r} (written by a newer reviewtui?); kept, not applied"


def _on(event_type: type[E]) -> Callable[[Callable[[Review, E], str | None]], Callable[[Review, E], str | None]]:
    def register(handler: Callable[[Review, E], str | None]) -> Callable[[Review, E], str | None]:
        _HANDLERS[event_type] = handler
        return handler

    return register


def _changes(data: ev.EventData) -> dict[str, Any]:
    """The fields an *.updated event sets (explicit nulls included, the id excluded)."""
    return {name: getattr(data, name) for name in data.model_fields_set if name != "id"}


@_on(ev.ParticipantJoined)
def _joined(review: Review, event: ev.ParticipantJoined) -> None:
    """Someone's own reviewtui joined (they are connected, and so here), or the facilitator added
    them (here), or they were carried over from the last session (expected, not marked yet)."""
    data = event.data
    themselves = event.actor == data.name
    if data.role == "facilitator":
        review.seat_to = None  # someone sits in the seat: an earlier hand-over is done with
        for other in review.participants.values():
            if other.role == "facilitator" and other.name != data.name:
                other.role = "participant"  # one seat: the role follows it
    here = None if data.carried_from else True
    existing = review.participants.get(data.name)
    if existing and data.carried_from:
        return  # on this session already: as they are
    if existing:
        existing.role = data.role
        existing.here = True if themselves or here else existing.here
        existing.connected = existing.connected or themselves
        existing.left = existing.left and not themselves
    else:
        review.participants[data.name] = Participant(
            data.name, data.role, here, connected=themselves, joined_at=event.at, carried_from=data.carried_from
        )


@_on(ev.ParticipantLeft)
def _left(review: Review, event: ev.ParticipantLeft) -> str | None:
    """Their reviewtui left (no longer connected; they attended all the same), or, written by
    someone else (before attendance.marked existed), marked away."""
    participant = review.participants.get(event.data.name)
    if participant is None:
        return f"{event.data.name!r} left without having joined"
    if event.actor == event.data.name:
        participant.connected, participant.left = False, True
    else:
        participant.here = False
    return None


@_on(ev.AttendanceMarked)
def _attendance(review: Review, event: ev.AttendanceMarked) -> None:
    participant = review.participants.get(event.data.name)
    if participant is None:
        review.participants[event.data.name] = Participant(
            event.data.name, "participant", event.data.here, connected=False, joined_at=event.at
        )
    else:
        participant.here = event.data.here


@_on(ev.AttendanceRemoved)
def _attendance_removed(review: Review, event: ev.AttendanceRemoved) -> str | None:
    if review.participants.pop(event.data.name, None) is None:
        return f"{event.data.name!r} is not on the attendance list"
    return None


@_on(ev.PhaseEntered)
def _phase(review: Review, event: ev.PhaseEntered) -> None:
    if review.phase and review.phase != event.data.phase:
        _stop_timer(review, review.phase, event)  # the room left the phase: its timebox is done
    review.phase = event.data.phase


def _stop_timer(review: Review, phase: str, event: ev.EventBase) -> None:
    timer = review.timers.get(phase)
    if timer is not None and timer.stopped_at is None:
        timer.stopped_at = event.at


@_on(ev.TimerStarted)
def _timer(review: Review, event: ev.TimerStarted) -> None:
    review.timers[event.data.phase] = Timer(event.data.phase, event.at, event.data.seconds)


@_on(ev.TimerCleared)
def _timer_cleared(review: Review, event: ev.TimerCleared) -> str | None:
    if review.timers.pop(event.data.phase, None) is None:
        return f"no timebox in {event.data.phase} to clear"
    return None


@_on(ev.ObjectiveAdded)
def _objective_added(review: Review, event: ev.ObjectiveAdded) -> str | None:
    data = event.data
    if data.id in review.objectives:
        return f"objective {data.id} already exists"
    review.note_id(data.id)
    review.objectives[data.id] = Objective(data.id, data.statement, data.why, event.actor, data.carried_from)
    return None


@_on(ev.ObjectiveUpdated)
def _objective_updated(review: Review, event: ev.ObjectiveUpdated) -> str | None:
    objective = review.objectives.get(event.data.id)
    if objective is None:
        return f"no objective {event.data.id}"
    for name, value in _changes(event.data).items():
        if value is not None or name == "why":
            setattr(objective, name, value if value is not None else "")
    return None


@_on(ev.ObjectiveRemoved)
def _objective_removed(review: Review, event: ev.ObjectiveRemoved) -> str | None:
    if review.objectives.pop(event.data.id, None) is None:
        return f"no objective {event.data.id}"
    return None


def _usable(kpi: Kpi, what: str, value: float | None) -> float | None:
    """`value` if KPI math can use it; else None (no data), with the reason kept on the KPI. Only
    a file written by hand or by others holds such a number: what people type is refused."""
    if value is None or in_range(value):
        return value
    kpi.problem = f"its {what} in the file, {format_number(value)}, {range_problem(value)}; it was left out"
    return None


@_on(ev.KpiAdded)
def _kpi_added(review: Review, event: ev.KpiAdded) -> str | None:
    data = event.data
    if data.id in review.kpis:
        return f"KPI {data.id} already exists"
    review.note_id(data.id)
    kpi = Kpi(
        data.id,
        data.name,
        data.objective_id,
        data.unit,
        None,
        None,
        data.direction,
        carried_from=data.carried_from,
        origin_session=data.origin_session,
        by=data.by,
        since=data.since or event.at.astimezone().date(),
    )
    kpi.baseline, kpi.target = _usable(kpi, "baseline", data.baseline), _usable(kpi, "target", data.target)
    review.kpis[data.id] = kpi
    return None


@_on(ev.KpiUpdated)
def _kpi_updated(review: Review, event: ev.KpiUpdated) -> str | None:
    kpi = review.kpis.get(event.data.id)
    if kpi is None:
        return f"no KPI {event.data.id}"
    for name, value in _changes(event.data).items():
        # name, unit, direction and the start of the way always have a value; the others may be
        # cleared with null.
        if value is None and name in ("name", "direction", "since"):
            continue
        if name in ("baseline", "target"):
            value = _usable(kpi, name, value)
        setattr(kpi, name, "" if value is None and name == "unit" else value)
    return None


@_on(ev.KpiRemoved)
def _kpi_removed(review: Review, event: ev.KpiRemoved) -> str | None:
    if review.kpis.pop(event.data.id, None) is None:
        return f"no KPI {event.data.id}"
    return None


@_on(ev.ReadingCorrected)
def _reading_corrected(review: Review, event: ev.ReadingCorrected) -> str | None:
    found = _reading(review, event.data.seq)
    if found is None:
        return f"no reading {event.data.seq} to correct"
    kpi, reading = found
    data = event.data
    changed: dict[str, Any] = {}
    if "value" in data.model_fields_set and data.value is not None:
        if not in_range(data.value):
            return f"the corrected value {format_number(data.value)} {range_problem(data.value)}"
        changed["value"] = data.value
    if "note" in data.model_fields_set:
        changed["note"] = data.note or ""
    if "taken_at" in data.model_fields_set and data.taken_at is not None:
        changed["at"] = data.taken_at
    # A new Reading, not the old one changed: copies of the review share their readings.
    kpi.readings[kpi.readings.index(reading)] = dataclasses.replace(reading, **changed)
    kpi.readings.sort(key=lambda r: r.at)  # the latest reading is the one taken last
    return None


@_on(ev.ReadingRemoved)
def _reading_removed(review: Review, event: ev.ReadingRemoved) -> str | None:
    found = _reading(review, event.data.seq)
    if found is None:
        return f"no reading {event.data.seq} to remove"
    kpi, reading = found
    kpi.readings.remove(reading)
    return None


def _reading(review: Review, seq: int) -> tuple[Kpi, Reading] | None:
    """The reading recorded by event `seq`, and its KPI."""
    for kpi in review.kpis.values():
        for reading in kpi.readings:
            if reading.seq == seq:
                return kpi, reading
    return None


@_on(ev.KpiMeasured)
def _kpi_measured(review: Review, event: ev.KpiMeasured) -> str | None:
    kpi = review.kpis.get(event.data.id)
    if kpi is None:
        return f"reading for no KPI {event.data.id}"
    data = event.data
    if not in_range(data.value):
        kpi.problem = (
            f"a reading in the file, {format_number(data.value)}, {range_problem(data.value)}; it was left out"
        )
        return f"the reading {format_number(data.value)} {range_problem(data.value)}"
    kpi.readings.append(
        Reading(
            event.seq, data.taken_at or event.at, data.value, data.note, data.source, event.actor, data.carried_from
        )
    )
    if len(kpi.readings) > 1 and kpi.readings[-2].at > kpi.readings[-1].at:
        # Taken before one recorded earlier (an import of past readings): the latest reading is
        # the one taken last. A stable sort: readings taken at one moment keep their order.
        kpi.readings.sort(key=lambda r: r.at)
    return None


@_on(ev.AnswerRecorded)
def _answer(review: Review, event: ev.AnswerRecorded) -> str | None:
    data = event.data
    if data.id in review.answers:
        return f"answer {data.id} already exists"
    review.note_id(data.id)
    review.answers[data.id] = Answer(
        data.id,
        data.question,
        data.text,
        data.objective_id,
        data.by or event.actor,
        event.at,
        data.proposed,
        author=event.actor,
    )
    return None


@_on(ev.AnswerUpdated)
def _answer_updated(review: Review, event: ev.AnswerUpdated) -> str | None:
    answer = review.answers.get(event.data.id)
    if answer is None:
        return f"no answer {event.data.id}"
    for name, value in _changes(event.data).items():
        if name == "text" and value is None:
            continue
        if name == "by":
            value = value or event.actor
        setattr(answer, name, value)
    return None


@_on(ev.AnswerRemoved)
def _answer_removed(review: Review, event: ev.AnswerRemoved) -> str | None:
    return _remove_item(review, review.answers, event.data.id, "answer")


@_on(ev.ActionRemoved)
def _action_removed(review: Review, event: ev.ActionRemoved) -> str | None:
    return _remove_item(review, review.actions, event.data.id, "action")


@_on(ev.DecisionRemoved)
def _decision_removed(review: Review, event: ev.DecisionRemoved) -> str | None:
    return _remove_item(review, review.decisions, event.data.id, "decision")


def _remove_item(review: Review, items: dict[str, Any], item_id: str, kind: str) -> str | None:
    """An answer, action or decision removed, and the dots placed on it."""
    if items.pop(item_id, None) is None:
        return f"no {kind} {item_id}"
    review.votes = [v for v in review.votes if v.target_id != item_id]
    return None


@_on(ev.ActionAdded)
def _action_added(review: Review, event: ev.ActionAdded) -> str | None:
    data = event.data
    if data.id in review.actions:
        return f"action {data.id} already exists"
    review.note_id(data.id)
    review.actions[data.id] = Action(
        data.id,
        data.text,
        data.owner,
        data.due,
        data.status,
        data.objective_id,
        data.kpi_id,
        data.origin_session,
        added_at=event.at,
        closed_at=None if data.status == "open" else event.at,
        carried_from=data.carried_from,
        proposed=data.proposed,
        author=event.actor,
        expect=data.expect,
        expect_from=data.expect_from,
        expect_by=data.expect_by,
        expect_at=(data.expect_at or event.at) if data.expect else None,
    )
    return _checked_expectation(review.actions[data.id])


def _checked_expectation(action: Action) -> str | None:
    """An expectation a file holds that this version cannot read, or with a number KPI math cannot
    use, is left out, and said (the action itself stands)."""
    if action.expect is None:
        return None
    problem = None
    if try_expect(action.expect) is None:
        problem = f"its expectation {action.expect!r} is not one reviewtui reads"
    elif action.expect_from is not None and not in_range(action.expect_from):
        problem = f"the reading its expectation counts from, {format_number(action.expect_from)}, {range_problem(action.expect_from)}"
    if problem is None:
        return None
    action.expect = action.expect_from = action.expect_by = action.expect_at = None
    return f"{problem}; the expectation was left out"


@_on(ev.ActionUpdated)
def _action_updated(review: Review, event: ev.ActionUpdated) -> str | None:
    action = review.actions.get(event.data.id)
    if action is None:
        return f"no action {event.data.id}"
    for name, value in _changes(event.data).items():
        if value is None and name in ("text", "status"):
            continue
        setattr(action, name, value)
    problem = None
    if "expect" in event.data.model_fields_set:  # stated afresh (or taken off) now
        action.expect_at = event.at if action.expect else None
        problem = _checked_expectation(action)
    if "status" in event.data.model_fields_set and event.data.status is not None:
        action.closed_at = None if event.data.status == "open" else event.at
        if action.review is not None and _VERDICT_STATUS[action.review.verdict] != event.data.status:
            action.review = None  # a later change of status supersedes what was said at check-in
    return problem


_VERDICT_STATUS: dict[str, ActionStatus] = {"done": "done", "dropped": "dropped", "not done": "open"}


@_on(ev.DecisionRecorded)
def _decision(review: Review, event: ev.DecisionRecorded) -> str | None:
    data = event.data
    if data.id in review.decisions:
        return f"decision {data.id} already exists"
    review.note_id(data.id)
    review.decisions[data.id] = Decision(
        data.id,
        data.text,
        data.rationale,
        data.owner,
        data.revisit_if,
        event.actor,
        event.at,
        data.revisit_kpi,
        data.proposed,
    )
    return None


@_on(ev.DecisionUpdated)
def _decision_updated(review: Review, event: ev.DecisionUpdated) -> str | None:
    decision = review.decisions.get(event.data.id)
    if decision is None:
        return f"no decision {event.data.id}"
    for name, value in _changes(event.data).items():
        if value is None and name == "text":
            continue
        setattr(decision, name, "" if value is None and name == "rationale" else value)
    return None


@_on(ev.VoteCast)
def _vote(review: Review, event: ev.VoteCast) -> str | None:
    target = event.data.target_id
    phase = review.phase_of_item(target)
    if phase is None:
        return f"nothing to vote for: no answer or action {target}"
    voting = review.voting.get(phase)
    if voting is not None and voting.closed:
        return f"the voting in {phase} is closed"
    # A limit set after dots were placed holds only for later dots; earlier sessions voted freely.
    if phase in review.voting and review.votes_left(phase, event.actor) <= 0:
        return f"{event.actor} has no dots left in {phase}"
    review.votes.append(Vote(event.seq, event.actor, target))
    return None


@_on(ev.VoteWithdrawn)
def _unvote(review: Review, event: ev.VoteWithdrawn) -> str | None:
    for index in range(len(review.votes) - 1, -1, -1):
        vote = review.votes[index]
        if vote.actor == event.actor and vote.target_id == event.data.target_id:
            del review.votes[index]
            return None
    return f"{event.actor} has no dot on {event.data.target_id} to take back"


@_on(ev.SeatHanded)
def _seat(review: Review, event: ev.SeatHanded) -> None:
    review.seat_to = event.data.to


@_on(ev.ContributionAccepted)
def _accepted(review: Review, event: ev.ContributionAccepted) -> str | None:
    item = review.find_item(event.data.id)
    if item is None:
        return f"no answer, action or decision {event.data.id}"
    item.proposed = False
    if event.data.text is not None:
        item.text = event.data.text
    return None


@_on(ev.ContributionRemoved)
def _removed(review: Review, event: ev.ContributionRemoved) -> str | None:
    item_id = event.data.id
    if review.find_item(item_id) is None:
        return f"no answer, action or decision {item_id}"
    for items in (review.answers, review.actions, review.decisions):
        items.pop(item_id, None)
    review.votes = [v for v in review.votes if v.target_id != item_id]
    return None


@_on(ev.VotingOpened)
def _voting(review: Review, event: ev.VotingOpened) -> None:
    review.voting[event.data.phase] = Voting(event.data.votes)


@_on(ev.VotingClosed)
def _voting_closed(review: Review, event: ev.VotingClosed) -> str | None:
    voting = review.voting.get(event.data.phase)
    if voting is None:
        return f"no voting in {event.data.phase} to close"
    voting.closed = voting.revealed = True  # closed is final, and the totals are for everyone
    return None


@_on(ev.VotesRevealed)
def _revealed(review: Review, event: ev.VotesRevealed) -> str | None:
    voting = review.voting.get(event.data.phase)
    if voting is None:
        return f"no voting in {event.data.phase} to reveal"
    voting.revealed = True
    return None


@_on(ev.ConfidenceOpened)
def _confidence_opened(review: Review, event: ev.ConfidenceOpened) -> str | None:
    if review.open_round is not None:
        return "a confidence round is open already"
    review.confidence = ConfidenceRound(event.data.phase)
    return None


@_on(ev.ConfidenceRated)
def _confidence_rated(review: Review, event: ev.ConfidenceRated) -> str | None:
    round_ = review.open_round
    if round_ is None:
        return "no confidence round is open"
    if event.data.kpi_id not in review.kpis:
        return f"a rating of no KPI {event.data.kpi_id}"
    round_.sealed[(event.data.kpi_id, event.actor)] = (event.data.sealed, event.data.nonce, event.data.check)
    # Rated in: the round can no longer be taken back (its ratings would fall out of it).
    review.writes = [w for w in review.writes if w.first_type != "confidence.opened"]
    return None


@_on(ev.ConfidenceRevealed)
def _confidence_revealed(review: Review, event: ev.ConfidenceRevealed) -> str | None:
    round_ = review.open_round
    if round_ is None:
        return "no confidence round is open to reveal"
    round_.revealed = True
    # A KPI not rated this time keeps what an earlier round of the session said of it.
    review.confidence_values.update({kpi: sorted(values) for kpi, values in event.data.values.items() if values})
    # The ratings revealed are part of the record now: an undo never takes one back.
    review.writes = [w for w in review.writes if w.first_type != "confidence.rated"]
    return None


@_on(ev.TemplateRecorded)
def _template_recorded(review: Review, event: ev.TemplateRecorded) -> str | None:
    from reviewtui.domain.template_spec import TemplateInvalid, template_from_data

    try:
        review.recorded_template = template_from_data(event.data.template, event.data.id)
    except TemplateInvalid as invalid:
        return f"the template it records cannot be read ({invalid}); the bundled template of its id stands in"
    return None


@_on(ev.PhaseAnonymity)
def _anonymity(review: Review, event: ev.PhaseAnonymity) -> None:
    if event.data.anonymous:
        review.anonymous.add(event.data.phase)
    else:
        review.anonymous.discard(event.data.phase)


@_on(ev.NoteAdded)
def _note(review: Review, event: ev.NoteAdded) -> None:
    review.notes.append(Note(event.seq, event.at, event.actor, event.data.text))


@_on(ev.SessionClosed)
def _closed(review: Review, event: ev.SessionClosed) -> None:
    review.closed = True
    for phase in list(review.timers):
        _stop_timer(review, phase, event)  # a closed session's timeboxes are history, not running


@_on(ev.SessionReopened)
def _reopened(review: Review, event: ev.SessionReopened) -> None:
    review.closed = False


@_on(ev.ParameterSet)
def _parameter(review: Review, event: ev.ParameterSet) -> None:
    review.parameters[event.data.name] = event.data.value


@_on(ev.CoachDismissed)
def _dismissed(review: Review, event: ev.CoachDismissed) -> None:
    review.dismissed.add(event.data.key)


@_on(ev.SeriesCarried)
def _carried(review: Review, event: ev.SeriesCarried) -> None:
    review.carried_from = event.data.from_session
    for prefix, number in event.data.highest.items():
        if number > review.highest_number.get(prefix, 0):
            review.highest_number[prefix] = number


@_on(ev.ActionReviewed)
def _reviewed(review: Review, event: ev.ActionReviewed) -> str | None:
    action = review.actions.get(event.data.id)
    if action is None:
        return f"no action {event.data.id}"
    data = event.data
    action.review = ActionReview(data.verdict, data.owner, data.note, event.actor, event.at)
    status = _VERDICT_STATUS[data.verdict]
    if status != action.status:
        action.status = status
        action.closed_at = None if status == "open" else event.at
    return None


@_on(ev.ChangeReverted)
def _reverted(review: Review, event: ev.ChangeReverted) -> None:
    """What it undoes was left out already (see `fold`): nothing more to do here."""


@_on(ev.DecisionFlagged)
def _flagged(review: Review, event: ev.DecisionFlagged) -> None:
    data = event.data
    review.flags.append(Flag(data.decision_id, data.session_id, data.decision, data.condition, data.value, event.at))


_UNHANDLED = sorted(kind for kind, cls in ev.EVENT_TYPES.items() if cls not in _HANDLERS)
if _UNHANDLED:  # a new event type without its handler fails at import, not in front of a room
    raise TypeError(f"the fold has no handler for {', '.join(_UNHANDLED)}")

"""Replay: every event of a session in words a person reads, and the review as of any event.

The review as of event N is the fold of the first N events (DESIGN.md). Folding 10,000 events
takes under 20 ms, so a jump anywhere folds afresh; stepping forward folds one event more.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from reviewtui.domain import events as ev
from reviewtui.domain.fold import fold, fold_into
from reviewtui.domain.kpi import format_number, format_value
from reviewtui.domain.review import Review
from reviewtui.domain.session import SessionInfo


@dataclass(frozen=True)
class Step:
    """One event as the timeline shows it."""

    seq: int
    at: datetime
    actor: str
    text: str
    phase: str | None = None
    """The phase entered, for a phase change."""
    known: bool = True
    """False for an event type of a newer version: shown, and skipped by the fold."""
    item: str | None = None
    """The id of the objective, KPI, action or decision the event is about, if any."""


def _item(event: ev.EventBase) -> str | None:
    data = event.data
    if isinstance(event, ev.DecisionFlagged):
        return str(data.decision_id)
    item = getattr(data, "id", None)
    return item if isinstance(item, str) else None


def _changed(what: str, data: ev.EventData) -> str:
    """An *.updated event: what it changed, and which fields it set besides the id."""
    fields = ", ".join(sorted(name for name in data.model_fields_set if name != "id"))
    return f"changed {what} {getattr(data, 'id', '')} ({fields})"


def _phase_title(review: Review, phase_id: str) -> str:
    phase = review.template.phase(phase_id)
    return phase.title if phase else phase_id


def _carried(data: ev.EventData) -> str:
    return " (carried over)" if getattr(data, "carried_from", None) else ""


def _short(text: str, limit: int = 70) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def describe(event: ev.EventBase, before: Review) -> str:
    """What happened, as a sentence without its subject (the actor is shown beside it)."""
    data = event.data
    match event:
        case ev.ParticipantJoined():
            return f"{data.name} joined as {data.role}" if data.name != event.actor else f"joined as {data.role}"
        case ev.ParticipantLeft():
            return f"{data.name} left" if data.name != event.actor else "left"
        case ev.PhaseEntered():
            return f"moved to {_phase_title(before, data.phase)}"
        case ev.TimerStarted():
            return f"started a {format_number(data.seconds / 60)}-minute timebox for {_phase_title(before, data.phase)}"
        case ev.ObjectiveAdded():
            return f"added objective {data.id}{_carried(data)}: {_short(data.statement)}"
        case ev.ObjectiveUpdated():
            return _changed("objective", data)
        case ev.ObjectiveRemoved():
            return f"removed objective {data.id}"
        case ev.KpiAdded():
            carried = _carried(data)
            span = ""
            if data.baseline is not None and data.target is not None:
                span = f" {format_value(data.baseline, data.unit)} → {format_value(data.target, data.unit)}"
            return f"added KPI {data.id}{carried}: {_short(data.name, 50)}{span}"
        case ev.KpiUpdated():
            return _changed("KPI", data)
        case ev.KpiRemoved():
            return f"removed KPI {data.id}"
        case ev.KpiMeasured():
            kpi = before.kpis.get(data.id)
            name, unit = (kpi.name, kpi.unit) if kpi else (data.id, "")
            carried = _carried(data)
            return f"recorded {format_value(data.value, unit)} for {_short(name, 40)}{carried}"
        case ev.AnswerRecorded():
            by = f"{data.by}: " if data.by and data.by != event.actor else ""
            verb = "proposed an answer to" if data.proposed else "answered"
            return f"{verb} “{_short(data.question, 40)}” — {by}{_short(data.text, 60)}"
        case ev.ActionAdded():
            carried = _carried(data)
            owner = f" for {data.owner}" if data.owner else ""
            verb = "proposed action" if data.proposed else "agreed action"
            return f"{verb} {data.id}{carried}{owner}: {_short(data.text)}"
        case ev.ActionUpdated():
            if data.model_fields_set == {"id", "status"}:
                return f"marked action {data.id} {data.status}"
            return _changed("action", data)
        case ev.ActionReviewed():
            return f"reviewed action {data.id} with {data.owner or 'its owner'}: {data.verdict}"
        case ev.DecisionRecorded():
            verb = "proposed decision" if data.proposed else "decided"
            return f"{verb} {data.id}: {_short(data.text)}"
        case ev.DecisionUpdated():
            return _changed("decision", data)
        case ev.DecisionFlagged():
            return f"a reading of {format_number(data.value)} meets “{data.condition}”: decision to revisit"
        case ev.VoteCast():
            return f"placed a dot on {data.target_id}"
        case ev.VoteWithdrawn():
            return f"took a dot back from {data.target_id}"
        case ev.SeatHanded():
            return f"handed the facilitator seat to {data.to}"
        case ev.ContributionAccepted():
            return f"accepted {data.id}"
        case ev.ContributionRemoved():
            return f"removed {data.id}"
        case ev.VotingOpened():
            return f"opened dot voting in {_phase_title(before, data.phase)}: {data.votes} each"
        case ev.VotesRevealed():
            return f"revealed the votes in {_phase_title(before, data.phase)}"
        case ev.PhaseAnonymity():
            title = _phase_title(before, data.phase)
            return f"made {title} anonymous" if data.anonymous else f"made {title} named again"
        case ev.NoteAdded():
            return f"noted: {_short(data.text)}"
        case ev.SessionClosed():
            return "closed the session"
        case ev.SessionReopened():
            return "reopened the session"
        case ev.ParameterSet():
            return f"set {data.name} to {data.value}"
        case ev.CoachDismissed():
            return "set aside a coach hint"
        case ev.SeriesCarried():
            return f"started from {data.from_title or data.from_session} (carried over)"
        case _:
            return f"an event of type {event.type!r}, from a newer reviewtui: kept, skipped"


_STEP_AHEAD = 64
"""Up to this many events ahead, fold on from where the replay stands; further, or back, afresh."""


class Replay:
    """A session's steps, and the review as of any of them."""

    def __init__(self, info: SessionInfo, events: Sequence[ev.EventBase]) -> None:
        self.info = info
        self.events = list(events)
        review = fold(info, [])
        steps = []
        for event in self.events:
            steps.append(
                Step(
                    event.seq,
                    event.at,
                    event.actor,
                    describe(event, review),
                    event.data.phase if isinstance(event, ev.PhaseEntered) else None,
                    type(event) is not ev.UnknownEvent,
                    _item(event),
                )
            )
            fold_into(review, [event])
        self.steps = steps
        self.phase_seqs = [step.seq for step in steps if step.phase]
        """The seqs of the events that entered a phase."""
        self._at: Review | None = review
        """The review last handed out, owned here: stepping forward folds one event into it.
        (Describing the steps folded them all: that is the review at the end, where replays start.)"""

    @property
    def last(self) -> int:
        return len(self.events)

    def review_at(self, seq: int) -> Review:
        """The review as of event `seq` (0: before the first). Callers must not keep it across
        calls: one step forward folds into the same review."""
        seq = max(0, min(seq, self.last))
        current = self._at
        if current is not None and current.as_of_seq <= seq <= current.as_of_seq + _STEP_AHEAD:
            fold_into(current, self.events[current.as_of_seq : seq])  # a few steps on: fold just those
        else:
            current = fold(self.info, self.events[:seq])
        self._at = current
        return current

    def seq_at(self, moment: datetime) -> int:
        """The last event at or before `moment` (0 if it is before them all)."""
        seq = 0
        for step in self.steps:
            if step.at > moment:
                break
            seq = step.seq
        return seq

"""Replay: every event of a session in words a person reads, and the review as of any event.

The review as of event N is the fold of the first N events (DESIGN.md). Folding 10,000 events
takes under 20 ms, so a jump anywhere folds afresh; stepping forward folds one event more.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from reviewtui.domain import events as ev
from reviewtui.domain.fold import fold, fold_into, reverts
from reviewtui.domain.kpi import format_number, format_value
from reviewtui.domain.review import Kpi, Reading, Review
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


def _phase_title(review: Review, phase_id: str) -> str:
    phase = review.template.phase(phase_id)
    return phase.title if phase else phase_id


def _carried(data: ev.EventData) -> str:
    return " (carried over)" if getattr(data, "carried_from", None) else ""


def _short(text: str, limit: int = 70) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _quoted(text: str, limit: int = 50) -> str:
    return f"“{_short(text, limit)}”"


def _objective(review: Review, objective_id: str | None) -> str:
    objective = review.objectives.get(objective_id or "")
    return f"the objective {_quoted(objective.statement, 40)}" if objective else "an objective no longer there"


def _kpi(review: Review, kpi_id: str | None) -> str:
    kpi = review.kpis.get(kpi_id or "")
    return f"the KPI {_quoted(kpi.name, 40)}" if kpi else "a KPI no longer there"


def _item_words(review: Review, item_id: str) -> str:
    """An answer, action or decision, by its words (never its id)."""
    answer = review.answers.get(item_id)
    if answer is not None:
        return f"the answer {_quoted(answer.text)}"
    action = review.actions.get(item_id)
    if action is not None:
        return f"the action {_quoted(action.text)}"
    decision = review.decisions.get(item_id)
    if decision is not None:
        return f"the decision {_quoted(decision.text)}"
    return "an item no longer there"


_DIRECTION_WORDS = {"increase": "to go up", "decrease": "to go down", "maintain_above": "to stay at or above",
                    "maintain_below": "to stay at or below"}  # fmt: skip


def _kpi_changes(review: Review, data: ev.KpiChange) -> str:
    kpi = review.kpis.get(data.id)
    unit = data.unit if data.unit is not None else (kpi.unit if kpi else "")
    said = []
    for name in sorted(data.model_fields_set - {"id"}):
        value = getattr(data, name)
        if name == "name":
            said.append(f"renamed it {_quoted(value or '', 40)}")
        elif name in ("baseline", "target"):
            said.append(
                f"set its {name} to {format_value(value, unit)}" if value is not None else f"cleared its {name}"
            )
        elif name == "unit":
            said.append(f"set its unit to {value!r}" if value else "took its unit off")
        elif name == "direction" and value:
            said.append(f"wants it {_DIRECTION_WORDS[value]}")
        elif name == "objective_id":
            said.append(f"linked it to {_objective(review, value)}" if value else "unlinked it from its objective")
        elif name == "by":
            said.append(f"made it due {value.isoformat()}" if value else "took its date off")
        elif name == "since" and value:
            said.append(f"started its way on {value.isoformat()}")
    return f"changed {_kpi(review, data.id)}: {', '.join(said) or 'nothing'}"


def _action_changes(review: Review, data: ev.ActionChange) -> str:
    said = []
    for name in sorted(data.model_fields_set - {"id"}):
        value = getattr(data, name)
        if name == "text":
            said.append(f"reworded it {_quoted(value or '')}")
        elif name == "owner":
            said.append(f"gave it to {value}" if value else "took its owner off")
        elif name == "due":
            said.append(f"made it due {value}" if value else "took its due date off")
        elif name == "status" and value:
            said.append({"done": "marked it done", "dropped": "dropped it", "open": "opened it again"}[value])
        elif name == "kpi_id":
            said.append(f"linked it to {_kpi(review, value)}" if value else "unlinked it from its KPI")
        elif name == "objective_id" and "kpi_id" not in data.model_fields_set:
            said.append(f"linked it to {_objective(review, value)}" if value else "unlinked it from its objective")
        elif name == "expect":
            said.append(f"expects {value} of its KPI" if value else "took its expectation off")
        elif name == "expect_by" and value and "expect" not in data.model_fields_set:
            said.append(f"expects it to hold by {value.isoformat()}")
    subject = _item_words(review, data.id)
    if data.model_fields_set == {"id", "status"} and data.status:
        verb = {"done": "marked", "dropped": "dropped", "open": "opened again"}[data.status]
        return f"{verb} {subject}" + (" done" if data.status == "done" else "")
    return f"changed {subject}: {', '.join(said) or 'nothing'}"


def _decision_changes(review: Review, data: ev.DecisionChange) -> str:
    said = []
    for name in sorted(data.model_fields_set - {"id", "revisit_kpi"}):
        value = getattr(data, name)
        words = {
            "text": "reworded it",
            "rationale": "the why",
            "owner": "the owner",
            "revisit_if": "when to revisit it",
        }
        if name == "text":
            said.append(f"reworded it {_quoted(value or '')}")
        elif name == "owner":
            said.append(f"gave it to {value}" if value else "took its owner off")
        elif value:
            said.append(f"set {words[name]} to {_quoted(value, 40)}")
        else:
            said.append(f"cleared {words[name]}")
    return f"changed {_item_words(review, data.id)}: {', '.join(said) or 'nothing'}"


def _reading(review: Review, seq: int) -> tuple[Kpi, Reading] | None:
    for kpi in review.kpis.values():
        for reading in kpi.readings:
            if reading.seq == seq:
                return kpi, reading
    return None


def _correction(review: Review, data: ev.CorrectionData) -> str:
    found = _reading(review, data.seq)
    if found is None:
        return "corrected a reading no longer there"
    kpi, reading = found
    said = []
    if data.value is not None:
        said.append(f"{format_value(reading.value, kpi.unit)} → {format_value(data.value, kpi.unit)}")
    if "note" in data.model_fields_set:
        said.append(f"the note {_quoted(data.note, 40)}" if data.note else "took the note off")
    if data.taken_at is not None:
        said.append(f"taken on {data.taken_at.astimezone():%Y-%m-%d}")
    taken = f"{reading.at.astimezone():%Y-%m-%d}"
    return f"corrected the reading of {_quoted(kpi.name, 40)} taken on {taken}: {', '.join(said) or 'nothing'}"


Earlier = Callable[[int], tuple[ev.EventBase, Review] | None]
"""Event `seq` and the review just before it, if there is one: to say what an undo took back."""


def describe(event: ev.EventBase, before: Review, earlier: Earlier | None = None) -> str:
    """What happened, as a sentence without its subject (the actor is shown beside it), naming
    things by their titles and people by their names: never an id or a field name. `before` is the
    review just before the event; `earlier` finds an earlier event (to say what an undo undid)."""
    data = event.data
    match event:
        case ev.ParticipantJoined():
            if data.carried_from:
                return f"carried {data.name} over from the last session"
            return f"added {data.name} ({data.role})" if data.name != event.actor else f"joined as {data.role}"
        case ev.ParticipantLeft():
            return f"marked {data.name} away" if data.name != event.actor else "left"
        case ev.AttendanceMarked():
            return f"marked {data.name} {'here' if data.here else 'away'}"
        case ev.AttendanceRemoved():
            return f"took {data.name} off the attendance list"
        case ev.PhaseEntered():
            return f"moved to {_phase_title(before, data.phase)}"
        case ev.TimerStarted():
            return f"started a {format_number(data.seconds / 60)}-minute timebox for {_phase_title(before, data.phase)}"
        case ev.TimerCleared():
            return f"cleared the timebox of {_phase_title(before, data.phase)}"
        case ev.ObjectiveAdded():
            return f"added an objective{_carried(data)}: {_short(data.statement)}"
        case ev.ObjectiveUpdated():
            parts = (["reworded it " + _quoted(data.statement)] if data.statement else []) + (
                ["changed why it matters"] if "why" in data.model_fields_set else []
            )
            return f"changed {_objective(before, data.id)}: {', '.join(parts) or 'nothing'}"
        case ev.ObjectiveRemoved():
            return f"removed {_objective(before, data.id)}"
        case ev.KpiAdded():
            span = ""
            if data.baseline is not None and data.target is not None:
                span = f" {format_value(data.baseline, data.unit)} → {format_value(data.target, data.unit)}"
            due = f", by {data.by.isoformat()}" if data.by else ""
            return f"added the KPI {_quoted(data.name)}{_carried(data)}{span}{due}"
        case ev.KpiUpdated():
            return _kpi_changes(before, data)
        case ev.KpiRemoved():
            return f"removed {_kpi(before, data.id)}"
        case ev.KpiMeasured():
            kpi = before.kpis.get(data.id)
            name, unit = (kpi.name, kpi.unit) if kpi else ("a KPI no longer there", "")
            return f"recorded {format_value(data.value, unit)} for {_quoted(name, 40)}{_carried(data)}"
        case ev.ReadingCorrected():
            return _correction(before, data)
        case ev.ReadingRemoved():
            found = _reading(before, data.seq)
            if found is None:
                return "removed a reading no longer there"
            kpi, reading = found
            return f"removed the reading {format_value(reading.value, kpi.unit)} of {_quoted(kpi.name, 40)}"
        case ev.AnswerRecorded():
            by = f"{data.by}: " if data.by and data.by != event.actor else ""
            verb = "proposed an answer to" if data.proposed else "answered"
            return f"{verb} “{_short(data.question, 40)}” — {by}{_short(data.text, 60)}"
        case ev.AnswerUpdated():
            said = []
            if data.text is not None:
                said.append(f"reworded it {_quoted(data.text)}")
            if "by" in data.model_fields_set:
                said.append(f"said {data.by} gave it" if data.by else "said the one who wrote it gave it")
            if "objective_id" in data.model_fields_set:
                objective = data.objective_id
                said.append(f"linked it to {_objective(before, objective)}" if objective else "unlinked it")
            return f"changed {_item_words(before, data.id)}: {', '.join(said) or 'nothing'}"
        case ev.AnswerRemoved() | ev.ActionRemoved() | ev.DecisionRemoved():
            return f"removed {_item_words(before, data.id)}"
        case ev.ActionAdded():
            owner = f" for {data.owner}" if data.owner else ""
            verb = "proposed an action" if data.proposed else "agreed an action"
            expects = f" (expects {data.expect} of its KPI)" if data.expect else ""
            return f"{verb}{_carried(data)}{owner}: {_short(data.text)}{expects}"
        case ev.ActionUpdated():
            return _action_changes(before, data)
        case ev.ActionReviewed():
            return f"reviewed {_item_words(before, data.id)} with {data.owner or 'its owner'}: {data.verdict}"
        case ev.DecisionRecorded():
            verb = "proposed a decision" if data.proposed else "decided"
            return f"{verb}: {_short(data.text)}"
        case ev.DecisionUpdated():
            return _decision_changes(before, data)
        case ev.DecisionFlagged():
            return f"a reading of {format_number(data.value)} meets “{data.condition}”: decision to revisit"
        case ev.VoteCast():
            return f"placed a dot on {_item_words(before, data.target_id)}"
        case ev.VoteWithdrawn():
            return f"took a dot back from {_item_words(before, data.target_id)}"
        case ev.SeatHanded():
            return f"handed the facilitator seat to {data.to}"
        case ev.ContributionAccepted():
            return f"accepted {_item_words(before, data.id)}"
        case ev.ContributionRemoved():
            return f"turned down {_item_words(before, data.id)}"
        case ev.VotingOpened():
            return f"opened dot voting in {_phase_title(before, data.phase)}: {data.votes} each"
        case ev.VotesRevealed():
            return f"revealed the votes in {_phase_title(before, data.phase)}"
        case ev.VotingClosed():
            return f"closed the voting in {_phase_title(before, data.phase)}"
        case ev.TemplateRecorded():
            return f"started from the template {_quoted(str(data.template.get('name', data.id)), 40)}"
        case ev.ConfidenceOpened():
            return f"opened a blind confidence round in {_phase_title(before, data.phase)}"
        case ev.ConfidenceRated():
            # Never the value: it is sealed until the round is revealed, and then told without names.
            return f"rated their confidence in {_kpi(before, data.kpi_id)}"
        case ev.ConfidenceRevealed():
            return f"revealed the confidence round in {_phase_title(before, data.phase)}"
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
            return f"started from {data.from_title or 'the last session'} (carried over)"
        case ev.ChangeReverted():
            undone = earlier(data.seqs[0]) if earlier else None
            return f"undid: {describe(*undone)}" if undone is not None else "undid a change"
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
        for index, event in enumerate(self.events):
            steps.append(
                Step(
                    event.seq,
                    event.at,
                    event.actor,
                    describe(event, review, self._with_review_before),
                    event.data.phase if isinstance(event, ev.PhaseEntered) else None,
                    type(event) is not ev.UnknownEvent,
                    _item(event),
                )
            )
            if isinstance(event, ev.ChangeReverted):  # an undo changes the past: fold afresh
                review = fold(info, self.events[: index + 1])
            else:
                fold_into(review, [event])
        self.steps = steps
        self.phase_seqs = [step.seq for step in steps if step.phase]
        """The seqs of the events that entered a phase."""
        self._at: Review | None = review
        """The review last handed out, owned here: stepping forward folds one event into it.
        (Describing the steps folded them all: that is the review at the end, where replays start.)"""

    def event(self, seq: int) -> ev.EventBase | None:
        """The event `seq` (1-based), if there is one."""
        return self.events[seq - 1] if 0 < seq <= len(self.events) else None

    def _with_review_before(self, seq: int) -> tuple[ev.EventBase, Review] | None:
        event = self.event(seq)
        return (event, fold(self.info, self.events[: seq - 1])) if event is not None else None

    @property
    def last(self) -> int:
        return len(self.events)

    def review_at(self, seq: int) -> Review:
        """The review as of event `seq` (0: before the first). Callers must not keep it across
        calls: one step forward folds into the same review."""
        seq = max(0, min(seq, self.last))
        current = self._at
        ahead = self.events[current.as_of_seq : seq] if current is not None else []
        if current is not None and current.as_of_seq <= seq <= current.as_of_seq + _STEP_AHEAD and not reverts(ahead):
            fold_into(current, ahead)  # a few steps on: fold just those
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

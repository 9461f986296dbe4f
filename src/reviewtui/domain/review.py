"""The review as it stands after some prefix of the event log: what `fold` returns. Read-only to callers."""

from __future__ import annotations

import copy
import re
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from reviewtui.domain import kpi as kpi_math
from reviewtui.domain.basics import ActionStatus, Direction, Role
from reviewtui.domain.session import SessionInfo
from reviewtui.domain.templates import Template, template_or_default

_NUMBERED_ID = re.compile(r"([a-z]+)(\d+)")


@dataclass(slots=True)
class Reading:
    seq: int
    at: datetime
    """When the reading was taken (for a carried reading, in the session it came from)."""
    value: float
    note: str
    source: str
    actor: str
    carried_from: str | None = None


@dataclass(slots=True)
class Objective:
    id: str
    statement: str
    why: str
    added_by: str
    carried_from: str | None = None


@dataclass(slots=True)
class Kpi:
    id: str
    name: str
    objective_id: str | None
    unit: str
    baseline: float | None
    target: float | None
    direction: Direction
    readings: list[Reading] = field(default_factory=list)
    carried_from: str | None = None
    origin_session: str | None = None
    problem: str | None = None
    """Why a number of this KPI in the file was left out (out of range): shown beside its status."""
    by: date | None = None
    """The day the target is due, if it has one: the status then follows the pace."""
    since: date | None = None
    """The day the way from baseline to target starts: as given, else the day the KPI was added
    (a carried KPI keeps its first session's)."""

    @property
    def current(self) -> float | None:
        return self.readings[-1].value if self.readings else None

    @property
    def progress(self) -> float | None:
        return kpi_math.progress(self.direction, self.baseline, self.target, self.current)

    @property
    def paced(self) -> bool:
        """Whether the status follows a pace: a date to reach the target by, and a way to go."""
        return self.by is not None and self.direction in ("increase", "decrease")

    def expected_progress(self, day: date | None) -> float | None:
        """How far along the KPI should be on `day` at an even pace; None without a pace."""
        if not self.paced or day is None or self.by is None:
            return None
        return kpi_math.expected_progress(self.since or self.by, self.by, day)

    def status_on(self, day: date | None) -> kpi_math.Status:
        """The KPI's status on `day` (the review's day, Review.day): by the pace when it has a
        date, else by the share of the way alone (kpi.status)."""
        expected = self.expected_progress(day)
        if expected is None or day is None or self.by is None:
            return kpi_math.status(self.progress)
        return kpi_math.paced_status(self.progress, expected, overdue=day > self.by)


@dataclass(slots=True)
class Answer:
    id: str
    question: str
    text: str
    objective_id: str | None
    by: str
    at: datetime
    proposed: bool = False
    """A participant's, not yet accepted by the facilitator."""
    author: str = ""
    """Who wrote it down (`by` is who gave it): a participant may change their own proposal."""


@dataclass(slots=True)
class Action:
    id: str
    text: str
    owner: str | None
    due: date | None
    status: ActionStatus
    objective_id: str | None
    kpi_id: str | None
    origin_session: str | None
    added_at: datetime
    closed_at: datetime | None = None
    """When it was last marked done or dropped; None while open."""
    carried_from: str | None = None
    review: ActionReview | None = None
    """What its owner said of it at this session's check-in, for a carried action."""
    proposed: bool = False
    author: str = ""
    """Who added it (the event's actor)."""
    expect: str | None = None
    """What it should do to its KPI, as stated (domain.expectations), with the KPI's reading then."""
    expect_from: float | None = None
    expect_by: date | None = None
    expect_at: datetime | None = None
    """When the expectation was stated: a reading counts for it only if taken after."""

    @property
    def status_shown(self) -> str:
        """The status as the minutes and the CSV give it: a proposal says so."""
        return f"{self.status}, proposed" if self.proposed else self.status


@dataclass(slots=True)
class ActionReview:
    verdict: str
    owner: str | None
    note: str
    by: str
    at: datetime


@dataclass(slots=True)
class Flag:
    """A decision (of this or an earlier session) whose revisit condition held on a reading here."""

    decision_id: str
    session_id: str
    decision: str
    condition: str
    value: float
    at: datetime


@dataclass(slots=True)
class Decision:
    id: str
    text: str
    rationale: str
    owner: str | None
    revisit_if: str | None
    by: str
    at: datetime
    revisit_kpi: str | None = None
    proposed: bool = False


@dataclass(slots=True)
class Voting:
    """Dot voting in one phase: `votes` dots per person; the counts are shown once revealed, and
    once closed no dot moves."""

    votes: int
    revealed: bool = False
    closed: bool = False


@dataclass(slots=True)
class Participant:
    name: str
    role: Role
    here: bool | None
    """Attendance, marked at check-in: here, away, or None (carried over, not marked yet)."""
    connected: bool
    """Their own reviewtui is in the session (joined, and not left): presence, not attendance."""
    joined_at: datetime
    carried_from: str | None = None
    left: bool = False
    """Their own reviewtui joined and then left (a clean exit)."""


OPENING = "session.opening"
"""The `first_type` of the write that created the session (the events stamped as seq 1 is): not undone."""


@dataclass(frozen=True, slots=True)
class Write:
    """One change a person made: the events appended together (one actor, one instant), which
    one undo takes back together (a reading and the decision flag it raised, say)."""

    actor: str
    at: datetime
    seqs: tuple[int, ...]
    first_type: str
    """The type of its first event: what kind of change it was."""


@dataclass(slots=True)
class Timer:
    phase: str
    started_at: datetime
    seconds: int
    stopped_at: datetime | None = None
    """When the room left the phase (or the session closed): the timebox no longer runs."""

    @property
    def ends_at(self) -> datetime:
        return self.started_at + timedelta(seconds=self.seconds)

    @property
    def running(self) -> bool:
        return self.stopped_at is None

    def _until(self, now: datetime) -> datetime:
        until = min(now, self.stopped_at) if self.stopped_at is not None else now
        # A clock behind the one that started it (another host, a replay, a test's): not yet begun,
        # never more time left than was planned.
        return max(until, self.started_at)

    def remaining(self, now: datetime) -> float:
        """Seconds left at `now` (or when it stopped); negative once the timebox is overrun."""
        return (self.ends_at - self._until(now)).total_seconds()

    def used(self, now: datetime) -> float:
        """Seconds the phase has taken at `now` (at most until it stopped)."""
        return (self._until(now) - self.started_at).total_seconds()


@dataclass(slots=True)
class Note:
    seq: int
    at: datetime
    actor: str
    text: str


@dataclass(slots=True)
class Vote:
    seq: int
    actor: str
    target_id: str


@dataclass(slots=True)
class ConfidenceRound:
    """A blind confidence round (domain.confidence): while it is open, only who has rated which
    KPI shows; the values are sealed until the reveal."""

    phase: str
    sealed: dict[tuple[str, str], tuple[int, str, str]] = field(default_factory=dict)
    """(KPI id, who) -> (sealed value, nonce, check): a person's latest rating of a KPI."""
    revealed: bool = False

    def count(self, kpi_id: str) -> int:
        """How many people have rated the KPI (never how many gave which value)."""
        return sum(1 for kpi, _ in self.sealed if kpi == kpi_id)


@dataclass(slots=True)
class Skipped:
    """An event the fold could not apply: an unknown type, or a reference to nothing."""

    seq: int
    type: str
    reason: str


@dataclass
class Review:
    session: SessionInfo
    as_of_seq: int = 0
    updated_at: datetime | None = None
    phase: str | None = None
    closed: bool = False
    timers: dict[str, Timer] = field(default_factory=dict)
    participants: dict[str, Participant] = field(default_factory=dict)
    objectives: dict[str, Objective] = field(default_factory=dict)
    kpis: dict[str, Kpi] = field(default_factory=dict)
    answers: dict[str, Answer] = field(default_factory=dict)
    actions: dict[str, Action] = field(default_factory=dict)
    decisions: dict[str, Decision] = field(default_factory=dict)
    notes: list[Note] = field(default_factory=list)
    votes: list[Vote] = field(default_factory=list)
    parameters: dict[str, str] = field(default_factory=dict)
    dismissed: set[str] = field(default_factory=set)
    """Keys of coach findings the room set aside."""
    carried_from: str | None = None
    """The previous session of the series this one started from, if it did."""
    flags: list[Flag] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    highest_number: dict[str, int] = field(default_factory=dict)
    """Per id prefix ('o', 'k', 'a'...), the highest number ever used: ids are never reused."""
    recorded_template: Template | None = None
    """A team's own template, as the session recorded it when it was started."""
    confidence: ConfidenceRound | None = None
    """The latest confidence round, open or revealed."""
    confidence_values: dict[str, list[int]] = field(default_factory=dict)
    """Per KPI id, the ratings of the latest round that rated it, revealed (no names)."""
    voting: dict[str, Voting] = field(default_factory=dict)
    """Phase id -> its dot voting, once the facilitator opened it."""
    anonymous: set[str] = field(default_factory=set)
    """Ids of the phases whose contributions carry no names."""
    seat_to: str | None = None
    """Whom the facilitator seat was last handed to."""
    reverted: set[int] = field(default_factory=set)
    """Seqs of events undone (change.reverted): left out of this review."""
    writes: list[Write] = field(default_factory=list)
    opening: tuple[str, datetime] | None = None
    """Who created the session, and when: the stamp of the events it was created with."""
    """The changes people made that an undo can take back, oldest first (not the undone ones)."""

    @property
    def template(self) -> Template:
        """The template the session was started from: as it recorded it (a team's own), else
        the bundled one of its id (the outcome review for a template this version lacks)."""
        return self.recorded_template or template_or_default(self.session.template)

    @property
    def open_round(self) -> ConfidenceRound | None:
        """The confidence round being rated now (opened, not revealed yet), if any."""
        return self.confidence if self.confidence is not None and not self.confidence.revealed else None

    @property
    def facilitator(self) -> str:
        """Who holds the facilitator seat now (it may have been handed on), else who opened the session."""
        seated = next((p.name for p in self.participants.values() if p.role == "facilitator"), None)
        return seated or self.session.facilitator

    @property
    def status(self) -> str:
        return "closed" if self.closed else "open"

    def note_write(self, actor: str, at: datetime, seq: int, event_type: str) -> None:
        """Event `seq` is part of a change that can be undone: the same write as the last one if
        it follows it straight on, by the same person at the same instant."""
        last = self.writes[-1] if self.writes else None
        if last is not None and last.actor == actor and last.at == at and last.seqs[-1] == seq - 1:
            self.writes[-1] = Write(actor, at, (*last.seqs, seq), last.first_type)
        else:
            opening = seq == 1 or (actor, at) == self.opening
            self.writes.append(Write(actor, at, (seq,), OPENING if opening else event_type))

    def last_write(self, actors: Collection[str]) -> Write | None:
        """The latest change by any of `actors` (a person, and their pseudonym) not undone yet;
        never the session's opening (the people and parameters it was created with)."""
        return next((w for w in reversed(self.writes) if w.actor in actors and w.first_type != OPENING), None)

    def next_id(self, prefix: str) -> str:
        return f"{prefix}{self.highest_number.get(prefix, 0) + 1}"

    def note_id(self, item_id: str) -> None:
        match = _NUMBERED_ID.fullmatch(item_id)
        if match:
            prefix, number = match[1], int(match[2])
            if number > self.highest_number.get(prefix, 0):
                self.highest_number[prefix] = number

    @property
    def day(self) -> date | None:
        """The day the review stands on: that of its latest event, in local time (a live
        meeting's today; a past session's last day), for the pace of KPIs with a date."""
        return self.updated_at.astimezone().date() if self.updated_at else None

    def kpi_status(self, kpi: Kpi) -> kpi_math.Status:
        """A KPI's status on the review's day."""
        return kpi.status_on(self.day)

    def objective_status(self, objective_id: str) -> kpi_math.Status | None:
        """An objective's status: that of its weakest KPI; None when it has no KPI."""
        return kpi_math.weakest(self.kpi_status(k) for k in self.kpis.values() if k.objective_id == objective_id)

    def kpis_by_objective(self) -> dict[str | None, list[Kpi]]:
        """Each objective's KPIs, in one pass (reviews can be long); under None, the KPIs of
        no objective still in the review."""
        grouped: dict[str | None, list[Kpi]] = {}
        for kpi in self.kpis.values():
            grouped.setdefault(kpi.objective_id if kpi.objective_id in self.objectives else None, []).append(kpi)
        return grouped

    def open_actions(self) -> list[Action]:
        """Agreed actions still open (a participant's proposal is not agreed yet)."""
        return [a for a in self.actions.values() if a.status == "open" and not a.proposed]

    def carried_actions(self) -> list[Action]:
        return [a for a in self.actions.values() if a.carried_from]

    def copy(self) -> Review:
        """A copy to fold further events into, leaving this one as it is.

        Each item is copied one level deep (the fold changes items' fields in place); readings,
        notes and votes are never changed once made, so they are shared. Ten times cheaper than
        `copy.deepcopy`, which cost more than folding the whole log again.
        """
        return Review(
            session=self.session,
            as_of_seq=self.as_of_seq,
            updated_at=self.updated_at,
            phase=self.phase,
            closed=self.closed,
            timers={key: copy.copy(value) for key, value in self.timers.items()},
            participants={key: copy.copy(value) for key, value in self.participants.items()},
            objectives={key: copy.copy(value) for key, value in self.objectives.items()},
            kpis={key: _copy_kpi(value) for key, value in self.kpis.items()},
            answers={key: copy.copy(value) for key, value in self.answers.items()},
            actions={key: copy.copy(value) for key, value in self.actions.items()},
            decisions={key: copy.copy(value) for key, value in self.decisions.items()},
            notes=list(self.notes),
            votes=list(self.votes),
            parameters=dict(self.parameters),
            dismissed=set(self.dismissed),
            carried_from=self.carried_from,
            flags=list(self.flags),
            skipped=list(self.skipped),
            highest_number=dict(self.highest_number),
            recorded_template=self.recorded_template,
            confidence=_copy_round(self.confidence),
            confidence_values=dict(self.confidence_values),
            voting={key: copy.copy(value) for key, value in self.voting.items()},
            anonymous=set(self.anonymous),
            seat_to=self.seat_to,
            reverted=set(self.reverted),
            writes=list(self.writes),
            opening=self.opening,
        )

    # ------------------------------------------------------------------------ live meetings

    def find_item(self, item_id: str) -> Answer | Action | Decision | None:
        """An answer, action or decision by id (their id prefixes differ)."""
        return self.answers.get(item_id) or self.actions.get(item_id) or self.decisions.get(item_id)

    def phase_of_item(self, item_id: str) -> str | None:
        """The phase where an answer (impact), action or decision is contributed and voted on."""
        item = self.find_item(item_id)
        if isinstance(item, Answer):
            return self.template.phase_of_question(item.question)
        kind = {Action: "actions", Decision: "decisions"}.get(type(item))
        phase = self.template.phase_of_kind(kind) if kind else None
        return phase.id if phase else None

    def votes_in(self, phase_id: str, actor: str | None = None) -> list[Vote]:
        """The dots placed in a phase (by `actor` only, if given), on items still there."""
        return [
            v for v in self.votes if self.phase_of_item(v.target_id) == phase_id and (actor is None or v.actor == actor)
        ]

    def votes_left(self, phase_id: str, actor: str) -> int:
        voting = self.voting.get(phase_id)
        return max(voting.votes - len(self.votes_in(phase_id, actor)), 0) if voting else 0

    def tally(self, phase_id: str) -> dict[str, int]:
        """Item id -> dots placed on it in the phase."""
        counts: dict[str, int] = {}
        for vote in self.votes_in(phase_id):
            counts[vote.target_id] = counts.get(vote.target_id, 0) + 1
        return counts

    def proposals(self) -> list[Answer | Action | Decision]:
        """Participants' contributions not yet accepted, oldest first."""
        items: list[Answer | Action | Decision] = [
            *(a for a in self.answers.values() if a.proposed),
            *(a for a in self.actions.values() if a.proposed),
            *(d for d in self.decisions.values() if d.proposed),
        ]
        return items


def _copy_round(round_: ConfidenceRound | None) -> ConfidenceRound | None:
    if round_ is None:
        return None
    return ConfidenceRound(round_.phase, dict(round_.sealed), round_.revealed)


def _copy_kpi(kpi: Kpi) -> Kpi:
    duplicate = copy.copy(kpi)
    duplicate.readings = list(kpi.readings)
    return duplicate

"""Schema-1 event models: one pydantic class per event type, joined in a union discriminated on `type`.

An event on disk is `{seq, at, actor, type, data}`. Types this version does not know are parsed
as `UnknownEvent`, kept, and skipped by the fold: a newer reviewtui may have written them.
"""

from __future__ import annotations

import operator
from dataclasses import dataclass
from functools import reduce
from typing import TYPE_CHECKING, Annotated, Any, ClassVar, Literal, cast, get_args

from pydantic import BaseModel, ConfigDict, Discriminator, Field, Tag, TypeAdapter, ValidationError

from reviewtui.domain.basics import ActionStatus, Direction, Role
from reviewtui.domain.typed import check_input
from reviewtui.domain.values import IsoDate, Number, Text, UtcInstant, invalid_input

# ---------------------------------------------------------------------------------------------
# `data` payloads. `extra="ignore"`: fields a newer version adds are tolerated when reading
# (the raw document, not the model, is what the store keeps on disk).


class EventData(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore", defer_build=True)
    PARTIAL: ClassVar[bool] = False
    """A partial payload (an *.updated event) is written with only the fields that were set."""
    LEFT_OUT_IF_NONE: ClassVar[tuple[str, ...]] = ()
    """Fields added later, written only when they say something: files stay as they were."""


class NoData(EventData):
    pass


class ParticipantData(EventData):
    LEFT_OUT_IF_NONE = ("carried_from",)
    name: Text
    role: Role = "participant"
    carried_from: str | None = None
    """On a person carried over from the previous session of the series: expected, not yet marked."""


class AttendanceData(EventData):
    """Marked at check-in: here or away (attendance, not whether their terminal is connected)."""

    name: Text
    here: bool


class PersonData(EventData):
    name: Text


class PhaseData(EventData):
    phase: Text


class TimerData(EventData):
    phase: Text
    seconds: int = Field(ge=1, le=24 * 3600)


class ObjectiveData(EventData):
    id: Text
    statement: Text
    why: str = ""
    carried_from: str | None = None
    """The session it was carried over from (an addition to DESIGN.md), or None if new here."""


class ObjectiveChange(EventData):
    PARTIAL = True
    id: Text
    statement: Text | None = None
    why: str | None = None


class RemovedData(EventData):
    id: Text


class KpiData(EventData):
    LEFT_OUT_IF_NONE = ("by", "since")
    id: Text
    name: Text
    objective_id: str | None = None
    unit: str = ""
    baseline: Number | None = None
    target: Number | None = None
    direction: Direction = "increase"
    carried_from: str | None = None
    origin_session: str | None = None
    """For a carried KPI, the session it was first added in: with the id, it names the KPI
    across the whole series, whatever it was renamed to and whichever sessions are gone."""
    by: IsoDate | None = None
    """The day the target is due (an addition to DESIGN.md): the status then follows the pace."""
    since: IsoDate | None = None
    """The day the way to the target starts; absent means the day the KPI was added."""


class KpiChange(EventData):
    PARTIAL = True
    id: Text
    name: Text | None = None
    objective_id: str | None = None
    unit: str | None = None
    baseline: Number | None = None
    target: Number | None = None
    direction: Direction | None = None
    by: IsoDate | None = None
    since: IsoDate | None = None


class MeasurementData(EventData):
    id: Text
    value: Number
    note: str = ""
    source: str = ""
    taken_at: UtcInstant | None = None
    """When the reading was taken, if not when it was recorded (a reading carried over)."""
    carried_from: str | None = None


class AnswerData(EventData):
    id: Text
    question: Text
    text: Text
    objective_id: str | None = None
    by: str | None = None
    """Who gave the answer when someone else typed it; absent means the event's actor."""
    proposed: bool = False
    """A participant's contribution, until the facilitator accepts it (written only when true)."""


class ActionData(EventData):
    LEFT_OUT_IF_NONE = ("expect", "expect_from", "expect_by", "expect_at")
    id: Text
    text: Text
    owner: str | None = None
    due: IsoDate | None = None
    status: ActionStatus = "open"
    objective_id: str | None = None
    kpi_id: str | None = None
    origin_session: str | None = None
    carried_from: str | None = None
    proposed: bool = False
    expect: str | None = None
    """What it should do to its KPI (domain.expectations): `+5`, `-3`, `>= 40`, `<= 12`; an
    addition to DESIGN.md, with the two below."""
    expect_from: Number | None = None
    """The KPI's latest reading when the expectation was stated (a change counts from it)."""
    expect_by: IsoDate | None = None
    """The day the expectation should hold by, if one was given."""
    expect_at: UtcInstant | None = None
    """When it was stated, on a carried action; absent means when this event was written."""


class ActionChange(EventData):
    PARTIAL = True
    id: Text
    text: Text | None = None
    owner: str | None = None
    due: IsoDate | None = None
    status: ActionStatus | None = None
    objective_id: str | None = None
    kpi_id: str | None = None
    origin_session: str | None = None
    expect: str | None = None
    expect_from: Number | None = None
    expect_by: IsoDate | None = None


class DecisionData(EventData):
    id: Text
    text: Text
    rationale: str = ""
    owner: str | None = None
    revisit_if: str | None = None
    revisit_kpi: str | None = None
    """The KPI the condition named when it was entered: a later rename does not lose it."""
    proposed: bool = False


class DecisionChange(EventData):
    """An edit of a recorded decision; an addition to DESIGN.md, so each field commits alone."""

    PARTIAL = True
    id: Text
    text: Text | None = None
    rationale: str | None = None
    owner: str | None = None
    revisit_if: str | None = None
    revisit_kpi: str | None = None


class CarryData(EventData):
    """Marks what follows as carried over from the previous session of the series."""

    from_session: Text
    from_title: str = ""
    highest: dict[str, int] = Field(default_factory=dict)
    """The previous session's highest id numbers, so new ids here never reuse one of its."""


class ReviewData(EventData):
    """A carried action reviewed with its owner at check-in."""

    id: Text
    verdict: Literal["done", "not done", "dropped"]
    owner: str | None = None
    note: str = ""


class FlagData(EventData):
    """A decision's revisit condition held when a reading came in."""

    decision_id: Text
    session_id: Text
    """The session the decision was recorded in."""
    decision: str = ""
    condition: Text
    value: Number


class VoteData(EventData):
    target_id: Text


class RevertData(EventData):
    """An undo: the events of one change (one write) are left out of the review from now on."""

    seqs: list[int] = Field(min_length=1)


class CorrectionData(EventData):
    """A KPI reading corrected: the reading is the kpi.measured event `seq`; the fields set change."""

    PARTIAL = True
    seq: int = Field(ge=1)
    value: Number | None = None
    note: str | None = None
    taken_at: UtcInstant | None = None


class ReadingRef(EventData):
    seq: int = Field(ge=1)


class AnswerChange(EventData):
    PARTIAL = True
    id: Text
    text: Text | None = None
    by: str | None = None
    objective_id: str | None = None


# Live meetings (additions to DESIGN.md; older readers keep and skip them).


class SeatData(EventData):
    """The facilitator hands the seat to someone present."""

    to: Text


class ItemRef(EventData):
    """A participant's answer, action or decision that the facilitator accepts or removes."""

    id: Text
    text: Text | None = None
    """On acceptance: the text as the facilitator edited it, if they did."""


class VotingData(EventData):
    """Dot voting opened in a phase: each person has `votes` dots to place."""

    phase: Text
    votes: int = Field(ge=1, le=20)


class RevealData(EventData):
    phase: Text


class PhaseRef(EventData):
    """A phase an event is about: its voting closed, its timebox cleared."""

    phase: Text


class AnonymityData(EventData):
    """Contributions made in the phase from now on carry no name (meeting.recorded_as)."""

    phase: Text
    anonymous: bool


class NoteData(EventData):
    text: Text


class DismissalData(EventData):
    """A coach finding the room chose to set aside; an addition to DESIGN.md."""

    key: Text


class ParameterData(EventData):
    """A template parameter (a partner review's deadline or budget); an addition to DESIGN.md."""

    name: Text
    value: str


class RatingData(EventData):
    """A person's confidence that a KPI reaches its target, sealed (domain.confidence): the file
    alone does not say the value. An addition to DESIGN.md, with the two below."""

    kpi_id: Text
    sealed: int = Field(strict=True, ge=0, le=10)
    nonce: Text
    check: Text
    """A keyed check of the value: a reveal with another account's key is refused, never wrong."""


class RoundData(EventData):
    """A confidence round opened in a phase (the KPIs phase)."""

    phase: Text


class RevealedRatings(EventData):
    """A confidence round revealed: per KPI, every rating given, without names."""

    phase: Text
    values: dict[str, list[Annotated[int, Field(strict=True, ge=0, le=10)]]] = Field(default_factory=dict)


class TemplateRecord(EventData):
    """The team's own template a session was started from, whole (an addition to DESIGN.md):
    the session reads the same when the file changes or is deleted. Checked when folded."""

    id: Text
    template: dict[str, Any]


# ---------------------------------------------------------------------------------------------
# Envelopes: one class per type so the union can be discriminated on the literal `type`.


class EventBase(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore", defer_build=True)
    seq: int = Field(strict=True, ge=1)
    at: UtcInstant
    actor: Text

    if TYPE_CHECKING:  # every envelope has them, each of its own type (declared by each subclass)
        type: str
        data: Any


class ParticipantJoined(EventBase):
    type: Literal["participant.joined"]
    data: ParticipantData


class ParticipantLeft(EventBase):
    type: Literal["participant.left"]
    data: ParticipantData


class PhaseEntered(EventBase):
    type: Literal["phase.entered"]
    data: PhaseData


class TimerStarted(EventBase):
    type: Literal["timer.started"]
    data: TimerData


class ObjectiveAdded(EventBase):
    type: Literal["objective.added"]
    data: ObjectiveData


class ObjectiveUpdated(EventBase):
    type: Literal["objective.updated"]
    data: ObjectiveChange


class ObjectiveRemoved(EventBase):
    type: Literal["objective.removed"]
    data: RemovedData


class KpiAdded(EventBase):
    type: Literal["kpi.added"]
    data: KpiData


class KpiUpdated(EventBase):
    type: Literal["kpi.updated"]
    data: KpiChange


class KpiRemoved(EventBase):
    type: Literal["kpi.removed"]
    data: RemovedData


class KpiMeasured(EventBase):
    type: Literal["kpi.measured"]
    data: MeasurementData


class AnswerRecorded(EventBase):
    type: Literal["answer.recorded"]
    data: AnswerData


class ActionAdded(EventBase):
    type: Literal["action.added"]
    data: ActionData


class ActionUpdated(EventBase):
    type: Literal["action.updated"]
    data: ActionChange


class DecisionRecorded(EventBase):
    type: Literal["decision.recorded"]
    data: DecisionData


class DecisionUpdated(EventBase):
    type: Literal["decision.updated"]
    data: DecisionChange


class VoteCast(EventBase):
    type: Literal["vote.cast"]
    data: VoteData


class VoteWithdrawn(EventBase):
    type: Literal["vote.withdrawn"]
    data: VoteData


class SeatHanded(EventBase):
    type: Literal["seat.handed"]
    data: SeatData


class ContributionAccepted(EventBase):
    type: Literal["contribution.accepted"]
    data: ItemRef


class ContributionRemoved(EventBase):
    type: Literal["contribution.removed"]
    data: ItemRef


class VotingOpened(EventBase):
    type: Literal["voting.opened"]
    data: VotingData


class VotesRevealed(EventBase):
    type: Literal["voting.revealed"]
    data: RevealData


class PhaseAnonymity(EventBase):
    type: Literal["phase.anonymity"]
    data: AnonymityData


class NoteAdded(EventBase):
    type: Literal["note.added"]
    data: NoteData


class SessionClosed(EventBase):
    type: Literal["session.closed"]
    data: NoData = NoData()


class SessionReopened(EventBase):
    type: Literal["session.reopened"]
    data: NoData = NoData()


class AttendanceMarked(EventBase):
    type: Literal["attendance.marked"]
    data: AttendanceData


class AttendanceRemoved(EventBase):
    type: Literal["attendance.removed"]
    data: PersonData


class ChangeReverted(EventBase):
    type: Literal["change.reverted"]
    data: RevertData


class ReadingCorrected(EventBase):
    type: Literal["reading.corrected"]
    data: CorrectionData


class ReadingRemoved(EventBase):
    type: Literal["reading.removed"]
    data: ReadingRef


class AnswerUpdated(EventBase):
    type: Literal["answer.updated"]
    data: AnswerChange


class AnswerRemoved(EventBase):
    type: Literal["answer.removed"]
    data: RemovedData


class ActionRemoved(EventBase):
    type: Literal["action.removed"]
    data: RemovedData


class DecisionRemoved(EventBase):
    type: Literal["decision.removed"]
    data: RemovedData


class VotingClosed(EventBase):
    type: Literal["voting.closed"]
    data: PhaseRef


class TimerCleared(EventBase):
    type: Literal["timer.cleared"]
    data: PhaseRef


class ParameterSet(EventBase):
    type: Literal["parameter.set"]
    data: ParameterData


class SeriesCarried(EventBase):
    type: Literal["series.carried"]
    data: CarryData


class ActionReviewed(EventBase):
    type: Literal["action.reviewed"]
    data: ReviewData


class DecisionFlagged(EventBase):
    type: Literal["decision.flagged"]
    data: FlagData


class CoachDismissed(EventBase):
    type: Literal["coach.dismissed"]
    data: DismissalData


class ConfidenceOpened(EventBase):
    type: Literal["confidence.opened"]
    data: RoundData


class ConfidenceRated(EventBase):
    type: Literal["confidence.rated"]
    data: RatingData


class ConfidenceRevealed(EventBase):
    type: Literal["confidence.revealed"]
    data: RevealedRatings


class TemplateRecorded(EventBase):
    type: Literal["template.recorded"]
    data: TemplateRecord


class UnknownEvent(EventBase):
    """An event of a type this version does not know: kept on disk, skipped by the fold."""

    type: Text
    data: dict[str, Any] = Field(default_factory=dict)


def _event_type(cls: type[EventBase]) -> str:
    """The literal `type` an envelope class is for: `KpiMeasured` -> "kpi.measured"."""
    (literal,) = get_args(cls.model_fields["type"].annotation)
    return str(literal)


KNOWN_EVENTS: tuple[type[EventBase], ...] = tuple(
    cls for cls in EventBase.__subclasses__() if cls is not UnknownEvent and cls.__module__ == __name__
)
"""Every envelope class above, in the order they are defined: the one list of event types. A new
type is a class here (and a fold handler and a description, which tests require of each)."""

EVENT_TYPES: dict[str, type[EventBase]] = {_event_type(cls): cls for cls in KNOWN_EVENTS}
"""`"kpi.measured"` -> `KpiMeasured`, for every type this version knows."""


def event_model(kind: object) -> type[EventBase]:
    """The model that reads an event whose `type` is `kind`, as the union `EVENT` would pick it
    (UnknownEvent for a type this version does not know). Reading a file through it builds only
    the models of the types the file holds; the union builds every one."""
    return EVENT_TYPES.get(kind, UnknownEvent) if isinstance(kind, str) else UnknownEvent


def _tag(value: Any) -> str:
    kind = value.get("type") if isinstance(value, dict) else getattr(value, "type", None)
    return kind if isinstance(kind, str) and event_model(kind) is not UnknownEvent else "unknown"


if TYPE_CHECKING:
    Event = EventBase
else:
    _MEMBERS = [Annotated[cls, Tag(kind)] for kind, cls in EVENT_TYPES.items()]
    Event = Annotated[reduce(operator.or_, _MEMBERS, Annotated[UnknownEvent, Tag("unknown")]), Discriminator(_tag)]
"""Any schema-1 event, discriminated on `type` (an unknown type is an UnknownEvent); validate
with `EVENT` or `EVENT_LIST`. Built from EVENT_TYPES, so it never lags behind it."""

EVENT: TypeAdapter[Event] = TypeAdapter(Event, config={"defer_build": True})
EVENT_LIST: TypeAdapter[list[Event]] = TypeAdapter(list[Event], config={"defer_build": True})


# ---------------------------------------------------------------------------------------------
# Events not yet written: the store stamps seq, at and actor under its write lock.


@dataclass(frozen=True)
class Pending:
    """An event to append: its type and validated data, before the store numbers and dates it."""

    type: str
    data: EventData

    def data_document(self) -> dict[str, Any]:
        document = self.data.model_dump(mode="json", exclude_unset=self.data.PARTIAL)
        if document.get("proposed") is False:
            del document["proposed"]  # only participants' contributions say so: files stay as they were
        for name in self.data.LEFT_OUT_IF_NONE:
            if document.get(name, 0) is None:
                del document[name]
        return document


def pending(event_type: str, **fields: Any) -> Pending:
    """Build a Pending event, validating its fields; bad input raises InvalidInput naming the field."""
    data_model = cast(type[EventData], EVENT_TYPES[event_type].model_fields["data"].annotation)
    try:
        data = data_model.model_validate(fields)
    except ValidationError as error:
        raise invalid_input(error) from None
    check_input(data.model_dump(mode="json", exclude_unset=True))
    return Pending(event_type, data)

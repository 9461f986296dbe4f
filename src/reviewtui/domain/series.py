"""A series: one team's recurring review, session after session, and the threads that run through it.

Pure functions over the reviews of a series, oldest first: what a new session carries over,
which KPI of one session is which KPI of the next (by the carried id, else by name, so a
rename or a deleted session in between does not break the thread), each KPI's readings
across the series, whether done actions moved their KPI, and decisions asking to be revisited.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from reviewtui.domain.conditions import try_condition
from reviewtui.domain.events import Pending, pending
from reviewtui.domain.expectations import Expect, Verdict, outcome, stated, try_expect, verdict
from reviewtui.domain.review import Action, Decision, Review


@dataclass(frozen=True)
class HistoryPoint:
    """One reading of a KPI, in the session where it was taken."""

    session_id: str
    at: datetime
    value: float


def carry_over(previous: Review, on_it: Collection[str] = ()) -> list[Pending]:
    """The opening events of the next session: what it takes from `previous`, each saying so.
    Its people are expected again (`on_it`: those the new session names already), as participants:
    the seat goes to whoever opens the new one."""
    source = previous.session.id
    events = [
        pending(
            "series.carried",
            from_session=source,
            from_title=previous.session.title,
            highest=dict(previous.highest_number),
        )
    ]
    named = {name.strip().casefold() for name in on_it}
    for person in previous.participants.values():
        if person.name.casefold() not in named:  # away last time or not: the team, expected again
            role = "observer" if person.role == "observer" else "participant"
            events.append(pending("participant.joined", name=person.name, role=role, carried_from=source))
    for objective in previous.objectives.values():
        events.append(
            pending(
                "objective.added",
                id=objective.id,
                statement=objective.statement,
                why=objective.why,
                carried_from=source,
            )
        )
    for kpi in previous.kpis.values():
        objective_id = kpi.objective_id if kpi.objective_id in previous.objectives else None
        events.append(
            pending(
                "kpi.added",
                id=kpi.id,
                name=kpi.name,
                objective_id=objective_id,
                unit=kpi.unit,
                baseline=kpi.baseline,
                target=kpi.target,
                direction=kpi.direction,
                by=kpi.by,
                since=kpi.since,
                carried_from=source,
                origin_session=kpi.origin_session or source,
            )
        )
        if kpi.readings:
            last = kpi.readings[-1]
            # The reading keeps when, and in which session, it was taken.
            events.append(
                pending(
                    "kpi.measured",
                    id=kpi.id,
                    value=last.value,
                    note=last.note,
                    source=last.source,
                    taken_at=last.at,
                    carried_from=last.carried_from or source,
                )
            )
    for action in previous.open_actions():
        # A link to a KPI or objective removed since would point at nothing here.
        kpi_id = action.kpi_id if action.kpi_id in previous.kpis else None
        objective_id = action.objective_id if action.objective_id in previous.objectives else None
        events.append(
            pending(
                "action.added",
                id=action.id,
                text=action.text,
                owner=action.owner,
                due=action.due,
                status="open",
                objective_id=objective_id,
                kpi_id=kpi_id,
                origin_session=action.origin_session or source,
                carried_from=source,
                expect=action.expect if kpi_id else None,
                expect_from=action.expect_from if kpi_id else None,
                expect_by=action.expect_by if kpi_id else None,
                expect_at=action.expect_at if kpi_id and action.expect else None,
            )
        )
    return events


class Threads:
    """Which KPI of each session is which across the series, and every KPI's readings.

    A KPI is named across the series by the session it was first added in and its id (kept
    through carry-over, whatever it is renamed to, whichever sessions are deleted). A KPI added
    afresh joins the thread of the newest earlier KPI with the same name, if any.
    """

    def __init__(self, series: Sequence[Review], _from: Threads | None = None) -> None:
        self.series = list(series)
        if _from is None:
            self._key: dict[tuple[str, str], int] = {}
            """(session id, KPI id) -> thread number."""
            self._origin: dict[tuple[str, str], int] = {}
            """(origin session, KPI id) -> thread number."""
            self._names: dict[str, int] = {}
            """A KPI name (casefolded) -> the thread it last belonged to."""
            self._points: dict[int, list[HistoryPoint]] = {}
            self._done = 0
        else:  # extend a copy of `_from` rather than follow the whole series again
            self._key, self._origin = dict(_from._key), dict(_from._origin)
            self._names = dict(_from._names)
            self._points = {thread: list(points) for thread, points in _from._points.items()}
            self._done = _from._done
        self._follow()

    def extended(self, review: Review) -> Threads:
        """These threads with one more session (the one in progress): cheap, for every refresh."""
        return Threads([*self.series, review], _from=self)

    def _follow(self) -> None:
        sessions = {r.session.id for r in self.series}
        for review in self.series[self._done :]:
            session = review.session.id
            for kpi in review.kpis.values():
                origin = (kpi.origin_session or session, kpi.id)
                thread = self._origin.get(origin)
                if thread is None and kpi.carried_from:  # carried before origins were kept
                    thread = self._key.get((kpi.carried_from, kpi.id))
                if thread is None and not kpi.carried_from:
                    thread = self._names.get(kpi.name.strip().casefold())
                if thread is None:
                    thread = len(self._points) + 1
                    self._points[thread] = []
                self._origin.setdefault(origin, thread)
                self._key[(session, kpi.id)] = thread
                self._names[kpi.name.strip().casefold()] = thread
                points = self._points[thread]
                for reading in kpi.readings:
                    # A carried reading is a copy of one taken in an earlier session: it counts
                    # only if that session is gone from the series.
                    if reading.carried_from and reading.carried_from in sessions:
                        continue
                    points.append(HistoryPoint(reading.carried_from or session, reading.at, reading.value))
        self._done = len(self.series)
        for points in self._points.values():
            points.sort(key=lambda p: p.at)  # stable: equal times keep the order they were taken in

    def history(self, review: Review, kpi_id: str) -> list[HistoryPoint]:
        """Every reading of that KPI of `review`, across the series, oldest first."""
        key = self._key.get((review.session.id, kpi_id))
        return list(self._points.get(key, [])) if key is not None else []

    def confidence_medians(self, review: Review, kpi_id: str) -> list[float]:
        """The median of each revealed confidence round on that KPI, session by session."""
        thread = self.thread_of(review, kpi_id)
        if thread is None:
            return []
        return [
            float(statistics.median(values))
            for session in self.series
            for other, values in session.confidence_values.items()
            if values and self._key.get((session.session.id, other)) == thread
        ]

    def thread_of(self, review: Review, kpi_id: str) -> int | None:
        return self._key.get((review.session.id, kpi_id))

    def points(self, thread: int) -> list[HistoryPoint]:
        return self._points.get(thread, [])

    def latest(self, thread: int) -> HistoryPoint | None:
        points = self._points.get(thread)
        return points[-1] if points else None

    def thread_of_decision(self, review: Review, decision: Decision) -> int | None:
        """The thread of the KPI a decision's condition named when it was entered."""
        if decision.revisit_kpi:
            return self.thread_of(review, decision.revisit_kpi)
        condition = try_condition(decision.revisit_if)  # written before ids were kept
        if condition is None:
            return None
        kpi = next((k for k in review.kpis.values() if condition.names(k.name)), None)
        return self.thread_of(review, kpi.id) if kpi else None


@dataclass(frozen=True)
class Judged:
    """An action's expectation of its KPI and the verdict on it: the reading judged is the
    latest taken after it was stated (None when there is none)."""

    expect: Expect
    from_value: float | None
    by: date | None
    verdict: Verdict
    value: float | None

    def stated(self, unit: str) -> str:
        """`+3 pts (from 32.5%) by 2026-10-31`: what was expected, in the KPI's unit."""
        return stated(self.expect, self.from_value, self.by, unit)

    def outcome(self, unit: str) -> str:
        """The numbers after the verdict: `at 36.5%`, `at 10.4%, 11% needed`."""
        return outcome(self.verdict, self.expect, self.from_value, self.value, unit)


def judge(action: Action, points: Sequence[HistoryPoint], day: date | None) -> Judged | None:
    """The verdict on `action`'s expectation, given its KPI's readings (oldest first) and the
    review's day; None for an action that states none (or one this version cannot read)."""
    expect = try_expect(action.expect)
    if expect is None or day is None:
        return None
    by = action.expect_by
    stated = action.expect_at or action.added_at
    # Judged by its date, once it has one: a reading after it says nothing of whether it held.
    since = [p for p in points if p.at > stated and (by is None or p.at.astimezone().date() <= by)]
    value = since[-1].value if since else None
    return Judged(
        expect,
        action.expect_from,
        action.expect_by,
        verdict(expect, action.expect_from, action.expect_by, value, day),
        value,
    )


@dataclass(frozen=True)
class Movement:
    """A done action linked to a KPI, and how the KPI moved after it was closed."""

    action: Action
    session_id: str
    kpi_name: str
    unit: str
    direction: str
    closed_at: datetime
    before: float | None
    """The KPI's last reading when the action was closed (None if it had none yet)."""
    now: float | None
    now_at: datetime | None
    judged: Judged | None = None
    """What the action expected of the KPI, and whether it held."""

    @property
    def change(self) -> float | None:
        return None if self.before is None or self.now is None else self.now - self.before

    @property
    def readings_since(self) -> bool:
        return self.now_at is not None and self.now_at > self.closed_at

    @property
    def better(self) -> bool | None:
        """Did it move the way the KPI should? None when it did not move (or cannot tell)."""
        change = self.change
        if not change:
            return None
        return change > 0 if self.direction in ("increase", "maintain_above") else change < 0


def did_it_move(threads: Threads) -> list[Movement]:
    """Every action done in the series that should move a KPI, with the KPI's change since."""
    movements: list[Movement] = []
    for review in threads.series:
        for action in review.actions.values():
            if action.status != "done" or not action.kpi_id or action.closed_at is None:
                continue
            kpi = review.kpis.get(action.kpi_id)
            thread = threads.thread_of(review, action.kpi_id)
            if kpi is None or thread is None:
                continue
            points = threads.points(thread)
            before = [p for p in points if p.at <= action.closed_at]
            latest = points[-1] if points else None
            movements.append(
                Movement(
                    action,
                    review.session.id,
                    kpi.name,
                    kpi.unit,
                    kpi.direction,
                    action.closed_at,
                    before[-1].value if before else None,
                    latest.value if latest else None,
                    latest.at if latest else None,
                    judge(action, points, threads.series[-1].day),
                )
            )
    return movements


def expectations_by_owner(movements: Sequence[Movement]) -> dict[str, Counter[Verdict]]:
    """Per owner, how the expectations of their done actions came out (owner "" for none): an
    honest record, in the order people first appear."""
    record: dict[str, Counter[Verdict]] = {}
    for move in movements:
        if move.judged is not None:
            record.setdefault(move.action.owner or "", Counter())[move.judged.verdict] += 1
    return record


@dataclass(frozen=True)
class Raised:
    """A decision whose revisit condition holds on the latest reading of its KPI."""

    decision: Decision
    session_id: str
    condition: str
    value: float
    at: datetime


def raised_decisions(threads: Threads) -> list[Raised]:
    """Decisions of the series (latest state of each) whose condition holds now."""
    raised: dict[tuple[str, str], Raised] = {}
    for review in threads.series:
        for decision in review.decisions.values():
            condition = try_condition(decision.revisit_if)
            if condition is None:
                continue
            thread = threads.thread_of_decision(review, decision)
            latest = threads.latest(thread) if thread is not None else None
            if latest is not None and condition.holds(latest.value):
                raised[(review.session.id, decision.id)] = Raised(
                    decision, review.session.id, str(condition), latest.value, latest.at
                )
    return list(raised.values())


def flags_for_reading(threads: Threads, current: Review, kpi_id: str, value: float) -> list[Pending]:
    """Decisions (of this session or earlier ones) whose condition on this KPI holds for `value`,
    not yet flagged in `current`: a `decision.flagged` event for each."""
    thread = threads.thread_of(current, kpi_id)
    if thread is None:
        return []
    already = {(flag.session_id, flag.decision_id) for flag in current.flags}
    flags = []
    for review in threads.series:
        for decision in review.decisions.values():
            condition = try_condition(decision.revisit_if)
            if condition is None or (review.session.id, decision.id) in already:
                continue
            if threads.thread_of_decision(review, decision) == thread and condition.holds(value):
                flags.append(
                    pending(
                        "decision.flagged",
                        decision_id=decision.id,
                        session_id=review.session.id,
                        decision=decision.text,
                        condition=str(condition),
                        value=value,
                    )
                )
    return flags

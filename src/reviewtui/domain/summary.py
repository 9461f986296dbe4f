"""A session in one line for listings: title, series, dates, status and counts, from its review."""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from reviewtui.domain.basics import format_instant, series_key
from reviewtui.domain.kpi import STATUSES

if TYPE_CHECKING:
    from reviewtui.domain.review import Review


@dataclass(frozen=True)
class SessionSummary:
    id: str
    title: str
    series: str | None
    template: str
    facilitator: str
    created_at: str
    updated_at: str
    status: str
    events: int
    participants: int
    objectives: int
    kpis: int
    answers: int
    actions: int
    open_actions: int
    decisions: int
    revisit_conditions: int = 0
    """Decisions that asked to be revisited if a KPI crosses a line: a reading in this session or a
    later one of the series may flag them (without any, a reading need not read the series)."""
    kpi_status: dict[str, int] = field(default_factory=dict)
    """How many KPIs are in each status (`on track`, `at risk`...), every status present."""

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SessionSummary:
        return cls(**data)


def summarize(review: Review) -> SessionSummary:
    counts = Counter(review.kpi_status(kpi) for kpi in review.kpis.values())
    info = review.session
    return SessionSummary(
        id=info.id,
        title=info.title,
        series=info.series,
        template=info.template,
        facilitator=info.facilitator,
        created_at=format_instant(info.created_at),
        updated_at=format_instant(review.updated_at or info.created_at),
        status=review.status,
        events=review.as_of_seq,
        participants=len(review.participants),
        objectives=len(review.objectives),
        kpis=len(review.kpis),
        answers=len(review.answers),
        actions=len(review.actions),
        open_actions=len(review.open_actions()),
        decisions=len(review.decisions),
        revisit_conditions=sum(1 for decision in review.decisions.values() if decision.revisit_if),
        kpi_status={status: counts.get(status, 0) for status in STATUSES},
    )


@dataclass(frozen=True)
class SeriesRow:
    """A series as one row on the home screen (or a session of no series, alone)."""

    key: str | None
    name: str
    sessions: tuple[SessionSummary, ...]
    """Newest first."""

    @property
    def latest(self) -> SessionSummary:
        return self.sessions[0]


def series_rows(summaries: list[SessionSummary]) -> list[SeriesRow]:
    """One row per series, and one per session of no series, the most recently active first."""
    groups: dict[str, list[SessionSummary]] = {}
    rows: list[SeriesRow] = []
    for summary in summaries:  # newest first already
        key = series_key(summary.series)
        if key is None:
            rows.append(SeriesRow(None, summary.title, (summary,)))
        else:
            groups.setdefault(key, []).append(summary)
    for key, members in groups.items():
        rows.append(SeriesRow(key, members[0].series or key, tuple(members)))
    rows.sort(key=lambda row: (row.latest.created_at, row.latest.id), reverse=True)
    return rows

"""A session in one line for listings: title, series, dates, status and counts, from its review."""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Any

from reviewtui.domain.kpi import STATUSES
from reviewtui.domain.review import Review
from reviewtui.domain.values import format_instant


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
    kpi_status: dict[str, int] = field(default_factory=dict)
    """How many KPIs are in each status (`on track`, `at risk`...), every status present."""

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SessionSummary:
        return cls(**data)


def summarize(review: Review) -> SessionSummary:
    counts = Counter(kpi.status for kpi in review.kpis.values())
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
        kpi_status={status: counts.get(status, 0) for status in STATUSES},
    )

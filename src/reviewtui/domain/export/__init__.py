"""Exports of a review as of some event, through one registry of formats (see `FORMATS`)."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from reviewtui.domain.export.csv_actions import actions_csv
from reviewtui.domain.export.document import minutes_document
from reviewtui.domain.export.json_doc import json_document
from reviewtui.domain.export.markdown import minutes
from reviewtui.domain.review import Review
from reviewtui.domain.safe_text import json_text
from reviewtui.domain.series import HistoryPoint, Threads

History = Mapping[str, Sequence[HistoryPoint]]
"""Each KPI id -> its readings across the series (what the JSON export's `history` holds)."""


@dataclass(frozen=True)
class ExportFormat:
    """One way to take a review away: what the CLI's --format, the export dialog and the file
    suffix all read, so a format added here is offered everywhere at once."""

    name: str
    """As given to `--format`, and the file suffix: md, json, csv."""
    label: str
    """As the export dialog offers it."""
    render: Callable[[Review, Sequence[Mapping[str, Any]], int, Threads | None], str]
    """(review as of an event, the raw event documents, the session's event count, the series with
    that review as its last session, if the format looks through it) -> text."""
    uses_history: bool = False
    """Does it show each KPI's readings across the series? Then it is given the series of every
    session, a session of no series being a series of one."""
    uses_series: bool = False
    """Does it look back through the series (did done actions move their KPI, decisions to
    revisit)? Then it is given the series of a session in one, as the app's check-in and Close
    phase are: a session in no series has nothing to look back on."""

    @property
    def suffix(self) -> str:
        return f".{self.name}"


def _json(review: Review, events: Sequence[Mapping[str, Any]], total: int, threads: Threads | None) -> str:
    history = {kpi.id: threads.history(review, kpi.id) for kpi in review.kpis.values()} if threads else None
    document = json_document(review, events, history)
    try:
        return json_text(document, indent=2) + "\n"
    except ValueError:  # a NaN or an infinity in an event a file held: no JSON reader takes one
        return json_text(_finite(document), indent=2) + "\n"


def _finite(value: Any) -> Any:
    """A copy of `value` with each NaN or infinity as null: 'no number', as KPI math reads it too."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {key: _finite(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_finite(item) for item in value]
    return value


FORMATS: dict[str, ExportFormat] = {
    export.name: export
    for export in (
        ExportFormat(
            "md",
            "Minutes (Markdown)",
            lambda review, events, total, threads: minutes(review, total, threads),
            uses_series=True,
        ),
        ExportFormat("json", "Everything (JSON)", _json, uses_history=True),
        ExportFormat("csv", "Action items (CSV)", lambda review, events, total, threads: actions_csv(review)),
    )
}
"""The export formats, the first the default."""

__all__ = [
    "FORMATS",
    "ExportFormat",
    "History",
    "HistoryPoint",
    "Threads",
    "actions_csv",
    "json_document",
    "minutes",
    "minutes_document",
]

"""Exports of a review as of some event, through one registry of formats (see `FORMATS`)."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from reviewtui.domain.export.csv_actions import actions_csv
from reviewtui.domain.export.json_doc import json_document
from reviewtui.domain.export.markdown import minutes
from reviewtui.domain.review import Review
from reviewtui.domain.safe_text import json_text
from reviewtui.domain.series import HistoryPoint

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
    render: Callable[[Review, Sequence[Mapping[str, Any]], int, History | None], str]
    """(review as of an event, the raw event documents, the session's event count, history) -> text."""
    uses_history: bool = False
    """Does it show each KPI's readings across the series (a look through the whole series)?"""

    @property
    def suffix(self) -> str:
        return f".{self.name}"


def _json(review: Review, events: Sequence[Mapping[str, Any]], total: int, history: History | None) -> str:
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
        ExportFormat("md", "Minutes (Markdown)", lambda review, events, total, history: minutes(review, total)),
        ExportFormat("json", "Everything (JSON)", _json, uses_history=True),
        ExportFormat("csv", "Action items (CSV)", lambda review, events, total, history: actions_csv(review)),
    )
}
"""The export formats, the first the default."""

__all__ = ["FORMATS", "ExportFormat", "History", "HistoryPoint", "actions_csv", "json_document", "minutes"]

"""Exports of a review as of some event: Markdown minutes, a JSON document, a CSV of action items."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

from reviewtui.domain.export.csv_actions import actions_csv
from reviewtui.domain.export.json_doc import json_document
from reviewtui.domain.export.markdown import minutes
from reviewtui.domain.review import Review
from reviewtui.domain.safe_text import json_text
from reviewtui.domain.series import HistoryPoint

FORMATS = ("md", "json", "csv")


def export_text(
    review: Review,
    events: Sequence[Mapping[str, Any]],
    fmt: str,
    total_events: int | None = None,
    history: Mapping[str, Sequence[HistoryPoint]] | None = None,
) -> str:
    """The review as of `review.as_of_seq` in one of FORMATS, as the CLI and the app write it.
    `history` maps each KPI id to its readings across the series (JSON only)."""
    if fmt == "json":
        document = json_document(review, events, history)
        try:
            return json_text(document, indent=2) + "\n"
        except ValueError:  # a NaN or an infinity in an event a file held: no JSON reader takes one
            return json_text(_finite(document), indent=2) + "\n"
    if fmt == "csv":
        return actions_csv(review)
    return minutes(review, total_events=total_events)


def _finite(value: Any) -> Any:
    """A copy of `value` with each NaN or infinity as null: 'no number', as KPI math reads it too."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {key: _finite(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_finite(item) for item in value]
    return value


__all__ = ["FORMATS", "HistoryPoint", "actions_csv", "export_text", "json_document", "minutes"]

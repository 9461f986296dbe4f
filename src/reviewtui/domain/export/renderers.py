"""What writes each export format of the registry (domain.export.FORMATS names these functions)."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

from reviewtui.domain.export.csv_actions import actions_csv
from reviewtui.domain.export.html_minutes import minutes_html
from reviewtui.domain.export.json_doc import json_document
from reviewtui.domain.export.markdown import minutes
from reviewtui.domain.review import Review
from reviewtui.domain.safe_text import json_text
from reviewtui.domain.series import Threads


def render_md(review: Review, events: Sequence[Mapping[str, Any]], total: int, threads: Threads | None) -> str:
    return minutes(review, total, threads)


def render_html(review: Review, events: Sequence[Mapping[str, Any]], total: int, threads: Threads | None) -> str:
    return minutes_html(review, total, threads)


def render_csv(review: Review, events: Sequence[Mapping[str, Any]], total: int, threads: Threads | None) -> str:
    return actions_csv(review)


def render_json(review: Review, events: Sequence[Mapping[str, Any]], total: int, threads: Threads | None) -> str:
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

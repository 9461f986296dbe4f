"""Exports of a review as of some event: Markdown minutes, a JSON document, a CSV of action items."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from reviewtui.domain.export.csv_actions import actions_csv
from reviewtui.domain.export.json_doc import json_document
from reviewtui.domain.export.markdown import minutes
from reviewtui.domain.review import Review
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
        return json.dumps(json_document(review, events, history), indent=2, ensure_ascii=False) + "\n"
    if fmt == "csv":
        return actions_csv(review)
    return minutes(review, total_events=total_events)


__all__ = ["FORMATS", "HistoryPoint", "actions_csv", "export_text", "json_document", "minutes"]

"""`export --format csv`: the action items, one row each, for a spreadsheet or a tracker import."""

from __future__ import annotations

import csv
import io

from reviewtui.domain.review import Review
from reviewtui.domain.values import format_instant

COLUMNS = (
    "id", "text", "owner", "due", "status", "objective_id", "objective", "kpi_id", "kpi",
    "origin_session", "added_at", "closed_at",
)  # fmt: skip


def _cell(value: str) -> str:
    # A cell starting with = + - @ is run as a formula by spreadsheet programs (CSV injection).
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def actions_csv(review: Review) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for action in review.actions.values():
        objective = review.objectives.get(action.objective_id or "")
        kpi = review.kpis.get(action.kpi_id or "")
        row = (
            action.id, action.text, action.owner or "", action.due.isoformat() if action.due else "",
            action.status_shown, action.objective_id or "", objective.statement if objective else "",
            action.kpi_id or "", kpi.name if kpi else "", action.origin_session or "",
            format_instant(action.added_at),
            format_instant(action.closed_at) if action.closed_at else "",
        )  # fmt: skip
        writer.writerow([_cell(str(value)) for value in row])
    return out.getvalue()

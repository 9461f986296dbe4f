"""`export --format csv`: the action items, one row each, for a spreadsheet or a tracker import."""

from __future__ import annotations

import csv
import io

from reviewtui.domain.basics import format_instant
from reviewtui.domain.review import Review

COLUMNS = (
    "id",
    "text",
    "owner",
    "due",
    "status",
    "objective_id",
    "objective",
    "kpi_id",
    "kpi",
    "origin_session",
    "added_at",
    "closed_at",
)


_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")
"""What makes a spreadsheet run a cell as a formula (OWASP "CSV injection"), the full-width forms
too; tab and carriage return because some programs strip them first."""


def _cell(value: str) -> str:
    # A quote in front makes the cell text in Excel, LibreOffice and Google Sheets; it is checked
    # after leading blanks too, which some programs trim before they look.
    return "'" + value if value.lstrip(" ")[:1] in _FORMULA_STARTS else value


def actions_csv(review: Review) -> str:
    out = io.StringIO()
    # QUOTE_MINIMAL quotes every field holding a comma, a quote or a line break (doubling quotes).
    writer = csv.writer(out, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(COLUMNS)
    for action in review.actions.values():
        objective = review.objectives.get(action.objective_id or "")
        kpi = review.kpis.get(action.kpi_id or "")
        row = (
            action.id,
            action.text,
            action.owner or "",
            action.due.isoformat() if action.due else "",
            action.status_shown,
            action.objective_id or "",
            objective.statement if objective else "",
            action.kpi_id or "",
            kpi.name if kpi else "",
            action.origin_session or "",
            format_instant(action.added_at),
            format_instant(action.closed_at) if action.closed_at else "",
        )
        writer.writerow([_cell(str(value)) for value in row])
    return out.getvalue()

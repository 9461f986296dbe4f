"""How a KPI's (or an objective's) status is drawn, a symbol and its word in the theme's colour, and an expectation's verdict.

Status is never told by colour alone. The colours are the theme's status variables (see
ui/theming/variables.py), so a theme can set them; an overdue KPI takes the off-track colour."""

from __future__ import annotations

from textual.content import Content

from reviewtui.domain.expectations import Verdict
from reviewtui.domain.kpi import Status

STATUS_MARK: dict[Status, tuple[str, str]] = {
    "achieved": ("★", "$status-achieved"),
    "on track": ("●", "$status-on-track"),
    "at risk": ("◐", "$status-at-risk"),
    "off track": ("○", "$status-off-track"),
    "overdue": ("!", "$status-off-track"),
    "no data": ("·", "$status-no-data"),
}


def status_content(status: Status) -> Content:
    """`● on track`, in the status's colour."""
    mark, style = STATUS_MARK[status]
    return Content.styled(f"{mark} {status}", style)


VERDICT_STYLE: dict[Verdict, str] = {
    "held": "$status-on-track",
    "not yet": "$status-at-risk",
    "not held": "$status-off-track",
    "no reading": "$status-no-data",
}
"""The colour of an expectation's verdict, always beside its word."""

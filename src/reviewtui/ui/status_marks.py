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

ACTION_MARK = {"open": ("○", "$text"), "done": ("✓", "$text-success"), "dropped": ("✗", "$text-muted")}
"""An action's status: its symbol and colour."""

CHECK_IN_VERDICT = {
    "done": ("✓ done", "$text-success"),
    "not done": ("↻ not done", "$text-warning"),
    "dropped": ("✗ dropped", "$text-muted"),
}
"""What the owner said of a carried action at check-in, in words with a symbol."""


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

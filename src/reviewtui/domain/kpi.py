"""KPI math from DESIGN.md: progress from baseline toward target, and the status word it earns."""

from __future__ import annotations

import math
from collections.abc import Iterable
from datetime import date
from typing import Literal

from reviewtui.domain.basics import Direction

Status = Literal["no data", "achieved", "on track", "at risk", "off track", "overdue"]
STATUSES: tuple[Status, ...] = ("achieved", "on track", "at risk", "off track", "overdue", "no data")
WEAKEST_FIRST: tuple[Status, ...] = ("overdue", "off track", "at risk", "no data", "on track", "achieved")
"""The order an objective takes its status in: that of its weakest KPI (as Perdoo does). A KPI with
no reading is weaker than one on track: nobody knows where it stands."""
PACE_SLACK = 0.10
"""How far behind the pace a KPI may be and still be on track: 10 points of the way."""

# (threshold, status), checked top down. A hair of tolerance so that 0.7 computed as
# 0.69999999999 from decimal inputs still reads "on track", as a person would expect.
_THRESHOLDS: tuple[tuple[float, Status], ...] = (
    (1.0, "achieved"),
    (0.7, "on track"),
    (0.4, "at risk"),
)
_TOLERANCE = 1e-9


def progress(direction: Direction, baseline: float | None, target: float | None, current: float | None) -> float | None:
    """Share of the way from baseline to target (unclamped), or 1.0/0.0 for a line to hold.

    None when there is no reading, no target, or (increase/decrease) no baseline or
    target == baseline: there is no distance to measure progress along.
    """
    if current is None or target is None:
        return None
    if direction == "maintain_above":
        return 1.0 if current >= target else 0.0
    if direction == "maintain_below":
        return 1.0 if current <= target else 0.0
    if baseline is None or target == baseline:
        return None
    return (current - baseline) / (target - baseline)


def expected_progress(since: date, by: date, day: date) -> float:
    """The share of the way a KPI should have come on `day`, going from its baseline on `since`
    to its target on `by` at an even pace: 0 up to `since`, 1 from `by` on. When `since` is not
    before `by`, the whole way is due on `by`."""
    if by <= since:
        return 1.0 if day >= by else 0.0
    elapsed = (day - since).days / (by - since).days
    return max(0.0, min(1.0, elapsed))


def paced_status(value: float | None, expected: float, overdue: bool) -> Status:
    """The status of a KPI with a date: `achieved` (>= 1.0), `overdue` (the date has passed),
    `on track` (at or ahead of the pace, or within 10 points of it), `off track` (below half of
    the pace), `at risk` between them; `no data` without a reading."""
    if value is None:
        return "no data"
    if value >= 1.0 - _TOLERANCE:
        return "achieved"
    if overdue:
        return "overdue"
    if value >= expected - PACE_SLACK - _TOLERANCE:
        return "on track"
    if value < expected / 2 - _TOLERANCE:
        return "off track"
    return "at risk"


def weakest(statuses: Iterable[Status]) -> Status | None:
    """The weakest of some KPIs' statuses (see WEAKEST_FIRST); None for no KPI at all."""
    found = set(statuses)
    return next((status for status in WEAKEST_FIRST if status in found), None)


def direction_for(direction: Direction, baseline: float | None, target: float | None) -> Direction:
    """The direction a KPI's baseline and target call for: an increase whose target is below its
    baseline is a decrease (and the reverse). Holding a line, or no pair yet, stays as it is."""
    if direction not in ("increase", "decrease") or baseline is None or target is None or baseline == target:
        return direction
    return "decrease" if target < baseline else "increase"


def status(value: float | None) -> Status:
    """`no data`, `achieved` (>= 1.0), `on track` (>= 0.7), `at risk` (>= 0.4), `off track`."""
    if value is None:
        return "no data"
    for threshold, name in _THRESHOLDS:
        if value >= threshold - _TOLERANCE:
            return name
    return "off track"


def format_number(value: float | None) -> str:
    """12.0 -> '12', 12.5 -> '12.5', 0.12345 -> '0.1235'; None -> '—'."""
    if value is None:
        return "—"
    if not math.isfinite(value) or abs(value) > 1e15:  # never from KPI math: a file's number, quoted
        return f"{value:.4g}"
    if value == int(value):
        return str(int(value))
    if abs(value) < 1:
        return f"{value:.4g}"
    return f"{value:.4f}".rstrip("0").rstrip(".")


def format_value(value: float | None, unit: str) -> str:
    """A value with its unit as a person writes it: '36.5%', '1200 EUR', '4.2 days'."""
    number = format_number(value)
    if value is None or not unit:
        return number
    return f"{number}{unit}" if unit == "%" else f"{number} {unit}"


def format_progress(value: float | None) -> str:
    """'70%'; far past the target or behind the baseline, '>9999%' / '<-9999%'."""
    if value is None or not math.isfinite(value):
        return "—"
    if abs(value) >= 100:
        return ">9999%" if value > 0 else "<-9999%"
    return f"{round(value * 100):d}%"


def format_change(change: float | None, unit: str) -> str:
    """+4 pts for a percentage, −17 hours, +1200 EUR; '—' with nothing to compare."""
    if change is None:
        return "—"
    sign = "+" if change >= 0 else "−"
    amount = format_number(abs(change))
    if unit == "%":
        return f"{sign}{amount} pts"
    return f"{sign}{amount} {unit}".rstrip()

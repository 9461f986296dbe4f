"""KPI math from DESIGN.md: progress from baseline toward target, and the status word it earns."""

from __future__ import annotations

import math
from typing import Literal

from reviewtui.domain.basics import Direction

Status = Literal["no data", "achieved", "on track", "at risk", "off track"]
STATUSES: tuple[Status, ...] = ("achieved", "on track", "at risk", "off track", "no data")

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

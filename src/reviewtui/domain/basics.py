"""Plain values every layer shares, with no pydantic: the words for a KPI's direction, an action's
status and a person's role; the range of numbers reviewtui computes with; how a moment is written;
how a series is matched. Listings, the coach and a first frame import this, never pydantic."""

from __future__ import annotations

import math
from datetime import UTC, datetime
from typing import Literal

Direction = Literal["increase", "decrease", "maintain_above", "maintain_below"]
DIRECTIONS: tuple[str, ...] = ("increase", "decrease", "maintain_above", "maintain_below")
ActionStatus = Literal["open", "done", "dropped"]
Role = Literal["facilitator", "participant", "observer"]

NUMBER_LIMIT = 1e15
"""The largest magnitude reviewtui computes with: a quadrillion, far past any KPI, and far
enough from float's limits that no difference or ratio of two such numbers overflows."""
SMALLEST_NUMBER = 1e-9
"""The smallest magnitude other than zero (5e-324 divides into infinity)."""


def in_range(value: float) -> bool:
    """Can KPI math use `value`? Finite, zero or between SMALLEST_NUMBER and NUMBER_LIMIT in size."""
    return math.isfinite(value) and (value == 0 or SMALLEST_NUMBER <= abs(value) <= NUMBER_LIMIT)


def range_problem(value: float) -> str | None:
    """Why `value` cannot be used, as the end of a sentence about it, or None if it can."""
    if in_range(value):
        return None
    if math.isnan(value):
        return "is not a finite number"
    if math.isinf(value) or abs(value) > NUMBER_LIMIT:
        return "is too large: reviewtui takes numbers up to a quadrillion (1e15) either way"
    return "is too close to zero: reviewtui takes none smaller than 1e-9, other than 0"


def format_instant(moment: datetime) -> str:
    """UTC ISO 8601 with milliseconds and a Z, the one way `at` is written on disk."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def series_key(series: str | None) -> str | None:
    """Series are matched without regard to case or blanks: 'Growth  Review ' is 'growth review'."""
    words = (series or "").split()
    return " ".join(words).casefold() if words else None

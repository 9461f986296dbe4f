"""A KPI said in words where it is shown big: its figure, its goal, how far along it is."""

from __future__ import annotations

from reviewtui.domain.kpi import format_number, format_progress, format_value
from reviewtui.domain.review import Kpi, Review


def figure(kpi: Kpi) -> tuple[str, str]:
    """(`36.5%`, ``) or (`30`, `hours`): the latest value for big digits (a % goes with it), and
    the unit to write beside them."""
    if kpi.current is None:
        return "—", "" if kpi.unit == "%" else kpi.unit
    if kpi.unit == "%":
        return format_number(kpi.current) + "%", ""
    return format_number(kpi.current), kpi.unit


def goal(kpi: Kpi) -> str:
    """`target 40% by 2026-12-31`, or `no target`."""
    said = f"target {format_value(kpi.target, kpi.unit)}" if kpi.target is not None else "no target"
    return said + (f" by {kpi.by.isoformat()}" if kpi.paced and kpi.by is not None else "")


def way(review: Review, kpi: Kpi) -> str:
    """`40% of the way`, and with a date, where the pace says it should be: `, 55% due by now`."""
    said = f"{format_progress(kpi.progress)} of the way"
    expected = kpi.expected_progress(review.day)
    return said if expected is None else f"{said}, {format_progress(expected)} due by now"

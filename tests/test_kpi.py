"""KPI math of DESIGN.md: progress and status, including the edges."""

from __future__ import annotations

import pytest

from reviewtui.domain.kpi import format_progress, format_value, progress, status


@pytest.mark.parametrize(
    ("direction", "baseline", "target", "current", "expected"),
    [
        ("increase", 31, 40, 36.5, 5.5 / 9),
        ("increase", 31, 40, 40, 1.0),
        ("increase", 31, 40, 45, 14 / 9),  # unclamped above
        ("increase", 31, 40, 28, -3 / 9),  # unclamped below
        ("decrease", 52, 24, 30, 22 / 28),
        ("decrease", 52, 24, 60, -8 / 28),
        ("maintain_above", None, 95, 97, 1.0),
        ("maintain_above", None, 95, 95, 1.0),
        ("maintain_above", None, 95, 94.9, 0.0),
        ("maintain_below", 1.8, 1.5, 1.5, 1.0),
        ("maintain_below", 1.8, 1.5, 1.6, 0.0),
    ],
)
def test_progress(direction, baseline, target, current, expected) -> None:
    assert progress(direction, baseline, target, current) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("direction", "baseline", "target", "current"),
    [
        ("increase", 31, 40, None),  # no reading
        ("increase", 40, 40, 41),  # target == baseline
        ("increase", None, 40, 35),  # no baseline
        ("decrease", 10, None, 5),  # no target
        ("maintain_above", None, None, 5),
    ],
)
def test_progress_is_null_without_a_distance_to_measure(direction, baseline, target, current) -> None:
    assert progress(direction, baseline, target, current) is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, "no data"),
        (1.0, "achieved"),
        (1.7, "achieved"),
        (0.9999, "on track"),
        (0.7, "on track"),
        (0.6999, "at risk"),
        (0.4, "at risk"),
        (0.3999, "off track"),
        (0.0, "off track"),
        (-2.0, "off track"),
    ],
)
def test_status_thresholds(value, expected) -> None:
    assert status(value) == expected


def test_status_of_decimal_inputs_is_not_fooled_by_floating_point() -> None:
    # (1.9 - 1.2) / (2.2 - 1.2) is 0.7 on paper, 0.6999999999999998 in floating point.
    value = progress("increase", 1.2, 2.2, 1.9)
    assert value < 0.7
    assert status(value) == "on track"


def test_formatting() -> None:
    assert format_value(36.5, "%") == "36.5%"
    assert format_value(30.0, "hours") == "30 hours"
    assert format_value(None, "%") == "—"
    assert format_value(0.125, "") == "0.125"
    assert format_progress(5.5 / 9) == "61%"
    assert format_progress(None) == "—"

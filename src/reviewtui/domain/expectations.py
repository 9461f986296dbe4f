"""What an action expects of its KPI (`+5`, `-3`, `>= 40`, `<= 12`, in the KPI's unit), stated when
it is agreed, and the verdict at a later review: held, not yet, not held, or no reading."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Literal

from reviewtui.domain.basics import range_problem
from reviewtui.domain.errors import InvalidInput
from reviewtui.domain.kpi import format_number, format_value

Verdict = Literal["held", "not yet", "not held", "no reading"]

_EXPECT = re.compile(
    r"\s*(?:(?P<level>>=|<=|≥|≤)\s*(?P<sign>[-−]?)|(?P<change>[+\-−]))\s*(?P<number>[0-9]+(?:\.[0-9]+)?)\s*(?P<unit>\S.*?)?\s*"
)
"""A change (`+5`, `-3`) or a level, which may be below zero (`>= -10`); digits are ASCII only."""
_SAME_OP = {"≥": ">=", "≤": "<=", "−": "-"}
_EXAMPLE = "write +N or -N (a change from the latest reading), or >= N or <= N (a level), e.g. '+5' or '>= 40'"


@dataclass(frozen=True, slots=True)
class Expect:
    """A change from the reading when it was stated (`+`, `-`) or a level to reach (`>=`, `<=`)."""

    op: Literal["+", "-", ">=", "<="]
    amount: float

    def __str__(self) -> str:
        number = format_number(self.amount)
        return f"{self.op}{number}" if self.op in "+-" else f"{self.op} {number}"

    @property
    def relative(self) -> bool:
        return self.op in ("+", "-")

    def threshold(self, from_value: float | None) -> float | None:
        """The number a reading must reach: from the reading then for a change (None without one)."""
        if not self.relative:
            return self.amount
        if from_value is None:
            return None
        return from_value + self.amount if self.op == "+" else from_value - self.amount

    def met_by(self, value: float, from_value: float | None) -> bool:
        threshold = self.threshold(from_value)
        if threshold is None:
            return False
        return value >= threshold if self.op in ("+", ">=") else value <= threshold


def parse_expect(text: str, unit: str = "") -> Expect:
    """The expectation in `text`; a unit after the number must be the KPI's (`pts` for a %)."""
    match = _EXPECT.fullmatch(text)
    if match is None:
        raise InvalidInput("expect", f"{text.strip()!r} is not an expectation: {_EXAMPLE}")
    written = (match["unit"] or "").strip()
    units = {unit.strip().casefold(), *({"pts", "points"} if unit.strip() == "%" else set())} - {""}
    if written and written.casefold() not in units:
        said = f"its unit is {unit.strip()!r}" if unit.strip() else "it has no unit"
        raise InvalidInput("expect", f"{written!r} after the number is not the KPI's unit ({said})")
    amount = float(match["number"]) * (-1 if match["sign"] else 1)
    problem = range_problem(amount) if amount else None
    if problem:
        raise InvalidInput("expect", f"the number {problem}")
    written_op = match["level"] or match["change"]
    op = _SAME_OP.get(written_op, written_op)
    if op in "+-" and amount == 0:
        raise InvalidInput("expect", "a change of 0 expects nothing; say how much it should move")
    return Expect(op, amount)  # type: ignore[arg-type]


def try_expect(text: str | None) -> Expect | None:
    """The expectation, or None for none (or one a file holds that this version cannot read)."""
    if not text:
        return None
    try:
        return parse_expect(text)
    except InvalidInput:
        return None


def verdict(expect: Expect, from_value: float | None, by: date | None, value: float | None, day: date) -> Verdict:
    """`held` when `value` (the latest reading since it was stated, and by its date if it has
    one: series.judge) meets it; else `not yet` before its date, `not held` after it (or with no
    date); `no reading` when none was taken."""
    if value is None:
        return "no reading"
    if expect.met_by(value, from_value):
        return "held"
    if by is not None and day <= by:
        return "not yet"
    return "not held"


def stated(expect: Expect, from_value: float | None, by: date | None, unit: str) -> str:
    """The expectation as a person says it: `+2 (from 36.5%) by 2026-12-31`, `>= 40%`."""
    number = format_value(expect.amount, unit if not (expect.relative and unit == "%") else "")
    if expect.relative and unit == "%":
        number += " pt" if expect.amount == 1 else " pts"
    said = f"{expect.op}{number}" if expect.relative else f"{expect.op} {number}"
    if expect.relative and from_value is not None:
        said += f" (from {format_value(from_value, unit)})"
    return said + (f" by {by.isoformat()}" if by else "")


def outcome(verdict: Verdict, expect: Expect, from_value: float | None, value: float | None, unit: str) -> str:
    """The numbers after the verdict: `held` `at 39%`, `not held` `at 37%, 38.5% needed`, `no
    reading` `since it was stated`."""
    if verdict == "no reading" or value is None:
        return "since it was stated"
    if verdict == "held":
        return f"at {format_value(value, unit)}"
    needed = expect.threshold(from_value)
    return f"at {format_value(value, unit)}" + (f", {format_value(needed, unit)} needed" if needed is not None else "")

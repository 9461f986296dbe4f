"""A decision's revisit condition, `<KPI name> <op> <number>`: parsed when entered, checked on readings."""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from reviewtui.domain.basics import range_problem
from reviewtui.domain.errors import InvalidInput
from reviewtui.domain.kpi import format_number

_OPERATORS: dict[str, Callable[[float, float], bool]] = {
    "<=": operator.le,
    ">=": operator.ge,
    "==": operator.eq,
    "!=": operator.ne,
    "<": operator.lt,
    ">": operator.gt,
    "=": operator.eq,
    "≤": operator.le,
    "≥": operator.ge,
}
_CONDITION = re.compile(
    r"\s*(?P<name>.+?)\s*(?P<op><=|>=|==|!=|≤|≥|<|>|=)\s*(?P<value>[-+]?[\d.,]+(?:[eE][-+]?\d+)?)\s*(?P<unit>\S.*?)?\s*"
)
_NUMBER = re.compile(r"[-+]?\d+(\.\d+)?")
_EXAMPLE = "write '<KPI name> <op> <number>', e.g. 'Activation rate < 30' (ops: < <= > >= = !=)"


@dataclass(frozen=True)
class Condition:
    kpi_name: str
    op: str
    value: float

    def holds(self, reading: float) -> bool:
        return _OPERATORS[self.op](reading, self.value)

    def __str__(self) -> str:
        return f"{self.kpi_name} {self.op} {format_number(self.value)}"

    def names(self, kpi_name: str) -> bool:
        return self.kpi_name.casefold() == kpi_name.strip().casefold()


def parse_condition(text: str, kpis: Mapping[str, str] | None = None) -> Condition:
    """The condition in `text`. With `kpis` (name -> unit), it must name one of them, and a unit
    after the number must be that KPI's: a number is never guessed at (10,000? 50k? 1.2M?)."""
    match = _CONDITION.fullmatch(text)
    if match is None:
        raise InvalidInput("revisit_if", f"{text.strip()!r} is not a condition: {_EXAMPLE}")
    number, unit = match["value"], (match["unit"] or "").strip()
    if not _NUMBER.fullmatch(number):
        raise InvalidInput(
            "revisit_if",
            f"{number!r} is not a plain number: write it in full, with a dot "
            "for decimals and no thousands separator (10000, 2.5)",
        )
    value = float(number)
    problem = range_problem(value)
    if problem:
        raise InvalidInput("revisit_if", f"the number {problem}")
    condition = Condition(match["name"].strip(), match["op"], value)
    if kpis is None:
        if unit and unit != "%":
            raise InvalidInput("revisit_if", f"{unit!r} after the number is not understood: write the number in full")
        return condition
    named = next((name for name in kpis if condition.names(name)), None)
    if named is None:
        listing = ", ".join(repr(name) for name in kpis) or "none yet"
        raise InvalidInput("revisit_if", f"no KPI called {condition.kpi_name!r} to check it against (KPIs: {listing})")
    if unit and unit.casefold() != kpis[named].strip().casefold():
        expected = f"its unit is {kpis[named]!r}" if kpis[named] else "it has no unit"
        raise InvalidInput("revisit_if", f"{unit!r} after the number is not {named}'s unit ({expected})")
    return condition


def try_condition(text: str | None) -> Condition | None:
    """The condition, or None for a text written before conditions were checked (or empty)."""
    if not text:
        return None
    try:
        return parse_condition(text)
    except InvalidInput:
        return None

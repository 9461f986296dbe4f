"""A decision's revisit condition, `<KPI name> <op> <number>`: parsed when entered, checked on readings."""

from __future__ import annotations

import math
import operator
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from reviewtui.domain.kpi import format_number
from reviewtui.errors import InvalidInput

_OPERATORS: dict[str, Callable[[float, float], bool]] = {
    "<=": operator.le, ">=": operator.ge, "==": operator.eq, "!=": operator.ne,
    "<": operator.lt, ">": operator.gt, "=": operator.eq, "≤": operator.le, "≥": operator.ge,
}  # fmt: skip
_CONDITION = re.compile(
    r"\s*(?P<name>.+?)\s*(?P<op><=|>=|==|!=|≤|≥|<|>|=)\s*(?P<value>[-+]?\d+(?:[.,]\d+)?)\s*(?P<unit>%|[A-Za-z]+)?\s*"
)
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


def parse_condition(text: str, kpi_names: Iterable[str] | None = None) -> Condition:
    """The condition in `text`; with `kpi_names`, the KPI it names must be one of them."""
    match = _CONDITION.fullmatch(text)
    if match is None:
        raise InvalidInput("revisit_if", f"{text.strip()!r} is not a condition: {_EXAMPLE}")
    value = float(match["value"].replace(",", "."))
    if not math.isfinite(value):
        raise InvalidInput("revisit_if", f"{match['value']!r} is not a number")
    condition = Condition(match["name"].strip(), match["op"], value)
    if kpi_names is not None:
        known = list(kpi_names)
        if not any(condition.names(name) for name in known):
            listing = ", ".join(repr(name) for name in known) or "none yet"
            raise InvalidInput(
                "revisit_if", f"no KPI called {condition.kpi_name!r} to check it against (KPIs: {listing})"
            )
    return condition


def try_condition(text: str | None) -> Condition | None:
    """The condition, or None for a text written before conditions were checked (or empty)."""
    if not text:
        return None
    try:
        return parse_condition(text)
    except InvalidInput:
        return None

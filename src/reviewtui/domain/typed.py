"""What people type, checked before it is written: nothing that could act on a terminal, not too
long, and numbers that KPI math can use. One definition for the CLI, the app and the write path."""

from __future__ import annotations

import math
from typing import Any

from reviewtui.domain.basics import NUMBER_LIMIT, range_problem
from reviewtui.domain.errors import InvalidInput
from reviewtui.domain.safe_text import unsafe_in

MAX_TEXT = 5_000
"""Characters in one text a person types (an answer, a rationale): a page, and then some."""
MAX_NAME = 100
"""Characters in a person's name."""
MAX_TITLE = 200
"""Characters in a session's title or a series' name."""
NAME_FIELDS = frozenset({"actor", "name", "owner", "by", "to", "facilitator", "as"})


def check_typed(text: str, field: str, limit: int | None = None) -> str:
    """`text` if it holds nothing that could act on a terminal and is not too long, else
    InvalidInput naming the field and the problem."""
    found = unsafe_in(text)
    if found:
        raise InvalidInput(
            field,
            f"holds a control character, {found}, which could act on the terminals "
            "it is shown on; type the text without it",
        )
    if limit is None:
        limit = MAX_NAME if field in NAME_FIELDS else MAX_TEXT
    if len(text) > limit:
        raise InvalidInput(field, f"is {len(text):,} characters long; at most {limit:,} are kept")
    return text


def check_input(value: Any, field: str = "value") -> None:
    """What people type, as decoded JSON, before it is written: every string `check_typed`, every
    number within the range KPI math takes (domain.basics.in_range). The field named is the
    innermost key."""
    if isinstance(value, str):
        check_typed(value, field)
    elif isinstance(value, float):
        problem = range_problem(value)
        if problem:
            raise InvalidInput(field, f"{value:.4g} {problem}")
    elif isinstance(value, int) and not isinstance(value, bool) and abs(value) > NUMBER_LIMIT:
        raise InvalidInput(field, f"the number {range_problem(math.inf)}")
    elif isinstance(value, dict):
        for key, item in value.items():
            check_input(item, str(key))
    elif isinstance(value, list):
        for item in value:
            check_input(item, field)

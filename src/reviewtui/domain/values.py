"""The pydantic value types of events: text, numbers, dates, UTC instants, with plain-English errors.

What needs no pydantic (the words for directions and roles, the number range, how a moment is
written) is in domain.basics, so that reading a session's listing or drawing a first frame does
not import it."""

from __future__ import annotations

import math
import re
from datetime import UTC, date, datetime
from typing import Annotated, Any

from pydantic import BeforeValidator, PlainSerializer, StringConstraints, ValidationError
from pydantic_core import PydanticCustomError

from reviewtui.domain.basics import format_instant
from reviewtui.domain.errors import InvalidInput

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _number(value: Any) -> float:
    # Numbers typed at a prompt arrive as strings; JSON numbers arrive as int/float. Out-of-range
    # numbers (inf, 1e308, a 5,000-digit integer) are parsed here, not refused: a file written
    # by others still opens (KPI math treats them as no data), and what people type is refused
    # with its range by the write path (domain.safe_text.check_input).
    if isinstance(value, bool):  # an int subclass: True is not a reading
        raise PydanticCustomError("not_a_number", "{value!r} is not a number", {"value": value})
    if isinstance(value, (int, float)):
        try:
            return float(value)
        except OverflowError:  # an integer beyond float's range
            return math.copysign(math.inf, value)
    if isinstance(value, str):
        try:
            return float(value.strip())
        except ValueError:
            shown = value if len(value) <= 40 else value[:39] + "…"
            raise PydanticCustomError("not_a_number", "'{value}' is not a number", {"value": shown}) from None
    raise PydanticCustomError("not_a_number", "{value!r} is not a number", {"value": value})


def _iso_date(value: Any) -> date:
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if isinstance(value, str) and _ISO_DATE.fullmatch(value.strip()):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise PydanticCustomError("not_a_date", "'{value}' is not a date (use YYYY-MM-DD)", {"value": value})


def _utc_instant(value: Any) -> datetime:
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            raise PydanticCustomError("not_a_time", "'{value}' is not an ISO 8601 time", {"value": value}) from None
    if not isinstance(value, datetime):
        raise PydanticCustomError("not_a_time", "{value!r} is not a time", {"value": value})
    if value.tzinfo is None:
        raise PydanticCustomError("naive_time", "time has no timezone (write it in UTC with Z)")
    return value.astimezone(UTC)


Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
"""Text a person typed that must say something; surrounding blanks are trimmed. (Checked by
pydantic-core, not a Python validator: a 10,000-event log holds ~27,000 of them, 60 ms that way.)"""

Number = Annotated[float, BeforeValidator(_number)]
"""A number; numeric strings are accepted because prompts deliver strings. May be out of range
(see `in_range`) when read from a file."""

IsoDate = Annotated[date, BeforeValidator(_iso_date), PlainSerializer(date.isoformat, return_type=str)]
"""A calendar date written YYYY-MM-DD."""

UtcInstant = Annotated[datetime, BeforeValidator(_utc_instant), PlainSerializer(format_instant, return_type=str)]
"""A timezone-aware moment, normalised to UTC, written with a trailing Z."""


def field_and_message(item: Any, prefix: str = "") -> tuple[str, str]:
    """The field name and the plain-English problem of one item of `ValidationError.errors()`."""
    # A discriminated union puts its tag (an event type such as "kpi.measured") in the
    # location; field names never hold a dot, so dotted parts are that tag and are dropped.
    location = [str(part) for part in item["loc"] if "." not in str(part)]
    field = prefix + ".".join(location) if location else (prefix.rstrip(".") or "value")
    message = item["msg"]
    if item["type"] == "literal_error":
        message = f"{item['input']!r} is not one of {item.get('ctx', {}).get('expected', '')}"
    elif item["type"] == "string_too_short":  # the only length rule: Text must say something
        message = "must not be empty"
    elif item["type"] == "string_unicode":  # a lone surrogate: a byte that was not UTF-8
        message = "is not valid UTF-8 text"
    elif item["type"] == "missing":
        message = "is required"
    elif item["type"] == "extra_forbidden":
        message = "is not a known field"
    return field, message.removeprefix("Value error, ")


def describe(error: ValidationError, prefix: str = "") -> str:
    """One line naming each failing field and why, e.g. `due: '31/12' is not a date (use YYYY-MM-DD)`."""
    items = error.errors(include_url=False)
    return "; ".join("{}: {}".format(*field_and_message(item, prefix)) for item in items)


def invalid_input(error: ValidationError) -> InvalidInput:
    """Turn a pydantic error about user input into the InvalidInput the CLI and UI show."""
    return InvalidInput(*field_and_message(error.errors(include_url=False)[0]))

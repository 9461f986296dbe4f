"""Session ids: the one pattern a name must match before it may become part of a file path."""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from reviewtui.domain.errors import InvalidInput

SESSION_ID_PATTERN = re.compile(r"[a-z0-9][a-z0-9-]{0,99}")
"""DESIGN.md's `[a-z0-9][a-z0-9-]*`, capped at 100 characters so a file name always fits."""

_SLUG_LENGTH = 40


def is_session_id(value: object) -> bool:
    return isinstance(value, str) and SESSION_ID_PATTERN.fullmatch(value) is not None


def check_session_id(value: str) -> str:
    """Return `value` if it is a session id, else raise; call before building any path from it."""
    if not is_session_id(value):
        shown = value if len(value) <= 60 else value[:57] + "..."
        raise InvalidInput(
            "session id",
            f"{shown!r} is not a session id (lower-case letters, digits and '-'; see `reviewtui list`)",
        )
    return value


def slugify(title: str) -> str:
    """Lower-case ASCII words joined by '-': 'Q3 Growth Review — Café' -> 'q3-growth-review-cafe'."""
    ascii_text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if len(slug) > _SLUG_LENGTH:
        slug = slug[:_SLUG_LENGTH].rsplit("-", 1)[0] or slug[:_SLUG_LENGTH]
    return slug.strip("-") or "session"


def make_session_id(title: str, day: date, suffix: str) -> str:
    """`2026-10-07-q3-growth-review-7k2f`: sortable by date, readable, unique by its suffix."""
    return check_session_id(f"{day.isoformat()}-{slugify(title)}-{suffix}")

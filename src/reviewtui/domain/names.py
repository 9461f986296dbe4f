"""Who a change is recorded as: a person's name, checked for a meeting, and the names kept for
anonymous contributions (no pydantic here: every command checks `--as` before anything else)."""

from __future__ import annotations

from reviewtui.domain.errors import InvalidInput
from reviewtui.domain.typed import MAX_NAME, check_typed

ANONYMOUS = "anonymous"
"""The actor recorded for a contribution made in an anonymous phase."""
VOTER_PREFIX = "voter-"
"""Pseudonyms of anonymous votes start so (store.pseudonym); no person may be called that."""


def check_name(name: str) -> str:
    """A person's name for a live meeting: not one the file uses for no one in particular, and
    nothing in it that could act on the terminals it is shown on."""
    check_typed(name, "as", MAX_NAME)
    if not name.strip():
        raise InvalidInput("as", "the name recorded with each change must not be empty")
    if name.strip() == ANONYMOUS or name.strip().startswith(VOTER_PREFIX):
        raise InvalidInput("as", f"{name.strip()!r} is kept for anonymous contributions; choose another name")
    return name

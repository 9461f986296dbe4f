"""Blind confidence rounds through the one write path: each rating sealed with a pad from the host
account's key as it is written, the round unsealed only by its reveal (domain.confidence)."""

from __future__ import annotations

from reviewtui.application.writing import Author, Change, write
from reviewtui.domain import changes
from reviewtui.domain.confidence import unseal
from reviewtui.domain.errors import InvalidInput
from reviewtui.domain.events import Event
from reviewtui.domain.review import Review
from reviewtui.store import SessionStore

__all__ = [
    "check_facilitates",
    "open_round",
    "own_rating",
    "rate",
    "rating_change",
    "reveal",
    "reveal_change",
]


def open_round(store: SessionStore, session_id: str, author: Author) -> list[Event]:
    return write(store, session_id, author, changes.open_confidence)


def rate(store: SessionStore, session_id: str, author: Author, kpi: str, value: object) -> list[Event]:
    """Record `author`'s rating (0-10) of `kpi`, sealed: a new rating of the same KPI replaces theirs."""
    return write(store, session_id, author, rating_change(session_id, kpi, value, author.name))


def reveal(store: SessionStore, session_id: str, author: Author) -> list[Event]:
    """Reveal the open round: every KPI's ratings, unsealed, written without names."""
    return write(store, session_id, author, reveal_change(session_id))


def rating_change(session_id: str, kpi: str, value: object, rater: str) -> Change:
    """The change that rates `kpi` as `rater`, sealed with a pad of its own (the app's too)."""
    from reviewtui.store.pseudonym import HostKey, new_nonce

    key, nonce = HostKey(session_id), new_nonce()
    return lambda review: changes.rate_confidence(review, kpi, value, rater, key, nonce)


def reveal_change(session_id: str) -> Change:
    from reviewtui.store.pseudonym import HostKey

    key = HostKey(session_id)
    return lambda review: changes.reveal_confidence(review, key)


def own_rating(review: Review, session_id: str, name: str, kpi_id: str) -> int | None:
    """`name`'s own rating of the KPI in the open round (under their name or, in an anonymous
    phase, their pseudonym), for their own screen only; None if they have not rated it."""
    round_ = review.open_round
    if round_ is None:
        return None
    from reviewtui.store.pseudonym import HostKey, pseudonym

    key = HostKey(session_id)
    for actor in (name, pseudonym(session_id, name)) if review.anonymous else (name,):
        found = round_.sealed.get((kpi_id, actor))
        if found is not None:
            sealed, nonce, check = found
            value = unseal(sealed, key.pad(nonce))
            return value if key.check(nonce, value) == check else None
    return None


def check_facilitates(review: Review, name: str) -> None:
    """Refuse anyone but the session's facilitator (the CLI's check, as the app's seat is)."""
    facilitator = review.facilitator
    if name.strip().casefold() != facilitator.casefold():
        raise InvalidInput("as", f"only the session's facilitator ({facilitator}) can do that")

"""The one write path: every change to a session, from the CLI and the app, under the same rules.

A change is built from the session as it stands under the write lock (ids never collide), then:
- the role gate: a participant's contribution becomes a proposal, an observer changes nothing
  (domain.meeting.as_participant);
- anonymity: in an anonymous phase an answer names no one and is recorded as `anonymous`, a
  vote under a pseudonym (domain.meeting);
- follow-on events: a reading that meets a decision's revisit condition flags that decision
  (domain.series.flags_for_reading), in the same write: never one without the other.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from reviewtui.domain import changes, meeting
from reviewtui.domain.basics import Role
from reviewtui.domain.events import Event, MeasurementData, Pending
from reviewtui.domain.review import Review
from reviewtui.domain.series import Threads, flags_for_reading
from reviewtui.store import SessionStore
from reviewtui.store.store import Change

__all__ = ["Author", "Change", "ThreadsFor", "undo_last", "write"]

ThreadsFor = Callable[[Review], Threads]
"""The series' KPI threads with the session as `review` (fresh, under the lock) as the last."""


@dataclass(frozen=True)
class Author:
    """Who writes, and as what: the name recorded (unless a phase is anonymous) and the role."""

    name: str
    role: Role = "facilitator"


def write(
    store: SessionStore, session_id: str, author: Author, change: Change, threads_for: ThreadsFor | None = None
) -> list[Event]:
    """Write `change` as `author`, with the rules above, in one atomic append; returns the events
    written. `threads_for` gives the series for the decision flags a reading raises (without it,
    only this session's own decisions are looked at). InvalidInput says what was refused."""

    def built(review: Review) -> list[Pending]:
        made = change(review) if callable(change) else change
        items = [made] if isinstance(made, Pending) else list(made)
        if author.role != "facilitator":
            aliases = (
                _aliases(review, session_id, author.name) if any(i.type == "change.reverted" for i in items) else ()
            )
            items = meeting.as_participant(review, items, author.role, author.name, aliases)
        items = meeting.without_names(review, items)
        return [*items, *_follow_ons(review, items, threads_for)]

    def recorded_as(review: Review, items: list[Pending]) -> str:
        return meeting.recorded_as(review, items, author.name, lambda: _pseudonym(session_id, author.name))

    return store.append(session_id, recorded_as, built)


def undo_last(session_id: str, author: Author) -> Change:
    """The change that takes back `author`'s latest change not undone yet (their dots in an
    anonymous phase included): pass it to `write`. InvalidInput if there is none."""

    def change(review: Review) -> Pending:
        return changes.undo(review, {author.name, *_aliases(review, session_id, author.name)})

    return change


def _aliases(review: Review, session_id: str, name: str) -> tuple[str, ...]:
    """The other names `name`'s changes are recorded under: their pseudonym, in anonymous votes."""
    return (_pseudonym(session_id, name),) if review.anonymous else ()


def _follow_ons(review: Review, items: list[Pending], threads_for: ThreadsFor | None) -> list[Pending]:
    """What the change brings with it: a decision flagged by each reading that meets its condition."""
    flags: list[Pending] = []
    for item in items:
        if item.type == "kpi.measured" and isinstance(item.data, MeasurementData):
            threads = threads_for(review) if threads_for else Threads([review])
            flags += flags_for_reading(threads, review, item.data.id, item.data.value)
    return flags


def _pseudonym(session_id: str, name: str) -> str:
    from reviewtui.store.pseudonym import pseudonym  # only anonymous phases need the key file

    return pseudonym(session_id, name)

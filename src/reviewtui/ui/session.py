"""The session a facilitator has open: its log and review, and the one way screens change it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reviewtui.domain.events import Event
from reviewtui.domain.review import Review
from reviewtui.domain.values import format_instant
from reviewtui.store import SessionLog, SessionStore
from reviewtui.store.store import Change

if TYPE_CHECKING:
    from reviewtui.domain.summary import SessionSummary


class OpenSession:
    def __init__(self, store: SessionStore, session_id: str, actor: str) -> None:
        self.store = store
        self.id = session_id
        self.actor = actor
        self.log = store.load(session_id)

    @property
    def review(self) -> Review:
        return self.log.review

    def apply(self, change: Change) -> list[Event]:
        """Write the change to disk at once (under the session's lock) and take the new state."""
        events = self.store.append(self.id, self.actor, change)
        self.log = self.store.load(self.id)  # the store kept the text it wrote: no re-read
        return events

    def previous_in_series(self) -> SessionLog | None:
        """The latest session of the same series created before this one, if any (reads the listing)."""
        key = self.log.info.series_key
        if key is None:
            return None
        mine = self.log.info
        earlier: list[SessionSummary] = [
            s for s in self.store.list().sessions
            if s.id != mine.id and s.series and s.series.strip().casefold() == key
            and (s.created_at, s.id) < (format_instant(mine.created_at), mine.id)
        ]  # fmt: skip
        if not earlier:
            return None
        return self.store.load(max(earlier, key=lambda s: (s.created_at, s.id)).id)

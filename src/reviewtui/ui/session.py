"""The session a facilitator has open: its log and review, and the one way screens change it."""

from __future__ import annotations

from reviewtui.domain.events import Event
from reviewtui.domain.review import Review
from reviewtui.domain.series import Threads, flags_for_reading
from reviewtui.store import SessionStore
from reviewtui.store.store import Change


class OpenSession:
    def __init__(self, store: SessionStore, session_id: str, actor: str) -> None:
        self.store = store
        self.id = session_id
        self.actor = actor
        self.log = store.load(session_id)
        self._earlier: list[Review] | None = None
        self._threads: Threads | None = None
        self._current: Threads | None = None

    @property
    def review(self) -> Review:
        return self.log.review

    def apply(self, change: Change) -> list[Event]:
        """Write the change to disk at once (under the session's lock) and take the new state."""
        events = self.store.append(self.id, self.actor, change)
        self.log = self.store.load(self.id)  # the store kept the text it wrote: no re-read
        return events

    def load_earlier(self) -> list[Review]:
        """The earlier sessions of the series, oldest first. Reads the listing: call it off the
        UI thread; it is kept, since earlier sessions do not change during a meeting."""
        earlier = [log.review for log in self.store.series(self.id)[:-1]]
        self._threads = Threads(earlier)  # followed once; each refresh only adds this session
        self._current = None
        self._earlier = earlier
        return earlier

    @property
    def earlier(self) -> list[Review] | None:
        """What `load_earlier` found, or None if it has not run yet."""
        return self._earlier

    def threads(self) -> Threads:
        """The series' KPI threads with this session as it stands now."""
        review = self.review
        if self._current is None or self._current.series[-1] is not review:
            self._current = (self._threads or Threads([])).extended(review)
        return self._current

    def flags_after_reading(self, kpi_id: str) -> Change | None:
        """After a reading: the change that flags each decision of the series whose revisit
        condition the KPI's new value meets (apply it like any other change)."""
        kpi = self.review.kpis.get(kpi_id)
        if kpi is None or kpi.current is None:
            return None
        if self._earlier is None:
            self.load_earlier()  # a reading before the look-up finished: flags need the series
        threads, value = self.threads(), kpi.current
        return lambda review: flags_for_reading(threads, review, kpi_id, value)

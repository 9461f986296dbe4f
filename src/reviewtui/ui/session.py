"""The session a facilitator has open: its log and review, and the one way screens change it."""

from __future__ import annotations

from reviewtui.domain import meeting
from reviewtui.domain.events import Event, Pending
from reviewtui.domain.replay import Replay
from reviewtui.domain.review import Review
from reviewtui.domain.series import Threads, flags_for_reading
from reviewtui.errors import ReviewtuiError
from reviewtui.store import SessionStore
from reviewtui.store.store import Change
from reviewtui.ui.heap import freeze_what_is_held


class OpenSession:
    def __init__(self, store: SessionStore, session_id: str, actor: str) -> None:
        self.store = store
        self.id = session_id
        self.actor = actor
        self.log = store.load(session_id)
        self._earlier: list[Review] | None = None
        self._threads: Threads | None = None
        self._current: Threads | None = None
        self._current_seq = -1

    @property
    def review(self) -> Review:
        return self.log.review

    role = "facilitator"
    """The facilitator changes anything; a participant proposes, votes; an observer watches."""

    def apply(self, change: Change) -> list[Event]:
        """Write the change to disk at once (under the session's lock) and take the new state."""
        role, name = self.role, self.actor

        def as_allowed(review: Review) -> list[Pending]:
            built = change(review) if callable(change) else change
            items = [built] if isinstance(built, Pending) else list(built)
            if role != "facilitator":
                items = meeting.as_participant(review, items, role, name)
            return meeting.without_names(review, items)

        events = self.store.append(
            self.id, lambda review, items: meeting.recorded_as(review, items, name, lambda: self.pseudonym), as_allowed
        )
        self.log = self.store.load(self.id)  # the store kept the text it wrote: no re-read
        return events

    @property
    def pseudonym(self) -> str:
        """Who this person's votes are counted as in an anonymous phase (see store.pseudonym)."""
        from reviewtui.store.pseudonym import pseudonym

        return pseudonym(self.id, self.actor)

    def voter(self, phase_id: str) -> str:
        """Whom this person's dots in a phase count for: a pseudonym if the phase is anonymous."""
        return self.pseudonym if phase_id in self.review.anonymous else self.actor

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
        # A replay folds on into the same review object: its seq tells whether it moved.
        if self._current is None or self._current.series[-1] is not review or self._current_seq != review.as_of_seq:
            self._current = (self._threads or Threads([])).extended(review)
            self._current_seq = review.as_of_seq
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


class ReplaySession(OpenSession):
    """A session replayed: the review is the one as of the cursor, and nothing can be changed."""

    def __init__(self, store: SessionStore, session_id: str, actor: str) -> None:
        super().__init__(store, session_id, actor)
        self.replay = Replay(self.log.info, self.log.events)
        self.cursor = self.log.last_seq
        # The log and its steps live as long as the replay: out of the collector's walks, or a
        # seek can stall on one (82 ms worst case seen in a 10,000-event session; 24 ms frozen).
        freeze_what_is_held()

    @property
    def review(self) -> Review:
        return self.replay.review_at(self.cursor)

    def apply(self, change: Change) -> list[Event]:
        raise ReviewtuiError("a replay shows what was; open the session to change it")

    def flags_after_reading(self, kpi_id: str) -> Change | None:
        return None

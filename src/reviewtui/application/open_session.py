"""A session someone has open: its log and review, the one way their changes are written, and its
series looked back on (read once, off the UI thread, then followed as the session moves on)."""

from __future__ import annotations

from reviewtui.application.series import earlier_reviews
from reviewtui.application.writing import Author, Change, undo_last, write
from reviewtui.domain.basics import Role
from reviewtui.domain.errors import ReviewtuiError
from reviewtui.domain.events import Event, EventBase
from reviewtui.domain.meeting import Permissions
from reviewtui.domain.replay import Replay, describe
from reviewtui.domain.review import Review
from reviewtui.domain.series import Threads
from reviewtui.store import SessionStore


class OpenSession:
    def __init__(self, store: SessionStore, session_id: str, actor: str) -> None:
        self.store = store
        self.id = session_id
        self.actor = actor
        self.role: Role = "facilitator"
        """The facilitator changes anything; a participant proposes and votes; an observer watches."""
        self.log = store.load(session_id)
        self._earlier: list[Review] | None = None
        self._threads: Threads | None = None
        self._current: Threads | None = None
        self._current_seq = -1

    @property
    def review(self) -> Review:
        return self.log.review

    @property
    def permissions(self) -> Permissions:
        return Permissions(self.role)

    def apply(self, change: Change) -> list[Event]:
        """Write the change at once through the one write path, as this person in their role, and
        take the new state. InvalidInput says what was refused."""
        events = write(self.store, self.id, Author(self.actor, self.role), change, self._threads_with)
        self.log = self.store.load(self.id)  # the store kept the text it wrote: no re-read
        return events

    def undo(self) -> list[Event]:
        """Take back this person's latest change not undone yet (InvalidInput: none is left)."""
        return self.apply(undo_last(self.id, Author(self.actor, self.role)))

    def undoes_closing(self) -> bool:
        """Would `undo` reopen the session (its latest change by this person closed it)?"""
        write = self.review.last_write({self.actor})
        return write is not None and write.first_type == "session.closed"

    def describe(self, event: Event) -> str:
        """What `event` did, in words (an undo says what it took back)."""

        def earlier(seq: int) -> tuple[EventBase, Review] | None:
            found = self.log.event(seq)
            return (found, self.log.review_at(seq - 1)) if found is not None else None

        return describe(event, self.log.review_at(event.seq - 1), earlier)

    def refresh(self) -> bool:
        """Read the log again (another process wrote); True if it has new events."""
        before = self.log.last_seq
        self.log = self.store.load(self.id)
        return self.log.last_seq != before

    @property
    def pseudonym(self) -> str:
        """Who this person's votes are counted as in an anonymous phase (see store.pseudonym)."""
        from reviewtui.store.pseudonym import pseudonym

        return pseudonym(self.id, self.actor)

    def voter(self, phase_id: str) -> str:
        """Whom this person's dots in a phase count for: a pseudonym if the phase is anonymous."""
        return self.pseudonym if phase_id in self.review.anonymous else self.actor

    # ------------------------------------------------------------------------------ the series

    def load_earlier(self) -> list[Review]:
        """The earlier sessions of the series, oldest first. Reads the listing: call it off the
        UI thread; it is kept, since earlier sessions do not change during a meeting."""
        earlier = earlier_reviews(self.store, self.id)
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

    def _threads_with(self, review: Review) -> Threads:
        """For the write path: the series with `review` (fresh, under the lock) as this session."""
        if self._earlier is None:
            self.load_earlier()  # a reading before the look-up finished: its flags need the series
        return (self._threads or Threads([])).extended(review)


class ReplaySession(OpenSession):
    """A session replayed: the review is the one as of the cursor, and nothing can be changed."""

    def __init__(self, store: SessionStore, session_id: str, actor: str) -> None:
        super().__init__(store, session_id, actor)
        self.replay = Replay(self.log.info, self.log.events)
        self.cursor = self.log.last_seq

    @property
    def review(self) -> Review:
        return self.replay.review_at(self.cursor)

    @property
    def permissions(self) -> Permissions:
        return Permissions("observer")  # a replay shows what was, whoever watches

    def apply(self, change: Change) -> list[Event]:
        raise ReviewtuiError("a replay shows what was; open the session to change it")

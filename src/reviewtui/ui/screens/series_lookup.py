"""Reading the earlier sessions of a series off the UI thread, once, for any screen of a session."""

from __future__ import annotations

from textual import work
from textual.message import Message

from reviewtui.application.open_session import OpenSession
from reviewtui.domain.errors import ReviewtuiError


class LooksBack:
    """Mixed into a Screen with a `session`: `look_back()` reads the series (it reads the
    listing) in a thread and posts `SeriesLooked` when done; the screen handles it."""

    session: OpenSession

    class SeriesLooked(Message):
        """The earlier sessions of the series are read: the KPIs' history can show the whole thread."""

    def look_back(self) -> None:
        if self.session.earlier is None and self.session.review.session.series:
            self._look_back()

    @work(thread=True, exclusive=True, group="series")
    def _look_back(self) -> None:
        try:
            self.session.load_earlier()
        except ReviewtuiError:
            return  # the folder went away: the screen keeps what it shows
        # A message, not a call back: if the person left meanwhile, the screen is gone and the
        # message is dropped (a call back would query widgets that are no longer there).
        self.post_message(self.SeriesLooked())  # type: ignore[attr-defined]

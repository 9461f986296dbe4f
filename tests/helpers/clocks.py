"""A clock for store tests: a minute passes at each change, from a Monday in January 2027."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta


class MinuteClock:
    """The store's clock: each event a minute after the last; tests set `now` to jump ahead."""

    def __init__(self, start: datetime = datetime(2027, 1, 4, 9, 0, tzinfo=UTC)) -> None:
        self.now = start

    def __call__(self) -> datetime:
        self.now += timedelta(minutes=1)
        return self.now

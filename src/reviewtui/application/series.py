"""A series looked back on: the earlier sessions of a session's series, read from the folder."""

from __future__ import annotations

from reviewtui.domain.basics import format_instant, series_key
from reviewtui.domain.review import Review
from reviewtui.domain.series import HistoryPoint, Threads
from reviewtui.store import SessionLog, SessionsDirMissing, SessionStore, StoreError


def series_logs(store: SessionStore, session_id: str) -> list[SessionLog]:
    """The sessions of `session_id`'s series up to and including it, oldest first.

    Unreadable or deleted sessions are simply not in it; a session of no series is alone.
    """
    log = store.load(session_id)
    key = log.info.series_key
    if key is None:
        return [log]
    mine = (format_instant(log.info.created_at), log.info.id)
    earlier = [
        s
        for s in store.list().sessions
        if s.id != log.info.id and series_key(s.series) == key and (s.created_at, s.id) < mine
    ]
    logs = []
    for summary in sorted(earlier, key=lambda s: (s.created_at, s.id)):
        try:
            logs.append(store.load(summary.id))
        except StoreError:
            continue  # gone or broken since it was listed: the series goes on without it
    return [*logs, log]


def earlier_reviews(store: SessionStore, session_id: str) -> list[Review]:
    """The reviews of the sessions before this one in its series, oldest first."""
    return [log.review for log in series_logs(store, session_id)[:-1]]


def series_threads(store: SessionStore, session_id: str) -> Threads:
    """The KPI threads of the session's series up to it: history, movements, raised decisions."""
    return Threads([log.review for log in series_logs(store, session_id)])


def history(store: SessionStore, session_id: str, review: Review) -> dict[str, list[HistoryPoint]]:
    """Each KPI of `review` (the session, possibly as of an earlier event) with its readings
    across the series up to that session: what the JSON export's `history` holds."""
    threads = Threads([*earlier_reviews(store, session_id), review])
    return {kpi.id: threads.history(review, kpi.id) for kpi in review.kpis.values()}


def latest_of_series(store: SessionStore, series: str | None) -> SessionLog | None:
    """The newest readable session of a series (matched ignoring case), if there is one."""
    key = series_key(series)
    if key is None:
        return None
    try:
        sessions = [s for s in store.list().sessions if series_key(s.series) == key]
    except SessionsDirMissing:
        return None
    for summary in sessions:  # newest first
        try:
            return store.load(summary.id)
        except StoreError:
            continue
    return None

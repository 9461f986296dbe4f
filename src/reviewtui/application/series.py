"""A series looked back on: the earlier sessions of a session's series, read from the folder."""

from __future__ import annotations

from reviewtui.application.writing import ThreadsFor
from reviewtui.domain.basics import format_instant, series_key
from reviewtui.domain.review import Review
from reviewtui.domain.series import HistoryPoint, Threads
from reviewtui.domain.session import SessionInfo
from reviewtui.domain.summary import SessionSummary
from reviewtui.store import SessionLog, SessionsDirMissing, SessionStore, StoreError


def series_logs(store: SessionStore, session_id: str) -> list[SessionLog]:
    """The sessions of `session_id`'s series up to and including it, oldest first.

    Unreadable or deleted sessions are simply not in it; a session of no series is alone.
    """
    log = store.load(session_id)
    return [*_loaded(store, _earlier(store, log.info)), log]


def _earlier(store: SessionStore, info: SessionInfo) -> list[SessionSummary]:
    """The listing lines of the sessions before `info`'s in its series, oldest first."""
    key = info.series_key
    if key is None:
        return []
    mine = (format_instant(info.created_at), info.id)
    earlier = [
        s
        for s in store.list().sessions
        if s.id != info.id and series_key(s.series) == key and (s.created_at, s.id) < mine
    ]
    return sorted(earlier, key=lambda s: (s.created_at, s.id))


def _loaded(store: SessionStore, summaries: list[SessionSummary]) -> list[SessionLog]:
    logs = []
    for summary in summaries:
        try:
            logs.append(store.load(summary.id))
        except StoreError:
            continue  # gone or broken since it was listed: the series goes on without it
    return logs


def flag_threads(store: SessionStore) -> ThreadsFor:
    """What the write path looks through for the decisions a reading may flag: the series up to
    the session, read only if a decision in it asked to be revisited (its listing line says so;
    most series have none), else the session alone."""

    def threads_for(review: Review) -> Threads:
        earlier = _earlier(store, review.session)
        if not any(summary.revisit_conditions for summary in earlier):
            return Threads([review])
        return Threads([*(log.review for log in _loaded(store, earlier)), review])

    return threads_for


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

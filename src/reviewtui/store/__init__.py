"""Session files on disk: TinyDB JSON, atomic writes, cross-process locks, a cached listing. No textual."""

from reviewtui.store.errors import (
    SessionBusy,
    SessionNotFound,
    SessionsDirMissing,
    SessionUnreadable,
    StoreError,
)
from reviewtui.store.index import Listing, Problem
from reviewtui.store.session_file import SessionLog
from reviewtui.store.store import SessionStore, utc_now

__all__ = [
    "Listing", "Problem", "SessionBusy", "SessionLog", "SessionNotFound", "SessionStore",
    "SessionUnreadable", "SessionsDirMissing", "StoreError", "utc_now",
]  # fmt: skip

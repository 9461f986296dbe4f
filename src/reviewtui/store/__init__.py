"""Session files on disk: TinyDB JSON, atomic writes, cross-process locks, a cached listing. No textual."""

from reviewtui.store.errors import (
    SessionBusy,
    SessionNotFound,
    SessionsDirMissing,
    SessionUnreadable,
    StoreError,
)
from reviewtui.store.session_file import SessionLog
from reviewtui.store.store import SessionStore, utc_now


def __getattr__(name: str):
    # Listing and Problem live with the listing index, imported on first use (it is not needed
    # to open a session, and every millisecond before the first frame counts over SSH).
    if name in ("Listing", "Problem"):
        from reviewtui.store import index

        return getattr(index, name)
    raise AttributeError(name)


__all__ = [
    "Listing",
    "Problem",
    "SessionBusy",
    "SessionLog",
    "SessionNotFound",
    "SessionStore",
    "SessionUnreadable",
    "SessionsDirMissing",
    "StoreError",
    "utc_now",
]

"""Session files on disk: TinyDB JSON, atomic writes, cross-process locks, a cached listing. No textual."""

from importlib import import_module
from typing import TYPE_CHECKING

from reviewtui.store.errors import (
    SessionBusy,
    SessionNotFound,
    SessionsDirMissing,
    SessionUnreadable,
    StoreError,
)

if TYPE_CHECKING:
    from reviewtui.store.index import Listing, Problem
    from reviewtui.store.session_file import SessionLog
    from reviewtui.store.store import SessionStore, utc_now

_LAZY = {
    "Listing": "index",
    "Problem": "index",
    "SessionLog": "session_file",
    "SessionStore": "store",
    "utc_now": "store",
}
"""Imported on first use: reading and writing sessions needs the event models (pydantic), which
a listing from the index does not, nor anything before a first frame."""


def __getattr__(name: str) -> object:
    if name in _LAZY:
        return getattr(import_module(f"reviewtui.store.{_LAZY[name]}"), name)
    raise AttributeError(name)


def __dir__() -> list[str]:
    return sorted(__all__)


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

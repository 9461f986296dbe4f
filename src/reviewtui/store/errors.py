"""Store failures, each a sentence that says what happened to which file and what to do."""

from __future__ import annotations

from pathlib import Path

from reviewtui.domain.errors import ReviewtuiError


class StoreError(ReviewtuiError):
    pass


class SessionsDirMissing(StoreError):
    def __init__(self, root: Path) -> None:
        self.root = root
        super().__init__(
            f"no sessions folder at {root} (give another with --sessions or $REVIEWTUI_SESSIONS, "
            "or create a session with `reviewtui new TITLE`)"
        )


class SessionNotFound(StoreError):
    def __init__(self, root: Path, session_id: str) -> None:
        self.session_id = session_id
        super().__init__(f"no session {session_id!r} in {root} (see `reviewtui list`)")


class SessionUnreadable(StoreError):
    """A session file that does not parse or validate. It is never written to."""

    def __init__(self, path: Path, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(f"{path}: {reason}; the file was left as it is")


class SessionBusy(StoreError):
    def __init__(self, path: Path, seconds: float) -> None:
        super().__init__(f"{path} stayed locked by another reviewtui for {seconds:g}s; nothing was written, try again")

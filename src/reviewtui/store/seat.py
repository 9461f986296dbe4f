"""The facilitator's seat: an OS lock (flock) on a per-session file, held for the life of a process.

flock, not filelock: the seat is held for hours and must die with its process (a crash or a
dropped SSH link frees it); filelock's lock is the same flock underneath, but it deletes and
recreates the file, and the seat file also says who sits in it. flock locks belong to the open
file, so two apps in one process (the tests) contend exactly as two processes do.
"""

from __future__ import annotations

import errno
import fcntl
import json
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from reviewtui.domain.safe_text import visible
from reviewtui.domain.typed import MAX_NAME
from reviewtui.store.paths import ensure_meta_dir, lock_path


@dataclass(frozen=True)
class Holder:
    name: str


class Seat:
    """The facilitator seat of one session, held by this process until `release` (or its end)."""

    def __init__(self, fd: int) -> None:
        self._fd: int | None = fd

    @classmethod
    def take(cls, root: Path, session_id: str, name: str) -> Seat | None:
        """The seat, if no one holds it; None if someone does (see `holder`)."""
        ensure_meta_dir(root)
        path = lock_path(root, session_id, "seat")
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC | os.O_NONBLOCK | os.O_NOFOLLOW, 0o664)
        try:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                raise OSError(errno.EINVAL, f"{path.name} in {path.parent} is not reviewtui's seat file; remove it")
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            return None
        except BaseException:
            os.close(fd)
            raise
        # Say who sits here, for an `open` that finds the seat taken. Written after the lock is
        # held, so a reader that fails to lock reads the holder's own words.
        try:
            os.ftruncate(fd, 0)
            os.pwrite(fd, json.dumps({"name": name, "pid": os.getpid()}).encode(), 0)
        except OSError:
            pass  # a full disk: the seat is still ours; others are told "someone" holds it
        return cls(fd)

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)  # closing the file drops the lock
            self._fd = None


def holder(root: Path, session_id: str) -> Holder | None:
    """Who holds the seat now, or None if it is free (whatever the file says of an old holder)."""
    path = lock_path(root, session_id, "seat")
    try:
        # Non-blocking and not through a link: a FIFO put here must not hang an `open`.
        fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC | os.O_NONBLOCK | os.O_NOFOLLOW)
    except OSError:
        return None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        try:
            fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            pass  # held: the file says by whom
        else:
            return None  # we could lock it: no one holds it
        try:
            name = json.loads(os.pread(fd, 4096, 0) or b"{}").get("name")
        except (ValueError, TypeError, AttributeError, RecursionError, OSError):
            name = None
        return Holder(visible(name, MAX_NAME) if isinstance(name, str) and name.strip() else "someone")
    except OSError:
        return None
    finally:
        os.close(fd)

"""Reading a file someone else may have put there: never blocks, never reads past a size cap.

A FIFO named like a session would block `open()` for ever, a link to /dev/zero would be read
until memory runs out, and 50 MB of text would stall every listing. So a file is opened
non-blocking, checked with fstat on the open descriptor (no race with a swap), refused unless
it is a regular file no larger than the cap, and read up to that cap only.
"""

from __future__ import annotations

import errno
import os
import stat

MAX_SESSION_BYTES = 32 * 1024 * 1024
"""A session file larger than this is refused unread (a 10,000-event session is about 3 MB)."""


class NotAFile(OSError):
    """The path exists but is not something reviewtui reads; `reason` says what it is instead."""

    def __init__(self, reason: str) -> None:
        super().__init__(errno.EINVAL, reason)
        self.reason = reason


def size_words(size: int) -> str:
    """1536 -> '1.5 KB', 52428800 -> '50 MB': a size a person reads at a glance."""
    amount: float = size
    for unit in ("bytes", "KB", "MB", "GB"):
        if amount < 1024 or unit == "GB":
            return f"{amount:.0f} {unit}" if unit == "bytes" else f"{amount:.1f}".rstrip("0").rstrip(".") + f" {unit}"
        amount /= 1024
    raise AssertionError("unreachable")


def kind_of(mode: int) -> str | None:
    """What a non-regular file is, in words; None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "is a folder, not a file"
    if stat.S_ISFIFO(mode):
        return "is a named pipe (FIFO), not a file"
    if stat.S_ISSOCK(mode):
        return "is a socket, not a file"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "is a device, not a file"
    if stat.S_ISLNK(mode):
        return "is a symbolic link"
    return "is not a regular file"


def read_capped(path: str | os.PathLike[str], cap: int, *, follow_symlinks: bool = True) -> bytes | None:
    """The bytes of the regular file at `path`, or None if there is nothing there.

    Raises NotAFile (a FIFO, device, socket or folder; a symlink when not followed; a loop of
    links; larger than `cap`), or OSError for what the system refuses (permission denied)."""
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
    if not follow_symlinks:
        flags |= getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        return None
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise NotAFile("is a symbolic link" if not follow_symlinks else "is a loop of symbolic links") from None
        if error.errno == errno.ENXIO:  # a socket, or a FIFO opened for writing with no reader
            raise NotAFile("is a socket or a pipe, not a file") from None
        raise
    try:
        status = os.fstat(fd)
        kind = kind_of(status.st_mode)
        if kind is not None:
            raise NotAFile(kind)
        if status.st_size > cap:
            raise NotAFile(f"is {size_words(status.st_size)}, more than the {size_words(cap)} reviewtui reads")
        os.set_blocking(fd, True)
        chunks, left = [], cap + 1
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        data = b"".join(chunks)
        if len(data) > cap:  # it grew while being read
            raise NotAFile(f"is more than the {size_words(cap)} reviewtui reads")
        return data
    finally:
        os.close(fd)

"""Noticing another process's write: `os.stat` of the session file (inode, mtime_ns, size).

DESIGN.md: poll every <= 250 ms. A stat costs microseconds, so an idle participant polling four
times a second costs next to no CPU; inotify would need a thread and does not work on every
shared filesystem.
"""

from __future__ import annotations

import os
from pathlib import Path

Stamp = tuple[int, int, int] | None


def stamp(path: Path) -> Stamp:
    try:
        status = os.stat(path)
    except OSError:
        return None
    return (status.st_ino, status.st_mtime_ns, status.st_size)


class FileWatch:
    """Says whether a file changed since the last call. The first call says yes if the file is there:
    a write between reading it and making the watch is not missed (re-reading unchanged text is
    cheap). A file that is missing and stays missing is no change."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.stamp: Stamp = None

    def changed(self) -> bool:
        now = stamp(self.path)
        if now == self.stamp:
            return False
        self.stamp = now
        return True

"""Crash-safe replacement of a file: temp file in the same folder, fsync, os.replace, fsync the folder."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path


def write_atomically(path: Path, text: str, *, durable: bool = True) -> None:
    """After this returns, `path` holds `text` (across a power cut too, if `durable`).

    A crash at any moment leaves either the old file or the new one, never a mix.
    """
    data = text.encode("utf-8")
    # os.urandom is what secrets.token_hex reads; the secrets module (and hashlib, which it
    # imports) would be ~8 ms of every start that lists or writes.
    temp = path.parent / f".{path.name}.{os.urandom(4).hex()}.tmp"
    # O_EXCL: never write through a file (or link) someone else put there. Mode 0o666 lets the
    # umask decide, as for any file the user creates; an existing file keeps its own mode.
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        with contextlib.suppress(FileNotFoundError):
            os.fchmod(fd, os.stat(path).st_mode & 0o7777)
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
        if durable:
            os.fsync(fd)
    except BaseException:
        os.close(fd)
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
    os.close(fd)
    try:
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
    if durable:
        fsync_dir(path.parent)


def fsync_dir(folder: Path) -> None:
    """Make a rename in `folder` durable. Not every platform can open a folder; there it is skipped."""
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)

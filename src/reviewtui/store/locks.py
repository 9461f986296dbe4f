"""The per-session write lock that serialises writers across processes (an OS lock: a crash frees it).

`filelock` rather than bare fcntl: it is well kept, handles the lock file's life and permissions,
works on Windows too, and gives us a timeout, so a stuck writer yields a clear error instead
of a hang.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from reviewtui.store.errors import SessionBusy
from reviewtui.store.paths import ensure_meta_dir, lock_path

# Writes hold the lock for a few milliseconds; poll often so that waiting writers follow at once.
_POLL_SECONDS = 0.002


@contextmanager
def write_lock(root: Path, session_id: str, timeout: float) -> Iterator[None]:
    from filelock import FileLock, Timeout  # imported on the first write: ~40 ms off every start

    ensure_meta_dir(root)
    path = lock_path(root, session_id)
    lock = FileLock(path, timeout=timeout, thread_local=False)
    try:
        lock.acquire(poll_interval=_POLL_SECONDS)
    except Timeout:
        raise SessionBusy(root / f"{session_id}.json", timeout) from None
    try:
        yield
    finally:
        lock.release()

"""Who is in a live session right now: one small file per process, flock-held for its life.

Presence is not written to the session's event log: it changes every few seconds (idle, back)
and is worth nothing afterwards. A process that dies (kill -9, a dropped link) drops its lock,
and the next scan by anyone removes its file.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import math
import os
import secrets
import stat
import time
from dataclasses import dataclass
from pathlib import Path

from reviewtui.domain.safe_text import visible
from reviewtui.domain.typed import MAX_NAME
from reviewtui.store.paths import META_DIR, ensure_meta_dir, lock_path

IDLE_AFTER = 120.0
"""Seconds without a key or a click before someone shows as idle."""
_MAKING_FOR = 30.0
"""A ".new" presence file younger than this may be being made (not yet locked): scans leave it."""
_REWRITE_EVERY = 10.0
_MAX_SAID = 4096
"""Bytes of a presence file read: a name, a role, a pid and a time fit many times over."""
"""Activity is written at most this often: a keystroke must not cost a disk write."""


_PADDED = 1024
"""Bytes each presence is padded to (JSON ignores the spaces): a name, a role and a pointer fit."""
_MAX_POINTER = 200
"""Characters of a pointer's phase or item read: ids and a question's number are far shorter."""


@dataclass(frozen=True)
class Pointer:
    """What the facilitator has highlighted: a phase and an item in it (an id, or `question:N`).
    Shared through presence, not the log: it moves at every arrow key and is worth nothing later."""

    phase: str
    item: str | None = None


@dataclass(frozen=True)
class Present:
    name: str
    role: str
    active_at: float
    pointer: Pointer | None = None

    def idle(self, now: float) -> bool:
        return now - self.active_at > IDLE_AFTER


class Presence:
    """This process's presence in a session: held until `leave` or the end of the process."""

    def __init__(self, root: Path, session_id: str, name: str, role: str) -> None:
        ensure_meta_dir(root)
        self.path = lock_path(root, session_id, f"presence-{os.getpid()}-{secrets.token_hex(3)}")
        # Locked and filled under a name scans skip, then renamed: a scan never sees it unlocked
        # (and removes it as a dead process's).
        making = self.path.with_name(self.path.name + ".new")
        self._fd: int | None = os.open(making, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o664)
        fcntl.flock(self._fd, fcntl.LOCK_EX)
        self.name, self.role = name, role
        self.pointer: Pointer | None = None
        self._written_at = 0.0
        self._written_length = 0
        self.touch(force=True)
        os.replace(making, self.path)

    def touch(self, force: bool = False, role: str | None = None) -> None:
        """Note activity now (written at most every few seconds, or at once with `force`)."""
        now = time.time()
        if role is not None and role != self.role:
            self.role, force = role, True
        if self._fd is None or (not force and now - self._written_at < _REWRITE_EVERY):
            return
        said = {"name": self.name, "role": self.role, "pid": os.getpid(), "active_at": now}
        if self.pointer is not None:
            said["pointer"] = {"phase": self.pointer.phase, "item": self.pointer.item}
        # Written over in place, padded to the length written before: never truncated first, so a
        # scan at that moment reads the old or the new presence, not an empty file (which showed
        # a projector "waiting for a facilitator" for a poll, at every arrow key).
        data = json.dumps(said).encode()
        data = data.ljust(max(_PADDED, self._written_length))
        try:
            os.pwrite(self._fd, data, 0)
        except OSError:
            return  # a full disk: shown as idle a little early, which must not stop the meeting
        self._written_at, self._written_length = now, len(data)

    def point(self, pointer: Pointer) -> None:
        """Say what we have highlighted now (written at once: a projector follows it)."""
        if pointer != self.pointer:
            self.pointer = pointer
            self.touch(force=True)

    def leave(self) -> None:
        if self._fd is not None:
            with contextlib.suppress(OSError):  # a folder made read-only: the next scan removes it
                self.path.unlink(missing_ok=True)
            os.close(self._fd)
            self._fd = None


def present(root: Path, session_id: str) -> list[Present]:
    """Everyone whose process is in the session now, by name; files of dead processes are removed."""
    meta = root / META_DIR
    prefix = lock_path(root, session_id, "presence-").name.removesuffix(".lock")
    found: list[Present] = []
    try:
        # ".lock.new": a process that died between creating its file and renaming it.
        names = [n for n in os.listdir(meta) if n.startswith(prefix) and n.endswith((".lock", ".lock.new"))]
    except OSError:
        return found
    for name in names:
        path = meta / name
        try:
            # Non-blocking and not through a link: a FIFO put here would block every scan.
            fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC | os.O_NONBLOCK | os.O_NOFOLLOW)
        except OSError:
            continue
        try:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                continue  # not ours: left as it is
            try:
                fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
            except BlockingIOError:
                if name.endswith(".new"):
                    continue  # being made right now: seen at the next scan, under its own name
                person = _said(os.pread(fd, _MAX_SAID, 0))
                if person is not None:
                    found.append(person)
            else:
                # Nobody holds it: its process is gone. But a ".new" file is unlocked for the
                # instant between its maker's open() and flock(): only an old one is a leftover.
                if not name.endswith(".new") or time.time() - os.fstat(fd).st_mtime > _MAKING_FOR:
                    with contextlib.suppress(OSError):  # a read-only folder: left for someone who can
                        path.unlink(missing_ok=True)
        except OSError:
            continue
        finally:
            os.close(fd)
    return sorted(found, key=lambda p: (p.role != "facilitator", p.name.casefold()))


def _said(raw: bytes) -> Present | None:
    """Who a presence file says is here; None for content that is not a presence (being written
    this very moment, or put there by someone else). Names are drawn visibly, never raw."""
    try:
        said = json.loads(raw or b"{}")
        name, role, active_at = said["name"], said.get("role", "participant"), float(said.get("active_at", 0))
    except (ValueError, KeyError, TypeError, AttributeError, RecursionError):
        return None
    if not isinstance(name, str) or not name.strip() or role not in ("facilitator", "participant", "observer"):
        return None
    return Present(
        visible(name, MAX_NAME), role, active_at if math.isfinite(active_at) else 0.0, _pointer(said.get("pointer"))
    )


def _pointer(said: object) -> Pointer | None:
    """A pointer as a presence file states it; anything else is no pointer (a viewer then shows
    the phase's latest item). Only looked up among the session's own items, never shown as text."""
    if not isinstance(said, dict):
        return None
    phase, item = said.get("phase"), said.get("item")
    if not isinstance(phase, str) or not 0 < len(phase) <= _MAX_POINTER:
        return None
    if item is not None and (not isinstance(item, str) or len(item) > _MAX_POINTER):
        item = None
    return Pointer(phase, item)

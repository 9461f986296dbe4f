"""Listing the sessions of a folder quickly, through an index that is only ever a cache.

Each entry remembers a file's (size, mtime_ns, inode, ctime_ns) and its summary (or why it
cannot be read). A listing stats every file and re-reads only those whose signature changed,
so sessions added, removed or edited by hand or by `git pull` are always listed as they are.
The index lives in the user's cache folder, never in the sessions folder (which people keep
in git); losing or corrupting it costs one slow listing, nothing else.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reviewtui import __version__
from reviewtui.domain.ids import is_session_id
from reviewtui.domain.summary import SessionSummary
from reviewtui.store.atomic import write_atomically
from reviewtui.store.errors import SessionNotFound, SessionsDirMissing, SessionUnreadable
from reviewtui.store.paths import SUFFIX, is_temp_name
from reviewtui.store.safe_read import MAX_SESSION_BYTES, kind_of, read_capped, size_words

_FORMAT = f"reviewtui-index-3/{__version__}"
"""A new number whenever what the index holds changes: an older index is then read afresh."""
_MAX_INDEX_BYTES = 64 * 1024 * 1024
_STALE_TEMP_SECONDS = 600
"""A temp file this old is left by a killed writer (writes take milliseconds): safe to delete."""


@dataclass(frozen=True)
class Problem:
    """A file in the sessions folder that cannot be used, and why. The file is left as it is."""

    path: Path
    reason: str


@dataclass
class Listing:
    sessions: list[SessionSummary] = field(default_factory=list)
    """Newest first."""
    problems: list[Problem] = field(default_factory=list)
    read: int = 0
    """How many files had to be read (not served from the index): 0 on a warm listing."""


def index_file(cache_dir: Path, root: Path) -> Path:
    """The index of the folder `root`, named by a checksum of its path. A cheap one (hashlib alone
    is ~5 ms of a start): the index records its folder, and one recording another folder is read
    as empty (see `_load`), so two folders with one checksum never mix."""
    key = zlib.crc32(str(root.resolve()).encode("utf-8", "surrogateescape"))
    return cache_dir / "index" / f"{key:08x}.json"


def list_folder(
    root: Path,
    summarize_file: Callable[[str], SessionSummary],
    cache_dir: Path | None = None,
    use_index: bool = True,
) -> Listing:
    """List `root` through the index in `cache_dir` (the user's cache folder by default; none
    without `use_index`), summarising the files that changed since the last listing with
    `summarize_file(session_id)`: a warm listing reads no session."""
    cache = None
    if use_index:
        if cache_dir is None:
            import platformdirs  # only listings need it: imported then, not at every start

            cache_dir = platformdirs.user_cache_path("reviewtui")
        cache = index_file(cache_dir, root)
    return scan(root, summarize_file, cache)


def scan(root: Path, summarize_file: Callable[[str], SessionSummary], cache: Path | None) -> Listing:
    """List `root`, summarising changed files with `summarize_file(session_id)`."""
    if not root.is_dir():
        raise SessionsDirMissing(root)
    folder = str(root.resolve())
    known = _load(cache, folder)
    fresh: dict[str, Any] = {}
    listing = Listing()
    now = time.time()
    with os.scandir(root) as entries:
        for entry in entries:
            name = entry.name
            if is_temp_name(name):
                if entry.is_file(follow_symlinks=False):
                    _remove_if_stale(entry, now)
                continue
            if name.startswith(".") or not name.endswith(SUFFIX):
                continue
            session_id = name[: -len(SUFFIX)]
            if not is_session_id(session_id):
                listing.problems.append(Problem(Path(entry.path), _bad_name_reason(session_id)))
                continue
            try:
                stat = entry.stat()  # through a symlink: a link to a session file is listed
            except FileNotFoundError:
                continue  # gone since the folder was read (or a link to nothing)
            except OSError as error:  # a loop of links, a permission
                listing.problems.append(Problem(Path(entry.path), _os_reason(error)))
                continue
            # Never opened: a FIFO would block, a device never ends, a huge file stalls the list.
            unusable = kind_of(stat.st_mode)
            if unusable is None and stat.st_size > MAX_SESSION_BYTES:
                unusable = (
                    f"is {size_words(stat.st_size)}, more than the {size_words(MAX_SESSION_BYTES)} reviewtui reads"
                )
            if unusable is not None:
                listing.problems.append(Problem(Path(entry.path), unusable))
                continue
            signature = [stat.st_size, stat.st_mtime_ns, stat.st_ino, stat.st_ctime_ns]
            record: dict[str, Any] = known.get(name) or {}
            outcome = _outcome(record, signature)
            if outcome is None:
                record = _read(session_id, summarize_file, signature)
                outcome = _outcome(record, signature)
                listing.read += 1
            if record.get("gone"):
                continue
            fresh[name] = record
            if isinstance(outcome, SessionSummary):
                listing.sessions.append(outcome)
            else:
                listing.problems.append(Problem(Path(entry.path), str(outcome)))
    if cache is not None and (listing.read or fresh.keys() != known.keys()):
        _save(cache, folder, fresh)
    listing.sessions.sort(key=lambda s: (s.created_at, s.id), reverse=True)
    listing.problems.sort(key=lambda p: p.path.name)
    return listing


def _outcome(record: Any, signature: list[int]) -> SessionSummary | str | None:
    """A record's summary, or the reason its file is unusable; None if it is stale or unreadable."""
    if not isinstance(record, dict) or record.get("signature") != signature:
        return None
    if isinstance(record.get("problem"), str):
        return record["problem"]
    try:
        return SessionSummary.from_dict(record["summary"])
    except (KeyError, TypeError, ValueError):
        return None  # written by another version of the index: read the file again


def _read(session_id: str, summarize_file: Callable[[str], SessionSummary], signature: list[int]) -> dict:
    try:
        return {"signature": signature, "summary": summarize_file(session_id).as_dict()}
    except SessionUnreadable as error:
        return {"signature": signature, "problem": error.reason}
    except SessionNotFound:  # removed between the folder listing and the read (a git checkout)
        return {"signature": signature, "gone": True}
    except OSError as error:
        return {"signature": signature, "problem": _os_reason(error)}


def _os_reason(error: OSError) -> str:
    if error.errno == errno.ELOOP:
        return "is a loop of symbolic links"
    return f"cannot be read: {error.strerror or error}"


def _bad_name_reason(stem: str) -> str:
    return (
        f"{stem!r} is not a session id (lower-case letters, digits and '-'), so this file is "
        "not listed; rename it to open it"
    )


def _remove_if_stale(entry: os.DirEntry, now: float) -> None:
    with contextlib.suppress(OSError):
        if now - entry.stat().st_mtime > _STALE_TEMP_SECONDS:
            os.unlink(entry.path)


def _load(cache: Path | None, folder: str) -> dict[str, Any]:
    if cache is None:
        return {}
    try:
        data = json.loads(read_capped(cache, _MAX_INDEX_BYTES, follow_symlinks=False) or b"{}")
    except (OSError, ValueError, RecursionError):  # a cache: anything wrong with it costs one slow listing
        return {}
    if not isinstance(data, dict) or data.get("format") != _FORMAT or not isinstance(data.get("files"), dict):
        return {}
    if data.get("folder") != folder:  # another folder's index under the same checksum
        return {}
    return data["files"]


def _save(cache: Path, folder: str, files: dict[str, Any]) -> None:
    # A cache: not worth an fsync, and a failure to write it (read-only home) changes nothing.
    with contextlib.suppress(OSError):
        cache.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(cache, json.dumps({"format": _FORMAT, "folder": folder, "files": files}), durable=False)

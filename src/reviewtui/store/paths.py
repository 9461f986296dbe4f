"""Where a session's files live; a path is only ever built from an id that passed `check_session_id`."""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

from reviewtui.domain.ids import check_session_id

SUFFIX = ".json"
META_DIR = ".reviewtui"
"""Inside the sessions folder: lock files. It ignores itself in git (its own .gitignore)."""


def session_path(root: Path, session_id: str) -> Path:
    return root / f"{check_session_id(session_id)}{SUFFIX}"


def lock_path(root: Path, session_id: str, kind: str = "write") -> Path:
    return root / META_DIR / f"{check_session_id(session_id)}.{kind}.lock"


def ensure_meta_dir(root: Path) -> Path:
    """Create `<root>/.reviewtui/` with a .gitignore of `*`, so locks never show in `git status`."""
    meta = root / META_DIR
    if not meta.is_dir():
        meta.mkdir(exist_ok=True)
    ignore = meta / ".gitignore"
    if not ignore.exists():
        ignore.write_text("# reviewtui's lock files: never commit them\n*\n", encoding="utf-8")
    return meta


_TEMP_NAME = re.compile(r"\.[a-z0-9][a-z0-9-]*\.json\.[0-9a-f]{8}\.tmp")


def is_temp_name(name: str) -> bool:
    """A temp file of our atomic write (`.ID.json.<8 hex>.tmp`), in progress or left by a crash.

    Exactly that pattern: anything else in the folder is someone's, and is never touched.
    """
    return _TEMP_NAME.fullmatch(name) is not None


def export_refusal(target: Path, root: Path) -> str | None:
    """Why an export may not be written at `target`, or None if it may (DESIGN.md: only regular
    files, never through a symlink, never a session file or reviewtui's own folder)."""
    try:
        status = os.lstat(target)
    except FileNotFoundError:
        status = None
    except OSError as error:  # a name too long, a folder in the path that is not one
        return f"cannot write there: {error.strerror or error}"
    if status is not None:
        if stat.S_ISLNK(status.st_mode):
            return f"{target} is a symbolic link; reviewtui writes only to a file itself, never through a link"
        if not stat.S_ISREG(status.st_mode):
            kind = "a folder" if stat.S_ISDIR(status.st_mode) else "not a regular file (a device, pipe or socket)"
            return f"{target} is {kind}; give a file name"
    folder = target.parent
    if not folder.is_dir():
        return f"folder {folder} does not exist"
    try:
        here, sessions = folder.resolve(), root.resolve()
    except (OSError, RuntimeError) as error:  # a loop of links in the folder's path
        return f"folder {folder} cannot be used: {getattr(error, 'strerror', None) or error}"
    meta = sessions / META_DIR
    if here == meta or meta in here.parents:
        return f"{target} is inside {meta}, where reviewtui keeps its locks; choose another folder"
    if here == sessions and (target.suffix == SUFFIX or target.name.startswith(".")):
        return f"{target} is in the sessions folder, where *{SUFFIX} files are sessions; choose another name or folder"
    return None

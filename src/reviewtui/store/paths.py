"""Where a session's files live; a path is only ever built from an id that passed `check_session_id`."""

from __future__ import annotations

import re
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

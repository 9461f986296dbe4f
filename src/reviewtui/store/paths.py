"""Where a session's files live; a path is only ever built from an id that passed `check_session_id`."""

from __future__ import annotations

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


def is_temp_name(name: str) -> bool:
    """Temp files of an atomic write in progress (or cut short by a crash): `.ID.json.XXXX.tmp`."""
    return name.startswith(".") and name.endswith(".tmp")

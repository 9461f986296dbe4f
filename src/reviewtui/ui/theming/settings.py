"""The user's saved theme choice: `settings.json` in the platform config dir, never in the repo or sessions.

Read-modify-write keeps any other setting in the file; the write is atomic, so a crash leaves
the old file or the new one.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import platformdirs

from reviewtui.store.atomic import write_atomically
from reviewtui.store.safe_read import read_capped

SETTINGS_VARIABLE = "REVIEWTUI_SETTINGS"
"""Set by `reviewtui serve` for each person: many people share its one account, not one choice."""


def settings_path() -> Path:
    chosen = os.environ.get(SETTINGS_VARIABLE)
    return Path(chosen) if chosen else platformdirs.user_config_path("reviewtui") / "settings.json"


def _read(path: Path) -> dict:
    try:
        document = json.loads(read_capped(path, 64 * 1024) or b"{}")
    except (OSError, ValueError, RecursionError):  # missing, not a file, not JSON: as if nothing was saved
        return {}
    return document if isinstance(document, dict) else {}


def saved_theme(path: Path | None = None) -> str | None:
    """The theme last picked in the command palette, if any."""
    theme = _read(path or settings_path()).get("theme")
    return theme if isinstance(theme, str) and theme else None


def save_theme(name: str, path: Path | None = None) -> Path:
    """Remember `name` for the next start. Raises OSError if the config dir cannot be written."""
    path = path or settings_path()
    document = _read(path)
    document["theme"] = name
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(path, json.dumps(document, indent=2, ensure_ascii=False, sort_keys=True) + "\n")
    return path

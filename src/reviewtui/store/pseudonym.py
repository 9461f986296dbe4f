"""Pseudonyms for dot votes in an anonymous phase: stable per person and session, not a name.

A vote must still be counted against its voter (N dots each), so it carries an HMAC of the
session id and the name, keyed by a secret kept in the host account's state folder (0600),
never in the sessions folder: the session file alone does not tell who voted for what.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from functools import lru_cache
from pathlib import Path


def _key_file() -> Path:
    override = os.environ.get("REVIEWTUI_STATE_DIR")
    if override:
        return Path(override) / "anonymity.key"
    import platformdirs

    return platformdirs.user_state_path("reviewtui") / "anonymity.key"


@lru_cache(maxsize=1)
def _key() -> bytes:
    path = _key_file()
    try:
        return path.read_bytes()
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    key = secrets.token_bytes(32)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process made it first: use theirs
        return path.read_bytes()
    with os.fdopen(fd, "wb") as out:
        out.write(key)
    return key


def pseudonym(session_id: str, name: str) -> str:
    digest = hmac.new(_key(), f"{session_id}\n{name}".encode(), hashlib.sha256).hexdigest()
    return f"voter-{digest[:10]}"

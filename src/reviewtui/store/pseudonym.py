"""Pseudonyms for dot votes in an anonymous phase (stable per person and session, not a name), and
the pads that seal confidence ratings until their reveal (domain.confidence).

A vote must still be counted against its voter (N dots each), so it carries an HMAC of the
session id and the name, keyed by a secret kept in the host account's state folder (0600),
never in the sessions folder: the session file alone does not tell who voted for what.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import time
from functools import lru_cache
from pathlib import Path

from reviewtui.domain.names import VOTER_PREFIX
from reviewtui.store.errors import StoreError


def _key_file() -> Path:
    import platformdirs  # only anonymous votes and confidence ratings need it

    return platformdirs.user_state_path("reviewtui") / "anonymity.key"


_KEY_BYTES = 32


@lru_cache(maxsize=1)
def _key() -> bytes:
    path = _key_file()
    for _ in range(50):
        try:
            key = path.read_bytes()
        except FileNotFoundError:
            key = _make_key(path)
        if len(key) == _KEY_BYTES:
            return key
        time.sleep(0.01)  # keys appear whole (see _make_key); a short file is not ours: never use it
    raise StoreError(f"{path} is not a reviewtui key ({_KEY_BYTES} bytes); remove it to make a new one")


def _make_key(path: Path) -> bytes:
    """A new key, written in full before it appears: a hard link to a finished temp file, so a
    process that arrives at the same moment reads all of it or none (then uses the winner's)."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    temp = path.with_name(f".{path.name}.{secrets.token_hex(4)}")
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        os.write(fd, secrets.token_bytes(_KEY_BYTES))
        os.fsync(fd)
    finally:
        os.close(fd)
    try:
        os.link(temp, path)
    except FileExistsError:
        pass  # someone else's won
    finally:
        temp.unlink()
    return path.read_bytes()


def pseudonym(session_id: str, name: str) -> str:
    digest = hmac.new(_key(), f"{session_id}\n{name}".encode(), hashlib.sha256).hexdigest()
    return f"{VOTER_PREFIX}{digest[:10]}"


class HostKey:
    """The host account's key as domain.confidence uses it, for one session: the pads that seal
    ratings, and the checks that tell a rating opened with the right key."""

    def __init__(self, session_id: str) -> None:
        self.session_id = session_id

    def pad(self, nonce: str) -> int:
        digest = hmac.new(_key(), f"confidence\n{self.session_id}\n{nonce}".encode(), hashlib.sha256).digest()
        return int.from_bytes(digest, "big") % 11

    def check(self, nonce: str, value: int) -> str:
        message = f"confidence-check\n{self.session_id}\n{nonce}\n{value}".encode()
        return hmac.new(_key(), message, hashlib.sha256).hexdigest()[:16]


def new_nonce() -> str:
    """A nonce for a rating's pad, never used twice."""
    return os.urandom(8).hex()

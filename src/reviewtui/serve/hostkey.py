"""The server's host key: made on the first run, kept 0600, refused if others can read it."""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path

import asyncssh
import platformdirs

from reviewtui.domain.errors import ReviewtuiError
from reviewtui.store.atomic import fsync_dir


class HostKeyProblem(ReviewtuiError):
    """The host key cannot be read, made or trusted."""


def default_host_key_path() -> Path:
    return platformdirs.user_data_path("reviewtui") / "ssh_host_ed25519_key"


def _create(path: Path) -> None:
    """Write a new ed25519 key at `path` unless one is there; two first runs at once keep one key."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    key = asyncssh.generate_private_key("ssh-ed25519", comment="reviewtui serve")
    draft = path.with_name(f".{path.name}.{os.getpid()}.new")
    fd = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(key.export_private_key())
            out.flush()
            os.fsync(out.fileno())
        with contextlib.suppress(FileExistsError):  # someone else's first run made it: theirs is used
            os.link(draft, path)  # atomic, and never replaces a key someone's known_hosts trusts
        fsync_dir(path.parent)  # a power cut must not lose the key clients have been told about
    finally:
        draft.unlink(missing_ok=True)


def load_host_key(path: Path) -> tuple[asyncssh.SSHKey, bool]:
    """The key at `path` (made first if missing), and whether it was just made."""
    made = False
    try:
        if not path.exists():
            _create(path)
            made = True
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            raise HostKeyProblem(f"host key {path} is not a file")
        if info.st_mode & 0o077:
            # As OpenSSH does: a private key others can read is not one to trust.
            raise HostKeyProblem(
                f"host key {path} can be read by others (mode {stat.S_IMODE(info.st_mode):04o}): chmod 600 {path}"
            )
        return asyncssh.read_private_key(path), made
    except (asyncssh.KeyImportError, ValueError) as problem:
        raise HostKeyProblem(f"host key {path} is not an SSH private key without a passphrase ({problem})") from None
    except OSError as problem:
        raise HostKeyProblem(f"host key {path}: {problem.strerror or problem}") from None

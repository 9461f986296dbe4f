"""A person's terminal for the SSH tests: a real pty running the OpenSSH client, read as text."""

from __future__ import annotations

import contextlib
import fcntl
import os
import pty
import re
import select
import signal
import struct
import subprocess
import termios
import time
from pathlib import Path


def end_draining(pid: int, fd: int, grace: float = 10.0) -> None:
    """SIGTERM a program on a pty, reading on so its last writes never block it; SIGKILL after `grace`."""
    os.kill(pid, signal.SIGTERM)
    end = time.monotonic() + grace
    while os.waitpid(pid, os.WNOHANG) == (0, 0):
        if time.monotonic() > end:
            os.kill(pid, signal.SIGKILL)
        if select.select([fd], [], [], 0.05)[0]:
            with contextlib.suppress(OSError):
                os.read(fd, 65536)
    os.close(fd)


def read_for(fd: int, seconds: float) -> bytes:
    """What a program on a pty writes in the next `seconds` (less if it has closed the pty)."""
    end, output = time.monotonic() + seconds, b""
    while time.monotonic() < end:
        if select.select([fd], [], [], 0.05)[0]:
            try:
                output += os.read(fd, 65536)
            except OSError:  # EIO: the program is gone
                break
    return output


def read_until(fd: int, text: bytes, seconds: float = 10.0) -> bytes:
    """Read until `text` is on the screen (escape sequences left out); fails with the screen's text if not."""
    end, output = time.monotonic() + seconds, b""
    while time.monotonic() < end:
        output += read_for(fd, 0.1)
        if text in _ANSI.sub(b"", output):
            return output
    raise AssertionError(f"{text!r} never appeared on the terminal; its text: {plain(output)[-1500:]!r}")


def children_of(parent: int) -> list[int]:
    """The processes whose parent is `parent`, read from /proc (no procps needed)."""
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                status = (entry / "status").read_text()
            except OSError:
                continue
            if re.search(rf"^PPid:\s+{parent}$", status, re.M):
                pids.append(int(entry.name))
    return pids


def keygen(path: Path, comment: str) -> str:
    """A new ed25519 key pair at `path`; returns the public key line."""
    done = subprocess.run(
        ["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", comment, "-f", str(path)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    path.chmod(0o600)  # the ssh client refuses a private key others can read
    return path.with_suffix(".pub").read_text().strip()


_ANSI = re.compile(
    rb"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI: cursor moves, colours, modes
    rb"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)"  # OSC: title, clipboard
    rb"|\x1bP[^\x1b]*\x1b\\"  # DCS
    rb"|\x1b[()][0-9A-Za-z]|\x1b[=>78cDEHMNOZ]"  # charsets, keypad modes, the rest
)


def plain(raw: bytes) -> str:
    """Output without escape sequences: Textual writes changed lines as runs of plain text."""
    return _ANSI.sub(b"", raw).decode("utf-8", errors="replace")


class Terminal:
    """One person's laptop: a program (`ssh -tt …`) on a real pty, TERM=xterm-256color."""

    def __init__(self, name: str, argv: list[str], cols: int = 100, rows: int = 30) -> None:
        self.name, self.raw = name, b""
        env = {
            "TERM": "xterm-256color",
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "LANG": "C.UTF-8",
            "HOME": os.environ.get("HOME", "/root"),
        }
        pid, fd = pty.fork()
        if pid == 0:  # the child: set the window before ssh reads it for its pty request
            try:
                fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
                os.execvpe(argv[0], argv, env)
            finally:
                os._exit(127)
        self.pid, self.fd, self.status = pid, fd, None

    def pump(self, seconds: float = 0.0) -> None:
        end = time.monotonic() + seconds
        while True:
            ready, _, _ = select.select([self.fd], [], [], max(0.0, min(0.05, end - time.monotonic())))
            if ready:
                try:
                    chunk = os.read(self.fd, 65536)
                except OSError:  # EIO: the other side of the pty is gone
                    chunk = b""
                if not chunk:
                    self._reap(block=False)
                    if time.monotonic() >= end:
                        return
                    time.sleep(0.05)
                    continue
                self.raw += chunk
            elif time.monotonic() >= end:
                return

    def resize(self, cols: int, rows: int) -> None:
        """As when the window is dragged: the kernel tells ssh (SIGWINCH), which tells the server."""
        fcntl.ioctl(self.fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))

    def mark(self) -> int:
        self.pump()
        return len(self.raw)

    def text(self, since: int = 0) -> str:
        return plain(self.raw[since:])

    def wait_for(self, needle: str | re.Pattern, timeout: float = 15.0, since: int = 0) -> str:
        end = time.monotonic() + timeout
        while True:
            self.pump(0.1)
            text = self.text(since)
            found = needle.search(text) if isinstance(needle, re.Pattern) else needle in text
            if found:
                return text
            if time.monotonic() >= end or self.exited():
                tail = re.sub(r"\s+", " ", text)[-1500:]
                raise AssertionError(f"{self.name}: {needle!r} not seen within {timeout}s; screen text: {tail}")

    def send(self, data: bytes, settle: float = 0.15) -> None:
        os.write(self.fd, data)
        self.pump(settle)

    def type(self, text: str) -> None:
        for char in text:  # one key at a time, as a person types
            self.send(char.encode(), settle=0.02)

    def _reap(self, block: bool) -> None:
        if self.status is None:
            pid, status = os.waitpid(self.pid, 0 if block else os.WNOHANG)
            if pid:
                self.status = os.waitstatus_to_exitcode(status)

    def exited(self) -> bool:
        self._reap(block=False)
        return self.status is not None

    def wait_exit(self, timeout: float = 15.0) -> int:
        end = time.monotonic() + timeout
        while not self.exited():
            assert time.monotonic() < end, f"{self.name}: ssh still running after {timeout}s"
            self.pump(0.1)
        self.pump()
        return self.status

    def close(self) -> None:
        if not self.exited():
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGTERM)
            try:
                self.wait_exit(10)
            except AssertionError:
                os.kill(self.pid, signal.SIGKILL)
                self._reap(block=True)
        os.close(self.fd)

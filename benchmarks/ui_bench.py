"""UI benchmarks on a real pty: first full frame, keystroke to visible, bytes per keystroke.

Each measurement runs a real process on a pseudo-terminal (80x24, TERM=xterm-256color) and
reads what it writes, the way a terminal over SSH would, beside a bare Textual app run the
same way in the same run.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import pty
import re
import select
import shutil
import signal
import statistics
import struct
import sys
import tempfile
import termios
import textwrap
import time
from dataclasses import dataclass
from pathlib import Path

from benchmarks.store_bench import Row, write_session

BARE_APP = textwrap.dedent(
    """
    from textual.app import App
    from textual.widgets import Footer, Input, Static

    class Hello(App):
        def compose(self):
            yield Static("Hello, world")
            yield Input(placeholder="type here")
            yield Footer()

    Hello().run()
    """
)
READY_MARK = b"palette"
_ESCAPES = re.compile(
    rb"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b[()][0-9A-Za-z]|\x1b[=>]"
)  # the footer's last words: drawn as part of the first full frame


@dataclass
class Terminal:
    pid: int
    fd: int

    @classmethod
    def spawn(cls, argv: list[str], env: dict[str, str]) -> Terminal:
        pid, fd = pty.fork()
        if pid == 0:
            os.execve(argv[0], argv, env)
        fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
        return cls(pid, fd)

    def read_until(self, mark: bytes, timeout: float = 20.0) -> tuple[bytes, float]:
        """Read until `mark` appears in the text drawn; return what was read and when (monotonic)."""
        output, end = b"", time.monotonic() + timeout
        while time.monotonic() < end:
            ready, _, _ = select.select([self.fd], [], [], 0.01)
            if ready:
                output += os.read(self.fd, 1 << 16)
                # A style change can split a word on the wire: look at the text, not the bytes.
                if mark in _ESCAPES.sub(b"", output):
                    return output, time.monotonic()
        raise TimeoutError(f"{mark!r} never appeared")

    def drain(self, quiet: float = 0.15) -> bytes:
        """Read until nothing has come for `quiet` seconds."""
        output = b""
        while True:
            ready, _, _ = select.select([self.fd], [], [], quiet)
            if not ready:
                return output
            output += os.read(self.fd, 1 << 16)

    def close(self) -> None:
        os.kill(self.pid, signal.SIGTERM)
        with contextlib.suppress(OSError):
            self.drain(0.3)
        os.waitpid(self.pid, 0)
        os.close(self.fd)


def close_all(terminals: list[Terminal]) -> None:
    for terminal in terminals:
        with contextlib.suppress(OSError):  # already gone
            terminal.close()


def pty_env(work: Path, sessions: Path) -> dict[str, str]:
    """The environment of a reviewtui run on the benchmark's pty: 80x24, its own cache and sessions."""
    # Bytecode is written and used, as for an installed tool: with PYTHONDONTWRITEBYTECODE set (as
    # in some shells and CI), every module edited since the last compile is compiled at each start.
    environ = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}
    return {
        **environ,
        "TERM": "xterm-256color",
        "COLUMNS": "80",
        "LINES": "24",
        "XDG_CACHE_HOME": str(work / "cache"),
        "REVIEWTUI_SESSIONS": str(sessions),
    }


def first_frame(argv: list[str], env: dict[str, str]) -> float:
    start = time.monotonic()
    terminal = Terminal.spawn(argv, env)
    try:
        _, seen = terminal.read_until(READY_MARK)
        return (seen - start) * 1000
    finally:
        terminal.close()


def first_frames(
    ours: list[str], baseline: list[str], env: dict[str, str], repeats: int
) -> tuple[list[float], list[float]]:
    """First-frame times of two commands, the disk cache warmed for both, runs alternated so that
    drift on the machine hits both alike."""
    first_frame(baseline, env)
    first_frame(ours, env)
    ours_ms, base_ms = [], []
    for _ in range(repeats):
        base_ms.append(first_frame(baseline, env))
        ours_ms.append(first_frame(ours, env))
    return ours_ms, base_ms


def keystrokes(argv: list[str], env: dict[str, str], setup: list[bytes], count: int) -> tuple[list[float], list[int]]:
    """Latency (ms) and bytes written for each typed character, in a text field."""
    terminal = Terminal.spawn(argv, env)
    try:
        terminal.read_until(READY_MARK)
        terminal.drain(0.5)
        for keys in setup:
            os.write(terminal.fd, keys)
            terminal.drain(0.4)
        latencies, sizes = [], []
        for n in range(count):
            # z and w never occur in the escape sequences Textual writes, so seeing one means
            # the typed character itself was drawn.
            character = b"zw"[n % 2 : n % 2 + 1]
            sent = time.monotonic()
            os.write(terminal.fd, character)
            output, seen = terminal.read_until(character, timeout=5)
            output += terminal.drain(0.12)
            latencies.append((seen - sent) * 1000)
            sizes.append(len(output))
        return latencies, sizes
    finally:
        terminal.close()


def percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def run(quick: bool = False) -> list[Row]:
    repeats = 3 if quick else 9
    typed = 20 if quick else 60
    work = Path(tempfile.mkdtemp(prefix="reviewtui-ui-bench-"))
    try:
        sessions = work / "sessions"
        sessions.mkdir()
        for n in range(100 if quick else 1000):
            write_session(sessions, f"2026-10-07-session-{n:04d}", 40)
        session_id = "2026-11-20-big-review-bnch"
        write_session(sessions, session_id, 500)
        bare = work / "bare.py"
        bare.write_text(BARE_APP, encoding="utf-8")
        env = pty_env(work, sessions)
        reviewtui = str(Path(sys.executable).parent / "reviewtui")
        open_argv = [reviewtui, "--as", "Maya", "open", session_id]
        bare_argv = [sys.executable, str(bare)]
        ours_ms, bare_ms = first_frames(open_argv, bare_argv, env, repeats)
        # Typing an objective: PageDown to Objectives, a to add, then letters.
        ours_lat, ours_bytes = keystrokes(open_argv, env, [b"\x1b[6~", b"a"], typed)
        bare_lat, bare_bytes = keystrokes(bare_argv, env, [b"\t"], typed)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    frame, base = statistics.median(ours_ms), statistics.median(bare_ms)
    return [
        Row(
            "first full frame of `open` (median)",
            frame,
            base,
            base * 1.3,
            note=f"{'100' if quick else '1,000'} sessions in the store, a 500-event session; "
            f"bare Textual hello-world beside it; {repeats} runs each",
        ),
        Row(
            "keystroke to visible, p50",
            percentile(ours_lat, 0.5),
            percentile(bare_lat, 0.5),
            50.0,
            note=f"typing an objective (coach hint live); p95 {percentile(ours_lat, 0.95):.1f} ms "
            f"vs {percentile(bare_lat, 0.95):.1f} ms; {typed} keys",
        ),
        Row(
            "bytes written per keystroke (median)",
            statistics.median(ours_bytes),
            statistics.median(bare_bytes),
            None,
            note="everything the app wrote after the key until quiet",
            unit="B",
        ),
    ]


if __name__ == "__main__":
    from benchmarks.store_bench import table

    print(table("UI on a pty (baseline: a bare Textual app)", run()))

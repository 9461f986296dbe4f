"""Live meeting: 1 facilitator and 10 participants, each its own reviewtui process on a pty.

Measures the time from a write (this process appends a note, as any other process would) to
its appearance on every other screen (the activity line), and the CPU an idle participant uses
against a bare Textual app idling for the same time.
"""

from __future__ import annotations

import os
import select
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.store_bench import Row
from benchmarks.ui_bench import _ESCAPES, BARE_APP, READY_MARK, Terminal, close_all, percentile, pty_env
from reviewtui.application.sessions import create_session
from reviewtui.domain import changes
from reviewtui.store import SessionStore

PARTICIPANTS = 10
IDLE_SECONDS = 10.0


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


def idle_cpu(terminals: list[Terminal], pid: int, seconds: float) -> float:
    """Share of one core `pid` used over `seconds` of nothing happening (screens drained)."""
    before, start = cpu_seconds(pid), time.monotonic()
    while time.monotonic() - start < seconds:
        ready, _, _ = select.select([t.fd for t in terminals], [], [], 0.2)
        for fd in ready:
            os.read(fd, 1 << 16)
    return (cpu_seconds(pid) - before) / (time.monotonic() - start)


def wait_everywhere(terminals: list[Terminal], mark: bytes, timeout: float = 10.0) -> list[float]:
    """When `mark` appeared on each terminal (monotonic), reading them all at once."""
    seen: dict[int, bytes] = {t.fd: b"" for t in terminals}
    when: dict[int, float] = {}
    end = time.monotonic() + timeout
    while len(when) < len(terminals) and time.monotonic() < end:
        ready, _, _ = select.select([fd for fd in seen if fd not in when], [], [], 0.01)
        for fd in ready:
            seen[fd] += os.read(fd, 1 << 16)
            if mark in _ESCAPES.sub(b"", seen[fd]):
                when[fd] = time.monotonic()
    if len(when) < len(terminals):
        raise TimeoutError(f"{mark!r} reached {len(when)} of {len(terminals)} screens")
    return [when[t.fd] for t in terminals]


def run(quick: bool = False) -> list[Row]:
    rounds = 8 if quick else 30
    work = Path(tempfile.mkdtemp(prefix="reviewtui-live-bench-"))
    terminals: list[Terminal] = []
    try:
        sessions = work / "sessions"
        store = SessionStore(sessions)
        session_id = create_session(store, "Live bench", facilitator="fran", session_id="2026-11-21-live-bench").info.id
        env = pty_env(work, sessions)
        reviewtui = str(Path(sys.executable).parent / "reviewtui")
        terminals.append(Terminal.spawn([reviewtui, "--as", "fran", "open", session_id], env))
        for n in range(PARTICIPANTS):
            terminals.append(Terminal.spawn([reviewtui, "--as", f"p{n}", "join", session_id], env))
        for terminal in terminals:
            terminal.read_until(READY_MARK)
        time.sleep(2.0)  # everyone's join lands and is drawn before timing starts
        for terminal in terminals:
            terminal.drain()
        latencies: list[float] = []  # per write: the slowest screen, in ms
        every: list[float] = []
        for n in range(rounds):
            mark = f"mark{n:03d}x".encode()
            store.append(session_id, "writer", lambda r, m=mark: changes.add_note(r, m.decode()))
            written = time.monotonic()
            seen = wait_everywhere(terminals, mark)
            every += [(t - written) * 1000 for t in seen]
            latencies.append((max(seen) - written) * 1000)
            time.sleep(0.1)
        for terminal in terminals:
            terminal.drain()
        participant_cpu = idle_cpu(terminals, terminals[1].pid, IDLE_SECONDS / (3 if quick else 1))
        bare = work / "bare.py"
        bare.write_text(BARE_APP, encoding="utf-8")
        bare_terminal = Terminal.spawn([sys.executable, str(bare)], env)
        terminals.append(bare_terminal)
        bare_terminal.read_until(READY_MARK)
        bare_cpu = idle_cpu(terminals, bare_terminal.pid, IDLE_SECONDS / (3 if quick else 1))
        return [
            Row(
                "write to every other screen, p95",
                percentile(every, 0.95),
                None,
                500.0,
                f"p50 {statistics.median(every):.0f} ms over {len(every)} screen updates ({rounds} writes x 11 processes)",
            ),
            Row(
                "write to the slowest of 11 screens, p95",
                percentile(latencies, 0.95),
                None,
                None,
                f"p50 {statistics.median(latencies):.0f} ms",
            ),
            Row(
                "CPU of an idle participant",
                participant_cpu * 100,
                bare_cpu * 100,
                1.0,
                f"% of one core over {IDLE_SECONDS:g} s; baseline: a bare Textual app idling",
                unit="%",
            ),
        ]
    finally:
        close_all(terminals)
        shutil.rmtree(work, ignore_errors=True)

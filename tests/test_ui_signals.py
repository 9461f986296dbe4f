"""An SSH link dropping (SIGHUP) or a SIGTERM: the real app on a real pty exits cleanly, text saved."""

from __future__ import annotations

import fcntl
import json
import os
import pty
import shutil
import signal
import struct
import subprocess
import sys
import termios
from pathlib import Path

import pytest

from tests.helpers.terminal import read_for, read_until

pytestmark = pytest.mark.slow
REVIEWTUI = str(Path(sys.executable).parent / "reviewtui")


@pytest.mark.parametrize(("signal_number", "close_terminal"), [(signal.SIGHUP, True), (signal.SIGTERM, False)])
def test_hang_up_saves_what_was_typed_and_exits_cleanly(sessions_dir: Path, signal_number, close_terminal) -> None:
    created = subprocess.run(
        [REVIEWTUI, "--sessions", str(sessions_dir), "new", "Hang-up test", "--no-open", "--as", "Maya"],
        capture_output=True,
        text=True,
        check=True,
    )
    session_id = created.stdout.strip()
    env = {**os.environ, "TERM": "xterm-256color"}
    pid, fd = pty.fork()
    if pid == 0:  # the child: reviewtui on the pty, as over SSH
        os.execve(REVIEWTUI, [REVIEWTUI, "--sessions", str(sessions_dir), "--as", "Maya", "open", session_id], env)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    try:
        assert b"Check-in" in read_for(fd, 4.0)
        os.write(fd, b"\x1b[6~")  # PageDown: Objectives
        read_for(fd, 0.5)
        os.write(fd, b"a")
        read_for(fd, 0.3)
        os.write(fd, b"Cut churn in month one by half")  # no Enter: not committed yet
        read_until(fd, b"by half")  # drawn, so the app has the keys before the signal comes
        if close_terminal:
            os.close(fd)  # the link is gone: writes to the terminal now fail
        os.kill(pid, signal_number)
        _, status = os.waitpid(pid, 0)
    finally:
        if not close_terminal:
            os.close(fd)
    assert os.waitstatus_to_exitcode(status) == 0
    data = json.loads((sessions_dir / f"{session_id}.json").read_text(encoding="utf-8"))
    statements = [e["data"]["statement"] for e in data["events"].values() if e["type"] == "objective.added"]
    assert statements == ["Cut churn in month one by half"]
    assert not [p for p in sessions_dir.iterdir() if p.name.endswith(".tmp")]
    shutil.rmtree(sessions_dir / ".reviewtui", ignore_errors=True)

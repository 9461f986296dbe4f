"""`reviewtui serve`: what SSH and the pty relay add for a person, and what an idle server costs.

Each person is the real OpenSSH client on a pty, against `reviewtui serve` on loopback; the
baseline is the same participant run locally (`reviewtui join ID` on a pty), in the same run.
"""

from __future__ import annotations

import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.live_bench import idle_cpu
from benchmarks.store_bench import Row
from benchmarks.ui_bench import READY_MARK, Terminal, close_all, first_frames, keystrokes, percentile, pty_env
from reviewtui.application.sessions import create_session
from reviewtui.domain import changes
from reviewtui.store import SessionStore
from tests.helpers.ssh import LOOPBACK_OPTIONS

PEOPLE = 20
IDLE_SECONDS = 10.0


def _keygen(path: Path, comment: str) -> str:
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", comment, "-f", str(path)], check=True)
    return path.with_suffix(".pub").read_text().strip()


def _rss_mib(pid: int) -> float:
    found = re.search(r"^VmRSS:\s+(\d+) kB", Path(f"/proc/{pid}/status").read_text(), re.M)
    return int(found.group(1)) / 1024 if found else float("nan")


def run(quick: bool = False) -> list[Row]:
    if not (shutil.which("ssh") and shutil.which("ssh-keygen")):
        return [Row("serve: skipped, no OpenSSH client here", 0.0, None)]
    repeats, typed, people = (3, 20, 5) if quick else (9, 60, PEOPLE)
    work = Path(tempfile.mkdtemp(prefix="reviewtui-serve-bench-"))
    server: subprocess.Popen | None = None
    terminals: list[Terminal] = []
    try:
        sessions = work / "sessions"
        store = SessionStore(sessions)
        session_id = create_session(
            store, "Serve benchmark", template="outcome-review", facilitator="fran", actor="fran"
        ).info.id
        store.append(session_id, "fran", lambda review: changes.add_objective(review, "Trial teams activate in a week"))
        names = [f"person{n:02d}" for n in range(people)]
        keys = [_keygen(work / name, name) for name in names]
        (work / "authorized_keys").write_text("\n".join(keys) + "\n")
        env = {**pty_env(work, sessions), "XDG_DATA_HOME": str(work / "data"), "XDG_STATE_HOME": str(work / "state")}
        reviewtui = str(Path(sys.executable).parent / "reviewtui")
        log = (work / "serve.log").open("wb")
        server = subprocess.Popen(
            [
                reviewtui,
                "--sessions",
                str(sessions),
                "serve",
                "--port",
                "0",
                "--session",
                session_id,
                "--authorized-keys",
                str(work / "authorized_keys"),
            ],
            env=env,
            stdout=log,
            stderr=log,
            stdin=subprocess.DEVNULL,
        )
        port = _port(work / "serve.log")

        def ssh(name: str) -> list[str]:
            return [
                shutil.which("ssh") or "ssh",
                "-F",
                "/dev/null",
                "-i",
                str(work / name),
                "-p",
                str(port),
                "-tt",
                *LOOPBACK_OPTIONS,
                "127.0.0.1",
            ]

        local = [reviewtui, "--as", "local", "join", session_id]
        ssh_ms, local_ms = first_frames(ssh(names[0]), local, env, repeats)
        # Typing a decision (ctrl+d opens the dialog on its text field), over SSH and locally.
        ssh_lat, _ = keystrokes(ssh(names[0]), env, [b"\x04"], typed)
        local_lat, _ = keystrokes(local, env, [b"\x04"], typed)

        for name in names:
            terminals.append(Terminal.spawn(ssh(name), env))
        for terminal in terminals:
            terminal.read_until(READY_MARK, timeout=120)
            terminal.drain(0.3)
        idle = idle_cpu(terminals, server.pid, IDLE_SECONDS)
        rss = _rss_mib(server.pid)
    finally:
        close_all(terminals)
        if server is not None:
            server.send_signal(signal.SIGTERM)
            server.wait(30)
        shutil.rmtree(work, ignore_errors=True)
    frame, base = statistics.median(ssh_ms), statistics.median(local_ms)
    return [
        Row(
            "first full frame, `ssh -p PORT host` (median)",
            frame,
            base,
            base * 1.15,
            note=f"baseline: `reviewtui join ID` run locally; ssh handshake + pty relay; {repeats} runs each",
        ),
        Row(
            "keystroke to visible over serve, p50",
            percentile(ssh_lat, 0.5),
            percentile(local_lat, 0.5),
            50.0,
            note=f"typing a decision; p95 {percentile(ssh_lat, 0.95):.1f} ms vs "
            f"{percentile(local_lat, 0.95):.1f} ms locally; {typed} keys",
        ),
        Row(
            f"CPU of the idle server, {people} people connected",
            idle * 100,
            None,
            1.0,
            unit="%",
            note=f"share of one core over {IDLE_SECONDS:.0f} s of nobody typing; server RSS {rss:.0f} MiB",
        ),
    ]


def _port(log: Path, timeout: float = 20.0) -> int:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        found = re.search(r"listening on 127\.0\.0\.1:(\d+)", log.read_text(errors="replace"))
        if found:
            return int(found.group(1))
        time.sleep(0.05)
    raise TimeoutError(f"serve did not start: {log.read_text(errors='replace')}")


if __name__ == "__main__":
    from benchmarks.store_bench import table

    print(table("reviewtui serve (baseline: the same participant run locally)", run("--quick" in sys.argv)))

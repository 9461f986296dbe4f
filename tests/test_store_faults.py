"""The store under real faults: concurrent writer processes and writers killed with SIGKILL."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from reviewtui.application.sessions import create_session
from reviewtui.store import SessionStore

WRITER = Path(__file__).parent / "helpers" / "writer.py"
pytestmark = pytest.mark.slow


def start_writer(root: Path, session_id: str, actor: str, count: int) -> subprocess.Popen:
    process = subprocess.Popen(
        [sys.executable, str(WRITER), str(root), session_id, actor, str(count)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    assert process.stdout.readline().strip() == "ready", process.stderr.read() if process.stderr else ""
    return process


def check_file(store: SessionStore, session_id: str) -> list[dict]:
    """The file is valid JSON, loads as a session, and seq runs 1..N without a gap."""
    data = json.loads(store.path(session_id).read_text(encoding="utf-8"))
    log = store.load(session_id)
    assert [e.seq for e in log.events] == list(range(1, len(log.events) + 1))
    assert len(data["events"]) == len(log.events)
    return list(log.documents)


def test_four_processes_appending_fifty_events_each(store: SessionStore, sessions_dir: Path) -> None:
    session_id = create_session(store, "Load test", facilitator="Maya").info.id
    initial = store.load(session_id).last_seq
    writers = [start_writer(sessions_dir, session_id, f"writer{n}", 50) for n in range(4)]
    for process in writers:
        assert process.wait(timeout=120) == 0, process.stderr.read() if process.stderr else ""
    documents = check_file(store, session_id)
    notes = [d for d in documents if d["type"] == "note.added"]
    assert len(documents) == initial + 200 and len(notes) == 200
    for n in range(4):
        mine = [d["data"]["text"] for d in notes if d["actor"] == f"writer{n}"]
        assert mine == [f"writer{n} note {i}" for i in range(1, 51)], "a writer's events are lost or reordered"


def test_writers_killed_at_random_moments_never_corrupt_the_file(store: SessionStore, sessions_dir: Path) -> None:
    session_id = create_session(store, "Kill test", facilitator="Maya").info.id
    seed = int(os.environ.get("REVIEWTUI_KILL_SEED", time.time_ns()))
    rng = random.Random(seed)
    last = store.load(session_id).last_seq
    for attempt in range(50):
        process = start_writer(sessions_dir, session_id, "victim", 100_000)
        time.sleep(rng.uniform(0, 0.06))
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
        assert process.returncode == -signal.SIGKILL
        documents = check_file(store, session_id)
        assert len(documents) >= last, f"events were lost (seed {seed}, attempt {attempt})"
        last = len(documents)
    print(f"kill test: {last} events after 50 kills (seed {seed})")
    assert last > 3, f"the writers never got to write (seed {seed}); the test proved nothing"
    # A later writer still appends normally after all the kills.
    writer = start_writer(sessions_dir, session_id, "survivor", 5)
    assert writer.wait(timeout=60) == 0
    assert len(check_file(store, session_id)) == last + 5

"""Replay benchmarks: seek in a 10,000-event session, the replay's first frame, playback "at once".

Seeking is measured twice: in the domain (the review as of a random event, beside re-reading
the file and folding up to that event, as `export --at` does) and on a real pty (a key, to the
frame that shows the review at the new cursor). The first frame of `reviewtui replay` for the
10,000-event session is set beside the same for a 10-event session, and playback "at once"
beside a bare Textual app that redraws a counter once per frame.
"""

from __future__ import annotations

import os
import random
import re
import shutil
import statistics
import sys
import tempfile
import textwrap
import time
from pathlib import Path

from benchmarks.store_bench import Row, event_documents, timed, write_session
from benchmarks.ui_bench import READY_MARK, Terminal, first_frames, percentile, pty_env
from reviewtui.application.open_session import ReplaySession
from reviewtui.store import SessionStore

BIG, SMALL = "2026-11-20-long-review-rply", "2026-11-20-short-review-rply"
PHASES = ["check-in", "objectives", "kpis", "impact", "actions", "decisions", "close"]
_STATUS = re.compile(rb"event (\d+) of (\d+)")
_ESCAPES = re.compile(rb"\x1b\[[0-9;?<>]*[ -/]*[@-~]|\x1b[()][0-9A-Za-z]|\x1b[=>]")

BARE_COUNTER = textwrap.dedent(
    """
    from textual.app import App
    from textual.widgets import Footer, Static

    class Counter(App):
        BINDINGS = [("space", "go", "Go")]
        n = 0

        def compose(self):
            yield Static("event 0 of 10000", id="n")
            yield Footer()

        def action_go(self):
            self.call_after_refresh(self.step)

        def step(self):
            self.n += 1
            self.query_one("#n", Static).update(f"event {self.n} of 10000")
            if self.n < 10000:
                self.call_after_refresh(self.step)

    Counter().run()
    """
)


def phased_documents(count: int) -> list[dict]:
    """The store benchmark's event mix, moving through the phases as a meeting does."""
    documents = event_documents(count)
    for n, index in enumerate(range(count // 8, count, count // 8)):
        documents[index] = {**documents[index], "type": "phase.entered", "data": {"phase": PHASES[n % len(PHASES)]}}
    return documents


def seek_in_domain(sessions: Path, repeats: int) -> list[Row]:
    store = SessionStore(sessions, use_index=False)
    session = ReplaySession(store, BIG, "Maya")  # loads, describes every event, freezes them (as the app does)
    rng = random.Random(7)
    ours = timed(lambda: session.replay.review_at(rng.randint(0, session.replay.last)), repeats)
    # The plain way: read the file and fold up to the event, every time (what `export --at` does).
    base = timed(
        lambda: SessionStore(sessions, use_index=False).load(BIG).review_at(rng.randint(0, 10_000)),
        max(5, repeats // 10),
    )
    return [
        Row(
            "seek to a random event of 10,000, worst",
            max(ours),
            statistics.median(base),
            50.0,
            note=f"domain: p50 {statistics.median(ours):.1f}, p95 {percentile(ours, 0.95):.1f} ms "
            f"over {repeats} seeks; baseline: re-read + fold (median)",
        )
    ]


def status_of(output: bytes) -> list[int]:
    return [int(m.group(1)) for m in _STATUS.finditer(_ESCAPES.sub(b"", output))]


KEYS = {"home": b"\x1b[H", "end": b"\x1b[F", "right": b"\x1b[C", "left": b"\x1b[D", "pagedown": b"\x1b[6~"}


def seek_on_pty(
    argv: list[str], env: dict[str, str], phase_seqs: list[int], rounds: int
) -> tuple[list[float], list[float]]:
    """Key to frame, for seeks all over a 10,000-event replay: (first visits of a phase, the rest).

    Home; then PgDn to each phase change (the first visit mounts that phase's pane) and two
    steps on; then End, Left, Home (folds from scratch) `rounds` times.
    """
    tour = [("home", 0)]
    for seq in phase_seqs:
        tour += [("pagedown", seq), ("right", seq + 1), ("right", seq + 2)]
    tour += [("end", 10_000), ("left", 9_999), ("home", 0)] * rounds
    terminal = Terminal.spawn(argv, env)
    try:
        terminal.read_until(READY_MARK)
        terminal.drain(0.5)
        first, rest = [], []
        for key, cursor in tour:
            sent = time.monotonic()
            os.write(terminal.fd, KEYS[key])
            output = b""
            while cursor not in status_of(output):
                output += terminal.drain(0.002)
                if time.monotonic() - sent > 20:
                    raise TimeoutError(f"the replay never showed event {cursor}")
            if key == "pagedown":  # the new pane shows itself in the frames after: until the last
                last = time.monotonic()
                while terminal.drain(0.1):
                    last = time.monotonic() - 0.1
                first.append((last - sent) * 1000)
            else:
                rest.append((time.monotonic() - sent) * 1000)
            terminal.drain(0.3)  # let anything the key set going (long minutes) finish first
        return first, rest
    finally:
        terminal.close()


def play_at_once(argv: list[str], env: dict[str, str], start_keys: bytes, seconds: float) -> tuple[float, int]:
    """Events shown per second while playing "at once", and how many events went unshown."""
    terminal = Terminal.spawn(argv, env)
    try:
        terminal.read_until(READY_MARK)
        terminal.drain(0.5)
        os.write(terminal.fd, start_keys)
        output, end = b"", time.monotonic() + seconds
        while time.monotonic() < end:
            output += terminal.drain(0.005)
        shown = sorted({n for n in status_of(output) if n > 0})
        missed = (shown[-1] - shown[0] + 1 - len(shown)) if shown else 0
        return len(shown) / seconds, missed
    finally:
        terminal.close()


def run(quick: bool = False) -> list[Row]:
    repeats = 3 if quick else 7
    work = Path(tempfile.mkdtemp(prefix="reviewtui-replay-bench-"))
    try:
        sessions = work / "sessions"
        sessions.mkdir()
        write_session(sessions, BIG, 10_000, phased_documents(10_000))
        write_session(sessions, SMALL, 10, phased_documents(10))
        rows = seek_in_domain(sessions, 60 if quick else 300)
        env = pty_env(work, sessions)
        reviewtui = str(Path(sys.executable).parent / "reviewtui")
        big, small = [reviewtui, "replay", BIG], [reviewtui, "replay", SMALL]
        big_ms, small_ms = first_frames(big, small, env, repeats)
        phase_seqs = [d["seq"] for d in phased_documents(10_000) if d["type"] == "phase.entered"]
        first_visits, seeks = seek_on_pty(big, env, phase_seqs, 3 if quick else 10)
        bare = work / "counter.py"
        bare.write_text(BARE_COUNTER, encoding="utf-8")
        seconds = 2.0 if quick else 5.0
        ours_rate, ours_missed = play_at_once(big, env, b"\x1b[H4 ", seconds)
        bare_rate, _ = play_at_once([sys.executable, str(bare)], env, b" ", seconds)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    small_frame = statistics.median(small_ms)
    return [
        *rows,
        Row(
            "seek on the screen (key to frame), worst",
            max(seeks),
            None,
            50.0,
            note=f"steps, End, Left, Home in a 10,000-event replay at 80x24: p50 {statistics.median(seeks):.1f}, "
            f"p95 {percentile(seeks, 0.95):.1f} ms over {len(seeks)} keys",
        ),
        Row(
            "  … to a phase not shown before, worst",
            max(first_visits),
            None,
            None,
            note=f"PgDn, until the screen is still: mounts a pane of ~1,250 items; p50 "
            f"{statistics.median(first_visits):.1f} ms over {len(first_visits)}",
        ),
        Row(
            "first full frame of `replay`, 10,000 events",
            statistics.median(big_ms),
            small_frame,
            small_frame * 1.5,
            note=f"baseline: the same for a 10-event session; {repeats} runs each",
        ),
        Row(
            'playback "at once", events shown per second',
            ours_rate,
            bare_rate,
            None,
            unit="/s",
            note=f"{ours_missed} events never drawn; baseline: a bare Textual app redrawing a "
            f"counter once per frame; {seconds:g} s each",
        ),
    ]


if __name__ == "__main__":
    from benchmarks.store_bench import table

    print(table("Replay (10,000-event session, 80x24 pty)", run()))

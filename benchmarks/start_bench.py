"""What starting costs: scripts (`kpi set`, `list`, `coach`) beside `python -c "import pydantic"`,
and the peak memory of `open` beside a bare Textual app. (The first frame of `open` is in
ui_bench, of `join` over serve in serve_bench.)

Each command is a fresh process, as a script or a person starts it; ours and the baseline are run
alternately so that drift on the machine hits both alike, and the median is reported.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.store_bench import Row, write_session
from benchmarks.ui_bench import BARE_APP, READY_MARK, Terminal, pty_env

SERIES = 50
"""The folder's 1,000 sessions are 50 series of 20 reviews: the measured session is the 21st of one."""
BIG = "2026-11-20-big-review-bnch"
COACHED = "We shipped the new onboarding checklist to every trial team"


def _folder(work: Path, sessions: int) -> Path:
    folder = work / "sessions"
    folder.mkdir()
    for n in range(sessions):
        write_session(folder, f"2026-10-07-session-{n:04d}", 40, series=f"Series {n % SERIES}")
    write_session(folder, BIG, 1000, series="Series 7")
    return folder


def _wall_ms(argv: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False)
    elapsed = (time.perf_counter() - start) * 1000
    if done.returncode:
        raise RuntimeError(f"{argv[1:]} failed: {done.stderr.decode(errors='replace')[-400:]}")
    return elapsed


def _alternated(ours: list[str], base: list[str], env: dict[str, str], repeats: int) -> tuple[float, float]:
    for argv in (base, ours):  # the disk cache warmed for both
        _wall_ms(argv, env)
    ours_ms, base_ms = [], []
    for _ in range(repeats):
        base_ms.append(_wall_ms(base, env))
        ours_ms.append(_wall_ms(ours, env))
    return statistics.median(ours_ms), statistics.median(base_ms)


def _peak_rss_kib(argv: list[str], env: dict[str, str]) -> int:
    """The process's peak resident memory, from drawing its first frame to a second after."""
    terminal = Terminal.spawn(argv, env)
    terminal.read_until(READY_MARK)
    with contextlib.suppress(TimeoutError):  # the clock redraws every second: read for a second
        terminal.read_until(b"never drawn", timeout=1.0)
    os.kill(terminal.pid, signal.SIGTERM)
    with contextlib.suppress(OSError):  # the pty is gone once the process is
        terminal.drain(0.3)
    _, _, usage = os.wait4(terminal.pid, 0)
    os.close(terminal.fd)
    return int(usage.ru_maxrss)


def run(quick: bool = False) -> list[Row]:
    repeats = 5 if quick else 15
    work = Path(tempfile.mkdtemp(prefix="reviewtui-start-bench-"))
    count = 100 if quick else 1000
    try:
        sessions = _folder(work, count)
        env = {**pty_env(work, sessions), "PYDANTIC_DISABLE_PLUGINS": "__all__"}
        reviewtui = str(Path(sys.executable).parent / "reviewtui")
        pydantic = [sys.executable, "-c", "import pydantic"]
        _wall_ms([reviewtui, "list"], env)  # the index is warm from here on
        rows = []
        for name, argv, note in [
            (
                "`reviewtui kpi set` on a 1,000-event session",
                [reviewtui, "--as", "Maya Chen", "kpi", "set", BIG, "k1", "31"],
                f"the 21st review of its series, {count:,} sessions in the folder",
            ),
            ("`reviewtui list`, warm index", [reviewtui, "list"], f"{count:,} sessions"),
            ("`reviewtui coach TEXT`", [reviewtui, "coach", COACHED], "one statement"),
        ]:
            ours, base = _alternated(argv, pydantic, env, repeats)
            rows.append(Row(name, ours, base, base * 1.5, note=f'{note}; baseline `python -c "import pydantic"`'))
        bare = work / "bare.py"
        bare.write_text(BARE_APP, encoding="utf-8")
        open_argv = [reviewtui, "--as", "Maya Chen", "open", BIG]
        ours_rss = statistics.median(_peak_rss_kib(open_argv, env) for _ in range(3))
        base_rss = statistics.median(_peak_rss_kib([sys.executable, str(bare)], env) for _ in range(3))
        rows.append(
            Row(
                "peak RSS of `open`",
                ours_rss / 1024,
                base_rss / 1024,
                base_rss / 1024 * 1.5,
                note="a 1,000-event session, first frame and a second after; bare Textual app beside it",
                unit="MiB",
            )
        )
        return rows
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    from benchmarks.store_bench import table

    print(table("Starting (baseline: python -c 'import pydantic'; a bare Textual app for memory)", run()))

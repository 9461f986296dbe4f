"""`python -m benchmarks [--quick]`: run every benchmark and print its table."""

from __future__ import annotations

import sys

from benchmarks import (
    coach_accuracy,
    live_bench,
    meeting_bench,
    replay_bench,
    serve_bench,
    start_bench,
    store_bench,
    ui_bench,
)


def main() -> int:
    quick = "--quick" in sys.argv[1:]
    tables = [
        ('Starting: scripts (baseline: `python -c "import pydantic"`) and memory (a bare Textual app)', start_bench),
        ("Store (baseline: TinyDB JSONStorage with indent=2, sort_keys=True)", store_bench),
        ("UI on a pty, 80x24 (baseline: a bare Textual app with an Input and a Footer)", ui_bench),
        (
            "A meeting on a pty, a 500-event session: first visit to a phase, the dots dialog, typing "
            "(baselines: bare Textual apps doing the same, run the same way)",
            meeting_bench,
        ),
        ("Replay of a 10,000-event session (on a pty at 80x24 where it says so)", replay_bench),
        ("Live meeting: 1 facilitator and 10 participants, each a process on a pty", live_bench),
        ("reviewtui serve: the OpenSSH client on a pty (baseline: the same participant run locally)", serve_bench),
    ]
    for title, bench in tables:
        print(store_bench.table(title, bench.run(quick=quick)))
        print()
    print("Outcome coach (baseline: the rules-only coach of before issue 17, benchmarks/coach_baseline.py)")
    print(coach_accuracy.tables())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

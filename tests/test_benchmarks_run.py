"""The meeting benchmark still measures what it says: its session holds what its keys and marks
expect, and every measurement runs to the end on a pty, for reviewtui and for its baselines.

No time is asserted here: speed is a number in `make bench`, set beside a baseline run the same
way in the same run, never a pass or fail of the test suite on a shared machine.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from benchmarks import meeting_bench as bench
from benchmarks.store_bench import Row
from reviewtui.store import SessionStore


def test_the_meeting_session_holds_what_the_benchmark_presses_and_looks_for(tmp_path: Path) -> None:
    sessions = bench.Sessions.build(tmp_path / "sessions")
    log = SessionStore(sessions.folder, use_index=False).load(bench.SESSION)
    review = log.review
    assert log.last_seq == bench.EVENTS
    assert len(review.objectives) == 12 and len(review.kpis) == 24 and len(review.actions) == 60
    assert len(review.decisions) == 25
    # The dots dialog lists the impact answers, voting open, as many dots as a round places.
    assert review.voting["impact"].votes == bench.DOTS
    assert sum(review.phase_of_item(a) == "impact" for a in review.answers) == bench.ANSWERS
    assert review.phase is None  # opened at Check-in: every PgDn is a first visit
    # Each phase's mark is the review's own data, so it is drawn only once the pane shows it.
    texts = [
        *(o.statement for o in review.objectives.values()),
        *(k.name for k in review.kpis.values()),
        *(a.text for a in review.actions.values()),
        *(d.text for d in review.decisions.values()),
        *(a.question for a in review.answers.values()),
        *(p.name for p in review.participants.values()),
    ]
    for phase in ("check-in", "objectives", "kpis", "impact", "actions", "decisions"):
        assert any(bench.MARKERS[phase].decode() in text for text in texts), phase
    closing = sessions.moved_to(tmp_path / "at-close", "close")
    assert SessionStore(closing.folder, use_index=False).load(bench.SESSION).review.phase == "close"
    assert len(bench.TYPED) == 60


def test_a_row_with_a_target_says_pass_or_fail() -> None:
    passed = bench.Verdict("x", 90.0, 30.0, 100.0).cells()
    failed = bench.Verdict("x", 120.0, 30.0, 100.0).cells()
    assert passed[4].endswith("PASS") and failed[4].endswith("FAIL")
    assert Row("x", 1.0, 2.0).cells()[4] == ""


@pytest.mark.slow
def test_every_measurement_runs_to_its_end_on_a_pty_for_reviewtui_and_its_baselines(tmp_path: Path) -> None:
    """One run of each, with few keys: each mark shows up (else the run raises TimeoutError)."""
    fresh = bench.Sessions.build(tmp_path / "sessions")
    closing = fresh.moved_to(tmp_path / "at-close", "close")
    env = bench.pty_env(tmp_path)
    reviewtui = [str(Path(sys.executable).parent / "reviewtui")]
    open_argv = [*reviewtui, "--sessions", str(fresh.folder), "--as", "Maya", "open", bench.SESSION]
    bare = {}
    for name, script in (("switcher", bench.BARE_SWITCHER), ("dots", bench.BARE_DOTS), ("input", bench.BARE_APP)):
        (tmp_path / f"{name}.py").write_text(script, encoding="utf-8")
        bare[name] = [sys.executable, str(tmp_path / f"{name}.py")]

    rows = bench.phase_rows(reviewtui, fresh, closing, bare["switcher"], env, (80, 24), 2, 1)
    rows += bench.dots_rows(open_argv, fresh, bare["dots"], env, 2)
    rows += bench.typing_rows(open_argv, fresh, bare["input"], env, bench.TYPED[:5])

    assert [row.name.split(",")[0] for row in rows] == [
        "first visit to a phase",
        "  … the pane's content first drawn",
        "  … until all output stops",
        "dots dialog: Up/Down",
        "dots dialog: Space/Backspace",
        "typing an objective's statement",
        "typing an impact answer",
    ]
    assert all(row.ours_ms > 0 and row.base_ms for row in rows)
    assert "12 visits in 2 runs" in rows[0].note  # forward from Check-in, back from Close: 6 each

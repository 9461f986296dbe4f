"""The demo sessions shipped in sessions/: valid, realistic, one series, and reproducible."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from conftest import DEMO_SESSIONS, REPO

from reviewtui.store import SessionStore

Q2 = "2026-07-08-q2-growth-review-h4kz"
Q3 = "2026-10-07-q3-growth-review-p7wm"


def test_demo_sessions_load_cleanly(demo_dir: Path) -> None:
    listing = SessionStore(demo_dir, use_index=False).list()
    assert listing.problems == []
    assert len(listing.sessions) >= 3
    for summary in listing.sessions:
        review = SessionStore(demo_dir).load(summary.id).review
        assert review.skipped == [], f"{summary.id}: {review.skipped}"


def test_two_quarterly_reviews_of_one_series_with_real_content(demo_dir: Path) -> None:
    store = SessionStore(demo_dir)
    q2, q3 = store.load(Q2).review, store.load(Q3).review
    assert q2.session.series == q3.session.series == "Growth review"
    for review in (q2, q3):
        assert len(review.objectives) >= 3
        assert len(review.kpis) >= 4 and all(k.readings for k in review.kpis.values())
        assert len(review.answers) >= 4 and len(review.actions) >= 4 and len(review.decisions) >= 2
        assert review.closed
    assert {a.origin_session for a in q3.actions.values()} == {Q2, None}
    statuses = {q3.kpi_status(k) for k in q3.kpis.values()}
    assert {"on track", "at risk", "off track"} <= statuses


def test_demo_sessions_are_what_the_generator_writes(tmp_path: Path) -> None:
    """The files in the repo match the generator, so format changes cannot leave them stale."""
    subprocess.run(
        [sys.executable, str(REPO / "tools" / "make_demo_sessions.py"), str(tmp_path)], check=True, capture_output=True
    )
    for generated in tmp_path.glob("*.json"):
        shipped = DEMO_SESSIONS / generated.name
        assert shipped.read_bytes() == generated.read_bytes(), (
            f"{shipped.name} is stale: run tools/make_demo_sessions.py"
        )

"""Regenerate the demo sessions in sessions/: `python tools/make_demo_sessions.py [DIR]`.

Two quarterly reviews of one growth series and a retrospective still in progress, written
through the real store with a scripted clock, so the files are what reviewtui itself writes.
"""

from __future__ import annotations

import hashlib
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from reviewtui.application.series import earlier_reviews
from reviewtui.application.sessions import create_session
from reviewtui.application.writing import Author, write
from reviewtui.domain import changes as c
from reviewtui.domain.series import Threads
from reviewtui.store import SessionStore

Q2_ID = "2026-07-08-q2-growth-review-h4kz"
Q3_ID = "2026-10-07-q3-growth-review-p7wm"
RETRO_ID = "2026-11-19-sprint-47-retrospective-c2rd"
SERIES = "Growth review"


class Clock:
    """A meeting's clock: each change moves it on by a plausible number of seconds."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def wait(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


class _DemoKey:
    """Seals the demo's ratings the same way every time (real ones use the host account's key)."""

    def pad(self, nonce: str) -> int:
        return hashlib.sha256(nonce.encode()).digest()[0] % 11

    def check(self, nonce: str, value: int) -> str:
        return hashlib.sha256(f"{nonce}\n{value}".encode()).hexdigest()[:16]


class Meeting:
    def __init__(self, store: SessionStore, clock: Clock, session_id: str) -> None:
        self.store, self.clock, self.id = store, clock, session_id

    def do(self, actor: str, build, seconds: float = 40) -> str | None:
        """One change, through the write path the CLI and the app use (a reading flags decisions)."""
        self.clock.wait(seconds)
        events = write(
            self.store,
            self.id,
            Author(actor),
            build,
            lambda review: Threads([*earlier_reviews(self.store, self.id), review]),
        )
        data = events[0].data
        return getattr(data, "id", None)

    def phase(self, actor: str, phase: str, minutes: int) -> None:
        self.do(actor, lambda r: c.enter_phase(r, phase), seconds=30)
        self.do(actor, lambda r: c.start_timer(r, phase, minutes), seconds=5)


def q2_review(root: Path) -> None:
    clock = Clock(datetime(2026, 7, 8, 8, 30, tzinfo=UTC))
    store = SessionStore(root, clock=clock, use_index=False)
    create_session(
        store,
        "Q2 Growth Review",
        facilitator="Maya Chen",
        series=SERIES,
        session_id=Q2_ID,
        participants=["Tom Okafor", "Ana Lopez", "Priya Natarajan", "Jonas Weber"],
    )
    m, maya = Meeting(store, clock, Q2_ID), "Maya Chen"
    m.phase(maya, "check-in", 5)
    m.do(maya, lambda r: c.add_note(r, "First review of the growth series: no actions to carry over."))

    m.phase(maya, "objectives", 10)
    m.do(
        maya,
        lambda r: c.add_objective(
            r,
            "Increase 30-day retention of new self-serve customers",
            "Two thirds of our churn happens in the first month; each point of retention is worth about EUR 18k ARR.",
        ),
        seconds=120,
    )
    m.do(
        maya,
        lambda r: c.add_objective(
            r,
            "Reduce time to first value for new workspaces",
            "Trial users who see their first report within a day convert three times as often.",
        ),
    )
    m.do(
        maya,
        lambda r: c.add_objective(
            r,
            "Grow expansion revenue from existing accounts",
            "Net revenue retention is under 100%: we are shrinking inside our own customers.",
        ),
    )

    m.phase(maya, "kpis", 15)
    m.do(
        maya,
        lambda r: c.add_kpi(
            r, "30-day retention", baseline=31, target=40, unit="%", objective="o1", by="2026-12-31", since="2026-01-01"
        ),
    )
    m.do(
        maya,
        lambda r: c.add_kpi(
            r, "Support tickets per new account", baseline=1.8, target=1.5, direction="maintain_below", objective="o1"
        ),
    )
    m.do(
        maya,
        lambda r: c.add_kpi(r, "Median time to first report", baseline=52, target=24, unit="hours", objective="o2"),
    )
    m.do(maya, lambda r: c.add_kpi(r, "Trial-to-paid conversion", baseline=8.2, target=11, unit="%", objective="o2"))
    m.do(maya, lambda r: c.add_kpi(r, "Net revenue retention", baseline=96, target=104, unit="%", objective="o3"))
    m.do(
        "Jonas Weber",
        lambda r: c.record_reading(r, "k1", 32.5, note="June cohort, 14 days of data", source="Amplitude"),
        seconds=90,
    )
    m.do("Jonas Weber", lambda r: c.record_reading(r, "k2", 1.3, source="Zendesk"))
    m.do("Jonas Weber", lambda r: c.record_reading(r, "k3", 47, note="June signups", source="Amplitude"))
    m.do("Jonas Weber", lambda r: c.record_reading(r, "k4", 8.9, source="Stripe"))
    m.do("Jonas Weber", lambda r: c.record_reading(r, "k5", 97.5, note="trailing 12 months", source="Stripe"))

    m.phase(maya, "impact", 15)
    q = "What changed because of this work?"
    m.do(
        maya,
        lambda r: c.record_answer(
            r,
            q,
            "The new setup checklist cut 'how do I connect my data' tickets by a third.",
            objective="o1",
            by="Priya Natarajan",
        ),
        150,
    )
    m.do(
        maya,
        lambda r: c.record_answer(
            r, q, "Sales-assisted trials converted at 14%, self-serve at 7%.", objective="o2", by="Tom Okafor"
        ),
    )
    m.do(
        maya,
        lambda r: c.record_answer(
            r,
            "How do we know? What evidence do we have?",
            "Funnel data: 41% of June signups finished the checklist, against 18% who finished the old wizard.",
            objective="o2",
            by="Jonas Weber",
        ),
    )
    m.do(
        maya,
        lambda r: c.record_answer(
            r,
            "What would have happened if we had not done it?",
            "Probably nothing visible yet on retention: the June cohort has two weeks of data.",
            objective="o1",
            by="Jonas Weber",
        ),
    )
    m.do(
        maya,
        lambda r: c.record_answer(
            r,
            "What surprised us?",
            "Expansion came from extra seats, not from the premium tier we pushed.",
            objective="o3",
            by="Ana Lopez",
        ),
    )

    m.phase(maya, "actions", 10)
    m.do(
        maya,
        lambda r: c.add_action(
            r,
            "Interview 8 customers who churned in their first month",
            owner="Priya Natarajan",
            due="2026-07-31",
            kpi="k1",
            expect="+3",
            expect_by="2026-10-31",
        ),
        120,
    )
    m.do(
        maya,
        lambda r: c.add_action(
            r,
            "Ship sample data so a new workspace shows a report in minutes",
            owner="Tom Okafor",
            due="2026-08-21",
            kpi="k3",
            expect="<= 36",
        ),
    )
    m.do(
        maya,
        lambda r: c.add_action(
            r, "Write the seat-expansion playbook for account managers", owner="Ana Lopez", due="2026-08-28", kpi="k5"
        ),
    )
    m.do(
        maya,
        lambda r: c.add_action(
            r, "Track checklist completion per step", owner="Jonas Weber", due="2026-07-22", kpi="k4", expect=">= 11"
        ),
    )

    m.phase(maya, "decisions", 10)
    m.do(
        maya,
        lambda r: c.record_decision(
            r,
            "Pause the premium-tier upsell campaign for Q3",
            rationale="Expansion comes from seats; the campaign cost EUR 12k and moved nothing we can measure",
            owner="Ana Lopez",
            revisit_if="Net revenue retention < 98.5",
        ),
        180,
    )
    m.do(
        maya,
        lambda r: c.record_decision(
            r,
            "Use time to first report as the team's activation measure",
            rationale="It predicts conversion better than sign-ups or logins",
            owner="Maya Chen",
        ),
    )

    m.phase(maya, "close", 5)
    m.do("Jonas Weber", lambda r: c.add_note(r, "Cohort dashboard link shared in #growth."), 60)
    m.do(maya, c.close_session, 90)


def q3_review(root: Path) -> None:
    clock = Clock(datetime(2026, 10, 7, 8, 30, tzinfo=UTC))
    store = SessionStore(root, clock=clock, use_index=False)
    create_session(
        store,
        "Q3 Growth Review",
        facilitator="Maya Chen",
        series=SERIES,
        session_id=Q3_ID,
        participants=["Tom Okafor", "Ana Lopez", "Priya Natarajan", "Jonas Weber", "Lena Fischer"],
    )
    m, maya = Meeting(store, clock, Q3_ID), "Maya Chen"

    m.phase(maya, "check-in", 5)
    # The session started from Q2 (store.create carries objectives, KPIs and open actions over);
    # at check-in each carried action is reviewed with its owner.
    for action_id, verdict in (("a1", "done"), ("a2", "done"), ("a3", "not done"), ("a4", "done")):
        m.do(maya, lambda r, a=action_id, v=verdict: c.review_action(r, a, v), 45)
    m.do(
        maya,
        lambda r: c.add_note(
            r, "Playbook slipped: Ana was on the pricing project in August. Carried again, new owner to be agreed."
        ),
        30,
    )

    m.phase(maya, "objectives", 10)
    m.do(
        maya,
        lambda r: c.update_objective(r, "o1", why="Still the biggest lever: churn in month one is 60% of all churn."),
        60,
    )
    m.do(
        maya,
        lambda r: c.update_objective(
            r, "o2", why="Sample data helped; the rest of the gap is in connecting real data."
        ),
    )
    m.do(
        maya,
        lambda r: c.update_objective(
            r, "o3", why="Finance now forecasts from NRR; two large downgrades in August hurt."
        ),
    )

    m.phase(maya, "kpis", 15)
    readings = [
        ("k1", 36.5, "September cohort"),
        ("k2", 1.6, "onboarding emails broke for a week"),
        ("k3", 30, "after sample data, 20 Aug"),
        ("k4", 10.4, ""),
        ("k5", 98, "two downgrades"),
    ]
    for kpi, value, note in readings:
        m.do("Jonas Weber", lambda r, k=kpi, v=value, n=note: c.record_reading(r, k, v, note=n), 50)
    # A blind confidence round on retention and time to first report. Sealed with pads of the
    # demo's own (the files must come out the same every time; the host's key is for real ones):
    # the reveal writes the values.
    m.do(maya, c.open_confidence, 20)
    ratings = {
        "Maya Chen": {"k1": 7, "k3": 8},
        "Tom Okafor": {"k1": 6, "k3": 9},
        "Ana Lopez": {"k1": 3, "k3": 8},
        "Priya Natarajan": {"k1": 8, "k3": 7},
        "Jonas Weber": {"k1": 5, "k3": 8},
    }
    for number, (person, given) in enumerate(ratings.items()):
        for kpi, value in given.items():
            nonce = f"demo-{number}-{kpi}"
            m.do(person, lambda r, k=kpi, v=value, p=person, n=nonce: c.rate_confidence(r, k, v, p, _DemoKey(), n), 15)
    m.do(maya, lambda r: c.reveal_confidence(r, _DemoKey()), 20)

    m.phase(maya, "impact", 15)
    m.do(
        maya,
        lambda r: c.record_answer(
            r,
            "What changed because of this work?",
            "Sample data shipped on 20 August: median time to first report fell from 47 to 30 hours.",
            objective="o2",
            by="Tom Okafor",
        ),
        120,
    )
    m.do(
        maya,
        lambda r: c.record_answer(
            r,
            "How do we know? What evidence do we have?",
            "Same funnel and cohort definition as Q2; the drop is all in workspaces created after 20 August.",
            objective="o2",
            by="Jonas Weber",
        ),
    )
    m.do(
        maya,
        lambda r: c.record_answer(
            r,
            "What surprised us?",
            "Every churned customer we interviewed had a single-user workspace: retention is a team-adoption problem.",
            objective="o1",
            by="Priya Natarajan",
        ),
    )
    m.do(
        maya,
        lambda r: c.record_answer(
            r,
            "What would have happened if we had not done it?",
            "Without the seat deals NRR would have fallen further: two large accounts downgraded in August.",
            objective="o3",
            by="Lena Fischer",
        ),
    )

    m.phase(maya, "actions", 10)
    m.do(
        maya,
        lambda r: c.add_action(
            r, "Prompt workspace owners to invite a teammate on day 2", owner="Tom Okafor", due="2026-11-15", kpi="k1"
        ),
        90,
    )
    m.do(
        maya,
        lambda r: c.add_action(
            r, "Review the price of extra seats with Finance", owner="Lena Fischer", due="2026-10-31", kpi="k5"
        ),
    )
    m.do(maya, lambda r: c.add_action(r, "Write the Q3 growth newsletter", owner="Ana Lopez", due="2026-10-14"))

    m.phase(maya, "decisions", 10)
    m.do(
        maya,
        lambda r: c.record_decision(
            r,
            "Make teammate invites part of onboarding, not an optional step",
            rationale="Every churned account in the interviews was a single-user workspace",
            owner="Tom Okafor",
            revisit_if="30-day retention < 33",
        ),
        150,
    )
    m.do(
        maya,
        lambda r: c.record_decision(
            r,
            "Keep the premium upsell campaign paused",
            rationale="NRR is still off track and seats remain the lever",
            owner="Ana Lopez",
            revisit_if="Net revenue retention >= 100",
        ),
    )

    m.phase(maya, "close", 5)
    m.do(maya, c.close_session, 120)


def retrospective(root: Path) -> None:
    clock = Clock(datetime(2026, 11, 19, 14, 0, tzinfo=UTC))
    store = SessionStore(root, clock=clock, use_index=False)
    create_session(
        store,
        "Sprint 47 retrospective",
        facilitator="Sam Rivera",
        template="retrospective",
        series="Platform team retros",
        session_id=RETRO_ID,
        participants=["Kai Tanaka", "Noor Haddad", "Eli Brooks"],
    )
    m, sam = Meeting(store, clock, RETRO_ID), "Sam Rivera"
    m.phase(sam, "check-in", 5)
    m.phase(sam, "outcomes", 15)
    q = "What changed for users because of what we did this sprint?"
    m.do(
        sam,
        lambda r: c.record_answer(
            r, q, "Import of large CSV files no longer times out: zero timeout tickets since Tuesday.", by="Noor Haddad"
        ),
        120,
    )
    m.do(
        sam,
        lambda r: c.record_answer(
            r, q, "We shipped the new settings page, but nobody has asked about it either way.", by="Kai Tanaka"
        ),
    )
    m.do(
        sam,
        lambda r: c.record_answer(
            r,
            "Which result are we proudest of, and how do we know it mattered?",
            "The import fix: support says two customers renewed after it.",
            by="Eli Brooks",
        ),
    )
    m.phase(sam, "went-well", 10)
    m.do(
        sam,
        lambda r: c.record_answer(
            r, "What helped us get those results?", "Pairing with support on real failing files.", by="Noor Haddad"
        ),
        90,
    )


def main() -> int:
    root = Path(sys.argv[1] if len(sys.argv) > 1 else "sessions")
    root.mkdir(parents=True, exist_ok=True)
    for session_id in (Q2_ID, Q3_ID, RETRO_ID):
        (root / f"{session_id}.json").unlink(missing_ok=True)
    q2_review(root)
    q3_review(root)
    retrospective(root)
    print(f"wrote 3 demo sessions to {root}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

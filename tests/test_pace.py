"""KPIs with a date: the pace from `since` to `by`, the status it earns, the objective's weakest
status, and how the dates travel (edits, renames, three carries, exports, the CLI, the KPI pane)."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from reviewtui.application.sessions import create_session
from reviewtui.cli import main
from reviewtui.domain import changes as c
from reviewtui.domain.errors import InvalidInput
from reviewtui.domain.kpi import expected_progress, paced_status, weakest
from reviewtui.domain.review import Kpi
from reviewtui.store import SessionStore
from tests.helpers.clocks import MinuteClock

JAN1, JUL1, DEC31 = date(2027, 1, 1), date(2027, 7, 1), date(2027, 12, 31)


# ------------------------------------------------------------------------------ the math


@pytest.mark.parametrize(
    ("since", "by", "day", "expected"),
    [
        (JAN1, DEC31, JAN1, 0.0),
        (JAN1, DEC31, JUL1, 181 / 364),
        (JAN1, DEC31, DEC31, 1.0),
        (JAN1, DEC31, date(2026, 6, 1), 0.0),  # before the way starts: nothing due yet
        (JAN1, DEC31, date(2028, 3, 1), 1.0),  # past the date: the whole way
        (JUL1, JUL1, date(2027, 6, 30), 0.0),  # since == by: nothing due the day before…
        (JUL1, JUL1, JUL1, 1.0),  # …and all of it on the day
    ],
)
def test_expected_progress_is_the_elapsed_share_of_the_way(since: date, by: date, day: date, expected: float) -> None:
    assert expected_progress(since, by, day) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("value", "expected", "overdue", "status"),
    [
        (None, 0.5, False, "no data"),
        (None, 1.0, True, "no data"),
        (1.0, 1.0, True, "achieved"),  # reached, even late
        (1.3, 0.2, False, "achieved"),
        (0.9, 1.0, True, "overdue"),
        (0.5, 0.5, False, "on track"),
        (0.6, 0.5, False, "on track"),  # ahead of the pace
        (0.4, 0.5, False, "on track"),  # within 10 points of it
        (0.39, 0.5, False, "at risk"),
        (0.25, 0.5, False, "at risk"),  # half the pace: still at risk
        (0.24, 0.5, False, "off track"),  # below half of it
        (-0.2, 0.0, False, "off track"),  # behind the baseline before anything is due
        (-0.05, 0.0, False, "on track"),
    ],
)
def test_paced_status(value: float | None, expected: float, overdue: bool, status: str) -> None:
    assert paced_status(value, expected, overdue) == status


def _kpi(direction: str = "increase", **fields: object) -> Kpi:
    kpi = Kpi("k1", "Retention", None, "%", 20.0, 40.0, direction, by=DEC31, since=JAN1)  # type: ignore[arg-type]
    for name, value in fields.items():
        setattr(kpi, name, value)
    return kpi


def test_a_kpi_with_a_date_is_held_to_the_pace_both_ways() -> None:
    from reviewtui.domain.review import Reading

    at = datetime(2027, 7, 1, tzinfo=UTC)
    up = _kpi()
    up.readings.append(Reading(1, at, 26.0, "", "", "Maya"))  # 30% of the way, ~50% due
    assert up.status_on(JUL1) == "at risk"
    assert up.status_on(date(2027, 3, 1)) == "on track"
    assert up.status_on(date(2028, 1, 1)) == "overdue"
    down = _kpi("decrease", baseline=40.0, target=20.0)
    down.readings.append(Reading(1, at, 30.0, "", "", "Maya"))  # half way down
    assert down.status_on(JUL1) == "on track"
    assert down.status_on(date(2027, 11, 30)) == "at risk"  # ~92% due: 50% is above half of it
    down.readings.append(Reading(2, at, 36.0, "", "", "Maya"))  # a fifth of the way down
    assert down.status_on(date(2027, 11, 30)) == "off track"  # below half of the pace


def test_without_a_date_or_holding_a_line_the_share_of_the_way_alone_counts() -> None:
    from reviewtui.domain.review import Reading

    undated = _kpi(by=None)
    undated.readings.append(Reading(1, datetime(2027, 7, 1, tzinfo=UTC), 26.0, "", "", "Maya"))
    assert undated.status_on(date(2030, 1, 1)) == "off track"  # 30%: the rule of DESIGN.md
    assert undated.expected_progress(JUL1) is None
    line = _kpi("maintain_above")
    line.readings.append(Reading(1, datetime(2027, 7, 1, tzinfo=UTC), 45.0, "", "", "Maya"))
    assert line.status_on(date(2030, 1, 1)) == "achieved" and line.expected_progress(JUL1) is None


def test_an_objective_takes_its_weakest_kpis_status() -> None:
    assert weakest(["achieved", "on track", "at risk"]) == "at risk"
    assert weakest(["achieved", "no data"]) == "no data"
    assert weakest(["off track", "overdue", "achieved"]) == "overdue"
    assert weakest([]) is None


# ------------------------------------------------------------------------------ through the store


@pytest.fixture
def clock() -> MinuteClock:
    return MinuteClock()


def _session(store: SessionStore, series: str | None = "Growth") -> str:
    session_id = create_session(store, "Q1 review", facilitator="Maya", series=series).info.id
    store.append(session_id, "Maya", lambda r: c.add_objective(r, "New teams keep using the product"))
    store.append(
        session_id,
        "Maya",
        lambda r: c.add_kpi(r, "Retention", baseline=20, target=40, unit="%", objective="o1", by="2027-12-31"),
    )
    store.append(session_id, "Maya", lambda r: c.add_kpi(r, "Tickets", baseline=100, target=60, objective="o1"))
    return session_id


def test_since_defaults_to_the_day_the_kpi_was_added_and_status_follows_the_review_day(
    store: SessionStore, clock: MinuteClock
) -> None:
    session_id = _session(store)
    review = store.load(session_id).review
    kpi = review.kpis["k1"]
    assert (kpi.since, kpi.by) == (date(2027, 1, 4), DEC31)
    assert review.kpi_status(kpi) == "no data" and review.objective_status("o1") == "no data"
    clock.now = datetime(2027, 7, 2, 9, 0, tzinfo=UTC)  # half the year gone
    store.append(session_id, "Maya", lambda r: c.record_reading(r, "k1", 25))  # a quarter of the way
    store.append(session_id, "Maya", lambda r: c.record_reading(r, "k2", 70))  # 75%: on track, no date
    review = store.load(session_id).review
    assert review.kpi_status(review.kpis["k1"]) == "at risk"
    assert review.kpi_status(review.kpis["k2"]) == "on track"
    assert review.objective_status("o1") == "at risk"


def test_a_reading_taken_before_since_counts_as_the_current_value(store: SessionStore, clock: MinuteClock) -> None:
    session_id = _session(store)
    store.append(session_id, "Maya", lambda r: c.update_kpi(r, "k1", since="2027-03-01"))
    store.append(session_id, "Maya", lambda r: c.record_reading(r, "k1", 22))
    review = store.load(session_id).review
    kpi = review.kpis["k1"]
    assert kpi.since == date(2027, 3, 1) and kpi.expected_progress(review.day) == 0.0
    assert review.kpi_status(kpi) == "on track"  # 10% of the way, nothing due yet


def test_the_dates_survive_a_rename_and_three_carries(store: SessionStore, clock: MinuteClock) -> None:
    session_id = _session(store)
    store.append(session_id, "Maya", lambda r: c.update_kpi(r, "k1", name="30-day retention"))
    for number in range(2, 5):
        clock.now += timedelta(days=91)
        session_id = create_session(store, f"Review {number}", facilitator="Maya", series="Growth").info.id
        kpi = store.load(session_id).review.kpis["k1"]
        assert (kpi.name, kpi.since, kpi.by) == ("30-day retention", date(2027, 1, 4), DEC31), number
    clock.now = datetime(2028, 2, 1, 9, 0, tzinfo=UTC)
    store.append(session_id, "Maya", lambda r: c.record_reading(r, "k1", 39))
    review = store.load(session_id).review
    assert review.kpi_status(review.kpis["k1"]) == "overdue"


def test_dates_that_make_no_sense_are_refused(store: SessionStore) -> None:
    session_id = _session(store)
    before = store.load(session_id).last_seq
    refusals = {
        "since": lambda r: c.add_kpi(r, "A", baseline=1, target=2, by="2027-02-01", since="2027-03-01"),
        "by": lambda r: c.add_kpi(r, "B", baseline=1, target=2, by="2026-12-01"),  # passed, no since
    }
    for field, change in refusals.items():
        with pytest.raises(InvalidInput) as refused:
            store.append(session_id, "Maya", change)
        assert refused.value.field == field
    with pytest.raises(InvalidInput, match="line to hold"):
        store.append(
            session_id,
            "Maya",
            lambda r: c.add_kpi(r, "C", baseline=1, target=2, direction="maintain_above", by="2027-06-01"),
        )
    with pytest.raises(InvalidInput, match="is not a date"):
        store.append(session_id, "Maya", lambda r: c.update_kpi(r, "k1", by="31/12"))
    with pytest.raises(InvalidInput, match="after the day"):
        store.append(session_id, "Maya", lambda r: c.update_kpi(r, "k1", since="2028-01-01"))
    assert store.load(session_id).last_seq == before, "nothing refused was written"
    review = store.load(session_id).review
    assert sorted(k.name for k in review.kpis.values()) == ["Retention", "Tickets"]


def test_taking_the_date_off_brings_back_the_rule_without_one(store: SessionStore) -> None:
    session_id = _session(store)
    store.append(session_id, "Maya", lambda r: c.update_kpi(r, "k1", by=None))
    kpi = store.load(session_id).review.kpis["k1"]
    assert kpi.by is None and not kpi.paced


def test_a_kpi_without_a_date_is_written_as_before(store: SessionStore, sessions_dir: Path) -> None:
    session_id = _session(store)
    events = json.loads((sessions_dir / f"{session_id}.json").read_text())["events"]
    added = [e["data"] for e in events.values() if e["type"] == "kpi.added"]
    assert added[0]["by"] == "2027-12-31" and "since" not in added[0]
    assert "by" not in added[1] and "since" not in added[1], "files without dates stay as they were"


# ------------------------------------------------------------------------------ CLI and exports


def test_cli_kpi_add_by_since_and_the_json_and_minutes(sessions_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    base = ["--sessions", str(sessions_dir), "--as", "Maya"]
    assert main([*base, "new", "Pace", "--no-open"]) == 0
    session_id = capsys.readouterr().out.strip().splitlines()[-1]
    assert main([*base, "objective", "add", session_id, "Teams keep using it"]) == 0
    today = date.today()
    since, by = today - timedelta(days=50), today + timedelta(days=50)
    args = ["--baseline", "20", "--target", "40", "--objective", "o1", "--by", str(by), "--since", str(since)]
    assert main([*base, "kpi", "add", session_id, "Retention", *args]) == 0
    assert main([*base, "kpi", "set", session_id, "k1", "22"]) == 0  # 10% of the way, 50% due
    capsys.readouterr()
    assert main([*base, "export", session_id, "--format", "json"]) == 0
    document = json.loads(capsys.readouterr().out)
    kpi = document["kpis"][0]
    assert (kpi["by"], kpi["since"], kpi["status"]) == (str(by), str(since), "off track")
    assert kpi["expected_progress"] == pytest.approx(0.5)
    assert document["objectives"][0]["status"] == "off track"
    assert main([*base, "export", session_id, "--format", "md"]) == 0
    minutes = capsys.readouterr().out
    assert "### 1. Teams keep using it — off track" in minutes
    assert f"off track (50% due by now, all by {by})" in minutes
    assert main([*base, "kpi", "edit", session_id, "k1", "--by", ""]) == 0
    assert main([*base, "export", session_id, "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["kpis"][0]["by"] is None
    assert main([*base, "kpi", "edit", session_id, "k1", "--since", ""]) == 1
    assert "give the day the way to the target starts" in capsys.readouterr().err


def test_a_date_passed_is_checked_against_the_day_the_kpi_is_added(sessions_dir: Path) -> None:
    """The session's last change was long ago: `today` (the CLI's clock) decides, and a date after
    it is fine however old the session is."""
    old = SessionStore(sessions_dir, clock=lambda: datetime(2026, 1, 10, 9, 0, tzinfo=UTC))
    session_id = create_session(old, "Old review", facilitator="Maya").info.id
    with pytest.raises(InvalidInput, match="2026-06-01 has passed"):
        old.append(
            session_id,
            "Maya",
            lambda r: c.add_kpi(r, "Late", baseline=0, target=10, by="2026-06-01", today=date(2026, 11, 30)),
        )
    old.append(
        session_id,
        "Maya",
        lambda r: c.add_kpi(
            r, "Fine", baseline=0, target=10, by="2026-06-01", since="2026-01-01", today=date(2026, 11, 30)
        ),
    )

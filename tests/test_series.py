"""Series: carry-over, accountability, did it move, KPI history across sessions, decisions that come back."""

from __future__ import annotations

import itertools
import json
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from reviewtui.application.open_session import OpenSession
from reviewtui.application.series import series_logs
from reviewtui.application.sessions import create_session
from reviewtui.cli import main
from reviewtui.domain import changes as c
from reviewtui.domain.conditions import parse_condition
from reviewtui.domain.errors import InvalidInput
from reviewtui.domain.series import Threads, did_it_move, raised_decisions
from reviewtui.domain.summary import series_rows
from reviewtui.store import SessionStore

SERIES = "Growth review"


class Quarterly:
    """A clock that moves one quarter-ish (91 days) per session, and one minute per change."""

    def __init__(self) -> None:
        self.now = datetime(2024, 1, 10, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        self.now += timedelta(minutes=1)
        return self.now

    def next_quarter(self) -> None:
        self.now += timedelta(days=91)


@pytest.fixture
def clock() -> Quarterly:
    return Quarterly()


@pytest.fixture
def store(sessions_dir: Path, clock: Quarterly) -> SessionStore:
    return SessionStore(sessions_dir, clock=clock)


def first_session(store: SessionStore) -> str:
    session_id = create_session(
        store, "Review 1", facilitator="Maya", series=SERIES, participants=["Tom", "Ana"]
    ).info.id
    store.append(session_id, "Maya", lambda r: c.add_objective(r, "Increase 30-day retention"))
    store.append(session_id, "Maya", lambda r: c.add_objective(r, "Grow expansion revenue"))
    store.append(
        session_id, "Maya", lambda r: c.add_kpi(r, "Activation rate", baseline=20, target=40, unit="%", objective="o1")
    )
    store.append(
        session_id,
        "Maya",
        lambda r: c.add_kpi(r, "Net revenue retention", baseline=96, target=104, unit="%", objective="o2"),
    )
    store.append(session_id, "Maya", lambda r: c.record_reading(r, "k1", 22))
    store.append(session_id, "Maya", lambda r: c.add_action(r, "Interview churned users", owner="Tom", kpi="k1"))
    store.append(session_id, "Maya", lambda r: c.add_action(r, "Write the seat playbook", owner="Ana", kpi="k2"))
    store.append(session_id, "Maya", lambda r: c.add_action(r, "Fix the invite email", owner="Tom", kpi="k1"))
    store.append(session_id, "Maya", lambda r: c.set_action_status(r, "a3", "done"))
    return session_id


def next_session(store: SessionStore, clock: Quarterly, number: int) -> str:
    clock.next_quarter()
    return create_session(store, f"Review {number}", facilitator="Maya", series=SERIES).info.id


# ------------------------------------------------------------------------------ carry-over


def test_a_new_session_in_a_series_carries_over_and_says_so(store: SessionStore, clock: Quarterly) -> None:
    first = first_session(store)
    taken = store.load(first).review.kpis["k1"].readings[0].at
    second = next_session(store, clock, 2)
    log = store.load(second)
    review = log.review
    carried = [e for e in log.events if e.type == "series.carried"]
    assert len(carried) == 1 and carried[0].data.from_session == first
    assert review.carried_from == first
    assert [(o.id, o.statement, o.carried_from) for o in review.objectives.values()] == [
        ("o1", "Increase 30-day retention", first),
        ("o2", "Grow expansion revenue", first),
    ]
    kpi = review.kpis["k1"]
    assert (kpi.name, kpi.baseline, kpi.target, kpi.unit, kpi.objective_id, kpi.carried_from) == (
        "Activation rate",
        20,
        40,
        "%",
        "o1",
        first,
    )
    assert [(r.value, r.at, r.carried_from) for r in kpi.readings] == [(22, taken, first)]
    assert review.kpis["k2"].readings == []
    # Open actions only, each keeping where it was first agreed.
    assert [(a.id, a.origin_session, a.carried_from, a.status) for a in review.actions.values()] == [
        ("a1", first, first, "open"),
        ("a2", first, first, "open"),
    ]
    # New items continue the numbering: no id of the series is ever reused.
    store.append(second, "Maya", lambda r: c.add_action(r, "Call Acme"))
    assert list(store.load(second).review.actions) == ["a1", "a2", "a4"]


def test_carry_over_can_be_declined(store: SessionStore, clock: Quarterly) -> None:
    first_session(store)
    clock.next_quarter()
    review = create_session(store, "Fresh start", facilitator="Maya", series=SERIES, carry=False).review
    assert review.carried_from is None and review.objectives == {} and review.actions == {}


def test_an_action_carried_three_times_keeps_its_origin(store: SessionStore, clock: Quarterly) -> None:
    first = first_session(store)
    previous = first
    for number in range(2, 5):
        session_id = next_session(store, clock, number)
        action = store.load(session_id).review.actions["a2"]
        assert (action.origin_session, action.carried_from) == (first, previous)
        store.append(session_id, "Maya", lambda r: c.review_action(r, "a2", "not done"))
        if number == 2:
            store.append(session_id, "Maya", lambda r: c.review_action(r, "a1", "done"))
        previous = session_id
    last = store.load(previous).review
    assert last.actions["a2"].review.verdict == "not done" and last.actions["a2"].status == "open"
    assert list(last.actions) == ["a2"]
    fifth = store.load(next_session(store, clock, 5)).review
    assert list(fifth.actions) == ["a2"], "done actions stay behind; the not-done one comes again"


def test_accountability_verdicts(store: SessionStore, clock: Quarterly) -> None:
    first_session(store)
    second = next_session(store, clock, 2)
    store.append(second, "Maya", lambda r: c.review_action(r, "a1", "done", note="8 interviews"))
    store.append(second, "Maya", lambda r: c.review_action(r, "a2", "dropped"))
    review = store.load(second).review
    assert (review.actions["a1"].status, review.actions["a1"].review.note, review.actions["a1"].review.owner) == (
        "done",
        "8 interviews",
        "Tom",
    )
    assert review.actions["a2"].status == "dropped" and review.actions["a2"].closed_at is not None
    store.append(second, "Maya", lambda r: c.add_action(r, "New here"))
    with pytest.raises(InvalidInput, match="was not carried over"):
        store.append(second, "Maya", lambda r: c.review_action(r, "a4", "done"))


# ------------------------------------------------------------------------------ history


def build_series(store: SessionStore, clock: Quarterly, sessions: int, rename_at: int | None = None) -> list[str]:
    ids = [first_session(store)]
    for number in range(2, sessions + 1):
        session_id = next_session(store, clock, number)
        if rename_at == number:
            store.append(session_id, "Maya", lambda r: c.update_kpi(r, "k1", name="Week-one activation"))
        store.append(session_id, "Maya", lambda r, n=number: c.record_reading(r, "k1", 20 + n))
        ids.append(session_id)
    return ids


def test_a_twelve_session_series_has_every_reading_once(store: SessionStore, clock: Quarterly) -> None:
    ids = build_series(store, clock, 12)
    logs = series_logs(store, ids[-1])
    assert [log.info.id for log in logs] == ids
    threads = Threads([log.review for log in logs])
    history = threads.history(logs[-1].review, "k1")
    assert [(p.session_id, p.value) for p in history] == [(ids[0], 22)] + [(ids[n - 1], 20 + n) for n in range(2, 13)]
    assert all(a.at < b.at for a, b in itertools.pairwise(history))


def test_json_export_history_runs_across_the_series(store: SessionStore, clock: Quarterly, capsys) -> None:
    ids = build_series(store, clock, 4)
    assert main(["export", ids[-1], "--format", "json", "--sessions", str(store.root)]) == 0
    document = json.loads(capsys.readouterr().out)
    kpi = next(k for k in document["kpis"] if k["id"] == "k1")
    assert [(h["session_id"], h["value"]) for h in kpi["history"]] == [
        (ids[0], 22),
        (ids[1], 22),
        (ids[2], 23),
        (ids[3], 24),
    ]
    assert set(kpi["history"][0]) == {"session_id", "at", "value"}
    # --at: the history as it stood then.
    assert main(["export", ids[-1], "--format", "json", "--at", "3", "--sessions", str(store.root)]) == 0
    assert json.loads(capsys.readouterr().out)["kpis"] == []


def test_a_kpi_renamed_mid_series_keeps_its_history(store: SessionStore, clock: Quarterly) -> None:
    ids = build_series(store, clock, 8, rename_at=5)
    logs = series_logs(store, ids[-1])
    last = logs[-1].review
    assert last.kpis["k1"].name == "Week-one activation"
    history = Threads([log.review for log in logs]).history(last, "k1")
    assert len(history) == 8 and history[0].session_id == ids[0]


def test_a_kpi_added_again_by_name_joins_its_thread(store: SessionStore, clock: Quarterly) -> None:
    first = first_session(store)
    clock.next_quarter()
    fresh = create_session(store, "Fresh start", facilitator="Maya", series=SERIES, carry=False).info.id
    store.append(fresh, "Maya", lambda r: c.add_kpi(r, "activation rate", baseline=20, target=40))
    store.append(fresh, "Maya", lambda r: c.record_reading(r, "k1", 30))
    logs = series_logs(store, fresh)
    history = Threads([log.review for log in logs]).history(logs[-1].review, "k1")
    assert [(p.session_id, p.value) for p in history] == [(first, 22), (fresh, 30)]


def test_a_deleted_session_in_the_middle_of_a_series(store: SessionStore, clock: Quarterly) -> None:
    ids = build_series(store, clock, 6)
    store.path(ids[3]).unlink()  # review 4 is gone (by hand, or by a git revert)
    logs = series_logs(store, ids[-1])
    assert [log.info.id for log in logs] == ids[:3] + ids[4:]
    history = Threads([log.review for log in logs]).history(logs[-1].review, "k1")
    # Review 4's reading survives in review 5, where it was carried: still attributed to review 4.
    assert [(p.session_id, p.value) for p in history] == [
        (ids[0], 22),
        (ids[1], 22),
        (ids[2], 23),
        (ids[3], 24),
        (ids[4], 25),
        (ids[5], 26),
    ]
    seventh = next_session(store, clock, 7)
    assert store.load(seventh).review.carried_from == ids[5]


# ------------------------------------------------------------------------------ did it move


def test_done_actions_show_how_their_kpi_moved(store: SessionStore, clock: Quarterly) -> None:
    first = first_session(store)  # a3 "Fix the invite email" done at a reading of 22
    second = next_session(store, clock, 2)
    store.append(second, "Maya", lambda r: c.review_action(r, "a1", "done"))
    store.append(second, "Maya", lambda r: c.record_reading(r, "k1", 27.5))
    threads = Threads([log.review for log in series_logs(store, second)])
    moves = {m.action.id: m for m in did_it_move(threads)}
    assert (moves["a3"].session_id, moves["a3"].before, moves["a3"].now, moves["a3"].change) == (first, 22, 27.5, 5.5)
    assert moves["a3"].readings_since and moves["a3"].better
    assert (moves["a1"].before, moves["a1"].now) == (22, 27.5)
    assert "a2" not in moves  # not done


def test_a_done_action_with_no_reading_since_says_so(store: SessionStore, clock: Quarterly) -> None:
    first_session(store)
    second = next_session(store, clock, 2)
    store.append(second, "Maya", lambda r: c.review_action(r, "a1", "done"))
    move = next(
        m for m in did_it_move(Threads([log.review for log in series_logs(store, second)])) if m.action.id == "a1"
    )
    assert move.before == 22 and not move.readings_since


# ------------------------------------------------------------------------------ decisions that come back


@pytest.mark.parametrize(
    ("text", "kpi", "op", "value"),
    [
        ("Activation rate < 30", "Activation rate", "<", 30),
        ("Net revenue retention >= 100%", "Net revenue retention", ">=", 100),
        ("  churn  ≥ 6.5 ", "churn", "≥", 6.5),
        ("Activation rate = 25", "Activation rate", "=", 25),
    ],
)
def test_conditions_parse(text: str, kpi: str, op: str, value: float) -> None:
    condition = parse_condition(text)
    assert (condition.kpi_name, condition.op, condition.value) == (kpi, op, value)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("when churn is high", "is not a condition: write '<KPI name> <op> <number>'"),
        ("Activation rate < thirty", "is not a condition"),
        ("< 30", "is not a condition"),
        (
            "Happiness > 3",
            "no KPI called 'Happiness' to check it against (KPIs: 'Activation rate', 'Net revenue retention')",
        ),
        ("Activation rate < 10,000", "'10,000' is not a plain number"),
        ("Activation rate < 6,5", "is not a plain number"),
        ("Activation rate < 50k", "'k' after the number is not Activation rate's unit (its unit is '%')"),
        ("Net revenue retention < 1.2M", "'M' after the number is not Net revenue retention's unit"),
    ],
)
def test_a_condition_that_cannot_be_checked_is_refused_when_entered(
    store: SessionStore, text: str, reason: str
) -> None:
    session_id = first_session(store)
    with pytest.raises(InvalidInput, match="revisit_if: .*" + re.escape(reason)):
        store.append(session_id, "Maya", lambda r: c.record_decision(r, "Pause upsell", revisit_if=text))
    store.append(session_id, "Maya", lambda r: c.record_decision(r, "Pause upsell", revisit_if="Activation rate < 30"))
    with pytest.raises(InvalidInput, match="is not a condition"):
        store.append(session_id, "Maya", lambda r: c.update_decision(r, "d1", revisit_if="soon"))


def test_a_reading_that_meets_a_condition_flags_the_decision_for_the_next_check_in(
    store: SessionStore, clock: Quarterly, capsys
) -> None:
    first = first_session(store)
    store.append(
        first, "Maya", lambda r: c.record_decision(r, "Keep onboarding as it is", revisit_if="Activation rate < 21")
    )
    second = next_session(store, clock, 2)
    root = str(store.root)
    assert main(["kpi", "set", second, "activation rate", "25", "--sessions", root]) == 0
    assert capsys.readouterr().err == ""  # 25 < 21 does not hold: nothing said
    assert main(["kpi", "set", second, "k1", "19", "--sessions", root]) == 0
    err = capsys.readouterr().err
    assert err.startswith(
        "reviewtui: note: decision 'Keep onboarding as it is' asked to be revisited if Activation rate < 21"
    )
    assert main(["kpi", "set", second, "k1", "18", "--sessions", root]) == 0
    assert capsys.readouterr().err == "", "flagged once per session"
    flags = store.load(second).review.flags
    assert [(f.decision_id, f.session_id, f.value) for f in flags] == [("d1", first, 19)]
    third = next_session(store, clock, 3)
    raised = raised_decisions(Threads([log.review for log in series_logs(store, third)]))
    assert [(r.decision.text, r.session_id, r.value) for r in raised] == [("Keep onboarding as it is", first, 18)]


# ------------------------------------------------------------------------------ home rows


def test_home_rows_one_per_series(store: SessionStore, clock: Quarterly) -> None:
    build_series(store, clock, 3)
    clock.next_quarter()
    create_session(store, "A one-off retro", facilitator="Sam")
    rows = series_rows(store.list().sessions)
    assert [(row.name, len(row.sessions)) for row in rows] == [("A one-off retro", 1), (SERIES, 3)]
    assert rows[1].latest.title == "Review 3" and rows[1].key == "growth review"


# ------------------------------------------------------------------------------ found in review


def test_a_condition_follows_its_kpi_through_a_rename(store: SessionStore, clock: Quarterly) -> None:
    first = first_session(store)
    store.append(first, "Maya", lambda r: c.record_decision(r, "Keep onboarding", revisit_if="Activation rate < 30"))
    store.append(first, "Maya", lambda r: c.update_kpi(r, "k1", name="Week-one activation"))
    assert [d.decision.text for d in raised_decisions(Threads([store.load(first).review]))] == ["Keep onboarding"]
    second = next_session(store, clock, 2)
    # The reading and the flag it raises are one write, through the path the CLI and the app share.
    events = OpenSession(store, second, "Maya").apply(lambda r: c.record_reading(r, "k1", 10))
    assert [e.type for e in events] == ["kpi.measured", "decision.flagged"]
    assert [e.data.decision_id for e in events[1:]] == ["d1"]


def test_flags_are_raised_at_the_next_check_in_only(store: SessionStore, clock: Quarterly) -> None:
    first = first_session(store)
    store.append(first, "Maya", lambda r: c.record_decision(r, "Keep onboarding", revisit_if="Activation rate < 21"))
    second = next_session(store, clock, 2)
    assert len(OpenSession(store, second, "Maya").apply(lambda r: c.record_reading(r, "k1", 19))) == 2
    third = next_session(store, clock, 3)
    store.append(third, "Maya", lambda r: c.record_reading(r, "k1", 35))
    fourth = next_session(store, clock, 4)
    series = [log.review for log in series_logs(store, fourth)]
    assert raised_decisions(Threads(series)) == []  # 35 < 21 no longer holds
    assert [f for review in series[-2:] for f in review.flags] == []  # and R2's flag is two sessions back


def test_a_kpi_removed_then_added_again_sessions_later_keeps_its_history(store: SessionStore, clock: Quarterly) -> None:
    first = first_session(store)
    second = next_session(store, clock, 2)
    store.append(second, "Maya", lambda r: c.remove_kpi(r, "k1"))
    third = next_session(store, clock, 3)
    store.append(third, "Maya", lambda r: c.add_kpi(r, "Activation rate", baseline=20, target=40))
    store.append(third, "Maya", lambda r: c.record_reading(r, "activation rate", 30))
    logs = series_logs(store, third)
    kpi = next(k for k in logs[-1].review.kpis.values() if k.name == "Activation rate")
    assert [
        (p.session_id, p.value) for p in Threads([log.review for log in logs]).history(logs[-1].review, kpi.id)
    ] == [(first, 22), (third, 30)]


def test_ids_reused_by_a_fresh_session_do_not_merge_kpis(store: SessionStore, clock: Quarterly) -> None:
    first = first_session(store)  # k1 "Activation rate" read 22
    clock.next_quarter()
    fresh = create_session(store, "Fresh", facilitator="Maya", series=SERIES, carry=False).info.id
    store.append(fresh, "Maya", lambda r: c.add_kpi(r, "NPS", baseline=10, target=40))  # k1 again
    store.append(fresh, "Maya", lambda r: c.record_reading(r, "NPS", 12))
    third = next_session(store, clock, 3)
    store.append(third, "Maya", lambda r: c.record_reading(r, "NPS", 14))
    store.path(fresh).unlink()
    logs = series_logs(store, third)
    assert [log.info.id for log in logs] == [first, third]
    history = Threads([log.review for log in logs]).history(logs[-1].review, "k1")
    assert [(p.session_id, p.value) for p in history] == [(fresh, 12), (third, 14)], "R1's Activation rate is not NPS"


def test_readings_at_the_same_moment_are_all_kept(sessions_dir: Path) -> None:
    frozen = datetime(2026, 1, 1, tzinfo=UTC)
    store = SessionStore(sessions_dir, clock=lambda: frozen)
    session_id = create_session(store, "R", facilitator="Maya", series=SERIES).info.id
    store.append(session_id, "Maya", lambda r: c.add_kpi(r, "Activation rate", baseline=10, target=40))
    for value in (20, 25, 20):
        store.append(session_id, "Maya", lambda r, v=value: c.record_reading(r, "k1", v))
    review = store.load(session_id).review
    assert [p.value for p in Threads([review]).history(review, "k1")] == [20, 25, 20]
    assert review.kpis["k1"].current == 20


def test_a_later_status_change_supersedes_the_check_in_verdict(store: SessionStore, clock: Quarterly) -> None:
    first_session(store)
    second = next_session(store, clock, 2)
    store.append(second, "Maya", lambda r: c.review_action(r, "a1", "done"))
    store.append(second, "Maya", lambda r: c.set_action_status(r, "a1", "open"))
    action = store.load(second).review.actions["a1"]
    assert action.status == "open" and action.review is None


def test_unreviewed_carried_actions_are_a_finding(store: SessionStore, clock: Quarterly) -> None:
    from reviewtui.domain.checks import check_review

    first_session(store)
    second = next_session(store, clock, 2)
    store.append(second, "Maya", lambda r: c.review_action(r, "a1", "done"))
    found = [
        (f.check, f.item_id) for f in check_review(store.load(second).review) if f.check == "carried-action-unreviewed"
    ]
    assert found == [("carried-action-unreviewed", "a2")]


def test_a_series_name_matches_whatever_its_spacing_and_case(store: SessionStore, clock: Quarterly) -> None:
    first = first_session(store)
    clock.next_quarter()
    second = create_session(store, "Review 2", facilitator="Maya", series="  growth   REVIEW ").info.id
    assert store.load(second).review.carried_from == first
    assert len(series_rows(store.list().sessions)) == 1


def test_carried_actions_lose_links_to_what_was_removed(store: SessionStore, clock: Quarterly) -> None:
    first = first_session(store)
    store.append(first, "Maya", lambda r: c.remove_kpi(r, "k1"))
    store.append(first, "Maya", lambda r: c.remove_objective(r, "o1"))
    second = store.load(next_session(store, clock, 2)).review
    assert (second.actions["a1"].kpi_id, second.actions["a1"].objective_id) == (None, None)
    assert second.actions["a2"].kpi_id == "k2"


def test_the_apps_flags_do_not_wait_for_the_series_look_up(store: SessionStore, clock: Quarterly) -> None:
    from reviewtui.application.open_session import OpenSession

    first = first_session(store)
    store.append(first, "Maya", lambda r: c.record_decision(r, "Keep onboarding", revisit_if="Activation rate < 21"))
    second = next_session(store, clock, 2)
    session = OpenSession(store, second, "Maya")
    assert session.earlier is None  # the background look-up has not run
    events = session.apply(lambda r: c.record_reading(r, "k1", 19))
    assert [e.data.decision_id for e in events if e.type == "decision.flagged"] == ["d1"]

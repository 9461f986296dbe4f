"""Actions that state what they expect of their KPI: parsing, the verdict, how an expectation is
recorded, edited and carried, what the minutes and JSON say, each person's record, and the app."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from textual.widgets import Static
from ui_support import ManualClock, app_for, in_field, key, settle, tab_to, type_in

from reviewtui.application.sessions import create_session
from reviewtui.cli import main
from reviewtui.domain import changes as c
from reviewtui.domain.errors import InvalidInput
from reviewtui.domain.expectations import Expect, parse_expect, verdict
from reviewtui.domain.series import Threads, did_it_move, expectations_by_owner
from reviewtui.store import SessionStore
from reviewtui.ui.screens.series import SeriesScreen
from tests.helpers.clocks import MinuteClock

# ------------------------------------------------------------------------------ parsing and the verdict


@pytest.mark.parametrize(
    ("text", "unit", "expect"),
    [
        ("+5", "%", Expect("+", 5)),
        (" -3 ", "", Expect("-", 3)),
        (">= 40", "%", Expect(">=", 40)),
        ("<=12", "days", Expect("<=", 12)),
        ("≥ 40", "", Expect(">=", 40)),
        ("−2.5", "", Expect("-", 2.5)),
        ("+5%", "%", Expect("+", 5)),
        ("+5 pts", "%", Expect("+", 5)),
        ("<= 12 Days", "days", Expect("<=", 12)),
    ],
)
def test_expectations_parse(text: str, unit: str, expect: Expect) -> None:
    assert parse_expect(text, unit) == expect


@pytest.mark.parametrize(
    ("text", "unit", "said"),
    [
        ("5", "", "is not an expectation"),
        ("+5 users", "%", "not the KPI's unit"),
        ("+5%", "", "it has no unit"),
        ("+0", "", "a change of 0"),
        ("+1e400", "", "not the KPI's unit"),  # a number is written in full
        (">= 99999999999999999999", "", "the number"),
        ("+5\x1b[31m", "", "not the KPI's unit"),
        ("> 5", "", "is not an expectation"),
    ],
)
def test_what_is_not_an_expectation_is_said(text: str, unit: str, said: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        parse_expect(text, unit)
    assert refused.value.field == "expect" and said in refused.value.problem


DUE = date(2027, 3, 31)


@pytest.mark.parametrize(
    ("expect", "value", "by", "day", "result"),
    [
        (Expect("+", 5), 36, DUE, date(2027, 2, 1), "held"),  # 30 + 5 = 35 reached
        (Expect("+", 5), 34, DUE, date(2027, 2, 1), "not yet"),
        (Expect("+", 5), 34, DUE, DUE, "not yet"),  # the last day still counts
        (Expect("+", 5), 34, DUE, date(2027, 4, 1), "not held"),
        (Expect("+", 5), 34, None, date(2027, 2, 1), "not held"),  # no date: judged now
        (Expect("-", 3), 27, None, date(2027, 2, 1), "held"),
        (Expect("-", 3), 28, None, date(2027, 2, 1), "not held"),
        (Expect(">=", 40), 40, None, date(2027, 2, 1), "held"),
        (Expect("<=", 12), 12.5, DUE, date(2027, 2, 1), "not yet"),
        (Expect("+", 5), None, DUE, date(2027, 4, 1), "no reading"),
    ],
)
def test_the_verdict(expect: Expect, value: float | None, by: date | None, day: date, result: str) -> None:
    assert verdict(expect, 30.0, by, value, day) == result


# ------------------------------------------------------------------------------ through the store


@pytest.fixture
def clock() -> MinuteClock:
    return MinuteClock()


def _session(store: SessionStore, participants: tuple[str, ...] = ("Tom", "Ana")) -> str:
    session_id = create_session(
        store, "Q1 review", facilitator="Maya", series="Growth", participants=list(participants)
    ).info.id
    store.append(session_id, "Maya", lambda r: c.add_kpi(r, "Retention", baseline=20, target=40, unit="%"))
    store.append(session_id, "Maya", lambda r: c.record_reading(r, "k1", 30))
    return session_id


def _judged(store: SessionStore, session_id: str):
    moves = did_it_move(Threads([store.load(session_id).review]))
    return {m.action.id: m.judged for m in moves}


def test_an_expectation_counts_from_the_reading_when_it_is_stated(store: SessionStore) -> None:
    session_id = _session(store)
    store.append(session_id, "Maya", lambda r: c.add_action(r, "Fix onboarding", owner="Tom", kpi="k1", expect="+5"))
    action = store.load(session_id).review.actions["a1"]
    assert (action.expect, action.expect_from, action.expect_by) == ("+5", 30.0, None)
    store.append(session_id, "Maya", lambda r: c.set_action_status(r, "a1", "done"))
    assert _judged(store, session_id)["a1"].verdict == "no reading", "the reading before it does not count"
    store.append(session_id, "Maya", lambda r: c.record_reading(r, "k1", 36))
    judged = _judged(store, session_id)["a1"]
    assert (judged.verdict, judged.value) == ("held", 36.0)


def test_expectations_that_cannot_be_judged_are_refused_and_nothing_is_written(store: SessionStore) -> None:
    session_id = _session(store)
    store.append(session_id, "Maya", lambda r: c.add_kpi(r, "NPS", baseline=10, target=50))
    before = store.load(session_id).last_seq
    refusals = [
        (lambda r: c.add_action(r, "A", expect="+5"), "link the action to the KPI"),
        (lambda r: c.add_action(r, "A", kpi="NPS", expect="+5"), "NPS has no reading yet"),
        (lambda r: c.add_action(r, "A", kpi="k1", expect_by="2027-02-01"), "a date is for an expectation"),
        (lambda r: c.add_action(r, "A", kpi="k1", expect="+5", expect_by="01/02"), "is not a date"),
    ]
    for change, said in refusals:
        with pytest.raises(InvalidInput, match=said):
            store.append(session_id, "Maya", change)
    store.append(session_id, "Maya", lambda r: c.add_action(r, "Survey", kpi="NPS", expect=">= 30"))  # a level: fine
    assert store.load(session_id).last_seq == before + 1


def test_editing_an_expectation(store: SessionStore) -> None:
    session_id = _session(store)
    store.append(session_id, "Maya", lambda r: c.add_action(r, "Fix onboarding", kpi="k1", expect="+5"))
    store.append(session_id, "Maya", lambda r: c.add_kpi(r, "NPS", baseline=10, target=50))
    with pytest.raises(InvalidInput, match=r"its expectation \(\+5\) is of Retention"):
        store.append(session_id, "Maya", lambda r: c.update_action(r, "a1", kpi="NPS"))
    store.append(session_id, "Maya", lambda r: c.record_reading(r, "k1", 33))
    store.append(session_id, "Maya", lambda r: c.update_action(r, "a1", expect="+4", expect_by="2027-06-30"))
    action = store.load(session_id).review.actions["a1"]
    assert (action.expect, action.expect_from, action.expect_by) == ("+4", 33.0, date(2027, 6, 30))
    store.append(session_id, "Maya", lambda r: c.update_action(r, "a1", expect_by=""))
    assert store.load(session_id).review.actions["a1"].expect_by is None
    store.append(session_id, "Maya", lambda r: c.update_action(r, "a1", expect=""))
    action = store.load(session_id).review.actions["a1"]
    assert (action.expect, action.expect_from, action.expect_by, action.expect_at) == (None, None, None, None)
    store.append(session_id, "Maya", lambda r: c.update_action(r, "a1", kpi="NPS"))  # free to move now


def test_an_expectation_carried_three_times_keeps_its_numbers_and_its_moment(
    store: SessionStore, clock: MinuteClock
) -> None:
    session_id = _session(store)
    store.append(
        session_id,
        "Maya",
        lambda r: c.add_action(r, "Fix onboarding", owner="Tom", kpi="k1", expect="+5", expect_by="2027-12-31"),
    )
    stated_at = store.load(session_id).review.actions["a1"].expect_at
    store.append(session_id, "Maya", lambda r: c.update_kpi(r, "k1", name="30-day retention"))  # renamed on the way
    for number in range(2, 5):
        clock.now += timedelta(days=91)
        session_id = create_session(store, f"Review {number}", facilitator="Maya", series="Growth").info.id
        action = store.load(session_id).review.actions["a1"]
        assert (action.expect, action.expect_from, action.expect_by, action.expect_at) == (
            "+5",
            30.0,
            date(2027, 12, 31),
            stated_at,
        ), number
    store.append(session_id, "Maya", lambda r: c.record_reading(r, "k1", 34))
    store.append(session_id, "Maya", lambda r: c.set_action_status(r, "a1", "done"))
    judged = _judged(store, session_id)["a1"]
    assert (judged.verdict, judged.value) == ("not yet", 34.0)


def test_each_person_has_a_record_of_their_expectations(store: SessionStore) -> None:
    session_id = _session(store)
    for text, owner, expect in (("A", "Tom", "+2"), ("B", "Tom", "+20"), ("C", "Ana", ">= 31"), ("D", "Ana", "+1")):
        store.append(
            session_id, "Maya", lambda r, t=text, o=owner, e=expect: c.add_action(r, t, owner=o, kpi="k1", expect=e)
        )
    for action_id in ("a1", "a2", "a3"):
        store.append(session_id, "Maya", lambda r, a=action_id: c.set_action_status(r, a, "done"))
    store.append(session_id, "Maya", lambda r: c.record_reading(r, "k1", 33))
    record = expectations_by_owner(did_it_move(Threads([store.load(session_id).review])))
    assert {owner: dict(verdicts) for owner, verdicts in record.items()} == {
        "Tom": {"held": 1, "not held": 1},
        "Ana": {"held": 1},
    }, "an open action (D) is not judged"


def test_the_files_of_actions_without_an_expectation_stay_as_they_were(store: SessionStore, sessions_dir: Path) -> None:
    session_id = _session(store)
    store.append(session_id, "Maya", lambda r: c.add_action(r, "Call users", kpi="k1"))
    events = json.loads((sessions_dir / f"{session_id}.json").read_text())["events"]
    added = next(e["data"] for e in events.values() if e["type"] == "action.added")
    assert not {"expect", "expect_from", "expect_by", "expect_at"} & set(added)


# ------------------------------------------------------------------------------ CLI, JSON and minutes


def test_cli_action_add_expect_and_what_the_exports_say(sessions_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    base = ["--sessions", str(sessions_dir), "--as", "Maya"]
    assert main([*base, "new", "Exp", "--series", "Growth", "--no-open"]) == 0
    session_id = capsys.readouterr().out.strip().splitlines()[-1]
    assert (
        main([*base, "kpi", "add", session_id, "Retention", "--baseline", "20", "--target", "40", "--unit", "%"]) == 0
    )
    assert main([*base, "kpi", "set", session_id, "k1", "30"]) == 0
    add = [*base, "action", "add", session_id]
    assert main([*add, "Fix onboarding", "--owner", "Tom", "--kpi", "k1", "--expect", "+5", "--by", "2099-12-31"]) == 0
    assert main([*add, "Call users", "--owner", "Ana", "--kpi", "k1", "--expect", ">= 45%"]) == 0
    assert main([*add, "Tidy", "--kpi", "k1", "--expect", "-3"]) == 0  # a negative number is a value, not an option
    assert main([*add, "Bad", "--kpi", "k1", "--expect", "+5 users"]) == 1
    assert "'users' after the number is not the KPI's unit" in capsys.readouterr().err
    for action_id in ("a1", "a2"):
        assert main([*base, "action", "done", session_id, action_id]) == 0
    assert main([*base, "kpi", "set", session_id, "k1", "36"]) == 0
    capsys.readouterr()
    assert main([*base, "export", session_id, "--format", "json"]) == 0
    actions = {a["id"]: a["expectation"] for a in json.loads(capsys.readouterr().out)["actions"]}
    assert actions["a1"] == {
        "kpi": "k1",
        "expect": "+5",
        "from_value": 30.0,
        "by": "2099-12-31",
        "verdict": "held",
        "value": 36.0,
    }
    assert actions["a2"]["verdict"] == "not held" and actions["a3"]["verdict"] is None  # a3 is open
    assert main([*base, "export", session_id, "--format", "md"]) == 0
    minutes = capsys.readouterr().out
    assert "Expected +5 pts (from 30%) by 2099-12-31: **held** at 36%" in minutes
    assert "Expected >= 45%: **not held** at 36%, 45% needed" in minutes
    assert main([*base, "action", "edit", session_id, "a3", "--expect", ""]) == 0
    assert main([*base, "action", "edit", session_id, "a3", "--by", "2099-01-01"]) == 1
    assert "a date is for an expectation" in capsys.readouterr().err


# ------------------------------------------------------------------------------ in the app


async def test_the_actions_pane_states_an_expectation_and_shows_its_verdict(sessions_dir: Path) -> None:
    clock = ManualClock()
    store = SessionStore(sessions_dir, clock=clock)
    session_id = create_session(store, "Q4 review", facilitator="Maya", participants=["Tom"]).info.id
    store.append(session_id, "Maya", lambda r: c.add_kpi(r, "Retention", baseline=20, target=40, unit="%"))
    store.append(session_id, "Maya", lambda r: c.record_reading(r, "k1", 30))
    store.append(session_id, "Maya", lambda r: c.add_action(r, "Fix onboarding", owner="Tom", kpi="k1"))
    app = app_for(store, clock, session_id)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.screen.show_phase("actions")
        await settle(pilot)
        await tab_to(pilot, in_field("expect"))
        await type_in(pilot, "+5 users")
        error = app.screen.pane.query_one(".f-expect").query_one(".field-error", Static)
        assert error.display and "'users' after the number is not the KPI's unit" in str(error.render())
        await key(pilot, "end", "ctrl+u")
        await type_in(pilot, "+5")
        status = app.screen.pane.query_one(".action-status", Static)
        assert "Expects +5 pts (from 30%) of Retention" in str(status.render())
        clock.advance(60)
        app.screen.pane.item_list.focus()
        await key(pilot, "d")
        clock.advance(60)
        store.append(session_id, "Tom", lambda r: c.record_reading(r, "k1", 36))
        await settle(pilot, 0.5)  # the file watch brings the reading in
        assert "Verdict  held at 36%" in str(status.render())
    action = SessionStore(sessions_dir).load(session_id).review.actions["a1"]
    assert (action.expect, action.expect_from, action.status) == ("+5", 30.0, "done")


async def test_the_series_screen_lists_each_persons_record(demo_dir: Path) -> None:
    app = app_for(SessionStore(demo_dir), ManualClock())
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("down", "enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, SeriesScreen)
        shown = str(screen.query_one(".series-expectations", Static).render())
        assert "Priya Natarajan  1 of 1 held" in shown
        assert "Tom Okafor  1 of 1 held" in shown
        assert "Jonas Weber  0 of 1 held" in shown


# ------------------------------------------------------------------------------ found by review


def test_a_verdict_is_on_the_readings_up_to_its_date(store: SessionStore, clock: MinuteClock) -> None:
    session_id = _session(store)
    store.append(
        session_id, "Maya", lambda r: c.add_action(r, "Fix onboarding", kpi="k1", expect="+5", expect_by="2027-03-31")
    )
    store.append(session_id, "Maya", lambda r: c.set_action_status(r, "a1", "done"))
    clock.now = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)
    store.append(session_id, "Maya", lambda r: c.record_reading(r, "k1", 36))  # held, in time
    clock.now = datetime(2027, 5, 1, 9, 0, tzinfo=UTC)
    store.append(session_id, "Maya", lambda r: c.record_reading(r, "k1", 33))  # a later dip says nothing of it
    judged = _judged(store, session_id)["a1"]
    assert (judged.verdict, judged.value) == ("held", 36.0)


def test_a_level_may_be_below_zero_and_digits_are_plain() -> None:
    assert parse_expect(">= -10") == Expect(">=", -10) and parse_expect("<= −2.5") == Expect("<=", -2.5)
    for text in ("+٥", ">= +4", "+-3"):
        with pytest.raises(InvalidInput, match="is not an expectation"):
            parse_expect(text)


def test_a_file_with_an_expectation_it_cannot_use_still_opens(store: SessionStore, sessions_dir: Path) -> None:
    session_id = _session(store)
    store.append(session_id, "Maya", lambda r: c.add_action(r, "Fix onboarding", kpi="k1", expect="+5"))
    path = sessions_dir / f"{session_id}.json"
    document = json.loads(path.read_text())
    added = next(e for e in document["events"].values() if e["type"] == "action.added")
    added["data"]["expect"] = "[bold]lots\x1b[31m"
    path.write_text(json.dumps(document))
    review = SessionStore(sessions_dir).load(session_id).review
    assert review.actions["a1"].expect is None and review.actions["a1"].text == "Fix onboarding"
    assert any("is not one reviewtui reads; the expectation was left out" in s.reason for s in review.skipped)


def test_the_replay_says_what_the_dates_and_expectations_became(store: SessionStore) -> None:
    from reviewtui.domain.replay import describe

    session_id = _session(store)
    store.append(session_id, "Maya", lambda r: c.update_kpi(r, "k1", by="2027-12-31"))
    store.append(session_id, "Maya", lambda r: c.add_action(r, "Fix onboarding", kpi="k1", expect="+5"))
    store.append(session_id, "Maya", lambda r: c.update_action(r, "a1", expect=">= 40"))
    log = store.load(session_id)
    said = [describe(e, log.review_at(e.seq - 1)) for e in log.events[-3:]]
    assert said == [
        "changed the KPI “Retention”: made it due 2027-12-31",
        "agreed an action: Fix onboarding (expects +5 of its KPI)",
        "changed the action “Fix onboarding”: expects >= 40 of its KPI",
    ]

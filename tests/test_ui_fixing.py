"""In the app, a facilitator never fears a key: every mistake is put right, nothing is saved by
Esc, no shortcut types into a field, and things are named by their words. Checked on disk."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import OptionList
from ui_support import ManualClock, app_for, choose, in_field, key, settle, tab_to, type_in

from reviewtui.application.sessions import create_session
from reviewtui.domain import changes as c
from reviewtui.domain import meeting
from reviewtui.store import SessionStore
from reviewtui.ui.app import ReviewApp
from reviewtui.ui.widgets.phase_timer import PhaseTimer


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
def store(sessions_dir: Path, clock: ManualClock) -> SessionStore:
    return SessionStore(sessions_dir, clock=clock)


@pytest.fixture
def session_id(store: SessionStore) -> str:
    session_id = create_session(store, "Q4 review", facilitator="Maya", participants=["Tom", "Ana"]).info.id
    store.append(session_id, "Maya", lambda r: c.add_objective(r, "Increase retention"))
    store.append(session_id, "Maya", lambda r: c.add_kpi(r, "Activation rate", baseline=30, target=40, objective="o1"))
    store.append(session_id, "Maya", lambda r: c.record_reading(r, "k1", 31, note="February"))
    store.append(session_id, "Maya", lambda r: c.add_action(r, "Call churned users", owner="Tom"))
    return session_id


def reread(store: SessionStore, session_id: str):
    return SessionStore(store.root).load(session_id).review


async def open_at(pilot, phase: str) -> None:
    await settle(pilot)
    pilot.app.screen.show_phase(phase)
    await settle(pilot)


def notices(app) -> list[str]:
    return [str(n.message) for n in app._notifications]


async def test_after_a_reading_the_next_r_records_another_never_types_into_the_name(store, session_id) -> None:
    app = app_for(store, ManualClock(), session_id)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_at(pilot, "kpis")
        pane = app.screen.pane
        await pilot.press("r")
        await settle(pilot)
        await type_in(pilot, "March cohort")  # the note, then the value
        await type_in(pilot, "33")
        assert app.focused is pane.item_list, "after a reading the focus is back on the list"
        await key(pilot, "r")
        await type_in(pilot, "April cohort")
        await type_in(pilot, "35")
    review = reread(store, session_id)
    assert review.kpis["k1"].name == "Activation rate"
    assert [(r.value, r.note) for r in review.kpis["k1"].readings] == [
        (31, "February"),
        (33, "March cohort"),
        (35, "April cohort"),
    ]


async def test_esc_cancels_a_half_typed_new_item_and_a_half_typed_edit(store, session_id) -> None:
    app = app_for(store, ManualClock(), session_id)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_at(pilot, "actions")
        await pilot.press("a")
        await settle(pilot)
        await type_in(pilot, "QWER", enter=False)
        await pilot.press("escape")
        await settle(pilot)
        assert app.focused is app.screen.pane.item_list
        # An existing action's text, edited and then Esc: put back, not saved.
        await pilot.press("home", "enter")
        await settle(pilot)
        await type_in(pilot, " NOW", enter=False)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen.pane.query_one(".f-text Input").value == "Call churned users"
    review = reread(store, session_id)
    assert [a.text for a in review.actions.values()] == ["Call churned users"]


async def test_ctrl_z_takes_back_the_last_change_and_then_the_one_before(store, session_id) -> None:
    app = app_for(store, ManualClock(), session_id)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_at(pilot, "objectives")
        await pilot.press("a")
        await settle(pilot)
        await type_in(pilot, "Grow expansion revenue")
        await pilot.press("escape")
        await settle(pilot)
        assert [o.statement for o in reread(store, session_id).objectives.values()][-1] == "Grow expansion revenue"
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert "Undid: added an objective: Grow expansion revenue." in notices(app)[-1]
        await pilot.press("ctrl+z")  # the one before: the action added before the app opened
        await settle(pilot)
        # Typing, ctrl+z puts the field back and writes nothing.
        await pilot.press("home", "enter")
        await settle(pilot)
        await type_in(pilot, " TYPO", enter=False)
        before = len(SessionStore(store.root).load(session_id).events)
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert app.screen.pane.query_one(".f-statement Input").value == "Increase retention"
        assert len(SessionStore(store.root).load(session_id).events) == before
    review = reread(store, session_id)
    assert list(review.objectives) == ["o1"] and not review.actions
    log = SessionStore(store.root).load(session_id)
    kinds = [e.type for e in log.events if not e.type.startswith("participant.")]  # leaving the app
    assert kinds[-2:] == ["change.reverted", "change.reverted"]


async def test_removing_asks_by_name_and_ctrl_z_brings_it_back(store, session_id) -> None:
    app = app_for(store, ManualClock(), session_id)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_at(pilot, "kpis")
        await pilot.press("delete")
        await settle(pilot)
        question = str(app.screen.query_one(".dialog-title").render())
        assert question == "Remove the KPI “Activation rate” and its 1 reading?"
        assert "k1" not in question
        await pilot.press("y")
        await settle(pilot)
        assert not reread(store, session_id).kpis
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert reread(store, session_id).kpis["k1"].readings[0].value == 31


async def test_a_reading_is_corrected_and_removed_from_its_list(store, session_id) -> None:
    app = app_for(store, ManualClock(), session_id)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_at(pilot, "kpis")
        await pilot.press("c")  # the latest reading
        await settle(pilot)
        assert "Correct the reading of “Activation rate”" in str(app.screen.query_one(".dialog-title").render())
        await pilot.press("ctrl+u")
        await type_in(pilot, "32", enter=False)
        await tab_to(pilot, in_field("taken"))
        await pilot.press("ctrl+u")
        await type_in(pilot, "2026-10-01")
        reading = reread(store, session_id).kpis["k1"].readings[0]
        assert (reading.value, reading.note, f"{reading.at:%Y-%m-%d}") == (32, "February", "2026-10-01")
        # From the readings list: Del removes the highlighted one, after asking.
        await tab_to(pilot, lambda w: w is not None and "reading-list" in w.classes)
        await pilot.press("delete")
        await settle(pilot)
        assert str(app.screen.query_one(".dialog-title").render()) == "Remove the reading 32 of “Activation rate”?"
        await pilot.press("y")
        await settle(pilot)
    review = reread(store, session_id)
    assert "k1" in review.kpis and review.kpis["k1"].readings == []


async def test_check_in_verdicts_stay_on_their_row_and_down_never_wraps(store, session_id) -> None:
    # A carried action to review: start the next session of a series.
    first = create_session(store, "Q3", facilitator="Maya", series="Growth").info.id
    store.append(first, "Maya", lambda r: c.add_action(r, "Ship sample data", owner="Tom"))
    store.append(first, "Maya", lambda r: c.add_action(r, "Write the playbook", owner="Ana"))
    following = create_session(store, "Q4", facilitator="Maya", series="Growth").info.id
    app = app_for(store, ManualClock(), following)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_at(pilot, "check-in")
        carried = app.screen.pane.query_one(".carried-list", OptionList)
        assert app.focused is carried and carried.highlighted == 0
        await key(pilot, "d")
        assert carried.highlighted == 0, "the cursor stays on the row the verdict was given to"
        await key(pilot, "down", "down", "down", "x")
        assert carried.highlighted == 1
        await key(pilot, "up", "up", "up")
        assert carried.highlighted == 0, "Up on the first row stays there"
    verdicts = {a.text: a.review.verdict for a in reread(store, following).actions.values() if a.review}
    assert verdicts == {"Ship sample data": "done", "Write the playbook": "dropped"}


async def test_check_in_marks_attendance_and_takes_someone_off_it(store, session_id) -> None:
    app = app_for(store, ManualClock(), session_id)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_at(pilot, "check-in")
        people = app.screen.pane.query_one(".people-list", OptionList)
        people.focus()
        await settle(pilot)
        await key(pilot, "home", "down", "space")  # Tom: away
        await key(pilot, "down", "delete")  # Ana: off the list, after asking
        assert str(app.screen.query_one(".dialog-title").render()) == "Take Ana off the attendance list?"
        await key(pilot, "y")
    review = reread(store, session_id)
    assert review.participants["Tom"].here is False and "Ana" not in review.participants
    kinds = [e.type for e in SessionStore(store.root).load(session_id).events if not e.type.startswith("participant.")]
    assert kinds[-2:] == ["attendance.marked", "attendance.removed"]


async def test_given_by_and_about_are_asked_afresh_for_each_answer(store, session_id) -> None:
    app = app_for(store, ManualClock(), session_id)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_at(pilot, "impact")
        await choose(pilot, "by", "Tom")
        await choose(pilot, "objective", "1.")
        await tab_to(pilot, in_field("answer"))
        await type_in(pilot, "Fewer setup tickets")
        await tab_to(pilot, in_field("answer"))
        await type_in(pilot, "Sales calls went down")
        # An answer is edited from the answers list: e, then the form.
        await tab_to(pilot, lambda w: w is not None and "answer-list" in w.classes)
        await pilot.press("home")
        await key(pilot, "e")
        await pilot.press("ctrl+u")
        await type_in(pilot, "Setup tickets fell by a third")
    answers = list(reread(store, session_id).answers.values())
    assert [(a.text, a.by, a.objective_id) for a in answers] == [
        ("Setup tickets fell by a third", "Tom", "o1"),
        ("Sales calls went down", "Maya", None),  # not Tom, not the objective: asked afresh
    ]


async def test_the_timebox_field_takes_what_is_typed_and_zero_takes_the_timebox_off(store, session_id, clock) -> None:
    app = app_for(store, clock, session_id)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_at(pilot, "kpis")
        clock.advance(1)  # the timebox on an instant of its own (this clock stands still)
        await pilot.press("ctrl+t")
        await settle(pilot)
        await type_in(pilot, "12")  # over the suggested value, not after it
        assert reread(store, session_id).timers["kpis"].seconds == 12 * 60
        clock.advance(5 * 60)
        await pilot.press("pagedown")  # the room moves on: the KPIs' timebox stops
        await settle(pilot)
        timer = reread(store, session_id).timers["kpis"]
        assert not timer.running and timer.used(clock.now.replace(year=2030)) == pytest.approx(300, abs=1)
        await pilot.press("pageup")
        await settle(pilot)
        assert str(app.screen.query_one(PhaseTimer).render()).startswith("◷ took 5:00 of 12:00")
        await pilot.press("ctrl+t")
        await settle(pilot)
        await type_in(pilot, "0")
    assert "kpis" not in reread(store, session_id).timers


async def test_voting_closes_and_the_phase_lists_its_items_by_dots(store, session_id) -> None:
    store.append(session_id, "Maya", lambda r: c.add_action(r, "Review seat prices", owner="Ana"))
    store.append(session_id, "Maya", lambda r: meeting.open_voting(r, "actions", 3))
    store.append(session_id, "Tom", lambda r: meeting.vote(r, "Tom", "a2"))
    store.append(session_id, "Ana", lambda r: meeting.vote(r, "Ana", "a2"))
    app = app_for(store, ManualClock(), session_id)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_at(pilot, "actions")
        await pilot.press("ctrl+b")
        await settle(pilot)
        await key(pilot, "ctrl+x")  # the facilitator closes the voting
        help_text = str(app.screen.query_one("#votes-left").render())
        assert help_text == "The voting is closed: these are the totals, most dots first."
        await key(pilot, "space")  # no dot moves now
        await key(pilot, "escape")
        listing = app.screen.pane.item_list
        rows = [str(listing.get_option_at_index(i).prompt) for i in range(listing.option_count - 1)]
        assert rows[0].startswith("●  2") and "Review seat prices" in rows[0]
        assert rows[1].startswith("●  0") and "Call churned users" in rows[1]
    review = reread(store, session_id)
    assert review.voting["actions"].closed and len(review.votes) == 2


async def test_proposals_are_marked_in_the_list_and_nothing_shows_an_id(store, session_id) -> None:
    store.append(
        session_id,
        "Tom",
        lambda r: meeting.as_participant(r, [c.add_action(r, "Pair on onboarding")], "participant", "Tom"),
    )
    app = app_for(store, ManualClock(), session_id)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_at(pilot, "actions")
        listing = app.screen.pane.item_list
        rows = [str(listing.get_option_at_index(i).prompt) for i in range(listing.option_count)]
        assert any("Pair on onboarding" in row and row.endswith("proposed") for row in rows)
        for phase in ("check-in", "objectives", "kpis", "impact", "actions", "decisions"):
            await open_at(pilot, phase)
            shown = " ".join(str(w.render()) for w in app.screen.query("Static, Label"))
            assert not any(f" {item}" in shown for item in ("o1", "k1", "a1", "a2")), phase


async def test_an_empty_impact_phase_tells_each_role_what_to_do(store: SessionStore, session_id: str, clock) -> None:
    """The facilitator is told to ask the room; a participant, to type their own answer."""
    store.append(session_id, "Maya", lambda r: c.enter_phase(r, "impact"))
    told = {}
    for actor, role in (("Maya", "facilitator"), ("Tom", "participant")):
        app = ReviewApp(store, actor, session_id=session_id, clock=clock, cursor_blink=False, local=True, role=role)  # type: ignore[arg-type]
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            told[role] = str(app.screen.pane.query_one(".answers-title").render())  # type: ignore[attr-defined]
    assert told["facilitator"] == "No answers yet. Ask the room, then type what they say."
    assert told["participant"].startswith("No answers yet. Type yours above")


@pytest.mark.slow
@pytest.mark.parametrize("leave", ["ctrl+o", "ctrl+q"])
async def test_leaving_while_the_next_phase_is_mounted_ahead_never_crashes(
    store: SessionStore, session_id: str, clock, leave: str
) -> None:
    """The phases beside the one shown are mounted hidden a moment after it is drawn; leaving
    the session (back to the sessions, or quitting) while one is half-mounted must wait for it,
    or Textual raises in its half-built widgets. Pressed at several points of that mount."""
    import asyncio

    for spins in range(0, 20, 4):
        app = app_for(store, clock, session_id)
        async with app.run_test(size=(100, 24)) as pilot:
            await settle(pilot)
            await pilot.press("pagedown")
            screen = app.screen
            screen._mount_neighbours()  # type: ignore[attr-defined]  # what the timer does 0.3 s later
            assert screen._mounting is not None, "a pane is being mounted ahead"  # type: ignore[attr-defined]
            for _ in range(spins):
                await asyncio.sleep(0)  # somewhere inside the mount
            await pilot.press(leave)
            await pilot.pause(0.3)
        assert app.return_code in (None, 0), f"{leave} after {spins} turns: return code {app.return_code}"

"""Bad input in each phase: a message beside the field, focus kept there, nothing written."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Static
from ui_support import ManualClock, app_for, in_field, settle, tab_to, type_in

from reviewtui.application.sessions import create_session
from reviewtui.domain import changes as c
from reviewtui.store import SessionStore
from reviewtui.ui.widgets.field import Field


@pytest.fixture
def store(sessions_dir: Path) -> SessionStore:
    return SessionStore(sessions_dir, clock=ManualClock())


@pytest.fixture
def session_id(store: SessionStore) -> str:
    session_id = create_session(store, "Q4 review", facilitator="Maya", participants=["Tom"]).info.id
    store.append(session_id, "Maya", lambda r: c.add_objective(r, "Increase retention"))
    store.append(session_id, "Maya", lambda r: c.add_kpi(r, "Retention", baseline=30, target=40, objective="o1"))
    store.append(session_id, "Maya", lambda r: c.add_action(r, "Call Acme", owner="Tom"))
    return session_id


def error_of(pilot, name: str) -> str:
    field = next(f for f in pilot.app.screen.query(Field) if f.name == name and f.display)
    error = field.query_one(".field-error", Static)
    return str(error.render()) if error.display else ""


async def open_phase(pilot, phase: str) -> None:
    await settle(pilot)
    pilot.app.screen.show_phase(phase)
    await settle(pilot)


@pytest.fixture
def events(store: SessionStore, session_id: str):
    def count() -> int:
        return SessionStore(store.root).load(session_id).last_seq

    return count


async def test_objectives(store, session_id, events) -> None:
    async with app_for(store, ManualClock(), session_id).run_test(size=(100, 30)) as pilot:
        await open_phase(pilot, "objectives")
        before = events()
        await pilot.press("a")
        await tab_to(pilot, in_field("why"))
        await type_in(pilot, "Because")
        assert error_of(pilot, "why") == "write the outcome first"
        assert in_field("why")(pilot.app.focused), "focus stays on the field in error"
        await tab_to(pilot, in_field("statement"))
        await type_in(pilot, "   ")
        assert error_of(pilot, "statement") == "must not be empty"
        assert events() == before


async def test_kpis(store, session_id, events) -> None:
    async with app_for(store, ManualClock(), session_id).run_test(size=(100, 30)) as pilot:
        await open_phase(pilot, "kpis")
        before = events()
        await pilot.press("enter")
        await tab_to(pilot, in_field("baseline"))
        await pilot.press("ctrl+u")
        await type_in(pilot, "thirty")
        assert error_of(pilot, "baseline") == "'thirty' is not a number"
        await pilot.press("ctrl+u")
        await type_in(pilot, "40")
        assert error_of(pilot, "baseline") == "equals the baseline, so there is no change to measure"
        await pilot.press("escape")
        await pilot.press("r")
        await tab_to(pilot, in_field("reading"))
        await type_in(pilot, "lots")
        assert error_of(pilot, "reading") == "'lots' is not a number"
        await pilot.press("escape", "a")
        await settle(pilot)
        await type_in(pilot, "retention")
        assert error_of(pilot, "name") == "there is already a KPI called 'Retention' (k1)"
        assert events() == before


async def test_impact(store, session_id, events) -> None:
    async with app_for(store, ManualClock(), session_id).run_test(size=(100, 30)) as pilot:
        await open_phase(pilot, "impact")
        before = events()
        await tab_to(pilot, in_field("answer"))
        await type_in(pilot, "  ")
        assert error_of(pilot, "answer") == "must not be empty"
        assert events() == before


async def test_actions(store, session_id, events) -> None:
    async with app_for(store, ManualClock(), session_id).run_test(size=(100, 30)) as pilot:
        await open_phase(pilot, "actions")
        before = events()
        await pilot.press("enter")
        await tab_to(pilot, in_field("due"))
        for bad in ("31/12/2026", "2026-02-30", "next week"):
            await pilot.press("ctrl+u")
            await type_in(pilot, bad)
            assert error_of(pilot, "due") == f"'{bad}' is not a date (use YYYY-MM-DD)"
        assert events() == before
        await pilot.press("ctrl+u")
        await type_in(pilot, "2026-12-31")
        assert error_of(pilot, "due") == ""
        assert SessionStore(store.root).load(session_id).review.actions["a1"].due.isoformat() == "2026-12-31"


async def test_decisions(store, session_id, events) -> None:
    async with app_for(store, ManualClock(), session_id).run_test(size=(100, 30)) as pilot:
        await open_phase(pilot, "decisions")
        before = events()
        await pilot.press("ctrl+d")
        await settle(pilot)
        await tab_to(pilot, in_field("rationale"))
        await type_in(pilot, "Because the data says so")
        assert error_of(pilot, "rationale") == "write the decision first"
        await tab_to(pilot, in_field("text"))
        await type_in(pilot, " ")
        assert error_of(pilot, "text") == "must not be empty"
        assert events() == before


async def test_timebox(store, session_id, events) -> None:
    async with app_for(store, ManualClock(), session_id).run_test(size=(100, 30)) as pilot:
        await open_phase(pilot, "check-in")
        before = events()
        await pilot.press("ctrl+t")
        await settle(pilot)
        for bad, message in (
            ("ten", "'ten' is not a number of minutes"),
            ("-5", "a timebox is from a second (0.02 minutes) to 24 hours (1440 minutes)"),
            ("1441", "a timebox is from a second (0.02 minutes) to 24 hours (1440 minutes)"),
        ):
            await pilot.press("ctrl+u")
            await type_in(pilot, bad)
            assert error_of(pilot, "minutes") == message
        assert events() == before


async def test_check_in(store, session_id, events) -> None:
    async with app_for(store, ManualClock(), session_id).run_test(size=(100, 30)) as pilot:
        await open_phase(pilot, "check-in")
        before = events()
        await tab_to(pilot, in_field("person"))
        await type_in(pilot, "   ")
        assert events() == before
        assert list(SessionStore(store.root).load(session_id).review.participants) == ["Maya", "Tom"]
        # A blank name is dropped quietly, and the field is ready for the next name, which is added.
        person = next(f for f in pilot.app.screen.query(Field) if f.name == "person")
        assert person.value == ""
        await tab_to(pilot, in_field("person"))
        await type_in(pilot, "Ana")
        assert list(SessionStore(store.root).load(session_id).review.participants) == ["Maya", "Tom", "Ana"]


async def test_new_session_dialog(sessions_dir: Path) -> None:
    store = SessionStore(sessions_dir, clock=ManualClock())
    async with app_for(store, ManualClock()).run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert error_of(pilot, "title") == "must not be empty"
        await type_in(pilot, "Acme pilot", enter=False)
        from ui_support import choose

        await choose(pilot, "template", "Partner review")
        await tab_to(pilot, in_field("param-deadline"))
        await type_in(pilot, "soon", enter=False)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert error_of(pilot, "param-deadline") == "'soon' is not a date (use YYYY-MM-DD)"
        assert list(sessions_dir.glob("*.json")) == []


async def test_export_to_a_folder(store, session_id, tmp_path: Path) -> None:
    async with app_for(store, ManualClock(), session_id).run_test(size=(100, 30)) as pilot:
        await open_phase(pilot, "close")
        await pilot.press("ctrl+e")
        await settle(pilot)
        await tab_to(pilot, in_field("path"))
        await pilot.press("ctrl+u")
        await type_in(pilot, str(tmp_path))
        assert error_of(pilot, "path") == f"{tmp_path} is a folder; give a file name"

"""Edges found in review: key bursts, quitting mid-edit, changes by others, odd file names."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Static
from ui_support import ManualClock, app_for, in_field, key, settle, tab_to, type_in

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
    store.append(session_id, "Maya", lambda r: c.add_objective(r, "Reduce churn"))
    for name in ("Retention", "Churn"):
        store.append(session_id, "Maya", lambda r, n=name: c.add_kpi(r, n, baseline=30, target=40, objective="o1"))
    return session_id


def reread(store: SessionStore, session_id: str):
    return SessionStore(store.root).load(session_id).review


async def open_at(pilot, phase: str) -> None:
    await settle(pilot)
    pilot.app.screen.show_phase(phase)
    await settle(pilot)


async def test_a_key_burst_that_moves_the_selection_writes_each_text_on_its_own_item(store, session_id) -> None:
    async with app_for(store, ManualClock(), session_id).run_test(size=(100, 30)) as pilot:
        await open_at(pilot, "objectives")
        await pilot.press("enter")
        await settle(pilot)
        await type_in(pilot, " EDITED", enter=False)
        # Leave the field and move down the list in one burst, as keys arrive over a slow link.
        await key(pilot, "shift+tab", "down")
        await settle(pilot)
    review = reread(store, session_id)
    assert review.objectives["o1"].statement == "Increase retention EDITED"
    assert review.objectives["o2"].statement == "Reduce churn"


async def test_a_reading_in_a_burst_lands_on_one_kpi_only(store, session_id) -> None:
    async with app_for(store, ManualClock(), session_id).run_test(size=(100, 30)) as pilot:
        await open_at(pilot, "kpis")
        await pilot.press("r")
        await settle(pilot)
        await tab_to(pilot, in_field("reading"))
        await type_in(pilot, "36", enter=False)
        await key(pilot, "shift+tab", "shift+tab", "down")
        await settle(pilot)
    review = reread(store, session_id)
    assert [r.value for r in review.kpis["k1"].readings] == [36.0]
    assert review.kpis["k2"].readings == []


async def test_ctrl_q_saves_what_was_typed(store, session_id) -> None:
    async with app_for(store, ManualClock(), session_id).run_test(size=(100, 30)) as pilot:
        await open_at(pilot, "objectives")
        await pilot.press("a")
        await type_in(pilot, "Cut churn in month one by half", enter=False)
        await pilot.press("ctrl+q")
        await settle(pilot)
    statements = [o.statement for o in reread(store, session_id).objectives.values()]
    assert statements == ["Increase retention", "Reduce churn", "Cut churn in month one by half"]


async def test_removing_what_someone_else_removed_first_is_a_notice(store, session_id) -> None:
    app = app_for(store, ManualClock(), session_id)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_at(pilot, "objectives")
        await pilot.press("delete")  # the confirmation is up for o1 ...
        await settle(pilot)
        SessionStore(store.root).append(
            session_id, "Tom", lambda r: c.remove_objective(r, "o1")
        )  # ... when Tom removes it
        await pilot.press("y")
        await settle(pilot)
        assert app.is_running
        assert any("no objective 'o1'" in str(n.message) for n in app._notifications)
    assert list(reread(store, session_id).objectives) == ["o2"]  # and nothing else went with it


async def test_a_decision_dialog_with_an_unsaved_field_can_still_be_left(store, session_id) -> None:
    app = app_for(store, ManualClock(), session_id)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_at(pilot, "decisions")
        await pilot.press("ctrl+d")
        await settle(pilot)
        await tab_to(pilot, in_field("rationale"))
        await type_in(pilot, "Because", enter=False)
        await pilot.press("escape")
        await settle(pilot)
        # Esc cancels, after asking: what is typed and not saved is named.
        assert type(app.screen).__name__ == "ConfirmDialog"
        assert "Leave without saving the decision you were writing?" in str(
            app.screen.query_one(".dialog-title").render()
        )
        await pilot.press("escape")  # no: back to the decision, the text still there
        await settle(pilot)
        assert type(app.screen).__name__ == "DecisionDialog"
        assert app.screen.query_one(".f-rationale Input").value == "Because"
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert type(app.screen).__name__ == "FacilitatorScreen"
    assert reread(store, session_id).decisions == {}


async def test_an_error_goes_when_the_text_goes_back_to_what_is_saved(store, session_id) -> None:
    async with app_for(store, ManualClock(), session_id).run_test(size=(100, 30)) as pilot:
        await open_at(pilot, "kpis")
        await pilot.press("enter")
        await tab_to(pilot, in_field("baseline"))
        await pilot.press("ctrl+u")
        await type_in(pilot, "thirty")
        field = next(f for f in pilot.app.screen.query(Field) if f.name == "baseline")
        assert field.has_class("-invalid")
        await pilot.press("ctrl+u")
        await type_in(pilot, "30", enter=False)
        assert not field.has_class("-invalid")
        assert not field.query_one(".field-error", Static).display


@pytest.mark.parametrize("name", ["~nosuchuser/minutes.md", "x" * 300 + ".md"])
async def test_odd_export_file_names_are_refused_beside_the_field(store, session_id, name) -> None:
    app = app_for(store, ManualClock(), session_id)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_at(pilot, "close")
        await pilot.press("ctrl+e")
        await settle(pilot)
        await tab_to(pilot, in_field("path"))
        await pilot.press("ctrl+u")
        await type_in(pilot, name)
        assert app.is_running and type(app.screen).__name__ == "ExportDialog"
        field = next(f for f in app.screen.query(Field) if f.name == "path")
        error = field.query_one(".field-error", Static)
        assert error.display and "cannot write there" in str(error.render())


async def test_closing_with_unreviewed_carried_actions_asks_first(demo_dir: Path) -> None:
    store = SessionStore(demo_dir, clock=ManualClock())
    session_id = create_session(store, "Q4 Growth Review", facilitator="Maya", series="Growth review").info.id
    app = app_for(store, ManualClock(), session_id)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_at(pilot, "close")
        await pilot.click("#close")  # the button, by mouse
        await settle(pilot)
        assert type(app.screen).__name__ == "ConfirmDialog"
        assert "4 carried actions were not reviewed" in str(app.screen.question)
        await pilot.press("escape")
        await settle(pilot)
        assert not reread(store, session_id).closed
        await pilot.press("c")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
    assert reread(store, session_id).closed

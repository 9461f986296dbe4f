"""Text people typed is shown as typed: markup-looking titles neither crash nor act."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import DataTable, OptionList, Static
from ui_support import ManualClock, app_for, settle

from reviewtui.application.sessions import create_session
from reviewtui.domain import changes as c
from reviewtui.store import SessionStore
from reviewtui.ui.screens.facilitator import FacilitatorScreen

TITLE = "[/] Q3 [@click=app.quit]x"
STATEMENT = "[bold]not bold[/] [@click=app.quit]quit"


async def test_markup_in_user_text_is_literal_and_inert(sessions_dir: Path) -> None:
    clock = ManualClock()
    store = SessionStore(sessions_dir, clock=clock)
    session_id = create_session(
        store, TITLE, facilitator="[red]Maya", series="[link=x]s[/link]", participants=["[@click=app.quit]Eve"]
    ).info.id
    store.append(session_id, "Maya", lambda r: c.add_objective(r, STATEMENT, why="[i]why[/i]"))
    app = app_for(store, clock)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        table = app.screen.query_one(DataTable)
        assert str(table.get_cell_at((0, 0))) == "[link=x]s[/link] › " + TITLE
        await pilot.press("enter")  # the series screen
        await settle(pilot)
        assert str(app.screen.query_one("#series-sessions", DataTable).get_cell_at((0, 0))) == TITLE
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, FacilitatorScreen)
        title = screen.query_one("#session-title", Static)
        assert str(title.render()).startswith(TITLE)
        await pilot.click("#session-title", offset=(10, 0))  # where "[@click=app.quit]" sits
        await settle(pilot)
        assert app.is_running
        people = screen.pane.query_one(".people-list", OptionList)
        assert "[@click=app.quit]Eve" in str(people.get_option_at_index(1).prompt)
        await pilot.press("pagedown")
        await settle(pilot)
        objectives = screen.pane.query_one(OptionList)
        assert STATEMENT in str(objectives.get_option_at_index(0).prompt)
        await pilot.click(OptionList, offset=(8, 1))
        await settle(pilot)
        assert app.is_running

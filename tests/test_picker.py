"""A participant's home: the open sessions to join, and nothing a facilitator's home offers."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import OptionList
from ui_support import ManualClock, settle

from reviewtui.application.sessions import create_session
from reviewtui.domain import changes
from reviewtui.store import SessionStore
from reviewtui.ui.app import ReviewApp
from reviewtui.ui.screens.facilitator import FacilitatorScreen
from reviewtui.ui.screens.picker import PickerScreen


def _participant(store: SessionStore, role: str = "participant") -> ReviewApp:
    return ReviewApp(store, "alice", clock=ManualClock(), cursor_blink=False, role=role)


def _titles(app: ReviewApp) -> list[str]:
    listing = app.screen.query_one(OptionList)
    return [str(listing.get_option_at_index(i).prompt).split("\n")[0] for i in range(listing.option_count)]


async def test_only_open_sessions_are_offered_and_enter_joins_as_a_participant(store: SessionStore) -> None:
    done = create_session(store, "Last quarter", template="outcome-review", facilitator="fran", actor="fran").info.id
    store.append(done, "fran", changes.close_session)
    live = create_session(store, "This week", template="outcome-review", facilitator="fran", actor="fran").info.id
    app = _participant(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, 0.2)
        assert isinstance(app.screen, PickerScreen)
        assert [t.strip() for t in _titles(app)] == ["This week"]
        await pilot.press("n")  # a facilitator's home would start a new session here
        await settle(pilot)
        assert isinstance(app.screen, PickerScreen) and len(store.list().sessions) == 2
        await pilot.press("enter")
        await settle(pilot, 0.2)
        assert isinstance(app.screen, FacilitatorScreen)
        joined = [e for e in store.load(live).events if e.type == "participant.joined"]
        assert [(e.actor, e.data.role) for e in joined][-1] == ("alice", "participant")
        await pilot.press("ctrl+o")
        await settle(pilot, 0.2)
        assert isinstance(app.screen, PickerScreen), "a participant goes back to the picker, not home"


async def test_a_session_opened_meanwhile_appears_and_an_empty_folder_says_so(sessions_dir: Path) -> None:
    store = SessionStore(sessions_dir)
    app = _participant(store, role="observer")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, 0.2)
        empty = str(app.screen.query_one("#picker-empty").render())
        assert "No meeting is open yet" in empty
        assert "to watch, as alice" in str(app.screen.query_one("#picker-title").render())
        create_session(store, "Pop-up review", template="outcome-review", facilitator="fran", actor="fran")
        await settle(pilot, 1.5)  # the folder is looked at once a second
        assert [t.strip() for t in _titles(app)] == ["Pop-up review"]
        assert not app.screen.query_one("#picker-empty").display


async def test_a_title_is_never_read_as_markup(store: SessionStore) -> None:
    create_session(store, "[b]Bold[/b] plans $x", template="outcome-review", facilitator="[red]fran", actor="fran")
    app = _participant(store)
    async with app.run_test(size=(100, 24)) as pilot:
        await settle(pilot, 0.2)
        assert "[b]Bold[/b] plans $x" in _titles(app)[0]
        assert "run by [red]fran" in str(app.screen.query_one(OptionList).get_option_at_index(0).prompt)


async def test_a_session_that_cannot_be_opened_is_a_notification_not_a_traceback(
    store: SessionStore, monkeypatch
) -> None:
    live = create_session(store, "This week", template="outcome-review", facilitator="fran", actor="fran").info.id

    def disk_full(session, role):
        raise OSError(28, "No space left on device", str(store.root / ".reviewtui"))

    monkeypatch.setattr("reviewtui.ui.app.open_room", disk_full)
    app = ReviewApp(store, "alice", session_id=live, clock=ManualClock(), cursor_blink=False, role="participant")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, 0.2)
        assert isinstance(app.screen, PickerScreen), "back to the list, still running"
        said = [n.message for n in app._notifications]
        assert any("the disk is full" in m and ".reviewtui" in m and "None" not in m for m in said), said


async def test_the_poll_reads_the_list_again_only_when_the_folder_changed(store: SessionStore, monkeypatch) -> None:
    first = create_session(store, "First", template="outcome-review", facilitator="fran", actor="fran").info.id
    second = create_session(store, "Second", template="outcome-review", facilitator="fran", actor="fran").info.id
    listed: list[int] = []
    real_list = store.list
    monkeypatch.setattr(store, "list", lambda: listed.append(1) or real_list())
    app = _participant(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, 0.2)
        assert len(listed) == 1
        await settle(pilot, 2.5)  # two polls of an unchanged folder: one stat each, no listing
        assert len(listed) == 1
        listing = app.screen.query_one(OptionList)
        assert [listing.get_option_at_index(i).id for i in range(2)] == [second, first]  # newest first
        await pilot.press("down")
        assert listing.get_option_at_index(listing.highlighted).id == first
        create_session(store, "Third", template="outcome-review", facilitator="fran", actor="fran")
        await settle(pilot, 1.5)
        assert len(listed) == 2 and listing.option_count == 3
        assert listing.get_option_at_index(listing.highlighted).id == first, "the choice stays on its session"


async def test_a_folder_that_is_not_there_yet_says_so_and_is_listed_once_made(tmp_path: Path) -> None:
    store = SessionStore(tmp_path / "later")
    app = _participant(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, 0.2)
        assert "No meeting is open yet" in str(app.screen.query_one("#picker-empty").render())
        (tmp_path / "later").mkdir()
        create_session(store, "Made meanwhile", template="outcome-review", facilitator="fran", actor="fran")
        await settle(pilot, 1.5)
        assert [t.strip() for t in _titles(app)] == ["Made meanwhile"]

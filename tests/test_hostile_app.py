"""Issue 14 in the app: a paste cannot carry a control character, people in a meeting never name
a file on the host, a failed open frees the seat, and keys typed in one burst all land."""

from __future__ import annotations

import base64

import pytest
from textual import events
from textual.widgets import TextArea

from reviewtui.application.sessions import create_session
from reviewtui.cli import at_the_host
from reviewtui.domain import changes
from reviewtui.domain.errors import ReviewtuiError
from reviewtui.store import SessionStore
from reviewtui.store.seat import holder
from reviewtui.ui.app import ReviewApp
from reviewtui.ui.widgets.field import Field
from tests.helpers.hostile import fingerprint
from tests.ui_support import ManualClock, app_for, settle, type_in


@pytest.fixture
def session_id(store: SessionStore) -> str:
    session_id = create_session(store, "Q3 review", facilitator="Maya").info.id
    store.append(session_id, "Maya", lambda r: changes.add_objective(r, "Grow retention"))
    return session_id


async def _to_phase(pilot, phase: str) -> None:
    await settle(pilot)
    pilot.app.screen.show_phase(phase)
    await settle(pilot)


async def test_a_paste_holding_a_control_character_is_refused_and_nothing_is_saved(store, session_id) -> None:
    async with app_for(store, ManualClock(), session_id).run_test(size=(100, 30)) as pilot:
        await _to_phase(pilot, "objectives")
        await pilot.press("a")
        await settle(pilot)
        focused = pilot.app.focused
        pilot.app.post_message(events.Paste("Grow \x1b]52;c;cHduZWQ=\x07retention"))
        await settle(pilot)
        assert focused is not None and getattr(focused, "value", None) == "", "nothing was pasted"
        said = [str(n.message) for n in pilot.app._notifications]
        assert any("control character, ESC (U+001B)" in m and "\x1b" not in m for m in said), said
        pilot.app.post_message(events.Paste("Grow retention of teams"))  # a clean paste goes in
        await settle(pilot)
        assert getattr(pilot.app.focused, "value", None) == "Grow retention of teams"
        await pilot.press("ctrl+q")  # leaving saves what was typed
    assert [o.statement for o in SessionStore(store.root).load(session_id).review.objectives.values()] == [
        "Grow retention",
        "Grow retention of teams",
    ]


async def test_keys_typed_in_the_same_burst_as_a_all_land_in_the_new_item(store, session_id) -> None:
    async with app_for(store, ManualClock(), session_id).run_test(size=(100, 30)) as pilot:
        await _to_phase(pilot, "objectives")
        # One burst through the driver, as a fast typist or a paste of keystrokes produces it: the
        # field must have the focus before "R" is handled, or the list eats the rest.
        await type_in(pilot, "aReduce churn in month one")
    statements = [o.statement for o in SessionStore(store.root).load(session_id).review.objectives.values()]
    assert statements == ["Grow retention", "Reduce churn in month one"]


def test_only_someone_at_the_host_writes_files() -> None:
    assert at_the_host({}) is True
    for variable in ("SSH_CONNECTION", "SSH_CLIENT", "SSH_TTY", "REVIEWTUI_CONFINED"):
        assert at_the_host({variable: "1"}) is False, variable


@pytest.mark.parametrize("role", ["participant", "observer"])
async def test_people_in_a_meeting_take_the_export_away_never_to_a_file(store, session_id, role, tmp_path) -> None:
    other = create_session(store, "Other", facilitator="Maya").info.id
    bashrc = tmp_path / "home" / ".bashrc"
    bashrc.write_text("# mine\n")
    watched = [store.path(other), store.path(session_id), bashrc]
    before = {path: fingerprint(path) for path in watched}
    listing = sorted(p.name for p in tmp_path.iterdir())
    clock = ManualClock()
    # Even a local participant (at the host) writes no file: the role decides, and the place.
    app = ReviewApp(
        SessionStore(store.root, clock=clock),
        "alice",
        session_id=session_id,
        clock=clock,
        cursor_blink=False,
        role=role,
        local=True,
    )
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, 0.2)
        await pilot.press("ctrl+e")
        await settle(pilot)
        assert type(app.screen).__name__ == "TakeAwayDialog"
        assert not list(app.screen.query(Field)), "no field to name a file in"
        text = app.screen.query_one(TextArea)
        assert "# Q3 review" in text.text and "Grow retention" in text.text
        for path in (str(store.path(other)), str(bashrc)):
            await type_in(pilot, path)  # typed into a read-only view: nothing happens
        await pilot.press("ctrl+y")
        await settle(pilot)
        assert app.clipboard.startswith("# Q3 review")
        await pilot.press("escape")
        await settle(pilot)
    assert {path: fingerprint(path) for path in watched if path != store.path(session_id)} == {
        path: before[path] for path in watched if path != store.path(session_id)
    }
    assert sorted(p.name for p in tmp_path.iterdir()) == listing


async def test_the_facilitator_over_ssh_takes_the_export_away_too(store, session_id) -> None:
    clock = ManualClock()
    app = ReviewApp(
        SessionStore(store.root, clock=clock),
        "Maya",
        session_id=session_id,
        clock=clock,
        cursor_blink=False,
        local=False,
    )
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, 0.2)
        await pilot.press("ctrl+e")
        await settle(pilot)
        assert type(app.screen).__name__ == "TakeAwayDialog"


async def test_the_clipboard_copy_reaches_the_terminal_as_osc_52(store, session_id) -> None:
    written: list[str] = []
    clock = ManualClock()
    app = ReviewApp(
        SessionStore(store.root, clock=clock),
        "alice",
        session_id=session_id,
        clock=clock,
        cursor_blink=False,
        role="participant",
    )
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, 0.2)
        driver = app._driver
        assert driver is not None
        original = driver.write
        driver.write = lambda data: (written.append(data), original(data))[-1]  # type: ignore[method-assign]
        await pilot.press("ctrl+e")
        await settle(pilot)
        await pilot.press("ctrl+y")
        await settle(pilot)
    sent = [w for w in written if w.startswith("\x1b]52;c;")]
    assert sent and base64.b64decode(sent[-1][7:].rstrip("\x07")).decode().startswith("# Q3 review")


async def test_an_open_that_fails_after_taking_the_seat_frees_it(store, session_id, monkeypatch) -> None:
    from reviewtui.ui import app as app_module

    def failing_screen(*args, **kwargs):
        raise ReviewtuiError("the screen could not be built")

    clock = ManualClock()
    async with app_for(SessionStore(store.root, clock=clock), clock).run_test(size=(100, 30)) as pilot:
        await settle(pilot, 0.2)
        monkeypatch.setattr(app_module, "FacilitatorScreen", failing_screen)
        assert pilot.app.open_session(session_id) is False
        await settle(pilot)
        assert holder(store.root, session_id) is None, "the seat was let go"
        said = [str(n.message) for n in pilot.app._notifications]
        assert "the screen could not be built" in said


async def test_a_full_disk_while_opening_is_a_sentence(store, session_id, monkeypatch) -> None:
    from reviewtui.store import seat

    def full(*args, **kwargs):
        raise OSError(28, "No space left on device")  # no file name: it was "…: None"

    clock = ManualClock()
    async with app_for(SessionStore(store.root, clock=clock), clock).run_test(size=(100, 30)) as pilot:
        await settle(pilot, 0.2)
        monkeypatch.setattr(seat.Seat, "take", classmethod(lambda cls, *a: full()))
        assert pilot.app.open_session(session_id) is False
        await settle(pilot)
        said = [str(n.message) for n in pilot.app._notifications]
        assert "The session could not be opened: the disk is full." in said, said

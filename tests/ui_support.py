"""Helpers for driving the app with the keyboard in tests: a shared clock, tabbing, typing, choosing."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta, timezone

from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import Select

from reviewtui.store import SessionStore
from reviewtui.ui.app import ReviewApp

START = datetime(2026, 10, 7, 9, 0, tzinfo=timezone.utc)


class ManualClock:
    """One clock for the store's event times and the app's timers; tests move it on by hand."""

    def __init__(self, start: datetime = START) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


def app_for(store: SessionStore, clock: ManualClock, session_id: str | None = None, actor: str = "Maya") -> ReviewApp:
    return ReviewApp(store, actor, session_id=session_id, clock=clock, cursor_blink=False, local=True)


async def settle(pilot: Pilot, seconds: float = 0.05) -> None:
    await pilot.pause(seconds)
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def in_field(name: str) -> Callable[[Widget | None], bool]:
    """Is the focus in the field called `name` (its Input or its Select)?"""

    def test(widget: Widget | None) -> bool:
        node = widget
        while node is not None:
            if f"f-{name}" in node.classes:
                return True
            node = node.parent  # type: ignore[assignment]
        return False

    return test


async def key(pilot: Pilot, *names: str) -> None:
    """Press keys through the driver, waiting for the app once after them (see `type_in`)."""
    from textual import events

    for name in names:
        event = events.Key(name, None)
        event.set_sender(pilot.app)
        pilot.app._driver.send_message(event)  # type: ignore[union-attr]
    await pilot.pause()


async def tab_to(pilot: Pilot, wanted: Callable[[Widget | None], bool], limit: int = 30) -> None:
    """Press Tab until the focus is where `wanted` says (keyboard only)."""
    for _ in range(limit):
        if wanted(pilot.app.focused):
            return
        await key(pilot, "tab")
    raise AssertionError(f"tabbing never reached the wanted widget; focus is on {pilot.app.focused!r}")


async def type_in(pilot: Pilot, text: str, enter: bool = True) -> None:
    """Type `text` (then Enter) as key events through the app's driver, as a terminal would.

    `Pilot.press` waits for the app to go idle after every key (60-90 ms each here); a burst of
    keys through the same driver, then one wait, is what a fast typist produces. This reaches
    into Textual's private driver and key-name table, for the tests' speed only.
    """
    from textual import events
    from textual.keys import _character_to_key

    app = pilot.app
    for character in text:
        key = character if character.isalnum() else _character_to_key(character)
        event = events.Key(key, character)
        event.set_sender(app)
        app._driver.send_message(event)  # type: ignore[union-attr]
    await settle(pilot)
    if enter:
        await pilot.press("enter")
        await settle(pilot)


async def choose(pilot: Pilot, field: str, label: str) -> None:
    """Tab to a choice field, open it, type the start of `label` to jump there, and pick it."""
    await tab_to(pilot, in_field(field))
    select = pilot.app.focused
    assert isinstance(select, Select), select
    await key(pilot, "enter")
    await type_in(pilot, label.split()[0][:8], enter=False)  # Select jumps to what is typed
    for _ in range(40):
        overlay = pilot.app.focused
        highlighted = getattr(overlay, "highlighted_option", None)
        if highlighted is not None and str(highlighted.prompt).startswith(label):
            await key(pilot, "enter")
            await settle(pilot)
            return
        await key(pilot, "down")
    raise AssertionError(f"no option starting {label!r} in {field}")

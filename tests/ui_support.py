"""Helpers for driving the app with the keyboard in tests: a shared clock, tabbing, typing, choosing."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import Select

from reviewtui.store import SessionStore
from reviewtui.ui.app import ReviewApp

START = datetime(2026, 10, 7, 9, 0, tzinfo=UTC)


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


async def settle(pilot: Pilot, seconds: float | None = None) -> None:
    """Wait until the app has handled everything sent to it: no widget has a message waiting, no
    callback waits for the next refresh (`call_after_refresh`), no worker runs; each round may post
    the next (a pane's change bubbles up to its screen; a mounted pane focuses its list after a
    refresh). Conditions, not pauses: no fixed sleep unless `seconds` is given (a timer to let run).

    Private Textual parts, on purpose: Pilot._wait_for_screen is the barrier Pilot.pause() itself
    uses (without its idle detection, which sleeps in steps of up to a second on a busy machine), a
    widget's _message_queue and the screen's _callbacks say whether anything is still waiting, and
    Screen._on_timer_update draws now what a refresh would."""
    if seconds is not None:
        await pilot.pause(seconds)
    app = pilot.app
    for _ in range(100):
        app.screen._on_timer_update()  # what waits for a refresh is queued now
        await pilot._wait_for_screen()
        await app.workers.wait_for_complete()
        # Every screen of the stack: a dialog's change is written by the screen under it.
        screens = list(app.screen_stack)
        nodes = [app, *(node for screen in screens for node in screen.walk_children(with_self=True))]
        if not any(screen._callbacks for screen in screens) and not any(node._message_queue.qsize() for node in nodes):
            break


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
    await settle(pilot)


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
        name = character if character.isalnum() else _character_to_key(character)
        event = events.Key(name, character)
        event.set_sender(app)
        app._driver.send_message(event)  # type: ignore[union-attr]
    await settle(pilot)
    if enter:
        await key(pilot, "enter")


async def choose(pilot: Pilot, field: str, label: str) -> None:
    """Tab to a choice field, open it, and walk down from the top to the option starting `label`.
    (Not by typing it: the list's type-to-search keeps what was typed for 0.7 s, a pause a person
    always leaves and a test need not.)"""
    await tab_to(pilot, in_field(field))
    select = pilot.app.focused
    assert isinstance(select, Select), select
    await key(pilot, "enter")
    await key(pilot, "home")
    for _ in range(60):
        overlay = pilot.app.focused
        highlighted = getattr(overlay, "highlighted_option", None)
        if highlighted is not None and str(highlighted.prompt).startswith(label):
            await key(pilot, "enter")
            return
        await key(pilot, "down")
    raise AssertionError(f"no option starting {label!r} in {field}")

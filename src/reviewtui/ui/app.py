"""ReviewApp: wires the store into the screens, the command palette and clean exits on hang-up.

Kept small: screens own their bindings and handlers; the app only knows how to show home,
open a session, and leave without losing what was typed.
"""

from __future__ import annotations

import asyncio
import signal
from collections.abc import Callable, Iterable
from datetime import datetime

from textual import events
from textual.app import App, SystemCommand
from textual.screen import Screen

from reviewtui.errors import ReviewtuiError
from reviewtui.store import SessionStore, utc_now
from reviewtui.ui.live import open_room
from reviewtui.ui.screens.facilitator import FacilitatorScreen
from reviewtui.ui.session import OpenSession

_HANGUPS = (signal.SIGHUP, signal.SIGTERM) if hasattr(signal, "SIGHUP") else (signal.SIGTERM,)


class ReviewApp(App[None]):
    CSS_PATH = "app.tcss"
    TITLE = "reviewtui"

    def __init__(
        self,
        store: SessionStore,
        actor: str,
        *,
        session_id: str | None = None,
        clock: Callable[[], datetime] = utc_now,
        cursor_blink: bool = True,
        replay: bool = False,
        role: str = "facilitator",
    ) -> None:
        super().__init__()
        self._start_replay = replay
        self.role = role
        """What `open` asks for (the seat, else a participant's place); `join`: participant or observer."""
        self.store = store
        self.actor = actor
        self.clock = clock
        self.cursor_blink = cursor_blink
        """Off when run from the CLI (see run_app) and in tests (a blink makes screenshots differ)."""
        self._start_session = session_id

    def on_mount(self) -> None:
        loop = asyncio.get_running_loop()
        for number in _HANGUPS:
            # An SSH link dropping sends SIGHUP; a service manager sends SIGTERM. Either way:
            # commit what was typed, release the locks (they die with the process), exit.
            loop.add_signal_handler(number, self.hang_up)
        if self._start_session:
            self.open_session(self._start_session, replace_home=True, replay=self._start_replay)
        else:
            self.push_screen(_home())

    async def on_event(self, event: events.Event) -> None:
        # Every key or click, wherever it lands (a field keeps the keys it types), is a sign of
        # life for the room: the person is not idle.
        if isinstance(event, (events.Key, events.MouseDown)) and not event.is_forwarded:
            for screen in self.screen_stack:
                room = getattr(screen, "room", None)
                if room is not None:
                    room.active()
        await super().on_event(event)

    def save_typing(self) -> None:
        """Commit whatever was typed and not yet committed, on every screen: the app is going."""
        for screen in reversed(self.screen_stack):
            flush = getattr(screen, "flush", None)
            if flush is not None:
                try:
                    flush()
                except Exception:  # noqa: BLE001 - leaving anyway; what could be saved was
                    pass

    def leave_rooms(self) -> None:
        """Say in each open session's log that we left; the seat and presence go with the process."""
        for screen in self.screen_stack:
            leave = getattr(screen, "leave", None)
            if leave is not None:
                try:
                    leave()
                except Exception:  # noqa: BLE001 - leaving anyway
                    pass

    def hang_up(self) -> None:
        self.save_typing()
        self.leave_rooms()
        self.exit(return_code=0)

    async def action_quit(self) -> None:
        """ctrl+q, or Quit in the palette: like a hang-up, nothing typed is lost."""
        self.save_typing()
        self.leave_rooms()
        self.exit()

    def open_session(self, session_id: str, replace_home: bool = False, replay: bool = False) -> bool:
        try:
            if replay:
                from reviewtui.ui.screens.replay import ReplayScreen
                from reviewtui.ui.session import ReplaySession

                screen: Screen = ReplayScreen(ReplaySession(self.store, session_id, self.actor), self.clock)
            else:
                session = OpenSession(self.store, session_id, self.actor)
                room, said = open_room(session, self.role)
                screen = FacilitatorScreen(session, self.clock, room)
                if said:
                    self.notify(said, title="Seat taken", timeout=8, markup=False)
        except ReviewtuiError as problem:
            self.notify(str(problem), title="Cannot open", severity="error", markup=False, timeout=10)
            if replace_home:
                self.push_screen(_home())
            return False
        self.push_screen(screen)
        return True

    def show_home(self) -> None:
        """Back to the list of sessions: the one under the open session, or a new one in its place."""
        from reviewtui.ui.screens.home import HomeScreen

        if any(isinstance(screen, HomeScreen) for screen in self.screen_stack):
            # Back past the session (and the series screen it was opened from, if any).
            while not isinstance(self.screen, HomeScreen):
                self.pop_screen()
            self.screen.load()
        else:
            self.switch_screen(HomeScreen())

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        commands = getattr(screen, "commands", None)
        if commands is not None:
            for title, help_text, callback in commands():
                yield SystemCommand(title, help_text, callback)


def _home() -> Screen:
    from reviewtui.ui.screens.home import HomeScreen  # not needed to open a session: imported when shown

    return HomeScreen()


def run_app(
    store: SessionStore, actor: str, session_id: str | None = None, replay: bool = False, role: str = "facilitator"
) -> int:
    # A steady cursor: a blinking one writes to the terminal twice a second, and over SSH a link
    # that is never quiet is never probed, so a frozen client would keep its seat for minutes.
    app = ReviewApp(store, actor, session_id=session_id, replay=replay, role=role, cursor_blink=False)
    app.run()
    return app.return_code or 0

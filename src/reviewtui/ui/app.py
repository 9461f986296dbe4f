"""ReviewApp: wires the store into the screens, the command palette and clean exits on hang-up.

Kept small: screens own their bindings and handlers; the app only knows how to show home,
open a session, and leave without losing what was typed.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import threading
from collections.abc import Callable, Iterable
from datetime import datetime
from pathlib import Path

from textual import events, on
from textual.app import App, SystemCommand
from textual.command import CommandPalette
from textual.content import Content
from textual.notifications import SeverityLevel
from textual.screen import Screen

from reviewtui.application.open_session import OpenSession, ReplaySession
from reviewtui.application.room import open_room
from reviewtui.domain.basics import Role
from reviewtui.domain.errors import ReviewtuiError, os_error_words
from reviewtui.domain.safe_text import unsafe_in, visible
from reviewtui.store import SessionStore, utc_now
from reviewtui.ui.screens.facilitator import FacilitatorScreen
from reviewtui.ui.screens.review_screen import ReviewScreen
from reviewtui.ui.theming.manager import AppThemes
from reviewtui.ui.theming.variables import variable_defaults
from reviewtui.ui.widgets.focus_cursor import CursorFollowsFocus

HANG_UP_GRACE = 3.0
"""Seconds a hung-up app has to shut down after saving, before it exits regardless."""
_HANGUPS = (signal.SIGHUP, signal.SIGTERM) if hasattr(signal, "SIGHUP") else (signal.SIGTERM,)


class ReviewApp(CursorFollowsFocus, App[None]):
    CSS_PATH = ["app.tcss", "focus.tcss"]
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
        role: Role = "facilitator",
        theme: str | None = None,
        themes_dir: Path | None = None,
        templates_dir: Path | None = None,
        local: bool = False,
        projector: bool = False,
        pinned: bool = False,
    ) -> None:
        # With NO_COLOR, Textual picks its filter once, here, from the theme of the moment: greys
        # for a true-colour theme, no colour for an ANSI one (greys would turn the terminal's
        # default colours black on black). The theme is only chosen below and can change: asking
        # for native ANSI now gets the no-colour filter whatever the theme; then each theme
        # decides its ANSI colours again (ansi_color None).
        super().__init__(ansi_color=True if "NO_COLOR" in os.environ else None)
        self.theming = AppThemes(self, theme, themes_dir)
        """The themes: `theme` (--theme) first, then $REVIEWTUI_THEME, the saved choice, dark."""
        self.ansi_color = None
        self._start_replay = replay
        self.role = role
        """What `open` asks for (the seat, else a participant's place); `join`: participant or observer."""
        self.store = store
        self.actor = actor
        self.clock = clock
        self.cursor_blink = cursor_blink
        """Off when run from the CLI (see run_app) and in tests (a blink makes screenshots differ)."""
        self.local = local
        """Run by someone at the host's own terminal (not over SSH, not for `serve`): see may_write_files."""
        self._start_session = session_id
        self._watchdog: threading.Timer | None = None
        """Set by a hang-up: ends the process if Textual's shutdown blocks on a vanished terminal."""
        self._templates_dir = templates_dir
        self.projector = projector
        """`--projector`: the session opens in the room's view, as an observer."""
        self.pinned = pinned
        """A browser tab of `reviewtui web`: this one session, never the list of the others."""

    def _team_templates(self) -> None:
        """The team's own templates offered with the bundled ones; broken files said once, together."""
        from reviewtui.store.template_catalogue import load_templates

        problems = load_templates(self._templates_dir).problems
        if problems:
            self.notify(
                "\n".join(problems), title="Template files left out", severity="warning", timeout=12, markup=False
            )

    def on_mount(self) -> None:
        loop = asyncio.get_running_loop()
        for number in _HANGUPS:
            # An SSH link dropping sends SIGHUP; a service manager sends SIGTERM. Either way:
            # commit what was typed, release the locks (they die with the process), exit.
            loop.add_signal_handler(number, self.hang_up)
        if self.pinned:
            # A browser tab's reviewtui: when `reviewtui web` is gone (killed, its link dropped)
            # nobody will ever close this tab, and Textual's web driver does not notice. Its
            # parent changing says so: leave as on a hang-up.
            parent = os.getppid()
            self.set_interval(1.0, lambda: self.hang_up() if os.getppid() != parent else None)
        self.theming.announce()
        if not self._start_replay:  # a replay starts nothing new
            self._team_templates()
        if self._start_session:
            self.open_session(self._start_session, replace_home=True, replay=self._start_replay)
        else:
            self.push_screen(self._home())

    async def on_event(self, event: events.Event) -> None:
        # Every key or click, wherever it lands (a field keeps the keys it types), is a sign of
        # life for the room: the person is not idle.
        if isinstance(event, (events.Key, events.MouseDown)) and not event.is_forwarded:
            for screen in self.screen_stack:
                room = getattr(screen, "room", None)
                if room is not None:
                    room.active()
        if isinstance(event, events.Paste) and not event.is_forwarded and (found := unsafe_in(event.text)):
            # Keys cannot type a control character; a paste can. Refused here, for every field at
            # once: shown in an input, it would act on this terminal, and saved, on everyone's.
            self.notify(
                f"The pasted text holds a control character, {found}, which could act on the terminals "
                "it is shown on. Nothing was pasted.",
                title="Not pasted",
                severity="warning",
                timeout=8,
            )
            return
        await super().on_event(event)

    def notify(
        self,
        message: str | Content,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Every notification, from any screen: a message is never markup (it often quotes a name
        or a title someone typed), and never carries a control character to the terminal."""
        if isinstance(message, str):
            message, markup = visible(message), False
        super().notify(message, title=visible(title), severity=severity, timeout=timeout, markup=markup)  # type: ignore[arg-type]

    def save_typing(self) -> None:
        """Commit whatever was typed and not yet committed, on every screen: the app is going."""
        for screen in reversed(self.screen_stack):
            flush = getattr(screen, "flush", None)
            if flush is not None:
                with contextlib.suppress(Exception):  # leaving anyway; what could be saved was
                    flush()

    def leave_rooms(self) -> None:
        """Say in each open session's log that we left; the seat and presence go with the process."""
        for screen in self.screen_stack:
            leave = getattr(screen, "leave", None)
            if leave is not None:
                with contextlib.suppress(Exception):  # leaving anyway: the locks go with the process
                    leave()

    def leave(self) -> None:
        """Save what was typed, say we left, and exit."""
        self.save_typing()
        self.leave_rooms()
        self.exit(return_code=0)

    def hang_up(self) -> None:
        """SIGHUP or SIGTERM: leave, and be gone within HANG_UP_GRACE seconds whatever happens."""
        self.leave()
        # Textual's shutdown still writes to the terminal (mouse and cursor modes). When the
        # terminal has gone (a dropped link, `serve` killed) that write can block for ever: seen
        # with py-spy, the main thread waiting in WriterThread.write on a full queue, the process
        # holding its seat. Everything worth keeping is saved above, so then we just go.
        if not self.is_headless:  # a test's app shares its process with pytest: never exit that
            self._watchdog = threading.Timer(HANG_UP_GRACE, os._exit, (0,))
            self._watchdog.daemon = True
            self._watchdog.start()

    async def action_quit(self) -> None:
        """ctrl+q, or Quit in the palette: like a hang-up, nothing typed is lost."""
        for screen in list(self.screen_stack):
            if isinstance(screen, ReviewScreen):  # no pane left half-mounted
                await screen.ready_to_leave()
        self.leave()

    def may_write_files(self, role: Role) -> bool:
        """Only the facilitator at the host's own terminal writes files there; anyone else's
        export reaches their own computer (the screen, the clipboard). DESIGN.md."""
        return self.local and role == "facilitator"

    def open_session(self, session_id: str, replace_home: bool = False, replay: bool = False) -> bool:
        room = None
        try:
            if replay:
                from reviewtui.ui.screens.replay import ReplayScreen

                screen: Screen = ReplayScreen(ReplaySession(self.store, session_id, self.actor), self.clock)
            elif self.projector:
                from reviewtui.ui.screens.projector import ProjectorScreen

                session = OpenSession(self.store, session_id, self.actor)
                room, said = open_room(session, "observer")
                screen = ProjectorScreen(session, self.clock, room)
            else:
                session = OpenSession(self.store, session_id, self.actor)
                room, said = open_room(session, self.role)
                screen = FacilitatorScreen(session, self.clock, room)
                if said:
                    self.notify(said, title="Seat taken", timeout=8)
        except (ReviewtuiError, OSError) as problem:
            # OSError: the seat or presence files (a full disk, a folder made read-only meanwhile).
            if room is not None:
                room.leave()  # the seat, if it was taken: someone else may open the session now
            said = (
                f"The session could not be opened: {os_error_words(problem)}."
                if isinstance(problem, OSError)
                else str(problem)
            )
            self.notify(said, title="Cannot open", severity="error", timeout=10)
            if replace_home and self.pinned:
                self.exit(return_code=1, message=said)
            elif replace_home:
                self.push_screen(self._home())
            return False
        self.push_screen(screen)
        return True

    def _home_class(self) -> type[Screen]:
        """The list of sessions; for a participant or observer, only the open ones, to join."""
        # Imported when shown: not needed to open a session.
        if self.role in ("participant", "observer"):
            from reviewtui.ui.screens.picker import PickerScreen

            return PickerScreen
        from reviewtui.ui.screens.home import HomeScreen

        return HomeScreen

    def _home(self) -> Screen:
        return self._home_class()()

    def show_home(self) -> None:
        """Back to the list of sessions: the one under the open session, or a new one in its place."""
        if self.pinned:  # nothing else to go to: leaving the session ends the tab
            self.leave()
            return
        home = self._home_class()
        if any(isinstance(screen, home) for screen in self.screen_stack):
            # Back past the session (and the series screen it was opened from, if any).
            while not isinstance(self.screen, home):
                self.pop_screen()
            reload = getattr(self.screen, "load", None)  # the list, read again: sessions come and go
            if reload is not None:
                reload()
        else:
            self.switch_screen(self._home())

    def get_theme_variable_defaults(self) -> dict[str, str]:
        return variable_defaults(self.current_theme)  # reviewtui's status colours, from the theme's own

    def search_themes(self) -> None:
        """The palette's "Theme" command: reviewtui's themes, previewed as they are highlighted."""
        self.theming.search()

    @on(CommandPalette.Opened)
    def _start_theme_preview(self) -> None:
        self.theming.palette_opened()

    @on(CommandPalette.OptionHighlighted)
    def _preview_theme(self, event: CommandPalette.OptionHighlighted) -> None:
        self.theming.highlighted(event.highlighted_event.option)

    @on(CommandPalette.Closed)
    def _end_theme_preview(self, event: CommandPalette.Closed) -> None:
        self.theming.palette_closed(event.option_selected)

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        for command in super().get_system_commands(screen):
            # Textual's screenshot is saved in the Downloads folder of the account the app runs
            # under: for someone over SSH or `serve`, a file written on the host (DESIGN.md).
            if command.title != "Screenshot" or self.local:
                yield command
        commands = getattr(screen, "commands", None)
        if commands is not None:
            for title, help_text, callback in commands():
                yield SystemCommand(title, help_text, callback)


def run_app(
    store: SessionStore,
    actor: str,
    session_id: str | None = None,
    replay: bool = False,
    role: Role = "facilitator",
    theme: str | None = None,
    themes_dir: Path | None = None,
    templates_dir: Path | None = None,
    local: bool = False,
    projector: bool = False,
    pinned: bool = False,
) -> int:
    # A steady cursor: a blinking one writes to the terminal twice a second, and over SSH a link
    # that is never quiet is never probed, so a frozen client would keep its seat for minutes.
    app = ReviewApp(
        store,
        actor,
        session_id=session_id,
        replay=replay,
        role=role,
        cursor_blink=False,
        theme=theme,
        themes_dir=themes_dir,
        templates_dir=templates_dir,
        local=local,
        projector=projector,
        pinned=pinned,
    )
    app.run()
    if app._watchdog is not None:  # shut down in time: exit the normal way
        app._watchdog.cancel()
    return app.return_code or 0

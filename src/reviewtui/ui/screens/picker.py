"""Join a meeting: the open sessions of the folder, for a participant to choose one.

A participant's home (`reviewtui join` without an id, and everyone who connects to `serve`
without `--session`): nothing here starts, opens as facilitator, exports or replays anything.
"""

from __future__ import annotations

from collections.abc import Iterable

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from reviewtui.domain.errors import ReviewtuiError
from reviewtui.domain.summary import SessionSummary
from reviewtui.store import SessionsDirMissing
from reviewtui.store.watch import FileWatch
from reviewtui.ui.commands import Command, binding_commands
from reviewtui.ui.letter_keys import LetterKeys
from reviewtui.ui.typed_app import UsesReviewApp
from reviewtui.ui.widgets.footer import SteadyFooter

POLL_SECONDS = 1.0
"""How often the folder is looked at (one stat) for sessions opened or closed meanwhile."""


def _label(summary: SessionSummary) -> Content:
    """Two lines: what the meeting is, then when and who runs it (fits 80 columns unwrapped)."""
    first: list[str | tuple[str, str]] = [(summary.title, "bold")]
    if summary.series:
        first += [("  ", ""), (summary.series, "italic $text-muted")]
    second = Content.styled(f"  {summary.created_at[:10]} · run by {summary.facilitator}", "$text-muted")
    return Content.assemble(*first, "\n", second)


def _shown(summary: SessionSummary) -> tuple:
    """What an option shows: a title renamed or a seat handed on is drawn again."""
    return summary.id, summary.title, summary.series, summary.created_at, summary.facilitator


class PickerScreen(LetterKeys, UsesReviewApp, Screen[None]):
    BINDINGS = [
        Binding("enter", "join", "Join", priority=True, tooltip="Join\nJoin the highlighted meeting"),
        Binding("f5", "refresh", "Refresh", tooltip="Refresh\nLook for open meetings again"),
        Binding("q", "quit", "Quit", tooltip="Quit\nLeave reviewtui"),
    ]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return not self.letter_refused(action)  # "n" in the filter box is a letter, not New

    async def action_quit(self) -> None:
        await self.app.action_quit()

    def commands(self) -> Iterable[Command]:
        return binding_commands(self)

    def __init__(self) -> None:
        super().__init__()
        self.sessions: list[SessionSummary] = []

    def compose(self) -> ComposeResult:
        yield Static(id="picker-title")
        yield OptionList(id="picker-list")
        yield Static(id="picker-empty")
        yield SteadyFooter()

    def on_mount(self) -> None:
        app = self.review_app
        verb = "watch" if app.role == "observer" else "join"
        self.query_one("#picker-title", Static).update(
            Content.assemble(
                ("reviewtui", "bold"), (f"  choose a meeting to {verb}, as ", "$text-muted"), (app.actor, "bold")
            )
        )
        self.query_one(OptionList).focus()
        self._folder = FileWatch(app.store.root)  # looked at once a second
        self.action_refresh()
        self.set_interval(POLL_SECONDS, self._poll)

    def _poll(self) -> None:
        if self._folder.changed():  # a session written, made or removed: one stat when nothing was
            self.load()

    def action_refresh(self) -> None:
        self._folder.changed()  # what load() lists is as of now: the next poll looks past it
        self.load()

    @work(thread=True, exclusive=True, group="picker")
    def load(self) -> None:
        try:
            listing = self.review_app.store.list()
            sessions, problem = [s for s in listing.sessions if s.status != "closed"], None
        except SessionsDirMissing:
            sessions, problem = [], None
        except ReviewtuiError as error:
            sessions, problem = [], str(error)
        self.app.call_from_thread(self.show, sessions, problem)

    def show(self, sessions: list[SessionSummary], problem: str | None) -> None:
        listing = self.query_one(OptionList)
        chosen = self._highlighted_id()
        if list(map(_shown, sessions)) != list(map(_shown, self.sessions)):  # else nothing to draw again
            listing.clear_options()
            listing.add_options([Option(_label(s), id=s.id) for s in sessions])
            if chosen in {s.id for s in sessions}:
                listing.highlighted = listing.get_option_index(chosen)
            elif sessions:
                listing.highlighted = 0
        self.sessions = sessions
        listing.display = bool(sessions)
        empty = self.query_one("#picker-empty", Static)
        empty.display = not sessions
        if problem:
            empty.update(Content(problem))
        else:
            empty.update(
                Content(
                    "No meeting is open yet. This list fills in by itself when the facilitator starts one; q leaves."
                )
            )

    def _highlighted_id(self) -> str | None:
        listing = self.query_one(OptionList)
        if listing.highlighted is None or not listing.option_count:
            return None
        return listing.get_option_at_index(listing.highlighted).id

    @on(OptionList.OptionSelected)
    def _chosen(self) -> None:
        self.action_join()

    def action_join(self) -> None:
        session_id = self._highlighted_id()
        if session_id:
            self.review_app.open_session(session_id)

"""Every action across the sessions, overdue first ("my open actions"): filter by owner or words,
open ones only with o, Enter opens the session an action is in."""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Input, Static

from reviewtui.application.all_actions import ActionRow, all_actions
from reviewtui.domain.errors import ReviewtuiError
from reviewtui.ui.letter_keys import LetterKeys
from reviewtui.ui.typed_app import UsesReviewApp
from reviewtui.ui.widgets.footer import SteadyFooter


class ActionsScreen(LetterKeys, UsesReviewApp, Screen[None]):
    BINDINGS = [
        Binding(
            "enter", "open", "Open session", priority=True, tooltip="Open the session\nthe highlighted action is in"
        ),
        Binding(
            "o", "open_only", "Open / all", tooltip="Open or all\nShow only the actions still open, or all of them"
        ),
        Binding(
            "slash",
            "focus_filter",
            "Filter",
            key_display="/",
            tooltip="Filter actions\nBy owner, words, session or series",
        ),
        Binding("escape", "back", "Back", tooltip="Back\nBack to the sessions"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[ActionRow] = []
        self.open_only = True

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return not self.letter_refused(action)  # "o" in the filter box is a letter

    def compose(self) -> ComposeResult:
        yield Static(id="home-title")
        yield Input(
            placeholder="Filter: owner, words, session, series…  (/ to filter, Esc to go back)", id="home-filter"
        )
        yield DataTable(id="actions-table", cursor_type="row", zebra_stripes=True)
        yield Static(id="home-empty")
        yield SteadyFooter()

    def on_mount(self) -> None:
        self.query_one("#home-filter", Input).cursor_blink = getattr(self.app, "cursor_blink", True)
        self.query_one(DataTable).focus()
        self._title()
        self.load()

    @work(thread=True, exclusive=True, group="actions")
    def load(self) -> None:
        """Every session is read (off the UI thread: a big folder takes a moment)."""
        app = self.review_app
        try:
            rows, problems = all_actions(app.store, app.clock().astimezone().date())
        except ReviewtuiError as problem:
            app.call_from_thread(self.notify, str(problem), severity="error", markup=False)
            return
        app.call_from_thread(self._loaded, rows, problems)

    def _loaded(self, rows: list[ActionRow], problems: list[str]) -> None:
        self.rows = rows
        if problems:
            self.notify(
                "\n".join(problems), title="Files left as they are", severity="warning", timeout=12, markup=False
            )
        self.refill()

    def on_resize(self) -> None:
        self.refill()

    def _title(self) -> None:
        which = "Open actions" if self.open_only else "All actions"
        other = "o shows the closed too" if self.open_only else "o shows the open only"
        self.query_one("#home-title", Static).update(
            Content.assemble((which, "bold"), (f"  across every session, overdue first ({other})", "$text-muted"))
        )

    def refill(self) -> None:
        words = self.query_one("#home-filter", Input).value.casefold().split()
        table = self.query_one(DataTable)
        # Columns afresh at each fill, as on the home screen: on a narrow terminal the session and
        # series go, and the action's words share what is left.
        table.clear(columns=True)
        wide = self.size.width >= 110
        for label in ("Due", "Status", "Owner", "Action", *(("Session", "Series") if wide else ())):
            table.add_column(label)
        room = max(self.size.width - (10 + 8 + 16 + 8 + (50 if wide else 0)), 20)
        shown = 0
        for index, row in enumerate(self.rows):
            if self.open_only and row.status != "open":
                continue
            haystack = " ".join((row.text, row.owner or "", row.session_title, row.series or "")).casefold()
            if not all(word in haystack for word in words):
                continue
            status = Text("overdue", style="bold") if row.overdue else Text(row.status)
            text = row.text if len(row.text) <= room else row.text[: room - 1] + "…"
            owner = row.owner or "—"
            table.add_row(
                Text(row.due.isoformat() if row.due else "—"),
                status,
                Text(owner if len(owner) <= 16 else owner[:15] + "…"),
                Text(text),
                *((Text(row.session_title[:30]), Text((row.series or "—")[:20])) if wide else ()),
                key=str(index),
            )
            shown += 1
        empty = self.query_one("#home-empty", Static)
        empty.display = shown == 0
        empty.update(Content.styled("No action matches." if self.rows else "No actions yet.", "$text-muted"))

    @on(Input.Changed, "#home-filter")
    def _filtered(self) -> None:
        self.refill()

    def action_open_only(self) -> None:
        self.open_only = not self.open_only
        self._title()
        self.refill()

    def action_focus_filter(self) -> None:
        self.query_one("#home-filter", Input).focus()

    def action_open(self) -> None:
        table = self.query_one(DataTable)
        if table.row_count == 0:
            return
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        if key is not None:
            self.review_app.open_session(self.rows[int(key)].session_id)

    def action_back(self) -> None:
        self.dismiss()

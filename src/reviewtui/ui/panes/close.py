"""Close: the whole session read back as the minutes (the Markdown export), export, close."""

from __future__ import annotations

from collections.abc import Iterable

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Markdown

from reviewtui.domain import changes
from reviewtui.domain.export import minutes
from reviewtui.domain.review import Review
from reviewtui.ui.panes.base import Command, PhasePane


class ClosePane(PhasePane):
    BINDINGS = [Binding("c", "toggle_closed", "Close/reopen")]

    def compose(self) -> ComposeResult:
        with Horizontal(classes="close-buttons"):
            yield Button("Export minutes… (ctrl+e)", id="export", compact=True)
            yield Button("Close the session (c)", id="close", variant="primary", compact=True)
        # The minutes escape user text for Markdown, so typed brackets stay literal here too.
        with VerticalScroll(classes="minutes-scroll"):
            yield Markdown(classes="minutes", open_links=False)

    def show(self, review: Review) -> None:
        self.query_one(".minutes", Markdown).update(minutes(review, total_events=review.as_of_seq))
        button = self.query_one("#close", Button)
        button.label = "Reopen the session (c)" if review.closed else "Close the session (c)"

    def focus_default(self) -> None:
        self.query_one(".minutes-scroll", VerticalScroll).focus()

    @on(Button.Pressed, "#export")
    def _export(self) -> None:
        self.facilitator.action_export()

    @on(Button.Pressed, "#close")
    def _close_pressed(self) -> None:
        self.action_toggle_closed()

    def action_toggle_closed(self) -> None:
        if self.review.closed:
            self.facilitator.apply(changes.reopen_session, allow_closed=True)
            self.notify("Session reopened.", timeout=3)
            return
        unreviewed = [a for a in self.review.carried_actions() if a.review is None]
        if not unreviewed:
            self._close_if(True)
            return
        from reviewtui.ui.dialogs.confirm import ConfirmDialog

        many = len(unreviewed) != 1
        question = (f"{len(unreviewed)} carried {'actions were' if many else 'action was'} not reviewed with "
                    f"{'their owners' if many else 'its owner'} at check-in. Close anyway?")  # fmt: skip
        self.app.push_screen(ConfirmDialog(question, "Close"), self._close_if)

    def _close_if(self, yes: bool | None) -> None:
        if yes:
            self.facilitator.apply(changes.close_session)
            self.notify("Session closed. Export the minutes with ctrl+e.", timeout=4)

    def commands(self) -> Iterable[Command]:
        if self.review.closed:
            yield ("Reopen the session", "Allow changes to this session again", self.action_toggle_closed)
        else:
            yield ("Close the session", "Mark the session closed", self.action_toggle_closed)

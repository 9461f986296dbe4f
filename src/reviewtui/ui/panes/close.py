"""Close: the whole session read back as the minutes (the Markdown export's blocks), export, close."""

from __future__ import annotations

import time
from collections.abc import Callable

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.content import Content
from textual.timer import Timer
from textual.widgets import Button, Static

from reviewtui.domain import changes
from reviewtui.domain.events import Event
from reviewtui.domain.export.document import minutes_document
from reviewtui.domain.review import Review
from reviewtui.ui.panes.base import PhasePane
from reviewtui.ui.widgets.minutes_view import MinutesView

FRAME_BUDGET = 0.025
"""Seconds: minutes that took longer than this to read back are redrawn once the review rests."""
REST = 0.15
"""Seconds without a change before long minutes are read back again."""


class ClosePane(PhasePane):
    BINDINGS = [Binding("c", "toggle_closed", "Close/reopen", tooltip="Close the session\nMark the session closed")]

    def compose(self) -> ComposeResult:
        with Horizontal(classes="close-buttons write-only"):
            yield Button("Export minutes… (ctrl+e)", id="export", compact=True)
            yield Button("Close the session (c)", id="close", variant="primary", compact=True)
        yield Static(classes="minutes-catching-up")
        yield MinutesView(classes="minutes")

    _slow = False
    """The last read-back took longer than a frame: the next waits for the review to rest."""
    _waiting: Timer | None = None

    def show(self, review: Review) -> None:
        button = self.query_one("#close", Button)
        button.label = "Reopen the session (c)" if review.closed else "Close the session (c)"
        if self._waiting is not None:
            self._waiting.stop()
            self._waiting = None
        if not self._slow:
            self._read_back(review)
            return
        # A long session (thousands of events) being stepped through: keep each step quick, and
        # read back the minutes when the cursor (or the room) pauses.
        notice = self.query_one(".minutes-catching-up", Static)
        notice.update(Content.styled(f"Reading back the minutes as of event {review.as_of_seq}…", "$text-warning"))
        notice.display = True
        self._waiting = self.set_timer(REST, lambda: self._read_back(self.review))

    def _read_back(self, review: Review) -> None:
        self._waiting = None
        started = time.perf_counter()
        self.query_one(MinutesView).update(minutes_document(review, threads=self.view.threads if self.view else None))
        self._slow = time.perf_counter() - started > FRAME_BUDGET
        self.query_one(".minutes-catching-up", Static).display = False

    def focus_default(self) -> None:
        self.query_one(MinutesView).focus()

    @on(Button.Pressed, "#export")
    def _export(self) -> None:
        self.post_message(self.DialogAsked("export"))

    @on(Button.Pressed, "#close")
    def _close_pressed(self) -> None:
        self.action_toggle_closed()

    def action_toggle_closed(self) -> None:
        if self.review.closed:
            # A refusal is said by the screen: "reopened" only once it is written.
            self.apply(changes.reopen_session, allow_closed=True, then=self._said("Session reopened."))
            return
        unreviewed = [a for a in self.review.carried_actions() if a.review is None]
        if not unreviewed:
            self._close_if(True)
            return
        from reviewtui.ui.dialogs.confirm import ConfirmDialog

        many = len(unreviewed) != 1
        question = (
            f"{len(unreviewed)} carried {'actions were' if many else 'action was'} not reviewed with "
            f"{'their owners' if many else 'its owner'} at check-in. Close anyway?"
        )
        self.app.push_screen(ConfirmDialog(question, "Close"), self._close_if)

    def _close_if(self, yes: bool | None) -> None:
        if yes:
            self.apply(changes.close_session, then=self._said("Session closed. Export the minutes with ctrl+e."))

    def _said(self, message: str) -> Callable[[list[Event] | None], None]:
        """Once the change is written (not if it was refused: the screen says why), say `message`."""

        def written(events: list[Event] | None) -> None:
            if events is not None:
                self.notify(message, timeout=4)

        return written

    def palette_title(self, binding: Binding) -> str | None:
        if binding.action == "toggle_closed" and self.view is not None and self.view.review.closed:
            return "Reopen the session"
        return None

"""Set the timebox of the current phase, in minutes; starting it is an event, so it survives a restart."""

from __future__ import annotations

from collections.abc import Callable, Collection

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from reviewtui.domain import changes
from reviewtui.domain.errors import InvalidInput
from reviewtui.domain.templates import Phase
from reviewtui.ui.widgets.field import Field


class TimerDialog(ModalScreen[bool]):
    BINDINGS = [Binding("escape", "dismiss(False)", "Cancel")]

    def __init__(self, phase: Phase, minutes: float, apply, timers: Callable[[], Collection[str]]) -> None:
        super().__init__(classes="dialog-screen")
        self.phase = phase
        self.minutes = minutes
        self._apply = apply
        self._timed = timers
        """The phases that have a timebox now."""

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(Content.assemble(("Timebox for ", "bold"), (self.phase.title, "bold")), classes="dialog-title")
            yield Field(
                "Minutes",
                name="minutes",
                value=f"{self.minutes:g}",
                placeholder="e.g. 10",
                commit_on_blur=False,
                suggested=True,
                select_on_focus=True,  # typing 15 over the suggested 10 gives 15, not 1015
            )
            yield Static(
                Content.styled("Enter starts the countdown now; 0 takes the timebox off. Esc cancels.", "$text-muted"),
                classes="dialog-help",
            )

    def on_mount(self) -> None:
        self.query_one(Field).focus()

    @on(Field.Committed)
    def _committed(self, event: Field.Committed) -> None:
        event.stop()
        phase_id, minutes = self.phase.id, event.value.strip()
        off = minutes in ("0", "")
        try:
            if off and phase_id not in self._timed():
                self.dismiss(False)  # no timebox, and none wanted
                return
            events = self._apply(
                (lambda r: changes.clear_timer(r, phase_id))
                if off
                else (lambda r: changes.start_timer(r, phase_id, minutes))
            )
        except InvalidInput as problem:
            event.field.reject(problem.problem)
            return
        if events is not None:
            self.dismiss(True)

"""The facilitator's view: the template's phases in order, one pane each, a stepper and a timebox.

Every change goes through `apply`, which writes it to disk at once and refreshes what is shown.
"""

from __future__ import annotations

from collections.abc import Iterable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Footer, Static

from reviewtui.domain import changes
from reviewtui.domain.templates import Phase
from reviewtui.errors import InvalidInput, ReviewtuiError
from reviewtui.store.store import Change
from reviewtui.ui.panes.base import Command
from reviewtui.ui.screens.review_screen import ReviewScreen
from reviewtui.ui.widgets.phase_timer import PhaseTimer


class FacilitatorScreen(ReviewScreen):
    BINDINGS = [
        Binding("pagedown", "next_phase", "Next phase", priority=True, key_display="PgDn"),
        Binding("pageup", "previous_phase", "Back", priority=True, key_display="PgUp"),
        Binding("ctrl+d", "decision", "Decision", priority=True),
        Binding("ctrl+t", "timer", "Timebox", priority=True),
        Binding("ctrl+e", "export", "Export", priority=True),
        Binding("ctrl+o", "sessions", "Sessions", priority=True),
    ]

    # ------------------------------------------------------------------------------ layout

    def compose(self) -> ComposeResult:
        with Horizontal(id="session-bar"):
            yield Static(id="session-title")
            yield PhaseTimer(self.clock, id="phase-timer")
        yield from self.compose_phases()
        yield Footer()

    def on_mount(self) -> None:
        review = self.session.review
        self._header(review)
        if review.phase != self.phase.id and not review.closed:
            self.apply(lambda r: changes.enter_phase(r, self.phase.id))

    # ------------------------------------------------------------------------------ changes

    def apply(self, change: Change, allow_closed: bool = False) -> list | None:
        """Write a change at once; refresh. InvalidInput propagates to the field that asked."""
        if self.session.review.closed and not allow_closed:
            self.notify("This session is closed. Reopen it in the Close phase (c) to change it.",
                        severity="warning", timeout=4)  # fmt: skip
            return None
        try:
            events = self.session.apply(change)
        except InvalidInput:
            raise
        except ReviewtuiError as problem:
            self.notify(str(problem), title="Not saved", severity="error", markup=False, timeout=8)
            return None
        self.review_changed()
        return events

    def record_phase(self, phase: Phase) -> None:
        self.apply(lambda r: changes.enter_phase(r, phase.id))  # refreshes what is shown

    def _step(self, offset: int) -> None:
        index = self.phases.index(self.phase) + offset
        if 0 <= index < len(self.phases):
            self.show_phase(self.phases[index].id)

    def action_next_phase(self) -> None:
        self._step(+1)

    def action_previous_phase(self) -> None:
        self._step(-1)

    def on_phase_timer_crossed(self, event: PhaseTimer.Crossed) -> None:
        title = self.phase.title if event.phase == self.phase.id else event.phase
        if event.state == "warning":
            self.notify(f"One minute left for {title}.", title="Timebox", severity="warning", timeout=6)
        else:
            self.notify(f"Time is up for {title}.", title="Timebox", severity="error", timeout=8)

    # ------------------------------------------------------------------------------ actions

    def action_decision(self, decision_id: str | None = None) -> None:
        if self.session.review.closed:
            self.apply(lambda r: [])  # says why nothing can be recorded
            return
        self.pane.flush()
        from reviewtui.ui.dialogs.decision import DecisionDialog

        self.app.push_screen(DecisionDialog(self.session, self.apply, decision_id), lambda _: self.review_changed())

    def action_timer(self) -> None:
        timer = self.session.review.timers.get(self.phase.id)
        minutes = timer.seconds / 60 if timer else self.phase.minutes
        from reviewtui.ui.dialogs.timer import TimerDialog

        self.app.push_screen(TimerDialog(self.phase, minutes, self.apply), lambda _: self.review_changed())

    def action_export(self) -> None:
        self.pane.flush()
        from reviewtui.ui.dialogs.export import export_from

        export_from(self, log=self.session.log)

    def action_sessions(self) -> None:
        self.pane.flush()
        self.app.show_home()  # type: ignore[attr-defined]

    # ------------------------------------------------------------------------------ palette

    def commands(self) -> Iterable[Command]:
        yield ("Next phase", "Go to the next phase (PgDn)", self.action_next_phase)
        yield ("Previous phase", "Go back one phase (PgUp)", self.action_previous_phase)
        for number, phase in enumerate(self.phases, start=1):
            yield (f"Go to phase {number}: {phase.title}", phase.purpose,
                   lambda phase_id=phase.id: self.show_phase(phase_id))  # fmt: skip
        yield ("Record a decision", "Capture a decision from any phase (ctrl+d)", self.action_decision)
        yield ("Set the timebox", f"Minutes for {self.phase.title} (ctrl+t)", self.action_timer)
        yield ("Export", "Write the minutes, JSON or action items to a file (ctrl+e)", self.action_export)
        yield ("Sessions", "Back to the list of sessions (ctrl+o)", self.action_sessions)
        yield from self.pane.commands()

"""The facilitator's view: the template's phases in order, one pane each, a stepper and a timebox.

Every change goes through `apply`, which writes it to disk at once and refreshes what is shown.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from datetime import datetime

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.content import Content
from textual.screen import Screen
from textual.widgets import ContentSwitcher, Footer, Static

from reviewtui.domain import changes
from reviewtui.domain.review import Review
from reviewtui.domain.templates import Phase
from reviewtui.errors import InvalidInput, ReviewtuiError
from reviewtui.store.store import Change
from reviewtui.ui.panes.base import Command, PhasePane
from reviewtui.ui.session import OpenSession
from reviewtui.ui.widgets.phase_timer import PhaseTimer
from reviewtui.ui.widgets.stepper import Stepper

# Pane modules are imported when their phase is first shown: the first frame needs one pane.
PANES: dict[str, tuple[str, str]] = {
    "check-in": ("checkin", "CheckinPane"), "objectives": ("objectives", "ObjectivesPane"),
    "kpis": ("kpis", "KpisPane"), "impact": ("impact", "ImpactPane"), "actions": ("actions", "ActionsPane"),
    "decisions": ("decisions", "DecisionsPane"), "close": ("close", "ClosePane"),
}  # fmt: skip
SHORT = 32
"""Below this many rows the phase's questions are hidden, to keep room for the work."""


def pane_for(phase: Phase) -> PhasePane:
    module, name = PANES[phase.kind]
    return getattr(importlib.import_module(f"reviewtui.ui.panes.{module}"), name)(phase)


class FacilitatorScreen(Screen[None]):
    BINDINGS = [
        Binding("pagedown", "next_phase", "Next phase", priority=True, key_display="PgDn"),
        Binding("pageup", "previous_phase", "Back", priority=True, key_display="PgUp"),
        Binding("ctrl+d", "decision", "Decision", priority=True),
        Binding("ctrl+t", "timer", "Timebox", priority=True),
        Binding("ctrl+e", "export", "Export", priority=True),
        Binding("ctrl+o", "sessions", "Sessions", priority=True),
    ]

    def __init__(self, session: OpenSession, clock: Callable[[], datetime]) -> None:
        super().__init__()
        self.session = session
        self.clock = clock
        self.phases = session.review.template.phases
        self.phase: Phase = self.phases[0]

    # ------------------------------------------------------------------------------ layout

    def compose(self) -> ComposeResult:
        review = self.session.review
        self.phase = review.template.phase(review.phase or "") or self.phases[0]
        # Set now, not on the first resize: toggling a class later restyles the whole screen.
        self.set_class(self.app.size.height < SHORT, "-short")
        with Horizontal(id="session-bar"):
            yield Static(id="session-title")
            yield PhaseTimer(self.clock, id="phase-timer")
        yield Stepper(self.phases, id="stepper")
        yield Static(id="phase-purpose")
        with ContentSwitcher(id="phases", initial=f"phase-{self.phase.id}"):
            yield pane_for(self.phase)
        yield Footer()

    def on_mount(self) -> None:
        review = self.session.review
        self._header(review)
        if review.phase != self.phase.id and not review.closed:
            self.apply(lambda r: changes.enter_phase(r, self.phase.id))

    def on_resize(self) -> None:
        short = self.size.height < SHORT
        if short != self.has_class("-short"):
            self.set_class(short, "-short")

    @property
    def pane(self) -> PhasePane:
        return self.query_one(f"#phase-{self.phase.id}", PhasePane)

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

    def review_changed(self) -> None:
        review = self.session.review
        self._header(review)
        if self.pane.children:  # a pane still being mounted shows itself when ready
            self.pane.show(review)

    def _header(self, review: Review) -> None:
        info = review.session
        parts: list[Content | str | tuple[str, str]] = [(info.title, "bold")]
        if info.series:
            parts += [("  · ", "$text-muted"), (info.series, "$text-muted")]
        if review.closed:
            parts += ["  ", ("[closed]", "bold $text-warning")]
        self.query_one("#session-title", Static).update(Content.assemble(*parts))
        self.query_one(PhaseTimer).timer = review.timers.get(self.phase.id)
        self.query_one(Stepper).current = self.phase.id
        self.query_one("#phase-purpose", Static).update(
            Content.assemble((f"{self.phase.title}: ", "bold"), (self.phase.purpose, "$text-muted"))
        )

    # ------------------------------------------------------------------------------ phases

    def show_phase(self, phase_id: str, record: bool = True) -> None:
        phase = self.session.review.template.phase(phase_id)
        if phase is None:
            return
        if phase.id != self.phase.id:
            self.pane.flush()
        self.phase = phase
        switcher = self.query_one(ContentSwitcher)
        if not switcher.query(f"#phase-{phase.id}"):
            switcher.mount(pane_for(phase))  # shows itself and takes the focus once mounted
        switcher.current = f"phase-{phase.id}"
        if record and not self.session.review.closed:
            self.apply(lambda r: changes.enter_phase(r, phase.id))  # refreshes what is shown
        else:
            self.review_changed()
        if self.pane.children:
            self.pane.focus_default()

    def _step(self, offset: int) -> None:
        index = self.phases.index(self.phase) + offset
        if 0 <= index < len(self.phases):
            self.show_phase(self.phases[index].id)

    def action_next_phase(self) -> None:
        self._step(+1)

    def action_previous_phase(self) -> None:
        self._step(-1)

    def on_stepper_selected(self, event: Stepper.Selected) -> None:
        self.show_phase(event.phase_id)

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

    def flush(self) -> None:
        """Commit whatever was typed and not yet committed: the app is about to go."""
        self.pane.flush()

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

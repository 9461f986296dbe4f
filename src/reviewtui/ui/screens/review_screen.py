"""What the facilitator's view and the replay share: the phases, one pane each, the stepper, the header."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from datetime import datetime

from textual.app import ComposeResult
from textual.content import Content
from textual.screen import Screen
from textual.widgets import ContentSwitcher, Static

from reviewtui.domain.meeting import VOTABLE_KINDS
from reviewtui.domain.review import Review
from reviewtui.domain.templates import Phase
from reviewtui.store.store import Change
from reviewtui.ui.panes.base import PhasePane
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


class ReviewScreen(Screen[None]):
    read_only = False
    """The replay shows the same panes, but nothing in them can be changed."""

    def __init__(self, session: OpenSession, clock: Callable[[], datetime]) -> None:
        super().__init__()
        self.session = session
        self.clock = clock
        self.phases = session.review.template.phases
        review = session.review
        self.phase: Phase = review.template.phase(review.phase or "") or self.phases[0]

    def compose_phases(self) -> ComposeResult:
        # Set now, not on the first resize: toggling a class later restyles the whole screen.
        self.set_class(self.app.size.height < SHORT, "-short")
        yield Stepper(self.phases, id="stepper")
        yield Static(id="phase-purpose")
        with ContentSwitcher(id="phases", initial=f"phase-{self.phase.id}"):
            yield pane_for(self.phase)

    def on_resize(self) -> None:
        short = self.size.height < SHORT
        if short != self.has_class("-short"):
            self.set_class(short, "-short")

    @property
    def role(self) -> str:
        """"facilitator", "participant" or "observer" (a replay is read-only whoever watches)."""
        return self.session.role

    def may_change(self, kind: str) -> bool:
        """May this person change things in a phase of this kind? A participant contributes to
        the impact answers and the actions; an observer and a replay change nothing."""
        if self.read_only or self.role == "observer":
            return False
        return self.role == "facilitator" or kind in VOTABLE_KINDS

    @property
    def pane(self) -> PhasePane:
        return self.query_one(f"#phase-{self.phase.id}", PhasePane)

    def apply(self, change: Change, allow_closed: bool = False) -> list | None:
        raise NotImplementedError

    def review_changed(self) -> None:
        review = self.session.review
        self._header(review)
        if self.pane.ready:  # a pane still being mounted shows itself when ready
            self.pane.show(review)

    def _header(self, review: Review) -> None:
        info = review.session
        parts: list[Content | str | tuple[str, str]] = [(info.title, "bold")]
        if info.series:
            parts += [("  · ", "$text-muted"), (info.series, "$text-muted")]
        if review.closed:
            parts += ["  ", ("[closed]", "bold $text-warning")]
        self.query_one("#session-title", Static).update(Content.assemble(*parts))
        for timer in self.query(PhaseTimer):
            timer.timer = review.timers.get(self.phase.id)
        self.query_one(Stepper).current = self.phase.id
        self.query_one("#phase-purpose", Static).update(
            Content.assemble((f"{self.phase.title}: ", "bold"), (self.phase.purpose, "$text-muted"))
        )

    def show_phase(self, phase_id: str, record: bool = True) -> None:
        """Show a phase's pane (mounting it the first time); the facilitator's view records it."""
        phase = self.session.review.template.phase(phase_id)
        if phase is None:
            return
        if phase.id != self.phase.id:
            self.flush()
        self.phase = phase
        switcher = self.query_one(ContentSwitcher)
        if not switcher.query(f"#phase-{phase.id}"):
            switcher.mount(pane_for(phase))  # shows itself and takes the focus once mounted
        switcher.current = f"phase-{phase.id}"
        if record and not self.read_only and not self.session.review.closed:
            self.record_phase(phase)
        else:
            self.review_changed()
        if self.pane.ready and not self.read_only:  # on a replay the timeline keeps the focus
            self.pane.focus_default()

    def record_phase(self, phase: Phase) -> None:
        self.review_changed()

    def on_stepper_selected(self, event: Stepper.Selected) -> None:
        self.show_phase(event.phase_id)

    def flush(self) -> None:
        """Commit whatever was typed and not yet committed (leaving the phase, or the app)."""
        if not self.read_only and self.pane.ready:  # a pane still mounting holds nothing typed
            self.pane.flush()

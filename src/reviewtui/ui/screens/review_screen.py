"""What the facilitator's view and the replay share: the phases, one pane each, the stepper, the
header; the view each pane is given, the changes panes ask for, and the series looked back on."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from datetime import datetime

from textual import on
from textual.app import ComposeResult
from textual.content import Content
from textual.screen import Screen
from textual.timer import Timer
from textual.widget import AwaitMount
from textual.widgets import ContentSwitcher, Static

from reviewtui.application.open_session import OpenSession
from reviewtui.application.writing import Change
from reviewtui.domain.basics import Role
from reviewtui.domain.errors import InvalidInput
from reviewtui.domain.events import Event
from reviewtui.domain.review import Review
from reviewtui.domain.templates import Phase
from reviewtui.ui.panes.base import PhasePane, PhaseView
from reviewtui.ui.screens.series_lookup import LooksBack
from reviewtui.ui.typed_app import UsesReviewApp
from reviewtui.ui.widgets.phase_timer import PhaseTimer
from reviewtui.ui.widgets.stepper import Stepper

# Pane modules are imported when their phase is first shown: the first frame needs one pane.
PANES: dict[str, tuple[str, str]] = {
    "check-in": ("checkin", "CheckinPane"),
    "objectives": ("objectives", "ObjectivesPane"),
    "kpis": ("kpis", "KpisPane"),
    "impact": ("impact", "ImpactPane"),
    "actions": ("actions", "ActionsPane"),
    "decisions": ("decisions", "DecisionsPane"),
    "close": ("close", "ClosePane"),
}
SHORT = 32
"""Below this many rows the phase's questions are hidden, to keep room for the work."""
NEIGHBOURS_AFTER = 0.3
"""Seconds after a phase is shown before the phases beside it are mounted: its frames are out by
then, and a room moving on that quickly is stepping through (each mounted as it is reached)."""


def pane_for(phase: Phase) -> PhasePane:
    module, name = PANES[phase.kind]
    pane: PhasePane = getattr(importlib.import_module(f"reviewtui.ui.panes.{module}"), name)(phase)
    return pane


class ReviewScreen(LooksBack, UsesReviewApp, Screen[None]):
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
            yield self._with_view(pane_for(self.phase))

    def on_mount(self) -> None:
        # (Textual calls this and each subclass's on_mount, as it does every handler of the MRO.)
        self._get_neighbours_ready()

    def on_screen_resume(self) -> None:
        for timer in self.query(PhaseTimer):
            timer.refresh()  # not redrawn while a dialog covered the screen
        self._get_neighbours_ready()

    def on_screen_suspend(self) -> None:
        self._stop_neighbours()  # a dialog over it, or leaving it: nothing is mounted meanwhile

    def on_unmount(self) -> None:
        self._stop_neighbours()

    def on_resize(self) -> None:
        short = self.size.height < SHORT
        if short != self.has_class("-short"):
            self.set_class(short, "-short")
            self._script()  # the questions: one per line, or run on to save rows

    @property
    def role(self) -> Role:
        """ "facilitator", "participant" or "observer" (a replay is read-only whoever watches)."""
        return self.session.role

    def may_change(self, kind: str) -> bool:
        """May this person change things in a phase of this kind (domain.meeting.Permissions)?"""
        return not self.read_only and self.session.permissions.may_change(kind)

    @property
    def pane(self) -> PhasePane:
        return self.query_one(f"#phase-{self.phase.id}", PhasePane)

    # ------------------------------------------------------------------------------ what panes show

    def phase_view(self) -> PhaseView:
        """What the panes show now: the review, the person, what they may do, the series."""
        session = self.session
        earlier = session.earlier
        return PhaseView(
            review=session.review,
            actor=session.actor,
            role=session.role,
            permissions=session.permissions,
            read_only=self.read_only,
            earlier=tuple(earlier) if earlier is not None else None,
            series=session.threads if earlier is not None else None,
        )

    def _with_view(self, pane: PhasePane) -> PhasePane:
        pane.set_reactive(PhasePane.view, self.phase_view())  # no watcher yet: it shows itself when ready
        return pane

    def review_changed(self) -> None:
        review = self.session.review
        self._header(review)
        self.pane.view = self.phase_view()  # the pane shows it (once ready)

    def _header(self, review: Review) -> None:
        info = review.session
        parts: list[Content | str | tuple[str, str]] = [(info.title, "bold")]
        if info.series:
            parts += [("  · ", "$text-muted"), (info.series, "$text-muted")]
        for parameter in review.template.parameters:  # a partner review's partner, deadline, budget
            value = review.parameters.get(parameter.name)
            if value:
                parts += [("  · ", "$text-muted"), (f"{parameter.label}: ", "$text-muted"), value]
        if review.closed:
            parts += ["  ", ("[closed]", "bold $text-warning")]
        self.query_one("#session-title", Static).update(Content.assemble(*parts))
        for timer in self.query(PhaseTimer):
            timer.timer = review.timers.get(self.phase.id)
        self.query_one(Stepper).current = self.phase.id
        self._script()

    _scripted: tuple[str, bool] | None = None

    def _script(self) -> None:
        """The phase's purpose and its questions, the facilitation script, at every size: one
        question per line where there is room, run on after the purpose on a short terminal."""
        short = self.has_class("-short")
        if self._scripted == (self.phase.id, short) or not self.is_mounted:
            return
        self._scripted = (self.phase.id, short)
        phase = self.phase
        # The impact phase lists its questions to pick from: not said twice.
        questions = () if phase.kind == "impact" else phase.questions
        head = Content.assemble((f"{phase.title}: ", "bold"), (phase.purpose, "$text-muted"))
        asked = [Content.assemble(("? ", "bold $text-accent"), (q, "$text-muted")) for q in questions]
        text = Content("  ").join([head, *asked]) if short else Content("\n").join([head, *asked])
        self.query_one("#phase-purpose", Static).update(text)

    # ------------------------------------------------------------------------------ the series

    @on(LooksBack.SeriesLooked)
    def _series_looked(self) -> None:
        self.review_changed()

    # ------------------------------------------------------------------------------ changes panes ask for

    def apply(self, change: Change, allow_closed: bool = False) -> list[Event] | None:
        raise NotImplementedError

    @on(PhasePane.ChangeAsked)
    def on_change_asked(self, message: PhasePane.ChangeAsked) -> None:
        message.stop()
        try:
            events = self.apply(message.change, allow_closed=message.allow_closed)
        except InvalidInput as problem:
            if not message.refused(problem):
                self.notify(problem.problem, title="Not saved", severity="warning", timeout=6)
            return
        message.applied(events)

    @on(PhasePane.DialogAsked)
    def _dialog_asked(self, message: PhasePane.DialogAsked) -> None:
        message.stop()
        self.run_dialog(message.dialog, message.item_id)

    def run_dialog(self, dialog: str, item_id: str | None) -> None:
        """Open the dialog a pane asked for (the facilitator's screen has them)."""

    # ------------------------------------------------------------------------------ phases

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
            switcher.mount(self._with_view(pane_for(phase)))  # shows itself and takes the focus once mounted
        switcher.current = f"phase-{phase.id}"
        self._get_neighbours_ready()
        if record and not self.read_only and not self.session.review.closed:
            self.record_phase(phase)
        else:
            self.review_changed()
        if self.pane.ready and not self.read_only:  # on a replay the timeline keeps the focus
            self.pane.focus_default()

    # ------------------------------------------------------------------------------ the phases beside

    _neighbours: Timer | None = None
    _mounting: AwaitMount | None = None

    def _get_neighbours_ready(self) -> None:
        """Soon after a phase is drawn, mount the phases either side of it, hidden: mounting a
        pane is most of a first visit (about 200 ms of 270 on a pty, benchmarks/meeting_bench.py),
        and PgUp or PgDn then only has to show it."""
        self._stop_neighbours()  # still moving through phases: only where the room stops
        if self.is_attached:
            self._neighbours = self.set_timer(NEIGHBOURS_AFTER, self._mount_neighbours)

    def _stop_neighbours(self) -> None:
        if self._neighbours is not None:
            self._neighbours.stop()
            self._neighbours = None

    def _mount_neighbours(self) -> None:
        """The next phase's pane, then the previous one's: one at a time, each when the last is in,
        so that a key pressed meanwhile waits for one pane at most."""
        self._neighbours = None
        # Only on the screen in front: one being left is having its widgets taken down.
        if not (self.is_current and self.is_attached and self.display):
            return
        switcher = self.query_one(ContentSwitcher)
        index = self.phases.index(self.phase)
        for phase in (*self.phases[index + 1 : index + 2], *self.phases[max(0, index - 1) : index]):
            if not switcher.query(f"#phase-{phase.id}"):
                pane = self._with_view(pane_for(phase))
                pane.display = False  # the switcher shows it when it is current
                self._mounting = switcher.mount(pane)
                self._neighbours = self.set_timer(NEIGHBOURS_AFTER, self._mount_neighbours)
                return

    async def ready_to_leave(self) -> None:
        """Wait until no pane is being mounted ahead: taking the screen down while one is (a
        quit, back to the sessions) breaks its widgets half-way, and Textual raises."""
        self._stop_neighbours()
        mounting, self._mounting = self._mounting, None
        if mounting is not None:
            await mounting

    def record_phase(self, phase: Phase) -> None:
        self.review_changed()

    def on_stepper_selected(self, event: Stepper.Selected) -> None:
        self.show_phase(event.phase_id)

    def flush(self) -> None:
        """Write whatever was typed and not yet committed, at once (leaving the phase, or the app:
        then no message posted would be read)."""
        if self.read_only or not self.pane.ready:  # a pane still mounting holds nothing typed
            return
        for message in self.pane.unsaved():
            self.on_change_asked(message)

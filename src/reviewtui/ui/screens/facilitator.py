"""The session's view for everyone in the room: the template's phases, one pane each, a stepper,
a timebox, who is here and what just happened.

The facilitator drives (phases, timebox, accepting proposals, voting); a participant follows
the facilitator's phase, proposes answers, actions and decisions and places dots; an observer
watches. Every change goes through `apply`, which writes it to disk at once; other people's
changes arrive through the room's polling.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from functools import partial

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import OptionList, Static

from reviewtui.application.open_session import OpenSession
from reviewtui.application.room import POLL_SECONDS, PRESENCE_SECONDS, Pointer, Room
from reviewtui.application.writing import Change
from reviewtui.domain import changes, meeting
from reviewtui.domain.errors import InvalidInput, ReviewtuiError
from reviewtui.domain.events import Event
from reviewtui.domain.projection import QUESTION
from reviewtui.domain.templates import Phase
from reviewtui.ui.commands import Command, binding_commands
from reviewtui.ui.dialogs.items import ItemsDialog
from reviewtui.ui.screens.review_screen import ReviewScreen
from reviewtui.ui.widgets.footer import SteadyFooter
from reviewtui.ui.widgets.phase_timer import PhaseTimer
from reviewtui.ui.widgets.room import activity_line, room_line
from reviewtui.ui.widgets.sidebar import SessionSidebar

WIDE = 160
"""From this many columns, the session at a glance sits beside the phase."""
TALL = 50
"""Rows from which the KPI chart is drawn big (a projector at 200x60; 80x24 and 120x40 keep it small)."""


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:] + ("" if text.endswith((".", "”")) else ".")


class FacilitatorScreen(ReviewScreen):
    BINDINGS = [
        Binding(
            "pagedown",
            "next_phase",
            "Next phase",
            priority=True,
            key_display="PgDn",
            tooltip="Next phase\nGo to the next phase",
        ),
        Binding(
            "pageup",
            "previous_phase",
            "Back",
            priority=True,
            key_display="PgUp",
            tooltip="Previous phase\nGo back one phase",
        ),
        Binding(
            "ctrl+f",
            "follow",
            "Follow",
            priority=True,
            tooltip="Follow the facilitator\nBack to the phase the room is in",
        ),
        Binding(
            "ctrl+d",
            "decision",
            "Decision",
            priority=True,
            tooltip="Record a decision\nCapture a decision from any phase",
        ),
        Binding(
            "ctrl+b",
            "votes",
            "Dots",
            priority=True,  # not ctrl+v: a field pastes with it
            tooltip="Place dots\nVote on this phase's items",
        ),
        Binding(
            "ctrl+r",
            "proposals",
            "Proposals",
            priority=True,
            tooltip="Proposals\nAccept, edit or remove what participants proposed",
        ),
        Binding("ctrl+t", "timer", "Timebox", priority=True, tooltip="Set the timebox\nMinutes for this phase"),
        Binding(
            "ctrl+e", "export", "Export", priority=True, tooltip="Export\nThe minutes, the JSON or the action items"
        ),
        Binding("ctrl+o", "sessions", "Sessions", priority=True, tooltip="Sessions\nBack to the list of sessions"),
        Binding(
            "f5",
            "projector",
            "Projector",
            priority=True,
            tooltip="Projector view\nThe room's view, big: the KPIs, the question, the action (Esc comes back)",
        ),
        Binding(
            "ctrl+z",
            "undo",
            "Undo",
            priority=True,
            tooltip="Undo\nTake back your last change in this session (again: the one before it)",
        ),
    ]
    _FACILITATOR_ONLY = frozenset({"timer", "proposals"})

    def __init__(self, session: OpenSession, clock: Callable[[], datetime], room: Room) -> None:
        self.room = room
        super().__init__(session, clock)
        self.following = True
        """A participant's view moves with the facilitator's phase until they look elsewhere."""
        if self.role != "facilitator" and session.review.phase:
            self.phase = session.review.template.phase(session.review.phase) or self.phase

    # ------------------------------------------------------------------------------ layout

    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (WIDE, "-wide")]
    """A wide terminal shows the session at a glance beside the phase (see app.tcss)."""
    VERTICAL_BREAKPOINTS = [(0, "-not-tall"), (TALL, "-tall")]
    """A tall one draws the KPI chart big."""

    def compose(self) -> ComposeResult:
        self.add_class(f"-{self.role}")
        with Horizontal(id="session-bar"):
            yield Static(id="session-title")
            yield PhaseTimer(self.clock, id="phase-timer", can_set=self.role == "facilitator")
        yield Static(id="room")
        with Horizontal(id="work"):
            with Vertical(id="work-phase"):
                yield from self.compose_phases()
            yield SessionSidebar(id="sidebar")
        yield Static(id="activity")
        yield SteadyFooter()

    def on_resize(self) -> None:
        # (ReviewScreen.on_resize runs too: Textual calls the handler of every class of the MRO.)
        self.call_after_refresh(self._glance)  # shown or hidden by the width: drawn once it has one

    def _glance(self) -> None:
        self.query_one(SessionSidebar).show(self.session.review, self.session.log)

    def on_mount(self) -> None:
        if not self.room.entered:
            self.room.enter()
        review = self.session.review
        self.review_changed()  # what the room entering wrote (this person joining) is in the pane's view
        if self.role == "facilitator" and review.phase != self.phase.id and not review.closed:
            self.apply(lambda r: changes.enter_phase(r, self.phase.id))
        self._show_room()
        self.set_interval(POLL_SECONDS, self._poll)
        self.set_interval(PRESENCE_SECONDS, self._scan)
        # After the first frame is on screen: the listing it reads would compete for the GIL.
        self.call_after_refresh(self.look_back)

    # ------------------------------------------------------------------------------ the room

    def _poll(self) -> None:
        if not self.is_attached:  # the app is closing: its widgets are being taken down
            return
        if not self.room.poll():
            return
        try:
            handed = self.room.take_seat_if_handed()
        except ReviewtuiError as problem:
            self.notify(str(problem), title="Seat", severity="error", markup=False, timeout=8)
            handed = False
        if handed:
            self.notify("The facilitator seat is yours now.", title="Seat", timeout=6)
            self._reseat()
            return
        review = self.session.review
        if self.role != "facilitator" and self.following and review.phase and review.phase != self.phase.id:
            self.show_phase(review.phase, record=False)
        else:
            self.review_changed()
        if isinstance(self.app.screen, ItemsDialog):  # dots or proposals open: theirs move too
            self.app.screen.review_changed()

    def _scan(self) -> None:
        self.room.scan()
        self._show_room()

    def _reseat(self) -> None:
        """The role changed (a hand-over): the same session, shown afresh for the new role. With
        a dialog open, once it closes: switching now would replace the dialog, not this screen."""
        if not self.is_current:
            self._reseat_on_resume = True
            return
        self._room_handed_on = True
        self.run_worker(self._reseat_when_ready(), exclusive=True, group="reseat")

    async def _reseat_when_ready(self) -> None:
        await self.ready_to_leave()
        self.app.switch_screen(FacilitatorScreen(self.session, self.clock, self.room))

    _room_handed_on = False
    _reseat_on_resume = False

    def on_screen_resume(self) -> None:
        if self._changed_under_dialog:
            self._changed_under_dialog = False
            self.review_changed()
        if self._reseat_on_resume:
            self._reseat_on_resume = False
            self.call_later(self._reseat)

    def on_unmount(self) -> None:
        # Back to the sessions list, or the app ending however it ends: we left the room.
        if not self._room_handed_on:
            self.room.leave()

    _changed_under_dialog = False

    def review_changed(self) -> None:
        if isinstance(self.app.screen, ItemsDialog) and self.app.screen_stack[-2:-1] == [self]:
            # Dots or proposals open over this screen, and it is drawn dimmed behind them: each
            # redraw of it redraws the dialog's whole backdrop, at every dot. Once it closes.
            self._changed_under_dialog = True
            return
        super().review_changed()
        if self.query("#sidebar"):
            self._glance()
        self._show_room()
        self.refresh_bindings()  # proposals waiting, voting opened: keys come and go

    _room_shown = ("", -1)

    def _show_room(self) -> None:
        """Who is here and the latest change, redrawn only when they changed: an idle screen
        writes nothing to the terminal, so sshd can tell a quiet link from a dead one."""
        if not self.query("#room"):
            return  # not composed yet (a refresh while the screen is being built)
        line = room_line(self.room, self.session.review, self.phase, self.following)
        shown = (line.markup, self.session.log.last_seq)
        if shown == self._room_shown:
            return
        if shown[0] != self._room_shown[0]:
            self.query_one("#room", Static).update(line)
        if shown[1] != self._room_shown[1]:
            self.query_one("#activity", Static).update(activity_line(self.session.log))
        self._room_shown = shown

    def action_follow(self) -> None:
        self.following = True
        phase = self.session.review.phase
        if phase:
            self.show_phase(phase, record=False)  # redraws the room line and the keys too

    def leave(self) -> None:
        """The app is going (quit, a hang-up): say so in the log; the locks go with the process."""
        self.room.leave()

    # ------------------------------------------------------------------------------ the room's screen

    @on(OptionList.OptionHighlighted)
    def _point(self, event: OptionList.OptionHighlighted) -> None:
        """What the facilitator highlights is what the projector shows (through presence)."""
        option_id = event.option.id
        if option_id is None:
            return
        review = self.session.review
        if event.option_list.has_class("question-list"):
            item = f"{QUESTION}{option_id}"
        elif review.find_item(option_id) or option_id in review.kpis or option_id in review.objectives:
            item = option_id
        else:
            return  # "+ Add…", a heading: the projector stays on what it showed
        self.room.point(Pointer(self.phase.id, item))

    def action_projector(self) -> None:
        from reviewtui.ui.screens.projector import ProjectorScreen  # imported when first shown

        self.flush()
        self.app.push_screen(ProjectorScreen(self.session, self.clock, self.room, shown_phase=lambda: self.phase.id))

    # ------------------------------------------------------------------------------ changes

    def apply(self, change: Change, allow_closed: bool = False) -> list[Event] | None:
        """Write a change at once; refresh. InvalidInput propagates to the field that asked."""
        if self.session.review.closed and not allow_closed:
            self.notify(
                "This session is closed. Reopen it in the Close phase (c) to change it.", severity="warning", timeout=4
            )
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
        if self.role != "facilitator":
            # A participant looks around; the room stays where the facilitator is.
            self.following = phase.id == self.session.review.phase
            self.review_changed()
            return
        self.apply(lambda r: changes.enter_phase(r, phase.id))  # refreshes what is shown

    def _step(self, offset: int) -> None:
        index = self.phases.index(self.phase) + offset
        if 0 <= index < len(self.phases):
            self.show_phase(self.phases[index].id)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        may = self.session.permissions
        if action in self._FACILITATOR_ONLY and not may.facilitates:
            return False
        if action == "follow":
            return not may.facilitates and not self.following
        if action == "sessions" and self.review_app.pinned:
            return False  # a browser tab of `reviewtui web` shows this session only
        if action == "decision" and not may.contributes:
            return False
        if action == "votes":  # shown while voting is open in this phase (the palette has it too)
            return self.phase.id in self.session.review.voting and may.contributes
        if action == "proposals" and may.facilitates:
            return bool(self.session.review.proposals())
        return True

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

    def run_dialog(self, dialog: str, item_id: str | None) -> None:
        if dialog == "decision":
            self.action_decision(item_id)
        elif dialog == "export":
            self.action_export()

    def action_decision(self, decision_id: str | None = None) -> None:
        if self.session.review.closed:
            self.apply(lambda r: [])  # says why nothing can be recorded
            return
        self.flush()
        from reviewtui.ui.dialogs.decision import DecisionDialog

        self.app.push_screen(DecisionDialog(self.session, self.apply, decision_id), lambda _: self.review_changed())

    def action_timer(self) -> None:
        timer = self.session.review.timers.get(self.phase.id)
        minutes = timer.seconds / 60 if timer else self.phase.minutes
        from reviewtui.ui.dialogs.timer import TimerDialog

        self.app.push_screen(
            TimerDialog(self.phase, minutes, self.apply, lambda: self.session.review.timers),
            lambda _: self.review_changed(),
        )

    def action_votes(self) -> None:
        self.flush()
        from reviewtui.ui.dialogs.votes import VotesDialog

        self.app.push_screen(VotesDialog(self.session, self.phase, self.apply), lambda _: self.review_changed())

    def action_proposals(self) -> None:
        self.flush()
        from reviewtui.ui.dialogs.proposals import ProposalsDialog

        self.app.push_screen(ProposalsDialog(self.session, self.apply), lambda _: self.review_changed())

    def open_voting(self) -> None:
        from reviewtui.ui.dialogs.ask import AskDialog

        phase = self.phase

        def opened(count: str | None) -> None:
            if count is not None:
                self._apply_said(lambda r: meeting.open_voting(r, phase.id, count))

        self.app.push_screen(AskDialog(f"Dot voting in {phase.title}: dots per person", "Dots each", "3"), opened)

    def close_voting(self) -> None:
        self._apply_said(lambda r: meeting.close_voting(r, self.phase.id))

    def reveal_votes(self) -> None:
        self._apply_said(lambda r: meeting.reveal(r, self.phase.id))

    def set_anonymous(self, anonymous: bool) -> None:
        self._apply_said(lambda r: meeting.set_anonymous(r, self.phase.id, anonymous))

    def _apply_said(self, change: Change) -> None:
        """Apply a change of no field: a refusal is a notification."""
        try:
            self.apply(change)
        except InvalidInput as problem:
            self.notify(problem.problem, severity="warning", markup=False, timeout=6)

    def hand_seat(self) -> None:
        from reviewtui.ui.dialogs.ask import PickDialog

        names = sorted({p.name for p in self.room.scan() if p.role != "facilitator" and p.name != self.session.actor})
        if not names:
            self.notify("No one else is here to take the seat.", severity="warning", timeout=4)
            return

        def picked(name: str | None) -> None:
            if not name:
                return
            self.flush()
            try:
                self.room.hand_seat(name)
            except ReviewtuiError as problem:
                self.notify(str(problem), title="Seat", severity="error", markup=False, timeout=8)
                return
            self.notify(f"{name} facilitates now; you are a participant.", title="Seat", timeout=6, markup=False)
            self._reseat()

        self.app.push_screen(PickDialog("Hand the facilitator seat to", names), picked)

    def action_undo(self) -> None:
        """Text being typed is put back first; else this person's last change is taken back."""
        if self.pane.ready and self.pane.discard_typing():
            return
        try:
            events = self._undo()
        except InvalidInput as problem:
            self.notify(problem.problem, title="Nothing to undo", timeout=4, markup=False)
            return
        if events:
            self.notify(
                f"{_sentence(self.session.describe(events[0]))} ctrl+z again takes back the one before.",
                title="Undone",
                timeout=6,
                markup=False,
            )

    def _undo(self) -> list[Event] | None:
        if self.session.review.closed and not self.session.undoes_closing():
            return self.apply(lambda r: [])  # says that the session is closed
        try:
            events = self.session.undo()
        except InvalidInput:
            raise  # nothing to undo: said by the caller
        except ReviewtuiError as problem:
            self.notify(str(problem), title="Not undone", severity="error", markup=False, timeout=8)
            return None
        self.review_changed()
        return events

    def action_export(self) -> None:
        self.flush()
        from reviewtui.ui.dialogs.export import export_from

        export_from(self, log=self.session.log, role=self.role)

    async def action_sessions(self) -> None:
        self.flush()
        await self.ready_to_leave()
        self.review_app.show_home()

    # ------------------------------------------------------------------------------ palette

    def commands(self) -> Iterable[Command]:
        """The screen's keys and the pane's (from their BINDINGS), and what has no key."""
        yield from binding_commands(self)
        if self.role == "facilitator":
            yield from self._facilitator_commands()
        yield from self.pane.commands()

    def _facilitator_commands(self) -> Iterable[Command]:
        for number, phase in enumerate(self.phases, start=1):
            yield (f"Go to phase {number}: {phase.title}", phase.purpose, partial(self.show_phase, phase.id))
        yield ("Hand the facilitator seat", "Someone present drives from now on", self.hand_seat)
        if self.phase.kind in meeting.VOTABLE_KINDS:
            yield ("Open dot voting", f"N dots per person on {self.phase.title}'s items", self.open_voting)
            voting = self.session.review.voting.get(self.phase.id)
            if voting is not None and not voting.closed:
                yield ("Reveal the votes", f"Show everyone the dots in {self.phase.title}", self.reveal_votes)
                yield ("Close the voting", "No dot moves after: the totals are final, for everyone", self.close_voting)
            if self.phase.id in self.session.review.anonymous:
                yield (
                    "Make this phase named",
                    "Contributions from now on carry names",
                    lambda: self.set_anonymous(False),
                )
            else:
                yield (
                    "Make this phase anonymous",
                    "Contributions carry no names, in the file too",
                    lambda: self.set_anonymous(True),
                )

"""What every phase pane shares: the view it shows, and the messages it posts up for a change.

A pane is a view. The screen hands it what it shows (`PhaseView`: the review, the person's role
and what that role may do, the series once looked up) and the pane draws it. To change
anything it posts `PhasePane.ChangeAsked` (or asks for the screen's dialog with `DialogAsked`);
the screen writes the change through the application layer and answers through the message's
callbacks, which do nothing once the pane is gone. No pane imports a screen.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from textual.binding import Binding
from textual.containers import Vertical
from textual.css.query import NoMatches
from textual.message import Message
from textual.reactive import reactive

from reviewtui.application.writing import Change
from reviewtui.domain.basics import Role
from reviewtui.domain.errors import InvalidInput
from reviewtui.domain.events import Event
from reviewtui.domain.meeting import Permissions
from reviewtui.domain.review import Review
from reviewtui.domain.series import Threads
from reviewtui.domain.templates import Phase
from reviewtui.ui.commands import Command, binding_commands
from reviewtui.ui.letter_keys import LetterKeys
from reviewtui.ui.widgets.field import ChoiceField, Field

_READ_ONLY_ACTIONS = frozenset({"to_list"})
"""Pane actions a replay still offers: those that only move around."""


@dataclass(frozen=True)
class PhaseView:
    """Everything a pane shows: given by the screen at every change, never looked up by the pane."""

    review: Review
    actor: str
    role: Role
    permissions: Permissions
    read_only: bool = False
    """A replay: everything shown, nothing offered to change."""
    earlier: tuple[Review, ...] | None = None
    """The earlier sessions of the series, oldest first; None until looked up."""
    series: Callable[[], Threads] | None = None
    """The series' KPI threads with this session as the last (worked out when asked: a replay's
    every step need not follow the whole series), once the series was looked up."""

    @property
    def threads(self) -> Threads | None:
        return self.series() if self.series is not None else None


class PhasePane(LetterKeys, Vertical):
    BINDINGS = [
        Binding(
            "escape",
            "to_list",
            "Cancel",
            show=False,
            tooltip="Cancel typing\nPut back what the field held, and go back to the list",
        )
    ]
    view: reactive[PhaseView | None] = reactive(None, always_update=True, init=False)
    """What the pane shows; set by the screen (a new view at every change of the review)."""

    class ChangeAsked(Message):
        """Write this change. The screen answers with `applied(events)` (None: refused, and said
        already) or `refused(problem)` (the InvalidInput, for the field that asked)."""

        def __init__(
            self,
            pane: PhasePane,
            change: Change,
            *,
            allow_closed: bool = False,
            applied: Callable[[list[Event] | None], None] | None = None,
            refused: Callable[[InvalidInput], None] | None = None,
        ) -> None:
            super().__init__()
            self.pane, self.change, self.allow_closed = pane, change, allow_closed
            self._applied, self._refused = applied, refused

        def applied(self, events: list[Event] | None) -> None:
            if self._applied is not None and self.pane.is_attached:
                self._applied(events)

        def refused(self, problem: InvalidInput) -> bool:
            """Say the refusal beside the field that asked; False if nobody is there to say it."""
            if self._refused is None or not self.pane.is_attached:
                return False
            self._refused(problem)
            return True

    class DialogAsked(Message):
        """Open one of the screen's dialogs: `export`, or `decision` (with the decision's id to
        edit, or None for a new one)."""

        def __init__(self, dialog: str, item_id: str | None = None) -> None:
            super().__init__()
            self.dialog, self.item_id = dialog, item_id

    def __init__(self, phase: Phase) -> None:
        super().__init__(id=f"phase-{phase.id}", classes="phase-pane")
        self.phase = phase

    # ------------------------------------------------------------------------------ what is shown

    @property
    def review(self) -> Review:
        assert self.view is not None, "a pane is shown a view before anything reads its review"
        return self.view.review

    @property
    def read_only(self) -> bool:
        """On the replay, or for someone who may not change this phase (an observer; a
        participant outside the phases they contribute to): shows, offers nothing to change."""
        view = self.view
        return view is not None and (view.read_only or not view.permissions.may_change(self.phase.kind))

    def watch_view(self, view: PhaseView | None) -> None:
        # A pane still being mounted shows itself when ready; one being taken down, never.
        if view is None or not self.ready or not self.is_attached:
            return
        try:
            self.show(view.review)
        except NoMatches:
            # Its widgets are going: the app is closing as a change arrives (seen with two apps
            # closing at once under load). Nothing is left to show it to.
            if self.app.is_running and all(child.is_attached for child in self.children):
                raise

    # ------------------------------------------------------------------------------ changing

    def apply(
        self, change: Change, *, then: Callable[[list[Event] | None], None] | None = None, allow_closed: bool = False
    ) -> None:
        """Ask the screen to write a change; a refusal is a notification (see `record` for a field's)."""
        self._ask(self.ChangeAsked(self, change, allow_closed=allow_closed, applied=then))

    def record(
        self,
        field: Field | ChoiceField,
        value: str | None,
        change: Change,
        *,
        clear: bool = False,
        then: Callable[[list[Event]], None] | None = None,
        still: Callable[[], bool] = lambda: True,
    ) -> None:
        """Ask for the change a field asked for with `value`: the refusal is shown beside the field,
        or the value saved (the field emptied, with `clear`, when it takes one entry after another).

        The answer comes a moment later: `still()` says whether the field still shows what asked
        (not another item, selected meanwhile); if not, the field is left alone."""

        def applied(events: list[Event] | None) -> None:
            if not still():
                pass
            elif events is None:  # refused by the screen (a closed session, a store error): said already
                field.reject(None)
            elif clear and isinstance(field, Field):
                field.reset("")
            else:
                field.saved(value)
            if events is not None and then is not None:
                then(events)

        def refused(problem: InvalidInput) -> None:
            if still():
                field.reject(problem.problem)
            else:
                self.notify(problem.problem, title="Not saved", severity="warning")

        self._ask(self.ChangeAsked(self, change, applied=applied, refused=refused))

    def ask(
        self, change: Change, applied: Callable[[list[Event] | None], None], refused: Callable[[InvalidInput], None]
    ) -> None:
        """Ask for a change and hear back either way (a dialog the pane opened shows the refusal)."""
        self._ask(self.ChangeAsked(self, change, applied=applied, refused=refused))

    _collected: list[ChangeAsked] | None = None

    def _ask(self, message: ChangeAsked) -> None:
        if self._collected is not None:
            self._collected.append(message)
        else:
            self.post_message(message)

    def discard_typing(self) -> bool:
        """Put back the text of the field being typed in, unsaved; True if there was any."""
        focused = self.screen.focused
        for field in self.query(Field):
            if field.dirty and field.input is focused:
                field.discard()
                return True
        return False

    def action_to_list(self) -> None:
        """Esc: what is being typed is dropped (never saved), and the focus goes back where work starts."""
        self.discard_typing()
        self.focus_default()

    def unsaved(self) -> list[ChangeAsked]:
        """What `flush` asks for, handed to the screen to write at once instead of posted: the app is
        leaving (a quit, a hang-up), and a message posted now would never be read."""
        self._collected = []
        try:
            self.flush()
            return self._collected
        finally:
            self._collected = None

    # ------------------------------------------------------------------------------ life

    def on_mount(self) -> None:
        # Panes are mounted when their phase is first shown: show, and take the focus, then.
        self.call_after_refresh(self._ready)

    ready = False
    """Mounted with all its widgets: until then the screen leaves it alone, and it shows itself."""

    def _ready(self) -> None:
        self.ready = True
        if self.read_only:
            # A replay shows what was, and changes nothing: fields and buttons are for looking;
            # what only records something (a new reading, a name to add) is not shown at all.
            self.add_class("-read-only")
            for widget in self.query("Input, Select, Button"):
                widget.disabled = True
        if self.view is not None and self.display:
            self.show(self.view.review)
            if not self.view.read_only:  # on a replay the timeline keeps the focus
                self.focus_default()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self.letter_refused(action):
            return False  # a letter typed into a field is a letter, not a shortcut
        # In a replay the pane's keys that would change something are not offered.
        return not (self.read_only and action not in _READ_ONLY_ACTIONS)

    # ------------------------------------------------------------------------------ to implement

    def show(self, review: Review) -> None:
        """Bring the pane up to date with the review."""

    def focus_default(self) -> None:
        """Put the focus where work in this phase starts."""

    def point_at(self, item_id: str) -> None:
        """Bring this item into view (the replay: what the event at the cursor is about)."""

    def commands(self) -> Iterable[Command]:
        """Command palette entries for this phase: its keys (from BINDINGS); panes add what has no key."""
        return binding_commands(self, self.palette_title)

    def palette_title(self, binding: Binding) -> str | None:
        """A binding's palette title of the moment, if not its tooltip's."""
        return None

    def flush(self) -> None:
        """Commit any field with text typed but not yet committed (the app is about to exit)."""

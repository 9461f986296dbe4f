"""What every phase pane shares: its phase, the review it shows, and how it asks for a change."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, cast

from textual import work
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Static

from reviewtui.domain.review import Review
from reviewtui.errors import InvalidInput, ReviewtuiError
from reviewtui.domain.templates import Phase
from reviewtui.store.store import Change
from reviewtui.ui.letter_keys import LetterKeys
from reviewtui.ui.widgets.field import ChoiceField, Field

if TYPE_CHECKING:
    from reviewtui.ui.screens.review_screen import ReviewScreen

Command = tuple[str, str, Callable[[], object]]
"""(title, help, callback) for the command palette."""
_READ_ONLY_ACTIONS = frozenset({"to_list"})
"""Pane actions a replay still offers: those that only move around."""


class PhasePane(LetterKeys, Vertical):
    def __init__(self, phase: Phase) -> None:
        super().__init__(id=f"phase-{phase.id}", classes="phase-pane")
        self.phase = phase

    @property
    def facilitator(self) -> ReviewScreen:
        """The screen the pane is on: the facilitator's view, or the replay (read-only)."""
        from reviewtui.ui.screens.review_screen import ReviewScreen

        return cast(ReviewScreen, self.screen) if isinstance(self.screen, ReviewScreen) else None  # type: ignore[return-value]

    @property
    def read_only(self) -> bool:
        """On the replay, or for someone who may not change this phase (an observer; a
        participant outside the phases they contribute to): shows, offers nothing to change."""
        screen = self.facilitator
        return screen is not None and not screen.may_change(self.phase.kind)

    @property
    def review(self) -> Review:
        return self.facilitator.session.review

    def apply(self, change: Change) -> list | None:
        """Record a change; InvalidInput propagates so the field can show it beside itself."""
        return self.facilitator.apply(change)

    def record(
        self, field: Field | ChoiceField, value: str | None, change: Change, *, clear: bool = False
    ) -> list | None:
        """Apply the change a field asked for with `value`: the refusal beside the field, or the
        value saved (the field emptied, with `clear`, when it takes one entry after another)."""
        try:
            events = self.apply(change)
        except InvalidInput as problem:
            field.reject(problem.problem)
            return None
        if events is None:  # refused by the screen (a closed session, a store error): said already
            field.reject(None)
        elif clear and isinstance(field, Field):
            field.reset("")
        else:
            field.saved(value)  # type: ignore[arg-type]
        return events

    def on_mount(self) -> None:
        # Panes are mounted when their phase is first shown: show, and take the focus, then.
        self.call_after_refresh(self._ready)

    ready = False
    """Mounted with all its widgets: until then the screen leaves it alone, and it shows itself."""

    def _ready(self) -> None:
        self.ready = True
        facilitator = self.facilitator
        if self.read_only:
            # A replay shows what was, and changes nothing: fields and buttons are for looking.
            for widget in self.query("Input, Select, Button"):
                widget.disabled = True
        if facilitator is not None and facilitator.phase.id == self.phase.id:
            self.show(self.review)
            if not self.read_only:  # on a replay the timeline keeps the focus
                self.focus_default()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self.letter_refused(action):
            return False  # a letter typed into a field is a letter, not a shortcut
        # In a replay the pane's keys that would change something are not offered.
        if self.read_only and action not in _READ_ONLY_ACTIONS:
            return False
        return True

    @work(thread=True, exclusive=True, group="series")
    def look_back(self) -> None:
        """Read the earlier sessions of the series off the UI thread (it reads the listing), once
        per session whichever pane asks first; then `series_loaded` runs on the UI thread."""
        session = self.facilitator.session
        if session.earlier is None:
            try:
                session.load_earlier()
            except ReviewtuiError:
                return
        self.app.call_from_thread(self.series_loaded)

    def series_loaded(self) -> None:
        """The earlier sessions of the series are in `session.earlier` now."""

    def show(self, review: Review) -> None:
        """Bring the pane up to date with the review."""

    def focus_default(self) -> None:
        """Put the focus where work in this phase starts."""

    def point_at(self, item_id: str) -> None:
        """Bring this item into view (the replay: what the event at the cursor is about)."""

    def commands(self) -> Iterable[Command]:
        """Command palette entries for this phase."""
        return ()

    def flush(self) -> None:
        """Commit any field with text typed but not yet committed (the app is about to exit)."""


def questions_block(phase: Phase) -> Static:
    """The phase's questions, to read out to the room."""
    lines = [Content.assemble(("? ", "bold $text-accent"), question) for question in phase.questions]
    return Static(Content("\n").join(lines), classes="phase-questions")

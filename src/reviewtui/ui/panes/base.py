"""What every phase pane shares: its phase, the review it shows, and how it asks for a change."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, cast

from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Static

from reviewtui.domain.review import Review
from reviewtui.errors import InvalidInput
from reviewtui.domain.templates import Phase
from reviewtui.store.store import Change
from reviewtui.ui.widgets.field import ChoiceField, Field

if TYPE_CHECKING:
    from reviewtui.ui.screens.facilitator import FacilitatorScreen

Command = tuple[str, str, Callable[[], object]]
"""(title, help, callback) for the command palette."""


class PhasePane(Vertical):
    def __init__(self, phase: Phase) -> None:
        super().__init__(id=f"phase-{phase.id}", classes="phase-pane")
        self.phase = phase

    @property
    def facilitator(self) -> FacilitatorScreen:
        from reviewtui.ui.screens.facilitator import FacilitatorScreen

        return cast(FacilitatorScreen, self.screen) if isinstance(self.screen, FacilitatorScreen) else None  # type: ignore[return-value]

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

    def _ready(self) -> None:
        facilitator = self.facilitator
        if facilitator is not None and facilitator.phase.id == self.phase.id:
            self.show(self.review)
            self.focus_default()

    def show(self, review: Review) -> None:
        """Bring the pane up to date with the review."""

    def focus_default(self) -> None:
        """Put the focus where work in this phase starts."""

    def commands(self) -> Iterable[Command]:
        """Command palette entries for this phase."""
        return ()

    def flush(self) -> None:
        """Commit any field with text typed but not yet committed (the app is about to exit)."""


def questions_block(phase: Phase) -> Static:
    """The phase's questions, to read out to the room."""
    lines = [Content.assemble(("? ", "bold $text-accent"), question) for question in phase.questions]
    return Static(Content("\n").join(lines), classes="phase-questions")

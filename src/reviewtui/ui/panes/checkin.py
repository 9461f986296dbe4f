"""Check-in: who is here, and the actions the previous review of the series left open."""

from __future__ import annotations

from collections.abc import Iterable

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from reviewtui.domain import changes
from reviewtui.domain.review import Review
from reviewtui.errors import ReviewtuiError
from reviewtui.store import SessionLog
from reviewtui.ui.panes.base import Command, PhasePane, questions_block
from reviewtui.ui.widgets.field import Field


class CheckinPane(PhasePane):
    BINDINGS = [Binding("space", "toggle", "Here / away")]

    def __init__(self, phase) -> None:
        super().__init__(phase)
        self.previous: SessionLog | None = None
        self._looked = False

    def compose(self) -> ComposeResult:
        yield questions_block(self.phase)
        with Horizontal(classes="split"):
            with Vertical(classes="people"):
                yield Static(Content.styled("Who is here", "bold"), classes="editor-title")
                yield OptionList(classes="item-list people-list")
                yield Field("Add", name="person", placeholder="a name, Enter to add")
            yield VerticalScroll(Static(classes="carried"), classes="editor")

    def show(self, review: Review) -> None:
        listing = self.query_one(".people-list", OptionList)
        highlighted = listing.highlighted
        options = []
        for person in review.participants.values():
            mark, style = ("✓ here", "$text-success") if person.present else ("· away", "$text-muted")
            options.append(Option(Content.assemble((f"{mark}  ", style), person.name,
                                                   (f"  {person.role}", "$text-muted")), id=person.name))  # fmt: skip
        listing.set_options(options)
        listing.highlighted = highlighted if highlighted is not None and highlighted < len(options) else 0
        if not self._looked:
            self._looked = True
            # After the first frame is on screen: the listing it reads would compete for the GIL.
            self.call_after_refresh(self.look_back)
        self._carried()

    @work(thread=True, exclusive=True, group="previous")
    def look_back(self) -> None:
        """Find the previous session of the series off the UI thread: it reads the listing."""
        try:
            previous = self.facilitator.session.previous_in_series()
        except ReviewtuiError:
            previous = None
        self.app.call_from_thread(self._found, previous)

    def _found(self, previous: SessionLog | None) -> None:
        self.previous = previous
        self._carried()

    def _carried(self) -> None:
        panel = self.query_one(".carried", Static)
        review = self.review
        if not review.session.series:
            panel.update(Content.styled("This session is not part of a series: nothing to carry over.", "$text-muted"))
            return
        if self.previous is None:
            text = "Looking for the previous session of the series…" if self.is_working() else \
                f"First session of the series {review.session.series!r}: nothing to carry over."
            panel.update(Content.styled(text, "$text-muted"))
            return
        before = self.previous.review
        open_actions = before.open_actions()
        lines = [Content.assemble(("Open actions from ", "bold"), (before.session.title, "bold"),
                                  (f"  ({before.session.created_at:%Y-%m-%d})", "$text-muted"))]  # fmt: skip
        if not open_actions:
            lines.append(Content.styled("None: everything agreed last time was closed.", "$text-muted"))
        for action in open_actions:
            details = ", ".join(x for x in (action.owner, f"due {action.due}" if action.due else None) if x)
            kpi = before.kpis.get(action.kpi_id or "")
            lines.append(Content.assemble("○ ", action.text, (f"  {details}" if details else "", "$text-muted")))
            if kpi:
                lines.append(Content.styled(f"   should move: {kpi.name}", "$text-muted"))
        panel.update(Content("\n").join(lines))

    def is_working(self) -> bool:
        return any(w.group == "previous" and not w.is_finished for w in self.workers)

    def focus_default(self) -> None:
        self.query_one(".people-list", OptionList).focus()

    def action_toggle(self) -> None:
        option = self.query_one(".people-list", OptionList).highlighted_option
        if option is None or option.id is None:
            return
        name = option.id
        present = self.review.participants[name].present
        self.apply(lambda r: changes.leave(r, name) if present else changes.join(r, name))

    @on(OptionList.OptionSelected, ".people-list")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.action_toggle()

    @on(Field.Committed)
    def _add(self, event: Field.Committed) -> None:
        event.stop()
        if event.field.pending(event.value):
            self.add_person(event.field, event.value)

    def add_person(self, field: Field, name: str) -> None:
        if not name.strip():
            field.reset("")
            return
        self.record(field, name, lambda r: changes.join(r, name), clear=True)

    def flush(self) -> None:
        field = self.query_one(Field)
        if field.dirty:
            self.add_person(field, field.value)

    def commands(self) -> Iterable[Command]:
        yield ("Mark here or away", "Toggle whether the highlighted person is here", self.action_toggle)
        yield ("Add someone", "Add a person to the session", lambda: self.query_one(Field).focus())

"""Decisions: captured from any phase with ctrl+d, listed here, opened again with Enter."""

from __future__ import annotations

from collections.abc import Iterable

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from reviewtui.domain import changes
from reviewtui.domain.review import Decision, Review
from reviewtui.ui.dialogs.confirm import ConfirmDialog
from reviewtui.ui.panes.base import Command, PhasePane
from reviewtui.ui.panes.editor import NEW
from reviewtui.ui.widgets.item_list import ItemList, quoted, set_options_if_changed


def decision_text(decision: Decision) -> Content:
    parts: list[Content | str | tuple[str, str]] = [(decision.text, "bold")]
    if decision.proposed:
        parts += ["\n", (f"Proposed by {decision.by}, not yet accepted (ctrl+r)", "bold $text-warning")]
    if decision.rationale:
        parts += ["\n", ("Why: ", "$text-muted"), decision.rationale]
    if decision.owner:
        parts += ["\n", ("Owner: ", "$text-muted"), decision.owner]
    if decision.revisit_if:
        parts += ["\n", ("Revisit if: ", "$text-muted"), decision.revisit_if]
    parts += ["\n", (f"recorded by {decision.by} at {decision.at:%H:%M}", "$text-muted")]
    return Content.assemble(*parts)


class DecisionsPane(PhasePane):
    BINDINGS = [
        Binding("a", "record", "Record", tooltip="Add a decision\nCapture what was decided, and why (as ctrl+d)"),
        Binding(
            "delete", "remove", "Remove", tooltip="Remove the decision\nRemove the highlighted decision (after asking)"
        ),
    ]

    def action_remove(self) -> None:
        option = self.query_one(".decision-list", OptionList).highlighted_option
        decision = self.review.decisions.get(option.id or "") if option is not None else None
        if decision is None:
            return
        decision_id = decision.id

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.apply(lambda r: changes.remove_decision(r, decision_id))

        self.app.push_screen(
            ConfirmDialog(f"Remove the decision {quoted(decision.text)}?", "Remove", "ctrl+z brings it back."),
            confirmed,
        )

    def action_record(self) -> None:
        self.post_message(self.DialogAsked("decision"))

    def compose(self) -> ComposeResult:
        with Horizontal(classes="split"):
            yield ItemList(classes="item-list decision-list")
            yield VerticalScroll(Static(classes="decision-detail"), classes="editor")

    _pointed: str | None = None

    def show(self, review: Review) -> None:
        listing = self.query_one(".decision-list", OptionList)
        option = listing.highlighted_option
        keep = self._pointed or (option.id if option else None)
        self._pointed = None
        flagged = {flag.decision_id for flag in review.flags if flag.session_id == review.session.id}
        options = [
            Option(
                Content.assemble(
                    f"{n}. ",
                    (d.text, "italic") if d.proposed else d.text,
                    ("  proposed" if d.proposed else "", "bold $text-warning"),
                    ("  ! to revisit" if d.id in flagged else "", "bold $text-warning"),
                ),
                id=d.id,
            )
            for n, d in enumerate(review.decisions.values(), start=1)
        ]
        if not self.read_only:
            options.append(
                Option(Content.styled("+ Record a decision (ctrl+d, from any phase)", "$text-muted"), id=NEW)
            )
        set_options_if_changed(listing, options)
        index = next((i for i, o in enumerate(options) if o.id == keep), 0 if options else None)
        if listing.highlighted != index:
            listing.highlighted = index
        self._detail(review)

    def point_at(self, item_id: str) -> None:
        self._pointed = item_id

    def _detail(self, review: Review) -> None:
        listing = self.query_one(".decision-list", OptionList)
        option = listing.highlighted_option
        decision = review.decisions.get(option.id or "") if option else None
        detail = self.query_one(".decision-detail", Static)
        if decision is None:
            detail.update(
                Content.styled("What did the room decide, and why? Press Enter or ctrl+d to record it.", "$text-muted")
            )
        else:
            detail.update(decision_text(decision))

    @on(OptionList.OptionHighlighted, ".decision-list")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self._detail(self.review)

    @on(OptionList.OptionSelected, ".decision-list")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.post_message(self.DialogAsked("decision", None if event.option.id == NEW else event.option.id))

    def focus_default(self) -> None:
        self.query_one(".decision-list", OptionList).focus()

    def commands(self) -> Iterable[Command]:
        yield from super().commands()
        listing = self.query_one(".decision-list", OptionList)
        option = listing.highlighted_option
        if option is not None and option.id not in (None, NEW):
            yield (
                "Edit the decision",
                "Open the highlighted decision",
                lambda: self.post_message(self.DialogAsked("decision", option.id)),
            )

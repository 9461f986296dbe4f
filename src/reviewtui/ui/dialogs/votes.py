"""Dot voting: place and take back your dots on a phase's answers or actions; totals once revealed."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from reviewtui.domain import meeting
from reviewtui.domain.templates import Phase
from reviewtui.errors import InvalidInput
from reviewtui.ui.session import OpenSession


class VotesDialog(ModalScreen[None]):
    BINDINGS = [
        Binding("escape", "dismiss(None)", "Done"),
        Binding("space,enter,plus", "place", "Place a dot"),
        Binding("backspace,delete,minus", "take_back", "Take one back"),
    ]

    def __init__(self, session: OpenSession, phase: Phase, apply) -> None:
        super().__init__(classes="dialog-screen")
        self.session, self.phase, self._apply = session, phase, apply

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Label(Content.styled(f"Dots: {self.phase.title}", "bold"), classes="dialog-title")
            yield Static(id="votes-left")
            yield OptionList(id="votes-items")
            yield Static(Content.styled("Space places a dot, Backspace takes one back. Esc when done.", "$text-muted"),
                         classes="dialog-help")  # fmt: skip

    def on_mount(self) -> None:
        self.show()
        self.query_one(OptionList).focus()

    def items(self) -> list:
        review = self.session.review
        if self.phase.kind == "impact":
            return list(review.answers.values())
        return [a for a in review.actions.values() if a.status == "open"]

    def show(self) -> None:
        review = self.session.review
        voting = review.voting.get(self.phase.id)
        listing = self.query_one(OptionList)
        options = []
        tally = review.tally(self.phase.id) if voting and voting.revealed else {}
        for item in self.items():
            mine = sum(1 for v in review.votes if v.target_id == item.id and v.actor == self.session.voter(item.id))
            parts = [(f"{item.id:>4} ", "$text-muted"), ("●" * mine or "·", "bold $text-accent"), " ", item.text]
            if voting and voting.revealed:
                parts += [(f"  — {tally.get(item.id, 0)} in all", "bold")]
            options.append(Option(Content.assemble(*parts), id=item.id))
        highlighted = listing.highlighted
        listing.set_options(options)
        if options:
            listing.highlighted = min(highlighted or 0, len(options) - 1)
        if voting is None:
            said = "Voting is not open in this phase yet: the facilitator opens it."
        else:
            voter = self.session.voter(options[0].id) if options else self.session.actor
            said = f"{review.votes_left(self.phase.id, voter)} of {voting.votes} dots left" + (
                "  ·  revealed" if voting.revealed else "  ·  totals shown when the facilitator reveals them")
        self.query_one("#votes-left", Static).update(Content(said))

    def _chosen(self) -> str | None:
        listing = self.query_one(OptionList)
        if listing.highlighted is None:
            return None
        return listing.get_option_at_index(listing.highlighted).id

    def _change(self, build) -> None:
        target = self._chosen()
        if target is None:
            return
        voter = self.session.voter(target)
        try:
            self._apply(lambda r: build(r, voter, target))
        except InvalidInput as problem:
            self.notify(problem.problem, severity="warning", markup=False, timeout=4)
        self.show()

    def action_place(self) -> None:
        self._change(meeting.vote)

    def action_take_back(self) -> None:
        self._change(meeting.unvote)

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_place()

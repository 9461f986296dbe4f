"""Dot voting: place and take back your dots on a phase's answers or actions; totals once revealed."""

from __future__ import annotations

from collections import Counter

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from reviewtui.application.open_session import OpenSession
from reviewtui.domain import meeting
from reviewtui.domain.review import Review
from reviewtui.domain.templates import Phase
from reviewtui.ui.dialogs.items import ItemsDialog
from reviewtui.ui.widgets.footer import SteadyFooter
from reviewtui.ui.widgets.item_list import ItemList, set_options_if_changed


class VotesDialog(ItemsDialog):
    BINDINGS = [
        Binding("escape", "dismiss(None)", "Done"),
        Binding("space,enter,plus", "place", "Place a dot"),
        Binding("backspace,delete,minus", "take_back", "Take one back"),
        Binding("ctrl+r", "reveal", "Reveal", tooltip="Reveal the votes\nShow everyone the totals so far"),
        Binding(
            "ctrl+x",
            "close_voting",
            "Close voting",
            tooltip="Close the voting\nNo dot moves after: the totals are final",
        ),
    ]

    def __init__(self, session: OpenSession, phase: Phase, apply) -> None:
        super().__init__(session, apply)
        self.phase = phase

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        voting = self.session.review.voting.get(self.phase.id)
        if action in ("reveal", "close_voting"):  # the facilitator's, while the voting is open
            return self.session.permissions.facilitates and voting is not None and not voting.closed
        if action in ("place", "take_back"):
            return voting is None or not voting.closed
        return True

    def action_reveal(self) -> None:
        self._say_refusal(lambda r: meeting.reveal(r, self.phase.id))

    def action_close_voting(self) -> None:
        self._say_refusal(lambda r: meeting.close_voting(r, self.phase.id))

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Label(Content.styled(f"Dots: {self.phase.title}", "bold"), classes="dialog-title")
            yield Static(id="votes-left")
            yield ItemList(id="votes-items")
            yield Static(classes="dialog-help")
            yield SteadyFooter()

    def items(self, review: Review) -> list:
        if self.phase.kind == "impact":  # this phase's answers: a retrospective asks in several
            return [a for a in review.answers.values() if review.phase_of_item(a.id) == self.phase.id]
        return [a for a in review.actions.values() if a.status == "open"]

    def review_changed(self) -> None:
        review = self.session.review
        voting = review.voting.get(self.phase.id)
        voter = self.session.voter(self.phase.id)
        mine = Counter(v.target_id for v in review.votes if v.actor == voter)
        tally = review.tally(self.phase.id) if voting and voting.revealed else None
        items = self.items(review)
        if voting is not None and voting.closed and tally is not None:
            items = sorted(items, key=lambda item: -tally.get(item.id, 0))  # the result, most dots first
        options = []
        for item in items:
            parts: list[str | tuple[str, str]] = []
            if tally is not None:
                parts += [(f"{tally.get(item.id, 0):>3} in all  ", "bold")]
            parts += [("●" * mine[item.id] or "·", "bold $text-accent"), " ", item.text]
            if item.proposed:
                parts += [("  proposed", "bold $text-warning")]
            options.append(Option(Content.assemble(*parts), id=item.id))
        listing = self.query_one(OptionList)
        highlighted = listing.highlighted
        set_options_if_changed(listing, options)
        if options:
            listing.highlighted = min(highlighted or 0, len(options) - 1)
        if voting is None:
            said = "Voting is not open in this phase yet: the facilitator opens it."
        elif voting.closed:
            said = "The voting is closed: these are the totals, most dots first."
        else:
            said = f"{review.votes_left(self.phase.id, voter)} of {voting.votes} dots left" + (
                "  ·  revealed" if voting.revealed else "  ·  totals shown when the facilitator reveals them"
            )
        help_text = (
            "Esc when done."
            if voting is not None and voting.closed
            else "Space places a dot, Backspace takes one back. Esc when done."
        )
        # Each only if it changed: a Static's update lays out the whole dialog again.
        if (said, help_text) != self._said:
            self._said = (said, help_text)
            self.query_one("#votes-left", Static).update(Content(said))
            self.query_one(".dialog-help", Static).update(Content.styled(help_text, "$text-muted"))
            self.refresh_bindings()  # reveal and close come and go with the voting's state

    _said: tuple[str, str] | None = None

    def action_place(self) -> None:
        voter = self.session.voter(self.phase.id)
        self.change_chosen(lambda review, item_id: meeting.vote(review, voter, item_id))

    def action_take_back(self) -> None:
        voter = self.session.voter(self.phase.id)
        self.change_chosen(lambda review, item_id: meeting.unvote(review, voter, item_id))

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_place()

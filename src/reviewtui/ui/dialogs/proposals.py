"""The facilitator's inbox: participants' answers, actions and decisions, to accept, edit or remove."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from reviewtui.domain import meeting
from reviewtui.domain.review import Action, Answer, Decision
from reviewtui.ui.dialogs.items import ItemsDialog
from reviewtui.ui.widgets.field import Field
from reviewtui.ui.widgets.item_list import ItemList

_KIND = {Answer: "answer", Action: "action", Decision: "decision"}


class ProposalsDialog(ItemsDialog):
    # Priority: the text field would take ctrl+x for "cut"; ctrl+s is free everywhere.
    BINDINGS = [
        Binding("escape", "dismiss(None)", "Done"),
        Binding("ctrl+s", "accept", "Accept", priority=True),
        Binding("ctrl+x", "remove", "Remove", priority=True),
    ]

    _loaded: str | None = None
    """The proposal whose text is in the field: someone else's write must not wipe an edit."""

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Label(Content.styled("Proposals from the room", "bold"), classes="dialog-title")
            yield ItemList(id="proposals")
            yield Field("Text", name="text", commit_on_blur=False, placeholder="edit before accepting")
            yield Static(
                Content.styled("ctrl+s accepts (as edited), ctrl+x removes, Esc when done.", "$text-muted"),
                classes="dialog-help",
            )

    def review_changed(self) -> None:
        options = []
        for item in self.session.review.proposals():
            author = item.by if isinstance(item, Decision) else item.author
            options.append(
                Option(
                    Content.assemble((f"{_KIND[type(item)]} ", "$text-muted"), (author, "bold"), ": ", item.text),
                    id=item.id,
                )
            )
        listing = self.query_one(OptionList)
        highlighted = listing.highlighted
        listing.set_options(options or [Option(Content.styled("Nothing waiting.", "$text-muted"), disabled=True)])
        if options:
            listing.highlighted = min(highlighted or 0, len(options) - 1)
        self._load()

    def _load(self) -> None:
        chosen = self.chosen()
        if chosen == self._loaded:
            return
        item = self.session.review.find_item(chosen) if chosen else None
        self.query_one(Field).reset(item.text if item else "")
        self._loaded = chosen

    @on(OptionList.OptionHighlighted)
    def _highlighted(self) -> None:
        self._load()

    @on(Field.Committed)
    def _committed(self, event: Field.Committed) -> None:
        event.stop()
        self.action_accept()

    def action_accept(self) -> None:
        text = self.query_one(Field).value
        self._loaded = None  # the next proposal's text goes in the field
        self.change_chosen(lambda review, item_id: meeting.accept(review, item_id, text))

    def action_remove(self) -> None:
        self._loaded = None
        self.change_chosen(meeting.remove)

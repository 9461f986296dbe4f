"""The facilitator's inbox: participants' answers, actions and decisions, to accept, edit or remove."""

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
from reviewtui.errors import InvalidInput
from reviewtui.ui.session import OpenSession
from reviewtui.ui.widgets.field import Field

_KIND = {"r": "answer", "a": "action", "d": "decision"}


class ProposalsDialog(ModalScreen[None]):
    BINDINGS = [
        Binding("escape", "dismiss(None)", "Done"),
        Binding("ctrl+a", "accept", "Accept"),
        Binding("ctrl+x", "remove", "Remove"),
    ]

    def __init__(self, session: OpenSession, apply) -> None:
        super().__init__(classes="dialog-screen")
        self.session, self._apply = session, apply

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Label(Content.styled("Proposals from the room", "bold"), classes="dialog-title")
            yield OptionList(id="proposals")
            yield Field("Text", name="text", commit_on_blur=False, placeholder="edit before accepting")
            yield Static(Content.styled("ctrl+a accepts (as edited), ctrl+x removes, Esc when done.", "$text-muted"),
                         classes="dialog-help")  # fmt: skip

    def on_mount(self) -> None:
        self.show()
        self.query_one(OptionList).focus()

    def show(self) -> None:
        listing = self.query_one(OptionList)
        proposals = self.session.review.proposals()
        options = []
        for item in proposals:
            author = getattr(item, "author", None) or getattr(item, "by", "")
            kind = _KIND.get(item.id[:1], "item")
            options.append(Option(Content.assemble((f"{kind} {item.id} ", "$text-muted"), (author, "bold"), ": ", item.text),
                                  id=item.id))  # fmt: skip
        highlighted = listing.highlighted
        listing.set_options(options or [Option(Content.styled("Nothing waiting.", "$text-muted"), disabled=True)])
        if options:
            listing.highlighted = min(highlighted or 0, len(options) - 1)
        self._load()

    def _chosen(self) -> str | None:
        listing = self.query_one(OptionList)
        if listing.highlighted is None:
            return None
        return listing.get_option_at_index(listing.highlighted).id

    def _load(self) -> None:
        chosen = self._chosen()
        item = next((p for p in self.session.review.proposals() if p.id == chosen), None)
        self.query_one(Field).reset(item.text if item else "")

    @on(OptionList.OptionHighlighted)
    def _highlighted(self) -> None:
        self._load()

    @on(Field.Committed)
    def _committed(self, event: Field.Committed) -> None:
        event.stop()
        self.action_accept()

    def _change(self, build) -> None:
        chosen = self._chosen()
        if chosen is None:
            return
        try:
            self._apply(lambda r: build(r, chosen))
        except InvalidInput as problem:
            self.notify(problem.problem, severity="warning", markup=False, timeout=4)
        self.show()

    def action_accept(self) -> None:
        text = self.query_one(Field).value
        self._change(lambda r, item_id: meeting.accept(r, item_id, text))

    def action_remove(self) -> None:
        self._change(meeting.remove)

"""What the dots and proposals dialogs share: a list of the session's items, kept up to date,
and changes to the highlighted one whose refusals are said, not raised."""

from __future__ import annotations

from collections.abc import Callable

from textual.screen import ModalScreen
from textual.widgets import OptionList

from reviewtui.application.open_session import OpenSession
from reviewtui.application.writing import Change
from reviewtui.domain.errors import InvalidInput
from reviewtui.domain.events import Pending
from reviewtui.domain.review import Review


class ItemsDialog(ModalScreen[None]):
    def __init__(self, session: OpenSession, apply: Callable[[Change], object]) -> None:
        super().__init__(classes="dialog-screen")
        self.session, self._apply = session, apply

    def on_mount(self) -> None:
        self.review_changed()
        self.query_one(OptionList).focus()

    def review_changed(self) -> None:
        """Show the items as they stand (called again when someone else writes)."""
        raise NotImplementedError

    def chosen(self) -> str | None:
        listing = self.query_one(OptionList)
        if listing.highlighted is None:
            return None
        return listing.get_option_at_index(listing.highlighted).id

    def _say_refusal(self, change: Change) -> None:
        """Apply a change of no item; a refusal is a notice."""
        try:
            self._apply(change)
        except InvalidInput as problem:
            self.notify(problem.problem, severity="warning", markup=False, timeout=4)
        self.review_changed()

    def change_chosen(self, build: Callable[[Review, str], Pending]) -> None:
        """Apply a change to the highlighted item; a refusal (taken meanwhile, no dots left) is a notice."""
        item_id = self.chosen()
        if item_id is None:
            return
        try:
            self._apply(lambda review: build(review, item_id))
        except InvalidInput as problem:
            self.notify(problem.problem, severity="warning", markup=False, timeout=4)
        self.review_changed()

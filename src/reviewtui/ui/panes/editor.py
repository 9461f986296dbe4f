"""A pane with a list of items on the left and the selected item's fields on the right.

Fields commit one by one (Enter, or leaving the field): the first commit of a new item's
main field creates it, each later commit updates it. A bad value is shown beside its field
and nothing is written.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from textual import on
from textual.binding import Binding
from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from reviewtui.domain.errors import InvalidInput
from reviewtui.domain.events import Event, Pending
from reviewtui.domain.review import Review
from reviewtui.ui.panes.base import PhasePane
from reviewtui.ui.widgets.field import ChoiceField, Field
from reviewtui.ui.widgets.item_list import quoted, set_options_if_changed

NEW = "__new__"
"""The option id of the list's last row, which starts a new item."""

Builder = Callable[[Review], Pending]


class EditorPane(PhasePane):
    BINDINGS = [
        Binding("a", "add", "Add", tooltip="Add\nWrite a new one"),
        Binding("enter", "edit", "Edit", show=False),
        Binding("delete", "remove", "Remove", tooltip="Remove\nRemove the selected one, after asking"),
    ]
    item_word = "item"
    collection = ""
    """The review's mapping of the items this pane lists (objectives, kpis, actions)."""
    can_remove = True

    def __init__(self, phase) -> None:
        super().__init__(phase)
        self.selected: str | None = None
        """The id of the item in the editor; None while a new one is being written."""
        self._shown = False
        self._loaded = False

    # --------------------------------------------------------------------------- to implement

    def items(self, review: Review) -> Iterable[Option]:
        """The list's options (id = item id); disabled options may head groups."""
        raise NotImplementedError

    def load(self, review: Review, force: bool = False) -> None:
        """Fill the editor's fields from the selected item (or empty them for a new one).

        `force` when the selection changed: then the fields show the new item whatever they held.
        """
        raise NotImplementedError

    def change_for(self, name: str, value: str | None) -> tuple[Builder | None, bool]:
        """The change a committed field asks for (None: nothing to write yet), and whether it creates the item."""
        raise NotImplementedError

    def remove_change(self, item_id: str) -> Builder | None:
        return None

    def removal_question(self, review: Review, item_id: str) -> str:
        """What the confirmation asks, naming the item by its words (never its id)."""
        kind = self.item_word.split(" ", 1)[-1]
        return f"Remove the {kind} {quoted(self.title_of(review, item_id))}?"

    def title_of(self, review: Review, item_id: str) -> str:
        """The item's own words: its name, statement or text."""
        item = getattr(review, self.collection).get(item_id)
        for attribute in ("name", "statement", "text"):
            if item is not None and hasattr(item, attribute):
                return str(getattr(item, attribute))
        return "that one"

    def palette_title(self, binding: Binding) -> str | None:
        kind = self.item_word.split(" ", 1)[-1]  # "an objective" -> "objective"
        return {"add": f"Add {self.item_word}", "remove": f"Remove the {kind}"}.get(binding.action)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "remove" and not self.can_remove:
            return False  # hidden from the footer
        return super().check_action(action, parameters)

    # --------------------------------------------------------------------------- the list

    @property
    def item_list(self) -> OptionList:
        return self.query_one(".item-list", OptionList)

    def show(self, review: Review) -> None:
        options = list(self.items(review))
        if not self.read_only:
            options.append(Option(Content.styled(f"+ Add {self.item_word}", "$text-muted"), id=NEW))
        listing = self.item_list
        if not self._shown and self.selected is None:
            # The first time the pane is shown, start on its first item, not on "+ Add".
            self.selected = next((o.id for o in options if not o.disabled and o.id != NEW), None)
        self._shown = True
        keep = self.selected or NEW
        set_options_if_changed(listing, options)
        index = next((i for i, o in enumerate(options) if o.id == keep), len(options) - 1)
        if listing.highlighted != index:
            listing.highlighted = index
        self.load(review, force=not self._loaded)
        self._loaded = True

    def point_at(self, item_id: str) -> None:
        if item_id != self.selected and item_id in getattr(self.review, self.collection):
            self.selected = item_id
            self._loaded = False  # the next show() fills the fields from this item

    @on(OptionList.OptionHighlighted, ".item-list")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        chosen = event.option.id
        selected = None if chosen in (None, NEW) else chosen
        if selected != self.selected:
            self.flush()
            self.selected = selected
            self.load(self.review, force=True)

    @on(OptionList.OptionSelected, ".item-list")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.action_edit()

    def focus_default(self) -> None:
        self.item_list.focus()

    def action_edit(self) -> None:
        shown = (f for f in self.query(".editor Field, .editor ChoiceField") if f.display)
        first = next(shown, None)
        if first is not None:
            first.focus()

    def action_add(self) -> None:
        self.flush()
        self.selected = None
        listing = self.item_list
        listing.highlighted = listing.option_count - 1
        self.load(self.review, force=True)
        self.action_edit()

    def action_to_list(self) -> None:
        """Esc: text typed and not saved is dropped; a new item not yet written is no more."""
        for field in self.query(Field):
            if field.dirty:
                field.discard()
        if self.selected is None:
            self.load(self.review, force=True)  # the new item's form, emptied
        self.item_list.focus()

    def action_remove(self) -> None:
        if self.selected is None:
            return
        builder = self.remove_change(self.selected)
        if builder is None:
            return
        item_id = self.selected

        def removed(events: list[Event] | None) -> None:
            if self.selected == item_id:
                self.selected = None
                self.show(self.review)

        def confirmed(yes: bool | None) -> None:
            if yes:  # a refusal (removed meanwhile by someone else, say) is said by the screen
                self.apply(builder, then=removed)

        from reviewtui.ui.dialogs.confirm import ConfirmDialog

        question = self.removal_question(self.review, item_id)
        self.app.push_screen(ConfirmDialog(question, "Remove", "ctrl+z brings it back."), confirmed)

    # --------------------------------------------------------------------------- committing

    @on(Field.Committed)
    @on(ChoiceField.Committed)
    def _committed(self, event: Field.Committed | ChoiceField.Committed) -> None:
        event.stop()
        if event.field.pending(event.value):  # else stale: saved already, or another item now
            self.commit(event.field, event.value)

    def commit(self, field: Field | ChoiceField, value: str | None) -> None:
        try:
            builder, creates = self.change_for(field.name or "", value)
        except InvalidInput as problem:
            field.reject(problem.problem)
            return
        if builder is None:  # a setting for an item not written yet (its owner, its KPI…)
            field.saved(value)
            return
        item = self.selected

        def written(events: list[Event]) -> None:
            if creates and events and self.selected is None:  # still on the new item's form
                self.selected = getattr(events[0].data, "id", None)
                self.show(self.review)
            self.after_commit(field, events)

        self.record(field, value, builder, then=written, still=lambda: self.selected == item)

    def after_commit(self, field: Field | ChoiceField, events: list[Event]) -> None:
        """A field's change is written (`events`): what else the pane does then."""

    def flush(self) -> None:
        for field in self.query(Field):
            if field.dirty:
                self.commit(field, field.value)

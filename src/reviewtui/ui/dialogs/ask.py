"""Small questions: one value (AskDialog), or one of a few names (PickDialog)."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from reviewtui.ui.widgets.field import Field


class AskDialog(ModalScreen[str | None]):
    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel")]

    def __init__(self, title: str, label: str, value: str = "") -> None:
        super().__init__(classes="dialog-screen")
        self.title_text, self.label, self.value = title, label, value

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(Content.styled(self.title_text, "bold"), classes="dialog-title")
            yield Field(self.label, name="answer", value=self.value, commit_on_blur=False)
            yield Static(Content.styled("Enter confirms. Esc cancels.", "$text-muted"), classes="dialog-help")

    def on_mount(self) -> None:
        field = self.query_one(Field)
        field.focus()
        field.committed = ""  # the suggested value counts as typed: Enter takes it

    @on(Field.Committed)
    def _committed(self, event: Field.Committed) -> None:
        event.stop()
        self.dismiss(event.value)


class PickDialog(ModalScreen[str | None]):
    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel")]

    def __init__(self, title: str, names: list[str]) -> None:
        super().__init__(classes="dialog-screen")
        self.title_text, self.names = title, names

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(Content.styled(self.title_text, "bold"), classes="dialog-title")
            yield OptionList(*(Option(Content(name), id=str(i)) for i, name in enumerate(self.names)))
            yield Static(Content.styled("Enter picks. Esc cancels.", "$text-muted"), classes="dialog-help")

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    @on(OptionList.OptionSelected)
    def _picked(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.names[int(event.option.id or 0)])

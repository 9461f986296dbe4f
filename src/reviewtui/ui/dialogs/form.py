"""A small form saved as one change: correct a reading, edit an answer. Enter or ctrl+s saves
(only the fields that were changed), Esc cancels and writes nothing."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from reviewtui.application.writing import Change
from reviewtui.domain.errors import InvalidInput
from reviewtui.domain.events import Event
from reviewtui.ui.widgets.field import ChoiceField, Field


@dataclass(frozen=True)
class Text:
    label: str
    name: str
    value: str = ""
    placeholder: str = ""


@dataclass(frozen=True)
class Choice:
    label: str
    name: str
    options: Sequence[tuple[str, str]] = field(default_factory=tuple)
    value: str | None = None
    prompt: str = "—"


Ask = Callable[[Change, Callable[[list[Event] | None], None], Callable[[InvalidInput], None]], None]
"""Ask for a change to be written: (change, applied(events or None if refused and said), refused)."""
BuildChange = Callable[[dict[str, str | None]], Change]
"""The fields that changed (name -> value) -> the change to write."""


class FormDialog(ModalScreen[bool]):
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", priority=True, tooltip="Save\nSave what was changed"),
        Binding("escape", "dismiss(False)", "Cancel", tooltip="Cancel\nClose without saving"),
    ]

    def __init__(self, title: str, fields: Sequence[Text | Choice], build: BuildChange, ask: Ask) -> None:
        super().__init__(classes="dialog-screen")
        self.title_text = title
        self.fields = list(fields)
        self._build, self._ask = build, ask

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Label(Content.styled(self.title_text, "bold"), classes="dialog-title")
            for spec in self.fields:
                if isinstance(spec, Text):
                    yield Field(
                        spec.label, name=spec.name, value=spec.value, placeholder=spec.placeholder, commit_on_blur=False
                    )
                else:
                    yield ChoiceField(spec.label, spec.options, name=spec.name, value=spec.value, prompt=spec.prompt)
            yield Static(Content.styled("Enter or ctrl+s saves. Esc cancels.", "$text-muted"), classes="dialog-help")

    def on_mount(self) -> None:
        self.query_one(Field).focus()

    def _changed(self) -> dict[str, str | None]:
        initial = {spec.name: spec.value for spec in self.fields}
        values: dict[str, str | None] = {}
        for widget in self.query("Field, ChoiceField"):
            assert isinstance(widget, Field | ChoiceField)
            name = widget.name or ""
            if widget.value != initial.get(name):
                values[name] = widget.value
        return values

    @on(Field.Committed)
    def _entered(self, event: Field.Committed) -> None:
        event.stop()
        self.action_save()

    @on(ChoiceField.Committed)
    def _picked(self, event: ChoiceField.Committed) -> None:
        event.stop()  # a pick is part of the form, saved with it

    def action_save(self) -> None:
        changed = self._changed()
        if not changed:
            self.dismiss(False)
            return
        try:
            change = self._build(changed)
        except InvalidInput as problem:
            self._refused(problem)
            return

        def applied(events: list[Event] | None) -> None:
            if events is not None and self.is_attached:
                self.dismiss(True)

        self._ask(change, applied, self._refused)

    def _refused(self, problem: InvalidInput) -> None:
        """Said beside the field it is about, or else as a notice."""
        if not self.is_attached:
            return
        for widget in self.query("Field, ChoiceField"):
            assert isinstance(widget, Field | ChoiceField)
            widget.reject(problem.problem if widget.name == problem.field else None)
        if not any(widget.name == problem.field for widget in self.query("Field, ChoiceField")):
            self.notify(problem.problem, title="Not saved", severity="warning", markup=False, timeout=6)

"""Form fields that commit on Enter or when focus leaves them, and show their error beside them.

A field remembers the value last committed (on disk). Committing posts `Field.Committed`; the
form tries the change and answers with `accept()` or `reject(message)`. Refreshing a field from
the review never clobbers text someone is still typing.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.geometry import Size
from textual.message import Message
from textual.suggester import SuggestFromList
from textual.widget import Widget
from textual.widgets import Input, Label, Select, Static


def focus_now(widget: Widget, scroll_visible: bool = True) -> None:
    """Focus `widget` before the next key is handled. Widget.focus() waits its turn in the app's
    queue, behind keys typed in the same burst: "a" then "New KPI" typed fast would lose "New KPI"
    to the list (or, worse, run its letter keys as shortcuts)."""
    try:
        widget.screen.set_focus(widget, scroll_visible=scroll_visible)
    except Exception:  # not on a screen yet: focus the usual way, later
        widget.focus(scroll_visible)


class FieldInput(Input):
    """Input, without a relayout of the whole screen at each key.

    Input sets its `virtual_size` (a reactive that lays out the screen) from the text's width at
    every change; in a screen of a hundred widgets that layout is most of a key's echo. A field
    is one line of fixed width: its virtual size only bounds how far it scrolls sideways, so it
    is set here without the layout, and Input's own setting then finds it unchanged."""

    def _watch_value(self, value: str) -> None:
        if not self.styles.auto_dimensions:
            self.set_reactive(Widget.virtual_size, Size(self.content_width, 1))
        super()._watch_value(value)


class Field(Widget):
    """A labelled one-line text input."""

    DEFAULT_CSS = """
    Field { height: auto; }
    """

    class Committed(Message):
        def __init__(self, field: Field, value: str) -> None:
            super().__init__()
            self.field = field
            self.value = value

        @property
        def control(self) -> Field:
            return self.field

    def __init__(
        self,
        label: str,
        *,
        name: str,
        value: str = "",
        placeholder: str = "",
        suggestions: Sequence[str] = (),
        commit_on_blur: bool = True,
        suggested: bool = False,
        select_on_focus: bool = False,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=f"f-{name} {classes or ''}".strip())
        self.commit_on_blur = commit_on_blur
        """False where committing does something (write a file, start a timer): Enter only."""
        self.label = label
        # A suggested value (a dialog's default) counts as typed: Enter takes it as it is.
        self.committed = "" if suggested else value
        self._initial = value
        self._placeholder = placeholder
        self._suggestions = list(suggestions)
        self._select_on_focus = select_on_focus
        """A value one replaces rather than edits (a dialog's suggested number): typing replaces it."""
        self._advance = False
        """Enter was pressed: move to the next field once the value is accepted (not before)."""
        self._in_flight: str | None = None
        """A value posted as Committed and not yet answered: Enter then blur must not commit twice."""

    def compose(self) -> ComposeResult:
        with Horizontal(classes="field-row"):
            yield Label(Content(self.label), classes="field-label")
            suggester = SuggestFromList(self._suggestions, case_sensitive=False) if self._suggestions else None
            yield FieldInput(
                self._initial,
                placeholder=self._placeholder,
                compact=True,
                suggester=suggester,
                select_on_focus=self._select_on_focus,
                classes="field-input",
            )
        yield Static(classes="field-error")

    def on_mount(self) -> None:
        self.input.cursor_blink = getattr(self.app, "cursor_blink", True)

    @property
    def input(self) -> Input:
        return self.query_one(Input)

    @property
    def value(self) -> str:
        return self.input.value

    @property
    def dirty(self) -> bool:
        """Typed but not yet committed."""
        return self.is_mounted and self.input.value != self.committed

    def set_value(self, value: str, *, force: bool = False) -> None:
        """Show `value` as the committed value, unless someone is typing here (or `force`)."""
        if not force and self.dirty and self.input.has_focus:
            self.committed = value
            return
        self.committed = value
        # Mounted, yet without its Input: being taken down (a poll's refresh as the app exits).
        inputs = self.query(Input) if self.is_mounted else None
        if inputs:
            inputs.first().value = value
        else:
            self._initial = value

    def commit(self) -> None:
        """Post Committed if the text differs from what is on disk."""
        if self.dirty and self.input.value != self._in_flight:
            self._in_flight = self.input.value
            self.post_message(self.Committed(self, self.input.value))

    def pending(self, value: str | None) -> bool:
        """Is `value` (from a Committed message) still what the field holds, unsaved?

        A message queued before the selection moved, or before a flush saved the field, is
        stale: acting on it would write one item's text onto another.
        """
        return self.is_mounted and self.dirty and self.input.value == value

    def saved(self, value: str | None) -> None:
        """`value` is on disk now (None: emptied). Text typed since it was sent stays unsaved (and dirty)."""
        value = value or ""
        self.committed = value
        advance, self._advance = self._advance, False
        self.reject(None)
        if advance and self.input.has_focus and self.input.value == value:
            self.screen.focus_next()
        if not self.input.has_focus:
            self.input.cursor_position = 0  # show the start of a long text once it is saved

    def reset(self, value: str = "") -> None:
        """Show `value` as the saved text: fields that take one entry after another start again,
        and keep the focus for the next entry (Enter does not move on from them)."""
        self._advance = False
        self.input.value = value
        self.saved(value)

    def discard(self) -> None:
        """Put back the saved text: what was typed since is dropped, nothing is written."""
        self._advance = False
        self._in_flight = None
        if self.is_mounted:
            self.input.value = self.committed
        self.reject(None)

    def reject(self, message: str | None) -> None:
        self._in_flight = None
        if message:
            self._advance = False
        elif not self.has_class("-invalid"):
            return  # no error shown: nothing to clear (and no restyle)
        error = self.query_one(".field-error", Static)
        error.update(Content(message or ""))
        error.display = bool(message)
        self.set_class(bool(message), "-invalid")

    def focus(self, scroll_visible: bool = True) -> Field:
        focus_now(self.input, scroll_visible)
        return self

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        if event.value == self.committed and self.has_class("-invalid"):
            self.reject(None)  # back to what is saved: nothing is wrong any more

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self.dirty:
            self._advance = True
            self.commit()
        else:
            self.screen.focus_next()

    @on(Input.Blurred)
    def _blurred(self, event: Input.Blurred) -> None:
        event.stop()
        if self.commit_on_blur:
            self.commit()


class ChoiceField(Widget):
    """A labelled choice (a compact Select) that commits as soon as a person picks an option."""

    DEFAULT_CSS = """
    ChoiceField { height: auto; }
    """

    class Committed(Message):
        def __init__(self, field: ChoiceField, value: str | None) -> None:
            super().__init__()
            self.field = field
            self.value = value

        @property
        def control(self) -> ChoiceField:
            return self.field

    def __init__(
        self,
        label: str,
        options: Sequence[tuple[str, str]],
        *,
        name: str,
        value: str | None = None,
        allow_blank: bool = True,
        prompt: str = "—",
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=f"f-{name} {classes or ''}".strip())
        self.label = label
        self._options = list(options)
        self.committed = value
        self._allow_blank = allow_blank
        self._prompt = prompt

    def compose(self) -> ComposeResult:
        with Horizontal(classes="field-row"):
            yield Label(Content(self.label), classes="field-label")
            yield Select(
                self._select_options(self._options),
                value=self._select_value(self.committed),
                allow_blank=self._allow_blank or not self._options,
                prompt=self._prompt,
                compact=True,
                classes="field-input",
            )
        yield Static(classes="field-error")

    @staticmethod
    def _select_options(options: Sequence[tuple[str, str]]) -> list[tuple[Content, str]]:
        return [(Content(label), value) for label, value in options]

    def _select_value(self, value: str | None):
        known = {v for _, v in self._options}
        return value if value in known else Select.NULL

    @property
    def select(self) -> Select:
        return self.query_one(Select)

    @property
    def value(self) -> str | None:
        value = self.select.value
        return None if value is Select.NULL else str(value)

    def set_options(self, options: Sequence[tuple[str, str]], value: str | None) -> None:
        if list(options) == self._options and value == self.committed and (not self.is_mounted or self.value == value):
            return  # unchanged: re-setting a Select's options costs a relayout
        self._options = list(options)
        self.committed = value
        if self.is_mounted:
            # `committed` is set first: the Changed message this causes matches it and is ignored.
            self.select.set_options(self._select_options(self._options))
            self.select.value = self._select_value(value)

    def set_value(self, value: str | None) -> None:
        self.committed = value
        if self.is_mounted and self.value != value:
            self.select.value = self._select_value(value)

    def pending(self, value: str | None) -> bool:
        """See Field.pending: is this pick still the one shown, and not saved yet?"""
        return self.is_mounted and self.value == value and value != self.committed

    def saved(self, value: str | None) -> None:
        self.committed = value
        self.reject(None)

    def reject(self, message: str | None) -> None:
        error = self.query_one(".field-error", Static)
        if not message and not error.display:
            return
        error.update(Content(message or ""))
        error.display = bool(message)
        if message:  # put back what is on disk
            self.set_value(self.committed)

    def focus(self, scroll_visible: bool = True) -> ChoiceField:
        focus_now(self.select, scroll_visible)
        return self

    @on(Select.Changed)
    def _changed(self, event: Select.Changed) -> None:
        event.stop()
        if self.value == self.committed:
            return  # set from the review, not picked by a person
        self.post_message(self.Committed(self, self.value))

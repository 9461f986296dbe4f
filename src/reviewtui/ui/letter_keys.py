"""Letter keys: a shortcut on a list, a letter in a text field, and never both for one key press.

A binding whose key types a character (a, r, d, space, /) is decided when the key arrives, in
the order keys arrive (a priority binding): "a" then "New KPI" typed in one burst reaches the
new field whole, where a normal binding would leave the rest queued for the list (and its
letters run as shortcuts). And it is refused while a text field has the focus, so the letter is
typed there instead: no shortcut ever types into a field, no field ever eats a shortcut.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any, ClassVar, cast

from textual.binding import Binding
from textual.keys import key_to_character
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Input, OptionList, Select, TextArea


def types_a_character(keys: str) -> bool:
    """Does (any of) the binding's key(s) type a character in a text field? (Enter, Escape and
    Delete have characters too, but they are not typed: a field hands them on.)"""
    characters = (key_to_character(key.strip()) for key in keys.split(","))
    return any(character is not None and character.isprintable() for character in characters)


def action_name(action: str) -> str:
    """'status('done')' -> 'status': the name check_action receives."""
    return action.split("(", 1)[0].rsplit(".", 1)[-1]


def typing(focused: Widget | None) -> bool:
    """Is the focus where letters are text: a field, a text area, an open choice list (which
    jumps to what is typed)?"""
    if isinstance(focused, (Input, TextArea)):
        return True
    return isinstance(focused, OptionList) and isinstance(focused.parent, Select)


class LetterKeys:
    """Mixin for a screen or widget: its letter bindings become priority bindings, refused while
    a text field has the focus (call `letter_refused` first thing in `check_action`)."""

    BINDINGS: ClassVar[list[Binding | tuple[str, str] | tuple[str, str, str]]] = []
    """The class's bindings (Textual reads them from the widget class; declared here for the checker)."""
    LETTER_ACTIONS: ClassVar[frozenset[str]] = frozenset()
    """The actions bound to a key that types a character, in this class and its bases."""

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        letters = set().union(*(getattr(base, "LETTER_ACTIONS", frozenset()) for base in cls.__mro__[1:]))
        if "BINDINGS" in cls.__dict__:
            bindings = []
            for binding in cls.__dict__["BINDINGS"]:
                if isinstance(binding, Binding) and types_a_character(binding.key):
                    if "." in binding.action.split("(", 1)[0]:  # app.quit: checked by the app, not here
                        raise TypeError(
                            f"{cls.__name__}: the letter binding {binding.key!r} -> {binding.action!r} "
                            "names another node's action; bind one of this class's own"
                        )
                    binding = replace(binding, priority=True)
                    letters.add(action_name(binding.action))
                bindings.append(binding)
            cls.BINDINGS = bindings
        cls.LETTER_ACTIONS = frozenset(letters)

    def letter_refused(self, action: str) -> bool:
        """A letter's action while someone types on this screen: refused, so the letter goes
        into the field. (A dialog above has its own focus: the keys shown below it stay.)"""
        screen = self if isinstance(self, Screen) else cast(Widget, self).screen
        return action in self.LETTER_ACTIONS and typing(screen.focused)

"""The command palette: one entry for every key a screen or pane binds, derived from its BINDINGS.

A binding's `tooltip` is "Title" or "Title\nwhat it does": the palette shows the title, and the
help with the key, and choosing it runs the binding's action, exactly as the key does. A key that
is not offered right now (check_action says no: an observer's, a replay's) is not offered there
either. So the footer and the palette cannot disagree, and no entry can be wired to the wrong
action: there is nothing to wire.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial

from textual.actions import parse
from textual.binding import Binding
from textual.keys import format_key
from textual.widget import Widget

Command = tuple[str, str, Callable[[], object]]
"""(title, help, callback) for the command palette."""


def bindings_of(node: Widget) -> Iterator[Binding]:
    """The node's bindings, its own class first, then its bases' (each action once)."""
    seen: set[str] = set()
    for cls in type(node).__mro__:
        for binding in cls.__dict__.get("BINDINGS", ()):
            if isinstance(binding, Binding) and binding.action not in seen:
                seen.add(binding.action)
                yield binding


def title_and_help(binding: Binding) -> tuple[str, str]:
    """What the palette says of a binding: the tooltip's first line (else the footer's word), and
    the rest of the tooltip with the key."""
    title, _, help_text = (binding.tooltip or binding.description).partition("\n")
    key = binding.key_display or format_key(binding.key.split(",")[0].strip())
    return title, f"{help_text or binding.description} ({key})"


def binding_commands(node: Widget, titled: Callable[[Binding], str | None] | None = None) -> Iterator[Command]:
    """A palette entry for each binding of `node` that is offered now. `titled` may give a title
    of the moment (e.g. "Reopen the session" once it is closed)."""
    for binding in bindings_of(node):
        if not binding.tooltip and not (binding.show and binding.description):
            continue  # a key that only moves around (Esc to the list): not a command
        if binding.action == "quit":
            continue  # the palette has Textual's own Quit (the app's leave(): nothing typed is lost)
        _, name, parameters = parse(binding.action)
        if not node.check_action(name, parameters):
            continue
        title, help_text = title_and_help(binding)
        title = (titled(binding) if titled else None) or title
        yield title, help_text, partial(node.run_action, binding.action)

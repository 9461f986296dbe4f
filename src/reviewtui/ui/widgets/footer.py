"""The footer of keys: one widget drawing one line, redrawn only when the keys it shows change.

Textual's Footer makes every key a widget of its own and rebuilds them all (each mounted, styled
and laid out) at each `refresh_bindings`; a phase change asks for that several times, and that
was 40-150 ms of a first visit to a phase (benchmarks/meeting_bench.py). This draws the same
keys, grouped the same way, as one line of text: a key is clicked by where it is drawn, and its
tooltip follows the mouse.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from itertools import groupby

from rich.cells import cell_len
from textual import events
from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen
from textual.widget import Widget


@dataclass(frozen=True)
class _Key:
    """A key as drawn: its place on the line, what pressing it sends, its tooltip."""

    start: int
    end: int
    key: str
    enabled: bool
    tooltip: str


class SteadyFooter(Widget):
    DEFAULT_CSS = """
    SteadyFooter {
        dock: bottom;
        height: 1;
        color: $footer-foreground;
        background: $footer-background;
    }
    """

    ALLOW_SELECT = False  # keys to press, not text to copy
    _shown: tuple[object, ...] | None = None
    _asked = False

    def __init__(self) -> None:
        super().__init__()
        self._keys: list[_Key] = []

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self.bindings_changed)
        self.bindings_changed(self.screen)

    def bindings_changed(self, screen: Screen) -> None:
        # The changes of one refresh folded into one look at the bindings.
        if not self.is_attached or screen is not self.screen or self._asked:
            return
        self._asked = True
        self.call_after_refresh(self._redraw_if_changed)

    def _redraw_if_changed(self) -> None:
        self._asked = False
        if not self.is_attached:
            return
        shown = self._shown_bindings()
        if shown != self._shown:
            self._shown = shown
            self.refresh()

    def _shown_bindings(self) -> tuple[object, ...]:
        return tuple(
            (binding.key, binding.action, binding.description, binding.group, enabled, tooltip)
            for (_, binding, enabled, tooltip) in self.screen.active_bindings.values()
            if binding.show or binding.action == "command_palette"
        )

    # ------------------------------------------------------------------------------ drawing

    def _items(self) -> tuple[list[tuple[str, str, list[tuple[Binding, bool, str]]]], tuple[Binding, bool, str] | None]:
        """(key text, words, bindings) for each key or group as Textual's Footer shows them, and
        the command palette's binding (drawn on the right)."""
        active = self.screen.active_bindings
        by_action: defaultdict[str, list[tuple[Binding, bool, str]]] = defaultdict(list)
        for _, binding, enabled, tooltip in active.values():
            if binding.show:
                by_action[binding.action].append((binding, enabled, tooltip))
        items = []
        for group, grouped in groupby(by_action.values(), lambda each: each[0][0].group):
            members = list(grouped)
            if group is not None and len(members) > 1:
                keys = (" " if not group.compact else "").join(self.app.get_key_display(m[0][0]) for m in members)
                items.append((keys, group.description, [m[0] for m in members]))
            else:
                for binding, enabled, tooltip in (m[0] for m in members):
                    items.append(
                        (self.app.get_key_display(binding), binding.description, [(binding, enabled, tooltip)])
                    )
        palette = None
        if self.app.ENABLE_COMMAND_PALETTE and self.app.COMMAND_PALETTE_BINDING in active:
            _, binding, enabled, tooltip = active[self.app.COMMAND_PALETTE_BINDING]
            palette = (binding, enabled, tooltip)
        return items, palette

    def render(self) -> Content:
        items, palette = self._items()
        parts: list[Content] = []
        self._keys = []
        at = 0
        room = self.size.width - (self._palette_width(palette) if palette is not None else 0)
        for key_text, words, bindings in items:
            enabled = any(each_enabled for _, each_enabled, _ in bindings)
            dim = "" if enabled else " dim"
            drawn = Content.assemble(
                (f" {key_text} ", f"bold $footer-key-foreground{dim}"),
                (f"{words} " if words else "", f"$footer-description-foreground{dim}"),
            )
            if self.size.width and at + drawn.cell_length > room:
                break  # whole keys only: a key without its words (or half of them) says nothing
            parts.append(drawn)
            self._keys += self._spans(at, drawn.cell_length, bindings)
            at += drawn.cell_length
        line = Content("").join(parts)
        width = self.size.width
        if palette is None or not width:
            return line
        binding, enabled, tooltip = palette
        right = self._palette(binding)
        room = max(0, width - right.cell_length)
        self._keys.append(_Key(room, width, binding.key, enabled, tooltip or binding.description))
        return line.truncate(room, pad=True) + right

    def _palette(self, binding: Binding) -> Content:
        return Content.assemble(
            ("▏", "$foreground 20%"),
            (self.app.get_key_display(binding), "bold $footer-key-foreground"),
            (f" {binding.description} ", "$footer-description-foreground"),
        )

    def _palette_width(self, palette: tuple[Binding, bool, str]) -> int:
        return self._palette(palette[0]).cell_length

    def _spans(self, at: int, width: int, bindings: list[tuple[Binding, bool, str]]) -> list[_Key]:
        """Where each key of an item is clicked: a lone key on all of it; a group's keys each on
        their own letters, its words on the first."""
        if len(bindings) == 1:
            binding, enabled, tooltip = bindings[0]
            return [_Key(at, at + width, binding.key, enabled, tooltip or binding.description)]
        group = bindings[0][0].group
        gap = 0 if group is not None and group.compact else 1  # "1234 Speed", or "← → Step"
        spans, offset = [], at + 1
        for binding, enabled, tooltip in bindings:
            drawn = cell_len(self.app.get_key_display(binding)) + gap
            spans.append(_Key(offset, offset + drawn, binding.key, enabled, tooltip or binding.description))
            offset += drawn
        first = bindings[0]
        spans.append(_Key(offset, at + width, first[0].key, first[1], first[2] or first[0].description))
        return spans

    # ------------------------------------------------------------------------------ the mouse

    def _key_at(self, x: int) -> _Key | None:
        return next((key for key in self._keys if key.start <= x < key.end), None)

    def on_click(self, event: events.Click) -> None:
        key = self._key_at(event.x)
        if key is not None and key.enabled:
            event.stop()
            self.app.simulate_key(key.key)

    def on_mouse_move(self, event: events.MouseMove) -> None:
        key = self._key_at(event.x)
        self.tooltip = key.tooltip if key is not None else None

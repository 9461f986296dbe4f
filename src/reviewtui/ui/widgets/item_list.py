"""The lists of a phase (KPIs, actions, people, answers…): an OptionList whose cursor stops at
either end instead of wrapping round, so a key held down never lands on the row at the far end."""

from __future__ import annotations

from textual import _widget_navigation
from textual.widgets import OptionList
from textual.widgets.option_list import Option


class ItemList(OptionList):
    """Down on the last row stays there; Up on the first stays there (OptionList wraps: a verdict
    given on the row below the last would land on the first)."""

    _lines_width = 0
    """The width the rows' heights were measured at."""

    def _update_lines(self) -> None:
        # Textual measures a row's height once, clearing what it measured only when the list is
        # resized. A scrollbar that comes or goes narrows or widens the rows without a resize, and
        # a row that wraps kept the height of the old width: its last line cut off (a KPI list
        # mounted ahead, hidden, then shown).
        width = self.scrollable_content_region.width
        if width != self._lines_width:
            self._lines_width = width
            self._option_render_cache.clear()
            self._line_cache.clear()
        super()._update_lines()

    def action_cursor_up(self) -> None:
        self._move(-1)

    def action_cursor_down(self) -> None:
        self._move(1)

    def _move(self, direction: _widget_navigation.Direction) -> None:
        # Private module, public behaviour: the same search OptionList's own page keys use.
        found = _widget_navigation.find_next_enabled_no_wrap(self.options, anchor=self.highlighted, direction=direction)
        if found is not None:
            self.highlighted = found


def quoted(text: str, limit: int = 60) -> str:
    """A person's words, quoted and cut to fit a line."""
    text = " ".join(text.split())
    return f"“{text if len(text) <= limit else text[: limit - 1] + '…'}”"


def set_options_if_changed(listing: OptionList, options: list[Option]) -> None:
    """Replace a list's options only if they differ: rebuilding an OptionList measures every
    option again (tens of ms for a thousand). Options added at the end are just appended."""
    signature = [(o.id, str(o.prompt), o.disabled) for o in options]
    old = getattr(listing, "_reviewtui_signature", None)
    if old == signature:
        return
    if old is not None and len(old) < len(signature) and signature[: len(old)] == old:
        listing.add_options(options[len(old) :])  # a replay stepping on, an item added: measures the new
    elif old is not None and [(i, d) for i, _, d in old] == [(i, d) for i, _, d in signature]:
        # The same rows, some reworded (a dot placed, a status changed): the highlight and the
        # scroll stay where they are.
        for index, (before, now) in enumerate(zip(old, signature, strict=True)):
            if before[1] != now[1]:
                listing.replace_option_prompt_at_index(index, options[index].prompt)
    else:
        listing.set_options(options)
    listing._reviewtui_signature = signature  # type: ignore[attr-defined]

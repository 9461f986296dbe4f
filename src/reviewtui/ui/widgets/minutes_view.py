"""The minutes drawn in the app: the export's blocks laid out for the terminal's width.

A Line API widget: the blocks are laid out once per width (cheap next to mounting a widget per
block, as Textual's Markdown does: ~300 ms for the demo's 77 lines, against ~7 ms here), a slice
per frame when they are long, and only the lines in view are drawn. User text goes into rich Text as plain strings: never markup.
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from reviewtui.domain.export.document import Block, Heading, Items, Line, Paragraph, Rule, Table

_EMPHASIS = {"": Style(), "bold": Style(bold=True), "italic": Style(italic=True)}
SLICE = 0.008
"""Seconds of laying out per frame, for minutes too long to lay out in one."""
FIRST_SLICE = 0.04
"""…but the first goes on for longer: most minutes are laid out in one frame, not spread over
several (each a redraw of the screen), and the longest still show their first screen at once."""
GROW = 2000
"""Lines laid out beyond the known height before the scrollbar is told."""
_GAP = " │ "
"""Between table columns."""


def _styled(text: str, style: Style) -> Text:
    # On a span: Text.render (used here, outside a console's pipeline) drops a Text's own style.
    styled = Text(end="")
    styled.append(text, style)
    return styled


class MinutesView(ScrollView, can_focus=True):
    COMPONENT_CLASSES = {
        "minutes--h1",
        "minutes--h2",
        "minutes--h3",
        "minutes--code",
        "minutes--muted",
        "minutes--header",
    }
    DEFAULT_CSS = """
    MinutesView { height: 1fr; padding: 0 1; scrollbar-gutter: stable; }
    MinutesView > .minutes--h1 { color: $text-primary; text-style: bold; }
    MinutesView > .minutes--h2 { color: $text-primary; text-style: bold underline; }
    MinutesView > .minutes--h3 { color: $text-secondary; text-style: bold; }
    MinutesView > .minutes--code { color: $text-accent; }
    MinutesView > .minutes--muted { color: $text-muted; }
    MinutesView > .minutes--header { text-style: bold; }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.blocks: Sequence[Block] = ()
        self._lines: list[Strip] = []
        self._laid_out_for: tuple[int, int] | None = None
        """(width, version) the lines are being (or were) laid out for."""
        self._version = 0
        self._pieces: Iterator[list[Strip]] = iter(())
        """What is left to lay out, a paragraph, list item or table row at a time."""
        self.complete = True
        """Every block is laid out."""

    def update(self, blocks: Sequence[Block]) -> None:
        self.blocks = blocks
        self._version += 1
        self._layout()
        self.refresh()

    # ------------------------------------------------------------------------------ drawing

    def on_resize(self) -> None:
        self._layout()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._laid_out_for = None  # a new theme: the lines keep the old colours until laid out again
        self.call_later(self._layout)

    def render_line(self, y: int) -> Strip:
        index = self.scroll_offset.y + y
        if index < len(self._lines):
            return self._lines[index].apply_style(self.rich_style)
        return Strip.blank(self.scrollable_content_region.width, self.rich_style)

    def _layout(self) -> None:
        """Start laying out the blocks for the current width, if that is not under way already."""
        width = self.scrollable_content_region.width
        if width <= 0 or self._laid_out_for == (width, self._version):
            return
        self._laid_out_for = (width, self._version)
        self._lines, self._pieces, self.complete = [], self._all_pieces(width), False
        self._lay_out_some(FIRST_SLICE)

    def _lay_out_some(self, budget: float = SLICE) -> None:
        # SLICE seconds at most, then the rest after the next frame: the first screenful shows
        # at once, and keys are answered while the rest of long minutes is laid out.
        if self._laid_out_for is None:
            return
        started = time.perf_counter()
        before = len(self._lines)
        for piece in self._pieces:
            self._lines += piece
            if time.perf_counter() - started > budget:
                break
        else:
            self.complete = True
        # A new virtual size relays out the screen (~10 ms at 80x24): grow it with the first
        # screenful, then now and then, and at the end, not on every slice.
        shown = self.scroll_offset.y + self.scrollable_content_region.height
        if self.complete or before < shown or len(self._lines) - self.virtual_size.height > GROW:
            self.virtual_size = Size(self._laid_out_for[0], len(self._lines))
        if before < shown:
            self.refresh()
        if not self.complete:
            self.call_after_refresh(self._continue, self._laid_out_for)

    def _continue(self, laid_out_for: tuple[int, int]) -> None:
        if self._laid_out_for == laid_out_for:  # not replaced by newer blocks or a new width
            self._lay_out_some()

    def _all_pieces(self, width: int) -> Iterator[list[Strip]]:
        for n, block in enumerate(self.blocks):
            if n:
                yield [Strip.blank(width)]
            yield from self._block(block, width)

    # ------------------------------------------------------------------------------ blocks

    def _style(self, name: str) -> Style:
        return self.get_component_rich_style(f"minutes--{name}", partial=True)

    def _text(self, spans: Line, base: Style | None = None) -> Text:
        # Styles go on the spans (see _styled).
        text = Text(end="")
        base, code = base or Style(), self._style("code")
        for span in spans:
            style = base + (self._style("muted") if span.emphasis == "muted" else _EMPHASIS[span.emphasis])
            text.append(span.text, style + code if span.code else style)  # plain strings: never markup
        return text

    def _wrap(self, text: Text, width: int, justify: str = "left") -> list[Strip]:
        width = max(width, 1)
        length = text.cell_len
        if length <= width and "\n" not in text.plain:
            # Most lines fit: skip wrapping, which is most of the cost of laying out long minutes.
            strip = Strip(text.render(self.app.console), length)
            if justify == "right":
                return [Strip.join([Strip.blank(width - length), strip])]
            if justify == "center":
                left = (width - length) // 2
                return [Strip.join([Strip.blank(left), strip]).extend_cell_length(width)]
            return [strip.extend_cell_length(width)]
        console = self.app.console
        lines = text.wrap(console, width, justify=justify, overflow="fold")  # type: ignore[arg-type]
        return [Strip(line.render(console)).extend_cell_length(width) for line in lines]

    def _block(self, block: Block, width: int) -> Iterator[list[Strip]]:
        match block:
            case Heading(level, spans):
                justify = "center" if level == 1 else "left"
                yield self._wrap(self._text(spans, self._style(f"h{min(level, 3)}")), width, justify)
            case Paragraph(spans):
                yield self._wrap(self._text(spans), width)
            case Items(items, numbered):
                yield from self._items(items, numbered, width)
            case Table():
                yield from self._table(block, width)
            case Rule():
                yield [Strip(_styled("─" * width, self._style("muted")).render(self.app.console))]

    def _items(self, items: Sequence[Line], numbered: bool, width: int) -> Iterator[list[Strip]]:
        indent = len(f"{len(items)}. ") if numbered else 2
        muted = self._style("muted")
        console = self.app.console
        for n, item in enumerate(items, 1):
            marker = f"{n}. ".rjust(indent) if numbered else "• "
            body = self._wrap(self._text(item), width - indent)
            lines = []
            for row, strip in enumerate(body):
                lead = _styled(marker if row == 0 else " " * indent, muted if not numbered else Style())
                lines.append(Strip.join([Strip(lead.render(console)), strip]))
            yield lines

    def _table(self, table: Table, width: int) -> Iterator[list[Strip]]:
        cells = [[" ".join(c.text.split()) for c in row] for row in table.rows]
        widths = [max([cell_len(h), *(cell_len(r[i]) for r in cells)]) for i, h in enumerate(table.header)]
        room = max(width - len(_GAP) * (len(widths) - 1), len(widths))
        while sum(widths) > room and max(widths) > 4:  # narrow the widest column until the table fits
            widest = widths.index(max(widths))
            widths[widest] -= max(1, (sum(widths) - room) // len(widths))
        muted, header = self._style("muted"), self._style("header")
        gap = Strip(_styled(_GAP, muted).render(self.app.console))

        def fit(lines: list[Strip]) -> list[Strip]:
            return [line.crop(0, width).extend_cell_length(width) for line in lines]

        rule = Strip(_styled("─┼─".join("─" * w for w in widths), muted).render(self.app.console))
        yield fit([*self._row(list(table.header), widths, table.right_aligned, gap, header), rule])
        for row in cells:
            yield fit(self._row(row, widths, table.right_aligned, gap))

    def _row(
        self, row: list[str], widths: list[int], right: Sequence[bool], gap: Strip, style: Style | None = None
    ) -> list[Strip]:
        columns = [
            self._wrap(_styled(cell, style or Style()), w, "right" if r else "left")
            for cell, w, r in zip(row, widths, right)
        ]
        height = max(len(c) for c in columns)
        lines = []
        for y in range(height):
            parts: list[Strip] = []
            for x, (column, w) in enumerate(zip(columns, widths)):
                if x:
                    parts.append(gap)
                parts.append(column[y] if y < len(column) else Strip.blank(w))
            lines.append(Strip.join(parts))
        return lines

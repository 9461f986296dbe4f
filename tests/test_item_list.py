"""The phase lists (ItemList): a row that wraps is drawn whole whatever the scrollbar does."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.content import Content
from textual.widgets.option_list import Option

from reviewtui.ui.widgets.item_list import ItemList

HEADING = "1. Increase 30-day retention of new self-serve customers"


class OneList(App[None]):
    CSS = "ItemList { width: 29; height: 8; border: none; padding: 0; }"

    def compose(self) -> ComposeResult:
        yield ItemList(Option(HEADING, id="heading"))


async def test_a_wrapped_row_keeps_all_its_lines_when_the_scrollbar_appears() -> None:
    """Textual measures a row's height at the width it had then; a scrollbar appearing later (rows
    added, a KPI list shown after being mounted hidden) narrows it without a resize."""
    app = OneList()
    async with app.run_test() as pilot:
        listing = app.query_one(ItemList)
        await pilot.pause()
        assert listing._heights[0] == 2  # 29 columns, no scrollbar: two lines

        listing.add_options([Option(f"KPI number {n}", id=f"k{n}") for n in range(12)])
        await pilot.pause()
        await pilot.pause()

        assert listing.show_vertical_scrollbar
        width = listing.scrollable_content_region.width
        assert width < 29
        lines = [line.plain for line in Content(HEADING).wrap(width)]
        assert listing._heights[0] == len(lines) == 3
        drawn = [listing.render_line(y).text.rstrip() for y in range(3)]
        assert drawn == lines

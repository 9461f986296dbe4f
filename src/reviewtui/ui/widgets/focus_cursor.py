"""The terminal's cursor follows the focus: to the start of the highlighted row of a list, a table
or the replay's timeline, to where one types in a field, to the top left of anything else.

Screen readers and braille displays follow the terminal's cursor. Textual hides it, but still
moves it after each frame to `App.cursor_position`, the place "set by widgets" for the terminal
(and its input methods); only Input and TextArea set it, so a list would leave it wherever the
last field put it.
"""

from __future__ import annotations

from bisect import bisect_left

from textual import errors
from textual.app import App
from textual.geometry import Offset, Region
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import DataTable, Input, OptionList, TextArea

from reviewtui.ui.widgets.timeline import Timeline


def focus_cursor(screen: Screen) -> Offset | None:
    """Where the terminal cursor belongs on `screen`: by the widget that has the focus, if any shows."""
    widget = screen.focused
    if widget is None:
        return None
    try:
        visible = screen.find_widget(widget).visible_region
    except errors.NoWidget:  # focused but not on screen (hidden, or being removed)
        return None
    if not visible:
        return None
    if isinstance(widget, Input):
        place = widget.cursor_screen_offset  # where the text cursor is, as it says itself…
        if widget.cursor_at_end:  # …but one cell past the end, where none is drawn: on the drawn one
            place = Offset(place.x - 1, place.y)
    elif isinstance(widget, TextArea):
        place = widget.cursor_screen_offset
    else:
        place = row_start(widget)
    return _inside(place, visible)


def row_start(widget: Widget) -> Offset:
    """The screen cell where the highlighted row of `widget` starts (the top left of its content if
    it has none): a list's option, a table's cursor row, the timeline's event."""
    region = widget.scrollable_content_region
    if isinstance(widget, OptionList):
        line = _option_line(widget)
    elif isinstance(widget, DataTable):
        return Offset(region.x, region.y + _table_line(widget))
    elif isinstance(widget, Timeline):
        line = _timeline_line(widget)
    else:
        line = None
    if line is None:
        return region.offset
    return Offset(region.x, region.y + line - widget.scroll_offset.y)


def _option_line(listing: OptionList) -> int | None:
    highlighted = listing.highlighted
    if highlighted is None:
        return None
    # Private: OptionList keeps which line each option starts on (options can wrap to several)
    # and has no public way to ask. Without it: one line per option, right until one wraps.
    lines = getattr(listing, "_index_to_line", None)
    if isinstance(lines, dict) and highlighted in lines:
        return int(lines[highlighted])
    return highlighted


def _table_line(table: DataTable) -> int:
    """The cursor row's line within the table's content region (scrolling and the header counted)."""
    if table.cursor_type == "none" or not table.row_count:
        return 0
    row = min(max(table.cursor_row, 0), table.row_count - 1)
    header = table.header_height if table.show_header else 0
    line = header + sum(each.height for each in table.ordered_rows[:row])
    if row >= table.fixed_rows:  # fixed rows stay put; the rest scroll under them
        line -= table.scroll_offset.y
    return line


def _timeline_line(timeline: Timeline) -> int | None:
    if timeline.cursor <= 0:  # before the first event: no line is the cursor's
        return None
    steps = timeline.steps
    index = timeline.cursor - 1  # seqs run 1, 2, 3…: event N is line N-1
    if not (0 <= index < len(steps) and steps[index].seq == timeline.cursor):
        index = bisect_left([step.seq for step in steps], timeline.cursor)
    return index


def _inside(place: Offset, region: Region) -> Offset:
    """`place`, moved onto the nearest cell of `region` if it lies outside (a row scrolled away)."""
    return Offset(
        min(max(place.x, region.x), region.right - 1),
        min(max(place.y, region.y), region.bottom - 1),
    )


class CursorFollowsFocus:
    """For the App: `cursor_position`, read by Textual after each frame to place the terminal
    cursor, is worked out from the focus at that moment; what a widget sets is kept for when
    nothing has the focus.

    Not an API of Textual's, its behaviour: `App._display` reads `App.cursor_position` as each
    frame goes out. A property reads the focus as things are drawn, so the cursor is right after
    a highlight moves, a list scrolls, a screen opens or the terminal is resized, without a handler
    for each (which the panes, not ours to change, could stop)."""

    _cursor_set_by_widget = Offset(0, 0)

    @property
    def cursor_position(self) -> Offset:
        app = self if isinstance(self, App) else None
        if app is not None and app.screen_stack:
            found = focus_cursor(app.screen)
            if found is not None:
                return found
        return self._cursor_set_by_widget

    @cursor_position.setter
    def cursor_position(self, offset: Offset) -> None:
        self._cursor_set_by_widget = offset

"""The replay's timeline (every event of a session, one line each, drawn only where seen) and status.

A Line API widget: a 10,000-event session costs what its visible lines cost.
"""

from __future__ import annotations

from rich.style import Style
from rich.text import Text
from textual.binding import Binding
from textual.content import Content
from textual.events import Click
from textual.geometry import Region, Size, Spacing
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widgets import Static

from reviewtui.domain.replay import Step
from reviewtui.domain.safe_text import visible

_NAME_CELLS = 16
"""The most of an actor's first name the timeline shows before what they did."""


class Timeline(ScrollView, can_focus=True, inherit_bindings=False):
    # Only up/down to look around: left/right, PgUp/PgDn, Home/End move the replay (the screen's
    # keys), and leaving the inherited ones here would also reorder the footer after this widget.
    BINDINGS = [
        Binding("up", "scroll_up", "Scroll up", show=False),
        Binding("down", "scroll_down", "Scroll down", show=False),
    ]
    COMPONENT_CLASSES = {
        "timeline--time",
        "timeline--actor",
        "timeline--cursor",
        "timeline--phase",
        "timeline--unknown",
        "timeline--later",
    }
    DEFAULT_CSS = """
    Timeline { background: $surface; }
    Timeline > .timeline--time { color: $text-muted; }
    Timeline > .timeline--actor { color: $text-secondary; }
    Timeline > .timeline--cursor { background: $primary 45%; text-style: bold; }
    Timeline > .timeline--phase { color: $text-accent; text-style: bold; }
    Timeline > .timeline--unknown { color: $text-warning; text-style: italic; }
    Timeline > .timeline--later { color: $text-muted; }
    """

    cursor: reactive[int] = reactive(0)
    """The seq the replay stands at (0: before the first event)."""
    drawn = 0
    """The last cursor whose line was drawn: playback "at once" waits for it."""

    class Picked(Message):
        def __init__(self, seq: int) -> None:
            super().__init__()
            self.seq = seq

    def __init__(self, steps: list[Step], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.steps = steps
        self.virtual_size = Size(0, len(steps))

    def _line(self, step: Step) -> Text:
        # Partial styles: colours only, so the cursor's background shows under the whole line.
        def style(name: str) -> Style:
            return self.get_component_rich_style(name, partial=True)

        text = Text(no_wrap=True, end="")
        text.append(f"{step.at.astimezone():%H:%M} ", style("timeline--time"))
        first_name = step.actor.split()[0] if step.actor.strip() else step.actor
        # Capped: a long name (one written into the file by hand) must leave room for what happened.
        text.append(f"{visible(first_name, _NAME_CELLS)}: ", style("timeline--actor"))
        kind = "timeline--phase" if step.phase else "timeline--unknown" if not step.known else None
        text.append(step.text, style(kind) if kind else Style())  # user text: appended, never parsed
        return text

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        index = self.scroll_offset.y + y
        if index >= len(self.steps):
            return Strip.blank(width, self.rich_style)
        step = self.steps[index]
        segments = list(self._line(step).render(self.app.console))
        # Padded unstyled, so the style applied below (the cursor's, say) runs the whole width.
        strip = Strip(segments).crop(0, width).extend_cell_length(width)
        if step.seq == self.cursor:
            # A frame composed while Textual batches updates (a pane being mounted) is not
            # written to the terminal: only a frame that will be shown counts as drawn.
            if not getattr(self.app, "_batch_count", 0):
                self.drawn = step.seq
            return strip.apply_style(self.get_component_rich_style("timeline--cursor"))
        if step.seq > self.cursor:
            return strip.apply_style(self.get_component_rich_style("timeline--later"))
        return strip.apply_style(self.rich_style)

    def watch_cursor(self, old: int, new: int) -> None:
        # Everything between the two positions changes its dimming: redraw, and keep it in view.
        self.refresh()
        self.scroll_to_cursor()

    def on_resize(self) -> None:
        # A new height (the terminal, or the layout switching at a breakpoint) can hide the cursor.
        self.scroll_to_cursor()

    def scroll_to_cursor(self) -> None:
        if self.cursor > 0:
            self.scroll_to_region(Region(0, self.cursor - 1, 1, 1), animate=False, spacing=Spacing(2, 0, 2, 0))
        else:
            self.scroll_home(animate=False)

    def on_click(self, event: Click) -> None:
        index = self.scroll_offset.y + event.y
        if 0 <= index < len(self.steps):
            self.post_message(self.Picked(self.steps[index].seq))


class ReplayStatus(Static):
    """Where the replay stands (event N of M, when, playing or not), and what was last drawn."""

    drawn = -1
    """The cursor of the status last composed into a frame the terminal gets ("at once" waits for it)."""
    _showing = -1

    def show(self, cursor: int, status: Content) -> None:
        self._showing = cursor
        self.update(status)

    def render_lines(self, crop: Region) -> list[Strip]:
        # Here, not in render(): render() is also asked to measure the width (width: auto).
        if not getattr(self.app, "_batch_count", 0):  # see Timeline.render_line
            self.drawn = self._showing
        return super().render_lines(crop)

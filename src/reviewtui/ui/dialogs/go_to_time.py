"""Ask for a time to jump the replay to: HH:MM on the day at the cursor, or a full date and time."""

from __future__ import annotations

import re
from datetime import datetime, time

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from reviewtui.ui.widgets.field import Field

_CLOCK = re.compile(r"(\d{1,2}):(\d{2})(?::(\d{2}))?")


def parse_moment(text: str, around: datetime) -> datetime | None:
    """'09:45' (on the day of `around`, local time) or '2026-10-07 09:45'; None if neither."""
    text = text.strip()
    local = around.astimezone()
    match = _CLOCK.fullmatch(text)
    try:
        if match:
            hour, minute, second = int(match[1]), int(match[2]), int(match[3] or 0)
            return datetime.combine(local.date(), time(hour, minute, second), tzinfo=local.tzinfo)
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=local.tzinfo)


class GoToTimeDialog(ModalScreen[datetime | None]):
    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel")]

    def __init__(self, around: datetime) -> None:
        super().__init__(classes="dialog-screen")
        self.around = around

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(Content.styled("Go to a time", "bold"), classes="dialog-title")
            yield Field(
                "Time",
                name="time",
                value=f"{self.around.astimezone():%H:%M}",
                commit_on_blur=False,
                suggested=True,
                placeholder="HH:MM, or YYYY-MM-DD HH:MM",
            )
            yield Static(
                Content.styled("The replay goes to the last event at or before it. Esc cancels.", "$text-muted"),
                classes="dialog-help",
            )

    def on_mount(self) -> None:
        self.query_one(Field).focus()

    @on(Field.Committed)
    def _chosen(self, event: Field.Committed) -> None:
        event.stop()
        moment = parse_moment(event.value, self.around)
        if moment is None:
            event.field.reject(f"{event.value.strip()!r} is not a time (use HH:MM or YYYY-MM-DD HH:MM)")
            return
        self.dismiss(moment)

"""The timebox of the current phase: time left, a warning at one minute, the overrun once over."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

from reviewtui.domain.review import Timer

WARNING_SECONDS = 60
STALE_SECONDS = 12 * 3600
"""Overrun by more than this, a timebox is from another day (a session resumed later): said as
such, quietly, never as hundreds of hours over."""


def format_seconds(seconds: float) -> str:
    """4:05 for minutes and seconds; 3h 12m past an hour (a session resumed days later)."""
    whole = int(abs(seconds))
    if whole >= 3600:
        hours, minutes = divmod(whole // 60, 60)
        return f"{hours}h {minutes:02d}m"
    return f"{whole // 60}:{whole % 60:02d}"


class PhaseTimer(Widget):
    DEFAULT_CSS = """
    PhaseTimer { height: 1; width: auto; }
    """

    timer: reactive[Timer | None] = reactive(None, always_update=True)

    class Crossed(Message):
        """The timebox just reached its last minute (`"warning"`) or its end (`"over"`)."""

        def __init__(self, phase: str, state: str) -> None:
            super().__init__()
            self.phase = phase
            self.state = state

    def __init__(self, clock: Callable[[], datetime], *, id: str | None = None, can_set: bool = True) -> None:
        super().__init__(id=id)
        self._clock = clock
        self._can_set = can_set
        """Only whoever can set a timebox is told the key for it."""
        self._state = "idle"

    def on_mount(self) -> None:
        self.set_interval(1.0, self._tick)

    def watch_timer(self, timer: Timer | None) -> None:
        self._state = self._state_of(timer)  # a new timebox starts without announcing anything
        self._show_state()

    def _tick(self) -> None:
        state = self._state_of(self.timer)
        if state != self._state:
            if state in ("warning", "over") and self.timer is not None:
                self.post_message(self.Crossed(self.timer.phase, state))
            self._state = state
            self._show_state()
        # Redraw only when the text moved: an idle screen must send the terminal nothing, or
        # sshd's ClientAliveInterval never sees a quiet link and a dead client is never dropped.
        # Nor while a dialog covers the screen: drawn dimmed behind it, each second would redraw
        # the whole backdrop and hold up the dialog's keys. (Its screen redraws it when the dialog closes.)
        if self._text() != self._drawn and self.screen.is_current:
            self.refresh()

    def _show_state(self) -> None:
        for name in ("idle", "running", "warning", "over", "stopped"):
            self.set_class(name == self._state, f"-{name}")

    def _state_of(self, timer: Timer | None) -> str:
        if timer is None:
            return "idle"
        if not timer.running:
            return "stopped"  # the room left the phase, or the session closed: history, not a countdown
        if timer.remaining(self._clock()) < -STALE_SECONDS:
            return "stopped"  # set on another day: not a countdown any more
        left = timer.remaining(self._clock())
        return "over" if left < 0 else "warning" if left <= WARNING_SECONDS else "running"

    _drawn = ""

    def _text(self) -> str:
        timer = self.timer
        if timer is None:
            return "no timebox (ctrl+t) " if self._can_set else "no timebox "
        now = self._clock()
        if not timer.running:  # planned against used
            used, over = timer.used(now), -timer.remaining(now)
            tail = f", {format_seconds(over)} over" if over > 0 else ""
            return f"◷ took {format_seconds(used)} of {format_seconds(timer.seconds)}{tail} "
        left = timer.remaining(now)
        if left < -STALE_SECONDS:
            again = " (ctrl+t)" if self._can_set else ""
            return f"◷ {format_seconds(timer.seconds)} set on {timer.started_at.astimezone():%d %b}{again} "
        if left < 0:
            return f"◷ {format_seconds(left)} over "
        return f"◷ {format_seconds(left)} left "

    def render(self) -> Content:
        self._drawn = self._text()
        return Content(self._drawn)

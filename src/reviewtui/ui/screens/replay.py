"""Replay: a session's timeline, and beside it the review as it stood at the cursor, read-only.

Play it back at 1x, 4x or 16x (long silent gaps are shortened), or one event per frame; step,
jump between phase changes, go to a time, export the review as of the cursor.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.timer import Timer
from textual.widgets import Static

from reviewtui.application.open_session import ReplaySession
from reviewtui.ui.commands import Command, binding_commands
from reviewtui.ui.heap import collect_and_freeze, freeze_what_is_held, hold_full_collections, release
from reviewtui.ui.panes.base import PhasePane
from reviewtui.ui.screens.review_screen import ReviewScreen
from reviewtui.ui.widgets.footer import SteadyFooter
from reviewtui.ui.widgets.timeline import ReplayStatus, Timeline

SPEEDS = {"1": 1.0, "2": 4.0, "3": 16.0, "4": 0.0}
"""Key -> speed; 0 means the next event at once: one event per frame."""
LONGEST_PAUSE = 3.0
"""Seconds: a silent gap in the meeting plays back at most this long (at 1x)."""
DRAWN_YET = 1 / 120
"""Seconds between looks at whether the event at the cursor has been drawn ("at once")."""
AT_REST = 1.0
"""Seconds without a seek after which the replay tidies the heap (see ui/heap.py)."""


_STEP = Binding.Group("Step")
_PHASE = Binding.Group("Phase")
_SPEED = Binding.Group("Speed", compact=True)


class ReplayScreen(ReviewScreen):
    read_only = True
    HORIZONTAL_BREAKPOINTS = [(0, "-stacked"), (110, "-side-by-side")]
    """Narrow terminals put the timeline above the review (see app.tcss)."""
    # Footer order is what a room needs first: play, step, jump, speed, then the rest; grouped
    # so that all of it fits in 80 columns.
    BINDINGS = [
        Binding(
            "space", "play_pause", "Play", priority=True, tooltip="Play or pause\nPlay the session back from the cursor"
        ),
        Binding("left", "step(-1)", "Back one", priority=True, group=_STEP, tooltip="Step back\nOne event back"),
        Binding("right", "step(1)", "Step", priority=True, group=_STEP, tooltip="Step forward\nOne event on"),
        Binding(
            "pageup,left_square_bracket",
            "phase_change(-1)",
            "Previous phase",
            priority=True,
            key_display="PgUp",
            group=_PHASE,
            tooltip="Previous phase change\nTo the previous phase change",
        ),
        Binding(
            "pagedown,right_square_bracket",
            "phase_change(1)",
            "Next phase",
            priority=True,
            key_display="PgDn",
            group=_PHASE,
            tooltip="Next phase change\nTo the next event that entered a phase",
        ),
        Binding("1", "speed('1')", "1x", priority=True, group=_SPEED, tooltip="Speed: 1x\nPlay back at 1x"),
        Binding("2", "speed('2')", "4x", priority=True, group=_SPEED, tooltip="Speed: 4x\nPlay back at 4x"),
        Binding("3", "speed('3')", "16x", priority=True, group=_SPEED, tooltip="Speed: 16x\nPlay back at 16x"),
        Binding(
            "4",
            "speed('4')",
            "Next event at once",
            priority=True,
            group=_SPEED,
            tooltip="Speed: the next event at once\nOne event per frame",
        ),
        Binding(
            "g", "go_to_time", "Time", priority=True, tooltip="Go to a time\nJump to the last event at or before a time"
        ),
        Binding(
            "e",
            "export",
            "Export",
            priority=True,
            tooltip="Export as of the cursor\nMinutes, JSON or actions as they stood at this event",
        ),
        Binding("home", "seek_to(0)", "Start", priority=True, show=False, tooltip="Start\nBefore the first event"),
        Binding("end", "seek_to(-1)", "End", priority=True, show=False, tooltip="End\nAfter the last event"),
        Binding(
            "escape",
            "back",
            "Back",
            priority=True,
            show=False,  # room in 80 columns; in the palette
            tooltip="Back\nLeave the replay",
        ),
    ]

    def __init__(self, session: ReplaySession, clock: Callable[[], datetime]) -> None:
        super().__init__(session, clock)
        self.session: ReplaySession = session
        # The log and its steps live as long as the replay: out of the collector's walks, or a
        # seek can stall on one (82 ms worst case seen in a 10,000-event session; 24 ms frozen).
        freeze_what_is_held()
        self.playing = False
        self.speed = 1.0
        self._timer: Timer | None = None
        self._resting: Timer | None = None
        self._thresholds: tuple[int, ...] = ()

    # ------------------------------------------------------------------------------ layout

    def compose(self) -> ComposeResult:
        with Horizontal(id="session-bar"):
            yield Static(id="session-title")
            yield ReplayStatus(id="replay-status")
        with Horizontal(id="replay-body"):
            yield Timeline(self.session.replay.steps, id="timeline")
            with Vertical(id="replay-review"):
                yield from self.compose_phases()
        yield SteadyFooter()

    def on_mount(self) -> None:
        self._thresholds = hold_full_collections()  # until unmounted: see ui/heap.py
        self.seek(self.session.cursor)
        self.call_after_refresh(self.look_back)  # the KPIs' history across the series
        timeline = self.query_one(Timeline)
        timeline.focus()
        self.call_after_refresh(timeline.scroll_to_cursor)  # once it has a size to scroll in

    def on_unmount(self) -> None:
        self.playing = False
        for timer in (self._timer, self._resting):
            if timer is not None:
                timer.stop()
        if self._thresholds:
            release(self._thresholds)

    # ------------------------------------------------------------------------------ the cursor

    def seek(self, seq: int) -> None:
        """Stand at event `seq`: the timeline, the phase and its pane as they were then."""
        session = self.session
        session.cursor = max(0, min(seq, session.replay.last))
        review = session.review
        phase = review.template.phase(review.phase or "") or self.phases[0]
        # The pane shows what the event at the cursor is about: the KPI just read, say.
        item = session.replay.steps[session.cursor - 1].item if session.cursor else None
        self._point_at(phase.id, item)  # before a pane already there shows the review…
        if phase.id != self.phase.id:
            self.show_phase(phase.id, record=False)
        else:
            self.review_changed()
        self._point_at(phase.id, item)  # …or once a new one is mounted (it shows when ready)
        self.query_one(Timeline).cursor = session.cursor
        self._status()
        self._rest_later()

    def _point_at(self, phase_id: str, item: str | None) -> None:
        panes = self.query(f"#phase-{phase_id}")
        if item is not None and panes:
            panes.first(PhasePane).point_at(item)

    def _rest_later(self) -> None:
        if self._resting is not None:
            self._resting.stop()
        self._resting = self.set_timer(AT_REST, self._at_rest)

    def _at_rest(self) -> None:
        self._resting = None
        if not self.playing:  # playing on: seek() will set this timer again
            collect_and_freeze()

    def _status(self) -> None:
        session = self.session
        step = session.replay.steps[session.cursor - 1] if session.cursor else None
        speed = "at once" if self.speed == 0 else f"{self.speed:g}x"
        state = f"▶ {speed}" if self.playing else f"❚❚ {speed}"
        when = f" · {step.at.astimezone():%Y-%m-%d %H:%M}" if step else ""
        self.query_one(ReplayStatus).show(
            session.cursor,
            Content.assemble(
                ("Replay ", "bold"),
                f"event {session.cursor} of {session.replay.last}{when}  ",
                (state, "bold $text-accent"),
            ),
        )

    @on(Timeline.Picked)
    def _picked(self, event: Timeline.Picked) -> None:
        self.pause()
        self.seek(event.seq)

    # ------------------------------------------------------------------------------ playback

    def action_play_pause(self) -> None:
        if self.playing:
            self.pause()
            return
        if self.session.cursor >= self.session.replay.last:
            self.seek(0)  # from the start again
        self.playing = True
        self._status()
        self._schedule()

    def pause(self) -> None:
        self.playing = False
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        self._status()
        self._rest_later()

    def _schedule(self) -> None:
        if not self.playing:
            return
        replay, cursor = self.session.replay, self.session.cursor
        if cursor >= replay.last:
            self.pause()
            return
        if self.speed == 0:
            self._timer = self.set_timer(DRAWN_YET, self._advance_once_drawn)
            return
        gap = (replay.steps[cursor].at - replay.steps[cursor - 1].at).total_seconds() if cursor else 0.0
        delay = min(max(gap, 0.0), LONGEST_PAUSE) / self.speed
        self._timer = self.set_timer(max(delay, 0.02), self._advance)

    def _advance_once_drawn(self) -> None:
        # "At once" is one event per frame: step on only when the last one has been drawn.
        # (call_after_refresh can run before the next frame is drawn, and then events go by unseen.)
        self._timer = None
        if not self.playing:
            return
        timeline, status, cursor = self.query_one(Timeline), self.query_one(ReplayStatus), self.session.cursor
        if cursor and (timeline.drawn != cursor or status.drawn != cursor):
            # Not shown yet (or composed while a pane was mounting, and not written): draw again.
            timeline.refresh()
            status.refresh()
            self._timer = self.set_timer(DRAWN_YET, self._advance_once_drawn)
            return
        self._advance()

    def _advance(self) -> None:
        if not self.playing:
            return
        self.seek(self.session.cursor + 1)
        self._schedule()

    def action_speed(self, key: str) -> None:
        self.speed = SPEEDS[key]
        self._status()
        if self.playing:
            if self._timer is not None:
                self._timer.stop()
            self._schedule()

    def action_step(self, offset: int) -> None:
        self.pause()
        self.seek(self.session.cursor + offset)

    def action_seek_to(self, seq: int) -> None:
        self.pause()
        self.seek(self.session.replay.last if seq < 0 else seq)

    def action_phase_change(self, direction: int) -> None:
        """To the next (or previous) event that entered a phase."""
        self.pause()
        changes = self.session.replay.phase_seqs
        cursor = self.session.cursor
        later = [seq for seq in changes if seq > cursor] if direction > 0 else [seq for seq in changes if seq < cursor]
        if later:
            self.seek(later[0] if direction > 0 else later[-1])
        else:
            self.seek(self.session.replay.last if direction > 0 else 0)

    # ------------------------------------------------------------------------------ actions

    def action_go_to_time(self) -> None:
        from reviewtui.ui.dialogs.go_to_time import GoToTimeDialog

        self.pause()
        replay = self.session.replay
        around = replay.steps[max(self.session.cursor - 1, 0)].at if replay.steps else datetime.now()

        def chosen(moment: datetime | None) -> None:
            if moment is not None:
                self.seek(replay.seq_at(moment))

        self.app.push_screen(GoToTimeDialog(around), chosen)

    def action_export(self) -> None:
        from reviewtui.ui.dialogs.export import export_from

        self.pause()
        export_from(self, log=self.session.log, at_seq=self.session.cursor)

    async def action_back(self) -> None:
        self.pause()
        await self.ready_to_leave()
        if len(self.app.screen_stack) > 2:  # opened from home or a series: back to it
            self.app.pop_screen()
        else:  # `reviewtui replay ID`: nothing under it but Textual's blank screen
            self.review_app.show_home()

    def commands(self) -> Iterable[Command]:
        return binding_commands(self)

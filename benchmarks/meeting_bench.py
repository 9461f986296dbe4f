"""Meeting benchmarks on a real pty: the first visit to a phase, the dots dialog, typing into a field.

Each one runs the real `reviewtui open` on a pseudo-terminal (TERM=xterm-256color) on a generated
500-event session, and a bare Textual app doing the same job run the same way, in the same run,
the runs interleaved so that whatever else the machine is doing hits both alike.

- First visit to a phase: PgDn (or PgUp), from writing the key to the pty to the last byte of
  the frames that draw the new phase's pane: the pane's own content (a marker only its `show`
  draws) must have appeared, then the output must stay quiet for SETTLE; the quiet wait itself
  is not counted. A pane is mounted on the first visit to it, so each process visits each phase
  once, and many processes are run; each visit comes DWELL seconds after the last (a room spends
  longer than that on a phase). Baseline: a ContentSwitcher whose second pane (a Static and an
  Input) is mounted on first show, pressed after the same DWELL.
- The dots dialog (ctrl+b in Impact, voting open, 120 answers), at 80x24: Space (place a dot,
  written to disk) and Backspace (take it back), from the key to the frame that shows the new
  count of dots left (drawn with the changed row); Down and Up, from the key to the first frame
  after it. Baseline: a ModalScreen holding an OptionList of the same 120 rows, the same keys.
- Typing, at 80x24: 60 characters one at a time into a field (an objective's statement, an
  impact answer), from the key to its echo. Baseline: the bare Input app of ui_bench.

Each key is sent once the screen has been idle for a while (IDLE, ALL_QUIET): what the key
before set going is over. Times are p50 and p95 (of 30 to 60 samples: the 2nd or 3rd slowest).
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import pty
import select
import shutil
import signal
import statistics
import struct
import sys
import tempfile
import termios
import textwrap
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.store_bench import Row
from benchmarks.ui_bench import _ESCAPES, BARE_APP, READY_MARK, percentile
from reviewtui.application.sessions import create_session
from reviewtui.application.writing import Author, write
from reviewtui.domain import changes, meeting
from reviewtui.domain.events import Pending
from reviewtui.domain.templates import OUTCOME_REVIEW
from reviewtui.store import SessionStore

SESSION = "2026-11-20-big-review-mtng"
EVENTS = 500
PEOPLE = ("Tom", "Ana", "Priya", "Jonas", "Lena")
ANSWERS = 120
DOTS = 20
"""Dots per person: the most a facilitator may hand out (domain.events), more than a run places."""
SETTLE = 0.03
"""A frame is finished when nothing more is written for this long (not counted in the time)."""
ALL_QUIET = 0.15
"""…and the whole redraw is over when nothing is written for this long (reported beside it); the
screen is idle again, for the next key."""
DWELL = 1.0
"""Seconds on a phase before the key to the next (read and thrown away meanwhile)."""
IDLE = 0.1
"""Before each key in the dialog and in a field: the screen has written nothing for this long
(a dot's redraw trails its frame by up to ~60 ms: footer and scrollbar again)."""
SIZES = ((80, 24), (120, 40))

PGDN, PGUP, UP, DOWN = b"\x1b[6~", b"\x1b[5~", b"\x1b[A", b"\x1b[B"
SPACE, BACKSPACE, ENTER, CTRL_B = b" ", b"\x7f", b"\r", b"\x02"

PHASES = [phase.id for phase in OUTCOME_REVIEW.phases]
MARKERS = {
    # The review's own data, drawn only by each pane's `show` (never by the screen's header or by
    # the pane left behind), visible at 80x24 as at 120x40.
    "check-in": b"Jonas",
    "objectives": b"cohort 01",
    "kpis": b"Retention 01",
    "impact": b"What surprised us?",
    "actions": b"Action 01: interview",
    "decisions": b"Decision 01: pause",
    "close": b"retention of cohort 01",
}
TYPED = "Cut the weekly churn of new teams from 9% to 6% by 31 March."
"""60 characters, typed one at a time; the last eight typed are the echo's mark."""

BARE_SWITCHER = textwrap.dedent(
    """
    from textual.app import App
    from textual.containers import Vertical
    from textual.widgets import ContentSwitcher, Footer, Input, Static

    class Pane(Vertical):
        def __init__(self, n):
            super().__init__(id=f"pane-{n}")
            self.n = n

        def compose(self):
            yield Static(f"Pane {self.n}: what changed because of this work, zqpane{self.n}?")
            yield Input(placeholder="type here")

        def on_mount(self):
            self.call_after_refresh(self.query_one(Input).focus)

    class Switcher(App):
        BINDINGS = [("pagedown", "show(2)", "Next"), ("pageup", "show(1)", "Back")]

        def compose(self):
            with ContentSwitcher(initial="pane-1"):
                yield Pane(1)
            yield Footer()

        def action_show(self, n):
            switcher = self.query_one(ContentSwitcher)
            if not switcher.query(f"#pane-{n}"):
                switcher.mount(Pane(n))
            switcher.current = f"pane-{n}"

    Switcher().run()
    """
)
BARE_SWITCHER_MARK = b"zqpane2"

BARE_DOTS = textwrap.dedent(
    """
    from textual.app import App
    from textual.containers import Vertical
    from textual.screen import ModalScreen
    from textual.widgets import Footer, Label, OptionList, Static
    from textual.widgets.option_list import Option

    ROWS, DOTS = {rows}, {dots}

    def prompt(n, dots):
        return f"{{'r' + str(n + 1):>4}} {{'●' * dots or '·'}} Answer {{n + 1:03d}} fewer setup tickets"

    class Dots(ModalScreen):
        DEFAULT_CSS = '''
        Dots {{ align: center middle; }}
        Dots > Vertical {{ width: 90; max-width: 95%; height: auto; max-height: 90%; padding: 1 2; border: round $primary; }}
        Dots Static {{ height: auto; }}
        '''
        BINDINGS = [("escape", "dismiss", "Done"), ("space", "place", "Place a dot"), ("backspace", "take_back", "Take one back")]

        def __init__(self):
            super().__init__()
            self.dots = [0] * ROWS

        def compose(self):
            with Vertical():
                yield Label("Dots: Impact")
                yield Static(id="left")
                yield OptionList(*[Option(prompt(n, 0), id=str(n)) for n in range(ROWS)])
                yield Static("Space places a dot, Backspace takes one back. Esc when done.")

        def on_mount(self):
            self.show_left()
            self.query_one(OptionList).focus()

        def show_left(self):
            self.query_one("#left", Static).update(f"{{DOTS - sum(self.dots)}} of {{DOTS}} dots left")

        def change(self, by):
            listing = self.query_one(OptionList)
            n = listing.highlighted
            self.dots[n] = max(0, self.dots[n] + by)
            listing.replace_option_prompt_at_index(n, prompt(n, self.dots[n]))
            self.show_left()

        def action_place(self):
            self.change(+1)

        def action_take_back(self):
            self.change(-1)

    class Meeting(App):
        BINDINGS = [("ctrl+b", "dots", "Dots")]

        def compose(self):
            yield Static("Impact: Ask what changed because of the work, and how we know.")
            yield Footer()

        def action_dots(self):
            self.push_screen(Dots())

    Meeting().run()
    """
).format(rows=ANSWERS, dots=DOTS)


# ------------------------------------------------------------------------------ the session


def build_session(sessions: Path) -> Path:
    """A 500-event outcome review written through the app's own write path: 12 objectives, 24
    KPIs with readings, 25 decisions (5 with a revisit condition), 60 actions, 120 answers to the
    impact questions from five people, dot voting open in Impact; the rest KPI readings."""
    store = SessionStore(sessions)
    create_session(store, "Big review", facilitator="Maya", participants=PEOPLE, series="Growth", session_id=SESSION)
    maya = Author("Maya")

    def w(change: Callable[..., Pending], *args: object, **fields: object) -> int:
        return write(store, SESSION, maya, lambda review: change(review, *args, **fields))[-1].seq

    impact = OUTCOME_REVIEW.phase("impact")
    assert impact is not None
    for o in range(1, 13):
        w(changes.add_objective, f"Increase weekly retention of cohort {o:02d}", "Revenue follows use")
    for k in range(1, 25):
        w(changes.add_kpi, f"Retention {k:02d}", baseline=30, target=40, unit="%", objective=f"o{(k + 1) // 2}")
    for d in range(1, 26):
        text, revisit = f"Decision {d:02d}: pause the upsell campaign", f"Retention {d:02d} < 25" if d <= 5 else None
        w(changes.record_decision, text, rationale="No effect", owner=PEOPLE[d % 5], revisit_if=revisit)
    for a in range(1, 61):
        text = f"Action {a:02d}: interview churned customers"
        w(changes.add_action, text, owner=PEOPLE[a % 5], due="2026-12-15", kpi=f"k{a % 24 + 1}")
    for n in range(1, ANSWERS + 1):
        question, about = impact.questions[n % len(impact.questions)], f"o{n % 12 + 1}" if n % 3 else None
        w(changes.record_answer, question, f"Answer {n:03d} fewer setup tickets", objective=about, by=PEOPLE[n % 5])
    seq, n = w(meeting.open_voting, "impact", DOTS), 0
    while seq < EVENTS:
        n += 1
        seq = w(changes.record_reading, f"k{n % 24 + 1}", 28 + (n * 7) % 13, note="weekly")
    return store.path(SESSION)


@dataclass
class Sessions:
    """A sessions folder whose session is put back as it was before each run (each run writes:
    joining, leaving, moving phase, dots)."""

    folder: Path
    pristine: bytes

    @classmethod
    def build(cls, folder: Path) -> Sessions:
        folder.mkdir(parents=True)
        return cls(folder, build_session(folder).read_bytes())

    def moved_to(self, folder: Path, phase: str) -> Sessions:
        """The same session in another folder, the facilitator moved on to `phase` (one event more)."""
        folder.mkdir(parents=True)
        moved = Sessions(folder, self.pristine)
        moved.reset()
        write(SessionStore(folder), SESSION, Author("Maya"), lambda r: changes.enter_phase(r, phase))
        moved.pristine = (folder / f"{SESSION}.json").read_bytes()
        return moved

    def reset(self) -> None:
        (self.folder / f"{SESSION}.json").write_bytes(self.pristine)


# ------------------------------------------------------------------------------ the terminal


@dataclass
class Pty:
    pid: int
    fd: int

    @classmethod
    def spawn(cls, argv: list[str], env: dict[str, str], size: tuple[int, int]) -> Pty:
        columns, rows = size
        env = {**env, "COLUMNS": str(columns), "LINES": str(rows)}
        pid, fd = pty.fork()
        if pid == 0:
            os.execve(argv[0], argv, env)
        fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
        return cls(pid, fd)

    def read(self, timeout: float) -> bytes:
        ready, _, _ = select.select([self.fd], [], [], timeout)
        return os.read(self.fd, 1 << 16) if ready else b""

    def ready(self, settle: float, timeout: float = 30.0) -> None:
        """Wait for the first full frame (the footer's last word), then for everything started
        after it (the series looked up in a thread) to be drawn."""
        output, end = b"", time.monotonic() + timeout
        while READY_MARK not in _ESCAPES.sub(b"", output):
            if time.monotonic() > end:
                raise TimeoutError(f"no first frame in {timeout:g} s: {_ESCAPES.sub(b'', output)[-300:]!r}")
            output += self.read(0.05)
        self.quiet(settle)

    def drain(self, seconds: float) -> None:
        """Read whatever comes for `seconds` (a ticking timebox never lets `quiet` return)."""
        end = time.monotonic() + seconds
        while (left := end - time.monotonic()) > 0:
            self.read(left)

    def quiet(self, quiet: float) -> float:
        """Read until nothing has come for `quiet` seconds; return when the last byte came."""
        last = time.monotonic()
        while self.read(quiet):
            last = time.monotonic()
        return last

    def press(self, key: bytes, marks: tuple[bytes, ...], settle: float | None = SETTLE) -> tuple[float, float]:
        """Write `key`; wait until every mark is drawn. Returns (ms to the frame that drew the last
        mark, ms to the last byte before `settle` seconds of quiet); with `settle` None, the second
        is the first."""
        sent = time.monotonic()
        os.write(self.fd, key)
        output, seen = b"", None
        while seen is None:
            chunk = self.read(0.05)
            if chunk:
                output += chunk
                text = _ESCAPES.sub(b"", output)
                if all(mark in text for mark in marks):
                    seen = time.monotonic()
            elif time.monotonic() - sent > 10:
                raise TimeoutError(f"{marks!r} never appeared after {key!r}: {_ESCAPES.sub(b'', output)[-400:]!r}")
        last = seen if settle is None else max(seen, self.quiet(settle))
        return (seen - sent) * 1000, (last - sent) * 1000

    def close(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.pid, signal.SIGTERM)
        end = time.monotonic() + 5
        with contextlib.suppress(OSError):  # EIO: the other end is closed, the process is gone
            while time.monotonic() < end and (self.read(0.1) or not os.waitpid(self.pid, os.WNOHANG)[0]):
                pass
        with contextlib.suppress(ChildProcessError):
            if not os.waitpid(self.pid, os.WNOHANG)[0]:
                os.kill(self.pid, signal.SIGKILL)
                os.waitpid(self.pid, 0)
        os.close(self.fd)


@contextlib.contextmanager
def running(argv: list[str], env: dict[str, str], size: tuple[int, int] = (80, 24), settle: float = 0.3):
    """A process on a pty, once its first frame is drawn and `settle` seconds have passed quietly
    (the app's look back at the series, in a thread, is drawn by then)."""
    terminal = Pty.spawn(argv, env, size)
    try:
        terminal.ready(settle)
        yield terminal
    finally:
        terminal.close()


def pty_env(work: Path) -> dict[str, str]:
    return {**os.environ, "TERM": "xterm-256color", "XDG_CACHE_HOME": str(work / "cache")}


# ------------------------------------------------------------------------------ measurements


@dataclass
class Samples:
    """Key-to-frame times (ms): to the marks, and to the last byte before the output settled."""

    seen: list[float] = field(default_factory=list)
    done: list[float] = field(default_factory=list)
    quiet: list[float] = field(default_factory=list)
    by: dict[str, list[float]] = field(default_factory=dict)

    def add(self, what: str, seen: float, done: float, quiet: float | None = None) -> None:
        self.seen.append(seen)
        self.done.append(done)
        if quiet is not None:
            self.quiet.append(quiet)
        self.by.setdefault(what, []).append(done)

    def merge(self, other: Samples) -> None:
        self.seen += other.seen
        self.done += other.done
        self.quiet += other.quiet
        for what, times in other.by.items():
            self.by.setdefault(what, []).extend(times)


def first_visits(reviewtui: list[str], sessions: Sessions, forward: bool, env: dict, size: tuple[int, int]) -> Samples:
    """One run's first visits: from Check-in forward with PgDn, or (`sessions` at Close) back with
    PgUp, so that each phase but the one started on is visited once."""
    samples = Samples()
    sessions.reset()
    argv = [*reviewtui, "--sessions", str(sessions.folder), "--as", "Maya", "open", SESSION]
    with running(argv, env, size) as terminal:
        for phase in PHASES[1:] if forward else PHASES[-2::-1]:
            terminal.drain(DWELL)
            sent = time.monotonic()
            seen, done = terminal.press(PGDN if forward else PGUP, (MARKERS[phase],))
            samples.add(phase, seen, done, max(done, (terminal.quiet(ALL_QUIET) - sent) * 1000))
    return samples


def bare_first_visit(bare: list[str], env: dict, size: tuple[int, int], samples: Samples) -> None:
    with running(bare, env, size, settle=0.15) as terminal:
        terminal.drain(DWELL)
        sent = time.monotonic()
        seen, done = terminal.press(PGDN, (BARE_SWITCHER_MARK,))
        samples.add("pane 2", seen, done, max(done, (terminal.quiet(ALL_QUIET) - sent) * 1000))


def dots_keys(terminal: Pty, count: int) -> dict[str, Samples]:
    """Space, Down `count` times (a dot on each row, the list moving down), then Up, Backspace
    `count` times (each taken back).

    Space and Backspace: to the frame that shows the new count of dots left (drawn with the row).
    Up and Down: to the first frame after the key. (The highlighted row itself is no mark: past
    the rows the dialog shows at 80x24, the list does not scroll to it, in the bare modal too.)
    """
    keys = {name: Samples() for name in ("move", "place", "take back")}

    def left(placed: int) -> tuple[bytes, ...]:
        return (f"{DOTS - placed} of {DOTS} dots left".encode(),)

    def press(key: bytes, marks: tuple[bytes, ...]) -> tuple[float, float]:
        terminal.quiet(IDLE)  # whatever the last key set going is over: the screen is idle
        return terminal.press(key, marks)

    for placed in range(1, count + 1):
        keys["place"].add("space", *press(SPACE, left(placed)))
        keys["move"].add("down", *press(DOWN, ()))
    for placed in range(count - 1, -1, -1):
        keys["move"].add("up", *press(UP, ()))
        keys["take back"].add("backspace", *press(BACKSPACE, left(placed)))
    return keys


def typing(terminal: Pty, text: str) -> list[float]:
    """Each character of `text`, key to echo: the last eight characters typed, drawn together."""
    latencies = []
    for n, character in enumerate(text):
        terminal.quiet(IDLE)  # the screen idle (the coach's hint drawn) before the next key
        seen, _ = terminal.press(character.encode(), (text[max(0, n - 7) : n + 1].encode(),), None)
        latencies.append(seen)
    return latencies


# ------------------------------------------------------------------------------ the table


class Verdict(Row):
    """A row that says PASS or FAIL against its target, as this benchmark's brief asks."""

    def cells(self) -> list[str]:
        cells = super().cells()
        cells[4] = cells[4].replace(" ok", " PASS").replace(" OVER", " FAIL")
        return cells


def p(samples: list[float], share: float = 0.95) -> float:
    return percentile(samples, share)


def run(quick: bool = False) -> list[Row]:
    processes = 2 if quick else 6  # each: 6 first visits, and as many bare runs as the ratio below
    bare_runs = 3 if quick else 5  # bare runs per run of ours: one first visit each
    dots = 8 if quick else 15  # each: a dot placed and taken back, two moves
    typed = TYPED[:20] if quick else TYPED
    work = Path(tempfile.mkdtemp(prefix="reviewtui-meeting-bench-"))
    rows: list[Row] = []
    try:
        fresh = Sessions.build(work / "sessions")
        closing = fresh.moved_to(work / "sessions-at-close", "close")
        env = pty_env(work)
        reviewtui = [str(Path(sys.executable).parent / "reviewtui")]
        open_argv = [*reviewtui, "--sessions", str(fresh.folder), "--as", "Maya", "open", SESSION]
        bare: dict[str, list[str]] = {}
        for name, script in (("switcher", BARE_SWITCHER), ("dots", BARE_DOTS), ("input", BARE_APP)):
            (work / f"bare_{name}.py").write_text(script, encoding="utf-8")
            bare[name] = [sys.executable, str(work / f"bare_{name}.py")]
        load = os.getloadavg()[0]
        for size in SIZES:
            rows += phase_rows(reviewtui, fresh, closing, bare["switcher"], env, size, processes, bare_runs)
        rows += dots_rows(open_argv, fresh, bare["dots"], env, dots)
        rows += typing_rows(open_argv, fresh, bare["input"], env, typed)
        end = os.getloadavg()[0]
        rows[0].note += f"; load average {load:.1f} at the start, {end:.1f} at the end ({os.cpu_count()} cores)"
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return rows


def phase_rows(
    reviewtui: list[str],
    fresh: Sessions,
    closing: Sessions,
    bare: list[str],
    env: dict[str, str],
    size: tuple[int, int],
    processes: int,
    bare_runs: int,
) -> list[Row]:
    """1. The first visit to a phase: runs of ours (forward, back, forward…) and of the bare
    switcher interleaved."""
    ours, base = Samples(), Samples()
    for n in range(processes):
        forward = n % 2 == 0
        ours.merge(first_visits(reviewtui, fresh if forward else closing, forward, env, size))
        for _ in range(bare_runs):
            bare_first_visit(bare, env, size, base)
    slowest = max(ours.by, key=lambda phase: statistics.median(ours.by[phase]))
    columns, lines = size
    return [
        Verdict(
            f"first visit to a phase, {columns}x{lines}, p95 (target ≤ 100 ms p95)",
            p(ours.done),
            p(base.done),
            100.0,
            note=f"p50 {p(ours.done, 0.5):.0f} vs {p(base.done, 0.5):.0f} ms; {len(ours.done)} visits in "
            f"{processes} runs vs {len(base.done)} runs; slowest: {slowest}, p50 "
            f"{statistics.median(ours.by[slowest]):.0f} ms; key to the last byte of the pane "
            f"({SETTLE * 1000:.0f} ms quiet after it, not counted)",
        ),
        Row(
            "  … the pane's content first drawn, p95",
            p(ours.seen),
            p(base.seen),
            None,
            note=f"p50 {p(ours.seen, 0.5):.0f} vs {p(base.seen, 0.5):.0f} ms; key to the frame with the "
            "pane's own data in it",
        ),
        Row(
            "  … until all output stops, p95",
            p(ours.quiet),
            p(base.quiet),
            None,
            note=f"p50 {p(ours.quiet, 0.5):.0f} vs {p(base.quiet, 0.5):.0f} ms; to the last byte before "
            f"{ALL_QUIET * 1000:.0f} ms of quiet (footer, scrollbar redrawn after the pane)",
        ),
    ]


def dots_rows(open_argv: list[str], fresh: Sessions, bare: list[str], env: dict[str, str], dots: int) -> list[Row]:
    """2. The dots dialog at 80x24: ours (Impact, ctrl+b), then the bare modal, the same keys."""
    opened = (b"Dots: Impact", f"{DOTS} of {DOTS} dots left".encode())
    fresh.reset()
    with running(open_argv, env) as terminal:
        for phase in ("objectives", "kpis", "impact"):
            terminal.press(PGDN, (MARKERS[phase],), ALL_QUIET)
        terminal.press(CTRL_B, opened, ALL_QUIET)
        ours = dots_keys(terminal, dots)
    with running(bare, env, settle=0.15) as terminal:
        terminal.press(CTRL_B, opened, ALL_QUIET)
        base = dots_keys(terminal, dots)
    moves, base_moves = ours["move"].seen, base["move"].seen
    changed = ours["place"].seen + ours["take back"].seen
    base_changed = base["place"].seen + base["take back"].seen
    return [
        Verdict(
            "dots dialog: Up/Down, p95 (target ≤ 50 ms p95)",
            p(moves),
            p(base_moves),
            50.0,
            note=f"p50 {p(moves, 0.5):.1f} vs {p(base_moves, 0.5):.1f} ms; {len(moves)} keys; {ANSWERS} rows, "
            "80x24; key to the first frame after it",
        ),
        Verdict(
            "dots dialog: Space/Backspace, p95 (target ≤ 50 ms p95)",
            p(changed),
            p(base_changed),
            50.0,
            note=f"p50 {p(changed, 0.5):.1f} vs {p(base_changed, 0.5):.1f} ms; {len(changed)} keys (a dot placed, "
            f"then taken back; written to disk); Space p50 {p(ours['place'].seen, 0.5):.0f}, Backspace p50 "
            f"{p(ours['take back'].seen, 0.5):.0f} ms; key to the frame with the new count",
        ),
    ]


def typing_rows(open_argv: list[str], fresh: Sessions, bare: list[str], env: dict[str, str], typed: str) -> list[Row]:
    """3. Typing at 80x24: an objective's statement (the coach's hint live), the bare Input, an
    impact answer, one after the other."""
    fresh.reset()
    with running(open_argv, env) as terminal:
        terminal.press(PGDN, (MARKERS["objectives"],), ALL_QUIET)
        terminal.press(b"a", (b"New objective",), ALL_QUIET)
        objective = typing(terminal, typed)
    with running(bare, env, settle=0.15) as terminal:
        terminal.press(b"\t", (), ALL_QUIET)
        base = typing(terminal, typed)
    fresh.reset()
    with running(open_argv, env) as terminal:
        for phase in ("objectives", "kpis", "impact"):
            terminal.press(PGDN, (MARKERS[phase],), ALL_QUIET)
        terminal.press(ENTER, (), ALL_QUIET)  # from the question to its answer field
        answer = typing(terminal, typed)
    rows: list[Row] = []
    for title, ours in (("an objective's statement", objective), ("an impact answer", answer)):
        rows.append(
            Verdict(
                f"typing {title}, p95 (target ≤ 1.5x bare p95)",
                p(ours),
                p(base),
                1.5 * p(base),
                note=f"p50 {p(ours, 0.5):.1f} vs {p(base, 0.5):.1f} ms ({p(ours, 0.5) / p(base, 0.5):.2f}x); "
                f"{len(ours)} keys; key to echo, 80x24",
            )
        )
    return rows


if __name__ == "__main__":
    from benchmarks.store_bench import table

    title = "A meeting on a pty, a 500-event session (baselines: bare Textual apps doing the same, run the same way)"
    print(table(title, run(quick="--quick" in sys.argv[1:])))

"""The room's screen: the phase the meeting is in, big, following what the facilitator points at.

Read-only. Opened on its own (`open ID --projector`, `web ID --projector`) it is an observer of
the session, writing nothing but its join and leave; opened by the facilitator (F5) it is their
own screen, shown big for the room, and Escape brings their work back.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Digits, Static

from reviewtui.application.open_session import OpenSession
from reviewtui.application.room import POLL_SECONDS, Room
from reviewtui.domain import kpi_words
from reviewtui.domain.kpi import format_value
from reviewtui.domain.projection import Projection, project
from reviewtui.domain.review import Action, Kpi, Review
from reviewtui.domain.series import Threads
from reviewtui.ui.screens.series_lookup import LooksBack
from reviewtui.ui.status_marks import ACTION_MARK, CHECK_IN_VERDICT, STATUS_MARK, status_content
from reviewtui.ui.widgets.big_number import BigNumber, block_lines
from reviewtui.ui.widgets.footer import SteadyFooter
from reviewtui.ui.widgets.kpi_chart import KpiChart, chart_data
from reviewtui.ui.widgets.phase_timer import PhaseTimer

_CARD_WIDTH = 38
"""Columns a KPI's card needs: its digits and its status beside them."""
_PROPOSED = Content.styled("  proposed", "bold $text-warning")
"""Said after a participant's proposal the facilitator has not accepted yet, as on her screen."""
_CHART_ROWS = 9
"""A chart worth showing: its label, a margin and seven rows."""
_BIG_FROM, _HUGE_FROM = 40, 55
"""Rows from which a KPI's value is drawn in block letters two, then three, pixels a dot."""


class ProjectorScreen(LooksBack, Screen):
    BINDINGS = [
        Binding("escape,f5", "back", "Back to work", tooltip="Back to your work\nLeave the room's view"),
        Binding(
            "ctrl+q",
            "quit",
            "Quit",
            priority=True,  # shown in the footer, where the app's own (hidden) ctrl+q would be
            tooltip="Quit\nClose the room's view (nothing in the session changes)",
        ),
    ]
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (120, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-not-tall"), (40, "-tall")]

    def __init__(
        self,
        session: OpenSession,
        clock: Callable[[], datetime],
        room: Room,
        shown_phase: Callable[[], str] | None = None,
    ) -> None:
        super().__init__(classes="projector")
        self.session = session
        self.clock = clock
        self.room = room
        self.shown_phase = shown_phase
        """Opened by someone over their own screen (F5): the phase that screen shows. Then the
        room is theirs, not one of its own."""
        self.own = shown_phase is not None
        self._shown: tuple[object, ...] | None = None

    def compose(self) -> ComposeResult:
        with Horizontal(id="session-bar"):
            yield Static(id="session-title")
            yield PhaseTimer(self.clock, id="phase-timer", can_set=False)
        yield Static(id="projector-phase")
        yield Vertical(id="projector-body")
        yield SteadyFooter()

    def on_mount(self) -> None:
        if not self.own and not self.room.entered:
            self.room.enter()
            self.room.scan()
        self.show()
        self.set_interval(POLL_SECONDS, self._poll)
        self.call_after_refresh(self.look_back)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "back":
            return self.own  # a projector of its own has nothing to go back to: ctrl+q ends it
        if action == "quit":
            return not self.own  # over their own work, ctrl+q is the app's: it quits from there
        return True

    def action_back(self) -> None:
        if self.own:
            self.dismiss()

    async def action_quit(self) -> None:
        await self.app.action_quit()

    # ------------------------------------------------------------------------------ following

    def _poll(self) -> None:
        if not self.is_attached or not self.is_current:
            return
        if not self.own:
            self.room.poll()
            self.room.scan()  # the facilitator's pointer moves at every arrow key: read it as often
        self.show()

    @on(LooksBack.SeriesLooked)
    def _series_looked(self) -> None:
        self._shown = None
        self.show()

    def _where(self) -> tuple[str | None, str | None]:
        """The phase the room is in and the item the facilitator points at there."""
        phase = self.shown_phase() if self.shown_phase is not None else self.session.review.phase
        pointer = self.room.facilitators_pointer()
        return phase, pointer.item if pointer is not None and pointer.phase == phase else None

    def show(self) -> None:
        """Draw what the room is on now, if it changed since the last time (an idle screen
        writes nothing to the terminal)."""
        review = self.session.review
        phase, item = self._where()
        seated = self.room.facilitator()
        facilitator = seated.name if seated is not None else None
        shown = (review.as_of_seq, phase, item, facilitator, self.size)
        if shown == self._shown:
            return
        self._shown = shown
        projection = project(review, phase, item)
        title = Content.assemble(
            (review.session.title, "bold"),
            ("  [closed]" if review.closed else "", "$text-warning"),
        )
        self.query_one("#session-title", Static).update(title)
        self.query_one(PhaseTimer).timer = review.timers.get(projection.phase.id) if projection.phase else None
        following = "" if self.own else f"following {facilitator}" if facilitator else "waiting for a facilitator"
        self.query_one("#projector-phase", Static).update(
            Content.assemble(
                (projection.phase.title if projection.phase else "", "bold $accent"),
                ("  ·  " + following if following else "", "$text-muted"),
            )
        )
        body = self.query_one("#projector-body", Vertical)
        body.remove_children()
        body.mount_all(self._widgets(review, projection))

    # ------------------------------------------------------------------------------ what is drawn

    def _widgets(self, review: Review, projection: Projection) -> Iterable[Static | Grid | KpiChart | Vertical]:
        phase = projection.phase
        if phase is None:
            return [Static("This template has no phases.", classes="projector-empty")]
        match phase.kind:
            case "objectives" | "kpis":
                return self._kpis(review, projection)
            case "impact":
                return self._question(projection)
            case "actions" | "check-in":
                return self._action(review, projection)
            case "decisions":
                return self._decision(projection)
            case _:
                return self._summary(review)

    def _kpis(self, review: Review, projection: Projection) -> list:
        objective = projection.objective
        heading = objective.statement if objective else "KPIs not linked to an objective"
        status = review.objective_status(objective.id) if objective else None
        widgets: list = [
            Static(
                Content.assemble((heading, "bold"), "   ", status_content(status) if status else ""),
                classes="projector-heading",
            )
        ]
        if objective and objective.why:
            widgets.append(Static(Content.styled(f"Why: {objective.why}", "$text-muted"), classes="projector-why"))
        if not projection.kpis:
            widgets.append(Static("No KPIs for this objective yet.", classes="projector-empty"))
            return widgets
        width = max(self.size.width - 4, 1)
        texts = [heading + "   " + (status or "")] + ([f"Why: {objective.why}"] if objective and objective.why else [])
        room = self.size.height - 5 - sum(-(-len(text) // width) + 1 for text in texts)  # bars, footer, padding
        focused = projection.kpi or projection.kpis[0]
        columns = max(1, min(len(projection.kpis), (self.size.width - 2) // _CARD_WIDTH))
        card_rows = self._figure_rows() + 5  # name, status, goal, a border above and below
        if -(-len(projection.kpis) // columns) * card_rows + _CHART_ROWS <= room:
            return [*widgets, self._cards(review, projection.kpis, focused), *self._chart(review, focused)]
        # Not all of them fit with the chart: the one in focus big, the others a line each.
        others = [kpi for kpi in projection.kpis if kpi is not focused]
        lines = [_kpi_line(review, kpi) for kpi in others]
        fits = max(room - card_rows, 1)
        if len(lines) > fits:  # more than the screen has rows: say how many are not shown
            lines = [*lines[: fits - 1], Content.styled(f"… and {len(others) - fits + 1} more KPIs", "$text-muted")]
        widgets.append(self._cards(review, (focused,), focused))
        widgets.append(Static(Content("\n").join(lines), classes="kpi-lines"))
        if card_rows + len(others) + 1 + _CHART_ROWS <= room:
            widgets += self._chart(review, focused)
        return widgets

    def _figure_rows(self) -> int:
        return 8 if self.size.height >= _HUGE_FROM else 5 if self.size.height >= _BIG_FROM else 3

    def _cards(self, review: Review, kpis: tuple[Kpi, ...], focused: Kpi | None) -> Grid:
        """A card per KPI, as many side by side as the width holds (a lone card no wider)."""
        columns = max(1, min(len(kpis), (self.size.width - 2) // _CARD_WIDTH))
        width = min(self.size.width - 4, columns * _CARD_WIDTH * 2)  # two KPIs on 200 columns: not 90 each
        inside = width // columns - 6  # a card's border and padding, the gutter, the unit's first cell
        grid = Grid(*(self._card(review, kpi, kpi is focused, inside) for kpi in kpis), classes="kpi-cards")
        grid.styles.grid_size_columns = columns
        grid.styles.max_width = width
        return grid

    def _figure(self, value: str, room: int) -> Widget:
        """The value as big as the screen's height allows and the card's width holds."""
        wanted = 3 if self.size.height >= _HUGE_FROM else 2 if self.size.height >= _BIG_FROM else 1
        for scale in range(wanted, 1, -1):
            lines = block_lines(value, scale)
            if lines is not None and len(lines[0]) <= room:
                return BigNumber(lines, classes="card-big")
        return Digits(value, classes="card-digits")

    def _card(self, review: Review, kpi: Kpi, focused: bool, room: int) -> Vertical:
        status = review.kpi_status(kpi)
        value, unit = kpi_words.figure(kpi)
        return Vertical(
            Static(Content.styled(kpi.name, "bold"), classes="card-name"),
            Horizontal(
                self._figure(value, room - len(unit)), Static(Content(unit), classes="card-unit"), classes="card-figure"
            ),
            Static(
                Content.assemble(status_content(status), ("  " + kpi_words.way(review, kpi), "$text-muted")),
                classes="card-status",
            ),
            Static(Content.styled(kpi_words.goal(kpi), "$text-muted"), classes="card-goal"),
            classes="kpi-card" + (" -focused" if focused else ""),
        )

    def _chart(self, review: Review, kpi: Kpi) -> list:
        threads = self.session.threads() if self.session.earlier is not None else Threads([review])
        history = threads.history(review, kpi.id)
        data = chart_data(kpi, [(point.at, point.value) for point in history])
        if data.empty:
            return []
        chart = KpiChart(classes="projector-chart")
        chart.show(data)
        sessions = len({point.session_id for point in history})
        label = f"{kpi.name}: {len(history)} readings" + (f" across {sessions} sessions" if sessions > 1 else "")
        return [Static(Content.styled(label, "$text-muted"), classes="projector-chart-label"), chart]

    def _question(self, projection: Projection) -> list:
        if projection.question is None:
            return [Static("No question in this phase.", classes="projector-empty")]
        widgets: list = [Static(Content.styled(projection.question, "bold"), classes="projector-big")]
        if projection.answers:
            lines = [
                Content.assemble(
                    "• ",
                    answer.text,
                    (f"  — {answer.by}" if answer.by else "", "$text-muted"),
                    _PROPOSED if answer.proposed else "",
                )
                for answer in projection.answers
            ]
            widgets.append(Static(Content("\n").join(lines), classes="projector-list"))
        else:
            widgets.append(Static(Content.styled("No answer yet.", "$text-muted"), classes="projector-list"))
        return widgets

    def _action(self, review: Review, projection: Projection) -> list:
        action = projection.action
        if action is None:
            said = (
                "No actions carried in."
                if projection.phase and projection.phase.kind == "check-in"
                else "No action agreed yet."
            )
            return [Static(said, classes="projector-empty")]
        widgets: list = [
            Static(
                Content.assemble((action.text, "bold"), _PROPOSED if action.proposed else ""), classes="projector-big"
            ),
            Static(_action_details(review, action), classes="projector-details"),
        ]
        kpi = review.kpis.get(action.kpi_id or "")
        if kpi is not None:  # the outcome it should move, beside the output
            widgets.append(self._cards(review, (kpi,), None))
        others = [a for a in projection.actions if a is not action]
        if others:
            lines = [
                Content.assemble(
                    (f"{ACTION_MARK[a.status][0]} ", ACTION_MARK[a.status][1]), a.text, _PROPOSED if a.proposed else ""
                )
                for a in others
            ]
            widgets.append(Static(Content("\n").join(lines), classes="projector-list"))
        return widgets

    def _decision(self, projection: Projection) -> list:
        decision = projection.decision
        if decision is None:
            return [Static("No decision recorded yet.", classes="projector-empty")]
        lines: list[Content] = []
        if decision.rationale:
            lines.append(Content.assemble(("Why: ", "bold"), decision.rationale))
        if decision.owner:
            lines.append(Content.assemble(("Owner: ", "bold"), decision.owner))
        if decision.revisit_if:
            lines.append(Content.assemble(("Revisit if: ", "bold"), decision.revisit_if))
        return [
            Static(Content.styled(decision.text, "bold"), classes="projector-big"),
            Static(Content("\n").join(lines), classes="projector-details"),
        ]

    def _summary(self, review: Review) -> list:
        open_actions = sum(1 for a in review.actions.values() if a.status == "open")
        lines = [
            Content.assemble((f"{len(review.objectives)}", "bold"), " objectives"),
            Content.assemble((f"{len(review.kpis)}", "bold"), " KPIs"),
            Content.assemble((f"{len(review.actions)}", "bold"), f" actions, {open_actions} open"),
            Content.assemble((f"{len(review.decisions)}", "bold"), " decisions"),
        ]
        return [Static(Content("\n").join(lines), classes="projector-big")]

    # ------------------------------------------------------------------------------ leaving

    def on_unmount(self) -> None:
        if not self.own:
            self.room.leave()

    def leave(self) -> None:
        """The app is going: a projector of its own says in the log it left."""
        if not self.own:
            self.room.leave()


def _kpi_line(review: Review, kpi: Kpi) -> Content:
    """`◐ 30-day retention  36.5%  at risk`: a KPI not in focus, when the screen holds no more."""
    status = review.kpi_status(kpi)
    mark, style = STATUS_MARK[status]
    return Content.assemble(
        (f"{mark} ", style), kpi.name, "  ", (format_value(kpi.current, kpi.unit), "bold"), "  ", (status, style)
    )


def _action_details(review: Review, action: Action) -> Content:
    parts: list[Content] = [Content.assemble(("Owner: ", "bold"), action.owner or "nobody yet")]
    parts.append(Content.assemble(("Due: ", "bold"), action.due.isoformat() if action.due else "no date"))
    kpi = review.kpis.get(action.kpi_id or "")
    if kpi is not None:
        moves = f"{kpi.name}" + (f", expected {action.expect}" if action.expect else "")
        parts.append(Content.assemble(("Moves: ", "bold"), moves))
    if action.review is not None:
        said, style = CHECK_IN_VERDICT.get(action.review.verdict, (action.review.verdict, ""))
        parts.append(Content.assemble(("Checked in: ", "bold"), (said, style)))
    return Content("\n").join(parts)

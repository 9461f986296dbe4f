"""A series: its sessions newest first, and each KPI's readings across them; open, continue or export."""

from __future__ import annotations

from collections.abc import Iterable

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Static

from reviewtui.application.series import series_threads
from reviewtui.domain.errors import ReviewtuiError
from reviewtui.domain.kpi import format_value
from reviewtui.domain.series import Threads, did_it_move, expectations_by_owner
from reviewtui.domain.summary import SeriesRow
from reviewtui.ui.commands import Command, binding_commands
from reviewtui.ui.letter_keys import LetterKeys
from reviewtui.ui.screens.session_list import SessionListActions, kpi_counts, open_actions
from reviewtui.ui.widgets.footer import SteadyFooter
from reviewtui.ui.widgets.kpi_chart import KpiChart, chart_data

_BARS = "▁▂▃▄▅▆▇█"


def spark(values: list[float]) -> str:
    """A one-line sparkline in text, for a table cell."""
    if not values:
        return ""
    low, high = min(values), max(values)
    span = high - low
    return "".join(_BARS[round((v - low) / span * (len(_BARS) - 1)) if span else 3] for v in values[-12:])


class SeriesScreen(LetterKeys, SessionListActions, Screen[None]):
    BINDINGS = [
        Binding(
            "enter", "open", "Open", priority=True, tooltip="Open session\nOpen the highlighted session of the series"
        ),
        Binding(
            "n",
            "new",
            "New in series",
            tooltip="New session in this series\nStart the next review, carrying over from the latest",
        ),
        Binding("e", "export", "Export", tooltip="Export session\nThe highlighted session's minutes, JSON or actions"),
        Binding(
            "p", "replay", "Replay", tooltip="Replay session\nWalk back through the highlighted session, event by event"
        ),
        Binding("escape", "back", "Back", tooltip="Back\nBack to all series and sessions"),
    ]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return not self.letter_refused(action)  # "n" in the filter box is a letter, not New

    def __init__(self, row: SeriesRow) -> None:
        super().__init__()
        self.row = row
        self._threads: Threads | None = None

    def compose(self) -> ComposeResult:
        yield Static(id="home-title")
        yield DataTable(id="series-sessions", cursor_type="row", zebra_stripes=True)
        yield Static(Content.styled("KPIs across the series", "bold"), classes="series-kpis-title")
        yield DataTable(id="series-kpis", cursor_type="row", zebra_stripes=True)
        chart_title = Static(classes="series-chart-title")
        chart = KpiChart(classes="series-chart")
        chart_title.display = chart.display = False  # until the series is read
        yield chart_title
        yield chart
        expectations = Static(classes="series-expectations")
        expectations.display = False  # until the series is read, and then only if someone expected something
        yield expectations
        yield SteadyFooter()

    def on_mount(self) -> None:
        count = len(self.row.sessions)
        self.query_one("#home-title", Static).update(
            Content.assemble(
                ("Series ", "$text-muted"),
                (self.row.name, "bold"),
                (f"  {count} session{'s' if count != 1 else ''}", "$text-muted"),
            )
        )
        sessions = self.query_one("#series-sessions", DataTable)
        for label in ("Session", "Date", "Status", "Obj", "KPIs ●◐○", "Open actions", "Dec"):
            sessions.add_column(label)
        for s in self.row.sessions:
            sessions.add_row(
                Text(s.title),
                Text(s.created_at[:10]),
                Text(s.status),
                Text(str(s.objectives)),
                kpi_counts(s),
                Text(open_actions(s)),
                Text(str(s.decisions)),
                key=s.id,
            )
        kpis = self.query_one("#series-kpis", DataTable)
        for label in ("KPI", "Trend", "First", "Latest", "Status", "Confidence"):
            kpis.add_column(label)
        sessions.focus()
        self.load_threads()

    @work(thread=True, exclusive=True)
    def load_threads(self) -> None:
        try:
            threads = series_threads(self.review_app.store, self.row.latest.id)
        except ReviewtuiError as problem:
            self.notify(str(problem), severity="error")  # thread-safe
            return
        # A message, not a call back: if the person left meanwhile, it is dropped with the screen.
        self.post_message(self.ThreadsRead(threads))

    class ThreadsRead(Message):
        def __init__(self, threads: Threads) -> None:
            super().__init__()
            self.threads = threads

    @on(ThreadsRead)
    def _threads_read(self, message: ThreadsRead) -> None:
        self._show_threads(message.threads)

    def _show_expectations(self, threads: Threads) -> None:
        """Per person, how what their done actions expected of a KPI came out: a record, not a ranking
        (people in the order they first appear)."""
        record = expectations_by_owner(did_it_move(threads))
        panel = self.query_one(".series-expectations", Static)
        panel.display = bool(record)
        lines = [Content.styled("Expectations of done actions, per person", "bold")]
        for owner, verdicts in record.items():
            judged = verdicts["held"] + verdicts["not held"]
            counts = [f"{verdicts[v]} {v}" for v in ("not yet", "no reading") if verdicts[v]]
            lines.append(
                Content.assemble(
                    (owner or "no owner", "bold"),
                    f"  {verdicts['held']} of {judged} held" if judged else "  none judged yet",
                    (f" · {' · '.join(counts)}" if counts else "", "$text-muted"),
                )
            )
        panel.update(Content("\n").join(lines))

    def _show_threads(self, threads: Threads) -> None:
        self._threads = threads
        self._show_expectations(threads)
        table = self.query_one("#series-kpis", DataTable)
        latest = threads.series[-1]
        if latest.kpis:
            self._chart(next(iter(latest.kpis)))
        for kpi in latest.kpis.values():
            history = threads.history(latest, kpi.id)
            first = history[0] if history else None
            table.add_row(
                Text(kpi.name),
                Text(spark([p.value for p in history])),
                Text(f"{format_value(first.value, kpi.unit)} {first.at:%Y-%m}" if first else "—"),
                Text(format_value(kpi.current, kpi.unit)),
                Text(latest.kpi_status(kpi)),
                Text(" → ".join(f"{m:g}" for m in threads.confidence_medians(latest, kpi.id)[-4:]) or "—"),
                key=kpi.id,
            )

    @on(DataTable.RowHighlighted, "#series-kpis")
    def _kpi_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.row_key.value:
            self._chart(event.row_key.value)

    def _chart(self, kpi_id: str) -> None:
        """Chart the KPI across the series: its readings, its target, and its pace if it has a date."""
        threads = self._threads
        latest = threads.series[-1] if threads else None
        kpi = latest.kpis.get(kpi_id) if latest else None
        if threads is None or latest is None or kpi is None:
            return
        points = [(point.at, point.value) for point in threads.history(latest, kpi_id)]
        title = self.query_one(".series-chart-title", Static)
        chart = self.query_one(".series-chart", KpiChart)
        title.display = chart.display = True
        title.update(
            Content.assemble(
                (kpi.name, "bold"), ("  across the series · Tab to the KPIs, ↑↓ to chart another", "$text-muted")
            )
        )
        chart.show(chart_data(kpi, points))

    def selected_id(self) -> str | None:
        table = self.query_one("#series-sessions", DataTable)
        if table.row_count == 0:
            return None
        return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value

    @on(DataTable.RowSelected, "#series-sessions")
    def _chosen(self) -> None:
        self.action_open()

    def action_open(self) -> None:
        session_id = self.selected_id()
        if session_id:
            self.review_app.open_session(session_id)

    def action_new(self) -> None:
        from reviewtui.ui.dialogs.new_session import NewSessionDialog

        def created(session_id: str | None) -> None:
            if session_id:
                self.review_app.open_session(session_id)

        home = next((s for s in self.app.screen_stack if hasattr(s, "listing")), None)
        sessions = home.listing.sessions if home is not None else list(self.row.sessions)
        dialog = NewSessionDialog(
            self.review_app.store,
            self.review_app.actor,
            sessions,
            series=self.row.name,
            template=self.row.latest.template,
        )
        self.app.push_screen(dialog, created)

    def action_back(self) -> None:
        self.app.pop_screen()

    def commands(self) -> Iterable[Command]:
        return binding_commands(self)

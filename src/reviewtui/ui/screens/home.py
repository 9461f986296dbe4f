"""Home: the sessions of the folder, newest first, filtered as you type; start, open or export one."""

from __future__ import annotations

from collections.abc import Iterable

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Input, Static

from reviewtui.domain.errors import ReviewtuiError
from reviewtui.domain.summary import SeriesRow, SessionSummary, series_rows
from reviewtui.store import Listing, SessionsDirMissing
from reviewtui.ui.commands import Command, binding_commands
from reviewtui.ui.dialogs.new_session import NewSessionDialog
from reviewtui.ui.letter_keys import LetterKeys
from reviewtui.ui.screens.session_list import SessionListActions, kpi_counts, open_actions
from reviewtui.ui.widgets.footer import SteadyFooter

WELCOME = (
    "Welcome to reviewtui.\n\n"
    "An outcome review asks what changed because of the work, and how we know: the outcomes you "
    "are after, the KPIs that measure them, what the room says changed, the actions that should "
    "move the numbers, and the decisions taken.\n\n"
    "There are no sessions in {folder} yet. Press n to start your first review.\n"
    "Every change is saved at once to a JSON file in that folder, one file per session."
)


_COLUMNS = {
    "name": "Series or session",
    "sessions": "Sessions",
    "date": "Latest",
    "status": "Status",
    "kpis": "KPIs ●◐○",
    "actions": "Open actions",
}
_WIDTHS = {"sessions": 8, "date": 10, "status": 6, "kpis": 9, "actions": 12}
"""Each column's width (its heading, or its widest value), beside the name."""
NARROW = 100


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: max(1, width - 1)] + "…"


def matches(summary: SessionSummary, words: list[str]) -> bool:
    haystack = " ".join(
        (summary.title, summary.series or "", summary.facilitator, summary.id, summary.template, summary.status)
    ).casefold()
    return all(word in haystack for word in words)


class HomeScreen(LetterKeys, SessionListActions, Screen[None]):
    BINDINGS = [
        Binding("n", "new", "New", tooltip="New review\nStart a new session"),
        # priority: Enter opens the highlighted session from the filter box too.
        Binding("enter", "open", "Open", priority=True, tooltip="Open\nOpen the highlighted series or session"),
        Binding("e", "export", "Export", tooltip="Export session\nThe highlighted session's minutes, JSON or actions"),
        Binding(
            "p", "replay", "Replay", tooltip="Replay session\nWalk back through the highlighted session, event by event"
        ),
        Binding(
            "a", "actions", "Actions", tooltip="Actions across sessions\nEvery action, overdue first: my open actions"
        ),
        Binding("slash", "focus_filter", "Filter", key_display="/", tooltip="Filter sessions\nType to filter the list"),
        Binding("escape", "clear_filter", "Clear filter", show=False),
        Binding("f5", "refresh", "Refresh", tooltip="Refresh\nRead the sessions folder again"),
        Binding("q", "quit", "Quit", tooltip="Quit\nLeave reviewtui"),
    ]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return not self.letter_refused(action)  # "n" in the filter box is a letter, not New

    def action_actions(self) -> None:
        from reviewtui.ui.screens.actions import ActionsScreen

        self.app.push_screen(ActionsScreen())

    async def action_quit(self) -> None:
        await self.app.action_quit()

    def __init__(self) -> None:
        super().__init__()
        self.listing = Listing()
        self.loaded = False
        self.rows: dict[str, SeriesRow] = {}

    def compose(self) -> ComposeResult:
        yield Static(id="home-title")
        yield Input(placeholder="Filter: title, series, facilitator…  (/ to filter, Esc to clear)", id="home-filter")
        yield DataTable(id="home-table", cursor_type="row", zebra_stripes=True)
        yield Static(id="home-empty")
        yield SteadyFooter()

    def on_resize(self) -> None:
        if self.loaded:
            self.refill()

    def on_mount(self) -> None:
        folder = str(self.review_app.store.root)
        self.query_one("#home-title", Static).update(
            Content.assemble(("reviewtui", "bold"), ("  sessions in ", "$text-muted"), folder)
        )
        self.query_one("#home-filter", Input).cursor_blink = getattr(self.app, "cursor_blink", True)
        table = self.query_one(DataTable)
        table.focus()
        self.load()

    @work(thread=True, exclusive=True, group="listing")
    def load(self) -> None:
        """Read the listing off the UI thread: a cold index reads every file."""
        try:
            listing = self.review_app.store.list()
        except SessionsDirMissing:
            listing = Listing()  # a first run: the folder is made with the first session
        except ReviewtuiError as problem:
            self.app.call_from_thread(self.notify, str(problem), severity="error", markup=False)
            listing = Listing()
        self.app.call_from_thread(self.show, listing)

    def show(self, listing: Listing) -> None:
        self.listing = listing
        self.loaded = True
        if listing.problems:
            lines = [f"{p.path.name}: {p.reason}" for p in listing.problems]
            self.notify("\n".join(lines), title="Files left as they are", severity="warning", timeout=12, markup=False)
        self.refill()

    _columns: tuple[str, ...] = ()

    def _columns_for(self, width: int) -> tuple[str, ...]:
        """The columns that fit: under 100 columns, the session count and the status go (a closed
        session says so after its name), so that titles keep room to be read."""
        return ("name", "date", "kpis", "actions") if width < NARROW else tuple(_COLUMNS)

    def refill(self) -> None:
        words = self.query_one("#home-filter", Input).value.casefold().split()
        table = self.query_one(DataTable)
        current = self.selected_key()
        # Columns afresh at each fill: a DataTable's columns only ever widen, so after a resize
        # from 200 columns down to 80 they would keep their width and push the titles off.
        columns = self._columns_for(self.size.width)
        # Names share what the other columns leave, so the row fits the terminal.
        name_width = max(16, self.size.width - sum(_WIDTHS[key] + 2 for key in columns if key != "name") - 4)
        table.clear(columns=True)
        self._columns = columns
        self.rows = {}
        shown = [
            row
            for row in series_rows(self.listing.sessions)
            if any(matches(s, words) for s in row.sessions) or (row.key and all(w in row.key for w in words))
        ]
        filled: list[tuple[str, list[Text]]] = []
        for row in shown:
            key = f"series:{row.key}" if row.key else f"session:{row.latest.id}"
            self.rows[key] = row
            latest = row.latest
            # A closed session says so after its name when there is no status column: room kept for it.
            closed = "status" not in columns and latest.status == "closed"
            room = name_width - (len(" · closed") if closed else 0)
            if row.key:  # the series, and its latest session
                # The series is cut first (to 8 at least): the title says which session it is.
                series_room = max(8, min(len(row.name), room - 3 - len(latest.title)))
                name = Text(_clip(row.name, series_room))
                name.append(f" › {_clip(latest.title, room - len(name) - 3)}", style="italic")
            else:
                name = Text(_clip(row.name, room))
            if closed:
                name.append(" · closed", style="dim")
            cells = {
                "name": name,
                "sessions": Text(str(len(row.sessions)) if row.key else "—"),
                "date": Text(latest.created_at[:10]),
                "status": Text(latest.status),
                "kpis": kpi_counts(latest),
                "actions": Text(open_actions(latest)),
            }
            filled.append((key, [cells[column] for column in columns]))
        # Widths given, not measured: a DataTable measures new rows only when it is next idle, and
        # a frame drawn before that cuts every cell to its heading's width. The names' column is
        # as wide as its longest name, so the numbers stay beside it on a wide terminal.
        widest = [max((row_cells[n].cell_len for _, row_cells in filled), default=0) for n in range(len(columns))]
        for n, key in enumerate(columns):
            # The names as long as the longest; the rest as planned, or wider for a wide value
            # ("12● 10◐ 2○" is ten cells).
            width = max(len(_COLUMNS[key]), widest[n]) if key == "name" else max(_WIDTHS[key], widest[n])
            table.add_column(_COLUMNS[key], key=key, width=width)
        for key, row_cells in filled:
            table.add_row(*row_cells, key=key)
        if current in self.rows:
            table.move_cursor(row=table.get_row_index(current))
        # A first run shows the welcome at the top, and nothing to filter (so n means New).
        table.display = bool(self.listing.sessions)
        self.query_one("#home-filter", Input).display = bool(self.listing.sessions)
        empty = self.query_one("#home-empty", Static)
        empty.display = not shown
        folder = str(self.review_app.store.root)
        if not self.listing.sessions:
            empty.update(Content(WELCOME.format(folder=folder)))
        elif not shown:
            empty.update(Content("No session matches the filter. Esc clears it."))

    def selected_key(self) -> str | None:
        table = self.query_one(DataTable)
        if table.row_count == 0:
            return None
        try:
            return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        except Exception:  # no row under the cursor
            return None

    def selected_row(self) -> SeriesRow | None:
        key = self.selected_key()
        return self.rows.get(key) if key else None

    def selected_id(self) -> str | None:
        """The session a row stands for: itself, or the latest of its series."""
        row = self.selected_row()
        return row.latest.id if row else None

    @on(Input.Changed, "#home-filter")
    def _filter(self) -> None:
        self.refill()

    @on(DataTable.RowSelected)
    def _row_chosen(self, event: DataTable.RowSelected) -> None:
        self.action_open()

    def action_open(self) -> None:
        row = self.selected_row()
        if row is None:
            return
        if row.key is None:
            self.review_app.open_session(row.latest.id)
        else:
            from reviewtui.ui.screens.series import SeriesScreen

            self.app.push_screen(SeriesScreen(row))

    def action_new(self) -> None:
        def created(session_id: str | None) -> None:
            if session_id:
                self.load()
                self.review_app.open_session(session_id)

        dialog = NewSessionDialog(self.review_app.store, self.review_app.actor, self.listing.sessions)
        self.app.push_screen(dialog, created)

    def action_focus_filter(self) -> None:
        self.query_one("#home-filter", Input).focus()

    def action_clear_filter(self) -> None:
        self.query_one("#home-filter", Input).value = ""
        self.query_one(DataTable).focus()

    def action_refresh(self) -> None:
        self.load()

    def commands(self) -> Iterable[Command]:
        return binding_commands(self)

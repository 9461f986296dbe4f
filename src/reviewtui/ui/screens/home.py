"""Home: the sessions of the folder, newest first, filtered as you type."""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Input, Static

from reviewtui.domain.summary import SessionSummary
from reviewtui.errors import ReviewtuiError
from reviewtui.store import Listing


def matches(summary: SessionSummary, words: list[str]) -> bool:
    haystack = " ".join((summary.title, summary.series or "", summary.facilitator, summary.id)).casefold()
    return all(word in haystack for word in words)


class HomeScreen(Screen[None]):
    BINDINGS = [
        Binding("slash", "focus_filter", "Filter"),
        Binding("escape", "clear_filter", "Clear filter", show=False),
        Binding("f5,ctrl+r", "refresh", "Refresh"),
        Binding("q", "app.quit", "Quit"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.listing = Listing()

    def compose(self) -> ComposeResult:
        yield Static(id="home-title")
        yield Input(placeholder="Filter: title, series, facilitator…", id="home-filter")
        yield DataTable(id="home-table", cursor_type="row", zebra_stripes=True)
        yield Static(id="home-empty")
        yield Footer()

    def on_mount(self) -> None:
        folder = str(self.app.store.root)  # type: ignore[attr-defined]
        self.query_one("#home-title", Static).update(Content.assemble(("Sessions", "bold"), "  in ", folder))
        table = self.query_one(DataTable)
        for label, key in (("Title", "title"), ("Series", "series"), ("Date", "date"), ("Status", "status"),
                           ("Obj", "obj"), ("Actions", "actions"), ("Dec", "dec")):  # fmt: skip
            table.add_column(label, key=key)
        table.focus()
        self.load()

    @work(thread=True, exclusive=True)
    def load(self) -> None:
        try:
            listing = self.app.store.list()  # type: ignore[attr-defined]
        except ReviewtuiError as problem:
            self.app.call_from_thread(self.notify, str(problem), severity="error", markup=False)
            listing = Listing()
        self.app.call_from_thread(self.show, listing)

    def show(self, listing: Listing) -> None:
        self.listing = listing
        if listing.problems:
            lines = [f"{p.path.name}: {p.reason}" for p in listing.problems]
            self.notify("\n".join(lines), title="Files left as they are", severity="warning",
                        timeout=10, markup=False)  # fmt: skip
        self.refill()

    def refill(self) -> None:
        words = self.query_one("#home-filter", Input).value.casefold().split()
        table = self.query_one(DataTable)
        table.clear()
        shown = [s for s in self.listing.sessions if matches(s, words)]
        for s in shown:
            actions = f"{s.open_actions} open / {s.actions}" if s.actions else "—"
            table.add_row(Text(s.title), Text(s.series or "—"), Text(s.created_at[:10]), Text(s.status),
                          Text(str(s.objectives)), Text(actions), Text(str(s.decisions)), key=s.id)  # fmt: skip
        empty = self.query_one("#home-empty", Static)
        empty.display = not shown
        if not self.listing.sessions:
            empty.update("No sessions here yet. Start one from a shell:  reviewtui new \"Q3 review\"")
        elif not shown:
            empty.update("No session matches the filter. Press Esc to clear it.")

    def on_input_changed(self, event: Input.Changed) -> None:
        self.refill()

    def action_focus_filter(self) -> None:
        self.query_one("#home-filter", Input).focus()

    def action_clear_filter(self) -> None:
        self.query_one("#home-filter", Input).value = ""
        self.query_one(DataTable).focus()

    def action_refresh(self) -> None:
        self.load()

"""Export the session (minutes, JSON or the action items) to a file the facilitator names."""

from __future__ import annotations

from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import Label, Static

from reviewtui.errors import InvalidInput, ReviewtuiError
from reviewtui.store import SessionLog, SessionStore
from reviewtui.ui.widgets.field import ChoiceField, Field

FORMATS = (("Minutes (Markdown)", "md"), ("Everything (JSON)", "json"), ("Action items (CSV)", "csv"))


class ExportDialog(ModalScreen[Path | None]):
    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel")]

    def __init__(self, store: SessionStore, log: SessionLog, folder: Path, at_seq: int | None = None) -> None:
        super().__init__(classes="dialog-screen")
        self.store = store
        """Writes the export exactly as `reviewtui export` does."""
        self.session_log = log
        self.folder = folder
        self.at_seq = at_seq
        """Export the session as of this event (a replay's cursor), or all of it."""

    def default_path(self, fmt: str) -> str:
        # Built from the session id (checked against the id pattern), never from the title.
        return str(self.folder / f"{self.session_log.info.id}.{fmt}")

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            as_of = f" as of event {self.at_seq} of {self.session_log.last_seq}" if self.at_seq is not None else ""
            yield Label(Content.assemble(("Export", "bold"), as_of), classes="dialog-title")
            yield ChoiceField("Format", FORMATS, name="format", value="md", allow_blank=False)
            yield Field("File", name="path", value=self.default_path("md"), commit_on_blur=False, suggested=True)
            yield Static(Content.styled("Enter in File writes it. Esc cancels.", "$text-muted"), classes="dialog-help")

    def on_mount(self) -> None:
        self.query_one(Field).focus()

    @on(ChoiceField.Committed)
    def _format(self, event: ChoiceField.Committed) -> None:
        event.stop()
        event.field.saved(event.value)
        path = self.query_one(Field)
        old = Path(path.value)
        if old.suffix.lstrip(".") in ("md", "json", "csv"):
            path.input.value = str(old.with_suffix(f".{event.value}"))
            path.input.cursor_position = len(path.input.value)

    @on(Field.Committed)
    def _write(self, event: Field.Committed) -> None:
        event.stop()
        fmt = self.query_one(ChoiceField).value or "md"
        if not event.value.strip():
            event.field.reject("give a file name")
            return
        try:
            target = Path(event.value.strip()).expanduser()
            self.store.write_export(target, self.store.export(self.session_log, fmt, self.at_seq))
            problem = None
        except InvalidInput as refused:
            problem = refused.problem
        except (OSError, RuntimeError, ValueError) as error:  # unknown ~user, a name too long…
            problem = f"cannot write there: {getattr(error, 'strerror', None) or error}"
        if problem:
            event.field.reject(problem)
            return
        self.dismiss(target)


def export_from(
    screen: Screen, session_id: str | None = None, log: SessionLog | None = None, at_seq: int | None = None
) -> None:
    """Open the export dialog for a session (by id, or its log), and say where it was written."""
    if log is None:
        if session_id is None:
            return
        try:
            log = screen.app.store.load(session_id)  # type: ignore[attr-defined]
        except ReviewtuiError as problem:
            screen.notify(str(problem), severity="error", markup=False)
            return

    def written(path: Path | None) -> None:
        if path is not None:
            screen.notify(Content(f"Written to {path}"), title="Exported", timeout=6)

    # The suggested file is named after the session id (checked against the id pattern),
    # in the current folder: never a path built from a title.
    store = screen.app.store  # type: ignore[attr-defined]
    screen.app.push_screen(ExportDialog(store, log, Path("."), at_seq), written)

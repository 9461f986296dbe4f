"""Export a session: minutes, JSON or action items, to a file (the local facilitator) or to take away.

Only the facilitator at the host's own terminal writes a file (DESIGN.md "Files, roles and the
host"). Everyone else (participants, observers, anyone over SSH or `serve`) gets the export
shown in the app, to read, select and copy to the clipboard of the computer they are at:
nothing they type ever names a path on the host.
"""

from __future__ import annotations

from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import Label, Static, TextArea

from reviewtui.application.exports import DEFAULT_FORMAT, export_text, write_export
from reviewtui.domain.errors import InvalidInput, ReviewtuiError
from reviewtui.domain.export import FORMATS as EXPORT_FORMATS
from reviewtui.store import SessionLog, SessionStore
from reviewtui.ui.widgets.field import ChoiceField, Field

FORMATS = [(export.label, export.name) for export in EXPORT_FORMATS.values()]
"""The export registry's formats, as the Format choice offers them."""


def _as_of(log: SessionLog, at_seq: int | None) -> str:
    return f" as of event {at_seq} of {log.last_seq}" if at_seq is not None else ""


class ExportDialog(ModalScreen[Path | None]):
    """The local facilitator's export: a format and a file name; Enter in File writes it."""

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
        return str(self.folder / f"{self.session_log.info.id}{EXPORT_FORMATS[fmt].suffix}")

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Label(
                Content.assemble(("Export", "bold"), _as_of(self.session_log, self.at_seq)), classes="dialog-title"
            )
            yield ChoiceField("Format", FORMATS, name="format", value=DEFAULT_FORMAT, allow_blank=False)
            yield Field(
                "File", name="path", value=self.default_path(DEFAULT_FORMAT), commit_on_blur=False, suggested=True
            )
            yield Static(Content.styled("Enter in File writes it. Esc cancels.", "$text-muted"), classes="dialog-help")

    def on_mount(self) -> None:
        self.query_one(Field).focus()

    @on(ChoiceField.Committed)
    def _format(self, event: ChoiceField.Committed) -> None:
        event.stop()
        event.field.saved(event.value)
        path = self.query_one(Field)
        old = Path(path.value)
        if old.suffix.lstrip(".") in EXPORT_FORMATS and event.value in EXPORT_FORMATS:
            path.input.value = str(old.with_suffix(EXPORT_FORMATS[event.value].suffix))
            path.input.cursor_position = len(path.input.value)

    @on(Field.Committed)
    def _write(self, event: Field.Committed) -> None:
        event.stop()
        fmt = self.query_one(ChoiceField).value or DEFAULT_FORMAT
        if not event.value.strip():
            event.field.reject("give a file name")
            return
        try:
            target = Path(event.value.strip()).expanduser()
            write_export(self.store, target, export_text(self.store, self.session_log, fmt, self.at_seq))
            problem = None
        except InvalidInput as refused:
            problem = refused.problem
        except ReviewtuiError as error:
            problem = str(error)
        except (OSError, RuntimeError, ValueError) as error:  # unknown ~user, a name too long…
            problem = f"cannot write there: {getattr(error, 'strerror', None) or error}"
        if problem:
            event.field.reject(problem)
            return
        self.dismiss(target)


class TakeAwayDialog(ModalScreen[None]):
    """Everyone else's export: shown here to read and select, and copied to their own clipboard."""

    BINDINGS = [
        Binding("ctrl+y", "copy_all", "Copy all", priority=True),
        Binding("escape", "dismiss(None)", "Close"),
    ]

    def __init__(self, store: SessionStore, log: SessionLog, at_seq: int | None = None) -> None:
        super().__init__(classes="dialog-screen")
        self.store = store
        self.session_log = log
        self.at_seq = at_seq
        self.text = ""

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide take-away"):
            yield Label(
                Content.assemble(
                    ("Export", "bold"), _as_of(self.session_log, self.at_seq), ("  to your own computer", "$text-muted")
                ),
                classes="dialog-title",
            )
            yield ChoiceField("Format", FORMATS, name="format", value=DEFAULT_FORMAT, allow_blank=False)
            yield TextArea(read_only=True, soft_wrap=True, show_line_numbers=False, classes="take-away-text")
            yield Static(
                Content.styled(
                    "ctrl+y copies it all to the clipboard of the computer you are at (your terminal must "
                    "allow it); select with shift+arrows or the mouse, ctrl+c copies the selection. "
                    "Nothing is written on the host. Esc closes.",
                    "$text-muted",
                ),
                classes="dialog-help",
            )

    def on_mount(self) -> None:
        self._show(DEFAULT_FORMAT)
        self.query_one(TextArea).focus()

    def _show(self, fmt: str) -> None:
        try:
            self.text = export_text(self.store, self.session_log, fmt, self.at_seq)
        except ReviewtuiError as problem:
            self.text = ""
            self.notify(str(problem), title="Cannot export", severity="error")
        self.query_one(TextArea).load_text(self.text)

    @on(ChoiceField.Committed)
    def _format(self, event: ChoiceField.Committed) -> None:
        event.stop()
        event.field.saved(event.value)
        self._show(event.value or DEFAULT_FORMAT)

    def action_copy_all(self) -> None:
        self.app.copy_to_clipboard(self.text)
        lines = self.text.count("\n")
        self.notify(f"{lines} lines copied to your clipboard.", title="Copied", timeout=4)


def export_from(
    screen: Screen,
    session_id: str | None = None,
    log: SessionLog | None = None,
    at_seq: int | None = None,
    role: str | None = None,
) -> None:
    """Open the export for a session (by id, or its log): a file for the local facilitator, the
    take-away view for anyone else. `role`: the person's role in the session shown (else the
    app's: what they launched)."""
    app = screen.app
    store: SessionStore = app.store  # type: ignore[attr-defined]
    if log is None:
        if session_id is None:
            return
        try:
            log = store.load(session_id)
        except ReviewtuiError as problem:
            screen.notify(str(problem), severity="error")
            return
    if not app.may_write_files(role or app.role):  # type: ignore[attr-defined]
        app.push_screen(TakeAwayDialog(store, log, at_seq))
        return

    def written(path: Path | None) -> None:
        if path is not None:
            screen.notify(f"Written to {path}", title="Exported", timeout=6)

    # The suggested file is named after the session id (checked against the id pattern),
    # in the current folder: never a path built from a title.
    app.push_screen(ExportDialog(store, log, Path("."), at_seq), written)

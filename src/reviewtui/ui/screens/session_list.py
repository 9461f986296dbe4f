"""What a list of sessions offers on its highlighted row, shared by home and the series screen."""

from __future__ import annotations

from reviewtui.ui.dialogs.export import export_from


class SessionListActions:
    """Replay and export of the highlighted session; the screen says which one that is."""

    def selected_id(self) -> str | None:
        raise NotImplementedError

    def action_replay(self) -> None:
        session_id = self.selected_id()
        if session_id:
            self.app.open_session(session_id, replay=True)  # type: ignore[attr-defined]

    def action_export(self) -> None:
        export_from(self, self.selected_id())  # type: ignore[arg-type]

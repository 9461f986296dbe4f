"""What a list of sessions shows and offers on its highlighted row, shared by home and the series screen."""

from __future__ import annotations

from rich.text import Text

from reviewtui.domain.summary import SessionSummary
from reviewtui.ui.dialogs.export import export_from
from reviewtui.ui.typed_app import UsesReviewApp


def kpi_counts(summary: SessionSummary) -> Text:
    """'2● 1◐ 2○': KPIs on track (or achieved), at risk, off track (or overdue); told apart by
    shape, not colour."""
    if not summary.kpis:
        return Text("—")
    counts = summary.kpi_status
    good = counts.get("on track", 0) + counts.get("achieved", 0)
    bad = counts.get("off track", 0) + counts.get("overdue", 0)
    return Text(f"{good}● {counts.get('at risk', 0)}◐ {bad}○")


def open_actions(summary: SessionSummary) -> str:
    return f"{summary.open_actions} of {summary.actions}" if summary.actions else "—"


class SessionListActions(UsesReviewApp):
    """Replay and export of the highlighted session; the screen says which one that is."""

    def selected_id(self) -> str | None:
        raise NotImplementedError

    def action_replay(self) -> None:
        session_id = self.selected_id()
        if session_id:
            self.review_app.open_session(session_id, replay=True)

    def action_export(self) -> None:
        export_from(self, self.selected_id())  # type: ignore[arg-type]  # mixed into a Screen

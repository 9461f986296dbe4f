"""Every action agreed across all the sessions of a folder, once each: "my open actions", overdue
first. Read by `reviewtui actions` and the app's actions screen."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from reviewtui.domain.errors import ReviewtuiError
from reviewtui.store import SessionStore


@dataclass(frozen=True)
class ActionRow:
    """An action as it stands in the latest session that has it (carried ones are one action)."""

    text: str
    owner: str | None
    due: date | None
    status: str
    session_id: str
    session_title: str
    series: str | None
    overdue: bool

    def as_dict(self) -> dict[str, object]:
        return {
            "text": self.text,
            "owner": self.owner,
            "due": self.due.isoformat() if self.due else None,
            "status": self.status,
            "overdue": self.overdue,
            "session_id": self.session_id,
            "session_title": self.session_title,
            "series": self.series,
        }


def all_actions(
    store: SessionStore,
    today: date,
    *,
    owner: str | None = None,
    series: str | None = None,
    open_only: bool = False,
) -> tuple[list[ActionRow], list[str]]:
    """The actions (not proposals) of every session, each once: an action carried from session to
    session is the same action, as the latest session has it. Overdue first (earliest due first),
    then open ones by due date, then the closed. Also the sessions that could not be read."""
    listing = store.list()
    problems = [f"{p.path}: {p.reason}" for p in listing.problems]
    latest: dict[tuple[str, str], tuple[str, ActionRow]] = {}
    for summary in listing.sessions:
        if not summary.actions or (series and (summary.series or "").casefold() != series.strip().casefold()):
            continue
        try:
            review = store.load(summary.id).review
        except ReviewtuiError as problem:
            problems.append(str(problem))
            continue
        for action in review.actions.values():
            if action.proposed:
                continue
            if owner and (action.owner or "").casefold() != owner.strip().casefold():
                continue
            key = (action.origin_session or summary.id, action.id)
            overdue = action.status == "open" and action.due is not None and action.due < today
            row = ActionRow(
                action.text,
                action.owner,
                action.due,
                action.status,
                summary.id,
                review.session.title,
                summary.series,
                overdue,
            )
            seen = latest.get(key)
            if seen is None or summary.created_at > seen[0]:
                latest[key] = (summary.created_at, row)
    rows = [row for _, row in latest.values() if not open_only or row.status == "open"]
    rows.sort(key=lambda r: (not r.overdue, r.status != "open", r.due is None, r.due or date.max, r.text.casefold()))
    return rows, problems

"""Starting a session: its header, the people on it, the template's parameters and, in a series,
what it carries over from the latest session before it."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from reviewtui.application.series import latest_of_series
from reviewtui.domain.changes import new_session_events
from reviewtui.domain.events import ParticipantData
from reviewtui.domain.series import carry_over
from reviewtui.domain.templates import DEFAULT_TEMPLATE, get_template
from reviewtui.domain.typed import MAX_NAME, MAX_TITLE, check_typed
from reviewtui.store import SessionLog, SessionStore


def create_session(
    store: SessionStore,
    title: str,
    *,
    facilitator: str,
    template: str = DEFAULT_TEMPLATE,
    series: str | None = None,
    participants: Iterable[str] = (),
    parameters: dict[str, str] | None = None,
    actor: str | None = None,
    session_id: str | None = None,
    carry: bool = True,
) -> SessionLog:
    """A new session, written at once. In a series that has sessions already, it starts from the
    latest one (unless `carry` is False): objectives, KPIs with their last reading, open actions,
    each event saying where it came from."""
    chosen = get_template(template)
    fields: dict[str, Any] = {
        "title": title,
        "template": chosen.id,
        "created_at": store.now(),
        "facilitator": facilitator,
        "series": (series or "").strip() or None,
    }
    for name in ("title", "series", "facilitator"):
        check_typed(fields[name] or "", name, MAX_NAME if name == "facilitator" else MAX_TITLE)
    events = new_session_events(chosen, facilitator, participants, parameters)
    previous = latest_of_series(store, fields["series"]) if carry else None
    if previous is not None:
        on_it = [e.data.name for e in events if isinstance(e.data, ParticipantData)]
        events += carry_over(previous.review, on_it)
    return store.create(fields, events, actor=actor, session_id=session_id)

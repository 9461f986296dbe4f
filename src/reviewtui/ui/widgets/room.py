"""The two lines a live session adds: who is here (and where the room is), and what just happened."""

from __future__ import annotations

import time

from textual.content import Content

from reviewtui.application.room import Room
from reviewtui.domain.events import EventBase
from reviewtui.domain.replay import describe
from reviewtui.domain.review import Review
from reviewtui.domain.templates import Phase
from reviewtui.store.session_file import SessionLog

_ROLE_MARK = {"facilitator": " (facilitating)", "observer": " (observing)", "participant": ""}


def room_line(room: Room, review: Review, shown: Phase, following: bool) -> Content:
    """ "● Maya (facilitating) ● alice ◌ bob idle ○ carl left" and where this person is looking.

    Never by colour alone: a filled dot is here, a hollow one idle, a ring one gone, each with a word.
    """
    now = time.time()
    parts: list[Content | str | tuple[str, str]] = []
    here = set()
    for person in room.people:
        if person.name in here:
            continue  # one person in two terminals: shown once
        here.add(person.name)
        if person.idle(now):
            parts += [("◌ ", "$text-muted"), (person.name, "$text-muted"), (" idle", "$text-muted")]
        else:
            parts += [("● ", "$text-success"), person.name]
        parts += [(_ROLE_MARK.get(person.role, ""), "$text-muted"), "  "]
    for participant in review.participants.values():
        # "left" only for those whose reviewtui said so: people marked here at check-in may have
        # no terminal at all.
        if participant.name not in here and participant.left:
            parts += [("○ ", "$text-muted"), (participant.name, "$text-muted"), (" left", "$text-muted"), "  "]
    if room.role != "facilitator":
        room_phase = review.template.phase(review.phase or "")
        if not following and room_phase is not None and room_phase.id != shown.id:
            parts += [
                ("│ you look at ", "$text-warning"),
                (shown.title, "bold"),
                ("; the room is at ", "$text-warning"),
                (room_phase.title, "bold"),
                (" (ctrl+f follows)", "$text-warning"),
            ]
        else:
            parts += [("│ following the facilitator", "$text-muted")]
    elif proposals := review.proposals():
        parts += [("│ ", "$text-muted"), (f"{len(proposals)} to accept (ctrl+r)", "bold $text-warning")]
    if room.problem or room.unlisted:
        parts += [("  ⚠ ", "bold $text-error"), (room.problem or room.unlisted or "", "$text-error")]
    return Content.assemble(*parts)


def activity_line(log: SessionLog) -> Content:
    """The latest event in words, with who and when: the room sees each change as it lands."""
    if not log.events:
        return Content("")
    event = log.events[-1]
    before = log.review  # names of KPIs and phases: the review now is close enough for a line
    when = event.at.astimezone().strftime("%H:%M")

    def earlier(seq: int) -> tuple[EventBase, Review] | None:
        found = log.event(seq)
        return (found, log.review_at(seq - 1)) if found is not None else None

    return Content.assemble((f"{when} ", "$text-muted"), (event.actor, "bold"), " ", describe(event, before, earlier))

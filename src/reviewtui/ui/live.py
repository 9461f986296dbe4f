"""A session shared live by several processes: the seat, presence, and noticing others' writes.

DESIGN.md's "one process per person": each person's reviewtui polls the session file's stat
every 0.2 s and re-reads it when it changed (only the new events are validated and folded).
"""

from __future__ import annotations

import time

from reviewtui.domain import changes
from reviewtui.errors import ReviewtuiError
from reviewtui.store.presence import Present, Presence, present
from reviewtui.store.seat import Seat, holder
from reviewtui.store.watch import FileWatch
from reviewtui.ui.session import OpenSession

POLL_SECONDS = 0.2
"""DESIGN.md: <= 250 ms. A stat is microseconds: idle cost stays far under 1% of a core."""
PRESENCE_SECONDS = 1.0


class Room:
    """This process in a live session: its role, its presence, and the changes of the others."""

    def __init__(self, session: OpenSession, role: str, seat: Seat | None = None) -> None:
        self.session = session
        session.role = role
        self.seat = seat
        self.presence: Presence | None = None
        self.people: list[Present] = []
        self.watch = FileWatch(session.store.path(session.id))
        self.problem: str | None = None

    @property
    def role(self) -> str:
        return self.session.role

    def enter(self) -> None:
        """Say we are here: a presence file, and a participant.joined in the log."""
        store, session = self.session.store, self.session
        self.presence = Presence(store.root, session.id, session.actor, self.role)
        try:
            if self._joined_as() != self.role:
                self._record_join()
        except ReviewtuiError as problem:
            self.problem = str(problem)
        self.people = present(store.root, session.id)

    def _joined_as(self) -> str | None:
        participant = self.session.review.participants.get(self.session.actor)
        return participant.role if participant is not None and participant.present else None

    def _record_join(self) -> None:
        from reviewtui.domain.events import pending

        role = self.role
        # Through the store directly: joining is allowed to every role, and names the role held.
        self.session.store.append(self.session.id, self.session.actor,
                                  lambda r: pending("participant.joined", name=self.session.actor, role=role))  # fmt: skip
        self.session.log = self.session.store.load(self.session.id)

    def poll(self) -> bool:
        """True if someone else wrote since the last poll (the session's log is then re-read)."""
        if not self.watch.changed():
            return False
        try:
            self.session.log = self.session.store.load(self.session.id)
        except ReviewtuiError as problem:
            self.problem = str(problem)  # a half-synced disk, a removed file: said, and retried
            self.watch.stamp = None
            return False
        self.problem = None
        return True

    def scan(self) -> list[Present]:
        self.people = present(self.session.store.root, self.session.id)
        return self.people

    def active(self) -> None:
        if self.presence is not None:
            self.presence.touch()

    def seat_holder(self) -> str | None:
        found = holder(self.session.store.root, self.session.id)
        return found.name if found else None

    # ------------------------------------------------------------------------------ the seat

    def hand_seat(self, to: str) -> None:
        """Write the hand-over, then let go of the seat for `to`'s process to take."""
        from reviewtui.domain import meeting

        self.session.apply(lambda r: meeting.hand_seat(r, to))
        self._become("participant")

    def take_seat_if_handed(self) -> bool:
        """A participant to whom the seat was handed takes it (if the old holder let it go)."""
        review = self.session.review
        if self.role == "facilitator" or review.seat_to != self.session.actor:
            return False
        seat = None
        for _ in range(20):  # the old holder releases right after writing the hand-over
            seat = Seat.take(self.session.store.root, self.session.id, self.session.actor)
            if seat is not None:
                break
            time.sleep(0.01)
        if seat is None:
            return False
        self.seat = seat
        self._become("facilitator")
        return True

    def _become(self, role: str) -> None:
        if role != "facilitator" and self.seat is not None:
            self.seat.release()
            self.seat = None
        self.session.role = role
        if self.presence is not None:
            self.presence.touch(role=role)
        self._record_join()

    def leave(self) -> None:
        """A clean exit: participant.left in the log; the locks go with the files."""
        try:
            if self._joined_as() is not None:
                self.session.store.append(self.session.id, self.session.actor,
                                          lambda r: changes.leave(r, self.session.actor))  # fmt: skip
        except ReviewtuiError:
            pass  # leaving anyway; presence and the seat are freed below
        if self.presence is not None:
            self.presence.leave()
            self.presence = None
        if self.seat is not None:
            self.seat.release()
            self.seat = None


def open_room(session: OpenSession, want: str) -> tuple[Room, str | None]:
    """The room for `want` ("facilitator", "participant" or "observer"): a facilitator whose
    seat is taken joins as a participant. Returns the room and what to tell the person, if anything."""
    if want != "facilitator":
        return Room(session, want), None
    seat = Seat.take(session.store.root, session.id, session.actor)
    if seat is not None:
        return Room(session, "facilitator", seat), None
    found = holder(session.store.root, session.id)
    who = found.name if found else "someone"
    return Room(session, "participant"), f"{who} holds the facilitator seat: you joined as a participant."


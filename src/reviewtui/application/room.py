"""A session shared live by several processes: the seat, presence, and noticing others' writes.

DESIGN.md's "one process per person": each person's reviewtui polls the session file's stat
every 0.2 s and re-reads it when it changed (only the new events are validated and folded).
"""

from __future__ import annotations

from reviewtui.application.open_session import OpenSession
from reviewtui.domain import changes, meeting, names
from reviewtui.domain.basics import Role
from reviewtui.domain.errors import ReviewtuiError
from reviewtui.domain.events import pending
from reviewtui.store.presence import Pointer, Presence, Present, present

__all__ = ["POLL_SECONDS", "PRESENCE_SECONDS", "Pointer", "Room", "open_room"]
from reviewtui.store.seat import Seat, holder
from reviewtui.store.watch import FileWatch

POLL_SECONDS = 0.2
"""DESIGN.md: <= 250 ms. A stat is microseconds: idle cost stays far under 1% of a core."""
PRESENCE_SECONDS = 1.0


class Room:
    """This process in a live session: its role, its presence, and the changes of the others."""

    def __init__(self, session: OpenSession, role: Role, seat: Seat | None = None) -> None:
        self.session = session
        session.role = role
        self.seat = seat
        self.presence: Presence | None = None
        self.people: list[Present] = []
        self.watch = FileWatch(session.store.path(session.id))
        self.problem: str | None = None
        """Why the log could not be read or written just now (cleared by the next good read)."""
        self.unlisted: str | None = None
        """Why this person has no presence file (and so is not listed as here), if they have none."""

    @property
    def role(self) -> Role:
        return self.session.role

    entered = False
    """enter() ran and leave() has not: a screen rebuilt for a new role does not enter again."""
    watching_beside = False
    """Entered only to watch, by someone already in the session in another terminal: no join, no leave."""

    def enter(self) -> None:
        """Say we are here: a presence file, and a participant.joined in the log."""
        store, session = self.session.store, self.session
        self.entered = True
        try:
            self.presence = Presence(store.root, session.id, session.actor, self.role)
        except OSError as problem:
            # A folder this person may read but not write (an observer on a read-only share):
            # they watch without being listed as here, rather than the app stopping.
            self.unlisted = f"not listed as here: {problem.strerror or problem}"
        try:
            joined_as = self._joined_as()
            # A second terminal that only watches (the facilitator's own projector) adds nothing:
            # she is in the session already, in her role, and stays so when it closes.
            self.watching_beside = self.role == "observer" and joined_as is not None
            # A closed session is looked at, not attended: it stays as it was closed.
            if not session.review.closed and joined_as != self.role and not self.watching_beside:
                self._record_join()
        except ReviewtuiError as problem:
            self.problem = str(problem)
        self.people = present(store.root, session.id)

    def _joined_as(self) -> str | None:
        participant = self.session.review.participants.get(self.session.actor)
        return participant.role if participant is not None and participant.connected else None

    def _record_join(self) -> None:
        name, role = self.session.actor, self.role
        self.session.apply(lambda r: pending("participant.joined", name=name, role=role))

    def poll(self) -> bool:
        """True if someone else wrote since the last poll (the session's log is then re-read).
        Our own writes are in the log already: they change the file, not what is shown."""
        if not self.watch.changed():
            return False
        try:
            moved = self.session.refresh()
        except ReviewtuiError as problem:
            self.problem = str(problem)  # a half-synced disk, a removed file: said, and retried
            self.watch.stamp = None
            return False
        self.problem = None
        return moved

    def scan(self) -> list[Present]:
        self.people = present(self.session.store.root, self.session.id)
        return self.people

    def active(self) -> None:
        if self.presence is not None:
            self.presence.touch()

    # ------------------------------------------------------------------------------ the pointer

    pointer: Pointer | None = None
    """What this person has highlighted; shared (through presence) only by the facilitator."""

    def point(self, pointer: Pointer) -> None:
        self.pointer = pointer
        if self.role == "facilitator" and self.presence is not None:
            self.presence.point(pointer)

    def facilitator(self) -> Present | None:
        """The seat holder as present (the last scan): another presence file claiming the role,
        which anyone with the folder could write, is not followed."""
        seat = holder(self.session.store.root, self.session.id)
        if seat is None:
            return None
        return next((p for p in self.people if p.role == "facilitator" and p.name == seat.name), None)

    def facilitators_pointer(self) -> Pointer | None:
        """What the facilitator has highlighted: our own, in the seat; else as her presence says."""
        if self.role == "facilitator":
            return self.pointer
        found = self.facilitator()
        return found.pointer if found is not None else None

    # ------------------------------------------------------------------------------ the seat

    def hand_seat(self, to: str) -> None:
        """Write the hand-over, then let go of the seat for `to`'s process to take."""
        self.session.apply(lambda r: meeting.hand_seat(r, to))
        self._become("participant")

    def take_seat_if_handed(self) -> bool:
        """A participant to whom the seat was handed takes it, if the old holder let it go. One
        try per poll: the old holder's next write (its join as a participant) polls again."""
        if self.role != "participant" or self.session.review.seat_to != self.session.actor:
            return False
        seat = Seat.take(self.session.store.root, self.session.id, self.session.actor)
        if seat is None:
            return False
        self.seat = seat
        self._become("facilitator")
        return True

    def _become(self, role: Role) -> None:
        if role != "facilitator" and self.seat is not None:
            self.seat.release()
            self.seat = None
        self.session.role = role
        if self.presence is not None:
            self.presence.touch(role=role)
        self._record_join()

    def leave(self) -> None:
        """A clean exit (once, however many ways it is asked for): participant.left in the log;
        presence and the seat are let go."""
        if not self.entered:
            if self.seat is not None:  # taken, but the room was never entered (an open that failed)
                self.seat.release()
                self.seat = None
            return
        self.entered = False
        try:
            if not self.session.review.closed and self._joined_as() is not None and not self.watching_beside:
                self.session.apply(lambda r: changes.leave(r, self.session.actor))
        except ReviewtuiError:
            pass  # leaving anyway; presence and the seat are freed below
        if self.presence is not None:
            self.presence.leave()
            self.presence = None
        if self.seat is not None:
            self.seat.release()
            self.seat = None


def open_room(session: OpenSession, want: Role) -> tuple[Room, str | None]:
    """The room for `want` ("facilitator", "participant" or "observer"): a facilitator whose
    seat is taken joins as a participant. Returns the room and what to tell the person, if anything."""
    names.check_name(session.actor)
    if want != "facilitator":
        return Room(session, want), None
    seat = Seat.take(session.store.root, session.id, session.actor)
    if seat is not None:
        return Room(session, "facilitator", seat), None
    found = holder(session.store.root, session.id)
    who = found.name if found else "someone"
    return Room(session, "participant"), f"{who} holds the facilitator seat: you joined as a participant."

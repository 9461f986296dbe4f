"""What people do together in a live meeting: proposals, their acceptance, dot voting, anonymity, the seat.

Like `changes`, each function checks its input against the freshly read review (under the
store's write lock) and returns validated Pending events, or raises InvalidInput.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass

from reviewtui.domain.basics import Role
from reviewtui.domain.errors import InvalidInput
from reviewtui.domain.events import AnswerData, Pending, RevertData, VoteData, pending
from reviewtui.domain.names import ANONYMOUS, VOTER_PREFIX
from reviewtui.domain.review import Review

CONTRIBUTIONS = frozenset({"answer.recorded", "action.added", "decision.recorded"})
"""What a participant may add; it stays a proposal until the facilitator accepts it."""
_PRESENCE = frozenset({"participant.joined", "participant.left"})
"""Everyone may say they came or went, for themselves only."""
_PARTICIPANT_MAY = CONTRIBUTIONS | {"vote.cast", "vote.withdrawn", "confidence.rated"} | _PRESENCE
_OWN_EDITS = frozenset(
    {"answer.updated", "action.updated", "decision.updated", "answer.removed", "action.removed", "decision.removed"}
)
"""What a participant may do to their own proposals, until the facilitator accepts them."""
_UNDO = "change.reverted"
VOTABLE_KINDS = ("impact", "actions")
"""Phase kinds whose items take dots: impact answers and proposed actions."""


@dataclass(frozen=True)
class Permissions:
    """What a role may do in a session: one answer for the app's keys and panes, the palette and
    the write path's gate (`as_participant`), so they can never disagree."""

    role: Role

    @property
    def facilitates(self) -> bool:
        """Drive the meeting: phases, timeboxes, voting, accepting proposals, closing actions."""
        return self.role == "facilitator"

    @property
    def contributes(self) -> bool:
        """Propose answers, actions and decisions, and place dots (everyone but an observer)."""
        return self.role != "observer"

    def may_change(self, kind: str) -> bool:
        """May this role change things in a phase of this kind? The facilitator anything; a
        participant the kinds whose items it contributes (impact answers, actions)."""
        return self.facilitates or (self.contributes and kind in VOTABLE_KINDS)


def as_participant(
    review: Review, pendings: Iterable[Pending], role: str, name: str, aliases: Collection[str] = ()
) -> list[Pending]:
    """A participant's (or observer's) change as it may be written: contributions marked as
    proposals, edits and removals only of their own proposals, undos only of their own changes
    (`aliases`: the names their anonymous dots were placed under), anything else refused. The one
    gate, so no screen can let more through."""
    allowed = _PRESENCE if role == "observer" else _PARTICIPANT_MAY
    written = []
    for item in pendings:
        if item.type in _OWN_EDITS and role != "observer" and _own_proposal(review, getattr(item.data, "id", ""), name):
            written.append(item)
            continue
        if item.type == _UNDO and role != "observer":
            _check_own_writes(review, getattr(item.data, "seqs", []), {name, *aliases})
            written.append(item)
            continue
        if item.type in _PRESENCE and getattr(item.data, "name", None) != name:
            raise InvalidInput("name", "you can say that you joined or left, not someone else")
        if item.type not in allowed:
            what = "an observer only watches" if role == "observer" else "only the facilitator can do that"
            raise InvalidInput("role", what)
        if item.type in CONTRIBUTIONS:
            item = Pending(item.type, item.data.model_copy(update={"proposed": True}))
        written.append(item)
    return written


def _own_proposal(review: Review, item_id: str, name: str) -> bool:
    """A participant may go on editing what they proposed, until the facilitator accepts it."""
    answer, action, decision = review.answers.get(item_id), review.actions.get(item_id), review.decisions.get(item_id)
    if answer is not None:
        return answer.proposed and answer.author == name
    if action is not None:
        return action.proposed and action.author == name
    return decision is not None and decision.proposed and decision.by == name


def _check_own_writes(review: Review, seqs: Iterable[int], names: Collection[str]) -> None:
    """Each event an undo takes back is part of a change made by one of `names`."""
    theirs = {seq for write in review.writes if write.actor in names for seq in write.seqs}
    if not set(seqs) <= theirs:
        raise InvalidInput("undo", "you can undo your own changes, not someone else's")


def _short(text: str, limit: int = 50) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _proposal(review: Review, item_id: str):
    item = review.find_item(item_id)
    if item is None:
        raise InvalidInput("item", "that proposal is no longer there (removed meanwhile?)")
    if not item.proposed:
        raise InvalidInput("item", f"“{_short(item.text)}” is accepted already")
    return item


def accept(review: Review, item_id: str, text: str | None = None) -> Pending:
    """Accept a proposal, as it is or with its text edited."""
    item = _proposal(review, item_id)
    edited = text if text is not None and text.strip() != item.text else None
    return pending("contribution.accepted", id=item_id, text=edited)


def remove(review: Review, item_id: str) -> Pending:
    """Turn down a proposal (accepted items have their own ways: an action is dropped)."""
    _proposal(review, item_id)
    return pending("contribution.removed", id=item_id)


def _votable_phase(review: Review, phase_id: str):
    phase = review.template.phase(phase_id)
    if phase is None or phase.kind not in VOTABLE_KINDS:
        raise InvalidInput("phase", "dot voting is for the impact answers and the actions")
    return phase


def open_voting(review: Review, phase_id: str, votes: int | str) -> Pending:
    _votable_phase(review, phase_id)
    try:
        count = int(votes)
    except (TypeError, ValueError):
        raise InvalidInput("votes", f"{votes!r} is not a whole number of dots") from None
    return pending("voting.opened", phase=phase_id, votes=count)


def close_voting(review: Review, phase_id: str) -> Pending:
    """Close the voting in a phase: no dot moves from now on, and the totals are shown to all."""
    voting = review.voting.get(phase_id)
    if voting is None:
        raise InvalidInput("phase", "no voting has been opened in this phase")
    if voting.closed:
        raise InvalidInput("phase", "the voting here is closed already")
    return pending("voting.closed", phase=phase_id)


def reveal(review: Review, phase_id: str) -> Pending:
    if phase_id not in review.voting:
        raise InvalidInput("phase", "no voting has been opened in this phase")
    return pending("voting.revealed", phase=phase_id)


def vote(review: Review, actor: str, target_id: str) -> Pending:
    """A dot on an answer or an action, if voting is open in its phase and `actor` has one left."""
    phase = review.phase_of_item(target_id)
    if phase is None:
        raise InvalidInput("item", "that item is no longer there to vote for")
    if phase not in review.voting:
        raise InvalidInput("votes", "voting is not open here yet; the facilitator opens it")
    if review.voting[phase].closed:
        raise InvalidInput("votes", "the voting here is closed: the dots are counted")
    if review.votes_left(phase, actor) <= 0:
        raise InvalidInput("votes", f"all {review.voting[phase].votes} of your dots are placed; take one back first")
    return pending("vote.cast", target_id=target_id)


def unvote(review: Review, actor: str, target_id: str) -> Pending:
    voting = review.voting.get(review.phase_of_item(target_id) or "")
    if voting is not None and voting.closed:
        raise InvalidInput("votes", "the voting here is closed: the dots are counted")
    if voting is not None and voting.revealed:
        raise InvalidInput("votes", "the votes are revealed: dots stay where they are")
    if not any(v.actor == actor and v.target_id == target_id for v in review.votes):
        raise InvalidInput("votes", "you have no dot on it to take back")
    return pending("vote.withdrawn", target_id=target_id)


def set_anonymous(review: Review, phase_id: str, anonymous: bool) -> Pending:
    """Make a phase anonymous, only before anyone contributed in it: names already written stay
    in the file, so the phase could not be anonymous after all. The KPIs phase too, for its
    confidence ratings: they are recorded under a pseudonym there."""
    kpis_phase = review.template.phase_of_kind("kpis")
    if kpis_phase is not None and kpis_phase.id == phase_id:
        round_ = review.open_round
        if round_ is not None and round_.sealed:
            # Ratings given under one name and then another would count twice.
            raise InvalidInput("phase", "ratings are given in this round already; change this before the room rates")
        return pending("phase.anonymity", phase=phase_id, anonymous=anonymous)
    phase = _votable_phase(review, phase_id)
    if review.votes_in(phase_id):
        # Either way the dots placed would be counted under the wrong name from now on.
        raise InvalidInput("phase", f"dots are placed in {phase.title} already; change this before voting")
    if anonymous:
        named = (
            [a for a in review.answers.values() if a.by != ANONYMOUS and review.phase_of_item(a.id) == phase_id]
            if phase.kind == "impact"
            else [a for a in review.actions.values() if a.proposed and a.author != ANONYMOUS]
        )
        if named:
            raise InvalidInput(
                "phase",
                f"{phase.title} already has named contributions; make a phase anonymous before the room starts on it",
            )
    return pending("phase.anonymity", phase=phase_id, anonymous=anonymous)


def hand_seat(review: Review, to: str) -> Pending:
    """Hand the facilitator seat to `to`: the new facilitator's process takes the lock when it
    sees this event (the old one lets go of it right after writing it)."""
    if to not in review.participants:
        raise InvalidInput("to", f"{to!r} has not joined this session")
    return pending("seat.handed", to=to)


def phase_of_change(review: Review, pendings: Iterable[Pending]) -> str | None:
    """The phase a contribution or a vote belongs to (None for anything else)."""
    for item in pendings:
        if isinstance(item.data, VoteData):
            return review.phase_of_item(item.data.target_id)
        if isinstance(item.data, AnswerData):
            return review.template.phase_of_question(item.data.question)
        if item.type == "action.added":
            phase = review.template.phase_of_kind("actions")
            return phase.id if phase else None
        if item.type == "confidence.rated":
            return review.confidence.phase if review.confidence else None
    return None


def without_names(review: Review, pendings: list[Pending]) -> list[Pending]:
    """In an anonymous phase, an answer carries no "given by" (the actor is anonymous too)."""
    if phase_of_change(review, pendings) not in review.anonymous:
        return pendings
    return [
        Pending(p.type, p.data.model_copy(update={"by": None})) if p.type == "answer.recorded" else p for p in pendings
    ]


def recorded_as(review: Review, pendings: list[Pending], name: str, pseudonym: Callable[[], str]) -> str:
    """Who a change is recorded as: the person, or in an anonymous phase no one (a contribution)
    or a pseudonym (a vote, so that each person's dots can still be counted). An undo of a change
    made under a pseudonym is made under it too: the person's name never ties them together."""
    for item in pendings:
        if isinstance(item.data, RevertData):
            undone = next((w for w in review.writes if w.seqs == tuple(item.data.seqs)), None)
            if undone is not None and undone.actor.startswith(VOTER_PREFIX):
                return undone.actor
    if phase_of_change(review, pendings) not in review.anonymous:
        return name
    # A rating too: each person's latest rating of a KPI is the one that counts.
    counted = ("vote.", "confidence.rated")
    return pseudonym() if any(p.type.startswith(counted) for p in pendings) else ANONYMOUS

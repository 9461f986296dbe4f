"""What a person can do to a review, as validated Pending events; used alike by the CLI and the screens.

Each function checks its input against the review as it stands (does that KPI exist? is that a
date?) and raises InvalidInput naming the field; the store calls them under its write lock with
a freshly read review, so ids are allocated without races.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from datetime import UTC, date, datetime, timedelta

from reviewtui.domain.basics import format_instant
from reviewtui.domain.conditions import parse_condition
from reviewtui.domain.confidence import Key, check_rating, seal, unseal
from reviewtui.domain.errors import InvalidInput
from reviewtui.domain.events import KpiChange, KpiData, Pending, pending
from reviewtui.domain.expectations import parse_expect
from reviewtui.domain.kpi import direction_for
from reviewtui.domain.review import Action, Answer, Decision, Kpi, Objective, Reading, Review
from reviewtui.domain.templates import Template, check_parameter

# Id prefixes: short, typeable ids for the CLI (o1, k2, a3...).
OBJECTIVE, KPI, ANSWER, ACTION, DECISION = "o", "k", "r", "a", "d"


def _listing(items: Iterable[tuple[str, str]]) -> str:
    shown = [f"{item_id} {label!r}" for item_id, label in items]
    return ", ".join(shown) if shown else "none yet"


def find_objective(review: Review, ref: str, field: str = "objective") -> Objective:
    """An objective by id (`o2`) or by its exact statement, ignoring case."""
    found = review.objectives.get(ref) or _by_label(review.objectives.values(), ref, "statement")
    if found is None:
        listing = _listing((o.id, o.statement) for o in review.objectives.values())
        raise InvalidInput(field, f"no objective {ref!r} in this session (objectives: {listing})")
    return found


def find_kpi(review: Review, ref: str, field: str = "kpi") -> Kpi:
    """A KPI by id (`k1`) or by name, ignoring case."""
    found = review.kpis.get(ref) or _by_label(review.kpis.values(), ref, "name")
    if found is None:
        listing = _listing((k.id, k.name) for k in review.kpis.values())
        raise InvalidInput(field, f"no KPI {ref!r} in this session (KPIs: {listing})")
    return found


def find_action(review: Review, ref: str, field: str = "action") -> Action:
    found = review.actions.get(ref)
    if found is None:
        listing = _listing((a.id, a.text) for a in review.actions.values())
        raise InvalidInput(field, f"no action {ref!r} in this session (actions: {listing})")
    return found


def find_answer(review: Review, ref: str, field: str = "answer") -> Answer:
    found = review.answers.get(ref)
    if found is None:
        listing = _listing((a.id, a.text) for a in review.answers.values())
        raise InvalidInput(field, f"no answer {ref!r} in this session (answers: {listing})")
    return found


def _by_label(items: Iterable, ref: str, attribute: str):
    wanted = ref.strip().casefold()
    matches = [item for item in items if getattr(item, attribute).casefold() == wanted]
    return matches[0] if len(matches) == 1 else None


def new_session_events(
    template: Template,
    facilitator: str,
    participants: Iterable[str] = (),
    parameters: dict[str, str] | None = None,
) -> list[Pending]:
    """The events that open a session: the template it follows, so the session reads the same
    when a team's file or a later reviewtui changes the template or drops it; the people on it;
    and the template's parameters."""
    from reviewtui.domain.template_spec import checked_mapping

    events = [
        pending("template.recorded", id=template.id, template=checked_mapping(template)),
        pending("participant.joined", name=facilitator, role="facilitator"),
    ]
    seen = {facilitator.strip().casefold()}
    for name in participants:
        if name.strip().casefold() not in seen:
            seen.add(name.strip().casefold())
            events.append(pending("participant.joined", name=name, role="participant"))
    for name, value in (parameters or {}).items():
        events.append(pending("parameter.set", name=name, value=check_parameter(template, name, value)))
    return events


def add_objective(review: Review, statement: str, why: str = "") -> Pending:
    return pending("objective.added", id=review.next_id(OBJECTIVE), statement=statement, why=why)


def update_objective(review: Review, ref: str, *, statement: str | None = None, why: str | None = None) -> Pending:
    objective = find_objective(review, ref)
    fields = {"statement": statement, "why": why}
    return pending("objective.updated", id=objective.id, **{k: v for k, v in fields.items() if v is not None})


def remove_objective(review: Review, ref: str) -> Pending:
    return pending("objective.removed", id=find_objective(review, ref).id)


def _check_kpi_shape(direction: str, baseline: float | None, target: float | None) -> None:
    if baseline is None or target is None:
        return
    if direction == "increase" and target < baseline:
        raise InvalidInput(
            "target",
            f"an increase needs a target above the baseline ({target:g} < {baseline:g}); use direction decrease",
        )
    if direction == "decrease" and target > baseline:
        raise InvalidInput(
            "target",
            f"a decrease needs a target below the baseline ({target:g} > {baseline:g}); use direction increase",
        )
    if direction in ("increase", "decrease") and target == baseline:
        raise InvalidInput("target", "equals the baseline, so there is no change to measure")


def add_kpi(
    review: Review,
    name: str,
    *,
    baseline: str | float | None = None,
    target: str | float | None = None,
    unit: str = "",
    direction: str | None = None,
    objective: str | None = None,
    by: str | date | None = None,
    since: str | date | None = None,
    today: date | None = None,
) -> Pending:
    """A KPI; with no direction given, a target below the baseline means `decrease`. With `by`
    (YYYY-MM-DD), its status follows the pace from `since` (default: the day it is added, `today`;
    the domain reads no clock, so the caller says which day that is) to that day."""
    duplicate = _by_label(review.kpis.values(), name, "name")
    if duplicate is not None:
        raise InvalidInput("name", f"there is already a KPI called {duplicate.name!r} ({duplicate.id})")
    objective_id = find_objective(review, objective).id if objective else None
    draft = pending(
        "kpi.added",
        id=review.next_id(KPI),
        name=name,
        objective_id=objective_id,
        unit=unit,
        baseline=baseline,
        target=target,
        direction=direction or "increase",
        by=by or None,
        since=since or None,
    )
    data = draft.data
    assert isinstance(data, KpiData)
    if direction is None:  # not said: what the baseline and the target call for
        wanted = direction_for(data.direction, data.baseline, data.target)
        if wanted != data.direction:
            data = data.model_copy(update={"direction": wanted})
            draft = Pending(draft.type, data)
    _check_kpi_shape(data.direction, data.baseline, data.target)
    added_on = today or review.day
    if data.since is None and data.by is not None and added_on is not None and data.by < added_on:
        raise InvalidInput(
            "by", f"{data.by.isoformat()} has passed; give the day the way started too (since), on or before it"
        )
    _check_dates(data.direction, data.since, data.by, dated=data.by is not None)
    return draft


def _check_dates(direction: str, since: date | None, by: date | None, dated: bool) -> None:
    """A date to reach the target by is for a way to go (not a line to hold), after its start."""
    if dated and direction not in ("increase", "decrease"):
        raise InvalidInput("by", "a line to hold has no date to reach; a date is for an increase or a decrease")
    if since is not None and by is not None and since > by:
        raise InvalidInput("since", f"{since.isoformat()} is after the day the target is due ({by.isoformat()})")


def update_kpi(review: Review, ref: str, **fields: str | float | None) -> Pending:
    """Change some of a KPI's fields; the result must still make sense as a whole."""
    kpi = find_kpi(review, ref)
    if "since" in fields and not fields["since"]:
        raise InvalidInput("since", "give the day the way to the target starts (YYYY-MM-DD)")
    if "name" in fields and fields["name"] is not None:
        duplicate = _by_label((k for k in review.kpis.values() if k.id != kpi.id), str(fields["name"]), "name")
        if duplicate is not None:
            raise InvalidInput("name", f"there is already a KPI called {duplicate.name!r} ({duplicate.id})")
    if "objective" in fields:
        objective = fields.pop("objective")
        fields["objective_id"] = find_objective(review, str(objective)).id if objective else None
    draft = pending("kpi.updated", id=kpi.id, **fields)
    data = draft.data
    assert isinstance(data, KpiChange)
    set_fields = data.model_fields_set
    baseline = data.baseline if "baseline" in set_fields else kpi.baseline
    target = data.target if "target" in set_fields else kpi.target
    direction = data.direction if "direction" in set_fields and data.direction else kpi.direction
    if "direction" not in set_fields and ("baseline" in set_fields or "target" in set_fields):
        # A new baseline or target that only makes sense the other way turns the KPI round (said
        # by the event: it sets the direction too).
        wanted = direction_for(direction, baseline, target)
        if wanted != direction:
            direction = wanted
            draft = pending("kpi.updated", id=kpi.id, **fields, direction=wanted)
    _check_kpi_shape(direction, baseline, target)
    by = data.by if "by" in set_fields else kpi.by
    since = data.since if "since" in set_fields and data.since else kpi.since
    _check_dates(direction, since, by, dated="by" in set_fields and data.by is not None)
    return draft


def remove_kpi(review: Review, ref: str) -> Pending:
    return pending("kpi.removed", id=find_kpi(review, ref).id)


def record_reading(review: Review, ref: str, value: str | float, note: str = "", source: str = "") -> Pending:
    kpi = find_kpi(review, ref)
    return pending("kpi.measured", id=kpi.id, value=value, note=note, source=source)


def record_answer(
    review: Review, question: str, text: str, objective: str | None = None, by: str | None = None
) -> Pending:
    objective_id = find_objective(review, objective).id if objective else None
    return pending(
        "answer.recorded", id=review.next_id(ANSWER), question=question, text=text, objective_id=objective_id, by=by
    )


def add_action(
    review: Review,
    text: str,
    *,
    owner: str | None = None,
    due: str | None = None,
    objective: str | None = None,
    kpi: str | None = None,
    origin_session: str | None = None,
    expect: str | None = None,
    expect_by: str | date | None = None,
) -> Pending:
    """An action item; with `expect` (`+5`, `-3`, `>= 40`, `<= 12`), what it should do to its KPI
    (by `expect_by`, if given), stated against the KPI's latest reading now."""
    objective_id = find_objective(review, objective).id if objective else None
    kpi_found = find_kpi(review, kpi) if kpi else None
    if kpi_found and objective_id is None:
        objective_id = kpi_found.objective_id  # an action that moves a KPI serves its objective
    return pending(
        "action.added",
        id=review.next_id(ACTION),
        text=text,
        owner=owner or None,
        due=due or None,
        status="open",
        objective_id=objective_id,
        kpi_id=kpi_found.id if kpi_found else None,
        origin_session=origin_session,
        **_expectation(kpi_found, expect, expect_by),
    )


def _expectation(kpi: Kpi | None, expect: str | None, expect_by: str | date | None) -> dict[str, object]:
    """The fields of an expectation stated now: as written back (`+5`), the KPI's reading it counts
    from, and its date. Empty when none is stated."""
    if not (expect or "").strip():
        if expect_by:
            raise InvalidInput("expect_by", "a date is for an expectation: say what it should do to the KPI (expect)")
        return {}
    if kpi is None:
        raise InvalidInput("expect", "an expectation is of a KPI: link the action to the KPI it should move")
    stated = parse_expect(str(expect), kpi.unit)
    if stated.relative and kpi.current is None:
        raise InvalidInput(
            "expect",
            f"{kpi.name} has no reading yet for {stated} to count from: record one, or expect a level (>= or <=)",
        )
    return {"expect": str(stated), "expect_from": kpi.current, "expect_by": expect_by or None}


def update_action(review: Review, ref: str, **fields: str | None) -> Pending:
    """Change some of an action's fields: text, owner, due, status, objective, kpi, and its
    expectation (`expect`, stated afresh against the KPI's reading now; '' takes it off;
    `expect_by`)."""
    action = find_action(review, ref)
    if "kpi" in fields and action.expect and "expect" not in fields:
        kpi_now = review.kpis.get(action.kpi_id or "")
        named = kpi_now.name if kpi_now else "its KPI"
        raise InvalidInput(
            "kpi", f"its expectation ({action.expect}) is of {named}: take it off first, or state it anew"
        )
    expectation: dict[str, object] = {}
    if "expect" in fields:
        kpi_ref = fields.get("kpi", action.kpi_id)
        expect = fields.pop("expect")
        expect_by = fields.pop("expect_by") if "expect_by" in fields else (action.expect_by if expect else None)
        expectation = {"expect": None, "expect_from": None, "expect_by": None}  # taken off, unless stated
        expectation.update(_expectation(find_kpi(review, kpi_ref) if kpi_ref else None, expect, expect_by))
    elif "expect_by" in fields:
        if not action.expect:
            raise InvalidInput("expect_by", "a date is for an expectation: say what it should do to the KPI (expect)")
        fields["expect_by"] = fields["expect_by"] or None
    if "objective" in fields:
        objective = fields.pop("objective")
        fields["objective_id"] = find_objective(review, objective).id if objective else None
    if "kpi" in fields:
        kpi = fields.pop("kpi")
        found = find_kpi(review, kpi) if kpi else None
        fields["kpi_id"] = found.id if found else None
        if found is not None and not fields.get("objective_id"):
            fields["objective_id"] = found.objective_id  # an action that moves a KPI serves its objective
    for name in ("owner", "due"):
        if name in fields and not (fields[name] or "").strip():
            fields[name] = None  # an emptied field clears the value
    return pending("action.updated", id=action.id, **fields, **expectation)


def set_action_status(review: Review, ref: str, status: str) -> Pending:
    action = find_action(review, ref)
    return pending("action.updated", id=action.id, status=status)


def _check_revisit(review: Review, revisit_if: str | None) -> tuple[str | None, str | None]:
    """A revisit condition must parse and name one of the session's KPIs. Returns it as written
    and the id of the KPI it names (kept, so that renaming the KPI later does not lose it)."""
    if not revisit_if or not revisit_if.strip():
        return None, None
    condition = parse_condition(revisit_if, {kpi.name: kpi.unit for kpi in review.kpis.values()})
    kpi = next(k for k in review.kpis.values() if condition.names(k.name))
    return revisit_if.strip(), kpi.id


def record_decision(
    review: Review,
    text: str,
    *,
    rationale: str = "",
    owner: str | None = None,
    revisit_if: str | None = None,
) -> Pending:
    revisit_if, revisit_kpi = _check_revisit(review, revisit_if)
    return pending(
        "decision.recorded",
        id=review.next_id(DECISION),
        text=text,
        rationale=rationale,
        owner=owner or None,
        revisit_if=revisit_if,
        revisit_kpi=revisit_kpi,
    )


def find_decision(review: Review, ref: str) -> Decision:
    found = review.decisions.get(ref)
    if found is None:
        listing = _listing((d.id, d.text) for d in review.decisions.values())
        raise InvalidInput("decision", f"no decision {ref!r} in this session (decisions: {listing})")
    return found


def update_decision(review: Review, ref: str, **fields: str | None) -> Pending:
    decision = find_decision(review, ref)
    if "owner" in fields and not (fields["owner"] or "").strip():
        fields["owner"] = None
    if "revisit_if" in fields:
        fields["revisit_if"], fields["revisit_kpi"] = _check_revisit(review, fields["revisit_if"])
    return pending("decision.updated", id=decision.id, **fields)


def remove_answer(review: Review, ref: str) -> Pending:
    return pending("answer.removed", id=find_answer(review, ref).id)


def remove_action(review: Review, ref: str) -> Pending:
    return pending("action.removed", id=find_action(review, ref).id)


def remove_decision(review: Review, ref: str) -> Pending:
    return pending("decision.removed", id=find_decision(review, ref).id)


def update_answer(
    review: Review, ref: str, *, text: str | None = None, by: str | None = None, objective: str | None = None
) -> Pending:
    """Reword an answer, say who gave it, or link it to another objective ("" unlinks it)."""
    answer = find_answer(review, ref)
    fields: dict[str, str | None] = {}
    if text is not None:
        fields["text"] = text
    if by is not None:
        fields["by"] = by.strip() or None
    if objective is not None:
        fields["objective_id"] = find_objective(review, objective).id if objective.strip() else None
    return pending("answer.updated", id=answer.id, **fields)


def find_reading(
    review: Review, kpi_ref: str, which: int | str | None = None, *, seq: int | None = None
) -> tuple[Kpi, Reading]:
    """A KPI's reading: the latest one (`which` None), or the Nth, counted from 1, oldest first;
    or the one event `seq` recorded (what the app points at: it stays put as others record)."""
    kpi = find_kpi(review, kpi_ref)
    if seq is not None:
        found = next((r for r in kpi.readings if r.seq == seq), None)
        if found is None:
            raise InvalidInput("reading", f"that reading of {kpi.name!r} is no longer there (removed meanwhile?)")
        return kpi, found
    if not kpi.readings:
        raise InvalidInput("reading", f"{kpi.name!r} has no readings yet")
    if which is None:
        return kpi, kpi.readings[-1]
    try:
        number = int(which)
    except (TypeError, ValueError):
        raise InvalidInput("reading", f"{which!r} is not a reading number (1 is the first)") from None
    if not 1 <= number <= len(kpi.readings):
        raise InvalidInput("reading", f"{kpi.name!r} has readings 1 to {len(kpi.readings)}, not {number}")
    return kpi, kpi.readings[number - 1]


def correct_reading(
    review: Review,
    kpi_ref: str,
    which: int | str | None = None,
    *,
    seq: int | None = None,
    value: str | float | None = None,
    note: str | None = None,
    taken_at: str | None = None,
) -> Pending:
    """Correct a reading: its value, its note, or the date it was taken (YYYY-MM-DD, or an instant)."""
    _kpi, reading = find_reading(review, kpi_ref, which, seq=seq)
    fields: dict[str, object] = {}
    if value is not None and str(value).strip():
        fields["value"] = value
    if note is not None:
        fields["note"] = note
    if taken_at is not None and taken_at.strip():
        fields["taken_at"] = _taken_at(taken_at.strip(), reading.at, review.updated_at)
    if not fields:
        raise InvalidInput("reading", "say what to correct: the value, the note or the date it was taken")
    return pending("reading.corrected", seq=reading.seq, **fields)


def _taken_at(text: str, was: datetime, latest: datetime | None) -> str:
    """A date alone keeps the reading's time of day (a whole-day shift, not midnight). Not after
    the session's latest change (a day's grace for time zones): a reading is of what was measured."""
    try:
        day = date.fromisoformat(text)
    except ValueError:
        return text  # an instant, checked by the event's own type
    if latest is not None and day > latest.date() + timedelta(days=1):
        raise InvalidInput("taken", f"{text} is in the future: a reading is of something measured")
    return format_instant(datetime.combine(day, was.astimezone(UTC).timetz()))


def remove_reading(review: Review, kpi_ref: str, which: int | str | None = None, *, seq: int | None = None) -> Pending:
    _kpi, reading = find_reading(review, kpi_ref, which, seq=seq)
    return pending("reading.removed", seq=reading.seq)


def mark_attendance(review: Review, name: str, here: bool) -> Pending:
    """Mark someone here or away at check-in (someone not on the list yet is added)."""
    person = review.participants.get(name.strip())
    return pending("attendance.marked", name=person.name if person else name, here=here)


def remove_attendee(review: Review, name: str) -> Pending:
    """Take someone off the attendance list (added by mistake, or not part of this review)."""
    person = review.participants.get(name.strip())
    if person is None:
        raise InvalidInput("name", f"{name!r} is not on the attendance list")
    if person.role == "facilitator":
        raise InvalidInput("name", f"{person.name} facilitates this session; hand the seat on first")
    return pending("attendance.removed", name=person.name)


def undo(review: Review, actors: Collection[str]) -> Pending:
    """Take back the latest change made by `actors` (a person, and their pseudonym in anonymous
    votes) that is not undone yet: again and again, as far back as they like."""
    write = review.last_write(actors)
    if write is None:
        raise InvalidInput("undo", "nothing of yours to undo in this session")
    return pending("change.reverted", seqs=list(write.seqs))


def join(review: Review, name: str, role: str = "participant") -> Pending:
    existing = review.participants.get(name.strip())
    return pending("participant.joined", name=name, role=existing.role if existing else role)


def leave(review: Review, name: str) -> Pending:
    participant = review.participants.get(name)
    if participant is None:
        raise InvalidInput("name", f"{name!r} is not on this session")
    return pending("participant.left", name=participant.name, role=participant.role)


def add_note(review: Review, text: str) -> Pending:
    return pending("note.added", text=text)


def enter_phase(review: Review, phase_id: str) -> Pending:
    if review.template.phase(phase_id) is None:
        known = ", ".join(p.id for p in review.template.phases)
        raise InvalidInput("phase", f"{review.template.id} has no phase {phase_id!r} (phases: {known})")
    return pending("phase.entered", phase=phase_id)


def start_timer(review: Review, phase_id: str, minutes: str | float) -> Pending:
    if review.template.phase(phase_id) is None:
        raise InvalidInput("phase", f"{review.template.id} has no phase {phase_id!r}")
    try:
        seconds = round(float(minutes) * 60)
    except (TypeError, ValueError):
        raise InvalidInput("minutes", f"{minutes!r} is not a number of minutes") from None
    if not 1 <= seconds <= 24 * 3600:
        raise InvalidInput("minutes", "a timebox is from a second (0.02 minutes) to 24 hours (1440 minutes)")
    return pending("timer.started", phase=phase_id, seconds=seconds)


def clear_timer(review: Review, phase_id: str) -> Pending:
    phase = review.template.phase(phase_id)
    if phase is None or phase_id not in review.timers:
        raise InvalidInput("phase", f"{phase.title if phase else phase_id} has no timebox to clear")
    return pending("timer.cleared", phase=phase_id)


def close_session(review: Review) -> Pending:
    return pending("session.closed")


def reopen_session(review: Review) -> Pending:
    return pending("session.reopened")


def review_action(review: Review, ref: str, verdict: str, note: str = "") -> Pending:
    """A carried action reviewed with its owner: done, not done (carried again) or dropped."""
    action = find_action(review, ref)
    if not action.carried_from:
        raise InvalidInput("action", f"{action.id} was not carried over from an earlier session")
    return pending("action.reviewed", id=action.id, verdict=verdict, owner=action.owner, note=note)


def dismiss_finding(review: Review, key: str) -> Pending:
    return pending("coach.dismissed", key=key)


# ------------------------------------------------------------------------------ blind confidence


def open_confidence(review: Review) -> Pending:
    """Open a blind confidence round in the KPIs phase (the facilitator's)."""
    phase = review.template.phase_of_kind("kpis")
    if phase is None:
        raise InvalidInput("phase", "this session's template has no KPIs phase to rate confidence in")
    if not review.kpis:
        raise InvalidInput("confidence", "there is no KPI to rate yet")
    if review.open_round is not None:
        raise InvalidInput("confidence", "a confidence round is open already: reveal it first")
    return pending("confidence.opened", phase=phase.id)


def rate_confidence(review: Review, ref: str, value: object, rater: str, key: Key, nonce: str) -> Pending:
    """`rater`'s rating (0-10) of how sure they are the KPI reaches its target, sealed with the pad
    `key` makes of `nonce` (domain.confidence): never written in the clear. Only someone present
    rates: in the session, not an observer, not marked away."""
    round_ = review.open_round
    if round_ is None:
        raise InvalidInput("confidence", "no confidence round is open: the facilitator opens one in the KPIs phase")
    person = review.participants.get(rater.strip())
    if person is None:
        raise InvalidInput("as", f"{rater.strip()} is not in this session: join it to rate")
    if person.role == "observer":
        raise InvalidInput("as", f"{person.name} is an observer in this session: an observer only watches")
    if person.here is False:
        raise InvalidInput("as", f"{person.name} is marked away: the people present rate")
    kpi = find_kpi(review, ref)
    rating = check_rating(value)
    return pending(
        "confidence.rated",
        kpi_id=kpi.id,
        sealed=seal(rating, key.pad(nonce)),
        nonce=nonce,
        check=key.check(nonce, rating),
    )


def reveal_confidence(review: Review, key: Key) -> Pending:
    """Reveal the open round: each KPI's ratings (everyone's latest), unsealed, without names. A
    rating sealed with another key (revealed from another account) is refused, never guessed."""
    round_ = review.open_round
    if round_ is None:
        raise InvalidInput("confidence", "no confidence round is open to reveal")
    values: dict[str, list[int]] = {}
    foreign = 0
    for (kpi_id, _), (sealed, nonce, check) in round_.sealed.items():
        value = unseal(sealed, key.pad(nonce))
        if key.check(nonce, value) != check:
            foreign += 1
        elif kpi_id in review.kpis:
            values.setdefault(kpi_id, []).append(value)
    if foreign:
        raise InvalidInput(
            "confidence",
            f"{foreign} of the ratings were sealed with another account's key: reveal from the account "
            "the meeting runs under (its state folder holds the key)",
        )
    return pending("confidence.revealed", phase=round_.phase, values={k: sorted(v) for k, v in values.items()})

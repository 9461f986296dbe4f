"""fold(session, events) -> Review: every event type, partial updates, bad references, purity."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from reviewtui.domain.events import EVENT_LIST
from reviewtui.domain.fold import advance, fold
from reviewtui.domain.session import SessionInfo

START = datetime(2026, 10, 7, 9, 0, tzinfo=UTC)
INFO = SessionInfo(id="2026-10-07-q3-abcd", title="Q3", template="outcome-review", created_at=START, facilitator="Maya")


def log(*items: tuple[str, dict] | tuple[str, dict, str]) -> list:
    documents = []
    for seq, item in enumerate(items, start=1):
        event_type, data, actor = item if len(item) == 3 else (*item, "Maya")
        at = (START + timedelta(minutes=seq)).isoformat()
        documents.append({"seq": seq, "at": at, "actor": actor, "type": event_type, "data": data})
    return EVENT_LIST.validate_python(documents)


FULL = log(
    ("participant.joined", {"name": "Maya", "role": "facilitator"}),
    ("participant.joined", {"name": "Tom", "role": "participant"}),
    ("phase.entered", {"phase": "objectives"}),
    ("timer.started", {"phase": "objectives", "seconds": 600}),
    ("objective.added", {"id": "o1", "statement": "Increase retention", "why": "Revenue"}),
    ("objective.added", {"id": "o2", "statement": "Cut time to value", "why": ""}),
    ("objective.updated", {"id": "o2", "why": "Trials convert"}),
    (
        "kpi.added",
        {
            "id": "k1",
            "name": "Retention",
            "objective_id": "o1",
            "unit": "%",
            "baseline": 31,
            "target": 40,
            "direction": "increase",
        },
    ),
    ("kpi.measured", {"id": "k1", "value": 33, "note": "June", "source": "Amplitude"}, "Jonas"),
    ("kpi.measured", {"id": "k1", "value": 36.5}, "Jonas"),
    ("kpi.updated", {"id": "k1", "target": 41}),
    (
        "answer.recorded",
        {"id": "r1", "question": "What changed?", "text": "Fewer tickets", "objective_id": "o1", "by": "Priya"},
    ),
    (
        "action.added",
        {
            "id": "a1",
            "text": "Interview churned users",
            "owner": "Tom",
            "due": "2026-10-31",
            "kpi_id": "k1",
            "objective_id": "o1",
        },
    ),
    ("action.updated", {"id": "a1", "status": "done"}),
    (
        "decision.recorded",
        {"id": "d1", "text": "Pause upsell", "rationale": "No effect", "owner": "Ana", "revisit_if": "Retention < 33"},
    ),
    ("vote.cast", {"target_id": "r1"}, "Tom"),
    ("note.added", {"text": "Dashboard link shared"}),
    ("parameter.set", {"name": "budget", "value": "40000 EUR"}),
    ("participant.left", {"name": "Tom", "role": "participant"}),
    ("session.closed", {}),
)


def test_fold_applies_every_event_type() -> None:
    review = fold(INFO, FULL)
    assert review.as_of_seq == 20
    assert review.phase == "objectives"
    assert review.timers["objectives"].seconds == 600
    assert review.timers["objectives"].remaining(START + timedelta(minutes=4, seconds=30)) == 600 - 30
    assert [o.statement for o in review.objectives.values()] == ["Increase retention", "Cut time to value"]
    assert review.objectives["o2"].why == "Trials convert"
    kpi = review.kpis["k1"]
    assert kpi.target == 41 and kpi.baseline == 31 and kpi.unit == "%"
    assert [r.value for r in kpi.readings] == [33, 36.5]
    assert kpi.readings[0].actor == "Jonas" and kpi.readings[0].source == "Amplitude"
    assert kpi.current == 36.5
    assert kpi.progress == pytest.approx(5.5 / 10)
    assert review.kpi_status(kpi) == "at risk"
    assert review.answers["r1"].by == "Priya"
    action = review.actions["a1"]
    assert action.status == "done" and action.owner == "Tom" and action.due.isoformat() == "2026-10-31"
    assert action.closed_at == START + timedelta(minutes=14)
    assert review.decisions["d1"].revisit_if == "Retention < 33"
    assert [(v.actor, v.target_id) for v in review.votes] == [("Tom", "r1")]
    assert review.notes[0].text == "Dashboard link shared"
    assert review.parameters == {"budget": "40000 EUR"}
    # Maya wrote Tom's "left": she marked him away (attendance); her own joining connected her.
    assert review.participants["Tom"].here is False and review.participants["Tom"].connected is False
    assert review.participants["Maya"].here is True and review.participants["Maya"].connected is True
    assert review.closed and review.status == "closed"
    assert review.skipped == []


def test_fold_of_a_prefix_is_the_state_at_that_event() -> None:
    review = fold(INFO, FULL[:10])
    assert review.as_of_seq == 10
    assert review.kpis["k1"].target == 40
    assert review.actions == {} and not review.closed


def test_update_applies_only_the_fields_it_sets() -> None:
    events = log(
        ("action.added", {"id": "a1", "text": "Call Acme", "owner": "Tom", "due": "2026-11-01"}),
        ("action.updated", {"id": "a1", "owner": None}),
        ("action.updated", {"id": "a1", "text": "Call Acme and Beta"}),
    )
    action = fold(INFO, events).actions["a1"]
    assert action.text == "Call Acme and Beta"
    assert action.owner is None
    assert action.due.isoformat() == "2026-11-01"
    assert action.status == "open"


def test_reopening_an_action_clears_its_closing_time() -> None:
    events = log(
        ("action.added", {"id": "a1", "text": "x"}),
        ("action.updated", {"id": "a1", "status": "dropped"}),
        ("action.updated", {"id": "a1", "status": "open"}),
    )
    assert fold(INFO, events).actions["a1"].closed_at is None


def test_references_to_nothing_are_skipped_with_a_reason() -> None:
    events = log(
        ("kpi.measured", {"id": "k9", "value": 1}),
        ("objective.updated", {"id": "o9", "statement": "x"}),
        ("action.updated", {"id": "a9", "status": "done"}),
        ("objective.added", {"id": "o1", "statement": "A"}),
        ("objective.added", {"id": "o1", "statement": "B"}),
        ("participant.left", {"name": "Ghost"}),
    )
    review = fold(INFO, events)
    assert [s.seq for s in review.skipped] == [1, 2, 3, 5, 6]
    assert "k9" in review.skipped[0].reason
    assert review.objectives["o1"].statement == "A"


def test_unknown_event_types_are_skipped_not_lost() -> None:
    events = log(("poll.opened", {"q": "?"}), ("note.added", {"text": "after"}))
    review = fold(INFO, events)
    assert review.as_of_seq == 2
    assert review.skipped[0].type == "poll.opened"
    assert "newer reviewtui" in review.skipped[0].reason
    assert review.notes[0].text == "after"


def test_removed_items_leave_their_ids_used() -> None:
    events = log(
        ("objective.added", {"id": "o1", "statement": "A"}),
        ("objective.added", {"id": "o2", "statement": "B"}),
        ("objective.removed", {"id": "o2"}),
        ("kpi.added", {"id": "k1", "name": "K", "objective_id": "o2"}),
        ("kpi.removed", {"id": "k1"}),
    )
    review = fold(INFO, events)
    assert list(review.objectives) == ["o1"]
    assert review.kpis == {}
    assert review.next_id("o") == "o3"
    assert review.next_id("k") == "k2"
    assert review.next_id("a") == "a1"


def test_kpi_of_a_removed_objective_is_listed_as_unlinked() -> None:
    events = log(
        ("objective.added", {"id": "o1", "statement": "A"}),
        ("kpi.added", {"id": "k1", "name": "K", "objective_id": "o1"}),
        ("objective.removed", {"id": "o1"}),
    )
    review = fold(INFO, events)
    # What the panes and the minutes group by: the same KPI, under no objective.
    assert [k.id for k in review.kpis_by_objective()[None]] == ["k1"]
    assert "o1" not in review.kpis_by_objective()


def test_fold_is_pure_and_advance_leaves_its_input_alone() -> None:
    first, again = fold(INFO, FULL[:12]), fold(INFO, FULL[:12])
    assert first == again
    later = advance(first, FULL[12:])
    assert first == again, "advance must not change the review it starts from"
    assert later == fold(INFO, FULL)


def test_a_copy_carries_every_field_of_the_review() -> None:
    """advance() (every live write) folds on from Review.copy(): a field added to Review and
    forgotten there would silently fall back to its default after the next write."""
    from dataclasses import fields

    from reviewtui.domain.review import Review

    events = log(
        ("series.carried", {"from_session": "2026-07-08-q2-abcd", "highest": {"a": 4}}),
        ("participant.joined", {"name": "Tom", "role": "participant"}),
        ("note.added", {"text": "Said in error"}),
        ("change.reverted", {"seqs": [3]}),
        ("phase.entered", {"phase": "impact"}),
        ("timer.started", {"phase": "impact", "seconds": 600}),
        ("objective.added", {"id": "o1", "statement": "Increase retention"}),
        ("kpi.added", {"id": "k1", "name": "Retention", "objective_id": "o1", "baseline": 31, "target": 40}),
        ("kpi.measured", {"id": "k1", "value": 33}),
        ("answer.recorded", {"id": "r1", "question": "What changed?", "text": "Fewer tickets"}),
        ("action.added", {"id": "a5", "text": "Call users"}),
        ("decision.recorded", {"id": "d1", "text": "Pause upsell"}),
        ("decision.flagged", {"decision_id": "d1", "session_id": INFO.id, "condition": "Retention < 40", "value": 33}),
        ("voting.opened", {"phase": "impact", "votes": 2}),
        ("vote.cast", {"target_id": "r1"}, "Tom"),
        ("phase.anonymity", {"phase": "actions", "anonymous": True}),
        ("seat.handed", {"to": "Tom"}),
        ("note.added", {"text": "Dashboard link shared"}),
        ("parameter.set", {"name": "budget", "value": "40000 EUR"}),
        ("coach.dismissed", {"key": "objective-without-kpi:o1"}),
        (
            "template.recorded",
            {
                "id": "team",
                "template": {"name": "Team", "phases": [{"id": "changed", "title": "What changed", "kind": "impact"}]},
            },
        ),
        ("confidence.opened", {"phase": "kpis"}),
        ("confidence.rated", {"kpi_id": "k1", "sealed": 4, "nonce": "a1b2", "check": "c3d4"}, "Tom"),
        ("confidence.revealed", {"phase": "kpis", "values": {"k1": [7]}}),
        ("kpi.measured", {"id": "k9", "value": 1}),  # skipped: no such KPI
        ("session.closed", {}),
    )
    review, empty = fold(INFO, events), Review(session=INFO)
    left_default = [
        f.name for f in fields(Review) if f.name != "session" and getattr(review, f.name) == getattr(empty, f.name)
    ]
    assert left_default == [], "the log sets every field, so the comparison below checks them all"
    copied = review.copy()
    assert {f.name: getattr(copied, f.name) for f in fields(Review)} == {
        f.name: getattr(review, f.name) for f in fields(Review)
    }
    assert advance(fold(INFO, events[:10]), events[10:]) == review

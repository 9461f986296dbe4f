"""Event models: the discriminated union, unknown types, and errors that name the field."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from reviewtui.domain import events as ev
from reviewtui.domain.errors import InvalidInput
from reviewtui.domain.events import EVENT, EVENT_TYPES, pending

AT = "2026-10-07T09:00:00.000Z"


def doc(event_type: str, **data) -> dict:
    return {"seq": 1, "at": AT, "actor": "Maya", "type": event_type, "data": data}


def test_every_design_event_type_has_a_model() -> None:
    design = {
        "participant.joined",
        "participant.left",
        "phase.entered",
        "timer.started",
        "objective.added",
        "objective.updated",
        "objective.removed",
        "kpi.added",
        "kpi.updated",
        "kpi.removed",
        "kpi.measured",
        "answer.recorded",
        "action.added",
        "action.updated",
        "decision.recorded",
        "vote.cast",
        "note.added",
        "session.closed",
        "session.reopened",
    }
    assert design <= set(EVENT_TYPES)


def test_union_picks_the_class_by_type() -> None:
    event = EVENT.validate_python(doc("kpi.measured", id="k1", value=3))
    assert isinstance(event, ev.KpiMeasured)
    assert event.data.value == 3.0
    assert event.at.tzinfo is not None and event.at.utcoffset().total_seconds() == 0


def test_unknown_type_is_kept_not_rejected() -> None:
    event = EVENT.validate_python(doc("poll.opened", question="Lunch?", options=["a", "b"]))
    assert isinstance(event, ev.UnknownEvent)
    assert event.type == "poll.opened"
    assert event.data == {"question": "Lunch?", "options": ["a", "b"]}


def test_session_closed_needs_no_data() -> None:
    event = EVENT.validate_python({"seq": 2, "at": AT, "actor": "M", "type": "session.closed", "data": {}})
    assert isinstance(event, ev.SessionClosed)


@pytest.mark.parametrize(
    ("event_type", "fields", "field", "words"),
    [
        ("kpi.measured", {"id": "k1", "value": "twelve"}, "value", "'twelve' is not a number"),
        ("kpi.measured", {"id": "k1", "value": "nan"}, "value", "not a finite number"),
        ("kpi.measured", {"id": "k1", "value": True}, "value", "not a number"),
        ("action.added", {"id": "a1", "text": "x", "due": "31/12/2026"}, "due", "is not a date"),
        ("action.added", {"id": "a1", "text": "x", "due": "2026-02-30"}, "due", "is not a date"),
        ("action.added", {"id": "a1", "text": "x", "due": 1767225600}, "due", "is not a date"),
        ("objective.added", {"id": "o1", "statement": "   "}, "statement", "must not be empty"),
        ("kpi.added", {"id": "k1", "name": "Churn", "direction": "up"}, "direction", "'up' is not one of"),
        ("action.updated", {"id": "a1", "status": "finished"}, "status", "'finished' is not one of"),
        ("timer.started", {"phase": "kpis", "seconds": 0}, "seconds", "greater than or equal to 1"),
    ],
)
def test_bad_values_name_the_field(event_type: str, fields: dict, field: str, words: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        pending(event_type, **fields)
    assert caught.value.field == field
    assert words in caught.value.problem


def test_naive_time_is_refused() -> None:
    with pytest.raises(ValidationError, match="no timezone"):
        EVENT.validate_python({**doc("note.added", text="x"), "at": "2026-10-07T09:00:00"})


def test_seq_must_be_a_positive_integer() -> None:
    for bad in (0, "3", 1.5):
        with pytest.raises(ValidationError):
            EVENT.validate_python({**doc("note.added", text="x"), "seq": bad})


def test_partial_update_writes_only_what_was_set() -> None:
    assert pending("action.updated", id="a1", status="done").data_document() == {"id": "a1", "status": "done"}
    cleared = pending("action.updated", id="a1", owner=None).data_document()
    assert cleared == {"id": "a1", "owner": None}


def test_added_events_write_every_field() -> None:
    data = pending("action.added", id="a1", text="Call Acme", due="2026-12-01").data_document()
    assert data == {
        "id": "a1",
        "text": "Call Acme",
        "owner": None,
        "due": "2026-12-01",
        "status": "open",
        "objective_id": None,
        "kpi_id": None,
        "origin_session": None,
        "carried_from": None,
    }


def test_text_is_trimmed_but_kept_literal() -> None:
    data = pending("note.added", text="  [/] Q3 [@click=app.quit]x  ").data_document()
    assert data == {"text": "[/] Q3 [@click=app.quit]x"}


def test_every_event_type_has_a_fold_handler_and_words_in_the_replay() -> None:
    """A new event type is one class in domain/events.py; the fold refuses to import without its
    handler, and this fails until the replay can say it in words (not "from a newer reviewtui")."""
    import ast
    from pathlib import Path

    from reviewtui.domain import replay
    from reviewtui.domain.events import EVENT_TYPES, KNOWN_EVENTS
    from reviewtui.domain.fold import _HANDLERS

    assert set(EVENT_TYPES.values()) == set(KNOWN_EVENTS) and len(KNOWN_EVENTS) >= 30
    assert set(KNOWN_EVENTS) <= set(_HANDLERS)
    tree = ast.parse(Path(replay.__file__).read_text(encoding="utf-8"))
    described = {
        pattern.cls.attr
        for node in ast.walk(tree)
        if isinstance(node, ast.match_case)
        for pattern in ast.walk(node.pattern)
        if isinstance(pattern, ast.MatchClass) and isinstance(pattern.cls, ast.Attribute)
    }
    assert {cls.__name__ for cls in KNOWN_EVENTS} - described == set()


def test_the_export_formats_are_one_registry_read_everywhere() -> None:
    from reviewtui.cli import build_parser
    from reviewtui.domain.export import FORMATS
    from reviewtui.ui.dialogs.export import FORMATS as DIALOG_FORMATS

    export = build_parser()._subparsers._group_actions[0].choices["export"]  # type: ignore[union-attr]
    choices = next(a.choices for a in export._actions if a.dest == "format")
    assert list(choices) == list(FORMATS) == [name for _, name in DIALOG_FORMATS]
    assert all(f.suffix == f".{f.name}" for f in FORMATS.values())


# ------------------------------------------------------------------------------ reading a file


def _union_reading(documents: list[dict]) -> list[ev.EventBase] | str:
    """What the union of every type makes of a file's events: them, or the message of the first
    problem, as the store said it when it read files through `EVENT_LIST`."""
    from reviewtui.domain.values import field_and_message

    try:
        return ev.EVENT_LIST.validate_python(documents)
    except ValidationError as error:
        first = error.errors(include_url=False)[0]
        # (index, the type's tag, the field…): the tag named no field ("unknown.type" was said
        # of an event with no type, before each type's model read its own events).
        index, first["loc"] = first["loc"][0], first["loc"][2:]
        return "event {}: {}: {}".format(int(index) + 1, *field_and_message(first))


def _store_reading(documents: list[dict]) -> list[ev.EventBase] | str:
    from reviewtui.store.session_file import Invalid, _validated

    try:
        return _validated(documents, clean=True)
    except Invalid as problem:
        return str(problem)


def test_a_file_is_read_by_its_types_models_exactly_as_by_the_union_of_every_type() -> None:
    """The store builds only the models of the types a file holds (issue 18); the union stays the
    definition: same events from every demo session, same first problem from a broken event."""
    import json
    from pathlib import Path

    for path in sorted((Path(__file__).parents[1] / "sessions").glob("*.json")):
        documents = sorted(json.loads(path.read_text())["events"].values(), key=lambda d: d["seq"])
        assert _store_reading(documents) == _union_reading(documents), path.name
    good = {
        "seq": 1,
        "at": "2026-10-07T08:00:00Z",
        "actor": "Maya",
        "type": "kpi.measured",
        "data": {"id": "k1", "value": 3},
    }
    broken = [
        {**good, "data": {"id": "k1", "value": "lots"}},
        {**good, "data": {"value": 3}},
        {**good, "at": "yesterday"},
        {**good, "seq": 0},
        {**good, "type": "kpi.teleported", "data": {"anything": [1, 2]}},
        {**good, "type": "session.closed", "data": {}},
        {**good, "type": "vote.cast", "data": {"target_id": ""}},
        {k: v for k, v in good.items() if k != "type"},
        {**good, "actor": "   "},
    ]
    for document in broken:
        assert _store_reading([good, document]) == _union_reading([good, document]), document

"""git's merge driver for session files: two hosts that each appended events to one session merge
without a conflict. Both sides' new events are kept once each, in time order after the common
ancestor's, numbered on from it; what an event says of another by its number (an undo, a reading
corrected or removed) is renumbered with it; the result must read as a session.

What it cannot decide is left to a person (a non-zero exit; git keeps its conflict): different
session documents, a side that rewrote the shared history, one id given to two different new
items, a result that does not read as a session."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reviewtui.store.atomic import write_atomically
from reviewtui.store.layout import render
from reviewtui.store.session_file import Invalid, parse_tables

_SEQ_FIELDS = {"change.reverted": "seqs", "reading.corrected": "seq", "reading.removed": "seq"}
"""The event types that name other events by their number, and the field that does."""
_ADDS = frozenset({"objective.added", "kpi.added", "answer.recorded", "action.added", "decision.recorded"})


class Unmergeable(Exception):
    """Why the two sides cannot be merged by a program: said to the person who will."""


@dataclass(frozen=True)
class _Side:
    tables: dict[str, Any]
    events: list[dict[str, Any]]


def merge_files(ancestor: Path, ours: Path, theirs: Path) -> None:
    """git's `%O %A %B`: the merged session is written to `ours` (%A). Unmergeable says why not."""
    merged = merge(_read(ancestor, "the common ancestor"), _read(ours, "ours"), _read(theirs, "theirs"))
    session = next(iter(merged["session"].values()))
    try:
        parse_tables(merged, str(session.get("id")))  # every check a read makes
    except Invalid as problem:
        raise Unmergeable(f"the merged session would not read: {problem}") from None
    write_atomically(ours, render(merged))


def merge(base: Mapping[str, Any], ours: Mapping[str, Any], theirs: Mapping[str, Any]) -> dict[str, Any]:
    """The decoded files merged (see the module's docstring)."""
    o, a, b = _side(base, "the common ancestor"), _side(ours, "ours"), _side(theirs, "theirs")
    if not (o.tables.get("session") == a.tables.get("session") == b.tables.get("session")):
        raise Unmergeable("the session document differs between the sides (title, facilitator, series…)")
    shared = len(o.events)
    for name, each in (("ours", a), ("theirs", b)):
        if each.events[:shared] != o.events:
            raise Unmergeable(f"{name} changed events the other side has too: only appended events merge")
    new_a, new_b = a.events[shared:], b.events[shared:]
    _check_ids(new_a, new_b)
    # Each new event once (the same event on both sides: merged before), in time order; ours
    # first at the same moment. Python's sort is stable.
    tagged = [("a", e) for e in new_a] + [("b", e) for e in new_b if not _same_as_any(e, new_a)]
    tagged.sort(key=lambda item: str(item[1].get("at", "")))
    renumber: dict[str, dict[int, int]] = {"a": {}, "b": {}}
    for offset, (tag, event) in enumerate(tagged, start=shared + 1):
        renumber[tag][event["seq"]] = offset
    for event in new_a:
        if _same_as_any(event, new_b):  # theirs' copy of it answers to the same number
            twin = next(e for e in new_b if _same(e, event))
            renumber["b"][twin["seq"]] = renumber["a"][event["seq"]]
    events: dict[str, Any] = {str(i + 1): event for i, event in enumerate(o.events)}
    for offset, (tag, event) in enumerate(tagged, start=shared + 1):
        events[str(offset)] = _renumbered(event, offset, renumber[tag])
    return {**{k: v for k, v in a.tables.items() if k != "events"}, "events": events}


def _read(path: Path, name: str) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8")) if path.stat().st_size else {}
    except (OSError, ValueError) as error:
        raise Unmergeable(f"{name} ({path}) is not a session file: {error}") from None
    if not isinstance(data, dict):
        raise Unmergeable(f"{name} ({path}) is not a session file")
    return data


def _side(tables: Mapping[str, Any], name: str) -> _Side:
    events = tables.get("events", {})
    if not isinstance(events, dict):
        raise Unmergeable(f"{name}: its events are not a table")
    ordered = []
    for expected in range(1, len(events) + 1):
        event = events.get(str(expected))
        if not isinstance(event, dict) or event.get("seq") != expected:
            raise Unmergeable(f"{name}: event {expected} is missing or misnumbered")
        ordered.append(event)
    return _Side(dict(tables), ordered)


def _same(one: Mapping[str, Any], other: Mapping[str, Any]) -> bool:
    """The same event, whatever its number: written once, then found on both sides."""
    return {k: v for k, v in one.items() if k != "seq"} == {k: v for k, v in other.items() if k != "seq"}


def _same_as_any(event: Mapping[str, Any], events: list[dict[str, Any]]) -> bool:
    return any(_same(event, other) for other in events)


def _check_ids(new_a: list[dict[str, Any]], new_b: list[dict[str, Any]]) -> None:
    """Both sides added an item under one id (each host numbered on from the same last id)."""
    added_a = {_item(e): e for e in new_a if e.get("type") in _ADDS}
    for event in new_b:
        if event.get("type") in _ADDS and _item(event) in added_a and not _same(event, added_a[_item(event)]):
            kind = str(event.get("type")).split(".")[0]
            ours, theirs = _words(added_a[_item(event)]), _words(event)
            raise Unmergeable(
                f"both sides added a different {kind} under one number ({ours} on ours, {theirs} on theirs): "
                "a person has to say which is which"
            )


def _words(event: Mapping[str, Any]) -> str:
    """An added item by its words, as people know it (never its id)."""
    data = event.get("data")
    found = data if isinstance(data, dict) else {}
    words = next((str(found[k]) for k in ("text", "statement", "name") if isinstance(found.get(k), str)), "")
    words = " ".join(words.split())
    return f"“{words if len(words) <= 40 else words[:39] + '…'}”"


def _item(event: Mapping[str, Any]) -> tuple[str, str]:
    data = event.get("data")
    return str(event.get("type")), str(data.get("id") if isinstance(data, dict) else None)


def _renumbered(event: dict[str, Any], seq: int, numbers: dict[int, int]) -> dict[str, Any]:
    """The event at its new number, and the numbers it names of its own side's new events too."""
    copy = {**event, "seq": seq}
    field = _SEQ_FIELDS.get(str(event.get("type")))
    data = event.get("data")
    if field and isinstance(data, dict) and field in data:
        named = data[field]
        if isinstance(named, list):
            copy["data"] = {**data, field: [numbers.get(n, n) if isinstance(n, int) else n for n in named]}
        elif isinstance(named, int):
            copy["data"] = {**data, field: numbers.get(named, named)}
    return copy

"""The canonical text of a session file, and appending to it without re-encoding what is there.

The layout is what `json.dumps(tables, indent=2, sort_keys=True)` writes, except that documents
of a table follow in numeric id order (1, 2, ... 10), so new events land at the end of the
`events` table and a `git diff` of two revisions shows only the added events. Re-encoding a
5,000-event file with the standard library's indenting encoder takes ~60 ms; splicing the new
events into the text already on disk takes well under one.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

Tables = Mapping[str, Mapping[str, Any]]
_OPEN = "{\n"
_CLOSE = "\n}\n"
_EVENTS = "events"


def _sort_key(doc_id: str) -> tuple[int, int | str]:
    return (0, int(doc_id)) if doc_id.isascii() and doc_id.isdigit() else (1, doc_id)


def render_entry(doc_id: str, document: Any) -> str:
    """One document of a table, indented as it sits inside the file (four spaces)."""
    body = json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False)
    # Newlines in string values are escaped by json.dumps, so every newline here is layout.
    return f"    {json.dumps(doc_id)}: " + body.replace("\n", "\n    ")


def render_table(name: str, table: Mapping[str, Any]) -> str:
    if not table:
        return f"  {json.dumps(name)}: {{}}"
    entries = ",\n".join(render_entry(doc_id, table[doc_id]) for doc_id in sorted(table, key=_sort_key))
    return f"  {json.dumps(name)}: {{\n{entries}\n  }}"


def render(tables: Tables) -> str:
    """The whole file."""
    return _OPEN + ",\n".join(render_table(name, tables[name]) for name in sorted(tables)) + _CLOSE


def _tail(tables: Tables) -> str:
    """Everything after the last event's closing brace, in canonical form."""
    later = [render_table(name, tables[name]) for name in sorted(tables) if name > _EVENTS]
    return "\n  }" + "".join(",\n" + table for table in later) + _CLOSE


def append_events(old_text: str, old: Tables, new: Tables) -> str | None:
    """`new` rendered by splicing its extra events into `old_text`, or None when that is not safe.

    Safe means: `new` differs from `old` only by events added with higher ids, and `old_text` is
    in the canonical layout where it matters (it starts with the events table and ends with the
    canonical tail). Anything else (a hand-formatted file, an edited document) gets None, and
    the caller renders the whole file.
    """
    old_events, new_events = old.get(_EVENTS) or {}, new.get(_EVENTS) or {}
    if not old_events or set(old) != set(new):
        return None
    if any(new[name] != old[name] for name in new if name != _EVENTS):
        return None
    if len(new_events) <= len(old_events) or any(doc_id not in new_events for doc_id in old_events):
        return None
    tail = _tail(old)
    if not old_text.startswith(_OPEN + f'  "{_EVENTS}": {{\n') or not old_text.endswith(tail):
        return None
    head = old_text[: len(old_text) - len(tail)]
    if not head.endswith("\n    }"):
        return None
    last_old = max((_sort_key(doc_id) for doc_id in old_events), default=(0, 0))
    added = sorted((doc_id for doc_id in new_events if doc_id not in old_events), key=_sort_key)
    if not all(_sort_key(doc_id) > last_old for doc_id in added):
        return None
    # Old documents must be unchanged: TinyDB hands back the same objects it read, so this is
    # an identity check for the common case and a deep compare only for the rest.
    for doc_id, document in old_events.items():
        other = new_events[doc_id]
        if other is not document and other != document:
            return None
    entries = ",\n".join(render_entry(doc_id, new_events[doc_id]) for doc_id in added)
    return f"{head},\n{entries}{tail}"

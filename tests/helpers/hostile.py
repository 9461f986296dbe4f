"""Hostile text for the tests: terminal escape sequences in every field a session file can hold."""

from __future__ import annotations

import base64
import hashlib
import json
from pathlib import Path

from reviewtui.application.sessions import create_session
from reviewtui.domain import changes, meeting
from reviewtui.store import SessionStore

CLIP = base64.b64encode(b"PWNED-CLIP").decode()
PAYLOAD = (
    "\x1b]0;PWNED-TITLE\x07"  # OSC 0: retitle the terminal
    f"\x1b]52;c;{CLIP}\x07"  # OSC 52: write the clipboard
    "\x1b[8;5;5t"  # CSI: resize the window (xterm)
    "\x9b8;5;5t"  # the same with the one-byte C1 CSI
    "\u202eXYZ\u2066"  # bidi: right-to-left override, an isolate
    "\x7f\x0d"  # DEL, carriage return
)
"""Every kind of control issue 14 names, each in a form no part of reviewtui (nor Textual) ever
writes on its own: if any of FORBIDDEN reaches a terminal, it came from user text."""

FORBIDDEN = (
    b"\x1b]0;PWNED",
    f"\x1b]52;c;{CLIP}".encode(),
    b"\x1b[8;5;5t",
    "\x9b".encode(),
    "\u202e".encode(),
    "\u2066".encode(),
    b"\x7f",
)


def leaks(raw: bytes) -> list[bytes]:
    """The forbidden sequences found in what a terminal (or a pipe) received."""
    return [sequence for sequence in FORBIDDEN if sequence in raw]


MARK = "§"
"""Stands for PAYLOAD while the session is built through the store (which refuses controls)."""


def hostile_session(sessions: Path, title: str = "Hostile review") -> str:
    """A session written by someone else's hand: PAYLOAD in every text of every entity, the actor
    of every event included. Built through the store with MARK, then MARK replaced in the file."""
    store = SessionStore(sessions)
    who = f"Maya{MARK}"
    log = create_session(
        store,
        f"{title} {MARK}",
        facilitator=who,
        series=f"Series {MARK}",
        participants=[f"Tom{MARK}"],
        template="partner-review",
        parameters={"deadline": "2026-12-31", "budget": "40000 EUR"},
    )
    session_id = log.info.id
    steps = [
        lambda r: changes.add_objective(r, f"Grow retention {MARK}", f"Because {MARK}"),
        lambda r: changes.add_kpi(r, f"Retention {MARK}", baseline=30, target=40, unit=f"% {MARK}", objective="o1"),
        lambda r: changes.record_reading(r, "k1", 35, note=f"cohort {MARK}", source=f"dash {MARK}"),
        lambda r: changes.record_answer(
            r, f"What changed? {MARK}", f"Churn fell {MARK}", objective="o1", by=f"Tom{MARK}"
        ),
        lambda r: changes.add_action(r, f"Call Acme {MARK}", owner=f"Tom{MARK}", due="2026-12-01", kpi="k1"),
        lambda r: changes.record_decision(r, f"Keep pricing {MARK}", rationale=f"Data {MARK}", owner=f"Ana{MARK}"),
        lambda r: changes.add_note(r, f"Note {MARK}"),
        lambda r: meeting.hand_seat(r, f"Tom{MARK}"),
    ]
    for step in steps:
        store.append(session_id, who, step)
    path = sessions / f"{session_id}.json"
    text = path.read_text(encoding="utf-8")
    escaped = json.dumps(PAYLOAD)[1:-1]  # as JSON writes it inside a string
    text = text.replace(MARK, escaped)
    # An event of a type no version knows, its type name hostile too.
    document = json.loads(text)
    events = document["events"]
    seq = len(events) + 1
    events[str(seq)] = {
        "seq": seq,
        "at": "2026-10-07T09:30:00.000Z",
        "actor": f"Eve{PAYLOAD}",
        "type": f"evil{PAYLOAD}",
        "data": {"text": PAYLOAD},
    }
    path.write_text(json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False), encoding="utf-8")
    return session_id


def fingerprint(path: Path) -> tuple[str, int]:
    """What must not change about a file reviewtui was only to read: its bytes and its mtime."""
    status = path.lstat()
    data = path.read_bytes() if path.is_file() and not path.is_symlink() else b""
    return hashlib.sha256(data).hexdigest(), status.st_mtime_ns

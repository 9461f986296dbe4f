"""Checking what a session file holds: schema, session document, and a contiguous, valid event log."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any

from pydantic import ValidationError

from reviewtui.domain.events import Event, event_model
from reviewtui.domain.fold import advance, fold, reverts
from reviewtui.domain.review import Review
from reviewtui.domain.safe_text import visible_data
from reviewtui.domain.session import SCHEMA, SessionInfo
from reviewtui.domain.values import describe, field_and_message

READ_LIMIT = 20_000
"""Characters of one text a session shows (longer text in a file is cut, with an ellipsis):
a 5 MB name hand-written into a file must not stall every screen that draws it."""


class Invalid(Exception):
    """Why a file's content cannot be used; the store adds the path."""


@dataclass(frozen=True)
class SessionLog:
    """A session as read from disk: its document and its events, in seq order."""

    info: SessionInfo
    events: tuple[Event, ...]
    documents: tuple[dict[str, Any], ...]
    """The events exactly as on disk (unknown types and fields included), for export and writing."""

    @property
    def last_seq(self) -> int:
        return len(self.events)

    @cached_property
    def review(self) -> Review:
        """The fold over the whole log, computed once per log. Treat it as read-only."""
        return fold(self.info, self.events)

    def extended(self, events: list[Event], documents: list[dict[str, Any]]) -> SessionLog:
        """This log with `events` appended. If this log's review was folded already, the new
        one's is that review folded on (not the whole log again: live meetings extend often)."""
        log = SessionLog(self.info, self.events + tuple(events), self.documents + tuple(documents))
        if "review" in self.__dict__ and not reverts(events):  # an undo changes the past: folded afresh
            log.__dict__["review"] = advance(self.__dict__["review"], events)
        return log

    def event(self, seq: int) -> Event | None:
        """Event `seq`, if the log has it (seqs run 1, 2, 3… without gaps)."""
        return self.events[seq - 1] if 0 < seq <= len(self.events) else None

    def review_at(self, seq: int | None) -> Review:
        """The review as of event `seq` (all events for None)."""
        if seq is None or seq >= self.last_seq:
            return self.review
        return fold(self.info, self.events[: max(seq, 0)])


def parse_tables(tables: Any, expected_id: str, known: SessionLog | None = None, clean: bool = True) -> SessionLog:
    """Validate the decoded JSON of a session file; raise Invalid with a reason a person can act on.

    With `known` (what this file held when last read), a file that only gained events is read by
    validating the new events alone: a live meeting re-reads the file at every change. Unless
    `clean` (nothing in the text can decode to a control character, nor is too long to show), the
    review is built from a copy whose text is drawn visibly (domain.safe_text); the documents
    kept for writing and export stay exactly as in the file."""
    if not isinstance(tables, dict):
        raise Invalid("not a TinyDB file (the top level is not a JSON object)")
    session_table = tables.get("session")
    if not isinstance(session_table, dict) or len(session_table) != 1:
        raise Invalid("table 'session' must hold exactly one document")
    session_doc = next(iter(session_table.values()))
    if not isinstance(session_doc, dict):
        raise Invalid("the session document is not a JSON object")
    schema = session_doc.get("schema")
    if schema != SCHEMA:
        if isinstance(schema, int) and not isinstance(schema, bool) and schema > SCHEMA:
            raise Invalid(f"schema {schema} is newer than this reviewtui reads ({SCHEMA}); upgrade reviewtui")
        raise Invalid(f"schema {schema!r} is not a reviewtui session schema (expected {SCHEMA})")
    try:
        info = SessionInfo.model_validate(session_doc if clean else visible_data(session_doc, READ_LIMIT))
    except ValidationError as error:
        raise Invalid(describe(error, prefix="session.")) from None
    if info.id != expected_id:
        raise Invalid(f"the session inside is {info.id!r} but the file is named {expected_id!r}.json")
    documents = _event_documents(tables.get("events", {}))
    seen = len(known.documents) if known is not None else 0
    if (
        known is not None
        and known.info == info
        and seen <= len(documents)
        and tuple(documents[:seen]) == known.documents
    ):
        return known.extended(_validated(documents[seen:], clean, first_seq=seen + 1), documents[seen:])
    return SessionLog(info, tuple(_validated(documents, clean)), tuple(documents))


def _validated(documents: list[dict[str, Any]], clean: bool, first_seq: int = 1) -> list[Event]:
    """Each event checked by its own type's model (an unknown type as UnknownEvent), as the union
    `EVENT` would: a model is built the first time a file holds its type, so a first read does not
    pay for every type there is (~9 ms and 1 MiB less for a typical file)."""
    shown = documents if clean else visible_data(documents, READ_LIMIT)
    events: list[Event] = []
    for offset, document in enumerate(shown):
        try:
            events.append(event_model(document.get("type")).model_validate(document))
        except ValidationError as error:
            first = error.errors(include_url=False)[0]
            raise Invalid("event {}: {}: {}".format(offset + first_seq, *field_and_message(first))) from None
    return events


def _event_documents(events_table: Any) -> list[dict[str, Any]]:
    if not isinstance(events_table, dict):
        raise Invalid("table 'events' is not a JSON object")
    ordered: list[dict[str, Any]] = []
    for expected, doc_id in enumerate(sorted(events_table, key=_numeric), start=1):
        document = events_table[doc_id]
        if not _is_number(doc_id) or not isinstance(document, dict):
            raise Invalid(f"events: document {doc_id!r} is not an event")
        seq = document.get("seq")
        if seq != int(doc_id):
            raise Invalid(f"events: document {doc_id} has seq {seq!r}; seq must equal the document id")
        if seq != expected:
            raise Invalid(f"events: seq jumps from {expected - 1} to {seq}; events are missing")
        ordered.append(document)
    return ordered


def _is_number(doc_id: str) -> bool:
    # ASCII only: "²" and "١" are digits to str.isdigit(), and int() refuses the first.
    return doc_id.isascii() and doc_id.isdigit() and len(doc_id) < 19


def _numeric(doc_id: str) -> tuple[int, int | str]:
    return (0, int(doc_id)) if _is_number(doc_id) else (1, doc_id)

"""SessionStore: create, read, append to and list the session files of one folder.

Every write takes the session's write lock, reads the file afresh through a new TinyDB, appends
events numbered from the last seq on disk, and replaces the file atomically. A file that does
not parse or validate is reported (path and reason) and never written to.
"""

from __future__ import annotations

import builtins
import secrets
import string
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError
from tinydb import TinyDB
from tinydb.table import Document

from reviewtui.domain.basics import format_instant
from reviewtui.domain.errors import InvalidInput
from reviewtui.domain.events import Event, Pending, event_model
from reviewtui.domain.fold import fold, fold_into, reverts
from reviewtui.domain.ids import make_session_id
from reviewtui.domain.review import Review
from reviewtui.domain.session import SessionInfo
from reviewtui.domain.typed import check_input
from reviewtui.domain.values import describe, invalid_input
from reviewtui.store.atomic import write_atomically
from reviewtui.store.errors import SessionNotFound, SessionsDirMissing, SessionUnreadable, StoreError
from reviewtui.store.locks import write_lock
from reviewtui.store.paths import export_refusal, session_path
from reviewtui.store.session_file import Invalid, SessionLog, parse_tables
from reviewtui.store.storage import FileText, SessionStorage

if TYPE_CHECKING:
    from reviewtui.domain.summary import SessionSummary
    from reviewtui.store.index import Listing

Clock = Callable[[], datetime]
Change = Pending | Iterable[Pending] | Callable[[Review], "Pending | Iterable[Pending]"]
"""What to append: events, or a function of the freshly read review that returns them."""
Actor = Callable[[Review, list[Pending]], str]
"""Who is recorded for a change, decided under the write lock from the fresh review."""

_SUFFIX_ALPHABET = string.ascii_lowercase + string.digits
_REMEMBERED_SESSIONS = 8


def utc_now() -> datetime:
    return datetime.now(UTC)


class SessionStore:
    def __init__(
        self,
        root: Path | str,
        *,
        clock: Clock = utc_now,
        cache_dir: Path | None = None,
        lock_timeout: float = 10.0,
        use_index: bool = True,
    ) -> None:
        self.root = Path(root)
        self._clock = clock
        self._lock_timeout = lock_timeout
        self._cache_dir = cache_dir
        self._use_index = use_index
        # What was last seen of a few sessions: a read that finds the same text again skips
        # decoding and checking it. Listings do not fill it: they may read thousands of files.
        self._seen: OrderedDict[str, _Seen] = OrderedDict()

    # ------------------------------------------------------------------------------ reading

    def now(self) -> datetime:
        """The store's clock: when a session is created, and the time stamped on each event."""
        return self._clock()

    def path(self, session_id: str) -> Path:
        """The session's file; raises InvalidInput for anything that is not a session id."""
        return session_path(self.root, session_id)

    def exists(self, session_id: str) -> bool:
        return self.path(session_id).is_file()

    def load(self, session_id: str) -> SessionLog:
        path = self.path(session_id)
        with TinyDB(path, storage=SessionStorage, known=self._known(session_id)) as db:
            return self._parse(db.storage, session_id)

    def write_export(self, target: Path, text: str) -> None:
        """Write an export to a file a person named. InvalidInput("file", …) says why it cannot be.

        Only a regular file is ever written, and only by replacing it whole: a device, FIFO,
        socket or folder is refused, a symbolic link is never followed (nor replaced), and
        nothing in the sessions folder that reviewtui keeps (a *.json, `.reviewtui/`) is touched."""
        refusal = export_refusal(target, self.root)
        if refusal:
            raise InvalidInput("file", refusal)
        with _os_errors_said(target):
            write_atomically(target, text)

    def list(self) -> Listing:
        from reviewtui.store import index  # listing is not on the way to a session's first frame

        return index.list_folder(self.root, self.summarize, self._cache_dir, use_index=self._use_index)

    def summarize(self, session_id: str) -> SessionSummary:
        """The listing line of a session, read afresh (not kept among the sessions seen)."""
        from reviewtui.domain.summary import summarize

        with TinyDB(self.path(session_id), storage=SessionStorage) as db:
            return summarize(self._parse(db.storage, session_id, remember=False).review)

    def _known(self, session_id: str) -> FileText | None:
        seen = self._seen.get(session_id)
        return seen.text if seen else None

    def _parse(self, storage: SessionStorage, session_id: str, remember: bool = True) -> SessionLog:
        path = storage.path
        try:
            tables = storage.read()
        except Invalid as problem:
            raise SessionUnreadable(path, str(problem)) from None
        except IsADirectoryError:
            raise SessionUnreadable(path, "is a folder, not a session file") from None
        except OSError as error:  # permission denied, an I/O error
            raise SessionUnreadable(path, f"cannot be read: {error.strerror or error}") from None
        if tables is None:
            if not self.root.is_dir():
                raise SessionsDirMissing(self.root)
            raise SessionNotFound(self.root, session_id)
        current = storage.current
        assert current is not None
        seen = self._seen.get(session_id)
        if seen and seen.text is current:
            return seen.log  # same text as last time: already checked
        try:
            log = parse_tables(tables, session_id, known=seen.log if seen else None, clean=current.clean)
        except Invalid as problem:
            raise SessionUnreadable(path, str(problem)) from None
        if remember:
            self._remember(session_id, _Seen(current, log))
        return log

    def _remember(self, session_id: str, seen: _Seen) -> None:
        self._seen[session_id] = seen
        self._seen.move_to_end(session_id)
        while len(self._seen) > _REMEMBERED_SESSIONS:
            self._seen.popitem(last=False)

    # ------------------------------------------------------------------------------ writing

    def append(self, session_id: str, actor: str | Actor, change: Change) -> builtins.list[Event]:
        """Append events as `actor`; returns them numbered and dated. Nothing is written on error.

        `actor` may be a function of the fresh review and the events, for a name that depends on
        the state under the lock (a contribution to a phase made anonymous a moment ago)."""
        path = self.path(session_id)
        with (
            _os_errors_said(path),
            write_lock(self.root, session_id, self._lock_timeout),
            TinyDB(path, storage=SessionStorage, known=self._known(session_id)) as db,
        ):
            log = self._parse(db.storage, session_id)
            working = self._working_review(session_id, log)
            built = change(working) if callable(change) else change
            pendings = [built] if isinstance(built, Pending) else list(built)
            if not pendings:
                return []
            who = actor(working, pendings) if callable(actor) else actor
            last = log.events[-1] if log.events else None
            documents = self._stamp(
                pendings, log.last_seq + 1, who, after=last.at if last and last.actor == who else None
            )
            events = _validated(documents)
            db.table("events").insert_multiple(Document(doc, doc_id=doc["seq"]) for doc in documents)
            written = db.storage.current
            assert written is not None
            folded: Review | None = None  # an undo changes what came before it: the next write folds afresh
            if not reverts(events):
                fold_into(working, events)
                folded = working
            self._remember(session_id, _Seen(written, log.extended(events, documents), folded))
        return events

    def create(
        self,
        fields: dict[str, Any],
        events: builtins.list[Pending],
        *,
        actor: str | None = None,
        session_id: str | None = None,
    ) -> SessionLog:
        """A new session file: the session document (`fields`: title, template, created_at,
        facilitator, series) and its opening events, written as `actor` (default: the
        facilitator). The id is made from the date and title with a random suffix, unless
        `session_id` is given (demo data and tests), in which case it must be free."""
        try:
            SessionInfo.model_validate({**fields, "id": "x"})
        except ValidationError as error:
            raise invalid_input(error) from None
        check_input({key: value for key, value in fields.items() if isinstance(value, str)})  # never written otherwise
        with _os_errors_said(self.root):
            self.root.mkdir(parents=True, exist_ok=True)
            return self._create_file(session_id, fields, events, fields["created_at"], actor)

    def _create_file(
        self,
        session_id: str | None,
        fields: dict[str, Any],
        pendings: builtins.list[Pending],
        created_at: datetime,
        actor: str | None,
    ) -> SessionLog:
        for _ in range(20):
            suffix = "".join(secrets.choice(_SUFFIX_ALPHABET) for _ in range(4))
            # The date a person would write on the minutes: their local date.
            new_id = session_id or make_session_id(fields["title"], created_at.astimezone().date(), suffix)
            info = SessionInfo.model_validate({**fields, "id": new_id})
            with write_lock(self.root, new_id, self._lock_timeout):
                path = self.path(new_id)
                if path.exists():
                    if session_id:
                        raise StoreError(f"{path} already exists")
                    continue
                documents = self._stamp(pendings, 1, actor or info.facilitator, at=created_at)
                tables = {
                    "events": {str(doc["seq"]): doc for doc in _checked(documents)},
                    "session": {"1": info.document()},
                }
                with TinyDB(path, storage=SessionStorage) as db:
                    db.storage.write(tables)
            return self.load(new_id)
        raise StoreError(f"could not find a free session id in {self.root}; try again")

    def _working_review(self, session_id: str, log: SessionLog) -> Review:
        """The review the write path builds changes on: carried from the last write when the file
        is as that write left it, else folded afresh. Private: the fold changes it in place."""
        seen = self._seen.get(session_id)
        if seen is not None and seen.log is log and seen.working is not None:
            return seen.working
        return fold(log.info, log.events)

    def _stamp(
        self,
        pendings: builtins.list[Pending],
        first_seq: int,
        actor: str,
        at: datetime | None = None,
        after: datetime | None = None,
    ) -> builtins.list[dict[str, Any]]:
        """The events of one write, all stamped with one instant: later than `after` (this person's
        last event), by a millisecond if need be, so that each write of theirs has an instant of
        its own (an undo takes back one write: the events of one person at one instant)."""
        if not actor.strip():
            raise InvalidInput("as", "the name recorded with each change must not be empty")
        moment = at or self._clock()
        moment = moment.replace(microsecond=moment.microsecond // 1000 * 1000)  # as written: milliseconds
        if after is not None and moment <= after:
            moment = after + timedelta(milliseconds=1)
        stamp = format_instant(moment)
        return [
            {"seq": seq, "at": stamp, "actor": actor.strip(), "type": p.type, "data": p.data_document()}
            for seq, p in enumerate(pendings, start=first_seq)
        ]


@contextmanager
def _os_errors_said(path: Path) -> Iterator[None]:
    """A full disk, a read-only folder, a file owned by someone else: a sentence, not a traceback."""
    try:
        yield
    except OSError as error:
        reason = error.strerror or str(error)
        where = error.filename or path
        raise StoreError(f"could not write {where}: {reason}; nothing was saved") from None


@dataclass
class _Seen:
    text: FileText
    log: SessionLog
    working: Review | None = None
    """The write path's own review of `log`; never handed out, since appends change it."""


def _validated(documents: list[dict[str, Any]]) -> list[Event]:
    """Never write what could not be read back, nor text that could act on a terminal."""
    for document in documents:
        check_input(document["actor"], "as")
        check_input(document["data"])
    try:
        return [event_model(document["type"]).model_validate(document) for document in documents]
    except ValidationError as error:
        raise InvalidInput("event", describe(error)) from None


def _checked(documents: list[dict[str, Any]]) -> list[dict[str, Any]]:
    _validated(documents)
    return documents

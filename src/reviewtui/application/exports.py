"""Taking a session away: its text in one of the registered formats, and writing it to a file."""

from __future__ import annotations

from pathlib import Path

from reviewtui.application.series import earlier_reviews
from reviewtui.domain.errors import InvalidInput
from reviewtui.domain.export import DEFAULT_FORMAT, FORMATS, ExportFormat
from reviewtui.domain.series import Threads
from reviewtui.store import SessionLog, SessionStore

__all__ = ["DEFAULT_FORMAT", "export_format", "export_text", "write_export"]


def export_format(name: str) -> ExportFormat:
    """The format called `name`; InvalidInput listing the formats there are, for any other."""
    found = FORMATS.get(name)
    if found is None:
        raise InvalidInput("format", f"{name!r} is not a format (formats: {', '.join(FORMATS)})")
    return found


def export_text(store: SessionStore, log: SessionLog, name: str, at_seq: int | None = None) -> str:
    """The session as of event `at_seq` (all of it for None) in the format called `name`. A format
    that shows history or looks back reads the series up to this session (the listing), with the
    session as of that event as its last (see ExportFormat.uses_history and uses_series)."""
    fmt = export_format(name)
    review = log.review_at(at_seq)
    looks_back = fmt.uses_history or (fmt.uses_series and log.info.series_key is not None)
    threads = Threads([*earlier_reviews(store, log.info.id), review]) if looks_back else None
    return fmt.render(review, log.documents, log.last_seq, threads)


def write_export(store: SessionStore, target: Path, text: str) -> None:
    """Write an export to a file a person named: only a regular file, never through a link, never
    one reviewtui keeps (store.SessionStore.write_export says why not, as InvalidInput)."""
    store.write_export(target, text)

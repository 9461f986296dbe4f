"""A TinyDB Storage for session files: one read per instance, atomic writes, appends spliced in.

TinyDB's own JSONStorage writes the file in place (a kill mid-write leaves half a file) and
CachingMiddleware never sees other processes' writes, so session files use this instead, with
a fresh instance (a fresh TinyDB) for every operation.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tinydb.storages import Storage

from reviewtui.store.atomic import write_atomically
from reviewtui.store.layout import append_events, render
from reviewtui.store.session_file import Invalid


@dataclass(frozen=True)
class FileText:
    """A file's text and its decoded tables, kept to skip decoding when the text is unchanged."""

    text: str
    tables: dict[str, Any]


class SessionStorage(Storage):
    def __init__(self, path: str | Path, known: FileText | None = None) -> None:
        self.path = Path(path)
        self._known = known
        self.current: FileText | None = None
        """What the file held at the last read, or holds since the last write."""

    def read(self) -> dict[str, Any] | None:
        if self.current is None:
            try:
                data = self.path.read_bytes()
            except FileNotFoundError:
                return None
            self.current = self._decode(data)
        # TinyDB replaces table entries in the dict it reads: hand out a copy, so that
        # `self.current` stays what is on disk and `write` can see what was added.
        return dict(self.current.tables)

    def _decode(self, data: bytes) -> FileText:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as error:
            raise Invalid(f"not UTF-8 text (byte {error.start})") from None
        if self._known is not None and self._known.text == text:
            return self._known
        try:
            tables = json.loads(text)
        except json.JSONDecodeError as error:
            if not text.strip():
                raise Invalid("the file is empty") from None
            raise Invalid(f"not valid JSON (line {error.lineno}, column {error.colno}: {error.msg})") from None
        return FileText(text, tables)

    def write(self, data: dict[str, Any]) -> None:
        text = None
        if self.current is not None and isinstance(self.current.tables, dict):
            text = append_events(self.current.text, self.current.tables, data)
        if text is None:
            text = render(data)
        write_atomically(self.path, text)
        self.current = FileText(text, data)

    def close(self) -> None:
        pass

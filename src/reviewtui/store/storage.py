"""A TinyDB Storage for session files: one read per instance, atomic writes, appends spliced in.

TinyDB's own JSONStorage writes the file in place (a kill mid-write leaves half a file) and
CachingMiddleware never sees other processes' writes, so session files use this instead, with
a fresh instance (a fresh TinyDB) for every operation.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tinydb.storages import Storage

from reviewtui.domain.safe_text import UNSAFE_IN_JSON
from reviewtui.store.atomic import write_atomically
from reviewtui.store.errors import StoreError
from reviewtui.store.layout import append_events, render
from reviewtui.store.safe_read import MAX_SESSION_BYTES, NotAFile, read_capped
from reviewtui.store.session_file import READ_LIMIT, Invalid

_LONG_TEXT = re.compile(r'"(?:[^"\\]|\\.){' + str(READ_LIMIT) + "}")
"""A JSON string longer than a session shows (see session_file.READ_LIMIT)."""


@dataclass(frozen=True)
class FileText:
    """A file's text and its decoded tables, kept to skip decoding when the text is unchanged."""

    text: str
    tables: dict[str, Any]
    clean: bool = True
    """No string in it can hold a control character (see domain.safe_text): nothing to draw visibly."""


def _integer(digits: str) -> int | float:
    """A JSON integer; one too long for int() (Python caps it at 4,300 digits) is an infinity,
    which KPI math treats as no data, rather than the whole file being unreadable."""
    if len(digits) <= 400:
        return int(digits)
    return float("-inf") if digits.startswith("-") else float("inf")


class SessionStorage(Storage):
    def __init__(self, path: str | Path, known: FileText | None = None) -> None:
        self.path = Path(path)
        self._known = known
        self.current: FileText | None = None
        """What the file held at the last read, or holds since the last write."""

    def read(self) -> dict[str, Any] | None:
        if self.current is None:
            try:
                data = read_capped(self.path, MAX_SESSION_BYTES)
            except NotAFile as problem:
                raise Invalid(problem.reason) from None
            if data is None:
                return None
            self.current = self._decode(data)
        if not isinstance(self.current.tables, dict):  # `null`, a list, a number: not TinyDB's
            raise Invalid("not a TinyDB file (the top level is not a JSON object)")
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
            tables = json.loads(text, parse_int=_integer)
        except json.JSONDecodeError as error:
            if not text.strip():
                raise Invalid("the file is empty") from None
            raise Invalid(f"not valid JSON (line {error.lineno}, column {error.colno}: {error.msg})") from None
        except RecursionError:
            raise Invalid("is nested too deeply to be a session file") from None
        return FileText(text, tables, clean=UNSAFE_IN_JSON.search(text) is None and _LONG_TEXT.search(text) is None)

    def write(self, data: dict[str, Any]) -> None:
        if self.path.is_symlink():
            # Replacing the link with a file would quietly part the session from the file the
            # link's owner keeps (in another folder, another repository).
            raise StoreError(
                f"{self.path} is a symbolic link: reviewtui does not replace a link with a file, so "
                "nothing was saved (replace the link with the file it points to, to go on here)"
            )
        text = None
        if self.current is not None and isinstance(self.current.tables, dict):
            text = append_events(self.current.text, self.current.tables, data)
        if text is None:
            text = render(data)
        write_atomically(self.path, text)
        self.current = FileText(text, data, clean=self.current.clean if self.current else True)

    def close(self) -> None:
        pass

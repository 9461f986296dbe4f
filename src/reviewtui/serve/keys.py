"""Who may connect to `reviewtui serve`: an authorized_keys file, one key line per person.

A line is `[options] TYPE BASE64 [comment]`. The person's name is the `name="…"` option, else
the key's comment. The only other option is `observer` (watch only). OpenSSH's options
(`from=`, `command=`, `restrict`…) are refused rather than ignored: a line that says `from=`
and is served to everyone would quietly give more access than its author meant.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import asyncssh

from reviewtui.domain.errors import ReviewtuiError
from reviewtui.domain.names import ANONYMOUS, VOTER_PREFIX
from reviewtui.serve.log import say
from reviewtui.store.safe_read import NotAFile, read_capped

MAX_NAME = 40
_OPTION = re.compile(r'([A-Za-z][A-Za-z0-9_-]*)(?:="((?:[^"\\]|\\.)*)")?')


class KeysProblem(ReviewtuiError):
    """The authorized_keys file cannot be used; says which line and why."""


@dataclass(frozen=True)
class Member:
    name: str
    observer: bool
    fingerprint: str


def _split_options(text: str) -> tuple[dict[str, str | None], str]:
    """`name="Mary Ann",observer ssh-ed25519 AAAA… c` → ({'name': 'Mary Ann', 'observer': None}, rest)."""
    options: dict[str, str | None] = {}
    text = text.lstrip()
    position = 0
    while True:
        match = _OPTION.match(text, position)
        if not match:
            raise ValueError('the options before the key are not NAME or NAME="VALUE", separated by commas')
        value = match.group(2)
        options[match.group(1).lower()] = None if value is None else re.sub(r"\\(.)", r"\1", value)
        position = match.end()
        if text[position : position + 1] == ",":
            position += 1
        elif text[position : position + 1] in ("", " ", "\t"):
            return options, text[position:].strip()
        else:
            raise ValueError('the options before the key are not NAME or NAME="VALUE", separated by commas')


def _key_start(words: list[str]) -> int | None:
    """Index of the key type among the first words: OpenSSH's own test (does it parse as a key?)."""
    for index in range(min(2, len(words) - 1)):
        try:
            asyncssh.import_public_key(f"{words[index]} {words[index + 1]}")
            return index
        except (asyncssh.KeyImportError, ValueError):
            continue
    return None


def check_name(name: str) -> str:
    """The name as the room will show it, or ValueError saying what is wrong with it."""
    name = unicodedata.normalize("NFC", name.strip())
    if not name:
        raise ValueError('no name: add name="…" before the key, or a comment after it')
    if len(name) > MAX_NAME:
        raise ValueError(f"the name is longer than {MAX_NAME} characters")
    if any(unicodedata.category(char).startswith("C") for char in name):
        raise ValueError("the name holds a control character")
    # As domain.names.check_name, but regardless of case: "Anonymous" would read the same.
    if name.casefold() == ANONYMOUS or name.casefold().startswith(VOTER_PREFIX):
        raise ValueError(f"{name!r} is reserved for anonymous phases")
    return name


def parse_line(line: str) -> tuple[asyncssh.SSHKey, Member]:
    words = line.split()
    start = _key_start(words)
    if start is None:  # options first: they may hold quoted spaces, so split them off properly
        options, rest = _split_options(line)
        rest_words = rest.split()
        if _key_start(rest_words) != 0:
            raise ValueError("no public key found (expected TYPE BASE64, e.g. ssh-ed25519 AAAA…)")
        key_words, comment = rest_words[:2], " ".join(rest_words[2:])
    else:
        options, _ = _split_options(words[0]) if start == 1 else ({}, "")
        key_words, comment = words[start : start + 2], " ".join(words[start + 2 :])
    unknown = sorted(set(options) - {"name", "observer"})
    if unknown:
        raise ValueError(f'option {unknown[0]!r} is not one reviewtui serve reads (only name="…" and observer)')
    if "observer" in options and options["observer"] is not None:
        raise ValueError("observer takes no value")
    name = options.get("name")
    if "name" in options and name is None:
        raise ValueError('name needs a value: name="Alice"')
    key = asyncssh.import_public_key(" ".join(key_words))
    member = Member(check_name(name if name is not None else comment), "observer" in options, key.get_fingerprint())
    return key, member


_MAX_KEYS_BYTES = 1024 * 1024
"""An authorized_keys file larger than this is refused unread (a line is ~100 bytes)."""


def read_team(path: Path, strict: bool = True, data: bytes | None = None) -> dict[bytes, Member]:
    """Every key line of the file (or of `data`, its bytes read already), by public key bytes.

    `strict` (at start): KeysProblem naming the first bad line, so the operator fixes it before
    anyone is let in. Not strict (a re-read while serving): a bad line is skipped and logged,
    and every good line is used, so an edit that removes a key always takes effect."""
    try:
        text = (data if data is not None else _read_keys(path)).decode("utf-8")
    except UnicodeError as problem:
        raise KeysProblem(f"cannot read {path}: {problem}") from None
    members: dict[bytes, Member] = {}
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        try:
            key, member = parse_line(line)
            earlier = members.get(key.public_data)
            if earlier is not None and earlier != member:
                raise ValueError(f"this key is already {earlier.name!r}'s")
        except (ValueError, asyncssh.KeyImportError) as problem:
            if strict:
                raise KeysProblem(f"{path}, line {number}: {problem}") from None
            say(f"{path}, line {number}: {problem}; the line is skipped")
            continue
        members[key.public_data] = member
    return members


def _read_keys(path: Path) -> bytes:
    try:
        data = read_capped(path, _MAX_KEYS_BYTES)
    except NotAFile as problem:
        raise KeysProblem(f"{path} {problem.reason}") from None
    except OSError as problem:
        raise KeysProblem(f"cannot read {path}: {problem.strerror or problem}") from None
    if data is None:
        raise KeysProblem(
            f"no authorized_keys file at {path}: put one public key line per person in it "
            '(its comment, or name="…" before it, is their name), or pass --authorized-keys FILE'
        )
    return data


class TeamFile:
    """The authorized_keys file, read again at every sign-in: people are added, and removed,
    without a restart. (Read, not stat'ed: an edit of the same size within one tick of the
    file system's clock would look unchanged, and a removed key must never get in.)"""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._data: bytes | None = _read_keys(self.path)
        self.members = read_team(self.path, data=self._data)  # a bad file at start is an error: nobody could join

    def find(self, key: asyncssh.SSHKey) -> Member | None:
        try:
            data = _read_keys(self.path)  # a few KB: nothing next to the key exchange itself
        except KeysProblem as problem:
            if self._data is not None:  # said once, not at every sign-in
                # Gone or unreadable: no one is let in until it is back. Keeping the keys read
                # before would let a key in that its owner just removed.
                say(f"{problem}; no key is let in until it can be read")
            self._data, self.members = None, {}
            return None
        if data != self._data:
            self._data = data
            try:
                self.members = read_team(self.path, strict=False, data=data)
            except KeysProblem as problem:  # not UTF-8
                say(f"{problem}; no key is let in until it can be read")
                self.members = {}
        return self.members.get(key.public_data)

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

from reviewtui.domain.meeting import ANONYMOUS, VOTER_PREFIX
from reviewtui.errors import ReviewtuiError
from reviewtui.serve.log import say
from reviewtui.store.watch import FileWatch

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
        raise ValueError("no name: add name=\"…\" before the key, or a comment after it")
    if len(name) > MAX_NAME:
        raise ValueError(f"the name is longer than {MAX_NAME} characters")
    if any(unicodedata.category(char).startswith("C") for char in name):
        raise ValueError("the name holds a control character")
    # As domain.meeting.check_name, but regardless of case: "Anonymous" would read the same.
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
        raise ValueError(f"option {unknown[0]!r} is not one reviewtui serve reads (only name=\"…\" and observer)")
    if "observer" in options and options["observer"] is not None:
        raise ValueError("observer takes no value")
    name = options.get("name")
    if "name" in options and name is None:
        raise ValueError('name needs a value: name="Alice"')
    key = asyncssh.import_public_key(" ".join(key_words))
    member = Member(check_name(name if name is not None else comment), "observer" in options,
                    key.get_fingerprint())  # fmt: skip
    return key, member


def read_team(path: Path) -> dict[bytes, Member]:
    """Every key line of the file, by public key bytes, or KeysProblem naming the first bad line."""
    try:
        if Path(path).is_dir():
            raise KeysProblem(f"{path} is a folder, not an authorized_keys file")
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise KeysProblem(f"no authorized_keys file at {path}: put one public key line per person in it "
                          '(its comment, or name="…" before it, is their name), or pass --authorized-keys FILE') from None  # fmt: skip
    except (OSError, UnicodeError) as problem:
        raise KeysProblem(f"cannot read {path}: {getattr(problem, 'strerror', None) or problem}") from None
    members: dict[bytes, Member] = {}
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        try:
            key, member = parse_line(line)
        except (ValueError, asyncssh.KeyImportError) as problem:
            raise KeysProblem(f"{path}, line {number}: {problem}") from None
        earlier = members.get(key.public_data)
        if earlier is not None and earlier != member:
            raise KeysProblem(f"{path}, line {number}: this key is already {earlier.name!r}'s")
        members[key.public_data] = member
    return members


class TeamFile:
    """The authorized_keys file, read again whenever it changes: people are added without a restart."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._watch = FileWatch(self.path)
        self._watch.changed()
        self.members = read_team(self.path)  # a bad file at start is an error: nobody could join

    def find(self, key: asyncssh.SSHKey) -> Member | None:
        if self._watch.changed():
            try:
                self.members = read_team(self.path)
            except KeysProblem as problem:  # a half-saved edit must not lock everyone out
                say(f"{problem}; the keys read before are still used")
        return self.members.get(key.public_data)

"""Text that cannot act on a terminal: the one check for what people type, the one way to show the rest.

A C0 control (ESC starts every escape sequence), DEL, a C1 control (U+009B is a one-byte CSI on
many terminals) or a bidi override (text that reads differently from how it is stored) in a
title or a name would act on every terminal the text is drawn on: retitle it, write to the
clipboard (OSC 52), move the cursor. Typed text holding one is refused (domain.typed); text
that others wrote into a file is drawn visibly (`visible`), never raw, and the file is left as
it is. Tab and newline are text.
"""

from __future__ import annotations

import json
import re
import unicodedata
from typing import Any

_UNSAFE_CLASS = "\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069"
UNSAFE = re.compile(f"[{_UNSAFE_CLASS}]")
"""C0 controls but tab and newline, DEL, C1 controls, bidi embeddings, overrides and isolates."""

UNSAFE_IN_JSON = re.compile(
    r"\\(?:[bfr]|u00[01][0-9a-fA-F]|u007[fF]|u00[89][0-9a-fA-F]|u20(?:2[a-eA-E]|6[6-9]))" f"|[{_UNSAFE_CLASS}]"
)
"""Anything in a JSON text that may decode to an unsafe character (a few harmless escapes too:
`\\t` as `\\u0009`, a literal backslash before `b`). A file without a match needs no cleaning."""

_NAMES = {
    0x1B: "ESC",
    0x7F: "DEL",
    0x9B: "CSI",
    0x9D: "OSC",
    0x0D: "carriage return",
    0x08: "backspace",
    0x07: "bell",
    0x00: "NUL",
}


def _shown(match: re.Match[str]) -> str:
    code = ord(match[0])
    if code < 0x20:
        return chr(0x2400 + code)  # the control pictures: ␀ … ␛ … ␟
    if code == 0x7F:
        return "␡"
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def visible(text: str, limit: int | None = None) -> str:
    """`text` with each unsafe character drawn as a visible stand-in (ESC as ␛, U+009B as
    `\\x9b`, U+202E as `\\u202e`), and cut to `limit` characters with an ellipsis if longer.
    Safe to apply twice: the stand-ins are plain printable text."""
    if limit is not None and len(text) > limit:
        text = text[: max(limit - 1, 0)] + "…"
    if UNSAFE.search(text) is None:
        return text
    return UNSAFE.sub(_shown, text)


def visible_data(value: Any, limit: int | None = None) -> Any:
    """A copy of decoded JSON with every string (keys included) made `visible`."""
    if isinstance(value, str):
        return visible(value, limit)
    if isinstance(value, dict):
        return {visible(str(k)): visible_data(v, limit) for k, v in value.items()}
    if isinstance(value, list):
        return [visible_data(v, limit) for v in value]
    return value


def describe_character(char: str) -> str:
    """'ESC (U+001B)', 'RIGHT-TO-LEFT OVERRIDE (U+202E)': a character a person can look up."""
    code = ord(char)
    name = _NAMES.get(code) or unicodedata.name(char, "") or "a control character"
    return f"{name} (U+{code:04X})"


def unsafe_in(text: str) -> str | None:
    """The first unsafe character of `text`, described, or None if there is none."""
    found = UNSAFE.search(text)
    return describe_character(found[0]) if found else None


def json_text(value: Any, indent: int | None = None) -> str:
    """JSON that is safe on a terminal and in any tool: no NaN or Infinity (a ValueError, never
    written), and DEL, C1 controls and bidi controls as \\u escapes (json escapes C0 itself)."""
    text = json.dumps(value, indent=indent, ensure_ascii=False, allow_nan=False)
    return UNSAFE.sub(lambda found: f"\\u{ord(found[0]):04x}", text)

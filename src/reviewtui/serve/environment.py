"""The environment of each person's reviewtui: the server's own, with the client's terminal facts.

The client may set only what describes its terminal and language; never PATH, HOME or
anything that changes which code runs or which files are used.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

FROM_CLIENT = ("LANG", "LC_ALL", "LC_CTYPE", "LC_MESSAGES", "COLORTERM", "NO_COLOR", "REVIEWTUI_THEME")
# Facts about the server operator's own terminal, wrong for anyone else's. COLUMNS and LINES
# would even override the pty's size.
NOT_FROM_SERVER = (
    "TERM",
    "COLORTERM",
    "NO_COLOR",
    "COLUMNS",
    "LINES",
    "TERM_PROGRAM",
    "TERM_PROGRAM_VERSION",
    "TMUX",
    "TMUX_PANE",
    "STY",
    "WINDOWID",
    "DISPLAY",
    "VTE_VERSION",
)
_TERM = re.compile(r"[A-Za-z0-9][A-Za-z0-9.+_-]{0,63}")
DEFAULT_TERM = "xterm-256color"


def _printable(value: str) -> bool:
    return len(value) <= 256 and value.isprintable()


def child_environment(server: Mapping[str, str], client: Mapping[str, str], term: str | None) -> dict[str, str]:
    env = {name: value for name, value in server.items() if name not in NOT_FROM_SERVER and not name.startswith("SSH_")}
    env.update({name: client[name] for name in FROM_CLIENT if name in client and _printable(client[name])})
    env["TERM"] = term if term and _TERM.fullmatch(term) else DEFAULT_TERM
    env.setdefault("LANG", "C.UTF-8")  # Textual draws box lines and marks: a UTF-8 locale, unless told
    return env

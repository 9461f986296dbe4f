"""The server's log: one line per connect, disconnect or refusal, on stderr, with the local time."""

from __future__ import annotations

import sys
from datetime import datetime

from reviewtui.domain.safe_text import visible


def say(message: str) -> None:
    """One line on the operator's terminal: whatever a client or a key file chose to put in the
    message (a name, a command, a subsystem) is drawn visibly, never as a control character."""
    stamp = datetime.now().astimezone().strftime("%Y-%m-%d %H:%M:%S")
    print(f"{stamp} reviewtui serve: {visible(message)}", file=sys.stderr, flush=True)


def quoted(text: str, limit: int = 80) -> str:
    """Text a client chose, safe to print on the operator's terminal: escapes shown, length capped."""
    shown = repr(text[:limit])
    return shown + ("…" if len(text) > limit else "")


def duration(seconds: float) -> str:
    minutes, seconds = divmod(int(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h{minutes:02d}m{seconds:02d}s" if hours else f"{minutes}m{seconds:02d}s"

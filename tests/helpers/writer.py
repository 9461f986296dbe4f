"""A writer process for the fault tests: append COUNT notes to a session, as fast as it can.

Usage: python writer.py SESSIONS_DIR SESSION_ID ACTOR COUNT
Prints "ready" once imported and set up, so a test can time a kill from there.
"""

import sys

from reviewtui.domain.changes import add_note
from reviewtui.store import SessionStore


def main() -> int:
    root, session_id, actor, count = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    store = SessionStore(root, use_index=False, lock_timeout=60)
    print("ready", flush=True)
    for number in range(1, count + 1):
        store.append(session_id, actor, lambda review, n=number: add_note(review, f"{actor} note {n}"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Keep Python's cycle collector from stalling a long replay.

A 10,000-event replay holds a few hundred thousand objects (the log, the review, the panes'
lists, the minutes' lines). A full collection walks every one of them: 80-136 ms each, several
a minute while someone steps through (measured with gc.callbacks on benchmarks/replay_bench.py's
session). So while a replay is open, full collections wait for the cursor to rest (or for a
long stretch without rest), and what survives one is frozen out of the next ones' walks.
Young garbage (most of it: Textual's strips and their caches) is still collected as usual.
"""

from __future__ import annotations

import gc

RARE = 1000
"""Young-generation collections between full ones (Python's default: 10). At playback speed
that is a full collection every couple of minutes, in case the cursor never rests."""


def freeze_what_is_held() -> None:
    """Leave every object alive now out of later collections' walks. They are still freed when
    their last reference goes; only a cycle among them waits for release()."""
    gc.freeze()


def hold_full_collections() -> tuple[int, ...]:
    """Make full collections rare until release(); returns what to restore."""
    thresholds = gc.get_threshold()
    gc.set_threshold(thresholds[0], thresholds[1], max(thresholds[2], RARE))
    return thresholds


def collect_and_freeze() -> None:
    """At rest: collect the garbage, then freeze what is left (see freeze_what_is_held)."""
    gc.collect()
    gc.freeze()


def release(thresholds: tuple[int, ...]) -> None:
    """The replay is closing: everything frozen goes back to the collector, as it was."""
    gc.unfreeze()
    gc.set_threshold(*thresholds)

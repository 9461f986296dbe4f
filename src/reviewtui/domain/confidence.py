"""The team's blind confidence: each person present rates, per KPI, how sure they are it will
reach its target (0-10); nobody sees a rating, nor how many gave each value, until the
facilitator reveals the round; then the distribution and median show, and a wide spread is
called out.

A rating is written sealed: `(value + pad) mod 11`, where the pad comes from a keyed hash of the
session and a nonce of its own (store.pseudonym.HostKey, keyed by the host account's secret,
never in the sessions folder), with a keyed check of the value beside it. The pad is uniform and
used once, so the session file alone says nothing of a value (a one-time pad over 0..10). The
reveal writes the values, without names, in the `confidence.revealed` event. Rating, sealing and
revealing are pure here: the key is passed in."""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from reviewtui.domain.errors import InvalidInput

SCALE = 11
"""Ratings run 0..10."""
DISAGREEMENT = 5
"""From this many points between the lowest and highest rating, the room disagrees."""


class Key(Protocol):
    """What seals and opens ratings: the host account's secret (store.pseudonym.HostKey)."""

    def pad(self, nonce: str) -> int:
        """The one-time pad (0..10) made from this nonce."""
        ...

    def check(self, nonce: str, value: int) -> str:
        """A keyed check of a value, written beside it: a reveal with another key is refused,
        never wrong. Without the key it tells nothing of the value."""
        ...


def seal(value: int, pad: int) -> int:
    return (value + pad) % SCALE


def unseal(sealed: int, pad: int) -> int:
    return (sealed - pad) % SCALE


def check_rating(value: object) -> int:
    """A rating as a person types it: a whole number from 0 to 10."""
    text = str(value).strip()
    if not text.isascii() or not text.isdigit() or not 0 <= int(text) <= SCALE - 1:
        shown = text if len(text) <= 20 else text[:19] + "…"
        raise InvalidInput(
            "confidence", f"{shown!r} is not a rating: give a whole number from 0 (no chance) to 10 (sure)"
        )
    return int(text)


@dataclass(frozen=True)
class Spread:
    """A KPI's revealed ratings: how many, their median and every value (no names)."""

    values: tuple[int, ...]

    @property
    def count(self) -> int:
        return len(self.values)

    @property
    def median(self) -> float | None:
        return statistics.median(self.values) if self.values else None

    @property
    def disagrees(self) -> bool:
        """A wide spread: 5 points or more between the least and the most sure."""
        return self.count >= 2 and max(self.values) - min(self.values) >= DISAGREEMENT


def spread(values: Sequence[int]) -> Spread:
    return Spread(tuple(sorted(values)))


def in_words(name: str, values: Sequence[int]) -> str:
    """`30-day retention: median 7 of 5 (3 5 7 8 9); the room disagrees`."""
    found = spread(values)
    said = f"{name}: median {found.median:g} of {found.count} ({' '.join(map(str, found.values))})"
    return said + ("; the room disagrees" if found.disagrees else "")

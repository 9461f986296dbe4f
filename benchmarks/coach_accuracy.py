"""Accuracy of the outcome coach on the labelled statements in tests/data/.

`python -m benchmarks.coach_accuracy [tuning|heldout|all]` prints accuracy, the share of
wrong verdicts (outcome taken for output or the reverse, the costly mistake) and the share
of `unclear` answers, per set. The held-out set is only ever run to measure.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from reviewtui.domain.coach import classify

DATA = Path(__file__).resolve().parent.parent / "tests" / "data"


@dataclass(frozen=True)
class Score:
    name: str
    total: int
    correct: int
    wrong: int
    """Decided the wrong way: outcome <-> output (not counting `unclear` answers or labels)."""
    unclear_answers: int
    mistakes: tuple[tuple[str, str, str], ...]

    @property
    def accuracy(self) -> float:
        return self.correct / self.total if self.total else 0.0


def load(name: str) -> list[tuple[str, str, str]]:
    rows = []
    for line in (DATA / f"coach_{name}.tsv").read_text(encoding="utf-8").splitlines():
        kind, field, text = line.split("\t")
        rows.append((kind, field, text))
    return rows


def score(name: str) -> Score:
    rows = load(name)
    mistakes, wrong, unclear = [], 0, 0
    for kind, _, text in rows:
        got = classify(text).kind
        unclear += got == "unclear"
        if got != kind:
            mistakes.append((kind, got, text))
            wrong += {kind, got} == {"outcome", "output"}
    return Score(name, len(rows), len(rows) - len(mistakes), wrong, unclear, tuple(mistakes))


def report(result: Score, show_mistakes: bool) -> str:
    lines = [f"{result.name:8} {result.total:4d} statements  accuracy {result.accuracy:6.1%}  "
             f"wrong way {result.wrong / result.total:5.1%}  answered unclear {result.unclear_answers / result.total:5.1%}"]  # fmt: skip
    if show_mistakes:
        lines += [f"    expected {k:8} got {g:8} {t}" for k, g, t in result.mistakes]
    return "\n".join(lines)


def main() -> int:
    which = sys.argv[1] if len(sys.argv) > 1 else "all"
    names = ["tuning", "heldout"] if which == "all" else [which]
    for name in names:
        # Mistakes are listed for the tuning set only: the held-out set is for measuring.
        print(report(score(name), show_mistakes=name == "tuning"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

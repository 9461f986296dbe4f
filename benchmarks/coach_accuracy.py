"""Accuracy of the outcome coach: on real teams' statements held out by source, and on our own labelled sets.

`python -m benchmarks.coach_accuracy [--mistakes]` prints, for the rules-only coach of before issue 17
(benchmarks/coach_baseline.py) beside the trained coach, in one run:
- on the corpus (tests/data/coach_corpus/), by 10-fold cross-validation grouped by source: whole
  source groups (one organisation's documents) are left out of a fold, and the trained coach is
  retrained on the other folds with tools/train_coach.train(), which chooses its own regularisation,
  calibration and `unclear` band by an inner cross-validation on those folds only; the baseline is not trained;
- accuracy (agreement with our label), the share answered `unclear`, the share the wrong way round
  (outcome taken for output or the reverse), accuracy per domain, and on the statements whose
  source labels them itself, agreement with the author's label;
- on our own tuning and held-out sets (coach_tuning.tsv, coach_heldout.tsv), the shipped coach;
- the time classify() takes per statement, and the time to import the coach.
`--mistakes` also lists the statements the trained coach got the wrong way round.
"""

from __future__ import annotations

import re
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from benchmarks import coach_baseline
from reviewtui.domain import coach
from reviewtui.domain.coach_model import Model
from tools import train_coach

DATA = Path(__file__).resolve().parent.parent / "tests" / "data"
FOLDS = 10
TARGETS = {"accuracy": 0.85, "unclear": 0.08, "wrong": 0.04, "domain floor": 0.75}


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
    """Our own labelled set `name` (tuning or heldout): (kind, field, text) rows."""
    rows = []
    for line in (DATA / f"coach_{name}.tsv").read_text(encoding="utf-8").splitlines():
        kind, field, text = line.split("\t")
        rows.append((kind, field, text))
    return rows


def _score(name: str, pairs: Sequence[tuple[str, str, str]]) -> Score:
    """(label, answer, text) triples -> Score."""
    mistakes = tuple((label, got, text) for label, got, text in pairs if got != label)
    wrong = sum({label, got} == {"outcome", "output"} for label, got, _ in mistakes)
    unclear = sum(got == "unclear" for _, got, _ in pairs)
    return Score(name, len(pairs), len(pairs) - len(mistakes), wrong, unclear, mistakes)


def score(name: str, judge: Callable[[str], coach.Verdict] = coach.classify) -> Score:
    """How a coach (the shipped one by default) does on our own set `name`."""
    return _score(name, [(kind, judge(text).kind, text) for kind, _, text in load(name)])


def report(result: Score, show_mistakes: bool) -> str:
    lines = [
        f"{result.name:8} {result.total:4d} statements  accuracy {result.accuracy:6.1%}  "
        f"wrong way {result.wrong / result.total:5.1%}  "
        f"answered unclear {result.unclear_answers / result.total:5.1%}"
    ]
    if show_mistakes:
        lines += [f"    expected {k:8} got {g:8} {t}" for k, g, t in result.mistakes]
    return "\n".join(lines)


# ------------------------------------------------------------------------------------ the corpus


def model_of(trained: dict) -> Model:
    weights = {k: v for k, v in trained["weights"].items() if k}
    scale, shift = trained["calibration"]
    return Model(
        weights=weights,
        bias=trained["weights"][""],
        band=trained["band"],
        features_version=0,
        trained_on="fold",
        scale=scale,
        shift=shift,
    )


def cross_validate(rows: Sequence[train_coach.Row], folds: int = FOLDS) -> tuple[list[str], list[dict]]:
    """The trained coach's answer for every corpus row, each from a model that never saw the row's source group."""
    own = train_coach.load_tuning()
    answers = [""] * len(rows)
    chosen = []
    for held in train_coach.group_folds(rows, folds, salt="outer"):
        held_set = set(held)
        trained = train_coach.train([r for i, r in enumerate(rows) if i not in held_set] + own)
        chosen.append({"l2": trained["l2"], "band": trained["band"], "scale": trained["calibration"][0]})
        weights = model_of(trained)
        for i in held:
            answers[i] = coach.judge(rows[i].text, weights).kind
    return answers, chosen


@dataclass(frozen=True)
class Figures:
    accuracy: float
    unclear: float
    wrong: float
    by_domain: dict[str, tuple[float, int]]
    author_agreement: float
    author_total: int
    ours_on_author_subset: float


def figures(rows: Sequence[train_coach.Row], answers: Sequence[str]) -> Figures:
    n = len(rows)
    correct = [a == r.label for a, r in zip(answers, rows)]
    domains: dict[str, list[bool]] = defaultdict(list)
    for ok, r in zip(correct, rows):
        domains[r.domain].append(ok)
    authored = [(a, r) for a, r in zip(answers, rows) if r.author_label in ("outcome", "output")]
    return Figures(
        accuracy=sum(correct) / n,
        unclear=sum(a == "unclear" for a in answers) / n,
        wrong=sum({a, r.label} == {"outcome", "output"} for a, r in zip(answers, rows)) / n,
        by_domain={d: (sum(v) / len(v), len(v)) for d, v in sorted(domains.items())},
        author_agreement=sum(a == r.author_label for a, r in authored) / len(authored),
        author_total=len(authored),
        ours_on_author_subset=sum(a == r.label for a, r in authored) / len(authored),
    )


def _timing() -> tuple[float, float, float]:
    """(median µs per classify on a cold cache, p95 µs, ms to import the coach in a fresh interpreter)."""
    texts = [r.text for r in train_coach.load_corpus()]
    coach.classify("warm up: load the weights")
    samples = []
    for text in texts:
        start = time.perf_counter()
        coach.judge(text, coach.model())  # classify() without its cache: every keystroke is a new text
        samples.append((time.perf_counter() - start) * 1e6)
    samples.sort()
    code = "import time; t = time.perf_counter(); import reviewtui.domain.coach; print(time.perf_counter() - t)"
    runs = [
        float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout)
        for _ in range(3)
    ]
    return statistics.median(samples), samples[int(len(samples) * 0.95)], min(runs) * 1000


def tables(show_mistakes: bool = False) -> str:
    """Everything the benchmark measures, as text."""
    rows = train_coach.load_corpus()
    started = time.perf_counter()
    answers, chosen = cross_validate(rows)
    seconds = time.perf_counter() - started
    baseline_answers = [coach_baseline.classify(r.text).kind for r in rows]
    new, old = figures(rows, answers), figures(rows, baseline_answers)
    groups = len({r.group for r in rows})
    lines = [
        f"Corpus: {len(rows)} statements from {len({r.source for r in rows})} sources ({groups} source groups), "
        f"{len(new.by_domain)} domains; {FOLDS}-fold cross-validation grouped by source ({seconds:.0f} s)",
        f"{'':34}{'baseline (rules)':>18}{'trained coach':>16}{'target':>10}",
        _row("accuracy (agrees with our label)", old.accuracy, new.accuracy, f">= {TARGETS['accuracy']:.0%}"),
        _row("answered unclear", old.unclear, new.unclear, f"<= {TARGETS['unclear']:.0%}"),
        _row("wrong way round", old.wrong, new.wrong, f"<= {TARGETS['wrong']:.0%}"),
        _row(f"agrees with author's label ({new.author_total})", old.author_agreement, new.author_agreement, ""),
        _row("  (agrees with ours, same subset)", old.ours_on_author_subset, new.ours_on_author_subset, ""),
        _row(
            "lowest domain",
            min(a for a, _ in old.by_domain.values()),
            min(a for a, _ in new.by_domain.values()),
            f">= {TARGETS['domain floor']:.0%}",
        ),
        "Accuracy by domain (statements):",
    ]
    for domain, (accuracy, count) in new.by_domain.items():
        lines.append(_row(f"  {domain} ({count})", old.by_domain[domain][0], accuracy, ""))
    l2s = sorted({c["l2"] for c in chosen})
    bands = sorted({c["band"] for c in chosen})
    scales = [c["scale"] for c in chosen]
    lines.append(
        f"Chosen per fold by inner CV: l2 in {l2s}, unclear band in {bands}, "
        f"calibration scale {min(scales):.2f}-{max(scales):.2f}"
    )
    wrong = [r for a, r in zip(answers, rows) if {a, r.label} == {"outcome", "output"}]
    marked = sum(bool(_CONTESTED.search(r.note)) for r in wrong)
    lines.append(
        f"Of the {len(wrong)} wrong-way verdicts, {marked} are on statements the labellers marked "
        f"hard or contestable ({sum(bool(_CONTESTED.search(r.note)) for r in rows)} in the corpus)"
    )
    lines.append("Our own statements (the shipped coach; the tuning set is part of its training data):")
    for name in ("tuning", "heldout"):
        before, after = score(name, coach_baseline.classify), score(name, coach.classify)
        lines.append(
            f"  {name:8} {after.total:4d}  accuracy {before.accuracy:6.1%} -> {after.accuracy:6.1%}  "
            f"wrong way {before.wrong / before.total:5.1%} -> {after.wrong / after.total:5.1%}  "
            f"unclear {before.unclear_answers / before.total:5.1%} -> "
            f"{after.unclear_answers / after.total:5.1%}"
        )
    median, p95, imported = _timing()
    lines.append(
        f"classify(): {median:.0f} µs median, {p95:.0f} µs p95 per statement (uncached); "
        f"import reviewtui.domain.coach: {imported:.0f} ms"
    )
    if show_mistakes:
        lines.append("The wrong way round (label, answer, domain, text):")
        lines += [
            f"  {r.label:7} {a:7} {r.domain:12} {r.text}"
            for a, r in zip(answers, rows)
            if {a, r.label} == {"outcome", "output"}
        ]
    return "\n".join(lines)


_CONTESTED = re.compile(r"\b(hard|contestable)\b", re.IGNORECASE)


def _row(name: str, before: float, after: float, target: str) -> str:
    return f"{name:34}{before:>18.1%}{after:>16.1%}{target:>10}"


def main() -> int:
    print(tables(show_mistakes="--mistakes" in sys.argv[1:]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

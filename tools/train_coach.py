"""Train the outcome coach's model and write its weights: `python tools/train_coach.py [--check]`.

Reads the labelled corpus (tests/data/coach_corpus/statements-*.tsv) and our own tuning set, fits
an L2-regularised logistic regression (outcome against output) over the features of
reviewtui.domain.coach_features, and writes src/reviewtui/domain/coach_model.json. Pure Python and
deterministic: a fixed seed, a fixed order, weights rounded, so the same corpus gives the same file.
The regularisation, a Platt calibration of the probabilities and the width of the `unclear` band
are chosen by cross-validation over source groups inside the training data, so
`benchmarks/coach_accuracy.py` can call `train()` on each fold and never tune on the statements it
scores. `--check` exits 1 when the shipped file is stale.
"""

from __future__ import annotations

import hashlib
import json
import math
import random
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from reviewtui.domain import coach, coach_features, coach_lexicon
from reviewtui.domain.coach import before_model, decide
from reviewtui.domain.coach_features import FEATURES_VERSION, extract
from reviewtui.domain.coach_model import sigmoid

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "tests" / "data" / "coach_corpus"
TUNING = REPO / "tests" / "data" / "coach_tuning.tsv"
WEIGHTS = REPO / "src" / "reviewtui" / "domain" / "coach_model.json"

SEED = 17
EPOCHS = 20
RATE = 0.5
BIAS_RATE = 0.1
L2_GRID = (0.3, 1.0, 3.0, 10.0)
BAND_GRID = tuple(round(0.01 * i, 2) for i in range(21))
MAX_UNCLEAR = 0.09
"""`unclear` verdicts may be at most this share of the inner folds' statements (the target is 8%)."""
WRONG_COST = 3.0
"""A verdict the wrong way round costs the room three times an honest `unclear`."""
INNER_FOLDS = 5
MIN_WEIGHT = 0.0005
"""Weights smaller than this are left out of the file: they change no verdict."""
WORD_VALUE = 0.5
"""Single words ('w:retention', 'first:…', 'head:…') enter at half strength, so the L2 penalty holds them back
four times as hard as the statement's shape: a word seen in one source should not outvote how a statement is built."""


def value(name: str) -> float:
    return WORD_VALUE if name.startswith(("w:", "first:", "head:")) else 1.0


@dataclass(frozen=True)
class Row:
    label: str
    field: str
    domain: str
    source: str
    group: str
    author_label: str
    text: str
    note: str = "-"
    """Why a hard case went the way it did (the labellers' `note` column); `-` if none."""


# ------------------------------------------------------------------------------------ data


def load_groups() -> dict[str, str]:
    """Source id -> organisation: sources from one publisher are held out together."""
    groups: dict[str, str] = {}
    for line in (CORPUS / "source-groups.tsv").read_text(encoding="utf-8").splitlines()[1:]:
        source, group = line.split("\t")[:2]
        groups[source] = group
    return groups


def load_sources() -> dict[str, dict[str, str]]:
    sources: dict[str, dict[str, str]] = {}
    for path in sorted(CORPUS.glob("sources-*.tsv")):
        lines = path.read_text(encoding="utf-8").splitlines()
        header = lines[0].split("\t")
        for line in lines[1:]:
            record = dict(zip(header, line.split("\t")))
            sources[record["source"]] = record
    return sources


def load_corpus() -> list[Row]:
    """Every statement of the corpus, in file order, with its source group."""
    groups = load_groups()
    rows = []
    for path in sorted(CORPUS.glob("statements-*.tsv")):
        lines = path.read_text(encoding="utf-8").splitlines()
        header = lines[0].split("\t")
        for line in lines[1:]:
            r = dict(zip(header, line.split("\t")))
            rows.append(
                Row(
                    r["label"],
                    r["field"],
                    r["domain"],
                    r["source"],
                    groups.get(r["source"], r["source"]),
                    r["author_label"],
                    r["text"],
                    r["note"],
                )
            )
    return rows


OWN = "own-tuning"
"""The source and group of our own tuning statements: trained on, never used to choose or measure."""


def load_tuning() -> list[Row]:
    """Our own statements (the team wrote them): one group, never held out against itself."""
    rows = []
    for line in TUNING.read_text(encoding="utf-8").splitlines():
        label, field, text = line.split("\t")
        rows.append(Row(label, field, "own", OWN, OWN, "-", text))
    return rows


def training_rows() -> list[Row]:
    return load_corpus() + load_tuning()


def corpus_digest() -> str:
    """A fingerprint of everything the shipped model was trained on: the statements and the code that reads them.

    coach.py counts too: the `unclear` band is chosen with the verdicts its rules give.
    """
    digest = hashlib.sha256()
    for path in [
        *sorted(CORPUS.glob("statements-*.tsv")),
        CORPUS / "source-groups.tsv",
        TUNING,
        Path(coach_features.__file__),
        Path(coach_lexicon.__file__),
        Path(coach.__file__),
    ]:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


# ------------------------------------------------------------------------------------ learning


_FEATURES: dict[str, dict[str, str]] = {}


def features(text: str) -> dict[str, str]:
    """extract(text), remembered: cross-validation asks for the same statements many times."""
    found = _FEATURES.get(text)
    if found is None:
        found = _FEATURES[text] = extract(text)
    return found


def fit(texts: Sequence[str], labels: Sequence[int], l2: float) -> dict[str, float]:
    """L2-regularised logistic regression (label 1 = outcome, 0 = output) by averaged SGD. Name -> weight.

    Plain SGD with an exact L2 penalty (the weights are kept as scale * v, so the decay of every
    weight costs one multiplication), a decaying step (Bottou), and weights averaged over the
    second half of the epochs, which makes the result stable. Deterministic: one seeded shuffle.
    """
    rows_features = [features(text) for text in texts]
    names = sorted({name for f in rows_features for name in f})
    index = {name: i for i, name in enumerate(names)}
    values = [value(name) for name in names]
    rows = [[index[name] for name in f] for f in rows_features]
    v = [0.0] * len(names)
    total = [0.0] * len(names)
    bias = total_bias = 0.0
    scale, step, averaged = 1.0, 0, 0
    penalty = l2 / len(rows)
    order = list(range(len(rows)))
    rng = random.Random(SEED)
    for epoch in range(EPOCHS):
        rng.shuffle(order)
        for i in order:
            rate = RATE / (1.0 + RATE * penalty * step)
            step += 1
            active = rows[i]
            z = bias + scale * sum(v[j] * values[j] for j in active)
            g = (1.0 / (1.0 + math.exp(-z)) if z > -30 else 0.0) - labels[i]
            scale *= 1.0 - rate * penalty
            if scale < 1e-6:  # fold the scale back in before it underflows
                v = [x * scale for x in v]
                scale = 1.0
            for j in active:
                v[j] -= rate * g * values[j] / scale
            bias -= rate * g * BIAS_RATE
        if epoch >= EPOCHS // 2:
            for j, x in enumerate(v):
                total[j] += x * scale
            total_bias += bias
            averaged += 1
    # A feature's value is folded into its weight: the app only adds up the weights of the features present.
    model = {name: round(total[index[name]] * values[index[name]] / averaged, 4) for name in names}
    model = {name: w for name, w in model.items() if abs(w) >= MIN_WEIGHT}
    model[""] = round(total_bias / averaged, 4)
    return model


def logit(model: dict[str, float], text: str) -> float:
    """The raw sum of a model from fit() for a statement, before calibration."""
    return model.get("", 0.0) + sum(model.get(name, 0.0) for name in features(text))


def probability(model: dict[str, float], text: str, calibration: tuple[float, float] = (1.0, 0.0)) -> float:
    """Calibrated P(outcome) under a model from fit(): the same sum the app's coach_model computes."""
    scale, shift = calibration
    return sigmoid(scale * logit(model, text) + shift)


def platt(scores: Sequence[tuple[float, int]]) -> tuple[float, float]:
    """(scale, shift) so that sigmoid(scale * z + shift) matches how often held-out statements are outcomes.

    Newton's method on the log loss of two parameters, with Platt's smoothed targets so a handful of
    statements cannot push the calibration to certainty. Deterministic; scale stays positive, so the
    calibration never reverses what a feature means.
    """
    positives = sum(y for _, y in scores)
    high, low = (positives + 1) / (positives + 2), 1 / (len(scores) - positives + 2)
    targets = [(z, high if y else low) for z, y in scores]
    a, b = 1.0, 0.0
    for _ in range(50):
        ga = gb = haa = hab = hbb = 0.0
        for z, t in targets:
            p = sigmoid(a * z + b)
            d, w = p - t, max(p * (1 - p), 1e-12)
            ga, gb = ga + d * z, gb + d
            haa, hab, hbb = haa + w * z * z, hab + w * z, hbb + w
        det = haa * hbb - hab * hab
        if det <= 1e-12:
            break
        da, db = (hbb * ga - hab * gb) / det, (haa * gb - hab * ga) / det
        a, b = a - da, b - db
        if abs(da) + abs(db) < 1e-9:
            break
    return round(max(a, 0.05), 4), round(b, 4)


_BEFORE: dict[str, str | None] = {}


def verdict(text: str, p: float, band: float) -> str:
    """The app's verdict (coach.before_model, then coach.decide) for a statement whose calibrated P(outcome) is p."""
    if text not in _BEFORE:
        _BEFORE[text] = before_model(" ".join(text.split()))
    if _BEFORE[text]:
        return "unclear"
    return decide(features(text), p, band)[0]


def group_folds(rows: Sequence[Row], k: int, salt: str) -> list[list[int]]:
    """k folds of row indices, whole source groups per fold, balanced by size; deterministic."""
    sizes: dict[str, int] = {}
    for row in rows:
        sizes[row.group] = sizes.get(row.group, 0) + 1
    # Largest groups first, each into the smallest fold so far; ties broken by a hash, not by order.
    ordered = sorted(sizes, key=lambda g: (-sizes[g], hashlib.sha256((salt + g).encode()).hexdigest()))
    folds: list[list[str]] = [[] for _ in range(k)]
    load = [0] * k
    for group in ordered:
        target = min(range(k), key=lambda f: (load[f], f))
        folds[target].append(group)
        load[target] += sizes[group]
    where = {g: f for f, groups in enumerate(folds) for g in groups}
    out: list[list[int]] = [[] for _ in range(k)]
    for i, row in enumerate(rows):
        out[where[row.group]].append(i)
    return out


def _binary(rows: Sequence[Row]) -> list[Row]:
    return [r for r in rows if r.label in ("outcome", "output")]


def choose(rows: Sequence[Row]) -> tuple[float, float, tuple[float, float], dict[str, float]]:
    """Regularisation, calibration and band by inner cross-validation over source groups of `rows` only.

    Each l2 gives every statement a score from a model that never saw its source group; the calibration
    is fitted to those scores, and the band is chosen on the verdicts the app would give with it.
    """
    folds = group_folds(rows, INNER_FOLDS, salt="inner")
    scores: dict[float, list[tuple[float, Row]]] = {l2: [] for l2 in L2_GRID}
    for held in folds:
        held_set = set(held)
        train = _binary([r for i, r in enumerate(rows) if i not in held_set])
        for l2 in L2_GRID:
            model = fit([r.text for r in train], [int(r.label == "outcome") for r in train], l2)
            scores[l2] += [(logit(model, rows[i].text), rows[i]) for i in held]

    def cost(scored: list[tuple[float, Row]], calibration: tuple[float, float], band: float) -> tuple[float, float]:
        wrong = unclear = 0.0
        scale, shift = calibration
        scored = [(z, row) for z, row in scored if row.group != OWN]  # measured on real teams' statements only
        for z, row in scored:
            got = verdict(row.text, sigmoid(scale * z + shift), band)
            if got == "unclear":
                unclear += 1
                wrong += row.label != "unclear"
            elif got != row.label:
                wrong += WRONG_COST if row.label != "unclear" else 1
        return wrong / len(scored), unclear / len(scored)

    options = []
    for l2 in L2_GRID:
        calibration = platt([(z, int(row.label == "outcome")) for z, row in scores[l2] if row.label != "unclear"])
        # Spend the `unclear` budget: the widest band that holds back no more than MAX_UNCLEAR.
        band, spent = 0.0, cost(scores[l2], calibration, 0.0)[0]
        for wider in BAND_GRID:
            tried = cost(scores[l2], calibration, wider)
            if tried[1] <= MAX_UNCLEAR:
                band, spent = wider, tried[0]
        options.append((round(spent, 6), -l2, band, calibration))
    # Lowest cost; on a tie, the stronger regularisation.
    spent, minus_l2, band, calibration = min(options)
    return -minus_l2, band, calibration, {"inner_cost": round(spent, 4)}


def train(rows: Sequence[Row]) -> dict:
    """The whole training recipe on `rows`: choose l2, calibration and band by inner CV, then fit on all of them."""
    l2, band, calibration, notes = choose(rows)
    binary = _binary(rows)
    weights = fit([r.text for r in binary], [int(r.label == "outcome") for r in binary], l2)
    return {"l2": l2, "band": band, "calibration": calibration, "weights": weights, **notes}


def document(trained: dict, rows: Sequence[Row]) -> dict:
    return {
        "about": "Weights of the outcome coach (logistic regression, outcome vs output). "
        "Written by tools/train_coach.py; do not edit by hand.",
        "features_version": FEATURES_VERSION,
        "trained_on": corpus_digest(),
        "statements": len(rows),
        "l2": trained["l2"],
        "band": trained["band"],
        "calibration": list(trained["calibration"]),
        "bias": trained["weights"][""],
        "weights": {k: v for k, v in sorted(trained["weights"].items()) if k},
    }


def render(doc: dict) -> str:
    return json.dumps(doc, indent=0, sort_keys=False, ensure_ascii=False) + "\n"


def main(argv: list[str]) -> int:
    rows = training_rows()
    if "--check" in argv:
        shipped = json.loads(WEIGHTS.read_text(encoding="utf-8"))
        fresh = shipped.get("trained_on") == corpus_digest() and shipped.get("features_version") == FEATURES_VERSION
        print("coach_model.json is up to date" if fresh else "coach_model.json is stale: run tools/train_coach.py")
        return 0 if fresh else 1
    trained = train(rows)
    text = render(document(trained, rows))
    WEIGHTS.write_text(text, encoding="utf-8")
    print(
        f"wrote {WEIGHTS.relative_to(REPO)}: {len(trained['weights']) - 1} weights, l2 {trained['l2']}, "
        f"calibration {trained['calibration']}, band {trained['band']}, {len(text) // 1024} KiB"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

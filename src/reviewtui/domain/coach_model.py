"""The coach's trained weights (coach_model.json beside this module), read once on first use, and the score they give.

A logistic regression over the named features of coach_features: the probability that a statement
names an outcome rather than an output, and how much each feature pushed it. The raw sum is
calibrated (Platt scaling, fitted on held-out statements in training), so "0.8" means about four
in five such statements are outcomes and the `unclear` band is a band of real doubt.
tools/train_coach.py writes the file; nothing is learned or downloaded at run time.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache

WEIGHTS_FILE = "coach_model.json"


@dataclass(frozen=True)
class Model:
    weights: dict[str, float]
    bias: float
    band: float
    """Calibrated probabilities within this distance of 0.5 are too close to call: the verdict is `unclear`."""
    features_version: int
    trained_on: str
    scale: float = 1.0
    shift: float = 0.0
    """Platt calibration: P(outcome) = sigmoid(scale * (bias + sum of weights) + shift)."""


@dataclass(frozen=True)
class Score:
    probability: float
    """Calibrated P(outcome): near 1 an outcome, near 0 an output."""
    contributions: tuple[tuple[str, float], ...]
    """(feature, weight) for every feature the statement has that the model knows, largest push first."""


def sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


@lru_cache(maxsize=1)
def model() -> Model:
    """The shipped weights, parsed on the first verdict of the process (not at import)."""
    from importlib import resources  # only here: importing the coach stays cheap

    document = json.loads(resources.files("reviewtui.domain").joinpath(WEIGHTS_FILE).read_text(encoding="utf-8"))
    scale, shift = document.get("calibration", (1.0, 0.0))
    return Model(
        weights=document["weights"],
        bias=float(document["bias"]),
        band=float(document["band"]),
        features_version=int(document["features_version"]),
        trained_on=document["trained_on"],
        scale=float(scale),
        shift=float(shift),
    )


def score(features: dict[str, str], weights: Model | None = None) -> Score:
    """How strongly the features say outcome (probability near 1) or output (near 0), and which did."""
    m = weights or model()
    contributions = [(name, m.weights[name]) for name in features if name in m.weights]
    z = m.bias + sum(w for _, w in contributions)
    contributions.sort(key=lambda item: -abs(item[1]))
    return Score(sigmoid(m.scale * z + m.shift), tuple(contributions))

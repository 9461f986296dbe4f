"""The real-statement corpus the coach learns from, its source groups, and the shipped weights trained on it."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest

from reviewtui.domain import coach_model
from reviewtui.domain.coach_features import FEATURES_VERSION, extract
from tools import train_coach

CORPUS = train_coach.CORPUS
LABELS = ("outcome", "output", "unclear")
FIELDS = ("objective", "key_result", "kpi", "initiative", "indicator")


def tsv(path: Path) -> tuple[list[str], list[list[str]]]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return lines[0].split("\t"), [line.split("\t") for line in lines[1:]]


# ------------------------------------------------------------------------------ the corpus


def test_statement_files_have_the_documented_columns_and_values() -> None:
    sources = train_coach.load_sources()
    for path in sorted(CORPUS.glob("statements-*.tsv")):
        header, rows = tsv(path)
        assert header == ["label", "field", "domain", "source", "author_label", "note", "text"], path.name
        for number, row in enumerate(rows, start=2):
            where = f"{path.name}:{number}"
            assert len(row) == 7, where
            label, field, domain, source, author, note, text = row
            assert label in LABELS and field in FIELDS and author in ("outcome", "output", "-"), where
            assert source in sources, f"{where}: unknown source {source!r}"
            assert domain == sources[source]["domain"], f"{where}: domain differs from its source's"
            assert note.strip() and text.strip() == text and text, where
            # Numbering and bullets were removed when the statements were gathered.
            assert not re.match(r"^([-•*]|\d+[.)]|KR\s?\d|O\d)\s", text), f"{where}: stray prefix in {text!r}"


def test_the_corpus_is_big_and_broad_enough_and_has_no_duplicates() -> None:
    rows = train_coach.load_corpus()
    domains = Counter(r.domain for r in rows)
    assert len(rows) >= 600 and len(domains) >= 12 and min(domains.values()) >= 40
    assert sum(r.author_label != "-" for r in rows) >= 300
    assert sum(r.label == "unclear" for r in rows) / len(rows) < 0.05, "the guide keeps `unclear` rare"
    within_source = Counter((r.source, r.text.casefold()) for r in rows)
    assert [key for key, n in within_source.items() if n > 1] == []
    # The same words from two sources ("Traffic") must carry the same label.
    labels: dict[str, set[str]] = {}
    for r in rows:
        labels.setdefault(r.text.casefold(), set()).add(r.label)
    assert {t: ls for t, ls in labels.items() if len(ls) > 1} == {}


def test_every_source_is_described_and_used() -> None:
    header_sets = {tuple(tsv(p)[0]) for p in CORPUS.glob("sources-*.tsv")}
    assert header_sets == {("source", "domain", "kind", "url", "title")}
    sources = train_coach.load_sources()
    used = {r.source for r in train_coach.load_corpus()}
    assert used == set(sources)
    assert all(s["url"].startswith(("http://", "https://")) and s["title"] for s in sources.values())


def test_one_organisation_is_one_source_group() -> None:
    """Cross-validation leaves out whole groups, so one handbook's phrasing cannot teach itself."""
    header, rows = tsv(CORPUS / "source-groups.tsv")
    assert header == ["source", "group", "note"]
    sources = train_coach.load_sources()
    groups = train_coach.load_groups()
    assert set(groups) <= set(sources) and len(groups) == len(rows)
    for source in sources:
        for marker, group in (
            ("gitlab", "gitlab"),
            ("sourcegraph", "sourcegraph"),
            ("dfid-lfc", "dfid-lfc"),
            ("pub-usda", "usda"),
        ):
            if marker in source:
                assert groups.get(source) == group, source


def test_folds_keep_each_group_whole_and_are_the_same_every_run() -> None:
    rows = train_coach.load_corpus()
    folds = train_coach.group_folds(rows, 10, salt="outer")
    assert sorted(i for fold in folds for i in fold) == list(range(len(rows)))
    where = {}
    for number, fold in enumerate(folds):
        for i in fold:
            assert where.setdefault(rows[i].group, number) == number, rows[i].group
    assert folds == train_coach.group_folds(rows, 10, salt="outer")
    assert max(map(len, folds)) < 0.2 * len(rows)


# ------------------------------------------------------------------------------ the shipped weights


def shipped() -> dict:
    return json.loads((Path(coach_model.__file__).parent / coach_model.WEIGHTS_FILE).read_text(encoding="utf-8"))


def test_the_weights_file_is_small_and_was_trained_on_this_corpus_with_these_features() -> None:
    path = Path(coach_model.__file__).parent / coach_model.WEIGHTS_FILE
    assert path.stat().st_size < 1_000_000
    document = shipped()
    assert document["features_version"] == FEATURES_VERSION
    assert document["trained_on"] == train_coach.corpus_digest(), "corpus or features changed: run tools/train_coach.py"
    assert 0 <= document["band"] < 0.2 and document["statements"] == len(train_coach.training_rows())
    loaded = coach_model.model()
    assert loaded.weights == document["weights"] and loaded.band == document["band"]


def test_the_weights_file_is_what_the_trainer_writes() -> None:
    # The trainer is deterministic and quick (about a second), so retraining here proves the file.
    rows = train_coach.training_rows()
    fresh = json.loads(train_coach.render(train_coach.document(train_coach.train(rows), rows)))
    assert fresh == shipped()


def test_every_weight_is_a_feature_the_extractor_can_produce() -> None:
    produced: set[str] = set()
    for row in train_coach.training_rows():
        produced.update(extract(row.text))
    assert set(shipped()["weights"]) <= produced


@pytest.mark.parametrize("text", ["Launch the new onboarding flow", "Churn rate", "Number of potholes repaired"])
def test_the_app_and_the_trainer_compute_the_same_probability(text: str) -> None:
    document = shipped()
    weights = dict(document["weights"], **{"": document["bias"]})
    calibration = tuple(document["calibration"])
    assert coach_model.score(extract(text)).probability == pytest.approx(
        train_coach.probability(weights, text, calibration)
    )

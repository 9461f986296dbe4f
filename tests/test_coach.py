"""The outcome coach: verdicts, reasons and suggestions, accuracy on labelled statements, review checks."""

from __future__ import annotations

import json
from datetime import datetime, timezone

import pytest

from benchmarks.coach_accuracy import load, score
from reviewtui.cli import main
from reviewtui.domain import changes as c
from reviewtui.domain.checks import check_review
from reviewtui.domain.coach import classify
from reviewtui.domain.events import EVENT_LIST
from reviewtui.domain.fold import fold, fold_into
from reviewtui.domain.session import SessionInfo

# ------------------------------------------------------------------------------ accuracy


def test_the_labelled_sets_are_large_separate_and_well_formed() -> None:
    tuning, heldout = load("tuning"), load("heldout")
    assert len(tuning) + len(heldout) >= 100
    for kind, field, text in tuning + heldout:
        assert kind in ("outcome", "output", "unclear") and field in ("objective", "kpi") and text.strip()
    overlap = {t.casefold() for _, _, t in tuning} & {t.casefold() for _, _, t in heldout}
    assert overlap == set(), "a statement is in both sets: the held-out set would not be held out"


@pytest.mark.parametrize(("name", "floor"), [("tuning", 0.95), ("heldout", 0.88)])
def test_accuracy_and_wrong_way_verdicts(name: str, floor: float) -> None:
    # Floors, not the measured figures (100% and 92.0% when written): they catch regressions.
    result = score(name)
    assert result.accuracy >= floor, f"{name}: accuracy {result.accuracy:.1%}"
    assert result.wrong / result.total <= 0.05, f"{name}: {result.wrong} verdicts the wrong way round"


# ------------------------------------------------------------------------------ verdicts


def test_the_onboarding_flow_example_of_the_issue() -> None:
    verdict = classify("Launch the new onboarding flow")
    assert verdict.kind == "output"
    assert "'launch'" in verdict.reason
    assert verdict.suggestion is not None
    assert "new users" in verdict.suggestion and "the new onboarding flow is live" in verdict.suggestion
    assert "by how much" in verdict.suggestion


@pytest.mark.parametrize(
    ("text", "kind", "cue"),
    [
        ("Increase 30-day retention from 31% to 40%", "outcome", "retention"),
        ("Write 12 blog posts", "output", "blog posts"),
        ("Increase the number of blog posts", "output", "blog posts"),
        ("Hold monthly customer advisory board meetings", "output", "hold"),
        ("Blog posts published", "output", "published"),
        ("Churn rate", "outcome", "churn"),
        ("New users complete their first project within a day", "outcome", "users"),
        ("Launch the new onboarding flow to lift week-one activation from 20% to 30%", "outcome", "activation"),
        ("Be the best place to work", "unclear", "best"),
        ("Onboarding", "unclear", "names a topic"),
    ],
)
def test_reasons_point_at_the_words_that_decided(text: str, kind: str, cue: str) -> None:
    verdict = classify(text)
    assert verdict.kind == kind
    assert cue in verdict.reason


def test_every_output_gets_a_suggestion_and_an_outcome_without_a_target_is_asked_for_one() -> None:
    for _, _, text in load("tuning"):
        verdict = classify(text)
        if verdict.kind != "outcome":
            assert verdict.suggestion, text
    assert classify("Increase customer satisfaction").suggestion == "Add a baseline and a target: from what, to what, by when?"
    assert classify("Raise NPS from 22 to 40").suggestion is None


def test_verdicts_are_deterministic_and_total() -> None:
    assert classify("Ship it") == classify("Ship it")
    shipped = classify("Ship it")  # and the same answer is the right one, with its reason
    assert shipped.kind == "output" and "'ship'" in shipped.reason
    assert classify("").kind == "unclear"
    assert classify("   \t").kind == "unclear"
    assert classify("[/] 💥 ??? 12").kind == "unclear"


# ------------------------------------------------------------------------------ review checks

INFO = SessionInfo(id="2026-10-07-q3-abcd", title="Q3", template="outcome-review",
                   created_at=datetime(2026, 10, 7, tzinfo=timezone.utc), facilitator="Maya")  # fmt: skip


def review_of(*builders):
    review = fold(INFO, [])
    seq = 0
    for build in builders:
        pending = build(review)
        seq += 1
        doc = {"seq": seq, "at": "2026-10-07T09:00:00Z", "actor": "Maya", "type": pending.type,
               "data": pending.data_document()}  # fmt: skip
        fold_into(review, EVENT_LIST.validate_python([doc]))
    return review


def test_each_check_applies_where_it_should() -> None:
    review = review_of(
        lambda r: c.add_objective(r, "Launch the new onboarding flow"),  # o1: output, no KPI
        lambda r: c.add_objective(r, "Increase 30-day retention"),  # o2: fine, has a KPI
        lambda r: c.add_kpi(r, "30-day retention", baseline=31, target=40, objective="o2"),  # k1: fine
        lambda r: c.add_kpi(r, "Blog posts published", objective="o2"),  # k2: activity, no target/baseline
        lambda r: c.add_kpi(r, "Uptime", target=99.9, direction="maintain_above", objective="o2"),  # k3: fine
        lambda r: c.add_action(r, "Write the newsletter"),  # a1: no outcome
        lambda r: c.add_action(r, "Interview churned users", kpi="k1"),  # a2: fine
    )
    found = {(f.check, f.item_id) for f in check_review(review)}
    assert found == {
        ("objective-is-output", "o1"), ("objective-without-kpi", "o1"),
        ("kpi-counts-activity", "k2"), ("kpi-without-target", "k2"), ("kpi-without-baseline", "k2"),
        ("action-without-outcome", "a1"),
    }  # fmt: skip
    action = next(f for f in check_review(review) if f.check == "action-without-outcome")
    assert "which outcome will this move?" in action.message


def test_a_dismissed_finding_stays_dismissed_until_its_text_changes() -> None:
    review = review_of(lambda r: c.add_objective(r, "Launch the new onboarding flow"),
                       lambda r: c.add_kpi(r, "Activation", baseline=20, target=30, objective="o1"))  # fmt: skip
    (finding,) = check_review(review)
    review = review_of(
        lambda r: c.add_objective(r, "Launch the new onboarding flow"),
        lambda r: c.add_kpi(r, "Activation", baseline=20, target=30, objective="o1"),
        lambda r: c.dismiss_finding(r, finding.key),
    )
    assert check_review(review) == []
    assert [f.key for f in check_review(review, include_dismissed=True)] == [finding.key]
    review = review_of(
        lambda r: c.add_objective(r, "Launch the new onboarding flow"),
        lambda r: c.add_kpi(r, "Activation", baseline=20, target=30, objective="o1"),
        lambda r: c.dismiss_finding(r, finding.key),
        lambda r: c.update_objective(r, "o1", statement="Ship the new onboarding flow"),
    )
    assert [f.check for f in check_review(review)] == ["objective-is-output"]


# ------------------------------------------------------------------------------ CLI


def test_coach_command_plain_and_json(capsys) -> None:
    assert main(["coach", "Launch the new onboarding flow"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].split()[0] == "output" and "'launch'" in out[0]
    assert out[1].startswith("Suggestion: What should change for new users")
    assert main(["coach", "--json", "Increase", "retention", "to", "40%"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert set(document) == {"kind", "reason", "suggestion"}
    assert document["kind"] == "outcome" and document["suggestion"] is None
    assert "'increase'" in document["reason"] and "'retention'" in document["reason"]
    assert main(["coach", "Be the best"]) == 0
    assert capsys.readouterr().out.split()[0] == "unclear"


@pytest.mark.parametrize("args", [["coach"], ["coach", "  "], ["coach", "--json", ""]])
def test_coach_needs_text(capsys, args: list[str]) -> None:
    assert main(args) == 2
    err = capsys.readouterr().err
    assert err.startswith("reviewtui: error: coach needs a statement") and err.count("\n") == 1

"""The coach's readings of a statement's shape and its calibrated doubt: head nouns, whose action, the guide's rules."""

from __future__ import annotations

import math

import pytest

from reviewtui.domain import coach_model
from reviewtui.domain.coach import before_model, classify, decide
from reviewtui.domain.coach_features import action_of, extract
from reviewtui.domain.coach_lexicon import stem
from tools import train_coach

# ------------------------------------------------------------------------------ head nouns and whose action


@pytest.mark.parametrize(
    ("noun", "verb"),
    [
        ("completion", "complete"),
        ("closure", "close"),
        ("retention", "retain"),
        ("adoption", "adopt"),
        ("inspection", "inspect"),
        ("attendance", "attend"),
        ("enrollment", "enroll"),
        ("processing", "process"),
        ("renewal", "renew"),
        ("delivery", "deliver"),
    ],
)
def test_a_noun_of_action_gives_back_its_verb(noun: str, verb: str) -> None:
    assert action_of(noun) == stem(verb)


@pytest.mark.parametrize("noun", ["rate", "call", "review", "backlog", "customer", "time"])
def test_a_plain_noun_is_not_read_as_an_action(noun: str) -> None:
    assert action_of(noun) is None  # 'call' and 'review' name a piece of work as often as an action


def test_a_measure_head_is_read_through_to_the_action_it_measures() -> None:
    # "<thing> <action> rate": the rate says nothing by itself; the action and what it acts on do.
    assert "measured:others+people" in extract("Customer retention rate")
    assert "measured:others+work" in extract("Work order completion rate")
    assert not any(name.startswith("measured:") for name in extract("Budget variance"))


def test_the_verb_of_a_clause_says_whose_count_it_is() -> None:
    applied = extract("Number of individuals in the agriculture system who have applied improved practices")
    assert "counts:people+others" in applied  # they changed what they do
    received = extract("Number of pregnant women who received antiretroviral therapy")
    assert "counts:people+served" in received  # the service reached them
    assert "counts:thing+served" in extract("# enrolled (20)")  # the whole counted phrase is the participle


def test_a_property_of_the_teams_own_artefact_is_an_output() -> None:
    for text in ("Documentation accuracy", "Reduce average revisions per article"):
        verdict = classify(text)
        assert verdict.kind == "output" and "team's own work" in verdict.reason, (text, verdict)
    assert "artefact" not in extract("Customer satisfaction with our reports")  # people experience it
    assert classify("Customer satisfaction").kind == "outcome"


# ------------------------------------------------------------------------------ the guide's rules


def test_a_state_of_the_teams_work_is_an_output_whatever_the_model_says() -> None:
    features = {"verb:state": "is in place"}
    assert decide(features, 0.99, 0.05) == ("output", "state")
    verdict = classify("Cash and voucher assistance is implemented")
    assert verdict.kind == "output" and "'is implemented'" in verdict.reason


def test_the_rules_give_way_to_a_target_or_a_purpose() -> None:
    # A measured change is the point of a statement with a target, so the model decides.
    assert decide({"verb:state": "is in place", "target": "90%"}, 0.9, 0.05) == ("outcome", "model")
    assert (
        decide({"lead:delivery": "launch", "purpose:change+result": "to lift activation"}, 0.2, 0.05)[1] != "delivery"
    )
    assert decide({"lead:delivery": "launch"}, 0.9, 0.05) == ("output", "delivery")


def test_a_verb_of_doing_on_a_result_is_left_to_the_model_but_a_verb_of_finding_out_is_not() -> None:
    close = {"lead:delivery": "close", "lead:delivery+result": "close … deals"}
    assert decide(close, 0.8, 0.05) == ("outcome", "model")  # "Close more enterprise deals": the deals
    analyze = {"lead:delivery": "analyze", "lead:delivery+result": "analyze … energy use"}
    assert decide(analyze, 0.8, 0.05) == ("output", "delivery")  # studying a result does not change it


def test_the_band_is_the_models_doubt() -> None:
    assert decide({}, 0.53, 0.05) == ("unclear", "torn")
    assert decide({}, 0.56, 0.05) == ("outcome", "model")
    assert decide({}, 0.44, 0.05) == ("output", "model")


@pytest.mark.parametrize("text", ["Strengthen our brand", "Focus on quality", "Streamline our processes"])
def test_a_verb_of_improving_a_bare_topic_names_no_change(text: str) -> None:
    assert before_model(text) == "topic"
    assert classify(text).kind == "unclear" and "names a topic" in classify(text).reason


def test_a_topic_with_the_people_it_is_for_is_not_bare() -> None:
    assert before_model("Improve the customer experience") is None
    assert classify("Improve the customer experience").kind == "outcome"


# ------------------------------------------------------------------------------ calibration


def test_platt_calibration_recovers_a_known_scale_and_keeps_the_order() -> None:
    # Scores whose true P(outcome) is sigmoid(2z - 0.5): the fitted calibration should find about that.
    scores = []
    for i in range(-40, 41):
        z = i / 10
        p = coach_model.sigmoid(2 * z - 0.5)
        scores += [(z, 1)] * round(100 * p) + [(z, 0)] * round(100 * (1 - p))
    scale, shift = train_coach.platt(scores)
    assert scale == pytest.approx(2.0, abs=0.1) and shift == pytest.approx(-0.5, abs=0.1)


def test_the_calibration_never_reverses_a_feature() -> None:
    # All-wrong scores would want a negative scale; the calibration keeps it positive.
    scale, _ = train_coach.platt([(z / 10, int(z < 0)) for z in range(-20, 21) for _ in range(3)])
    assert scale > 0


def test_the_shipped_probability_rises_with_the_evidence_for_an_outcome() -> None:
    shipped = coach_model.model()
    assert shipped.scale > 0
    probabilities = []
    for bias in (-3.0, -1.0, 0.0, 1.0, 3.0):
        moved = coach_model.Model({}, bias, shipped.band, 0, "", shipped.scale, shipped.shift)
        probabilities.append(coach_model.score({}, moved).probability)
    assert probabilities == sorted(probabilities) and len(set(probabilities)) == 5
    assert all(0 < p < 1 for p in probabilities) and not any(math.isnan(p) for p in probabilities)


def test_the_trainer_chooses_the_band_with_the_verdicts_the_app_gives() -> None:
    shipped = coach_model.model()
    weights = dict(shipped.weights, **{"": shipped.bias})
    for row in train_coach.load_corpus()[::7]:
        p = train_coach.probability(weights, row.text, (shipped.scale, shipped.shift))
        assert train_coach.verdict(row.text, p, shipped.band) == classify(row.text).kind, row.text


# ------------------------------------------------------------------------------ readings added in the third round


def test_what_is_ensured_is_read_as_a_clause() -> None:
    # "Ensure" only says the clause must hold: its subject and verb decide, as if said alone.
    features = extract("Ensure all online marketing is tracked as campaigns in salesforce.com")
    assert "lead:ensure" in features and "verb:state" in features
    shares = extract("Ensure that more than 60% of financial changes are recorded and tracked in the new system")
    assert "subject:work+done" in shares
    assert "lead:change+result" in extract("Ensure 100% uptime")  # no clause: a change verb as before


def test_after_to_the_first_word_is_a_verb_whatever_ends_the_line() -> None:
    assert "lead:delivery+measure" in extract("To establish a Facility Needs index")
    assert "lead:delivery" not in extract("Call volume")  # a KPI name that opens with a noun-verb


def test_a_verb_of_finding_out_is_told_apart_from_a_verb_of_doing() -> None:
    assert "lead:study+result" in extract("Analyze energy use in existing buildings")
    assert "lead:delivery+result" not in extract("Analyze energy use in existing buildings")
    assert "lead:delivery+result" in extract("Close 10 enterprise deals in Q2")


def test_how_busy_the_teams_people_are_is_not_a_result_for_others() -> None:
    assert "name_head:activity+team" in extract("agent utilization")
    assert "name_head:activity+team" not in extract("Employee retention")
    assert "name_head:activity+team" not in extract("Capacity utilization")


def test_making_something_more_so_and_work_for_what_people_can_do_are_not_plain_deliveries() -> None:
    assert "lead:make_state" in extract("Create a more livable and sustainable city")
    enabling = "Provide enough documentation to allow a new user to be productive with the engine"
    assert "purpose:enable+people" in extract(enabling)
    assert decide(extract("Create a more livable and sustainable city"), 0.9, 0.05)[1] == "model"
    assert decide(extract("Create a new livable city"), 0.9, 0.05) == ("output", "delivery")


@pytest.mark.parametrize("text", ["Deployment frequency", "Vulnerability Scan Coverage", "Release velocity"])
def test_how_often_or_how_fully_the_team_does_its_own_work_is_an_output(text: str) -> None:
    verdict = classify(text)
    assert verdict.kind == "output" and "how often or how fully" in verdict.reason, (text, verdict)
    assert decide(extract(text), 0.95, 0.05) == ("output", "pace")
    assert "name_head:pace+work" not in extract("Pipeline coverage")  # a sales pipeline is a result

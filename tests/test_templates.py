"""Templates: the four of the issue, their phases and questions, and partner-review parameters."""

from __future__ import annotations

import pytest

from reviewtui.domain.errors import InvalidInput
from reviewtui.domain.templates import TEMPLATES, check_parameter, get_template


def test_the_four_templates_exist() -> None:
    assert set(TEMPLATES) == {"outcome-review", "retrospective", "okr-check-in", "partner-review"}


def test_outcome_review_phases_in_order_each_with_questions() -> None:
    template = get_template("outcome-review")
    assert [p.id for p in template.phases] == [
        "check-in",
        "objectives",
        "kpis",
        "impact",
        "actions",
        "decisions",
        "close",
    ]
    for phase in template.phases:
        assert phase.questions, f"{phase.id} has no impact questions"
        assert phase.purpose and phase.minutes > 0


@pytest.mark.parametrize("template_id", sorted(TEMPLATES))
def test_every_template_opens_with_check_in_and_ends_with_close(template_id: str) -> None:
    phases = get_template(template_id).phases
    assert phases[0].kind == "check-in" and phases[-1].kind == "close"
    assert len({p.id for p in phases}) == len(phases)
    assert any(p.kind == "actions" for p in phases)


def test_unknown_template_lists_the_known_ones() -> None:
    with pytest.raises(InvalidInput, match=r"unknown template 'okr'.*outcome-review"):
        get_template("okr")


def test_partner_review_parameters() -> None:
    template = get_template("partner-review")
    assert [p.name for p in template.parameters] == ["partner", "deadline", "budget"]
    assert check_parameter(template, "deadline", " 2026-12-31 ") == "2026-12-31"
    assert check_parameter(template, "budget", "40,000 EUR") == "40,000 EUR"
    assert check_parameter(template, "budget", "€12500.50") == "€12500.50"
    assert check_parameter(template, "partner", "Acme Health") == "Acme Health"


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("deadline", "next Friday", "is not a date"),
        ("budget", "a lot", "is not an amount"),
        ("budget", "EUR 10 USD", "is not an amount"),
        ("partner", "  ", "must not be empty"),
        ("colour", "red", "has no parameter 'colour'"),
    ],
)
def test_bad_parameter_values(name: str, value: str, message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        check_parameter(get_template("partner-review"), name, value)

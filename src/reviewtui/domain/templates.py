"""Review templates: the phases a session walks through, each phase's questions, and parameters."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

from reviewtui.domain.errors import InvalidInput

PhaseKind = Literal["check-in", "objectives", "kpis", "impact", "actions", "decisions", "close"]
"""Which screen runs a phase; a template may give a phase its own title and questions."""


# Plain frozen dataclasses: the bundled templates are constants of the code, checked by the tests,
# and a team's own files are checked by domain.template_spec when they are read, so nothing here
# validates; building pydantic schemas for them would cost every start of the app.


@dataclass(frozen=True, kw_only=True)
class Phase:
    id: str
    title: str
    kind: PhaseKind
    purpose: str
    questions: tuple[str, ...] = ()
    minutes: int = 10
    """Suggested timebox; the facilitator may set another."""


@dataclass(frozen=True, kw_only=True)
class Parameter:
    name: str
    label: str
    kind: Literal["text", "date", "amount"]
    help: str = ""


@dataclass(frozen=True, kw_only=True)
class Template:
    id: str
    name: str
    description: str
    phases: tuple[Phase, ...]
    parameters: tuple[Parameter, ...] = field(default=())

    def phase(self, phase_id: str) -> Phase | None:
        return next((phase for phase in self.phases if phase.id == phase_id), None)

    def phase_of_kind(self, kind: str) -> Phase | None:
        """The first phase of a kind ("impact", "actions"…): where its items are contributed."""
        return next((phase for phase in self.phases if phase.kind == kind), None)

    def phase_of_question(self, question: str) -> str | None:
        """The impact phase that asks `question` (a retrospective has several), else the first."""
        asking = next((p for p in self.phases if p.kind == "impact" and question in p.questions), None)
        phase = asking or self.phase_of_kind("impact")
        return phase.id if phase else None

    def parameter(self, name: str) -> Parameter | None:
        return next((parameter for parameter in self.parameters if parameter.name == name), None)


def template_from_mapping(template_id: str, data: Mapping[str, Any]) -> Template:
    """A template from a TOML file's (or a session's record's) data, already checked: the bundled
    files by the tests, anyone else's by domain.template_spec."""
    return Template(
        id=template_id,
        name=data["name"],
        description=data.get("description", ""),
        phases=tuple(
            Phase(
                id=phase["id"],
                title=phase["title"],
                kind=phase["kind"],
                purpose=phase.get("purpose", ""),
                questions=tuple(phase.get("questions", ())),
                minutes=phase.get("minutes", 10),
            )
            for phase in data["phases"]
        ),
        parameters=tuple(
            Parameter(name=p["name"], label=p["label"], kind=p["kind"], help=p.get("help", ""))
            for p in data.get("parameters", ())
        ),
    )


def template_mapping(template: Template) -> dict[str, Any]:
    """A template as data, the way a TOML file and a session's record hold it."""
    return {
        "name": template.name,
        "description": template.description,
        "phases": [
            {
                "id": p.id,
                "title": p.title,
                "kind": p.kind,
                "purpose": p.purpose,
                "questions": list(p.questions),
                "minutes": p.minutes,
            }
            for p in template.phases
        ],
        "parameters": [{"name": p.name, "label": p.label, "kind": p.kind, "help": p.help} for p in template.parameters],
    }


def _checkin(purpose: str, *questions: str) -> Phase:
    return Phase(id="check-in", title="Check-in", kind="check-in", purpose=purpose, questions=questions, minutes=5)


def _close(*questions: str) -> Phase:
    return Phase(
        id="close",
        title="Close",
        kind="close",
        minutes=5,
        questions=questions,
        purpose="Read back what was agreed, export the minutes, close the session.",
    )


_DECISIONS = Phase(
    id="decisions",
    title="Decisions",
    kind="decisions",
    purpose="Record what was decided, why, who owns it, and what would make us revisit it.",
    questions=(
        "What are we deciding, and what are we choosing not to do?",
        "What would make us revisit this decision?",
    ),
    minutes=10,
)

OUTCOME_REVIEW = Template(
    id="outcome-review",
    name="Outcome review",
    description="Objectives, the KPIs that measure them, what changed, actions and decisions.",
    phases=(
        _checkin(
            "Who is here, and what did we promise last time?",
            "Which actions from last time are done, and did they move their KPI?",
            "What has changed for our customers since we last met?",
        ),
        Phase(
            id="objectives",
            title="Objectives",
            kind="objectives",
            minutes=10,
            purpose="State the outcomes we are after: a change in behaviour or results, not a deliverable.",
            questions=(
                "What should be different for customers or the business when this is done?",
                "Why does that outcome matter now?",
                "Who benefits, and how would they notice?",
            ),
        ),
        Phase(
            id="kpis",
            title="KPIs",
            kind="kpis",
            minutes=15,
            purpose="For each objective, the numbers that show it happening: baseline, target, latest reading.",
            questions=(
                "Which number tells us the outcome is happening?",
                "Where did it start, and where must it be by when?",
                "Is this a count of our activity, or a change in what people do?",
            ),
        ),
        Phase(
            id="impact",
            title="Impact",
            kind="impact",
            minutes=15,
            purpose="Ask what changed because of the work, and how we know.",
            questions=(
                "What changed because of this work?",
                "How do we know? What evidence do we have?",
                "What would have happened if we had not done it?",
                "What surprised us?",
            ),
        ),
        Phase(
            id="actions",
            title="Actions",
            kind="actions",
            minutes=10,
            purpose="Agree who does what by when, and which KPI it should move.",
            questions=(
                "Which KPI will this action move, and by how much?",
                "Who owns it, and by when?",
            ),
        ),
        _DECISIONS,
        _close(
            "Which outcome will we check first next time?",
            "Is every action owned, dated and linked to a KPI?",
        ),
    ),
)

RETROSPECTIVE = Template(
    id="retrospective",
    name="Retrospective",
    description="Look back at a sprint or project by what changed for users, then agree actions.",
    phases=(
        _checkin(
            "Who is here; how did last retro's actions go?",
            "Which of last time's actions made a difference?",
        ),
        Phase(
            id="outcomes",
            title="What changed",
            kind="impact",
            minutes=15,
            purpose="Start from results: what is different for users or the team since last time?",
            questions=(
                "What changed for users because of what we did this sprint?",
                "Which result are we proudest of, and how do we know it mattered?",
            ),
        ),
        Phase(
            id="went-well",
            title="What helped",
            kind="impact",
            minutes=10,
            purpose="What helped us get those results, and should be kept?",
            questions=("What helped us get those results?", "What should we keep doing?"),
        ),
        Phase(
            id="to-improve",
            title="What got in the way",
            kind="impact",
            minutes=10,
            purpose="What stood between our work and the outcomes we wanted?",
            questions=(
                "What got in the way of outcomes?",
                "Where did we ship output that changed nothing?",
            ),
        ),
        Phase(
            id="actions",
            title="Actions",
            kind="actions",
            minutes=10,
            purpose="Few actions, each owned, dated, and aimed at an outcome.",
            questions=("Which outcome will this action improve?", "Who owns it, and by when?"),
        ),
        _DECISIONS,
        _close("What will we look at first in the next retro?"),
    ),
)

OKR_CHECK_IN = Template(
    id="okr-check-in",
    name="OKR check-in",
    description="Objectives and key results: confidence, learnings, next steps.",
    phases=(
        _checkin(
            "Who is here; what moved since the last check-in?", "Which key result moved the most since last time?"
        ),
        Phase(
            id="objectives",
            title="Objectives",
            kind="objectives",
            minutes=5,
            purpose="Are these still the outcomes we want this quarter?",
            questions=("Is this objective still the outcome we want?",),
        ),
        Phase(
            id="kpis",
            title="Key results",
            kind="kpis",
            minutes=15,
            purpose="Update each key result and say how confident we are of hitting it.",
            questions=(
                "How confident are we (0 to 10) of hitting each key result?",
                "Which key result moved least, and why?",
            ),
        ),
        Phase(
            id="impact",
            title="Learnings",
            kind="impact",
            minutes=10,
            purpose="What did we learn about what drives these results?",
            questions=(
                "What did we learn about what drives these key results?",
                "Which of our bets did not move anything?",
            ),
        ),
        Phase(
            id="actions",
            title="Next steps",
            kind="actions",
            minutes=10,
            purpose="What we will do before the next check-in, and which key result it serves.",
            questions=("Which key result does this step serve?",),
        ),
        _DECISIONS,
        _close("Which key result is most at risk going into next time?"),
    ),
)

PARTNER_REVIEW = Template(
    id="partner-review",
    name="Partner review",
    description="An outcome agreed with an outside partner, checked against its deadline and budget.",
    parameters=(
        Parameter(name="partner", label="Partner", kind="text", help="The outside organisation."),
        Parameter(name="deadline", label="Deadline", kind="date", help="When the agreed outcome is due (YYYY-MM-DD)."),
        Parameter(
            name="budget",
            label="Budget",
            kind="amount",
            help="Agreed budget, a number with an optional currency, e.g. 40000 EUR.",
        ),
    ),
    phases=(
        _checkin("Is everyone from both sides here?", "What has each side done since the last review?"),
        Phase(
            id="objectives",
            title="Agreed outcome",
            kind="objectives",
            minutes=10,
            purpose="The outcome agreed with the partner, in words both sides would sign.",
            questions=(
                "What outcome did we agree with the partner, in their words?",
                "What does success look like for them, and for us?",
            ),
        ),
        Phase(
            id="kpis",
            title="Measures",
            kind="kpis",
            minutes=15,
            purpose="The measures both sides accepted, who reports them, and where they stand.",
            questions=("Which measures did we both agree on, and who reports them?",),
        ),
        Phase(
            id="impact",
            title="Partner impact",
            kind="impact",
            minutes=15,
            purpose="What changed for the partner, and are we on course for the deadline and budget?",
            questions=(
                "What changed for the partner's customers or teams?",
                "Are we on course for the deadline and within budget?",
            ),
        ),
        Phase(
            id="actions",
            title="Commitments",
            kind="actions",
            minutes=10,
            purpose="What each side commits to before the next review.",
            questions=("What does each side commit to before the next review?",),
        ),
        _DECISIONS,
        _close("What must be true at the next review for the partner to call this a success?"),
    ),
)

BUNDLED_TEMPLATES: dict[str, Template] = {
    template.id: template for template in (OUTCOME_REVIEW, RETROSPECTIVE, OKR_CHECK_IN, PARTNER_REVIEW)
}
"""The templates shipped with reviewtui. Constants of the code (the domain reads no file); the
same templates are shipped as TOML files to copy (src/reviewtui/templates/, written by
tools/make_template_files.py, checked equal by the tests)."""
TEMPLATES: dict[str, Template] = dict(BUNDLED_TEMPLATES)
"""Every template a session can be started from: the bundled ones, then the team's own once
registered (`register_templates`; a team's file may replace a bundled one of its id)."""
BUILT_IN = tuple(BUNDLED_TEMPLATES)
DEFAULT_TEMPLATE = OUTCOME_REVIEW.id


def register_templates(templates: Mapping[str, Template]) -> None:
    """Offer the team's own templates beside the bundled ones (read by store.template_catalogue)."""
    TEMPLATES.update(templates)


def get_template(template_id: str) -> Template:
    """The template of that id; an unknown id is an error that lists the known ones."""
    try:
        return TEMPLATES[template_id]
    except KeyError:
        known = ", ".join(TEMPLATES)
        raise InvalidInput("template", f"unknown template {template_id!r} (use one of {known})") from None


def template_or_default(template_id: str) -> Template:
    """For reading sessions: a template from a newer version falls back to the outcome review."""
    return TEMPLATES.get(template_id, OUTCOME_REVIEW)


_AMOUNT = re.compile(
    r"(?:(?P<pre>[A-Z]{3}|[$€£¥])\s*)?(?P<number>\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?\s*(?P<post>[A-Z]{3})?"
)


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _not_a_date(name: str, text: str) -> str:
    raise InvalidInput(name, f"{text!r} is not a date (use YYYY-MM-DD)")


def check_parameter(template: Template, name: str, value: str) -> str:
    """Validate a template parameter's value for its kind; return it trimmed."""
    parameter = template.parameter(name)
    if parameter is None:
        known = ", ".join(p.name for p in template.parameters) or "none"
        raise InvalidInput("parameter", f"{template.id} has no parameter {name!r} (its parameters: {known})")
    text = value.strip()
    if parameter.kind == "date":
        try:
            return date.fromisoformat(text).isoformat() if _ISO_DATE.fullmatch(text) else _not_a_date(name, text)
        except ValueError:
            _not_a_date(name, text)
    if parameter.kind == "amount":
        match = _AMOUNT.fullmatch(text)
        if match is None or (match["pre"] and match["post"]):
            raise InvalidInput(name, f"{text!r} is not an amount (write e.g. 40000 EUR)")
    if not text:
        raise InvalidInput(name, "must not be empty")
    return text

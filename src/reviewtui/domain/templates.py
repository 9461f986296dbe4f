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


# Plain frozen dataclasses: the bundled templates are checked by the tests and a team's own files
# by domain.template_spec when they are read, so nothing here validates; building pydantic schemas
# for them would cost every start of the app.


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


BUILT_IN = ("outcome-review", "retrospective", "okr-check-in", "partner-review")
"""The templates shipped with reviewtui, as TOML files (src/reviewtui/templates/), in the order
they are offered."""


BUNDLED_FOLDER = __file__.rsplit("/", 2)[0] + "/templates"
"""The package's own template files (`reviewtui/templates/`), read like its code: the same bytes
wherever it is installed, so the domain stays pure (no file of anyone's is read here). By path,
not importlib.resources: that costs ~12 ms of imports on every start."""


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


def _bundled() -> dict[str, Template]:
    import tomllib

    loaded = {}
    for template_id in BUILT_IN:
        with open(f"{BUNDLED_FOLDER}/{template_id}.toml", "rb") as stream:
            loaded[template_id] = template_from_mapping(template_id, tomllib.load(stream))
    return loaded


TEMPLATES: dict[str, Template] = _bundled()
"""Every template a session can be started from: the bundled ones, then the team's own once
registered (`register_templates`; a team's file may replace a bundled one of its id)."""
BUNDLED_TEMPLATES: dict[str, Template] = dict(TEMPLATES)
OUTCOME_REVIEW = TEMPLATES["outcome-review"]
DEFAULT_TEMPLATE = OUTCOME_REVIEW.id


def is_bundled(template: Template) -> bool:
    """Shipped with reviewtui as it is (a team's file of a bundled id is not)."""
    return BUNDLED_TEMPLATES.get(template.id) == template


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

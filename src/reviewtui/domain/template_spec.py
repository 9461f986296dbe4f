"""A team's own template file checked the way themes are: a pydantic model that names every field
that fails, with its reason; titles and questions are plain text (no control character, nothing
that could act on a terminal); markup in them is shown as typed, never read."""

from __future__ import annotations

import tomllib
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints, ValidationError, model_validator

from reviewtui.domain.safe_text import unsafe_in
from reviewtui.domain.templates import PhaseKind, Template, template_from_mapping, template_mapping
from reviewtui.domain.values import field_and_message

TEMPLATE_ID = r"^[a-z0-9][a-z0-9-]{0,39}$"
"""A template's id is its file's name: lower-case letters, digits and dashes."""


def _plain(text: str) -> str:
    found = unsafe_in(text)
    if found:
        raise ValueError(f"holds {found}, which is not text")
    return text


def _text(longest: int, shortest: int = 1) -> Any:
    return Annotated[
        str, StringConstraints(strip_whitespace=True, min_length=shortest, max_length=longest), AfterValidator(_plain)
    ]


class _Spec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class PhaseSpec(_Spec):
    id: Annotated[str, StringConstraints(pattern=TEMPLATE_ID)]
    title: _text(40)  # type: ignore[valid-type]
    kind: PhaseKind
    purpose: _text(300, 0) = ""  # type: ignore[valid-type]
    questions: list[_text(200)] = Field(default_factory=list, max_length=8)  # type: ignore[valid-type]
    minutes: int = Field(default=10, ge=1, le=240)


class ParameterSpec(_Spec):
    name: Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{0,30}$")]
    label: _text(40)  # type: ignore[valid-type]
    kind: Annotated[str, StringConstraints(pattern=r"^(text|date|amount)$")]
    help: _text(200, 0) = ""  # type: ignore[valid-type]


class TemplateSpec(_Spec):
    name: _text(60)  # type: ignore[valid-type]
    description: _text(300, 0) = ""  # type: ignore[valid-type]
    phases: list[PhaseSpec] = Field(min_length=1, max_length=12)
    parameters: list[ParameterSpec] = Field(default_factory=list, max_length=8)

    @model_validator(mode="after")
    def _unique(self) -> TemplateSpec:
        for what, names in (("phases", [p.id for p in self.phases]), ("parameters", [p.name for p in self.parameters])):
            twice = sorted({name for name in names if names.count(name) > 1})
            if twice:
                raise ValueError(f"{what}: {', '.join(twice)} named twice")
        return self


class TemplateInvalid(Exception):
    """What is wrong with a template file: (field, reason), every one."""

    def __init__(self, problems: list[tuple[str, str]]) -> None:
        super().__init__("; ".join(f"{field}: {reason}" for field, reason in problems))
        self.problems = problems


def template_from_toml(text: str, template_id: str) -> Template:
    """The template a TOML text holds, as `template_id`; TemplateInvalid names every problem."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise TemplateInvalid([("file", f"not TOML ({error})")]) from None
    return template_from_data(data, template_id)


def template_from_data(data: Any, template_id: str) -> Template:
    """The template checked from its data (a file's, or a session's record of it)."""
    try:
        spec = TemplateSpec.model_validate(data)
    except ValidationError as error:
        raise TemplateInvalid([field_and_message(item) for item in error.errors(include_url=False)]) from None
    return template_from_mapping(template_id, spec.model_dump())


def checked_mapping(template: Template) -> dict[str, Any]:
    """A template as data a session records, checked as a file is (so a session reads it back)."""
    data = template_mapping(template)
    TemplateSpec.model_validate(data)
    return data

"""The minutes as a document of blocks: written out as Markdown for export, drawn by the app's
Close phase. One source, so what the room reads back is what the wiki gets."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Literal, NamedTuple

from reviewtui.domain.kpi import format_progress, format_value
from reviewtui.domain.review import Kpi, Review

Emphasis = Literal["", "bold", "italic", "muted"]
"""How a span stands out; "muted" recedes (the app draws it dimmer; Markdown cannot)."""


class Span(NamedTuple):
    """A run of text. `typed`: people typed it (Markdown escapes it); else it is ours, written as is."""

    text: str
    emphasis: Emphasis = ""
    typed: bool = False
    code: bool = False


def typed(text: str, emphasis: Emphasis = "") -> Span:
    return Span(text, emphasis, typed=True)


def ours(text: str, emphasis: Emphasis = "") -> Span:
    return Span(text, emphasis)


Line = tuple[Span, ...]


@dataclass(slots=True)
class Heading:
    level: int
    spans: Line


@dataclass(slots=True)
class Paragraph:
    spans: Line


@dataclass(slots=True)
class Items:
    """A list: bullets, or numbered from 1."""

    items: tuple[Line, ...]
    numbered: bool = False


class Cell(NamedTuple):
    text: str
    typed: bool = False


@dataclass(slots=True)
class Table:
    header: tuple[str, ...]
    right_aligned: tuple[bool, ...]
    rows: tuple[tuple[Cell, ...], ...]


@dataclass(slots=True)
class Rule:
    pass


# Blocks are built once and only read: treat them as immutable (not frozen: that costs a third
# of the time of building the minutes of a long review).
Block = Heading | Paragraph | Items | Table | Rule


def sentence(text: str) -> Line:
    """Typed text ending as a sentence ends."""
    return (typed(text),) if text.rstrip().endswith((".", "!", "?")) else (typed(text), ours("."))


def _bold_sentence(text: str) -> Line:
    return tuple(Span(s.text, "bold", s.typed) for s in sentence(text))


def _day(moment: datetime) -> str:
    return f"{moment.day} {moment:%B %Y}"


def _kpi_table(kpis: Iterable[Kpi]) -> Table:
    rows = []
    for k in kpis:
        direction = {"maintain_above": "stay ≥ ", "maintain_below": "stay ≤ "}.get(k.direction, "")
        rows.append(
            (
                # The values carry the unit, which people typed: escaped like any of their text.
                Cell(k.name, typed=True),
                Cell(format_value(k.baseline, k.unit), typed=True),
                Cell(direction + format_value(k.target, k.unit), typed=True),
                Cell(format_value(k.current, k.unit), typed=True),
                Cell(format_progress(k.progress)),
                Cell(k.status),
            )
        )
    return Table(
        ("KPI", "Baseline", "Target", "Current", "Progress", "Status"),
        (False, True, True, True, True, False),
        tuple(rows),
    )


def _header(review: Review) -> list[Block]:
    info = review.session
    facts: list[Span] = [ours(review.template.name)]
    if info.series:
        facts += [ours(" · series "), typed(info.series)]
    facts.append(ours(f" · {_day(info.created_at)}"))
    if review.closed:
        facts.append(ours(" · closed"))
    attendees = [p.name for p in review.participants.values() if p.role != "observer"]
    people: list[Span] = []
    for n, name in enumerate(attendees):
        people += [ours(", ")] if n else []
        people.append(typed(name))
    facts_list: list[Line] = [
        (ours("Facilitator:", "bold"), ours(" "), typed(info.facilitator)),
        (ours("Attendees:", "bold"), ours(" "), *(people or [ours("none recorded")])),
    ]
    for parameter in review.template.parameters:
        if parameter.name in review.parameters:
            facts_list.append(
                (ours(f"{parameter.label}:", "bold"), ours(" "), typed(review.parameters[parameter.name]))
            )
    return [Heading(1, (typed(info.title),)), Paragraph(tuple(facts)), Items(tuple(facts_list))]


def _objectives(review: Review) -> list[Block]:
    blocks: list[Block] = [Heading(2, (ours("Objectives and KPIs"),))]
    if not review.objectives and not review.kpis:
        return [*blocks, Paragraph((ours("No objectives recorded."),))]
    by_objective = review.kpis_by_objective()
    for number, objective in enumerate(review.objectives.values(), start=1):
        blocks.append(Heading(3, (ours(f"{number}. "), typed(objective.statement))))
        if objective.why:
            blocks.append(Paragraph((ours("Why:", "italic"), ours(" "), typed(objective.why))))
        kpis = by_objective.get(objective.id)
        blocks.append(_kpi_table(kpis) if kpis else Paragraph((ours("No KPI measures this objective yet."),)))
        blocks += _kpi_problems(kpis or ())
    unlinked = by_objective.get(None)
    if unlinked:
        blocks += [
            Heading(3, (ours("KPIs not linked to an objective"),)),
            _kpi_table(unlinked),
            *_kpi_problems(unlinked),
        ]
    return blocks


def _kpi_problems(kpis: Iterable[Kpi]) -> list[Block]:
    """Why a KPI shows no data although its file had a number for it (out of range)."""
    lines = [(typed(k.name, "bold"), ours(": "), typed(k.problem)) for k in kpis if k.problem]
    return [Items(tuple(lines))] if lines else []


def _answers(review: Review) -> list[Block]:
    blocks: list[Block] = [Heading(2, (ours("What changed"),))]
    if not review.answers:
        return [*blocks, Paragraph((ours("No impact answers recorded."),))]
    by_question: dict[str, list[Line]] = {}
    for answer in review.answers.values():
        line: Line = (typed(answer.text), ours(" — "), typed(answer.by), *_proposed(answer.proposed))
        objective = review.objectives.get(answer.objective_id or "")
        if objective:
            line += (ours(" "), ours("(on: ", "italic"), typed(objective.statement, "italic"), ours(")", "italic"))
        by_question.setdefault(answer.question, []).append(line)
    for question, lines in by_question.items():
        blocks += [Paragraph((typed(question, "bold"),)), Items(tuple(lines))]
    return blocks


def _proposed(proposed: bool) -> Line:
    """A participant's contribution the facilitator has not accepted (yet): said so."""
    return (ours(" (proposed)", "italic"),) if proposed else ()


def _decisions(review: Review) -> list[Block]:
    blocks: list[Block] = [Heading(2, (ours("Decisions"),))]
    if not review.decisions:
        return [*blocks, Paragraph((ours("No decisions recorded."),))]
    items = []
    for decision in review.decisions.values():
        line = [*_bold_sentence(decision.text), *_proposed(decision.proposed)]
        for label, value in (
            ("Rationale", decision.rationale),
            ("Owner", decision.owner),
            ("Revisit if", decision.revisit_if),
        ):
            if value:
                line += [ours(f" {label}: "), *sentence(value)]
        items.append(tuple(line))
    return [*blocks, Items(tuple(items), numbered=True)]


def _actions(review: Review) -> list[Block]:
    blocks: list[Block] = [Heading(2, (ours("Action items"),))]
    if not review.actions:
        return [*blocks, Paragraph((ours("No action items recorded."),))]
    rows = []
    for action in review.actions.values():
        kpi = review.kpis.get(action.kpi_id or "")
        objective = review.objectives.get(action.objective_id or "")
        moves = kpi.name if kpi else objective.statement if objective else "—"
        rows.append(
            (
                Cell(action.id),
                Cell(action.text, typed=True),
                Cell(action.owner or "—", typed=True),
                Cell(action.due.isoformat() if action.due else "—"),
                Cell(action.status_shown),
                Cell(moves, typed=True),
            )
        )
    header = ("#", "Action", "Owner", "Due", "Status", "Should move")
    return [*blocks, Table(header, (False,) * len(header), tuple(rows))]


def _notes(review: Review) -> list[Block]:
    if not review.notes:
        return []
    notes = tuple((typed(n.text), ours(" — "), typed(n.actor)) for n in review.notes)
    return [Heading(2, (ours("Notes"),)), Items(notes)]


def minutes_document(review: Review, total_events: int | None = None) -> list[Block]:
    """The minutes of the review as it stands (as of `review.as_of_seq`), as blocks."""
    blocks = _header(review) + _objectives(review) + _answers(review) + _decisions(review)
    blocks += _actions(review) + _notes(review)
    as_of = f"as of event {review.as_of_seq}"
    if total_events is not None and total_events != review.as_of_seq:
        as_of += f" of {total_events}"
        if review.updated_at:
            as_of += f" ({review.updated_at:%Y-%m-%d %H:%M} UTC)"
    footer = (
        ours("Exported from reviewtui: session ", "italic"),
        Span(review.session.id, "italic", code=True),
        ours(f", {as_of}.", "italic"),
    )
    return [*blocks, Rule(), Paragraph(footer)]

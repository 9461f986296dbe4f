"""`export --format md`: minutes a team can paste into its wiki, user text escaped so it reads as typed."""

from __future__ import annotations

import re
from datetime import datetime

from reviewtui.domain.kpi import format_progress, format_value
from reviewtui.domain.review import Kpi, Review

_SPECIAL = re.compile(r"([\\`*_\[\]<|#~&])")
_LIST_START = re.compile(r"^(\s*)([-+>]|\d+[.)])(\s|$)")


def _escape_line(line: str) -> str:
    line = _SPECIAL.sub(r"\\\1", line.strip())
    start = _LIST_START.match(line)
    if start:  # "- x", "+ x", "3. x" or "> x" at the start of a line: a list or a quote
        marker = start[2]
        escaped = f"\\{marker}" if marker in "-+>" else f"{marker[:-1]}\\{marker[-1]}"
        line = line[: start.start(2)] + escaped + line[start.end(2) :]
    return line


def escape(text: str) -> str:
    """Markdown-escape user text: `*not bold*` stays literal, a `|` cannot break a table."""
    return "  \n".join(_escape_line(line) for line in text.splitlines() or [""])


def _sentence(text: str) -> str:
    text = escape(text)
    return text if text.endswith((".", "!", "?")) else text + "."


def _cell(text: str) -> str:
    return escape(" ".join(text.split())) or " "


def _day(moment: datetime) -> str:
    return f"{moment.day} {moment:%B %Y}"


def _kpi_table(kpis: list[Kpi]) -> list[str]:
    rows = [
        "| KPI | Baseline | Target | Current | Progress | Status |",
        "|---|---:|---:|---:|---:|---|",
    ]
    for k in kpis:
        direction = {"maintain_above": "stay ≥ ", "maintain_below": "stay ≤ "}.get(k.direction, "")
        rows.append(
            f"| {_cell(k.name)} | {format_value(k.baseline, k.unit)} "
            f"| {direction}{format_value(k.target, k.unit)} | {format_value(k.current, k.unit)} "
            f"| {format_progress(k.progress)} | {k.status} |"
        )
    return rows


def _header(review: Review) -> list[str]:
    info = review.session
    facts = [review.template.name, _day(info.created_at)]
    if info.series:
        facts.insert(1, f"series {escape(info.series)}")
    if review.closed:
        facts.append("closed")
    attendees = [escape(p.name) for p in review.participants.values() if p.role != "observer"]
    lines = [f"# {escape(info.title)}", "", " · ".join(facts), ""]
    lines.append(f"- **Facilitator:** {escape(info.facilitator)}")
    lines.append(f"- **Attendees:** {', '.join(attendees) if attendees else 'none recorded'}")
    for parameter in review.template.parameters:
        if parameter.name in review.parameters:
            lines.append(f"- **{parameter.label}:** {escape(review.parameters[parameter.name])}")
    return lines


def _objectives(review: Review) -> list[str]:
    lines = ["", "## Objectives and KPIs", ""]
    if not review.objectives and not review.kpis:
        return [*lines, "No objectives recorded."]
    for number, objective in enumerate(review.objectives.values(), start=1):
        lines += [f"### {number}. {escape(objective.statement)}", ""]
        if objective.why:
            lines += [f"*Why:* {escape(objective.why)}", ""]
        kpis = review.kpis_of(objective.id)
        lines += [*_kpi_table(kpis), ""] if kpis else ["No KPI measures this objective yet.", ""]
    unlinked = review.unlinked_kpis()
    if unlinked:
        lines += ["### KPIs not linked to an objective", "", *_kpi_table(unlinked), ""]
    return lines[:-1]


def _answers(review: Review) -> list[str]:
    lines = ["", "## What changed", ""]
    if not review.answers:
        return [*lines, "No impact answers recorded."]
    by_question: dict[str, list] = {}
    for answer in review.answers.values():
        by_question.setdefault(answer.question, []).append(answer)
    for question, answers in by_question.items():
        lines += [f"**{escape(question)}**", ""]
        for answer in answers:
            objective = review.objectives.get(answer.objective_id or "")
            about = f" *(on: {escape(objective.statement)})*" if objective else ""
            lines.append(f"- {escape(answer.text)} — {escape(answer.by)}{about}")
        lines.append("")
    return lines[:-1]


def _decisions(review: Review) -> list[str]:
    lines = ["", "## Decisions", ""]
    if not review.decisions:
        return [*lines, "No decisions recorded."]
    for number, decision in enumerate(review.decisions.values(), start=1):
        parts = [f"{number}. **{_sentence(decision.text)}**"]
        if decision.rationale:
            parts.append(f"Rationale: {_sentence(decision.rationale)}")
        if decision.owner:
            parts.append(f"Owner: {_sentence(decision.owner)}")
        if decision.revisit_if:
            parts.append(f"Revisit if: {_sentence(decision.revisit_if)}")
        lines.append(" ".join(parts))
    return lines


def _actions(review: Review) -> list[str]:
    lines = ["", "## Action items", ""]
    if not review.actions:
        return [*lines, "No action items recorded."]
    lines += ["| # | Action | Owner | Due | Status | Should move |", "|---|---|---|---|---|---|"]
    for action in review.actions.values():
        kpi = review.kpis.get(action.kpi_id or "")
        objective = review.objectives.get(action.objective_id or "")
        moves = kpi.name if kpi else objective.statement if objective else "—"
        lines.append(
            f"| {action.id} | {_cell(action.text)} | {_cell(action.owner or '—')} "
            f"| {action.due.isoformat() if action.due else '—'} | {action.status} | {_cell(moves)} |"
        )
    return lines


def _notes(review: Review) -> list[str]:
    if not review.notes:
        return []
    return ["", "## Notes", "", *(f"- {escape(n.text)} — {escape(n.actor)}" for n in review.notes)]


def minutes(review: Review, total_events: int | None = None) -> str:
    """The minutes of the review as it stands (as of `review.as_of_seq`)."""
    lines = _header(review) + _objectives(review) + _answers(review) + _decisions(review)
    lines += _actions(review) + _notes(review)
    as_of = f"as of event {review.as_of_seq}"
    if total_events is not None and total_events != review.as_of_seq:
        as_of += f" of {total_events}"
        if review.updated_at:
            as_of += f" ({review.updated_at:%Y-%m-%d %H:%M} UTC)"
    lines += ["", "---", "", f"*Exported from reviewtui: session `{review.session.id}`, {as_of}.*", ""]
    return "\n".join(lines)

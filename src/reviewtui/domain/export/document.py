"""The minutes as a document of blocks: written out as Markdown for export, drawn by the app's
Close phase. One source, so what the room reads back is what the wiki gets.

The minutes say what the room said, in its words: who was there, what came of last time's
actions and whether they moved their KPI, the review itself, the dot votes, the timeboxes. Never
an id (of an item, a session or a field): people read them, and the CSV and JSON keep the ids."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Literal, NamedTuple

from reviewtui.domain.confidence import in_words
from reviewtui.domain.expectations import stated, try_expect
from reviewtui.domain.kpi import format_change, format_number, format_progress, format_value
from reviewtui.domain.review import Action, Kpi, Review
from reviewtui.domain.series import Threads, did_it_move, raised_decisions

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


def _day(moment: date) -> str:
    return f"{moment.day} {moment:%B %Y}"


def _date(text: str) -> str:
    """An ISO date as people write it (31 December 2026); anything else as it was typed."""
    try:
        return _day(date.fromisoformat(text))
    except ValueError:
        return text


def _human(name: str) -> str:
    """A name the code uses (a parameter, a phase of a newer version) as words: "due_date" -> "Due date"."""
    words = name.replace("_", " ").replace("-", " ").strip()
    return words[:1].upper() + words[1:]


def _joined(lines: Iterable[Line]) -> Line:
    """Lines joined with commas: "Maya, Tom (observer), Ana"."""
    spans: list[Span] = []
    for n, line in enumerate(lines):
        spans += [ours(", ")] if n else []
        spans += line
    return tuple(spans)


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def _duration(seconds: float) -> str:
    """Seconds as a person says them: "5 min", "4 min 30 s", "45 s"."""
    minutes, rest = divmod(round(abs(seconds)), 60)
    if minutes and rest:
        return f"{minutes} min {rest} s"
    return f"{minutes} min" if minutes else f"{rest} s"


def _titles(review: Review, threads: Threads | None) -> dict[str, str]:
    """Each session of the series by id -> its title: the minutes name sessions, never their ids."""
    titles = {r.session.id: r.session.title for r in threads.series} if threads is not None else {}
    titles[review.session.id] = review.session.title
    return titles


def _session_named(review: Review, session_id: str | None, titles: Mapping[str, str]) -> Line:
    if session_id == review.session.id:
        return (ours("this session"),)
    title = titles.get(session_id or "")
    if title:
        return (typed(title),)
    return (ours("the last session" if session_id == review.carried_from else "an earlier session"),)


def _proposed(proposed: bool) -> Line:
    """A participant's contribution the facilitator has not accepted (yet): said so, wherever it is."""
    # The blank outside the emphasis: Markdown takes "* (" for a literal star, not emphasis.
    return (ours(" "), ours("(proposed, not accepted yet)", "italic")) if proposed else ()


def _owner_and_due(action: Action) -> Line:
    details = [(typed(action.owner),)] if action.owner else []
    if action.due:
        details.append((ours(f"due {action.due.isoformat()}"),))
    return (ours(" ("), *_joined(details), ours(")")) if details else ()


# ---------------------------------------------------------------------------------- the header


def _parameters(review: Review) -> list[Line]:
    """A partner review's partner, deadline and budget (any template's parameters), by their labels."""
    lines: list[Line] = []
    declared = {parameter.name: parameter for parameter in review.template.parameters}
    ordered = [name for name in declared if name in review.parameters]
    ordered += [name for name in review.parameters if name not in declared]  # a newer version's
    for name in ordered:
        parameter = declared.get(name)
        value = review.parameters[name]
        shown = _date(value) if parameter is not None and parameter.kind == "date" else value
        label = parameter.label if parameter is not None else _human(name)
        lines.append((ours(f"{label}:", "bold"), ours(" "), typed(shown)))
    return lines


_ATTENDANCE: tuple[tuple[bool | None, str], ...] = ((True, "Present"), (False, "Away"), (None, "Not marked"))


def _attendance(review: Review) -> list[Line]:
    """Who was here, who was away, and who was expected (carried over) but never marked."""
    lines: list[Line] = []
    for here, label in _ATTENDANCE:
        people = [
            (typed(p.name), *((ours(" (observer)"),) if p.role == "observer" else ()))
            for p in review.participants.values()
            if p.here is here
        ]
        if people:
            lines.append((ours(f"{label}:", "bold"), ours(" "), *_joined(people)))
        elif here is True:
            lines.append((ours(f"{label}:", "bold"), ours(" none recorded")))
    return lines


def _header(review: Review) -> list[Block]:
    info = review.session
    facts: list[Span] = [ours(review.template.name)]
    if info.series:
        facts += [ours(" · series "), typed(info.series)]
    facts.append(ours(f" · {_day(info.created_at)}"))
    if review.closed:
        facts.append(ours(" · closed"))
    facts_list: list[Line] = [
        *_parameters(review),
        (ours("Facilitator:", "bold"), ours(" "), typed(review.facilitator)),
        *_attendance(review),
    ]
    return [Heading(1, (typed(info.title),)), Paragraph(tuple(facts)), Items(tuple(facts_list))]


# ---------------------------------------------------------------------------------- check-in

_VERDICTS = {"done": "done", "not done": "not done — carried again", "dropped": "dropped"}


def _checkin(review: Review, titles: Mapping[str, str]) -> list[Block]:
    """The actions carried over from last time, each with what its owner said of it."""
    carried = review.carried_actions()
    if not carried:
        return []
    source = review.carried_from or carried[0].carried_from
    intro = (ours("Carried over from "), *_session_named(review, source, titles), ours(", reviewed with each owner:"))
    items = []
    for action in carried:
        verdict = _VERDICTS.get(action.review.verdict, action.review.verdict) if action.review else "not reviewed"
        line: Line = (
            typed(action.text),
            *_owner_and_due(action),
            *_proposed(action.proposed),
            ours(": "),
            ours(verdict, "bold"),
        )
        if action.review and action.review.note:
            line += (ours(" — "), typed(action.review.note))
        items.append(line)
    return [Heading(2, (ours("Check-in: last time's actions"),)), Paragraph(intro), Items(tuple(items))]


def _did_it_move(review: Review, threads: Threads | None, titles: Mapping[str, str]) -> list[Block]:
    """Done actions of the series that should move a KPI, and how the KPI moved since: what the
    check-in shows. Left out when the series was not looked up (`threads` None)."""
    moves = did_it_move(threads) if threads is not None else []
    if not moves:
        return []
    items = []
    for move in moves:
        line: list[Span] = [
            typed(move.action.text),
            *_proposed(move.action.proposed),
            ours(" → "),
            typed(move.kpi_name),
        ]
        if not move.readings_since:
            line.append(ours(": no reading since it was done", "italic"))
        else:
            values = f"{format_value(move.before, move.unit)} → {format_value(move.now, move.unit)}"
            # The values carry the unit, which people typed. Better or worse is said in words: a
            # fall is good news for a KPI meant to go down.
            line += [ours(": "), typed(values), ours(" ("), typed(format_change(move.change, move.unit)), ours(")")]
            if move.better is not None:
                line += [ours(" "), ours("better" if move.better else "worse", "bold")]
        line.append(ours(f" — done {move.closed_at:%Y-%m-%d}"))
        if move.session_id != review.session.id:
            line += [ours(", in "), *_session_named(review, move.session_id, titles)]
        judged = move.judged
        if judged is not None:  # the unit is people's text
            line += [
                ours(". Expected "),
                typed(judged.stated(move.unit)),
                ours(": "),
                ours(judged.verdict, "bold"),
                ours(" "),
                typed(judged.outcome(move.unit)),
            ]
        items.append(tuple(line))
    intro = (ours("Each done action's KPI since:"),)
    return [Heading(2, (ours("Did it move?"),)), Paragraph(intro), Items(tuple(items))]


def _to_revisit(review: Review, threads: Threads | None, titles: Mapping[str, str]) -> list[Block]:
    """Decisions whose revisit condition holds now (across the series, once it was looked up), and
    those flagged since the last check-in by a reading (in the last session or in this one)."""
    raised = raised_decisions(threads) if threads is not None else []
    earlier = [r for r in threads.series if r.session.id != review.session.id] if threads is not None else []
    flagged = {(f.session_id, f.decision_id): f for r in [*earlier[-1:], review] for f in r.flags}
    items: list[Line] = []
    shown = set()
    for item in raised:
        shown.add((item.session_id, item.decision.id))
        items.append(
            (
                typed(item.decision.text, "bold"),
                *_proposed(item.decision.proposed),
                ours(" — revisit if "),
                typed(item.condition),
                ours(f": holds now ({format_number(item.value)}); decided in "),
                *_session_named(review, item.session_id, titles),
            )
        )
    for key, flag in flagged.items():
        if key not in shown:  # held on a reading since last time, though not any more
            items.append(
                (
                    typed(flag.decision, "bold"),
                    ours(" — revisit if "),
                    typed(flag.condition),
                    ours(f": held at {format_number(flag.value)} on {flag.at:%Y-%m-%d}; decided in "),
                    *_session_named(review, flag.session_id, titles),
                )
            )
    return [Heading(2, (ours("Decisions to revisit"),)), Items(tuple(items))] if items else []


# ---------------------------------------------------------------------------------- the review


def _kpi_table(review: Review, kpis: Iterable[Kpi]) -> Table:
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
                Cell(_paced_status(review, k)),
            )
        )
    return Table(
        ("KPI", "Baseline", "Target", "Current", "Progress", "Status"),
        (False, True, True, True, True, False),
        tuple(rows),
    )


def _paced_status(review: Review, kpi: Kpi) -> str:
    """The status, and for a KPI with a date, the pace it is held to: `at risk (55% due by now, all by 2026-12-31)`."""
    status = review.kpi_status(kpi)
    expected = kpi.expected_progress(review.day)
    if expected is None or kpi.by is None or status in ("achieved", "no data"):
        return status
    if status == "overdue":
        return f"overdue (due {kpi.by.isoformat()})"
    return f"{status} ({format_progress(expected)} due by now, all by {kpi.by.isoformat()})"


def _objectives(review: Review) -> list[Block]:
    blocks: list[Block] = [Heading(2, (ours("Objectives and KPIs"),))]
    if not review.objectives and not review.kpis:
        return [*blocks, Paragraph((ours("No objectives recorded."),))]
    by_objective = review.kpis_by_objective()
    for number, objective in enumerate(review.objectives.values(), start=1):
        status = review.objective_status(objective.id)
        blocks.append(
            Heading(3, (ours(f"{number}. "), typed(objective.statement), *([ours(f" — {status}")] if status else [])))
        )
        if objective.why:
            blocks.append(Paragraph((ours("Why:", "italic"), ours(" "), typed(objective.why))))
        kpis = by_objective.get(objective.id)
        blocks.append(_kpi_table(review, kpis) if kpis else Paragraph((ours("No KPI measures this objective yet."),)))
        blocks += _kpi_problems(kpis or ())
    unlinked = by_objective.get(None)
    if unlinked:
        blocks += [
            Heading(3, (ours("KPIs not linked to an objective"),)),
            _kpi_table(review, unlinked),
            *_kpi_problems(unlinked),
        ]
    return blocks + _confidence(review)


def _confidence(review: Review) -> list[Block]:
    """The room's blind confidence: how many rated while the round is open (never a value), the
    ratings without names once it is revealed."""
    round_ = review.open_round
    if round_ is not None:
        given = len(round_.sealed)
        return [
            Paragraph(
                (
                    ours(
                        f"A blind confidence round is open: {given} rating{'s' if given != 1 else ''} given, not revealed yet."
                    ),
                )
            )
        ]
    if not review.confidence_values:
        return []
    items = tuple(
        (typed(in_words(review.kpis[kpi_id].name, values)),)
        for kpi_id, values in review.confidence_values.items()
        if kpi_id in review.kpis
    )
    intro = ours("How sure the room is that each KPI reaches its target (0 to 10, rated blind):")
    return [Paragraph((intro,)), Items(items)]


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


def _action_rows(review: Review, actions: Iterable[Action]) -> Table:
    rows = []
    for action in actions:
        kpi = review.kpis.get(action.kpi_id or "")
        objective = review.objectives.get(action.objective_id or "")
        moves = kpi.name if kpi else objective.statement if objective else "—"
        expect = try_expect(action.expect)
        if kpi and expect:  # the unit is people's text, like the KPI's name
            moves += ", expected " + stated(expect, action.expect_from, action.expect_by, kpi.unit)
        rows.append(
            (
                Cell(action.text, typed=True),
                Cell(action.owner or "—", typed=True),
                Cell(action.due.isoformat() if action.due else "—"),
                Cell(action.status_shown),
                Cell(moves, typed=True),
            )
        )
    header = ("Action", "Owner", "Due", "Status", "Should move")
    return Table(header, (False,) * len(header), tuple(rows))


def _actions(review: Review) -> list[Block]:
    """The agreed actions, then the proposals not accepted yet, apart: a proposal is not agreed."""
    blocks: list[Block] = [Heading(2, (ours("Action items"),))]
    if not review.actions:
        return [*blocks, Paragraph((ours("No action items recorded."),))]
    agreed = [a for a in review.actions.values() if not a.proposed]
    proposed = [a for a in review.actions.values() if a.proposed]
    if agreed:
        blocks.append(_action_rows(review, agreed))
    if proposed:
        blocks += [
            Paragraph((ours("Proposed, not accepted yet:", "bold"),)),
            _action_rows(review, proposed),
        ]
    return blocks


# ---------------------------------------------------------------------------------- the meeting


def _phase_title(review: Review, phase_id: str) -> Span:
    phase = review.template.phase(phase_id)
    return ours(phase.title) if phase is not None else typed(_human(phase_id))  # a newer version's phase


def _in_phase_order(review: Review, phase_ids: Iterable[str]) -> list[str]:
    order = {phase.id: n for n, phase in enumerate(review.template.phases)}
    return sorted(phase_ids, key=lambda phase_id: order.get(phase_id, len(order)))


def _votes(review: Review) -> list[Block]:
    """The dots of each phase that voted, once revealed: the items by their totals, highest first."""
    if not review.voting:
        return []
    blocks: list[Block] = [Heading(2, (ours("Dot votes"),))]
    order = {item_id: n for n, item_id in enumerate([*review.answers, *review.actions, *review.decisions])}
    for phase_id in _in_phase_order(review, review.voting):
        voting = review.voting[phase_id]
        title = _phase_title(review, phase_id)
        each = f"{_plural(voting.votes, 'dot')} each"
        if not voting.revealed:  # the room has not seen the totals: nor does the record
            blocks.append(Paragraph((Span(title.text, "bold", title.typed), ours(f": {each}; not revealed yet."))))
            continue
        state = "voting closed" if voting.closed else "revealed, voting still open"
        blocks.append(Paragraph((Span(title.text, "bold", title.typed), ours(f": {each}; {state}."))))
        tally = sorted(review.tally(phase_id).items(), key=lambda counted: (-counted[1], order.get(counted[0], 0)))
        items: list[Line] = []
        for item_id, dots in tally:
            item = review.find_item(item_id)
            if item is not None:
                items.append(
                    (typed(item.text), *_proposed(item.proposed), ours(" — "), ours(_plural(dots, "dot"), "bold"))
                )
        blocks.append(Items(tuple(items), numbered=True) if items else Paragraph((ours("No dots placed."),)))
    return blocks


def _timeboxes(review: Review) -> list[Block]:
    """Each timeboxed phase: planned, used (up to the last event: the minutes read no clock)."""
    now = review.updated_at
    if not review.timers or now is None:
        return []
    rows = []
    planned_total = used_total = 0
    for phase_id in _in_phase_order(review, review.timers):
        timer = review.timers[phase_id]
        planned, used = timer.seconds, max(round(timer.used(now)), 0)
        planned_total, used_total = planned_total + planned, used_total + used
        title = _phase_title(review, phase_id)
        rows.append(
            (
                Cell(title.text, typed=title.typed),
                Cell(_duration(planned)),
                Cell(_duration(used) + (" so far" if timer.running else "")),
                Cell(_over_under(used - planned)),
            )
        )
    if len(rows) > 1:
        rows.append(
            (
                Cell("Total"),
                Cell(_duration(planned_total)),
                Cell(_duration(used_total)),
                Cell(_over_under(used_total - planned_total)),
            )
        )
    header = ("Phase", "Planned", "Used", "Over/under")
    return [Heading(2, (ours("Timeboxes"),)), Table(header, (False, True, True, False), tuple(rows))]


def _over_under(seconds: float) -> str:
    if not seconds:
        return "on time"
    return f"{_duration(seconds)} {'over' if seconds > 0 else 'under'}"


def _notes(review: Review) -> list[Block]:
    if not review.notes:
        return []
    notes = tuple((typed(n.text), ours(" — "), typed(n.actor)) for n in review.notes)
    return [Heading(2, (ours("Notes"),)), Items(notes)]


def minutes_document(review: Review, total_events: int | None = None, threads: Threads | None = None) -> list[Block]:
    """The minutes of the review as it stands (as of `review.as_of_seq`), as blocks, in people's
    words: never an id. `threads`: the series with this review as its last session, once looked
    up (application.series); without it the minutes leave out "Did it move?" and say only the
    decisions flagged in this session."""
    titles = _titles(review, threads)
    blocks = _header(review)
    blocks += _checkin(review, titles) + _did_it_move(review, threads, titles) + _to_revisit(review, threads, titles)
    blocks += _objectives(review) + _answers(review) + _decisions(review) + _actions(review)
    blocks += _votes(review) + _timeboxes(review) + _notes(review)
    as_of = f"as of event {review.as_of_seq}"
    if total_events is not None and total_events != review.as_of_seq:
        as_of += f" of {total_events}"
        if review.updated_at:
            as_of += f" ({review.updated_at:%Y-%m-%d %H:%M} UTC)"
    footer = (
        ours("Exported from reviewtui: ", "italic"),
        typed(review.session.title, "italic"),
        ours(f", {_day(review.session.created_at)}, {as_of}.", "italic"),
    )
    return [*blocks, Rule(), Paragraph(footer)]

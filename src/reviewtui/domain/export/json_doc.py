"""`export --format json`: the review as of an event, with KPI progress, readings, history and the log."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from reviewtui.domain.basics import format_instant
from reviewtui.domain.confidence import spread
from reviewtui.domain.review import Action, Kpi, Review
from reviewtui.domain.series import HistoryPoint, judge


def _kpi(review: Review, kpi: Kpi, history: Sequence[HistoryPoint]) -> dict[str, Any]:
    return {
        "id": kpi.id,
        "name": kpi.name,
        "objective_id": kpi.objective_id,
        "unit": kpi.unit,
        "baseline": kpi.baseline,
        "target": kpi.target,
        "direction": kpi.direction,
        "current": kpi.current,
        "progress": kpi.progress,
        "status": review.kpi_status(kpi),
        "by": kpi.by.isoformat() if kpi.by else None,
        "since": kpi.since.isoformat() if kpi.by and kpi.since else None,
        "expected_progress": kpi.expected_progress(review.day),
        "confidence": _confidence(review, kpi),
        "problem": kpi.problem,
        "readings": [
            {
                "seq": r.seq,
                "at": format_instant(r.at),
                "value": r.value,
                "note": r.note,
                "source": r.source,
                "by": r.actor,
            }
            for r in kpi.readings
        ],
        "history": [{"session_id": h.session_id, "at": format_instant(h.at), "value": h.value} for h in history],
    }


def own_history(review: Review, kpi: Kpi) -> list[HistoryPoint]:
    """The KPI's readings in this session alone, as history points."""
    return [HistoryPoint(r.carried_from or review.session.id, r.at, r.value) for r in kpi.readings]


def _confidence(review: Review, kpi: Kpi) -> dict[str, Any] | None:
    """The room's blind confidence in the KPI: while a round is open only how many rated it (never
    a value, nor how many gave which); once revealed, the count, the median and every value."""
    round_ = review.open_round
    if round_ is not None:
        return {"count": round_.count(kpi.id)}
    values = review.confidence_values.get(kpi.id)
    if values is None:
        return None
    found = spread(values)
    return {"count": found.count, "median": found.median, "values": list(found.values)}


def _expectation(
    review: Review, action: Action, history: Mapping[str, Sequence[HistoryPoint]] | None
) -> dict[str, Any] | None:
    """What a done action expected of its KPI and whether it held (the verdict is for done actions)."""
    kpi = review.kpis.get(action.kpi_id or "")
    points = (history or {}).get(kpi.id) if kpi else None
    judged = judge(action, points if points is not None else own_history(review, kpi) if kpi else [], review.day)
    if judged is None:
        return None
    done = action.status == "done"
    return {
        "kpi": action.kpi_id,
        "expect": str(judged.expect),
        "from_value": judged.from_value,
        "by": judged.by.isoformat() if judged.by else None,
        "verdict": judged.verdict if done else None,
        "value": judged.value,
    }


def json_document(
    review: Review,
    events: Sequence[Mapping[str, Any]],
    history: Mapping[str, Sequence[HistoryPoint]] | None = None,
) -> dict[str, Any]:
    """DESIGN.md's export document. `events` are the raw documents up to `review.as_of_seq`;
    `history` maps a KPI id to its readings across the series (default: this session's)."""
    info = review.session
    by_objective = review.kpis_by_objective()
    return {
        "session": {
            **info.document(),
            "status": review.status,
            "parameters": dict(review.parameters),
            "phase": review.phase,
        },
        "as_of_seq": review.as_of_seq,
        "objectives": [
            {
                "id": o.id,
                "statement": o.statement,
                "why": o.why,
                "added_by": o.added_by,
                "kpi_ids": [k.id for k in by_objective.get(o.id, ())],
                "status": review.objective_status(o.id),
            }
            for o in review.objectives.values()
        ],
        "kpis": [
            _kpi(review, k, history[k.id] if history and k.id in history else own_history(review, k))
            for k in review.kpis.values()
        ],
        "answers": [
            {
                "id": a.id,
                "question": a.question,
                "text": a.text,
                "objective_id": a.objective_id,
                "by": a.by,
                "at": format_instant(a.at),
                "proposed": a.proposed,
            }
            for a in review.answers.values()
        ],
        "actions": [
            {
                "id": a.id,
                "text": a.text,
                "owner": a.owner,
                "due": a.due.isoformat() if a.due else None,
                "status": a.status,
                "objective_id": a.objective_id,
                "kpi_id": a.kpi_id,
                "origin_session": a.origin_session,
                "added_at": format_instant(a.added_at),
                "closed_at": format_instant(a.closed_at) if a.closed_at else None,
                "proposed": a.proposed,
                "expectation": _expectation(review, a, history),
            }
            for a in review.actions.values()
        ],
        "decisions": [
            {
                "id": d.id,
                "text": d.text,
                "rationale": d.rationale,
                "owner": d.owner,
                "revisit_if": d.revisit_if,
                "by": d.by,
                "at": format_instant(d.at),
                "proposed": d.proposed,
            }
            for d in review.decisions.values()
        ],
        "participants": [
            {"name": p.name, "role": p.role, "here": p.here, "connected": p.connected}
            for p in review.participants.values()
        ],
        "notes": [{"seq": n.seq, "at": format_instant(n.at), "by": n.actor, "text": n.text} for n in review.notes],
        "skipped": [{"seq": s.seq, "type": s.type, "reason": s.reason} for s in review.skipped],
        "events": [dict(doc) for doc in events[: review.as_of_seq]],
    }

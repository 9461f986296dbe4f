"""What the room's screen shows of a review: its phase, and in it what the facilitator points at.

The projector view (`open --projector`, `web --projector`) draws this. Which item the
facilitator has highlighted is not in the log (it moves at every arrow key); the view is told it
as a `Pointer` from the facilitator's presence. Without one, or when it names nothing of this
phase, each phase shows what the room is most likely on: the latest answer's question, the
latest action agreed, the first carried action not yet reviewed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from reviewtui.domain.review import Action, Answer, Decision, Kpi, Objective, Review
from reviewtui.domain.templates import Phase

QUESTION = "question:"
"""A pointer's item naming an impact question by its place in the phase: `question:0`."""


@dataclass(frozen=True)
class Projection:
    phase: Phase | None
    objective: Objective | None = None
    """The objective whose KPIs are shown (objectives and KPIs phases)."""
    kpis: tuple[Kpi, ...] = ()
    """Every KPI of that objective, in the session's order."""
    kpi: Kpi | None = None
    """The KPI in focus: charted."""
    question: str | None = None
    answers: tuple[Answer, ...] = ()
    """The answers to the question so far, oldest first."""
    action: Action | None = None
    """The action being agreed (actions), or being reviewed (check-in)."""
    actions: tuple[Action, ...] = ()
    """The phase's actions: this session's (actions), or those carried in (check-in)."""
    decision: Decision | None = None


def project(review: Review, phase_id: str | None, item: str | None) -> Projection:
    """What to show of `review` in phase `phase_id` (the room's), with `item` highlighted
    there by the facilitator (None: not known)."""
    template = review.template
    phase = template.phase(phase_id or "") or (template.phases[0] if template.phases else None)
    if phase is None:
        return Projection(None)
    match phase.kind:
        case "objectives" | "kpis":
            return _kpis(review, phase, item)
        case "impact":
            return _impact(review, phase, item)
        case "actions":
            actions = tuple(a for a in review.actions.values() if not a.carried_from)
            pointed = review.actions.get(item or "")
            action = pointed if pointed in actions else (actions[-1] if actions else None)
            return Projection(phase, action=action, actions=actions)
        case "check-in":
            carried = tuple(review.carried_actions())
            pointed = review.actions.get(item or "")
            waiting = next((a for a in carried if a.review is None), carried[-1] if carried else None)
            return Projection(phase, action=pointed if pointed in carried else waiting, actions=carried)
        case "decisions":
            decisions = list(review.decisions.values())
            decision = review.decisions.get(item or "") or (decisions[-1] if decisions else None)
            return Projection(phase, decision=decision)
        case _:
            return Projection(phase)


def _kpis(review: Review, phase: Phase, item: str | None) -> Projection:
    by_objective = review.kpis_by_objective()
    kpi = review.kpis.get(item or "")
    if kpi is not None:
        objective_id = kpi.objective_id
    elif item in review.objectives:
        objective_id = item
    else:  # the first objective with a KPI; else the KPIs of none; else the first objective
        with_kpis = [o for o in review.objectives if by_objective.get(o)]
        if with_kpis:
            objective_id = with_kpis[0]
        elif by_objective.get(None):
            objective_id = None
        else:
            objective_id = next(iter(review.objectives), None)
    kpis = tuple(by_objective.get(objective_id, ()))
    return Projection(
        phase,
        objective=review.objectives.get(objective_id or ""),
        kpis=kpis,
        kpi=kpi if kpi in kpis else (kpis[0] if kpis else None),
    )


def _impact(review: Review, phase: Phase, item: str | None) -> Projection:
    template = review.template
    mine = [a for a in review.answers.values() if template.phase_of_question(a.question) == phase.id]
    question: str | None = None
    number = re.fullmatch(rf"{QUESTION}([0-9]{{1,4}})", item or "")  # not isdigit(): "²" is a digit to it
    if number is not None:
        index = int(number.group(1))
        question = phase.questions[index] if index < len(phase.questions) else None
    elif item in review.answers:
        question = review.answers[item].question
    if question is None:
        question = mine[-1].question if mine else (phase.questions[0] if phase.questions else None)
    return Projection(phase, question=question, answers=tuple(a for a in mine if a.question == question))

"""Checks on a whole review, shown where they apply: the coach's nudges toward outcomes.

Every check that asks "is this an outcome?" asks the coach (`classify`), so the checks get better
when the coach does: an objective that reads as an output, an objective whose KPIs all count
activity, a KPI that counts activity, an action that moves nothing but activity.
Each finding has a key that names the check, the item and a fingerprint of its text: a
dismissed finding stays dismissed until the text it was about changes.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from typing import Literal

from reviewtui.domain.coach import classify
from reviewtui.domain.review import Review

Check = Literal[
    "objective-is-output",
    "objective-without-kpi",
    "kpi-counts-activity",
    "kpi-without-target",
    "kpi-without-baseline",
    "action-without-outcome",
    "carried-action-unreviewed",
]


@dataclass(frozen=True)
class Finding:
    key: str
    check: Check
    item_id: str
    message: str
    suggestion: str | None = None


def _key(check: Check, item_id: str, *texts: object) -> str:
    fingerprint = zlib.crc32("\x1f".join(str(t) for t in texts).encode("utf-8"))
    return f"{check}:{item_id}:{fingerprint:08x}"


def _listed(names: list[str]) -> str:
    """'Blog posts published', or 'Blog posts published' and 2 more."""
    shown = f"'{names[0]}'"
    return shown if len(names) == 1 else f"{shown} and {len(names) - 1} more"


def check_review(review: Review, include_dismissed: bool = False) -> list[Finding]:
    """Every finding on the review, in the order of the items; dismissed ones left out by default."""
    findings: list[Finding] = []
    measured = review.kpis_by_objective()
    for objective in review.objectives.values():
        verdict = classify(objective.statement)
        if verdict.kind == "output":
            findings.append(
                Finding(
                    _key("objective-is-output", objective.id, objective.statement),
                    "objective-is-output",
                    objective.id,
                    f"Reads as an output: it {verdict.reason}.",
                    verdict.suggestion,
                )
            )
        kpis = measured.get(objective.id, [])
        if not kpis:
            findings.append(
                Finding(
                    _key("objective-without-kpi", objective.id),
                    "objective-without-kpi",
                    objective.id,
                    "No KPI measures this objective: how will we know it happened?",
                    "Add a KPI with a baseline and a target.",
                )
            )
        elif all(classify(kpi.name).kind == "output" for kpi in kpis):
            names = [kpi.name for kpi in kpis]
            findings.append(
                Finding(
                    _key("objective-without-kpi", objective.id, *names),
                    "objective-without-kpi",
                    objective.id,
                    f"Its KPIs only count the team's activity ({_listed(names)}): "
                    "how will we know the outcome happened?",
                    "Add a KPI that measures the change for the people it is for, with a baseline and a target.",
                )
            )
    for kpi in review.kpis.values():
        verdict = classify(kpi.name)
        if verdict.kind == "output":
            findings.append(
                Finding(
                    _key("kpi-counts-activity", kpi.id, kpi.name),
                    "kpi-counts-activity",
                    kpi.id,
                    f"Counts activity: it {verdict.reason}.",
                    verdict.suggestion,
                )
            )
        if kpi.target is None:
            findings.append(
                Finding(
                    _key("kpi-without-target", kpi.id, kpi.target),
                    "kpi-without-target",
                    kpi.id,
                    "No target: where should it get to, and by when?",
                )
            )
        if kpi.baseline is None and kpi.direction in ("increase", "decrease"):
            findings.append(
                Finding(
                    _key("kpi-without-baseline", kpi.id, kpi.baseline),
                    "kpi-without-baseline",
                    kpi.id,
                    "No baseline: where did it start? Without one, progress cannot be measured.",
                )
            )
    for action in review.actions.values():
        if action.status != "open" or action.objective_id:
            continue
        linked = review.kpis.get(action.kpi_id) if action.kpi_id else None
        if not action.kpi_id:
            findings.append(
                Finding(
                    _key("action-without-outcome", action.id, action.objective_id, action.kpi_id),
                    "action-without-outcome",
                    action.id,
                    "Linked to no objective or KPI: which outcome will this move?",
                )
            )
        elif linked is not None and classify(linked.name).kind == "output":
            findings.append(
                Finding(
                    _key("action-without-outcome", action.id, action.kpi_id, linked.name),
                    "action-without-outcome",
                    action.id,
                    f"Linked only to a KPI that counts activity ({_listed([linked.name])}): which outcome will this move?",
                )
            )
    for action in review.carried_actions():
        if action.review is None:
            findings.append(
                Finding(
                    _key("carried-action-unreviewed", action.id),
                    "carried-action-unreviewed",
                    action.id,
                    "Carried over from the last session and not yet reviewed with its owner: "
                    "done, not done or dropped?",
                )
            )
    if include_dismissed:
        return findings
    return [finding for finding in findings if finding.key not in review.dismissed]

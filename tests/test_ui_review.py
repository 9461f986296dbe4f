"""A whole outcome review run through the keyboard, checked in the JSON export and on disk."""

from __future__ import annotations

import json
from pathlib import Path

from textual.widgets import DataTable
from ui_support import ManualClock, app_for, choose, in_field, settle, tab_to, type_in

from reviewtui.domain.export.json_doc import json_document
from reviewtui.store import SessionStore
from reviewtui.ui.screens.facilitator import FacilitatorScreen

OBJECTIVES = [
    ("Increase 30-day retention of new self-serve customers", "Most churn happens in month one"),
    ("Reduce time to first report for new workspaces", "Fast value predicts conversion"),
    ("Grow expansion revenue from existing accounts", "Net revenue retention is under 100%"),
]
# (name, objective number, baseline, target, unit, readings)
KPIS = [
    ("30-day retention", 1, "31", "40", "%", ["33", "36.5"]),
    ("Median time to first report", 2, "52", "24", "hours", ["30"]),
    ("Trial-to-paid conversion", 2, "8.2", "11", "%", ["10.4"]),
    ("Net revenue retention", 3, "96", "104", "%", ["98"]),
]
ANSWERS = [
    (0, "Tom", "Sample data cut the time to first report from 47 to 30 hours", "2."),
    (0, "Priya", "Setup tickets fell by a third", "1."),
    (1, "Jonas", "Same funnel, same cohort definition as last quarter", "2."),
    (1, "Ana", "Seat deals show in the Stripe export", "3."),
    (2, "Jonas", "Retention would have stayed flat", "1."),
    (3, "Ana", "Expansion came from seats, not the premium tier", "3."),
]
ACTIONS = [
    ("Interview 8 customers who churned in month one", "Priya", "2026-10-31", "KPI: 30-day retention"),
    ("Prompt owners to invite a teammate on day 2", "Tom", "2026-11-15", "KPI: 30-day retention"),
    ("Review the price of extra seats", "Ana", "2026-10-24", "KPI: Net revenue retention"),
    ("Ship sample data for every template", "Tom", "2026-11-01", "KPI: Median time to first report"),
]


async def next_phase(pilot, phase: str) -> None:
    await pilot.press("pagedown")
    await settle(pilot)
    assert pilot.app.screen.phase.id == phase


async def to_list(pilot) -> None:
    await pilot.press("escape")
    await settle(pilot)


async def test_a_whole_outcome_review_through_the_keyboard(sessions_dir: Path, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)  # the export dialog proposes a file in the current folder
    clock = ManualClock()
    store = SessionStore(sessions_dir, clock=clock)
    app = app_for(store, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        # --- home (empty) -> new session dialog
        await pilot.press("n")
        await settle(pilot)
        await type_in(pilot, "Q4 Growth Review", enter=False)
        await tab_to(pilot, in_field("series"))
        await type_in(pilot, "Growth review", enter=False)
        await tab_to(pilot, in_field("participants"))
        await type_in(pilot, "Tom, Ana, Priya, Jonas", enter=False)
        await pilot.press("ctrl+s")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, FacilitatorScreen) and screen.phase.id == "check-in"
        session_id = screen.session.id

        # --- check-in: a timebox
        await pilot.press("ctrl+t")
        await settle(pilot)
        await pilot.press("backspace", "backspace")
        await type_in(pilot, "5")
        clock.advance(240)

        # --- objectives
        await next_phase(pilot, "objectives")
        await pilot.press("ctrl+t")
        await settle(pilot)
        await pilot.press("enter")  # the suggested 10 minutes
        await settle(pilot)
        for statement, why in OBJECTIVES:
            await pilot.press("a")
            await settle(pilot)
            await type_in(pilot, statement)
            await type_in(pilot, why)
            await to_list(pilot)
            clock.advance(60)

        # --- KPIs
        await next_phase(pilot, "kpis")
        for name, objective, baseline, target, unit, readings in KPIS:
            await pilot.press("a")
            await settle(pilot)
            await tab_to(pilot, in_field("objective"))
            await choose(pilot, "objective", f"{objective}.")
            await tab_to(pilot, in_field("name"))
            await type_in(pilot, name)
            for field, value in (("baseline", baseline), ("target", target), ("unit", unit)):
                await tab_to(pilot, in_field(field))
                await type_in(pilot, value)
            await to_list(pilot)
            for reading in readings:
                await pilot.press("r")
                await settle(pilot)
                await type_in(pilot, f"reading of {name}")
                await type_in(pilot, reading)
                await to_list(pilot)
                clock.advance(30)

        # --- impact: six answers, each with who gave it
        await next_phase(pilot, "impact")
        for question, person, text, objective in ANSWERS:
            await tab_to(pilot, lambda w: w is not None and "question-list" in w.classes)
            await pilot.press("home", *["down"] * question, "enter")
            await settle(pilot)
            await choose(pilot, "by", person)
            await choose(pilot, "objective", objective)
            await tab_to(pilot, in_field("answer"))
            await type_in(pilot, text)
            clock.advance(45)

        # --- actions
        await next_phase(pilot, "actions")
        for text, owner, due, moves in ACTIONS:
            await pilot.press("a")
            await settle(pilot)
            await type_in(pilot, text)
            await choose(pilot, "owner", owner)
            await tab_to(pilot, in_field("due"))
            await type_in(pilot, due)
            await choose(pilot, "link", moves)
            await to_list(pilot)
        await tab_to(pilot, lambda w: w is not None and "item-list" in w.classes)
        await pilot.press("home", "d")  # the first action is done already
        await settle(pilot)

        # --- decisions, one of them captured from another phase with ctrl+d
        await pilot.press("ctrl+d")
        await settle(pilot)
        await type_in(pilot, "Make teammate invites part of onboarding")
        await type_in(pilot, "Every churned account was single-user")
        await choose(pilot, "owner", "Tom")
        await tab_to(pilot, in_field("revisit_if"))
        await type_in(pilot, "30-day retention < 33")
        await pilot.press("escape")
        await settle(pilot)
        await next_phase(pilot, "decisions")
        await pilot.press("ctrl+d")
        await settle(pilot)
        await type_in(pilot, "Keep the premium upsell campaign paused")
        await type_in(pilot, "Seats are the lever")
        await pilot.press("escape")
        await settle(pilot)

        # --- close: close the session, export the JSON
        await next_phase(pilot, "close")
        await pilot.press("c")
        await settle(pilot)
        await pilot.press("ctrl+e")
        await settle(pilot)

        await settle(pilot)
        await choose(pilot, "format", "Everything (JSON)")
        await tab_to(pilot, in_field("path"))
        await pilot.press("enter")
        await settle(pilot)

    exported = json.loads((tmp_path / f"{session_id}.json").read_text(encoding="utf-8"))
    log = store.load(session_id)
    assert exported == json.loads(json.dumps(json_document(log.review, log.documents)))
    assert exported["session"]["title"] == "Q4 Growth Review" and exported["session"]["status"] == "closed"
    assert exported["session"]["series"] == "Growth review"
    assert [p["name"] for p in exported["participants"]] == ["Maya", "Tom", "Ana", "Priya", "Jonas"]
    assert [(o["statement"], o["why"]) for o in exported["objectives"]] == OBJECTIVES
    kpis = {k["name"]: k for k in exported["kpis"]}
    assert list(kpis) == [k[0] for k in KPIS]
    for name, objective, baseline, target, unit, readings in KPIS:
        kpi = kpis[name]
        assert kpi["objective_id"] == f"o{objective}"
        assert (kpi["baseline"], kpi["target"], kpi["unit"]) == (float(baseline), float(target), unit)
        assert [r["value"] for r in kpi["readings"]] == [float(r) for r in readings]
        assert all(r["note"] == f"reading of {name}" for r in kpi["readings"])
    assert kpis["Median time to first report"]["direction"] == "decrease"
    assert kpis["30-day retention"]["status"] == "at risk"
    assert [(a["text"], a["by"], a["objective_id"]) for a in exported["answers"]] == [
        (text, person, f"o{objective[0]}") for _, person, text, objective in ANSWERS
    ]
    actions = exported["actions"]
    assert [(a["text"], a["owner"], a["due"]) for a in actions] == [(t, o, d) for t, o, d, _ in ACTIONS]
    assert [a["kpi_id"] for a in actions] == ["k1", "k1", "k4", "k2"]
    assert [a["status"] for a in actions] == ["done", "open", "open", "open"]
    decisions = exported["decisions"]
    assert [(d["text"], d["owner"], d["revisit_if"]) for d in decisions] == [
        ("Make teammate invites part of onboarding", "Tom", "30-day retention < 33"),
        ("Keep the premium upsell campaign paused", None, None),
    ]
    assert decisions[0]["rationale"] == "Every churned account was single-user"
    timers = [e for e in exported["events"] if e["type"] == "timer.started"]
    assert [(t["data"]["phase"], t["data"]["seconds"]) for t in timers] == [("check-in", 300), ("objectives", 600)]
    phases = [e["data"]["phase"] for e in exported["events"] if e["type"] == "phase.entered"]
    assert phases == ["check-in", "objectives", "kpis", "impact", "actions", "decisions", "close"]


async def test_home_filters_and_opens_sessions(demo_dir: Path) -> None:
    clock = ManualClock()
    app = app_for(SessionStore(demo_dir, clock=clock), clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        table = app.screen.query_one(DataTable)
        assert table.row_count == 2  # two series
        await pilot.press("slash")
        await type_in(pilot, "sprint 47", enter=False)
        assert table.row_count == 1
        await pilot.press("enter")  # its series
        await settle(pilot)
        await pilot.press("enter")  # its session
        await settle(pilot)
        assert isinstance(app.screen, FacilitatorScreen)
        assert app.screen.session.id == "2026-11-19-sprint-47-retrospective-c2rd"
        await pilot.press("ctrl+o")
        await settle(pilot)
        assert app.screen.query_one(DataTable).row_count == 1  # back home, the filter kept

"""In the app: a KPI's date is set and taken off in the KPI pane, its status follows the pace on
screen and on disk, a date that is not one is refused with nothing written, and the objective
shows its weakest KPI's status."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from textual.widgets import Label, Static
from ui_support import ManualClock, app_for, in_field, key, settle, tab_to, type_in

from reviewtui.application.sessions import create_session
from reviewtui.domain import changes as c
from reviewtui.store import SessionStore


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()  # 2026-10-07


@pytest.fixture
def store(sessions_dir: Path, clock: ManualClock) -> SessionStore:
    return SessionStore(sessions_dir, clock=clock)


@pytest.fixture
def session_id(store: SessionStore) -> str:
    session_id = create_session(store, "Q4 review", facilitator="Maya").info.id
    store.append(session_id, "Maya", lambda r: c.add_objective(r, "Increase retention"))
    store.append(session_id, "Maya", lambda r: c.add_kpi(r, "Activation rate", baseline=30, target=40, objective="o1"))
    store.append(session_id, "Maya", lambda r: c.record_reading(r, "k1", 35))  # half way: "at risk" undated
    return session_id


async def open_at(pilot, phase: str) -> None:
    await settle(pilot)
    pilot.app.screen.show_phase(phase)
    await settle(pilot)


def shown(app, selector: str) -> str:
    """The text of a widget of the phase on screen."""
    return str(app.screen.pane.query_one(selector, Label if "status" in selector else Static).render())


async def test_a_date_set_in_the_kpi_pane_puts_the_kpi_on_a_pace(store: SessionStore, session_id: str) -> None:
    app = app_for(store, ManualClock(), session_id)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_at(pilot, "kpis")
        assert "◐ at risk" in shown(app, ".kpi-status") and "due by now" not in shown(app, ".kpi-status")
        await tab_to(pilot, in_field("since"))
        await key(pilot, "end", "ctrl+u")  # the day it was added is there: typed over
        await type_in(pilot, "2026-09-07")
        await tab_to(pilot, in_field("by"))
        await type_in(pilot, "2026-11-06")  # 30 of 60 days gone on 2026-10-07: 50% due, 50% done
        await settle(pilot)
        assert "● on track" in shown(app, ".kpi-status")
        assert "50% of the way, 50% due by now" in shown(app, ".kpi-status")
        assert "target 40 by 2026-11-06" in shown(app, ".kpi-unit")
    kpi = SessionStore(store.root).load(session_id).review.kpis["k1"]
    assert (kpi.since, kpi.by) == (date(2026, 9, 7), date(2026, 11, 6))


async def test_a_date_that_is_not_one_is_refused_and_emptying_it_takes_the_date_off(
    store: SessionStore, session_id: str
) -> None:
    store.append(session_id, "Maya", lambda r: c.update_kpi(r, "k1", by="2026-12-31"))
    app = app_for(store, ManualClock(), session_id)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_at(pilot, "kpis")
        before = SessionStore(store.root).load(session_id).last_seq
        await tab_to(pilot, in_field("by"))
        await key(pilot, "end", "ctrl+u")
        await type_in(pilot, "31/12")
        error = app.screen.query_one(".f-by").query_one(".field-error", Static)
        assert error.display and str(error.render()) == "'31/12' is not a date (use YYYY-MM-DD)"
        assert in_field("by")(app.focused), "the focus stays on the field in error"
        assert SessionStore(store.root).load(session_id).last_seq == before, "nothing refused is written"
        await key(pilot, "end", "ctrl+u")
        await type_in(pilot, "")
        await settle(pilot)
    kpi = SessionStore(store.root).load(session_id).review.kpis["k1"]
    assert kpi.by is None


async def test_the_objective_shows_its_weakest_kpi(store: SessionStore, session_id: str) -> None:
    store.append(session_id, "Maya", lambda r: c.add_kpi(r, "NPS", baseline=10, target=50, objective="o1"))
    app = app_for(store, ManualClock(), session_id)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_at(pilot, "objectives")
        title = shown(app, ".editor-title")
        assert "Objective 1 of 1" in title and "◐ at risk, as its weakest KPI" in title
        row = str(app.screen.pane.item_list.get_option_at_index(0).prompt)
        assert "(2 KPIs; ◐ at risk)" in row

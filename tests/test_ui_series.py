"""Series in the app: home by series, the series screen, carry-over, accountability, trends, flags."""

from __future__ import annotations

import time
from pathlib import Path

from textual.widgets import DataTable, OptionList, Static
from ui_support import ManualClock, app_for, settle, type_in

from reviewtui.application.series import series_logs
from reviewtui.application.sessions import create_session
from reviewtui.domain.series import Threads
from reviewtui.store import SessionStore
from reviewtui.ui.screens.facilitator import FacilitatorScreen
from reviewtui.ui.screens.series import SeriesScreen

Q2 = "2026-07-08-q2-growth-review-h4kz"
Q3 = "2026-10-07-q3-growth-review-p7wm"


async def test_home_has_a_row_per_series_and_opens_its_sessions(demo_dir: Path) -> None:
    app = app_for(SessionStore(demo_dir), ManualClock())
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        table = app.screen.query_one(DataTable)
        rows = [str(table.get_row_at(i)[0]) for i in range(table.row_count)]
        assert rows == ["Platform team retros › Sprint 47 retrospective", "Growth review › Q3 Growth Review"]
        await pilot.press("down", "enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, SeriesScreen)
        sessions = screen.query_one("#series-sessions", DataTable)
        assert [sessions.coordinate_to_cell_key((i, 0)).row_key.value for i in range(sessions.row_count)] == [Q3, Q2]
        kpis = screen.query_one("#series-kpis", DataTable)
        assert kpis.row_count == 5
        assert [str(c) for c in kpis.get_row_at(0)][2:] == ["32.5% 2026-07", "36.5%", "at risk", "6"]
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, FacilitatorScreen) and app.screen.session.id == Q3


async def test_the_next_session_carries_over_and_check_in_reviews_what_was_promised(demo_dir: Path) -> None:
    store = SessionStore(demo_dir, clock=ManualClock())
    app = app_for(store, ManualClock())
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("down", "enter")
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        preview = str(app.screen.query_one(".carry-preview", Static).render())
        assert preview.startswith("Starts from Q3 Growth Review (2026-10-07): 3 objectives, 5 KPIs")
        await type_in(pilot, "Q4 Growth Review", enter=False)
        await pilot.press("ctrl+s")
        await settle(pilot, 0.3)
        screen = app.screen
        assert isinstance(screen, FacilitatorScreen) and screen.phase.id == "check-in"
        carried = screen.pane.query_one(".carried-list", OptionList)
        assert app.focused is carried, "check-in starts with what was promised"
        assert [carried.get_option_at_index(i).id for i in range(carried.option_count)] == ["a3", "a5", "a6", "a7"]
        # Each verdict to the row it is given on; the facilitator moves on (the cursor never does
        # by itself, and never wraps round from the last row to the first).
        await pilot.press("d", "down", "n", "down", "x", "down", "down", "down")
        await settle(pilot)
        assert carried.highlighted == 3, "Down on the last row stays there"
        news = str(screen.pane.query_one(".series-news", Static).render())
        assert "Did it move?" in news and "30-day retention 32.5% → 36.5% (+4 pts) better" in news
        assert "Decisions to revisit" in news and "Pause the premium-tier upsell campaign for Q3" in news
        session_id = screen.session.id
    review = SessionStore(demo_dir).load(session_id).review
    assert review.carried_from == Q3
    assert {a: (x.review.verdict if x.review else None) for a, x in review.actions.items()} == {
        "a3": "done",
        "a5": "not done",
        "a6": "dropped",
        "a7": None,
    }


async def test_kpi_trend_across_the_series_and_a_reading_that_flags_a_decision(demo_dir: Path) -> None:
    store = SessionStore(demo_dir, clock=ManualClock())
    session_id = create_session(store, "Q4 Growth Review", facilitator="Maya", series="Growth review").info.id
    app = app_for(store, ManualClock(), session_id)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.screen.show_phase("kpis")
        await settle(pilot, 0.3)
        listing = app.screen.pane.item_list
        listing.highlighted = next(i for i in range(listing.option_count) if listing.get_option_at_index(i).id == "k5")
        await settle(pilot, 0.3)
        label = str(app.screen.pane.query_one(".kpi-trend-label").render())
        assert label.startswith("Across the series: 97.5% (2026-07-08) → 98%") and "2 readings, 2 sessions" in label
        await pilot.press("r")
        await type_in(pilot, "")
        await type_in(pilot, "98.2")
        await settle(pilot)
        assert any("Pause the premium-tier upsell campaign" in str(n.message) for n in app._notifications)
    flags = SessionStore(demo_dir).load(session_id).review.flags
    assert [(f.decision_id, f.session_id, f.value) for f in flags] == [("d1", Q2, 98.2)]
    history = Threads([log.review for log in series_logs(SessionStore(demo_dir), session_id)]).history(
        SessionStore(demo_dir).load(session_id).review, "k5"
    )
    assert [p.value for p in history] == [97.5, 98.0, 98.2]


async def test_the_apps_json_export_has_the_series_history_like_the_cli(demo_dir: Path, tmp_path: Path, capsys) -> None:
    import json

    from ui_support import choose, in_field, tab_to

    from reviewtui.cli import main

    app = app_for(SessionStore(demo_dir), ManualClock(), Q3)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+e")
        await settle(pilot)
        await choose(pilot, "format", "Everything (JSON)")
        await tab_to(pilot, in_field("path"))
        await pilot.press("ctrl+u")
        await type_in(pilot, str(tmp_path / "q3.json"))
    from_app = json.loads((tmp_path / "q3.json").read_text(encoding="utf-8"))
    assert main(["export", Q3, "--format", "json", "--sessions", str(demo_dir)]) == 0
    from_cli = json.loads(capsys.readouterr().out)
    assert from_app == from_cli
    assert [h["session_id"] for h in from_app["kpis"][0]["history"]] == [Q2, Q3]


async def test_leaving_while_the_series_is_being_read_never_crashes(demo_dir: Path, monkeypatch) -> None:
    """The series look-up runs on a thread; its answer is a message to the screen, dropped if the
    person left meanwhile. (A call back into the check-in pane crashed with NoMatches.)"""
    import threading

    from reviewtui.application import open_session

    real = open_session.earlier_reviews
    reading = threading.Event()

    def slow(store, session_id):
        reading.set()
        time.sleep(0.05)  # the person leaves while this runs
        return real(store, session_id)

    monkeypatch.setattr(open_session, "earlier_reviews", slow)
    app = app_for(SessionStore(demo_dir), ManualClock())
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        for _ in range(30):
            reading.clear()
            assert app.open_session(Q3)
            for _ in range(100):  # until the look-up has started (its thread is running)
                if reading.is_set():
                    break
                await pilot.pause(0.005)
            assert reading.is_set(), "the series look-up started"
            await pilot.press("ctrl+o")  # back to the sessions, mid-look-up
            await pilot.pause(0.01)
        await pilot.pause(0.2)
        await app.workers.wait_for_complete()
        await settle(pilot)
        assert app.is_running and type(app.screen).__name__ == "HomeScreen"

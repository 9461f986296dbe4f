"""`reviewtui actions`: every agreed action across the sessions once (a carried one is one action,
as the latest session has it), overdue first, filtered by owner, series and status."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from reviewtui.application.all_actions import all_actions
from reviewtui.cli import main
from reviewtui.store import SessionStore


def test_each_action_once_overdue_first(demo_dir: Path) -> None:
    rows, problems = all_actions(SessionStore(demo_dir), date(2026, 10, 20))
    assert problems == []
    assert [(r.text[:22], r.status, r.overdue) for r in rows] == [
        ("Write the seat-expansi", "open", True),  # due 2026-08-28
        ("Write the Q3 growth ne", "open", True),  # due 2026-10-14
        ("Review the price of ex", "open", False),  # due 2026-10-31
        ("Prompt workspace owner", "open", False),  # due 2026-11-15
        ("Track checklist comple", "done", False),
        ("Interview 8 customers ", "done", False),
        ("Ship sample data so a ", "done", False),
    ]
    assert all(r.session_title == "Q3 Growth Review" for r in rows), "carried from Q2: as Q3 has them, once"


def test_filters(demo_dir: Path) -> None:
    store = SessionStore(demo_dir)
    mine, _ = all_actions(store, date(2026, 10, 20), owner="ana lopez", open_only=True)
    assert [r.text for r in mine] == [
        "Write the seat-expansion playbook for account managers",
        "Write the Q3 growth newsletter",
    ]
    assert all_actions(store, date(2026, 10, 20), series="Platform team retros")[0] == []
    growth, _ = all_actions(store, date(2026, 10, 20), series="growth review")
    assert growth and {r.series for r in growth} == {"Growth review"}, "a series' own actions, found by its name"


def test_cli_actions(demo_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--sessions", str(demo_dir), "actions", "--owner", "Tom Okafor", "--json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert [a["text"][:20] for a in document["actions"]] == ["Prompt workspace own", "Ship sample data so "]
    assert document["actions"][0]["series"] == "Growth review" and document["problems"] == []
    assert main(["--sessions", str(demo_dir), "actions", "--open"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["DUE", "STATUS", "OWNER", "ACTION", "SESSION", "SERIES"] and len(lines) == 5
    assert main(["--sessions", str(demo_dir), "actions", "--owner", "Nobody"]) == 0
    assert "no actions match" in capsys.readouterr().err


async def test_the_actions_screen(demo_dir: Path) -> None:
    from textual.widgets import DataTable
    from ui_support import ManualClock, app_for, settle, type_in

    from reviewtui.ui.screens.actions import ActionsScreen
    from reviewtui.ui.screens.facilitator import FacilitatorScreen

    app = app_for(SessionStore(demo_dir), ManualClock())  # 2026-10-07
    async with app.run_test(size=(140, 30)) as pilot:
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ActionsScreen)
        table = screen.query_one(DataTable)

        def rows() -> list[tuple[str, ...]]:
            return [tuple(str(c) for c in table.get_row_at(i)[:3]) for i in range(table.row_count)]

        assert rows() == [
            ("2026-08-28", "overdue", "Ana Lopez"),
            ("2026-10-14", "open", "Ana Lopez"),
            ("2026-10-31", "open", "Lena Fischer"),
            ("2026-11-15", "open", "Tom Okafor"),
        ]
        await pilot.press("o")
        await settle(pilot)
        assert table.row_count == 7, "the closed too"
        await pilot.press("slash")
        await type_in(pilot, "okafor", enter=False)
        assert [r[2] for r in rows()] == ["Tom Okafor", "Tom Okafor"]
        table.focus()
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, FacilitatorScreen) and app.screen.session.id == "2026-10-07-q3-growth-review-p7wm"

"""Keyboard first: every key in the footer has an entry in the command palette too."""

from __future__ import annotations

from pathlib import Path

from reviewtui.store import SessionStore
from reviewtui.ui.screens.facilitator import FacilitatorScreen
from ui_support import ManualClock, app_for, settle

Q3 = "2026-10-07-q3-growth-review-p7wm"


def palette_titles(app) -> list[str]:
    return [command.title for command in app.get_system_commands(app.screen)]


def shown_bindings(app) -> list[str]:
    return [binding.description for _, binding, enabled, _ in app.active_bindings.values()
            if binding.show and enabled]  # fmt: skip


async def test_home_keys_are_in_the_palette(demo_dir: Path) -> None:
    app = app_for(SessionStore(demo_dir), ManualClock())
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        titles = palette_titles(app)
        for needed in ("New review", "Open", "Export session", "Filter sessions", "Refresh", "Quit"):
            assert needed in titles


async def test_each_phase_offers_its_keys_in_the_palette(demo_dir: Path) -> None:
    # Map each footer description to the palette entry that does the same thing.
    same = {
        "Next phase": "Next phase", "Back": "Previous phase", "Decision": "Record a decision",
        "Timebox": "Set the timebox", "Export": "Export", "Sessions": "Sessions", "Add": ("Add an", "Add a ", "Add someone"),
        "Remove": "Remove the", "Reading": "Record a reading", "Done": "Mark the action done",
        "Drop": "Drop the action", "Dismiss hint": "Dismiss the coach's hint", "Here / away": "Mark here or away",
        "Record": "Record a decision", "Close/reopen": ("Close the session", "Reopen the session"), "Quit": "Quit",
    }  # fmt: skip
    app = app_for(SessionStore(demo_dir), ManualClock(), session_id=Q3)
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, FacilitatorScreen)
        for phase in screen.phases:
            screen.show_phase(phase.id)
            await settle(pilot)
            titles = palette_titles(app)
            assert f"Go to phase {screen.phases.index(phase) + 1}: {phase.title}" in titles
            shown = shown_bindings(app)
            assert shown, f"{phase.id}: no keys in the footer"
            for description in shown:
                wanted = same.get(description)
                assert wanted is not None, f"{phase.id}: the key for {description!r} has no palette entry"
                starts = wanted if isinstance(wanted, tuple) else (wanted,)
                assert any(title.startswith(starts) for title in titles), f"{phase.id}: no entry for {description!r}"

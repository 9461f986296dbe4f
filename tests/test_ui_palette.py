"""Keyboard first: every key in the footer has an entry in the command palette too."""

from __future__ import annotations

from pathlib import Path

from ui_support import ManualClock, app_for, settle

from reviewtui.store import SessionStore
from reviewtui.ui.screens.facilitator import FacilitatorScreen

Q3 = "2026-10-07-q3-growth-review-p7wm"


def palette_titles(app) -> list[str]:
    return [command.title for command in app.get_system_commands(app.screen)]


def shown_bindings(app) -> list[str]:
    return [binding.description for _, binding, enabled, _ in app.active_bindings.values() if binding.show and enabled]


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
        "Next phase": "Next phase",
        "Back": "Previous phase",
        "Decision": "Record a decision",
        "Timebox": "Set the timebox",
        "Export": "Export",
        "Sessions": "Sessions",
        "Add": ("Add an", "Add a ", "Add someone"),
        "Remove": ("Remove the", "Take off the attendance list"),
        "Reading": "Record a reading",
        "Confidence": "Rate your confidence, blind",
        "Reveal": "Reveal the confidence round",
        "Done": "Mark the action done",
        "Drop": "Drop the action",
        "Dismiss hint": "Dismiss the coach's hint",
        "Here / away": "Mark here or away",
        "Record": "Record a decision",
        "Close/reopen": ("Close the session", "Reopen the session"),
        "Quit": "Quit",
        "Undo": "Undo",
        "Projector": "Projector view",
        "Correct": "Correct a reading",
        "Edit": "Edit the answer",
    }
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


async def test_every_palette_entry_for_a_key_runs_that_keys_action(demo_dir: Path, monkeypatch) -> None:
    """An entry titled like a key must do what the key does: swapping two entries' callbacks, or
    wiring one by hand to another method, fails here (a hand-written palette could drift)."""
    from textual.app import App
    from textual.widget import Widget

    from reviewtui.ui.commands import bindings_of, title_and_help

    ran: list[str] = []
    monkeypatch.setattr(Widget, "run_action", lambda self, action, *a, **k: ran.append(action))

    def check(app, nodes) -> int:
        expected = {}
        for node in nodes:
            for binding in bindings_of(node):
                title = title_and_help(binding)[0]
                titled = getattr(node, "palette_title", None)
                expected[(titled(binding) if titled else None) or title] = binding.action
        textuals = {command.title for command in App.get_system_commands(app, app.screen)}  # Quit, Keys…
        checked = 0
        for command in app.get_system_commands(app.screen):
            if command.title in expected and command.title not in textuals:
                ran.clear()
                command.callback()
                assert ran == [expected[command.title]], f"{command.title!r} ran {ran}"
                checked += 1
        return checked

    app = app_for(SessionStore(demo_dir), ManualClock(), session_id=Q3)
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        total = 0
        for phase in screen.phases:
            screen.show_phase(phase.id)
            await settle(pilot)
            total += check(app, [screen, screen.pane])
        assert total >= 40, "the phases' keys were all checked"
    home = app_for(SessionStore(demo_dir), ManualClock())
    async with home.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        assert check(home, [home.screen]) >= 6

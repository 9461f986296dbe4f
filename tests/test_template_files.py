"""The team's own templates: TOML files checked the way themes are (every problem with its file,
field and reason; a broken file never stops anything), listed with their source, and recorded in
the sessions started from them so that those read the same when the file changes or goes."""

from __future__ import annotations

import dataclasses
import json
import os
from pathlib import Path

import pytest

from reviewtui.application.sessions import create_session
from reviewtui.cli import main
from reviewtui.domain import templates
from reviewtui.domain.template_spec import TemplateInvalid, template_from_toml
from reviewtui.store import SessionStore
from reviewtui.store.template_catalogue import load_templates

TEAM_RETRO = """
name = "Team retro [bold]loud[/bold] $accent"
description = "Two phases"

[[parameters]]
name = "sprint"
label = "Sprint"
kind = "text"

[[phases]]
id = "changed"
title = "What changed for users"
kind = "impact"
purpose = "Start from results."
questions = ["What changed for users?"]
minutes = 15

[[phases]]
id = "actions"
title = "Actions"
kind = "actions"
"""


@pytest.fixture(autouse=True)
def _bundled_only():
    """Registering a team's templates changes the process's list: put it back after each test."""
    before = dict(templates.TEMPLATES)
    yield
    templates.TEMPLATES.clear()
    templates.TEMPLATES.update(before)


def test_the_bundled_templates_are_toml_files_that_pass_the_users_check() -> None:
    import sys

    sys.path.insert(0, str(Path(__file__).parents[1] / "tools"))
    from make_template_files import template_toml

    from reviewtui.store.template_catalogue import bundled_file

    for template_id, template in templates.BUNDLED_TEMPLATES.items():
        text = bundled_file(template_id).read_text(encoding="utf-8")
        assert text == template_toml(template), f"{template_id}.toml is stale: run tools/make_template_files.py"
        assert template_from_toml(text, template_id) == template
    assert [t.phases[0].kind for t in templates.TEMPLATES.values()] == ["check-in"] * 4


@pytest.mark.parametrize(
    ("text", "field", "reason"),
    [
        ('name = "x"\n', "phases", "is required"),
        ('name = "Bad\\u001b[31m"\n[[phases]]\nid = "a"\ntitle = "A"\nkind = "impact"\n', "name", "not text"),
        ('name = "x"\n[[phases]]\nid = "a"\ntitle = "A\\u202e"\nkind = "impact"\n', "phases.0.title", "not text"),
        ('name = "x"\n[[phases]]\nid = "a"\ntitle = "A"\nkind = "party"\n', "phases.0.kind", "is not one of"),
        (
            'name = "x"\n[[phases]]\nid = "a"\ntitle = "A"\nkind = "impact"\nminutes = 0\n',
            "phases.0.minutes",
            "greater than or equal to 1",
        ),
        (
            'name = "x"\ncolour = "red"\n[[phases]]\nid = "a"\ntitle = "A"\nkind = "impact"\n',
            "colour",
            "is not a known field",
        ),
        (
            'name = "x"\n[[phases]]\nid = "a"\ntitle = "A"\nkind = "impact"\n[[phases]]\nid = "a"\ntitle = "B"\nkind = "actions"\n',
            "value",
            "phases: a named twice",
        ),
        ('name = "x"\n[[phases]]\nid = "A B"\ntitle = "A"\nkind = "impact"\n', "phases.0.id", "should match pattern"),
        ("name = \n", "file", "not TOML"),
    ],
)
def test_every_problem_of_a_file_is_named(text: str, field: str, reason: str) -> None:
    with pytest.raises(TemplateInvalid) as invalid:
        template_from_toml(text, "broken")
    assert any(where == field and reason in said for where, said in invalid.value.problems), invalid.value.problems


def test_the_catalogue_lists_sources_and_skips_what_is_broken(tmp_path: Path) -> None:
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "team-retro.toml").write_text(TEAM_RETRO, encoding="utf-8")
    (folder / "retrospective.toml").write_text(TEAM_RETRO, encoding="utf-8")  # replaces the bundled one
    (folder / "broken.toml").write_text('name = "x"\n', encoding="utf-8")
    (folder / "Not An Id.toml").write_text(TEAM_RETRO, encoding="utf-8")
    (folder / "huge.toml").write_bytes(b"#" * (70 * 1024))
    (folder / "latin.toml").write_bytes(b'name = "caf\xe9"\n')
    os.mkfifo(folder / "fifo.toml")  # never opened: it would wait for a writer
    catalogue = load_templates(folder)
    assert {k: v.source for k, v in catalogue.templates.items()} == {
        "outcome-review": "bundled",
        "retrospective": "--templates-dir",
        "okr-check-in": "bundled",
        "partner-review": "bundled",
        "team-retro": "--templates-dir",
    }
    said = "\n".join(catalogue.problems)
    for name, reason in (
        ("broken.toml", "phases: is required"),
        ("Not An Id.toml", "file name: 'Not An Id' is not a template id"),
        ("huge.toml", "file:"),
        ("latin.toml", "file: not UTF-8 text"),
        ("fifo.toml", "file: is a named pipe"),
    ):
        assert f"{name}: {reason}" in said, name
    assert templates.TEMPLATES["team-retro"].name == "Team retro [bold]loud[/bold] $accent", "markup is text"


def test_a_session_keeps_its_template_when_the_file_goes(sessions_dir: Path, tmp_path: Path, capsys) -> None:
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "team-retro.toml").write_text(TEAM_RETRO, encoding="utf-8")
    base = ["--sessions", str(sessions_dir), "--as", "Maya", "--templates-dir", str(folder)]
    assert main([*base, "templates", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [(t["id"], t["source"]) for t in listed["templates"]][-1] == ("team-retro", "--templates-dir")
    assert main([*base, "new", "Sprint 12", "--template", "team-retro", "--param", "sprint=12", "--no-open"]) == 0
    session_id = capsys.readouterr().out.strip().splitlines()[-1]
    (folder / "team-retro.toml").unlink()
    templates.TEMPLATES.pop("team-retro")  # as a later run without the file would have it
    review = SessionStore(sessions_dir).load(session_id).review
    assert [p.title for p in review.template.phases] == ["What changed for users", "Actions"]
    assert review.parameters == {"sprint": "12"}
    assert main(["--sessions", str(sessions_dir), "export", session_id, "--format", "md"]) == 0
    assert "Sprint 12" in capsys.readouterr().out


def test_a_session_keeps_a_bundled_template_a_later_reviewtui_changes(
    sessions_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = SessionStore(sessions_dir)
    session_id = create_session(store, "Q1", facilitator="Maya").info.id
    shipped = templates.TEMPLATES["outcome-review"]
    # A later reviewtui renames the phases of its bundled template and drops one.
    changed = dataclasses.replace(
        shipped, phases=tuple(dataclasses.replace(p, title=f"New {p.title}") for p in shipped.phases[1:])
    )
    monkeypatch.setitem(templates.TEMPLATES, "outcome-review", changed)
    review = SessionStore(sessions_dir).load(session_id).review
    assert review.template == shipped
    assert [p.title for p in review.template.phases] == [p.title for p in shipped.phases]
    # A session from before templates were recorded reads the template of its id as it is today.
    path = sessions_dir / f"{session_id}.json"
    document = json.loads(path.read_text(encoding="utf-8"))
    older = [e for e in document["events"].values() if e["type"] != "template.recorded"]
    document["events"] = {str(n): {**e, "seq": n} for n, e in enumerate(older, start=1)}
    path.write_text(json.dumps(document), encoding="utf-8")
    assert SessionStore(sessions_dir).load(session_id).review.template == changed


async def test_the_app_starts_with_a_broken_file_says_so_once_and_offers_the_teams(
    tmp_path: Path, sessions_dir: Path
) -> None:
    from ui_support import ManualClock, settle

    from reviewtui.ui.app import ReviewApp
    from reviewtui.ui.dialogs.new_session import template_choices
    from reviewtui.ui.screens.home import HomeScreen

    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "team-retro.toml").write_text(TEAM_RETRO, encoding="utf-8")
    (folder / "a.toml").write_text('name = "x"\n', encoding="utf-8")
    (folder / "b.toml").write_text("name = \n", encoding="utf-8")
    app = ReviewApp(SessionStore(sessions_dir), "Maya", clock=ManualClock(), cursor_blink=False, templates_dir=folder)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        told = [n for n in app._notifications if n.title == "Template files left out"]
        assert (
            len(told) == 1
            and "a.toml: phases: is required" in told[0].message
            and "b.toml: file: not TOML" in told[0].message
        )
        assert ("Team retro [bold]loud[/bold] $accent: Two phases", "team-retro") in template_choices()
        assert isinstance(app.screen, HomeScreen), "broken template files never stop the app"

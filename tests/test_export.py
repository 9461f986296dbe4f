"""Exports: Markdown minutes, the JSON document of DESIGN.md, the CSV of actions, and `--at SEQ`."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from reviewtui.application.sessions import create_session
from reviewtui.cli import main
from reviewtui.domain import changes as c
from reviewtui.domain.export.csv_actions import actions_csv
from reviewtui.domain.export.json_doc import json_document
from reviewtui.domain.export.markdown import minutes
from reviewtui.store import SessionStore

Q2 = "2026-07-08-q2-growth-review-h4kz"
Q3 = "2026-10-07-q3-growth-review-p7wm"


def export(capsys, demo_dir: Path, *args: str) -> str:
    assert main(["export", *args, "--sessions", str(demo_dir)]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    return out


def test_json_export_has_every_part_of_the_design(capsys, demo_dir: Path) -> None:
    document = json.loads(export(capsys, demo_dir, Q3, "--format", "json"))
    assert set(document) >= {
        "session",
        "as_of_seq",
        "objectives",
        "kpis",
        "answers",
        "actions",
        "decisions",
        "participants",
        "events",
    }
    assert document["session"]["id"] == Q3 and document["session"]["status"] == "closed"
    assert document["as_of_seq"] == len(document["events"])
    retention = next(k for k in document["kpis"] if k["name"] == "30-day retention")
    assert retention["current"] == 36.5
    assert retention["progress"] == pytest.approx(5.5 / 9)
    assert retention["status"] == "at risk"
    # Q3 carried Q2's last reading over, then took its own: readings are this session's, the
    # history runs across the series, each reading once, in the session where it was taken.
    assert [r["value"] for r in retention["readings"]] == [32.5, 36.5]
    assert [(h["session_id"], h["value"]) for h in retention["history"]] == [(Q2, 32.5), (Q3, 36.5)]
    assert retention["history"][1]["at"] == retention["readings"][1]["at"]
    assert {k: v for k, v in document["actions"][0].items() if k in ("status", "origin_session")} == {
        "status": "done",
        "origin_session": Q2,
    }
    assert [e["type"] for e in document["events"][:2]] == ["template.recorded", "participant.joined"]
    assert document["events"][0]["data"]["template"]["name"] == "Outcome review"


def test_json_export_at_a_seq_is_the_state_then(capsys, demo_dir: Path) -> None:
    log = SessionStore(demo_dir).load(Q2)
    first_objective = next(e.seq for e in log.events if e.type == "objective.added")
    document = json.loads(export(capsys, demo_dir, Q2, "--format", "json", "--at", str(first_objective)))
    assert document["as_of_seq"] == first_objective
    assert len(document["events"]) == first_objective
    assert [o["id"] for o in document["objectives"]] == ["o1"]
    assert document["kpis"] == [] and document["actions"] == []
    assert document["session"]["status"] == "open"
    empty = json.loads(export(capsys, demo_dir, Q2, "--format", "json", "--at", "0"))
    assert empty["as_of_seq"] == 0 and empty["events"] == [] and empty["participants"] == []


def test_markdown_minutes_read_like_minutes(capsys, demo_dir: Path) -> None:
    text = export(capsys, demo_dir, Q3)
    lines = text.splitlines()
    assert lines[0] == "# Q3 Growth Review"
    assert "Outcome review · series Growth review · 7 October 2026 · closed" in lines
    assert "- **Facilitator:** Maya Chen" in lines
    assert "- **Present:** Maya Chen, Tom Okafor, Ana Lopez, Priya Natarajan, Jonas Weber, Lena Fischer" in lines
    headings = [line for line in lines if line.startswith("## ")]
    assert headings == [
        "## Check-in: last time's actions",
        "## Did it move?",
        "## Decisions to revisit",
        "## Objectives and KPIs",
        "## What changed",
        "## Decisions",
        "## Action items",
        "## Timeboxes",
        "## Notes",
    ]
    assert "| 30-day retention | 31% | 40% | 36.5% | 61% | at risk (77% due by now, all by 2026-12-31) |" in lines
    assert "| Support tickets per new account | 1.8 | stay ≤ 1.5 | 1.6 | 0% | off track |" in lines
    assert any(line.startswith("1. **Make teammate invites part of onboarding") for line in lines)
    assert (
        "| Prompt workspace owners to invite a teammate on day 2 | Tom Okafor | 2026-11-15 | open | 30-day retention |"
        in lines
    )
    # 75 events: the template, then the 74 of the meeting (tools/make_demo_sessions.py).
    assert lines[-1] == "*Exported from reviewtui: Q3 Growth Review, 7 October 2026, as of event 75.*"


def test_markdown_at_a_seq_says_so(capsys, demo_dir: Path) -> None:
    text = export(capsys, demo_dir, Q3, "--at", "10")
    assert "as of event 10 of " in text.splitlines()[-1]
    assert "No decisions recorded." in text


def test_user_text_cannot_break_the_minutes(store: SessionStore) -> None:
    log = create_session(store, "[/] Q3 *launch* [@click=app.quit]x", facilitator="Maya | Ops")
    session_id = log.info.id
    store.append(session_id, "Maya", lambda r: c.add_objective(r, "# Not a heading", why="- not a list"))
    store.append(session_id, "Maya", lambda r: c.add_action(r, "Fix | pipes\nand newlines", owner="Tom"))
    store.append(session_id, "Maya", lambda r: c.add_note(r, "&lt; stays as typed"))
    log = store.load(session_id)
    text = minutes(log.review)
    assert text.splitlines()[0] == r"# \[/\] Q3 \*launch\* \[@click=app.quit\]x"
    assert r"### 1. \# Not a heading" in text
    assert r"*Why:* \- not a list" in text
    row = next(line for line in text.splitlines() if line.startswith("| Fix "))
    assert row.count(" | ") == 4, "a pipe in the text split the table row"
    assert r"Fix \| pipes and newlines" in row
    assert r"- \&lt; stays as typed — Maya" in text
    # The footer names the session by its title: escaped like any typed text.
    assert len(log.events) == 5  # the template, Maya joining, the three above
    assert text.splitlines()[-1] == (
        r"*Exported from reviewtui: \[/\] Q3 \*launch\* \[@click=app.quit\]x, 7 October 2026, as of event 5.*"
    )


def test_csv_lists_the_actions_and_defuses_formulas(store: SessionStore) -> None:
    session_id = create_session(store, "Retro", facilitator="Maya").info.id
    store.append(session_id, "Maya", lambda r: c.add_action(r, "Call Acme, then Beta", owner="Tom", due="2026-11-30"))
    store.append(session_id, "Maya", lambda r: c.add_action(r, '=HYPERLINK("http://evil")', owner="@ops"))
    store.append(session_id, "Maya", lambda r: c.set_action_status(r, "a1", "done"))
    rows = list(csv.DictReader(io.StringIO(actions_csv(store.load(session_id).review))))
    assert [r["id"] for r in rows] == ["a1", "a2"]
    assert rows[0]["text"] == "Call Acme, then Beta" and rows[0]["status"] == "done" and rows[0]["closed_at"]
    assert rows[1]["text"].startswith("'=") and rows[1]["owner"] == "'@ops"


def test_export_to_a_file(capsys, demo_dir: Path, tmp_path: Path) -> None:
    target = tmp_path / "minutes.md"
    assert main(["export", Q3, "-o", str(target), "--sessions", str(demo_dir)]) == 0
    assert capsys.readouterr().out == ""
    assert target.read_text(encoding="utf-8") == export(capsys, demo_dir, Q3)


def test_exports_are_pure_functions_of_the_review(demo_dir: Path) -> None:
    log = SessionStore(demo_dir).load(Q3)
    assert json_document(log.review, log.documents) == json_document(log.review, log.documents)
    assert minutes(log.review) == minutes(SessionStore(demo_dir).load(Q3).review)


def test_a_title_never_becomes_a_path(capsys, sessions_dir: Path, tmp_path: Path) -> None:
    store = SessionStore(sessions_dir)
    session_id = create_session(store, "../../escape/../minutes", facilitator="Maya").info.id
    out = tmp_path / "out"
    out.mkdir()
    (out / "link.md").symlink_to(tmp_path / "victim.md")  # a link someone left where we write
    assert main(["export", session_id, "-o", str(out / "link.md"), "--sessions", str(sessions_dir)]) == 1
    # A link is never written through, nor replaced (issue 14): its target is never created.
    assert "is a symbolic link" in capsys.readouterr().err
    assert not (tmp_path / "victim.md").exists() and (out / "link.md").is_symlink()
    assert main(["export", session_id, "-o", str(out / "minutes.md"), "--sessions", str(sessions_dir)]) == 0
    assert "../../escape/../minutes" in (out / "minutes.md").read_text(encoding="utf-8")
    assert sorted(p.name for p in out.iterdir()) == ["link.md", "minutes.md"]
    assert not (tmp_path.parent / "escape").exists()
    assert not any(p.name in ("escape", "minutes") for p in tmp_path.rglob("*"))


def test_an_unknown_format_is_refused_never_markdown_in_disguise(sessions_dir: Path) -> None:
    from reviewtui.application.exports import export_text
    from reviewtui.domain.errors import InvalidInput

    store = SessionStore(sessions_dir)
    log = store.load(create_session(store, "Formats", facilitator="Maya").info.id)
    with pytest.raises(InvalidInput, match="'pdf' is not a format \\(formats: md, json, csv, html\\)"):
        export_text(store, log, "pdf")

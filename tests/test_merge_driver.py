"""`reviewtui merge-driver`: two branches that each appended events to one session, merged by real
git through the driver (as the README sets it up): every event kept once, in time order,
renumbered with what names them; what a program cannot decide is left as git's conflict."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from reviewtui.application.sessions import create_session
from reviewtui.application.writing import Author, undo_last, write
from reviewtui.domain import changes as c
from reviewtui.store import SessionStore
from tests.helpers.clocks import MinuteClock

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")  # .ci/run installs it
REVIEWTUI = str(Path(sys.executable).parent / "reviewtui")


def git(repo: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, check=check)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    repo = tmp_path / "reviews"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    git(repo, "config", "user.email", "team@example.com")
    git(repo, "config", "user.name", "Team")
    # As the README says.
    (repo / ".gitattributes").write_text("sessions/*.json merge=reviewtui\n")
    git(repo, "config", "merge.reviewtui.name", "reviewtui session files")
    git(repo, "config", "merge.reviewtui.driver", f"{REVIEWTUI} merge-driver %O %A %B")
    return repo


def _branches(repo: Path) -> tuple[SessionStore, MinuteClock, str]:
    clock = MinuteClock()
    store = SessionStore(repo / "sessions", clock=clock, use_index=False)
    session_id = create_session(store, "Q1 review", facilitator="Maya", participants=["Tom"]).info.id
    store.append(session_id, "Maya", lambda r: c.add_kpi(r, "Retention", baseline=20, target=40))
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "the session")
    return store, clock, session_id


def test_two_hosts_appending_merge_without_a_conflict(repo: Path) -> None:
    store, clock, session_id = _branches(repo)
    common = len(store.load(session_id).events)
    git(repo, "checkout", "-qb", "host-b")
    store.append(session_id, "Tom", lambda r: c.record_reading(r, "k1", 25))
    store.append(session_id, "Tom", lambda r: c.add_objective(r, "Tom's objective"))
    write(store, session_id, Author("Tom", "participant"), undo_last(session_id, Author("Tom", "participant")))
    store.append(session_id, "Tom", lambda r: c.correct_reading(r, "k1", value=26))
    git(repo, "commit", "-qam", "host b")
    git(repo, "checkout", "-q", "main")
    clock.now -= timedelta(minutes=3, seconds=30)  # host A's first change falls between host B's
    store.append(session_id, "Maya", lambda r: c.record_reading(r, "k1", 27))
    clock.now += timedelta(minutes=5)
    store.append(session_id, "Maya", lambda r: c.add_action(r, "Call users"))
    git(repo, "commit", "-qam", "host a")
    merged = git(repo, "merge", "--no-edit", "host-b", check=False)
    assert merged.returncode == 0, merged.stdout + merged.stderr
    log = SessionStore(repo / "sessions").load(session_id)
    assert [e.seq for e in log.events] == list(range(1, len(log.events) + 1))
    ats = [e.at for e in log.events[common:]]
    assert ats == sorted(ats), "the new events of both sides in time order"
    assert [(e.actor, e.type) for e in log.events[common:]] == [
        ("Tom", "kpi.measured"),
        ("Maya", "kpi.measured"),
        ("Tom", "objective.added"),
        ("Tom", "change.reverted"),
        ("Tom", "reading.corrected"),
        ("Maya", "action.added"),
    ]
    review = log.review
    undo = log.events[common + 3]
    assert log.event(undo.data.seqs[0]).type == "objective.added", "the undo names its event's new number"
    assert review.objectives == {} and [r.value for r in review.kpis["k1"].readings] == [26, 27]
    assert list(review.actions) == ["a1"] and review.skipped == []


def test_what_a_program_cannot_decide_is_left_to_a_person(repo: Path) -> None:
    store, _clock, session_id = _branches(repo)
    git(repo, "checkout", "-qb", "host-b")
    store.append(session_id, "Tom", lambda r: c.add_action(r, "Tom's action"))
    git(repo, "commit", "-qam", "host b")
    git(repo, "checkout", "-q", "main")
    store.append(session_id, "Maya", lambda r: c.add_action(r, "Maya's action"))  # a1 too
    git(repo, "commit", "-qam", "host a")
    merged = git(repo, "merge", "--no-edit", "host-b", check=False)
    assert merged.returncode != 0 and "CONFLICT" in merged.stdout
    said = merged.stderr + merged.stdout
    assert (
        "both sides added a different action under one number (“Maya's action” on ours, “Tom's action” on theirs)"
        in said
    )
    assert "'a1'" not in said, "people know an action by its words, not its id"
    ours = json.loads((repo / "sessions" / f"{session_id}.json").read_text())
    assert [e["data"].get("text") for e in ours["events"].values() if e["type"] == "action.added"] == ["Maya's action"]


def test_a_different_session_document_is_a_conflict(tmp_path: Path) -> None:
    store = SessionStore(tmp_path / "s", clock=MinuteClock(datetime(2027, 1, 4, tzinfo=UTC)))
    session_id = create_session(store, "Q1 review", facilitator="Maya").info.id
    path = tmp_path / "s" / f"{session_id}.json"
    base = path.read_text()
    theirs = json.loads(base)
    next(iter(theirs["session"].values()))["title"] = "Renamed"
    (tmp_path / "o.json").write_text(base)
    (tmp_path / "a.json").write_text(base)
    (tmp_path / "b.json").write_text(json.dumps(theirs))
    done = subprocess.run(
        [REVIEWTUI, "merge-driver", *(str(tmp_path / n) for n in ("o.json", "a.json", "b.json"))],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1 and "the session document differs" in done.stderr
    assert (tmp_path / "a.json").read_text() == base, "ours is left as it was"

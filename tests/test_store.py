"""SessionStore on real files: format, appends, fresh reads, bad files, the listing index, ids."""

from __future__ import annotations

import difflib
import json
import os
import shutil
import sys
from pathlib import Path

import pytest
from tinydb import TinyDB

from reviewtui.application.sessions import create_session
from reviewtui.domain import changes as c
from reviewtui.domain.errors import InvalidInput
from reviewtui.store import SessionNotFound, SessionsDirMissing, SessionStore, SessionUnreadable
from reviewtui.store.layout import render


def new_session(store: SessionStore, **kwargs) -> str:
    kwargs.setdefault("facilitator", "Maya")
    kwargs.setdefault("participants", ["Tom", "Ana"])
    return create_session(store, kwargs.pop("title", "Q3 Growth Review"), **kwargs).info.id


def add_notes(store: SessionStore, session_id: str, count: int) -> None:
    for n in range(count):
        store.append(session_id, "Maya", lambda r, n=n: c.add_note(r, f"note {n}"))


def snapshot(path: Path) -> tuple[bytes, int]:
    return path.read_bytes(), path.stat().st_mtime_ns


# ------------------------------------------------------------------------------ the file format


def test_new_session_file_is_schema_1(store: SessionStore) -> None:
    log = create_session(
        store, "Q3 Growth Review", facilitator="Maya", series="Growth", participants=["Tom", "Ana", "tom"]
    )
    path = store.path(log.info.id)
    assert path.name == f"{log.info.id}.json"
    assert log.info.id.startswith("2026-10-07-q3-growth-review-")
    data = json.loads(path.read_text(encoding="utf-8"))
    assert set(data) == {"events", "session"}
    session = data["session"]["1"]
    assert session == {
        "schema": 1,
        "id": log.info.id,
        "title": "Q3 Growth Review",
        "template": "outcome-review",
        "series": "Growth",
        "created_at": "2026-10-07T09:00:00.000Z",
        "facilitator": "Maya",
    }
    events = data["events"]
    assert [e["seq"] for e in events.values()] == [1, 2, 3, 4]
    assert [e["type"] for e in events.values()] == ["template.recorded"] + ["participant.joined"] * 3
    assert events["1"]["data"]["template"]["name"] == "Outcome review", "the template is kept in the file"
    assert [e["data"]["name"] for e in list(events.values())[1:]] == ["Maya", "Tom", "Ana"]
    assert all(set(e) == {"seq", "at", "actor", "type", "data"} for e in events.values())
    assert events["1"]["at"].endswith("Z")


def test_file_is_pretty_printed_with_sorted_keys_and_readable_by_plain_tinydb(store: SessionStore) -> None:
    session_id = new_session(store)
    add_notes(store, session_id, 12)
    path = store.path(session_id)
    text = path.read_text(encoding="utf-8")
    data = json.loads(text)
    assert text == render(data)
    # Within each document keys are sorted and indented as json.dumps(indent=2) does.
    first_event = json.dumps(data["events"]["1"], indent=2, sort_keys=True).replace("\n", "\n    ")
    assert first_event in text
    # Events follow in seq order, so new ones are appended at the end of the table.
    assert text.index('"9": {') < text.index('"10": {')
    # Any TinyDB (default JSONStorage) reads the file as two tables.
    with TinyDB(path, access_mode="r") as db:
        assert len(db.table("events")) == len(store.load(session_id).events) == 16  # opening 4, notes 12
        assert db.table("session").all()[0]["id"] == session_id


def test_a_git_diff_of_an_append_only_adds_lines(store: SessionStore) -> None:
    session_id = new_session(store)
    path = store.path(session_id)
    add_notes(store, session_id, 11)
    before = path.read_text(encoding="utf-8").splitlines()
    add_notes(store, session_id, 2)
    after = path.read_text(encoding="utf-8").splitlines()
    operations = [op for op in difflib.SequenceMatcher(a=before, b=after).get_opcodes() if op[0] != "equal"]
    # The new events are inserted at the end of the events table; the one old line that
    # changes is the previous last event's closing brace, which gains a comma.
    kinds = [op[0] for op in operations]
    assert kinds == ["replace"] or kinds == ["replace", "insert"] or kinds == ["insert"], operations
    replaced = [(before[op[1] : op[2]], after[op[3] : op[4]]) for op in operations if op[0] == "replace"]
    for old_lines, new_lines in replaced:
        assert old_lines == ["    }"] and new_lines[0] == "    },"


def test_appending_keeps_seq_contiguous_and_returns_the_events(store: SessionStore) -> None:
    session_id = new_session(store)
    opening = len(store.load(session_id).events)
    events = store.append(session_id, "Tom", [c.add_note(None, "one"), c.add_note(None, "two")])  # type: ignore[arg-type]
    assert [e.seq for e in events] == [opening + 1, opening + 2]
    assert {e.actor for e in events} == {"Tom"}
    log = store.load(session_id)
    assert [e.seq for e in log.events] == list(range(1, opening + 3))
    assert [n.text for n in log.review.notes] == ["one", "two"]


def test_spliced_appends_equal_a_full_rewrite(store: SessionStore) -> None:
    session_id = new_session(store)
    path = store.path(session_id)
    for n in range(30):
        store.append(session_id, "Maya", lambda r, n=n: c.add_objective(r, f'Objective {n} with "quotes"\nand é'))
        text = path.read_text(encoding="utf-8")
        assert text == render(json.loads(text)), f"append {n} left a non-canonical file"


def test_a_hand_formatted_file_is_appended_to_without_losing_anything(store: SessionStore) -> None:
    session_id = new_session(store)
    path = store.path(session_id)
    data = json.loads(path.read_text(encoding="utf-8"))
    data["events"]["4"] = {
        "seq": 4,
        "at": "2026-10-07T09:30:00Z",
        "actor": "Bot",
        "type": "poll.opened",
        "data": {"q": "Lunch?"},
        "extra": [1, 2],
    }
    data["events"]["2"]["data"]["pronouns"] = "they"  # a field from a newer version
    path.write_text(json.dumps(data, indent=4), encoding="utf-8")  # someone's editor, or another tool
    store.append(session_id, "Maya", lambda r: c.add_note(r, "after the edit"))
    after = json.loads(path.read_text(encoding="utf-8"))
    assert after["events"]["4"] == data["events"]["4"]
    assert after["events"]["2"]["data"]["pronouns"] == "they"
    assert after["events"]["5"]["data"] == {"text": "after the edit"}
    assert store.load(session_id).review.skipped[0].type == "poll.opened"


def test_every_write_reads_the_file_afresh(sessions_dir: Path, clock) -> None:
    one, two = SessionStore(sessions_dir, clock=clock), SessionStore(sessions_dir, clock=clock)
    session_id = new_session(one)
    one.append(session_id, "Maya", lambda r: c.add_objective(r, "Increase retention"))
    two.append(session_id, "Tom", lambda r: c.add_objective(r, "Reduce churn"))
    one.append(session_id, "Maya", lambda r: c.add_objective(r, "Grow revenue"))
    review = two.load(session_id).review
    assert [(o.id, o.statement) for o in review.objectives.values()] == [
        ("o1", "Increase retention"),
        ("o2", "Reduce churn"),
        ("o3", "Grow revenue"),
    ]


def test_a_failed_change_writes_nothing(store: SessionStore) -> None:
    session_id = new_session(store)
    path = store.path(session_id)
    store.append(session_id, "Maya", lambda r: c.add_kpi(r, "Retention", baseline=30, target=40))
    before = snapshot(path)
    with pytest.raises(InvalidInput, match="value: 'lots' is not a number"):
        store.append(session_id, "Maya", lambda r: [c.add_note(r, "first"), c.record_reading(r, "k1", "lots")])
    with pytest.raises(InvalidInput):
        store.append(session_id, "Maya", lambda r: c.record_reading(r, "k1", "lots"))
    with pytest.raises(InvalidInput, match="as: "):
        store.append(session_id, "  ", lambda r: c.add_note(r, "x"))
    assert snapshot(path) == before


def test_missing_sessions_and_folders_are_clear_errors(tmp_path: Path) -> None:
    store = SessionStore(tmp_path / "nowhere")
    with pytest.raises(SessionsDirMissing, match="no sessions folder"):
        store.list()
    with pytest.raises(SessionsDirMissing):
        store.load("2026-01-01-x-abcd")
    (tmp_path / "nowhere").mkdir()
    with pytest.raises(SessionNotFound, match="no session '2026-01-01-x-abcd'"):
        store.load("2026-01-01-x-abcd")


def test_new_session_checks_its_input_before_creating_anything(store: SessionStore, sessions_dir: Path) -> None:
    with pytest.raises(InvalidInput, match="title: must not be empty"):
        create_session(store, "  ", facilitator="Maya")
    with pytest.raises(InvalidInput, match="unknown template"):
        create_session(store, "Q3", facilitator="Maya", template="nope")
    with pytest.raises(InvalidInput, match="deadline"):
        create_session(store, "Acme", facilitator="Maya", template="partner-review", parameters={"deadline": "soon"})
    assert list(sessions_dir.glob("*.json")) == []


def test_partner_review_keeps_its_parameters(store: SessionStore) -> None:
    log = create_session(
        store,
        "Acme pilot",
        facilitator="Maya",
        template="partner-review",
        parameters={"partner": "Acme Health", "deadline": "2026-12-31", "budget": "40000 EUR"},
    )
    assert log.review.parameters == {"partner": "Acme Health", "deadline": "2026-12-31", "budget": "40000 EUR"}


# ------------------------------------------------------------------------------ bad files


def _bad_files(sessions_dir: Path) -> dict[str, tuple[bytes, str]]:
    good = json.dumps(
        {
            "events": {},
            "session": {
                "1": {
                    "schema": 1,
                    "id": "x",
                    "title": "T",
                    "template": "outcome-review",
                    "created_at": "2026-10-07T09:00:00Z",
                    "facilitator": "M",
                }
            },
        }
    )

    def with_id(text: str, session_id: str) -> bytes:
        return text.replace('"id": "x"', f'"id": "{session_id}"').encode()

    random_bytes = bytes(range(256)) * 3
    return {
        "2026-01-01-truncated-aaaa": (with_id(good, "2026-01-01-truncated-aaaa")[:-40], "not valid JSON"),
        "2026-01-01-random-aaaa": (random_bytes, "not UTF-8"),
        "2026-01-01-schema-two-aaaa": (
            with_id(good, "2026-01-01-schema-two-aaaa").replace(b'"schema": 1', b'"schema": 2'),
            "schema 2 is newer than this reviewtui reads (1)",
        ),
        "2026-01-01-schema-text-aaaa": (
            with_id(good, "2026-01-01-schema-text-aaaa").replace(b'"schema": 1', b'"schema": "one"'),
            "schema 'one' is not a reviewtui session schema",
        ),
        "2026-01-01-empty-aaaa": (b"", "the file is empty"),
        "2026-01-01-wrong-id-aaaa": (with_id(good, "2026-01-01-other-aaaa"), "the session inside is"),
        "2026-01-01-gap-aaaa": (
            with_id(good, "2026-01-01-gap-aaaa").replace(
                b'"events": {}',
                json.dumps(
                    {
                        "events": {
                            "1": {
                                "seq": 1,
                                "at": "2026-10-07T09:00:00Z",
                                "actor": "M",
                                "type": "note.added",
                                "data": {"text": "a"},
                            },
                            "3": {
                                "seq": 3,
                                "at": "2026-10-07T09:00:00Z",
                                "actor": "M",
                                "type": "note.added",
                                "data": {"text": "b"},
                            },
                        }
                    }
                )[1:-1].encode(),
            ),
            "seq jumps from 1 to 3",
        ),
        "2026-01-01-bad-value-aaaa": (
            with_id(good, "2026-01-01-bad-value-aaaa").replace(
                b'"events": {}',
                json.dumps(
                    {
                        "events": {
                            "1": {
                                "seq": 1,
                                "at": "2026-10-07T09:00:00Z",
                                "actor": "M",
                                "type": "kpi.measured",
                                "data": {"id": "k1", "value": "lots"},
                            },
                        }
                    }
                )[1:-1].encode(),
            ),
            "event 1: data.value: 'lots' is not a number",
        ),
    }


def test_bad_files_are_reported_left_untouched_and_never_overwritten(store: SessionStore, sessions_dir: Path) -> None:
    good_id = new_session(store)
    bad = _bad_files(sessions_dir)
    for session_id, (content, _) in bad.items():
        (sessions_dir / f"{session_id}.json").write_bytes(content)
    before = {sid: snapshot(sessions_dir / f"{sid}.json") for sid in bad}

    listing = store.list()
    assert [s.id for s in listing.sessions] == [good_id]
    reasons = {p.path.name: p.reason for p in listing.problems}
    for session_id, (_, reason) in bad.items():
        assert reason in reasons[f"{session_id}.json"], reasons[f"{session_id}.json"]
        with pytest.raises(SessionUnreadable) as caught:
            store.load(session_id)
        assert str(sessions_dir / f"{session_id}.json") in str(caught.value)
        assert reason in str(caught.value)
        with pytest.raises(SessionUnreadable):
            store.append(session_id, "Maya", lambda r: c.add_note(r, "must not land"))
    # Listed twice (the second time from the index): still reported, still untouched.
    assert len(store.list().problems) == len(bad)
    assert {sid: snapshot(sessions_dir / f"{sid}.json") for sid in bad} == before
    # Every other session keeps working.
    store.append(good_id, "Maya", lambda r: c.add_note(r, "still fine"))
    assert store.load(good_id).review.notes[0].text == "still fine"


def test_files_that_are_not_sessions_are_reported_or_ignored(store: SessionStore, sessions_dir: Path) -> None:
    new_session(store)
    (sessions_dir / "Notes From Monday.json").write_text("{}", encoding="utf-8")
    (sessions_dir / "README.md").write_text("hello", encoding="utf-8")
    (sessions_dir / "sub.json").mkdir()
    listing = store.list()
    assert len(listing.sessions) == 1
    # A folder named like a session is said, not skipped silently (issue 14): someone meant it as one.
    assert [p.path.name for p in listing.problems] == ["Notes From Monday.json", "sub.json"]
    assert "not a session id" in listing.problems[0].reason
    assert listing.problems[1].reason == "is a folder, not a file"


# ------------------------------------------------------------------------------ listing and index


def test_listing_is_newest_first_with_counts(store: SessionStore, clock) -> None:
    first = new_session(store, title="Q2 review")
    clock.now = clock.now.replace(month=11)
    second = new_session(store, title="Q3 review", series="Growth")
    store.append(second, "Maya", lambda r: [c.add_objective(r, "Increase retention")])
    store.append(second, "Maya", lambda r: c.add_kpi(r, "Retention", baseline=30, target=40, objective="o1"))
    store.append(second, "Maya", lambda r: c.record_reading(r, "k1", 38))
    store.append(second, "Maya", lambda r: c.add_action(r, "Call Acme", kpi="k1"))
    store.append(second, "Maya", lambda r: c.record_decision(r, "Keep pricing"))
    listing = store.list()
    assert [s.id for s in listing.sessions] == [second, first]
    summary = listing.sessions[0]
    assert (summary.objectives, summary.kpis, summary.actions, summary.open_actions, summary.decisions) == (
        1,
        1,
        1,
        1,
        1,
    )
    assert summary.kpi_status["on track"] == 1 and summary.series == "Growth"


def test_a_warm_listing_reads_no_file(store: SessionStore) -> None:
    for n in range(5):
        new_session(store, title=f"Review {n}")
    assert store.list().read == 5
    warm = store.list()
    assert warm.read == 0 and len(warm.sessions) == 5


def test_listing_follows_files_added_removed_and_edited_by_hand(
    store: SessionStore, sessions_dir: Path, tmp_path: Path
) -> None:
    keep, drop = new_session(store, title="Keep"), new_session(store, title="Drop")
    store.list()
    # Removed by hand.
    (sessions_dir / f"{drop}.json").unlink()
    # Added by hand (copied in from elsewhere).
    other = SessionStore(tmp_path / "elsewhere")
    added = new_session(other, title="Added")
    shutil.copy(other.path(added), sessions_dir)
    # Edited by hand in place, keeping size and mtime (only ctime tells).
    path = sessions_dir / f"{keep}.json"
    stat = path.stat()
    text = path.read_text(encoding="utf-8").replace('"title": "Keep"', '"title": "Kept"')
    with open(path, "r+", encoding="utf-8") as handle:
        handle.write(text)
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    titles = {s.id: s.title for s in store.list().sessions}
    assert titles == {keep: "Kept", added: "Added"}


def test_listing_follows_a_git_pull(store: SessionStore, sessions_dir: Path) -> None:
    session_id = new_session(store)
    store.list()
    path = sessions_dir / f"{session_id}.json"
    # What git does on checkout: write a new file and rename it over the old one.
    upstream = SessionStore(sessions_dir)
    upstream.append(session_id, "Tom", lambda r: c.record_decision(r, "Ship it"))
    pulled = path.read_bytes()
    tmp = sessions_dir / ".git-tmp"
    tmp.write_bytes(pulled)
    os.replace(tmp, path)
    assert store.list().sessions[0].decisions == 1


def test_a_corrupt_index_only_costs_a_slow_listing(store: SessionStore, isolated: Path) -> None:
    new_session(store)
    store.list()
    (index_file,) = (isolated / "xdg_cache_home" / "reviewtui" / "index").glob("*.json")
    index_file.write_text('{"format": "garbage', encoding="utf-8")
    assert len(store.list().sessions) == 1
    index_file.write_text(
        json.dumps({"format": json.loads(index_file.read_text())["format"], "files": {"x.json": 5}}), encoding="utf-8"
    )
    listing = store.list()
    assert len(listing.sessions) == 1 and listing.read == 1


def test_the_index_is_not_in_the_sessions_folder(store: SessionStore, sessions_dir: Path) -> None:
    new_session(store)
    store.list()
    visible = sorted(p.name for p in sessions_dir.iterdir())
    assert len(visible) == 2 and visible[0] == ".reviewtui"
    assert (sessions_dir / ".reviewtui" / ".gitignore").read_text().splitlines()[-1] == "*"


def test_stale_temp_files_of_killed_writers_are_cleared_and_nothing_else(
    store: SessionStore, sessions_dir: Path
) -> None:
    session_id = new_session(store)
    stale = sessions_dir / f".{session_id}.json.0badcafe.tmp"
    fresh = sessions_dir / f".{session_id}.json.1badcafe.tmp"
    someones = sessions_dir / ".my-draft.tmp"  # not ours: never touched, however old
    for path in (stale, fresh, someones):
        path.write_text("{", encoding="utf-8")
    os.utime(stale, (0, 0))
    os.utime(someones, (0, 0))
    listing = store.list()
    assert not stale.exists() and fresh.exists() and someones.exists()
    assert listing.problems == []


def test_a_file_that_cannot_be_read_is_reported_and_the_rest_listed(store: SessionStore, sessions_dir: Path) -> None:
    session_id = new_session(store)
    # Reading /proc/self/mem at offset 0 fails with EIO: a file the OS will not hand over.
    (sessions_dir / "2026-01-01-unreadable-aaaa.json").symlink_to("/proc/self/mem")
    listing = store.list()
    assert [s.id for s in listing.sessions] == [session_id]
    assert "cannot be read" in listing.problems[0].reason


def test_a_full_disk_is_a_sentence_and_changes_nothing(store: SessionStore, monkeypatch) -> None:
    import errno

    from reviewtui.store import StoreError

    session_id = new_session(store)
    before = snapshot(store.path(session_id))

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("reviewtui.store.storage.write_atomically", full)
    with pytest.raises(StoreError, match="No space left on device; nothing was saved"):
        store.append(session_id, "Maya", lambda r: c.add_note(r, "lost?"))
    assert snapshot(store.path(session_id)) == before
    monkeypatch.undo()
    store.append(session_id, "Maya", lambda r: c.add_note(r, "after the disk was freed"))
    assert store.load(session_id).review.notes[-1].text == "after the disk was freed"


def test_appends_splice_the_text_on_disk_instead_of_rewriting_it(store: SessionStore, monkeypatch) -> None:
    from reviewtui.store import layout

    session_id = new_session(store)
    add_notes(store, session_id, 3)
    rendered = []
    real_render = layout.render
    monkeypatch.setattr("reviewtui.store.storage.render", lambda tables: rendered.append(1) or real_render(tables))
    add_notes(store, session_id, 5)
    assert rendered == [], "a plain append re-encoded the whole file"


def test_the_splice_refuses_what_it_cannot_do_safely() -> None:
    from reviewtui.store.layout import append_events, render

    event = {"seq": 1, "at": "2026-10-07T09:00:00Z", "actor": "M", "type": "note.added", "data": {"text": "a"}}
    old = {"events": {"1": event}, "session": {"1": {"id": "x"}}}
    text = render(old)
    new = {"events": {"1": event, "2": {**event, "seq": 2}}, "session": {"1": {"id": "x"}}}
    assert append_events(text, old, new) == render(new)
    changed_old = {"events": {"1": {**event, "actor": "Eve"}, "2": {**event, "seq": 2}}, "session": old["session"]}
    assert append_events(text, old, changed_old) is None  # an old event changed
    assert append_events(text, old, {**new, "session": {"1": {"id": "y"}}}) is None  # the session changed
    assert append_events(json.dumps(old, indent=4), old, new) is None  # not our layout
    assert (
        append_events(render({"events": {}, "session": old["session"]}), {"events": {}, "session": old["session"]}, new)
        is None
    )
    lower = {"events": {"0": {**event, "seq": 0}, **old["events"]}, "session": old["session"]}
    assert append_events(text, old, lower) is None  # not after the last event


# ------------------------------------------------------------------------------ session ids


@pytest.mark.parametrize(
    "bad_id", ["../../etc/passwd", "a/b", "/etc/passwd", "..", "Q3", "x.json", "", "-a", "a" * 101]
)
def test_an_id_that_is_not_a_session_id_is_refused_before_any_path(
    store: SessionStore, sessions_dir: Path, bad_id: str
) -> None:
    opened: list[str] = []

    def audit(event: str, args: tuple) -> None:
        if event == "open" and isinstance(args[0], (str, Path)):
            opened.append(str(args[0]))

    _AUDIT.append(audit)
    try:
        for call in (store.load, store.path, lambda i: store.append(i, "Maya", [])):
            with pytest.raises(InvalidInput, match="is not a session id"):
                call(bad_id)
    finally:
        _AUDIT.remove(audit)
    assert opened == []


_AUDIT: list = []
sys.addaudithook(lambda event, args: [hook(event, args) for hook in list(_AUDIT)])


def test_an_index_of_another_folder_is_never_used(store: SessionStore, isolated: Path, tmp_path: Path) -> None:
    """Index files are named by a cheap checksum of the folder's path; one that records another
    folder (two paths with one checksum) is read as empty, whatever its entries claim."""
    new_session(store)
    store.list()
    (index_path,) = (isolated / "xdg_cache_home" / "reviewtui" / "index").glob("*.json")
    index = json.loads(index_path.read_text())
    assert index["folder"] == str(store.root.resolve())
    for entry in index["files"].values():
        entry["summary"]["title"] = "Not this folder's"
    index_path.write_text(json.dumps({**index, "folder": str(tmp_path / "elsewhere")}), encoding="utf-8")
    listing = store.list()
    assert listing.read == 1 and [s.title for s in listing.sessions] != ["Not this folder's"]
    index_path.write_text(json.dumps(index), encoding="utf-8")  # its own folder: trusted
    assert [s.title for s in store.list().sessions] == ["Not this folder's"]

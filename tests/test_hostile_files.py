"""Issue 14: one bad file never breaks anything else, and writing a file never destroys another.

A sessions folder holds one good session beside every kind of bad file a person, a tool or an
attacker with write access to the folder could leave. Every way of looking at the folder keeps
working, names each bad file with its reason, never blocks on one, and leaves it byte-identical.
"""

from __future__ import annotations

import json
import os
import socket
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from reviewtui.application.sessions import create_session
from reviewtui.cli import main
from reviewtui.domain import changes
from reviewtui.store import SessionStore
from tests.helpers.hostile import fingerprint
from tests.ui_support import ManualClock, app_for, settle

BIN = Path(sys.executable).parent
GOOD_TITLE = "Good review"


def run_cli(*argv: str, timeout: float = 30) -> subprocess.CompletedProcess:
    return subprocess.run([str(BIN / "reviewtui"), *argv], capture_output=True, text=True, timeout=timeout)


def _bad_files(folder: Path) -> dict[str, str]:
    """Every kind of bad file, named like a session; returns file name -> words its reason holds."""
    (folder / "bad-null.json").write_text("null")
    (folder / "bad-list.json").write_text("[1, 2, 3]")
    (folder / "bad-digits.json").write_text("1" * 5000)
    (folder / "bad-deep.json").write_text("[" * 100_000 + "]" * 100_000)
    good = json.loads((folder / f"{_good_id(folder)}.json").read_text())
    good["session"]["1"]["id"] = "bad-key"
    good["events"]["x1"] = good["events"].pop("1")  # a non-digit event key
    (folder / "bad-key.json").write_text(json.dumps(good))
    (folder / "bad-loop.json").symlink_to(folder / "bad-loop.json")
    os.mkfifo(folder / "bad-fifo.json")
    (folder / "bad-zero.json").symlink_to("/dev/zero")
    (folder / "bad-folder.json").mkdir()
    with (folder / "bad-huge.json").open("wb") as huge:  # 50 MB of text
        huge.write(b"x" * (50 * 1024 * 1024))
    return {
        "bad-null.json": "not a TinyDB file",
        "bad-list.json": "not a TinyDB file",
        "bad-digits.json": "not a TinyDB file",
        "bad-deep.json": "nested too deeply",
        "bad-key.json": "events: ",
        "bad-loop.json": "loop of symbolic links",
        "bad-fifo.json": "named pipe",
        "bad-zero.json": "is a device",
        "bad-folder.json": "is a folder",
        "bad-huge.json": "50 MB, more than the 32 MB",
    }


def _good_id(folder: Path) -> str:
    return next(p.stem for p in folder.glob("*.json") if p.stem.startswith("2026"))


@pytest.fixture
def folder(sessions_dir: Path) -> tuple[Path, str, dict[str, str], dict[str, tuple[str, int]]]:
    """The sessions folder: a good session in a series, every bad file, and their fingerprints."""
    store = SessionStore(sessions_dir)
    good = create_session(store, GOOD_TITLE, facilitator="Maya", series="Growth").info.id
    store.append(good, "Maya", lambda r: changes.add_objective(r, "Grow retention"))
    store.append(good, "Maya", lambda r: changes.add_kpi(r, "Retention", baseline=30, target=40, objective="o1"))
    bad = _bad_files(sessions_dir)
    prints = {name: fingerprint(sessions_dir / name) for name in bad}
    return sessions_dir, good, bad, prints


def _unchanged(folder: Path, prints: dict[str, tuple[str, int]]) -> None:
    assert {name: fingerprint(folder / name) for name in prints} == prints, "a bad file was changed"
    assert stat.S_ISFIFO((folder / "bad-fifo.json").lstat().st_mode)
    assert (folder / "bad-zero.json").is_symlink() and (folder / "bad-folder.json").is_dir()


def test_list_names_every_bad_file_and_its_reason_and_lists_the_good_one(folder) -> None:
    sessions, good, bad, prints = folder
    started = time.monotonic()
    done = run_cli("--sessions", str(sessions), "list", timeout=20)  # a blocking read would time out here
    took = time.monotonic() - started
    assert done.returncode == 0, done.stderr
    assert good in done.stdout and GOOD_TITLE in done.stdout
    for name, words in bad.items():
        line = next((line for line in done.stderr.splitlines() if name in line), None)
        assert line is not None and words in line, (name, done.stderr)
    assert "Traceback" not in done.stderr
    listed = json.loads(run_cli("--sessions", str(sessions), "list", "--json").stdout)
    assert [s["id"] for s in listed["sessions"]] == [good]
    assert sorted(Path(p["path"]).name for p in listed["problems"]) == sorted(bad)
    _unchanged(sessions, prints)
    print(f"list with every bad file: {took:.2f}s")


@pytest.mark.parametrize(
    "name",
    ["bad-null", "bad-digits", "bad-deep", "bad-key", "bad-loop", "bad-fifo", "bad-zero", "bad-folder", "bad-huge"],
)
def test_opening_a_bad_file_is_one_line_never_a_hang(folder, name: str) -> None:
    sessions, _, bad, prints = folder
    for command in (["export", name], ["open", name], ["objective", "add", name, "Grow"]):
        done = run_cli("--sessions", str(sessions), *command, timeout=20)
        assert done.returncode == 1, (command, done.stderr)
        lines = done.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("reviewtui: error:"), done.stderr
        assert bad[f"{name}.json"] in lines[0], lines[0]
    _unchanged(sessions, prints)


def test_a_new_session_in_the_series_carries_over_past_the_bad_files(folder) -> None:
    sessions, good, _, prints = folder
    done = run_cli("--sessions", str(sessions), "new", "Next review", "--series", "growth", "--no-open", timeout=20)
    assert done.returncode == 0, done.stderr
    review = SessionStore(sessions).load(done.stdout.strip()).review
    assert review.carried_from == good and [k.name for k in review.kpis.values()] == ["Retention"]
    _unchanged(sessions, prints)


async def test_home_series_and_picker_keep_working_beside_every_bad_file(folder) -> None:
    sessions, good, bad, prints = folder
    clock = ManualClock()
    app = app_for(SessionStore(sessions, clock=clock), clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, 0.3)
        from reviewtui.ui.screens.home import HomeScreen

        home = app.screen
        assert isinstance(home, HomeScreen) and [s.id for s in home.listing.sessions] == [good]
        said = "\n".join(str(n.message) for n in app._notifications)
        assert all(name in said for name in bad), said
        await pilot.press("enter")  # the series row: the series screen reads the series past the bad files
        await settle(pilot, 0.3)
        assert type(app.screen).__name__ == "SeriesScreen"
        await pilot.press("enter")  # its session opens
        await settle(pilot, 0.3)
        assert type(app.screen).__name__ == "FacilitatorScreen" and app.screen.session.id == good
    from reviewtui.ui.app import ReviewApp
    from reviewtui.ui.screens.picker import PickerScreen

    picker = ReviewApp(
        SessionStore(sessions, clock=clock), "alice", clock=clock, cursor_blink=False, role="participant"
    )
    async with picker.run_test(size=(80, 24)) as pilot:
        await settle(pilot, 0.3)
        assert isinstance(picker.screen, PickerScreen) and [s.id for s in picker.screen.sessions] == [good]
    _unchanged(sessions, prints)


# ------------------------------------------------------------------ the lock, seat and presence files


def test_bad_lock_seat_and_presence_files_are_handled_like_bad_session_files(
    sessions_dir: Path, tmp_path: Path
) -> None:
    store = SessionStore(sessions_dir)
    session_id = create_session(store, "Review", facilitator="Maya").info.id
    meta = sessions_dir / ".reviewtui"
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    (meta / f"{session_id}.write.lock").unlink()  # left by the create
    (meta / f"{session_id}.write.lock").symlink_to(victim)  # a planted link where the lock goes
    os.mkfifo(meta / f"{session_id}.presence-1-aaaaaa.lock")  # a FIFO where presence files go
    (meta / f"{session_id}.presence-2-bbbbbb.lock").write_text("[" * 100_000)
    (meta / f"{session_id}.presence-3-cccccc.lock").write_text(json.dumps({"name": "Eve\x1b]0;x\x07"}))
    os.mkfifo(meta / f"{session_id}.seat.lock")
    before = victim.stat().st_mtime_ns
    done = run_cli("--sessions", str(sessions_dir), "objective", "add", session_id, "Grow", timeout=20)
    # The write is refused (the link is never followed) with one sentence; the victim is untouched.
    assert done.returncode == 1 and "symbolic links" in done.stderr and "Traceback" not in done.stderr
    assert victim.read_text() == "keep me" and victim.stat().st_mtime_ns == before
    (meta / f"{session_id}.write.lock").unlink()
    assert run_cli("--sessions", str(sessions_dir), "objective", "add", session_id, "Grow", timeout=20).returncode == 0

    from reviewtui.store.presence import present
    from reviewtui.store.seat import Seat, holder

    assert present(sessions_dir, session_id) == []  # nothing there is a live presence; no scan blocks
    assert holder(sessions_dir, session_id) is None
    with pytest.raises(OSError, match="not reviewtui's seat file"):
        Seat.take(sessions_dir, session_id, "Maya")
    assert stat.S_ISFIFO((meta / f"{session_id}.seat.lock").lstat().st_mode)


async def test_a_seat_file_that_is_not_one_is_a_notification_not_a_traceback(sessions_dir: Path) -> None:
    clock = ManualClock()
    store = SessionStore(sessions_dir, clock=clock)
    session_id = create_session(store, "Review", facilitator="Maya").info.id
    os.mkfifo(sessions_dir / ".reviewtui" / f"{session_id}.seat.lock")
    async with app_for(store, clock).run_test(size=(100, 30)) as pilot:
        await settle(pilot, 0.3)
        app = pilot.app
        assert app.open_session(session_id) is False
        await settle(pilot)
        said = [str(n.message) for n in app._notifications]
        assert any("not reviewtui's seat file" in m for m in said), said
        assert type(app.screen).__name__ == "HomeScreen"


# ------------------------------------------------------------------ export writes only regular files


def _special_targets(tmp_path: Path, sessions: Path, session_id: str) -> dict[str, Path]:
    device = tmp_path / "device"
    os.mknod(device, 0o600 | stat.S_IFCHR, os.makedev(1, 3))  # like /dev/null
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    sock_path = tmp_path / "sock"
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(sock_path))
    server.close()  # the socket file stays
    link = tmp_path / "link.md"
    link.symlink_to(tmp_path / "victim.md")
    return {
        "a character device": device,
        "a FIFO": fifo,
        "a socket": sock_path,
        "a folder": tmp_path,
        "a symbolic link": link,
        "a session file": sessions / f"{session_id}.json",
        "a new json in the sessions folder": sessions / "minutes.json",
        "the lock folder": sessions / ".reviewtui" / "x.md",
        "a hidden file in the sessions folder": sessions / ".x",
    }


@pytest.mark.skipif(os.geteuid() != 0, reason="mknod of a character device needs root")
def test_export_o_refuses_anything_but_a_regular_file_and_leaves_it_as_it_was(
    store: SessionStore, tmp_path: Path, capsys
) -> None:
    session_id = create_session(store, "Review", facilitator="Maya").info.id
    targets = _special_targets(tmp_path, store.root, session_id)
    before = {
        what: (os.lstat(path).st_mode, fingerprint(path) if path.exists() else None)
        for what, path in targets.items()
        if os.path.lexists(path)
    }
    for what, path in targets.items():
        code = main(["export", session_id, "-o", str(path), "--sessions", str(store.root)])
        err = capsys.readouterr().err
        assert code == 1, what
        lines = err.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("reviewtui: error: -o:"), (what, err)
    after = {
        what: (os.lstat(path).st_mode, fingerprint(path) if path.exists() else None)
        for what, path in targets.items()
        if os.path.lexists(path)
    }
    assert after == before
    assert stat.S_ISCHR(os.lstat(targets["a character device"]).st_mode), "still a character device"
    assert not (tmp_path / "victim.md").exists()
    assert not (store.root / "minutes.json").exists() and not (store.root / ".x").exists()
    # And a regular file is written, replacing what was there.
    (tmp_path / "minutes.md").write_text("old")
    assert main(["export", session_id, "-o", str(tmp_path / "minutes.md"), "--sessions", str(store.root)]) == 0
    assert (tmp_path / "minutes.md").read_text().startswith("# Review")


# ------------------------------------------------------------------ small things from the same review


def test_a_symlinked_session_file_is_read_but_never_replaced(sessions_dir: Path, tmp_path: Path, capsys) -> None:
    store = SessionStore(sessions_dir)
    session_id = create_session(store, "Linked", facilitator="Maya").info.id
    real = tmp_path / "elsewhere.json"
    (sessions_dir / f"{session_id}.json").rename(real)
    (sessions_dir / f"{session_id}.json").symlink_to(real)
    before = fingerprint(real)
    assert main(["export", session_id, "--sessions", str(sessions_dir)]) == 0
    assert main(["objective", "add", session_id, "Grow", "--sessions", str(sessions_dir)]) == 1
    err = capsys.readouterr().err
    assert "is a symbolic link" in err and "nothing was saved" in err
    assert (sessions_dir / f"{session_id}.json").is_symlink() and fingerprint(real) == before


async def test_an_oversized_name_in_a_file_is_cut_for_the_screen(sessions_dir: Path) -> None:
    store = SessionStore(sessions_dir)
    session_id = create_session(store, "Big names", facilitator="Maya").info.id
    path = sessions_dir / f"{session_id}.json"
    document = json.loads(path.read_text())
    joined = next(e for e in document["events"].values() if e["type"] == "participant.joined")
    joined["data"]["name"] = joined["actor"] = "M" * 5_000_000
    path.write_text(json.dumps(document))
    before = fingerprint(path)
    review = SessionStore(sessions_dir).load(session_id).review
    name = next(iter(review.participants))
    assert len(name) <= 20_000 and name.endswith("…")
    clock = ManualClock()
    async with app_for(SessionStore(sessions_dir, clock=clock), clock, session_id, actor="Eve").run_test(
        size=(100, 30)
    ) as pilot:
        await settle(pilot, 0.3)
        assert type(pilot.app.screen).__name__ == "FacilitatorScreen"
    # The app wrote its own events (Eve joined, left): the big name others wrote is still there.
    assert "M" * 5_000_000 in path.read_text()
    assert before != fingerprint(path)

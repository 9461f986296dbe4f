"""`reviewtui serve` attacked as a hostile client would: the real server, the real `ssh`, real ptys.

Issue 14, serve points: people over serve never write a file on the host (their export reaches
their own clipboard); a huge window is clamped; silent connections cannot keep the meeting
full; a key removed from authorized_keys is refused whatever else the edit holds; a name or a
string a client chose never puts a control character in the log.
"""

from __future__ import annotations

import base64
import hashlib
import os
import re
import select
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from reviewtui.domain import changes
from reviewtui.serve.server import LOGIN_SECONDS, MAX_COLUMNS, MAX_ROWS, SIGNING_IN_AT_ALL, SIGNING_IN_PER_ADDRESS
from tests.helpers.terminal import Terminal
from tests.test_serve import BIN, Served, _events, _pty_size, _wait
from tests.test_serve import pytestmark as _serve_marks

pytestmark = _serve_marks  # slow, and skipped without the OpenSSH client


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Served]:
    server = Served(tmp_path)
    yield server
    server.stop()


UNSAFE_BYTES = re.compile(
    rb"[\x00-\x08\x0b-\x1f\x7f]"  # C0 (ESC, BEL, CR…) and DEL: newline is the log's own
    rb"|\xc2[\x80-\x9f]"  # C1 controls in UTF-8 (U+009B is a one-byte CSI on many terminals)
    rb"|\xe2\x80[\xaa-\xae]|\xe2\x81[\xa6-\xa9]"  # bidi embeddings, overrides, isolates
)


def _unsafe_in(raw: bytes) -> list[bytes]:
    """Each run of bytes in `raw` that would act on a terminal, with a little context; and
    where it stops being UTF-8 (a lone 0x9B byte is a CSI to an 8-bit terminal)."""
    found = [raw[max(0, m.start() - 30) : m.end() + 30] for m in UNSAFE_BYTES.finditer(raw)]
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as problem:
        found.append(raw[max(0, problem.start - 30) : problem.end + 30])
    return found


def _rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0  # a zombie has no memory left


def _fingerprint(path: Path) -> tuple[str, int, int]:
    status = path.stat()
    return hashlib.sha256(path.read_bytes()).hexdigest(), status.st_mtime_ns, status.st_ino


def _listing(root: Path, log: Path) -> set[str]:
    """Every file and folder under `root`, but the server's log, reviewtui's lock and presence
    files, and its listing cache (named by a digest, in its own cache folder: no one chooses it)."""
    found = set()
    for path in root.rglob("*"):
        relative = path.relative_to(root)
        if path == log or ".reviewtui" in relative.parts or relative.parts[:2] == ("home", "xdg_cache_home"):
            continue
        found.add(str(path.relative_to(root)))
    return found


def _type_paths(person: Terminal, paths: list[str]) -> None:
    """ctrl+u (clear a field), a path, Enter: what writes that file in the local facilitator's
    export dialog (tried by hand: the same keys there overwrite the fake .bashrc)."""
    for path in paths:
        person.send(b"\x15")
        person.send(path.encode())
        person.send(b"\r")


def _clipboard(raw: bytes) -> list[str]:
    """What each OSC 52 sequence the terminal received put on the clipboard."""
    return [base64.b64decode(found).decode("utf-8") for found in re.findall(rb"\x1b\]52;c;([A-Za-z0-9+/=]*)\x07", raw)]


# ------------------------------------------------------------------ nobody over serve writes a file


def test_an_observer_and_a_participant_over_serve_write_no_file_and_take_the_export_away(served: Served) -> None:
    # Guards: REVIEWTUI_CONFINED set by serve for every person, app.may_write_files, and the
    # take-away dialog. Were any of them broken, ctrl+e would open the file dialog, Enter would
    # write the typed path (another session, ~/.bashrc), and the checks on files below fail.
    session_id = served.new_session("Retention review Q3")
    served.store.append(session_id, "fran", lambda review: changes.add_objective(review, "Grow retention"))
    other_id = served.new_session("Board pack, not yours")
    served.store.append(other_id, "fran", lambda review: changes.add_objective(review, "Keep the board happy"))
    served.store.append(other_id, "fran", changes.close_session)  # closed: the picker lists only the first
    other = served.sessions / f"{other_id}.json"
    bashrc = served.tmp / "home" / ".bashrc"  # the server's (and each person's) HOME is tmp/home
    bashrc.write_text("# the host's own shell start-up\n")
    served.person("alice")
    served.person("sam", options='name="Sam Rivera",observer')
    served.start()  # no --session: each person starts at the picker
    protected = {path: _fingerprint(path) for path in (other, bashrc)}
    time.sleep(0.05)  # a write after this has a later mtime, even on a coarse clock
    before = _listing(served.tmp, served.log_path)

    hostile_paths = [
        str(other),
        str(bashrc),
        "~/.bashrc",
        f"sessions/{other_id}.json",
        "sessions/../home/.bashrc",
    ]  # relative: to the cwd, tmp
    for key, name, verb in (("alice", "alice", "join"), ("sam", "Sam Rivera", "watch")):
        person = served.connect(key)
        person.wait_for(f"choose a meeting to {verb}, as {name}")
        mark = person.mark()
        for export_key in (b"\x05", b"e", b"p"):  # ctrl+e, and home's export and replay keys: none here
            person.send(export_key)
        person.pump(0.5)
        assert "to your own computer" not in person.text(mark) and "Enter in File" not in person.text(mark)

        person.send(b"\r")  # join the one open meeting
        person.wait_for("following the facilitator", since=mark)
        _wait(
            lambda who=name: who in [e.actor for e in _events(served, session_id, "participant.joined")],
            15,
            f"{name} joins",
        )

        # ctrl+e: the take-away view, with the minutes; no file name to type anywhere.
        mark = person.mark()
        person.send(b"\x05")
        screen = person.wait_for("to your own computer", since=mark)
        assert "Nothing is written on the host" in screen and "Enter in File" not in screen
        person.send(b"\x19")  # ctrl+y: to the clipboard of the computer they are at
        person.wait_for("copied to your clipboard", since=mark)
        copied = _clipboard(person.raw[mark:])
        assert copied and "Retention review Q3" in copied[-1] and "Grow retention" in copied[-1], copied

        # Everything a person might try to make it write somewhere: paths typed with Enter,
        # Tab to the format, Enter, another format, copy again, Esc; then the same from the
        # command palette's Export.
        _type_paths(person, hostile_paths)
        person.send(b"\t")
        person.send(b"\r")
        person.send(b"\x1b[B\r")
        person.send(b"\x19")
        person.send(b"\x1b", settle=0.3)
        person.send(b"\x1b", settle=0.3)
        mark = person.mark()
        person.send(b"\x10")  # ctrl+p: the palette
        person.send(b"export", settle=0.5)
        person.send(b"\r")
        person.wait_for("to your own computer", since=mark)
        _type_paths(person, hostile_paths)
        person.send(b"\x1b", settle=0.3)

        # ctrl+o back to the list of meetings: still nothing there exports.
        mark = person.mark()
        person.send(b"\x0f")
        person.wait_for(f"choose a meeting to {verb}", since=mark)
        for export_key in (b"\x05", b"e", b"p"):
            person.send(export_key)
        person.pump(0.5)
        assert "Enter in File" not in person.text(), f"{name} was offered a file to write"
        assert "Written to" not in person.text()
        assert person.exited() is False, f"{name}'s session ended: {person.text()[-500:]}"

    for path, was in protected.items():
        assert _fingerprint(path) == was, f"{path} was changed"
    assert _listing(served.tmp, served.log_path) == before, "a file appeared or went"


# ------------------------------------------------------------------ a huge window


def test_a_65535_square_window_is_clamped_and_the_persons_reviewtui_stays_small(served: Served) -> None:
    # Guards: clamped() at connect (the pty request) and on every window change. Unclamped, the
    # app lays out 4 billion cells: its memory climbs past the limit, or it dies.
    session_id = served.new_session("Huge window")
    served.person("alice")
    served.start("--session", session_id)
    alice = served.connect("alice", cols=65535, rows=65535)
    _wait(lambda: len(served.children()) == 1, 15, "alice's reviewtui starts")
    (child,) = served.children()
    _wait(lambda: _pty_size(child) == (MAX_COLUMNS, MAX_ROWS), 10, "the pty is made at the clamped size")
    assert (MAX_COLUMNS, MAX_ROWS) == (1000, 500)
    alice.wait_for("Huge window", timeout=30)

    def stays_small(seconds: float) -> None:
        end, peak = time.monotonic() + seconds, 0
        while time.monotonic() < end:
            alice.pump(0.1)  # read on: a client that stops reading would only hold the app back
            peak = max(peak, _rss_kib(child), _rss_kib(served.process.pid))
            assert Path(f"/proc/{child}").exists() and not alice.exited(), "alice's reviewtui died"
        assert peak < 300 * 1024, f"peak RSS {peak // 1024} MB (alice's reviewtui, or serve itself)"

    stays_small(3.0)

    mark = alice.mark()
    alice.resize(100, 30)
    _wait(lambda: _pty_size(child) == (100, 30), 10, "a sane resize reaches the pty")
    alice.resize(65535, 65535)
    _wait(lambda: _pty_size(child) == (MAX_COLUMNS, MAX_ROWS), 10, "a huge resize is clamped")
    alice.resize(65535, 7)
    _wait(lambda: _pty_size(child) == (MAX_COLUMNS, 7), 10, "each side is clamped on its own")
    alice.resize(65535, 65535)
    _wait(lambda: _pty_size(child) == (MAX_COLUMNS, MAX_ROWS), 10, "clamped again")
    stays_small(3.0)

    # Still alive and drawing: what the facilitator records reaches the screen.
    served.store.append(session_id, "fran", lambda review: changes.add_objective(review, "Halve the churn"))
    alice.wait_for("Halve the churn", since=mark, timeout=20)
    assert _pty_size(child) == (MAX_COLUMNS, MAX_ROWS)


# ------------------------------------------------------------------ connections that never sign in


def _silent(count: int, source: str = "127.0.0.1", port: int = 0) -> list[socket.socket]:
    sockets = []
    for _ in range(count):
        silent = socket.socket()
        silent.bind((source, 0))
        silent.connect(("127.0.0.1", port))
        silent.setblocking(False)
        sockets.append(silent)
    return sockets


def _drain(sockets: list[socket.socket], closed: set[socket.socket], until: float, enough) -> None:
    """Read the sockets (the server's banner, then its end), adding each one the server closes
    (EOF or reset) to `closed`, until `enough(closed)` or time is up."""
    while not enough(closed) and time.monotonic() < until:
        waiting = {s.fileno(): s for s in sockets if s not in closed}
        ready, _, _ = select.select(list(waiting), [], [], 0.1) if waiting else ([], [], [])
        for fd in ready:
            try:
                if waiting[fd].recv(65536):
                    continue
            except BlockingIOError:
                continue
            except OSError:  # reset: aborted by the server
                pass
            closed.add(waiting[fd])


def test_hundreds_of_silent_connections_leave_room_for_real_people(served: Served) -> None:
    # Guards: --max-connections counting people signed in (not connections: 100 silent ones
    # would fill 5 places), and the cap per address that drops the oldest silent connection
    # for a newcomer (without it, 300 from one address fill the 256 places for connections
    # signing in, and a newcomer is closed). And the login timeout closes the rest.
    session_id = served.new_session("Flood check")
    served.person("alice")
    served.person("bob")
    served.start("--session", session_id, "--max-connections", "5")

    opened = time.monotonic()
    silent = _silent(SIGNING_IN_AT_ALL + 44, port=served.port)
    try:
        _flood_leaves_room(served, silent, opened)
    finally:
        for each in silent:
            each.close()


def _flood_leaves_room(served: Served, silent: list[socket.socket], opened: float) -> None:
    closed: set[socket.socket] = set()
    dropped = len(silent) - SIGNING_IN_PER_ADDRESS
    _drain(silent, closed, time.monotonic() + 10, lambda closed: len(closed) >= dropped)
    assert set(silent) - closed == set(silent[-SIGNING_IN_PER_ADDRESS:]), "the oldest are dropped, the newest wait"
    served.wait_log(re.compile(r"dropped a connection from 127\.0\.0\.1 that had not signed in \(.*\); 1 so far"))
    served.wait_log(re.compile(r"dropped a connection from 127\.0\.0\.1 that had not signed in \(.*\); 200 so far"))
    assert len(re.findall("dropped a connection", served.log())) == 3, "a flood is said once in a hundred"

    alice = served.connect("alice")  # from the same address as the flood
    alice.wait_for("● alice", timeout=10)
    bob = Terminal("bob", served.ssh_argv("bob", "-tt", "-b", "127.0.0.2"))  # Linux routes 127/8 to lo
    served.opened.append(bob)
    bob.wait_for("● bob", timeout=10)
    served.wait_log(re.compile(r"connect bob from 127\.0\.0\.2:\d+"))
    assert len(served.children()) == 2

    # alice, from the flood's address, took the place of its oldest silent connection.
    _drain(silent, closed, time.monotonic() + 5, lambda closed: silent[-SIGNING_IN_PER_ADDRESS] in closed)
    assert silent[-SIGNING_IN_PER_ADDRESS] in closed and time.monotonic() < opened + LOGIN_SECONDS

    # Nobody keeps a connection that does not sign in: the login timeout closes the rest.
    _drain(silent, closed, opened + LOGIN_SECONDS + 5, lambda closed: len(closed) == len(silent))
    assert len(closed) == len(silent), f"{len(silent) - len(closed)} silent connections open after {LOGIN_SECONDS + 5}s"
    assert len(served.children()) == 2 and not alice.exited() and not bob.exited()


def test_silent_connections_from_many_addresses_leave_room_for_real_people(served: Served) -> None:
    # Guards the "a client that never authenticates cannot keep the meeting full" for a
    # client with a few addresses (any IPv6 host has billions): 32 silent connections from each
    # of 8 addresses stay within the per-address cap and fill the 256 places for connections
    # signing in. A person with a key must still get in (by taking a silent one's place), not
    # be closed until the flood's login timeout, which the flood simply renews.
    session_id = served.new_session("Many-address flood")
    served.person("alice")
    served.start("--session", session_id)
    silent: list[socket.socket] = []
    try:
        for host in range(2, 2 + SIGNING_IN_AT_ALL // SIGNING_IN_PER_ADDRESS):
            silent += _silent(SIGNING_IN_PER_ADDRESS, source=f"127.0.0.{host}", port=served.port)
        opened = time.monotonic()
        banner = b""
        while len(banner) < 4 and time.monotonic() < opened + 5:  # the server has taken the last one
            ready, _, _ = select.select([silent[-1]], [], [], 0.1)
            banner += silent[-1].recv(64) if ready else b""
        assert banner.startswith(b"SSH-")
        alice = served.connect("alice")
        _wait(
            lambda: (alice.pump(0.05), "● alice" in alice.text() or alice.exited())[1],
            LOGIN_SECONDS - 3,
            "alice is in, or turned away",
        )  # before the flood's own login timeout frees a place
        said = [line for line in served.log().splitlines() if "dropped" in line]
        assert not alice.exited(), f"alice was turned away (ssh exit {alice.status}); the log: {said}"
    finally:
        for each in silent:
            each.close()


# ------------------------------------------------------------------ authorized_keys edited while serving


def _rewrite(path: Path, text: str) -> None:
    """As an editor saves: a temp file, then renamed over the old one; a different size and mtime."""
    old = path.stat()
    temp = path.with_name(path.name + ".new")
    temp.write_text(text)
    os.utime(temp, ns=(old.st_atime_ns, old.st_mtime_ns + 1_000_000_000))
    os.replace(temp, path)
    assert path.stat().st_size != old.st_size


def test_a_key_removed_in_an_edit_that_also_adds_bad_lines_is_refused(served: Served) -> None:
    # Guards: TeamFile re-reading the file on change and read_team(strict=False) skipping bad
    # lines while using every good one. Were a bad line a reason to keep the keys read before,
    # bob, removed in this very edit, would still get in.
    session_id = served.new_session("Revocation check")
    served.person("alice")
    served.person("bob")
    served.start("--session", session_id)
    bob = served.connect("bob")
    bob.wait_for("● bob")

    alice_line = served.public["alice"]
    bob_key = " ".join(served.public["bob"].split()[:2])
    _rewrite(
        served.authorized,
        "\n".join(
            [
                "# bob has left the team",
                alice_line,
                "ssh-ed25519 not-base64 junk",  # a half-pasted key
                f'from="10.0.0.0/8" {bob_key} bob',  # bob again, with an option serve does not read
            ]
        )
        + "\n",
    )

    done = served.ssh("bob", "-tt")
    assert done.returncode == 255 and "Permission denied (publickey)" in done.stderr, done.stderr
    served.wait_log(f"{served.authorized}, line 3: ")
    served.wait_log(f"{served.authorized}, line 4: option 'from' is not one reviewtui serve reads")
    log = served.log()
    assert re.search(rf"{re.escape(str(served.authorized))}, line 3: .*; the line is skipped", log)
    assert re.search(rf"{re.escape(str(served.authorized))}, line 4: .*; the line is skipped", log)
    served.wait_log(re.compile(r"refused key SHA256:\S+ from 127\.0\.0\.1:\d+: not in"))
    mark = len(served.log())
    served.connect("alice").wait_for("● alice")
    assert "connect bob" not in served.log()[mark:]

    # The file gone: nobody is let in (the keys read before are not kept), until it is back.
    served.authorized.unlink()
    done = served.ssh("alice", "-tt")
    assert done.returncode == 255 and "Permission denied (publickey)" in done.stderr, done.stderr
    served.wait_log("; no key is let in until it can be read")
    served.authorized.write_text(alice_line + "\n")
    served.connect("alice").wait_for("● alice")
    assert len(_events(served, session_id, "participant.joined")) >= 3


# ------------------------------------------------------------------ text that would act on a terminal

HOSTILE_NAMES = [
    ("osc-title", "\x1b]0;PWNED\x07alice"),
    ("osc-52", "\x1b]52;c;cm0gLXJmIH4K\x07bob"),
    ("csi", "x\x1b[2J\x1b[31mred"),
    ("c1-csi", "carol\u009b31m"),
    ("bidi", "dave\u202egnp.exe"),
    ("isolate", "erin\u2066x\u2069"),
]


def _key_line(served: Served, key: str, name: str, by_comment: bool = False) -> str:
    body = " ".join(served.public[key].split()[:2])
    return f"{body} {name}" if by_comment else f'name="{name}" {body}'


def test_a_name_that_would_act_on_a_terminal_stops_serve_from_starting(served: Served) -> None:
    # Guards: check_name refusing control (C*) characters, and the start being strict.
    served.person("alice")
    served.person("mallory", listed=False)
    for label, name in [*HOSTILE_NAMES, ("comment", "\x1b]0;PWNED\x07")]:
        line = _key_line(served, "mallory", name, by_comment=label == "comment")
        served.authorized.write_text(served.public["alice"] + "\n" + line + "\n")
        argv = [
            str(BIN / "reviewtui"),
            "--sessions",
            str(served.sessions),
            "serve",
            "--port",
            "0",
            "--authorized-keys",
            str(served.authorized),
        ]
        done = subprocess.run(argv, capture_output=True, timeout=30, stdin=subprocess.DEVNULL)
        said = done.stderr.decode("utf-8", errors="replace")
        assert done.returncode == 1 and "listening" not in said, (label, said)
        assert f"{served.authorized}, line 2: the name holds a control character" in said, (label, said)
        assert not _unsafe_in(done.stdout + done.stderr), (label, _unsafe_in(done.stderr))


def test_a_name_that_would_act_on_a_terminal_added_while_serving_is_skipped_and_never_logged_raw(
    served: Served,
) -> None:
    # Guards: the same check on a re-read (the line skipped, not used under a cleaned name),
    # and log.say() drawing whatever it prints visibly.
    session_id = served.new_session("Names check")
    served.person("alice")
    served.person("mallory", listed=False)
    served.start("--session", session_id)
    lines = [_key_line(served, "mallory", name) for _, name in HOSTILE_NAMES]
    lines.append(_key_line(served, "mallory", "\x1b]0;PWNED\x07", by_comment=True))
    lines.append(_key_line(served, "mallory", "m" * 41))
    lines.append(_key_line(served, "mallory", "Voter-3"))
    _rewrite(served.authorized, served.public["alice"] + "\n" + "\n".join(lines) + "\n")

    done = served.ssh("mallory", "-tt")
    assert done.returncode == 255 and "Permission denied (publickey)" in done.stderr, done.stderr
    last = len(lines) + 1
    served.wait_log(f"{served.authorized}, line {last}: ")
    log = served.log()
    for number in range(2, 2 + len(HOSTILE_NAMES) + 1):
        assert f"line {number}: the name holds a control character; the line is skipped" in log, number
    assert f"line {last - 1}: the name is longer than 40 characters; the line is skipped" in log
    assert f"line {last}: 'Voter-3' is reserved for anonymous phases; the line is skipped" in log
    assert "connect" not in log.replace("people connect with", ""), "mallory was let in under some name"
    raw = served.log_path.read_bytes()
    assert not _unsafe_in(raw), _unsafe_in(raw)
    served.connect("alice").wait_for("● alice")  # the good line of the same edit still works


def test_strings_a_client_chooses_reach_the_log_drawn_visibly(served: Served) -> None:
    # Guards: quoted() and log.say() for every string a client picks that the log repeats: an
    # exec command, a subsystem name, a forward's destination. Raw, they would retitle the
    # operator's terminal, clear it, or write to its clipboard.
    served.person("alice")
    served.start()
    tries = [
        ((), "\x1b]0;PWNED\x07"),
        ((), "\x1b]52;c;cm0gLXJmIH4K\x07"),
        ((), "ls\u202e\u2066 \u009b31m"),
        ((), "x" * 10_000),  # and a length cap: one short line, not 10,000 characters
        (("-s",), "\x1b[2Jx"),
        (("-s",), "\x1b]0;SUB\x07"),
    ]
    for extra, command in tries:
        done = served.ssh("alice", *extra, command=command)
        assert done.returncode != 0, command[:40]
    # Not ASCII (a subsystem) or not UTF-8 (either): asyncssh refuses them before serve sees them.
    for extra, command in (((), b"ls \x9b31m \xff"), (("-s",), "sftp\u009b2J\u202e".encode()), (("-s",), b"\x9b2J")):
        argv = [os.fsencode(arg) for arg in served.ssh_argv("alice", *extra)] + [command]
        assert subprocess.run(argv, capture_output=True, timeout=30, stdin=subprocess.DEVNULL).returncode != 0
    forward = subprocess.run(
        served.ssh_argv("alice", "-W", "\x1b]0;FWD\x07x:22"), capture_output=True, timeout=30, stdin=subprocess.DEVNULL
    )
    assert forward.returncode != 0
    served.wait_log("refused a forward to ")
    served.wait_log("SUB")

    log = served.log()
    refused = [line for line in log.splitlines() if "refused" in line]
    assert len([line for line in refused if "refused running" in line]) >= 4, refused
    assert len([line for line in refused if "subsystem" in line]) >= 2, refused
    assert all(word in log for word in ("PWNED", "FWD", "31m", "2Jx", "SUB")), "shown, only never raw"
    assert all(len(line) < 300 for line in refused), [len(line) for line in refused]
    raw = served.log_path.read_bytes()
    assert not _unsafe_in(raw), _unsafe_in(raw)

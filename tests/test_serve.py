"""`reviewtui serve` against the real OpenSSH client on loopback: keys, refusals, ptys, 20 people.

Each test starts `reviewtui serve` as a real process on a free port and connects with `ssh`
on real ptys. Needs the OpenSSH client (`ssh`, `ssh-keygen`), not root.
"""

from __future__ import annotations

import asyncio
import fcntl
import os
import re
import shutil
import signal
import socket
import stat
import struct
import subprocess
import sys
import termios
import time
from collections.abc import Iterator
from pathlib import Path

import asyncssh
import pytest

from reviewtui import cli
from reviewtui.application.sessions import create_session
from reviewtui.domain import changes
from reviewtui.store import SessionStore
from tests.helpers.ssh import LOOPBACK_OPTIONS
from tests.helpers.terminal import Terminal, children_of, keygen

BIN = Path(sys.executable).parent
TICKS = os.sysconf("SC_CLK_TCK")

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not (shutil.which("ssh") and shutil.which("ssh-keygen")),
        reason="needs the OpenSSH client (ssh, ssh-keygen); .ci/run installs it",
    ),
]


# ------------------------------------------------------------------ the server and its people


class Served:
    """One `reviewtui serve` process, its log, and the keys of the people it knows."""

    def __init__(self, tmp: Path) -> None:
        self.tmp = tmp
        self.sessions = tmp / "sessions"
        self.sessions.mkdir(exist_ok=True)
        self.store = SessionStore(self.sessions)
        self.keys_dir = tmp / "keys"
        self.keys_dir.mkdir(exist_ok=True)
        self.authorized = tmp / "authorized_keys"
        self.public: dict[str, str] = {}
        self.process: subprocess.Popen | None = None
        self.port = 0
        self.log_path = tmp / "serve.log"
        self.opened: list[Terminal] = []

    def person(self, name: str, options: str = "", listed: bool = True) -> Path:
        """A key for `name` (its comment); listed in authorized_keys unless `listed` is False."""
        path = self.keys_dir / name
        if not path.exists():
            self.public[name] = keygen(path, name)
        if listed:
            line = f"{options} {self.public[name]}".strip()
            with self.authorized.open("a") as keys:
                keys.write(line + "\n")
        return path

    def new_session(self, title: str) -> str:
        log = create_session(self.store, title, template="outcome-review", facilitator="fran", actor="fran")
        return log.info.id

    def start(self, *options: str) -> None:
        self.log_file = self.log_path.open("ab")
        argv = [
            str(BIN / "reviewtui"),
            "--sessions",
            str(self.sessions),
            "serve",
            "--port",
            "0",
            "--authorized-keys",
            str(self.authorized),
            *options,
        ]
        self.process = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=self.log_file, stderr=self.log_file)
        found = self.wait_log(re.compile(r"listening on 127\.0\.0\.1:(\d+)"))
        self.port = int(found.group(1))

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def wait_log(self, needle: str | re.Pattern, timeout: float = 20.0) -> re.Match:
        pattern = needle if isinstance(needle, re.Pattern) else re.compile(re.escape(needle))
        end = time.monotonic() + timeout
        while True:
            found = pattern.search(self.log())
            if found:
                return found
            assert self.process is None or self.process.poll() is None, f"serve exited: {self.log()}"
            assert time.monotonic() < end, f"{pattern.pattern!r} not in the log within {timeout}s: {self.log()}"
            time.sleep(0.05)

    def ssh_argv(self, key: str, *extra: str) -> list[str]:
        return [
            "ssh",
            "-F",
            "/dev/null",
            "-i",
            str(self.keys_dir / key),
            "-p",
            str(self.port),
            *LOOPBACK_OPTIONS,
            *extra,
            "127.0.0.1",
        ]

    def ssh(self, key: str, *extra: str, command: str | None = None) -> subprocess.CompletedProcess:
        argv = self.ssh_argv(key, *extra) + ([command] if command else [])
        return subprocess.run(argv, capture_output=True, text=True, timeout=30, stdin=subprocess.DEVNULL)

    def connect(self, key: str, cols: int = 100, rows: int = 30) -> Terminal:
        terminal = Terminal(key, self.ssh_argv(key, "-tt"), cols=cols, rows=rows)
        self.opened.append(terminal)
        return terminal

    def children(self) -> list[int]:
        """The reviewtui processes serve runs, one per connected person."""
        assert self.process is not None
        return children_of(self.process.pid)

    def stop(self) -> None:
        for terminal in self.opened:
            terminal.close()
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.process is not None:
            self.log_file.close()


def _cmdline(pid: int) -> list[str]:
    return Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace").rstrip("\0").split("\0")


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS  # utime + stime


def _wait(condition, timeout: float, what: str) -> None:
    end = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < end, f"not within {timeout}s: {what}"
        time.sleep(0.1)


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/status").read_text().splitlines()[2]
    except (OSError, IndexError):
        return "gone"


def _ended(pid: int) -> bool:
    """Gone, or a zombie: exited, and waiting for whoever adopted it (after its parent died) to reap it."""
    return _state(pid) in ("gone", "State:\tZ (zombie)")


def _events(served: Served, session_id: str, kind: str) -> list:
    return [e for e in served.store.load(session_id).events if e.type == kind]


def _alice_in(served: Served, title: str, *options: str) -> tuple[str, Terminal]:
    """A session served to alice alone, and alice's terminal once she is in the room."""
    session_id = served.new_session(title)
    served.person("alice")
    served.start("--session", session_id, *options)
    alice = served.connect("alice")
    alice.wait_for("● alice")
    return session_id, alice


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Served]:
    server = Served(tmp_path)
    yield server
    server.stop()


# ------------------------------------------------------------------ who gets in


def test_an_allowed_key_joins_the_served_session_and_sees_it_live(served: Served) -> None:
    session_id = served.new_session("Weekly outcome review")
    served.person("alice")
    served.start("--session", session_id)

    alice = served.connect("alice")
    alice.wait_for("Weekly outcome review")
    alice.wait_for("● alice")  # the room line: she is here, under the name her key's comment gives
    served.wait_log(re.compile(r"connect alice from 127\.0\.0\.1:\d+ with key SHA256:"))
    joined = _events(served, session_id, "participant.joined")
    assert [(e.actor, e.data.role) for e in joined if e.actor == "alice"] == [("alice", "participant")]

    # Her own process on its own pty: reviewtui joining the session as her, never a shell.
    (child,) = served.children()
    argv = _cmdline(child)
    assert argv[1:3] == ["-m", "reviewtui"] and "--as=alice" in argv and argv[-2:] == ["join", session_id]
    assert os.readlink(f"/proc/{child}/fd/0").startswith("/dev/pts/")

    # What the facilitator records reaches her screen.
    mark = alice.mark()
    assert (
        cli.main(
            [
                "--sessions",
                str(served.sessions),
                "--as",
                "fran",
                "objective",
                "add",
                session_id,
                "Trial teams activate within a week",
            ]
        )
        == 0
    )
    alice.wait_for("Trial teams activate within a week", since=mark)


def test_a_key_that_is_not_listed_is_refused_and_logged(served: Served) -> None:
    served.person("alice")
    served.person("eve", listed=False)
    served.start()

    done = served.ssh("eve", "-tt")
    assert done.returncode == 255 and "Permission denied (publickey)" in done.stderr
    fingerprint = subprocess.run(
        ["ssh-keygen", "-lf", str(served.keys_dir / "eve.pub")], capture_output=True, text=True
    ).stdout.split()[1]
    line = served.wait_log(re.compile(r".*refused key .*")).group(0)
    assert fingerprint in line and "not in" in line and str(served.authorized) in line
    assert served.children() == [] and "serve: connect" not in served.log()


def test_passwords_are_never_asked(served: Served) -> None:
    served.person("alice")
    served.start()
    done = subprocess.run(
        [
            "ssh",
            "-F",
            "/dev/null",
            "-p",
            str(served.port),
            "-o",
            "StrictHostKeyChecking=no",
            "-o",
            "UserKnownHostsFile=/dev/null",
            "-o",
            "PubkeyAuthentication=no",
            "-o",
            "BatchMode=yes",
            "-o",
            "PreferredAuthentications=password,keyboard-interactive",
            "127.0.0.1",
            "true",
        ],
        capture_output=True,
        text=True,
        timeout=30,
        stdin=subprocess.DEVNULL,
    )
    assert done.returncode == 255 and "Permission denied (publickey)" in done.stderr


@pytest.mark.parametrize(
    ("extra", "command", "client_says", "log_says"),
    [
        ((), "ls -la /", "exec request failed", "refused running 'ls -la /' for alice"),
        (("-T",), None, "reviewtui needs a terminal", "refused a session without a terminal for alice"),
        (("-W", "127.0.0.1:22"), None, "stdio forwarding failed", "refused a forward to '127.0.0.1':22 for alice"),
        (
            ("-N", "-o", "ExitOnForwardFailure=yes", "-R", "0:127.0.0.1:22"),
            None,
            "remote port forwarding failed",
            "refused a remote forward of port 0 for alice",
        ),
        (("-s",), "sftp", "subsystem request failed", "refused the 'sftp' subsystem for alice"),
    ],
    ids=["exec", "no-terminal", "stdio-forward", "remote-forward", "sftp"],
)
def test_anything_but_a_terminal_session_is_refused(served: Served, extra, command, client_says, log_says) -> None:
    served.person("alice")
    served.start()
    done = served.ssh("alice", *extra, command=command)
    assert done.returncode != 0
    assert client_says in done.stdout + done.stderr
    served.wait_log(log_says)
    assert served.children() == [], "nothing ran for a refused request"


def test_a_local_port_forward_is_refused(served: Served) -> None:
    served.person("alice")
    served.start()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        local_port = probe.getsockname()[1]
    with socket.socket() as target:  # something worth reaching, were the forward allowed
        target.bind(("127.0.0.1", 0))
        target.listen()
        tunnel = subprocess.Popen(
            served.ssh_argv("alice", "-N", "-L", f"{local_port}:127.0.0.1:{target.getsockname()[1]}"),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        try:
            served.wait_log("connect alice")
            _wait(lambda: _can_connect(local_port), 10, "ssh listens on the local end of the forward")
            with socket.create_connection(("127.0.0.1", local_port), timeout=5) as through:
                through.settimeout(5)
                assert through.recv(100) == b"", "the forward was closed, not connected"
            served.wait_log(re.compile(r"refused a forward to '127\.0\.0\.1':\d+ for alice"))
            target.settimeout(0.5)
            with pytest.raises(TimeoutError):
                target.accept()  # nobody reached the target
        finally:
            tunnel.terminate()
            tunnel.wait(10)


def _can_connect(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
        return True
    except OSError:
        return False


def test_an_agent_forward_is_refused(served: Served, tmp_path: Path) -> None:
    # OpenSSH asks for agent forwarding without waiting for a reply, so the client shows nothing;
    # what must hold is on the server: no agent socket is made, and the person's reviewtui has none.
    session_id = served.new_session("Agent check")
    served.person("alice")
    served.start("--session", session_id)
    agent = subprocess.run(["ssh-agent", "-s", "-a", str(tmp_path / "agent.sock")], capture_output=True, text=True)
    agent_pid = int(re.search(r"SSH_AGENT_PID=(\d+)", agent.stdout).group(1))
    before = set(Path("/tmp").glob("asyncssh-*"))
    try:
        os.environ["SSH_AUTH_SOCK"] = str(tmp_path / "agent.sock")  # the client reads it when it starts
        alice = Terminal("alice", served.ssh_argv("alice", "-A", "-tt"))
        served.opened.append(alice)
        del os.environ["SSH_AUTH_SOCK"]
        alice.wait_for("Agent check")
        (child,) = served.children()
        environ = Path(f"/proc/{child}/environ").read_bytes().split(b"\0")
        assert not [v for v in environ if v.startswith(b"SSH_AUTH_SOCK=")]
        assert set(Path("/tmp").glob("asyncssh-*")) == before, "no agent socket was made on the server"
    finally:
        os.environ.pop("SSH_AUTH_SOCK", None)
        os.kill(agent_pid, signal.SIGTERM)


# ------------------------------------------------------------------ each person's own reviewtui


def _pty_size(pid: int) -> tuple[int, int]:
    fd = os.open(f"/proc/{pid}/fd/0", os.O_RDONLY | os.O_NOCTTY)
    try:
        rows, cols, _, _ = struct.unpack("HHHH", fcntl.ioctl(fd, termios.TIOCGWINSZ, b"\0" * 8))
    finally:
        os.close(fd)
    return cols, rows


def test_the_terminal_type_and_size_come_from_the_client_and_a_resize_reaches_the_app(served: Served) -> None:
    session_id = served.new_session("Resize check")
    served.person("alice")
    served.start("--session", session_id)
    alice = served.connect("alice", cols=90, rows=26)
    alice.wait_for("Resize check")
    (child,) = served.children()
    assert _pty_size(child) == (90, 26)
    environ = Path(f"/proc/{child}/environ").read_bytes().split(b"\0")
    assert b"TERM=xterm-256color" in environ

    mark = alice.mark()
    alice.resize(132, 43)
    _wait(lambda: _pty_size(child) == (132, 43), 10, "the window change reaches the pty")
    # The app draws for the new size: Textual places its cursor on row 43, which did not exist before.
    _wait(lambda: (alice.pump(0.1), b"\x1b[43;" in alice.raw[mark:])[1], 10, "the app redraws 43 rows")
    assert b"\x1b[43;" not in alice.raw[:mark]


def test_hanging_up_ends_the_persons_reviewtui_and_says_they_left(served: Served) -> None:
    session_id, alice = _alice_in(served, "Hang-up check")
    (child,) = served.children()

    os.kill(alice.pid, signal.SIGKILL)  # the laptop lid closes on the ssh client
    _wait(lambda: not Path(f"/proc/{child}").exists(), 15, "alice's reviewtui ends")
    assert [e.actor for e in _events(served, session_id, "participant.left")] == ["alice"]
    served.wait_log(re.compile(r"disconnect alice from 127\.0\.0\.1:\d+ after \d+m\d\ds"))


def test_quitting_the_app_ends_the_connection(served: Served) -> None:
    _, alice = _alice_in(served, "Quit check")
    alice.send(b"\x11")  # ctrl+q
    assert alice.wait_exit(15) == 0
    served.wait_log("disconnect alice")
    assert served.children() == []


def test_an_observer_line_joins_to_watch_only(served: Served) -> None:
    session_id = served.new_session("Observer check")
    served.person("sam", options='name="Sam Rivera",observer')
    served.start("--session", session_id)
    sam = served.connect("sam")
    sam.wait_for("Observer check")
    served.wait_log("connect Sam Rivera (observer)")
    _wait(lambda: _events(served, session_id, "participant.joined")[-1].actor == "Sam Rivera", 10, "sam joins")
    assert _events(served, session_id, "participant.joined")[-1].data.role == "observer"


def test_twenty_people_at_once_and_an_idle_server_uses_next_to_no_cpu(served: Served) -> None:
    session_id = served.new_session("All hands outcome review")
    names = [f"person{number:02d}" for number in range(20)]
    for name in names:
        served.person(name)
    served.start("--session", session_id)

    people = [served.connect(name, cols=80, rows=24) for name in names]
    for person in people:
        person.wait_for("All hands outcome review", timeout=90)
    _wait(
        lambda: len({e.actor for e in _events(served, session_id, "participant.joined")} & set(names)) == 20,
        60,
        "20 people joined",
    )
    assert len(served.children()) == 20

    # Everyone connected and quiet: the server relays nothing and waits.
    time.sleep(1.0)
    for person in people:
        person.pump()
    before, started = _cpu_seconds(served.process.pid), time.monotonic()
    time.sleep(5.0)
    share = (_cpu_seconds(served.process.pid) - before) / (time.monotonic() - started)
    assert share < 0.02, f"the idle server used {share:.1%} of a core"

    for person in people:
        os.kill(person.pid, signal.SIGTERM)
    _wait(lambda: served.children() == [], 60, "every reviewtui ends with its connection")
    left = {e.actor for e in _events(served, session_id, "participant.left")}
    assert left >= set(names)


def test_the_cap_on_connections_turns_the_next_one_away(served: Served) -> None:
    served.person("bob")
    _, alice = _alice_in(served, "Cap check", "--max-connections", "1")
    done = served.ssh("bob", "-tt")
    assert done.returncode == 255 and "the meeting is full (1 people)" in done.stderr
    served.wait_log("refused 127.0.0.1:")
    assert "--max-connections" in served.log()
    assert len(served.children()) == 1
    assert "connect bob" not in served.log(), "a refused connection never gets as far as a key"

    # Once alice leaves, her place is free again.
    alice.send(b"\x11")  # ctrl+q
    assert alice.wait_exit(15) == 0
    served.wait_log("disconnect alice")
    served.connect("bob").wait_for("● bob")


def test_without_a_session_people_choose_among_the_open_ones(served: Served) -> None:
    closed_id = served.new_session("Last quarter, closed")
    _close(served.store, closed_id)
    open_id = served.new_session("This week's review")
    served.person("alice")
    served.start()
    alice = served.connect("alice")
    text = alice.wait_for("This week's review")
    assert "choose a meeting to join, as alice" in text and "Last quarter, closed" not in text
    alice.send(b"\r")
    alice.wait_for("● alice")
    _wait(lambda: [e.actor for e in _events(served, open_id, "participant.joined")][-1:] == ["alice"], 10, "joined")

    # A session opened meanwhile shows up in the list without a restart.
    alice.send(b"\x0f")  # ctrl+o: back to the list
    mark = alice.mark()
    served.new_session("Pop-up incident review")
    alice.wait_for("Pop-up incident review", since=mark)


def _close(store: SessionStore, session_id: str) -> None:
    store.append(session_id, "fran", changes.close_session)


def test_a_key_added_to_the_file_is_let_in_without_a_restart(served: Served) -> None:
    session_id = served.new_session("Late joiner")
    served.person("alice")
    served.person("bob", listed=False)
    served.start("--session", session_id)
    assert served.ssh("bob", "-tt").returncode == 255
    time.sleep(0.02)  # a new mtime, even on a coarse clock
    served.person("bob")
    bob = served.connect("bob")
    bob.wait_for("● bob")

    # A bad line in an edit (a half-saved file, an OpenSSH option) is said and skipped; the good
    # lines of the same file still work.
    with served.authorized.open("a") as keys:
        keys.write(f'from="10.0.0.0/8" {served.public["alice"]}\n')
    served.connect("alice").wait_for("● alice")
    served.wait_log(f"{served.authorized}, line 3: option 'from' is not one reviewtui serve reads")
    assert "; the line is skipped" in served.log()


# ------------------------------------------------------------------ the host key and the options


def test_the_host_key_is_made_once_kept_0600_and_reused(served: Served, isolated: Path) -> None:
    served.person("alice")
    served.start()
    path = isolated / "xdg_data_home" / "reviewtui" / "ssh_host_ed25519_key"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    first = served.wait_log(re.compile(r"host key (SHA256:\S+);")).group(1)
    assert "made a new host key" in served.log()
    served.stop()

    served.log_path.write_text("")
    served.process = None
    served.start()
    assert served.wait_log(re.compile(r"host key (SHA256:\S+);")).group(1) == first
    assert "made a new host key" not in served.log()
    known = subprocess.run(
        ["ssh-keyscan", "-t", "ed25519", "-p", str(served.port), "127.0.0.1"],
        capture_output=True,
        text=True,
        timeout=30,
    ).stdout
    assert path.with_suffix(".pub").exists() is False  # only the private key is kept
    scanned = subprocess.run(["ssh-keygen", "-lf", "-"], input=known, capture_output=True, text=True).stdout
    assert first in scanned, "clients see the key the log names"


def _serve_error(capsys, *argv: str) -> str:
    code = cli.main(["--sessions", "sessions", "serve", "--port", "0", *argv])
    err = capsys.readouterr().err
    assert code == 1 and err.startswith("reviewtui: error: ") and err.count("\n") == 1, err
    assert "Traceback" not in err
    return err


@pytest.mark.parametrize(
    ("line", "says"),
    [
        ('from="10.0.0.0/8" ssh-ed25519 KEY alice', "option 'from' is not one reviewtui serve reads"),
        ('command="/bin/sh" ssh-ed25519 KEY alice', "option 'command' is not one"),
        ("ssh-ed25519 KEY", "no name"),
        ("ssh-ed25519 KEY anonymous", "reserved for anonymous phases"),
        ('name="" ssh-ed25519 KEY alice', "no name"),
        ("ssh-ed25519 AAAAnotakey alice", "no public key found"),
        ('observer="yes" ssh-ed25519 KEY alice', "observer takes no value"),
    ],
)
def test_a_bad_authorized_keys_line_is_named_and_nothing_is_served(
    tmp_path: Path, capsys, line: str, says: str
) -> None:
    (tmp_path / "sessions").mkdir()
    key = keygen(tmp_path / "k", "k").split()[1]
    keys = tmp_path / "keys"
    keys.write_text("# a comment, then a good line\n" + f"ssh-ed25519 {key} fine\n" + line.replace("KEY", key) + "\n")
    err = _serve_error(capsys, "--authorized-keys", str(keys))
    assert f"{keys}, line 3: " in err and says in err


def test_serve_errors_are_one_line(tmp_path: Path, capsys) -> None:
    (tmp_path / "sessions").mkdir()
    assert "no authorized_keys file at" in _serve_error(capsys, "--authorized-keys", str(tmp_path / "missing"))
    keys = tmp_path / "keys"
    keys.write_text(keygen(tmp_path / "k", "alice") + "\n")
    assert "no session" in _serve_error(capsys, "--authorized-keys", str(keys), "--session", "nope").lower()
    loose = tmp_path / "hostkey"
    _serve_error(capsys, "--authorized-keys", str(keys), "--host-key", str(loose), "--session", "nope")
    assert not loose.exists(), "no host key is made for a server that does not start"
    store = SessionStore(tmp_path / "sessions")
    closed = create_session(store, "Done", template="outcome-review", facilitator="fran", actor="fran").info.id
    _close(store, closed)
    assert "is closed" in _serve_error(capsys, "--authorized-keys", str(keys), "--session", closed)
    keygen(loose, "host")
    loose.chmod(0o644)
    err = _serve_error(capsys, "--authorized-keys", str(keys), "--host-key", str(loose))
    assert "can be read by others (mode 0644): chmod 600" in err
    loose.chmod(0o600)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = str(taken.getsockname()[1])
        code = cli.main(
            [
                "--sessions",
                "sessions",
                "serve",
                "--port",
                port,
                "--authorized-keys",
                str(keys),
                "--host-key",
                str(loose),
            ]
        )
    err = capsys.readouterr().err
    assert code == 1 and f"reviewtui: error: cannot listen on 127.0.0.1:{port}" in err


def test_killing_the_server_ends_everyones_reviewtui_and_each_says_they_left(served: Served) -> None:
    session_id, alice = _alice_in(served, "Crash check")
    (child,) = served.children()
    served.process.kill()  # kill -9: no goodbye; the ptys' masters close with the process
    served.process.wait()
    _wait(lambda: _ended(child), 15, "alice's reviewtui ends with the server")
    assert [e.actor for e in _events(served, session_id, "participant.left")] == ["alice"]
    assert alice.wait_exit(15) != 0  # her ssh sees the connection drop


def test_stopping_the_server_lets_everyone_save_and_leave(served: Served) -> None:
    session_id, alice = _alice_in(served, "Stop check")
    (child,) = served.children()
    served.process.send_signal(signal.SIGTERM)
    assert served.process.wait(20) == 0
    assert _ended(child), "the server waits for each reviewtui to end"
    assert [e.actor for e in _events(served, session_id, "participant.left")] == ["alice"]
    assert "stopping: hanging up 1 connection(s)" in served.log()
    alice.wait_exit(15)


# ------------------------------------------------------------------ each person's environment


def test_a_person_brings_their_terminal_and_theme_but_nothing_else(monkeypatch, isolated: Path) -> None:
    from reviewtui.serve.keys import Member
    from reviewtui.serve.server import ServeConfig, Server
    from reviewtui.ui.theming import settings

    monkeypatch.setenv("COLUMNS", "200")  # the operator's own terminal: never the person's size
    monkeypatch.setenv("PATH", "/usr/bin:/bin")
    monkeypatch.setenv("SSH_CONNECTION", "10.0.0.1 22 10.0.0.2 22")  # the operator's own SSH link
    monkeypatch.setenv("TERM_PROGRAM", "iTerm.app")
    monkeypatch.setenv("LANG", "en_GB.UTF-8")
    config = ServeConfig(sessions=Path("sessions"), session_id=None, keys=None, host_key=None, theme="light")  # type: ignore[arg-type]
    server = Server(config)
    alice, bob = (Member(name, False, "SHA256:x") for name in ("alice", "../bob"))
    client = {
        "REVIEWTUI_THEME": "high-contrast",
        "PATH": "/tmp/evil",
        "LD_PRELOAD": "/tmp/evil.so",
        "LANG": "de_DE.UTF-8",
        "NO_COLOR": "1",
    }
    env = server.child_env(alice, client, "screen-256color")
    assert env["TERM"] == "screen-256color" and env["PATH"] == "/usr/bin:/bin"
    assert env["REVIEWTUI_THEME"] == "high-contrast" and env["LANG"] == "de_DE.UTF-8" and env["NO_COLOR"] == "1"
    assert "LD_PRELOAD" not in env and "COLUMNS" not in env
    assert "SSH_CONNECTION" not in env and "TERM_PROGRAM" not in env
    assert (
        server.child_env(alice, {"LANG": "C.UTF-8\x1b]0;owned\x07"}, None)["LANG"] == "en_GB.UTF-8"
    )  # unprintable: dropped
    assert server.child_env(alice, {}, "x;rm -rf /")["TERM"] == "xterm-256color"
    assert server.child_env(alice, {}, None)["REVIEWTUI_THEME"] == "light"  # serve --theme: the default

    # Everyone shares the server's account, but each keeps their own theme choice.
    paths = {Path(server.child_env(member, {}, None)["REVIEWTUI_SETTINGS"]) for member in (alice, bob)}
    assert len(paths) == 2
    for path in paths:
        assert path.parent == isolated / "xdg_config_home" / "reviewtui" / "people"
        assert "bob" not in path.name and "alice" not in path.name
    monkeypatch.setenv("REVIEWTUI_SETTINGS", str(sorted(paths)[0]))
    settings.save_theme("light")
    assert settings.saved_theme() == "light" and sorted(paths)[0].exists()
    monkeypatch.delenv("REVIEWTUI_SETTINGS")
    assert settings.saved_theme() is None


# ------------------------------------------------------------------ the parts, without a client


def _server(tmp_path: Path, max_connections: int = 50):
    from reviewtui.serve.keys import TeamFile
    from reviewtui.serve.server import ServeConfig, Server

    keys = tmp_path / "authorized_keys"
    keys.write_text(keygen(tmp_path / "alice", "alice") + "\n")
    config = ServeConfig(
        sessions=tmp_path,
        session_id=None,
        keys=TeamFile(keys),
        host_key=None,  # type: ignore[arg-type]
        max_connections=max_connections,
    )
    return Server(config), asyncssh.read_public_key(tmp_path / "alice.pub")


class _Conn:
    def get_extra_info(self, name: str):
        return ("127.0.0.1", 40000) if name == "peername" else None


class _Channel:
    """What MeetingSession uses of an asyncssh channel; writing once it is closing fails as there."""

    def __init__(self) -> None:
        self.written, self.status, self.closing = b"", None, False

    def get_terminal_type(self) -> str:
        return "xterm-256color"

    def get_terminal_size(self) -> tuple[int, int, int, int]:
        return (80, 24, 0, 0)

    def get_environment(self) -> dict[str, str]:
        return {}

    def is_closing(self) -> bool:
        return self.closing

    def write(self, data: bytes) -> None:
        if self.closing:
            raise BrokenPipeError("Channel not open for sending")
        self.written += data

    def exit(self, status: int) -> None:
        self.status, self.closing = status, True


def test_a_key_only_offered_is_no_visit_and_the_cap_frees_a_place(tmp_path: Path, capsys) -> None:
    from reviewtui.serve.server import Link

    server, key = _server(tmp_path, max_connections=1)
    first = Link(server)
    first.connection_made(_Conn())  # type: ignore[arg-type]
    assert first.begin_auth("anyone") is True
    assert first.validate_public_key("anyone", key)  # offered, never signed
    first.connection_lost(None)
    assert "alice" not in capsys.readouterr().err, "only a completed sign-in is logged as alice's"

    second, third = Link(server), Link(server)
    second.connection_made(_Conn())  # type: ignore[arg-type]
    third.connection_made(_Conn())  # type: ignore[arg-type]
    assert third.begin_auth("anyone") is True, "the cap counts people signed in, not connections"
    second.validate_public_key("anyone", key)
    second.auth_completed()
    with pytest.raises(asyncssh.DisconnectError) as refused:
        third.begin_auth("anyone")
    assert refused.value.code == asyncssh.DISC_TOO_MANY_CONNECTIONS and "full (1 people)" in refused.value.reason
    second.connection_lost(None)
    fourth = Link(server)
    fourth.connection_made(_Conn())  # type: ignore[arg-type]
    assert fourth.begin_auth("anyone") is True


async def test_a_reviewtui_that_cannot_start_is_said_to_the_person_and_the_log(tmp_path: Path, capsys) -> None:
    from reviewtui.serve.server import Link, MeetingSession

    server, key = _server(tmp_path)
    server.child_argv = lambda member: [str(tmp_path / "no-such-program")]  # type: ignore[method-assign]
    for gone_meanwhile in (False, True):
        link = Link(server)
        link.connection_made(_Conn())  # type: ignore[arg-type]
        link.validate_public_key("anyone", key)
        link.auth_completed()
        session, channel = MeetingSession(link), _Channel()
        session.connection_made(channel)  # type: ignore[arg-type]
        session.session_started()
        channel.closing = gone_meanwhile
        assert session._starting is not None
        await session._starting  # no BrokenPipeError when the person has already gone
        if not gone_meanwhile:
            assert channel.status == 1 and b"reviewtui could not start on the server" in channel.written
        await session.hang_up_and_wait()
    assert "could not start reviewtui for alice: " in capsys.readouterr().err


async def test_typing_ahead_of_a_program_is_held_back_until_it_reads(tmp_path: Path) -> None:
    from reviewtui.serve.ptyproc import PtyProcess
    from reviewtui.serve.server import MAX_TYPED_AHEAD

    ready, go, typed = tmp_path / "ready", tmp_path / "go", tmp_path / "typed"
    caught_up, ended = asyncio.Event(), asyncio.Event()
    process = PtyProcess(lambda data: None, lambda code: ended.set(), caught_up.set)
    # Raw mode: the pty passes every byte on (a cooked line would drop past 4 KiB).
    script = f"stty raw -echo; : > {ready}; while [ ! -e {go} ]; do sleep 0.05; done; head -c 200000 > {typed}"
    await process.start(["/bin/sh", "-c", script], {"PATH": os.environ.get("PATH", "/usr/bin:/bin")}, 80, 24)
    while not ready.exists():
        await asyncio.sleep(0.05)
    caught_up.clear()
    assert process.write(b"x" * 200_000) > MAX_TYPED_AHEAD, "more than the pty holds waits with us"
    await asyncio.sleep(0.2)
    assert not caught_up.is_set()
    go.touch()
    await asyncio.wait_for(caught_up.wait(), 10)
    await asyncio.wait_for(ended.wait(), 10)
    assert typed.read_bytes() == b"x" * 200_000


async def test_a_program_that_cannot_start_leaves_no_pty_open(tmp_path: Path) -> None:
    from reviewtui.serve.ptyproc import PtyProcess

    before = set(os.listdir("/proc/self/fd"))
    process = PtyProcess(lambda data: None, lambda code: None, lambda: None)
    with pytest.raises(FileNotFoundError):
        await process.start([str(tmp_path / "no-such-program")], {}, 80, 24)
    assert set(os.listdir("/proc/self/fd")) <= before

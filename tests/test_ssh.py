"""Live meetings over a real OpenSSH server: the login-shell gate, people joining by key, a dropped link.

The sshd tests need root (to create the dedicated account and run sshd) and OpenSSH installed;
CI has both. The gate's own tests at the top need neither.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import os
import pwd
import shutil
import signal
import socket
import stat
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from reviewtui import shell
from tests.helpers.ssh import LOOPBACK_OPTIONS
from tests.helpers.terminal import Terminal, children_of, keygen

BIN = Path(sys.executable).parent  # the venv's bin: reviewtui and reviewtui-shell live here
SSHD = Path("/usr/sbin/sshd")
USER = "rtui-ssh-test"
PAGE_DOWN = b"\x1b[6~"

# ------------------------------------------------------------------ the gate, without sshd


@pytest.mark.parametrize(
    ("command", "args"),
    [
        ("reviewtui join 2026-11-21-weekly-abcd --as alice", ["join", "2026-11-21-weekly-abcd", "--as", "alice"]),
        (
            "/opt/reviewtui/bin/reviewtui --sessions /srv/reviews join 2026-11-21-weekly-abcd --as alice",
            ["--sessions", "/srv/reviews", "join", "2026-11-21-weekly-abcd", "--as", "alice"],
        ),
        (
            "reviewtui --sessions=/srv/reviews --theme nord open x1 --as fran",
            ["--sessions=/srv/reviews", "--theme", "nord", "open", "x1", "--as", "fran"],
        ),
        ("reviewtui --as 'Mary Ann' join x1 --observer", ["--as", "Mary Ann", "join", "x1", "--observer"]),
        ("reviewtui replay x1", ["replay", "x1"]),
    ],
)
def test_the_gate_passes_meeting_commands_on_word_for_word(command: str, args: list[str]) -> None:
    assert shell.parse_command(command) == args


@pytest.mark.parametrize(
    "command",
    [
        "",
        "   ",
        "bash",
        "sh -c 'reviewtui join x1'",
        "echo PWNED",
        "python3 -m reviewtui join x1",
        "reviewtui",
        "reviewtui list",
        "reviewtui export x1 --format json",
        "reviewtui new Pwn --no-open",
        "reviewtui --sessions /srv/reviews",
        "reviewtui --sessions",
        "reviewtui --help",
        "reviewtui --version",
        "reviewtui --config /etc join x1",
        "reviewtui x1 join",
        "./reviewtui join x1",
        "bin/reviewtui join x1",
        "/bin/sh join x1",
        "/opt/reviewtui/bin/reviewtui-x join x1",
        "reviewtui join x1; sh",
        "reviewtui join x1;sh",
        "reviewtui join x1 | sh",
        "reviewtui join x1 && sh",
        "reviewtui join x1 & sh",
        "reviewtui join $(sh)",
        "reviewtui join ${HOME}",
        "reviewtui join `sh`",
        "reviewtui join x1 > /tmp/pwned",
        "reviewtui join x1 < /etc/shadow",
        "reviewtui join x1\nsh",
        "reviewtui join x1\rsh",
        "reviewtui join 'x1",
        "reviewtui join 'x1; sh'",
    ],
)
def test_the_gate_refuses_anything_else(command: str) -> None:
    assert shell.parse_command(command) is None


@dataclass
class Exec:
    program: str = ""
    argv: list[str] = field(default_factory=list)
    env: dict[str, str] = field(default_factory=dict)


@pytest.fixture
def execve(monkeypatch: pytest.MonkeyPatch) -> Exec:
    seen = Exec()

    def fake_execve(program, argv, env) -> None:
        seen.program, seen.argv, seen.env = str(program), list(argv), dict(env)

    monkeypatch.setattr(shell.os, "execve", fake_execve)
    return seen


def _install(folder: Path, *names: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        (folder / name).write_text("#!/bin/sh\nexit 0\n")
        (folder / name).chmod(0o755)


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["-c"],
        ["-c", "echo PWNED"],
        ["-c", "reviewtui list"],
        ["-c", "reviewtui join x1; sh"],
        ["-c", "reviewtui join x1", "extra"],
        ["-i"],
        ["--", "reviewtui join x1"],
    ],
)
def test_a_refused_login_prints_one_line_and_exits_1(argv, execve: Exec, capsys) -> None:
    assert shell.main(argv) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err.splitlines() == [shell.REFUSAL]
    assert execve.program == ""  # nothing was started


def test_the_gate_runs_the_reviewtui_next_to_itself_never_one_on_path(
    tmp_path: Path, execve: Exec, monkeypatch: pytest.MonkeyPatch
) -> None:
    _install(tmp_path / "opt" / "bin", "reviewtui", "reviewtui-shell")
    _install(tmp_path / "evil", "reviewtui")
    (tmp_path / "links").mkdir()
    (tmp_path / "links" / "reviewtui-shell").symlink_to(tmp_path / "opt" / "bin" / "reviewtui-shell")
    monkeypatch.setenv("PATH", str(tmp_path / "evil"))
    monkeypatch.setenv("PYTHONSTARTUP", str(tmp_path / "evil" / "startup.py"))
    monkeypatch.setenv("PYTHONINSPECT", "1")
    monkeypatch.setenv("TERM", "xterm-256color")
    monkeypatch.setattr(sys, "argv", [str(tmp_path / "links" / "reviewtui-shell")])  # as sshd via a symlink

    assert shell.main(["-c", "/usr/local/bin/reviewtui --sessions /srv/r join x1 --as alice"]) == 1  # (fake exec)
    program = str(tmp_path / "opt" / "bin" / "reviewtui")
    assert execve.program == program
    assert execve.argv == [program, "--sessions", "/srv/r", "join", "x1", "--as", "alice"]
    assert execve.env["TERM"] == "xterm-256color"
    assert not [name for name in execve.env if name.startswith("PYTHON")]


def test_the_gate_falls_back_to_its_interpreters_folder(execve: Exec, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "argv", ["reviewtui-shell"])  # a bare name: not resolved against the cwd
    shell.main(["-c", "reviewtui open x1"])
    assert execve.program == str(BIN / "reviewtui")


def test_a_missing_reviewtui_or_a_failed_exec_is_one_line(tmp_path: Path, monkeypatch, capsys) -> None:
    _install(tmp_path / "bin", "reviewtui-shell")
    monkeypatch.setattr(sys, "argv", [str(tmp_path / "bin" / "reviewtui-shell")])
    monkeypatch.setattr(sys, "executable", str(tmp_path / "bin" / "python3"))
    assert shell.main(["-c", "reviewtui join x1"]) == 1
    assert len(capsys.readouterr().err.splitlines()) == 1

    _install(tmp_path / "bin", "reviewtui")

    def failing_execve(*args) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(shell.os, "execve", failing_execve)
    assert shell.main(["-c", "reviewtui join x1"]) == 1
    assert capsys.readouterr().err.splitlines() == ["reviewtui-shell: error: cannot start reviewtui: Permission denied"]


def test_the_installed_gate_refuses_without_a_traceback() -> None:
    gate = BIN / "reviewtui-shell"
    if not gate.exists():
        pytest.skip(f"{gate} is not installed: run `pip install -e .` so that the console script exists")
    for argv in ([], ["-c", "echo PWNED"], ["-c", "reviewtui list"]):
        done = subprocess.run([str(gate), *argv], capture_output=True, text=True, timeout=30)
        assert (done.returncode, done.stdout, done.stderr) == (1, "", shell.REFUSAL + "\n")


# ------------------------------------------------------------------ a real sshd


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _run(*argv: str | Path, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([str(a) for a in argv], capture_output=True, text=True, timeout=60, **kwargs)


class Access:
    """Lets the test account reach the interpreter and the code (e.g. a Python under /root, 0700).

    Only the execute (traverse) bit for others is added, only where it is missing, and it is
    put back at teardown.
    """

    def __init__(self) -> None:
        self.changed: list[tuple[Path, int]] = []

    def open_path_to(self, target: Path) -> None:
        for folder in [target, *target.parents] if target.is_dir() else list(target.parents):
            mode = folder.stat().st_mode
            if not mode & stat.S_IXOTH:
                self.changed.append((folder, stat.S_IMODE(mode)))
                folder.chmod(stat.S_IMODE(mode) | stat.S_IXOTH)

    def restore(self) -> None:
        for folder, mode in reversed(self.changed):
            folder.chmod(mode)


@dataclass
class Meeting:
    tmp: Path
    port: int
    keys: dict[str, Path]
    public_keys: dict[str, str]
    sessions: Path
    session_id: str
    uid: int
    gid: int
    home: Path
    log: Path

    def sshd_log(self) -> str:
        return self.log.read_text(errors="replace")[-3000:]

    def client_options(self, key: str) -> list[str]:
        return [
            "-F",
            "/dev/null",
            "-i",
            str(self.keys[key]),
            "-o",
            f"Port={self.port}",
            *LOOPBACK_OPTIONS,
        ]

    def ssh_argv(self, key: str, *extra: str) -> list[str]:
        return ["ssh", *self.client_options(key), *extra, f"{USER}@127.0.0.1"]

    def as_user(self, *argv: str | Path) -> subprocess.CompletedProcess:
        """A command run as the meeting account, as the host's own scripts would."""
        env = {"HOME": str(self.home), "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "TZ": "UTC"}
        return _run(*argv, user=self.uid, group=self.gid, extra_groups=[], env=env, cwd=self.home)

    def start_session(self, title: str) -> str:
        """A new session, made by the account itself, and every key line pointed at it."""
        created = self.as_user(
            BIN / "reviewtui",
            "--sessions",
            self.sessions,
            "--as",
            "fran",
            "new",
            title,
            "--template",
            "outcome-review",
            "--no-open",
        )
        assert created.returncode == 0, f"the account cannot run reviewtui: {created.stderr}"
        self.session_id = created.stdout.strip()
        lines = []
        for name, public in self.public_keys.items():
            command = {"alice": "join {} --as alice", "bob": "join {} --as bob", "fran": "open {} --as fran"}.get(name)
            if command is None:  # a key line a host forgot to restrict: the gate is all that stands
                lines.append(public)
            else:
                forced = f"{BIN / 'reviewtui'} --sessions {self.sessions} {command.format(self.session_id)}"
                lines.append(f'restrict,pty,command="{forced}" {public}')
        # sshd reads the file at each login, so a rewrite applies to the next connection
        (self.tmp / "authorized_keys.new").write_text("\n".join(lines) + "\n")
        (self.tmp / "authorized_keys.new").chmod(0o644)
        os.replace(self.tmp / "authorized_keys.new", self.tmp / "authorized_keys")
        return self.session_id

    def export(self) -> dict:
        done = self.as_user(
            BIN / "reviewtui", "--sessions", self.sessions, "export", self.session_id, "--format", "json"
        )
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout)


def _skip_unless_possible() -> None:
    if os.geteuid() != 0:
        pytest.skip("needs root: creates a system account and runs sshd (CI runs as root)")
    if not SSHD.is_file():
        pytest.skip(f"{SSHD} is missing: apt-get install openssh-server (.ci/run does)")
    for tool in ("ssh", "ssh-keygen", "useradd", "usermod", "userdel"):
        if shutil.which(tool) is None:
            pytest.skip(f"`{tool}` is missing: apt-get install openssh-client (.ci/run does)")
    if not (BIN / "reviewtui-shell").exists():
        pytest.skip(f"{BIN / 'reviewtui-shell'} is missing: `pip install -e .` installs the console script")


def _create_account(home: Path) -> tuple[int, int]:
    gate = BIN / "reviewtui-shell"
    try:
        pwd.getpwnam(USER)
    except KeyError:
        # `-p '*'`: no password, but not locked: with UsePAM no, sshd refuses a locked (`!`) account.
        done = _run("useradd", "--system", "--no-create-home", "--home-dir", home, "--shell", gate, "-p", "*", USER)
    else:  # left over from a run that crashed: make it ours again
        done = _run("usermod", "--home", home, "--shell", gate, "-p", "*", USER)
    assert done.returncode == 0, done.stderr
    entry = pwd.getpwnam(USER)
    home.mkdir(mode=0o755)
    os.chown(home, entry.pw_uid, entry.pw_gid)
    return entry.pw_uid, entry.pw_gid


def _remove_account() -> None:
    for _ in range(50):  # its processes die with their ssh links; userdel refuses while they live
        if _run("userdel", USER).returncode in (0, 6):  # 6: no such user
            return
        time.sleep(0.2)
    _run("userdel", "--force", USER)


@pytest.fixture(scope="module")
def meeting() -> Iterator[Meeting]:
    _skip_unless_possible()
    tmp = Path(tempfile.mkdtemp(prefix="rtui-ssh-"))
    tmp.chmod(0o755)  # the account reads authorized_keys and runs in here
    access = Access()
    sshd: subprocess.Popen | None = None
    try:
        # The account's processes run the venv's interpreter and the package from wherever they are.
        import textual

        for target in (
            BIN / "reviewtui-shell",
            Path(os.path.realpath(sys.executable)),
            Path(sys.base_prefix) / "lib",
            Path(shell.__file__).parent,
            Path(textual.__file__).parent,
            tmp,
        ):
            access.open_path_to(target)
        home = tmp / "home"
        uid, gid = _create_account(home)

        sessions = tmp / "sessions"
        sessions.mkdir(mode=0o755)
        os.chown(sessions, uid, gid)
        keys_dir = tmp / "keys"
        keys_dir.mkdir(mode=0o700)
        log = tmp / "sshd.log"
        meeting = Meeting(
            tmp=tmp,
            port=_free_port(),
            keys={},
            public_keys={},
            sessions=sessions,
            session_id="",
            uid=uid,
            gid=gid,
            home=home,
            log=log,
        )
        for name in ("alice", "bob", "fran", "shelly"):
            meeting.keys[name] = keys_dir / name
            meeting.public_keys[name] = keygen(keys_dir / name, f"{name}@laptop")
        meeting.start_session("Weekly review")
        authorized = tmp / "authorized_keys"

        host_key = tmp / "host_ed25519"
        keygen(host_key, "host")
        config = tmp / "sshd_config"
        config.write_text(
            f"Port {meeting.port}\n"
            "ListenAddress 127.0.0.1\n"
            f"HostKey {host_key}\n"
            f"PidFile {tmp / 'sshd.pid'}\n"
            f"AuthorizedKeysFile {authorized}\n"
            "StrictModes no\n"
            "UsePAM no\n"
            "PasswordAuthentication no\n"
            "KbdInteractiveAuthentication no\n"
            "PubkeyAuthentication yes\n"
            f"AllowUsers {USER}\n"
            "ClientAliveInterval 2\n"
            "ClientAliveCountMax 2\n"
            "PermitRootLogin no\n"
            "PrintMotd no\n"
            "PrintLastLog no\n"
            "UseDNS no\n"
            "Subsystem sftp /usr/lib/openssh/sftp-server\n"  # as Debian ships it: run through the login shell
            "LogLevel VERBOSE\n"
        )
        Path("/run/sshd").mkdir(mode=0o755, parents=True, exist_ok=True)  # sshd's privilege-separation folder
        checked = _run(SSHD, "-t", "-f", config)
        assert checked.returncode == 0, f"sshd -t: {checked.stderr}"
        with log.open("wb") as sink:
            sshd = subprocess.Popen(
                [str(SSHD), "-D", "-e", "-f", str(config)],
                stdout=sink,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + 15
        while True:
            try:
                with socket.create_connection(("127.0.0.1", meeting.port), timeout=1) as probe:
                    if probe.recv(64).startswith(b"SSH-"):
                        break
            except OSError:
                pass
            assert sshd.poll() is None, f"sshd exited: {meeting.sshd_log()}"
            assert time.monotonic() < deadline, f"sshd does not answer: {meeting.sshd_log()}"
            time.sleep(0.1)
        yield meeting
    finally:
        if sshd is not None:
            for pid in children_of(sshd.pid):  # one sshd per connection, each in its own session
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGTERM)
            sshd.terminate()
            try:
                sshd.wait(10)
            except subprocess.TimeoutExpired:
                sshd.kill()
                sshd.wait()
        _remove_account()
        access.restore()
        shutil.rmtree(tmp, ignore_errors=True)


# ------------------------------------------------------------------ a terminal on a pty


@pytest.fixture
def terminals():
    opened: list[Terminal] = []

    def connect(meeting: Meeting, key: str, *extra: str) -> Terminal:
        terminal = Terminal(key, meeting.ssh_argv(key, "-tt", *extra))
        opened.append(terminal)
        return terminal

    yield connect
    for terminal in opened:
        terminal.close()


def _reviewtui_processes(person: str) -> list[str]:
    """The account's reviewtui processes running `--as person` (read from /proc: no procps needed)."""
    uid, found = pwd.getpwnam(USER).pw_uid, []
    for entry in Path("/proc").iterdir():
        try:
            if not entry.name.isdigit() or entry.stat().st_uid != uid:
                continue
            argv = (entry / "cmdline").read_bytes().decode(errors="replace").split("\0")
        except OSError:  # gone meanwhile
            continue
        pairs = list(itertools.pairwise(argv))
        if any(Path(arg).name == "reviewtui" for arg in argv) and ("--as", person) in pairs:
            found.append(f"{entry.name} {' '.join(argv).strip()}")
    return found


def _wait_gone(person: str, timeout: float) -> float:
    start = time.monotonic()
    while _reviewtui_processes(person):
        assert time.monotonic() - start < timeout, f"{person}'s reviewtui still runs: {_reviewtui_processes(person)}"
        time.sleep(0.2)
    return time.monotonic() - start


def _marker(who: str) -> str:
    return f"{who}{uuid.uuid4().hex[:8]}"  # one word: found even where a line is redrawn in pieces


# ------------------------------------------------------------------ the tests over ssh


@pytest.mark.slow
def test_a_key_without_the_forced_command_gets_no_shell(meeting: Meeting, terminals) -> None:
    for extra, command in (
        (["-T"], ["echo PWNED"]),
        (["-T"], ["reviewtui list"]),
        (["-T"], [f"reviewtui --sessions {meeting.sessions} list"]),
        (["-T"], ["reviewtui join x1; echo PWNED"]),
        (["-T"], ["sh -c 'echo PWNED'"]),
        (["-T"], []),
    ):
        done = _run(*meeting.ssh_argv("shelly", *extra), *command, stdin=subprocess.DEVNULL)
        assert done.returncode == 1, (command, done, meeting.sshd_log())
        assert shell.REFUSAL in done.stderr, (command, done.stderr)
        assert "PWNED" not in done.stdout + done.stderr
        assert "sessions" not in done.stdout  # `list` did not run

    # An interactive login on a pty: the shell sshd starts is the gate, which refuses at once.
    terminal = terminals(meeting, "shelly")
    terminal.send(b"echo PW''NED\r", settle=0)  # typed ahead: a shell would print PWNED
    terminal.wait_for("this account only runs reviewtui meetings", timeout=20)
    assert terminal.wait_exit() == 1
    assert "PWNED" not in terminal.text()
    # sftp asks for a subsystem, legacy scp runs `scp -f`: sshd runs both through the login shell.
    # (sshd drops a subsystem's stderr: the gate's exit status 1 is what shows it said no.)
    stolen = meeting.tmp / "stolen"
    subsystem = _run(*meeting.ssh_argv("shelly", "-s"), "sftp", stdin=subprocess.DEVNULL)
    assert subsystem.returncode == 1, subsystem
    sftp = _run(
        "sftp", *meeting.client_options("shelly"), "-b", "-", f"{USER}@127.0.0.1", input=f"get /etc/passwd {stolen}\n"
    )
    assert sftp.returncode != 0, sftp
    scp = _run("scp", "-O", *meeting.client_options("shelly"), f"{USER}@127.0.0.1:/etc/passwd", stolen)
    assert scp.returncode != 0, scp
    assert shell.REFUSAL in scp.stderr
    assert not stolen.exists()

    # The refusal is logged like any session: the key was accepted, the command was not.
    assert "Accepted publickey" in meeting.sshd_log()


@pytest.mark.slow
def test_a_forced_command_wins_over_the_clients_command(meeting: Meeting) -> None:
    # fran asks for a shell command; sshd runs her key's command= instead (reviewtui), never `echo`.
    done = _run(*meeting.ssh_argv("fran", "-T"), "echo PWNED", stdin=subprocess.DEVNULL)
    assert "PWNED" not in done.stdout + done.stderr
    assert done.returncode != 0  # reviewtui without a terminal: it says so and exits 1
    assert "terminal" in done.stderr, done.stderr


def _open_meeting(meeting: Meeting, terminals, title: str) -> dict[str, Terminal]:
    """A new session: fran takes the facilitator's seat, then alice and bob join; everyone reaches Impact."""
    meeting.start_session(title)
    fran = terminals(meeting, "fran")
    fran.wait_for("Check-in", timeout=30)
    people = {"fran": fran}
    for name in ("alice", "bob"):
        people[name] = terminals(meeting, name)
        people[name].wait_for("Check-in", timeout=30)
    for name in ("alice", "bob"):  # each joining shows on the facilitator's screen
        fran.wait_for(name, timeout=10)
    marks = {name: terminal.mark() for name, terminal in people.items()}
    for _ in range(3):  # Check-in -> Objectives -> KPIs -> Impact
        fran.send(PAGE_DOWN, settle=0.4)
    for name, terminal in people.items():  # participants follow the facilitator's phase
        terminal.wait_for("What changed because of this work", timeout=15, since=marks[name])
    return people


def _answer(terminal: Terminal, text: str) -> None:
    """Answer the Impact question in view, as a person at the keyboard would."""
    # The palette's "Answer the question" reaches the answer field from wherever the focus is:
    # the facilitator's starts on the question list, and a saved answer moves it on.
    mark = terminal.mark()
    terminal.send(b"\x10", settle=0.3)  # ctrl+p
    terminal.type("Answer the question")
    terminal.wait_for("Type the room", timeout=5, since=mark)
    terminal.send(b"\r", settle=0.4)
    terminal.type(text)
    terminal.send(b"\r", settle=0.3)


@pytest.mark.slow
def test_participants_over_ssh_see_each_others_changes(meeting: Meeting, terminals) -> None:
    people = _open_meeting(meeting, terminals, "Live review")
    answers = {}
    for author in ("fran", "alice", "bob"):
        answers[author] = _marker(author)
        marks = {name: terminal.mark() for name, terminal in people.items()}
        _answer(people[author], answers[author])
        for name, terminal in people.items():
            if name != author:  # on the author's own screen the text was typed, so it proves nothing
                terminal.wait_for(answers[author], timeout=10, since=marks[name])
    texts = json.dumps(meeting.export()["answers"])
    for author, text in answers.items():
        assert text in texts, f"{author}'s answer is not in the session"


@pytest.mark.slow
def test_killing_an_ssh_client_mid_edit_leaves_the_session_valid(meeting: Meeting, terminals) -> None:
    people = _open_meeting(meeting, terminals, "Dropped link review")
    alice, bob, fran = people["alice"], people["bob"], people["fran"]
    saved = {}
    for author in ("bob", "fran"):
        saved[author] = _marker(author)
        mark = alice.mark()
        _answer(people[author], saved[author])
        alice.wait_for(saved[author], timeout=10, since=mark)  # alice is live, and sees it

    draft = _marker("alice") + " half a senten"
    alice.type(draft)  # no Enter: still being typed
    assert alice.exited() is False and _reviewtui_processes("alice")
    os.kill(alice.pid, signal.SIGKILL)  # her laptop's ssh dies mid-edit
    alice.wait_exit(5)

    took = _wait_gone("alice", timeout=12)  # sshd notices the dead link; her reviewtui exits
    document = meeting.export()  # the file is valid: export reads and folds every event
    seqs = [event["seq"] for event in document["events"]]
    assert seqs == list(range(1, len(seqs) + 1))
    answers = json.dumps(document["answers"])
    for author, text in saved.items():
        assert text in answers, f"{author}'s answer was lost"
    # The hang-up reached her reviewtui: it saved what she had typed, whole, once.
    drafts = [a["text"] for a in document["answers"] if draft.split()[0] in a["text"]]
    assert drafts == [draft], f"alice's typing on hang-up: {drafts}"
    assert not [p for p in meeting.sessions.iterdir() if p.name.endswith(".tmp")]

    # Nothing of hers holds the session: the others still write, and she comes back and writes too.
    after = _marker("bob")
    fran.wait_for("alice left", timeout=5)
    mark = fran.mark()
    _answer(bob, after)
    fran.wait_for(after, timeout=10, since=mark)
    alice = terminals(meeting, "alice")
    alice.wait_for("What changed because of this work", timeout=30)  # straight into the phase in progress
    back = _marker("alice")
    marks = {"bob": bob.mark(), "fran": fran.mark()}
    _answer(alice, back)
    bob.wait_for(back, timeout=10, since=marks["bob"])
    fran.wait_for(back, timeout=10, since=marks["fran"])
    answers = json.dumps(meeting.export()["answers"])
    assert after in answers and back in answers
    print(f"alice's reviewtui exited {took:.1f}s after her ssh client was killed")


@pytest.mark.slow
def test_a_frozen_laptop_is_dropped_by_client_alive_and_frees_the_seat(meeting: Meeting, terminals) -> None:
    meeting.start_session("Frozen link review")
    fran = terminals(meeting, "fran")
    fran.wait_for("(facilitating)", timeout=30)
    bob = terminals(meeting, "bob")
    bob.wait_for("(facilitating)", timeout=30)
    fran.wait_for("bob", timeout=10)

    # Her laptop sleeps: the TCP link stays up, nothing answers sshd's keepalives.
    os.kill(fran.pid, signal.SIGSTOP)
    try:
        mark = bob.mark()
        took = _wait_gone("fran", timeout=20)  # ClientAliveInterval 2 x ClientAliveCountMax 2, and a margin
        assert "Timeout, client not responding" in meeting.sshd_log()  # sshd's keepalive, not a closed socket
        assert took > 2, f"fran's reviewtui went after {took:.1f}s: before any keepalive could fail"
        bob.wait_for("fran left", timeout=5, since=mark)
    finally:
        os.kill(fran.pid, signal.SIGKILL)
    fran.wait_exit(5)

    # The seat went with her process: she takes it again at once, on the same key.
    fran = terminals(meeting, "fran")
    fran.wait_for("fran (facilitating)", timeout=30)
    assert "holds the facilitator seat" not in fran.text()
    print(f"fran's reviewtui exited {took:.1f}s after her link froze")

"""The SSH server: public keys only, one session per connection, each a reviewtui on its own pty.

Everything but a terminal session is refused: passwords, exec, subsystems (sftp, scp), port
and agent forwarding. The person's name comes from their key line, never from the client.
"""

from __future__ import annotations

import asyncio
import hashlib
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import asyncssh
import platformdirs

from reviewtui.domain.errors import ReviewtuiError
from reviewtui.serve.environment import child_environment
from reviewtui.serve.keys import Member, TeamFile
from reviewtui.serve.log import duration, quoted, say
from reviewtui.serve.ptyproc import PtyProcess

SETTINGS_VARIABLE = "REVIEWTUI_SETTINGS"  # read by ui/theming/settings.py; serve imports no ui code
CONFINED_VARIABLE = "REVIEWTUI_CONFINED"  # read by cli.at_the_host: no file is written for a remote person


def person_settings_path(name: str) -> Path:
    """Each person's own settings (their theme), under the account's config folder.

    Named by a digest of the name: a path is never built from text a key line chose."""
    digest = hashlib.sha256(name.encode("utf-8")).hexdigest()[:24]
    return platformdirs.user_config_path("reviewtui") / "people" / f"{digest}.json"


NEEDS_A_TERMINAL = b"reviewtui needs a terminal: connect with `ssh -t`, without a command.\r\n"
MAX_TYPED_AHEAD = 1 << 16
"""Bytes typed that the program has not read yet, past which the client is held back."""
KEEPALIVE_SECONDS, KEEPALIVE_COUNT = 15, 3  # a closed laptop is dropped (and leaves the room) in under a minute
LOGIN_SECONDS = 10
"""A connection that has not signed in by then is dropped: a person with a key takes a second."""
SIGNING_IN_PER_ADDRESS = 32
"""Connections from one address still signing in at once. A new one past this drops the oldest
from the same address: a person with a key signs in in well under a second, so what is dropped is
a connection that said nothing (a client holding the meeting full), never the newcomer, and an
office behind one address can still all arrive at 9:00 sharp."""
SIGNING_IN_AT_ALL = 256
"""Connections still signing in from all addresses together: past this, a new one is closed."""
MAX_COLUMNS, MAX_ROWS = 1000, 500
"""A window size beyond this is taken as this: a 65535x65535 request would make every screen the
app draws billions of cells."""


def clamped(cols: int, rows: int) -> tuple[int, int]:
    """A client's window size as the pty gets it: 80x24 for none, at most MAX_COLUMNS x MAX_ROWS."""
    return min(cols or 80, MAX_COLUMNS), min(rows or 24, MAX_ROWS)


@dataclass
class ServeConfig:
    sessions: Path
    session_id: str | None
    keys: TeamFile
    host_key: asyncssh.SSHKey
    host: str = "127.0.0.1"
    port: int = 2222
    max_connections: int = 50
    theme: str | None = None
    themes_dir: Path | None = None


@dataclass
class Server:
    config: ServeConfig
    links: set[Link] = field(default_factory=set)
    """Connections signed in (a person's key), or signing in."""
    signing_in: dict[str, list[Link]] = field(default_factory=dict)
    """Address -> connections from it not signed in yet, oldest first."""
    dropped: dict[str, int] = field(default_factory=dict)
    """Address -> connections from it dropped for not signing in in time (for the log)."""
    hang_ups: set[asyncio.Task] = field(default_factory=set)
    """Each person's reviewtui being hung up (saving, leaving): the server waits for them to end."""

    def child_argv(self, member: Member) -> list[str]:
        argv = [
            sys.executable,
            "-m",
            "reviewtui",
            "--sessions",
            str(self.config.sessions.resolve()),
            f"--as={member.name}",
        ]
        if self.config.themes_dir:
            argv.append(f"--themes-dir={self.config.themes_dir.resolve()}")
        argv.append("join")
        if self.config.session_id:
            argv.append(self.config.session_id)
        if member.observer:
            argv.append("--observer")
        return argv

    def child_env(self, member: Member, client: dict[str, str], term: str | None) -> dict[str, str]:
        server = dict(os.environ)
        if self.config.theme:  # the server's --theme is everyone's default; a client may send its own
            server["REVIEWTUI_THEME"] = self.config.theme
        env = child_environment(server, client, term)
        env[SETTINGS_VARIABLE] = str(person_settings_path(member.name))
        env[CONFINED_VARIABLE] = "1"  # they are not at the host: their exports go to their clipboard
        return env

    async def hang_up_all(self) -> None:
        """Everyone's reviewtui saves and leaves (those hung up just before too); then the links close."""
        for link in list(self.links):
            if link.session is not None:
                link.session.hang_up()
        await asyncio.gather(*self.hang_ups, return_exceptions=True)
        for link in list(self.links):
            if link.conn is not None:
                link.conn.close()


class Link(asyncssh.SSHServer):
    """One SSH connection: who it is (once a key signs in) and its one terminal session."""

    def __init__(self, server: Server) -> None:
        self.server = server
        self.conn: asyncssh.SSHServerConnection | None = None
        self.peer = "?"
        self.member: Member | None = None
        """Who signed in: set once authentication completes, never for a key only offered."""
        self._offered: Member | None = None
        self.session: MeetingSession | None = None
        self.started = 0.0
        self.started_at = time.monotonic()
        """When the connection came: the oldest still signing in is the first dropped."""
        self.address = "?"
        self._refused: set[str] = set()

    # -- connection
    def connection_made(self, conn: asyncssh.SSHServerConnection) -> None:
        self.conn = conn
        host, port = (conn.get_extra_info("peername") or ("?", 0))[:2]
        self.address = str(host)
        self.peer = f"[{host}]:{port}" if ":" in self.address else f"{host}:{port}"
        server = self.server
        waiting = server.signing_in.setdefault(self.address, [])
        if len(waiting) >= SIGNING_IN_PER_ADDRESS:
            self._drop(waiting.pop(0), f"{len(waiting) + 1} connections from it were still signing in")
        elif sum(map(len, server.signing_in.values())) >= SIGNING_IN_AT_ALL:
            # The newcomer always gets a place: the oldest of the address holding the most goes.
            busiest = max(
                server.signing_in.values(), key=lambda links: (len(links), -links[0].started_at if links else 0)
            )
            self._drop(busiest.pop(0), f"{SIGNING_IN_AT_ALL} connections were still signing in")
        waiting.append(self)
        server.links.add(self)

    def _drop(self, link: Link, why: str) -> None:
        """Close a connection that has not signed in, unheard (no banner, no key exchange)."""
        count = self.server.dropped[link.address] = self.server.dropped.get(link.address, 0) + 1
        if count == 1 or count % 100 == 0:  # a flood is said once in a while, not once per connection
            say(f"dropped a connection from {link.address} that had not signed in ({why}); {count} so far")
        link.gone_unheard = True
        if link.conn is not None:
            asyncio.get_running_loop().call_soon(link.conn.abort)

    gone_unheard = False

    def _signed_in(self) -> None:
        waiting = self.server.signing_in.get(self.address, [])
        if self in waiting:
            waiting.remove(self)
        if not waiting:
            self.server.signing_in.pop(self.address, None)

    def connection_lost(self, exc: Exception | None) -> None:
        # The session's own connection_lost (asyncssh calls it first) hangs up its reviewtui.
        if self.member is None:
            self._signed_in()  # never did: no longer signing in either
        self.server.links.discard(self)
        if exc is not None and not isinstance(exc, (asyncssh.Error, OSError)):
            # A callback of ours raised: asyncssh drops the connection and logs it at debug level only.
            say(f"dropped {self.peer} after an error in reviewtui serve: {exc!r}")
        if self.member is not None:
            say(f"disconnect {self.member.name} from {self.peer} after {duration(time.monotonic() - self.started)}")

    def begin_auth(self, username: str) -> bool:
        cap = self.server.config.max_connections
        signed_in = sum(1 for link in self.server.links if link.member is not None)
        if signed_in >= cap:  # refused only now: before the key exchange the client could not show why
            say(f"refused {self.peer}: {cap} people signed in already (--max-connections)")
            # Raised, asyncssh sends it and closes; conn.disconnect() here would let auth go on.
            full = f"reviewtui: the meeting is full ({cap} people); try again later"
            raise asyncssh.DisconnectError(asyncssh.DISC_TOO_MANY_CONNECTIONS, full)
        return True  # the username is not who you are: your key is

    # -- authentication: public keys listed in the file, nothing else
    def public_key_auth_supported(self) -> bool:
        return True

    def password_auth_supported(self) -> bool:
        return False

    def kbdint_auth_supported(self) -> bool:
        return False

    def host_based_auth_supported(self) -> bool:
        return False

    def validate_public_key(self, username: str, key: asyncssh.SSHKey) -> bool:
        member = self.server.config.keys.find(key)
        if member is None:
            fingerprint = key.get_fingerprint()
            if fingerprint not in self._refused:  # asked twice per key: once to offer, once signed
                self._refused.add(fingerprint)
                say(f"refused key {fingerprint} from {self.peer}: not in {self.server.config.keys.path}")
            return False
        self._offered = member  # the signed key is the last one asked about
        return True

    def auth_completed(self) -> None:
        assert self._offered is not None
        self.member, self.started = self._offered, time.monotonic()
        self._signed_in()
        role = " (observer)" if self.member.observer else ""
        say(f"connect {self.member.name}{role} from {self.peer} with key {self.member.fingerprint}")

    # -- what a signed-in client may open: one terminal session; no tunnels of any kind
    def session_requested(self) -> MeetingSession | bool:
        if self.session is not None:
            return self._refuse("a second session on one connection")
        self.session = MeetingSession(self)
        return self.session

    def connection_requested(self, dest_host: str, dest_port: int, orig_host: str, orig_port: int) -> bool:
        return self._refuse(f"a forward to {quoted(str(dest_host), 60)}:{dest_port}")

    def server_requested(self, listen_host: str, listen_port: int) -> bool:
        return self._refuse(f"a remote forward of port {listen_port}")

    def unix_connection_requested(self, dest_path: str) -> bool:
        return self._refuse("a forward to a unix socket")

    def unix_server_requested(self, listen_path: str) -> bool:
        return self._refuse("a remote forward of a unix socket")

    def tun_requested(self, unit: int | None) -> bool:
        return self._refuse("a tunnel device")

    def tap_requested(self, unit: int | None) -> bool:
        return self._refuse("a tap device")

    def _refuse(self, what: str) -> bool:
        say(f"refused {what} for {self.member.name if self.member else '?'} from {self.peer}")
        return False


class MeetingSession(asyncssh.SSHServerSession):
    """The terminal session: reviewtui on a pty, sized and typed into by the client."""

    def __init__(self, link: Link) -> None:
        self.link = link
        self.chan: asyncssh.SSHServerChannel | None = None
        self.process: PtyProcess | None = None
        self._starting: asyncio.Task | None = None
        self._ending: asyncio.Task | None = None

    def connection_made(self, chan: asyncssh.SSHServerChannel) -> None:
        self.chan = chan

    def shell_requested(self) -> bool:
        return True  # "a shell" is what a plain `ssh host` asks for: it gets reviewtui, and only that

    def exec_requested(self, command: str) -> bool:
        return self.link._refuse(f"running {quoted(command)}")

    def subsystem_requested(self, subsystem: str) -> bool:
        return self.link._refuse(f"the {quoted(subsystem, 30)} subsystem")

    def session_started(self) -> None:
        assert self.chan is not None
        if self.chan.get_terminal_type() is None:
            self.link._refuse("a session without a terminal")
            self.chan.write(NEEDS_A_TERMINAL)
            self.chan.exit(1)
            return
        self.process = PtyProcess(self._output, self._exited, self._caught_up)
        self._starting = asyncio.get_running_loop().create_task(self._start(self.process))

    def _size(self) -> tuple[int, int]:
        assert self.chan is not None
        cols, rows = self.chan.get_terminal_size()[:2]
        return clamped(cols, rows)

    async def _start(self, process: PtyProcess) -> None:
        assert self.chan is not None and self.link.member is not None
        server = self.link.server
        env = server.child_env(self.link.member, dict(self.chan.get_environment()), self.chan.get_terminal_type())
        try:
            await process.start(server.child_argv(self.link.member), env, *self._size())
        except (OSError, subprocess.SubprocessError) as problem:  # SubprocessError: the pty could not be taken
            say(f"could not start reviewtui for {self.link.member.name}: {problem}")
            self._output(b"reviewtui could not start on the server; its log says why.\r\n")
            self._exited(1)
            return
        process.resize(*self._size())  # the window may have changed while it started

    def _output(self, data: bytes) -> None:
        if self.chan is not None and not self.chan.is_closing():
            self.chan.write(data)

    def _exited(self, code: int) -> None:
        if self.chan is not None and not self.chan.is_closing():
            self.chan.exit(code if 0 <= code < 256 else 1)

    def data_received(self, data: bytes, datatype) -> None:
        if self.process is not None and self.process.write(data) > MAX_TYPED_AHEAD:
            assert self.chan is not None
            self.chan.pause_reading()  # the program is not reading: SSH's window holds the client back

    def _caught_up(self) -> None:
        if self.chan is not None and not self.chan.is_closing():
            self.chan.resume_reading()

    def terminal_size_changed(self, width: int, height: int, pixwidth: int, pixheight: int) -> None:
        if self.process is not None and width > 0 and height > 0:
            self.process.resize(*clamped(width, height))

    def pause_writing(self) -> None:
        if self.process is not None:
            self.process.pause_reading()

    def resume_writing(self) -> None:
        if self.process is not None:
            self.process.resume_reading()

    def connection_lost(self, exc: Exception | None) -> None:
        # Also after an EOF from the client: asyncssh then closes the channel.
        self.hang_up()

    def hang_up(self) -> None:
        """The person is gone: their reviewtui saves, says they left, and exits."""
        if self._ending is None:
            self._ending = asyncio.get_running_loop().create_task(self.hang_up_and_wait())
            hang_ups = self.link.server.hang_ups  # held here: the loop keeps only a weak reference
            hang_ups.add(self._ending)
            self._ending.add_done_callback(hang_ups.discard)

    async def hang_up_and_wait(self) -> None:
        if self._starting is not None:
            await asyncio.gather(self._starting, return_exceptions=True)
        if self.process is not None:
            await self.process.hang_up()


async def serve(config: ServeConfig) -> int:
    """Listen until SIGINT or SIGTERM; then hang up every session (each saves) and return 0."""
    server = Server(config)
    try:
        acceptor = await asyncssh.listen(
            config.host,
            config.port,
            server_factory=lambda: Link(server),
            server_host_keys=[config.host_key],
            encoding=None,
            line_editor=False,
            allow_pty=True,
            x11_forwarding=False,
            agent_forwarding=False,
            allow_scp=False,
            sftp_factory=None,
            public_key_auth=True,
            password_auth=False,
            kbdint_auth=False,
            host_based_auth=False,
            gss_host=None,
            login_timeout=LOGIN_SECONDS,
            keepalive_interval=KEEPALIVE_SECONDS,
            keepalive_count_max=KEEPALIVE_COUNT,
        )
    except OSError as problem:  # the port is taken, the address is not this machine's...
        raise ReviewtuiError(f"cannot listen on {config.host}:{config.port}: {problem.strerror or problem}") from None
    port = acceptor.get_port()
    people = len(config.keys.members)
    session = f"session {config.session_id}" if config.session_id else "a choice of the open sessions"
    say(f"listening on {config.host}:{port} for {session}; {people} key(s) in {config.keys.path}")
    say(f"host key {config.host_key.get_fingerprint()}; people connect with: ssh -p {port} HOST")
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for number in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        loop.add_signal_handler(number, stop.set)
    await stop.wait()
    say(f"stopping: hanging up {len(server.links)} connection(s)")
    acceptor.close()
    await server.hang_up_all()
    await acceptor.wait_closed()
    return 0

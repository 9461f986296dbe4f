"""`reviewtui web` in a real browser (issue 21): Debian's headless Chromium opens the page of a real
`reviewtui web` process; each tab is a reviewtui process of its own, watching only."""

from __future__ import annotations

import asyncio
import base64
import collections
import contextlib
import json
import os
import signal
import socket
import struct
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from pathlib import Path

import aiohttp
import pytest

from reviewtui.application.sessions import create_session
from reviewtui.cli import main
from reviewtui.domain import changes as c
from reviewtui.store import SessionStore
from tests.helpers.browser import chromium, distinct_colours

pytestmark = pytest.mark.slow  # never skipped: without Chromium (.ci/run installs it) these fail


@pytest.fixture
def session_id(store: SessionStore) -> str:
    session_id = create_session(store, "Q4 <b>growth</b> review", facilitator="Maya").info.id
    store.append(session_id, "Maya", lambda r: c.add_objective(r, "Keep new customers"))
    store.append(session_id, "Maya", lambda r: c.add_kpi(r, "30-day retention", baseline=31, target=40, unit="%"))
    store.append(session_id, "Maya", lambda r: c.record_reading(r, "k1", 36.5))
    store.append(session_id, "Maya", lambda r: c.enter_phase(r, "kpis"))
    return session_id


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def web(sessions_dir: Path, session_id: str, *options: str) -> Iterator[tuple[str, subprocess.Popen]]:
    """A real `reviewtui web` process; yields its address once it listens."""
    port = free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "reviewtui",
            "--sessions",
            str(sessions_dir),
            "web",
            session_id,
            "--port",
            str(port),
            *options,
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "NO_COLOR": "1"},
    )
    try:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                assert server.poll() is None, server.communicate()
                time.sleep(0.1)
        yield f"http://127.0.0.1:{port}", server
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def tab_processes(sessions_dir: Path, name: str) -> list[int]:
    """The reviewtui processes running as `name` on that folder (each tab's is `--as=NAME`; other
    tests, in another worker, have tabs of the same names on their own folders)."""
    folder = str(sessions_dir.resolve()).encode()
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                argv = Path(f"/proc/{entry}/cmdline").read_bytes().split(b"\0")
            except OSError:
                continue
            if f"--as={name}".encode() in argv and b"reviewtui" in argv and folder in argv:
                found.append(int(entry))
    return found


def events_by(sessions_dir: Path, session_id: str, actor: str) -> list[str]:
    return [e.type for e in SessionStore(sessions_dir).load(session_id).events if e.actor == actor]


async def until(condition, seconds: float) -> float:
    """Seconds it took `condition` to hold (fails after `seconds`)."""
    start = time.monotonic()
    while not condition():
        if time.monotonic() - start > seconds:
            raise AssertionError(f"not within {seconds} s")
        await asyncio.sleep(0.1)
    return time.monotonic() - start


# ------------------------------------------------------------------------------ in the browser


@pytest.mark.parametrize("projector", [False, True], ids=["observer", "projector"])
async def test_a_tab_draws_the_session(sessions_dir: Path, session_id: str, projector: bool) -> None:
    options = ("--projector",) if projector else ()
    with web(sessions_dir, session_id, *options) as (address, _server):
        async with chromium() as browser:
            tab = await browser.open_tab(address + "/?fontsize=20")
            await tab.wait_for_text("Q4 <b>growth</b> review")  # markup in a title is text
            text = await tab.wait_for_text("30-day retention")
            assert "KPIs" in text
            await asyncio.sleep(0.5)  # the canvas paints the bytes it was sent on its next frame
            picture = await tab.screenshot()
            assert distinct_colours(picture) > 20, "the screenshot is blank"
            await tab.close()
    name = "Projector 1" if projector else "Web viewer 1"
    assert events_by(sessions_dir, session_id, name) == ["participant.joined", "participant.left"]


async def test_keys_typed_in_the_browser_change_nothing(sessions_dir: Path, session_id: str) -> None:
    path = sessions_dir / f"{session_id}.json"
    # The Impact phase: a participant's typing and Enter there would propose an answer.
    SessionStore(sessions_dir).append(session_id, "Maya", lambda r: c.enter_phase(r, "impact"))
    with web(sessions_dir, session_id) as (address, _server):
        async with chromium() as browser:
            tab = await browser.open_tab(address)
            await tab.wait_for_text("Q4 <b>growth</b> review")
            joined = path.read_bytes()
            await tab.click(640, 400)  # the page takes the keys, as a person's click gives them
            await tab.type("abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ 0123456789 +-*/.,;:!?")
            await tab.press("Enter", "Enter", 13)
            await tab.type("Signups rose")
            for key, code, number in (("Enter", "Enter", 13), ("Tab", "Tab", 9), ("PageDown", "PageDown", 34)):
                await tab.press(key, code, number)
            for letter in "dzebrtfo":  # ctrl+d decision, ctrl+z undo, ctrl+e export, ctrl+o sessions...
                await tab.press(letter, f"Key{letter.upper()}", ord(letter.upper()), modifiers=2)
            await tab.press("Escape", "Escape", 27)
            await tab.press("F5", "F5", 116)
            await asyncio.sleep(1.5)  # more than the app needs to write anything a key asked for
            assert path.read_bytes() == joined, "a key typed in the browser changed the session"
            assert tab_processes(sessions_dir, "Web viewer 1"), "the tab's reviewtui is still running"
            await tab.close()


async def test_closing_the_tab_ends_its_process_and_writes_the_leave(sessions_dir: Path, session_id: str) -> None:
    with web(sessions_dir, session_id) as (address, _server):
        async with chromium() as browser:
            first = await browser.open_tab(address)
            await first.wait_for_text("Q4 <b>growth</b> review")
            second = await browser.open_tab(address)
            await second.wait_for_text("Web viewer 2")
            [process] = tab_processes(sessions_dir, "Web viewer 1")
            await first.close()
            took = await until(lambda: not Path(f"/proc/{process}").exists(), 5)
            assert took < 5
            assert events_by(sessions_dir, session_id, "Web viewer 1") == ["participant.joined", "participant.left"]
            assert tab_processes(sessions_dir, "Web viewer 2"), "the other tab is untouched"
            await second.close()
            await until(lambda: not tab_processes(sessions_dir, "Web viewer 2"), 5)


async def test_stopping_the_server_closes_every_tab_and_writes_their_leave(sessions_dir: Path, session_id: str) -> None:
    with web(sessions_dir, session_id) as (address, server):
        async with chromium() as browser:
            for number in (1, 2):
                tab = await browser.open_tab(address)
                await tab.wait_for_text(f"Web viewer {number}")
            server.send_signal(signal.SIGINT)  # ctrl+c
            await until(
                lambda: (
                    not tab_processes(sessions_dir, "Web viewer 1") and not tab_processes(sessions_dir, "Web viewer 2")
                ),
                5,
            )
            assert server.wait(10) == 0
    for name in ("Web viewer 1", "Web viewer 2"):
        assert events_by(sessions_dir, session_id, name) == ["participant.joined", "participant.left"]


async def test_a_tab_beyond_the_cap_is_turned_away(sessions_dir: Path, session_id: str) -> None:
    with web(sessions_dir, session_id, "--max-tabs", "1") as (address, _server):
        async with chromium() as browser:
            first = await browser.open_tab(address)
            await first.wait_for_text("Q4 <b>growth</b> review")
            second = await browser.open_tab(address)
            await asyncio.sleep(1)
            said = await second.evaluate("document.body.innerText")
            assert "The meeting is full" in said and "1 browser tabs" in said
            assert len(tab_processes(sessions_dir, "Web viewer 1")) == 1 and not tab_processes(
                sessions_dir, "Web viewer 2"
            )
            await first.close()
            await until(lambda: not tab_processes(sessions_dir, "Web viewer 1"), 5)
            third = await browser.open_tab(address)  # a place freed: the next tab gets it, and its name
            await third.wait_for_text("Web viewer 1")
            await third.close()


# ------------------------------------------------------------------------------ without a browser


async def test_other_names_and_other_sites_pages_are_refused(sessions_dir: Path, session_id: str) -> None:
    with web(sessions_dir, session_id) as (address, _server):
        port = address.rsplit(":", 1)[1]
        async with aiohttp.ClientSession() as http:
            async with http.get(address) as page:
                assert page.status == 200
                html = await page.text()
                assert "Q4 &lt;b&gt;growth&lt;/b&gt; review" in html and "<b>growth" not in html
            # DNS rebinding: another site's name pointed at 127.0.0.1.
            async with http.get(address, headers={"Host": f"evil.example:{port}"}) as page:
                assert page.status == 421
            with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
                await http.ws_connect(address + "/ws", headers={"Origin": "http://evil.example"})
            assert refused.value.status == 403
            with pytest.raises(aiohttp.WSServerHandshakeError):  # another program's page on this computer
                await http.ws_connect(address + "/ws", headers={"Origin": "http://127.0.0.1:3000"})
            async with http.ws_connect(address + "/ws", headers={"Origin": address}) as own:
                first = await own.receive(timeout=20)  # the tab's reviewtui drawing its first screen
                assert first.type == aiohttp.WSMsgType.BINARY
            await until(lambda: not tab_processes(sessions_dir, "Web viewer 1"), 5)
    # Closed as soon as it drew: it may not have joined yet; if it did, it left.
    assert events_by(sessions_dir, session_id, "Web viewer 1") in ([], ["participant.joined", "participant.left"])


async def test_a_hostile_page_gets_no_huge_screen_and_no_traceback(sessions_dir: Path, session_id: str) -> None:
    from reviewtui.web_server import MAX_COLUMNS, _within

    assert [_within(v, MAX_COLUMNS, 80) for v in (10**9, -5, "120", "x", None, float("inf"), [1])] == [
        MAX_COLUMNS,
        1,
        120,
        80,
        80,
        80,
        80,
    ]
    with web(sessions_dir, session_id) as (address, server):
        async with aiohttp.ClientSession() as http:
            with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
                await http.ws_connect(address + "/ws?width=100000&height=100000", headers={"Origin": address})
            assert refused.value.status == 400
            async with http.ws_connect(address + "/ws", headers={"Origin": address}) as socket_:
                await socket_.receive(timeout=20)
                await socket_.send_str(json.dumps(["resize", {"width": 10**12, "height": "lots"}]))
                await socket_.send_str("{not json")
                async with asyncio.timeout(10):  # read on, as a page does, until the server closes it
                    async for _message in socket_:
                        pass
                await until(lambda: not tab_processes(sessions_dir, "Web viewer 1"), 5)
        # A request no browser sends, and a User-Agent that would act on the host's terminal.
        port = int(address.rsplit(":", 1)[1])
        for raw in (
            b"GET /?a=\x1b[31m HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
            b"GET /x HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: e\xc2\x9b2J\r\nConnection: close\r\n\r\n",
        ):
            with socket.create_connection(("127.0.0.1", port)) as client:
                client.sendall(raw)
                assert client.recv(12).startswith(b"HTTP/1.")
        server.send_signal(signal.SIGINT)
        server.wait(15)
    said = (server.stdout.read() if server.stdout else "") + (server.stderr.read() if server.stderr else "")
    assert "Traceback" not in said and "\x1b" not in said and "\x9b" not in said, said
    assert said.count("\n") < 12, said  # a line per tab and per bad request, not a traceback
    assert events_by(sessions_dir, session_id, "Web viewer 1") == ["participant.joined", "participant.left"]


@contextlib.asynccontextmanager
async def a_joined_tab(sessions_dir: Path, session_id: str, address: str) -> AsyncIterator[None]:
    """A tab's socket, as its page opens it, held open until its reviewtui has joined."""
    async with (
        aiohttp.ClientSession() as http,
        http.ws_connect(address + "/ws", headers={"Origin": address}) as tab,
    ):
        await tab.receive(timeout=20)
        await until(lambda: events_by(sessions_dir, session_id, "Web viewer 1") == ["participant.joined"], 10)
        yield


async def test_a_server_that_dies_takes_its_tabs_with_it(sessions_dir: Path, session_id: str) -> None:
    """kill -9 (or an OOM kill): nobody closes the tabs; each reviewtui notices its server is gone."""
    with web(sessions_dir, session_id) as (address, server):
        async with a_joined_tab(sessions_dir, session_id, address):
            server.kill()
            server.wait()
            took = await until(lambda: not tab_processes(sessions_dir, "Web viewer 1"), 10)
    assert took < 5
    assert events_by(sessions_dir, session_id, "Web viewer 1") == ["participant.joined", "participant.left"]


async def test_a_hang_up_closes_every_tab_as_ctrl_c_does(sessions_dir: Path, session_id: str) -> None:
    with web(sessions_dir, session_id) as (address, server):
        async with a_joined_tab(sessions_dir, session_id, address):
            server.send_signal(signal.SIGHUP)  # the SSH link it was started over dropped
            assert server.wait(15) == 0
            await until(lambda: not tab_processes(sessions_dir, "Web viewer 1"), 5)
    assert events_by(sessions_dir, session_id, "Web viewer 1") == ["participant.joined", "participant.left"]


async def test_a_tab_that_stops_reading_is_closed(sessions_dir: Path, session_id: str) -> None:
    """A page that takes none of the screen's bytes: closed after STALLED_SECONDS, not buffered
    for ever, and ctrl+c is not held up by it."""
    with web(sessions_dir, session_id) as (address, server):
        port = int(address.rsplit(":", 1)[1])
        stalled = socket.socket()
        stalled.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        stalled.connect(("127.0.0.1", port))
        stalled.sendall(
            f"GET /ws?width=500&height=200 HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUpgrade: websocket\r\n"
            f"Connection: Upgrade\r\nSec-WebSocket-Key: {base64.b64encode(os.urandom(16)).decode()}\r\n"
            f"Sec-WebSocket-Version: 13\r\nOrigin: {address}\r\n\r\n".encode()
        )
        assert stalled.recv(12) == b"HTTP/1.1 101"
        stalled.setblocking(False)
        for number in range(300):  # resizes, each redrawing the whole 500x200 screen; nothing read
            with contextlib.suppress(BlockingIOError):
                stalled.send(_masked(json.dumps(["resize", {"width": 500 - number % 2, "height": 200}])))
            await asyncio.sleep(0.02)
        await until(lambda: not tab_processes(sessions_dir, "Web viewer 1"), 25)
        stalled.close()
        server.send_signal(signal.SIGINT)
        assert server.wait(15) == 0
    said = server.stdout.read() if server.stdout else ""
    assert "stopped reading" in said, said
    assert events_by(sessions_dir, session_id, "Web viewer 1") == ["participant.joined", "participant.left"]


def _masked(text: str) -> bytes:
    """A websocket text frame as a browser sends it (masked)."""
    data, mask = text.encode(), os.urandom(4)
    length = bytes([0x80 | len(data)]) if len(data) < 126 else bytes([0x80 | 126]) + struct.pack(">H", len(data))
    return bytes([0x81]) + length + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(data))


def test_one_address_opening_tabs_without_end_is_slowed() -> None:
    from reviewtui.web_server import OPENS_PER_MINUTE, SessionServer

    server = SessionServer.__new__(SessionServer)
    server.opened = collections.defaultdict(collections.deque)
    assert not any(server._too_often("10.0.0.9") for _ in range(OPENS_PER_MINUTE))
    assert server._too_often("10.0.0.9"), "the next in the same minute"
    assert not server._too_often("10.0.0.10"), "another address is not held up"


async def test_every_address_of_a_wildcard_bind_answers_and_other_names_do_not(
    sessions_dir: Path, session_id: str
) -> None:
    with web(sessions_dir, session_id, "--host", "0.0.0.0") as (address, server):
        port = address.rsplit(":", 1)[1]
        async with aiohttp.ClientSession() as http:
            for host, status in (
                (f"192.0.2.7:{port}", 200),  # an address of this computer, as a browser elsewhere asks
                (f"[2001:db8::7]:{port}", 200),
                (f"{socket.gethostname()}:{port}", 200),
                (f"evil.example:{port}", 421),
            ):
                async with http.get(address, headers={"Host": host}) as page:
                    assert page.status == status, host
                async with http.get(address + "/static/css/xterm.css", headers={"Host": host}) as page:
                    assert page.status == status, f"{host}, a file"
    said = server.stdout.read() if server.stdout else ""
    assert f"open http://{socket.gethostname()}:{port}" in said, said


def test_listening_beyond_this_computer_says_how_to_keep_it_private(sessions_dir: Path, session_id: str) -> None:
    with web(sessions_dir, session_id, "--host", "0.0.0.0") as (_address, server):
        pass
    said = server.stderr.read() if server.stderr else ""
    assert "no login" in said and "ssh -L" in said and "proxy" in said


def test_without_the_extra_it_says_how_to_install_it(sessions_dir: Path, session_id: str) -> None:
    blocked = (
        "import sys; sys.modules['textual_serve'] = None; from reviewtui.cli import main; sys.exit(main(sys.argv[1:]))"
    )
    done = subprocess.run(
        [sys.executable, "-c", blocked, "--sessions", str(sessions_dir), "web", session_id],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode != 0 and "pip install 'reviewtui[web]'" in done.stderr
    assert "Traceback" not in done.stderr


def test_bad_options_are_said_before_listening(sessions_dir: Path, session_id: str, capsys) -> None:
    base = ["--sessions", str(sessions_dir), "web"]
    assert main([*base, "nope"]) != 0
    assert main([*base, session_id, "--port", "70000"]) != 0
    assert "is not a port" in capsys.readouterr().err
    assert main([*base, session_id, "--max-tabs", "0"]) != 0
    assert main([*base, session_id, "--public-url", "javascript:alert(1)"]) != 0
    assert "http://" in capsys.readouterr().err


def test_the_core_install_does_not_pull_in_the_web_stack() -> None:
    from importlib.metadata import requires

    needs = requires("reviewtui") or []
    web_stack = [line for line in needs if line.startswith(("textual-serve", "aiohttp"))]
    assert web_stack and all(line.replace('"', "'").endswith("extra == 'web'") for line in web_stack), web_stack

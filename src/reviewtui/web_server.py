"""The server of `reviewtui web`: textual-serve, with what a page open to a room needs on top.

Each tab gets a name of its own (the lowest free: "Web viewer 2"), so the log tells tabs apart
and never grows a list of hundreds. Tabs are capped, and so is how fast one address opens them.
A request by another host name (DNS rebinding) and a socket opened by any page but ours are
refused; a page asking for a huge screen is held to a real one's size; a tab that stops reading
is closed rather than filling the server's memory. ctrl+c (or a hang-up) closes every tab as
if its person had: each reviewtui says it left.
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import ipaddress
import logging
import shlex
import signal
import sys
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import urlsplit

from aiohttp import web
from aiohttp.typedefs import Middleware
from textual_serve.server import Server

from reviewtui.domain.safe_text import visible

MAX_COLUMNS, MAX_ROWS = 500, 200
"""The largest screen a tab may ask for (a 4K display at a small font is about 480x135): a page
asking for 100000x100000 would have its reviewtui build a screen of that size."""
OPENS_PER_MINUTE = 30
"""Tabs one address may open in a minute: each writes a join and a leave to the session."""
STALLED_SECONDS = 10.0
"""A tab whose page has not taken the screen's bytes for this long is closed."""
TABS_CLOSE_SECONDS = 10.0
"""How long ctrl+c waits for the tabs' reviewtuis to say they left (each takes well under a second)."""
FULL_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>The meeting is full</title>
<style>body{font:18px/1.5 system-ui,sans-serif;max-width:36em;margin:4em auto;padding:0 1em}</style>
</head><body><h1>The meeting is full</h1>
<p>{tabs} browser tabs are watching this session already, as many as its host allows.
Try again when someone closes theirs, or ask the facilitator.</p></body></html>
"""


class Where(Protocol):
    """The command's context (cli.Context): the sessions folder and the theme options."""

    @property
    def sessions(self) -> Path: ...
    @property
    def theme(self) -> str | None: ...
    @property
    def themes_dir(self) -> Path | None: ...


@dataclass(frozen=True)
class Tabs:
    """What the server needs to know of this run: how to start a tab, how many, by which names."""

    title: str
    argv: argparse.Namespace
    where: Where
    max_tabs: int
    allowed: frozenset[str]
    """Host names a browser may reach us by (an IP address is always accepted: see web_server)."""
    public_url: str | None
    address: str
    """What to open, as printed."""

    @property
    def word(self) -> str:
        return "Projector" if self.argv.projector else "Web viewer"

    def command(self, number: int) -> str:
        """The shell line textual-serve runs for tab `number`. `exec`: the shell becomes reviewtui,
        whose parent is then the server itself (a tab notices the server is gone: see ui/app.py)."""
        return "exec " + shlex.join(tab_argv(self.argv, self.where, f"{self.word} {number}"))


def tab_argv(args: argparse.Namespace, where: Where, name: str) -> list[str]:
    """The reviewtui one tab runs: an observer of the session, or its projector view."""
    argv = [sys.executable, "-m", "reviewtui", "--sessions", str(where.sessions.resolve()), f"--as={name}"]
    if where.theme:
        argv.append(f"--theme={where.theme}")
    if where.themes_dir:
        argv.append(f"--themes-dir={where.themes_dir.resolve()}")
    if args.projector:
        return [*argv, "open", args.id, "--projector"]
    return [*argv, "join", args.id, "--observer"]


Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


class SessionServer(Server):
    def __init__(self, tabs: Tabs, host: str, port: int) -> None:
        super().__init__(
            "reviewtui", host=host, port=port, title=f"{tabs.title} · reviewtui", public_url=tabs.public_url
        )
        self.tabs = tabs
        self.open: dict[asyncio.Task, tuple[int, web.Request]] = {}
        """Each open tab's handler task: its number and its socket's request."""
        self.opened: dict[str, collections.deque[float]] = collections.defaultdict(collections.deque)
        """Per address, when its recent tabs were opened."""

    # textual-serve reads `command` once per tab, in the tab's own handler task, to start its
    # process: the tab's number is looked up by that task.
    @property
    def command(self) -> str:
        number, _request = self.open[asyncio.current_task()]  # type: ignore[index]
        return self.tabs.command(number)

    @command.setter
    def command(self, value: str) -> None:
        pass  # Server.__init__ sets it; ours is made per tab, above

    async def _make_app(self) -> web.Application:
        app = await super()._make_app()
        app.middlewares.append(_by_our_name(self.tabs))
        return app

    async def handle_index(self, request: web.Request) -> web.StreamResponse:
        if len(self.open) >= self.tabs.max_tabs:
            return _full(len(self.open))
        if self.tabs.public_url is None:
            # The page's links back here, by the address the browser used: through `ssh -L
            # 9000:…` that is 127.0.0.1:9000, not our port. (Read before the next await.)
            self.public_url = f"{request.scheme}://{request.host}"
        return await super().handle_index(request)

    # A refused socket is answered in HTTP, before any upgrade: a StreamResponse, not a socket.
    async def handle_websocket(self, request: web.Request) -> web.StreamResponse:  # type: ignore[override]
        origin = request.headers.get("Origin")
        ours = {f"{request.scheme}://{request.host}", _origin(self.tabs.public_url)}
        if origin is not None and origin not in ours:
            return _answer(403, "Only the session's own page may connect.\n")
        if len(self.open) >= self.tabs.max_tabs:  # a page opened before the cap was reached
            return _full(len(self.open))
        if _too_big(request.query.get("width", "80"), request.query.get("height", "24")):
            return _answer(400, f"A screen of at most {MAX_COLUMNS}x{MAX_ROWS}.\n")
        if self._too_often(request.remote or ""):
            return _answer(429, "Too many tabs opened from this address in the last minute; wait a little.\n")
        task = asyncio.current_task()
        assert task is not None
        taken = {number for number, _ in self.open.values()}
        number = next(n for n in range(1, len(taken) + 2) if n not in taken)
        self.open[task] = (number, request)
        _say(f"{self.tabs.word} {number} opened a tab ({len(self.open)} open)")
        try:
            return await super().handle_websocket(request)
        finally:
            del self.open[task]
            _say(f"{self.tabs.word} {number} closed their tab ({len(self.open)} open)")

    def _too_often(self, address: str) -> bool:
        now, recent = time.monotonic(), self.opened[address]
        while recent and now - recent[0] > 60:
            recent.popleft()
        if len(recent) >= OPENS_PER_MINUTE:
            return True
        recent.append(now)
        return False

    async def _process_messages(self, websocket: web.WebSocketResponse, app_service: Any) -> None:
        """textual-serve's loop over what the page sends, with each resize held to a screen's
        size, the screen's bytes given up on if the page stops taking them, and a message that
        is not what the page sends ending this tab quietly."""
        resize, send = app_service.set_terminal_size, app_service.remote_write_bytes
        _number, request = self.open[asyncio.current_task()]  # type: ignore[index]

        def abort() -> None:
            if request.transport is not None:
                request.transport.abort()

        async def held(width: object, height: object) -> None:
            await resize(_within(width, MAX_COLUMNS, 80), _within(height, MAX_ROWS, 24))

        page_gone = False

        async def bounded(data: bytes) -> None:
            # Once the page is gone its reviewtui's output is still read, and dropped: a process
            # whose output nobody reads blocks on its next write and never ends (seen: a tab
            # closed for not reading left its reviewtui running, without its leave).
            nonlocal page_gone
            if page_gone:
                return
            try:
                await asyncio.wait_for(send(data), STALLED_SECONDS)
            except TimeoutError:
                _say("a tab stopped reading; it is closed")
                page_gone = True
                abort()
            except (ConnectionError, RuntimeError):  # closed by the page meanwhile
                page_gone = True

        app_service.set_terminal_size, app_service.remote_write_bytes = held, bounded
        try:
            await super()._process_messages(websocket, app_service)
        except (ValueError, TypeError, KeyError, IndexError, AssertionError):
            abort()  # not our page: no traceback in the server's log

    async def on_startup(self, app: web.Application) -> None:
        # A hang-up (the SSH link this was started over dropping) ends it as ctrl+c does.
        asyncio.get_running_loop().add_signal_handler(signal.SIGHUP, self.request_exit)
        print(f"reviewtui web: {self.tabs.title}", flush=True)
        kind = "projector view" if self.tabs.argv.projector else "watch only"
        print(f"  open {self.tabs.address}  ({kind})", flush=True)
        print(f"  at most {self.tabs.max_tabs} tabs at once; ctrl+c stops it and closes them all", flush=True)

    async def on_shutdown(self, app: web.Application) -> None:
        """Each tab is closed as if its person closed it (its reviewtui says it left and ends),
        before the server goes; aiohttp would otherwise wait a minute, then drop them."""
        for _number, request in list(self.open.values()):
            if request.transport is not None:
                request.transport.abort()  # not close(): a page that stopped reading never drains
        deadline = asyncio.get_running_loop().time() + TABS_CLOSE_SECONDS
        while self.open and asyncio.get_running_loop().time() < deadline:
            await asyncio.sleep(0.05)

    def initialize_logging(self) -> None:
        # Not textual-serve's: it prints every request, and a malformed one as a traceback,
        # with what the client sent (a User-Agent holding U+009B) raw on this terminal.
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(_VisibleLines())
        logging.basicConfig(level=logging.WARNING, handlers=[handler], force=True)


def _by_our_name(tabs: Tabs) -> Middleware:
    """Every request (pages, sockets, files) by a name we answer to. An IP address always is:
    DNS rebinding, another site's page reaching 127.0.0.1, needs a name of that site's."""

    @web.middleware
    async def check(request: web.Request, handler: Handler) -> web.StreamResponse:
        name = (urlsplit(f"//{request.host}").hostname or "").casefold()
        try:
            ipaddress.ip_address(name)
        except ValueError:
            if name not in tabs.allowed:
                return _answer(421, "This address is not one this reviewtui web answers to.\n")
        return await handler(request)

    return check


class _VisibleLines(logging.Formatter):
    """One line per record, what a client sent drawn visibly, a failure named but never traced."""

    def format(self, record: logging.LogRecord) -> str:
        said = record.getMessage()
        if record.exc_info and record.exc_info[1] is not None:
            said += f" ({type(record.exc_info[1]).__name__})"
        return f"{time.strftime('%H:%M:%S')} {visible(said, 300)}".replace("\n", " ")


def _say(line: str) -> None:
    print(f"{time.strftime('%H:%M:%S')} {line}", flush=True)


def _within(value: object, most: int, default: int) -> int:
    try:
        number = int(value)  # type: ignore[call-overload]
    except (TypeError, ValueError, OverflowError):
        return default
    return max(1, min(most, number))


def _too_big(width: str, height: str) -> bool:
    try:
        return not (0 < int(width) <= MAX_COLUMNS and 0 < int(height) <= MAX_ROWS)
    except ValueError:
        return False  # textual-serve reads what is not a number as 80x24


def _origin(url: str | None) -> str:
    if not url:
        return ""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def _full(tabs: int) -> web.StreamResponse:
    return _answer(503, FULL_PAGE.replace("{tabs}", str(tabs)), "text/html")


def _answer(status: int, text: str, content_type: str = "text/plain") -> web.StreamResponse:
    return web.Response(status=status, text=text, content_type=content_type)

"""`reviewtui web ID`: a session in a browser tab, for people who will not use SSH.

textual-serve (the `web` extra) runs one reviewtui process per tab, as `serve` does per SSH
connection. Each is an observer of the session (or the projector view): it writes its join and
its leave, nothing else, and it is confined like a remote person (no file is written on the host
for it). textual-serve has no login, so it listens on localhost unless told otherwise.
"""

from __future__ import annotations

import argparse
import asyncio
import ipaddress
import itertools
import logging
import os
import shlex
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol
from urllib.parse import urlsplit

from reviewtui.domain.errors import ReviewtuiError
from reviewtui.domain.safe_text import visible

if TYPE_CHECKING:
    from aiohttp import web

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8022
MAX_COLUMNS, MAX_ROWS = 500, 200
"""The largest screen a tab may ask for (a 4K display at a small font is about 480x135): a page
asking for 100000x100000 would have its reviewtui build a screen of that size."""
TABS_CLOSE_SECONDS = 10.0
"""How long ctrl+c waits for the tabs' reviewtuis to say they left (each takes well under a second)."""
DEFAULT_TABS = 12
"""Tabs open at once: each is a reviewtui process of about 60 MB."""
CONFINED_VARIABLE = "REVIEWTUI_CONFINED"  # read by cli.at_the_host: nothing is written on the host for a tab
ONE_SESSION_VARIABLE = "REVIEWTUI_ONE_SESSION"  # read by cli._run_app: a tab never lists the other sessions
SETTINGS_VARIABLE = "REVIEWTUI_SETTINGS"  # read by ui/theming/settings.py: the tabs' theme, not the host user's

NO_EXTRA = "`reviewtui web` needs the web extra: pip install 'reviewtui[web]'"
FULL_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>The meeting is full</title>
<style>body{font:18px/1.5 system-ui,sans-serif;max-width:36em;margin:4em auto;padding:0 1em}</style>
</head><body><h1>The meeting is full</h1>
<p>{tabs} browser tabs are watching this session already, as many as its host allows.
Try again when someone closes theirs, or ask the facilitator.</p></body></html>
"""


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def exposed_warning(host: str, port: int) -> str:
    return (
        f"warning: listening on {host}:{port}, beyond this computer. The web view has no login: "
        "anyone who can reach this address can watch the session.\n"
        "  Safer: keep the default (127.0.0.1) and let each person forward it over SSH:\n"
        f"      ssh -L {port}:127.0.0.1:{port} you@this-host   then open http://127.0.0.1:{port}\n"
        "  or put it behind a proxy that asks for a login (nginx auth_basic, oauth2-proxy, Caddy)."
    )


def _hostname(host_header: str) -> str:
    """`127.0.0.1:8022` -> `127.0.0.1`, `[::1]:8022` -> `::1`: the name a browser asked for."""
    return urlsplit(f"//{host_header}").hostname or ""


def allowed_hostnames(host: str, public_url: str | None) -> frozenset[str]:
    """The names a browser may reach this server by. Any other is refused: a page on another
    site whose name it points at 127.0.0.1 (DNS rebinding) must not watch the session."""
    names = {"localhost", "127.0.0.1", "::1"}
    if not is_loopback(host) and host not in ("0.0.0.0", "::"):
        names.add(host.casefold())
    if public_url:
        names.add((urlsplit(public_url).hostname or "").casefold())
    return frozenset(names)


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


class Where(Protocol):
    """The command's context (cli.Context): the sessions folder and the theme options."""

    @property
    def sessions(self) -> Path: ...
    @property
    def theme(self) -> str | None: ...
    @property
    def themes_dir(self) -> Path | None: ...


def run_web(args: argparse.Namespace, where: Where, title: str) -> int:
    try:
        from textual_serve.server import Server
    except ImportError:
        raise ReviewtuiError(NO_EXTRA) from None
    if not 0 < args.port < 65536:
        raise ReviewtuiError(f"--port {args.port} is not a port (1 to 65535)")
    if args.max_tabs < 1:
        raise ReviewtuiError("--max-tabs must be at least 1")
    public_url = args.public_url.rstrip("/") if args.public_url else None
    if public_url and urlsplit(public_url).scheme not in ("http", "https"):
        raise ReviewtuiError(f"--public-url {args.public_url!r} must start with http:// or https://")
    allowed = allowed_hostnames(args.host, public_url)
    word = "Projector" if args.projector else "Web viewer"
    numbers = itertools.count(1)

    class SessionServer(Server):
        """textual-serve with a name per tab, a cap on tabs, and reviewtui's own words."""

        tabs = 0
        open_tabs: dict[int, web.Request] = {}
        """The tabs' socket requests, by id() (a request is not hashable)."""

        @property
        def command(self) -> str:
            # Read once per tab, as its process is started (AppService(self.command, ...)): each
            # tab gets the next name, so the log tells the tabs apart ("Web viewer 3 left").
            return shlex.join(tab_argv(args, where, f"{word} {next(numbers)}"))

        @command.setter
        def command(self, value: str) -> None:
            pass  # Server.__init__ sets it; ours is made per tab, above

        async def handle_index(self, request: web.Request) -> web.StreamResponse:
            if refused := _refused(request, allowed, public_url):
                return refused
            if self.tabs >= args.max_tabs:
                return _full(self.tabs)
            if public_url is None:
                # The page's links back here, by the address the browser used: through `ssh -L
                # 9000:…` that is 127.0.0.1:9000, not our port. (Read before the next await.)
                self.public_url = f"{request.scheme}://{request.host}"
            return await super().handle_index(request)

        # A refused socket is answered in HTTP, before any upgrade: a StreamResponse, not a socket.
        async def handle_websocket(self, request: web.Request) -> web.StreamResponse:  # type: ignore[override]
            if refused := _refused(request, allowed, public_url, websocket=True):
                return refused
            if self.tabs >= args.max_tabs:  # a page opened before the cap was reached
                return _full(self.tabs)
            if _too_big(request.query.get("width", "80"), request.query.get("height", "24")):
                return _answer(400, f"A screen of at most {MAX_COLUMNS}x{MAX_ROWS}.\n")
            self.tabs += 1
            self.open_tabs[id(request)] = request
            _say(f"a tab opened ({self.tabs} open)")
            try:
                return await super().handle_websocket(request)
            finally:
                self.tabs -= 1
                self.open_tabs.pop(id(request), None)
                _say(f"a tab closed ({self.tabs} open)")

        async def _process_messages(self, websocket: web.WebSocketResponse, app_service: Any) -> None:
            """textual-serve's loop over what the page sends, with each resize held to a screen's
            size and a message that is not what the page sends ending this tab quietly."""
            resize = app_service.set_terminal_size

            async def held(width: object, height: object) -> None:
                await resize(_within(width, MAX_COLUMNS, 80), _within(height, MAX_ROWS, 24))

            app_service.set_terminal_size = held
            try:
                await super()._process_messages(websocket, app_service)
            except (ValueError, TypeError, KeyError, IndexError, AssertionError):
                await websocket.close()  # not our page: no traceback in the server's log

        async def on_shutdown(self, app: web.Application) -> None:
            """ctrl+c: each tab is closed as if its person closed it (its reviewtui says it left
            and ends), before the server goes; aiohttp would otherwise wait a minute, then drop them."""
            for request in list(self.open_tabs.values()):
                if request.transport is not None:
                    request.transport.close()
            deadline = asyncio.get_running_loop().time() + TABS_CLOSE_SECONDS
            while self.open_tabs and asyncio.get_running_loop().time() < deadline:
                await asyncio.sleep(0.05)

        def initialize_logging(self) -> None:
            # Not textual-serve's: it prints every request, and a malformed one as a traceback,
            # with what the client sent (a User-Agent holding U+009B) raw on this terminal.
            handler = logging.StreamHandler(sys.stderr)
            handler.setFormatter(_VisibleLines())
            logging.basicConfig(level=logging.WARNING, handlers=[handler], force=True)

        async def on_startup(self, app: web.Application) -> None:
            address = f"http://{'localhost' if is_loopback(args.host) else args.host}:{args.port}"
            print(f"reviewtui web: {title}", flush=True)
            print(f"  open {address}  ({'projector view' if args.projector else 'watch only'})", flush=True)
            print(f"  at most {args.max_tabs} tabs at once; ctrl+c stops it and closes them all", flush=True)

    if not is_loopback(args.host):
        print(exposed_warning(args.host, args.port), file=sys.stderr, flush=True)
    # Every tab's reviewtui inherits these: it is someone not at the host (no file written for
    # them here) with the tabs' own theme choice, not this account's.
    import platformdirs

    os.environ[CONFINED_VARIABLE] = "1"
    os.environ[ONE_SESSION_VARIABLE] = "1"
    os.environ[SETTINGS_VARIABLE] = str(platformdirs.user_config_path("reviewtui") / "people" / "web-tabs.json")
    server = SessionServer(
        "reviewtui", host=args.host, port=args.port, title=f"{title} · reviewtui", public_url=public_url
    )
    try:
        server.serve()
    except OSError as problem:  # the port is taken, the address is not this computer's
        raise ReviewtuiError(f"cannot listen on {args.host}:{args.port}: {problem.strerror or problem}") from None
    finally:
        asyncio.set_event_loop(None)
    return 0


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


def _refused(
    request: web.Request, allowed: frozenset[str], public_url: str | None, websocket: bool = False
) -> web.StreamResponse | None:
    """A request by a name this server does not answer to, or a socket opened by any page but
    the one it served (another site's, or another program's on this computer)."""
    if _hostname(request.host).casefold() not in allowed:
        return _answer(421, "This address is not one this reviewtui web answers to.\n")
    origin = request.headers.get("Origin")
    ours = {f"{request.scheme}://{request.host}", _origin(public_url) if public_url else ""}
    if websocket and origin is not None and origin not in ours:
        return _answer(403, "Only the session's own page may connect.\n")
    return None


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def _full(tabs: int) -> web.StreamResponse:
    return _answer(503, FULL_PAGE.replace("{tabs}", str(tabs)), "text/html")


def _answer(status: int, text: str, content_type: str = "text/plain") -> web.StreamResponse:
    from aiohttp import web  # the web extra: imported once `reviewtui web` runs

    return web.Response(status=status, text=text, content_type=content_type)

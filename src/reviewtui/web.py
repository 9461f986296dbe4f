"""`reviewtui web ID`: a session in a browser tab, for people who will not use SSH.

textual-serve (the `web` extra) runs one reviewtui process per tab, as `serve` does per SSH
connection (the server itself is web_server.py). Each is an observer of the session (or the
projector view): it writes its join and its leave, nothing else, and it is confined like a remote
person. textual-serve has no login, so it listens on localhost unless told otherwise.
"""

from __future__ import annotations

import argparse
import asyncio
import ipaddress
import os
import shutil
import socket
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from reviewtui.domain.errors import ReviewtuiError

if TYPE_CHECKING:
    from reviewtui.web_server import Where

DEFAULT_PORT = 8022
DEFAULT_TABS = 12
"""Tabs open at once: each is a reviewtui process of about 60 MB."""
CONFINED_VARIABLE = "REVIEWTUI_CONFINED"  # read by cli.at_the_host: nothing is written on the host for a tab
ONE_SESSION_VARIABLE = "REVIEWTUI_ONE_SESSION"  # read by cli._run_app: a tab shows this session, no other
SETTINGS_VARIABLE = "REVIEWTUI_SETTINGS"  # read by ui/theming/settings.py: where a tab's theme choice goes
NO_EXTRA = "`reviewtui web` needs the web extra: pip install 'reviewtui[web]'"
_WILDCARDS = ("0.0.0.0", "::", "")


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def exposed_warning(host: str, port: int) -> str:
    return (
        f"warning: listening on {host or '*'}:{port}, beyond this computer. The web view has no login: "
        "anyone who can reach this address can watch the session.\n"
        "  Safer: keep the default (127.0.0.1) and let each person forward it over SSH:\n"
        f"      ssh -L {port}:127.0.0.1:{port} you@this-host   then open http://127.0.0.1:{port}\n"
        "  or put it behind a proxy that asks for a login (nginx auth_basic, oauth2-proxy, Caddy),\n"
        "  with --public-url set to the address people open."
    )


def allowed_hostnames(host: str, public_url: str | None) -> frozenset[str]:
    """The names a browser may reach this server by. Any other is refused: a page on another
    site whose name it points at 127.0.0.1 (DNS rebinding) must not watch the session."""
    names = {"localhost"}
    if host in _WILDCARDS:  # every address of this computer: by its own names too
        names |= {socket.gethostname(), socket.getfqdn()}
    elif not is_loopback(host):
        names.add(host)
    if public_url:
        names.add(urlsplit(public_url).hostname or "")
    return frozenset(name.casefold() for name in names if name)


def _address(host: str, port: int, public_url: str | None) -> str:
    if public_url:
        return public_url
    shown = "localhost" if is_loopback(host) else socket.gethostname() if host in _WILDCARDS else host
    return f"http://[{shown}]:{port}" if ":" in shown else f"http://{shown}:{port}"


def run_web(args: argparse.Namespace, where: Where, title: str) -> int:
    try:
        from reviewtui.web_server import SessionServer, Tabs  # textual-serve: the web extra
    except ImportError:
        raise ReviewtuiError(NO_EXTRA) from None
    if not 0 < args.port < 65536:
        raise ReviewtuiError(f"--port {args.port} is not a port (1 to 65535)")
    if args.max_tabs < 1:
        raise ReviewtuiError("--max-tabs must be at least 1")
    public_url = args.public_url.rstrip("/") if args.public_url else None
    if public_url and urlsplit(public_url).scheme not in ("http", "https"):
        raise ReviewtuiError(f"--public-url {args.public_url!r} must start with http:// or https://")
    tabs = Tabs(
        title=title,
        argv=args,
        where=where,
        max_tabs=args.max_tabs,
        allowed=allowed_hostnames(args.host, public_url),
        public_url=public_url,
        address=_address(args.host, args.port, public_url),
    )
    if not is_loopback(args.host):
        print(exposed_warning(args.host, args.port), file=sys.stderr, flush=True)
    # Every tab's reviewtui inherits these: someone not at the host, on this one session, whose
    # theme choice lives as long as this server (not in this account's settings).
    choices = tempfile.mkdtemp(prefix="reviewtui-web-")
    os.environ[CONFINED_VARIABLE] = "1"
    os.environ[ONE_SESSION_VARIABLE] = "1"
    os.environ[SETTINGS_VARIABLE] = str(Path(choices) / "settings.json")
    server = SessionServer(tabs, host=args.host, port=args.port)
    try:
        server.serve()
    except OSError as problem:  # the port is taken, the address is not this computer's
        raise ReviewtuiError(f"cannot listen on {args.host}:{args.port}: {problem.strerror or problem}") from None
    finally:
        asyncio.set_event_loop(None)
        shutil.rmtree(choices, ignore_errors=True)
    return 0

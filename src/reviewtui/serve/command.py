"""`reviewtui serve`: check every option before listening, then serve until Ctrl+C."""

from __future__ import annotations

import argparse
import asyncio
import logging
from pathlib import Path

import platformdirs

from reviewtui.domain.errors import InvalidInput, ReviewtuiError
from reviewtui.serve.hostkey import default_host_key_path, load_host_key
from reviewtui.serve.keys import TeamFile
from reviewtui.serve.log import say
from reviewtui.serve.server import ServeConfig, serve
from reviewtui.store import SessionsDirMissing, SessionStore


def default_authorized_keys_path() -> Path:
    return platformdirs.user_config_path("reviewtui") / "authorized_keys"


def run_serve(args: argparse.Namespace, store: SessionStore, theme: str | None, themes_dir: Path | None) -> int:
    """`theme` and `themes_dir`: the CLI's common options, handed to every person's reviewtui."""
    if not 0 <= args.port <= 65535:
        raise InvalidInput("--port", f"{args.port} is not a port number (0 to 65535)")
    if args.max_connections < 1:
        raise InvalidInput("--max-connections", "must be at least 1")
    if args.session:
        review = store.load(args.session).review  # a missing session is an error now, not for each person
        if review.closed:
            raise ReviewtuiError(f"session {args.session} is closed: reopen it (`c` in the app) to meet in it")
    elif not store.root.is_dir():
        raise SessionsDirMissing(store.root)
    keys = TeamFile(Path(args.authorized_keys) if args.authorized_keys else default_authorized_keys_path())
    host_key_path = Path(args.host_key) if args.host_key else default_host_key_path()
    host_key, made = load_host_key(host_key_path)
    if made:
        say(f"made a new host key: {host_key_path}")
    # asyncssh logs each packet exchange at INFO; our own lines say what an operator needs.
    logging.getLogger("asyncssh").setLevel(logging.WARNING)
    config = ServeConfig(
        sessions=store.root,
        session_id=args.session,
        keys=keys,
        host_key=host_key,
        host=args.host,
        port=args.port,
        max_connections=args.max_connections,
        theme=theme,
        themes_dir=themes_dir,
    )
    return asyncio.run(serve(config))

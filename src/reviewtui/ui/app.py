"""ReviewApp: wires the store into the screens. Kept small: screens own their bindings and handlers."""

from __future__ import annotations

from textual.app import App

from reviewtui.store import SessionStore
from reviewtui.ui.screens.home import HomeScreen


class ReviewApp(App[None]):
    CSS_PATH = "app.tcss"
    TITLE = "reviewtui"

    def __init__(self, store: SessionStore, actor: str) -> None:
        super().__init__()
        self.store = store
        self.actor = actor

    def on_mount(self) -> None:
        self.push_screen(HomeScreen())


def make_app(store: SessionStore, actor: str) -> ReviewApp:
    """The app as the CLI runs it; tests build it the same way."""
    return ReviewApp(store, actor)


def run_home(store: SessionStore, actor: str) -> int:
    make_app(store, actor).run()
    return 0

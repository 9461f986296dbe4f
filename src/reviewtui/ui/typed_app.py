"""`self.review_app`: the running app as a ReviewApp, for the screens and dialogs that use its store,
its person and its actions (Textual types `self.app` as any App; one cast here, not one per use)."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

if TYPE_CHECKING:  # the app imports the screens: at run time this module must not import it
    from textual.app import App

    from reviewtui.ui.app import ReviewApp


class UsesReviewApp:
    """Mixin for a Textual node of reviewtui's app."""

    if TYPE_CHECKING:
        app: App[None]

    @property
    def review_app(self) -> ReviewApp:
        return cast("ReviewApp", self.app)

"""The "Theme" command palette: reviewtui's themes, each shown live as it is highlighted.

Highlighting a theme only previews it; Escape puts back the theme from before; Enter picks it,
and the app saves the pick (see `manager.AppThemes.choose`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.command import Command, DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

if TYPE_CHECKING:
    from reviewtui.ui.theming.manager import AppThemes


@dataclass(frozen=True)
class ChooseTheme:
    """A palette command that picks one theme; the preview knows a theme's entry by this type."""

    name: str
    choose: Callable[[str], None]

    def __call__(self) -> None:
        self.choose(self.name)


def theme_highlighted(option: object) -> str | None:
    """The theme an option of the palette stands for, if it is one of ours."""
    if isinstance(option, Command) and isinstance(option.hit.command, ChooseTheme):
        return option.hit.command.name
    return None


class ThemeChoices(Provider):
    """reviewtui's themes (bundled and the user's), dark or light and where each comes from."""

    def _entries(self) -> list[tuple[str, Content, ChooseTheme]]:
        themes: AppThemes = self.app.theming  # type: ignore[attr-defined]
        entries = []
        # The theme in use first: the palette highlights the first entry, and that must not change it.
        for loaded in sorted(themes.catalogue.themes.values(), key=lambda t: (t.name != self.app.theme, t.name)):
            mode = "dark" if loaded.spec.dark else "light"
            saved = " · your saved choice" if loaded.name == themes.saved else ""
            about = f"{loaded.spec.description} ({mode}, {loaded.source}{saved})".strip()
            # The palette reads help text as markup; a description is the user's own text: Content.
            entries.append((loaded.name, Content(about), ChooseTheme(loaded.name, themes.choose)))
        return entries

    async def discover(self) -> Hits:
        for name, about, command in self._entries():
            yield DiscoveryHit(Content(name), command, text=name, help=about)  # type: ignore[arg-type]

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, about, command in self._entries():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), command, text=name, help=about)  # type: ignore[arg-type]

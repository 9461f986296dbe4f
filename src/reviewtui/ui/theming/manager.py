"""The app's themes while it runs: registered at start, previewed in the palette, saved when picked."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from textual.app import App
from textual.command import CommandPalette

from reviewtui.ui.theming.catalogue import Catalogue, ThemeProblem, bundled_folder, load_catalogue, shown_path
from reviewtui.ui.theming.choice import Choice, choose_theme
from reviewtui.ui.theming.palette import ThemeChoices, theme_highlighted
from reviewtui.ui.theming.settings import save_theme, saved_theme


class AppThemes:
    """Loads the catalogue into `app`, sets the starting theme, and keeps the palette's preview honest."""

    def __init__(
        self,
        app: App,
        requested: str | None = None,
        themes_dir: Path | None = None,
        environ: Mapping[str, str] = os.environ,
    ) -> None:
        self.app = app
        self.catalogue: Catalogue = load_catalogue(themes_dir)
        self.saved = saved_theme()
        self.choice: Choice | None = None
        self._asked = False
        """The theme palette was asked for and has not opened yet."""
        self._before_preview: str | None = None
        """The theme to go back to if the palette is left without a pick; None: no preview under way."""
        if not self.catalogue.themes:
            # No theme file at all (a broken install): Textual's own themes keep the app usable.
            folder = shown_path(bundled_folder())
            self.catalogue.problems.append(
                ThemeProblem(f"{folder}/*.toml", "file", "no theme files here; Textual's are used")
            )
            return
        for loaded in self.catalogue.themes.values():
            app.register_theme(loaded.spec.to_theme())
        self.choice = choose_theme(self.catalogue.themes, requested, environ, self.saved)
        app.theme = self.choice.name
        # Offer only reviewtui's themes (bundled and the user's): every one of them is checked for
        # status colours, and `reviewtui themes` lists the same set. Textual's global list is
        # left as it is: only this app's registry loses them.
        for name in list(app.available_themes):
            if name not in self.catalogue.themes:
                app.unregister_theme(name)

    def announce(self) -> None:
        """Tell the user, once the app is up, of skipped files and of a theme asked for that is not there."""
        if self.catalogue.problems:
            by_file: dict[str, list[str]] = {}
            for problem in self.catalogue.problems:
                by_file.setdefault(problem.path, []).append(f"  {problem.field}: {problem.reason}")
            folders = {path.rpartition("/")[0] for path in by_file}
            # One folder (the usual case): said once, then each file by its name, to fit 80 columns.
            one_folder = len(folders) == 1 and "" not in folders
            lines = [f"In {next(iter(folders))}/:"] if one_folder else []
            for path, reasons in by_file.items():
                lines += [path.rpartition("/")[2] if one_folder else path, *reasons]
            self.app.notify(
                "\n".join(lines),
                title=f"{len(by_file)} theme file{'s' if len(by_file) != 1 else ''} skipped",
                severity="warning",
                timeout=20,
                markup=False,
            )
        if self.choice is not None and self.choice.problem:
            self.app.notify(self.choice.problem, title="Theme", severity="warning", timeout=12, markup=False)

    # ------------------------------------------------------------------------------ palette

    def search(self) -> None:
        """The palette of themes; what is highlighted is shown at once."""
        self._asked = True
        self.app.push_screen(CommandPalette(providers=[ThemeChoices], placeholder="Search for themes…"))

    def palette_opened(self) -> None:
        # The preview starts when the theme palette is up, not when it is asked for: the command
        # palette it is usually asked from is still closing then, and its close must not end it.
        if self._asked:
            self._asked, self._before_preview = False, self.app.theme

    def highlighted(self, option: object) -> None:
        name = theme_highlighted(option)
        if self._before_preview is not None and name is not None and name != self.app.theme:
            self.app.theme = name

    def palette_closed(self, picked: bool) -> None:
        before, self._before_preview = self._before_preview, None
        if before is not None and not picked:
            self.app.theme = before  # Escape: only a pick changes the theme

    def choose(self, name: str) -> None:
        """A theme picked in the palette: shown, and saved for the next start."""
        self.app.theme = name
        try:
            path = save_theme(name)
        except OSError as problem:
            self.app.notify(
                f"{name} is used until you quit, but could not be saved: {problem.strerror or problem}.",
                title="Theme not saved",
                severity="error",
                timeout=10,
                markup=False,
            )
            return
        self.saved = name
        self.app.notify(f"{name}, saved in {shown_path(path)}", title="Theme", timeout=4, markup=False)
